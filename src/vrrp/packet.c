/* packet.c - VRRPv2 (RFC 3768) and VRRPv3 (RFC 5798) packet codec
 *
 * Wire layout of the part both versions share (RFC 5798 5.1):
 *
 *   0: version (4 bits) | type (4 bits)
 *   1: virtual router id        2: priority        3: count of addresses
 *   4: v2: auth type, 5: v2: advert interval (s)
 *   4-5: v3: 4 reserved bits | max advert interval (12 bits, cs)
 *   6-7: checksum
 *   8: the addresses (4 or 16 bytes each), then for v2 8 bytes of auth data
 *
 * The v2 checksum covers the VRRP message only; the v3 checksum adds the
 * IPv4 (RFC 768 style) or IPv6 (RFC 8200 8.1) pseudo-header in front.
 */
#define G_LOG_DOMAIN "vigil-vrrp"

#include "vrrp/packet.h"

#include <stddef.h>
#include <string.h>

enum {
  OFF_VERS_TYPE = 0,
  OFF_VRID = 1,
  OFF_PRIORITY = 2,
  OFF_COUNT = 3,
  OFF_V2_AUTH_TYPE = 4,
  OFF_V2_ADVER_INT = 5,
  OFF_V3_MAX_ADVER_INT = 4,
  OFF_CHECKSUM = 6,
};

#define V3_ADVER_INT_MASK 0x0fff   /* the low 12 bits; the rest is reserved */
#define V2_ADVER_INT_MAX_S 255
#define CS_PER_SECOND 100

#define IPV4_MIN_HEADER_LEN 20
#define IPV4_FRAGMENT_MASK 0x3fff  /* More Fragments flag and offset */

static inline guint16
get_be16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

static inline void
put_be16 (guint8 *p, guint16 value)
{
  p[0] = value >> 8;
  p[1] = value & 0xff;
}

/* Add the big-endian 16-bit words of buf to sum; an odd last byte counts
 * as the high byte of a word padded with zero. */
static guint64
sum_words (guint64 sum, const guint8 *buf, gsize len)
{
  gsize i;

  for (i = 0; i + 1 < len; i += 2)
    sum += get_be16 (buf + i);
  if (len % 2 != 0)
    sum += (guint32) buf[len - 1] << 8;
  return sum;
}

/* One's complement fold of a wide sum into 16 bits. */
static guint16
fold_sum (guint64 sum)
{
  while (sum >> 16 != 0)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) sum;
}

/**
 * vigil_inet_checksum:
 * The RFC 1071 checksum of @buf, starting from the partial sum @initial.
 */
guint16
vigil_inet_checksum (const guint8 *buf, gsize len, guint32 initial)
{
  g_return_val_if_fail (buf != NULL || len == 0, 0);
  return (guint16) ~fold_sum (sum_words (initial, buf, len));
}

/* The partial sum of the v3 pseudo-header. IPv4: source, destination,
 * zero, protocol, VRRP length (16 bits). IPv6: source, destination, VRRP
 * length (32 bits), three zero bytes, next header. */
static guint32
pseudo_header_sum (int family, const VigilInetAddr *src,
                   const VigilInetAddr *dst, gsize vrrp_len,
                   VigilVrrpCodecFlags flags)
{
  static const guint8 group4[4] = VIGIL_VRRP_MCAST_GROUP4_BYTES;
  guint64 sum = 0;

  if (family == AF_INET)
    {
      /* keepalived's old unicast form: the group stands in for the
       * destination in the pseudo-header, whatever the packet's is. */
      const guint8 *dst_bytes =
        (flags & VIGIL_VRRP_CODEC_OLD_UNICAST_CHECKSUM) != 0 ? group4 : dst->u.bytes;

      sum = sum_words (sum, src->u.bytes, 4);
      sum = sum_words (sum, dst_bytes, 4);
      sum += VIGIL_VRRP_PROTO;
      sum += vrrp_len;
    }
  else
    {
      sum = sum_words (sum, src->u.bytes, 16);
      sum = sum_words (sum, dst->u.bytes, 16);
      sum += (vrrp_len >> 16) + (vrrp_len & 0xffff);
      sum += VIGIL_VRRP_PROTO;
    }
  return fold_sum (sum);
}

static gsize
addr_len_of_family (int family)
{
  return family == AF_INET ? 4 : 16;
}

/* The length a VRRP message of this version, family and count must have. */
static gsize
expected_length (guint version, int family, guint n_addrs)
{
  gsize len = VIGIL_VRRP_HEADER_LEN + n_addrs * addr_len_of_family (family);

  if (version == 2 && family == AF_INET)
    len += VIGIL_VRRP_AUTH_LEN;
  return len;
}

