/* parser-global.c - the top level and global_defs */
#define G_LOG_DOMAIN "vigil-config"

#include "config/parser.h"
#include "firewall/nft-rules.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

#define GLOBAL VigilConfGlobal
#define TIMER_MAX (86400 * VIGIL_USEC_PER_SEC)

/* ---- global_defs handlers ---- */

static void
handle_notification_email (VigilConfParser *parser, const VigilConfNode *node,
                           const VigilConfKeyword *keyword, gpointer target)
{
  GLOBAL *global = target;

  for (guint i = 0; i < node->children->len; i++)
    {
      const VigilConfNode *line = g_ptr_array_index (node->children, i);

      vigil_conf_expect_no_block (parser, line);
      g_ptr_array_add (global->notification_email, g_strdup (line->keyword.text));
      for (guint a = 0; a < line->n_args; a++)
        g_ptr_array_add (global->notification_email,
                         g_strdup (vigil_conf_node_arg (line, a)->text));
    }
}

static void
handle_smtp_server (VigilConfParser *parser, const VigilConfNode *node,
                    const VigilConfKeyword *keyword, gpointer target)
{
  GLOBAL *global = target;
  const VigilConfWord *port = vigil_conf_node_arg (node, 1);

  g_free (global->smtp_server);
  global->smtp_server = g_strdup (vigil_conf_node_arg (node, 0)->text);
  if (port != NULL)
    vigil_conf_value_port (parser, node->keyword.text, port, &global->smtp_port);
}

/* FIFO [USER [GROUP]] */
static void
set_fifo (VigilConfParser *parser, const VigilConfNode *node, char **field)
{
  g_free (*field);
  *field = g_strdup (vigil_conf_node_arg (node, 0)->text);
  if (node->n_args > 1)
    vigil_conf_warn_unimplemented (parser, &vigil_conf_node_arg (node, 1)->loc,
                                   VIGIL_CONF_BLOCK_GLOBAL_DEFS, "FIFO owner");
}

static void
handle_notify_fifo (VigilConfParser *parser, const VigilConfNode *node,
                    const VigilConfKeyword *keyword, gpointer target)
{
  set_fifo (parser, node, &((GLOBAL *) target)->notify_fifo);
}

static void
handle_vrrp_notify_fifo (VigilConfParser *parser, const VigilConfNode *node,
                         const VigilConfKeyword *keyword, gpointer target)
{
  set_fifo (parser, node, &((GLOBAL *) target)->vrrp_notify_fifo);
}

static void
handle_lvs_notify_fifo (VigilConfParser *parser, const VigilConfNode *node,
                        const VigilConfKeyword *keyword, gpointer target)
{
  set_fifo (parser, node, &((GLOBAL *) target)->lvs_notify_fifo);
}

static void
handle_script_user (VigilConfParser *parser, const VigilConfNode *node,
                    const VigilConfKeyword *keyword, gpointer target)
{
  GLOBAL *global = target;
  const VigilConfWord *group = vigil_conf_node_arg (node, 1);

  g_free (global->script_user);
  g_free (global->script_group);
  global->script_user = g_strdup (vigil_conf_node_arg (node, 0)->text);
  global->script_group = group != NULL ? g_strdup (group->text) : NULL;
}

static void
handle_enable_snmp_rfc (VigilConfParser *parser, const VigilConfNode *node,
                        const VigilConfKeyword *keyword, gpointer target)
{
  GLOBAL *global = target;

  global->enable_snmp_rfcv2 = TRUE;
  global->enable_snmp_rfcv3 = TRUE;
}

static void
set_mcast_group (VigilConfParser *parser, const VigilConfNode *node, int family,
                 VigilInetAddr *field)
{
  const VigilConfWord *word = vigil_conf_node_arg (node, 0);
  VigilInetAddr addr;

  if (!vigil_conf_value_addr (parser, node->keyword.text, word, &addr))
    return;
  if (addr.family != family || !vigil_inet_addr_is_multicast (&addr))
    {
      vigil_diag_error (parser->diags, &word->loc,
                        _("invalid value '%s' for '%s': expected an %s multicast address"),
                        word->text, node->keyword.text, family == AF_INET ? "IPv4" : "IPv6");
      return;
    }
  *field = addr;
}

