/* test-fsm.c - VRRP state machine: names, formulas, startup, the (state,
 * event) matrix, timers bookkeeping, fault, shutdown and stop.
 *
 * Timer rhythm is in test-fsm-timers.c, advert handling and preemption
 * in test-fsm-adverts.c.
 */
#include "fsm-test-util.h"

/* ---- names ---------------------------------------------------------------- */

static void
test_state_names (void)
{
  static const struct {
    VigilVrrpState state;
    const char *lower;
    const char *upper;
  } cases[] = {
    { VIGIL_VRRP_STATE_INIT, "init", "INIT" },
    { VIGIL_VRRP_STATE_BACKUP, "backup", "BACKUP" },
    { VIGIL_VRRP_STATE_MASTER, "master", "MASTER" },
    { VIGIL_VRRP_STATE_FAULT, "fault", "FAULT" },
    { VIGIL_VRRP_STATE_STOP, "stop", "STOP" },
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (cases) == VIGIL_VRRP_N_STATES);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (vigil_vrrp_state_to_string (cases[i].state), ==, cases[i].lower);
      g_assert_cmpstr (vigil_vrrp_state_to_upper (cases[i].state), ==, cases[i].upper);
    }
}

static void
test_event_names (void)
{
  static const char *const names[] = {
    [VIGIL_VRRP_EVENT_STARTUP] = "startup",
    [VIGIL_VRRP_EVENT_SHUTDOWN] = "shutdown",
    [VIGIL_VRRP_EVENT_MASTER_DOWN_TIMER] = "master_down_timer",
    [VIGIL_VRRP_EVENT_ADVER_TIMER] = "adver_timer",
    [VIGIL_VRRP_EVENT_ADVERT] = "advert",
    [VIGIL_VRRP_EVENT_FAULT] = "fault",
    [VIGIL_VRRP_EVENT_FAULT_CLEARED] = "fault_cleared",
    [VIGIL_VRRP_EVENT_SYNC_MASTER] = "sync_master",
    [VIGIL_VRRP_EVENT_SYNC_BACKUP] = "sync_backup",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == VIGIL_VRRP_N_EVENTS);
  for (guint i = 0; i < VIGIL_VRRP_N_EVENTS; i++)
    g_assert_cmpstr (vigil_vrrp_event_to_string (i), ==, names[i]);
}

static void
test_reason_names (void)
{
  static const char *const names[] = {
    [VIGIL_VRRP_REASON_NONE] = "none",
    [VIGIL_VRRP_REASON_STARTUP] = "startup",
    [VIGIL_VRRP_REASON_ADDRESS_OWNER] = "address owner (priority 255)",
    [VIGIL_VRRP_REASON_CONFIGURED_MASTER] = "configured state MASTER",
    [VIGIL_VRRP_REASON_MASTER_DOWN_TIMER] = "master_down_timer expired",
    [VIGIL_VRRP_REASON_PRIORITY_ZERO] = "master released (priority 0 advert)",
    [VIGIL_VRRP_REASON_HIGHER_PRIORITY] = "higher priority advert",
    [VIGIL_VRRP_REASON_EQUAL_PRIORITY_HIGHER_ADDRESS] = "equal priority advert from higher address",
    [VIGIL_VRRP_REASON_PREEMPT_DELAY] = "preempt_delay expired",
    [VIGIL_VRRP_REASON_FAULT] = "fault",
    [VIGIL_VRRP_REASON_FAULT_CLEARED] = "fault cleared",
    [VIGIL_VRRP_REASON_SHUTDOWN] = "shutdown",
    [VIGIL_VRRP_REASON_RELEASED] = "released by operator",
    [VIGIL_VRRP_REASON_SYNC_GROUP] = "sync group",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == VIGIL_VRRP_N_REASONS);
  for (guint i = 0; i < VIGIL_VRRP_N_REASONS; i++)
    g_assert_cmpstr (vigil_vrrp_reason_to_string (i), ==, names[i]);
}

/* Out of range is a programming error: a critical, and a name that
 * still prints. */
