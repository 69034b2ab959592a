/* parser-vrrp.c - vrrp_instance and its authentication block
 *
 * Values that default to a global_defs setting are parsed as "unset"
 * (-1, G_MAXUINT, version 0) and filled in by vigil_conf_finish_vrrp()
 * once the whole file is read, because global_defs may come later.
 */
#define G_LOG_DOMAIN "vigil-config"

#include "config/parser.h"
#include "i18n.h"

#include <string.h>

#define VI VigilConfVrrpInstance
#define UNSET_BOOL (-1)
#define TIMER_MAX (86400 * VIGIL_USEC_PER_SEC)

void vigil_conf_parse_track_refs (VigilConfParser *parser, const VigilConfNode *node,
                                  GPtrArray *refs, gint64 min_weight, gint64 max_weight,
                                  gboolean weight_allowed);

static VI *
vrrp_instance_new (const VigilConfNode *node)
{
  VI *vi = g_new0 (VI, 1);

  vi->name = g_strdup (vigil_conf_node_arg (node, 0)->text);
  vi->loc = node->keyword.loc;
  vi->initial_state = VIGIL_CONF_VRRP_STATE_BACKUP;
  vi->advert_int = VIGIL_USEC_PER_SEC;
  vi->preempt = TRUE;
  vi->accept = UNSET_BOOL;
  vi->strict_mode = UNSET_BOOL;
  vi->lower_prio_no_advert = UNSET_BOOL;
  vi->higher_prio_send_advert = UNSET_BOOL;
  vi->skip_check_adv_addr = UNSET_BOOL;
  vi->check_unicast_src = UNSET_BOOL;
  vi->garp_master_delay = -1;
  vi->garp_master_repeat = G_MAXUINT;
  vi->garp_master_refresh = -1;
  vi->garp_master_refresh_repeat = G_MAXUINT;
  vi->garp_lower_prio_delay = -1;
  vi->garp_lower_prio_repeat = G_MAXUINT;
  vi->garp_extra_if = -1;
  vi->unicast_ttl = -1;
  vi->vips = VIGIL_CONF_PTR_ARRAY (vigil_conf_vip_free);
  vi->vips_excluded = VIGIL_CONF_PTR_ARRAY (vigil_conf_vip_free);
  vi->unicast_peers = g_ptr_array_new_with_free_func (g_free);
  vi->unicast_peer_info = g_ptr_array_new_with_free_func (g_free);
  vi->track_interfaces = VIGIL_CONF_PTR_ARRAY (vigil_conf_track_ref_free);
  vi->track_scripts = VIGIL_CONF_PTR_ARRAY (vigil_conf_track_ref_free);
  vi->track_files = VIGIL_CONF_PTR_ARRAY (vigil_conf_track_ref_free);
  vi->track_processes = VIGIL_CONF_PTR_ARRAY (vigil_conf_track_ref_free);
  vi->virtual_routes = VIGIL_CONF_PTR_ARRAY (vigil_conf_route_free);
  vi->virtual_rules = VIGIL_CONF_PTR_ARRAY (vigil_conf_rule_free);
  return vi;
}

void
vigil_conf_parse_vrrp_instance (VigilConfParser *parser, const VigilConfNode *node,
                                const VigilConfKeyword *keyword, gpointer target)
{
  VigilConfig *config = target;
  VI *vi = vrrp_instance_new (node);

  g_ptr_array_add (config->vrrp_instances, vi);
  vigil_conf_parse_block (parser, node, VIGIL_CONF_BLOCK_VRRP_INSTANCE, vi);
}

/* ---- handlers ---- */

static void
handle_state (VigilConfParser *parser, const VigilConfNode *node,
              const VigilConfKeyword *keyword, gpointer target)
{
  static const char *const states[] = { "BACKUP", "MASTER", NULL };
  int which = vigil_conf_value_choice (parser, node->keyword.text, vigil_conf_node_arg (node, 0),
                                       states);

  if (which >= 0)
    ((VI *) target)->initial_state = which == 1 ? VIGIL_CONF_VRRP_STATE_MASTER
                                                : VIGIL_CONF_VRRP_STATE_BACKUP;
}