static void
handle_mcast_group4 (VigilConfParser *parser, const VigilConfNode *node,
                     const VigilConfKeyword *keyword, gpointer target)
{
  set_mcast_group (parser, node, AF_INET, &((GLOBAL *) target)->vrrp_mcast_group4);
}

static void
handle_mcast_group6 (VigilConfParser *parser, const VigilConfNode *node,
                     const VigilConfKeyword *keyword, gpointer target)
{
  set_mcast_group (parser, node, AF_INET6, &((GLOBAL *) target)->vrrp_mcast_group6);
}

static void
handle_garp_extra_if (VigilConfParser *parser, const VigilConfNode *node,
                      const VigilConfKeyword *keyword, gpointer target)
{
  GLOBAL *global = target;
  guint first = 0;

  if (strcmp (vigil_conf_node_arg (node, 0)->text, "all") == 0)
    first = 1;
  if (vigil_conf_node_arg (node, first) == NULL)
    {
      vigil_diag_error (parser->diags, vigil_conf_node_loc (node),
                        _("'%s' needs an interval in seconds"), node->keyword.text);
      return;
    }
  if (vigil_conf_value_timer (parser, node->keyword.text, vigil_conf_node_arg (node, first),
                              0, TIMER_MAX, TRUE, &global->vrrp_garp_extra_if))
    global->vrrp_garp_extra_if_all = first == 1;
}

static void
handle_min_garp (VigilConfParser *parser, const VigilConfNode *node,
                 const VigilConfKeyword *keyword, gpointer target)
{
  GLOBAL *global = target;
  gboolean on = TRUE;

  if (node->n_args > 0 && !vigil_conf_value_bool (parser, node->keyword.text,
                                                     vigil_conf_node_arg (node, 0), &on))
    return;
  global->vrrp_min_garp = on;
  if (on)
    {
      global->vrrp_garp_master_repeat = 1;
      global->vrrp_garp_master_delay = 0;
    }
}

static void
handle_nftables (VigilConfParser *parser, const VigilConfNode *node,
                 const VigilConfKeyword *keyword, gpointer target)
{
  GLOBAL *global = target;
  const VigilConfWord *table = vigil_conf_node_arg (node, 0);

  global->nftables = TRUE;
  g_clear_pointer (&global->nftables_table, g_free);
  if (table == NULL)
    return;   /* the VIP filter's default table (firewall/vip-filter.h) */
  if (!vigil_nft_rules_table_name_valid (table->text))
    {
      vigil_diag_error (parser->diags, &table->loc,
                        _("invalid nftables table name '%s': expected a letter or '_' "
                          "then letters, digits, '_', '-' or '.', at most 31 characters"),
                        table->text);
      return;
    }
  global->nftables_table = g_strdup (table->text);
}

static void
handle_nftables_ipvs (VigilConfParser *parser, const VigilConfNode *node,
                      const VigilConfKeyword *keyword, gpointer target)
{
  GLOBAL *global = target;
  const VigilConfWord *table = vigil_conf_node_arg (node, 0);

  global->nftables_ipvs = TRUE;
  g_free (global->nftables_ipvs_table);
  global->nftables_ipvs_table = g_strdup (table != NULL ? table->text : "keepalived_ipvs");
}

static void
handle_names_list (VigilConfParser *parser, const VigilConfNode *node,
                   const VigilConfKeyword *keyword, gpointer target)
{
  GLOBAL *global = target;

  for (guint i = 0; i < node->n_args; i++)
    g_ptr_array_add (global->vrrp_iptables_or_ipsets_names,
                     g_strdup (vigil_conf_node_arg (node, i)->text));
}

