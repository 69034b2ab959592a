/* test-sync-group.c - VigilSyncGroup over members that run the real FSM
 * with a fake clock (FakeMember: a VigilSyncMember without sockets) */
#include "vrrp/sync-group.h"
#include "vrrp/vrrp-instance.h"
#include "fsm-test-util.h"

/* ---- FakeMember: the FSM, faults and signals of a VigilVrrpInstance ---- */

#define FAKE_TYPE_MEMBER (fake_member_get_type ())
G_DECLARE_FINAL_TYPE (FakeMember, fake_member, FAKE, MEMBER, GObject)

struct _FakeMember {
  GObject parent_instance;
  char *name;
  guint8 priority;
  VigilVrrpFsm fsm;
  char *own_fault;
  char *sync_fault;
  char *sync_reason;
  char *fault_cause;
  gboolean want_notified;
  guint8 last_advert_priority;   /* 255 + 1 would not fit: -1 means none */
  gboolean sent_advert;
  GPtrArray *log;                /* shared: "VI_1 MASTER (reason)" */
  gint64 now;
};

static void fake_member_iface_init (VigilSyncMemberInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FakeMember, fake_member, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIGIL_TYPE_SYNC_MEMBER,
                                                      fake_member_iface_init))

enum { PROP_0, PROP_OWN_FAULT, PROP_WANTS_MASTER, N_PROPS };
static GParamSpec *fake_props[N_PROPS];
static guint fake_state_changed;

static char *
fake_reason (FakeMember *self, const VigilVrrpActions *actions)
{
  if (actions->reason == VIGIL_VRRP_REASON_FAULT && self->fault_cause != NULL)
    return g_strdup (self->fault_cause);
  if (self->sync_reason != NULL)
    return actions->reason == VIGIL_VRRP_REASON_SYNC_GROUP
             ? g_strdup (self->sync_reason)
             : g_strdup_printf ("%s; %s", vigil_vrrp_reason_to_string (actions->reason),
                                self->sync_reason);
  return g_strdup (vigil_vrrp_reason_to_string (actions->reason));
}

static void
fake_apply (FakeMember *self, const VigilVrrpActions *actions)
{
  if (actions->send_advert)
    {
      self->sent_advert = TRUE;
      self->last_advert_priority = actions->advert_priority;
    }
  if (self->fsm.want_master != self->want_notified)
    {
      self->want_notified = self->fsm.want_master;
      g_object_notify_by_pspec (G_OBJECT (self), fake_props[PROP_WANTS_MASTER]);
    }
  if (actions->state_changed)
    {
      g_autofree char *reason = fake_reason (self, actions);

      g_ptr_array_add (self->log, g_strdup_printf ("%s %s (%s)", self->name,
                                                   vigil_vrrp_state_to_upper (actions->new_state),
                                                   reason));
      g_signal_emit (self, fake_state_changed, 0, actions->old_state, actions->new_state, reason);
    }
}

static void
fake_event (FakeMember *self, VigilVrrpEvent event, const VigilVrrpAdvertInfo *advert)
{
  VigilVrrpActions actions;

  vigil_vrrp_fsm_handle (&self->fsm, event, advert, self->now, &actions);
  fake_apply (self, &actions);
}

static void
fake_sync_fault (FakeMember *self, gboolean own_changed)
{
  const char *cause = self->own_fault != NULL ? self->own_fault : self->sync_fault;

  if (cause != NULL)
    {
      g_free (self->fault_cause);
      self->fault_cause = g_strdup (cause);
      if (!self->fsm.in_fault)
        fake_event (self, VIGIL_VRRP_EVENT_FAULT, NULL);
    }
  else if (self->fsm.in_fault)
    fake_event (self, VIGIL_VRRP_EVENT_FAULT_CLEARED, NULL);
  if (own_changed)
    g_object_notify_by_pspec (G_OBJECT (self), fake_props[PROP_OWN_FAULT]);
}

static const char *
fake_get_name (VigilSyncMember *m)
{
  return FAKE_MEMBER (m)->name;
}

static VigilVrrpState
fake_get_state (VigilSyncMember *m)
{
  return FAKE_MEMBER (m)->fsm.state;
}

static guint8
fake_get_priority (VigilSyncMember *m)
{
  return FAKE_MEMBER (m)->priority;
}

