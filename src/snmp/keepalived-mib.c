/* keepalived-mib.c - KEEPALIVED-MIB (1.3.6.1.4.1.9586.100.5): the global
 * group and the VRRP part, indexed as keepalived indexes them
 *
 * The MIB text is keepalived's own (KEEPALIVED-MIB.txt, shipped by the
 * keepalived packages); it is not copied here. Instances are numbered
 * from 1 in config order (vrrpInstanceIndex), their addresses from 1 with
 * virtual_ipaddress before virtual_ipaddress_excluded (vrrpAddressIndex),
 * tracked scripts from 1 in the order of track_script (and tracked
 * interfaces by ifIndex). Sync groups are numbered from 1 in config
 * order; a group's state is the VigilSyncGroup's (keepalived's group
 * state).
 */
#define G_LOG_DOMAIN "vigil-snmp"

/* vigil's version, taken before net-snmp's headers define their own
 * PACKAGE_VERSION. */
#include "vigil-build-config.h"
static const char vigil_version[] = PACKAGE_VERSION;
#undef PACKAGE_VERSION

#include "snmp/snmp-mibs.h"

#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>

#define TRUTH(b) ((b) ? 1 : 2)

static const VigilConfGlobal *
global_conf (gpointer ctx)
{
  return &vigil_daemon_get_config (vigil_snmp_agent_get_daemon (ctx))->global;
}

int
vigil_keepalived_instance_index (VigilSnmpAgent *agent, VigilVrrpInstance *instance)
{
  GPtrArray *instances = vigil_snmp_instances (agent);
  guint i;

  if (instances != NULL && g_ptr_array_find (instances, instance, &i))
    return (int) i + 1;
  return 0;
}

long
vigil_keepalived_state (VigilVrrpState state)
{
  switch (state)
    {
    case VIGIL_VRRP_STATE_BACKUP:
      return 1;
    case VIGIL_VRRP_STATE_MASTER:
      return 2;
    case VIGIL_VRRP_STATE_FAULT:
      return 3;
    case VIGIL_VRRP_STATE_STOP:
      return 5;                                     /* shutdown */
    default:
      return 0;                                     /* init */
    }
}

/* ---- global ---------------------------------------------------------------- */

static gboolean
global_value (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *value)
{
  const VigilConfGlobal *g = global_conf (ctx);
  g_autofree char *version = NULL;

  switch (column)
    {
    case 1:                                          /* version */
      version = g_strdup_printf ("vigil %s", vigil_version);
      vigil_mib_set_string (value, version);
      break;
    case 2:                                          /* routerId */
      vigil_mib_set_string (value, g->router_id != NULL ? g->router_id : g_get_host_name ());
      break;
    case 4:                                          /* trapEnable */
      vigil_mib_set_int (value, TRUTH (g->enable_traps));
      break;
    case 5:                                          /* linkBeat: netlink(1) */
      vigil_mib_set_int (value, 1);
      break;
    case 6:                                          /* lvsFlush */
      vigil_mib_set_int (value, TRUTH (g->lvs_flush));
      break;
    case 8:                                          /* netNamespace: none */
      vigil_mib_set_string (value, "");
      break;
    case 9:                                          /* dbus */
      vigil_mib_set_int (value, TRUTH (g->enable_dbus));
      break;
    case 10:                                         /* dynamicInterfaces */
      vigil_mib_set_int (value, TRUTH (g->dynamic_interfaces));
      break;
    case 11:                                         /* lvsFlushOnStop */
      vigil_mib_set_int (value, g->lvs_flush_on_stop_vs ? 3 : TRUTH (g->lvs_flush_on_stop));
      break;
    default:
      return FALSE;
    }
  return TRUE;
}

