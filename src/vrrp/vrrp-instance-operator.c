/* vrrp-instance-operator.c - what operators, trackers and sync groups
 * change in a VRRP instance: release/resume, priority override, tracking
 * weights and faults, gratuitous ARP on demand (see vrrp-instance.h), and
 * VigilSyncMember (see sync-member.h) */
#define G_LOG_DOMAIN "vigil-vrrp"

#include "vrrp/vrrp-instance-private.h"
#include "daemon/log.h"

void
_vigil_vrrp_instance_set_held_until (VigilVrrpInstance *self, gint64 held_until)
{
  if (self->held_until == held_until)
    return;
  self->held_until = held_until;
  _vigil_vrrp_instance_notify (self, PROP_HELD_UNTIL);
}

void
vigil_vrrp_instance_release (VigilVrrpInstance *self, guint seconds)
{
  VigilVrrpActions actions;
  gint64 now = g_get_monotonic_time ();
  gint64 until = seconds > 0 ? now + (gint64) seconds * G_USEC_PER_SEC : 0;

  g_return_if_fail (VIGIL_IS_VRRP_INSTANCE (self));
  if (seconds > 0)
    vigil_instance_message (self->conf->name, "released by operator for %u s", seconds);
  else
    vigil_instance_message (self->conf->name, "released by operator until resumed");
  vigil_vrrp_fsm_release (&self->fsm, until, now, &actions);
  _vigil_vrrp_instance_set_held_until (self, seconds > 0 ? g_get_real_time () + (gint64) seconds * G_USEC_PER_SEC
                                    : G_MAXINT64);
  _vigil_vrrp_instance_apply_actions (self, &actions, now);
}

void
vigil_vrrp_instance_resume (VigilVrrpInstance *self)
{
  VigilVrrpActions actions;
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (VIGIL_IS_VRRP_INSTANCE (self));
  if (!self->fsm.held)
    return;
  vigil_instance_message (self->conf->name, "resumed by operator");
  vigil_vrrp_fsm_resume (&self->fsm, now, &actions);
  _vigil_vrrp_instance_set_held_until (self, 0);
  _vigil_vrrp_instance_apply_actions (self, &actions, now);
}

gint64
vigil_vrrp_instance_get_held_until (VigilVrrpInstance *self)
{
  g_return_val_if_fail (VIGIL_IS_VRRP_INSTANCE (self), 0);
  return self->held_until;
}

/* keepalived's rule: the configured priority plus the trackers' weights,
 * kept within 1..254; the address owner (255) is never changed. An
 * operator's override replaces both. */
static guint8
compute_effective_priority (VigilVrrpInstance *self)
{
  int priority;

  if (self->priority_override != 0)
    return self->priority_override;
  if (self->conf->priority == 255)
    return 255;
  priority = (int) self->conf->priority + self->tracking_weight;
  return (guint8) CLAMP (priority, 1, 254);
}

static void
update_effective_priority (VigilVrrpInstance *self)
{
  guint8 priority = compute_effective_priority (self);

  if (priority == self->fsm.priority)
    return;
  vigil_vrrp_fsm_set_priority (&self->fsm, priority);
  _vigil_vrrp_instance_notify (self, PROP_EFFECTIVE_PRIORITY);
  /* A master tells its backups at once rather than at the next tick. */
  if (self->fsm.state == VIGIL_VRRP_STATE_MASTER)
    _vigil_vrrp_instance_send_advert (self, priority);
}

void
vigil_vrrp_instance_set_tracking (VigilVrrpInstance *self, int weight, const char *fault_cause)
{
  g_return_if_fail (VIGIL_IS_VRRP_INSTANCE (self));
  if (g_strcmp0 (fault_cause, self->track_fault) != 0)
    {
      g_free (self->track_fault);
      self->track_fault = g_strdup (fault_cause);
      _vigil_vrrp_instance_sync_fault (self);
    }
  if (weight != self->tracking_weight)
    {
      self->tracking_weight = weight;
      update_effective_priority (self);
    }
}