static void
test_names_out_of_range (void)
{
  g_test_expect_message ("vigil-vrrp", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  g_assert_cmpstr (vigil_vrrp_state_to_string (VIGIL_VRRP_N_STATES), ==, "invalid");
  g_test_assert_expected_messages ();
  g_test_expect_message ("vigil-vrrp", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  g_assert_cmpstr (vigil_vrrp_state_to_upper (VIGIL_VRRP_N_STATES), ==, "INVALID");
  g_test_assert_expected_messages ();
  g_test_expect_message ("vigil-vrrp", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  g_assert_cmpstr (vigil_vrrp_event_to_string (VIGIL_VRRP_N_EVENTS), ==, "invalid");
  g_test_assert_expected_messages ();
  g_test_expect_message ("vigil-vrrp", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  g_assert_cmpstr (vigil_vrrp_reason_to_string (VIGIL_VRRP_N_REASONS), ==, "invalid");
  g_test_assert_expected_messages ();
}

/* ---- Skew_Time and Master_Down_Interval ------------------------------------ */

/* RFC 3768 §6.1: Skew_Time = (256 - Priority) / 256 s, whatever the interval.
 * RFC 5798 §6.1: Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256.
 * Both: Master_Down_Interval = 3 * interval + Skew_Time.
 * Expected values are the exact ones truncated to the microsecond. */
typedef struct {
  guint8 version;
  guint8 priority;
  gint64 interval;
  gint64 skew;
  gint64 mdi;
} FormulaCase;

static const FormulaCase formula_cases[] = {
  { 2, 1, 10 * FSM_MSEC, 996093, 1026093 },
  { 2, 1, 100 * FSM_MSEC, 996093, 1296093 },
  { 2, 1, 1 * FSM_SEC, 996093, 3996093 },
  { 2, 1, 40950 * FSM_MSEC, 996093, 123846093 },
  { 2, 100, 10 * FSM_MSEC, 609375, 639375 },
  { 2, 100, 100 * FSM_MSEC, 609375, 909375 },
  { 2, 100, 1 * FSM_SEC, 609375, 3609375 },
  { 2, 100, 40950 * FSM_MSEC, 609375, 123459375 },
  { 2, 200, 10 * FSM_MSEC, 218750, 248750 },
  { 2, 200, 100 * FSM_MSEC, 218750, 518750 },
  { 2, 200, 1 * FSM_SEC, 218750, 3218750 },
  { 2, 200, 40950 * FSM_MSEC, 218750, 123068750 },
  { 2, 254, 10 * FSM_MSEC, 7812, 37812 },
  { 2, 254, 100 * FSM_MSEC, 7812, 307812 },
  { 2, 254, 1 * FSM_SEC, 7812, 3007812 },
  { 2, 254, 40950 * FSM_MSEC, 7812, 122857812 },
  { 3, 1, 10 * FSM_MSEC, 9960, 39960 },
  { 3, 1, 100 * FSM_MSEC, 99609, 399609 },
  { 3, 1, 1 * FSM_SEC, 996093, 3996093 },
  { 3, 1, 40950 * FSM_MSEC, 40790039, 163640039 },
  { 3, 100, 10 * FSM_MSEC, 6093, 36093 },
  { 3, 100, 100 * FSM_MSEC, 60937, 360937 },
  { 3, 100, 1 * FSM_SEC, 609375, 3609375 },
  { 3, 100, 40950 * FSM_MSEC, 24953906, 147803906 },
  { 3, 200, 10 * FSM_MSEC, 2187, 32187 },
  { 3, 200, 100 * FSM_MSEC, 21875, 321875 },
  { 3, 200, 1 * FSM_SEC, 218750, 3218750 },
  { 3, 200, 40950 * FSM_MSEC, 8957812, 131807812 },
  { 3, 254, 10 * FSM_MSEC, 78, 30078 },
  { 3, 254, 100 * FSM_MSEC, 781, 300781 },
  { 3, 254, 1 * FSM_SEC, 7812, 3007812 },
  { 3, 254, 40950 * FSM_MSEC, 319921, 123169921 },
};

static void
test_formulas (gconstpointer data)
{
  const FormulaCase *c = data;
  VigilVrrpFsmConfig config = fsm_test_config (c->version, c->interval);
  VigilVrrpFsm fsm;

  vigil_vrrp_fsm_init (&fsm, &config, c->priority, NULL);
  g_assert_cmpint (vigil_vrrp_fsm_skew_time (&fsm), ==, c->skew);
  g_assert_cmpint (vigil_vrrp_fsm_master_down_interval (&fsm), ==, c->mdi);
}

/* Normal startup (RFC 5798 §6.4.1): Backup, master_down_timer at exactly
 * now + Master_Down_Interval, nothing to send, nothing to take. */
static void
test_startup_backup (gconstpointer data)
{
  const FormulaCase *c = data;
  VigilVrrpFsmConfig config = fsm_test_config (c->version, c->interval);
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  fsm_test_start (&fsm, &config, c->priority, FSM_T0, &actions);
  fsm_test_assert_transition (&actions, VIGIL_VRRP_STATE_INIT, VIGIL_VRRP_STATE_BACKUP,
                              VIGIL_VRRP_REASON_STARTUP);
  g_assert_cmpint (fsm.state, ==, VIGIL_VRRP_STATE_BACKUP);
  g_assert_false (actions.send_advert);
  g_assert_false (actions.take_addresses);
  g_assert_false (actions.release_addresses);
  g_assert_false (vigil_inet_addr_is_set (&actions.reason_address));
  g_assert_cmpint (fsm.master_adver_interval, ==, c->interval);
  g_assert_cmpint (fsm.master_down_deadline, ==, FSM_T0 + c->mdi);
  g_assert_cmpint (fsm.adver_deadline, ==, 0);
  g_assert_cmpint (fsm.preempt_deadline, ==, 0);
  g_assert_cmpint (vigil_vrrp_fsm_next_deadline (&fsm), ==, FSM_T0 + c->mdi);
}

/* ---- startup as master ------------------------------------------------------ */

typedef struct {
  const char *name;
  guint8 priority;
  gboolean start_as_master;
  gboolean preempt;
  VigilVrrpReason reason;
} MasterStartCase;

static const MasterStartCase master_start_cases[] = {
  { "owner", 255, FALSE, TRUE, VIGIL_VRRP_REASON_ADDRESS_OWNER },
  { "owner-nopreempt", 255, FALSE, FALSE, VIGIL_VRRP_REASON_ADDRESS_OWNER },
  { "owner-configured", 255, TRUE, TRUE, VIGIL_VRRP_REASON_ADDRESS_OWNER },
  { "configured", 100, TRUE, TRUE, VIGIL_VRRP_REASON_CONFIGURED_MASTER },
  { "configured-low", 1, TRUE, FALSE, VIGIL_VRRP_REASON_CONFIGURED_MASTER },
};

static void
test_startup_master (gconstpointer data)
{
  const MasterStartCase *c = data;
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  VigilInetAddr ours = fsm_test_addr (FSM_OURS);
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  config.start_as_master = c->start_as_master;
  config.preempt = c->preempt;
  config.preempt_delay = 5 * FSM_SEC;  /* irrelevant to a master */
  fsm_test_start (&fsm, &config, c->priority, FSM_T0, &actions);
  fsm_test_assert_became_master (&fsm, &actions, VIGIL_VRRP_STATE_INIT, c->reason, FSM_T0);
  g_assert_cmpuint (actions.advert_priority, ==, c->priority);
  g_assert_false (actions.release_addresses);
  g_assert_true (vigil_inet_addr_equal (&fsm.master_address, &ours));
  g_assert_cmpuint (fsm.master_priority, ==, c->priority);
  g_assert_cmpint (vigil_vrrp_fsm_next_deadline (&fsm), ==, FSM_T0 + FSM_SEC);
}

/* ---- the (state, event) matrix ---------------------------------------------- */

typedef enum {
  PAIR_IGNORED,   /* nothing at all changes, not even a byte of the FSM */
  PAIR_QUIET,     /* no action, no state change; only the fault flag may move */
  PAIR_HANDLED,   /* something happens (tested in detail elsewhere) */
} PairKind;

/* What RFC 5798 §6.4 and fsm.h expect of each pair. Timer events reach
 * the FSM through run_timers, but handle() must be safe with them too. */
static const PairKind pair_kinds[VIGIL_VRRP_N_STATES][VIGIL_VRRP_N_EVENTS] = {
  [VIGIL_VRRP_STATE_INIT] = {
    [VIGIL_VRRP_EVENT_STARTUP] = PAIR_HANDLED,
    [VIGIL_VRRP_EVENT_SHUTDOWN] = PAIR_HANDLED,
    [VIGIL_VRRP_EVENT_MASTER_DOWN_TIMER] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_ADVER_TIMER] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_ADVERT] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_FAULT] = PAIR_QUIET,
    [VIGIL_VRRP_EVENT_FAULT_CLEARED] = PAIR_QUIET,
    [VIGIL_VRRP_EVENT_SYNC_MASTER] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_SYNC_BACKUP] = PAIR_IGNORED,
  },
  [VIGIL_VRRP_STATE_BACKUP] = {
    [VIGIL_VRRP_EVENT_STARTUP] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_SHUTDOWN] = PAIR_HANDLED,
    [VIGIL_VRRP_EVENT_MASTER_DOWN_TIMER] = PAIR_HANDLED,
    [VIGIL_VRRP_EVENT_ADVER_TIMER] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_ADVERT] = PAIR_HANDLED,
    [VIGIL_VRRP_EVENT_FAULT] = PAIR_HANDLED,
    [VIGIL_VRRP_EVENT_FAULT_CLEARED] = PAIR_QUIET,
    [VIGIL_VRRP_EVENT_SYNC_MASTER] = PAIR_HANDLED,
    [VIGIL_VRRP_EVENT_SYNC_BACKUP] = PAIR_IGNORED,
  },
  [VIGIL_VRRP_STATE_MASTER] = {
    [VIGIL_VRRP_EVENT_STARTUP] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_SHUTDOWN] = PAIR_HANDLED,
    [VIGIL_VRRP_EVENT_MASTER_DOWN_TIMER] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_ADVER_TIMER] = PAIR_HANDLED,
    [VIGIL_VRRP_EVENT_ADVERT] = PAIR_HANDLED,
    [VIGIL_VRRP_EVENT_FAULT] = PAIR_HANDLED,
    [VIGIL_VRRP_EVENT_FAULT_CLEARED] = PAIR_QUIET,
    [VIGIL_VRRP_EVENT_SYNC_MASTER] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_SYNC_BACKUP] = PAIR_HANDLED,
  },
  [VIGIL_VRRP_STATE_FAULT] = {
    [VIGIL_VRRP_EVENT_STARTUP] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_SHUTDOWN] = PAIR_HANDLED,
    [VIGIL_VRRP_EVENT_MASTER_DOWN_TIMER] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_ADVER_TIMER] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_ADVERT] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_FAULT] = PAIR_QUIET,
    [VIGIL_VRRP_EVENT_FAULT_CLEARED] = PAIR_HANDLED,
    [VIGIL_VRRP_EVENT_SYNC_MASTER] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_SYNC_BACKUP] = PAIR_IGNORED,
  },
  [VIGIL_VRRP_STATE_STOP] = {
    [VIGIL_VRRP_EVENT_STARTUP] = PAIR_HANDLED,
    [VIGIL_VRRP_EVENT_SHUTDOWN] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_MASTER_DOWN_TIMER] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_ADVER_TIMER] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_ADVERT] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_FAULT] = PAIR_QUIET,
    [VIGIL_VRRP_EVENT_FAULT_CLEARED] = PAIR_QUIET,
    [VIGIL_VRRP_EVENT_SYNC_MASTER] = PAIR_IGNORED,
    [VIGIL_VRRP_EVENT_SYNC_BACKUP] = PAIR_IGNORED,
  },
};

