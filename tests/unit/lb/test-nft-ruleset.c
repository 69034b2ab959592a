/* test-nft-ruleset.c - services as nftables commands: selection maps,
 * weights, families, fwmarks, persistence, errors */
#include <string.h>
#include <netinet/in.h>
#include "daemon/error.h"
#include "lb/nft-ruleset.h"

#define T "vigil_lb"

typedef struct {
  const char *addr;
  guint16 port;
  guint weight;
} DestSpec;

typedef struct {
  const char *name;
  int protocol;
  const char *scheduler;
  guint32 sched_flags;
  /* endpoint: "192.0.2.100", "192.0.2.100-192.0.2.110" or "fwmark:N:FAMILY" */
  const char *endpoint;
  guint16 port;
  DestSpec dests[4];
  /* the rules of the service's chain, in order; NULL: an error expected */
  const char *rules[3];
} RulesCase;

static VigilLbService *
build_service (const char *key, int protocol, const char *scheduler, guint32 flags,
               const char *endpoint_text, guint16 port, const DestSpec *dests, guint n_dests)
{
  VigilLbService *service = vigil_lb_service_new (key, protocol);
  VigilLbEndpoint endpoint = { 0 };

  service->scheduler = scheduler;
  service->sched_flags = flags;
  if (g_str_has_prefix (endpoint_text, "fwmark:"))
    {
      g_auto(GStrv) parts = g_strsplit (endpoint_text, ":", 3);

      endpoint.is_fwmark = TRUE;
      endpoint.fwmark = (guint32) g_ascii_strtoull (parts[1], NULL, 10);
      endpoint.family = strcmp (parts[2], "inet6") == 0 ? AF_INET6
                        : strcmp (parts[2], "inet") == 0 ? AF_INET : AF_UNSPEC;
    }
  else
    {
      g_auto(GStrv) range = g_strsplit (endpoint_text, "-", 2);

      g_assert_true (vigil_inet_addr_parse (range[0], &endpoint.addr));
      endpoint.addr_end = endpoint.addr;
      if (range[1] != NULL)
        g_assert_true (vigil_inet_addr_parse (range[1], &endpoint.addr_end));
      endpoint.family = endpoint.addr.family;
      endpoint.port = port;
    }
  g_array_append_val (service->endpoints, endpoint);
  for (guint i = 0; i < n_dests && dests[i].addr != NULL; i++)
    {
      VigilLbDestination d = { .port = dests[i].port, .weight = dests[i].weight };

      g_assert_true (vigil_inet_addr_parse (dests[i].addr, &d.addr));
      g_array_append_val (service->destinations, d);
    }
  return service;
}

/* The "add rule" lines of chain `chain`, without their prefix. */
static GPtrArray *
rules_of (const char *commands, const char *chain)
{
  g_autofree char *prefix = g_strdup_printf ("add rule inet " T " %s ", chain);
  g_auto(GStrv) lines = g_strsplit (commands, "\n", -1);
  GPtrArray *rules = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      g_ptr_array_add (rules, g_strdup (lines[i] + strlen (prefix)));
  return rules;
}

