/* parser-route.c - lines of route and rule blocks
 *
 * virtual_routes / static_routes lines follow `ip route add`, and
 * virtual_rules / static_rules lines `ip rule add`, with keepalived's
 * additions (no_track, track_group, the legacy `gw` and `or`). Values stay
 * the kernel's numbers (RTN_*, RT_SCOPE_*, FR_ACT_*, ...).
 */
#define G_LOG_DOMAIN "vigil-config"

#include "config/parser-cursor.h"
#include "i18n.h"

#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <string.h>

static const VigilConfNamedValue route_types[] = {
  { "unicast", RTN_UNICAST }, { "local", RTN_LOCAL }, { "broadcast", RTN_BROADCAST },
  { "anycast", RTN_ANYCAST }, { "multicast", RTN_MULTICAST }, { "blackhole", RTN_BLACKHOLE },
  { "unreachable", RTN_UNREACHABLE }, { "prohibit", RTN_PROHIBIT }, { "throw", RTN_THROW },
  { "nat", RTN_NAT }, { NULL, 0 }
};

static int
route_type (const char *word)
{
  for (guint t = 0; route_types[t].name != NULL; t++)
    if (strcmp (word, route_types[t].name) == 0)
      return (int) route_types[t].value;
  return -1;
}

static const char *const metric_names[VIGIL_CONF_ROUTE_METRIC_N + 1] = {
  [VIGIL_CONF_ROUTE_METRIC_MTU] = "mtu",
  [VIGIL_CONF_ROUTE_METRIC_HOPLIMIT] = "hoplimit",
  [VIGIL_CONF_ROUTE_METRIC_ADVMSS] = "advmss",
  [VIGIL_CONF_ROUTE_METRIC_RTT] = "rtt",
  [VIGIL_CONF_ROUTE_METRIC_RTTVAR] = "rttvar",
  [VIGIL_CONF_ROUTE_METRIC_REORDERING] = "reordering",
  [VIGIL_CONF_ROUTE_METRIC_WINDOW] = "window",
  [VIGIL_CONF_ROUTE_METRIC_CWND] = "cwnd",
  [VIGIL_CONF_ROUTE_METRIC_SSTHRESH] = "ssthresh",
  [VIGIL_CONF_ROUTE_METRIC_RTO_MIN] = "rto_min",
  [VIGIL_CONF_ROUTE_METRIC_INITCWND] = "initcwnd",
  [VIGIL_CONF_ROUTE_METRIC_INITRWND] = "initrwnd",
  [VIGIL_CONF_ROUTE_METRIC_QUICKACK] = "quickack",
  [VIGIL_CONF_ROUTE_METRIC_FASTOPEN_NO_COOKIE] = "fastopen_no_cookie",
  [VIGIL_CONF_ROUTE_METRIC_N] = NULL,
};

static const char *const route_options[] = {
  "src", "from", "to", "default", "via", "gw", "or", "dev", "oif", "scope", "table", "metric",
  "priority", "preference", "tos", "dsfield", "protocol", "proto", "onlink", "realms", "lock",
  "congctl", "features", "pref", "expires", "ttl-propagate", "nexthop", "no_track",
  "track_group", "append", "prepend", "add", "inet", "inet6", "encap", "vrf", NULL
};

static guint32
parse_realms (VigilConfCursor *c, const VigilConfWord *option, gboolean *ok)
{
  const VigilConfWord *value = vigil_conf_cursor_value (c, option);
  g_auto(GStrv) parts = NULL;
  guint64 from = 0, to = 0;
  char *end = NULL;

  *ok = FALSE;
  if (value == NULL)
    return 0;
  parts = g_strsplit (value->text, "/", 2);
  to = g_ascii_strtoull (parts[g_strv_length (parts) - 1], &end, 0);
  if (*end == '\0' && parts[1] != NULL)
    from = g_ascii_strtoull (parts[0], &end, 0);
  if (*end != '\0' || !g_ascii_isdigit (value->text[0]) || from > 0xffff || to > 0xffff)
    {
      vigil_diag_error (c->parser->diags, &value->loc,
                        _("invalid value '%s' for 'realms': expected [FROM/]TO as numbers "
                          "from 0 to 65535"), value->text);
      c->failed = TRUE;
      return 0;
    }
  *ok = TRUE;
  return (guint32) (from << 16 | to);
}

