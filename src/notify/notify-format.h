/* notify-format.h - what keepalived hands its notify scripts and FIFOs, pure
 *
 * keepalived runs the generic `notify` script with four arguments after
 * the configured ones: "INSTANCE" (or "GROUP"), the name, the state in
 * upper case and the priority (the instance's effective priority; 0 for
 * a group), e.g. `notify.sh arg INSTANCE VI_1 MASTER 100`. Its notify
 * FIFOs get one line per event with the same four values, the name in
 * double quotes: `INSTANCE "VI_1" MASTER 100\n`. A FIFO's script gets
 * the FIFO's path as its last argument.
 */
#pragma once

#include <glib.h>
#include "vrrp/fsm.h"

G_BEGIN_DECLS

#define VIGIL_NOTIFY_TYPE_INSTANCE "INSTANCE"
#define VIGIL_NOTIFY_TYPE_GROUP    "GROUP"
/* The state word sent when notify_deleted is set and a reload removed
 * the instance. */
#define VIGIL_NOTIFY_STATE_DELETED "DELETED"
/* FIFO only, with notify_priority_changes: the effective priority of a
 * master / of an instance in another state changed. */
#define VIGIL_NOTIFY_STATE_MASTER_PRIORITY "MASTER_PRIORITY"
#define VIGIL_NOTIFY_STATE_BACKUP_PRIORITY "BACKUP_PRIORITY"
#define VIGIL_NOTIFY_STATE_MASTER_RX_LOWER_PRI "MASTER_RX_LOWER_PRI"

/* "MASTER", "BACKUP", "FAULT", "STOP"; NULL for states keepalived does
 * not notify (INIT). */
const char *vigil_notify_state_word (VigilVrrpState state);

/* The argv of a generic `notify` script: `script_argv` then TYPE NAME
 * STATE PRIORITY. */
GStrv vigil_notify_build_generic_argv (const char * const *script_argv, const char *type,
                                       const char *name, const char *state, guint priority);

/* One FIFO line, newline included: `TYPE "NAME" STATE PRIORITY\n`. */
char *vigil_notify_format_fifo_line (const char *type, const char *name, const char *state,
                                     guint priority);

/* The argv of a notify_fifo_script: `script_argv` then the FIFO path. */
GStrv vigil_notify_build_fifo_script_argv (const char * const *script_argv,
                                           const char *fifo_path);

/* A shell-like rendering of argv for log lines: words with spaces or
 * quotes are single-quoted. */
char *vigil_notify_argv_to_string (const char * const *argv);

G_END_DECLS