static gboolean
mail_value (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *value)
{
  const VigilConfGlobal *g = global_conf (ctx);
  VigilInetAddr server;
  gboolean have_server = g->smtp_server != NULL && vigil_inet_addr_parse (g->smtp_server, &server);

  switch (column)
    {
    case 1:                                          /* smtpServerAddressType */
      if (!have_server)
        return FALSE;
      vigil_mib_set_int (value, server.family == AF_INET6 ? 2 : 1);
      break;
    case 2:                                          /* smtpServerAddress */
      if (!have_server)
        return FALSE;
      vigil_mib_set_bytes (value, ASN_OCTET_STR, server.u.bytes, vigil_inet_addr_len (&server));
      break;
    case 3:                                          /* smtpServerTimeout */
      vigil_mib_set_typed (value, ASN_UNSIGNED,
                           (long) (g->smtp_connect_timeout / VIGIL_USEC_PER_SEC));
      break;
    case 4:                                          /* emailFrom */
      if (g->notification_email_from == NULL)
        return FALSE;
      vigil_mib_set_string (value, g->notification_email_from);
      break;
    case 6:                                          /* smtpServerPort */
      if (!have_server)
        return FALSE;
      vigil_mib_set_typed (value, ASN_UNSIGNED, g->smtp_port);
      break;
    case 8:                                          /* smtpEmailSmtpAlert... */
    case 9:                                          /* on(1) or unset(3) */
    case 10:
      vigil_mib_set_int (value, (column == 8 ? g->smtp_alert
                                 : column == 9 ? g->smtp_alert_vrrp : g->smtp_alert_checker) ? 1 : 3);
      break;
    default:
      return FALSE;
    }
  return TRUE;
}

static void
email_rows (gpointer ctx, GArray *rows)
{
  GPtrArray *emails = global_conf (ctx)->notification_email;

  for (guint i = 0; emails != NULL && i < emails->len; i++)
    {
      VigilMibRow row = { .object = g_ptr_array_index (emails, i), .n = i };
      vigil_mib_row_push (&row, i + 1);
      g_array_append_val (rows, row);
    }
}

static gboolean
email_value (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *value)
{
  vigil_mib_set_string (value, row->object);
  return TRUE;
}

static gboolean
set_script (VigilMibValue *value, const VigilConfScript *script)
{
  g_autofree char *text = NULL;

  if (script == NULL || script->argv == NULL)
    return FALSE;
  text = g_strjoinv (" ", script->argv);
  vigil_mib_set_string (value, text);
  return TRUE;
}

/* ---- sync groups ---------------------------------------------------------------- */

static GPtrArray *
sync_groups (gpointer ctx)
{
  return vigil_daemon_get_config (vigil_snmp_agent_get_daemon (ctx))->sync_groups;
}

static void
sync_group_rows (gpointer ctx, GArray *rows)
{
  GPtrArray *groups = sync_groups (ctx);

  for (guint i = 0; groups != NULL && i < groups->len; i++)
    {
      VigilMibRow row = { .object = g_ptr_array_index (groups, i), .n = i };
      vigil_mib_row_push (&row, i + 1);
      g_array_append_val (rows, row);
    }
}

/* The group's own state (VigilSyncGroup), as keepalived numbers it. */
static long
sync_group_state (gpointer ctx, const VigilConfSyncGroup *group)
{
  GPtrArray *groups = vigil_daemon_get_sync_groups (vigil_snmp_agent_get_daemon (ctx));

  for (guint i = 0; groups != NULL && i < groups->len; i++)
    if (g_strcmp0 (vigil_sync_group_get_name (g_ptr_array_index (groups, i)), group->name) == 0)
      return vigil_keepalived_state (vigil_sync_group_get_state (g_ptr_array_index (groups, i)));
  return vigil_keepalived_state (VIGIL_VRRP_STATE_INIT);
}

static gboolean
sync_group_value (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *value)
{
  const VigilConfSyncGroup *group = row->object;

  switch (column)
    {
    case 2:
      vigil_mib_set_string (value, group->name);
      break;
    case 3:
      vigil_mib_set_int (value, sync_group_state (ctx, group));
      break;
    case 4:
      vigil_mib_set_int (value, TRUTH (group->smtp_alert));
      break;
    case 5:
      vigil_mib_set_int (value, TRUTH (group->notify_master != NULL || group->notify_backup != NULL
                                       || group->notify_fault != NULL || group->notify_stop != NULL
                                       || group->notify != NULL));
      break;
    case 6:
      return set_script (value, group->notify_master);
    case 7:
      return set_script (value, group->notify_backup);
    case 8:
      return set_script (value, group->notify_fault);
    case 9:
      return set_script (value, group->notify);
    case 10:
      vigil_mib_set_int (value, TRUTH (group->sync_group_tracking_weight));
      break;
    case 11:
      return set_script (value, group->notify_stop);
    default:
      return FALSE;
    }
  return TRUE;
}