void
vigil_vrrp_instance_set_priority_override (VigilVrrpInstance *self, guint8 priority)
{
  g_return_if_fail (VIGIL_IS_VRRP_INSTANCE (self));
  g_return_if_fail (priority < 255);
  if (self->conf->priority == 255)
    {
      vigil_instance_warning (self->conf->name, "the address owner's priority 255 cannot be overridden");
      return;
    }
  if (self->priority_override == priority)
    return;
  self->priority_override = priority;
  if (priority != 0)
    vigil_instance_message (self->conf->name, "priority overridden to %u by operator", priority);
  else
    vigil_instance_message (self->conf->name, "priority override cleared");
  _vigil_vrrp_instance_notify (self, PROP_PRIORITY_OVERRIDE);
  update_effective_priority (self);
}

guint8
vigil_vrrp_instance_get_priority_override (VigilVrrpInstance *self)
{
  g_return_val_if_fail (VIGIL_IS_VRRP_INSTANCE (self), 0);
  return self->priority_override;
}

void
vigil_vrrp_instance_send_garp (VigilVrrpInstance *self)
{
  g_return_if_fail (VIGIL_IS_VRRP_INSTANCE (self));
  if (self->fsm.state == VIGIL_VRRP_STATE_MASTER)
    vigil_vip_set_announce (self->vips);
}


/* ---- VigilSyncMember: moved by a vrrp_sync_group ---------------------------- */

static const char *
member_get_name (VigilSyncMember *member)
{
  return VIGIL_VRRP_INSTANCE (member)->conf->name;
}

static VigilVrrpState
member_get_state (VigilSyncMember *member)
{
  return VIGIL_VRRP_INSTANCE (member)->fsm.state;
}

static guint8
member_get_priority (VigilSyncMember *member)
{
  return VIGIL_VRRP_INSTANCE (member)->conf->priority;
}

static const char *
member_get_own_fault (VigilSyncMember *member)
{
  VigilVrrpInstance *self = VIGIL_VRRP_INSTANCE (member);

  return self->link_fault != NULL ? self->link_fault : self->track_fault;
}

static gboolean
member_get_wants_master (VigilSyncMember *member)
{
  return VIGIL_VRRP_INSTANCE (member)->fsm.want_master;
}

static void
member_set_sync_gate (VigilSyncMember *member, gboolean gated)
{
  vigil_vrrp_fsm_set_sync_gated (&VIGIL_VRRP_INSTANCE (member)->fsm, gated);
}

static void
member_set_sync_fault (VigilSyncMember *member, const char *cause)
{
  VigilVrrpInstance *self = VIGIL_VRRP_INSTANCE (member);

  if (g_strcmp0 (cause, self->sync_fault) == 0)
    return;
  g_free (self->sync_fault);
  self->sync_fault = g_strdup (cause);
  _vigil_vrrp_instance_sync_fault (self);
}

/* Through the FSM like every other change: SYNC_MASTER from backup,
 * SYNC_BACKUP from master (other states ignore them). */
static void
member_sync_to (VigilSyncMember *member, VigilVrrpState state, const char *reason)
{
  VigilVrrpInstance *self = VIGIL_VRRP_INSTANCE (member);

  if (!self->started)
    return;
  self->sync_reason = g_strdup (reason);
  _vigil_vrrp_instance_handle_event (self, state == VIGIL_VRRP_STATE_MASTER
                                             ? VIGIL_VRRP_EVENT_SYNC_MASTER
                                             : VIGIL_VRRP_EVENT_SYNC_BACKUP);
  g_clear_pointer (&self->sync_reason, g_free);
}

void
_vigil_vrrp_instance_sync_member_init (VigilSyncMemberInterface *iface)
{
  iface->get_name = member_get_name;
  iface->get_state = member_get_state;
  iface->get_priority = member_get_priority;
  iface->get_own_fault = member_get_own_fault;
  iface->get_wants_master = member_get_wants_master;
  iface->set_sync_gate = member_set_sync_gate;
  iface->set_sync_fault = member_set_sync_fault;
  iface->sync_to = member_sync_to;
}