static const char *
fake_get_own_fault (VigilSyncMember *m)
{
  return FAKE_MEMBER (m)->own_fault;
}

static gboolean
fake_get_wants_master (VigilSyncMember *m)
{
  return FAKE_MEMBER (m)->fsm.want_master;
}

static void
fake_set_sync_gate (VigilSyncMember *m, gboolean gated)
{
  vigil_vrrp_fsm_set_sync_gated (&FAKE_MEMBER (m)->fsm, gated);
}

static void
fake_set_sync_fault (VigilSyncMember *m, const char *cause)
{
  FakeMember *self = FAKE_MEMBER (m);

  if (g_strcmp0 (cause, self->sync_fault) == 0)
    return;
  g_free (self->sync_fault);
  self->sync_fault = g_strdup (cause);
  fake_sync_fault (self, FALSE);
}

static void
fake_sync_to (VigilSyncMember *m, VigilVrrpState state, const char *reason)
{
  FakeMember *self = FAKE_MEMBER (m);

  self->sync_reason = g_strdup (reason);
  fake_event (self, state == VIGIL_VRRP_STATE_MASTER ? VIGIL_VRRP_EVENT_SYNC_MASTER
                                                     : VIGIL_VRRP_EVENT_SYNC_BACKUP, NULL);
  g_clear_pointer (&self->sync_reason, g_free);
}

static void
fake_member_iface_init (VigilSyncMemberInterface *iface)
{
  iface->get_name = fake_get_name;
  iface->get_state = fake_get_state;
  iface->get_priority = fake_get_priority;
  iface->get_own_fault = fake_get_own_fault;
  iface->get_wants_master = fake_get_wants_master;
  iface->set_sync_gate = fake_set_sync_gate;
  iface->set_sync_fault = fake_set_sync_fault;
  iface->sync_to = fake_sync_to;
}

static void
fake_member_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  FakeMember *self = FAKE_MEMBER (object);

  if (id == PROP_OWN_FAULT)
    g_value_set_string (value, self->own_fault);
  else
    g_value_set_boolean (value, self->fsm.want_master);
}

static void
fake_member_finalize (GObject *object)
{
  FakeMember *self = FAKE_MEMBER (object);

  g_free (self->name);
  g_free (self->own_fault);
  g_free (self->sync_fault);
  g_free (self->sync_reason);
  g_free (self->fault_cause);
  g_ptr_array_unref (self->log);
  G_OBJECT_CLASS (fake_member_parent_class)->finalize (object);
}

static void
fake_member_class_init (FakeMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fake_member_get_property;
  object_class->finalize = fake_member_finalize;
  fake_props[PROP_OWN_FAULT] = g_param_spec_string ("own-fault", NULL, NULL, NULL,
                                                    G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY);
  fake_props[PROP_WANTS_MASTER] = g_param_spec_boolean ("wants-master", NULL, NULL, FALSE,
                                                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, fake_props);
  fake_state_changed = g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                     VIGIL_TYPE_VRRP_STATE, VIGIL_TYPE_VRRP_STATE, G_TYPE_STRING);
}

static void
fake_member_init (FakeMember *self)
{
}

/* A gated member (as an instance of a vrrp_sync_group is from its
 * creation), priority `priority`, VRRPv3 every second. */
static FakeMember *
fake_member_new (const char *name, guint8 priority, gboolean start_as_master, GPtrArray *log)
{
  FakeMember *self = g_object_new (FAKE_TYPE_MEMBER, NULL);
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  VigilInetAddr ours = fsm_test_addr (FSM_OURS);

  config.start_as_master = start_as_master;
  self->name = g_strdup (name);
  self->priority = priority;
  self->log = g_ptr_array_ref (log);
  vigil_vrrp_fsm_init (&self->fsm, &config, priority, &ours);
  vigil_vrrp_fsm_set_sync_gated (&self->fsm, TRUE);
  return self;
}

static void
fake_start (FakeMember *self, gint64 now)
{
  self->now = now;
  fake_sync_fault (self, FALSE);
  fake_event (self, VIGIL_VRRP_EVENT_STARTUP, NULL);
}

