/* notifier.h - notify scripts and notify FIFOs for VRRP instances
 *
 * A reader of the daemon: on every instance's "state-changed" it runs,
 * with keepalived's arguments, the instance's notify_master /
 * notify_backup / notify_fault / notify_stop script and then its generic
 * `notify` script (`... INSTANCE VI_1 MASTER 100`), and writes
 * `INSTANCE "VI_1" MASTER 100` to the notify FIFOs (notify_fifo,
 * vrrp_notify_fifo). Scripts of one instance run one after another in
 * the order the states happened (see script-runner.h). As keepalived
 * 2.2.7, an instance removed by a reload gets no STOP but notify_deleted
 * and DELETED (to `notify` and the FIFOs) when it has notify_deleted,
 * else FAULT to `notify` and the FIFOs only. With notify_priority_changes
 * the FIFOs also get MASTER_PRIORITY / BACKUP_PRIORITY lines. Users and
 * script security are resolved when an instance appears (and again on
 * reload), not when its scripts run. On an instance's
 * "master-rx-lower-pri" it runs notify_master_rx_lower_pri as configured
 * and writes `INSTANCE "VI_1" MASTER_RX_LOWER_PRI 200` to the FIFOs.
 *
 * Sync groups alike, on the group's "state-changed": its notify_master /
 * notify_backup / notify_fault / notify_stop (as configured, no arguments
 * added), its `notify` with `GROUP G1 MASTER 0`, and `GROUP "G1" MASTER 0`
 * to the FIFOs, after its members' own notifies; a group's scripts run in
 * order in a queue of their own.
 */
#pragma once

#include <glib-object.h>
#include "daemon/daemon.h"
#include "notify/notify-fifo.h"

G_BEGIN_DECLS

/* How long disposing the notifier (vigild stopping) waits for scripts
 * still queued or running (notify_stop among them) before it kills
 * them. */
#define VIGIL_NOTIFY_SHUTDOWN_TIMEOUT (12 * G_USEC_PER_SEC)

#define VIGIL_TYPE_NOTIFIER (vigil_notifier_get_type ())
G_DECLARE_FINAL_TYPE (VigilNotifier, vigil_notifier, VIGIL, NOTIFIER, GObject)

/* Follows `daemon` ("vrrp-instances-changed", "reloaded"); the daemon
 * owns the notifier and outlives it. Opens the notify FIFOs of the
 * daemon's config. */
VigilNotifier *vigil_notifier_new (VigilDaemon *daemon);

/* The global notify_fifo as the notifier opened it (NULL when there is
 * none or it could not be opened), for the checkers' lines: one FIFO,
 * one writer. Valid until the next reload. */
VigilNotifyFifo *vigil_notifier_get_notify_fifo (VigilNotifier *self);

G_END_DECLS
