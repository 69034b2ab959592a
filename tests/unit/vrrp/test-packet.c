/* test-packet.c - VRRP packet codec: checksums, round trips, every drop
 * class in its own VigilVrrpRxResult, and the instance checks. Adverts
 * captured from keepalived are test-packet-keepalived.c.
 */
#include "packet-test-util.h"

/* ---- helpers -------------------------------------------------------------- */

/* 192.0.2.N / 2001:db8::N style addresses, distinct for i < 65536. */
static VigilInetAddr
nth_addr (int family, guint i)
{
  VigilInetAddr a = { .family = family };

  if (family == AF_INET)
    {
      a.u.bytes[0] = 192; a.u.bytes[1] = 0;
      a.u.bytes[2] = 2 + (i >> 8); a.u.bytes[3] = i & 0xff;
    }
  else
    {
      a.u.bytes[0] = 0x20; a.u.bytes[1] = 0x01;
      a.u.bytes[2] = 0x0d; a.u.bytes[3] = 0xb8;
      a.u.bytes[14] = i >> 8; a.u.bytes[15] = i & 0xff;
    }
  return a;
}

static void
make_packet (VigilVrrpPacket *p, guint version, int family, guint n_addrs)
{
  memset (p, 0, sizeof *p);
  p->version = version;
  p->type = VIGIL_VRRP_TYPE_ADVERT;
  p->vrid = 42;
  p->priority = 150;
  p->family = family;
  p->adver_int_cs = version == 2 ? 300 : 125;
  p->n_addrs = n_addrs;
  for (guint i = 0; i < n_addrs; i++)
    p->addrs[i] = nth_addr (family, i + 1);
}

static void
src_dst (int family, VigilInetAddr *src, VigilInetAddr *dst)
{
  *src = addr (family == AF_INET ? "192.0.2.1" : "2001:db8::1");
  *dst = addr (family == AF_INET ? "224.0.0.18" : "ff02::12");
}

/* Prepend a 20-byte IPv4 header (TTL 255, protocol 112) to a message. */
static gsize
wrap_ipv4 (const guint8 *msg, gsize msg_len, const VigilInetAddr *src,
           const VigilInetAddr *dst, guint8 *out)
{
  gsize total = 20 + msg_len;

  memset (out, 0, 20);
  out[0] = 0x45;
  out[1] = 0xc0;
  out[2] = total >> 8;
  out[3] = total & 0xff;
  out[8] = 255;
  out[9] = VIGIL_VRRP_PROTO;
  memcpy (out + 12, src->u.bytes, 4);
  memcpy (out + 16, dst->u.bytes, 4);
  memcpy (out + 20, msg, msg_len);
  return total;
}
/* ---- names and checksum --------------------------------------------------- */

static void
test_result_names (void)
{
  static const char *const names[] = {
    [VIGIL_VRRP_RX_OK] = "ok",
    [VIGIL_VRRP_RX_PACKET_LENGTH] = "packet-length-errors",
    [VIGIL_VRRP_RX_IP_TTL] = "ip-ttl-errors",
    [VIGIL_VRRP_RX_VERSION] = "version-errors",
    [VIGIL_VRRP_RX_INVALID_TYPE] = "invalid-type-packets",
    [VIGIL_VRRP_RX_CHECKSUM] = "checksum-errors",
    [VIGIL_VRRP_RX_VRID] = "vrid-errors",
    [VIGIL_VRRP_RX_INVALID_AUTH_TYPE] = "invalid-auth-type",
    [VIGIL_VRRP_RX_AUTH_TYPE_MISMATCH] = "auth-type-mismatch",
    [VIGIL_VRRP_RX_AUTH_FAILURE] = "auth-failures",
    [VIGIL_VRRP_RX_ADVERT_INTERVAL] = "advertise-interval-errors",
    [VIGIL_VRRP_RX_ADDRESS_LIST] = "address-list-errors",
    [VIGIL_VRRP_RX_IP_HEADER] = "ip-header-errors",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == VIGIL_VRRP_RX_N_RESULTS);
  for (guint i = 0; i < VIGIL_VRRP_RX_N_RESULTS; i++)
    g_assert_cmpstr (vigil_vrrp_rx_result_to_string (i), ==, names[i]);
  g_assert_cmpstr (vigil_vrrp_rx_result_to_string (VIGIL_VRRP_RX_N_RESULTS), ==, "unknown");
}