static void
fake_run_timers (FakeMember *self, gint64 now)
{
  VigilVrrpActions actions;

  self->now = now;
  for (guint guard = 0; guard < 8 && vigil_vrrp_fsm_run_timers (&self->fsm, now, &actions); guard++)
    fake_apply (self, &actions);
}

static void
fake_advert (FakeMember *self, guint8 priority, const char *source, gint64 now)
{
  VigilVrrpAdvertInfo advert = fsm_test_advert (priority, 1 * FSM_SEC, source);

  self->now = now;
  fake_event (self, VIGIL_VRRP_EVENT_ADVERT, &advert);
}

static void
fake_set_own_fault (FakeMember *self, const char *cause, gint64 now)
{
  self->now = now;
  g_free (self->own_fault);
  self->own_fault = g_strdup (cause);
  fake_sync_fault (self, TRUE);
}

/* ---- fixture: group G of VI_1 and VI_2 ---------------------------------- */

typedef struct {
  GPtrArray *log;
  FakeMember *m1, *m2;
  VigilConfSyncGroup conf;
  VigilSyncGroup *group;
} Fixture;

static void
on_group_state_changed (VigilSyncGroup *group, VigilVrrpState old_state, VigilVrrpState new_state,
                        const char *reason, gpointer user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->log, g_strdup_printf ("GROUP %s (%s)", vigil_vrrp_state_to_upper (new_state),
                                            reason));
}

static void
fixture_members (Fixture *f, guint8 p1, guint8 p2, gboolean start_as_master)
{
  f->log = g_ptr_array_new_with_free_func (g_free);
  f->m1 = fake_member_new ("VI_1", p1, start_as_master, f->log);
  f->m2 = fake_member_new ("VI_2", p2, start_as_master, f->log);
  f->conf.name = (char *) "G";
}

static void
fixture_group (Fixture *f)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new ();

  g_ptr_array_add (members, f->m1);
  g_ptr_array_add (members, f->m2);
  f->group = vigil_sync_group_new (&f->conf, members);
  g_signal_connect (f->group, "state-changed", G_CALLBACK (on_group_state_changed), f);
  g_ptr_array_set_size (f->log, 0);
}

static void
fixture_clear (Fixture *f)
{
  g_clear_object (&f->group);
  g_clear_object (&f->m1);
  g_clear_object (&f->m2);
  g_clear_pointer (&f->log, g_ptr_array_unref);
}

static void
assert_log (Fixture *f, const char *const *expected)
{
  guint n = g_strv_length ((char **) expected);

  for (guint i = 0; i < f->log->len; i++)
    g_test_message ("log[%u] %s", i, (const char *) g_ptr_array_index (f->log, i));
  g_assert_cmpuint (f->log->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (f->log, i), ==, expected[i]);
  g_ptr_array_set_size (f->log, 0);
}

/* Both members started, then the group, then both masters together. */
static void
bring_up_as_master (Fixture *f)
{
  fake_start (f->m1, FSM_T0);
  fake_start (f->m2, FSM_T0);
  fixture_group (f);
  fake_run_timers (f->m1, FSM_T0 + 4 * FSM_SEC);
  fake_run_timers (f->m2, FSM_T0 + 4 * FSM_SEC);
  g_assert_cmpint (vigil_sync_group_get_state (f->group), ==, VIGIL_VRRP_STATE_MASTER);
  g_ptr_array_set_size (f->log, 0);
}

/* ---- tests -------------------------------------------------------------------- */

/* keepalived's vrrp_sync_can_goto_master: the first member whose
 * master_down_timer expires waits for the other; then both go. */
static void
test_master_together (void)
{
  Fixture f = { 0 };

  fixture_members (&f, 100, 100, FALSE);
  fake_start (f.m1, FSM_T0);
  fake_start (f.m2, FSM_T0 + 1 * FSM_SEC);
  fixture_group (&f);
  g_assert_cmpint (vigil_sync_group_get_state (f.group), ==, VIGIL_VRRP_STATE_BACKUP);
  g_assert_cmpstr (vigil_sync_group_get_last_transition_reason (f.group), ==, "startup");

  /* VI_1's Master_Down_Interval (3 s + skew) is over: it only wants. */
  fake_run_timers (f.m1, FSM_T0 + 4 * FSM_SEC);
  g_assert_cmpint (f.m1->fsm.state, ==, VIGIL_VRRP_STATE_BACKUP);
  g_assert_true (f.m1->fsm.want_master);
  g_assert_cmpuint (f.log->len, ==, 0);
  g_assert_cmpint (vigil_sync_group_get_state (f.group), ==, VIGIL_VRRP_STATE_BACKUP);

  /* VI_2's too: the group goes master, members first. */
  fake_run_timers (f.m2, FSM_T0 + 5 * FSM_SEC);
  assert_log (&f, (const char *const[]) {
    "VI_1 MASTER (master_down_timer expired; sync group G: every member would be MASTER)",
    "VI_2 MASTER (master_down_timer expired; sync group G: every member would be MASTER)",
    "GROUP MASTER (every member would be MASTER)", NULL });
  g_assert_false (f.m1->fsm.want_master);
  fixture_clear (&f);
}

