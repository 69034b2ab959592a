/* fuzz-vrrp-packet.c - libFuzzer target for the VRRP packet codec
 *
 * Input: one flag byte, then the packet.
 *   bit 0: VIGIL_VRRP_CODEC_OLD_UNICAST_CHECKSUM
 *   bit 1: VIGIL_VRRP_CODEC_ANY_TTL
 *   bits 2-6: which field of the instance's expectation to disturb
 *   bit 7: clear: an IPv4 datagram as a raw socket delivers it
 *          set: IPv6 source (16 bytes), destination (16), hop limit (1),
 *               then the VRRP message
 * Seeds (corpus/vrrp-packet/) are the keepalived captures of
 * tests/unit/data/vrrp/, written by its capture-fixtures.sh.
 *
 * Whatever decodes must pass the checks of an instance built from it,
 * re-encode to the same bytes (up to the two one's complement zeros and
 * the v3 reserved bits) and decode again to the same packet.
 */
#include "vrrp/packet.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define FLAG_IPV6 0x80

static void
require (gboolean condition, const char *what)
{
  if (!condition)
    {
      g_printerr ("fuzz-vrrp-packet: %s\n", what);
      abort ();
    }
}

static gboolean
packets_equal (const VigilVrrpPacket *a, const VigilVrrpPacket *b)
{
  if (a->version != b->version || a->type != b->type || a->vrid != b->vrid
      || a->priority != b->priority || a->n_addrs != b->n_addrs
      || a->adver_int_cs != b->adver_int_cs || a->family != b->family
      || a->auth_type != b->auth_type
      || memcmp (a->auth_data, b->auth_data, VIGIL_VRRP_AUTH_LEN) != 0)
    return FALSE;
  for (guint i = 0; i < a->n_addrs; i++)
    if (!vigil_inet_addr_equal (&a->addrs[i], &b->addrs[i]))
      return FALSE;
  return TRUE;
}

static void
exercise_check (const VigilVrrpPacket *packet, guint8 disturb)
{
  VigilVrrpExpect expect = { 0 };
  VigilInetAddr reversed[VIGIL_VRRP_MAX_ADDRS];
  VigilVrrpRxResult result;

  for (guint i = 0; i < packet->n_addrs; i++)
    reversed[i] = packet->addrs[packet->n_addrs - 1 - i];
  expect.version = packet->version;
  expect.auth_type = packet->auth_type;
  memcpy (expect.auth_data, packet->auth_data, VIGIL_VRRP_AUTH_LEN);
  expect.adver_int_cs = packet->adver_int_cs;
  expect.addrs = reversed;
  expect.n_addrs = packet->n_addrs;

  result = vigil_vrrp_packet_check (packet, &expect);
  /* Its own sender accepts it, unless it is AH, which vigil never verifies. */
  require (result == VIGIL_VRRP_RX_OK
           || (packet->version == 2 && packet->auth_type == VIGIL_VRRP_AUTH_AH
               && result == VIGIL_VRRP_RX_AUTH_FAILURE),
           "an advert fails the checks of the instance it describes");

  if (disturb & 0x01)
    expect.auth_type ^= 1;
  if (disturb & 0x02)
    expect.auth_data[disturb % VIGIL_VRRP_AUTH_LEN] ^= 0x20;
  if (disturb & 0x04)
    expect.adver_int_cs += 100;
  if ((disturb & 0x08) && expect.n_addrs > 0)
    expect.n_addrs--;
  if (disturb & 0x10)
    expect.skip_check_adv_addr = TRUE;
  result = vigil_vrrp_packet_check (packet, &expect);
  require (result < VIGIL_VRRP_RX_N_RESULTS, "check result out of range");
}

static void
exercise_reencode (const VigilVrrpPacket *packet, const guint8 *wire, gsize len,
                   const VigilInetAddr *src, const VigilInetAddr *dst,
                   VigilVrrpCodecFlags flags)
{
  guint8 buf[VIGIL_VRRP_MAX_PACKET];
  VigilVrrpPacket again;
  guint16 sum_then, sum_now;
  gsize n;

  n = vigil_vrrp_packet_encode (packet, src, dst, flags, buf, sizeof buf);
  require (n == len, "re-encoding changed the length");
  sum_then = (wire[6] << 8) | wire[7];
  sum_now = (buf[6] << 8) | buf[7];
  /* v3 reserved bits are ignored on receive and sent as zero, and they
   * are summed: a packet that had them set gets another checksum. */
  require (sum_then == sum_now
           || (sum_then == 0xffff && sum_now == 0) || (sum_then == 0 && sum_now == 0xffff)
           || (packet->version == 3 && (wire[4] & 0xf0) != 0),
           "re-encoding changed the checksum");
  require (memcmp (buf, wire, 4) == 0 && memcmp (buf + 8, wire + 8, n - 8) == 0,
           "re-encoding changed the bytes");
  require (buf[5] == wire[5]
           && (packet->version == 3 ? (buf[4] & 0x0f) == (wire[4] & 0x0f) : buf[4] == wire[4]),
           "re-encoding changed the interval or auth type");

  require (vigil_vrrp_packet_decode (buf, n, packet->family, src, dst, VIGIL_VRRP_TTL,
                                     flags, &again) == VIGIL_VRRP_RX_OK,
           "a re-encoded packet does not decode");
  require (packets_equal (packet, &again), "decode(encode(p)) != p");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  VigilVrrpPacket packet;
  VigilInetAddr src, dst;
  VigilVrrpCodecFlags flags;
  VigilVrrpRxResult result;
  guint8 disturb;

  if (size < 1)
    return 0;
  flags = data[0] & (VIGIL_VRRP_CODEC_OLD_UNICAST_CHECKSUM | VIGIL_VRRP_CODEC_ANY_TTL);
  disturb = (data[0] >> 2) & 0x1f;
  data++;
  size--;

  if ((data[-1] & FLAG_IPV6) == 0)
    {
      result = vigil_vrrp_packet_decode_ipv4 (data, size, flags, &packet, &src, &dst);
      require (result < VIGIL_VRRP_RX_N_RESULTS, "decode_ipv4 result out of range");
      if (result == VIGIL_VRRP_RX_OK)
        {
          gsize ihl = (data[0] & 0x0f) * 4;

          exercise_check (&packet, disturb);
          exercise_reencode (&packet, data + ihl, size - ihl, &src, &dst, flags);
        }
      return 0;
    }

  if (size < 33)
    return 0;
  memset (&src, 0, sizeof src);
  memset (&dst, 0, sizeof dst);
  src.family = dst.family = AF_INET6;
  memcpy (src.u.bytes, data, 16);
  memcpy (dst.u.bytes, data + 16, 16);
  result = vigil_vrrp_packet_decode (data + 33, size - 33, AF_INET6, &src, &dst,
                                     data[32], flags, &packet);
  require (result < VIGIL_VRRP_RX_N_RESULTS, "decode result out of range");
  if (result == VIGIL_VRRP_RX_OK)
    {
      exercise_check (&packet, disturb);
      exercise_reencode (&packet, data + 33, size - 33, &src, &dst, flags);
    }
  return 0;
}
