/* test-vip-filter.c - VigilVipFilter: who is filtered, the table it keeps
 * in the kernel (in a private network namespace, as root), and that it
 * removes what it made */
#include "config/config.h"
#include "firewall/vip-filter.h"
#include "netns-helper.h"

#include <glib/gstdio.h>
#include <nftables/libnftables.h>
#include <string.h>

static gboolean in_netns;

static gboolean
any_interface (const char *name, gpointer user_data)
{
  return TRUE;
}

static VigilConfig *
load (const char *text)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  const VigilConfigEnv env = { .interface_exists = any_interface };
  VigilConfig *config = vigil_config_load_string_full ("test.conf", text, NULL, &env, diags);

  if (config == NULL)
    {
      g_auto(GStrv) lines = vigil_diag_list_to_strv (diags);
      g_autofree char *joined = g_strjoinv ("\n", lines);
      g_error ("config refused:\n%s", joined);
    }
  return config;
}

#define INSTANCE(name, vrid, prio, extra) \
  "vrrp_instance " name " {\n interface lo\n virtual_router_id " vrid "\n" \
  " priority " prio "\n" extra "\n virtual_ipaddress {\n  192.0.2." vrid "/24\n }\n}\n"

/* ---- which instances are filtered (pure) ------------------------------------ */

static void
test_wanted (void)
{
  static const struct {
    const char *what;
    const char *text;
    gboolean wanted;
  } cases[] = {
    { "default: accept", INSTANCE ("VI_1", "1", "100", ""), FALSE },
    { "no_accept", INSTANCE ("VI_1", "1", "100", " no_accept"), TRUE },
    { "no_accept, address owner", INSTANCE ("VI_1", "1", "255", " no_accept"), FALSE },
    { "accept", INSTANCE ("VI_1", "1", "100", " accept"), FALSE },
    { "vrrp_strict", "global_defs {\n vrrp_strict\n}\n"
                     INSTANCE ("VI_1", "1", "100", ""), TRUE },
    { "vrrp_strict, address owner", "global_defs {\n vrrp_strict\n}\n"
                                    INSTANCE ("VI_1", "1", "255", ""), FALSE },
    { "vrrp_strict, v3 with accept", "global_defs {\n vrrp_strict\n}\n"
                                     INSTANCE ("VI_1", "1", "100", " version 3\n accept"), FALSE },
    { "vrrp_strict, v2 with accept: reset as keepalived does",
      "global_defs {\n vrrp_strict\n}\n"
      INSTANCE ("VI_1", "1", "100", " version 2\n accept"), TRUE },
    { "strict_mode on the instance", INSTANCE ("VI_1", "1", "100", " strict_mode on"), TRUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VigilConfig) config = load (cases[i].text);

      g_test_message ("%s", cases[i].what);
      g_assert_cmpint (vigil_vip_filter_instance_wanted (
                         g_ptr_array_index (config->vrrp_instances, 0)), ==, cases[i].wanted);
      g_assert_cmpint (vigil_vip_filter_config_wanted (config), ==, cases[i].wanted);
    }
}

static void
test_settings (void)
{
  static const struct {
    const char *global;
    const char *table;
    int priority;
    gboolean counters, ifindex;
  } cases[] = {
    { "", "vigil", -1, FALSE, FALSE },
    { " nftables\n", "vigil", -1, FALSE, FALSE },
    { " nftables keepalived\n", "keepalived", -1, FALSE, FALSE },
    { " nftables fw\n nftables_priority -150\n nftables_counters\n nftables_ifindex\n",
      "fw", -150, TRUE, TRUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strconcat ("global_defs {\n", cases[i].global, "}\n",
                                           INSTANCE ("VI_1", "1", "100", ""), NULL);
      g_autoptr(VigilConfig) config = load (text);
      VigilNftRulesSettings settings;

      vigil_vip_filter_settings_from_config (config, &settings);
      g_assert_cmpstr (settings.table, ==, cases[i].table);
      g_assert_cmpint (settings.priority, ==, cases[i].priority);
      g_assert_cmpint (settings.counters, ==, cases[i].counters);
      g_assert_cmpint (settings.ifindex, ==, cases[i].ifindex);
    }
}

static void
test_bad_table_name (void)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  const VigilConfigEnv env = { .interface_exists = any_interface };
  g_autoptr(VigilConfig) config = vigil_config_load_string_full (
    "test.conf", "global_defs {\n nftables \"x; flush ruleset\"\n}\n", NULL, &env, diags);
  g_auto(GStrv) lines = vigil_diag_list_to_strv (diags);

  g_assert_null (config);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_nonnull (strstr (lines[0], "test.conf:2:11: error: invalid nftables table name"));
}

