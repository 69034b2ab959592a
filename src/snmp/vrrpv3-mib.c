/* vrrpv3-mib.c - VRRPv3-MIB (RFC 6527, 1.3.6.1.2.1.207)
 *
 * vrrpv3OperationsTable and vrrpv3StatisticsTable have a row per instance
 * (VRRPv2 and v3, IPv4 and IPv6) whose interface exists, indexed
 * (ifIndex, VrId, InetAddressType); vrrpv3AssociatedIpAddrTable a row per
 * virtual address of the instance's family, the address being an
 * InetAddress index (length, then the octets).
 */
#define G_LOG_DOMAIN "vigil-snmp"

#include "snmp/snmp-mibs.h"
#include "vrrp/fsm.h"
#include "vrrp/vrrp-socket.h"

#include <string.h>

enum {
  OPS_MASTER_ADDR = 3, OPS_PRIMARY_ADDR, OPS_VIRTUAL_MAC, OPS_STATUS, OPS_PRIORITY,
  OPS_ADDR_COUNT, OPS_ADV_INTERVAL, OPS_PREEMPT, OPS_ACCEPT, OPS_UP_TIME, OPS_ROW_STATUS,
};

enum {
  STATS_MASTER_TRANSITIONS = 1, STATS_NEW_MASTER_REASON, STATS_RCVD_ADVERTS,
  STATS_ADV_INTERVAL_ERRORS, STATS_IP_TTL_ERRORS, STATS_PROTO_ERR_REASON,
  STATS_RCVD_PRI_ZERO, STATS_SENT_PRI_ZERO, STATS_RCVD_INVALID_TYPE,
  STATS_ADDRESS_LIST_ERRORS, STATS_PACKET_LENGTH_ERRORS, STATS_DISCONTINUITY_TIME,
  STATS_REFRESH_RATE,
};

#define TRUTH(b) ((b) ? 1 : 2)
#define INET_TYPE(family) ((family) == AF_INET6 ? 2 : 1)

static void
push_row (GArray *rows, VigilVrrpInstance *instance, int ifindex, gint n, const VigilInetAddr *vip)
{
  const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (instance);
  VigilMibRow row = { .object = instance, .n = n, .aux = ifindex };

  vigil_mib_row_push (&row, ifindex);
  vigil_mib_row_push (&row, conf->vrid);
  vigil_mib_row_push (&row, INET_TYPE (conf->family));
  if (vip != NULL)
    vigil_mib_row_push_bytes (&row, vip->u.bytes, vigil_inet_addr_len (vip));
  g_array_append_val (rows, row);
}

static void
collect (gpointer ctx, GArray *rows, gboolean per_address)
{
  GPtrArray *instances = vigil_snmp_instances (ctx);

  for (guint i = 0; instances != NULL && i < instances->len; i++)
    {
      VigilVrrpInstance *instance = g_ptr_array_index (instances, i);
      const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (instance);
      int ifindex = vigil_snmp_instance_ifindex (ctx, instance);

      if (ifindex <= 0)
        continue;
      if (!per_address)
        {
          push_row (rows, instance, ifindex, -1, NULL);
          continue;
        }
      for (guint n = 0; conf->vips != NULL && n < conf->vips->len; n++)
        {
          const VigilConfVip *vip = g_ptr_array_index (conf->vips, n);
          if (vip->addr.family == conf->family)
            push_row (rows, instance, ifindex, n, &vip->addr);
        }
    }
}

static void
operations_rows (gpointer ctx, GArray *rows)
{
  collect (ctx, rows, FALSE);
}

static void
address_rows (gpointer ctx, GArray *rows)
{
  collect (ctx, rows, TRUE);
}

static void
set_inet_address (VigilMibValue *value, const VigilInetAddr *addr)
{
  vigil_mib_set_bytes (value, ASN_OCTET_STR, addr->u.bytes, vigil_inet_addr_len (addr));
}

