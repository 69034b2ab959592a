/* test-route-message.c - configured routes and rules become the netlink
 * requests `ip route add` / `ip rule add` would send */
#include "config/config.h"
#include "net/route-message.h"

#include <arpa/inet.h>
#include <gio/gio.h>
#include <string.h>
#include <linux/fib_rules.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

static gboolean
every_interface_exists (const char *name, gpointer user_data)
{
  return TRUE;
}

/* Interfaces the lookup knows: eth0 = 2, eth1 = 3; others are missing. */
static int
lookup (const char *name, gpointer user_data)
{
  if (g_strcmp0 (name, "eth0") == 0)
    return 2;
  if (g_strcmp0 (name, "eth1") == 0)
    return 3;
  return 0;
}

static VigilConfig *
load (const char *block, const char *line)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  VigilConfLoadOptions options = { .config_id = "main", .no_includes = TRUE };
  VigilConfigEnv env = { every_interface_exists, NULL };
  g_autofree char *text = g_strdup_printf ("%s {\n  %s\n}\n", block, line);
  VigilConfig *config = vigil_config_load_string_full ("test.conf", text, &options, &env, diags);

  if (config == NULL)
    {
      g_auto(GStrv) lines = vigil_diag_list_to_strv (diags);
      g_autofree char *all = g_strjoinv ("\n", lines);
      g_error ("cannot load '%s': %s", line, all);
    }
  return config;
}

/* The attributes of a request body with a header of `hdr_len` bytes. */
typedef struct {
  const guint8 *hdr;
  const struct rtattr *attr[64];
} Parsed;

static void
parse_body (GBytes *body, gsize hdr_len, Parsed *out)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (body, &len);
  const struct rtattr *rta;
  int rest;

  memset (out, 0, sizeof *out);
  g_assert_cmpuint (len, >=, hdr_len);
  out->hdr = data;
  rta = (const struct rtattr *) (data + NLMSG_ALIGN (hdr_len));
  rest = (int) (len - NLMSG_ALIGN (hdr_len));
  for (; RTA_OK (rta, rest); rta = RTA_NEXT (rta, rest))
    {
      guint type = rta->rta_type & NLA_TYPE_MASK;   /* without NLA_F_NESTED */

      g_assert_cmpuint (type, <, G_N_ELEMENTS (out->attr));
      g_assert_null (out->attr[type]);   /* each once */
      out->attr[type] = rta;
    }
  g_assert_cmpint (rest, ==, 0);
}

static guint32
attr_u32 (const struct rtattr *rta)
{
  guint32 v;

  g_assert_nonnull (rta);
  g_assert_cmpuint (RTA_PAYLOAD (rta), ==, 4);
  memcpy (&v, RTA_DATA (rta), 4);
  return v;
}

static char *
attr_addr (const struct rtattr *rta, int family)
{
  char text[INET6_ADDRSTRLEN];

  g_assert_nonnull (rta);
  g_assert_cmpuint (RTA_PAYLOAD (rta), ==, family == AF_INET ? 4 : 16);
  return g_strdup (inet_ntop (family, RTA_DATA (rta), text, sizeof text));
}

/* One row per route line: what the rtmsg and the common attributes say. */
typedef struct {
  const char *line;
  int family;
  guint8 dst_len, type, scope, protocol;
  guint32 table;            /* RTA_TABLE */
  guint8 rtm_table;
  const char *dst;          /* NULL: no RTA_DST */
  const char *gateway;      /* NULL: no RTA_GATEWAY */
  int oif;                  /* 0: no RTA_OIF */
  gint64 metric;            /* -1: no RTA_PRIORITY */
  const char *prefsrc;
  gboolean onlink;
} RouteCase;