static gboolean
parse_via (VigilConfCursor *c, const VigilConfWord *option, int *family, VigilInetAddr *via)
{
  const VigilConfWord *value = vigil_conf_cursor_value (c, option);

  if (value != NULL && (strcmp (value->text, "inet") == 0 || strcmp (value->text, "inet6") == 0))
    value = vigil_conf_cursor_value (c, option);
  if (value == NULL)
    return FALSE;
  if (!vigil_conf_value_addr (c->parser, option->text, value, via))
    {
      c->failed = TRUE;
      return FALSE;
    }
  if (*family != AF_UNSPEC && via->family != *family)
    {
      vigil_diag_error (c->parser->diags, &value->loc,
                        _("'%s' in %s mixes IPv4 and IPv6 addresses"), value->text, c->block);
      c->failed = TRUE;
      return FALSE;
    }
  *family = via->family;
  return TRUE;
}

/* `nexthop via ADDR dev IF weight N onlink realms R`, up to the next word
 * that is no nexthop option. */
static void
parse_nexthop (VigilConfCursor *c, VigilConfRoute *route, const VigilConfWord *option,
               int *family)
{
  VigilConfNexthop *nh = g_new0 (VigilConfNexthop, 1);
  const VigilConfWord *word;
  gboolean ok;

  nh->weight = 1;
  nh->loc = option->loc;
  g_ptr_array_add (route->nexthops, nh);
  while (!c->failed && (word = vigil_conf_cursor_peek (c)) != NULL)
    {
      guint64 n;

      if (strcmp (word->text, "via") == 0)
        parse_via (c, vigil_conf_cursor_take (c), family, &nh->via);
      else if (strcmp (word->text, "dev") == 0)
        {
          const VigilConfWord *dev = vigil_conf_cursor_value (c, vigil_conf_cursor_take (c));
          if (dev != NULL)
            {
              g_free (nh->dev);
              nh->dev = g_strdup (dev->text);
            }
        }
      else if (strcmp (word->text, "weight") == 0)
        {
          vigil_conf_cursor_take (c);
          if (vigil_conf_cursor_number (c, word, 256, &n))
            {
              if (n == 0)
                {
                  vigil_diag_error (c->parser->diags, &word->loc,
                                    _("nexthop 'weight' must be from 1 to 256"));
                  c->failed = TRUE;
                }
              nh->weight = (guint) n;
            }
        }
      else if (strcmp (word->text, "onlink") == 0)
        {
          vigil_conf_cursor_take (c);
          nh->onlink = TRUE;
        }
      else if (strcmp (word->text, "realms") == 0)
        nh->realms = parse_realms (c, vigil_conf_cursor_take (c), &ok);
      else
        break;
    }
}

static gboolean
parse_metric (VigilConfCursor *c, VigilConfRoute *route, const VigilConfWord *word)
{
  gboolean locked = strcmp (word->text, "lock") == 0;
  const VigilConfWord *name = locked ? vigil_conf_cursor_value (c, word) : word;
  guint64 value;

  if (name == NULL)
    return TRUE;
  if (strcmp (name->text, "congctl") == 0)
    {
      const VigilConfWord *algo = vigil_conf_cursor_value (c, name);
      if (algo != NULL && strcmp (algo->text, "lock") == 0)
        {
          locked = TRUE;
          algo = vigil_conf_cursor_value (c, name);
        }
      if (algo != NULL)
        {
          g_free (route->congctl);
          route->congctl = g_strdup (algo->text);
          route->congctl_locked = locked;
        }
      return TRUE;
    }
  for (guint m = 0; m < VIGIL_CONF_ROUTE_METRIC_N; m++)
    if (strcmp (name->text, metric_names[m]) == 0)
      {
        const VigilConfWord *next = vigil_conf_cursor_peek (c);
        if (next != NULL && strcmp (next->text, "lock") == 0)
          {
            vigil_conf_cursor_take (c);
            locked = TRUE;
          }
        if (vigil_conf_cursor_number (c, name, G_MAXUINT32, &value))
          {
            route->metrics[m] = (guint32) value;
            route->metrics_set |= 1u << m;
            if (locked)
              route->metrics_locked |= 1u << m;
          }
        return TRUE;
      }
  if (locked)
    {
      vigil_conf_error_unknown_option (c->parser, "lock", name, metric_names);
      c->failed = TRUE;
      return TRUE;
    }
  return FALSE;
}