static gboolean
version_valid_for_family (guint version, int family)
{
  return version == 3 || (version == 2 && family == AF_INET);
}

const char *
vigil_vrrp_rx_result_to_string (VigilVrrpRxResult result)
{
  switch (result)
    {
    case VIGIL_VRRP_RX_OK:
      return "ok";
    case VIGIL_VRRP_RX_PACKET_LENGTH:
      return "packet-length-errors";
    case VIGIL_VRRP_RX_IP_TTL:
      return "ip-ttl-errors";
    case VIGIL_VRRP_RX_VERSION:
      return "version-errors";
    case VIGIL_VRRP_RX_INVALID_TYPE:
      return "invalid-type-packets";
    case VIGIL_VRRP_RX_CHECKSUM:
      return "checksum-errors";
    case VIGIL_VRRP_RX_VRID:
      return "vrid-errors";
    case VIGIL_VRRP_RX_INVALID_AUTH_TYPE:
      return "invalid-auth-type";
    case VIGIL_VRRP_RX_AUTH_TYPE_MISMATCH:
      return "auth-type-mismatch";
    case VIGIL_VRRP_RX_AUTH_FAILURE:
      return "auth-failures";
    case VIGIL_VRRP_RX_ADVERT_INTERVAL:
      return "advertise-interval-errors";
    case VIGIL_VRRP_RX_ADDRESS_LIST:
      return "address-list-errors";
    case VIGIL_VRRP_RX_IP_HEADER:
      return "ip-header-errors";
    case VIGIL_VRRP_RX_N_RESULTS:
    default:
      return "unknown";
    }
}

/**
 * vigil_vrrp_packet_encode:
 * Writes @packet as a VRRP message into @buf and returns its length, or 0.
 */
gsize
vigil_vrrp_packet_encode (const VigilVrrpPacket *packet,
                          const VigilInetAddr *src, const VigilInetAddr *dst,
                          VigilVrrpCodecFlags flags,
                          guint8 *buf, gsize len)
{
  gsize addr_len, need, off;
  guint type;
  guint32 initial = 0;

  g_return_val_if_fail (packet != NULL, 0);
  g_return_val_if_fail (buf != NULL || len == 0, 0);

  if (packet->family != AF_INET && packet->family != AF_INET6)
    return 0;
  if (!version_valid_for_family (packet->version, packet->family))
    return 0;
  type = packet->type != 0 ? packet->type : VIGIL_VRRP_TYPE_ADVERT;
  if (type > 0x0f)
    return 0;
  if (packet->version == 2
      && (packet->adver_int_cs % CS_PER_SECOND != 0
          || packet->adver_int_cs / CS_PER_SECOND > V2_ADVER_INT_MAX_S))
    return 0;
  if (packet->version == 3)
    {
      if (packet->adver_int_cs > V3_ADVER_INT_MASK)
        return 0;
      if (src == NULL || dst == NULL
          || src->family != packet->family || dst->family != packet->family)
        return 0;
    }
  for (guint i = 0; i < packet->n_addrs; i++)
    if (packet->addrs[i].family != packet->family)
      return 0;

  need = expected_length (packet->version, packet->family, packet->n_addrs);
  if (need > len)
    return 0;

  buf[OFF_VERS_TYPE] = (guint8) ((packet->version << 4) | type);
  buf[OFF_VRID] = packet->vrid;
  buf[OFF_PRIORITY] = packet->priority;
  buf[OFF_COUNT] = packet->n_addrs;
  if (packet->version == 2)
    {
      buf[OFF_V2_AUTH_TYPE] = packet->auth_type;
      buf[OFF_V2_ADVER_INT] = (guint8) (packet->adver_int_cs / CS_PER_SECOND);
    }
  else
    put_be16 (buf + OFF_V3_MAX_ADVER_INT, packet->adver_int_cs);
  put_be16 (buf + OFF_CHECKSUM, 0);

  addr_len = addr_len_of_family (packet->family);
  off = VIGIL_VRRP_HEADER_LEN;
  for (guint i = 0; i < packet->n_addrs; i++, off += addr_len)
    memcpy (buf + off, packet->addrs[i].u.bytes, addr_len);
  if (packet->version == 2)
    memcpy (buf + off, packet->auth_data, VIGIL_VRRP_AUTH_LEN);

  if (packet->version == 3)
    initial = pseudo_header_sum (packet->family, src, dst, need, flags);
  put_be16 (buf + OFF_CHECKSUM, vigil_inet_checksum (buf, need, initial));
  return need;
}