/* A peer's advert that a member accepts takes its wish away. */
static void
test_wish_withdrawn (void)
{
  Fixture f = { 0 };

  fixture_members (&f, 100, 100, FALSE);
  fake_start (f.m1, FSM_T0);
  fake_start (f.m2, FSM_T0);
  fixture_group (&f);
  fake_run_timers (f.m1, FSM_T0 + 4 * FSM_SEC);
  g_assert_true (f.m1->fsm.want_master);
  fake_advert (f.m1, 200, FSM_PEER_HIGH, FSM_T0 + 4 * FSM_SEC + 100 * FSM_MSEC);
  g_assert_false (f.m1->fsm.want_master);
  fake_run_timers (f.m2, FSM_T0 + 4 * FSM_SEC + 200 * FSM_MSEC);
  g_assert_true (f.m2->fsm.want_master);
  g_assert_cmpint (vigil_sync_group_get_state (f.group), ==, VIGIL_VRRP_STATE_BACKUP);
  g_assert_cmpuint (f.log->len, ==, 0);
  fixture_clear (&f);
}

/* Any member FAULT: all FAULT; the faulty one recovers: all come back. */
static void
test_fault_and_recovery (void)
{
  Fixture f = { 0 };

  fixture_members (&f, 100, 100, FALSE);
  bring_up_as_master (&f);

  f.m1->sent_advert = FALSE;
  fake_set_own_fault (f.m2, "interface veth2 down", FSM_T0 + 10 * FSM_SEC);
  assert_log (&f, (const char *const[]) {
    "VI_2 FAULT (interface veth2 down)",
    "VI_1 FAULT (sync group G: VI_2 in FAULT)",
    "GROUP FAULT (VI_2 in FAULT (interface veth2 down))", NULL });
  /* VI_1 left master through its FSM: a priority-0 advert went out. */
  g_assert_true (f.m1->sent_advert);
  g_assert_cmpuint (f.m1->last_advert_priority, ==, 0);

  fake_set_own_fault (f.m2, NULL, FSM_T0 + 20 * FSM_SEC);
  assert_log (&f, (const char *const[]) {
    "VI_2 BACKUP (fault cleared)",
    "VI_1 BACKUP (fault cleared)",
    "GROUP BACKUP (no member in FAULT any more)", NULL });
  g_assert_true (f.m1->fsm.sync_gated);
  fixture_clear (&f);
}

/* Two members in FAULT of their own: the group stays in FAULT until the
 * last one recovers, and blames one that still is. */
static void
test_two_faults (void)
{
  Fixture f = { 0 };

  fixture_members (&f, 100, 100, FALSE);
  bring_up_as_master (&f);
  fake_set_own_fault (f.m1, "interface veth1 down", FSM_T0 + 10 * FSM_SEC);
  fake_set_own_fault (f.m2, "vrrp_script chk failed", FSM_T0 + 11 * FSM_SEC);
  g_ptr_array_set_size (f.log, 0);

  fake_set_own_fault (f.m1, NULL, FSM_T0 + 12 * FSM_SEC);
  g_assert_cmpuint (f.log->len, ==, 0);
  g_assert_cmpint (f.m1->fsm.state, ==, VIGIL_VRRP_STATE_FAULT);
  g_assert_cmpstr (f.m1->fault_cause, ==, "sync group G: VI_2 in FAULT");
  g_assert_cmpint (vigil_sync_group_get_state (f.group), ==, VIGIL_VRRP_STATE_FAULT);

  fake_set_own_fault (f.m2, NULL, FSM_T0 + 13 * FSM_SEC);
  assert_log (&f, (const char *const[]) {
    "VI_2 BACKUP (fault cleared)",
    "VI_1 BACKUP (fault cleared)",
    "GROUP BACKUP (no member in FAULT any more)", NULL });
  fixture_clear (&f);
}