static void
handle_dynamic_interfaces (VigilConfParser *parser, const VigilConfNode *node,
                           const VigilConfKeyword *keyword, gpointer target)
{
  static const char *const options[] = { "allow_if_changes", NULL };
  GLOBAL *global = target;
  const VigilConfWord *option = vigil_conf_node_arg (node, 0);

  global->dynamic_interfaces = TRUE;
  if (option != NULL && vigil_conf_value_choice (parser, node->keyword.text, option, options) == 0)
    global->dynamic_interfaces_allow_if_changes = TRUE;
}

static void
handle_lvs_flush_on_stop (VigilConfParser *parser, const VigilConfNode *node,
                          const VigilConfKeyword *keyword, gpointer target)
{
  static const char *const options[] = { "VS", NULL };
  GLOBAL *global = target;
  const VigilConfWord *option = vigil_conf_node_arg (node, 0);

  global->lvs_flush_on_stop = TRUE;
  if (option != NULL && vigil_conf_value_choice (parser, node->keyword.text, option, options) == 0)
    global->lvs_flush_on_stop_vs = TRUE;
}

static void
handle_lvs_timeouts (VigilConfParser *parser, const VigilConfNode *node,
                     const VigilConfKeyword *keyword, gpointer target)
{
  static const char *const names[] = { "tcp", "tcpfin", "udp", NULL };
  GLOBAL *global = target;
  guint *fields[] = { &global->lvs_timeout_tcp, &global->lvs_timeout_tcpfin,
                      &global->lvs_timeout_udp };

  for (guint i = 0; i < node->n_args; i += 2)
    {
      const VigilConfWord *name = vigil_conf_node_arg (node, i);
      const VigilConfWord *value = vigil_conf_node_arg (node, i + 1);
      int which = vigil_conf_value_choice (parser, node->keyword.text, name, names);
      gint64 seconds;

      if (which < 0)
        return;
      if (value == NULL)
        {
          vigil_diag_error (parser->diags, &name->loc, _("'%s %s' needs a value in seconds"),
                            node->keyword.text, name->text);
          return;
        }
      if (vigil_conf_value_int (parser, name->text, value, 1, 86400 * 31, &seconds))
        *fields[which] = (guint) seconds;
    }
}

static void
handle_umask (VigilConfParser *parser, const VigilConfNode *node,
              const VigilConfKeyword *keyword, gpointer target)
{
  static const struct {
    const char *name;
    guint32 bits;
  } names[] = {
    { "IRUSR", 0400 }, { "IWUSR", 0200 }, { "IXUSR", 0100 },
    { "IRGRP", 0040 }, { "IWGRP", 0020 }, { "IXGRP", 0010 },
    { "IROTH", 0004 }, { "IWOTH", 0002 }, { "IXOTH", 0001 },
  };
  GLOBAL *global = target;
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(GStrv) parts = NULL;
  const VigilConfWord *first = vigil_conf_node_arg (node, 0);
  guint32 mask = 0;
  char *end = NULL;

  for (guint i = 0; i < node->n_args; i++)
    g_string_append (text, vigil_conf_node_arg (node, i)->text);
  if (g_ascii_isdigit (text->str[0]))
    {
      guint64 value = g_ascii_strtoull (text->str, &end, 0);
      if (*end != '\0' || value > 0777)
        goto bad;
      mask = (guint32) value;
    }
  else
    {
      parts = g_strsplit (text->str, "|", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          gsize j;
          for (j = 0; j < G_N_ELEMENTS (names); j++)
            if (strcmp (parts[i], names[j].name) == 0)
              break;
          if (j == G_N_ELEMENTS (names))
            goto bad;
          mask |= names[j].bits;
        }
    }
  global->umask = mask;
  global->umask_given = TRUE;
  return;

bad:
  vigil_diag_error (parser->diags, &first->loc,
                    _("invalid value '%s' for 'umask': expected a number (e.g. 022) or bits "
                      "like IWGRP|IWOTH"), text->str);
}

static void
handle_lb_backend (VigilConfParser *parser, const VigilConfNode *node,
                   const VigilConfKeyword *keyword, gpointer target)
{
  static const char *const backends[] = { "ipvs", "nftables", "none", NULL };
  GLOBAL *global = target;
  int which = vigil_conf_value_choice (parser, node->keyword.text, vigil_conf_node_arg (node, 0),
                                       backends);

  if (which < 0)
    return;
  g_free (global->lb_backend);
  global->lb_backend = g_strdup (backends[which]);
}

