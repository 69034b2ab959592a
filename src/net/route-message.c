/* route-message.c - netlink requests for configured routes and rules
 * (see route-message.h) */
#define G_LOG_DOMAIN "vigil-net"

#include "net/route-message.h"

#include <gio/gio.h>
#include <string.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

typedef struct nl_msg VigilNlMsg;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilNlMsg, nlmsg_free)

/* VigilConfRouteMetric -> RTAX_* */
static const int metric_rtax[VIGIL_CONF_ROUTE_METRIC_N] = {
  [VIGIL_CONF_ROUTE_METRIC_MTU] = RTAX_MTU,
  [VIGIL_CONF_ROUTE_METRIC_HOPLIMIT] = RTAX_HOPLIMIT,
  [VIGIL_CONF_ROUTE_METRIC_ADVMSS] = RTAX_ADVMSS,
  [VIGIL_CONF_ROUTE_METRIC_RTT] = RTAX_RTT,
  [VIGIL_CONF_ROUTE_METRIC_RTTVAR] = RTAX_RTTVAR,
  [VIGIL_CONF_ROUTE_METRIC_REORDERING] = RTAX_REORDERING,
  [VIGIL_CONF_ROUTE_METRIC_WINDOW] = RTAX_WINDOW,
  [VIGIL_CONF_ROUTE_METRIC_CWND] = RTAX_CWND,
  [VIGIL_CONF_ROUTE_METRIC_SSTHRESH] = RTAX_SSTHRESH,
  [VIGIL_CONF_ROUTE_METRIC_RTO_MIN] = RTAX_RTO_MIN,
  [VIGIL_CONF_ROUTE_METRIC_INITCWND] = RTAX_INITCWND,
  [VIGIL_CONF_ROUTE_METRIC_INITRWND] = RTAX_INITRWND,
  [VIGIL_CONF_ROUTE_METRIC_QUICKACK] = RTAX_QUICKACK,
  [VIGIL_CONF_ROUTE_METRIC_FASTOPEN_NO_COOKIE] = RTAX_FASTOPEN_NO_COOKIE,
};

static GBytes *
message_body (struct nl_msg *msg)
{
  struct nlmsghdr *hdr = nlmsg_hdr (msg);

  return g_bytes_new (nlmsg_data (hdr), (gsize) nlmsg_datalen (hdr));
}

static gboolean
put_failed (GError **error, const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
               "cannot build the netlink request for %s: message too large", what);
  return FALSE;
}

static int
put_addr (struct nl_msg *msg, int type, const VigilInetAddr *addr)
{
  return nla_put (msg, type, (int) vigil_inet_addr_len (addr), addr->u.bytes);
}

static int
resolve (const char *name, VigilIfindexLookup lookup, gpointer user_data, GError **error)
{
  int ifindex = lookup (name, user_data);

  if (ifindex <= 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "interface %s does not exist", name);
  return ifindex;
}

/**
 * vigil_route_default_scope:
 * What `ip route add` chooses: universe for IPv6; host for local and nat
 * routes; link for broadcast, multicast, anycast, and for unicast routes
 * without a gateway; universe otherwise (gateways, blackhole, ...).
 */
guint8
vigil_route_default_scope (const VigilConfRoute *route)
{
  g_return_val_if_fail (route != NULL, RT_SCOPE_UNIVERSE);
  if (route->family == AF_INET6)
    return RT_SCOPE_UNIVERSE;
  switch (route->type)
    {
    case RTN_LOCAL:
    case RTN_NAT:
      return RT_SCOPE_HOST;
    case RTN_BROADCAST:
    case RTN_MULTICAST:
    case RTN_ANYCAST:
      return RT_SCOPE_LINK;
    case RTN_UNICAST:
    case RTN_UNSPEC:
      if (!vigil_inet_addr_is_set (&route->via)
          && (route->nexthops == NULL || route->nexthops->len == 0))
        return RT_SCOPE_LINK;
      return RT_SCOPE_UNIVERSE;
    default:
      return RT_SCOPE_UNIVERSE;
    }
}