VigilConfRoute *
vigil_conf_parse_route_line (VigilConfParser *parser, const VigilConfNode *line,
                             gboolean is_static)
{
  const char *block = is_static ? "static_routes" : "virtual_routes";
  g_autoptr(VigilConfRoute) route = NULL;
  VigilConfCursor c;
  const VigilConfWord *word, *value;
  gboolean have_dst = FALSE, ok;
  int family = AF_UNSPEC, forced = AF_UNSPEC;
  guint n;
  guint64 number;

  if (!vigil_conf_expect_no_block (parser, line))
    return NULL;
  route = g_new0 (VigilConfRoute, 1);
  route->loc = line->keyword.loc;
  route->type = RTN_UNICAST;
  route->table = RT_TABLE_MAIN;
  route->protocol = RTPROT_BOOT;
  route->scope = -1;
  route->pref = -1;
  route->nexthops = g_ptr_array_new ();
  vigil_conf_cursor_init (&c, parser, line, block);
  while (!c.failed && (word = vigil_conf_cursor_take (&c)) != NULL)
    {
      const char *w = word->text;

      if (strcmp (w, "src") == 0)
        {
          if ((value = vigil_conf_cursor_value (&c, word)) != NULL
              && vigil_conf_value_addr (parser, w, value, &route->pref_src))
            {
              if (family != AF_UNSPEC && route->pref_src.family != family)
                {
                  vigil_diag_error (parser->diags, &value->loc,
                                    _("'%s' in %s mixes IPv4 and IPv6 addresses"), value->text,
                                    block);
                  c.failed = TRUE;
                }
              family = route->pref_src.family;
            }
          else
            c.failed = TRUE;
        }
      else if (strcmp (w, "from") == 0)
        {
          if ((value = vigil_conf_cursor_value (&c, word)) != NULL)
            vigil_conf_cursor_prefix (&c, value, w, &family, &route->src, &route->src_len);
        }
      else if (strcmp (w, "to") == 0)
        continue;
      else if (!have_dst && vigil_conf_cursor_peek (&c) != NULL && route_type (w) >= 0)
        route->type = (guint8) route_type (w);
      else if (!have_dst && strcmp (w, "default") == 0)
        have_dst = TRUE;
      else if (strcmp (w, "via") == 0 || strcmp (w, "gw") == 0)
        {
          if (w[0] == 'g')
            vigil_diag_warning (parser->diags, &word->loc, _("'gw' is deprecated; use 'via'"));
          parse_via (&c, word, &family, &route->via);
        }
      else if (strcmp (w, "or") == 0)
        {
          VigilConfNexthop *nh;
          vigil_diag_warning (parser->diags, &word->loc, _("'or' is deprecated; use 'nexthop'"));
          if (route->nexthops->len == 0)
            {
              nh = g_new0 (VigilConfNexthop, 1);
              nh->weight = 1;
              nh->via = route->via;
              nh->dev = g_strdup (route->dev);
              nh->loc = route->loc;
              g_ptr_array_add (route->nexthops, nh);
              memset (&route->via, 0, sizeof route->via);
            }
          nh = g_new0 (VigilConfNexthop, 1);
          nh->weight = 1;
          nh->loc = word->loc;
          g_ptr_array_add (route->nexthops, nh);
          parse_via (&c, word, &family, &nh->via);
        }
      else if (strcmp (w, "dev") == 0 || strcmp (w, "oif") == 0 || strcmp (w, "vrf") == 0
               || strcmp (w, "track_group") == 0)
        {
          if ((value = vigil_conf_cursor_value (&c, word)) == NULL)
            break;
          if (w[0] == 'v')
            vigil_conf_warn_unimplemented (parser, &word->loc, VIGIL_CONF_BLOCK_TOP, "route vrf");
          else if (w[0] == 't')
            {
              g_free (route->track_group);
              route->track_group = g_strdup (value->text);
              if (!is_static)
                {
                  vigil_diag_error (parser->diags, &word->loc,
                                    _("'track_group' is only valid in static_routes"));
                  c.failed = TRUE;
                }
            }
          else
            {
              g_free (route->dev);
              route->dev = g_strdup (value->text);
            }
        }
      else if (strcmp (w, "scope") == 0)
        {
          if (vigil_conf_cursor_named (&c, word, vigil_conf_scope_names, 255, &n))
            route->scope = (int) n;
        }
      else if (strcmp (w, "table") == 0)
        {
          if (vigil_conf_cursor_named (&c, word, vigil_conf_table_names, G_MAXUINT32, &n))
            route->table = n;
        }
      else if (strcmp (w, "metric") == 0 || strcmp (w, "priority") == 0
               || strcmp (w, "preference") == 0)
        {
          if (vigil_conf_cursor_number (&c, word, G_MAXUINT32, &number))
            {
              route->metric = (guint32) number;
              route->has_metric = TRUE;
            }
        }
      else if (strcmp (w, "tos") == 0 || strcmp (w, "dsfield") == 0)
        {
          if (vigil_conf_cursor_number (&c, word, 255, &number))
            route->tos = (guint8) number;
        }
      else if (strcmp (w, "protocol") == 0 || strcmp (w, "proto") == 0)
        {
          if (vigil_conf_cursor_named (&c, word, vigil_conf_protocol_names, 255, &n))
            route->protocol = (guint8) n;
        }
      else if (strcmp (w, "onlink") == 0)
        route->onlink = TRUE;
      else if (strcmp (w, "realms") == 0)
        route->realms = parse_realms (&c, word, &ok);
      else if (strcmp (w, "features") == 0)
        {
          static const char *const features[] = { "ecn", NULL };
          if ((value = vigil_conf_cursor_value (&c, word)) != NULL
              && vigil_conf_value_choice (parser, w, value, features) == 0)
            route->features |= RTAX_FEATURE_ECN;
          else
            c.failed = TRUE;
        }
      else if (strcmp (w, "pref") == 0)
        {
          static const char *const prefs[] = { "medium", "high", "low", NULL };
          int which = -1;
          if ((value = vigil_conf_cursor_value (&c, word)) != NULL)
            which = vigil_conf_value_choice (parser, w, value, prefs);
          if (which < 0)
            c.failed = TRUE;
          else
            route->pref = which == 2 ? 3 : which;   /* ICMPV6_ROUTER_PREF_* */
          forced = AF_INET6;
        }
      else if (strcmp (w, "expires") == 0)
        {
          if (vigil_conf_cursor_number (&c, word, G_MAXUINT32, &number))
            route->expires = (guint32) number;
          forced = AF_INET6;
        }
      else if (strcmp (w, "ttl-propagate") == 0)
        {
          static const char *const modes[] = { "disabled", "enabled", NULL };
          int which = -1;
          if ((value = vigil_conf_cursor_value (&c, word)) != NULL)
            which = vigil_conf_value_choice (parser, w, value, modes);
          if (which < 0)
            c.failed = TRUE;
          route->ttl_propagate_given = TRUE;
          route->ttl_propagate = which == 1;
        }
      else if (strcmp (w, "nexthop") == 0)
        parse_nexthop (&c, route, word, &family);
      else if (strcmp (w, "no_track") == 0)
        route->no_track = TRUE;
      else if (strcmp (w, "append") == 0)
        route->append = TRUE;
      else if (strcmp (w, "prepend") == 0 || strcmp (w, "add") == 0)
        route->append = FALSE;
      else if (strcmp (w, "inet") == 0 || strcmp (w, "inet6") == 0)
        forced = w[4] == '6' ? AF_INET6 : AF_INET;
      else if (strcmp (w, "encap") == 0)
        {
          vigil_conf_warn_unimplemented (parser, &word->loc, VIGIL_CONF_BLOCK_TOP, "route encap");
          while (vigil_conf_cursor_take (&c) != NULL)
            ;
        }
      else if (parse_metric (&c, route, word))
        continue;
      else if (!have_dst && (g_ascii_isxdigit (w[0]) || w[0] == ':'))
        {
          if (vigil_conf_cursor_prefix (&c, word, block, &family, &route->dst, &route->dst_len))
            have_dst = TRUE;
        }
      else if (c.next == 1 && vigil_conf_report_misplaced (parser, line, block))
        c.failed = TRUE;
      else
        {
          vigil_conf_error_unknown_option (parser, block, word, route_options);
          c.failed = TRUE;
        }
    }
  g_ptr_array_unref (c.words);
  if (c.failed)
    return NULL;
  if (!have_dst)
    {
      vigil_diag_error (parser->diags, &route->loc,
                        _("route in %s has no destination (ADDRESS/PREFIX or 'default')"), block);
      return NULL;
    }
  if (forced != AF_UNSPEC && family != AF_UNSPEC && forced != family)
    {
      vigil_diag_error (parser->diags, &route->loc,
                        _("route in %s mixes IPv4 addresses with IPv6-only options"), block);
      return NULL;
    }
  route->family = family != AF_UNSPEC ? family : forced != AF_UNSPEC ? forced : AF_INET;
  return g_steal_pointer (&route);
}

