/* apply.h - bring the running VRRP instances in line with a config
 *
 * Used at start (from nothing) and on reload (from the running set): an
 * instance whose configuration did not change keeps running untouched
 * (state, addresses, advert rhythm); a changed one is stopped and started
 * again on its own; a removed one is stopped cleanly; a new one starts.
 */
#pragma once

#include "config/model.h"
#include "config/model-equal.h"
#include "vrrp/vrrp-context.h"

G_BEGIN_DECLS

typedef struct {
  guint unchanged;
  guint restarted;
  guint added;
  guint removed;
} VigilApplyStats;

/* `instances` (VigilVrrpInstance*, owning) is updated in place to follow
 * `config` and ends in config order. */
void vigil_apply_vrrp_instances (GPtrArray *instances, const VigilConfig *config,
                                 VigilVrrpContext *context, VigilApplyStats *stats);

G_END_DECLS
