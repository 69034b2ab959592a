/* test-fsm-timers.c - VRRP state machine: master_down_timer and the
 * adver_timer rhythm, with fake time.
 */
#include "fsm-test-util.h"

/* ---- master_down_timer ----------------------------------------------------- */

typedef struct {
  const char *name;
  guint8 version;
  guint8 priority;
  gint64 interval;
  gint64 mdi;       /* expected Master_Down_Interval, µs */
} DownCase;

static const DownCase down_cases[] = {
  { "v2/prio-100/1s", 2, 100, 1 * FSM_SEC, 3609375 },
  { "v2/prio-200/3s", 2, 200, 3 * FSM_SEC, 9218750 },
  { "v3/prio-100/1s", 3, 100, 1 * FSM_SEC, 3609375 },
  { "v3/prio-254/10ms", 3, 254, 10 * FSM_MSEC, 30078 },
  { "v3/prio-1/40.95s", 3, 1, 40950 * FSM_MSEC, 163640039 },
};

/* RFC 5798 §6.4.2: when Master_Down_Timer fires, send an advert, take
 * the addresses, set Adver_Timer to Advertisement_Interval, become
 * Master. It fires at its deadline, not a microsecond earlier. */
static void
test_master_down_exact (gconstpointer data)
{
  const DownCase *c = data;
  VigilVrrpFsmConfig config = fsm_test_config (c->version, c->interval);
  gint64 deadline = FSM_T0 + c->mdi;
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  fsm_test_start (&fsm, &config, c->priority, FSM_T0, &actions);
  g_assert_cmpint (vigil_vrrp_fsm_next_deadline (&fsm), ==, deadline);

  g_assert_false (vigil_vrrp_fsm_run_timers (&fsm, deadline - 1, &actions));
  fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_BACKUP);
  g_assert_cmpint (fsm.state, ==, VIGIL_VRRP_STATE_BACKUP);

  g_assert_true (vigil_vrrp_fsm_run_timers (&fsm, deadline, &actions));
  fsm_test_assert_became_master (&fsm, &actions, VIGIL_VRRP_STATE_BACKUP,
                                 VIGIL_VRRP_REASON_MASTER_DOWN_TIMER, deadline);
  g_assert_cmpuint (actions.advert_priority, ==, c->priority);
  g_assert_false (vigil_inet_addr_is_set (&actions.reason_address));

  /* Nothing else is due: the first advert went out with the transition. */
  g_assert_false (vigil_vrrp_fsm_run_timers (&fsm, deadline, &actions));
  fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_MASTER);
  g_assert_cmpint (vigil_vrrp_fsm_next_deadline (&fsm), ==, deadline + c->interval);
}

/* A loop that wakes late still takes over, and the adverts count from
 * the moment the master actually started. */
static void
test_master_down_late (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  gint64 now = FSM_T0 + 3609375 + 250 * FSM_MSEC;
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  fsm_test_start (&fsm, &config, 100, FSM_T0, &actions);
  g_assert_true (vigil_vrrp_fsm_run_timers (&fsm, now, &actions));
  fsm_test_assert_became_master (&fsm, &actions, VIGIL_VRRP_STATE_BACKUP,
                                 VIGIL_VRRP_REASON_MASTER_DOWN_TIMER, now);
}

/* A v3 backup that learned a slower master's interval advertises at its
 * own interval once it is master. */
static void
test_master_uses_own_interval (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  gint64 seen = FSM_T0 + FSM_SEC, now;
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  fsm_test_start (&fsm, &config, 100, FSM_T0, &actions);
  fsm_test_feed (&fsm, 200, 2 * FSM_SEC, FSM_PEER_HIGH, seen, &actions);
  now = fsm.master_down_deadline;
  g_assert_cmpint (now, ==, seen + 3 * 2 * FSM_SEC + 1218750);
  g_assert_true (vigil_vrrp_fsm_run_timers (&fsm, now, &actions));
  fsm_test_assert_became_master (&fsm, &actions, VIGIL_VRRP_STATE_BACKUP,
                                 VIGIL_VRRP_REASON_MASTER_DOWN_TIMER, now);
  g_assert_cmpint (fsm.adver_deadline, ==, now + FSM_SEC);
}

/* ---- adver_timer rhythm ------------------------------------------------------ */

#define RHYTHM_ROUNDS 1000
#define LATE_JITTER G_GINT64_CONSTANT (-1)   /* a different lateness each round */

typedef struct {
  const char *name;
  gint64 interval;
  gint64 lateness;  /* how late the loop delivers each expiry, < interval */
} RhythmCase;

static const RhythmCase rhythm_cases[] = {
  { "1s/on-time", 1 * FSM_SEC, 0 },
  { "1s/late-1us", 1 * FSM_SEC, 1 },
  { "1s/late-300us", 1 * FSM_SEC, 300 },
  { "1s/late-half", 1 * FSM_SEC, 500 * FSM_MSEC },
  { "1s/late-interval-minus-1us", 1 * FSM_SEC, 1 * FSM_SEC - 1 },
  { "1s/jitter", 1 * FSM_SEC, LATE_JITTER },
  { "10ms/late-300us", 10 * FSM_MSEC, 300 },
  { "10ms/late-9999us", 10 * FSM_MSEC, 9999 },
  { "10ms/jitter", 10 * FSM_MSEC, LATE_JITTER },
  { "100ms/late-300us", 100 * FSM_MSEC, 300 },
  { "40.95s/late-300us", 40950 * FSM_MSEC, 300 },
};

