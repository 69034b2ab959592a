/* snmp-mibs.h - the MIBs vigild serves, and what they share
 *
 * One file per MIB registers its tables (mib-table.h) with the agent as
 * their context; values are read from the daemon's objects per request.
 */
#pragma once

#include "snmp/agentx.h"
#include "snmp/mib-table.h"
#include "vrrp/sync-group.h"
#include "vrrp/vrrp-instance.h"

G_BEGIN_DECLS

/* OIDs, written once here. */
#define VIGIL_OID_VRRP_MIB        1, 3, 6, 1, 2, 1, 68
#define VIGIL_OID_VRRPV3_MIB      1, 3, 6, 1, 2, 1, 207
#define VIGIL_OID_KEEPALIVED_MIB  1, 3, 6, 1, 4, 1, 9586, 100, 5
#define VIGIL_OID_SNMP_TRAP_OID   1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0

/* Register a MIB's subtrees, appending them to `registrations`. */
gboolean vigil_vrrp_mib_register (VigilSnmpAgent *agent, GPtrArray *registrations);
gboolean vigil_vrrpv3_mib_register (VigilSnmpAgent *agent, GPtrArray *registrations);
gboolean vigil_keepalived_mib_register (VigilSnmpAgent *agent, GPtrArray *registrations);

/* Traps (traps.c), called on every "state-changed" of an instance. */
void vigil_snmp_traps_state_changed (VigilSnmpAgent *agent, VigilVrrpInstance *instance,
                                     VigilVrrpState old_state, VigilVrrpState new_state);

/* Traps (traps.c), called on every "state-changed" of a sync group:
 * keepalived's vrrpSyncGroupStateChange, with enable_traps and
 * enable_snmp_vrrp. */
void vigil_snmp_traps_group_state_changed (VigilSnmpAgent *agent, VigilSyncGroup *group,
                                           VigilVrrpState new_state);

/* Traps on a packet the instance dropped (its "packet-dropped"):
 * vrrpTrapAuthFailure and vrrpv3ProtoError, rate-limited per instance. */
void vigil_snmp_traps_packet_dropped (VigilSnmpAgent *agent, VigilVrrpInstance *instance,
                                      VigilVrrpRxResult result, const VigilInetAddr *src);

/* keepalived's numbering (keepalived-mib.c): vrrpInstanceIndex (1-based,
 * config order; 0 if not an instance) and VrrpState. */
int vigil_keepalived_instance_index (VigilSnmpAgent *agent, VigilVrrpInstance *instance);
long vigil_keepalived_state (VigilVrrpState state);

/* ---- shared by the MIB files (snmp-util.c) ---- */

/* The instance's interface index now, 0 if the interface is missing. */
int vigil_snmp_instance_ifindex (VigilSnmpAgent *agent, VigilVrrpInstance *instance);
/* The address the instance sends from: mcast_src_ip / unicast_src_ip, else
 * the interface's primary IPv4 or link-local IPv6 address. */
gboolean vigil_snmp_instance_primary_address (VigilVrrpInstance *instance, VigilInetAddr *out);
/* The master's address: ours when master, the last advert's source in
 * backup; FALSE when unknown. */
gboolean vigil_snmp_instance_master_address (VigilVrrpInstance *instance, VigilInetAddr *out);
/* RFC 2787 / RFC 6527 state: initialize(1), backup(2), master(3). */
long vigil_snmp_rfc_state (VigilVrrpState state);
/* The virtual MAC 00:00:5e:00:01:VRID (IPv4) or 00:00:5e:00:02:VRID. */
void vigil_snmp_virtual_mac (int family, guint8 vrid, guint8 mac[6]);
/* The daemon's instances of a family/version filter, for row callbacks. */
GPtrArray *vigil_snmp_instances (VigilSnmpAgent *agent);

G_END_DECLS