/* RTA_METRICS: the metrics given, their locks, congctl and features. */
static int
put_metrics (struct nl_msg *msg, const VigilConfRoute *route)
{
  struct nlattr *nest;
  guint32 lock = 0;
  int err = 0;

  if (route->metrics_set == 0 && route->congctl == NULL && route->features == 0)
    return 0;
  nest = nla_nest_start (msg, RTA_METRICS);
  if (nest == NULL)
    return -1;
  for (guint m = 0; m < VIGIL_CONF_ROUTE_METRIC_N && err == 0; m++)
    {
      guint32 value = route->metrics[m];

      if ((route->metrics_set & (1u << m)) == 0)
        continue;
      /* As ip-route(8): rtt and rttvar are given in milliseconds; the
       * kernel keeps them in 1/8 and 1/4 ms. */
      if (m == VIGIL_CONF_ROUTE_METRIC_RTT)
        value = value > G_MAXUINT32 / 8 ? G_MAXUINT32 : value * 8;
      else if (m == VIGIL_CONF_ROUTE_METRIC_RTTVAR)
        value = value > G_MAXUINT32 / 4 ? G_MAXUINT32 : value * 4;
      if ((route->metrics_locked & (1u << m)) != 0)
        lock |= 1u << metric_rtax[m];
      err = nla_put_u32 (msg, metric_rtax[m], value);
    }
  if (err == 0 && route->congctl != NULL)
    {
      if (route->congctl_locked)
        lock |= 1u << RTAX_CC_ALGO;
      err = nla_put_string (msg, RTAX_CC_ALGO, route->congctl);
    }
  if (err == 0 && route->features != 0)
    err = nla_put_u32 (msg, RTAX_FEATURES, route->features);
  if (err == 0 && lock != 0)
    err = nla_put_u32 (msg, RTAX_LOCK, lock);
  if (err == 0)
    err = nla_nest_end (msg, nest);
  return err;
}

/* RTA_MULTIPATH: one struct rtnexthop per nexthop, each followed by its
 * RTA_GATEWAY / RTA_FLOW, built in a buffer and put as one attribute. */
static gboolean
put_multipath (struct nl_msg *msg, const VigilConfRoute *route, VigilIfindexLookup lookup,
               gpointer user_data, GError **error)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();

  for (guint i = 0; i < route->nexthops->len; i++)
    {
      const VigilConfNexthop *nh = g_ptr_array_index (route->nexthops, i);
      struct rtnexthop rtnh = { 0 };
      gsize start = buf->len;

      rtnh.rtnh_hops = (unsigned char) (CLAMP (nh->weight, 1u, 256u) - 1);
      rtnh.rtnh_flags = nh->onlink ? RTNH_F_ONLINK : 0;
      if (nh->dev != NULL && (rtnh.rtnh_ifindex = resolve (nh->dev, lookup, user_data, error)) <= 0)
        return FALSE;
      g_byte_array_append (buf, (const guint8 *) &rtnh, sizeof rtnh);
      if (vigil_inet_addr_is_set (&nh->via))
        {
          guint16 alen = (guint16) vigil_inet_addr_len (&nh->via);
          struct rtattr rta = { .rta_len = (unsigned short) RTA_LENGTH (alen) };
          guint8 pad[4] = { 0 };

          rta.rta_type = nh->via.family == route->family ? RTA_GATEWAY : RTA_VIA;
          if (rta.rta_type == RTA_VIA)
            {
              /* struct rtvia: family, then the address */
              guint16 fam = (guint16) nh->via.family;
              rta.rta_len = (unsigned short) RTA_LENGTH (sizeof fam + alen);
              g_byte_array_append (buf, (const guint8 *) &rta, sizeof rta);
              g_byte_array_append (buf, (const guint8 *) &fam, sizeof fam);
            }
          else
            g_byte_array_append (buf, (const guint8 *) &rta, sizeof rta);
          g_byte_array_append (buf, nh->via.u.bytes, alen);
          g_byte_array_append (buf, pad, RTA_ALIGN (rta.rta_len) - rta.rta_len);
        }
      if (nh->realms != 0)
        {
          struct rtattr rta = { .rta_len = RTA_LENGTH (4), .rta_type = RTA_FLOW };
          g_byte_array_append (buf, (const guint8 *) &rta, sizeof rta);
          g_byte_array_append (buf, (const guint8 *) &nh->realms, 4);
        }
      ((struct rtnexthop *) (buf->data + start))->rtnh_len = (unsigned short) (buf->len - start);
    }
  if (nla_put (msg, RTA_MULTIPATH, (int) buf->len, buf->data) < 0)
    return put_failed (error, "a multipath route");
  return TRUE;
}

