/* test-route-set.c - routes and rules vigil added, and only those, are
 * removed: at remove(), and by recover() after a crash */
#include "config/config.h"
#include "net/route-set.h"
#include "netns-helper.h"

#include <glib/gstdio.h>
#include <string.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>

typedef struct {
  gboolean netns;
} TestEnv;

typedef struct {
  VigilNetlink *nl;
  char *dir;
  char *path;
  VigilConfig *config;
} Fixture;

#define SKIP_UNLESS_NETNS(f) \
  do { if ((f)->nl == NULL) return; } while (0)

static gboolean
every_interface_exists (const char *name, gpointer user_data)
{
  return TRUE;
}

static const char *const CONFIG =
  "static_routes {\n"
  "  198.51.100.0/25 via 192.0.2.254 dev rs0 metric 5\n"
  "  blackhole 198.51.100.128/26 table 100\n"
  "  198.51.100.192/26 dev nosuch0\n"
  "}\n"
  "static_rules {\n"
  "  from 192.0.2.10 table 100 priority 1234\n"
  "}\n";

static VigilConfig *
load (const char *text)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  VigilConfLoadOptions options = { .config_id = "main", .no_includes = TRUE };
  VigilConfigEnv env = { every_interface_exists, NULL };
  VigilConfig *config = vigil_config_load_string_full ("test.conf", text, &options, &env, diags);

  g_assert_nonnull (config);
  return config;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  const TestEnv *env = data;
  g_autoptr(GError) error = NULL;
  int ifindex;

  if (!env->netns)
    {
      g_test_skip ("needs root and a private network namespace");
      return;
    }
  ifindex = vigil_test_veth_add ("rs0", "rs1");
  vigil_test_link_set_up ("rs0", TRUE);
  vigil_test_link_set_up ("rs1", TRUE);
  vigil_test_address_add (ifindex, "192.0.2.10/24");
  f->nl = vigil_netlink_new (&error);
  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("vigil-routes-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "objects", NULL);
  f->config = load (CONFIG);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->nl == NULL)
    return;
  g_unlink (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_clear_pointer (&f->config, vigil_config_free);
  g_clear_object (&f->nl);
  vigil_test_link_delete ("rs0");
}

/* Whether the kernel has a route to `dst` ("198.51.100.0/25") in `table`,
 * read through a socket and cache of the test's own. */
static gboolean
route_present (const char *dst, guint table)
{
  struct nl_sock *sk = nl_socket_alloc ();
  struct nl_cache *cache = NULL;
  gboolean found = FALSE;

  g_assert_cmpint (nl_connect (sk, NETLINK_ROUTE), ==, 0);
  g_assert_cmpint (rtnl_route_alloc_cache (sk, AF_INET, 0, &cache), ==, 0);
  for (struct nl_object *o = nl_cache_get_first (cache); o != NULL && !found;
       o = nl_cache_get_next (o))
    {
      struct rtnl_route *route = (struct rtnl_route *) o;
      char text[64];

      nl_addr2str (rtnl_route_get_dst (route), text, sizeof text);
      found = strcmp (text, dst) == 0 && rtnl_route_get_table (route) == table;
    }
  nl_cache_free (cache);
  nl_socket_free (sk);
  return found;
}

static gboolean
rule_present (guint32 priority)
{
  struct nl_sock *sk = nl_socket_alloc ();
  struct nl_cache *cache = NULL;
  gboolean found = FALSE;

  g_assert_cmpint (nl_connect (sk, NETLINK_ROUTE), ==, 0);
  g_assert_cmpint (rtnl_rule_alloc_cache (sk, AF_INET, &cache), ==, 0);
  for (struct nl_object *o = nl_cache_get_first (cache); o != NULL && !found;
       o = nl_cache_get_next (o))
    found = rtnl_rule_get_prio ((struct rtnl_rule *) o) == priority;
  nl_cache_free (cache);
  nl_socket_free (sk);
  return found;
}

