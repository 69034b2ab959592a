/* sync-group.c - VigilSyncGroup (see sync-group.h) */
#define G_LOG_DOMAIN "vigil-vrrp"

#include "vrrp/sync-group.h"
#include "vrrp/vrrp-instance.h"

/* Log about the group: MESSAGE "sync group G1: ...", field VIGIL_SYNC_GROUP. */
#define group_log(level, self, fmt, ...)                                         \
  g_log_structured (G_LOG_DOMAIN, (level), "VIGIL_SYNC_GROUP", (self)->name,      \
                    "MESSAGE", "sync group %s: " fmt, (self)->name, ##__VA_ARGS__)

/* One member and our handlers on it. */
typedef struct {
  VigilSyncMember *member;       /* a reference */
  gulong state_changed_id;
  gulong own_fault_id;
  gulong wants_master_id;
} Member;

struct _VigilSyncGroup {
  GObject parent_instance;

  const VigilConfSyncGroup *conf;
  char *name;
  GArray *members;               /* Member */
  GPtrArray *member_objects;     /* VigilSyncMember* (not referenced: see members) */
  VigilVrrpState state;
  gint64 last_transition;
  char *last_transition_reason;
  guint moving;                  /* > 0 while we move members ourselves */
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_STATE,
  PROP_LAST_TRANSITION,
  PROP_LAST_TRANSITION_REASON,
  N_PROPS
};

enum {
  SIGNAL_STATE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VigilSyncGroup, vigil_sync_group, G_TYPE_OBJECT)

#define MEMBER(self, i) (g_array_index ((self)->members, Member, (i)).member)

/* ---- the group's own state ----------------------------------------------- */

static void
set_state (VigilSyncGroup *self, VigilVrrpState state, const char *reason)
{
  VigilVrrpState old = self->state;

  if (state == old)
    return;
  self->state = state;
  self->last_transition = g_get_real_time ();
  g_free (self->last_transition_reason);
  self->last_transition_reason = g_strdup (reason);
  group_log (G_LOG_LEVEL_MESSAGE, self, "%s -> %s (%s)", vigil_vrrp_state_to_upper (old),
             vigil_vrrp_state_to_upper (state), reason);
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_TRANSITION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_TRANSITION_REASON]);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, old, state, reason);
}

/* ---- moving the members ---------------------------------------------------- */

/* The first member (other than `except`) in FAULT of its own, or NULL. */
static VigilSyncMember *
first_faulty (VigilSyncGroup *self, VigilSyncMember *except)
{
  for (guint i = 0; i < self->members->len; i++)
    if (MEMBER (self, i) != except && vigil_sync_member_get_own_fault (MEMBER (self, i)) != NULL)
      return MEMBER (self, i);
  return NULL;
}

static void
set_gates (VigilSyncGroup *self, gboolean gated)
{
  for (guint i = 0; i < self->members->len; i++)
    vigil_sync_member_set_sync_gate (MEMBER (self, i), gated);
}

/* Each member is held in FAULT while another member has a fault of its
 * own, and released when none has (keepalived's num_member_fault). */
static void
apply_faults (VigilSyncGroup *self)
{
  self->moving++;
  for (guint i = 0; i < self->members->len; i++)
    {
      VigilSyncMember *member = MEMBER (self, i);
      VigilSyncMember *faulty = first_faulty (self, member);
      g_autofree char *cause = NULL;

      if (faulty != NULL)
        cause = g_strdup_printf ("sync group %s: %s in FAULT", self->name,
                                 vigil_sync_member_get_name (faulty));
      vigil_sync_member_set_sync_fault (member, cause);
    }
  self->moving--;
}

/* Move every member but `except` that is not in `state` yet. */
static void
move_members (VigilSyncGroup *self, VigilSyncMember *except, VigilVrrpState state,
              const char *reason)
{
  g_autofree char *member_reason = g_strdup_printf ("sync group %s: %s", self->name, reason);

  self->moving++;
  for (guint i = 0; i < self->members->len; i++)
    {
      VigilSyncMember *member = MEMBER (self, i);
      VigilVrrpState current = vigil_sync_member_get_state (member);

      if (member == except || current == state)
        continue;
      if (state == VIGIL_VRRP_STATE_BACKUP && current != VIGIL_VRRP_STATE_MASTER)
        continue;
      vigil_sync_member_sync_to (member, state, member_reason);
    }
  self->moving--;
}