/* Brings a fresh FSM (priority 100, v3, 1 s) into `state` at FSM_T0. */
static void
fsm_enter_state (VigilVrrpFsm *fsm, VigilVrrpState state)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  VigilInetAddr ours = fsm_test_addr (FSM_OURS);
  VigilVrrpActions actions;

  config.start_as_master = state == VIGIL_VRRP_STATE_MASTER;
  vigil_vrrp_fsm_init (fsm, &config, 100, &ours);
  if (state == VIGIL_VRRP_STATE_INIT)
    return;
  vigil_vrrp_fsm_handle (fsm, VIGIL_VRRP_EVENT_STARTUP, NULL, FSM_T0, &actions);
  if (state == VIGIL_VRRP_STATE_FAULT)
    vigil_vrrp_fsm_handle (fsm, VIGIL_VRRP_EVENT_FAULT, NULL, FSM_T0, &actions);
  else if (state == VIGIL_VRRP_STATE_STOP)
    vigil_vrrp_fsm_handle (fsm, VIGIL_VRRP_EVENT_SHUTDOWN, NULL, FSM_T0, &actions);
  g_assert_cmpint (fsm->state, ==, state);
}

static void
test_matrix (void)
{
  /* A higher-priority advert: every state that handles adverts reacts. */
  VigilVrrpAdvertInfo advert = fsm_test_advert (200, 1 * FSM_SEC, FSM_PEER_HIGH);

  for (guint s = 0; s < VIGIL_VRRP_N_STATES; s++)
    for (guint e = 0; e < VIGIL_VRRP_N_EVENTS; e++)
      {
        VigilVrrpFsm fsm, before;
        VigilVrrpActions actions;
        gboolean idle;

        g_test_message ("state %s, event %s", vigil_vrrp_state_to_string (s),
                        vigil_vrrp_event_to_string (e));
        fsm_enter_state (&fsm, s);
        memcpy (&before, &fsm, sizeof fsm);
        memset (&actions, 0xa5, sizeof actions);  /* must be overwritten */
        vigil_vrrp_fsm_handle (&fsm, e, e == VIGIL_VRRP_EVENT_ADVERT ? &advert : NULL,
                               FSM_T0 + FSM_SEC, &actions);

        idle = !actions.send_advert && !actions.take_addresses
               && !actions.release_addresses && !actions.state_changed;
        switch (pair_kinds[s][e])
          {
          case PAIR_IGNORED:
            fsm_test_assert_idle (&actions, s);
            g_assert_cmpmem (&fsm, sizeof fsm, &before, sizeof before);
            break;
          case PAIR_QUIET:
            fsm_test_assert_idle (&actions, s);
            g_assert_cmpint (fsm.state, ==, s);
            before.in_fault = fsm.in_fault;
            g_assert_cmpmem (&fsm, sizeof fsm, &before, sizeof before);
            break;
          case PAIR_HANDLED:
            g_assert_true (!idle || memcmp (&fsm, &before, sizeof fsm) != 0);
            break;
          default:
            g_assert_not_reached ();
          }
      }
}