void
vigil_conf_parse_static_routes (VigilConfParser *parser, const VigilConfNode *node,
                                const VigilConfKeyword *keyword, gpointer target)
{
  VigilConfig *config = target;

  for (guint i = 0; i < node->children->len; i++)
    {
      VigilConfRoute *route = vigil_conf_parse_route_line (parser,
                                                           g_ptr_array_index (node->children, i),
                                                           TRUE);
      if (route != NULL)
        g_ptr_array_add (config->static_routes, route);
    }
}

/* ---- rules ---- */

static const char *const rule_options[] = {
  "not", "from", "to", "preference", "priority", "order", "tos", "dsfield", "fwmark", "realms",
  "table", "lookup", "goto", "nop", "blackhole", "unreachable", "prohibit", "iif", "dev", "oif",
  "suppress_prefixlength", "suppress_ifgroup", "tunnel-id", "uidrange", "l3mdev", "protocol",
  "ip_proto", "sport", "dport", "no_track", "track_group", "inet", "inet6", NULL
};

/* A-B or A */
static gboolean
parse_range (VigilConfCursor *c, const VigilConfWord *option, guint64 max, guint64 *first,
             guint64 *last)
{
  const VigilConfWord *value = vigil_conf_cursor_value (c, option);
  char *end = NULL;

  if (value == NULL)
    return FALSE;
  *first = g_ascii_strtoull (value->text, &end, 10);
  *last = *first;
  if (*end == '-')
    *last = g_ascii_strtoull (end + 1, &end, 10);
  if (!g_ascii_isdigit (value->text[0]) || *end != '\0' || *first > *last || *last > max)
    {
      vigil_diag_error (c->parser->diags, &value->loc,
                        _("invalid value '%s' for '%s': expected N or N-M with numbers "
                          "from 0 to %llu"), value->text, option->text, (unsigned long long) max);
      c->failed = TRUE;
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_rule_prefix (VigilConfCursor *c, const VigilConfWord *option, int *family,
                   VigilInetAddr *addr, guint8 *len)
{
  const VigilConfWord *value = vigil_conf_cursor_value (c, option);

  if (value == NULL)
    return FALSE;
  if (strcmp (value->text, "all") == 0)
    return TRUE;
  return vigil_conf_cursor_prefix (c, value, option->text, family, addr, len);
}

VigilConfRule *
vigil_conf_parse_rule_line (VigilConfParser *parser, const VigilConfNode *line, gboolean is_static)
{
  static const struct {
    const char *name;
    guint8 action;
  } actions[] = {
    { "nop", FR_ACT_NOP }, { "blackhole", FR_ACT_BLACKHOLE },
    { "unreachable", FR_ACT_UNREACHABLE }, { "prohibit", FR_ACT_PROHIBIT },
  };
  const char *block = is_static ? "static_rules" : "virtual_rules";
  g_autoptr(VigilConfRule) rule = NULL;
  VigilConfCursor c;
  const VigilConfWord *word, *value;
  int family = AF_UNSPEC, forced = AF_UNSPEC;
  guint64 a, b;
  guint n;
  gboolean ok;

  if (!vigil_conf_expect_no_block (parser, line))
    return NULL;
  rule = g_new0 (VigilConfRule, 1);
  rule->loc = line->keyword.loc;
  rule->action = FR_ACT_TO_TBL;
  rule->table = RT_TABLE_MAIN;
  rule->fwmask = G_MAXUINT32;
  rule->suppress_prefixlen = -1;
  rule->suppress_ifgroup = -1;
  vigil_conf_cursor_init (&c, parser, line, block);
  while (!c.failed && (word = vigil_conf_cursor_take (&c)) != NULL)
    {
      const char *w = word->text;
      gsize act;

      for (act = 0; act < G_N_ELEMENTS (actions); act++)
        if (strcmp (w, actions[act].name) == 0)
          break;
      if (act < G_N_ELEMENTS (actions))
        rule->action = actions[act].action;
      else if (strcmp (w, "not") == 0)
        rule->invert = TRUE;
      else if (strcmp (w, "from") == 0)
        parse_rule_prefix (&c, word, &family, &rule->from, &rule->from_len);
      else if (strcmp (w, "to") == 0)
        parse_rule_prefix (&c, word, &family, &rule->to, &rule->to_len);
      else if (strcmp (w, "preference") == 0 || strcmp (w, "priority") == 0
               || strcmp (w, "order") == 0)
        {
          if (vigil_conf_cursor_number (&c, word, G_MAXUINT32, &a))
            {
              rule->priority = (guint32) a;
              rule->has_priority = TRUE;
            }
        }
      else if (strcmp (w, "tos") == 0 || strcmp (w, "dsfield") == 0)
        {
          if (vigil_conf_cursor_number (&c, word, 255, &a))
            rule->tos = (guint8) a;
        }
      else if (strcmp (w, "fwmark") == 0)
        {
          g_auto(GStrv) parts = NULL;
          char *end = NULL;
          if ((value = vigil_conf_cursor_value (&c, word)) == NULL)
            break;
          parts = g_strsplit (value->text, "/", 2);
          a = g_ascii_strtoull (parts[0], &end, 0);
          ok = g_ascii_isdigit (parts[0][0]) && *end == '\0' && a <= G_MAXUINT32;
          b = G_MAXUINT32;
          if (ok && parts[1] != NULL)
            {
              b = g_ascii_strtoull (parts[1], &end, 0);
              ok = g_ascii_isdigit (parts[1][0]) && *end == '\0' && b <= G_MAXUINT32;
            }
          if (!ok)
            {
              vigil_diag_error (parser->diags, &value->loc,
                                _("invalid value '%s' for 'fwmark': expected MARK[/MASK]"),
                                value->text);
              c.failed = TRUE;
            }
          rule->fwmark = (guint32) a;
          rule->fwmask = (guint32) b;
          rule->has_fwmark = TRUE;
        }
      else if (strcmp (w, "realms") == 0)
        rule->realms = parse_realms (&c, word, &ok);
      else if (strcmp (w, "table") == 0 || strcmp (w, "lookup") == 0)
        {
          if (vigil_conf_cursor_named (&c, word, vigil_conf_table_names, G_MAXUINT32, &n))
            {
              rule->table = n;
              rule->action = FR_ACT_TO_TBL;
            }
        }
      else if (strcmp (w, "goto") == 0)
        {
          if (vigil_conf_cursor_number (&c, word, G_MAXUINT32, &a))
            {
              rule->goto_target = (guint32) a;
              rule->action = FR_ACT_GOTO;
            }
        }
      else if (strcmp (w, "iif") == 0 || strcmp (w, "dev") == 0 || strcmp (w, "oif") == 0
               || strcmp (w, "track_group") == 0)
        {
          char **field = w[0] == 'o' ? &rule->oif : w[0] == 't' ? &rule->track_group : &rule->iif;
          if ((value = vigil_conf_cursor_value (&c, word)) == NULL)
            break;
          if (w[0] == 't' && !is_static)
            {
              vigil_diag_error (parser->diags, &word->loc,
                                _("'track_group' is only valid in static_rules"));
              c.failed = TRUE;
            }
          g_free (*field);
          *field = g_strdup (value->text);
        }
      else if (strcmp (w, "suppress_prefixlength") == 0 || strcmp (w, "suppress_prefixlen") == 0)
        {
          if (vigil_conf_cursor_number (&c, word, 128, &a))
            rule->suppress_prefixlen = (int) a;
        }
      else if (strcmp (w, "suppress_ifgroup") == 0)
        {
          if (vigil_conf_cursor_number (&c, word, G_MAXINT32, &a))
            rule->suppress_ifgroup = (gint64) a;
        }
      else if (strcmp (w, "tunnel-id") == 0)
        {
          if (vigil_conf_cursor_number (&c, word, G_MAXUINT64, &a))
            {
              rule->tunnel_id = a;
              rule->has_tunnel_id = TRUE;
            }
        }
      else if (strcmp (w, "uidrange") == 0)
        {
          if (parse_range (&c, word, G_MAXUINT32, &a, &b))
            {
              rule->uid_start = (guint32) a;
              rule->uid_end = (guint32) b;
              rule->has_uidrange = TRUE;
            }
        }
      else if (strcmp (w, "l3mdev") == 0)
        rule->l3mdev = TRUE;
      else if (strcmp (w, "protocol") == 0)
        {
          if (vigil_conf_cursor_named (&c, word, vigil_conf_protocol_names, 255, &n))
            {
              rule->protocol = (guint8) n;
              rule->has_protocol = TRUE;
            }
        }
      else if (strcmp (w, "ip_proto") == 0 || strcmp (w, "ipproto") == 0)
        {
          if (vigil_conf_cursor_named (&c, word, vigil_conf_ip_protocol_names, 255, &n))
            {
              rule->ip_proto = (guint8) n;
              rule->has_ip_proto = TRUE;
            }
        }
      else if (strcmp (w, "sport") == 0 || strcmp (w, "dport") == 0)
        {
          if (parse_range (&c, word, 65535, &a, &b))
            {
              if (w[0] == 's')
                {
                  rule->sport_start = (guint16) a;
                  rule->sport_end = (guint16) b;
                  rule->has_sport = TRUE;
                }
              else
                {
                  rule->dport_start = (guint16) a;
                  rule->dport_end = (guint16) b;
                  rule->has_dport = TRUE;
                }
            }
        }
      else if (strcmp (w, "no_track") == 0)
        rule->no_track = TRUE;
      else if (strcmp (w, "inet") == 0 || strcmp (w, "inet6") == 0)
        forced = w[4] == '6' ? AF_INET6 : AF_INET;
      else if (c.next == 1 && vigil_conf_report_misplaced (parser, line, block))
        c.failed = TRUE;
      else
        {
          vigil_conf_error_unknown_option (parser, block, word, rule_options);
          c.failed = TRUE;
        }
    }
  g_ptr_array_unref (c.words);
  if (c.failed)
    return NULL;
  if (forced != AF_UNSPEC && family != AF_UNSPEC && forced != family)
    {
      vigil_diag_error (parser->diags, &rule->loc,
                        _("rule in %s mixes IPv4 and IPv6"), block);
      return NULL;
    }
  rule->family = family != AF_UNSPEC ? family : forced != AF_UNSPEC ? forced : AF_INET;
  if (!rule->has_priority)
    vigil_diag_warning (parser->diags, &rule->loc,
                        _("rule in %s has no 'preference'; rules added and removed as instances "
                          "change state may then end up in any order"), block);
  return g_steal_pointer (&rule);
}

void
vigil_conf_parse_static_rules (VigilConfParser *parser, const VigilConfNode *node,
                               const VigilConfKeyword *keyword, gpointer target)
{
  VigilConfig *config = target;

  for (guint i = 0; i < node->children->len; i++)
    {
      VigilConfRule *rule = vigil_conf_parse_rule_line (parser,
                                                        g_ptr_array_index (node->children, i),
                                                        TRUE);
      if (rule != NULL)
        g_ptr_array_add (config->static_rules, rule);
    }
}