/* Members are numbered from 1 within their group, as keepalived 2.2.7
 * numbers them (not by their vrrpInstanceIndex, whatever the index name). */
static void
sync_member_rows (gpointer ctx, GArray *rows)
{
  GPtrArray *groups = sync_groups (ctx);

  for (guint g = 0; groups != NULL && g < groups->len; g++)
    {
      const VigilConfSyncGroup *group = g_ptr_array_index (groups, g);

      for (guint m = 0; group->members != NULL && m < group->members->len; m++)
        {
          VigilMibRow row = { .object = g_ptr_array_index (group->members, m), .n = m };

          vigil_mib_row_push (&row, g + 1);
          vigil_mib_row_push (&row, m + 1);
          g_array_append_val (rows, row);
        }
    }
}

static gboolean
sync_member_value (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *value)
{
  vigil_mib_set_string (value, row->object);
  return TRUE;
}

/* ---- VRRP instances ------------------------------------------------------------ */

static void
instance_rows (gpointer ctx, GArray *rows)
{
  GPtrArray *instances = vigil_snmp_instances (ctx);

  for (guint i = 0; instances != NULL && i < instances->len; i++)
    {
      VigilMibRow row = { .object = g_ptr_array_index (instances, i), .n = i };
      vigil_mib_row_push (&row, i + 1);
      g_array_append_val (rows, row);
    }
}