static const VigilConfKeyword global_defs_keywords[] = {
  KW_BOOL ("checker_log_all_failures", GLOBAL, checker_log_all_failures),
  KW_STRING ("dbus_service_name", GLOBAL, dbus_service_name),
  KW_STRING ("default_interface", GLOBAL, default_interface),
  KW_HANDLER ("dynamic_interfaces", handle_dynamic_interfaces, 0, 1),
  KW_FLAG ("enable_dbus", GLOBAL, enable_dbus),
  KW_FLAG ("enable_script_security", GLOBAL, enable_script_security),
  KW_FLAG ("enable_snmp_checker", GLOBAL, enable_snmp_checker),
  KW_ALIAS ("enable_snmp_keepalived", "enable_snmp_vrrp"),
  KW_HANDLER ("enable_snmp_rfc", handle_enable_snmp_rfc, 0, 0),
  KW_FLAG ("enable_snmp_rfcv2", GLOBAL, enable_snmp_rfcv2),
  KW_FLAG ("enable_snmp_rfcv3", GLOBAL, enable_snmp_rfcv3),
  KW_FLAG ("enable_snmp_vrrp", GLOBAL, enable_snmp_vrrp),
  KW_FLAG ("enable_traps", GLOBAL, enable_traps),
  KW_FLAG ("fifo_write_vrrp_states_on_reload", GLOBAL, fifo_write_vrrp_states_on_reload),
  KW_HANDLER ("lb_backend", handle_lb_backend, 1, 1),
  KW_FLAG ("log_unknown_vrids", GLOBAL, log_unknown_vrids),
  KW_FLAG ("lvs_flush", GLOBAL, lvs_flush),
  KW_HANDLER ("lvs_flush_on_stop", handle_lvs_flush_on_stop, 0, 1),
  KW_ALIAS ("lvs_flush_onstop", "lvs_flush_on_stop"),
  KW_HANDLER ("lvs_notify_fifo", handle_lvs_notify_fifo, 1, 3),
  KW_SCRIPT ("lvs_notify_fifo_script", GLOBAL, lvs_notify_fifo_script),
  KW_HANDLER ("lvs_timeouts", handle_lvs_timeouts, 2, 6),
  KW_HANDLER ("nftables", handle_nftables, 0, 1),
  KW_FLAG ("nftables_counters", GLOBAL, nftables_counters),
  KW_FLAG ("nftables_ifindex", GLOBAL, nftables_ifindex),
  KW_HANDLER ("nftables_ipvs", handle_nftables_ipvs, 0, 1),
  KW_VALUE ("nftables_ipvs_priority", INT, GLOBAL, nftables_ipvs_priority, -400, 400),
  KW_VALUE ("nftables_ipvs_start_fwmark", UINT32, GLOBAL, nftables_ipvs_start_fwmark, 1,
            G_MAXUINT32),
  KW_VALUE ("nftables_priority", INT, GLOBAL, nftables_priority, -400, 400),
  { .keyword = "notification_email", .handler = handle_notification_email,
    .flags = VIGIL_CONF_KW_BLOCK },
  KW_STRING ("notification_email_from", GLOBAL, notification_email_from),
  KW_HANDLER ("notify_fifo", handle_notify_fifo, 1, 3),
  KW_SCRIPT ("notify_fifo_script", GLOBAL, notify_fifo_script),
  KW_STRING ("router_id", GLOBAL, router_id),
  KW_FLAG ("rs_init_notifies", GLOBAL, rs_init_notifies),
  KW_HANDLER ("script_user", handle_script_user, 1, 2),
  KW_SCRIPT ("shutdown_script", GLOBAL, shutdown_script),
  { .keyword = "shutdown_script_timeout", .type = VIGIL_CONF_VALUE_TIMER_INT,
    .offset = G_STRUCT_OFFSET (GLOBAL, shutdown_script_timeout), .min_args = 1, .max_args = 1,
    .min = VIGIL_USEC_PER_SEC, .max = 1000 * VIGIL_USEC_PER_SEC },
  KW_BOOL ("smtp_alert", GLOBAL, smtp_alert),
  KW_BOOL ("smtp_alert_checker", GLOBAL, smtp_alert_checker),
  KW_BOOL ("smtp_alert_vrrp", GLOBAL, smtp_alert_vrrp),
  { .keyword = "smtp_connect_timeout", .type = VIGIL_CONF_VALUE_TIMER_INT,
    .offset = G_STRUCT_OFFSET (GLOBAL, smtp_connect_timeout), .min_args = 1, .max_args = 1,
    .min = VIGIL_USEC_PER_SEC, .max = 3600 * VIGIL_USEC_PER_SEC },
  KW_STRING ("smtp_helo_name", GLOBAL, smtp_helo_name),
  KW_HANDLER ("smtp_server", handle_smtp_server, 1, 2),
  KW_STRING ("snmp_socket", GLOBAL, snmp_socket),
  KW_SCRIPT ("startup_script", GLOBAL, startup_script),
  { .keyword = "startup_script_timeout", .type = VIGIL_CONF_VALUE_TIMER_INT,
    .offset = G_STRUCT_OFFSET (GLOBAL, startup_script_timeout), .min_args = 1, .max_args = 1,
    .min = VIGIL_USEC_PER_SEC, .max = 1000 * VIGIL_USEC_PER_SEC },
  KW_HANDLER ("umask", handle_umask, 1, 9),
  KW_STRING ("vmac_addr_prefix", GLOBAL, vmac_addr_prefix),
  KW_STRING ("vmac_prefix", GLOBAL, vmac_prefix),
  KW_FLAG ("vrrp_check_unicast_src", GLOBAL, vrrp_check_unicast_src),
  KW_VALUE ("vrrp_down_timer_adverts", UINT, GLOBAL, vrrp_down_timer_adverts, 1, 100),
  KW_HANDLER ("vrrp_garp_extra_if", handle_garp_extra_if, 1, 2),
  KW_TIMER ("vrrp_garp_interval", GLOBAL, vrrp_garp_interval, 0, TIMER_MAX),
  { .keyword = "vrrp_garp_lower_prio_delay", .type = VIGIL_CONF_VALUE_TIMER_INT,
    .offset = G_STRUCT_OFFSET (GLOBAL, vrrp_garp_lower_prio_delay), .min_args = 1,
    .max_args = 1, .max = TIMER_MAX },
  KW_VALUE ("vrrp_garp_lower_prio_repeat", UINT, GLOBAL, vrrp_garp_lower_prio_repeat, 0,
            G_MAXINT32),
  { .keyword = "vrrp_garp_master_delay", .type = VIGIL_CONF_VALUE_TIMER_INT,
    .offset = G_STRUCT_OFFSET (GLOBAL, vrrp_garp_master_delay), .min_args = 1,
    .max_args = 1, .max = TIMER_MAX },
  { .keyword = "vrrp_garp_master_refresh", .type = VIGIL_CONF_VALUE_TIMER_INT,
    .offset = G_STRUCT_OFFSET (GLOBAL, vrrp_garp_master_refresh), .min_args = 1,
    .max_args = 1, .max = TIMER_MAX },
  KW_VALUE ("vrrp_garp_master_refresh_repeat", UINT, GLOBAL, vrrp_garp_master_refresh_repeat,
            1, G_MAXINT32),
  KW_VALUE ("vrrp_garp_master_repeat", UINT, GLOBAL, vrrp_garp_master_repeat, 1, G_MAXINT32),
  KW_TIMER ("vrrp_gna_interval", GLOBAL, vrrp_gna_interval, 0, TIMER_MAX),
  KW_BOOL ("vrrp_higher_prio_send_advert", GLOBAL, vrrp_higher_prio_send_advert),
  KW_HANDLER ("vrrp_ipsets", handle_names_list, 0, 5),
  KW_HANDLER ("vrrp_iptables", handle_names_list, 0, 2),
  KW_BOOL ("vrrp_lower_prio_no_advert", GLOBAL, vrrp_lower_prio_no_advert),
  KW_HANDLER ("vrrp_mcast_group4", handle_mcast_group4, 1, 1),
  KW_HANDLER ("vrrp_mcast_group6", handle_mcast_group6, 1, 1),
  KW_HANDLER ("vrrp_min_garp", handle_min_garp, 0, 1),
  KW_HANDLER ("vrrp_notify_fifo", handle_vrrp_notify_fifo, 1, 3),
  KW_SCRIPT ("vrrp_notify_fifo_script", GLOBAL, vrrp_notify_fifo_script),
  KW_BOOL ("vrrp_notify_priority_changes", GLOBAL, vrrp_notify_priority_changes),
  KW_VALUE ("vrrp_priority", INT, GLOBAL, vrrp_priority, -20, 19),
  KW_BOOL ("vrrp_skip_check_adv_addr", GLOBAL, vrrp_skip_check_adv_addr),
  KW_TIMER ("vrrp_startup_delay", GLOBAL, vrrp_startup_delay, 0, TIMER_MAX),
  KW_FLAG ("vrrp_strict", GLOBAL, vrrp_strict),
  KW_VALUE ("vrrp_version", UINT, GLOBAL, vrrp_version, 2, 3),
  KW_ALIAS ("vrrp_vmac_garp_intvl", "vrrp_garp_extra_if"),
};

