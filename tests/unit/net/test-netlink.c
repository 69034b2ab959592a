/* test-netlink.c - VigilNetlink against the kernel, in a private netns */
#include "net/netlink.h"
#include "netns-helper.h"

#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#define WAIT_MS 3000

typedef struct {
  gboolean netns;           /* running in a private network namespace */
} TestEnv;

typedef struct {
  VigilNetlink *nl;
  int ifindex;              /* vt0 */
  int peer_ifindex;         /* vt1 */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  const TestEnv *env = data;
  g_autoptr(GError) error = NULL;

  if (!env->netns)
    {
      g_test_skip ("needs root and a private network namespace");
      return;
    }
  f->ifindex = vigil_test_veth_add ("vt0", "vt1");
  f->peer_ifindex = vigil_test_link_index ("vt1");
  g_assert_cmpint (f->ifindex, >, 0);
  vigil_test_link_set_up ("vt0", TRUE);
  vigil_test_link_set_up ("vt1", TRUE);
  f->nl = vigil_netlink_new (&error);
  g_assert_no_error (error);
  g_assert_nonnull (f->nl);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->nl == NULL)
    return;
  g_clear_object (&f->nl);
  vigil_test_link_delete ("vt0");   /* takes vt1 with it */
}

#define SKIP_UNLESS_NETNS(f) \
  G_STMT_START { if ((f)->nl == NULL) return; } G_STMT_END

static VigilAddressSpec
spec_for (int ifindex, const char *text)
{
  VigilAddressSpec spec = { .ifindex = ifindex };

  g_assert_true (vigil_inet_addr_parse_prefix (text, &spec.addr, &spec.prefix_len, NULL));
  return spec;
}

static VigilInetAddr
addr_of (const char *text)
{
  VigilInetAddr a;

  g_assert_true (vigil_inet_addr_parse (text, &a));
  return a;
}