/* handle() with an advert event but no advert is a caller bug. */
static void
test_handle_preconditions (void)
{
  VigilVrrpActions actions;
  VigilVrrpFsm fsm, before;

  fsm_enter_state (&fsm, VIGIL_VRRP_STATE_BACKUP);
  memcpy (&before, &fsm, sizeof fsm);
  g_test_expect_message ("vigil-vrrp", G_LOG_LEVEL_CRITICAL, "*advert != NULL*");
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_ADVERT, NULL, FSM_T0, &actions);
  g_test_assert_expected_messages ();
  g_test_expect_message ("vigil-vrrp", G_LOG_LEVEL_CRITICAL, "*VIGIL_VRRP_N_EVENTS*");
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_N_EVENTS, NULL, FSM_T0, &actions);
  g_test_assert_expected_messages ();
  g_assert_cmpmem (&fsm, sizeof fsm, &before, sizeof before);
}

/* ---- next_deadline and run_timers --------------------------------------- */

static void
test_next_deadline (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  VigilVrrpFsm fsm;

  vigil_vrrp_fsm_init (&fsm, &config, 100, NULL);
  g_assert_cmpint (vigil_vrrp_fsm_next_deadline (&fsm), ==, 0);

  /* Each timer alone, then every combination: the earliest wins and a
   * disarmed (0) timer never does. */
  for (guint mask = 1; mask < 8; mask++)
    {
      gint64 values[3] = { FSM_T0 + 3, FSM_T0 + 1, FSM_T0 + 2 };
      gint64 expected = 0;

      for (guint i = 0; i < 3; i++)
        {
          if (!(mask & (1u << i)))
            values[i] = 0;
          else if (expected == 0 || values[i] < expected)
            expected = values[i];
        }
      fsm.adver_deadline = values[0];
      fsm.master_down_deadline = values[1];
      fsm.preempt_deadline = values[2];
      g_assert_cmpint (vigil_vrrp_fsm_next_deadline (&fsm), ==, expected);
    }
}