/* A gateway of the route's own family is RTA_GATEWAY; an IPv6 gateway
 * for an IPv4 route (`via inet6 ...`) is RTA_VIA. */
static int
put_gateway (struct nl_msg *msg, const VigilConfRoute *route)
{
  guint8 via[2 + 16];
  gsize alen = vigil_inet_addr_len (&route->via);
  guint16 fam = (guint16) route->via.family;

  if (route->via.family == route->family)
    return put_addr (msg, RTA_GATEWAY, &route->via);
  memcpy (via, &fam, 2);
  memcpy (via + 2, route->via.u.bytes, alen);
  return nla_put (msg, RTA_VIA, (int) (2 + alen), via);
}

/**
 * vigil_route_message_build:
 * The RTM_NEWROUTE body for `route` (see route-message.h).
 */
GBytes *
vigil_route_message_build (const VigilConfRoute *route, VigilIfindexLookup lookup,
                           gpointer user_data, GError **error)
{
  g_autoptr(VigilNlMsg) msg = NULL;
  struct rtmsg rtm = { 0 };
  int err = 0;

  g_return_val_if_fail (route != NULL && lookup != NULL, NULL);
  g_return_val_if_fail (route->family == AF_INET || route->family == AF_INET6, NULL);

  msg = nlmsg_alloc_simple (RTM_NEWROUTE, 0);
  if (msg == NULL)
    {
      put_failed (error, "a route");
      return NULL;
    }
  rtm.rtm_family = (unsigned char) route->family;
  rtm.rtm_dst_len = route->dst_len;
  rtm.rtm_src_len = route->src_len;
  rtm.rtm_tos = route->tos;
  rtm.rtm_table = route->table < 256 ? (unsigned char) route->table : RT_TABLE_UNSPEC;
  rtm.rtm_protocol = route->protocol;
  rtm.rtm_scope = route->scope >= 0 ? (unsigned char) route->scope
                                    : vigil_route_default_scope (route);
  rtm.rtm_type = route->type;
  rtm.rtm_flags = route->onlink ? RTNH_F_ONLINK : 0;
  if (nlmsg_append (msg, &rtm, sizeof rtm, NLMSG_ALIGNTO) < 0)
    {
      put_failed (error, "a route");
      return NULL;
    }

  if (route->dst.family == route->family)
    err = put_addr (msg, RTA_DST, &route->dst);
  if (err == 0 && route->src.family == route->family && route->src_len > 0)
    err = put_addr (msg, RTA_SRC, &route->src);
  if (err == 0 && route->pref_src.family == route->family)
    err = put_addr (msg, RTA_PREFSRC, &route->pref_src);
  if (err == 0 && vigil_inet_addr_is_set (&route->via))
    err = put_gateway (msg, route);
  if (err == 0 && route->dev != NULL)
    {
      int ifindex = resolve (route->dev, lookup, user_data, error);
      if (ifindex <= 0)
        return NULL;
      err = nla_put_u32 (msg, RTA_OIF, (guint32) ifindex);
    }
  if (err == 0)
    err = nla_put_u32 (msg, RTA_TABLE, route->table);
  if (err == 0 && route->has_metric)
    err = nla_put_u32 (msg, RTA_PRIORITY, route->metric);
  if (err == 0 && route->realms != 0)
    err = nla_put_u32 (msg, RTA_FLOW, route->realms);
  if (err == 0)
    err = put_metrics (msg, route);
  if (err == 0 && route->family == AF_INET6 && route->pref >= 0)
    err = nla_put_u8 (msg, RTA_PREF, (guint8) route->pref);
  if (err == 0 && route->family == AF_INET6 && route->expires != 0)
    err = nla_put_u32 (msg, RTA_EXPIRES, route->expires);
  if (err == 0 && route->ttl_propagate_given)
    err = nla_put_u8 (msg, RTA_TTL_PROPAGATE, route->ttl_propagate ? 1 : 0);
  if (err < 0)
    {
      put_failed (error, "a route");
      return NULL;
    }
  if (route->nexthops != NULL && route->nexthops->len > 0
      && !put_multipath (msg, route, lookup, user_data, error))
    return NULL;
  return message_body (msg);
}

/**
 * vigil_rule_message_build:
 * The RTM_NEWRULE body for `rule` (see route-message.h).
 */
