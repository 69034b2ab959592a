/* ctl-monitor.h - `vigilctl monitor`: vigild's events as they happen */
#pragma once

#include <gio/gio.h>
#include "ctl/ctl-client.h"

G_BEGIN_DECLS

/* Print state changes, reloads, property changes and instances coming and
 * going, one line each (a JSON object per line with `json`), until SIGINT
 * or SIGTERM. Fails at once if vigild is not running; if vigild leaves
 * later, says so and waits for it to come back. */
VigilCtlExit vigil_ctl_monitor (GDBusConnection *connection, gboolean json);

G_END_DECLS
