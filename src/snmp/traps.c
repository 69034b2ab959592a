/* traps.c - SNMP notifications on VRRP state changes
 *
 * With `enable_traps`: on becoming master, vrrpTrapNewMaster (RFC 2787,
 * for VRRPv2 IPv4 instances, with enable_snmp_rfcv2) and vrrpv3NewMaster
 * (RFC 6527, with enable_snmp_rfcv3); on every state change keepalived's
 * vrrpInstanceStateChange (with enable_snmp_vrrp), and on every sync
 * group state change keepalived's vrrpSyncGroupStateChange (with
 * enable_snmp_vrrp). On a dropped packet (the instance's
 * "packet-dropped"): vrrpTrapAuthFailure for an authentication error of
 * a VRRPv2 IPv4 instance (with enable_snmp_rfcv2) and vrrpv3ProtoError
 * for a TTL / hop-limit error (with enable_snmp_rfcv3), each at most once
 * per instance per VIGIL_SNMP_ERROR_TRAP_INTERVAL: a flood of bad packets
 * must not become a flood of traps. Checksum, version and unknown-VRID
 * errors are counted router-wide (the packet names no instance one can
 * trust) and send no trap. They go to the master agent over AgentX, which
 * forwards them to its trap sinks.
 */
#define G_LOG_DOMAIN "vigil-snmp"

#include "snmp/snmp-mibs.h"

#include <string.h>

static void
add_var (netsnmp_variable_list **vars, const oid *base, gsize base_len, const oid *index,
         gsize index_len, u_char type, const void *value, gsize value_len)
{
  oid name[VIGIL_MIB_MAX_OID + VIGIL_MIB_MAX_INDEX];

  memcpy (name, base, base_len * sizeof (oid));
  memcpy (name + base_len, index, index_len * sizeof (oid));
  snmp_varlist_add_variable (vars, name, base_len + index_len, type, value, value_len);
}

static void
send_trap (netsnmp_variable_list *vars, const char *what, const char *instance_name)
{
  g_debug ("%s: sending %s", instance_name, what);
  send_v2trap (vars);
  snmp_free_varbind (vars);
}

static void
send_rfc_traps (VigilSnmpAgent *agent, VigilVrrpInstance *instance, const VigilConfGlobal *g)
{
  static const oid trap_oid[] = { VIGIL_OID_SNMP_TRAP_OID };
  static const oid v2_new_master[] = { VIGIL_OID_VRRP_MIB, 0, 1 };
  static const oid v2_master_addr[] = { VIGIL_OID_VRRP_MIB, 1, 3, 1, 7 };
  static const oid v3_new_master[] = { VIGIL_OID_VRRPV3_MIB, 0, 1 };
  static const oid v3_master_addr[] = { VIGIL_OID_VRRPV3_MIB, 1, 1, 1, 1, 3 };
  static const oid v3_reason[] = { VIGIL_OID_VRRPV3_MIB, 1, 2, 5, 1, 2 };
  const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (instance);
  int ifindex = vigil_snmp_instance_ifindex (agent, instance);
  VigilInetAddr addr;

  if (ifindex <= 0)
    return;
  vigil_snmp_instance_master_address (instance, &addr);
  if (g->enable_snmp_rfcv2 && conf->version == 2 && conf->family == AF_INET)
    {
      netsnmp_variable_list *vars = NULL;
      const oid index[] = { ifindex, conf->vrid };
      static const guint8 zero[4] = { 0 };

      snmp_varlist_add_variable (&vars, trap_oid, G_N_ELEMENTS (trap_oid), ASN_OBJECT_ID,
                                 v2_new_master, sizeof v2_new_master);
      add_var (&vars, v2_master_addr, G_N_ELEMENTS (v2_master_addr), index, 2, ASN_IPADDRESS,
               addr.family == AF_INET ? addr.u.bytes : zero, 4);
      send_trap (vars, "vrrpTrapNewMaster", conf->name);
    }
  if (g->enable_snmp_rfcv3)
    {
      netsnmp_variable_list *vars = NULL;
      const oid index[] = { ifindex, conf->vrid, conf->family == AF_INET6 ? 2 : 1 };
      /* priority(1) unless the old master went silent or released. */
      const char *why = vigil_vrrp_instance_get_last_transition_reason (instance);
      long reason = why != NULL && (g_str_has_prefix (why, "master_down_timer")
                                    || g_str_has_prefix (why, "master released")) ? 3 : 1;

      snmp_varlist_add_variable (&vars, trap_oid, G_N_ELEMENTS (trap_oid), ASN_OBJECT_ID,
                                 v3_new_master, sizeof v3_new_master);
      add_var (&vars, v3_master_addr, G_N_ELEMENTS (v3_master_addr), index, 3, ASN_OCTET_STR,
               addr.u.bytes, vigil_inet_addr_len (&addr));
      add_var (&vars, v3_reason, G_N_ELEMENTS (v3_reason), index, 3, ASN_INTEGER,
               &reason, sizeof reason);
      send_trap (vars, "vrrpv3NewMaster", conf->name);
    }
}