static const RouteCase route_cases[] = {
  { "198.51.100.0/24 via 192.0.2.1 dev eth0", AF_INET, 24, RTN_UNICAST, RT_SCOPE_UNIVERSE,
    RTPROT_BOOT, RT_TABLE_MAIN, RT_TABLE_MAIN, "198.51.100.0", "192.0.2.1", 2, -1, NULL, FALSE },
  { "198.51.100.0/25 dev eth1 src 192.0.2.100 metric 7 table 100", AF_INET, 25, RTN_UNICAST,
    RT_SCOPE_LINK, RTPROT_BOOT, 100, 100, "198.51.100.0", NULL, 3, 7, "192.0.2.100", FALSE },
  { "default via 192.0.2.254 table 1000", AF_INET, 0, RTN_UNICAST, RT_SCOPE_UNIVERSE,
    RTPROT_BOOT, 1000, RT_TABLE_UNSPEC, NULL, "192.0.2.254", 0, -1, NULL, FALSE },
  { "blackhole 198.51.100.64/26", AF_INET, 26, RTN_BLACKHOLE, RT_SCOPE_UNIVERSE, RTPROT_BOOT,
    RT_TABLE_MAIN, RT_TABLE_MAIN, "198.51.100.64", NULL, 0, -1, NULL, FALSE },
  { "unreachable 198.51.100.128/25 proto static", AF_INET, 25, RTN_UNREACHABLE,
    RT_SCOPE_UNIVERSE, RTPROT_STATIC, RT_TABLE_MAIN, RT_TABLE_MAIN, "198.51.100.128", NULL, 0,
    -1, NULL, FALSE },
  { "prohibit 198.51.100.1/32 scope host", AF_INET, 32, RTN_PROHIBIT, RT_SCOPE_HOST,
    RTPROT_BOOT, RT_TABLE_MAIN, RT_TABLE_MAIN, "198.51.100.1", NULL, 0, -1, NULL, FALSE },
  { "198.51.100.0/24 via 192.0.2.1 dev eth0 onlink", AF_INET, 24, RTN_UNICAST,
    RT_SCOPE_UNIVERSE, RTPROT_BOOT, RT_TABLE_MAIN, RT_TABLE_MAIN, "198.51.100.0", "192.0.2.1",
    2, -1, NULL, TRUE },
  { "2001:db8:1::/64 via 2001:db8::1 dev eth0 metric 1024", AF_INET6, 64, RTN_UNICAST,
    RT_SCOPE_UNIVERSE, RTPROT_BOOT, RT_TABLE_MAIN, RT_TABLE_MAIN, "2001:db8:1::",
    "2001:db8::1", 2, 1024, NULL, FALSE },
  { "local 198.51.100.5/32 dev eth0 table local", AF_INET, 32, RTN_LOCAL, RT_SCOPE_HOST,
    RTPROT_BOOT, RT_TABLE_LOCAL, RT_TABLE_LOCAL, "198.51.100.5", NULL, 2, -1, NULL, FALSE },
};

static void
test_route_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (route_cases); i++)
    {
      const RouteCase *c = &route_cases[i];
      g_autoptr(VigilConfig) config = load ("static_routes", c->line);
      const VigilConfRoute *route = g_ptr_array_index (config->static_routes, 0);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) body = vigil_route_message_build (route, lookup, NULL, &error);
      const struct rtmsg *rtm;
      Parsed p;

      g_test_message ("route: %s", c->line);
      g_assert_no_error (error);
      g_assert_nonnull (body);
      parse_body (body, sizeof (struct rtmsg), &p);
      rtm = (const struct rtmsg *) p.hdr;
      g_assert_cmpint (rtm->rtm_family, ==, c->family);
      g_assert_cmpint (rtm->rtm_dst_len, ==, c->dst_len);
      g_assert_cmpint (rtm->rtm_type, ==, c->type);
      g_assert_cmpint (rtm->rtm_scope, ==, c->scope);
      g_assert_cmpint (rtm->rtm_protocol, ==, c->protocol);
      g_assert_cmpint (rtm->rtm_table, ==, c->rtm_table);
      g_assert_cmpuint (attr_u32 (p.attr[RTA_TABLE]), ==, c->table);
      g_assert_cmpint ((rtm->rtm_flags & RTNH_F_ONLINK) != 0, ==, c->onlink);
      if (c->dst != NULL)
        {
          g_autofree char *dst = attr_addr (p.attr[RTA_DST], c->family);
          g_assert_cmpstr (dst, ==, c->dst);
        }
      else
        g_assert_null (p.attr[RTA_DST]);
      if (c->gateway != NULL)
        {
          g_autofree char *gw = attr_addr (p.attr[RTA_GATEWAY], c->family);
          g_assert_cmpstr (gw, ==, c->gateway);
        }
      else
        g_assert_null (p.attr[RTA_GATEWAY]);
      if (c->prefsrc != NULL)
        {
          g_autofree char *src = attr_addr (p.attr[RTA_PREFSRC], c->family);
          g_assert_cmpstr (src, ==, c->prefsrc);
        }
      else
        g_assert_null (p.attr[RTA_PREFSRC]);
      if (c->oif != 0)
        g_assert_cmpuint (attr_u32 (p.attr[RTA_OIF]), ==, (guint32) c->oif);
      else
        g_assert_null (p.attr[RTA_OIF]);
      if (c->metric >= 0)
        g_assert_cmpuint (attr_u32 (p.attr[RTA_PRIORITY]), ==, (guint32) c->metric);
      else
        g_assert_null (p.attr[RTA_PRIORITY]);
    }
}

