/* test-arp.c - gratuitous ARP and unsolicited NA builders, byte for byte */
#include "net/arp.h"

#include <arpa/inet.h>
#include <string.h>

static const guint8 test_mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };

static void
test_garp_frame (void)
{
  static const guint8 expected[VIGIL_GARP_FRAME_LEN] = {
    /* Ethernet: broadcast ← 02:00:5e:10:20:30, ARP */
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x02, 0x00, 0x5e, 0x10, 0x20, 0x30,
    0x08, 0x06,
    /* hardware Ethernet, protocol IPv4, lengths 6 and 4, request */
    0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
    /* sender 02:00:5e:10:20:30 192.0.2.10 */
    0x02, 0x00, 0x5e, 0x10, 0x20, 0x30, 192, 0, 2, 10,
    /* target ff:ff:ff:ff:ff:ff 192.0.2.10 */
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 192, 0, 2, 10,
  };
  guint8 buf[64];
  struct in_addr ip;

  g_assert_cmpint (inet_pton (AF_INET, "192.0.2.10", &ip), ==, 1);
  memset (buf, 0xaa, sizeof buf);
  g_assert_cmpuint (vigil_arp_build_gratuitous (buf, sizeof buf, test_mac, &ip),
                    ==, VIGIL_GARP_FRAME_LEN);
  g_assert_cmpmem (buf, VIGIL_GARP_FRAME_LEN, expected, sizeof expected);
  /* nothing written past the frame */
  g_assert_cmpuint (buf[VIGIL_GARP_FRAME_LEN], ==, 0xaa);
}

static void
test_garp_short_buffer (void)
{
  guint8 buf[VIGIL_GARP_FRAME_LEN - 1];
  struct in_addr ip = { 0 };

  g_assert_cmpuint (vigil_arp_build_gratuitous (buf, sizeof buf, test_mac, &ip), ==, 0);
}

typedef struct {
  const char *name;
  const char *target;
  gboolean router;
  guint8 expected[VIGIL_UNSOLICITED_NA_LEN];
} NaCase;

static const NaCase na_cases[] = {
  {
    "host", "2001:db8::10", FALSE,
    {
      136, 0, 0x00, 0x00,                 /* NA, code 0, checksum left 0 */
      0x20, 0x00, 0x00, 0x00,             /* O set; R, S clear */
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
      2, 1, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30,  /* target link-layer address */
    },
  },
  {
    "router", "2001:db8:1::ab:cdef", TRUE,
    {
      136, 0, 0x00, 0x00,
      0xa0, 0x00, 0x00, 0x00,             /* R and O set */
      0x20, 0x01, 0x0d, 0xb8, 0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0xab, 0xcd, 0xef,
      2, 1, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30,
    },
  },
};

static void
test_na_payload (gconstpointer data)
{
  const NaCase *c = data;
  guint8 buf[VIGIL_UNSOLICITED_NA_LEN + 4];
  struct in6_addr ip;

  g_assert_cmpint (inet_pton (AF_INET6, c->target, &ip), ==, 1);
  memset (buf, 0xaa, sizeof buf);
  g_assert_cmpuint (vigil_ndisc_build_unsolicited_na (buf, sizeof buf, test_mac, &ip, c->router),
                    ==, VIGIL_UNSOLICITED_NA_LEN);
  g_assert_cmpmem (buf, VIGIL_UNSOLICITED_NA_LEN, c->expected, sizeof c->expected);
  g_assert_cmpuint (buf[VIGIL_UNSOLICITED_NA_LEN], ==, 0xaa);
}

static void
test_na_short_buffer (void)
{
  guint8 buf[VIGIL_UNSOLICITED_NA_LEN - 1];
  struct in6_addr ip = IN6ADDR_ANY_INIT;

  g_assert_cmpuint (vigil_ndisc_build_unsolicited_na (buf, sizeof buf, test_mac, &ip, FALSE),
                    ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/arp/garp/frame", test_garp_frame);
  g_test_add_func ("/arp/garp/short-buffer", test_garp_short_buffer);
  for (gsize i = 0; i < G_N_ELEMENTS (na_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/arp/na/%s", na_cases[i].name);
      g_test_add_data_func (path, &na_cases[i], test_na_payload);
    }
  g_test_add_func ("/arp/na/short-buffer", test_na_short_buffer);
  return g_test_run ();
}
