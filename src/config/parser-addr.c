/* parser-addr.c - address lines, and the word cursor shared with routes
 *
 * virtual_ipaddress / virtual_ipaddress_excluded / static_ipaddress lines
 * follow `ip address add` with keepalived's additions (no_track,
 * track_group, use_vmac). Routes and rules are in parser-route.c.
 */
#define G_LOG_DOMAIN "vigil-config"

#include "config/parser-cursor.h"
#include "i18n.h"

#include <linux/rtnetlink.h>
#include <string.h>

void
vigil_conf_cursor_init (VigilConfCursor *c, VigilConfParser *parser, const VigilConfNode *line,
                        const char *block)
{
  c->parser = parser;
  c->block = block;
  c->words = g_ptr_array_sized_new (line->n_args + 1);
  g_ptr_array_add (c->words, (gpointer) &line->keyword);
  for (guint i = 0; i < line->n_args; i++)
    g_ptr_array_add (c->words, line->args[i]);
  c->next = 0;
  c->failed = FALSE;
}

const VigilConfWord *
vigil_conf_cursor_take (VigilConfCursor *c)
{
  return c->next < c->words->len ? g_ptr_array_index (c->words, c->next++) : NULL;
}

const VigilConfWord *
vigil_conf_cursor_peek (VigilConfCursor *c)
{
  return c->next < c->words->len ? g_ptr_array_index (c->words, c->next) : NULL;
}

const VigilConfWord *
vigil_conf_cursor_value (VigilConfCursor *c, const VigilConfWord *option)
{
  const VigilConfWord *value = vigil_conf_cursor_take (c);

  if (value == NULL)
    {
      vigil_diag_error (c->parser->diags, &option->loc, _("'%s' in %s needs a value"),
                        option->text, c->block);
      c->failed = TRUE;
    }
  return value;
}

gboolean
vigil_conf_cursor_number (VigilConfCursor *c, const VigilConfWord *option, guint64 max,
                          guint64 *out)
{
  const VigilConfWord *value = vigil_conf_cursor_value (c, option);
  char *end = NULL;
  guint64 n;

  if (value == NULL)
    return FALSE;
  n = g_ascii_strtoull (value->text, &end, 0);
  if (!g_ascii_isdigit (value->text[0]) || *end != '\0' || n > max)
    {
      vigil_diag_error (c->parser->diags, &value->loc,
                        _("invalid value '%s' for '%s': expected a number from 0 to %llu"),
                        value->text, option->text, (unsigned long long) max);
      c->failed = TRUE;
      return FALSE;
    }
  *out = n;
  return TRUE;
}

/* A name from `names` or a number up to `max`. */
gboolean
vigil_conf_cursor_named (VigilConfCursor *c, const VigilConfWord *option,
                         const VigilConfNamedValue *names, guint64 max,
              guint *out)
{
  const VigilConfWord *value = vigil_conf_cursor_peek (c);
  guint64 n;

  if (value != NULL && !g_ascii_isdigit (value->text[0]))
    {
      vigil_conf_cursor_take (c);
      for (guint i = 0; names[i].name != NULL; i++)
        if (g_ascii_strcasecmp (value->text, names[i].name) == 0)
          {
            *out = names[i].value;
            return TRUE;
          }
      {
        GString *list = g_string_new (NULL);
        for (guint i = 0; names[i].name != NULL; i++)
          g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", names[i].name);
        vigil_diag_error (c->parser->diags, &value->loc,
                          _("invalid value '%s' for '%s': expected a number or one of %s"),
                          value->text, option->text, list->str);
        g_string_free (list, TRUE);
      }
      c->failed = TRUE;
      return FALSE;
    }
  if (!vigil_conf_cursor_number (c, option, max, &n))
    return FALSE;
  *out = (guint) n;
  return TRUE;
}

const VigilConfNamedValue vigil_conf_scope_names[] = {
  { "global", RT_SCOPE_UNIVERSE }, { "universe", RT_SCOPE_UNIVERSE }, { "site", RT_SCOPE_SITE },
  { "link", RT_SCOPE_LINK }, { "host", RT_SCOPE_HOST }, { "nowhere", RT_SCOPE_NOWHERE },
  { NULL, 0 }
};