static void
test_run_timers_nothing_due (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  VigilVrrpActions actions;
  VigilVrrpFsm fsm, before;

  /* Nothing armed at all. */
  vigil_vrrp_fsm_init (&fsm, &config, 100, NULL);
  memset (&actions, 0xa5, sizeof actions);
  g_assert_false (vigil_vrrp_fsm_run_timers (&fsm, G_MAXINT64, &actions));
  fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_INIT);

  /* Armed but not yet due: 1 µs before the earliest deadline. */
  fsm_enter_state (&fsm, VIGIL_VRRP_STATE_BACKUP);
  memcpy (&before, &fsm, sizeof fsm);
  memset (&actions, 0xa5, sizeof actions);
  g_assert_false (vigil_vrrp_fsm_run_timers (&fsm, vigil_vrrp_fsm_next_deadline (&fsm) - 1,
                                             &actions));
  fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_BACKUP);
  g_assert_cmpmem (&fsm, sizeof fsm, &before, sizeof before);
}

/* Two timers overdue at once (preempt_delay ended with no master seen,
 * and master_down_timer): one per call, never both in one. */
static void
test_run_timers_one_per_call (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  gint64 now = FSM_T0 + 60 * FSM_SEC;
  guint calls = 0, transitions = 0;
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  config.preempt_delay = 1 * FSM_SEC;
  fsm_test_start (&fsm, &config, 100, FSM_T0, &actions);
  g_assert_cmpint (vigil_vrrp_fsm_next_deadline (&fsm), ==, FSM_T0 + FSM_SEC);

  while (vigil_vrrp_fsm_run_timers (&fsm, now, &actions))
    {
      calls++;
      g_assert_cmpuint (calls, <=, 2);
      if (actions.state_changed)
        {
          transitions++;
          fsm_test_assert_became_master (&fsm, &actions, VIGIL_VRRP_STATE_BACKUP,
                                         VIGIL_VRRP_REASON_MASTER_DOWN_TIMER, now);
        }
    }
  g_assert_cmpuint (calls, >=, 1);
  g_assert_cmpuint (transitions, ==, 1);
  fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_MASTER);
  g_assert_cmpint (vigil_vrrp_fsm_next_deadline (&fsm), ==, now + FSM_SEC);
}