static void
send_keepalived_trap (VigilSnmpAgent *agent, VigilVrrpInstance *instance,
                      VigilVrrpState new_state, const VigilConfGlobal *g)
{
  static const oid trap_oid[] = { VIGIL_OID_SNMP_TRAP_OID };
  static const oid state_change[] = { VIGIL_OID_KEEPALIVED_MIB, 2, 10, 0, 2 };
  static const oid name_oid[] = { VIGIL_OID_KEEPALIVED_MIB, 2, 3, 1, 2 };
  static const oid state_oid[] = { VIGIL_OID_KEEPALIVED_MIB, 2, 3, 1, 4 };
  static const oid initial_oid[] = { VIGIL_OID_KEEPALIVED_MIB, 2, 3, 1, 5 };
  static const oid router_id_oid[] = { VIGIL_OID_KEEPALIVED_MIB, 1, 2, 0 };
  const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (instance);
  netsnmp_variable_list *vars = NULL;
  const oid index[] = { vigil_keepalived_instance_index (agent, instance) };
  long state = vigil_keepalived_state (new_state);
  long initial = conf->initial_state == VIGIL_CONF_VRRP_STATE_MASTER ? 2 : 1;
  const char *router_id = g->router_id != NULL ? g->router_id : g_get_host_name ();

  if (index[0] <= 0)
    return;
  snmp_varlist_add_variable (&vars, trap_oid, G_N_ELEMENTS (trap_oid), ASN_OBJECT_ID,
                             state_change, sizeof state_change);
  add_var (&vars, name_oid, G_N_ELEMENTS (name_oid), index, 1, ASN_OCTET_STR,
           conf->name, strlen (conf->name));
  add_var (&vars, state_oid, G_N_ELEMENTS (state_oid), index, 1, ASN_INTEGER, &state, sizeof state);
  add_var (&vars, initial_oid, G_N_ELEMENTS (initial_oid), index, 1, ASN_INTEGER,
           &initial, sizeof initial);
  snmp_varlist_add_variable (&vars, router_id_oid, G_N_ELEMENTS (router_id_oid), ASN_OCTET_STR,
                             router_id, strlen (router_id));
  send_trap (vars, "vrrpInstanceStateChange", conf->name);
}

void
vigil_snmp_traps_state_changed (VigilSnmpAgent *agent, VigilVrrpInstance *instance,
                                VigilVrrpState old_state, VigilVrrpState new_state)
{
  const VigilConfig *config = vigil_daemon_get_config (vigil_snmp_agent_get_daemon (agent));
  const VigilConfGlobal *g = &config->global;

  if (!g->enable_traps)
    return;
  if (new_state == VIGIL_VRRP_STATE_MASTER)
    send_rfc_traps (agent, instance, g);
  if (g->enable_snmp_vrrp)
    send_keepalived_trap (agent, instance, new_state, g);
}

