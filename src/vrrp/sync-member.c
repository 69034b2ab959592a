/* sync-member.c - VigilSyncMember (see sync-member.h) */
#define G_LOG_DOMAIN "vigil-vrrp"

#include "vrrp/sync-member.h"

G_DEFINE_INTERFACE (VigilSyncMember, vigil_sync_member, G_TYPE_OBJECT)

static void
vigil_sync_member_default_init (VigilSyncMemberInterface *iface)
{
}

const char *
vigil_sync_member_get_name (VigilSyncMember *self)
{
  g_return_val_if_fail (VIGIL_IS_SYNC_MEMBER (self), NULL);
  return VIGIL_SYNC_MEMBER_GET_IFACE (self)->get_name (self);
}

VigilVrrpState
vigil_sync_member_get_state (VigilSyncMember *self)
{
  g_return_val_if_fail (VIGIL_IS_SYNC_MEMBER (self), VIGIL_VRRP_STATE_INIT);
  return VIGIL_SYNC_MEMBER_GET_IFACE (self)->get_state (self);
}

guint8
vigil_sync_member_get_priority (VigilSyncMember *self)
{
  g_return_val_if_fail (VIGIL_IS_SYNC_MEMBER (self), 0);
  return VIGIL_SYNC_MEMBER_GET_IFACE (self)->get_priority (self);
}

const char *
vigil_sync_member_get_own_fault (VigilSyncMember *self)
{
  g_return_val_if_fail (VIGIL_IS_SYNC_MEMBER (self), NULL);
  return VIGIL_SYNC_MEMBER_GET_IFACE (self)->get_own_fault (self);
}

gboolean
vigil_sync_member_get_wants_master (VigilSyncMember *self)
{
  g_return_val_if_fail (VIGIL_IS_SYNC_MEMBER (self), FALSE);
  return VIGIL_SYNC_MEMBER_GET_IFACE (self)->get_wants_master (self);
}

void
vigil_sync_member_set_sync_gate (VigilSyncMember *self, gboolean gated)
{
  g_return_if_fail (VIGIL_IS_SYNC_MEMBER (self));
  VIGIL_SYNC_MEMBER_GET_IFACE (self)->set_sync_gate (self, gated);
}

void
vigil_sync_member_set_sync_fault (VigilSyncMember *self, const char *cause)
{
  g_return_if_fail (VIGIL_IS_SYNC_MEMBER (self));
  VIGIL_SYNC_MEMBER_GET_IFACE (self)->set_sync_fault (self, cause);
}

void
vigil_sync_member_sync_to (VigilSyncMember *self, VigilVrrpState state, const char *reason)
{
  g_return_if_fail (VIGIL_IS_SYNC_MEMBER (self));
  g_return_if_fail (state == VIGIL_VRRP_STATE_MASTER || state == VIGIL_VRRP_STATE_BACKUP);
  VIGIL_SYNC_MEMBER_GET_IFACE (self)->sync_to (self, state, reason);
}