/* ---- fault ---------------------------------------------------------------- */

static void
test_fault_from_backup (void)
{
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  fsm_enter_state (&fsm, VIGIL_VRRP_STATE_BACKUP);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_FAULT, NULL, FSM_T0 + 1, &actions);
  fsm_test_assert_transition (&actions, VIGIL_VRRP_STATE_BACKUP, VIGIL_VRRP_STATE_FAULT,
                              VIGIL_VRRP_REASON_FAULT);
  g_assert_false (actions.send_advert);
  g_assert_false (actions.take_addresses);
  g_assert_false (actions.release_addresses);
  g_assert_true (fsm.in_fault);
  g_assert_cmpint (vigil_vrrp_fsm_next_deadline (&fsm), ==, 0);
}

/* A master in fault tells the others at once (priority 0) and gives the
 * addresses back. */
static void
test_fault_from_master (void)
{
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  fsm_enter_state (&fsm, VIGIL_VRRP_STATE_MASTER);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_FAULT, NULL, FSM_T0 + 1, &actions);
  fsm_test_assert_transition (&actions, VIGIL_VRRP_STATE_MASTER, VIGIL_VRRP_STATE_FAULT,
                              VIGIL_VRRP_REASON_FAULT);
  g_assert_true (actions.send_advert);
  g_assert_cmpuint (actions.advert_priority, ==, 0);
  g_assert_false (actions.take_addresses);
  g_assert_true (actions.release_addresses);
  g_assert_cmpint (vigil_vrrp_fsm_next_deadline (&fsm), ==, 0);

  /* Nothing fires while in fault, however long it lasts. */
  g_assert_false (vigil_vrrp_fsm_run_timers (&fsm, FSM_T0 + 3600 * FSM_SEC, &actions));
}

/* A fault reported before startup keeps the instance in Fault from the
 * start; the owner is no exception. */
static void
test_fault_during_init (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  static const guint8 priorities[] = { 100, 255 };

  for (guint i = 0; i < G_N_ELEMENTS (priorities); i++)
    {
      VigilVrrpActions actions;
      VigilVrrpFsm fsm;

      vigil_vrrp_fsm_init (&fsm, &config, priorities[i], NULL);
      vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_FAULT, NULL, FSM_T0, &actions);
      fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_INIT);
      g_assert_true (fsm.in_fault);

      vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_STARTUP, NULL, FSM_T0 + 1, &actions);
      fsm_test_assert_transition (&actions, VIGIL_VRRP_STATE_INIT, VIGIL_VRRP_STATE_FAULT,
                                  VIGIL_VRRP_REASON_FAULT);
      g_assert_false (actions.send_advert);
      g_assert_false (actions.take_addresses);
      g_assert_false (actions.release_addresses);
      g_assert_cmpint (vigil_vrrp_fsm_next_deadline (&fsm), ==, 0);
    }
}

/* A fault that came and went before startup leaves no trace. */
static void
test_fault_cleared_during_init (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  vigil_vrrp_fsm_init (&fsm, &config, 100, NULL);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_FAULT, NULL, FSM_T0, &actions);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_FAULT_CLEARED, NULL, FSM_T0, &actions);
  fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_INIT);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_STARTUP, NULL, FSM_T0, &actions);
  g_assert_cmpint (fsm.state, ==, VIGIL_VRRP_STATE_BACKUP);
}

typedef struct {
  const char *name;
  guint8 priority;
  VigilVrrpState state;
  VigilVrrpReason reason;
} FaultClearedCase;

static const FaultClearedCase fault_cleared_cases[] = {
  { "backup", 100, VIGIL_VRRP_STATE_BACKUP, VIGIL_VRRP_REASON_FAULT_CLEARED },
  { "owner", 255, VIGIL_VRRP_STATE_MASTER, VIGIL_VRRP_REASON_ADDRESS_OWNER },
};

static void
test_fault_cleared (gconstpointer data)
{
  const FaultClearedCase *c = data;
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  gint64 now = FSM_T0 + 10 * FSM_SEC;
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  fsm_test_start (&fsm, &config, c->priority, FSM_T0, &actions);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_FAULT, NULL, FSM_T0 + 1, &actions);
  /* A second report of the same fault changes nothing. */
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_FAULT, NULL, FSM_T0 + 2, &actions);
  fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_FAULT);

  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_FAULT_CLEARED, NULL, now, &actions);
  fsm_test_assert_transition (&actions, VIGIL_VRRP_STATE_FAULT, c->state, c->reason);
  g_assert_false (fsm.in_fault);
  g_assert_false (actions.release_addresses);
  if (c->state == VIGIL_VRRP_STATE_MASTER)
    fsm_test_assert_became_master (&fsm, &actions, VIGIL_VRRP_STATE_FAULT, c->reason, now);
  else
    {
      g_assert_false (actions.send_advert);
      g_assert_false (actions.take_addresses);
      g_assert_cmpint (fsm.master_down_deadline, ==,
                       now + vigil_vrrp_fsm_master_down_interval (&fsm));
      g_assert_cmpint (vigil_vrrp_fsm_master_down_interval (&fsm), ==, 3609375);
    }
}