static gboolean
instance_value (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *value)
{
  VigilVrrpInstance *instance = row->object;
  const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (instance);
  VigilVrrpState state = vigil_vrrp_instance_get_state (instance);
  gboolean unicast = conf->unicast_peers != NULL && conf->unicast_peers->len > 0;
  VigilInetAddr group;

  switch (column)
    {
    case 2:
      vigil_mib_set_string (value, conf->name);
      break;
    case 3:
      vigil_mib_set_typed (value, ASN_UNSIGNED, conf->vrid);
      break;
    case 4:
      vigil_mib_set_int (value, vigil_keepalived_state (state));
      break;
    case 5:                                          /* InitialState */
      vigil_mib_set_int (value, conf->initial_state == VIGIL_CONF_VRRP_STATE_MASTER ? 2 : 1);
      break;
    case 6:                                          /* WantedState */
      vigil_mib_set_int (value, state == VIGIL_VRRP_STATE_MASTER ? 2 : 1);
      break;
    case 7:
      vigil_mib_set_int (value, vigil_vrrp_instance_get_priority (instance));
      break;
    case 8:
      vigil_mib_set_int (value, vigil_vrrp_instance_get_effective_priority (instance));
      break;
    case 9:                                          /* VipsStatus */
      vigil_mib_set_int (value, TRUTH (state == VIGIL_VRRP_STATE_MASTER));
      break;
    case 10:
      vigil_mib_set_string (value, conf->interface);
      break;
    case 11:                                         /* TrackPrimaryIf */
      /* keepalived 2.2 answers notTracked(2) unless dont_track_primary:
       * the same here, so that templates built on it read alike. */
      vigil_mib_set_int (value, TRUTH (conf->dont_track_primary));
      break;
    case 12:                                         /* s (v2), cs (v3) */
      vigil_mib_set_typed (value, ASN_UNSIGNED,
                           (long) (conf->version == 2 ? conf->advert_int / VIGIL_USEC_PER_SEC
                                                      : conf->advert_int / 10000));
      break;
    case 13:
      vigil_mib_set_int (value, TRUTH (conf->preempt));
      break;
    case 14:
      vigil_mib_set_typed (value, ASN_UNSIGNED, (long) (conf->preempt_delay / VIGIL_USEC_PER_SEC));
      break;
    case 15:                                         /* AuthType, none(0) for v3 */
      vigil_mib_set_int (value, conf->auth_type == VIGIL_CONF_AUTH_PASS ? 1
                                : conf->auth_type == VIGIL_CONF_AUTH_AH ? 2 : 0);
      break;
    case 16:                                         /* LvsSyncDaemon */
      vigil_mib_set_int (value, 2);
      break;
    case 18:
      if (conf->sync_group == NULL)
        return FALSE;
      vigil_mib_set_string (value, conf->sync_group);
      break;
    case 19:
      vigil_mib_set_typed (value, ASN_UNSIGNED,
                           (long) (conf->garp_master_delay / VIGIL_USEC_PER_SEC));
      break;
    case 20:
      vigil_mib_set_int (value, TRUTH (conf->smtp_alert));
      break;
    case 21:                                         /* NotifyExec */
      vigil_mib_set_int (value, TRUTH (conf->notify_master != NULL || conf->notify_backup != NULL
                                       || conf->notify_fault != NULL || conf->notify_stop != NULL
                                       || conf->notify != NULL));
      break;
    case 22:
      return set_script (value, conf->notify_master);
    case 23:
      return set_script (value, conf->notify_backup);
    case 24:
      return set_script (value, conf->notify_fault);
    case 25:
      return set_script (value, conf->notify_stop);
    case 26:
      return set_script (value, conf->notify);
    case 27:                                         /* Accept: keepalived says 0 for v2 */
      vigil_mib_set_int (value, conf->version == 2 ? 0 : TRUTH (conf->accept));
      break;
    case 28:
      vigil_mib_set_int (value, TRUTH (conf->promote_secondaries));
      break;
    case 29:                                         /* UseLinkbeat */
      vigil_mib_set_int (value, 2);
      break;
    case 30:
      vigil_mib_set_int (value, conf->version);
      break;
    case 31:
      return set_script (value, conf->notify_master_rx_lower_pri);
    case 32:
      return set_script (value, conf->notify_deleted);
    case 33:
      vigil_mib_set_int (value, TRUTH (conf->notify_deleted_given));
      break;
    case 34:
    case 35:
      if (unicast)
        return FALSE;
      group = vigil_inet_addr_is_set (&conf->mcast_dst_ip) ? conf->mcast_dst_ip
              : conf->family == AF_INET6 ? global_conf (ctx)->vrrp_mcast_group6
              : global_conf (ctx)->vrrp_mcast_group4;
      if (!vigil_inet_addr_is_set (&group))
        vigil_inet_addr_parse (conf->family == AF_INET6 ? "ff02::12" : "224.0.0.18", &group);
      if (column == 34)
        vigil_mib_set_int (value, group.family == AF_INET6 ? 2 : 1);
      else
        vigil_mib_set_bytes (value, ASN_OCTET_STR, group.u.bytes, vigil_inet_addr_len (&group));
      break;
    default:
      return FALSE;
    }
  return TRUE;
}

/* ---- tracked interfaces and scripts ----------------------------------------- */

static void
track_rows (gpointer ctx, GArray *rows, gboolean interfaces)
{
  GPtrArray *instances = vigil_snmp_instances (ctx);

  for (guint i = 0; instances != NULL && i < instances->len; i++)
    {
      const VigilConfVrrpInstance *conf =
        vigil_vrrp_instance_get_conf (g_ptr_array_index (instances, i));
      GPtrArray *refs = interfaces ? conf->track_interfaces : conf->track_scripts;

      for (guint n = 0; refs != NULL && n < refs->len; n++)
        {
          VigilConfTrackRef *ref = g_ptr_array_index (refs, n);
          VigilMibRow row = { .object = ref, .n = n };
          int ifindex = interfaces ? vigil_snmp_agent_ifindex (ctx, ref->name) : (int) n + 1;

          if (ifindex <= 0)
            continue;
          vigil_mib_row_push (&row, i + 1);
          vigil_mib_row_push (&row, ifindex);
          g_array_append_val (rows, row);
        }
    }
}

