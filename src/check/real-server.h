/* real-server.h - VigilRealServer, one real server of a virtual server
 *
 * Owns the real server's checkers. It is up when every checker is up
 * (a real server without checkers is always up), as keepalived does.
 * Its effective weight is the configured weight, or a checker's dynamic
 * weight (misc_dynamic, FILE_CHECK dynamic), or 0 while drained by the
 * operator. Up/down transitions emit "state-changed"; the virtual server
 * reacts (quorum, LB programming) and tells the readers, among them
 * check-notify.c, which runs notify_up / notify_down and writes the
 * notify FIFO lines.
 */
#pragma once

#include <glib-object.h>
#include "config/model.h"
#include "check/checker.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_REAL_SERVER (vigil_real_server_get_type ())
G_DECLARE_FINAL_TYPE (VigilRealServer, vigil_real_server, VIGIL, REAL_SERVER, GObject)

/* `conf` and `config` are borrowed (the daemon keeps them alive). The
 * checkers are created here; a checker that cannot be built (BFD_CHECK)
 * is skipped with a warning. */
VigilRealServer *vigil_real_server_new (const VigilConfRealServer *conf,
                                        const VigilConfig *config);

/* The same, for a real server of a service on `service_port`: a real
 * server without a port of its own uses it (keepalived's rule; 0 for a
 * fwmark service). Its checkers use `timers` (the daemon's; NULL: each
 * makes its own). */
VigilRealServer *vigil_real_server_new_for_service (const VigilConfRealServer *conf,
                                                    const VigilConfig *config,
                                                    guint16 service_port,
                                                    VigilTimerQueue *timers);

void vigil_real_server_start (VigilRealServer *self);
void vigil_real_server_stop (VigilRealServer *self);

const VigilConfRealServer *vigil_real_server_get_conf (VigilRealServer *self);
/* Swap in an equal config after a reload: state and checkers kept. */
void vigil_real_server_set_conf (VigilRealServer *self, const VigilConfRealServer *conf,
                                 const VigilConfig *config);

/* Apply a reload to a real server with the same address and port: an
 * equal checker keeps its object and state (its config pointer is
 * swapped), a changed or new one is built and started, one that is gone
 * is stopped. Weights, scripts and inhibit_on_failure follow the new
 * block. "state-changed" / "weight-changed" are emitted if the result
 * changed. `kept` and `built` (may be NULL) count checkers. */
void vigil_real_server_update (VigilRealServer *self, const VigilConfRealServer *conf,
                               const VigilConfig *config, guint *kept, guint *built);

const VigilInetAddr *vigil_real_server_get_address (VigilRealServer *self);
/* Its port, or the service's when it has none. */
guint16 vigil_real_server_get_port (VigilRealServer *self);
/* "192.0.2.10:80" ("[2001:db8::10]:80" for IPv6), for logs and D-Bus. */
const char *vigil_real_server_get_name (VigilRealServer *self);
gboolean vigil_real_server_is_up (VigilRealServer *self);
/* Why it is in its state: the failing checker's label and error, or
 * "all checkers up", "drained by operator". */
const char *vigil_real_server_get_reason (VigilRealServer *self);
/* The weight to program (0 while drained or, with inhibit_on_failure,
 * while down). */
guint vigil_real_server_get_effective_weight (VigilRealServer *self);
gboolean vigil_real_server_is_drained (VigilRealServer *self);
/* The weight it has while up and not drained: the configured weight or
 * a checker's dynamic weight. */
guint vigil_real_server_get_weight (VigilRealServer *self);
/* VigilChecker*, in config order. */
GPtrArray *vigil_real_server_get_checkers (VigilRealServer *self);
gint64 vigil_real_server_get_last_transition (VigilRealServer *self); /* realtime µs */

/* Adopt a checker built elsewhere (a test's, or one a caller made
 * itself); it counts like the config's own and stays across updates.
 * Takes a reference. */
void vigil_real_server_add_checker (VigilRealServer *self, VigilChecker *checker);

/* Operator maintenance: weight 0 (existing connections live on, no new
 * ones), and back to the configured weight. */
void vigil_real_server_drain (VigilRealServer *self);
void vigil_real_server_enable (VigilRealServer *self);

/* Signals:
 *   "state-changed" (gboolean up, const char *reason)
 *   "weight-changed" ()  the effective weight changed while the state
 *        did not (drain, enable, dynamic weight).
 *   "confirmed-down" (const char *reason)  an alpha checker's first
 *        attempt failed: the server, down since start, is now known to
 *        be down (keepalived notifies then).
 * Properties (read-only, notify on change): "up", "effective-weight",
 *   "drained", "reason". */

G_END_DECLS