static const RulesCase rules_cases[] = {
  { "wrr 3:1", IPPROTO_TCP, "wrr", 0, "192.0.2.100", 80,
    { { "198.51.100.10", 80, 3 }, { "198.51.100.11", 80, 1 } },
    { "ip daddr 192.0.2.100 tcp dport 80 dnat ip addr . port to numgen inc mod 4 "
      "map { 0-2 : 198.51.100.10 . 80, 3 : 198.51.100.11 . 80 }" } },
  { "wlc: weights divided by their gcd, weight 0 left out", IPPROTO_TCP, "wlc", 0,
    "192.0.2.100", 80,
    { { "198.51.100.10", 0, 2 }, { "198.51.100.11", 8080, 4 }, { "198.51.100.12", 80, 0 } },
    { "ip daddr 192.0.2.100 tcp dport 80 dnat ip addr . port to numgen random mod 3 "
      "map { 0 : 198.51.100.10 . 80, 1-2 : 198.51.100.11 . 8080 }" } },
  { "rr ignores weights", IPPROTO_UDP, "rr", 0, "192.0.2.100-192.0.2.110", 53,
    { { "198.51.100.10", 53, 5 }, { "198.51.100.11", 53, 1 } },
    { "ip daddr 192.0.2.100-192.0.2.110 udp dport 53 dnat ip addr . port to numgen inc mod 2 "
      "map { 0 : 198.51.100.10 . 53, 1 : 198.51.100.11 . 53 }" } },
  { "one destination", IPPROTO_TCP, "wlc", 0, "192.0.2.100", 80,
    { { "198.51.100.10", 8080, 1 }, { "198.51.100.11", 80, 0 } },
    { "ip daddr 192.0.2.100 tcp dport 80 dnat ip to 198.51.100.10:8080" } },
  { "no destination", IPPROTO_TCP, "wlc", 0, "192.0.2.100", 80, { { NULL } },
    { "ip daddr 192.0.2.100 tcp dport 80 drop comment \"no live destination\"" } },
  { "all weights 0", IPPROTO_TCP, "wrr", 0, "192.0.2.100", 80,
    { { "198.51.100.10", 80, 0 }, { "198.51.100.11", 80, 0 } },
    { "ip daddr 192.0.2.100 tcp dport 80 drop comment \"no live destination\"" } },
  { "IPv6", IPPROTO_TCP, "wrr", 0, "2001:db8::100", 443,
    { { "2001:db8:1::10", 443, 1 }, { "2001:db8:1::11", 443, 2 } },
    { "ip6 daddr 2001:db8::100 tcp dport 443 dnat ip6 addr . port to numgen inc mod 3 "
      "map { 0 : 2001:db8:1::10 . 443, 1-2 : 2001:db8:1::11 . 443 }" } },
  { "IPv6 one destination", IPPROTO_TCP, "wlc", 0, "2001:db8::100", 443,
    { { "2001:db8:1::10", 0, 1 } },
    { "ip6 daddr 2001:db8::100 tcp dport 443 dnat ip6 to [2001:db8:1::10]:443" } },
  { "other family left out", IPPROTO_TCP, "wlc", 0, "192.0.2.100", 80,
    { { "2001:db8:1::10", 80, 1 } },
    { "ip daddr 192.0.2.100 tcp dport 80 drop comment \"no live destination\"" } },
  { "fwmark keeps the port", IPPROTO_TCP, "wlc", 0, "fwmark:1:inet", 0,
    { { "198.51.100.10", 0, 1 }, { "198.51.100.11", 0, 1 } },
    { "meta mark 0x00000001 meta nfproto ipv4 meta l4proto tcp dnat ip to "
      "numgen random mod 2 map { 0 : 198.51.100.10, 1 : 198.51.100.11 }" } },
  { "fwmark family from its destinations", IPPROTO_UDP, "wlc", 0, "fwmark:7:", 0,
    { { "2001:db8:1::10", 0, 1 } },
    { "meta mark 0x00000007 meta nfproto ipv6 meta l4proto udp dnat ip6 to 2001:db8:1::10" } },
  { "port-less endpoint", IPPROTO_TCP, "wrr", 0, "192.0.2.100", 0,
    { { "198.51.100.10", 0, 1 }, { "198.51.100.11", 0, 1 } },
    { "ip daddr 192.0.2.100 meta l4proto tcp dnat ip to numgen inc mod 2 "
      "map { 0 : 198.51.100.10, 1 : 198.51.100.11 }" } },
  { "port-less endpoint, mixed ports", IPPROTO_TCP, "wrr", 0, "192.0.2.100", 0,
    { { "198.51.100.10", 0, 1 }, { "198.51.100.11", 80, 1 } }, { NULL } },
  { "sh", IPPROTO_TCP, "sh", 0, "192.0.2.100", 80,
    { { "198.51.100.10", 80, 1 }, { "198.51.100.11", 80, 1 } },
    { "ip daddr 192.0.2.100 tcp dport 80 dnat ip addr . port to jhash ip saddr mod 2 "
      "seed 0x76696731 map { 0 : 198.51.100.10 . 80, 1 : 198.51.100.11 . 80 }" } },
  { "sh-port", IPPROTO_TCP, "sh", VIGIL_CONF_VS_FLAG_2, "192.0.2.100", 80,
    { { "198.51.100.10", 80, 1 }, { "198.51.100.11", 80, 1 } },
    { "ip daddr 192.0.2.100 tcp dport 80 dnat ip addr . port to jhash ip saddr . tcp sport "
      "mod 2 seed 0x76696731 map { 0 : 198.51.100.10 . 80, 1 : 198.51.100.11 . 80 }" } },
  { "dh", IPPROTO_TCP, "dh", 0, "192.0.2.100", 80,
    { { "198.51.100.10", 80, 1 }, { "198.51.100.11", 80, 3 } },
    { "ip daddr 192.0.2.100 tcp dport 80 dnat ip addr . port to jhash ip daddr mod 4 "
      "seed 0x76696731 map { 0 : 198.51.100.10 . 80, 1-3 : 198.51.100.11 . 80 }" } },
  { "fo: the first of the highest weight", IPPROTO_TCP, "fo", 0, "192.0.2.100", 80,
    { { "198.51.100.10", 80, 2 }, { "198.51.100.11", 80, 5 }, { "198.51.100.12", 80, 5 } },
    { "ip daddr 192.0.2.100 tcp dport 80 dnat ip to 198.51.100.11:80" } },
  { "ICMP cannot be balanced", IPPROTO_ICMP, "wlc", 0, "192.0.2.100", 0,
    { { "198.51.100.10", 0, 1 } }, { NULL } },
};