/* vrrpSyncGroupStateChange: vrrpSyncGroupName and vrrpSyncGroupState
 * (of the group's row, vrrpSyncGroupIndex: 1-based in config order) and
 * routerId, as keepalived sends them. */
void
vigil_snmp_traps_group_state_changed (VigilSnmpAgent *agent, VigilSyncGroup *group,
                                      VigilVrrpState new_state)
{
  static const oid trap_oid[] = { VIGIL_OID_SNMP_TRAP_OID };
  static const oid state_change[] = { VIGIL_OID_KEEPALIVED_MIB, 2, 10, 0, 1 };
  static const oid name_oid[] = { VIGIL_OID_KEEPALIVED_MIB, 2, 1, 1, 2 };
  static const oid state_oid[] = { VIGIL_OID_KEEPALIVED_MIB, 2, 1, 1, 3 };
  static const oid router_id_oid[] = { VIGIL_OID_KEEPALIVED_MIB, 1, 2, 0 };
  VigilDaemon *daemon = vigil_snmp_agent_get_daemon (agent);
  const VigilConfGlobal *g = &vigil_daemon_get_config (daemon)->global;
  GPtrArray *groups = vigil_daemon_get_sync_groups (daemon);
  const char *name = vigil_sync_group_get_name (group);
  const char *router_id = g->router_id != NULL ? g->router_id : g_get_host_name ();
  netsnmp_variable_list *vars = NULL;
  long state = vigil_keepalived_state (new_state);
  guint position;
  oid index[1];

  if (!g->enable_traps || !g->enable_snmp_vrrp)
    return;
  if (groups == NULL || !g_ptr_array_find (groups, group, &position))
    return;
  index[0] = position + 1;
  snmp_varlist_add_variable (&vars, trap_oid, G_N_ELEMENTS (trap_oid), ASN_OBJECT_ID,
                             state_change, sizeof state_change);
  add_var (&vars, name_oid, G_N_ELEMENTS (name_oid), index, 1, ASN_OCTET_STR,
           name, strlen (name));
  add_var (&vars, state_oid, G_N_ELEMENTS (state_oid), index, 1, ASN_INTEGER, &state, sizeof state);
  snmp_varlist_add_variable (&vars, router_id_oid, G_N_ELEMENTS (router_id_oid), ASN_OCTET_STR,
                             router_id, strlen (router_id));
  send_trap (vars, "vrrpSyncGroupStateChange", name);
}

/* ---- traps on dropped packets ---------------------------------------------- */

/* TRUE if the trap named by `quark` may go for `instance` now (and note
 * that it went): at most one per VIGIL_SNMP_ERROR_TRAP_INTERVAL. */
static gboolean
rate_allows (VigilVrrpInstance *instance, GQuark quark)
{
  gint64 now = g_get_monotonic_time ();
  gint64 *last = g_object_get_qdata (G_OBJECT (instance), quark);

  if (last != NULL && now - *last < VIGIL_SNMP_ERROR_TRAP_INTERVAL)
    return FALSE;
  if (last == NULL)
    {
      last = g_new (gint64, 1);
      g_object_set_qdata_full (G_OBJECT (instance), quark, last, g_free);
    }
  *last = now;
  return TRUE;
}

/* vrrpTrapAuthErrorType: invalidAuthType(1), authTypeMismatch(2),
 * authFailure(3); 0 if `result` is no authentication error. */
static long
auth_error_type (VigilVrrpRxResult result)
{
  switch (result)
    {
    case VIGIL_VRRP_RX_INVALID_AUTH_TYPE:
      return 1;
    case VIGIL_VRRP_RX_AUTH_TYPE_MISMATCH:
      return 2;
    case VIGIL_VRRP_RX_AUTH_FAILURE:
      return 3;
    default:
      return 0;
    }
}

