/* test-packet-keepalived.c - the VRRP codec against adverts captured from
 * keepalived 2.2.7 (tests/unit/data/vrrp/, made by capture-fixtures.sh):
 * every field decodes as configured, re-encoding gives keepalived's bytes,
 * and old_unicast_checksum is honoured the way keepalived sends it.
 */
#include "packet-test-util.h"

typedef struct {
  int family;
  guint8 bytes[20 + VIGIL_VRRP_MAX_PACKET + 60];
  gsize len;
  VigilInetAddr src, dst;   /* IPv6: from the file */
  guint hop_limit;
} Fixture;

static void
fixture_load (const char *name, Fixture *f)
{
  g_autofree char *path = g_strdup_printf ("%s/vrrp/%s.txt", TEST_DATA_DIR, name);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  gboolean in_data = FALSE;

  memset (f, 0, sizeof *f);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      if (in_data)
        {
          for (guint j = 0; words[j] != NULL; j++)
            {
              g_assert_cmpuint (strlen (words[j]), ==, 2);
              g_assert_true (g_ascii_isxdigit (words[j][0]) && g_ascii_isxdigit (words[j][1]));
              g_assert_cmpuint (f->len, <, sizeof f->bytes);
              f->bytes[f->len++] = (g_ascii_xdigit_value (words[j][0]) << 4)
                                   | g_ascii_xdigit_value (words[j][1]);
            }
        }
      else if (g_str_equal (words[0], "format"))
        f->family = g_str_equal (words[1], "ipv6") ? AF_INET6 : AF_INET;
      else if (g_str_equal (words[0], "src"))
        f->src = addr (words[1]);
      else if (g_str_equal (words[0], "dst"))
        f->dst = addr (words[1]);
      else if (g_str_equal (words[0], "hop-limit"))
        f->hop_limit = atoi (words[1]);
      else if (g_str_equal (words[0], "data"))
        in_data = TRUE;
      else
        g_error ("%s: unexpected line '%s'", path, lines[i]);
    }
  g_assert_cmpuint (f->len, >, 0);
}

typedef struct {
  const char *name;
  VigilVrrpCodecFlags flags;
  guint version;
  guint8 vrid, priority;
  guint16 adver_int_cs;
  guint8 auth_type;
  const char *password;
  guint16 checksum;          /* keepalived's, as on the wire */
  const char *src, *dst;
  const char *addrs[4];
} FixtureCase;

static const FixtureCase fixture_cases[] = {
  { "v2-ipv4-noauth", 0, 2, 51, 150, 100, 0, NULL, 0xc3fe, "192.0.2.1", "224.0.0.18",
    { "192.0.2.100", "192.0.2.101" } },
  { "v2-ipv4-pass", 0, 2, 52, 100, 200, 1, "s3cret", 0x7b3f, "192.0.2.1", "224.0.0.18",
    { "192.0.2.110" } },
  { "v3-ipv4", 0, 3, 53, 200, 100, 0, NULL, 0x1c5d, "192.0.2.1", "224.0.0.18",
    { "192.0.2.120", "192.0.2.121", "192.0.2.122" } },
  { "v3-ipv6", 0, 3, 54, 120, 50, 0, NULL, 0xcbba, "2001:db8::1", "ff02::12",
    { "2001:db8::100", "2001:db8::101" } },
  { "v3-ipv4-unicast", 0, 3, 55, 110, 100, 0, NULL, 0x1960, "192.0.2.1", "192.0.2.2",
    { "192.0.2.130" } },
  { "v3-ipv4-unicast-old", VIGIL_VRRP_CODEC_OLD_UNICAST_CHECKSUM, 3, 56, 110, 100, 0, NULL,
    0xfb44, "192.0.2.1", "192.0.2.2", { "192.0.2.140" } },
  { "v3-ipv4-priority0", 0, 3, 57, 0, 100, 0, NULL, 0x693a, "192.0.2.1", "224.0.0.18",
    { "192.0.2.150" } },
};

/* Decode a fixture as the socket layer would hand it over. */
static VigilVrrpRxResult
fixture_decode (const Fixture *f, VigilVrrpCodecFlags flags, VigilVrrpPacket *out,
                VigilInetAddr *src, VigilInetAddr *dst, const guint8 **vrrp, gsize *vrrp_len)
{
  if (f->family == AF_INET)
    {
      gsize ihl = (f->bytes[0] & 0x0f) * 4;

      *vrrp = f->bytes + ihl;
      *vrrp_len = f->len - ihl;
      return vigil_vrrp_packet_decode_ipv4 (f->bytes, f->len, flags, out, src, dst);
    }
  *src = f->src;
  *dst = f->dst;
  *vrrp = f->bytes;
  *vrrp_len = f->len;
  return vigil_vrrp_packet_decode (f->bytes, f->len, AF_INET6, &f->src, &f->dst,
                                   f->hop_limit, flags, out);
}