const VigilConfNamedValue vigil_conf_table_names[] = {
  { "main", RT_TABLE_MAIN }, { "local", RT_TABLE_LOCAL }, { "default", RT_TABLE_DEFAULT },
  { NULL, 0 }
};

const VigilConfNamedValue vigil_conf_protocol_names[] = {
  { "redirect", 1 }, { "kernel", 2 }, { "boot", 3 }, { "static", 4 }, { "gated", 8 },
  { "ra", 9 }, { "mrt", 10 }, { "zebra", 11 }, { "bird", 12 }, { "dnrouted", 13 },
  { "xorp", 14 }, { "ntk", 15 }, { "dhcp", 16 }, { "keepalived", 18 }, { "babel", 42 },
  { "bgp", 186 }, { "isis", 187 }, { "ospf", 188 }, { "rip", 189 }, { "eigrp", 192 },
  { NULL, 0 }
};

const VigilConfNamedValue vigil_conf_ip_protocol_names[] = {
  { "icmp", 1 }, { "tcp", 6 }, { "udp", 17 }, { "dccp", 33 }, { "gre", 47 }, { "esp", 50 },
  { "ah", 51 }, { "ipv6-icmp", 58 }, { "icmpv6", 58 }, { "sctp", 132 }, { "udplite", 136 },
  { NULL, 0 }
};

/* ADDR[/LEN] where the family must match `*family` once known. */
gboolean
vigil_conf_cursor_prefix (VigilConfCursor *c, const VigilConfWord *word, const char *what,
                          int *family,
               VigilInetAddr *addr, guint8 *len)
{
  gboolean has_prefix;

  if (!vigil_conf_value_prefix (c->parser, what, word, addr, len, &has_prefix))
    {
      c->failed = TRUE;
      return FALSE;
    }
  if (*family != AF_UNSPEC && addr->family != *family)
    {
      vigil_diag_error (c->parser->diags, &word->loc,
                        _("'%s' in %s mixes IPv4 and IPv6 addresses"), word->text, c->block);
      c->failed = TRUE;
      return FALSE;
    }
  *family = addr->family;
  return TRUE;
}

/* ---- addresses ---- */