/* A master member that sees a higher priority takes the group to backup;
 * the others step down with a priority-0 advert. */
static void
test_backup_together (void)
{
  Fixture f = { 0 };

  fixture_members (&f, 100, 100, FALSE);
  bring_up_as_master (&f);
  f.m2->sent_advert = FALSE;
  fake_advert (f.m1, 200, FSM_PEER_HIGH, FSM_T0 + 10 * FSM_SEC);
  assert_log (&f, (const char *const[]) {
    "VI_1 BACKUP (higher priority advert)",
    "VI_2 BACKUP (sync group G: VI_1 BACKUP (higher priority advert))",
    "GROUP BACKUP (VI_1 BACKUP (higher priority advert))", NULL });
  g_assert_true (f.m2->sent_advert);
  g_assert_cmpuint (f.m2->last_advert_priority, ==, 0);
  g_assert_true (f.m1->fsm.sync_gated);
  g_assert_true (f.m2->fsm.sync_gated);
  fixture_clear (&f);
}

/* `state MASTER` on every member: master at once when the group is
 * built; on only some: nobody is master on its own. */
static void
test_configured_master (void)
{
  Fixture f = { 0 };

  fixture_members (&f, 100, 100, TRUE);
  fake_start (f.m1, FSM_T0);
  fake_start (f.m2, FSM_T0);
  g_assert_cmpint (f.m1->fsm.state, ==, VIGIL_VRRP_STATE_BACKUP);
  g_assert_true (f.m1->fsm.want_master);
  fixture_group (&f);
  g_assert_cmpint (vigil_sync_group_get_state (f.group), ==, VIGIL_VRRP_STATE_MASTER);
  g_assert_cmpint (f.m1->fsm.state, ==, VIGIL_VRRP_STATE_MASTER);
  g_assert_cmpint (f.m2->fsm.state, ==, VIGIL_VRRP_STATE_MASTER);
  fixture_clear (&f);
}

/* Built over running members (a reload rebuilt the group): all master
 * stays master without a move; a mix goes backup. */
static void
test_built_over_masters (void)
{
  Fixture f = { 0 };
  VigilVrrpActions actions;

  fixture_members (&f, 100, 100, FALSE);
  vigil_vrrp_fsm_set_sync_gated (&f.m1->fsm, FALSE);
  vigil_vrrp_fsm_set_sync_gated (&f.m2->fsm, FALSE);
  fake_start (f.m1, FSM_T0);
  fake_start (f.m2, FSM_T0);
  fake_run_timers (f.m1, FSM_T0 + 4 * FSM_SEC);
  g_assert_cmpint (f.m1->fsm.state, ==, VIGIL_VRRP_STATE_MASTER);
  fixture_group (&f);
  g_assert_cmpint (vigil_sync_group_get_state (f.group), ==, VIGIL_VRRP_STATE_BACKUP);
  g_assert_cmpint (f.m1->fsm.state, ==, VIGIL_VRRP_STATE_BACKUP);
  g_assert_true (f.m1->fsm.sync_gated);
  g_clear_object (&f.group);

  /* Both master (ungated), then a group: MASTER, nobody moved. */
  vigil_vrrp_fsm_set_sync_gated (&f.m1->fsm, FALSE);
  vigil_vrrp_fsm_set_sync_gated (&f.m2->fsm, FALSE);
  vigil_vrrp_fsm_handle (&f.m1->fsm, VIGIL_VRRP_EVENT_MASTER_DOWN_TIMER, NULL, FSM_T0, &actions);
  vigil_vrrp_fsm_handle (&f.m2->fsm, VIGIL_VRRP_EVENT_MASTER_DOWN_TIMER, NULL, FSM_T0, &actions);
  fixture_group (&f);
  g_assert_cmpint (vigil_sync_group_get_state (f.group), ==, VIGIL_VRRP_STATE_MASTER);
  g_assert_cmpstr (vigil_sync_group_get_last_transition_reason (f.group), ==,
                   "every member is MASTER");
  g_assert_false (f.m1->fsm.sync_gated);
  fixture_clear (&f);
}

