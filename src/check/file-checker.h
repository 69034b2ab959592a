/* file-checker.h - VigilFileChecker: FILE_CHECK, a track_file decides
 *
 * `FILE_CHECK { track_file NAME; weight W [reverse] }` watches the file
 * of the top-level `track_file NAME` block (GFileMonitor; every change is
 * checked at once, and delay_loop re-reads it as a safety net). The
 * value is read as keepalived reads it (track/file-tracker.h: a missing
 * or unreadable file, or one not starting with a number, is 0) and
 * judged by keepalived's checker rule (track/track-rules.h,
 * vigil_track_rule_checker_value): with weight 0 a non-zero value (with
 * reverse a zero one) is down; with another weight the real server stays
 * up and its weight becomes its configured weight plus value × weight
 * (negated with reverse), held within 0..G_MAXINT. Without `weight` the
 * track_file's weight and reverse apply. `dynamic` is accepted: keepalived
 * 2.2.7 always applies a non-zero weight. No retries, no alpha: the file
 * says the state at once. init_file of the track_file is honoured.
 */
#pragma once

#include "check/checker.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_FILE_CHECKER (vigil_file_checker_get_type ())
G_DECLARE_FINAL_TYPE (VigilFileChecker, vigil_file_checker, VIGIL, FILE_CHECKER, VigilChecker)

/* The path watched (NULL when the track_file is unknown). */
const char *vigil_file_checker_get_path (VigilFileChecker *self);
/* The value last read (0 before the first read). */
long vigil_file_checker_get_value (VigilFileChecker *self);

G_END_DECLS