static void
test_rules (gconstpointer data)
{
  const RulesCase *c = data;
  g_autoptr(VigilLbService) service = build_service ("192.0.2.100:80", c->protocol,
                                                     c->scheduler, c->sched_flags,
                                                     c->endpoint, c->port, c->dests,
                                                     G_N_ELEMENTS (c->dests));
  g_autofree char *name = vigil_nft_ruleset_service_name (service->key);
  g_autoptr(GError) error = NULL;
  g_autofree char *commands = vigil_nft_ruleset_set_service (T, service, FALSE, &error);
  g_autoptr(GPtrArray) rules = NULL;
  guint n = 0;

  if (c->rules[0] == NULL)
    {
      g_assert_null (commands);
      g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "192.0.2.100:80"));
      return;
    }
  g_assert_no_error (error);
  g_assert_nonnull (commands);
  rules = rules_of (commands, name);
  while (n < G_N_ELEMENTS (c->rules) && c->rules[n] != NULL)
    n++;
  for (guint i = 0; i < MIN (n, rules->len); i++)
    g_assert_cmpstr (rules->pdata[i], ==, c->rules[i]);
  g_assert_cmpuint (rules->len, ==, n);
}

static gboolean
has_line (const char *commands, const char *line)
{
  g_auto(GStrv) lines = g_strsplit (commands, "\n", -1);

  return g_strv_contains ((const char *const *) lines, line);
}

static void
test_objects (void)
{
  DestSpec dests[] = { { "198.51.100.10", 80, 1 } };
  g_autoptr(VigilLbService) service = build_service ("group web", IPPROTO_TCP, "wlc", 0,
                                                     "192.0.2.100", 80, dests, 1);
  g_autofree char *commands = vigil_nft_ruleset_set_service (T, service, FALSE, NULL);
  const char *n = "vs_group_web_55cd6852"; /* FNV-1a of "group web" */
  g_autofree char *name = vigil_nft_ruleset_service_name ("group web");
  g_autofree char *pre = g_strdup_printf ("add chain inet " T " %s_pre { type nat hook "
                                          "prerouting priority dstnat; policy accept; }", n);
  g_autofree char *out = g_strdup_printf ("add chain inet " T " %s_out { type nat hook "
                                          "output priority -100; policy accept; }", n);
  g_autofree char *jump = g_strdup_printf ("add rule inet " T " %s_pre jump %s comment "
                                           "\"group web\"", n, n);
  g_autofree char *jump_out = g_strdup_printf ("add rule inet " T " %s_out jump %s comment "
                                               "\"group web\"", n, n);
  g_autofree char *no_post = g_strdup_printf ("delete chain inet " T " %s_post", n);
  g_autofree char *no_map = g_strdup_printf ("delete map inet " T " %s_pp4", n);
  g_autofree char *flush = g_strdup_printf ("flush chain inet " T " %s", n);

  g_assert_cmpstr (name, ==, n);
  g_assert_true (g_str_has_prefix (commands, "add table inet " T "\n"));
  g_assert_true (has_line (commands, pre));
  g_assert_true (has_line (commands, out));
  g_assert_true (has_line (commands, jump));
  g_assert_true (has_line (commands, jump_out));
  g_assert_true (has_line (commands, flush));
  /* no persistence: its chain and maps go */
  g_assert_true (has_line (commands, no_post));
  g_assert_true (has_line (commands, no_map));
  /* the chain is flushed before it is refilled */
  g_assert_cmpint (strstr (commands, flush) - commands, <, strstr (commands, jump) - commands);
}

