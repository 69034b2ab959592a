/* check-manager.h - VigilCheckManager, the daemon's virtual servers
 *
 * Owned by VigilDaemon. Creates the load-balancer backend when the first
 * virtual server appears (vigil_lb_backend_new_for_config, logging which
 * one and why), creates and starts the virtual servers with their
 * reporting (check-notify.h), applies a reload as a difference (a
 * virtual server is kept by its key and updated in place, see
 * vigil_virtual_server_update ()), and on stop removes everything the
 * backend added.
 */
#pragma once

#include <glib-object.h>
#include "check/virtual-server.h"
#include "notify/notifier.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CHECK_MANAGER (vigil_check_manager_get_type ())
G_DECLARE_FINAL_TYPE (VigilCheckManager, vigil_check_manager, VIGIL, CHECK_MANAGER, GObject)

/* `notifier` (may be NULL) owns the global notify_fifo; the backend
 * records what it adds under `runtime_path`; the checkers run on
 * `timers` (the daemon's timer queue; NULL: their own). */
VigilCheckManager *vigil_check_manager_new (const char *runtime_path, VigilNotifier *notifier,
                                            VigilTimerQueue *timers);

/* Bring the virtual servers in line with `config` (borrowed until the
 * next apply; the old config must stay alive until this returns).
 * `stats` (may be NULL) says what happened; returns TRUE when the set
 * of virtual or real server objects changed (readers re-read). */
gboolean vigil_check_manager_apply (VigilCheckManager *self, const VigilConfig *config,
                                   VigilCheckApplyStats *stats);

/* Stop every virtual server (keepalived's shutdown: omega notifies),
 * remove what the backend added. Idempotent. */
void vigil_check_manager_stop (VigilCheckManager *self);

/* VigilVirtualServer*, in config order. */
GPtrArray *vigil_check_manager_get_virtual_servers (VigilCheckManager *self);
/* NULL until a virtual server needed one (or when none could be had). */
VigilLbBackend *vigil_check_manager_get_backend (VigilCheckManager *self);

G_END_DECLS