static void
handle_interface (VigilConfParser *parser, const VigilConfNode *node,
                  const VigilConfKeyword *keyword, gpointer target)
{
  VI *vi = target;
  const VigilConfWord *name = vigil_conf_node_arg (node, 0);

  if (strlen (name->text) >= 16 || strchr (name->text, '/') != NULL)
    {
      vigil_diag_error (parser->diags, &name->loc,
                        _("invalid value '%s' for 'interface': expected an interface name "
                          "of at most 15 characters"), name->text);
      return;
    }
  g_free (vi->interface);
  vi->interface = g_strdup (name->text);
  vi->interface_loc = name->loc;
}

static void
handle_vrid (VigilConfParser *parser, const VigilConfNode *node,
             const VigilConfKeyword *keyword, gpointer target)
{
  VI *vi = target;
  gint64 vrid;

  if (vigil_conf_value_int (parser, node->keyword.text, vigil_conf_node_arg (node, 0), 1, 255,
                            &vrid))
    {
      vi->vrid = (guint8) vrid;
      vi->vrid_loc = node->keyword.loc;
    }
}

static void
handle_priority (VigilConfParser *parser, const VigilConfNode *node,
                 const VigilConfKeyword *keyword, gpointer target)
{
  VI *vi = target;
  gint64 priority;

  if (vigil_conf_value_int (parser, node->keyword.text, vigil_conf_node_arg (node, 0), 1, 255,
                            &priority))
    {
      vi->priority = (guint8) priority;
      vi->priority_loc = node->keyword.loc;
    }
}

/* The range depends on the version, known once the file is read: the
 * validator checks it. */
static void
handle_advert_int (VigilConfParser *parser, const VigilConfNode *node,
                   const VigilConfKeyword *keyword, gpointer target)
{
  VI *vi = target;
  gint64 interval;

  if (vigil_conf_value_timer (parser, node->keyword.text, vigil_conf_node_arg (node, 0),
                              10000, 255 * VIGIL_USEC_PER_SEC, FALSE, &interval))
    {
      vi->advert_int = interval;
      vi->advert_int_loc = vigil_conf_node_arg (node, 0)->loc;
    }
}

static gboolean
parse_mac (const char *text, guint8 *mac, guint *len)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);
  guint n = g_strv_length (parts);

  if (n != 5 && n != 6)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      char *end = NULL;
      guint64 byte;

      if (parts[i][0] == '\0' || strlen (parts[i]) > 2)
        return FALSE;
      byte = g_ascii_strtoull (parts[i], &end, 16);
      if (*end != '\0')
        return FALSE;
      mac[i] = (guint8) byte;
    }
  *len = n;
  return TRUE;
}

static void
handle_use_vmac (VigilConfParser *parser, const VigilConfNode *node,
                 const VigilConfKeyword *keyword, gpointer target)
{
  VI *vi = target;

  vi->use_vmac = TRUE;
  for (guint i = 0; i < node->n_args; i++)
    {
      const VigilConfWord *word = node->args[i];

      if (strchr (word->text, ':') != NULL)
        {
          if (!parse_mac (word->text, vi->vmac_mac, &vi->vmac_mac_len))
            vigil_diag_error (parser->diags, &word->loc,
                              _("invalid value '%s' for 'use_vmac': expected a MAC address "
                                "of 5 or 6 octets (e.g. 00:00:5e:00:01)"), word->text);
        }
      else if (i == 0 && strlen (word->text) < 16)
        {
          g_free (vi->vmac_name);
          vi->vmac_name = g_strdup (word->text);
        }
      else
        vigil_diag_error (parser->diags, &word->loc,
                          _("invalid value '%s' for 'use_vmac': expected an interface name "
                            "of at most 15 characters, then a MAC address"), word->text);
    }
}