/* Metrics go in a nested RTA_METRICS, with the lock mask; rtt in 1/8 ms. */
static void
test_route_metrics (void)
{
  g_autoptr(VigilConfig) config =
    load ("static_routes", "198.51.100.0/24 dev eth0 mtu lock 1400 rtt 10 initcwnd 20 "
                           "congctl cubic");
  g_autoptr(GBytes) body = vigil_route_message_build (g_ptr_array_index (config->static_routes, 0),
                                                      lookup, NULL, NULL);
  const struct rtattr *nest, *rta;
  guint32 seen[RTAX_MAX + 1] = { 0 };
  g_autofree char *cc = NULL;
  int rest;
  Parsed p;

  parse_body (body, sizeof (struct rtmsg), &p);
  nest = p.attr[RTA_METRICS];
  g_assert_nonnull (nest);
  rest = (int) RTA_PAYLOAD (nest);
  for (rta = RTA_DATA (nest); RTA_OK (rta, rest); rta = RTA_NEXT (rta, rest))
    {
      g_assert_cmpuint (rta->rta_type, <=, RTAX_MAX);
      if (rta->rta_type == RTAX_CC_ALGO)
        cc = g_strndup (RTA_DATA (rta), RTA_PAYLOAD (rta));
      else
        seen[rta->rta_type] = attr_u32 (rta);
    }
  g_assert_cmpuint (seen[RTAX_MTU], ==, 1400);
  g_assert_cmpuint (seen[RTAX_RTT], ==, 80);
  g_assert_cmpuint (seen[RTAX_INITCWND], ==, 20);
  g_assert_cmpuint (seen[RTAX_LOCK], ==, 1u << RTAX_MTU);
  g_assert_cmpstr (cc, ==, "cubic");
}

/* Multipath: one rtnexthop per nexthop with weight-1 in rtnh_hops. */
static void
test_route_multipath (void)
{
  g_autoptr(VigilConfig) config =
    load ("static_routes", "198.51.100.0/24 nexthop via 192.0.2.1 dev eth0 weight 2 "
                           "nexthop via 192.0.2.2 dev eth1");
  g_autoptr(GBytes) body = vigil_route_message_build (g_ptr_array_index (config->static_routes, 0),
                                                      lookup, NULL, NULL);
  const struct rtnexthop *nh;
  int rest, n = 0;
  Parsed p;

  parse_body (body, sizeof (struct rtmsg), &p);
  g_assert_nonnull (p.attr[RTA_MULTIPATH]);
  g_assert_cmpint (((const struct rtmsg *) p.hdr)->rtm_scope, ==, RT_SCOPE_UNIVERSE);
  rest = (int) RTA_PAYLOAD (p.attr[RTA_MULTIPATH]);
  /* The kernel's RTNH_OK reads rtnh_len before checking there is room. */
  for (nh = RTA_DATA (p.attr[RTA_MULTIPATH]);
       rest >= (int) sizeof (struct rtnexthop) && RTNH_OK (nh, rest);
       rest -= RTNH_ALIGN (nh->rtnh_len), nh = RTNH_NEXT (nh))
    {
      const struct rtattr *gw = RTNH_DATA (nh);
      g_autofree char *addr = attr_addr (gw, AF_INET);

      g_assert_cmpint (gw->rta_type, ==, RTA_GATEWAY);
      g_assert_cmpint (nh->rtnh_ifindex, ==, n == 0 ? 2 : 3);
      g_assert_cmpint (nh->rtnh_hops, ==, n == 0 ? 1 : 0);
      g_assert_cmpstr (addr, ==, n == 0 ? "192.0.2.1" : "192.0.2.2");
      n++;
    }
  g_assert_cmpint (n, ==, 2);
}

