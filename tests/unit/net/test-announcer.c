/* test-announcer.c - GARP and NA sent on a veth, received on its peer */
#include "net/arp.h"
#include "net/netlink.h"
#include "netns-helper.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <netpacket/packet.h>
#include <sys/socket.h>

#define WAIT_MS 3000

typedef struct {
  gboolean netns;
} TestEnv;

typedef struct {
  VigilNetlink *nl;
  VigilAnnouncer *announcer;
  VigilLinkInfo link;       /* an0, the sender */
  int capture_fd;           /* AF_PACKET on an1, the peer */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  const TestEnv *env = data;
  g_autoptr(GError) error = NULL;
  struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons (ETH_P_ALL) };

  f->capture_fd = -1;
  if (!env->netns)
    {
      g_test_skip ("needs root and a private network namespace");
      return;
    }
  vigil_test_veth_add ("an0", "an1");
  vigil_test_link_set_up ("an0", TRUE);
  vigil_test_link_set_up ("an1", TRUE);
  f->nl = vigil_netlink_new (&error);
  g_assert_no_error (error);
  g_assert_true (vigil_netlink_get_link_by_name (f->nl, "an0", &f->link, &error));
  f->announcer = vigil_announcer_new (&error);
  g_assert_no_error (error);

  f->capture_fd = socket (AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons (ETH_P_ALL));
  g_assert_cmpint (f->capture_fd, >=, 0);
  sll.sll_ifindex = vigil_test_link_index ("an1");
  g_assert_cmpint (bind (f->capture_fd, (struct sockaddr *) &sll, sizeof sll), ==, 0);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->nl == NULL)
    return;
  close (f->capture_fd);
  g_clear_pointer (&f->announcer, vigil_announcer_free);
  g_clear_object (&f->nl);
  vigil_test_link_delete ("an0");
}

#define SKIP_UNLESS_NETNS(f) \
  G_STMT_START { if ((f)->nl == NULL) return; } G_STMT_END

typedef gboolean (*FrameMatch) (const guint8 *frame, gsize len);

/* Read frames on the peer until one matches, for at most WAIT_MS. */
static gsize
capture (Fixture *f, FrameMatch match, guint8 *frame, gsize size)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      gint64 left = (deadline - g_get_monotonic_time ()) / G_TIME_SPAN_MILLISECOND;
      struct pollfd pfd = { .fd = f->capture_fd, .events = POLLIN };
      ssize_t n;

      if (left <= 0 || poll (&pfd, 1, (int) left) <= 0)
        return 0;
      n = recv (f->capture_fd, frame, size, 0);
      g_assert_cmpint (n, >=, 0);
      if (match (frame, n))
        return n;
    }
}

static gboolean
is_arp (const guint8 *frame, gsize len)
{
  return len >= 14 && frame[12] == 0x08 && frame[13] == 0x06;
}

static gboolean
is_na (const guint8 *frame, gsize len)
{
  return len >= 14 + 40 + 1 && frame[12] == 0x86 && frame[13] == 0xdd
    && frame[14 + 6] == IPPROTO_ICMPV6 && frame[14 + 40] == 136;
}

static void
test_garp (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint8 expected[VIGIL_GARP_FRAME_LEN];
  guint8 frame[2048];
  VigilInetAddr vip;
  gsize n;

  SKIP_UNLESS_NETNS (f);
  g_assert_true (vigil_inet_addr_parse ("192.0.2.100", &vip));
  g_assert_true (vigil_announcer_send (f->announcer, f->link.ifindex, f->link.mac, &vip, &error));
  g_assert_no_error (error);

  n = capture (f, is_arp, frame, sizeof frame);
  g_assert_cmpuint (n, >=, VIGIL_GARP_FRAME_LEN);
  vigil_arp_build_gratuitous (expected, sizeof expected, f->link.mac, &vip.u.v4);
  g_assert_cmpmem (frame, VIGIL_GARP_FRAME_LEN, expected, sizeof expected);
}

/* One's-complement sum over the IPv6 pseudo-header and the ICMPv6 message;
 * 0xffff when the checksum in the message is right. */