/* Fires one adver_timer at `now` and checks it was exactly one advert. */
static void
fire_advert (VigilVrrpFsm *fsm, gint64 now)
{
  VigilVrrpActions actions;

  g_assert_true (vigil_vrrp_fsm_run_timers (fsm, now, &actions));
  g_assert_false (actions.state_changed);
  g_assert_cmpint (actions.old_state, ==, VIGIL_VRRP_STATE_MASTER);
  g_assert_cmpint (actions.new_state, ==, VIGIL_VRRP_STATE_MASTER);
  g_assert_cmpint (actions.reason, ==, VIGIL_VRRP_REASON_NONE);
  g_assert_true (actions.send_advert);
  g_assert_cmpuint (actions.advert_priority, ==, fsm->priority);
  g_assert_false (actions.take_addresses);
  g_assert_false (actions.release_addresses);
  g_assert_cmpint (fsm->state, ==, VIGIL_VRRP_STATE_MASTER);

  /* No burst: the next one is in the future. */
  g_assert_cmpint (fsm->adver_deadline, >, now);
  g_assert_false (vigil_vrrp_fsm_run_timers (fsm, now, &actions));
}

/* The adverts stay on the grid start + k·interval however late each
 * expiry is delivered, as long as it is less than an interval late. */
static void
test_adver_rhythm (gconstpointer data)
{
  const RhythmCase *c = data;
  VigilVrrpFsmConfig config = fsm_test_config (3, c->interval);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5798);
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  fsm_test_start (&fsm, &config, 255, FSM_T0, &actions);
  for (gint64 k = 1; k <= RHYTHM_ROUNDS; k++)
    {
      gint64 deadline = FSM_T0 + k * c->interval;
      gint64 late = c->lateness != LATE_JITTER
                      ? c->lateness
                      : (gint64) g_rand_double_range (rand, 0, (double) c->interval);

      g_assert_cmpint (fsm.adver_deadline, ==, deadline);
      g_assert_cmpint (vigil_vrrp_fsm_next_deadline (&fsm), ==, deadline);
      g_assert_false (vigil_vrrp_fsm_run_timers (&fsm, deadline - 1, &actions));
      fire_advert (&fsm, deadline + MIN (late, c->interval - 1));
    }
  g_assert_cmpint (fsm.adver_deadline, ==, FSM_T0 + (RHYTHM_ROUNDS + 1) * c->interval);
}

typedef struct {
  const char *name;
  gint64 behind;    /* how late the stalled expiry is delivered */
} BehindCase;

static const BehindCase behind_cases[] = {
  { "exactly-one-interval", 1 * FSM_SEC },
  { "one-interval-and-300us", 1 * FSM_SEC + 300 },
  { "two-intervals", 2 * FSM_SEC },
  { "two-intervals-and-1us", 2 * FSM_SEC + 1 },
  { "ten-intervals-and-a-bit", 10 * FSM_SEC + 12345 },
  { "an-hour", 3600 * FSM_SEC + 7 },
};

/* A loop stalled for an interval or more sends one advert, not a burst
 * to catch up, and starts a new rhythm from now; the new rhythm then
 * holds like the old one. */
static void
test_adver_falls_behind (gconstpointer data)
{
  const BehindCase *c = data;
  const gint64 interval = 1 * FSM_SEC;
  VigilVrrpFsmConfig config = fsm_test_config (3, interval);
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;
  gint64 now;

  fsm_test_start (&fsm, &config, 255, FSM_T0, &actions);
  for (gint64 k = 1; k <= 5; k++)
    fire_advert (&fsm, FSM_T0 + k * interval + 300);
  g_assert_cmpint (fsm.adver_deadline, ==, FSM_T0 + 6 * interval);

  now = FSM_T0 + 6 * interval + c->behind;
  fire_advert (&fsm, now);
  g_assert_cmpint (fsm.adver_deadline, ==, now + interval);

  for (gint64 k = 1; k <= 100; k++)
    {
      g_assert_cmpint (fsm.adver_deadline, ==, now + k * interval);
      fire_advert (&fsm, now + k * interval + 300);
    }
}

/* ---- priority changes (tracking) --------------------------------------- */

/* fsm.h: a new effective priority "takes effect on the next advert and
 * timer" - without disturbing the rhythm. */