static void
go_master (VigilSyncGroup *self, VigilSyncMember *trigger, const char *reason)
{
  set_gates (self, FALSE);
  move_members (self, trigger, VIGIL_VRRP_STATE_MASTER, reason);
  set_state (self, VIGIL_VRRP_STATE_MASTER, reason);
}

static void
go_backup (VigilSyncGroup *self, VigilSyncMember *trigger, const char *reason)
{
  set_gates (self, TRUE);
  move_members (self, trigger, VIGIL_VRRP_STATE_BACKUP, reason);
  set_state (self, VIGIL_VRRP_STATE_BACKUP, reason);
}

/* keepalived's vrrp_sync_can_goto_master: only when every member would
 * be master (prefer backup, to avoid thrashing). */
static void
try_master (VigilSyncGroup *self)
{
  if (self->state != VIGIL_VRRP_STATE_BACKUP || self->members->len == 0)
    return;
  for (guint i = 0; i < self->members->len; i++)
    {
      VigilSyncMember *member = MEMBER (self, i);
      if (vigil_sync_member_get_state (member) != VIGIL_VRRP_STATE_MASTER
          && !vigil_sync_member_get_wants_master (member))
        return;
    }
  go_master (self, NULL, "every member would be MASTER");
}

static gboolean
all_in_state (VigilSyncGroup *self, VigilVrrpState state)
{
  for (guint i = 0; i < self->members->len; i++)
    if (vigil_sync_member_get_state (MEMBER (self, i)) != state)
      return FALSE;
  return self->members->len > 0;
}

static gboolean
any_in_state (VigilSyncGroup *self, VigilVrrpState state)
{
  for (guint i = 0; i < self->members->len; i++)
    if (vigil_sync_member_get_state (MEMBER (self, i)) == state)
      return TRUE;
  return FALSE;
}

/* Faults first: they decide whatever else happened. TRUE when the group
 * is (still) in FAULT. */
static gboolean
follow_faults (VigilSyncGroup *self)
{
  VigilSyncMember *faulty = first_faulty (self, NULL);
  g_autofree char *reason = NULL;

  if (faulty == NULL)
    return FALSE;
  if (self->state == VIGIL_VRRP_STATE_FAULT)
    {
      apply_faults (self);         /* which member to blame may have changed */
      return TRUE;
    }
  reason = g_strdup_printf ("%s in FAULT (%s)", vigil_sync_member_get_name (faulty),
                            vigil_sync_member_get_own_fault (faulty));
  set_gates (self, TRUE);
  apply_faults (self);
  set_state (self, VIGIL_VRRP_STATE_FAULT, reason);
  return TRUE;
}

/* From INIT (just built) or FAULT (the last fault of its own cleared):
 * release the members and take the state they are in. */
static void
come_up (VigilSyncGroup *self)
{
  gboolean was_fault = self->state == VIGIL_VRRP_STATE_FAULT;

  apply_faults (self);
  if (all_in_state (self, VIGIL_VRRP_STATE_MASTER))
    go_master (self, NULL, "every member is MASTER");
  else if (any_in_state (self, VIGIL_VRRP_STATE_MASTER))
    go_backup (self, NULL, "not every member is MASTER");
  else
    {
      set_gates (self, TRUE);
      set_state (self, VIGIL_VRRP_STATE_BACKUP, was_fault ? "no member in FAULT any more"
                                                          : "startup");
    }
  try_master (self);
}

/* Re-read the members after one of them changed (`trigger`, `old_state`
 * → `new_state`), or after a fault or a wish changed (`trigger` NULL). */