static guint16
icmpv6_sum (const guint8 *ip6, const guint8 *icmp, gsize len)
{
  guint32 sum = 0;

  for (int i = 8; i < 40; i += 2)           /* source and destination */
    sum += (ip6[i] << 8) | ip6[i + 1];
  sum += len;
  sum += IPPROTO_ICMPV6;
  for (gsize i = 0; i + 1 < len; i += 2)
    sum += (icmp[i] << 8) | icmp[i + 1];
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

static void
test_na (Fixture *f, gconstpointer data)
{
  static const guint8 all_nodes[16] = { 0xff, 0x02, [15] = 0x01 };
  static const guint8 all_nodes_mac[6] = { 0x33, 0x33, 0, 0, 0, 0x01 };
  g_autoptr(GError) error = NULL;
  guint8 expected[VIGIL_UNSOLICITED_NA_LEN];
  guint8 frame[2048];
  const guint8 *ip6 = frame + 14, *icmp = frame + 14 + 40;
  VigilInetAddr vip, ll;
  gsize n;

  SKIP_UNLESS_NETNS (f);
  /* The kernel adds the link-local address when the carrier comes up,
   * through linkwatch: up to a second after the link was set up. */
  for (gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
       !vigil_netlink_get_primary_address (f->nl, f->link.ifindex, AF_INET6, &ll)
       && g_get_monotonic_time () < end;)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_true (vigil_netlink_get_primary_address (f->nl, f->link.ifindex, AF_INET6, &ll));
  g_assert_true (vigil_inet_addr_is_link_local (&ll));
  g_assert_true (vigil_inet_addr_parse ("2001:db8::100", &vip));
  g_assert_true (vigil_announcer_send (f->announcer, f->link.ifindex, f->link.mac, &vip, &error));
  g_assert_no_error (error);

  n = capture (f, is_na, frame, sizeof frame);
  g_assert_cmpuint (n, ==, 14 + 40 + VIGIL_UNSOLICITED_NA_LEN);
  /* Ethernet: to the all-nodes group, from an0 */
  g_assert_cmpmem (frame, 6, all_nodes_mac, 6);
  g_assert_cmpmem (frame + 6, 6, f->link.mac, 6);
  /* IPv6: payload length, hop limit 255, from the link-local, to ff02::1 */
  g_assert_cmpuint ((ip6[4] << 8) | ip6[5], ==, VIGIL_UNSOLICITED_NA_LEN);
  g_assert_cmpuint (ip6[7], ==, 255);
  g_assert_cmpmem (ip6 + 8, 16, ll.u.bytes, 16);
  g_assert_cmpmem (ip6 + 24, 16, all_nodes, 16);
  /* ICMPv6: our bytes, with the kernel's checksum */
  vigil_ndisc_build_unsolicited_na (expected, sizeof expected, f->link.mac, &vip.u.v6, FALSE);
  g_assert_cmpmem (icmp, 2, expected, 2);
  g_assert_cmpmem (icmp + 4, VIGIL_UNSOLICITED_NA_LEN - 4, expected + 4,
                   VIGIL_UNSOLICITED_NA_LEN - 4);
  g_assert_cmpuint (icmpv6_sum (ip6, icmp, VIGIL_UNSOLICITED_NA_LEN), ==, 0xffff);
}

static void
test_send_error (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  VigilInetAddr vip;

  SKIP_UNLESS_NETNS (f);
  g_assert_true (vigil_inet_addr_parse ("192.0.2.100", &vip));
  g_assert_false (vigil_announcer_send (f->announcer, 999999, f->link.mac, &vip, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message,
                                   "cannot send gratuitous ARP for 192.0.2.100 on ifindex 999999: "));
  g_clear_error (&error);

  g_assert_true (vigil_inet_addr_parse ("2001:db8::100", &vip));
  g_assert_false (vigil_announcer_send (f->announcer, 999999, f->link.mac, &vip, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "2001:db8::100"));
}

int
main (int argc, char **argv)
{
  TestEnv env = { 0 };
  int rc;

  env.netns = vigil_test_netns_enter ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, Fixture, &env, fixture_set_up, fn, fixture_tear_down)
  ADD ("/announcer/garp", test_garp);
  ADD ("/announcer/na", test_na);
  ADD ("/announcer/send-error", test_send_error);
#undef ADD
  rc = g_test_run ();
  /* every case skipped: tell meson (77 = skipped) */
  return rc == 0 && !env.netns ? 77 : rc;
}