const VigilConfBlockSpec vigil_conf_global_defs_spec = {
  VIGIL_CONF_BLOCK_GLOBAL_DEFS, "global_defs",
  global_defs_keywords, G_N_ELEMENTS (global_defs_keywords)
};

/* ---- top level ---- */

static void
handle_global_defs (VigilConfParser *parser, const VigilConfNode *node,
                    const VigilConfKeyword *keyword, gpointer target)
{
  VigilConfig *config = target;

  if (config->global.loc.file == NULL)
    config->global.loc = node->keyword.loc;
  vigil_conf_parse_block (parser, node, VIGIL_CONF_BLOCK_GLOBAL_DEFS, &config->global);
}

static void
handle_ssl (VigilConfParser *parser, const VigilConfNode *node,
            const VigilConfKeyword *keyword, gpointer target)
{
  VigilConfig *config = target;

  if (config->ssl == NULL)
    {
      config->ssl = g_new0 (VigilConfSsl, 1);
      config->ssl->loc = node->keyword.loc;
    }
  vigil_conf_parse_block (parser, node, VIGIL_CONF_BLOCK_SSL, config->ssl);
}

static void
handle_linkbeat_interfaces (VigilConfParser *parser, const VigilConfNode *node,
                            const VigilConfKeyword *keyword, gpointer target)
{
  static const char *const types[] = { "MII", "ETHTOOL", "IOCTL", NULL };
  VigilConfig *config = target;

  for (guint i = 0; i < node->children->len; i++)
    {
      const VigilConfNode *line = g_ptr_array_index (node->children, i);
      const VigilConfWord *type = vigil_conf_node_arg (line, 0);
      VigilConfLinkbeatInterface *lbi;

      if (!vigil_conf_expect_no_block (parser, line))
        continue;
      if (type != NULL && vigil_conf_value_choice (parser, line->keyword.text, type, types) < 0)
        continue;
      if (line->n_args > 1)
        {
          vigil_diag_error (parser->diags, &vigil_conf_node_arg (line, 1)->loc,
                            _("unexpected '%s' after interface '%s'"),
                            vigil_conf_node_arg (line, 1)->text,
                            line->keyword.text);
          continue;
        }
      lbi = g_new0 (VigilConfLinkbeatInterface, 1);
      lbi->name = g_strdup (line->keyword.text);
      lbi->type = type != NULL ? g_strdup (type->text) : NULL;
      lbi->loc = line->keyword.loc;
      g_ptr_array_add (config->linkbeat_interfaces, lbi);
    }
}