static void
tracked_interface_rows (gpointer ctx, GArray *rows)
{
  track_rows (ctx, rows, TRUE);
}

static void
tracked_script_rows (gpointer ctx, GArray *rows)
{
  track_rows (ctx, rows, FALSE);
}

/* The weight a track_script reference applies: its own, else the script's. */
static int
script_weight (gpointer ctx, const VigilConfTrackRef *ref, gboolean *reverse)
{
  const VigilConfig *config = vigil_daemon_get_config (vigil_snmp_agent_get_daemon (ctx));

  *reverse = ref->reverse;
  if (ref->weight_given)
    return ref->weight;
  for (guint i = 0; config->vrrp_scripts != NULL && i < config->vrrp_scripts->len; i++)
    {
      const VigilConfVrrpScript *script = g_ptr_array_index (config->vrrp_scripts, i);
      if (g_strcmp0 (script->name, ref->name) == 0)
        {
          *reverse = script->weight_reverse;
          return script->weight;
        }
    }
  return 0;
}

static gboolean
tracked_interface_value (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *value)
{
  const VigilConfTrackRef *ref = row->object;

  if (column == 1)
    vigil_mib_set_string (value, ref->name);
  else if (column == 2)
    vigil_mib_set_int (value, ref->weight);
  else
    vigil_mib_set_int (value, TRUTH (ref->reverse));
  return TRUE;
}

static gboolean
tracked_script_value (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *value)
{
  const VigilConfTrackRef *ref = row->object;
  gboolean reverse;
  int weight = script_weight (ctx, ref, &reverse);

  if (column == 2)
    vigil_mib_set_string (value, ref->name);
  else if (column == 3)
    vigil_mib_set_int (value, weight);
  else
    vigil_mib_set_int (value, TRUTH (reverse));
  return TRUE;
}

/* ---- virtual addresses ----------------------------------------------------------- */

static void
address_rows (gpointer ctx, GArray *rows)
{
  GPtrArray *instances = vigil_snmp_instances (ctx);

  for (guint i = 0; instances != NULL && i < instances->len; i++)
    {
      VigilVrrpInstance *instance = g_ptr_array_index (instances, i);
      const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (instance);
      guint n_vips = conf->vips != NULL ? conf->vips->len : 0;
      guint n_excluded = conf->vips_excluded != NULL ? conf->vips_excluded->len : 0;

      for (guint n = 0; n < n_vips + n_excluded; n++)
        {
          VigilMibRow row = { .object = instance, .n = n, .aux = n < n_vips };
          vigil_mib_row_push (&row, i + 1);
          vigil_mib_row_push (&row, n + 1);
          g_array_append_val (rows, row);
        }
    }
}

/* RT_SCOPE_* as InetScopeType. */
static long
inet_scope (int scope)
{
  switch (scope)
    {
    case RT_SCOPE_HOST:
      return 1;                                      /* interfaceLocal */
    case RT_SCOPE_LINK:
      return 2;                                      /* linkLocal */
    case RT_SCOPE_SITE:
      return 5;                                      /* siteLocal */
    default:
      return 14;                                     /* global */
    }
}