static void
evaluate (VigilSyncGroup *self, VigilSyncMember *trigger, VigilVrrpState old_state,
          VigilVrrpState new_state, const char *member_reason)
{
  if (self->moving > 0 || self->state == VIGIL_VRRP_STATE_STOP)
    return;
  if (trigger != NULL && (new_state == VIGIL_VRRP_STATE_STOP || new_state == VIGIL_VRRP_STATE_INIT))
    {
      if (all_in_state (self, VIGIL_VRRP_STATE_STOP))
        set_state (self, VIGIL_VRRP_STATE_STOP, "every member stopped");
      return;
    }
  if (follow_faults (self))
    return;
  if (self->state == VIGIL_VRRP_STATE_FAULT || self->state == VIGIL_VRRP_STATE_INIT)
    {
      come_up (self);
      return;
    }
  if (trigger != NULL)
    {
      g_autofree char *reason = g_strdup_printf ("%s %s (%s)",
                                                 vigil_sync_member_get_name (trigger),
                                                 vigil_vrrp_state_to_upper (new_state),
                                                 member_reason != NULL ? member_reason : "");
      if (new_state == VIGIL_VRRP_STATE_MASTER && self->state != VIGIL_VRRP_STATE_MASTER)
        {
          go_master (self, trigger, reason);
          return;
        }
      if (new_state == VIGIL_VRRP_STATE_BACKUP && old_state == VIGIL_VRRP_STATE_MASTER
          && self->state == VIGIL_VRRP_STATE_MASTER)
        {
          go_backup (self, trigger, reason);
          return;
        }
    }
  try_master (self);
}

static void
on_member_state_changed (VigilSyncMember *member, VigilVrrpState old_state,
                         VigilVrrpState new_state, const char *reason, gpointer user_data)
{
  evaluate (user_data, member, old_state, new_state, reason);
}

static void
on_member_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  evaluate (user_data, NULL, VIGIL_VRRP_STATE_INIT, VIGIL_VRRP_STATE_INIT, NULL);
}

/* ---- public ------------------------------------------------------------------ */

VigilSyncGroup *
vigil_sync_group_new (const VigilConfSyncGroup *conf, GPtrArray *members)
{
  VigilSyncGroup *self;

  g_return_val_if_fail (conf != NULL && members != NULL, NULL);
  self = g_object_new (VIGIL_TYPE_SYNC_GROUP, NULL);
  self->conf = conf;
  self->name = g_strdup (conf->name);
  for (guint i = 0; i < members->len; i++)
    {
      Member m = { .member = g_object_ref (g_ptr_array_index (members, i)) };

      g_return_val_if_fail (VIGIL_IS_SYNC_MEMBER (m.member), self);
      /* After the other handlers: readers see the member move first. */
      m.state_changed_id = g_signal_connect_after (m.member, "state-changed",
                                                   G_CALLBACK (on_member_state_changed), self);
      m.own_fault_id = g_signal_connect (m.member, "notify::own-fault",
                                         G_CALLBACK (on_member_notify), self);
      m.wants_master_id = g_signal_connect (m.member, "notify::wants-master",
                                            G_CALLBACK (on_member_notify), self);
      g_array_append_val (self->members, m);
      g_ptr_array_add (self->member_objects, m.member);
    }
  if (all_in_state (self, VIGIL_VRRP_STATE_STOP))
    set_state (self, VIGIL_VRRP_STATE_STOP, "every member stopped");
  else
    evaluate (self, NULL, VIGIL_VRRP_STATE_INIT, VIGIL_VRRP_STATE_INIT, NULL);
  return self;
}

const char *
vigil_sync_group_get_name (VigilSyncGroup *self)
{
  g_return_val_if_fail (VIGIL_IS_SYNC_GROUP (self), NULL);
  return self->name;
}

const VigilConfSyncGroup *
vigil_sync_group_get_conf (VigilSyncGroup *self)
{
  g_return_val_if_fail (VIGIL_IS_SYNC_GROUP (self), NULL);
  return self->conf;
}

void
vigil_sync_group_set_conf (VigilSyncGroup *self, const VigilConfSyncGroup *conf)
{
  g_return_if_fail (VIGIL_IS_SYNC_GROUP (self));
  g_return_if_fail (conf != NULL && g_strcmp0 (conf->name, self->name) == 0);
  self->conf = conf;
}