GBytes *
vigil_rule_message_build (const VigilConfRule *rule, GError **error)
{
  g_autoptr(VigilNlMsg) msg = NULL;
  struct fib_rule_hdr frh = { 0 };
  int err = 0;

  g_return_val_if_fail (rule != NULL, NULL);
  g_return_val_if_fail (rule->family == AF_INET || rule->family == AF_INET6, NULL);

  msg = nlmsg_alloc_simple (RTM_NEWRULE, 0);
  if (msg == NULL)
    {
      put_failed (error, "a rule");
      return NULL;
    }
  frh.family = (guint8) rule->family;
  frh.dst_len = rule->to.family == rule->family ? rule->to_len : 0;
  frh.src_len = rule->from.family == rule->family ? rule->from_len : 0;
  frh.tos = rule->tos;
  frh.action = rule->action;
  frh.flags = rule->invert ? FIB_RULE_INVERT : 0;
  if (rule->action == FR_ACT_TO_TBL)
    frh.table = rule->table < 256 ? (guint8) rule->table : RT_TABLE_UNSPEC;
  if (nlmsg_append (msg, &frh, sizeof frh, NLMSG_ALIGNTO) < 0)
    {
      put_failed (error, "a rule");
      return NULL;
    }

  if (frh.src_len > 0)
    err = put_addr (msg, FRA_SRC, &rule->from);
  if (err == 0 && frh.dst_len > 0)
    err = put_addr (msg, FRA_DST, &rule->to);
  if (err == 0 && rule->has_priority)
    err = nla_put_u32 (msg, FRA_PRIORITY, rule->priority);
  if (err == 0 && rule->has_fwmark)
    err = nla_put_u32 (msg, FRA_FWMARK, rule->fwmark);
  if (err == 0 && rule->has_fwmark && rule->fwmask != G_MAXUINT32)
    err = nla_put_u32 (msg, FRA_FWMASK, rule->fwmask);
  if (err == 0 && rule->realms != 0)
    err = nla_put_u32 (msg, FRA_FLOW, rule->realms);
  if (err == 0 && rule->action == FR_ACT_TO_TBL && !rule->l3mdev)
    err = nla_put_u32 (msg, FRA_TABLE, rule->table);
  if (err == 0 && rule->action == FR_ACT_GOTO)
    err = nla_put_u32 (msg, FRA_GOTO, rule->goto_target);
  if (err == 0 && rule->iif != NULL)
    err = nla_put_string (msg, FRA_IIFNAME, rule->iif);
  if (err == 0 && rule->oif != NULL)
    err = nla_put_string (msg, FRA_OIFNAME, rule->oif);
  if (err == 0 && rule->suppress_prefixlen >= 0)
    err = nla_put_u32 (msg, FRA_SUPPRESS_PREFIXLEN, (guint32) rule->suppress_prefixlen);
  if (err == 0 && rule->suppress_ifgroup >= 0)
    err = nla_put_u32 (msg, FRA_SUPPRESS_IFGROUP, (guint32) rule->suppress_ifgroup);
  if (err == 0 && rule->has_tunnel_id)
    err = nla_put_u64 (msg, FRA_TUN_ID, GUINT64_TO_BE (rule->tunnel_id));
  if (err == 0 && rule->has_uidrange)
    {
      struct fib_rule_uid_range range = { rule->uid_start, rule->uid_end };
      err = nla_put (msg, FRA_UID_RANGE, sizeof range, &range);
    }
  if (err == 0 && rule->l3mdev)
    err = nla_put_u8 (msg, FRA_L3MDEV, 1);
  if (err == 0 && rule->has_protocol)
    err = nla_put_u8 (msg, FRA_PROTOCOL, rule->protocol);
  if (err == 0 && rule->has_ip_proto)
    err = nla_put_u8 (msg, FRA_IP_PROTO, rule->ip_proto);
  if (err == 0 && rule->has_sport)
    {
      struct fib_rule_port_range range = { rule->sport_start, rule->sport_end };
      err = nla_put (msg, FRA_SPORT_RANGE, sizeof range, &range);
    }
  if (err == 0 && rule->has_dport)
    {
      struct fib_rule_port_range range = { rule->dport_start, rule->dport_end };
      err = nla_put (msg, FRA_DPORT_RANGE, sizeof range, &range);
    }
  if (err < 0)
    {
      put_failed (error, "a rule");
      return NULL;
    }
  return message_body (msg);
}