/* Fault is a fresh start: a v3 backup forgets the interval it learned
 * from the old master and counts from its own again. */
static void
test_fault_cleared_forgets_interval (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  gint64 now = FSM_T0 + 10 * FSM_SEC;
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  fsm_test_start (&fsm, &config, 100, FSM_T0, &actions);
  fsm_test_feed (&fsm, 200, 4 * FSM_SEC, FSM_PEER_HIGH, FSM_T0 + 1, &actions);
  g_assert_cmpint (fsm.master_adver_interval, ==, 4 * FSM_SEC);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_FAULT, NULL, FSM_T0 + 2, &actions);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_FAULT_CLEARED, NULL, now, &actions);
  g_assert_cmpint (fsm.state, ==, VIGIL_VRRP_STATE_BACKUP);
  g_assert_cmpint (fsm.master_adver_interval, ==, FSM_SEC);
  g_assert_cmpint (fsm.master_down_deadline, ==, now + 3609375);
}

/* ---- shutdown and stop ----------------------------------------------------- */

typedef struct {
  VigilVrrpState from;
  gboolean sends_priority_zero;
} ShutdownCase;

static const ShutdownCase shutdown_cases[] = {
  { VIGIL_VRRP_STATE_INIT, FALSE },
  { VIGIL_VRRP_STATE_BACKUP, FALSE },
  { VIGIL_VRRP_STATE_MASTER, TRUE },
  { VIGIL_VRRP_STATE_FAULT, FALSE },
};

/* RFC 5798 §6.4.2/§6.4.3 Shutdown: a master cancels adver_timer, sends
 * priority 0 and leaves; a backup only cancels master_down_timer. */
static void
test_shutdown (gconstpointer data)
{
  const ShutdownCase *c = data;
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  fsm_enter_state (&fsm, c->from);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_SHUTDOWN, NULL, FSM_T0 + 1, &actions);
  fsm_test_assert_transition (&actions, c->from, VIGIL_VRRP_STATE_STOP,
                              VIGIL_VRRP_REASON_SHUTDOWN);
  g_assert_cmpint (actions.send_advert, ==, c->sends_priority_zero);
  g_assert_cmpuint (actions.advert_priority, ==, 0);
  g_assert_cmpint (actions.release_addresses, ==, c->sends_priority_zero);
  g_assert_false (actions.take_addresses);
  g_assert_cmpint (vigil_vrrp_fsm_next_deadline (&fsm), ==, 0);
}

/* Stopped: timers are gone, adverts of any kind are ignored; STARTUP
 * begins afresh and forgets what a v3 backup had learned. */
static void
test_stop_then_restart (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  static const guint8 priorities[] = { 0, 1, 100, 255 };
  VigilVrrpActions actions;
  VigilVrrpFsm fsm, before;

  fsm_test_start (&fsm, &config, 100, FSM_T0, &actions);
  fsm_test_feed (&fsm, 200, 4 * FSM_SEC, FSM_PEER_HIGH, FSM_T0 + 1, &actions);
  g_assert_cmpint (fsm.master_adver_interval, ==, 4 * FSM_SEC);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_SHUTDOWN, NULL, FSM_T0 + 2, &actions);
  memcpy (&before, &fsm, sizeof fsm);

  for (guint i = 0; i < G_N_ELEMENTS (priorities); i++)
    {
      fsm_test_feed (&fsm, priorities[i], FSM_SEC, FSM_PEER_LOW, FSM_T0 + 3, &actions);
      fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_STOP);
    }
  for (gint64 t = FSM_T0; t < FSM_T0 + 3600 * FSM_SEC; t += 7 * FSM_SEC)
    {
      g_assert_false (vigil_vrrp_fsm_run_timers (&fsm, t, &actions));
      fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_STOP);
    }
  g_assert_cmpmem (&fsm, sizeof fsm, &before, sizeof before);

  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_STARTUP, NULL, FSM_T0 + 100, &actions);
  fsm_test_assert_transition (&actions, VIGIL_VRRP_STATE_STOP, VIGIL_VRRP_STATE_BACKUP,
                              VIGIL_VRRP_REASON_STARTUP);
  g_assert_cmpint (fsm.master_adver_interval, ==, FSM_SEC);
  g_assert_cmpint (fsm.master_down_deadline, ==, FSM_T0 + 100 + 3609375);
}

