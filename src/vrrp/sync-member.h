/* sync-member.h - VigilSyncMember: what a vrrp_sync_group needs of a member
 *
 * VigilVrrpInstance implements it; unit tests implement it with fakes.
 * An implementation also has a "state-changed" signal (VigilVrrpState
 * old, VigilVrrpState new, const char *reason) and notifies the
 * "own-fault" and "wants-master" properties when they change; the group
 * (VigilSyncGroup) follows those and moves the members through the
 * functions below, which go through the member's own state machine.
 */
#pragma once

#include <glib-object.h>
#include "vrrp/fsm.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SYNC_MEMBER (vigil_sync_member_get_type ())
G_DECLARE_INTERFACE (VigilSyncMember, vigil_sync_member, VIGIL, SYNC_MEMBER, GObject)

struct _VigilSyncMemberInterface {
  GTypeInterface parent_iface;

  const char *(*get_name) (VigilSyncMember *self);
  VigilVrrpState (*get_state) (VigilSyncMember *self);
  guint8 (*get_priority) (VigilSyncMember *self);
  const char *(*get_own_fault) (VigilSyncMember *self);
  gboolean (*get_wants_master) (VigilSyncMember *self);
  void (*set_sync_gate) (VigilSyncMember *self, gboolean gated);
  void (*set_sync_fault) (VigilSyncMember *self, const char *cause);
  void (*sync_to) (VigilSyncMember *self, VigilVrrpState state, const char *reason);
};

/* The member's name (the vrrp_instance name). */
const char *vigil_sync_member_get_name (VigilSyncMember *self);
/* Its current state. */
VigilVrrpState vigil_sync_member_get_state (VigilSyncMember *self);
/* Its configured priority (255: address owner). */
guint8 vigil_sync_member_get_priority (VigilSyncMember *self);
/* Why its interface or one of its trackers keeps it in FAULT, or NULL
 * (a fault the group imposed does not count). */
const char *vigil_sync_member_get_own_fault (VigilSyncMember *self);
/* Backup and would be master now, were it not for the group. */
gboolean vigil_sync_member_get_wants_master (VigilSyncMember *self);
/* TRUE: becoming master waits for the group; FALSE: the group is master. */
void vigil_sync_member_set_sync_gate (VigilSyncMember *self, gboolean gated);
/* Hold the member in FAULT because of another member (`cause` is the
 * reason it shows), or release it (NULL). */
void vigil_sync_member_set_sync_fault (VigilSyncMember *self, const char *cause);
/* Move to MASTER or BACKUP with the group, `reason` saying why. */
void vigil_sync_member_sync_to (VigilSyncMember *self, VigilVrrpState state, const char *reason);

G_END_DECLS