static void
handle_unicast_peer (VigilConfParser *parser, const VigilConfNode *node,
                     const VigilConfKeyword *keyword, gpointer target)
{
  static const char *const options[] = { "min_ttl", "max_ttl", NULL };
  VI *vi = target;

  for (guint i = 0; i < node->children->len; i++)
    {
      const VigilConfNode *line = g_ptr_array_index (node->children, i);
      VigilConfUnicastPeer peer = { .min_ttl = -1, .max_ttl = -1, .loc = line->keyword.loc };
      gboolean ok = TRUE;

      if (!vigil_conf_expect_no_block (parser, line))
        continue;
      if (!vigil_inet_addr_parse (line->keyword.text, &peer.addr))
        {
          if (!vigil_conf_report_misplaced (parser, line, "unicast_peer"))
            vigil_conf_value_addr (parser, "unicast_peer", &line->keyword, &peer.addr);
          continue;
        }
      for (guint a = 0; a < line->n_args && ok; a += 2)
        {
          const VigilConfWord *option = line->args[a];
          const VigilConfWord *value = vigil_conf_node_arg (line, a + 1);
          int which = vigil_conf_value_choice (parser, "unicast_peer", option, options);
          gint64 ttl;

          if (which < 0)
            ok = FALSE;
          else if (value == NULL)
            {
              vigil_diag_error (parser->diags, &option->loc, _("'%s' needs a value"),
                                option->text);
              ok = FALSE;
            }
          else if (!vigil_conf_value_int (parser, option->text, value, 0, 255, &ttl))
            ok = FALSE;
          else if (which == 0)
            peer.min_ttl = (int) ttl;
          else
            peer.max_ttl = (int) ttl;
        }
      if (!ok)
        continue;
      g_ptr_array_add (vi->unicast_peers, g_memdup2 (&peer.addr, sizeof peer.addr));
      g_ptr_array_add (vi->unicast_peer_info, g_memdup2 (&peer, sizeof peer));
      if (peer.min_ttl >= 0 || peer.max_ttl >= 0)
        vi->check_unicast_src = TRUE;
    }
}

static void
handle_old_unicast_checksum (VigilConfParser *parser, const VigilConfNode *node,
                             const VigilConfKeyword *keyword, gpointer target)
{
  static const char *const modes[] = { "never", NULL };
  VI *vi = target;
  const VigilConfWord *mode = vigil_conf_node_arg (node, 0);

  if (mode == NULL)
    vi->old_unicast_checksum = TRUE;
  else if (vigil_conf_value_choice (parser, node->keyword.text, mode, modes) == 0)
    vi->old_unicast_checksum_never = TRUE;
}

static void
handle_garp_extra_if (VigilConfParser *parser, const VigilConfNode *node,
                      const VigilConfKeyword *keyword, gpointer target)
{
  VI *vi = target;
  guint first = strcmp (vigil_conf_node_arg (node, 0)->text, "all") == 0 ? 1 : 0;

  if (vigil_conf_node_arg (node, first) == NULL)
    {
      vigil_diag_error (parser->diags, vigil_conf_node_loc (node),
                        _("'%s' needs an interval in seconds"), node->keyword.text);
      return;
    }
  if (vigil_conf_value_timer (parser, node->keyword.text, vigil_conf_node_arg (node, first), 0,
                              TIMER_MAX, TRUE, &vi->garp_extra_if))
    vi->garp_extra_if_all = first == 1;
}

static void
handle_accept (VigilConfParser *parser, const VigilConfNode *node,
               const VigilConfKeyword *keyword, gpointer target)
{
  ((VI *) target)->accept = strcmp (node->keyword.text, "accept") == 0;
}

static void
handle_preempt (VigilConfParser *parser, const VigilConfNode *node,
                const VigilConfKeyword *keyword, gpointer target)
{
  ((VI *) target)->preempt = strcmp (node->keyword.text, "preempt") == 0;
}