static void
handle_interface_up_down_delays (VigilConfParser *parser, const VigilConfNode *node,
                                 const VigilConfKeyword *keyword, gpointer target)
{
  VigilConfig *config = target;

  for (guint i = 0; i < node->children->len; i++)
    {
      const VigilConfNode *line = g_ptr_array_index (node->children, i);
      const VigilConfWord *down = vigil_conf_node_arg (line, 0);
      const VigilConfWord *up = vigil_conf_node_arg (line, 1);
      VigilConfInterfaceDelay delay = { 0 };

      if (!vigil_conf_expect_no_block (parser, line))
        continue;
      if (down == NULL || line->n_args > 2)
        {
          vigil_diag_error (parser->diags, vigil_conf_node_loc (line),
                            _("expected 'INTERFACE DOWN_DELAY [UP_DELAY]' in "
                              "interface_up_down_delays"));
          continue;
        }
      if (!vigil_conf_value_timer (parser, "down delay", down, 0, 255 * VIGIL_USEC_PER_SEC,
                                   FALSE, &delay.down_delay))
        continue;
      delay.up_delay = delay.down_delay;
      if (up != NULL && !vigil_conf_value_timer (parser, "up delay", up, 0,
                                                 255 * VIGIL_USEC_PER_SEC, FALSE,
                                                 &delay.up_delay))
        continue;
      delay.name = g_strdup (line->keyword.text);
      delay.loc = line->keyword.loc;
      g_ptr_array_add (config->interface_delays, g_memdup2 (&delay, sizeof delay));
    }
}

