/* agentx-probe.h - does an AgentX master agent answer? Asked without
 * blocking the main loop.
 *
 * net-snmp opens its AgentX session with a synchronous Open request: a
 * master agent that accepts the connection and never answers holds the
 * caller for the whole timeout. The probe connects to the same socket
 * itself, sends an Open-PDU (RFC 2741, 6.2.1) from a non-blocking socket,
 * and waits for the Response on the main loop; vigild hands the
 * connection to net-snmp only after the master answered the probe.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Probe the AgentX master at `spec` (net-snmp transport syntax: a socket
 * path, "unix:PATH" or "tcp:HOST:PORT"), waiting at most `timeout_ms`
 * for its answer. */
void vigil_agentx_probe_async (const char *spec, guint timeout_ms, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data);
/* TRUE if the master answered the Open; else FALSE with why (no socket,
 * refused, hung up, garbage, G_IO_ERROR_TIMED_OUT: silent). */
gboolean vigil_agentx_probe_finish (GAsyncResult *result, GError **error);

G_END_DECLS