/* fsm.h: in_fault is "a fault is pending (Init/Stop aside)", and Init
 * records a fault and its clearing before startup. Stop should do the
 * same, or a restart comes up in the wrong state. */
static void
test_fault_cleared_while_stopped (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  fsm_test_start (&fsm, &config, 100, FSM_T0, &actions);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_FAULT, NULL, FSM_T0 + 1, &actions);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_SHUTDOWN, NULL, FSM_T0 + 2, &actions);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_FAULT_CLEARED, NULL, FSM_T0 + 3, &actions);
  fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_STOP);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_STARTUP, NULL, FSM_T0 + 4, &actions);
  fsm_test_assert_transition (&actions, VIGIL_VRRP_STATE_STOP, VIGIL_VRRP_STATE_BACKUP,
                              VIGIL_VRRP_REASON_STARTUP);
}

static void
test_fault_reported_while_stopped (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  fsm_test_start (&fsm, &config, 100, FSM_T0, &actions);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_SHUTDOWN, NULL, FSM_T0 + 1, &actions);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_FAULT, NULL, FSM_T0 + 2, &actions);
  fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_STOP);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_STARTUP, NULL, FSM_T0 + 3, &actions);
  fsm_test_assert_transition (&actions, VIGIL_VRRP_STATE_STOP, VIGIL_VRRP_STATE_FAULT,
                              VIGIL_VRRP_REASON_FAULT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vrrp/fsm/names/state", test_state_names);
  g_test_add_func ("/vrrp/fsm/names/event", test_event_names);
  g_test_add_func ("/vrrp/fsm/names/reason", test_reason_names);
  g_test_add_func ("/vrrp/fsm/names/out-of-range", test_names_out_of_range);

  for (guint i = 0; i < G_N_ELEMENTS (formula_cases); i++)
    {
      const FormulaCase *c = &formula_cases[i];
      g_autofree char *suffix = g_strdup_printf ("v%u/prio-%u/interval-%" G_GINT64_FORMAT "us",
                                                 c->version, c->priority, c->interval);
      g_autofree char *formula = g_strconcat ("/vrrp/fsm/formulas/", suffix, NULL);
      g_autofree char *startup = g_strconcat ("/vrrp/fsm/startup/backup/", suffix, NULL);

      g_test_add_data_func (formula, c, test_formulas);
      g_test_add_data_func (startup, c, test_startup_backup);
    }
  for (guint i = 0; i < G_N_ELEMENTS (master_start_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/vrrp/fsm/startup/master/",
                                           master_start_cases[i].name, NULL);
      g_test_add_data_func (path, &master_start_cases[i], test_startup_master);
    }

  g_test_add_func ("/vrrp/fsm/matrix", test_matrix);
  g_test_add_func ("/vrrp/fsm/handle/preconditions", test_handle_preconditions);
  g_test_add_func ("/vrrp/fsm/timers/next-deadline", test_next_deadline);
  g_test_add_func ("/vrrp/fsm/timers/nothing-due", test_run_timers_nothing_due);
  g_test_add_func ("/vrrp/fsm/timers/one-per-call", test_run_timers_one_per_call);

  g_test_add_func ("/vrrp/fsm/fault/from-backup", test_fault_from_backup);
  g_test_add_func ("/vrrp/fsm/fault/from-master", test_fault_from_master);
  g_test_add_func ("/vrrp/fsm/fault/during-init", test_fault_during_init);
  g_test_add_func ("/vrrp/fsm/fault/cleared-during-init", test_fault_cleared_during_init);
  for (guint i = 0; i < G_N_ELEMENTS (fault_cleared_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/vrrp/fsm/fault/cleared/",
                                           fault_cleared_cases[i].name, NULL);
      g_test_add_data_func (path, &fault_cleared_cases[i], test_fault_cleared);
    }
  g_test_add_func ("/vrrp/fsm/fault/cleared-forgets-interval",
                   test_fault_cleared_forgets_interval);
  g_test_add_func ("/vrrp/fsm/fault/cleared-while-stopped", test_fault_cleared_while_stopped);
  g_test_add_func ("/vrrp/fsm/fault/reported-while-stopped", test_fault_reported_while_stopped);

  for (guint i = 0; i < G_N_ELEMENTS (shutdown_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/vrrp/fsm/shutdown/from-",
                                           vigil_vrrp_state_to_string (shutdown_cases[i].from),
                                           NULL);
      g_test_add_data_func (path, &shutdown_cases[i], test_shutdown);
    }
  g_test_add_func ("/vrrp/fsm/stop/ignores-everything-but-startup", test_stop_then_restart);

  return g_test_run ();
}