static guint
count_vips (const VigilConfVrrpInstance *conf)
{
  guint n = 0;

  for (guint i = 0; conf->vips != NULL && i < conf->vips->len; i++)
    if (((VigilConfVip *) g_ptr_array_index (conf->vips, i))->addr.family == conf->family)
      n++;
  return n;
}

static gboolean
operations_value (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *value)
{
  VigilVrrpInstance *instance = row->object;
  const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (instance);
  VigilInetAddr addr;
  guint8 mac[6];

  switch (column)
    {
    case OPS_MASTER_ADDR:
      vigil_snmp_instance_master_address (instance, &addr);
      set_inet_address (value, &addr);
      break;
    case OPS_PRIMARY_ADDR:
      vigil_snmp_instance_primary_address (instance, &addr);
      set_inet_address (value, &addr);
      break;
    case OPS_VIRTUAL_MAC:
      vigil_snmp_virtual_mac (conf->family, conf->vrid, mac);
      vigil_mib_set_bytes (value, ASN_OCTET_STR, mac, sizeof mac);
      break;
    case OPS_STATUS:
      vigil_mib_set_int (value, vigil_snmp_rfc_state (vigil_vrrp_instance_get_state (instance)));
      break;
    case OPS_PRIORITY:
      vigil_mib_set_typed (value, ASN_UNSIGNED, vigil_vrrp_instance_get_priority (instance));
      break;
    case OPS_ADDR_COUNT:
      vigil_mib_set_int (value, count_vips (conf));
      break;
    case OPS_ADV_INTERVAL:
      vigil_mib_set_int (value, (long) (conf->advert_int / 10000));    /* centiseconds */
      break;
    case OPS_PREEMPT:
      vigil_mib_set_int (value, TRUTH (conf->preempt));
      break;
    case OPS_ACCEPT:
      vigil_mib_set_int (value, TRUTH (conf->accept));
      break;
    case OPS_UP_TIME:
      vigil_mib_set_typed (value, ASN_TIMETICKS, vigil_snmp_agent_get_up_time (ctx, instance));
      break;
    case OPS_ROW_STATUS:
      vigil_mib_set_int (value, 1);                                 /* active */
      break;
    default:
      return FALSE;
    }
  return TRUE;
}

static gboolean
address_value (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *value)
{
  vigil_mib_set_int (value, 1);                                     /* active */
  return TRUE;
}

static gboolean
global_value (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *value)
{
  const VigilVrrpGlobalStats *stats =
    vigil_daemon_get_vrrp_global_stats (vigil_snmp_agent_get_daemon (ctx));

  switch (column)
    {
    case 1:
      vigil_mib_set_counter64 (value, stats->checksum_errors);
      break;
    case 2:
      vigil_mib_set_counter64 (value, stats->version_errors);
      break;
    case 3:
      vigil_mib_set_counter64 (value, stats->vrid_errors);
      break;
    default:
      vigil_mib_set_typed (value, ASN_TIMETICKS, 0);     /* no discontinuity */
      break;
    }
  return TRUE;
}

/* vrrpv3StatisticsNewMasterReason: notMaster(0), priority(1),
 * preempted(2), masterNoResponse(3). */
static long
new_master_reason (VigilVrrpInstance *instance)
{
  const char *reason = vigil_vrrp_instance_get_last_transition_reason (instance);

  if (vigil_vrrp_instance_get_state (instance) != VIGIL_VRRP_STATE_MASTER || reason == NULL)
    return 0;
  if (g_str_has_prefix (reason, vigil_vrrp_reason_to_string (VIGIL_VRRP_REASON_MASTER_DOWN_TIMER))
      || g_str_has_prefix (reason, vigil_vrrp_reason_to_string (VIGIL_VRRP_REASON_PRIORITY_ZERO)))
    return 3;
  if (g_str_has_prefix (reason, vigil_vrrp_reason_to_string (VIGIL_VRRP_REASON_PREEMPT_DELAY)))
    return 2;
  return 1;
}

