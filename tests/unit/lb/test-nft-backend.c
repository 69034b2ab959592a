/* test-nft-backend.c - the nftables backend against the kernel, in a
 * network namespace of the test's own (root only; skipped otherwise) */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include "daemon/error.h"
#include "lb/nft-backend.h"
#include "lb/nft-ruleset.h"

#define TABLE "vigil_lb_test"

static gboolean in_netns;

/* `nft ARGS...` through the CLI, a different path from the backend's
 * libnftables; returns its stdout, NULL when it failed. */
static char *
nft_cli (const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) "nft");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL,
                               NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    return NULL;
  return g_steal_pointer (&out);
}

static char *
list_table (void)
{
  const char *args[] = { "list", "table", "inet", TABLE, NULL };
  return nft_cli (args);
}

static VigilLbService *
web_service (const char *key, const char *vip, guint16 port, const guint *weights, guint n)
{
  VigilLbService *service = vigil_lb_service_new (key, IPPROTO_TCP);
  VigilLbEndpoint endpoint = { .port = port };

  g_assert_true (vigil_inet_addr_parse (vip, &endpoint.addr));
  endpoint.family = endpoint.addr.family;
  endpoint.addr_end = endpoint.addr;
  g_array_append_val (service->endpoints, endpoint);
  service->scheduler = "wrr";
  for (guint i = 0; i < n; i++)
    {
      VigilLbDestination d = { .port = port, .weight = weights[i] };
      g_autofree char *text = endpoint.family == AF_INET6
                              ? g_strdup_printf ("2001:db8:1::%u", 10 + i)
                              : g_strdup_printf ("198.51.100.%u", 10 + i);

      g_assert_true (vigil_inet_addr_parse (text, &d.addr));
      g_array_append_val (service->destinations, d);
    }
  return service;
}