/* ---- the kernel side -------------------------------------------------------- */

typedef struct {
  char *dir;
  char *record;
  VigilVipFilter *filter;
} Fixture;

/* `nft list table inet TABLE`, or NULL when there is none. */
static char *
list_table (const char *table)
{
  struct nft_ctx *nft = nft_ctx_new (NFT_CTX_DEFAULT);
  g_autofree char *command = g_strdup_printf ("list table inet %s", table);
  char *out = NULL;

  nft_ctx_buffer_output (nft);
  nft_ctx_buffer_error (nft);
  if (nft_run_cmd_from_buffer (nft, command) == 0)
    out = g_strdup (nft_ctx_get_output_buffer (nft));
  nft_ctx_free (nft);
  return out;
}

static gboolean
has_table (const char *table)
{
  g_autofree char *text = list_table (table);

  return text != NULL;
}

static void
nft_run (const char *commands)
{
  struct nft_ctx *nft = nft_ctx_new (NFT_CTX_DEFAULT);

  nft_ctx_buffer_error (nft);
  if (nft_run_cmd_from_buffer (nft, commands) != 0)
    g_error ("%s: %s", commands, nft_ctx_get_error_buffer (nft));
  nft_ctx_free (nft);
}

static VigilNftRulesAddress
address (const char *text)
{
  VigilNftRulesAddress out = { .ifindex = 1 };

  g_assert_true (vigil_inet_addr_parse (text, &out.addr));
  g_strlcpy (out.ifname, "lo", sizeof out.ifname);
  return out;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  if (!in_netns)
    {
      g_test_skip ("needs root and a private network namespace");
      return;
    }
  f->dir = g_dir_make_tmp ("vigil-filter-XXXXXX", &error);
  g_assert_no_error (error);
  f->record = g_build_filename (f->dir, "firewall", NULL);
  f->filter = vigil_vip_filter_new (f->record);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->filter == NULL)
    return;
  g_clear_object (&f->filter);
  nft_run ("add table inet vigil\ndelete table inet vigil\n"
           "add table inet fw2\ndelete table inet fw2\n");
  g_unlink (f->record);
  g_rmdir (f->dir);
  g_free (f->record);
  g_free (f->dir);
}