static void
test_link_lookup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  VigilLinkInfo by_name, by_index, lo;

  SKIP_UNLESS_NETNS (f);
  g_assert_true (vigil_netlink_get_link_by_name (f->nl, "vt0", &by_name, &error));
  g_assert_no_error (error);
  g_assert_cmpint (by_name.ifindex, ==, f->ifindex);
  g_assert_cmpstr (by_name.name, ==, "vt0");
  g_assert_true (by_name.admin_up);
  g_assert_cmpuint (by_name.mac_len, ==, 6);
  g_assert_cmpuint (by_name.mtu, ==, 1500);

  g_assert_true (vigil_netlink_get_link_by_index (f->nl, f->ifindex, &by_index, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (by_index.name, ==, "vt0");
  g_assert_cmpmem (by_index.mac, 6, by_name.mac, 6);

  g_assert_true (vigil_netlink_get_link_by_name (f->nl, "lo", &lo, &error));
  g_assert_true (lo.running);

  /* a link made after the object: seen by the next lookup */
  vigil_test_veth_add ("vt2", "vt3");
  g_assert_true (vigil_netlink_get_link_by_name (f->nl, "vt3", &by_name, &error));
  g_assert_no_error (error);
  g_assert_false (by_name.admin_up);
  g_assert_false (by_name.running);
  vigil_test_link_delete ("vt2");
  g_assert_false (vigil_netlink_get_link_by_name (f->nl, "vt3", &by_name, NULL));
}

static void
test_link_missing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  VigilLinkInfo info;
  VigilAddressSpec spec = spec_for (999999, "192.0.2.10/24");
  gboolean already = TRUE;

  SKIP_UNLESS_NETNS (f);
  g_assert_false (vigil_netlink_get_link_by_name (f->nl, "nosuch0", &info, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nosuch0"));
  g_clear_error (&error);

  g_assert_false (vigil_netlink_get_link_by_index (f->nl, 999999, &info, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "999999"));
  g_clear_error (&error);

  g_assert_false (vigil_netlink_address_add (f->nl, &spec, &already, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (already);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message,
                                   "cannot add 192.0.2.10/24 to ifindex 999999: "));
  g_clear_error (&error);

  /* deleting from a link that is gone: nothing to delete */
  g_assert_true (vigil_netlink_address_delete (f->nl, &spec, &error));
  g_assert_no_error (error);
}

static void
test_address_ipv4 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  VigilAddressSpec spec = spec_for (f->ifindex, "192.0.2.10/24");
  VigilAddressSpec second = spec_for (f->ifindex, "192.0.2.11/24");
  VigilAddressSpec scoped = spec_for (f->ifindex, "198.51.100.5/24");
  VigilTestAddressInfo info;
  VigilInetAddr primary, brd = addr_of ("192.0.2.255");
  gboolean already = TRUE;

  SKIP_UNLESS_NETNS (f);
  spec.broadcast = brd;
  spec.label = "vt0:vip";
  spec.scope = RT_SCOPE_UNIVERSE;
  spec.noprefixroute = TRUE;

  g_assert_false (vigil_netlink_get_primary_address (f->nl, f->ifindex, AF_INET, &primary));
  g_assert_true (vigil_netlink_address_add (f->nl, &spec, &already, &error));
  g_assert_no_error (error);
  g_assert_false (already);
  g_assert_true (vigil_netlink_has_address (f->nl, f->ifindex, &spec.addr));
  g_assert_true (vigil_test_address_info (f->ifindex, "192.0.2.10", &info));
  g_assert_cmpuint (info.prefix_len, ==, 24);
  g_assert_cmpstr (info.label, ==, "vt0:vip");
  g_assert_true (vigil_inet_addr_equal (&info.broadcast, &brd));
  g_assert_cmpint (info.scope, ==, RT_SCOPE_UNIVERSE);
  g_assert_cmpuint (info.flags & IFA_F_NOPREFIXROUTE, !=, 0);

  /* a second address in the same subnet is secondary, so not primary */
  g_assert_true (vigil_netlink_address_add (f->nl, &second, &already, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_test_address_info (f->ifindex, "192.0.2.11", &info));
  g_assert_cmpuint (info.flags & IFA_F_SECONDARY, !=, 0);
  g_assert_true (vigil_netlink_get_primary_address (f->nl, f->ifindex, AF_INET, &primary));
  g_assert_true (vigil_inet_addr_equal (&primary, &spec.addr));
  g_assert_true (vigil_netlink_address_delete (f->nl, &second, &error));
  g_assert_no_error (error);

  /* scope, in a subnet of its own (the kernel wants one scope per subnet) */
  scoped.scope = RT_SCOPE_LINK;
  g_assert_true (vigil_netlink_address_add (f->nl, &scoped, &already, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_test_address_info (f->ifindex, "198.51.100.5", &info));
  g_assert_cmpint (info.scope, ==, RT_SCOPE_LINK);
  g_assert_cmpstr (info.label, ==, "vt0");
  g_assert_true (vigil_netlink_address_delete (f->nl, &scoped, &error));
  g_assert_no_error (error);

  /* already present: success, and says so */
  g_assert_true (vigil_netlink_address_add (f->nl, &spec, &already, &error));
  g_assert_no_error (error);
  g_assert_true (already);

  g_assert_true (vigil_netlink_address_delete (f->nl, &spec, &error));
  g_assert_no_error (error);
  g_assert_false (vigil_netlink_has_address (f->nl, f->ifindex, &spec.addr));
  g_assert_false (vigil_test_address_info (f->ifindex, "192.0.2.10", &info));
  /* absent: success too */
  g_assert_true (vigil_netlink_address_delete (f->nl, &spec, &error));
  g_assert_no_error (error);
}

static void
test_address_ipv6 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  VigilAddressSpec spec = spec_for (f->ifindex, "2001:db8::10/64");
  VigilTestAddressInfo info;
  VigilInetAddr ll;
  gboolean already = TRUE;

  SKIP_UNLESS_NETNS (f);
  spec.nodad = TRUE;
  spec.noprefixroute = TRUE;
  g_assert_true (vigil_netlink_address_add (f->nl, &spec, &already, &error));
  g_assert_no_error (error);
  g_assert_false (already);
  g_assert_true (vigil_netlink_has_address (f->nl, f->ifindex, &spec.addr));
  g_assert_true (vigil_test_address_info (f->ifindex, "2001:db8::10", &info));
  g_assert_cmpuint (info.prefix_len, ==, 64);
  g_assert_cmpuint (info.flags & IFA_F_NODAD, !=, 0);
  g_assert_cmpuint (info.flags & IFA_F_NOPREFIXROUTE, !=, 0);
  g_assert_cmpuint (info.flags & IFA_F_TENTATIVE, ==, 0);

  /* the global address is not the link-local one */
  if (vigil_netlink_get_primary_address (f->nl, f->ifindex, AF_INET6, &ll))
    g_assert_true (vigil_inet_addr_is_link_local (&ll));

  g_assert_true (vigil_netlink_address_add (f->nl, &spec, &already, &error));
  g_assert_no_error (error);
  g_assert_true (already);
  /* IPv6 knows one prefix per address: another one is "already present" */
  {
    VigilAddressSpec other = spec_for (f->ifindex, "2001:db8::10/80");
    g_assert_true (vigil_netlink_address_add (f->nl, &other, &already, &error));
    g_assert_no_error (error);
    g_assert_true (already);
    g_assert_true (vigil_test_address_info (f->ifindex, "2001:db8::10", &info));
    g_assert_cmpuint (info.prefix_len, ==, 64);
  }
  g_assert_true (vigil_netlink_address_delete (f->nl, &spec, &error));
  g_assert_no_error (error);
  g_assert_false (vigil_netlink_has_address (f->nl, f->ifindex, &spec.addr));
}

static void
test_invalid_prefix (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  VigilAddressSpec spec = spec_for (f->ifindex, "192.0.2.10/24");

  SKIP_UNLESS_NETNS (f);
  spec.prefix_len = 33;
  g_assert_false (vigil_netlink_address_add (f->nl, &spec, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "vt0"));
}

/* Lower or raise CAP_NET_ADMIN in the effective set (it stays permitted,
 * so it can come back). */
static void
set_net_admin (gboolean on)
{
  struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
  struct __user_cap_data_struct caps[2];

  g_assert_cmpint (syscall (SYS_capget, &hdr, caps), ==, 0);
  if (on)
    caps[0].effective |= 1u << CAP_NET_ADMIN;
  else
    caps[0].effective &= ~(1u << CAP_NET_ADMIN);
  g_assert_cmpint (syscall (SYS_capset, &hdr, caps), ==, 0);
}

static void
test_permission_denied (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  VigilAddressSpec spec = spec_for (f->ifindex, "192.0.2.10/24");

  SKIP_UNLESS_NETNS (f);
  set_net_admin (FALSE);
  g_assert_false (vigil_netlink_address_add (f->nl, &spec, NULL, &error));
  set_net_admin (TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_cmpstr (error->message, ==,
                   "cannot add 192.0.2.10/24 to vt0: Operation not permitted");
  g_assert_false (vigil_netlink_has_address (f->nl, f->ifindex, &spec.addr));
}

typedef struct {
  int ifindex;
  gboolean seen;
  gboolean running;
  VigilInetAddr addr;
  guint prefix_len;
} SignalWait;

static void
on_link_changed (VigilNetlink *nl, int ifindex, const char *name, gboolean running,
                 gpointer user_data)
{
  SignalWait *w = user_data;

  if (ifindex != w->ifindex)
    return;
  g_assert_cmpstr (name, ==, "vt0");
  if (running == w->running)
    w->seen = TRUE;
}

static void
test_link_changed_signal (Fixture *f, gconstpointer data)
{
  SignalWait w = { 0 };
  VigilLinkInfo info;
  gulong id;

  SKIP_UNLESS_NETNS (f);
  w.ifindex = f->ifindex;
  id = g_signal_connect (f->nl, "link-changed", G_CALLBACK (on_link_changed), &w);

  /* both ends up: vt0 gets carrier */
  w.running = TRUE;
  if (!(vigil_netlink_get_link_by_index (f->nl, f->ifindex, &info, NULL) && info.running))
    g_assert_true (vigil_test_wait_for (&w.seen, WAIT_MS));

  /* the peer goes down: vt0 loses carrier, stays admin up */
  w.seen = FALSE;
  w.running = FALSE;
  vigil_test_link_set_up ("vt1", FALSE);
  g_assert_true (vigil_test_wait_for (&w.seen, WAIT_MS));
  g_assert_true (vigil_netlink_get_link_by_index (f->nl, f->ifindex, &info, NULL));
  g_assert_true (info.admin_up);
  g_assert_false (info.running);

  w.seen = FALSE;
  w.running = TRUE;
  vigil_test_link_set_up ("vt1", TRUE);
  g_assert_true (vigil_test_wait_for (&w.seen, WAIT_MS));

  /* vt0 itself down */
  w.seen = FALSE;
  w.running = FALSE;
  vigil_test_link_set_up ("vt0", FALSE);
  g_assert_true (vigil_test_wait_for (&w.seen, WAIT_MS));
  g_assert_true (vigil_netlink_get_link_by_index (f->nl, f->ifindex, &info, NULL));
  g_assert_false (info.admin_up);

  g_signal_handler_disconnect (f->nl, id);
}

static void
on_link_removed (VigilNetlink *nl, int ifindex, const char *name, gpointer user_data)
{
  SignalWait *w = user_data;

  if (ifindex == w->ifindex)
    {
      g_assert_cmpstr (name, ==, "vt3");
      w->seen = TRUE;
    }
}

static void
test_link_removed_signal (Fixture *f, gconstpointer data)
{
  SignalWait w = { 0 };
  gulong id;

  SKIP_UNLESS_NETNS (f);
  vigil_test_veth_add ("vt2", "vt3");
  w.ifindex = vigil_test_link_index ("vt3");
  id = g_signal_connect (f->nl, "link-removed", G_CALLBACK (on_link_removed), &w);
  vigil_test_link_delete ("vt2");
  g_assert_true (vigil_test_wait_for (&w.seen, WAIT_MS));
  g_signal_handler_disconnect (f->nl, id);
}

static void
on_address_signal (VigilNetlink *nl, int ifindex, VigilInetAddr *addr, guint prefix_len,
                   gpointer user_data)
{
  SignalWait *w = user_data;

  if (ifindex == w->ifindex && vigil_inet_addr_equal (addr, &w->addr))
    {
      w->prefix_len = prefix_len;
      w->seen = TRUE;
    }
}

static void
test_address_signals (Fixture *f, gconstpointer data)
{
  SignalWait added = { 0 }, removed = { 0 };
  gulong id_added, id_removed;

  SKIP_UNLESS_NETNS (f);
  added.ifindex = removed.ifindex = f->ifindex;
  added.addr = removed.addr = addr_of ("198.51.100.7");
  id_added = g_signal_connect (f->nl, "address-added", G_CALLBACK (on_address_signal), &added);
  id_removed = g_signal_connect (f->nl, "address-removed", G_CALLBACK (on_address_signal),
                                 &removed);

  /* both changed from outside, through the test's own socket */
  vigil_test_address_add (f->ifindex, "198.51.100.7/25");
  g_assert_true (vigil_test_wait_for (&added.seen, WAIT_MS));
  g_assert_cmpuint (added.prefix_len, ==, 25);
  g_assert_true (vigil_netlink_has_address (f->nl, f->ifindex, &added.addr));

  vigil_test_address_delete (f->ifindex, "198.51.100.7/25");
  g_assert_true (vigil_test_wait_for (&removed.seen, WAIT_MS));
  g_assert_cmpuint (removed.prefix_len, ==, 25);
  g_assert_false (vigil_netlink_has_address (f->nl, f->ifindex, &added.addr));

  g_signal_handler_disconnect (f->nl, id_added);
  g_signal_handler_disconnect (f->nl, id_removed);
}

/* Signals come from the main loop, not from inside a lookup. */
static void
test_no_signal_inside_lookup (Fixture *f, gconstpointer data)
{
  SignalWait added = { 0 };
  gulong id;

  SKIP_UNLESS_NETNS (f);
  added.ifindex = f->ifindex;
  added.addr = addr_of ("198.51.100.8");
  id = g_signal_connect (f->nl, "address-added", G_CALLBACK (on_address_signal), &added);
  vigil_test_address_add (f->ifindex, "198.51.100.8/32");
  g_assert_true (vigil_netlink_has_address (f->nl, f->ifindex, &added.addr));
  g_assert_false (added.seen);
  g_assert_true (vigil_test_wait_for (&added.seen, WAIT_MS));
  g_signal_handler_disconnect (f->nl, id);
}

typedef struct {
  int ifindex;
  GHashTable *seen;         /* address text → itself */
} CollectAdded;

static void
on_address_collect (VigilNetlink *nl, int ifindex, VigilInetAddr *addr, guint prefix_len,
                    gpointer user_data)
{
  CollectAdded *c = user_data;
  char text[VIGIL_INET_ADDR_STRLEN];

  /* IPv4 only: the link-local IPv6 address may come and go meanwhile */
  if (ifindex == c->ifindex && addr->family == AF_INET)
    {
      char *key = g_strdup (vigil_inet_addr_to_string (addr, text));
      g_hash_table_replace (c->seen, key, key);
    }
}

/* Overflow the event socket: the object notices, re-reads everything and
 * signals what it missed. */
static void
test_overrun_resync (Fixture *f, gconstpointer data)
{
  enum { N = 64 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  CollectAdded c = { f->ifindex, seen };
  gint64 deadline;
  gulong id;

  SKIP_UNLESS_NETNS (f);
  g_test_expect_message ("vigil-net", G_LOG_LEVEL_WARNING, "*overrun (ENOBUFS)*");
  g_assert_true (vigil_netlink_set_receive_buffer (f->nl, 1, TRUE, &error));
  g_assert_no_error (error);
  id = g_signal_connect (f->nl, "address-added", G_CALLBACK (on_address_collect), &c);

  for (int i = 1; i <= N; i++)
    {
      g_autofree char *text = g_strdup_printf ("198.51.100.%d/32", i);
      vigil_test_address_add (f->ifindex, text);
    }

  deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;
  while (g_hash_table_size (seen) < N && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (g_hash_table_size (seen), ==, N);
  g_assert_cmpuint (vigil_netlink_get_resync_count (f->nl), >=, 1);
  g_test_assert_expected_messages ();
  for (int i = 1; i <= N; i++)
    {
      g_autofree char *text = g_strdup_printf ("198.51.100.%d", i);
      VigilInetAddr a = addr_of (text);
      g_assert_true (vigil_netlink_has_address (f->nl, f->ifindex, &a));
    }
  g_signal_handler_disconnect (f->nl, id);
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
  ADD ("/netlink/link/lookup", test_link_lookup);
  ADD ("/netlink/link/missing", test_link_missing);
  ADD ("/netlink/address/ipv4", test_address_ipv4);
  ADD ("/netlink/address/ipv6", test_address_ipv6);
  ADD ("/netlink/address/invalid-prefix", test_invalid_prefix);
  ADD ("/netlink/address/permission-denied", test_permission_denied);
  ADD ("/netlink/signal/link-changed", test_link_changed_signal);
  ADD ("/netlink/signal/link-removed", test_link_removed_signal);
  ADD ("/netlink/signal/address", test_address_signals);
  ADD ("/netlink/signal/not-inside-lookup", test_no_signal_inside_lookup);
  ADD ("/netlink/overrun-resync", test_overrun_resync);
#undef ADD
  rc = g_test_run ();
  /* every case skipped: tell meson (77 = skipped) */
  return rc == 0 && !env.netns ? 77 : rc;
}