typedef struct {
  char *runtime_dir;
  char *ledger;
  VigilLbBackend *backend;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->runtime_dir = g_dir_make_tmp ("vigil-nft-XXXXXX", NULL);
  f->ledger = g_build_filename (f->runtime_dir, VIGIL_NFT_BACKEND_LEDGER_NAME, NULL);
  if (!in_netns)
    return;
  f->backend = vigil_nft_backend_new (TABLE, f->runtime_dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  const char *args[] = { "delete", "table", "inet", TABLE, NULL };
  g_autofree char *ignored = NULL;

  g_clear_object (&f->backend);
  if (in_netns)
    ignored = nft_cli (args);
  g_unlink (f->ledger);
  g_rmdir (f->runtime_dir);
  g_free (f->ledger);
  g_free (f->runtime_dir);
}

#define SKIP_WITHOUT_NETNS()                                               \
  G_STMT_START {                                                           \
    if (!in_netns)                                                         \
      {                                                                    \
        g_test_skip ("needs root and a network namespace of its own");     \
        return;                                                            \
      }                                                                    \
  } G_STMT_END

static void
test_set_change_remove_flush (Fixture *f, gconstpointer data)
{
  const guint weights[] = { 3, 1 };
  const guint changed[] = { 1, 0 };
  const guint v6_weights[] = { 1, 1 };
  g_autoptr(VigilLbService) web = web_service ("192.0.2.100:80", "192.0.2.100", 80, weights, 2);
  g_autoptr(VigilLbService) web6 = web_service ("[2001:db8::100]:80", "2001:db8::100", 80,
                                                v6_weights, 2);
  g_autofree char *web_name = vigil_nft_ruleset_service_name (web->key);
  g_autofree char *web6_name = vigil_nft_ruleset_service_name (web6->key);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *ledger = NULL;

  SKIP_WITHOUT_NETNS ();
  g_assert_cmpstr (vigil_lb_backend_get_name (f->backend), ==, "nftables");
  /* nothing exists before the first service */
  g_assert_null ((listing = list_table ()));

  g_assert_true (vigil_lb_backend_set_service (f->backend, web, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_lb_backend_set_service (f->backend, web6, &error));
  g_assert_no_error (error);
  listing = list_table ();
  g_assert_nonnull (listing);
  g_test_message ("%s", listing);
  g_assert_nonnull (strstr (listing, "ip daddr 192.0.2.100 tcp dport 80 dnat ip to numgen inc "
                            "mod 4 map { 0-2 : 198.51.100.10 . 80, 3 : 198.51.100.11 . 80 }"));
  g_assert_nonnull (strstr (listing, "ip6 daddr 2001:db8::100 tcp dport 80 dnat ip6 to numgen "
                            "inc mod 2 map { 0 : 2001:db8:1::10 . 80, 1 : 2001:db8:1::11 . 80 }"));
  g_assert_nonnull (strstr (listing, "type nat hook prerouting priority dstnat"));
  g_assert_nonnull (strstr (listing, "type nat hook output priority -100"));
  g_assert_true (g_file_get_contents (f->ledger, &ledger, NULL, NULL));
  g_assert_nonnull (strstr (ledger, "\ninet " TABLE "\n"));

  /* weights change: one transaction swaps the rule */
  g_array_index (web->destinations, VigilLbDestination, 0).weight = changed[0];
  g_array_index (web->destinations, VigilLbDestination, 1).weight = changed[1];
  g_assert_true (vigil_lb_backend_set_service (f->backend, web, &error));
  g_clear_pointer (&listing, g_free);
  listing = list_table ();
  g_assert_nonnull (strstr (listing, "ip daddr 192.0.2.100 tcp dport 80 dnat ip to "
                            "198.51.100.10:80"));
  g_assert_null (strstr (listing, "numgen inc mod 4"));
  /* the other service is untouched */
  g_assert_nonnull (strstr (listing, "numgen inc mod 2"));

  /* all weights 0: new connections are refused */
  g_array_index (web->destinations, VigilLbDestination, 0).weight = 0;
  g_assert_true (vigil_lb_backend_set_service (f->backend, web, &error));
  g_clear_pointer (&listing, g_free);
  listing = list_table ();
  g_assert_nonnull (strstr (listing, "ip daddr 192.0.2.100 tcp dport 80 drop"));

  g_assert_true (vigil_lb_backend_remove_service (f->backend, web->key, &error));
  g_assert_no_error (error);
  g_clear_pointer (&listing, g_free);
  listing = list_table ();
  g_assert_null (strstr (listing, web_name));
  g_assert_nonnull (strstr (listing, web6_name));
  /* removing it again is no error */
  g_assert_true (vigil_lb_backend_remove_service (f->backend, web->key, &error));

  g_assert_true (vigil_lb_backend_flush (f->backend, &error));
  g_assert_no_error (error);
  g_clear_pointer (&listing, g_free);
  g_assert_null ((listing = list_table ()));
  g_assert_false (g_file_test (f->ledger, G_FILE_TEST_EXISTS));
  /* a flush of nothing is no error */
  g_assert_true (vigil_lb_backend_flush (f->backend, &error));
  /* usable again after a flush */
  g_assert_true (vigil_lb_backend_set_service (f->backend, web6, &error));
  g_assert_nonnull ((listing = list_table ()));
}

static void
test_persistence_and_fwmark (Fixture *f, gconstpointer data)
{
  const guint weights[] = { 1, 2 };
  g_autoptr(VigilLbService) web = web_service ("192.0.2.100:443", "192.0.2.100", 443,
                                               weights, 2);
  g_autoptr(VigilLbService) mark = vigil_lb_service_new ("FWM 5", IPPROTO_UDP);
  VigilLbEndpoint endpoint = { .is_fwmark = TRUE, .fwmark = 5, .family = AF_INET };
  VigilLbDestination d = { .weight = 1 };
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *name = vigil_nft_ruleset_service_name (web->key);
  g_autofree char *map = g_strdup_printf ("map %s_pa4", name);

  SKIP_WITHOUT_NETNS ();
  web->persistence_timeout = 600;
  g_assert_true (vigil_lb_backend_set_service (f->backend, web, &error));
  g_assert_no_error (error);
  g_array_append_val (mark->endpoints, endpoint);
  g_assert_true (vigil_inet_addr_parse ("198.51.100.20", &d.addr));
  g_array_append_val (mark->destinations, d);
  g_assert_true (vigil_inet_addr_parse ("198.51.100.21", &d.addr));
  g_array_append_val (mark->destinations, d);
  g_assert_true (vigil_lb_backend_set_service (f->backend, mark, &error));
  g_assert_no_error (error);

  listing = list_table ();
  g_test_message ("%s", listing);
  g_assert_nonnull (strstr (listing, map));
  g_assert_nonnull (strstr (listing, "flags dynamic,timeout"));
  g_assert_nonnull (strstr (listing, "update @"));
  g_assert_nonnull (strstr (listing, "timeout 10m : ip daddr }"));
  g_assert_nonnull (strstr (listing, "meta mark 0x00000005"));
  g_assert_nonnull (strstr (listing, "map { 0 : 198.51.100.20, 1 : 198.51.100.21 }"));

  /* real servers on another port: the map holds the port too */
  g_array_index (web->destinations, VigilLbDestination, 0).port = 8443;
  g_assert_true (vigil_lb_backend_set_service (f->backend, web, &error));
  g_assert_no_error (error);
  g_clear_pointer (&listing, g_free);
  listing = list_table ();
  g_assert_nonnull (strstr (listing, "timeout 10m : ip daddr . tcp dport }"));
  g_array_index (web->destinations, VigilLbDestination, 0).port = 443;

  /* persistence off: its map and chain go */
  web->persistence_timeout = 0;
  g_assert_true (vigil_lb_backend_set_service (f->backend, web, &error));
  g_clear_pointer (&listing, g_free);
  listing = list_table ();
  g_assert_null (strstr (listing, map));
  g_assert_null (strstr (listing, "update @"));
}

/* IPv6 persistence: libnftables 1.0.6 aborts on a map update of an IPv6
 * key to address . port, so that one is left out, with a warning; the
 * process must survive both. */
static void
test_persistence_ipv6 (Fixture *f, gconstpointer data)
{
  const guint weights[] = { 1, 1 };
  g_autoptr(VigilLbService) web6 = web_service ("[2001:db8::100]:443", "2001:db8::100", 443,
                                                weights, 2);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  SKIP_WITHOUT_NETNS ();
  web6->persistence_timeout = 60;
  g_assert_true (vigil_lb_backend_set_service (f->backend, web6, &error));
  g_assert_no_error (error);
  listing = list_table ();
  g_assert_nonnull (strstr (listing, "timeout 1m : ip6 daddr }"));

  g_array_index (web6->destinations, VigilLbDestination, 1).port = 8443;
  g_test_expect_message ("vigil-lb", G_LOG_LEVEL_WARNING,
                         "*persistence_timeout is not applied to IPv6*");
  g_assert_true (vigil_lb_backend_set_service (f->backend, web6, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_clear_pointer (&listing, g_free);
  listing = list_table ();
  g_assert_null (strstr (listing, "update @"));
  g_assert_nonnull (strstr (listing, "2001:db8:1::11 . 8443"));
}

static void
test_errors_change_nothing (Fixture *f, gconstpointer data)
{
  const guint weights[] = { 1 };
  g_autoptr(VigilLbService) web = web_service ("192.0.2.100:80", "192.0.2.100", 80, weights, 1);
  g_autoptr(VigilLbService) icmp = vigil_lb_service_new ("icmp", IPPROTO_ICMP);
  g_autofree char *name = vigil_nft_ruleset_service_name (web->key);
  g_autofree char *chain = g_strdup_printf ("%s_pre", name);
  const char *make_table[] = { "add", "table", "inet", TABLE, NULL };
  const char *squat[] = { "add", "chain", "inet", TABLE, chain, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *listing = NULL;

  SKIP_WITHOUT_NETNS ();
  /* cannot be expressed: refused before the kernel is asked */
  g_assert_false (vigil_lb_backend_set_service (f->backend, icmp, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_null ((listing = list_table ()));

  /* the kernel refuses (a regular chain squats the base chain's name):
   * the whole transaction fails, the error says where */
  g_assert_nonnull ((out = nft_cli (make_table)));
  g_clear_pointer (&out, g_free);
  g_assert_nonnull ((out = nft_cli (squat)));
  g_assert_false (vigil_lb_backend_set_service (f->backend, web, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "nftables table inet " TABLE
                                   ": 192.0.2.100:80 failed: "));
  listing = list_table ();
  g_assert_null (strstr (listing, "dnat"));
  /* it was not recorded as set: removing it asks nothing of the kernel */
  g_assert_true (vigil_lb_backend_remove_service (f->backend, web->key, NULL));
}

static void
test_recovers_after_crash (Fixture *f, gconstpointer data)
{
  const guint weights[] = { 1, 1 };
  g_autoptr(VigilLbService) web = web_service ("192.0.2.100:80", "192.0.2.100", 80, weights, 2);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(VigilLbBackend) next = NULL;

  SKIP_WITHOUT_NETNS ();
  g_assert_true (vigil_lb_backend_set_service (f->backend, web, &error));
  /* the process "dies": no flush */
  g_clear_object (&f->backend);
  g_assert_nonnull ((listing = list_table ()));
  g_assert_true (g_file_test (f->ledger, G_FILE_TEST_EXISTS));

  /* the next run on the same runtime dir deletes what was left */
  next = vigil_nft_backend_new (TABLE, f->runtime_dir, &error);
  g_assert_no_error (error);
  g_clear_pointer (&listing, g_free);
  g_assert_null ((listing = list_table ()));
  g_assert_false (g_file_test (f->ledger, G_FILE_TEST_EXISTS));

  /* a malformed ledger line is skipped, and a table already gone is fine */
  g_assert_true (g_file_set_contents (f->ledger, "inet bad;name\ninet " TABLE "\n", -1, NULL));
  g_clear_object (&next);
  g_test_expect_message ("vigil-lb", G_LOG_LEVEL_WARNING,
                         "*nftables-lb:1: ignoring malformed line 'inet bad;name'");
  next = vigil_nft_backend_new (TABLE, f->runtime_dir, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_false (g_file_test (f->ledger, G_FILE_TEST_EXISTS));
}

static gboolean
write_sysctl (const char *path)
{
  return g_file_set_contents_full (path, "1", -1, G_FILE_SET_CONTENTS_NONE, 0644, NULL);
}

int
main (int argc, char **argv)
{
  g_autofree char *nft = g_find_program_in_path ("nft");

  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (geteuid () == 0 && nft != NULL)
    {
      if (unshare (CLONE_NEWNET) == 0)
        {
          in_netns = TRUE;
          /* forwarding on, in this namespace only: else the backend
           * warns (a fatal warning here) that DNAT cannot work */
          g_assert_true (write_sysctl ("/proc/sys/net/ipv4/ip_forward"));
          g_assert_true (write_sysctl ("/proc/sys/net/ipv6/conf/all/forwarding"));
        }
      else
        g_test_message ("unshare(CLONE_NEWNET): %s", g_strerror (errno));
    }
  g_test_add ("/lb/nft-backend/set-change-remove-flush", Fixture, NULL, fixture_set_up,
              test_set_change_remove_flush, fixture_tear_down);
  g_test_add ("/lb/nft-backend/persistence-and-fwmark", Fixture, NULL, fixture_set_up,
              test_persistence_and_fwmark, fixture_tear_down);
  g_test_add ("/lb/nft-backend/persistence-ipv6", Fixture, NULL, fixture_set_up,
              test_persistence_ipv6, fixture_tear_down);
  g_test_add ("/lb/nft-backend/errors-change-nothing", Fixture, NULL, fixture_set_up,
              test_errors_change_nothing, fixture_tear_down);
  g_test_add ("/lb/nft-backend/recovers-after-crash", Fixture, NULL, fixture_set_up,
              test_recovers_after_crash, fixture_tear_down);
  return g_test_run ();
}
