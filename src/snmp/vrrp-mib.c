/* vrrp-mib.c - VRRP-MIB (RFC 2787, 1.3.6.1.2.1.68) for VRRPv2 over IPv4
 *
 * vrrpOperTable and vrrpRouterStatsTable have a row per VRRPv2 IPv4
 * instance whose interface exists, indexed (ifIndex, vrrpOperVrId);
 * vrrpAssoIpAddrTable a row per virtual IPv4 address of those. The router
 * counters come from the receive path's router-wide drops.
 */
#define G_LOG_DOMAIN "vigil-snmp"

#include "snmp/snmp-mibs.h"
#include "vrrp/vrrp-socket.h"

#include <string.h>

enum {
  OPER_VIRTUAL_MAC = 2, OPER_STATE, OPER_ADMIN_STATE, OPER_PRIORITY, OPER_ADDR_COUNT,
  OPER_MASTER_ADDR, OPER_PRIMARY_ADDR, OPER_AUTH_TYPE, OPER_AUTH_KEY, OPER_ADVERT_INTERVAL,
  OPER_PREEMPT, OPER_UP_TIME, OPER_PROTOCOL, OPER_ROW_STATUS,
};

#define TRUTH(b) ((b) ? 1 : 2)
#define ROW_STATUS_ACTIVE 1

static gboolean
is_v2_ipv4 (const VigilConfVrrpInstance *conf)
{
  return conf->version == 2 && conf->family == AF_INET;
}

static guint
count_ipv4_vips (const VigilConfVrrpInstance *conf)
{
  guint n = 0;

  for (guint i = 0; conf->vips != NULL && i < conf->vips->len; i++)
    if (((VigilConfVip *) g_ptr_array_index (conf->vips, i))->addr.family == AF_INET)
      n++;
  return n;
}

static void
push_row (GArray *rows, VigilVrrpInstance *instance, int ifindex, gint n, const VigilInetAddr *vip)
{
  const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (instance);
  VigilMibRow row = { .object = instance, .n = n, .aux = ifindex };

  vigil_mib_row_push (&row, ifindex);
  vigil_mib_row_push (&row, conf->vrid);
  for (guint b = 0; vip != NULL && b < 4; b++)       /* IpAddress: 4 sub-ids */
    vigil_mib_row_push (&row, vip->u.bytes[b]);
  g_array_append_val (rows, row);
}

/* A row per instance, or per IPv4 virtual address with `per_address`. */
static void
collect (gpointer ctx, GArray *rows, gboolean per_address)
{
  GPtrArray *instances = vigil_snmp_instances (ctx);

  for (guint i = 0; instances != NULL && i < instances->len; i++)
    {
      VigilVrrpInstance *instance = g_ptr_array_index (instances, i);
      const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (instance);
      int ifindex;

      if (!is_v2_ipv4 (conf) || (ifindex = vigil_snmp_instance_ifindex (ctx, instance)) <= 0)
        continue;
      if (!per_address)
        {
          push_row (rows, instance, ifindex, -1, NULL);
          continue;
        }
      for (guint n = 0; conf->vips != NULL && n < conf->vips->len; n++)
        {
          const VigilConfVip *vip = g_ptr_array_index (conf->vips, n);
          if (vip->addr.family == AF_INET)
            push_row (rows, instance, ifindex, n, &vip->addr);
        }
    }
}

static void
oper_rows (gpointer ctx, GArray *rows)
{
  collect (ctx, rows, FALSE);
}

static void
address_rows (gpointer ctx, GArray *rows)
{
  collect (ctx, rows, TRUE);
}

static void
set_ipaddress (VigilMibValue *value, const VigilInetAddr *addr)
{
  static const guint8 zero[4] = { 0 };

  vigil_mib_set_bytes (value, ASN_IPADDRESS,
                       addr->family == AF_INET ? addr->u.bytes : zero, 4);
}

static gboolean
scalar_value (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *value)
{
  const VigilConfig *config = vigil_daemon_get_config (vigil_snmp_agent_get_daemon (ctx));

  if (column == 1)
    vigil_mib_set_int (value, 2);                              /* vrrpNodeVersion */
  else
    vigil_mib_set_int (value, TRUTH (config->global.enable_traps)); /* NotificationCntl */
  return TRUE;
}

