/* script-runner.h - run scripts one after another, each with a timeout
 *
 * One runner per VRRP instance keeps that instance's notify scripts in
 * the order its states happened: a script starts when the one before it
 * has exited or been killed. Each runs through GSubprocess (never a
 * shell), in its own process group, as the user resolved beforehand,
 * with stdin/stdout/stderr on /dev/null and SIGTERM sent if vigild dies
 * (as keepalived does). A script still running after the timeout gets
 * SIGTERM, then SIGKILL VIGIL_SCRIPT_KILL_GRACE later, and that is
 * logged; a non-zero exit is logged; nothing here is fatal.
 */
#pragma once

#include <gio/gio.h>
#include "notify/script-security.h"

G_BEGIN_DECLS

/* keepalived waits 10 s for the scripts it waits for (startup_script,
 * shutdown_script); it gives notify scripts no limit at all, which lets
 * one hung script hold up every later one in a queue. */
#define VIGIL_NOTIFY_SCRIPT_TIMEOUT (10 * G_USEC_PER_SEC)
/* SIGTERM, then this long before SIGKILL (keepalived's 1 s). */
#define VIGIL_SCRIPT_KILL_GRACE (1 * G_USEC_PER_SEC)

#define VIGIL_TYPE_SCRIPT_RUNNER (vigil_script_runner_get_type ())
G_DECLARE_FINAL_TYPE (VigilScriptRunner, vigil_script_runner, VIGIL, SCRIPT_RUNNER, GObject)

/* `owner` names the runner in log lines (the instance name); `timeout`
 * is in µs. */
VigilScriptRunner *vigil_script_runner_new (const char *owner, gint64 timeout);

/* Queue `argv` to run as `user`; `label` says what it is in log lines
 * ("notify_master", "notify"). */
void vigil_script_runner_push (VigilScriptRunner *self, const char *label,
                               const char * const *argv, const VigilScriptUser *user);

/* Nothing running and nothing queued. */
gboolean vigil_script_runner_is_idle (VigilScriptRunner *self);

/* Counters: scripts started, failed (non-zero exit or signal), killed at
 * the timeout, dropped (not started because vigild stopped). */
guint vigil_script_runner_get_started (VigilScriptRunner *self);
guint vigil_script_runner_get_failed (VigilScriptRunner *self);
guint vigil_script_runner_get_timed_out (VigilScriptRunner *self);

/* vigild stops: drop what is queued (logged) and kill what runs. */
void vigil_script_runner_abort (VigilScriptRunner *self);

/* vigild stops: run the main loop until every runner in `runners` (a
 * hash table's values) is idle, at most `timeout` µs, then abort what is
 * left. `what` names the scripts in the log line ("notify scripts"). */
void vigil_script_runners_flush (GHashTable *runners, gint64 timeout, const char *what);

/* Start `argv` as `user` now, outside any queue (a FIFO's reader
 * script); NULL with an error if it cannot be spawned. */
GSubprocess *vigil_script_spawn (const char * const *argv, const VigilScriptUser *user,
                                 GError **error);

/* SIGTERM or SIGKILL to a running script's process group. */
void vigil_script_kill (GSubprocess *process, int signum);

G_END_DECLS