static void
send_auth_failure (VigilSnmpAgent *agent, VigilVrrpInstance *instance, long error_type,
                   const VigilInetAddr *src)
{
  static const oid trap_oid[] = { VIGIL_OID_SNMP_TRAP_OID };
  static const oid auth_failure[] = { VIGIL_OID_VRRP_MIB, 0, 2 };
  /* vrrpTrapPacketSrc and vrrpTrapAuthErrorType, indexed by ifIndex and
   * VrId as keepalived sends them, so that trap handlers written for
   * keepalived match. */
  static const oid packet_src[] = { VIGIL_OID_VRRP_MIB, 1, 5 };
  static const oid error_type_oid[] = { VIGIL_OID_VRRP_MIB, 1, 6 };
  const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (instance);
  int ifindex = vigil_snmp_instance_ifindex (agent, instance);
  netsnmp_variable_list *vars = NULL;
  static const guint8 zero[4] = { 0 };

  if (ifindex <= 0)
    return;
  const oid index[] = { ifindex, conf->vrid };
  snmp_varlist_add_variable (&vars, trap_oid, G_N_ELEMENTS (trap_oid), ASN_OBJECT_ID,
                             auth_failure, sizeof auth_failure);
  add_var (&vars, packet_src, G_N_ELEMENTS (packet_src), index, 2, ASN_IPADDRESS,
           src->family == AF_INET ? src->u.bytes : zero, 4);
  add_var (&vars, error_type_oid, G_N_ELEMENTS (error_type_oid), index, 2, ASN_INTEGER,
           &error_type, sizeof error_type);
  send_trap (vars, "vrrpTrapAuthFailure", conf->name);
}

static void
send_proto_error (VigilSnmpAgent *agent, VigilVrrpInstance *instance, long reason)
{
  static const oid trap_oid[] = { VIGIL_OID_SNMP_TRAP_OID };
  static const oid proto_error[] = { VIGIL_OID_VRRPV3_MIB, 0, 2 };
  static const oid reason_oid[] = { VIGIL_OID_VRRPV3_MIB, 1, 2, 5, 1, 6 };
  const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (instance);
  int ifindex = vigil_snmp_instance_ifindex (agent, instance);
  netsnmp_variable_list *vars = NULL;

  if (ifindex <= 0)
    return;
  const oid index[] = { ifindex, conf->vrid, conf->family == AF_INET6 ? 2 : 1 };
  snmp_varlist_add_variable (&vars, trap_oid, G_N_ELEMENTS (trap_oid), ASN_OBJECT_ID,
                             proto_error, sizeof proto_error);
  add_var (&vars, reason_oid, G_N_ELEMENTS (reason_oid), index, 3, ASN_INTEGER,
           &reason, sizeof reason);
  send_trap (vars, "vrrpv3ProtoError", conf->name);
}

void
vigil_snmp_traps_packet_dropped (VigilSnmpAgent *agent, VigilVrrpInstance *instance,
                                 VigilVrrpRxResult result, const VigilInetAddr *src)
{
  const VigilConfig *config = vigil_daemon_get_config (vigil_snmp_agent_get_daemon (agent));
  const VigilConfGlobal *g = &config->global;
  const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (instance);
  long error_type = auth_error_type (result);

  if (!g->enable_traps)
    return;
  if (error_type != 0 && g->enable_snmp_rfcv2 && conf->version == 2 && conf->family == AF_INET
      && rate_allows (instance, g_quark_from_static_string ("vigil-snmp-auth-trap")))
    send_auth_failure (agent, instance, error_type, src);
  /* vrrpv3StatisticsProtoErrReason ipTtlError(1): the only protocol error
   * that names its instance. */
  if (result == VIGIL_VRRP_RX_IP_TTL && g->enable_snmp_rfcv3
      && rate_allows (instance, g_quark_from_static_string ("vigil-snmp-proto-trap")))
    send_proto_error (agent, instance, 1);
}
