/* sd-notify.h - VigilSdNotify: tell the service manager how vigild is doing
 *
 * The sd_notify(3) protocol: READY=1 once the VRRP instances run,
 * RELOADING=1 (with MONOTONIC_USEC=) while a reload is applied and READY=1
 * after it, STOPPING=1 at SIGTERM, a one-line STATUS= kept current as
 * instances change state ("2 VRRP instances: 1 master, 1 backup"), and
 * WATCHDOG=1 from the main loop every half WATCHDOG_USEC when the manager
 * asked for a watchdog. A stuck main loop stops the pings, which is the
 * point: the manager then restarts vigild.
 *
 * Everything is a no-op when NOTIFY_SOCKET is not set (vigild not started
 * by a notify-aware manager). Built against libsystemd when available,
 * otherwise with a small implementation of the same datagram protocol, so
 * that a Type=notify unit works either way.
 */
#pragma once

#include "daemon/daemon.h"

G_BEGIN_DECLS

typedef struct _VigilSdNotify VigilSdNotify;

/* The notifier of `daemon` (not referenced: the daemon owns it). It
 * follows the daemon's "vrrp-instances-changed" and "reloaded" signals and
 * every instance's state. Sends nothing until vigil_sd_notify_ready (). */
VigilSdNotify *vigil_sd_notify_new (VigilDaemon *daemon);
void vigil_sd_notify_free (VigilSdNotify *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilSdNotify, vigil_sd_notify_free)

/* READY=1 and the first STATUS=; starts the watchdog pings. */
void vigil_sd_notify_ready (VigilSdNotify *self);
/* RELOADING=1 and MONOTONIC_USEC=; READY=1 follows on the daemon's
 * "reloaded" signal, whether the new config was taken or refused.
 * `self` may be NULL (no notifier yet): nothing is sent. */
void vigil_sd_notify_reloading (VigilSdNotify *self);
/* STOPPING=1; STATUS= is no longer updated afterwards. `self` may be NULL. */
void vigil_sd_notify_stopping (VigilSdNotify *self);

/* Whether a service manager listens (NOTIFY_SOCKET was set). */
gboolean vigil_sd_notify_is_enabled (VigilSdNotify *self);
/* The watchdog interval the manager asked for, in µs (0: none). */
guint64 vigil_sd_notify_get_watchdog_usec (VigilSdNotify *self);

/* The STATUS= line for these instances (VigilVrrpInstance*), e.g.
 * "3 VRRP instances: 2 master, 1 backup"; pure, for tests. */
char *vigil_sd_notify_format_status (GPtrArray *instances);

G_END_DECLS