static gboolean
address_value (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *value)
{
  VigilVrrpInstance *instance = row->object;
  const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (instance);
  guint n_vips = conf->vips != NULL ? conf->vips->len : 0;
  const VigilConfVip *vip = row->aux ? g_ptr_array_index (conf->vips, row->n)
                                     : g_ptr_array_index (conf->vips_excluded, row->n - n_vips);
  const char *dev = vip->dev != NULL ? vip->dev : conf->interface;

  switch (column)
    {
    case 2:
      vigil_mib_set_int (value, vip->addr.family == AF_INET6 ? 2 : 1);
      break;
    case 3:
      vigil_mib_set_bytes (value, ASN_OCTET_STR, vip->addr.u.bytes, vigil_inet_addr_len (&vip->addr));
      break;
    case 4:                                          /* IPv4: 0.0.0.0 when not given */
      if (!vigil_inet_addr_is_set (&vip->broadcast))
        {
          static const guint8 zero[4] = { 0 };
          if (vip->addr.family != AF_INET)
            return FALSE;
          vigil_mib_set_bytes (value, ASN_OCTET_STR, zero, sizeof zero);
          break;
        }
      vigil_mib_set_bytes (value, ASN_OCTET_STR, vip->broadcast.u.bytes,
                           vigil_inet_addr_len (&vip->broadcast));
      break;
    case 5:
      vigil_mib_set_typed (value, ASN_UNSIGNED, vip->prefix_len);
      break;
    case 6:
      vigil_mib_set_int (value, inet_scope (vip->scope));
      break;
    case 7:
      vigil_mib_set_int (value, vigil_snmp_agent_ifindex (ctx, dev));
      break;
    case 8:
      vigil_mib_set_string (value, dev);
      break;
    case 9:
      if (vip->label == NULL)
        return FALSE;
      vigil_mib_set_string (value, vip->label);
      break;
    case 10:                                         /* set(1) while master */
      vigil_mib_set_int (value, TRUTH (vigil_vrrp_instance_get_state (instance)
                                       == VIGIL_VRRP_STATE_MASTER));
      break;
    case 11:                                         /* advertised(1) unless excluded */
      vigil_mib_set_int (value, TRUTH (row->aux));
      break;
    case 12:
      if (!vigil_inet_addr_is_set (&vip->peer))
        return FALSE;
      vigil_mib_set_bytes (value, ASN_OCTET_STR, vip->peer.u.bytes, vigil_inet_addr_len (&vip->peer));
      break;
    default:
      return FALSE;
    }
  return TRUE;
}

#define KA_OID(...) { VIGIL_OID_KEEPALIVED_MIB, __VA_ARGS__ }, 9 + G_N_ELEMENTS (((oid[]) { __VA_ARGS__ }))

/* Sorted by OID: the global scalars around the mail group. */
static const VigilMibTable keepalived_mib_tables[] = {
  { "global", KA_OID (1), 1, 2, NULL, global_value },
  { "mail", KA_OID (1, 3), 1, 4, NULL, mail_value },
  { "emailTable", KA_OID (1, 3, 5, 1), 2, 2, email_rows, email_value },
  { "mail", KA_OID (1, 3), 6, 10, NULL, mail_value },
  { "global", KA_OID (1), 4, 11, NULL, global_value },
  { "vrrpSyncGroupTable", KA_OID (2, 1, 1), 2, 11, sync_group_rows, sync_group_value },
  { "vrrpSyncGroupMemberTable", KA_OID (2, 2, 1), 2, 2, sync_member_rows, sync_member_value },
  { "vrrpInstanceTable", KA_OID (2, 3, 1), 2, 35, instance_rows, instance_value },
  { "vrrpTrackedInterfaceTable", KA_OID (2, 4, 1), 1, 3, tracked_interface_rows,
    tracked_interface_value },
  { "vrrpTrackedScriptTable", KA_OID (2, 5, 1), 2, 4, tracked_script_rows, tracked_script_value },
  { "vrrpAddressTable", KA_OID (2, 6, 1), 2, 12, address_rows, address_value },
};

gboolean
vigil_keepalived_mib_register (VigilSnmpAgent *agent, GPtrArray *registrations)
{
  static const oid root[] = { VIGIL_OID_KEEPALIVED_MIB, 1 };
  static const oid vrrp_root[] = { VIGIL_OID_KEEPALIVED_MIB, 2 };

  /* Two registrations: the checker part (…5.3) is another's. */
  return vigil_mib_register ("KEEPALIVED-MIB::global", root, G_N_ELEMENTS (root),
                             keepalived_mib_tables, 5, agent, registrations)
         && vigil_mib_register ("KEEPALIVED-MIB::vrrp", vrrp_root, G_N_ELEMENTS (vrrp_root),
                                keepalived_mib_tables + 5,
                                G_N_ELEMENTS (keepalived_mib_tables) - 5, agent, registrations);
}
