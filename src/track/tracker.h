/* tracker.h - VigilTracker, the base of everything a VRRP instance tracks
 *
 * A tracker has a name ("chk_haproxy", "eth1"), a kind ("vrrp_script",
 * "track_interface", "track_file"), a state (up or down) with a reason
 * ("exit status 1", "link down") and emits "changed" whenever what it
 * contributes to an instance may have changed. Subclasses watch
 * something (a script, a link, a file) and call
 * vigil_tracker_set_state(); the tracking manager turns the states into
 * weights and faults with keepalived's rules (track-rules.h).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_TRACKER (vigil_tracker_get_type ())
G_DECLARE_DERIVABLE_TYPE (VigilTracker, vigil_tracker, VIGIL, TRACKER, GObject)

struct _VigilTrackerClass
{
  GObjectClass parent_class;

  /* Begin watching (called once, from the main loop). */
  void (*start) (VigilTracker *self);
  /* What the tracker contributes through a reference with `weight` and
   * `reverse`: FALSE for FAULT, else the weight in `*delta`. The default
   * is vigil_track_rule_state() on the up/down state. */
  gboolean (*contribute) (VigilTracker *self, int weight, gboolean reverse, int *delta);
};

const char *vigil_tracker_get_name (VigilTracker *self);
/* The config keyword: "vrrp_script", "track_interface", "track_file",
 * "vrrp_track_process". */
const char *vigil_tracker_get_kind (VigilTracker *self);
gboolean vigil_tracker_is_up (VigilTracker *self);
/* Why it is in its state ("exit status 1", "link down"); never NULL. */
const char *vigil_tracker_get_reason (VigilTracker *self);
/* The weight a reference without its own `weight` uses. */
int vigil_tracker_get_weight (VigilTracker *self);
gboolean vigil_tracker_get_reverse (VigilTracker *self);

void vigil_tracker_start (VigilTracker *self);
gboolean vigil_tracker_contribute (VigilTracker *self, int weight, gboolean reverse,
                                   int *delta);

/* For subclasses: set the state and reason; logs and emits "changed"
 * when the state changed. */
void vigil_tracker_set_state (VigilTracker *self, gboolean up, const char *reason);
/* For subclasses: emit "changed" (the contribution changed without the
 * state changing, e.g. a new value in a track_file). */
void vigil_tracker_emit_changed (VigilTracker *self);

/* Signals:
 *   "changed" ()  the state or the contribution changed.
 * Properties (construct-only): "name", "kind", "weight", "reverse", "up"
 * (the initial state). */

G_END_DECLS