static void
test_priority_change_master (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  fsm_test_start (&fsm, &config, 100, FSM_T0, &actions);
  g_assert_true (vigil_vrrp_fsm_run_timers (&fsm, FSM_T0 + 3609375, &actions));
  g_assert_cmpint (fsm.state, ==, VIGIL_VRRP_STATE_MASTER);
  g_assert_cmpuint (actions.advert_priority, ==, 100);

  vigil_vrrp_fsm_set_priority (&fsm, 50);
  g_assert_cmpint (fsm.adver_deadline, ==, FSM_T0 + 3609375 + FSM_SEC);
  fire_advert (&fsm, FSM_T0 + 3609375 + FSM_SEC);
  g_assert_cmpuint (fsm.priority, ==, 50);
  g_assert_cmpint (fsm.adver_deadline, ==, FSM_T0 + 3609375 + 2 * FSM_SEC);
}

static void
test_priority_change_backup (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  gint64 now = FSM_T0 + 2 * FSM_SEC;
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  fsm_test_start (&fsm, &config, 100, FSM_T0, &actions);
  vigil_vrrp_fsm_set_priority (&fsm, 200);
  /* The armed timer keeps its deadline ... */
  g_assert_cmpint (fsm.master_down_deadline, ==, FSM_T0 + 3609375);
  /* ... the next advert re-arms it with the new Skew_Time. */
  fsm_test_feed (&fsm, 250, 1 * FSM_SEC, FSM_PEER_HIGH, now, &actions);
  fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_BACKUP);
  g_assert_cmpint (fsm.master_down_deadline, ==, now + 3218750);
}

/* vrrp_startup_delay: whatever would make us master at startup (owner,
 * `state MASTER`, a silent network) waits for the end of the delay plus
 * Master_Down_Interval; an advert during the delay re-arms to the same. */
typedef struct {
  const char *name;
  guint8 priority;
  gboolean start_as_master;
} HoldCase;

static const HoldCase hold_cases[] = {
  { "backup", 100, FALSE },
  { "configured-master", 100, TRUE },
  { "owner", 255, FALSE },
};

static void
test_startup_hold (gconstpointer data)
{
  const HoldCase *c = data;
  VigilVrrpFsmConfig config = fsm_test_config (3, FSM_SEC);
  VigilInetAddr ours = fsm_test_addr (FSM_OURS);
  gint64 hold = FSM_T0 + 5 * FSM_SEC;
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;
  gint64 mdi;

  config.start_as_master = c->start_as_master;
  vigil_vrrp_fsm_init (&fsm, &config, c->priority, &ours);
  vigil_vrrp_fsm_set_startup_hold (&fsm, hold);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_STARTUP, NULL, FSM_T0, &actions);
  fsm_test_assert_transition (&actions, VIGIL_VRRP_STATE_INIT, VIGIL_VRRP_STATE_BACKUP,
                              VIGIL_VRRP_REASON_STARTUP);
  g_assert_false (actions.take_addresses);
  g_assert_false (actions.send_advert);
  mdi = vigil_vrrp_fsm_master_down_interval (&fsm);
  g_assert_cmpint (fsm.master_down_deadline, ==, hold + mdi);

  /* A higher advert during the delay is accepted and leaves the timer
   * at hold + MDI. */
  fsm_test_feed (&fsm, 200, FSM_SEC, FSM_PEER_HIGH, FSM_T0 + FSM_SEC, &actions);
  g_assert_cmpint (fsm.state, ==, VIGIL_VRRP_STATE_BACKUP);
  g_assert_cmpint (fsm.master_down_deadline, ==, hold + vigil_vrrp_fsm_master_down_interval (&fsm));

  /* Nothing fires before; at the deadline we become master. */
  g_assert_false (vigil_vrrp_fsm_run_timers (&fsm, hold, &actions));
  g_assert_true (vigil_vrrp_fsm_run_timers (&fsm, fsm.master_down_deadline, &actions));
  g_assert_cmpint (fsm.state, ==, VIGIL_VRRP_STATE_MASTER);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (down_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/vrrp/fsm/master-down/exact/",
                                           down_cases[i].name, NULL);
      g_test_add_data_func (path, &down_cases[i], test_master_down_exact);
    }
  g_test_add_func ("/vrrp/fsm/master-down/late", test_master_down_late);
  g_test_add_func ("/vrrp/fsm/master-down/own-interval", test_master_uses_own_interval);

  for (guint i = 0; i < G_N_ELEMENTS (rhythm_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/vrrp/fsm/adver-timer/rhythm/",
                                           rhythm_cases[i].name, NULL);
      g_test_add_data_func (path, &rhythm_cases[i], test_adver_rhythm);
    }
  for (guint i = 0; i < G_N_ELEMENTS (behind_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/vrrp/fsm/adver-timer/behind/",
                                           behind_cases[i].name, NULL);
      g_test_add_data_func (path, &behind_cases[i], test_adver_falls_behind);
    }

  g_test_add_func ("/vrrp/fsm/priority-change/master", test_priority_change_master);
  g_test_add_func ("/vrrp/fsm/priority-change/backup", test_priority_change_backup);
  for (gsize i = 0; i < G_N_ELEMENTS (hold_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/vrrp/fsm/startup-hold/%s", hold_cases[i].name);
      g_test_add_data_func (path, &hold_cases[i], test_startup_hold);
    }

  return g_test_run ();
}