/**
 * vigil_vrrp_packet_decode:
 * Validates a received VRRP message and decodes it into @out.
 */
VigilVrrpRxResult
vigil_vrrp_packet_decode (const guint8 *buf, gsize len,
                          int family,
                          const VigilInetAddr *src,
                          const VigilInetAddr *dst,
                          guint ttl,
                          VigilVrrpCodecFlags flags,
                          VigilVrrpPacket *out)
{
  gsize addr_len;
  guint32 initial = 0;

  g_return_val_if_fail (buf != NULL || len == 0, VIGIL_VRRP_RX_PACKET_LENGTH);
  g_return_val_if_fail (out != NULL, VIGIL_VRRP_RX_PACKET_LENGTH);
  g_return_val_if_fail (family == AF_INET || family == AF_INET6,
                        VIGIL_VRRP_RX_PACKET_LENGTH);

  /* Length: the fixed header, then count (and v2 auth data) vs length. */
  if (len < VIGIL_VRRP_HEADER_LEN)
    return VIGIL_VRRP_RX_PACKET_LENGTH;

  memset (out, 0, offsetof (VigilVrrpPacket, addrs));
  out->family = family;
  out->version = buf[OFF_VERS_TYPE] >> 4;
  out->type = buf[OFF_VERS_TYPE] & 0x0f;
  out->vrid = buf[OFF_VRID];
  out->priority = buf[OFF_PRIORITY];
  out->n_addrs = buf[OFF_COUNT];
  out->checksum = get_be16 (buf + OFF_CHECKSUM);
  if (out->version == 2)
    {
      out->auth_type = buf[OFF_V2_AUTH_TYPE];
      out->adver_int_cs = (guint16) (buf[OFF_V2_ADVER_INT] * CS_PER_SECOND);
    }
  else if (out->version == 3)
    out->adver_int_cs = get_be16 (buf + OFF_V3_MAX_ADVER_INT) & V3_ADVER_INT_MASK;

  if (len != expected_length (out->version, family, out->n_addrs))
    return VIGIL_VRRP_RX_PACKET_LENGTH;

  if ((flags & VIGIL_VRRP_CODEC_ANY_TTL) == 0 && ttl != VIGIL_VRRP_TTL)
    return VIGIL_VRRP_RX_IP_TTL;

  if (!version_valid_for_family (out->version, family))
    return VIGIL_VRRP_RX_VERSION;

  if (out->type != VIGIL_VRRP_TYPE_ADVERT)
    return VIGIL_VRRP_RX_INVALID_TYPE;

  if (out->version == 3)
    {
      /* Without both addresses there is no pseudo-header to verify. */
      if (src == NULL || dst == NULL || src->family != family || dst->family != family)
        return VIGIL_VRRP_RX_CHECKSUM;
      initial = pseudo_header_sum (family, src, dst, len, flags);
    }
  if (vigil_inet_checksum (buf, len, initial) != 0)
    return VIGIL_VRRP_RX_CHECKSUM;

  addr_len = addr_len_of_family (family);
  for (guint i = 0; i < out->n_addrs; i++)
    {
      VigilInetAddr *addr = &out->addrs[i];

      memset (addr, 0, sizeof *addr);
      addr->family = family;
      memcpy (addr->u.bytes, buf + VIGIL_VRRP_HEADER_LEN + i * addr_len, addr_len);
    }

  if (out->version == 2)
    {
      memcpy (out->auth_data, buf + len - VIGIL_VRRP_AUTH_LEN, VIGIL_VRRP_AUTH_LEN);
      if (out->auth_type != VIGIL_VRRP_AUTH_NONE
          && out->auth_type != VIGIL_VRRP_AUTH_PASS
          && out->auth_type != VIGIL_VRRP_AUTH_AH)
        return VIGIL_VRRP_RX_INVALID_AUTH_TYPE;
    }

  return VIGIL_VRRP_RX_OK;
}

static void
read_ipv4_addr (VigilInetAddr *out, const guint8 *bytes)
{
  memset (out, 0, sizeof *out);
  out->family = AF_INET;
  memcpy (out->u.bytes, bytes, 4);
}

/**
 * vigil_vrrp_packet_decode_ipv4:
 * Validates the IPv4 header of a raw datagram, then decodes its VRRP message.
 */