static gboolean
statistics_value (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *value)
{
  VigilVrrpInstance *instance = row->object;
  const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (instance);
  const VigilVrrpStats *s = vigil_vrrp_instance_get_stats (instance);

  switch (column)
    {
    case STATS_MASTER_TRANSITIONS:
      vigil_mib_set_typed (value, ASN_COUNTER, (long) (s->became_master & 0xffffffffu));
      break;
    case STATS_NEW_MASTER_REASON:
      vigil_mib_set_int (value, new_master_reason (instance));
      break;
    case STATS_RCVD_ADVERTS:
      vigil_mib_set_counter64 (value, s->adverts_received);
      break;
    case STATS_ADV_INTERVAL_ERRORS:
      vigil_mib_set_counter64 (value, s->rx_errors[VIGIL_VRRP_RX_ADVERT_INTERVAL]);
      break;
    case STATS_IP_TTL_ERRORS:
      vigil_mib_set_counter64 (value, s->rx_errors[VIGIL_VRRP_RX_IP_TTL]);
      break;
    case STATS_PROTO_ERR_REASON:
      /* noError(0), ipTtlError(1): the per-instance protocol error. */
      vigil_mib_set_int (value, s->rx_errors[VIGIL_VRRP_RX_IP_TTL] > 0 ? 1 : 0);
      break;
    case STATS_RCVD_PRI_ZERO:
      vigil_mib_set_counter64 (value, s->priority_zero_received);
      break;
    case STATS_SENT_PRI_ZERO:
      vigil_mib_set_counter64 (value, s->priority_zero_sent);
      break;
    case STATS_RCVD_INVALID_TYPE:
      vigil_mib_set_counter64 (value, s->rx_errors[VIGIL_VRRP_RX_INVALID_TYPE]);
      break;
    case STATS_ADDRESS_LIST_ERRORS:
      vigil_mib_set_counter64 (value, s->rx_errors[VIGIL_VRRP_RX_ADDRESS_LIST]);
      break;
    case STATS_PACKET_LENGTH_ERRORS:
      vigil_mib_set_counter64 (value, s->rx_errors[VIGIL_VRRP_RX_PACKET_LENGTH]);
      break;
    case STATS_DISCONTINUITY_TIME:
      vigil_mib_set_typed (value, ASN_TIMETICKS, 0);
      break;
    case STATS_REFRESH_RATE:
      /* Counters are read live; the advert interval is how often they move. */
      vigil_mib_set_typed (value, ASN_UNSIGNED, (long) (conf->advert_int / 1000));
      break;
    default:
      return FALSE;
    }
  return TRUE;
}

#define V3_OID(...) { VIGIL_OID_VRRPV3_MIB, __VA_ARGS__ }, 7 + G_N_ELEMENTS (((oid[]) { __VA_ARGS__ }))

static const VigilMibTable vrrpv3_mib_tables[] = {
  { "vrrpv3OperationsTable", V3_OID (1, 1, 1, 1), OPS_MASTER_ADDR, OPS_ROW_STATUS,
    operations_rows, operations_value },
  { "vrrpv3AssociatedIpAddrTable", V3_OID (1, 1, 2, 1), 2, 2, address_rows, address_value },
  { "vrrpv3Statistics", V3_OID (1, 2), 1, 4, NULL, global_value },
  { "vrrpv3StatisticsTable", V3_OID (1, 2, 5, 1), STATS_MASTER_TRANSITIONS, STATS_REFRESH_RATE,
    operations_rows, statistics_value },
};

gboolean
vigil_vrrpv3_mib_register (VigilSnmpAgent *agent, GPtrArray *registrations)
{
  static const oid root[] = { VIGIL_OID_VRRPV3_MIB };

  return vigil_mib_register ("VRRPv3-MIB", root, G_N_ELEMENTS (root), vrrpv3_mib_tables,
                             G_N_ELEMENTS (vrrpv3_mib_tables), agent, registrations);
}