static const VigilConfKeyword top_keywords[] = {
  KW_BLOCK ("SSL", handle_ssl, 0, 0),
  KW_BLOCK ("garp_group", vigil_conf_parse_garp_group, 0, 0),
  KW_BLOCK ("global_defs", handle_global_defs, 0, 0),
  KW_BLOCK ("interface_up_down_delays", handle_interface_up_down_delays, 0, 0),
  KW_BLOCK ("linkbeat_interfaces", handle_linkbeat_interfaces, 0, 0),
  KW_FLAG ("linkbeat_use_polling", VigilConfig, linkbeat_use_polling),
  KW_BLOCK ("static_ipaddress", vigil_conf_parse_static_ipaddress, 0, 0),
  KW_BLOCK ("static_routes", vigil_conf_parse_static_routes, 0, 0),
  KW_BLOCK ("static_rules", vigil_conf_parse_static_rules, 0, 0),
  KW_BLOCK ("track_file", vigil_conf_parse_track_file, 1, 1),
  KW_BLOCK ("track_group", vigil_conf_parse_track_group, 1, 1),
  KW_BLOCK ("virtual_server", vigil_conf_parse_virtual_server, 1, 2),
  KW_BLOCK ("virtual_server_group", vigil_conf_parse_virtual_server_group, 1, 1),
  KW_BLOCK ("vrrp_instance", vigil_conf_parse_vrrp_instance, 1, 1),
  KW_BLOCK ("vrrp_script", vigil_conf_parse_vrrp_script, 1, 1),
  KW_BLOCK ("vrrp_sync_group", vigil_conf_parse_vrrp_sync_group, 1, 1),
  KW_ALIAS ("vrrp_track_file", "track_file"),
  KW_BLOCK ("vrrp_track_process", vigil_conf_parse_track_process, 1, 1),
};

const VigilConfBlockSpec vigil_conf_top_spec = {
  VIGIL_CONF_BLOCK_TOP, "top level", top_keywords, G_N_ELEMENTS (top_keywords)
};

/* ---- SSL { } ---- */

static const VigilConfKeyword ssl_keywords[] = {
  KW_STRING ("ca", VigilConfSsl, ca),
  KW_STRING ("certificate", VigilConfSsl, certificate),
  KW_STRING ("key", VigilConfSsl, key),
  KW_STRING ("password", VigilConfSsl, password),
};

const VigilConfBlockSpec vigil_conf_ssl_spec = {
  VIGIL_CONF_BLOCK_SSL, "SSL", ssl_keywords, G_N_ELEMENTS (ssl_keywords)
};