static void
test_claim_release (Fixture *f, gconstpointer data)
{
  g_autoptr(VigilConfig) config = NULL;
  const VigilNftRulesAddress a[] = { address ("192.0.2.1"), address ("2001:db8::1"),
                                     address ("fe80::1") };
  const VigilNftRulesAddress b[] = { address ("192.0.2.1"), address ("192.0.2.2") };
  g_autofree char *empty = NULL, *both = NULL, *only_b = NULL;

  if (f->filter == NULL)
    return;
  config = load (INSTANCE ("VI_1", "1", "100", " no_accept"));
  vigil_vip_filter_configure (f->filter, config);
  g_assert_cmpstr (vigil_vip_filter_get_table (f->filter), ==, "vigil");
  g_assert_true (g_file_test (f->record, G_FILE_TEST_EXISTS));
  empty = list_table ("vigil");
  g_assert_nonnull (empty);
  g_assert_null (strstr (empty, "elements"));

  vigil_vip_filter_claim (f->filter, "VI_1", a, G_N_ELEMENTS (a));
  vigil_vip_filter_claim (f->filter, "VI_2", b, G_N_ELEMENTS (b));
  g_assert_cmpuint (vigil_vip_filter_get_n_filtered (f->filter), ==, 4);
  both = list_table ("vigil");
  g_assert_nonnull (strstr (both, "elements = { 192.0.2.1, 192.0.2.2 }"));
  g_assert_nonnull (strstr (both, "elements = { 2001:db8::1 }"));
  g_assert_nonnull (strstr (both, "elements = { fe80::1 . \"lo\" }"));

  /* 192.0.2.1 is VI_2's too: it stays */
  vigil_vip_filter_release (f->filter, "VI_1");
  g_assert_cmpuint (vigil_vip_filter_get_n_filtered (f->filter), ==, 2);
  only_b = list_table ("vigil");
  g_assert_nonnull (strstr (only_b, "elements = { 192.0.2.1, 192.0.2.2 }"));
  g_assert_null (strstr (only_b, "2001:db8::1"));
  g_assert_null (strstr (only_b, "fe80::1"));

  /* releasing twice, or an owner that claimed nothing, changes nothing */
  vigil_vip_filter_release (f->filter, "VI_1");
  vigil_vip_filter_release (f->filter, "nobody");
  g_assert_cmpuint (vigil_vip_filter_get_n_filtered (f->filter), ==, 2);
  g_assert_cmpuint (vigil_vip_filter_get_failures (f->filter), ==, 0);

  vigil_vip_filter_stop (f->filter);
  g_assert_false (has_table ("vigil"));
  g_assert_false (g_file_test (f->record, G_FILE_TEST_EXISTS));
  g_assert_null (vigil_vip_filter_get_table (f->filter));
  vigil_vip_filter_stop (f->filter);   /* idempotent */
}

/* A new name (or priority, counters, ifindex) moves the table, with what
 * is filtered now; a config without filtered instances removes it. */
