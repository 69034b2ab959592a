/* sync-group.h - VigilSyncGroup: one vrrp_sync_group, its members moving
 * together as keepalived moves them
 *
 * - A member in FAULT of its own (interface, trackers) takes every other
 *   member to FAULT ("sync group G: VI_2 in FAULT") and the group to
 *   FAULT; when no member has a fault of its own any more, the others
 *   leave FAULT with it and the group is BACKUP again.
 * - A member becomes master only with the whole group: what would make it
 *   master (master_down_timer, preempt_delay, `state MASTER`, address
 *   owner) leaves it backup and wanting; once every member wants it (or
 *   one is master), all go MASTER together and so does the group.
 * - A master member that drops to BACKUP (a higher priority advert, an
 *   operator's release) takes the other masters and the group to BACKUP.
 * - When every member has stopped, the group is STOP.
 *
 * Every member move goes through the member's own state machine
 * (vigil_sync_member_sync_to / _set_sync_fault). The group reacts after
 * every other handler of a member's "state-changed" has run, so readers
 * see the member that moved first, then the others, then the group.
 */
#pragma once

#include <glib-object.h>
#include "config/model.h"
#include "vrrp/sync-member.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SYNC_GROUP (vigil_sync_group_get_type ())
G_DECLARE_FINAL_TYPE (VigilSyncGroup, vigil_sync_group, VIGIL, SYNC_GROUP, GObject)

/* A group of `members` (VigilSyncMember*, referenced, in group order)
 * following `conf` (which must outlive the group, or be replaced with
 * vigil_sync_group_set_conf). The group takes its state from the members
 * at once: FAULT, MASTER when all are master, else BACKUP. */
VigilSyncGroup *vigil_sync_group_new (const VigilConfSyncGroup *conf, GPtrArray *members);

const char *vigil_sync_group_get_name (VigilSyncGroup *self);
const VigilConfSyncGroup *vigil_sync_group_get_conf (VigilSyncGroup *self);
/* Swap in an equal configuration after a reload. */
void vigil_sync_group_set_conf (VigilSyncGroup *self, const VigilConfSyncGroup *conf);
/* The group state (keepalived's: INIT until built, then BACKUP, MASTER,
 * FAULT, and STOP once every member has stopped). */
VigilVrrpState vigil_sync_group_get_state (VigilSyncGroup *self);
/* VigilSyncMember*, in group order. */
GPtrArray *vigil_sync_group_get_members (VigilSyncGroup *self);
/* Realtime (µs) and text of the last state change. */
gint64 vigil_sync_group_get_last_transition (VigilSyncGroup *self);
const char *vigil_sync_group_get_last_transition_reason (VigilSyncGroup *self);
/* Does the group consist of exactly `members` (in that order)? */
gboolean vigil_sync_group_has_members (VigilSyncGroup *self, GPtrArray *members);

/* Signals:
 *   "state-changed" (VigilVrrpState old, VigilVrrpState new, const char *reason)
 * Properties (notified): "name", "state", "last-transition",
 *   "last-transition-reason".
 */

G_END_DECLS