/* A missing interface is an error naming it, for dev and nexthop dev. */
static void
test_route_missing_dev (void)
{
  const char *lines[] = {
    "198.51.100.0/24 dev nosuch0",
    "198.51.100.0/24 nexthop via 192.0.2.1 dev eth0 nexthop via 192.0.2.2 dev nosuch0",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(VigilConfig) config = load ("static_routes", lines[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) body =
        vigil_route_message_build (g_ptr_array_index (config->static_routes, 0), lookup, NULL,
                                   &error);

      g_assert_null (body);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_assert_nonnull (strstr (error->message, "nosuch0"));
    }
}

typedef struct {
  const char *line;
  int family;
  guint8 action, src_len, dst_len, flags;
  gint64 priority, table, fwmark, fwmask;   /* -1: attribute absent */
  const char *iif, *oif;
} RuleCase;

static const RuleCase rule_cases[] = {
  { "from 192.0.2.100 table 100 priority 100", AF_INET, FR_ACT_TO_TBL, 32, 0, 0,
    100, 100, -1, -1, NULL, NULL },
  { "to 198.51.100.0/24 fwmark 5/0xff table 1000 priority 7", AF_INET, FR_ACT_TO_TBL, 0, 24, 0,
    7, 1000, 5, 0xff, NULL, NULL },
  { "not from 192.0.2.0/24 iif eth0 oif eth1 lookup main priority 9", AF_INET, FR_ACT_TO_TBL,
    24, 0, FIB_RULE_INVERT, 9, RT_TABLE_MAIN, -1, -1, "eth0", "eth1" },
  { "from 2001:db8::/64 blackhole priority 10", AF_INET6, FR_ACT_BLACKHOLE, 64, 0, 0,
    10, -1, -1, -1, NULL, NULL },
  { "fwmark 3 goto 200 priority 11", AF_INET, FR_ACT_GOTO, 0, 0, 0, 11, -1, 3, -1, NULL, NULL },
};

static void
test_rule_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rule_cases); i++)
    {
      const RuleCase *c = &rule_cases[i];
      g_autoptr(VigilConfig) config = load ("static_rules", c->line);
      const VigilConfRule *rule = g_ptr_array_index (config->static_rules, 0);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) body = vigil_rule_message_build (rule, &error);
      const struct fib_rule_hdr *frh;
      Parsed p;

      g_test_message ("rule: %s", c->line);
      g_assert_no_error (error);
      parse_body (body, sizeof (struct fib_rule_hdr), &p);
      frh = (const struct fib_rule_hdr *) p.hdr;
      g_assert_cmpint (frh->family, ==, c->family);
      g_assert_cmpint (frh->action, ==, c->action);
      g_assert_cmpint (frh->src_len, ==, c->src_len);
      g_assert_cmpint (frh->dst_len, ==, c->dst_len);
      g_assert_cmpint (frh->flags, ==, c->flags);
      g_assert_true ((p.attr[FRA_SRC] != NULL) == (c->src_len > 0));
      g_assert_true ((p.attr[FRA_DST] != NULL) == (c->dst_len > 0));
#define CHECK_U32(type, want) \
      if ((want) >= 0) g_assert_cmpuint (attr_u32 (p.attr[type]), ==, (guint32) (want)); \
      else g_assert_null (p.attr[type])
      CHECK_U32 (FRA_PRIORITY, c->priority);
      CHECK_U32 (FRA_TABLE, c->table);
      CHECK_U32 (FRA_FWMARK, c->fwmark);
      CHECK_U32 (FRA_FWMASK, c->fwmask);
#undef CHECK_U32
      if (c->action == FR_ACT_GOTO)
        g_assert_cmpuint (attr_u32 (p.attr[FRA_GOTO]), ==, 200);
      if (c->iif != NULL)
        g_assert_cmpstr (RTA_DATA (p.attr[FRA_IIFNAME]), ==, c->iif);
      if (c->oif != NULL)
        g_assert_cmpstr (RTA_DATA (p.attr[FRA_OIFNAME]), ==, c->oif);
    }
}

static void
test_describe (void)
{
  g_autoptr(VigilConfig) routes = load ("static_routes", "198.51.100.0/24 via 192.0.2.1 dev eth0 table 100 metric 5");
  g_autoptr(VigilConfig) rules = load ("static_rules", "from 192.0.2.100 table 100 priority 100");
  g_autofree char *route = vigil_route_describe (g_ptr_array_index (routes->static_routes, 0));
  g_autofree char *rule = vigil_rule_describe (g_ptr_array_index (rules->static_rules, 0));

  g_assert_cmpstr (route, ==, "198.51.100.0/24 via 192.0.2.1 dev eth0 table 100 metric 5");
  g_assert_cmpstr (rule, ==, "from 192.0.2.100/32 table 100 priority 100");
  {
    g_autoptr(VigilConfig) bh = load ("static_routes", "blackhole 198.51.100.64/26 table 101");
    g_autoptr(VigilConfig) def = load ("static_routes", "unreachable default");
    g_autofree char *a = vigil_route_describe (g_ptr_array_index (bh->static_routes, 0));
    g_autofree char *b = vigil_route_describe (g_ptr_array_index (def->static_routes, 0));

    g_assert_cmpstr (a, ==, "blackhole 198.51.100.64/26 table 101");
    g_assert_cmpstr (b, ==, "unreachable default");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/route-message/route-table", test_route_table);
  g_test_add_func ("/route-message/route-metrics", test_route_metrics);
  g_test_add_func ("/route-message/route-multipath", test_route_multipath);
  g_test_add_func ("/route-message/route-missing-dev", test_route_missing_dev);
  g_test_add_func ("/route-message/rule-table", test_rule_table);
  g_test_add_func ("/route-message/describe", test_describe);
  return g_test_run ();
}