static void
test_reconfigure (Fixture *f, gconstpointer data)
{
  g_autoptr(VigilConfig) first = NULL, renamed = NULL, accepting = NULL;
  const VigilNftRulesAddress a[] = { address ("192.0.2.1") };
  g_autofree char *moved = NULL;
  g_autofree char *record = NULL;

  if (f->filter == NULL)
    return;
  first = load (INSTANCE ("VI_1", "1", "100", " no_accept"));
  renamed = load ("global_defs {\n nftables fw2\n nftables_counters\n}\n"
                  INSTANCE ("VI_1", "1", "100", " no_accept"));
  accepting = load ("global_defs {\n nftables fw2\n}\n" INSTANCE ("VI_1", "1", "100", ""));

  vigil_vip_filter_configure (f->filter, first);
  vigil_vip_filter_claim (f->filter, "VI_1", a, 1);
  vigil_vip_filter_configure (f->filter, renamed);
  g_assert_false (has_table ("vigil"));
  moved = list_table ("fw2");
  g_assert_nonnull (moved);
  g_assert_nonnull (strstr (moved, "elements = { 192.0.2.1 }"));
  g_assert_nonnull (strstr (moved, "ip daddr @vips counter packets 0 bytes 0 drop"));
  g_assert_true (g_file_get_contents (f->record, &record, NULL, NULL));
  g_assert_nonnull (strstr (record, "\nnftables inet fw2\n"));

  /* still claimed: the table stays until the owner lets go */
  vigil_vip_filter_configure (f->filter, accepting);
  g_assert_true (has_table ("fw2"));
  vigil_vip_filter_release (f->filter, "VI_1");
  vigil_vip_filter_configure (f->filter, accepting);
  g_assert_false (has_table ("fw2"));
  g_assert_false (g_file_test (f->record, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (vigil_vip_filter_get_failures (f->filter), ==, 0);
}

/* A table a crashed run left is deleted at the next start; other tables
 * are not touched; a record naming a table that is gone is fine. */
static void
test_recover (Fixture *f, gconstpointer data)
{
  g_autoptr(VigilConfig) config = NULL;
  const VigilNftRulesAddress a[] = { address ("192.0.2.1") };
  g_autoptr(VigilVipFilter) second = NULL;
  g_autofree char *other = NULL;

  if (f->filter == NULL)
    return;
  nft_run ("add table inet other\n");
  config = load ("global_defs {\n nftables fw2\n}\n" INSTANCE ("VI_1", "1", "100", " no_accept"));
  vigil_vip_filter_configure (f->filter, config);
  vigil_vip_filter_claim (f->filter, "VI_1", a, 1);
  /* the process dies: nothing is deleted */
  g_clear_object (&f->filter);
  g_assert_true (has_table ("fw2"));

  second = vigil_vip_filter_new (f->record);
  g_assert_true (vigil_vip_filter_recover (second));
  g_assert_false (has_table ("fw2"));
  g_assert_false (g_file_test (f->record, G_FILE_TEST_EXISTS));
  other = list_table ("other");
  g_assert_nonnull (other);
  g_assert_false (vigil_vip_filter_recover (second));   /* no record: nothing */

  /* a record whose table is already gone, and a malformed line */
  g_assert_true (g_file_set_contents (f->record, "# x\nnftables inet fw2\nrubbish\n", -1, NULL));
  g_test_expect_message ("vigil-firewall", G_LOG_LEVEL_WARNING, "*ignoring malformed line*");
  g_assert_false (vigil_vip_filter_recover (second));
  g_test_assert_expected_messages ();
  g_assert_false (g_file_test (f->record, G_FILE_TEST_EXISTS));
  nft_run ("delete table inet other\n");
  f->filter = g_steal_pointer (&second);
}

/* Someone deletes the table behind vigil's back (or flushes the whole
 * ruleset): the failed change is logged and counted, and the table is
 * made again with everything filtered now. */
static void
test_table_removed_by_someone (Fixture *f, gconstpointer data)
{
  g_autoptr(VigilConfig) config = NULL;
  const VigilNftRulesAddress a[] = { address ("192.0.2.1") };
  const VigilNftRulesAddress b[] = { address ("192.0.2.2") };
  g_autofree char *again = NULL;

  if (f->filter == NULL)
    return;
  config = load (INSTANCE ("VI_1", "1", "100", " no_accept"));
  vigil_vip_filter_configure (f->filter, config);
  vigil_vip_filter_claim (f->filter, "VI_1", a, 1);
  nft_run ("delete table inet vigil\n");
  g_test_expect_message ("vigil-firewall", G_LOG_LEVEL_WARNING,
                         "nftables table inet vigil: cannot add virtual addresses: *");
  vigil_vip_filter_claim (f->filter, "VI_2", b, 1);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (vigil_vip_filter_get_failures (f->filter), ==, 1);
  again = list_table ("vigil");
  g_assert_nonnull (again);
  g_assert_nonnull (strstr (again, "elements = { 192.0.2.1, 192.0.2.2 }"));

  nft_run ("flush ruleset\n");
  g_test_expect_message ("vigil-firewall", G_LOG_LEVEL_WARNING,
                         "nftables table inet vigil: cannot remove virtual addresses: *");
  vigil_vip_filter_release (f->filter, "VI_1");
  g_test_assert_expected_messages ();
  g_free (again);
  again = list_table ("vigil");
  g_assert_nonnull (again);
  g_assert_nonnull (strstr (again, "elements = { 192.0.2.2 }"));
  g_assert_cmpuint (vigil_vip_filter_get_failures (f->filter), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  in_netns = vigil_test_netns_enter ();
  g_test_add_func ("/vip-filter/wanted", test_wanted);
  g_test_add_func ("/vip-filter/settings", test_settings);
  g_test_add_func ("/vip-filter/bad-table-name", test_bad_table_name);
  g_test_add ("/vip-filter/claim-release", Fixture, NULL, fixture_set_up,
              test_claim_release, fixture_tear_down);
  g_test_add ("/vip-filter/reconfigure", Fixture, NULL, fixture_set_up,
              test_reconfigure, fixture_tear_down);
  g_test_add ("/vip-filter/recover", Fixture, NULL, fixture_set_up,
              test_recover, fixture_tear_down);
  g_test_add ("/vip-filter/table-removed-by-someone", Fixture, NULL, fixture_set_up,
              test_table_removed_by_someone, fixture_tear_down);
  return g_test_run ();
}
