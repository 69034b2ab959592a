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

/* What a reload did to the LVS objects (check-manager.c sums these). */
typedef struct {
  guint vs_kept;          /* same identity: updated in place */
  guint vs_added;
  guint vs_removed;
  guint rs_unchanged;     /* equal block: only the config pointer moved */
  guint rs_updated;       /* same address and port, block changed */
  guint rs_added;
  guint rs_removed;
  guint checkers_kept;
  guint checkers_built;   /* new or changed checkers */
} VigilCheckApplyStats;

/* The identity of a virtual server across reloads, also its key in the
 * LB backend: keepalived's "[192.0.2.100]:tcp:80", "FWM 1" (with
 * "/inet6" for an IPv6 fwmark service), "[web]:tcp" for a group. */
char *vigil_virtual_server_key_for_conf (const VigilConfVirtualServer *conf);

#define VIGIL_TYPE_VIRTUAL_SERVER (vigil_virtual_server_get_type ())
G_DECLARE_FINAL_TYPE (VigilVirtualServer, vigil_virtual_server, VIGIL, VIRTUAL_SERVER, GObject)

/* `conf` and `config` are borrowed; `backend` is referenced (NULL: no
 * load balancer could be had; states are kept and reported all the
 * same). */
VigilVirtualServer *vigil_virtual_server_new (const VigilConfVirtualServer *conf,
                                              const VigilConfig *config,
                                              VigilLbBackend *backend);

/* The same, with the daemon's timer queue for the checkers. */
VigilVirtualServer *vigil_virtual_server_new_full (const VigilConfVirtualServer *conf,
                                                   const VigilConfig *config,
                                                   VigilLbBackend *backend,
                                                   VigilTimerQueue *timers);

void vigil_virtual_server_start (VigilVirtualServer *self);
/* Stop the checkers and remove the service from the backend (vigild
 * stops). As keepalived, only with `omega` are the live real servers
 * reported down and quorum_down run. */
void vigil_virtual_server_stop (VigilVirtualServer *self);
/* The same for a virtual server a reload removed: as keepalived, its
 * live real servers are reported down and, if it had quorum,
 * quorum_down runs, with or without omega. */
void vigil_virtual_server_retire (VigilVirtualServer *self);

/* Apply a reload to a virtual server with the same key: settings follow
 * the new block; real servers are matched by address and port (an equal
 * one is untouched, a changed one is updated in place, see
 * vigil_real_server_update ()), new ones are added and started, removed
 * ones are reported down and stopped; quorum is re-evaluated and the
 * backend programmed once. */
void vigil_virtual_server_update (VigilVirtualServer *self, const VigilConfVirtualServer *conf,
                                  const VigilConfig *config, VigilCheckApplyStats *stats);

const VigilConfVirtualServer *vigil_virtual_server_get_conf (VigilVirtualServer *self);

/* keepalived's name: "192.0.2.100:80" / "[2001:db8::100]:80",
 * "FWM 1", "group web" (used in logs, FIFO lines and D-Bus). */
const char *vigil_virtual_server_get_name (VigilVirtualServer *self);
/* vigil_virtual_server_key_for_conf () of its config. */
const char *vigil_virtual_server_get_key (VigilVirtualServer *self);
/* keepalived's FMT_VS and FMT_RS, as its notify FIFO lines carry them:
 * "[192.0.2.100]:tcp:80", "FWM 1", "[web]:0"; "[192.0.2.10]:tcp:80". */
const char *vigil_virtual_server_get_keepalived_name (VigilVirtualServer *self);
char *vigil_virtual_server_format_real_server (VigilVirtualServer *self, VigilRealServer *rs);
/* The quorum and hysteresis in force (keepalived lowers a quorum above
 * the sum of the weights, and a hysteresis not below the quorum). */
guint vigil_virtual_server_get_quorum (VigilVirtualServer *self);
guint vigil_virtual_server_get_hysteresis (VigilVirtualServer *self);
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