static void
test_names (void)
{
  g_autofree char *a = vigil_nft_ruleset_service_name ("192.0.2.100:80");
  g_autofree char *b = vigil_nft_ruleset_service_name ("192.0.2.100_80");
  g_autofree char *again = vigil_nft_ruleset_service_name ("192.0.2.100:80");
  g_autofree char *v6 = vigil_nft_ruleset_service_name ("[2001:db8::100]:443");
  g_autofree char *long_key = g_strnfill (300, 'x');
  g_autofree char *long_name = vigil_nft_ruleset_service_name (long_key);

  g_assert_true (g_str_has_prefix (a, "vs_192_0_2_100_80_"));
  /* same sanitized text, different keys: different names */
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpstr (a, ==, again);
  g_assert_true (g_str_has_prefix (v6, "vs__2001_db8__100__443_"));
  g_assert_cmpuint (strlen (long_name), ==, 3 + 32 + 1 + 8);
  for (const char *p = v6; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '_');
}

typedef struct {
  const char *name;
  const char *vip;
  const char *dests[2];
  guint16 dest_port;
  const char *map;            /* NULL: no persistence possible */
  const char *lookup;         /* after "MATCH dnat " */
  const char *update;         /* the post rule, after "update @NAME" */
} PersistCase;

static const PersistCase persist_cases[] = {
  { "same port: address map", "192.0.2.100", { "198.51.100.10", "198.51.100.11" }, 80, "_pa4",
    "ip to ip saddr & 255.255.255.0 map @",
    "_pa4 { ip saddr & 255.255.255.0 timeout 300s : ip daddr }" },
  { "other port: address and port", "192.0.2.100", { "198.51.100.10", "198.51.100.11" }, 8080,
    "_pp4", "ip addr . port to ip saddr & 255.255.255.0 map @",
    "_pp4 { ip saddr & 255.255.255.0 timeout 300s : ip daddr . tcp dport }" },
  { "IPv6 same port", "2001:db8::100", { "2001:db8:1::10", "2001:db8:1::11" }, 80, "_pa6",
    "ip6 to ip6 saddr map @", "_pa6 { ip6 saddr timeout 300s : ip6 daddr }" },
  /* libnftables 1.0.6 aborts on this map update: left out */
  { "IPv6 other port", "2001:db8::100", { "2001:db8:1::10", "2001:db8:1::11" }, 8080, NULL,
    NULL, NULL },
};

static void
test_persistence (gconstpointer data)
{
  const PersistCase *c = data;
  DestSpec dests[] = { { c->dests[0], c->dest_port, 1 }, { c->dests[1], c->dest_port, 1 } };
  g_autoptr(VigilLbService) service = build_service ("web", IPPROTO_TCP, "wlc", 0,
                                                     c->vip, 80, dests, 2);
  g_autofree char *name = vigil_nft_ruleset_service_name (service->key);
  g_autofree char *post_chain = g_strdup_printf ("%s_post", name);
  g_autofree char *commands = NULL;
  g_autofree char *flushed = NULL;
  g_autofree char *flush_map = NULL;
  g_autofree char *no_post = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GPtrArray) post = NULL;

  service->persistence_timeout = 300;
  g_assert_true (vigil_inet_addr_parse ("255.255.255.0", &service->persistence_granularity));
  commands = vigil_nft_ruleset_set_service (T, service, FALSE, NULL);
  rules = rules_of (commands, name);
  post = rules_of (commands, post_chain);
  no_post = g_strdup_printf ("delete chain inet " T " %s_post", name);
  g_assert_cmpint (vigil_nft_ruleset_persistence_expressible (service), ==, c->map != NULL);
  if (c->map == NULL)
    {
      g_assert_cmpuint (rules->len, ==, 1);
      g_assert_cmpuint (post->len, ==, 0);
      g_assert_true (has_line (commands, no_post));
      return;
    }
  g_assert_cmpuint (rules->len, ==, 2);
  /* a known client first, then the weighted choice */
  g_assert_nonnull (strstr (rules->pdata[0], c->lookup));
  g_assert_true (g_str_has_suffix (rules->pdata[0], c->map));
  g_assert_nonnull (strstr (rules->pdata[1], "numgen random mod 2"));
  /* and each new connection records its client */
  g_assert_cmpuint (post->len, ==, 1);
  g_assert_true (g_str_has_suffix (post->pdata[0], c->update));
  g_assert_nonnull (strstr (post->pdata[0], "ct status dnat ct original "));
  g_assert_false (has_line (commands, no_post));
  flush_map = g_strdup_printf ("flush map inet " T " %s%s", name, c->map);
  g_assert_false (has_line (commands, flush_map));
  /* a destination went away: its clients are forgotten */
  flushed = vigil_nft_ruleset_set_service (T, service, TRUE, NULL);
  g_assert_true (has_line (flushed, flush_map));
}