static char *
read_file (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static VigilRouteSet *
new_set (Fixture *f, VigilObjectLedger *ledger)
{
  VigilRouteSet *set = vigil_route_set_new ("test", f->nl, ledger);

  vigil_route_set_set_conf (set, f->config->static_routes, f->config->static_rules);
  return set;
}

static void
install_expecting_missing_dev (VigilRouteSet *set)
{
  g_test_expect_message ("vigil-net", G_LOG_LEVEL_WARNING, "*198.51.100.192/26*nosuch0*");
  vigil_route_set_install (set);
  g_test_assert_expected_messages ();
}

/* Install adds what can be added (the route naming a missing interface is
 * left out with a warning), records it, and remove deletes it all. */
static void
test_install_remove (Fixture *f, gconstpointer data)
{
  g_autoptr(VigilObjectLedger) ledger = NULL;
  g_autoptr(VigilRouteSet) set = NULL;
  g_autofree char *text = NULL;

  SKIP_UNLESS_NETNS (f);
  ledger = vigil_object_ledger_new (f->path);
  set = new_set (f, ledger);
  install_expecting_missing_dev (set);
  g_assert_true (vigil_route_set_is_installed (set));
  g_assert_cmpuint (vigil_route_set_count_owned (set), ==, 3);
  g_assert_true (route_present ("198.51.100.0/25", 254));
  g_assert_true (route_present ("198.51.100.128/26", 100));
  g_assert_true (rule_present (1234));
  text = read_file (f->path);
  g_assert_nonnull (strstr (text, "# 198.51.100.0/25 via 192.0.2.254 dev rs0 metric 5"));
  g_assert_nonnull (strstr (text, "# from 192.0.2.10/32 table 100 priority 1234"));

  /* Installing again changes nothing. */
  install_expecting_missing_dev (set);
  g_assert_cmpuint (vigil_route_set_count_owned (set), ==, 3);

  vigil_route_set_remove (set);
  g_assert_false (route_present ("198.51.100.0/25", 254));
  g_assert_false (route_present ("198.51.100.128/26", 100));
  g_assert_false (rule_present (1234));
  g_clear_pointer (&text, g_free);
  text = read_file (f->path);
  g_assert_null (strstr (text, "198.51.100"));
}

/* A route that was there before is not vigil's: not recorded, not removed. */
static void
test_present_before (Fixture *f, gconstpointer data)
{
  g_autoptr(VigilObjectLedger) ledger = NULL;
  g_autoptr(VigilRouteSet) first = NULL;
  g_autoptr(VigilRouteSet) second = NULL;

  SKIP_UNLESS_NETNS (f);
  ledger = vigil_object_ledger_new (f->path);
  first = new_set (f, ledger);
  install_expecting_missing_dev (first);
  /* `second` finds everything present (as if someone else had added it). */
  second = new_set (f, ledger);
  g_test_expect_message ("vigil-net", G_LOG_LEVEL_WARNING, "*nosuch0*");
  vigil_route_set_install (second);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (vigil_route_set_count_owned (second), ==, 0);
  vigil_route_set_remove (second);
  g_assert_true (route_present ("198.51.100.0/25", 254));
  g_assert_true (rule_present (1234));
  vigil_route_set_remove (first);
  g_assert_false (route_present ("198.51.100.0/25", 254));
}

/* After a crash the next run deletes what the ledger file says. */
static void
test_recover (Fixture *f, gconstpointer data)
{
  g_autoptr(VigilObjectLedger) crashed = NULL;
  g_autoptr(VigilObjectLedger) next = NULL;
  g_autoptr(VigilRouteSet) set = NULL;
  g_autofree char *text = NULL;

  SKIP_UNLESS_NETNS (f);
  crashed = vigil_object_ledger_new (f->path);
  set = new_set (f, crashed);
  install_expecting_missing_dev (set);
  g_clear_pointer (&set, vigil_route_set_free);          /* dies without removing */
  g_clear_pointer (&crashed, vigil_object_ledger_free);
  g_assert_true (route_present ("198.51.100.0/25", 254));

  next = vigil_object_ledger_new (f->path);
  g_assert_cmpuint (vigil_route_set_recover (next, f->nl), ==, 3);
  g_assert_false (route_present ("198.51.100.0/25", 254));
  g_assert_false (route_present ("198.51.100.128/26", 100));
  g_assert_false (rule_present (1234));
  text = read_file (f->path);
  g_assert_null (strstr (text, "198.51.100"));
  /* Nothing left to do a second time. */
  g_assert_cmpuint (vigil_route_set_recover (next, f->nl), ==, 0);
}

/* A new configuration while installed: removed lines go, new ones come,
 * and the rest stays recorded as it was. */
static void
test_set_conf_difference (Fixture *f, gconstpointer data)
{
  g_autoptr(VigilObjectLedger) ledger = NULL;
  g_autoptr(VigilRouteSet) set = NULL;
  g_autoptr(VigilConfig) next = load ("static_routes {\n"
                                      "  198.51.100.0/25 via 192.0.2.254 dev rs0 metric 5\n"
                                      "  198.51.100.192/26 via 192.0.2.254 dev rs0\n"
                                      "}\n");

  SKIP_UNLESS_NETNS (f);
  ledger = vigil_object_ledger_new (f->path);
  set = new_set (f, ledger);
  install_expecting_missing_dev (set);
  vigil_route_set_set_conf (set, next->static_routes, next->static_rules);
  g_assert_true (route_present ("198.51.100.0/25", 254));
  g_assert_true (route_present ("198.51.100.192/26", 254));
  g_assert_false (route_present ("198.51.100.128/26", 100));
  g_assert_false (rule_present (1234));
  g_assert_cmpuint (vigil_route_set_count_owned (set), ==, 2);
  vigil_route_set_remove (set);
  g_assert_false (route_present ("198.51.100.192/26", 254));
}

static void
test_conf_equal (void)
{
  g_autoptr(VigilConfig) a = load (CONFIG);
  g_autoptr(VigilConfig) b = load (CONFIG);
  g_autoptr(VigilConfig) c = load ("static_routes {\n"
                                   "  198.51.100.0/25 via 192.0.2.254 dev rs1 metric 5\n"
                                   "  blackhole 198.51.100.128/26 table 100\n"
                                   "  198.51.100.192/26 dev nosuch0\n"
                                   "}\n"
                                   "static_rules {\n"
                                   "  from 192.0.2.10 table 100 priority 1234\n"
                                   "}\n");

  g_assert_true (vigil_route_set_conf_equal (a->static_routes, a->static_rules,
                                             b->static_routes, b->static_rules));
  /* Only the interface name differs. */
  g_assert_false (vigil_route_set_conf_equal (a->static_routes, a->static_rules,
                                              c->static_routes, c->static_rules));
  g_assert_false (vigil_route_set_conf_equal (a->static_routes, a->static_rules,
                                              a->static_routes, NULL));
  g_assert_true (vigil_route_set_conf_equal (NULL, NULL, NULL, NULL));
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
  ADD ("/route-set/install-remove", test_install_remove);
  ADD ("/route-set/present-before", test_present_before);
  ADD ("/route-set/recover", test_recover);
  ADD ("/route-set/set-conf-difference", test_set_conf_difference);
#undef ADD
  g_test_add_func ("/route-set/conf-equal", test_conf_equal);
  rc = g_test_run ();
  return rc;
}
