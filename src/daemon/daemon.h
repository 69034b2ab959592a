/* daemon.h - VigilDaemon, the context that owns everything
 *
 * One per process: the config, the kernel-facing helpers (netlink, the
 * address ledger, announcer, timers, VRRP sockets), every VRRP instance,
 * the runtime directory and the main loop. Nothing long-lived exists
 * outside it.
 */
#pragma once

#include <glib-object.h>
#include "config/model.h"
#include "vrrp/vrrp-socket.h"

G_BEGIN_DECLS

/* Exit statuses (CONTRACT.md). */
typedef enum {
  VIGIL_EXIT_OK = 0,
  VIGIL_EXIT_CONFIG = 1,
  VIGIL_EXIT_RUNTIME = 2,
} VigilExitStatus;

typedef struct {
  const char *config_path;
  const char *runtime_dir;     /* NULL: vigil_runtime_dir_default () */
  const char *config_id;       /* NULL: short host name */
  gboolean no_dbus;
  gboolean debug;
} VigilDaemonOptions;

#define VIGIL_TYPE_DAEMON (vigil_daemon_get_type ())
G_DECLARE_FINAL_TYPE (VigilDaemon, vigil_daemon, VIGIL, DAEMON, GObject)

VigilDaemon *vigil_daemon_new (const VigilDaemonOptions *options);

/* Load the config, set everything up, run the main loop until SIGTERM /
 * SIGINT, tear down. Returns the process exit status. */
VigilExitStatus vigil_daemon_run (VigilDaemon *self);

/* Re-read the config file and apply the difference. A config with errors
 * is refused (the running one stays) and the error carries every
 * diagnostic line. */
gboolean vigil_daemon_reload (VigilDaemon *self, GError **error);

/* Ask the main loop to stop gracefully. */
void vigil_daemon_quit (VigilDaemon *self);

/* Signals:
 *   "vrrp-instances-changed" ()  after start and after every reload that
 *        added, removed or restarted instances or sync groups: readers
 *        (D-Bus, SNMP) re-read vigil_daemon_get_vrrp_instances () and
 *        vigil_daemon_get_sync_groups ().
 *   "virtual-servers-changed" ()  after start and after every reload that
 *        added or removed virtual or real servers: readers re-read
 *        vigil_daemon_get_virtual_servers ().
 *   "reloaded" (gboolean success, const char *message)  after each reload
 *        attempt; message carries the diagnostics when it failed.
 */

const char *vigil_daemon_get_config_path (VigilDaemon *self);
const char *vigil_daemon_get_config_id (VigilDaemon *self);
const char *vigil_daemon_get_runtime_path (VigilDaemon *self);
/* Realtime µs of start and of the last reload attempt (0 = none). */
gint64 vigil_daemon_get_start_time (VigilDaemon *self);
gint64 vigil_daemon_get_last_reload_time (VigilDaemon *self);
gboolean vigil_daemon_get_last_reload_ok (VigilDaemon *self);

const VigilConfig *vigil_daemon_get_config (VigilDaemon *self);
/* VigilVrrpInstance*, in config order. */
GPtrArray *vigil_daemon_get_vrrp_instances (VigilDaemon *self);
/* VigilVirtualServer*, in config order (NULL before start). */
GPtrArray *vigil_daemon_get_virtual_servers (VigilDaemon *self);
/* The trackers and what they do to the instances (NULL before run). */
struct _VigilTrackingManager;
struct _VigilTrackingManager *vigil_daemon_get_tracking_manager (VigilDaemon *self);
/* VigilSyncGroup*, one per vrrp_sync_group, in config order; rebuilt
 * (when changed) before "vrrp-instances-changed" and "reloaded". */
GPtrArray *vigil_daemon_get_sync_groups (VigilDaemon *self);
/* Router-wide receive errors (the MIBs' checksum / version / VRID errors). */
const VigilVrrpGlobalStats *vigil_daemon_get_vrrp_global_stats (VigilDaemon *self);

G_END_DECLS
