/* agentx.h - vigild as a net-snmp AgentX subagent on the GLib main loop
 *
 * Created by the daemon when the config enables any SNMP part
 * (enable_snmp_vrrp / _keepalived, enable_snmp_rfc / _rfcv2 / _rfcv3,
 * enable_traps). It connects to the master agent at `snmp_socket` (net-
 * snmp's default AgentX socket when unset), registers VRRP-MIB, VRRPv3-MIB
 * and KEEPALIVED-MIB's VRRP part as enabled, answers from the daemon's
 * objects at request time, and sends traps on state changes. net-snmp's
 * sockets and timers run in a GSource: no thread, nothing blocks. When the
 * master agent is absent or restarts, the session is retried every
 * VIGIL_SNMP_PING_INTERVAL seconds and everything is registered again;
 * reloads keep the session (tables read the instance list live).
 *
 * net-snmp keeps process-wide state: one agent per process.
 */
#pragma once

#include <glib-object.h>
#include "daemon/daemon.h"

G_BEGIN_DECLS

/* Seconds between AgentX pings, and between reconnection attempts. */
#define VIGIL_SNMP_PING_INTERVAL 2
/* How long vigild waits for the master agent's answer to its own requests
 * (open, register), in seconds: net-snmp makes them synchronously, so a
 * master that accepts and never answers holds the main loop this long per
 * attempt. */
#define VIGIL_SNMP_AGENTX_TIMEOUT 1

#define VIGIL_TYPE_SNMP_AGENT (vigil_snmp_agent_get_type ())
G_DECLARE_FINAL_TYPE (VigilSnmpAgent, vigil_snmp_agent, VIGIL, SNMP_AGENT, GObject)

/* TRUE when the config asks for any part of the SNMP agent. */
gboolean vigil_snmp_agent_wanted (const VigilConfig *config);

/* Start the subagent for `daemon` (not referenced: the daemon owns the
 * agent). Never fails for a missing master agent: it is retried. */
VigilSnmpAgent *vigil_snmp_agent_new (VigilDaemon *daemon);

VigilDaemon *vigil_snmp_agent_get_daemon (VigilSnmpAgent *self);

/* if_nametoindex(), looked up again at most twice a second. */
int vigil_snmp_agent_ifindex (VigilSnmpAgent *self, const char *ifname);

/* A realtime (µs) instant as a TimeStamp: the agent's sysUpTime (cs) at
 * that instant, 0 if it was before the agent started. */
guint32 vigil_snmp_agent_timestamp (VigilSnmpAgent *self, gint64 realtime);

/* When `instance` last left initialize (INIT / FAULT / STOP) for backup or
 * master, as a TimeStamp; 0 if before the agent started or never. */
guint32 vigil_snmp_agent_get_up_time (VigilSnmpAgent *self, gpointer instance);

G_END_DECLS