static gboolean
oper_value (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *value)
{
  VigilVrrpInstance *instance = row->object;
  const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (instance);
  VigilVrrpState state = vigil_vrrp_instance_get_state (instance);
  VigilInetAddr addr;
  guint8 mac[6];

  switch (column)
    {
    case OPER_VIRTUAL_MAC:
      vigil_snmp_virtual_mac (AF_INET, conf->vrid, mac);
      vigil_mib_set_bytes (value, ASN_OCTET_STR, mac, sizeof mac);
      break;
    case OPER_STATE:
      vigil_mib_set_int (value, vigil_snmp_rfc_state (state));
      break;
    case OPER_ADMIN_STATE:
      vigil_mib_set_int (value, state == VIGIL_VRRP_STATE_STOP ? 2 : 1);
      break;
    case OPER_PRIORITY:
      vigil_mib_set_int (value, vigil_vrrp_instance_get_priority (instance));
      break;
    case OPER_ADDR_COUNT:
      vigil_mib_set_int (value, count_ipv4_vips (conf));
      break;
    case OPER_MASTER_ADDR:
      vigil_snmp_instance_master_address (instance, &addr);
      set_ipaddress (value, &addr);
      break;
    case OPER_PRIMARY_ADDR:
      vigil_snmp_instance_primary_address (instance, &addr);
      set_ipaddress (value, &addr);
      break;
    case OPER_AUTH_TYPE:
      vigil_mib_set_int (value, conf->auth_type == VIGIL_CONF_AUTH_PASS ? 2
                                : conf->auth_type == VIGIL_CONF_AUTH_AH ? 3 : 1);
      break;
    case OPER_AUTH_KEY:
      vigil_mib_set_string (value, "");            /* never shown (RFC 2787) */
      break;
    case OPER_ADVERT_INTERVAL:
      vigil_mib_set_int (value, (long) (conf->advert_int / VIGIL_USEC_PER_SEC));
      break;
    case OPER_PREEMPT:
      vigil_mib_set_int (value, TRUTH (conf->preempt));
      break;
    case OPER_UP_TIME:
      vigil_mib_set_typed (value, ASN_TIMETICKS, vigil_snmp_agent_get_up_time (ctx, instance));
      break;
    case OPER_PROTOCOL:
      vigil_mib_set_int (value, 1);                /* ip */
      break;
    case OPER_ROW_STATUS:
      vigil_mib_set_int (value, ROW_STATUS_ACTIVE);
      break;
    default:
      return FALSE;
    }
  return TRUE;
}

static gboolean
address_value (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *value)
{
  vigil_mib_set_int (value, ROW_STATUS_ACTIVE);
  return TRUE;
}

static gboolean
router_value (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *value)
{
  const VigilVrrpGlobalStats *stats =
    vigil_daemon_get_vrrp_global_stats (vigil_snmp_agent_get_daemon (ctx));
  guint64 counter = column == 1 ? stats->checksum_errors
                    : column == 2 ? stats->version_errors : stats->vrid_errors;

  vigil_mib_set_typed (value, ASN_COUNTER, (long) (counter & 0xffffffffu));
  return TRUE;
}

static gboolean
stats_value (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *value)
{
  const VigilVrrpStats *s = vigil_vrrp_instance_get_stats (row->object);
  const guint64 counters[] = {
    0,
    s->became_master,
    s->adverts_received,
    s->rx_errors[VIGIL_VRRP_RX_ADVERT_INTERVAL],
    s->rx_errors[VIGIL_VRRP_RX_AUTH_FAILURE],
    s->rx_errors[VIGIL_VRRP_RX_IP_TTL],
    s->priority_zero_received,
    s->priority_zero_sent,
    s->rx_errors[VIGIL_VRRP_RX_INVALID_TYPE],
    s->rx_errors[VIGIL_VRRP_RX_ADDRESS_LIST],
    s->rx_errors[VIGIL_VRRP_RX_INVALID_AUTH_TYPE],
    s->rx_errors[VIGIL_VRRP_RX_AUTH_TYPE_MISMATCH],
    s->rx_errors[VIGIL_VRRP_RX_PACKET_LENGTH],
  };

  if (column == 0 || column >= G_N_ELEMENTS (counters))
    return FALSE;
  vigil_mib_set_typed (value, ASN_COUNTER, (long) (counters[column] & 0xffffffffu));
  return TRUE;
}

#define VRRP_OID(...) { VIGIL_OID_VRRP_MIB, __VA_ARGS__ }, 7 + G_N_ELEMENTS (((oid[]) { __VA_ARGS__ }))

static const VigilMibTable vrrp_mib_tables[] = {
  { "vrrpOperations", VRRP_OID (1), 1, 2, NULL, scalar_value },
  { "vrrpOperTable", VRRP_OID (1, 3, 1), OPER_VIRTUAL_MAC, OPER_ROW_STATUS, oper_rows, oper_value },
  { "vrrpAssoIpAddrTable", VRRP_OID (1, 4, 1), 2, 2, address_rows, address_value },
  { "vrrpStatistics", VRRP_OID (2), 1, 3, NULL, router_value },
  { "vrrpRouterStatsTable", VRRP_OID (2, 4, 1), 1, 12, oper_rows, stats_value },
};

gboolean
vigil_vrrp_mib_register (VigilSnmpAgent *agent, GPtrArray *registrations)
{
  static const oid root[] = { VIGIL_OID_VRRP_MIB };

  return vigil_mib_register ("VRRP-MIB", root, G_N_ELEMENTS (root), vrrp_mib_tables,
                             G_N_ELEMENTS (vrrp_mib_tables), agent, registrations);
}