VigilVrrpState
vigil_sync_group_get_state (VigilSyncGroup *self)
{
  g_return_val_if_fail (VIGIL_IS_SYNC_GROUP (self), VIGIL_VRRP_STATE_INIT);
  return self->state;
}

GPtrArray *
vigil_sync_group_get_members (VigilSyncGroup *self)
{
  g_return_val_if_fail (VIGIL_IS_SYNC_GROUP (self), NULL);
  return self->member_objects;
}

gint64
vigil_sync_group_get_last_transition (VigilSyncGroup *self)
{
  g_return_val_if_fail (VIGIL_IS_SYNC_GROUP (self), 0);
  return self->last_transition;
}

const char *
vigil_sync_group_get_last_transition_reason (VigilSyncGroup *self)
{
  g_return_val_if_fail (VIGIL_IS_SYNC_GROUP (self), NULL);
  return self->last_transition_reason;
}

gboolean
vigil_sync_group_has_members (VigilSyncGroup *self, GPtrArray *members)
{
  g_return_val_if_fail (VIGIL_IS_SYNC_GROUP (self), FALSE);
  if (members == NULL || members->len != self->member_objects->len)
    return FALSE;
  for (guint i = 0; i < members->len; i++)
    if (g_ptr_array_index (members, i) != g_ptr_array_index (self->member_objects, i))
      return FALSE;
  return TRUE;
}

/* ---- GObject ------------------------------------------------------------------ */

static void
vigil_sync_group_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VigilSyncGroup *self = VIGIL_SYNC_GROUP (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LAST_TRANSITION:
      g_value_set_int64 (value, self->last_transition);
      break;
    case PROP_LAST_TRANSITION_REASON:
      g_value_set_string (value, self->last_transition_reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_sync_group_dispose (GObject *object)
{
  VigilSyncGroup *self = VIGIL_SYNC_GROUP (object);

  for (guint i = 0; self->members != NULL && i < self->members->len; i++)
    {
      Member *m = &g_array_index (self->members, Member, i);

      g_clear_signal_handler (&m->state_changed_id, m->member);
      g_clear_signal_handler (&m->own_fault_id, m->member);
      g_clear_signal_handler (&m->wants_master_id, m->member);
      g_clear_object (&m->member);
    }
  if (self->members != NULL)
    g_array_set_size (self->members, 0);
  if (self->member_objects != NULL)
    g_ptr_array_set_size (self->member_objects, 0);
  G_OBJECT_CLASS (vigil_sync_group_parent_class)->dispose (object);
}

static void
vigil_sync_group_finalize (GObject *object)
{
  VigilSyncGroup *self = VIGIL_SYNC_GROUP (object);

  g_array_unref (self->members);
  g_ptr_array_unref (self->member_objects);
  g_free (self->name);
  g_free (self->last_transition_reason);
  G_OBJECT_CLASS (vigil_sync_group_parent_class)->finalize (object);
}

static void
vigil_sync_group_class_init (VigilSyncGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = vigil_sync_group_get_property;
  object_class->dispose = vigil_sync_group_dispose;
  object_class->finalize = vigil_sync_group_finalize;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, VIGIL_TYPE_VRRP_STATE,
                                              VIGIL_VRRP_STATE_INIT, ro);
  properties[PROP_LAST_TRANSITION] = g_param_spec_int64 ("last-transition", NULL, NULL,
                                                         0, G_MAXINT64, 0, ro);
  properties[PROP_LAST_TRANSITION_REASON] = g_param_spec_string ("last-transition-reason",
                                                                 NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilSyncGroup::state-changed:
   * @old_state: the group state left
   * @new_state: the group state entered
   * @reason: why, e.g. "VI_2 in FAULT (interface eth1 down)"
   */
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  VIGIL_TYPE_VRRP_STATE, VIGIL_TYPE_VRRP_STATE, G_TYPE_STRING);
}

static void
vigil_sync_group_init (VigilSyncGroup *self)
{
  self->members = g_array_new (FALSE, FALSE, sizeof (Member));
  self->member_objects = g_ptr_array_new ();
  self->state = VIGIL_VRRP_STATE_INIT;
}
