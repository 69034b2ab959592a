/* netns-helper.c - a private network namespace for the src/net tests */
#include "netns-helper.h"
#include "net/inet-addr.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <linux/if.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>

typedef struct nl_sock TestNlSock;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestNlSock, nl_socket_free)
typedef struct rtnl_link TestRtnlLink;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestRtnlLink, rtnl_link_put)
typedef struct rtnl_addr TestRtnlAddr;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestRtnlAddr, rtnl_addr_put)
typedef struct nl_addr TestNlAddr;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestNlAddr, nl_addr_put)
typedef struct nl_cache TestNlCache;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestNlCache, nl_cache_free)

static TestNlSock *
route_socket (void)
{
  TestNlSock *sk = nl_socket_alloc ();

  g_assert_nonnull (sk);
  g_assert_cmpint (nl_connect (sk, NETLINK_ROUTE), ==, 0);
  return sk;
}

static void
write_sysctl (const char *path, const char *value)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents_full (path, value, -1, G_FILE_SET_CONTENTS_NONE, 0644, &error))
    g_test_message ("cannot set %s: %s", path, error->message);
}

gboolean
vigil_test_netns_enter (void)
{
  if (geteuid () != 0)
    return FALSE;
  if (unshare (CLONE_NEWNET) < 0)
    {
      g_test_message ("unshare(CLONE_NEWNET): %s", g_strerror (errno));
      return FALSE;
    }
  /* /proc/sys/net now shows the new namespace: this changes nothing of
   * the host. Without DAD, link-local addresses are usable at once. */
  write_sysctl ("/proc/sys/net/ipv6/conf/default/accept_dad", "0");
  write_sysctl ("/proc/sys/net/ipv6/conf/all/accept_dad", "0");
  vigil_test_link_set_up ("lo", TRUE);
  return TRUE;
}

int
vigil_test_veth_add (const char *name, const char *peer)
{
  g_autoptr(TestNlSock) sk = route_socket ();

  g_assert_cmpint (rtnl_link_veth_add (sk, name, peer, getpid ()), ==, 0);
  return vigil_test_link_index (name);
}

int
vigil_test_link_index (const char *name)
{
  g_autoptr(TestNlSock) sk = route_socket ();
  g_autoptr(TestRtnlLink) link = NULL;

  if (rtnl_link_get_kernel (sk, 0, name, &link) < 0)
    return 0;
  return rtnl_link_get_ifindex (link);
}

void
vigil_test_link_set_up (const char *name, gboolean up)
{
  g_autoptr(TestNlSock) sk = route_socket ();
  g_autoptr(TestRtnlLink) link = NULL;
  g_autoptr(TestRtnlLink) change = rtnl_link_alloc ();

  g_assert_cmpint (rtnl_link_get_kernel (sk, 0, name, &link), ==, 0);
  if (up)
    rtnl_link_set_flags (change, IFF_UP);
  else
    rtnl_link_unset_flags (change, IFF_UP);
  g_assert_cmpint (rtnl_link_change (sk, link, change, 0), ==, 0);
}

void
vigil_test_link_delete (const char *name)
{
  g_autoptr(TestNlSock) sk = route_socket ();
  g_autoptr(TestRtnlLink) link = rtnl_link_alloc ();

  rtnl_link_set_name (link, name);
  g_assert_cmpint (rtnl_link_delete (sk, link), ==, 0);
}

static TestRtnlAddr *
address_request (int ifindex, const char *address_prefix)
{
  VigilInetAddr addr;
  guint8 prefix_len;
  TestRtnlAddr *req = rtnl_addr_alloc ();
  g_autoptr(TestNlAddr) local = NULL;

  g_assert_true (vigil_inet_addr_parse_prefix (address_prefix, &addr, &prefix_len, NULL));
  local = nl_addr_build (addr.family, addr.u.bytes, vigil_inet_addr_len (&addr));
  nl_addr_set_prefixlen (local, prefix_len);
  rtnl_addr_set_ifindex (req, ifindex);
  g_assert_cmpint (rtnl_addr_set_local (req, local), ==, 0);
  if (addr.family == AF_INET6)
    rtnl_addr_set_flags (req, IFA_F_NODAD);
  return req;
}

void
vigil_test_address_add (int ifindex, const char *address_prefix)
{
  g_autoptr(TestNlSock) sk = route_socket ();
  g_autoptr(TestRtnlAddr) req = address_request (ifindex, address_prefix);

  g_assert_cmpint (rtnl_addr_add (sk, req, 0), ==, 0);
}

void
vigil_test_address_delete (int ifindex, const char *address_prefix)
{
  g_autoptr(TestNlSock) sk = route_socket ();
  g_autoptr(TestRtnlAddr) req = address_request (ifindex, address_prefix);

  g_assert_cmpint (rtnl_addr_delete (sk, req, 0), ==, 0);
}

gboolean
vigil_test_address_info (int ifindex, const char *address, VigilTestAddressInfo *out)
{
  g_autoptr(TestNlSock) sk = route_socket ();
  g_autoptr(TestNlCache) cache = NULL;
  VigilInetAddr want;

  g_assert_true (vigil_inet_addr_parse (address, &want));
  g_assert_cmpint (rtnl_addr_alloc_cache (sk, &cache), ==, 0);
  for (struct nl_object *obj = nl_cache_get_first (cache); obj != NULL;
       obj = nl_cache_get_next (obj))
    {
      struct rtnl_addr *a = (struct rtnl_addr *) obj;
      struct nl_addr *local = rtnl_addr_get_local (a);
      struct nl_addr *brd = rtnl_addr_get_broadcast (a);
      const char *label = rtnl_addr_get_label (a);

      if (rtnl_addr_get_ifindex (a) != ifindex || local == NULL
          || nl_addr_get_len (local) != vigil_inet_addr_len (&want)
          || memcmp (nl_addr_get_binary_addr (local), want.u.bytes,
                     vigil_inet_addr_len (&want)) != 0)
        continue;
      memset (out, 0, sizeof *out);
      out->flags = rtnl_addr_get_flags (a);
      out->scope = rtnl_addr_get_scope (a);
      out->prefix_len = rtnl_addr_get_prefixlen (a);
      g_strlcpy (out->label, label != NULL ? label : "", sizeof out->label);
      if (brd != NULL && nl_addr_get_len (brd) == 4)
        vigil_inet_addr_from_v4 (&out->broadcast, nl_addr_get_binary_addr (brd));
      return TRUE;
    }
  return FALSE;
}

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
vigil_test_wait_for (gboolean *flag, guint timeout_ms)
{
  GMainContext *context = g_main_context_get_thread_default ();
  gboolean timed_out = FALSE;
  GSource *timeout = g_timeout_source_new (timeout_ms);

  g_source_set_callback (timeout, on_timeout, &timed_out, NULL);
  g_source_attach (timeout, context);
  while (!*flag && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  return *flag;
}