static void
test_remove (void)
{
  g_autofree char *name = vigil_nft_ruleset_service_name ("192.0.2.100:80");
  g_autofree char *commands = vigil_nft_ruleset_remove_service (T, "192.0.2.100:80");
  g_autofree char *table = vigil_nft_ruleset_delete_table (T);
  const char *suffixes[] = { "", "_pre", "_out", "_post" };
  const char *maps[] = { "_pa4", "_pp4", "_pa6", "_pp6" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *line = g_strdup_printf ("delete chain inet " T " %s%s", name,
                                               suffixes[i]);
      g_assert_true (has_line (commands, line));
    }
  for (guint i = 0; i < G_N_ELEMENTS (maps); i++)
    {
      g_autofree char *line = g_strdup_printf ("delete map inet " T " %s%s", name, maps[i]);
      g_assert_true (has_line (commands, line));
    }
  g_assert_cmpstr (table, ==, "delete table inet " T "\n");
}

static void
test_scheduler_map (void)
{
  static const struct {
    const char *scheduler;
    guint32 flags;
    VigilNftSelection selection;
    gboolean weighted;
  } cases[] = {
    { "rr", 0, VIGIL_NFT_SELECT_ROUND_ROBIN, FALSE },
    { "wrr", 0, VIGIL_NFT_SELECT_ROUND_ROBIN, TRUE },
    { "wlc", 0, VIGIL_NFT_SELECT_RANDOM, TRUE },
    { "lc", 0, VIGIL_NFT_SELECT_RANDOM, TRUE },
    { "sed", 0, VIGIL_NFT_SELECT_RANDOM, TRUE },
    { "nq", 0, VIGIL_NFT_SELECT_RANDOM, TRUE },
    { "lblc", 0, VIGIL_NFT_SELECT_RANDOM, TRUE },
    { "lblcr", 0, VIGIL_NFT_SELECT_RANDOM, TRUE },
    { "ovf", 0, VIGIL_NFT_SELECT_RANDOM, TRUE },
    { "sh", 0, VIGIL_NFT_SELECT_HASH_SOURCE, TRUE },
    { "sh", VIGIL_CONF_VS_FLAG_2, VIGIL_NFT_SELECT_HASH_SOURCE_PORT, TRUE },
    { "mh", 0, VIGIL_NFT_SELECT_HASH_SOURCE, TRUE },
    { "dh", 0, VIGIL_NFT_SELECT_HASH_DEST, TRUE },
    { "fo", 0, VIGIL_NFT_SELECT_HIGHEST_WEIGHT, TRUE },
    { NULL, 0, VIGIL_NFT_SELECT_RANDOM, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean weighted = !cases[i].weighted;

      g_assert_cmpint (vigil_nft_selection_for_scheduler (cases[i].scheduler, cases[i].flags,
                                                          &weighted), ==, cases[i].selection);
      g_assert_cmpint (weighted, ==, cases[i].weighted);
      g_assert_cmpstr (vigil_nft_selection_to_string (cases[i].selection), !=, "unknown");
    }
}

int
main (int argc, char **argv)
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (rules_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/lb/nft-ruleset/rules/%s", rules_cases[i].name);
      g_test_add_data_func (path, &rules_cases[i], test_rules);
    }
  g_test_add_func ("/lb/nft-ruleset/objects", test_objects);
  g_test_add_func ("/lb/nft-ruleset/names", test_names);
  for (gsize i = 0; i < G_N_ELEMENTS (persist_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/lb/nft-ruleset/persistence/%s",
                                               persist_cases[i].name);
      g_test_add_data_func (path, &persist_cases[i], test_persistence);
    }
  g_test_add_func ("/lb/nft-ruleset/remove", test_remove);
  g_test_add_func ("/lb/nft-ruleset/scheduler-map", test_scheduler_map);
  return g_test_run ();
}