static void
test_checksum_known_values (void)
{
  /* The worked example of RFC 1071 section 3: sum ddf2, checksum 220d. */
  static const guint8 rfc1071[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
  static const guint8 odd[] = { 0x01, 0x02, 0x03 };
  guint8 with_sum[10];

  g_assert_cmphex (vigil_inet_checksum (rfc1071, sizeof rfc1071, 0), ==, 0x220d);
  /* An initial partial sum is folded in as if it were a word in front. */
  g_assert_cmphex (vigil_inet_checksum (rfc1071, sizeof rfc1071, 0x0001), ==, 0x220c);
  g_assert_cmphex (vigil_inet_checksum (rfc1071, sizeof rfc1071, 0x10000), ==, 0x220c);
  /* An odd last byte is the high byte of a zero-padded word. */
  g_assert_cmphex (vigil_inet_checksum (odd, sizeof odd, 0), ==, (guint16) ~0x0402);
  g_assert_cmphex (vigil_inet_checksum (NULL, 0, 0), ==, 0xffff);
  /* Over data that carries its checksum, the result is 0. */
  memcpy (with_sum, rfc1071, sizeof rfc1071);
  with_sum[8] = 0x22;
  with_sum[9] = 0x0d;
  g_assert_cmphex (vigil_inet_checksum (with_sum, sizeof with_sum, 0), ==, 0);
}

/* ---- round trips ---------------------------------------------------------- */

static void
test_round_trips (void)
{
  static const struct {
    guint version;
    int family;
    guint n_addrs;
    gsize length;
  } cases[] = {
    { 2, AF_INET, 0, 16 },
    { 2, AF_INET, 1, 20 },
    { 2, AF_INET, 7, 44 },
    { 2, AF_INET, VIGIL_VRRP_MAX_ADDRS, 16 + 4 * 255 },
    { 3, AF_INET, 0, 8 },
    { 3, AF_INET, 1, 12 },
    { 3, AF_INET, 7, 36 },
    { 3, AF_INET, VIGIL_VRRP_MAX_ADDRS, 8 + 4 * 255 },
    { 3, AF_INET6, 0, 8 },
    { 3, AF_INET6, 1, 24 },
    { 3, AF_INET6, 7, 120 },
    { 3, AF_INET6, VIGIL_VRRP_MAX_ADDRS, 8 + 16 * 255 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint auth = VIGIL_VRRP_AUTH_NONE; auth <= VIGIL_VRRP_AUTH_AH; auth++)
      {
        VigilVrrpPacket in, out;
        VigilInetAddr src, dst;
        guint8 buf[VIGIL_VRRP_MAX_PACKET];
        gsize len;

        if (cases[i].version == 3 && auth != VIGIL_VRRP_AUTH_NONE)
          continue;
        make_packet (&in, cases[i].version, cases[i].family, cases[i].n_addrs);
        in.auth_type = auth;
        if (auth == VIGIL_VRRP_AUTH_PASS)
          memcpy (in.auth_data, "pass1234", 8);
        src_dst (cases[i].family, &src, &dst);

        len = vigil_vrrp_packet_encode (&in, &src, &dst, 0, buf, sizeof buf);
        g_assert_cmpuint (len, ==, cases[i].length);
        g_assert_cmpuint (len, <=, VIGIL_VRRP_MAX_PACKET);
        /* One byte short is refused, the exact length is enough. */
        g_assert_cmpuint (vigil_vrrp_packet_encode (&in, &src, &dst, 0, buf, len - 1), ==, 0);
        g_assert_cmpuint (vigil_vrrp_packet_encode (&in, &src, &dst, 0, buf, len), ==, len);

        g_assert_cmpint (vigil_vrrp_packet_decode (buf, len, cases[i].family, &src, &dst,
                                                   255, 0, &out), ==, VIGIL_VRRP_RX_OK);
        assert_packets_equal (&in, &out);
        g_assert_cmphex (out.checksum, ==, (buf[6] << 8) | buf[7]);

        if (cases[i].family == AF_INET)
          {
            guint8 datagram[20 + VIGIL_VRRP_MAX_PACKET];
            gsize dlen = wrap_ipv4 (buf, len, &src, &dst, datagram);
            VigilInetAddr got_src, got_dst;

            g_assert_cmpint (vigil_vrrp_packet_decode_ipv4 (datagram, dlen, 0, &out,
                                                            &got_src, &got_dst),
                             ==, VIGIL_VRRP_RX_OK);
            assert_packets_equal (&in, &out);
            g_assert_true (vigil_inet_addr_equal (&got_src, &src));
            g_assert_true (vigil_inet_addr_equal (&got_dst, &dst));
          }
      }
}

static void
test_encode_refuses_inconsistent (void)
{
  VigilVrrpPacket p;
  VigilInetAddr src4, dst4, src6, dst6;
  guint8 buf[VIGIL_VRRP_MAX_PACKET];

  src_dst (AF_INET, &src4, &dst4);
  src_dst (AF_INET6, &src6, &dst6);

#define REFUSED(setup, s, d)                                                 \
  G_STMT_START {                                                             \
    make_packet (&p, 3, AF_INET, 2);                                         \
    setup;                                                                   \
    g_assert_cmpuint (vigil_vrrp_packet_encode (&p, s, d, 0, buf, sizeof buf), ==, 0); \
  } G_STMT_END

  REFUSED (p.version = 1, &src4, &dst4);
  REFUSED (p.version = 4, &src4, &dst4);
  REFUSED ((p.version = 2, p.adver_int_cs = 100, p.family = AF_INET6,
            p.addrs[0] = nth_addr (AF_INET6, 1), p.addrs[1] = nth_addr (AF_INET6, 2)),
           &src6, &dst6);
  REFUSED (p.family = AF_UNSPEC, &src4, &dst4);
  REFUSED (p.addrs[1] = nth_addr (AF_INET6, 2), &src4, &dst4);
  REFUSED (p.type = 16, &src4, &dst4);
  REFUSED ((p.version = 2, p.adver_int_cs = 150), &src4, &dst4);
  REFUSED ((p.version = 2, p.adver_int_cs = 25600), &src4, &dst4);
  REFUSED (p.adver_int_cs = 4096, &src4, &dst4);
  REFUSED ((void) 0, NULL, &dst4);
  REFUSED ((void) 0, &src4, NULL);
  REFUSED ((void) 0, &src6, &dst6);
#undef REFUSED

  /* The limits themselves are fine; v2 needs no addresses for its sum. */
  make_packet (&p, 3, AF_INET, 1);
  p.adver_int_cs = 4095;
  g_assert_cmpuint (vigil_vrrp_packet_encode (&p, &src4, &dst4, 0, buf, sizeof buf), ==, 12);
  make_packet (&p, 2, AF_INET, 1);
  p.adver_int_cs = 25500;
  p.type = 0;   /* written as an advert */
  g_assert_cmpuint (vigil_vrrp_packet_encode (&p, NULL, NULL, 0, buf, sizeof buf), ==, 20);
  g_assert_cmphex (buf[0], ==, 0x21);
  g_assert_cmpuint (buf[5], ==, 255);
}

/* v2 needs no addresses to be verified; v3 cannot be verified without. */
static void
test_decode_without_addresses (void)
{
  VigilVrrpPacket p, out;
  VigilInetAddr src, dst, unset = { .family = AF_UNSPEC };
  guint8 buf[VIGIL_VRRP_MAX_PACKET];
  gsize len;

  src_dst (AF_INET, &src, &dst);
  make_packet (&p, 2, AF_INET, 1);
  len = vigil_vrrp_packet_encode (&p, NULL, NULL, 0, buf, sizeof buf);
  g_assert_cmpint (vigil_vrrp_packet_decode (buf, len, AF_INET, NULL, NULL, 255, 0, &out),
                   ==, VIGIL_VRRP_RX_OK);
  make_packet (&p, 3, AF_INET6, 1);
  src_dst (AF_INET6, &src, &dst);
  len = vigil_vrrp_packet_encode (&p, &src, &dst, 0, buf, sizeof buf);
  g_assert_cmpint (vigil_vrrp_packet_decode (buf, len, AF_INET6, &src, NULL, 255, 0, &out),
                   ==, VIGIL_VRRP_RX_CHECKSUM);
  g_assert_cmpint (vigil_vrrp_packet_decode (buf, len, AF_INET6, &src, &unset, 255, 0, &out),
                   ==, VIGIL_VRRP_RX_CHECKSUM);
  g_assert_cmpint (vigil_vrrp_packet_decode (buf, len, AF_INET6, &src, &dst, 255, 0, &out),
                   ==, VIGIL_VRRP_RX_OK);
}

/* ---- malformed packets: each class has its own result --------------------- */

typedef struct {
  guint version;
  int family;
  guint8 buf[VIGIL_VRRP_MAX_PACKET + 1];
  gsize len;
  VigilInetAddr src, dst;
} Wire;

static void
wire_make (Wire *w, guint version, int family, guint n_addrs, guint8 auth_type)
{
  VigilVrrpPacket p;

  make_packet (&p, version, family, n_addrs);
  p.auth_type = auth_type;
  w->version = version;
  w->family = family;
  src_dst (family, &w->src, &w->dst);
  w->len = vigil_vrrp_packet_encode (&p, &w->src, &w->dst, 0, w->buf, sizeof w->buf);
  g_assert_cmpuint (w->len, >, 0);
}

static VigilVrrpRxResult
wire_decode (const Wire *w, guint ttl, VigilVrrpCodecFlags flags)
{
  VigilVrrpPacket out;

  return vigil_vrrp_packet_decode (w->buf, w->len, w->family, &w->src, &w->dst,
                                   ttl, flags, &out);
}

static void
test_truncated_everywhere (void)
{
  static const struct { guint version; int family; guint n; } cases[] = {
    { 2, AF_INET, 3 }, { 3, AF_INET, 3 }, { 3, AF_INET6, 3 }, { 2, AF_INET, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Wire w;
      gsize full;
      guint8 datagram[20 + sizeof w.buf];
      gsize dlen;
      VigilVrrpPacket out;

      wire_make (&w, cases[i].version, cases[i].family, cases[i].n, 0);
      full = w.len;
      for (w.len = 0; w.len < full; w.len++)
        g_assert_cmpint (wire_decode (&w, 255, 0), ==, VIGIL_VRRP_RX_PACKET_LENGTH);
      w.len = full + 1;   /* a stray byte at the end */
      g_assert_cmpint (wire_decode (&w, 255, 0), ==, VIGIL_VRRP_RX_PACKET_LENGTH);

      if (cases[i].family != AF_INET)
        continue;
      /* The datagram cut anywhere: total length no longer matches. */
      dlen = wrap_ipv4 (w.buf, full, &w.src, &w.dst, datagram);
      for (gsize cut = 0; cut < dlen; cut++)
        g_assert_cmpint (vigil_vrrp_packet_decode_ipv4 (datagram, cut, 0, &out, NULL, NULL),
                         ==, VIGIL_VRRP_RX_PACKET_LENGTH);
      /* Cut, with the total length adjusted to match: the VRRP part is short. */
      for (gsize cut = 20; cut < dlen; cut++)
        {
          datagram[2] = cut >> 8;
          datagram[3] = cut & 0xff;
          g_assert_cmpint (vigil_vrrp_packet_decode_ipv4 (datagram, cut, 0, &out, NULL, NULL),
                           ==, VIGIL_VRRP_RX_PACKET_LENGTH);
        }
    }
}

typedef void (*WireMutation) (Wire *w);

static void set_count_plus_one (Wire *w) { w->buf[3]++; }
static void set_count_minus_one (Wire *w) { w->buf[3]--; }
static void set_count_max (Wire *w) { w->buf[3] = 255; }
static void set_version_1 (Wire *w) { w->buf[0] = 0x11; }
static void set_version_4 (Wire *w) { w->buf[0] = 0x41; }
static void set_version_0 (Wire *w) { w->buf[0] = 0x01; }
static void set_version_2 (Wire *w) { w->buf[0] = 0x21; }
static void set_type_2 (Wire *w) { w->buf[0] = (w->buf[0] & 0xf0) | 2; }
static void set_type_0 (Wire *w) { w->buf[0] &= 0xf0; }
static void set_type_15 (Wire *w) { w->buf[0] |= 0x0f; }
static void flip_checksum (Wire *w) { w->buf[7] ^= 0x01; }
static void flip_address (Wire *w) { w->buf[9] ^= 0x80; }
static void flip_priority (Wire *w) { w->buf[2] ^= 0x01; }
static void other_src (Wire *w) { w->src.u.bytes[3] ^= 0x04; }
static void other_dst (Wire *w) { w->dst.u.bytes[3] ^= 0x01; }
static void v3_reserved_bits (Wire *w) { w->buf[4] |= 0xf0; }

static void
test_malformed_classes (void)
{
  static const struct {
    const char *name;
    guint version;
    int family;
    WireMutation mutate;
    guint ttl;
    VigilVrrpCodecFlags flags;
    VigilVrrpRxResult expect;
  } cases[] = {
    { "count larger than payload v2", 2, AF_INET, set_count_plus_one, 255, 0, VIGIL_VRRP_RX_PACKET_LENGTH },
    { "count larger than payload v3", 3, AF_INET, set_count_plus_one, 255, 0, VIGIL_VRRP_RX_PACKET_LENGTH },
    { "count larger than payload v6", 3, AF_INET6, set_count_max, 255, 0, VIGIL_VRRP_RX_PACKET_LENGTH },
    { "count smaller than payload", 3, AF_INET6, set_count_minus_one, 255, 0, VIGIL_VRRP_RX_PACKET_LENGTH },
    { "ttl 254", 3, AF_INET, NULL, 254, 0, VIGIL_VRRP_RX_IP_TTL },
    { "ttl 1", 2, AF_INET, NULL, 1, 0, VIGIL_VRRP_RX_IP_TTL },
    { "hop limit 64", 3, AF_INET6, NULL, 64, 0, VIGIL_VRRP_RX_IP_TTL },
    { "ttl 64 accepted when unicast", 3, AF_INET, NULL, 64, VIGIL_VRRP_CODEC_ANY_TTL, VIGIL_VRRP_RX_OK },
    { "ttl before version", 3, AF_INET, set_version_4, 64, 0, VIGIL_VRRP_RX_IP_TTL },
    { "version 1", 3, AF_INET, set_version_1, 255, 0, VIGIL_VRRP_RX_VERSION },
    { "version 4", 3, AF_INET, set_version_4, 255, 0, VIGIL_VRRP_RX_VERSION },
    { "version 0", 3, AF_INET6, set_version_0, 255, 0, VIGIL_VRRP_RX_VERSION },
    { "v2 over IPv6", 3, AF_INET6, set_version_2, 255, 0, VIGIL_VRRP_RX_VERSION },
    { "version before type", 3, AF_INET, set_version_1, 255, 0, VIGIL_VRRP_RX_VERSION },
    { "type 2", 2, AF_INET, set_type_2, 255, 0, VIGIL_VRRP_RX_INVALID_TYPE },
    { "type 0", 3, AF_INET, set_type_0, 255, 0, VIGIL_VRRP_RX_INVALID_TYPE },
    { "type 15", 3, AF_INET6, set_type_15, 255, 0, VIGIL_VRRP_RX_INVALID_TYPE },
    { "bad checksum v2", 2, AF_INET, flip_checksum, 255, 0, VIGIL_VRRP_RX_CHECKSUM },
    { "bad checksum v3", 3, AF_INET, flip_checksum, 255, 0, VIGIL_VRRP_RX_CHECKSUM },
    { "bad checksum v6", 3, AF_INET6, flip_checksum, 255, 0, VIGIL_VRRP_RX_CHECKSUM },
    { "corrupt address v2", 2, AF_INET, flip_address, 255, 0, VIGIL_VRRP_RX_CHECKSUM },
    { "corrupt priority v6", 3, AF_INET6, flip_priority, 255, 0, VIGIL_VRRP_RX_CHECKSUM },
    { "v3 source not the one summed", 3, AF_INET, other_src, 255, 0, VIGIL_VRRP_RX_CHECKSUM },
    { "v3 dest not the one summed", 3, AF_INET6, other_dst, 255, 0, VIGIL_VRRP_RX_CHECKSUM },
    { "v2 sum has no pseudo-header", 2, AF_INET, other_src, 255, 0, VIGIL_VRRP_RX_OK },
    { "old form sums the group, not the destination", 3, AF_INET, other_dst, 255,
      VIGIL_VRRP_CODEC_OLD_UNICAST_CHECKSUM, VIGIL_VRRP_RX_OK },
    { "v3 reserved bits are summed", 3, AF_INET, v3_reserved_bits, 255, 0, VIGIL_VRRP_RX_CHECKSUM },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Wire w;

      g_test_message ("case: %s", cases[i].name);
      wire_make (&w, cases[i].version, cases[i].family, 3, 0);
      if (cases[i].mutate != NULL)
        cases[i].mutate (&w);
      g_assert_cmpstr (vigil_vrrp_rx_result_to_string (wire_decode (&w, cases[i].ttl, cases[i].flags)),
                       ==, vigil_vrrp_rx_result_to_string (cases[i].expect));
    }
}

/* RFC 5798 5.2.4: the reserved bits are ignored on receive (they are
 * covered by the checksum though) and sent as zero. */
static void
test_v3_reserved_bits_ignored (void)
{
  Wire w;
  VigilVrrpPacket out;
  guint8 again[VIGIL_VRRP_MAX_PACKET];
  guint32 sum;

  wire_make (&w, 3, AF_INET, 1, 0);
  /* Set the four reserved bits and patch the checksum to match. */
  sum = (guint16) ~((w.buf[6] << 8) | w.buf[7]);
  sum += 0xf000;
  sum = (sum & 0xffff) + (sum >> 16);
  w.buf[4] |= 0xf0;
  w.buf[6] = (~sum >> 8) & 0xff;
  w.buf[7] = ~sum & 0xff;
  g_assert_cmpint (vigil_vrrp_packet_decode (w.buf, w.len, AF_INET, &w.src, &w.dst,
                                             255, 0, &out), ==, VIGIL_VRRP_RX_OK);
  g_assert_cmpuint (out.adver_int_cs, ==, 125);
  g_assert_cmpuint (vigil_vrrp_packet_encode (&out, &w.src, &w.dst, 0, again, sizeof again),
                    ==, w.len);
  g_assert_cmphex (again[4] & 0xf0, ==, 0);
}

static void
test_auth_types (void)
{
  static const struct { guint8 auth_type; VigilVrrpRxResult expect; } cases[] = {
    { VIGIL_VRRP_AUTH_NONE, VIGIL_VRRP_RX_OK },
    { VIGIL_VRRP_AUTH_PASS, VIGIL_VRRP_RX_OK },
    { VIGIL_VRRP_AUTH_AH, VIGIL_VRRP_RX_OK },   /* decoded; the instance refuses it */
    { 3, VIGIL_VRRP_RX_INVALID_AUTH_TYPE },
    { 254, VIGIL_VRRP_RX_INVALID_AUTH_TYPE },
    { 255, VIGIL_VRRP_RX_INVALID_AUTH_TYPE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Wire w;
      VigilVrrpPacket out;

      wire_make (&w, 2, AF_INET, 1, cases[i].auth_type);
      g_assert_cmpint (vigil_vrrp_packet_decode (w.buf, w.len, AF_INET, &w.src, &w.dst,
                                                 255, 0, &out), ==, cases[i].expect);
      g_assert_cmpuint (out.auth_type, ==, cases[i].auth_type);
      g_assert_cmpuint (out.vrid, ==, 42);   /* known even when refused */
      /* A bad checksum is found before an unknown auth type. */
      w.buf[6] ^= 0x10;
      g_assert_cmpint (wire_decode (&w, 255, 0), ==, VIGIL_VRRP_RX_CHECKSUM);
    }
}

static void
test_ipv4_header (void)
{
  Wire w;
  guint8 d[20 + sizeof w.buf + 4];
  gsize dlen;
  VigilVrrpPacket out;
  VigilInetAddr src = { 0 }, dst = { 0 };

  wire_make (&w, 3, AF_INET, 2, 0);

#define DECODE_IPV4(len) vigil_vrrp_packet_decode_ipv4 (d, len, 0, &out, &src, &dst)
  dlen = wrap_ipv4 (w.buf, w.len, &w.src, &w.dst, d);
  g_assert_cmpint (DECODE_IPV4 (dlen), ==, VIGIL_VRRP_RX_OK);

  d[0] = 0x65;   /* IPv6 in an IPv4 socket */
  g_assert_cmpint (DECODE_IPV4 (dlen), ==, VIGIL_VRRP_RX_IP_HEADER);
  d[0] = 0x44;   /* IHL 4: shorter than the fixed header */
  g_assert_cmpint (DECODE_IPV4 (dlen), ==, VIGIL_VRRP_RX_PACKET_LENGTH);
  d[0] = 0x4f;   /* IHL 15: longer than what is there */
  g_assert_cmpint (DECODE_IPV4 (40), ==, VIGIL_VRRP_RX_PACKET_LENGTH);
  d[0] = 0x45;

  d[3]++;        /* total length says one more */
  g_assert_cmpint (DECODE_IPV4 (dlen), ==, VIGIL_VRRP_RX_PACKET_LENGTH);
  d[3]--;
  d[6] = 0x20;   /* More Fragments */
  g_assert_cmpint (DECODE_IPV4 (dlen), ==, VIGIL_VRRP_RX_PACKET_LENGTH);
  d[6] = 0x00;
  d[7] = 0x01;   /* fragment offset */
  g_assert_cmpint (DECODE_IPV4 (dlen), ==, VIGIL_VRRP_RX_PACKET_LENGTH);
  d[6] = 0x40;   /* Don't Fragment is fine */
  d[7] = 0x00;
  g_assert_cmpint (DECODE_IPV4 (dlen), ==, VIGIL_VRRP_RX_OK);

  d[9] = 51;     /* AH: not for a VRRP socket */
  g_assert_cmpint (DECODE_IPV4 (dlen), ==, VIGIL_VRRP_RX_IP_HEADER);
  d[9] = VIGIL_VRRP_PROTO;

  d[8] = 254;    /* TTL from the header */
  g_assert_cmpint (DECODE_IPV4 (dlen), ==, VIGIL_VRRP_RX_IP_TTL);
  g_assert_cmpint (vigil_vrrp_packet_decode_ipv4 (d, dlen, VIGIL_VRRP_CODEC_ANY_TTL,
                                                  &out, NULL, NULL), ==, VIGIL_VRRP_RX_OK);
  d[8] = 255;

  /* Addresses are reported even for a drop, so it can be logged. */
  d[15] = 7;
  memset (&src, 0, sizeof src);
  g_assert_cmpint (DECODE_IPV4 (dlen), ==, VIGIL_VRRP_RX_CHECKSUM);
  g_assert_cmpint (src.family, ==, AF_INET);
  g_assert_cmpmem (src.u.bytes, 4, ((const guint8[]) { 192, 0, 2, 7 }), 4);
  d[15] = 1;

  /* Options in the header (IHL 6) are skipped. */
  memmove (d + 24, d + 20, w.len);
  d[0] = 0x46;
  d[20] = d[21] = d[22] = d[23] = 0x01;   /* NOPs */
  d[3] += 4;
  g_assert_cmpint (DECODE_IPV4 (dlen + 4), ==, VIGIL_VRRP_RX_OK);
  g_assert_cmpuint (out.n_addrs, ==, 2);
  g_assert_true (vigil_inet_addr_equal (&dst, &w.dst));
#undef DECODE_IPV4
}

/* ---- instance-level checks ------------------------------------------------ */

static void
test_instance_checks (void)
{
  VigilInetAddr vips[3] = { nth_addr (AF_INET, 1), nth_addr (AF_INET, 2), nth_addr (AF_INET, 3) };
  VigilInetAddr reordered[3] = { vips[2], vips[0], vips[1] };
  VigilInetAddr other[3] = { vips[0], vips[1], nth_addr (AF_INET, 9) };
  VigilInetAddr dup[3] = { vips[0], vips[0], vips[1] };
  VigilInetAddr vips6[1] = { nth_addr (AF_INET6, 1) };
  static const struct {
    const char *name;
    guint version;
    guint8 pkt_auth;
    const char *pkt_pass;
    guint16 pkt_int;
    guint8 want_version, want_auth;
    const char *want_pass;
    guint16 want_int;
    int addrs;         /* 0 vips, 1 reordered, 2 other, 3 dup, 4 two of vips, 5 IPv6 */
    gboolean skip;
    VigilVrrpRxResult expect;
  } cases[] = {
    { "v2 all match", 2, 0, NULL, 100, 2, 0, NULL, 100, 0, FALSE, VIGIL_VRRP_RX_OK },
    { "v3 all match", 3, 0, NULL, 100, 3, 0, NULL, 100, 0, FALSE, VIGIL_VRRP_RX_OK },
    { "v3 learns interval", 3, 0, NULL, 50, 3, 0, NULL, 100, 0, FALSE, VIGIL_VRRP_RX_OK },
    { "any version", 3, 0, NULL, 100, 0, 0, NULL, 100, 0, FALSE, VIGIL_VRRP_RX_OK },
    { "v2 to a v3 instance", 2, 0, NULL, 100, 3, 0, NULL, 100, 0, FALSE, VIGIL_VRRP_RX_VERSION },
    { "auth none vs pass", 2, 0, NULL, 100, 2, 1, "secret", 100, 0, FALSE, VIGIL_VRRP_RX_AUTH_TYPE_MISMATCH },
    { "auth pass vs none", 2, 1, "secret", 100, 2, 0, NULL, 100, 0, FALSE, VIGIL_VRRP_RX_AUTH_TYPE_MISMATCH },
    { "AH vs none", 2, 2, NULL, 100, 2, 0, NULL, 100, 0, FALSE, VIGIL_VRRP_RX_AUTH_TYPE_MISMATCH },
    { "AH is never verified", 2, 2, NULL, 100, 2, 2, NULL, 100, 0, FALSE, VIGIL_VRRP_RX_AUTH_FAILURE },
    { "password ok", 2, 1, "secret", 100, 2, 1, "secret", 100, 0, FALSE, VIGIL_VRRP_RX_OK },
    { "wrong password", 2, 1, "secreT", 100, 2, 1, "secret", 100, 0, FALSE, VIGIL_VRRP_RX_AUTH_FAILURE },
    { "password prefix", 2, 1, "secret1", 100, 2, 1, "secret", 100, 0, FALSE, VIGIL_VRRP_RX_AUTH_FAILURE },
    { "auth type before interval", 2, 0, NULL, 300, 2, 1, "x", 100, 2, FALSE, VIGIL_VRRP_RX_AUTH_TYPE_MISMATCH },
    { "interval mismatch v2", 2, 0, NULL, 200, 2, 0, NULL, 100, 0, FALSE, VIGIL_VRRP_RX_ADVERT_INTERVAL },
    { "interval before addresses", 2, 0, NULL, 200, 2, 0, NULL, 100, 2, FALSE, VIGIL_VRRP_RX_ADVERT_INTERVAL },
    { "addresses reordered", 3, 0, NULL, 100, 3, 0, NULL, 100, 1, FALSE, VIGIL_VRRP_RX_OK },
    { "an address differs", 3, 0, NULL, 100, 3, 0, NULL, 100, 2, FALSE, VIGIL_VRRP_RX_ADDRESS_LIST },
    { "duplicate address", 3, 0, NULL, 100, 3, 0, NULL, 100, 3, FALSE, VIGIL_VRRP_RX_ADDRESS_LIST },
    { "count differs", 2, 0, NULL, 100, 2, 0, NULL, 100, 4, FALSE, VIGIL_VRRP_RX_ADDRESS_LIST },
    { "family differs", 3, 0, NULL, 100, 3, 0, NULL, 100, 5, FALSE, VIGIL_VRRP_RX_ADDRESS_LIST },
    { "skip_check_adv_addr", 3, 0, NULL, 100, 3, 0, NULL, 100, 2, TRUE, VIGIL_VRRP_RX_OK },
    { "skip_check_adv_addr count", 2, 0, NULL, 100, 2, 0, NULL, 100, 4, TRUE, VIGIL_VRRP_RX_OK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VigilVrrpPacket p;
      VigilVrrpExpect e = { 0 };
      const VigilInetAddr *lists[] = { vips, reordered, other, dup, vips, vips6 };

      g_test_message ("case: %s", cases[i].name);
      make_packet (&p, cases[i].version, AF_INET, 3);
      p.auth_type = cases[i].pkt_auth;
      if (cases[i].pkt_pass != NULL)
        set_password (p.auth_data, cases[i].pkt_pass);
      p.adver_int_cs = cases[i].pkt_int;
      p.priority = i % 2 == 0 ? 0 : 255;   /* priority 0 and owner are checked too */

      e.version = cases[i].want_version;
      e.auth_type = cases[i].want_auth;
      if (cases[i].want_pass != NULL)
        set_password (e.auth_data, cases[i].want_pass);
      e.adver_int_cs = cases[i].want_int;
      e.addrs = lists[cases[i].addrs];
      e.n_addrs = cases[i].addrs == 4 ? 2 : cases[i].addrs == 5 ? 1 : 3;
      e.skip_check_adv_addr = cases[i].skip;
      g_assert_cmpstr (vigil_vrrp_rx_result_to_string (vigil_vrrp_packet_check (&p, &e)),
                       ==, vigil_vrrp_rx_result_to_string (cases[i].expect));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vrrp/packet/result-names", test_result_names);
  g_test_add_func ("/vrrp/packet/checksum-known-values", test_checksum_known_values);
  g_test_add_func ("/vrrp/packet/round-trips", test_round_trips);
  g_test_add_func ("/vrrp/packet/encode-refuses-inconsistent", test_encode_refuses_inconsistent);
  g_test_add_func ("/vrrp/packet/decode-without-addresses", test_decode_without_addresses);
  g_test_add_func ("/vrrp/packet/truncated-everywhere", test_truncated_everywhere);
  g_test_add_func ("/vrrp/packet/malformed-classes", test_malformed_classes);
  g_test_add_func ("/vrrp/packet/v3-reserved-bits-ignored", test_v3_reserved_bits_ignored);
  g_test_add_func ("/vrrp/packet/auth-types", test_auth_types);
  g_test_add_func ("/vrrp/packet/ipv4-header", test_ipv4_header);
  g_test_add_func ("/vrrp/packet/instance-checks", test_instance_checks);
  return g_test_run ();
}
