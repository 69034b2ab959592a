/* track-rules.h - keepalived's tracking rules, pure: no I/O, no clock
 *
 * What one tracker contributes to an instance (a weight, or FAULT), and
 * the rise/fall counting of vrrp_script results. The tracking manager and
 * the script tracker use these; the unit tests drive them directly.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A tracker that is up or down, seen through a reference with `weight`
 * and `reverse`. Weight > 0 is added while up, weight < 0 is added
 * (subtracted) while down; `reverse` turns the sign of what is added
 * (keepalived's weight multiplier of -1). Weight 0 means FAULT while
 * down, or with `reverse` while up. Returns FALSE for FAULT; `*delta`
 * gets the weight in effect (0 when none). */
gboolean vigil_track_rule_state (gboolean up, int weight, gboolean reverse, int *delta);

/* A track_file's value seen with `weight` and `reverse`: with weight 0 a
 * non-zero value means FAULT; otherwise the value (held within ±254)
 * times the weight (negated with reverse) is the delta, at most 253, and
 * a delta below -253 means FAULT (keepalived's rule). Returns FALSE for
 * FAULT. */
gboolean vigil_track_rule_value (long value, int weight, gboolean reverse, int *delta);

/* A track_file's value seen by a FILE_CHECK (keepalived's checker rule,
 * which has no ±254 bounds): with weight 0 a non-zero value, or with
 * `reverse` a zero one, means down; otherwise the value times the weight
 * (negated with reverse) is added to the real server's weight, and only a
 * product at or below G_MININT means down. The value counts within
 * G_MININT32..G_MAXINT32 + 1, as keepalived reads it. Returns FALSE for
 * down; `*delta` gets the weight change (0 when down or with weight 0). */
gboolean vigil_track_rule_checker_value (long value, int weight, gboolean reverse,
                                         gint64 *delta);

/* What one reference says: `ok` FALSE means FAULT, else `delta` is its
 * weight in effect. */
typedef struct {
  gboolean ok;
  int delta;
} VigilTrackVerdict;

/* Combine the verdicts of an instance's references: `*weight` gets the
 * sum of the deltas of those that are ok (0 when none); returns the index
 * of the first FAULT verdict, or -1 when there is none. */
int vigil_track_rule_combine (const VigilTrackVerdict *verdicts, guint n, int *weight);

/* keepalived's rise/fall counting of vrrp_script results. An up script
 * goes down after `fall` failures in a row and a down one comes up after
 * `rise` successes in a row. Without init_fail the first result decides
 * at once (up after a success, down after a failure); with init_fail the
 * script starts down and needs `rise` successes. */
typedef struct {
  guint rise;          /* >= 1 */
  guint fall;          /* >= 1 */
  guint count;         /* 0 .. rise + fall - 1; up iff count >= rise */
  gboolean seen;       /* not in the initial state any more (a result
                        * arrived, or init_fail) */
  gboolean up;
} VigilRiseFall;

/* Start up (`up`) with no result seen, or down for init_fail. */
void vigil_rise_fall_init (VigilRiseFall *rf, guint rise, guint fall, gboolean up);
/* Count one result; TRUE when the state changed. */
gboolean vigil_rise_fall_result (VigilRiseFall *rf, gboolean success);

G_END_DECLS