static void
test_fixture (gconstpointer data)
{
  const FixtureCase *c = data;
  Fixture f;
  VigilVrrpPacket got, built;
  VigilInetAddr src, dst, want_src, want_dst;
  const guint8 *vrrp;
  gsize vrrp_len, n = 0;
  guint8 buf[VIGIL_VRRP_MAX_PACKET];
  VigilVrrpExpect expect = { 0 };

  fixture_load (c->name, &f);
  g_assert_cmpint (fixture_decode (&f, c->flags, &got, &src, &dst, &vrrp, &vrrp_len),
                   ==, VIGIL_VRRP_RX_OK);

  /* Every field, against what the config said. */
  memset (&built, 0, sizeof built);
  built.version = c->version;
  built.type = VIGIL_VRRP_TYPE_ADVERT;
  built.vrid = c->vrid;
  built.priority = c->priority;
  built.adver_int_cs = c->adver_int_cs;
  built.family = f.family;
  built.auth_type = c->auth_type;
  if (c->password != NULL)
    set_password (built.auth_data, c->password);
  for (; n < G_N_ELEMENTS (c->addrs) && c->addrs[n] != NULL; n++)
    built.addrs[n] = addr (c->addrs[n]);
  built.n_addrs = n;
  assert_packets_equal (&built, &got);
  g_assert_cmphex (got.checksum, ==, c->checksum);
  want_src = addr (c->src);
  want_dst = addr (c->dst);
  g_assert_true (vigil_inet_addr_equal (&src, &want_src));
  g_assert_true (vigil_inet_addr_equal (&dst, &want_dst));

  /* Re-encoding the decoded packet gives keepalived's bytes back... */
  g_assert_cmpuint (vigil_vrrp_packet_encode (&got, &src, &dst, c->flags, buf, sizeof buf),
                    ==, vrrp_len);
  g_assert_cmpmem (buf, vrrp_len, vrrp, vrrp_len);
  /* ...and so does a packet built by hand: the checksum is a known value. */
  g_assert_cmpuint (vigil_vrrp_packet_encode (&built, &src, &dst, c->flags, buf, sizeof buf),
                    ==, vrrp_len);
  g_assert_cmpmem (buf, vrrp_len, vrrp, vrrp_len);

  /* The instance that sent it would accept it. */
  expect.version = c->version;
  expect.auth_type = c->auth_type;
  memcpy (expect.auth_data, built.auth_data, VIGIL_VRRP_AUTH_LEN);
  expect.adver_int_cs = c->adver_int_cs;
  expect.addrs = built.addrs;
  expect.n_addrs = built.n_addrs;
  g_assert_cmpint (vigil_vrrp_packet_check (&got, &expect), ==, VIGIL_VRRP_RX_OK);
}

/* old_unicast_checksum: the old form only with the flag, the RFC form only
 * without it, and a multicast advert either way. */
static void
test_old_unicast_checksum (void)
{
  static const struct {
    const char *name;
    VigilVrrpRxResult without_flag, with_flag;
  } cases[] = {
    { "v3-ipv4-unicast-old", VIGIL_VRRP_RX_CHECKSUM, VIGIL_VRRP_RX_OK },
    { "v3-ipv4-unicast", VIGIL_VRRP_RX_OK, VIGIL_VRRP_RX_CHECKSUM },
    { "v3-ipv4", VIGIL_VRRP_RX_OK, VIGIL_VRRP_RX_OK },
    { "v2-ipv4-noauth", VIGIL_VRRP_RX_OK, VIGIL_VRRP_RX_OK },
    { "v3-ipv6", VIGIL_VRRP_RX_OK, VIGIL_VRRP_RX_OK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture f;
      VigilVrrpPacket p;
      VigilInetAddr src, dst;
      const guint8 *vrrp;
      gsize vrrp_len;

      g_test_message ("case: %s", cases[i].name);
      fixture_load (cases[i].name, &f);
      g_assert_cmpint (fixture_decode (&f, 0, &p, &src, &dst, &vrrp, &vrrp_len),
                       ==, cases[i].without_flag);
      g_assert_cmpint (fixture_decode (&f, VIGIL_VRRP_CODEC_OLD_UNICAST_CHECKSUM, &p,
                                       &src, &dst, &vrrp, &vrrp_len),
                       ==, cases[i].with_flag);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fixture_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/vrrp/packet/keepalived/%s",
                                               fixture_cases[i].name);
      g_test_add_data_func (path, &fixture_cases[i], test_fixture);
    }
  g_test_add_func ("/vrrp/packet/keepalived/old-unicast-checksum", test_old_unicast_checksum);
  return g_test_run ();
}