static void
handle_notify_deleted (VigilConfParser *parser, const VigilConfNode *node,
                       const VigilConfKeyword *keyword, gpointer target)
{
  VI *vi = target;

  vi->notify_deleted_given = TRUE;
  if (node->n_args > 0)
    {
      VigilConfScript *script = vigil_conf_value_script (parser, node, 0);
      if (script != NULL)
        {
          vigil_conf_script_free (vi->notify_deleted);
          vi->notify_deleted = script;
        }
    }
}

static void
handle_vips (VigilConfParser *parser, const VigilConfNode *node,
             const VigilConfKeyword *keyword, gpointer target)
{
  VI *vi = target;
  GPtrArray *list = strcmp (node->keyword.text, "virtual_ipaddress") == 0 ? vi->vips
                                                                          : vi->vips_excluded;

  for (guint i = 0; i < node->children->len; i++)
    {
      VigilConfVip *vip = vigil_conf_parse_vip_line (parser, g_ptr_array_index (node->children, i),
                                                     FALSE);
      if (vip != NULL)
        g_ptr_array_add (list, vip);
    }
}

static void
handle_virtual_routes (VigilConfParser *parser, const VigilConfNode *node,
                       const VigilConfKeyword *keyword, gpointer target)
{
  VI *vi = target;

  for (guint i = 0; i < node->children->len; i++)
    {
      VigilConfRoute *route = vigil_conf_parse_route_line (parser,
                                                           g_ptr_array_index (node->children, i),
                                                           FALSE);
      if (route != NULL)
        g_ptr_array_add (vi->virtual_routes, route);
    }
}

static void
handle_virtual_rules (VigilConfParser *parser, const VigilConfNode *node,
                      const VigilConfKeyword *keyword, gpointer target)
{
  VI *vi = target;

  for (guint i = 0; i < node->children->len; i++)
    {
      VigilConfRule *rule = vigil_conf_parse_rule_line (parser,
                                                        g_ptr_array_index (node->children, i),
                                                        FALSE);
      if (rule != NULL)
        g_ptr_array_add (vi->virtual_rules, rule);
    }
}

static void
handle_track (VigilConfParser *parser, const VigilConfNode *node,
              const VigilConfKeyword *keyword, gpointer target)
{
  VI *vi = target;
  const char *kw = node->keyword.text;

  if (strcmp (kw, "track_interface") == 0)
    vigil_conf_parse_track_refs (parser, node, vi->track_interfaces, -253, 253, TRUE);
  else if (strcmp (kw, "track_script") == 0)
    vigil_conf_parse_track_refs (parser, node, vi->track_scripts, -253, 253, TRUE);
  else if (strcmp (kw, "track_file") == 0)
    vigil_conf_parse_track_refs (parser, node, vi->track_files, -254, 254, TRUE);
  else
    vigil_conf_parse_track_refs (parser, node, vi->track_processes, -254, 254, TRUE);
}

static void
handle_authentication (VigilConfParser *parser, const VigilConfNode *node,
                       const VigilConfKeyword *keyword, gpointer target)
{
  vigil_conf_parse_block (parser, node, VIGIL_CONF_BLOCK_AUTHENTICATION, target);
}

