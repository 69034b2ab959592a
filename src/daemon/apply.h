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

/* `groups` (VigilSyncGroup*, owning) is updated in place to follow
 * `config`'s vrrp_sync_groups over `instances` (the running
 * VigilVrrpInstance*): a group whose name and member objects did not
 * change is kept (its state too) and takes the new configuration; any
 * other is built again from its members' states. Ends in config order;
 * returns TRUE when a group was added, rebuilt or removed. */
gboolean vigil_apply_sync_groups (GPtrArray *groups, const VigilConfig *config,
                                  GPtrArray *instances);

G_END_DECLS