/* A member already in FAULT when the group is built: FAULT at once. */
static void
test_built_in_fault (void)
{
  Fixture f = { 0 };

  fixture_members (&f, 100, 100, FALSE);
  f.m2->own_fault = g_strdup ("interface veth2 not found");
  fake_start (f.m1, FSM_T0);
  fake_start (f.m2, FSM_T0);
  fixture_group (&f);
  g_assert_cmpint (vigil_sync_group_get_state (f.group), ==, VIGIL_VRRP_STATE_FAULT);
  g_assert_cmpint (f.m1->fsm.state, ==, VIGIL_VRRP_STATE_FAULT);
  g_assert_cmpstr (f.m1->fault_cause, ==, "sync group G: VI_2 in FAULT");
  /* VI_1's timers are disarmed in FAULT: nothing makes it master. */
  fake_run_timers (f.m1, FSM_T0 + 10 * FSM_SEC);
  g_assert_cmpint (f.m1->fsm.state, ==, VIGIL_VRRP_STATE_FAULT);
  fixture_clear (&f);
}

/* Every member stopped: the group is STOP, and stays so. */
static void
test_stop (void)
{
  Fixture f = { 0 };

  fixture_members (&f, 100, 100, FALSE);
  bring_up_as_master (&f);
  fake_event (f.m1, VIGIL_VRRP_EVENT_SHUTDOWN, NULL);
  g_assert_cmpint (vigil_sync_group_get_state (f.group), ==, VIGIL_VRRP_STATE_MASTER);
  fake_event (f.m2, VIGIL_VRRP_EVENT_SHUTDOWN, NULL);
  assert_log (&f, (const char *const[]) {
    "VI_1 STOP (shutdown)", "VI_2 STOP (shutdown)",
    "GROUP STOP (every member stopped)", NULL });
  fake_set_own_fault (f.m1, "interface veth1 down", FSM_T0 + 20 * FSM_SEC);
  g_assert_cmpint (vigil_sync_group_get_state (f.group), ==, VIGIL_VRRP_STATE_STOP);
  fixture_clear (&f);
}

static void
test_members_and_conf (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) same = g_ptr_array_new ();
  g_autoptr(GPtrArray) other = g_ptr_array_new ();
  VigilConfSyncGroup renamed = { .name = (char *) "G" };

  fixture_members (&f, 100, 100, FALSE);
  fake_start (f.m1, FSM_T0);
  fake_start (f.m2, FSM_T0);
  fixture_group (&f);
  g_ptr_array_add (same, f.m1);
  g_ptr_array_add (same, f.m2);
  g_ptr_array_add (other, f.m2);
  g_ptr_array_add (other, f.m1);
  g_assert_true (vigil_sync_group_has_members (f.group, same));
  g_assert_false (vigil_sync_group_has_members (f.group, other));
  g_assert_false (vigil_sync_group_has_members (f.group, NULL));
  g_assert_cmpuint (vigil_sync_group_get_members (f.group)->len, ==, 2);
  g_assert_cmpstr (vigil_sync_group_get_name (f.group), ==, "G");
  vigil_sync_group_set_conf (f.group, &renamed);
  g_assert_true (vigil_sync_group_get_conf (f.group) == &renamed);
  g_assert_cmpint (vigil_sync_group_get_last_transition (f.group), >, 0);
  fixture_clear (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync-group/master-together", test_master_together);
  g_test_add_func ("/sync-group/wish-withdrawn", test_wish_withdrawn);
  g_test_add_func ("/sync-group/fault-and-recovery", test_fault_and_recovery);
  g_test_add_func ("/sync-group/two-faults", test_two_faults);
  g_test_add_func ("/sync-group/backup-together", test_backup_together);
  g_test_add_func ("/sync-group/configured-master", test_configured_master);
  g_test_add_func ("/sync-group/built-over-masters", test_built_over_masters);
  g_test_add_func ("/sync-group/built-in-fault", test_built_in_fault);
  g_test_add_func ("/sync-group/stop", test_stop);
  g_test_add_func ("/sync-group/members-and-conf", test_members_and_conf);
  return g_test_run ();
}
