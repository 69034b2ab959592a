/* test-nft-rules.c - the exact nftables text of the VIP filter, and that
 * nft itself accepts it (dry run, in a private namespace, as root) */
#include "firewall/nft-rules.h"
#include "netns-helper.h"

#include <nftables/libnftables.h>
#include <string.h>

static gboolean in_netns;

static VigilNftRulesAddress
address (const char *text, const char *ifname, int ifindex)
{
  VigilNftRulesAddress out = { .ifindex = ifindex };

  g_assert_true (vigil_inet_addr_parse (text, &out.addr));
  g_strlcpy (out.ifname, ifname, sizeof out.ifname);
  return out;
}

static const VigilNftRulesSettings defaults = { .table = "vigil", .priority = -1 };

/* nft parses and evaluates `commands` without committing anything. */
static void
assert_nft_accepts (const char *commands)
{
  struct nft_ctx *nft;
  int rc;

  if (!in_netns)
    {
      g_test_message ("not checked by nft: needs root and a private network namespace");
      return;
    }
  nft = nft_ctx_new (NFT_CTX_DEFAULT);
  g_assert_nonnull (nft);
  nft_ctx_buffer_error (nft);
  nft_ctx_buffer_output (nft);
  nft_ctx_set_dry_run (nft, true);
  rc = nft_run_cmd_from_buffer (nft, commands);
  if (rc != 0)
    g_error ("nft refuses:\n%s\n%s", commands, nft_ctx_get_error_buffer (nft));
  nft_ctx_free (nft);
}

