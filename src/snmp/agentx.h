/* agentx.h - vigild as a net-snmp AgentX subagent on the GLib main loop
 *
 * Created by the daemon when the config enables any SNMP part
 * (enable_snmp_vrrp / _keepalived, enable_snmp_rfc / _rfcv2 / _rfcv3,
 * enable_traps). It connects to the master agent at `snmp_socket` (net-
 * snmp's default AgentX socket when unset), registers VRRP-MIB, VRRPv3-MIB
 * and KEEPALIVED-MIB's VRRP part as enabled, answers from the daemon's
 * objects at request time, and sends traps on state changes. net-snmp's
 * sockets and timers run in a GSource: no thread, nothing blocks. When the
 * master agent is absent, silent or restarts, the session is retried every
 * VIGIL_SNMP_PING_INTERVAL seconds (a non-blocking probe first, see
 * agentx-probe.h) and everything is registered again;
 * reloads keep the session (tables read the instance list live) and
 * register or unregister the MIBs whose enable_snmp_* keyword changed.
 *
 * net-snmp keeps process-wide state: one agent per process.
 */
#pragma once

#include <glib-object.h>
#include "daemon/daemon.h"

G_BEGIN_DECLS

/* Seconds between AgentX pings, and between reconnection attempts. */
#define VIGIL_SNMP_PING_INTERVAL 2
/* How long vigild waits for the master agent's answer, in seconds: to a
 * probe or a ping (on the main loop, nothing waits), and to net-snmp's
 * synchronous register requests, only ever sent to a master that has just
 * answered a probe. */
#define VIGIL_SNMP_AGENTX_TIMEOUT 1
/* How long a ping may go unanswered before the session is given up, in
 * seconds: nothing waits for it, and a busy master (a big walk on a
 * loaded machine) may answer late; closing the session would break the
 * requests in flight. */
#define VIGIL_SNMP_PING_TIMEOUT 5
/* At most one vrrpTrapAuthFailure, and one vrrpv3ProtoError, per instance
 * in this many µs. */
#define VIGIL_SNMP_ERROR_TRAP_INTERVAL G_USEC_PER_SEC

#define VIGIL_TYPE_SNMP_AGENT (vigil_snmp_agent_get_type ())
G_DECLARE_FINAL_TYPE (VigilSnmpAgent, vigil_snmp_agent, VIGIL, SNMP_AGENT, GObject)

/* TRUE when the config asks for any part of the SNMP agent. */
gboolean vigil_snmp_agent_wanted (const VigilConfig *config);

/* Start the subagent for `daemon` (not referenced: the daemon owns the
 * agent). Never fails for a missing master agent: it is retried. */
VigilSnmpAgent *vigil_snmp_agent_new (VigilDaemon *daemon);

VigilDaemon *vigil_snmp_agent_get_daemon (VigilSnmpAgent *self);

/* After a reload: follow the daemon's new config. MIBs enabled or
 * disabled are registered or withdrawn in the same AgentX session; a new
 * snmp_socket closes the session and connects there; a config that wants
 * no SNMP withdraws everything and closes the session (net-snmp cannot be
 * started twice in a process, so the agent stays, idle, until a reload
 * switches it on again). */
void vigil_snmp_agent_reload (VigilSnmpAgent *self);

/* if_nametoindex(), looked up again at most twice a second. */
int vigil_snmp_agent_ifindex (VigilSnmpAgent *self, const char *ifname);

/* A realtime (µs) instant as a TimeStamp: the agent's sysUpTime (cs) at
 * that instant, 0 if it was before the agent started. */
guint32 vigil_snmp_agent_timestamp (VigilSnmpAgent *self, gint64 realtime);

/* When `instance` last left initialize (INIT / FAULT / STOP) for backup or
 * master, as a TimeStamp; 0 if before the agent started or never. */
guint32 vigil_snmp_agent_get_up_time (VigilSnmpAgent *self, gpointer instance);

G_END_DECLS