static const char *
route_type_name (guint8 type)
{
  static const char *const names[] = {
    [RTN_UNICAST] = "unicast", [RTN_LOCAL] = "local", [RTN_BROADCAST] = "broadcast",
    [RTN_ANYCAST] = "anycast", [RTN_MULTICAST] = "multicast", [RTN_BLACKHOLE] = "blackhole",
    [RTN_UNREACHABLE] = "unreachable", [RTN_PROHIBIT] = "prohibit", [RTN_THROW] = "throw",
    [RTN_NAT] = "nat",
  };
  return type < G_N_ELEMENTS (names) && names[type] != NULL ? names[type] : "unknown";
}

static void
append_prefix (GString *out, const char *word, const VigilInetAddr *addr, guint8 len)
{
  char text[VIGIL_INET_ADDR_STRLEN];

  if (word != NULL)
    g_string_append_printf (out, "%s%s ", out->len > 0 ? " " : "", word);
  else if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_printf (out, "%s/%u", vigil_inet_addr_to_string (addr, text), len);
}

/**
 * vigil_route_describe:
 * `ip route`-like text naming the route in logs.
 */
char *
vigil_route_describe (const VigilConfRoute *route)
{
  GString *out = g_string_new (NULL);
  char text[VIGIL_INET_ADDR_STRLEN];

  g_return_val_if_fail (route != NULL, NULL);
  if (route->type != RTN_UNICAST)
    g_string_append (out, route_type_name (route->type));
  if (route->dst.family == AF_UNSPEC || (route->dst_len == 0 && !vigil_inet_addr_is_set (&route->dst)))
    g_string_append (out, out->len > 0 ? " default" : "default");
  else
    append_prefix (out, NULL, &route->dst, route->dst_len);
  if (route->src_len > 0)
    append_prefix (out, "from", &route->src, route->src_len);
  if (vigil_inet_addr_is_set (&route->via))
    g_string_append_printf (out, " via %s", vigil_inet_addr_to_string (&route->via, text));
  for (guint i = 0; route->nexthops != NULL && i < route->nexthops->len; i++)
    {
      const VigilConfNexthop *nh = g_ptr_array_index (route->nexthops, i);
      g_string_append (out, " nexthop");
      if (vigil_inet_addr_is_set (&nh->via))
        g_string_append_printf (out, " via %s", vigil_inet_addr_to_string (&nh->via, text));
      if (nh->dev != NULL)
        g_string_append_printf (out, " dev %s", nh->dev);
    }
  if (route->dev != NULL)
    g_string_append_printf (out, " dev %s", route->dev);
  if (route->pref_src.family != AF_UNSPEC)
    g_string_append_printf (out, " src %s", vigil_inet_addr_to_string (&route->pref_src, text));
  if (route->table != RT_TABLE_MAIN)
    g_string_append_printf (out, " table %u", route->table);
  if (route->has_metric)
    g_string_append_printf (out, " metric %u", route->metric);
  return g_string_free (out, FALSE);
}

/**
 * vigil_rule_describe:
 * `ip rule`-like text naming the rule in logs.
 */
char *
vigil_rule_describe (const VigilConfRule *rule)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (rule != NULL, NULL);
  if (rule->invert)
    g_string_append (out, "not");
  if (rule->from.family != AF_UNSPEC && rule->from_len > 0)
    append_prefix (out, "from", &rule->from, rule->from_len);
  else
    g_string_append_printf (out, "%sfrom all", out->len > 0 ? " " : "");
  if (rule->to.family != AF_UNSPEC && rule->to_len > 0)
    append_prefix (out, "to", &rule->to, rule->to_len);
  if (rule->has_fwmark)
    g_string_append_printf (out, " fwmark 0x%x/0x%x", rule->fwmark, rule->fwmask);
  if (rule->iif != NULL)
    g_string_append_printf (out, " iif %s", rule->iif);
  if (rule->oif != NULL)
    g_string_append_printf (out, " oif %s", rule->oif);
  if (rule->action == FR_ACT_TO_TBL)
    g_string_append_printf (out, " table %u", rule->table);
  else if (rule->action == FR_ACT_GOTO)
    g_string_append_printf (out, " goto %u", rule->goto_target);
  else
    g_string_append_printf (out, " action %u", rule->action);
  if (rule->has_priority)
    g_string_append_printf (out, " priority %u", rule->priority);
  return g_string_free (out, FALSE);
}