static const VigilConfKeyword vrrp_instance_keywords[] = {
  KW_HANDLER ("accept", handle_accept, 0, 0),
  KW_HANDLER ("advert_int", handle_advert_int, 1, 1),
  KW_BLOCK ("authentication", handle_authentication, 0, 0),
  KW_BOOL ("check_unicast_src", VI, check_unicast_src),
  KW_FLAG ("dont_track_primary", VI, dont_track_primary),
  KW_VALUE ("down_timer_adverts", UINT, VI, down_timer_adverts, 1, 100),
  KW_HANDLER ("garp_extra_if", handle_garp_extra_if, 1, 2),
  { .keyword = "garp_lower_prio_delay", .type = VIGIL_CONF_VALUE_TIMER_INT,
    .offset = G_STRUCT_OFFSET (VI, garp_lower_prio_delay), .min_args = 1, .max_args = 1,
    .max = TIMER_MAX },
  KW_VALUE ("garp_lower_prio_repeat", UINT, VI, garp_lower_prio_repeat, 0, G_MAXINT32),
  { .keyword = "garp_master_delay", .type = VIGIL_CONF_VALUE_TIMER_INT,
    .offset = G_STRUCT_OFFSET (VI, garp_master_delay), .min_args = 1, .max_args = 1,
    .max = TIMER_MAX },
  { .keyword = "garp_master_refresh", .type = VIGIL_CONF_VALUE_TIMER_INT,
    .offset = G_STRUCT_OFFSET (VI, garp_master_refresh), .min_args = 1, .max_args = 1,
    .max = TIMER_MAX },
  KW_VALUE ("garp_master_refresh_repeat", UINT, VI, garp_master_refresh_repeat, 1, G_MAXINT32),
  KW_VALUE ("garp_master_repeat", UINT, VI, garp_master_repeat, 1, G_MAXINT32),
  KW_BOOL ("higher_prio_send_advert", VI, higher_prio_send_advert),
  KW_HANDLER ("interface", handle_interface, 1, 1),
  KW_BOOL ("lower_prio_no_advert", VI, lower_prio_no_advert),
  KW_ADDR ("mcast_dst_ip", VI, mcast_dst_ip),
  KW_ADDR ("mcast_src_ip", VI, mcast_src_ip),
  KW_FLAG ("native_ipv6", VI, native_ipv6),
  KW_HANDLER ("no_accept", handle_accept, 0, 0),
  KW_HANDLER ("nopreempt", handle_preempt, 0, 0),
  KW_SCRIPT ("notify", VI, notify),
  KW_SCRIPT ("notify_backup", VI, notify_backup),
  KW_HANDLER ("notify_deleted", handle_notify_deleted, 0, VIGIL_CONF_ARGS_MANY),
  KW_SCRIPT ("notify_fault", VI, notify_fault),
  KW_SCRIPT ("notify_master", VI, notify_master),
  KW_SCRIPT ("notify_master_rx_lower_pri", VI, notify_master_rx_lower_pri),
  KW_BOOL ("notify_priority_changes", VI, notify_priority_changes),
  KW_SCRIPT ("notify_stop", VI, notify_stop),
  KW_HANDLER ("old_unicast_checksum", handle_old_unicast_checksum, 0, 1),
  KW_HANDLER ("preempt", handle_preempt, 0, 0),
  KW_TIMER ("preempt_delay", VI, preempt_delay, 0, 1000 * VIGIL_USEC_PER_SEC),
  KW_HANDLER ("priority", handle_priority, 1, 1),
  KW_FLAG ("promote_secondaries", VI, promote_secondaries),
  KW_BOOL ("skip_check_adv_addr", VI, skip_check_adv_addr),
  KW_BOOL ("smtp_alert", VI, smtp_alert),
  KW_HANDLER ("state", handle_state, 1, 1),
  KW_BOOL ("strict_mode", VI, strict_mode),
  KW_BLOCK ("track_file", handle_track, 0, 0),
  KW_BLOCK ("track_interface", handle_track, 0, 0),
  KW_BLOCK ("track_process", handle_track, 0, 0),
  KW_BLOCK ("track_script", handle_track, 0, 0),
  KW_FLAG ("track_src_ip", VI, track_src_ip),
  KW_FLAG ("unicast_fault_no_peer", VI, unicast_fault_no_peer),
  KW_BLOCK ("unicast_peer", handle_unicast_peer, 0, 0),
  KW_ADDR ("unicast_src_ip", VI, unicast_src_ip),
  KW_VALUE ("unicast_ttl", INT, VI, unicast_ttl, 1, 255),
  KW_HANDLER ("use_vmac", handle_use_vmac, 0, 2),
  KW_FLAG ("use_vmac_addr", VI, use_vmac_addr),
  KW_VALUE ("version", UINT, VI, version, 2, 3),
  KW_BLOCK ("virtual_ipaddress", handle_vips, 0, 0),
  KW_BLOCK ("virtual_ipaddress_excluded", handle_vips, 0, 0),
  KW_HANDLER ("virtual_router_id", handle_vrid, 1, 1),
  KW_BLOCK ("virtual_routes", handle_virtual_routes, 0, 0),
  KW_BLOCK ("virtual_rules", handle_virtual_rules, 0, 0),
  KW_ALIAS ("vmac_garp_intvl", "garp_extra_if"),
  KW_FLAG ("vmac_xmit_base", VI, vmac_xmit_base),
};

