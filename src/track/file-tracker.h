/* file-tracker.h - VigilFileTracker: a `track_file` (`vrrp_track_file`)
 *
 * The file holds an integer; keepalived's rule (track-rules.h) turns it
 * into a weight: value × weight (negated with `reverse`), FAULT below
 * -253; with weight 0 any non-zero value is FAULT. A missing file or one
 * that does not start with an integer reads as 0. The file is watched
 * with a GFileMonitor and re-read on every change. `init_file [V]
 * [overwrite]` writes V (default 0) to it when it is created, if it does
 * not exist or with `overwrite`.
 */
#pragma once

#include "config/model.h"
#include "track/tracker.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_FILE_TRACKER (vigil_file_tracker_get_type ())
G_DECLARE_FINAL_TYPE (VigilFileTracker, vigil_file_tracker, VIGIL, FILE_TRACKER, VigilTracker)

/* `conf` is copied from (not kept). Reads the file at once. */
VigilFileTracker *vigil_file_tracker_new (const VigilConfTrackFile *conf);

/* The value last read. */
long vigil_file_tracker_get_value (VigilFileTracker *self);

/* Parse a track_file's content as keepalived does: leading blanks, an
 * optional sign, digits in C notation (12, 0x1f, 017); anything else (or
 * nothing) is 0. */
long vigil_file_tracker_parse_value (const char *text);

/* keepalived's `init_file [V] [overwrite]`: write V to the file if it
 * does not exist, or always with `overwrite` (nothing without
 * init_file). The tracker does it when created; so does a FILE_CHECK
 * on a track_file no VRRP instance tracks. A failure is logged. */
void vigil_file_tracker_init_file (const VigilConfTrackFile *conf);

G_END_DECLS
