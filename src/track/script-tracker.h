/* script-tracker.h - VigilScriptTracker: a `vrrp_script`
 *
 * Runs the script every `interval` (never two at once; a run still going
 * when the next is due makes that one skip), asynchronously through
 * GSubprocess as its `user` (else the global script_user, as notify
 * scripts), never through a shell. Exit status 0 is a success, anything
 * else (a non-zero status, a signal, being killed at `timeout`) a
 * failure; keepalived's rise/fall counting (track-rules.h) turns results
 * into up/down. `init_fail` starts it down (it then needs `rise`
 * successes); without it, the script changes nothing (no weight, no
 * FAULT) until its first result, which decides at once. A script
 * that must not run (missing, not executable, unsafe with
 * enable_script_security, unknown user) is logged once and left up, so
 * that it changes nothing (keepalived disables it).
 */
#pragma once

#include "config/model.h"
#include "track/tracker.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SCRIPT_TRACKER (vigil_script_tracker_get_type ())
G_DECLARE_FINAL_TYPE (VigilScriptTracker, vigil_script_tracker, VIGIL, SCRIPT_TRACKER,
                      VigilTracker)

/* `conf` and `global` are copied from (not kept). */
VigilScriptTracker *vigil_script_tracker_new (const VigilConfVrrpScript *conf,
                                              const VigilConfGlobal *global);

/* Runs started, and results counted as failures (for tests and logs). */
guint vigil_script_tracker_get_runs (VigilScriptTracker *self);
guint vigil_script_tracker_get_failures (VigilScriptTracker *self);

G_END_DECLS