const VigilConfBlockSpec vigil_conf_vrrp_instance_spec = {
  VIGIL_CONF_BLOCK_VRRP_INSTANCE, "vrrp_instance",
  vrrp_instance_keywords, G_N_ELEMENTS (vrrp_instance_keywords)
};

/* ---- authentication { } ---- */

static void
handle_auth_type (VigilConfParser *parser, const VigilConfNode *node,
                  const VigilConfKeyword *keyword, gpointer target)
{
  static const char *const types[] = { "PASS", "AH", NULL };
  VI *vi = target;
  int which = vigil_conf_value_choice (parser, node->keyword.text, vigil_conf_node_arg (node, 0),
                                       types);

  if (which == 0)
    vi->auth_type = VIGIL_CONF_AUTH_PASS;
  else if (which == 1)
    {
      vi->auth_type = VIGIL_CONF_AUTH_AH;
      vigil_conf_warn_unimplemented (parser, &vigil_conf_node_arg (node, 0)->loc,
                                     VIGIL_CONF_BLOCK_AUTHENTICATION, "auth_type AH");
    }
}

static void
handle_auth_pass (VigilConfParser *parser, const VigilConfNode *node,
                  const VigilConfKeyword *keyword, gpointer target)
{
  VI *vi = target;
  const VigilConfWord *pass = vigil_conf_node_arg (node, 0);
  gsize len = strlen (pass->text);

  if (len == 0)
    {
      vigil_diag_error (parser->diags, &pass->loc,
                        _("invalid value '' for 'auth_pass': expected 1 to 8 characters"));
      return;
    }
  if (len > 8)
    vigil_diag_warning (parser->diags, &pass->loc,
                        _("'auth_pass' is longer than 8 characters; only '%.8s' is used"),
                        pass->text);
  memset (vi->auth_pass, 0, sizeof vi->auth_pass);
  memcpy (vi->auth_pass, pass->text, MIN (len, 8));
}

static const VigilConfKeyword authentication_keywords[] = {
  KW_HANDLER ("auth_pass", handle_auth_pass, 1, 1),
  KW_HANDLER ("auth_type", handle_auth_type, 1, 1),
};

const VigilConfBlockSpec vigil_conf_authentication_spec = {
  VIGIL_CONF_BLOCK_AUTHENTICATION, "authentication",
  authentication_keywords, G_N_ELEMENTS (authentication_keywords)
};

/* ---- defaults from global_defs, once everything is read ---- */

static int
instance_family (const VI *vi)
{
  if (vi->vips->len > 0)
    return ((const VigilConfVip *) g_ptr_array_index (vi->vips, 0))->addr.family;
  if (vigil_inet_addr_is_set (&vi->unicast_src_ip))
    return vi->unicast_src_ip.family;
  if (vigil_inet_addr_is_set (&vi->mcast_src_ip))
    return vi->mcast_src_ip.family;
  if (vi->unicast_peers->len > 0)
    return ((const VigilInetAddr *) g_ptr_array_index (vi->unicast_peers, 0))->family;
  return vi->native_ipv6 ? AF_INET6 : AF_INET;
}

#define DEFAULT_BOOL(field, value) \
  G_STMT_START { if ((field) == UNSET_BOOL) (field) = (value); } G_STMT_END

void vigil_conf_finish_vrrp (VigilConfParser *parser);