VigilVrrpRxResult
vigil_vrrp_packet_decode_ipv4 (const guint8 *buf, gsize len,
                               VigilVrrpCodecFlags flags,
                               VigilVrrpPacket *out,
                               VigilInetAddr *src_out,
                               VigilInetAddr *dst_out)
{
  VigilInetAddr src, dst;
  gsize header_len;

  g_return_val_if_fail (buf != NULL || len == 0, VIGIL_VRRP_RX_PACKET_LENGTH);
  g_return_val_if_fail (out != NULL, VIGIL_VRRP_RX_PACKET_LENGTH);

  if (len < IPV4_MIN_HEADER_LEN)
    return VIGIL_VRRP_RX_PACKET_LENGTH;
  if (buf[0] >> 4 != 4)
    return VIGIL_VRRP_RX_IP_HEADER;

  read_ipv4_addr (&src, buf + 12);
  read_ipv4_addr (&dst, buf + 16);
  if (src_out != NULL)
    *src_out = src;
  if (dst_out != NULL)
    *dst_out = dst;

  header_len = (gsize) (buf[0] & 0x0f) * 4;
  if (header_len < IPV4_MIN_HEADER_LEN || header_len > len)
    return VIGIL_VRRP_RX_PACKET_LENGTH;
  if (get_be16 (buf + 2) != len)
    return VIGIL_VRRP_RX_PACKET_LENGTH;
  if ((get_be16 (buf + 6) & IPV4_FRAGMENT_MASK) != 0)
    return VIGIL_VRRP_RX_PACKET_LENGTH;
  if (buf[9] != VIGIL_VRRP_PROTO)
    return VIGIL_VRRP_RX_IP_HEADER;

  return vigil_vrrp_packet_decode (buf + header_len, len - header_len, AF_INET,
                                   &src, &dst, buf[8], flags, out);
}

/* Compare without an early exit, so the time taken says nothing about
 * how much of a password matched. */
static gboolean
equal_constant_time (const guint8 *a, const guint8 *b, gsize len)
{
  guint8 diff = 0;

  for (gsize i = 0; i < len; i++)
    diff |= a[i] ^ b[i];
  return diff == 0;
}

static gboolean
addr_in_list (const VigilInetAddr *addr, const VigilInetAddr *list, guint n)
{
  for (guint i = 0; i < n; i++)
    if (vigil_inet_addr_equal (addr, &list[i]))
      return TRUE;
  return FALSE;
}

/* Same count and the same set, in any order; looking both ways makes a
 * duplicate on either side a mismatch too. At most 255 x 255 compares. */
static gboolean
same_address_set (const VigilVrrpPacket *packet, const VigilVrrpExpect *expect)
{
  if (packet->n_addrs != expect->n_addrs)
    return FALSE;
  for (guint i = 0; i < expect->n_addrs; i++)
    if (!addr_in_list (&expect->addrs[i], packet->addrs, packet->n_addrs))
      return FALSE;
  for (guint i = 0; i < packet->n_addrs; i++)
    if (!addr_in_list (&packet->addrs[i], expect->addrs, expect->n_addrs))
      return FALSE;
  return TRUE;
}

/**
 * vigil_vrrp_packet_check:
 * Checks a decoded advert against what its instance expects.
 */
VigilVrrpRxResult
vigil_vrrp_packet_check (const VigilVrrpPacket *packet,
                         const VigilVrrpExpect *expect)
{
  g_return_val_if_fail (packet != NULL, VIGIL_VRRP_RX_PACKET_LENGTH);
  g_return_val_if_fail (expect != NULL, VIGIL_VRRP_RX_PACKET_LENGTH);
  g_return_val_if_fail (expect->addrs != NULL || expect->n_addrs == 0,
                        VIGIL_VRRP_RX_PACKET_LENGTH);

  if (expect->version != 0 && packet->version != expect->version)
    return VIGIL_VRRP_RX_VERSION;

  if (packet->version == 2)
    {
      if (packet->auth_type != expect->auth_type)
        return VIGIL_VRRP_RX_AUTH_TYPE_MISMATCH;
      if (packet->auth_type == VIGIL_VRRP_AUTH_AH)
        return VIGIL_VRRP_RX_AUTH_FAILURE;
      if (packet->auth_type == VIGIL_VRRP_AUTH_PASS
          && !equal_constant_time (packet->auth_data, expect->auth_data,
                                   VIGIL_VRRP_AUTH_LEN))
        return VIGIL_VRRP_RX_AUTH_FAILURE;
      if (packet->adver_int_cs != expect->adver_int_cs)
        return VIGIL_VRRP_RX_ADVERT_INTERVAL;
    }

  if (!expect->skip_check_adv_addr && !same_address_set (packet, expect))
    return VIGIL_VRRP_RX_ADDRESS_LIST;

  return VIGIL_VRRP_RX_OK;
}