static void
test_table_name (void)
{
  static const struct {
    const char *name;
    gboolean valid;
  } cases[] = {
    { "vigil", TRUE },
    { "keepalived", TRUE },
    { "_x", TRUE },
    { "fw-1.a_b", TRUE },
    { "a234567890123456789012345678901", TRUE },    /* 31 */
    { "a2345678901234567890123456789012", FALSE },  /* 32 */
    { "", FALSE },
    { "1abc", FALSE },
    { "-abc", FALSE },
    { "a b", FALSE },
    { "a;flush ruleset", FALSE },
    { "a\"b", FALSE },
    { "a{b}", FALSE },
    { "ä", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("'%s'", cases[i].name);
      g_assert_cmpint (vigil_nft_rules_table_name_valid (cases[i].name), ==, cases[i].valid);
    }
  g_assert_false (vigil_nft_rules_table_name_valid (NULL));
}

static void
test_create_empty (void)
{
  g_autofree char *text = vigil_nft_rules_create_table (&defaults, NULL, 0);

  g_assert_cmpstr (text, ==,
                   "add table inet vigil\n"
                   "delete table inet vigil\n"
                   "table inet vigil {\n"
                   "\tset vips {\n\t\ttype ipv4_addr\n\t}\n"
                   "\tset vips6 {\n\t\ttype ipv6_addr\n\t}\n"
                   "\tset vips6_ll {\n\t\ttype ipv6_addr . ifname\n\t}\n"
                   "\tchain in {\n"
                   "\t\ttype filter hook input priority -1; policy accept;\n"
                   "\t\tip daddr @vips drop\n"
                   "\t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept\n"
                   "\t\tip6 daddr . iifname @vips6_ll drop\n"
                   "\t\tip6 daddr @vips6 drop\n"
                   "\t}\n"
                   "\tchain out {\n"
                   "\t\ttype filter hook output priority -1; policy accept;\n"
                   "\t\tip saddr @vips drop\n"
                   "\t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept\n"
                   "\t\tip6 saddr . oifname @vips6_ll drop\n"
                   "\t\tip6 saddr @vips6 drop\n"
                   "\t}\n"
                   "}\n");
  assert_nft_accepts (text);
}

static void
test_create_with_addresses (void)
{
  const VigilNftRulesAddress addresses[] = {
    address ("192.0.2.10", "eth0", 2),
    address ("2001:db8::10", "eth0", 2),
    address ("fe80::10", "eth0", 2),
    address ("192.0.2.11", "eth1", 3),
    address ("fe80::11", "eth1", 3),
  };
  g_autofree char *text = vigil_nft_rules_create_table (&defaults, addresses,
                                                        G_N_ELEMENTS (addresses));

  g_assert_nonnull (strstr (text, "\tset vips {\n\t\ttype ipv4_addr\n"
                                  "\t\telements = { 192.0.2.10, 192.0.2.11 }\n\t}\n"));
  g_assert_nonnull (strstr (text, "\tset vips6 {\n\t\ttype ipv6_addr\n"
                                  "\t\telements = { 2001:db8::10 }\n\t}\n"));
  g_assert_nonnull (strstr (text, "\tset vips6_ll {\n\t\ttype ipv6_addr . ifname\n"
                                  "\t\telements = { fe80::10 . \"eth0\", "
                                  "fe80::11 . \"eth1\" }\n\t}\n"));
  assert_nft_accepts (text);
}

static void
test_create_counters_ifindex_priority (void)
{
  const VigilNftRulesSettings settings = {
    .table = "keepalived", .priority = -150, .counters = TRUE, .ifindex = TRUE,
  };
  const VigilNftRulesAddress addresses[] = { address ("fe80::10", "lo", 1) };
  g_autofree char *text = vigil_nft_rules_create_table (&settings, addresses, 1);

  g_assert_true (g_str_has_prefix (text, "add table inet keepalived\n"
                                         "delete table inet keepalived\n"
                                         "table inet keepalived {\n"));
  g_assert_nonnull (strstr (text, "\t\ttype ipv6_addr . iface_index\n"
                                  "\t\telements = { fe80::10 . 1 }\n"));
  g_assert_nonnull (strstr (text, "\t\ttype filter hook input priority -150; policy accept;\n"
                                  "\t\tip daddr @vips counter drop\n"
                                  "\t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } "
                                  "counter accept\n"
                                  "\t\tip6 daddr . iif @vips6_ll counter drop\n"
                                  "\t\tip6 daddr @vips6 counter drop\n"));
  g_assert_nonnull (strstr (text, "\t\ttype filter hook output priority -150; policy accept;\n"
                                  "\t\tip saddr @vips counter drop\n"));
  g_assert_nonnull (strstr (text, "\t\tip6 saddr . oif @vips6_ll counter drop\n"));
  assert_nft_accepts (text);
}

static void
test_elements (void)
{
  static const struct {
    const char *what;
    gboolean add;
    gboolean ifindex;
    const char *addresses[3];
    const char *expected;
  } cases[] = {
    { "one IPv4", TRUE, FALSE, { "192.0.2.10" },
      "add element inet vigil vips { 192.0.2.10 }\n" },
    { "one IPv4, deleted", FALSE, FALSE, { "192.0.2.10" },
      "delete element inet vigil vips { 192.0.2.10 }\n" },
    { "every kind, grouped by set", TRUE, FALSE, { "fe80::1", "192.0.2.10", "2001:db8::1" },
      "add element inet vigil vips { 192.0.2.10 }\n"
      "add element inet vigil vips6 { 2001:db8::1 }\n"
      "add element inet vigil vips6_ll { fe80::1 . \"eth0\" }\n" },
    { "link-local by index", FALSE, TRUE, { "fe80::1", "fe80::2" },
      "delete element inet vigil vips6_ll { fe80::1 . 7, fe80::2 . 7 }\n" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VigilNftRulesSettings settings = defaults;
      VigilNftRulesAddress addresses[3];
      g_autofree char *text = NULL;
      guint n = 0;

      g_test_message ("%s", cases[i].what);
      settings.ifindex = cases[i].ifindex;
      for (; n < G_N_ELEMENTS (cases[i].addresses) && cases[i].addresses[n] != NULL; n++)
        addresses[n] = address (cases[i].addresses[n], "eth0", 7);
      text = vigil_nft_rules_elements (&settings, cases[i].add, addresses, n);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_elements_none (void)
{
  g_assert_null (vigil_nft_rules_elements (&defaults, TRUE, NULL, 0));
  g_assert_null (vigil_nft_rules_elements (&defaults, FALSE, NULL, 0));
}

/* What the filter sends in a row: create, add, delete, in one dry run. */
static void
test_elements_accepted_by_nft (void)
{
  const VigilNftRulesAddress addresses[] = {
    address ("192.0.2.10", "lo", 1),
    address ("2001:db8::10", "lo", 1),
    address ("fe80::10", "lo", 1),
  };
  g_autofree char *create = vigil_nft_rules_create_table (&defaults, NULL, 0);
  g_autofree char *add = vigil_nft_rules_elements (&defaults, TRUE, addresses, 3);
  g_autofree char *del = vigil_nft_rules_elements (&defaults, FALSE, addresses, 3);
  g_autofree char *all = g_strconcat (create, add, del, NULL);

  assert_nft_accepts (all);
}

static void
test_delete_table (void)
{
  g_autofree char *text = vigil_nft_rules_delete_table ("fw_1");

  g_assert_cmpstr (text, ==, "add table inet fw_1\ndelete table inet fw_1\n");
  assert_nft_accepts (text);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  in_netns = vigil_test_netns_enter ();
  g_test_add_func ("/nft-rules/table-name", test_table_name);
  g_test_add_func ("/nft-rules/create/empty", test_create_empty);
  g_test_add_func ("/nft-rules/create/addresses", test_create_with_addresses);
  g_test_add_func ("/nft-rules/create/counters-ifindex-priority",
                   test_create_counters_ifindex_priority);
  g_test_add_func ("/nft-rules/elements", test_elements);
  g_test_add_func ("/nft-rules/elements/none", test_elements_none);
  g_test_add_func ("/nft-rules/elements/accepted-by-nft", test_elements_accepted_by_nft);
  g_test_add_func ("/nft-rules/delete-table", test_delete_table);
  return g_test_run ();
}