void
vigil_conf_finish_vrrp (VigilConfParser *parser)
{
  VigilConfig *config = parser->config;
  const VigilConfGlobal *global = &config->global;

  for (guint i = 0; i < config->vrrp_instances->len; i++)
    {
      VI *vi = g_ptr_array_index (config->vrrp_instances, i);
      gboolean version_given = vi->version != 0;

      DEFAULT_BOOL (vi->strict_mode, global->vrrp_strict);
      if (vi->priority == 0)
        vi->priority = vi->initial_state == VIGIL_CONF_VRRP_STATE_MASTER ? 255 : 100;
      vi->family = instance_family (vi);
      if (!version_given)
        vi->version = global->vrrp_version;
      if (vi->family == AF_INET6 && vi->version == 2)
        {
          if (version_given)
            vigil_diag_warning (parser->diags, &vi->loc,
                                _("(%s) VRRP version 2 does not support IPv6; using version 3"),
                                vi->name);
          vi->version = 3;
        }
      if (vi->garp_master_delay < 0)
        vi->garp_master_delay = global->vrrp_garp_master_delay;
      if (vi->garp_master_repeat == G_MAXUINT)
        vi->garp_master_repeat = global->vrrp_garp_master_repeat;
      if (vi->garp_master_refresh < 0)
        vi->garp_master_refresh = global->vrrp_garp_master_refresh;
      if (vi->garp_master_refresh_repeat == G_MAXUINT)
        vi->garp_master_refresh_repeat = global->vrrp_garp_master_refresh_repeat;
      if (vi->garp_lower_prio_delay < 0)
        vi->garp_lower_prio_delay = global->vrrp_garp_lower_prio_delay >= 0
          ? global->vrrp_garp_lower_prio_delay : vi->garp_master_delay;
      if (vi->garp_lower_prio_repeat == G_MAXUINT)
        vi->garp_lower_prio_repeat = global->vrrp_garp_lower_prio_repeat != G_MAXUINT
          ? global->vrrp_garp_lower_prio_repeat : vi->garp_master_repeat;
      if (vi->garp_extra_if < 0)
        {
          vi->garp_extra_if = global->vrrp_garp_extra_if;
          vi->garp_extra_if_all = global->vrrp_garp_extra_if_all;
        }
      if (vi->down_timer_adverts == 0)
        vi->down_timer_adverts = global->vrrp_down_timer_adverts;
      DEFAULT_BOOL (vi->lower_prio_no_advert, vi->strict_mode || global->vrrp_lower_prio_no_advert);
      DEFAULT_BOOL (vi->higher_prio_send_advert, !vi->strict_mode
                                                  && global->vrrp_higher_prio_send_advert);
      DEFAULT_BOOL (vi->skip_check_adv_addr, global->vrrp_skip_check_adv_addr);
      DEFAULT_BOOL (vi->check_unicast_src, global->vrrp_check_unicast_src);
      DEFAULT_BOOL (vi->accept, vi->strict_mode ? vi->priority == 255 : TRUE);
      if (vi->accept && vi->priority != 255 && vi->strict_mode && vi->version == 2)
        {
          /* keepalived resets it too: RFC 3768 has no accept mode */
          vigil_diag_warning (parser->diags, &vi->loc,
                              _("(%s) strict mode: VRRP version 2 has no accept mode "
                                "(RFC 3768); using no_accept"), vi->name);
          vi->accept = FALSE;
        }
      if (!vi->notify_priority_changes)
        vi->notify_priority_changes = global->vrrp_notify_priority_changes;
    }
  /* instances without their own fall back to their own master values,
   * so the globals are settled last */
  if (config->global.vrrp_garp_lower_prio_delay < 0)
    config->global.vrrp_garp_lower_prio_delay = config->global.vrrp_garp_master_delay;
  if (config->global.vrrp_garp_lower_prio_repeat == G_MAXUINT)
    config->global.vrrp_garp_lower_prio_repeat = config->global.vrrp_garp_master_repeat;
}
