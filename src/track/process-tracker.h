/* process-tracker.h - VigilProcessTracker: a `vrrp_track_process`
 *
 * Up while the number of running processes that match lies within
 * `quorum`..`quorum_max`. A process matches by its name (/proc/PID/comm,
 * which the kernel cuts to 15 characters; with `full_command`, its whole
 * argv[0]) and, when `process` gives parameters, by them as
 * `param_match` says: exact (all of them, no more), partial (the first
 * ones) or initial (the first ones, the last given one a prefix).
 *
 * vigil polls /proc every VIGIL_PROCESS_POLL_INTERVAL instead of
 * following the kernel's proc connector: a change is seen within that
 * time. `fork_delay`/`terminate_delay` are not applied yet.
 */
#pragma once

#include "config/model.h"
#include "track/tracker.h"

G_BEGIN_DECLS

#define VIGIL_PROCESS_POLL_INTERVAL (500 * G_USEC_PER_SEC / 1000)

#define VIGIL_TYPE_PROCESS_TRACKER (vigil_process_tracker_get_type ())
G_DECLARE_FINAL_TYPE (VigilProcessTracker, vigil_process_tracker, VIGIL, PROCESS_TRACKER,
                      VigilTracker)

/* `conf` is copied from (not kept). `proc` is the /proc to read (NULL:
 * "/proc"; tests give their own). Counts at once. */
VigilProcessTracker *vigil_process_tracker_new (const VigilConfTrackProcess *conf,
                                                const char *proc);

/* Matching processes at the last count. */
guint vigil_process_tracker_get_count (VigilProcessTracker *self);

/* Does a process with this `comm` and `argv` match `conf`? Pure. */
gboolean vigil_process_tracker_matches (const VigilConfTrackProcess *conf, const char *comm,
                                        const char * const *argv);

G_END_DECLS