VigilConfVip *
vigil_conf_parse_vip_line (VigilConfParser *parser, const VigilConfNode *line, gboolean is_static)
{
  static const char *const flags[] = { "home", "-nodad", "nodad", "mngtmpaddr", "noprefixroute",
                                       "autojoin", "no_track", "use_vmac", NULL };
  static const char *const options[] = { "brd", "broadcast", "dev", "scope", "label", "peer",
                                         "preferred_lft", "track_group", "home", "-nodad",
                                         "nodad", "mngtmpaddr", "noprefixroute", "autojoin",
                                         "no_track", "use_vmac", NULL };
  const char *block = is_static ? "static_ipaddress" : "virtual_ipaddress";
  g_autoptr(VigilConfVip) vip = NULL;
  VigilConfCursor c;
  const VigilConfWord *word;
  int family;

  if (!vigil_conf_expect_no_block (parser, line))
    return NULL;
  vip = g_new0 (VigilConfVip, 1);
  vip->loc = line->keyword.loc;
  vip->scope = RT_SCOPE_UNIVERSE;
  vip->preferred_lft = -1;
  if (!vigil_inet_addr_parse_prefix (line->keyword.text, &vip->addr, &vip->prefix_len,
                                     &vip->has_prefix))
    {
      if (!vigil_conf_report_misplaced (parser, line, block))
        vigil_conf_value_prefix (parser, block, &line->keyword, &vip->addr, &vip->prefix_len,
                                 &vip->has_prefix);
      return NULL;
    }
  family = vip->addr.family;
  vigil_conf_cursor_init (&c, parser, line, block);
  vigil_conf_cursor_take (&c);
  while (!c.failed && (word = vigil_conf_cursor_take (&c)) != NULL)
    {
      const char *w = word->text;
      const VigilConfWord *value;
      guint n;

      if (strcmp (w, "brd") == 0 || strcmp (w, "broadcast") == 0)
        {
          if ((value = vigil_conf_cursor_value (&c, word)) == NULL)
            break;
          if (strcmp (value->text, "+") == 0 || strcmp (value->text, "-") == 0)
            vip->broadcast_auto = value->text[0];
          else if (!vigil_conf_value_addr (parser, w, value, &vip->broadcast)
                   || vip->broadcast.family != AF_INET)
            {
              if (vigil_inet_addr_is_set (&vip->broadcast))
                vigil_diag_error (parser->diags, &value->loc,
                                  _("invalid value '%s' for 'brd': expected an IPv4 address, "
                                    "'+' or '-'"), value->text);
              c.failed = TRUE;
            }
        }
      else if (strcmp (w, "dev") == 0 || strcmp (w, "label") == 0 || strcmp (w, "track_group") == 0)
        {
          char **field = w[0] == 'd' ? &vip->dev : w[0] == 'l' ? &vip->label : &vip->track_group;
          if ((value = vigil_conf_cursor_value (&c, word)) == NULL)
            break;
          if (w[0] == 't' && !is_static)
            {
              vigil_diag_error (parser->diags, &word->loc,
                                _("'track_group' is only valid in static_ipaddress"));
              c.failed = TRUE;
            }
          g_free (*field);
          *field = g_strdup (value->text);
        }
      else if (strcmp (w, "scope") == 0)
        {
          if (vigil_conf_cursor_named (&c, word, vigil_conf_scope_names, 255, &n))
            vip->scope = (int) n;
        }
      else if (strcmp (w, "peer") == 0)
        {
          if ((value = vigil_conf_cursor_value (&c, word)) != NULL)
            vigil_conf_cursor_prefix (&c, value, "peer", &family, &vip->peer,
                                      &vip->peer_prefix_len);
        }
      else if (strcmp (w, "preferred_lft") == 0)
        {
          guint64 lft;
          value = vigil_conf_cursor_peek (&c);
          if (value != NULL && strcmp (value->text, "forever") == 0)
            {
              vigil_conf_cursor_take (&c);
              vip->preferred_lft = G_MAXINT64;
            }
          else if (vigil_conf_cursor_number (&c, word, G_MAXUINT32, &lft))
            vip->preferred_lft = (gint64) lft;
        }
      else if (g_strv_contains (flags, w))
        {
          if (strcmp (w, "home") == 0)
            vip->home = TRUE;
          else if (strcmp (w, "-nodad") == 0 || strcmp (w, "nodad") == 0)
            vip->nodad = TRUE;
          else if (strcmp (w, "mngtmpaddr") == 0)
            vip->mngtmpaddr = TRUE;
          else if (strcmp (w, "noprefixroute") == 0)
            vip->noprefixroute = TRUE;
          else if (strcmp (w, "autojoin") == 0)
            vip->autojoin = TRUE;
          else if (strcmp (w, "no_track") == 0)
            vip->no_track = TRUE;
          else
            vip->use_vmac = TRUE;
        }
      else
        {
          vigil_conf_error_unknown_option (parser, block, word, options);
          c.failed = TRUE;
        }
    }
  g_ptr_array_unref (c.words);
  if (c.failed)
    return NULL;
  if (vip->addr.family == AF_INET6 && vip->broadcast.family == AF_INET)
    {
      vigil_diag_error (parser->diags, &vip->loc, _("IPv6 address '%s' cannot have 'brd'"),
                        line->keyword.text);
      return NULL;
    }
  return g_steal_pointer (&vip);
}

void
vigil_conf_parse_static_ipaddress (VigilConfParser *parser, const VigilConfNode *node,
                                   const VigilConfKeyword *keyword, gpointer target)
{
  VigilConfig *config = target;

  for (guint i = 0; i < node->children->len; i++)
    {
      VigilConfVip *vip = vigil_conf_parse_vip_line (parser, g_ptr_array_index (node->children, i),
                                                     TRUE);
      if (vip != NULL)
        g_ptr_array_add (config->static_addresses, vip);
    }
}
