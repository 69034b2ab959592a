/* virtual-server.h - VigilVirtualServer, a virtual service and its pool
 *
 * Owns its real servers (and the sorry server). Keeps keepalived's
 * quorum: the sum of the weights of live real servers against `quorum`
 * with `hysteresis` (up when sum >= quorum + hysteresis, down when
 * sum < quorum - hysteresis), runs quorum_up / quorum_down, switches to
 * the sorry server while quorum is lost, and hands the set of
 * destinations to program to the VigilLbBackend after every change.
 */
#pragma once

#include <glib-object.h>
#include "config/model.h"
#include "check/real-server.h"
#include "lb/lb-backend.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_VIRTUAL_SERVER (vigil_virtual_server_get_type ())
G_DECLARE_FINAL_TYPE (VigilVirtualServer, vigil_virtual_server, VIGIL, VIRTUAL_SERVER, GObject)

/* `conf` and `config` are borrowed; `backend` is referenced. */
VigilVirtualServer *vigil_virtual_server_new (const VigilConfVirtualServer *conf,
                                              const VigilConfig *config,
                                              VigilLbBackend *backend);

void vigil_virtual_server_start (VigilVirtualServer *self);
/* Stop the checkers and remove the service from the backend. */
void vigil_virtual_server_stop (VigilVirtualServer *self);

const VigilConfVirtualServer *vigil_virtual_server_get_conf (VigilVirtualServer *self);

/* keepalived's name: "192.0.2.100:80" / "[2001:db8::100]:80",
 * "FWM 1", "group web" (used in logs, FIFO lines and D-Bus). */
const char *vigil_virtual_server_get_name (VigilVirtualServer *self);
/* "TCP" / "UDP" / "SCTP". */
const char *vigil_virtual_server_get_protocol_name (VigilVirtualServer *self);
gboolean vigil_virtual_server_has_quorum (VigilVirtualServer *self);
gboolean vigil_virtual_server_is_sorry_active (VigilVirtualServer *self);
/* Sum of the effective weights of the live real servers. */
guint vigil_virtual_server_get_live_weight (VigilVirtualServer *self);
guint vigil_virtual_server_get_live_count (VigilVirtualServer *self);
/* VigilRealServer*, in config order (the sorry server is not in it). */
GPtrArray *vigil_virtual_server_get_real_servers (VigilVirtualServer *self);
VigilRealServer *vigil_virtual_server_get_sorry_server (VigilVirtualServer *self);
/* Find a real server by vigil_real_server_get_name (). */
VigilRealServer *vigil_virtual_server_find_real_server (VigilVirtualServer *self,
                                                        const char *name);

/* Signals:
 *   "quorum-changed" (gboolean has_quorum)
 *   "real-server-changed" (VigilRealServer *rs, gboolean up, const char *reason)
 * Properties (read-only, notify on change): "quorum", "sorry-active",
 *   "live-weight". */

G_END_DECLS
