/* test-fsm-adverts.c - VRRP state machine: adverts received by a backup
 * (RFC 5798 §6.4.2) and by a master (§6.4.3), preempt and preempt_delay.
 */
#include "fsm-test-util.h"

/* The FSMs below advertise every second unless a case says otherwise.
 * Master_Down_Interval at 1 s: 3609375 µs at priority 100, 3218750 at
 * 200; Skew_Time at 1 s: 609375 µs at 100. */
#define MDI_100 G_GINT64_CONSTANT (3609375)
#define MDI_200 G_GINT64_CONSTANT (3218750)
#define SKEW_100 G_GINT64_CONSTANT (609375)

/* Delivers every timer due up to `until`, each at its own deadline, as
 * the event loop would, and stops at the first state change. Returns
 * TRUE if there was one, with its actions and time. */
static gboolean
advance (VigilVrrpFsm *fsm, gint64 until, VigilVrrpActions *change, gint64 *when)
{
  guint guard = 0;
  gint64 next;

  while ((next = vigil_vrrp_fsm_next_deadline (fsm)) != 0 && next <= until)
    {
      VigilVrrpActions actions;

      g_assert_true (vigil_vrrp_fsm_run_timers (fsm, next, &actions));
      if (actions.state_changed)
        {
          *change = actions;
          *when = next;
          return TRUE;
        }
      g_assert_cmpuint (++guard, <, 100000);
    }
  return FALSE;
}

/* ---- a backup receives an advert (RFC 5798 §6.4.2) ------------------------- */

typedef enum {
  BACKUP_ACCEPTS,   /* master_down_timer = now + Master_Down_Interval */
  BACKUP_DISCARDS,  /* master_down_timer untouched */
  BACKUP_RELEASED,  /* priority 0: master_down_timer = now + Skew_Time */
} BackupOutcome;

typedef struct {
  const char *name;
  guint8 version;
  gboolean preempt;
  guint8 priority;        /* ours */
  guint8 peer_priority;
  gint64 peer_interval;
  BackupOutcome outcome;
  gint64 timer;           /* expected master_down_timer - now, µs */
  gint64 master_interval; /* expected Master_Adver_Interval afterwards */
} BackupCase;

static const BackupCase backup_cases[] = {
  { "v3/higher", 3, TRUE, 100, 200, 1 * FSM_SEC, BACKUP_ACCEPTS, MDI_100, 1 * FSM_SEC },
  { "v3/equal", 3, TRUE, 100, 100, 1 * FSM_SEC, BACKUP_ACCEPTS, MDI_100, 1 * FSM_SEC },
  /* v3 learns the master's interval: 3·2 s + 156·2 s/256. */
  { "v3/higher/learns-2s", 3, TRUE, 100, 200, 2 * FSM_SEC, BACKUP_ACCEPTS, 7218750, 2 * FSM_SEC },
  /* 3·10 ms + 156·10 ms/256, truncated. */
  { "v3/higher/learns-10ms", 3, TRUE, 100, 200, 10 * FSM_MSEC, BACKUP_ACCEPTS, 36093,
    10 * FSM_MSEC },
  /* v2 has no interval to learn: its own Advertisement_Interval counts. */
  { "v2/higher/ignores-2s", 2, TRUE, 100, 200, 2 * FSM_SEC, BACKUP_ACCEPTS, MDI_100, 1 * FSM_SEC },
  { "v3/lower/preempt", 3, TRUE, 100, 50, 2 * FSM_SEC, BACKUP_DISCARDS, MDI_100, 1 * FSM_SEC },
  { "v2/lower/preempt", 2, TRUE, 100, 50, 1 * FSM_SEC, BACKUP_DISCARDS, MDI_100, 1 * FSM_SEC },
  { "v3/lower/nopreempt", 3, FALSE, 100, 50, 2 * FSM_SEC, BACKUP_ACCEPTS, 7218750, 2 * FSM_SEC },
  { "v2/lower/nopreempt", 2, FALSE, 100, 50, 1 * FSM_SEC, BACKUP_ACCEPTS, MDI_100, 1 * FSM_SEC },
  { "v3/zero", 3, TRUE, 100, 0, 1 * FSM_SEC, BACKUP_RELEASED, SKEW_100, 1 * FSM_SEC },
  { "v2/zero", 2, TRUE, 100, 0, 1 * FSM_SEC, BACKUP_RELEASED, SKEW_100, 1 * FSM_SEC },
  { "v3/zero/prio-254", 3, FALSE, 254, 0, 1 * FSM_SEC, BACKUP_RELEASED, 7812, 1 * FSM_SEC },
};

static void
test_backup_advert (gconstpointer data)
{
  const BackupCase *c = data;
  VigilVrrpFsmConfig config = fsm_test_config (c->version, 1 * FSM_SEC);
  VigilInetAddr peer = fsm_test_addr (FSM_PEER_HIGH);
  gint64 now = FSM_T0 + 2 * FSM_SEC;
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;
  gint64 startup_deadline;

  config.preempt = c->preempt;
  fsm_test_start (&fsm, &config, c->priority, FSM_T0, &actions);
  startup_deadline = fsm.master_down_deadline;

  fsm_test_feed (&fsm, c->peer_priority, c->peer_interval, FSM_PEER_HIGH, now, &actions);
  fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_BACKUP);
  g_assert_cmpint (fsm.state, ==, VIGIL_VRRP_STATE_BACKUP);
  g_assert_cmpint (fsm.adver_deadline, ==, 0);
  g_assert_cmpint (fsm.master_adver_interval, ==, c->master_interval);
  if (c->outcome == BACKUP_DISCARDS)
    g_assert_cmpint (fsm.master_down_deadline, ==, startup_deadline);
  else
    g_assert_cmpint (fsm.master_down_deadline, ==, now + c->timer);
  if (c->outcome == BACKUP_ACCEPTS)
    g_assert_cmpint (vigil_vrrp_fsm_master_down_interval (&fsm), ==, c->timer);
  if (c->outcome != BACKUP_DISCARDS)
    {
      g_assert_true (vigil_inet_addr_equal (&fsm.master_address, &peer));
      g_assert_cmpuint (fsm.master_priority, ==, c->peer_priority);
    }
}

/* Adverts that keep coming keep the backup a backup: each one pushes the
 * master_down_timer past the deadlines that would otherwise have fired. */
static void
test_backup_adverts_reset_timer (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  VigilVrrpActions actions, change;
  VigilVrrpFsm fsm;
  gint64 t = FSM_T0, when = 0;

  fsm_test_start (&fsm, &config, 100, FSM_T0, &actions);
  for (guint k = 0; k < 300; k++)
    {
      t += FSM_SEC + 300;
      g_assert_false (advance (&fsm, t, &change, &when));
      fsm_test_feed (&fsm, 200, FSM_SEC, FSM_PEER_HIGH, t, &actions);
      g_assert_cmpint (fsm.master_down_deadline, ==, t + MDI_100);
    }
  /* The master goes quiet: take over exactly Master_Down_Interval later. */
  g_assert_true (advance (&fsm, t + 60 * FSM_SEC, &change, &when));
  g_assert_cmpint (when, ==, t + MDI_100);
  fsm_test_assert_became_master (&fsm, &change, VIGIL_VRRP_STATE_BACKUP,
                                 VIGIL_VRRP_REASON_MASTER_DOWN_TIMER, when);
}

/* ---- priority 0: the master leaves ------------------------------------------ */

typedef struct {
  const char *name;
  guint8 version;
  gint64 master_interval;   /* in the adverts */
  gint64 skew;              /* expected Skew_Time after learning */
} ZeroCase;

static const ZeroCase zero_cases[] = {
  { "v2", 2, 2 * FSM_SEC, SKEW_100 },
  { "v3/same-interval", 3, 1 * FSM_SEC, SKEW_100 },
  { "v3/learned-2s", 3, 2 * FSM_SEC, 1218750 },
  { "v3/learned-10ms", 3, 10 * FSM_MSEC, 6093 },
};

/* RFC 5798 §6.4.2: priority 0 sets Master_Down_Timer to Skew_Time (of
 * the learned interval in v3), and the takeover says why. */
static void
test_backup_priority_zero (gconstpointer data)
{
  const ZeroCase *c = data;
  VigilVrrpFsmConfig config = fsm_test_config (c->version, 1 * FSM_SEC);
  gint64 seen = FSM_T0 + FSM_SEC / 2, released = seen + FSM_MSEC;
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  fsm_test_start (&fsm, &config, 100, FSM_T0, &actions);
  fsm_test_feed (&fsm, 200, c->master_interval, FSM_PEER_HIGH, seen, &actions);
  fsm_test_feed (&fsm, 0, c->master_interval, FSM_PEER_HIGH, released, &actions);
  fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_BACKUP);
  g_assert_cmpint (vigil_vrrp_fsm_skew_time (&fsm), ==, c->skew);
  g_assert_cmpint (fsm.master_down_deadline, ==, released + c->skew);

  g_assert_false (vigil_vrrp_fsm_run_timers (&fsm, released + c->skew - 1, &actions));
  g_assert_true (vigil_vrrp_fsm_run_timers (&fsm, released + c->skew, &actions));
  fsm_test_assert_became_master (&fsm, &actions, VIGIL_VRRP_STATE_BACKUP,
                                 VIGIL_VRRP_REASON_PRIORITY_ZERO, released + c->skew);
}

/* fsm.h: reason_address is "who caused it, when a peer did"; a takeover
 * after a priority-0 advert was caused by the master that released. */
static void
test_backup_priority_zero_names_master (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  VigilInetAddr peer = fsm_test_addr (FSM_PEER_HIGH);
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  fsm_test_start (&fsm, &config, 100, FSM_T0, &actions);
  fsm_test_feed (&fsm, 200, FSM_SEC, FSM_PEER_HIGH, FSM_T0 + 1, &actions);
  fsm_test_feed (&fsm, 0, FSM_SEC, FSM_PEER_HIGH, FSM_T0 + 2, &actions);
  g_assert_true (vigil_vrrp_fsm_run_timers (&fsm, FSM_T0 + 2 + SKEW_100, &actions));
  g_assert_cmpint (actions.reason, ==, VIGIL_VRRP_REASON_PRIORITY_ZERO);
  g_assert_true (vigil_inet_addr_equal (&actions.reason_address, &peer));
}

/* A master that released and then came back is no longer "released":
 * a later silence is an ordinary master_down_timer expiry. */
static void
test_backup_priority_zero_then_back (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  gint64 back = FSM_T0 + FSM_SEC / 2;
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  fsm_test_start (&fsm, &config, 100, FSM_T0, &actions);
  fsm_test_feed (&fsm, 0, FSM_SEC, FSM_PEER_HIGH, FSM_T0 + 1, &actions);
  fsm_test_feed (&fsm, 200, FSM_SEC, FSM_PEER_HIGH, back, &actions);
  g_assert_cmpint (fsm.master_down_deadline, ==, back + MDI_100);
  g_assert_true (vigil_vrrp_fsm_run_timers (&fsm, back + MDI_100, &actions));
  fsm_test_assert_became_master (&fsm, &actions, VIGIL_VRRP_STATE_BACKUP,
                                 VIGIL_VRRP_REASON_MASTER_DOWN_TIMER, back + MDI_100);
}

/* ---- a master receives an advert (RFC 5798 §6.4.3) ----------------------- */

typedef struct {
  const char *name;
  guint8 version;
  guint8 priority;
  const char *ours;
  guint8 peer_priority;
  const char *peer;
  gint64 peer_interval;
  gboolean lower_prio_no_advert;
  VigilVrrpReason reason;   /* NONE: stays master */
  gboolean answers;         /* stays master and sends an advert */
  gint64 mdi;               /* when it steps down: Master_Down_Interval */
} MasterCase;

#define V4_OURS FSM_OURS
#define V6_OURS "2001:db8::10"

static const MasterCase master_cases[] = {
  { "higher", 3, 100, V4_OURS, 200, "192.0.2.5", FSM_SEC, FALSE,
    VIGIL_VRRP_REASON_HIGHER_PRIORITY, FALSE, MDI_100 },
  { "higher/v2", 2, 100, V4_OURS, 101, "192.0.2.5", 2 * FSM_SEC, FALSE,
    VIGIL_VRRP_REASON_HIGHER_PRIORITY, FALSE, MDI_100 },
  { "higher/v3-learns-2s", 3, 100, V4_OURS, 200, "192.0.2.5", 2 * FSM_SEC, TRUE,
    VIGIL_VRRP_REASON_HIGHER_PRIORITY, FALSE, 7218750 },
  { "equal/higher-address", 3, 100, V4_OURS, 100, "192.0.2.20", FSM_SEC, FALSE,
    VIGIL_VRRP_REASON_EQUAL_PRIORITY_HIGHER_ADDRESS, FALSE, MDI_100 },
  /* Numeric order, not text order: .9 < .10. */
  { "equal/higher-address-numeric", 3, 100, "192.0.2.9", 100, "192.0.2.10", FSM_SEC, FALSE,
    VIGIL_VRRP_REASON_EQUAL_PRIORITY_HIGHER_ADDRESS, FALSE, MDI_100 },
  { "equal/higher-address-v6", 3, 100, V6_OURS, 100, "2001:db8::11", FSM_SEC, FALSE,
    VIGIL_VRRP_REASON_EQUAL_PRIORITY_HIGHER_ADDRESS, FALSE, MDI_100 },
  { "equal/higher-address-owner", 3, 255, V4_OURS, 255, "192.0.2.20", FSM_SEC, FALSE,
    VIGIL_VRRP_REASON_EQUAL_PRIORITY_HIGHER_ADDRESS, FALSE, 3 * FSM_SEC + 3906 },
  { "equal/lower-address", 3, 100, V4_OURS, 100, "192.0.2.5", FSM_SEC, FALSE,
    VIGIL_VRRP_REASON_NONE, TRUE, 0 },
  /* Not higher than ours: no reason to step down. */
  { "equal/same-address", 3, 100, V4_OURS, 100, V4_OURS, FSM_SEC, FALSE,
    VIGIL_VRRP_REASON_NONE, TRUE, 0 },
  { "equal/lower-address-numeric", 3, 100, "192.0.2.10", 100, "192.0.2.9", FSM_SEC, FALSE,
    VIGIL_VRRP_REASON_NONE, TRUE, 0 },
  { "equal/lower-address-v6", 3, 100, V6_OURS, 100, "2001:db8::f", FSM_SEC, FALSE,
    VIGIL_VRRP_REASON_NONE, TRUE, 0 },
  { "equal/lower-address/no-advert", 3, 100, V4_OURS, 100, "192.0.2.5", FSM_SEC, TRUE,
    VIGIL_VRRP_REASON_NONE, FALSE, 0 },
  { "lower", 3, 100, V4_OURS, 50, "192.0.2.20", FSM_SEC, FALSE,
    VIGIL_VRRP_REASON_NONE, TRUE, 0 },
  { "lower/v2", 2, 100, V4_OURS, 99, "192.0.2.20", FSM_SEC, FALSE,
    VIGIL_VRRP_REASON_NONE, TRUE, 0 },
  { "lower/owner", 3, 255, V4_OURS, 254, "192.0.2.20", FSM_SEC, FALSE,
    VIGIL_VRRP_REASON_NONE, TRUE, 0 },
  { "lower/no-advert", 3, 100, V4_OURS, 50, "192.0.2.20", FSM_SEC, TRUE,
    VIGIL_VRRP_REASON_NONE, FALSE, 0 },
};

static void
test_master_advert (gconstpointer data)
{
  const MasterCase *c = data;
  VigilVrrpFsmConfig config = fsm_test_config (c->version, 1 * FSM_SEC);
  VigilInetAddr ours = fsm_test_addr (c->ours);
  VigilInetAddr peer = fsm_test_addr (c->peer);
  gint64 now = FSM_T0 + 300 * FSM_MSEC;
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  config.start_as_master = TRUE;
  config.lower_prio_no_advert = c->lower_prio_no_advert;
  vigil_vrrp_fsm_init (&fsm, &config, c->priority, &ours);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_STARTUP, NULL, FSM_T0, &actions);
  g_assert_cmpint (fsm.state, ==, VIGIL_VRRP_STATE_MASTER);

  fsm_test_feed (&fsm, c->peer_priority, c->peer_interval, c->peer, now, &actions);
  if (c->reason == VIGIL_VRRP_REASON_NONE)
    {
      /* Stays master on the same rhythm, answering unless told not to. */
      g_assert_cmpint (fsm.state, ==, VIGIL_VRRP_STATE_MASTER);
      g_assert_false (actions.state_changed);
      g_assert_cmpint (actions.send_advert, ==, c->answers);
      g_assert_cmpuint (actions.advert_priority, ==, c->answers ? c->priority : 0);
      g_assert_false (actions.take_addresses);
      g_assert_false (actions.release_addresses);
      g_assert_cmpint (fsm.adver_deadline, ==, FSM_T0 + FSM_SEC);
      /* keepalived's MASTER_RX_LOWER_PRI: lower, or equal from a lower
       * address; not our own address echoed back. */
      g_assert_cmpint (actions.rx_lower_priority, ==,
                       !vigil_inet_addr_equal (&ours, &peer));
      return;
    }
  g_assert_false (actions.rx_lower_priority);

  /* Steps down: cancel adver_timer, arm master_down_timer, give back
   * the addresses, say who did it. */
  fsm_test_assert_transition (&actions, VIGIL_VRRP_STATE_MASTER, VIGIL_VRRP_STATE_BACKUP,
                              c->reason);
  g_assert_cmpint (fsm.state, ==, VIGIL_VRRP_STATE_BACKUP);
  g_assert_false (actions.send_advert);
  g_assert_false (actions.take_addresses);
  g_assert_true (actions.release_addresses);
  g_assert_true (vigil_inet_addr_equal (&actions.reason_address, &peer));
  g_assert_true (vigil_inet_addr_equal (&fsm.master_address, &peer));
  g_assert_cmpuint (fsm.master_priority, ==, c->peer_priority);
  g_assert_cmpint (fsm.adver_deadline, ==, 0);
  g_assert_cmpint (fsm.master_down_deadline, ==, now + c->mdi);
  g_assert_cmpint (vigil_vrrp_fsm_next_deadline (&fsm), ==, now + c->mdi);

  /* higher_prio_send_advert: the same step down, with one advert of our
   * own priority first. */
  config.higher_prio_send_advert = TRUE;
  vigil_vrrp_fsm_init (&fsm, &config, c->priority, &ours);
  vigil_vrrp_fsm_handle (&fsm, VIGIL_VRRP_EVENT_STARTUP, NULL, FSM_T0, &actions);
  fsm_test_feed (&fsm, c->peer_priority, c->peer_interval, c->peer, now, &actions);
  fsm_test_assert_transition (&actions, VIGIL_VRRP_STATE_MASTER, VIGIL_VRRP_STATE_BACKUP,
                              c->reason);
  g_assert_true (actions.send_advert);
  g_assert_cmpuint (actions.advert_priority, ==, c->priority);
  g_assert_true (actions.release_addresses);
  g_assert_cmpint (fsm.master_down_deadline, ==, now + c->mdi);
}

/* RFC 5798 §6.4.3: priority 0 from another router: send an advert at
 * once and reset Adver_Timer, even with lower_prio_no_advert. */
static void
test_master_priority_zero (void)
{
  static const gboolean quiet[] = { FALSE, TRUE };

  for (guint i = 0; i < G_N_ELEMENTS (quiet); i++)
    {
      VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
      gint64 now = FSM_T0 + 700 * FSM_MSEC;
      VigilVrrpActions actions;
      VigilVrrpFsm fsm;

      config.lower_prio_no_advert = quiet[i];
      fsm_test_start (&fsm, &config, 255, FSM_T0, &actions);
      fsm_test_feed (&fsm, 0, FSM_SEC, FSM_PEER_HIGH, now, &actions);
      g_assert_false (actions.state_changed);
      g_assert_true (actions.send_advert);
      g_assert_cmpuint (actions.advert_priority, ==, 255);
      g_assert_false (actions.take_addresses);
      g_assert_false (actions.release_addresses);
      g_assert_cmpint (fsm.state, ==, VIGIL_VRRP_STATE_MASTER);
      g_assert_cmpint (fsm.adver_deadline, ==, now + FSM_SEC);
    }
}

/* ---- preempt --------------------------------------------------------------- */

/* nopreempt: a lower-priority master is accepted like any other, and we
 * never take over while its adverts keep coming. */
static void
test_nopreempt (void)
{
  static const gint64 delays[] = { 0, 5 * FSM_SEC };

  for (guint i = 0; i < G_N_ELEMENTS (delays); i++)
    {
      VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
      VigilVrrpActions actions, change;
      gint64 t = FSM_T0 + FSM_SEC / 2, when = 0;
      VigilVrrpFsm fsm;

      config.preempt = FALSE;
      config.preempt_delay = delays[i];
      fsm_test_start (&fsm, &config, 200, FSM_T0, &actions);
      for (guint k = 0; k < 300; k++, t += FSM_SEC)
        {
          g_assert_false (advance (&fsm, t, &change, &when));
          fsm_test_feed (&fsm, 100, FSM_SEC, FSM_PEER_LOW, t, &actions);
          fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_BACKUP);
          g_assert_cmpint (fsm.master_down_deadline, ==, t + MDI_200);
        }
      t -= FSM_SEC;
      g_assert_true (advance (&fsm, t + 60 * FSM_SEC, &change, &when));
      g_assert_cmpint (when, ==, t + MDI_200);
      fsm_test_assert_became_master (&fsm, &change, VIGIL_VRRP_STATE_BACKUP,
                                     VIGIL_VRRP_REASON_MASTER_DOWN_TIMER, when);
    }
}

/* preempt: lower-priority adverts are discarded, so the startup
 * master_down_timer runs out and we take over; the old master's next
 * advert is answered. */
static void
test_preempt (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  VigilVrrpActions actions, change;
  gint64 t, when = 0;
  VigilVrrpFsm fsm;

  fsm_test_start (&fsm, &config, 200, FSM_T0, &actions);
  for (t = FSM_T0 + FSM_SEC / 2; t < FSM_T0 + MDI_200; t += FSM_SEC)
    {
      g_assert_false (advance (&fsm, t, &change, &when));
      fsm_test_feed (&fsm, 100, FSM_SEC, FSM_PEER_LOW, t, &actions);
      fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_BACKUP);
      g_assert_cmpint (fsm.master_down_deadline, ==, FSM_T0 + MDI_200);
    }
  g_assert_true (advance (&fsm, t, &change, &when));
  g_assert_cmpint (when, ==, FSM_T0 + MDI_200);
  fsm_test_assert_became_master (&fsm, &change, VIGIL_VRRP_STATE_BACKUP,
                                 VIGIL_VRRP_REASON_MASTER_DOWN_TIMER, when);

  fsm_test_feed (&fsm, 100, FSM_SEC, FSM_PEER_LOW, t, &actions);
  g_assert_cmpint (fsm.state, ==, VIGIL_VRRP_STATE_MASTER);
  g_assert_true (actions.send_advert);
  g_assert_cmpuint (actions.advert_priority, ==, 200);
}

/* Feeds a lower-priority (100) advert every `interval` from `from` until
 * just before `until`, checking that the backup accepts each (and, in
 * v3, learns the interval). Returns the time of the next advert. */
static gint64
feed_lower_master (VigilVrrpFsm *fsm, gint64 interval, gint64 mdi, gint64 from, gint64 until)
{
  VigilVrrpActions actions, change;
  gint64 t, when = 0;

  for (t = from; t < until; t += interval)
    {
      g_assert_false (advance (fsm, t, &change, &when));
      fsm_test_feed (fsm, 100, interval, FSM_PEER_LOW, t, &actions);
      fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_BACKUP);
      g_assert_cmpint (fsm->master_down_deadline, ==, t + mdi);
    }
  return t;
}

static void
assert_preempted_at (VigilVrrpFsm *fsm, gint64 deadline)
{
  VigilVrrpActions actions, change;
  VigilInetAddr low = fsm_test_addr (FSM_PEER_LOW);
  gint64 when = 0, down = fsm->master_down_deadline;

  g_assert_cmpint (fsm->preempt_deadline, ==, deadline);
  g_assert_false (advance (fsm, deadline - 1, &change, &when));
  g_assert_false (vigil_vrrp_fsm_run_timers (fsm, deadline - 1, &actions));

  /* The delay is over at its deadline: an advert arriving then, before
   * the loop ran the timer, is no longer accepted. */
  fsm_test_feed (fsm, 100, FSM_SEC, FSM_PEER_LOW, deadline, &actions);
  fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_BACKUP);
  g_assert_cmpint (fsm->master_down_deadline, ==, down);

  g_assert_true (advance (fsm, deadline, &change, &when));
  g_assert_cmpint (when, ==, deadline);
  fsm_test_assert_became_master (fsm, &change, VIGIL_VRRP_STATE_BACKUP,
                                 VIGIL_VRRP_REASON_PREEMPT_DELAY, deadline);
  g_assert_true (vigil_inet_addr_equal (&change.reason_address, &low));
}

/* preempt_delay counted from startup: the lower master is accepted until
 * the delay ends (in v3 its interval is learned meanwhile), then we take
 * over at that very deadline. */
static void
test_preempt_delay_from_startup (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  config.preempt_delay = 5 * FSM_SEC;
  fsm_test_start (&fsm, &config, 200, FSM_T0, &actions);
  g_assert_cmpint (fsm.preempt_deadline, ==, FSM_T0 + 5 * FSM_SEC);
  /* 3·2 s + 56·2 s/256 */
  feed_lower_master (&fsm, 2 * FSM_SEC, 6437500, FSM_T0 + FSM_SEC / 2, FSM_T0 + 5 * FSM_SEC);
  assert_preempted_at (&fsm, FSM_T0 + 5 * FSM_SEC);
}

/* The delay ended before any master was seen: the first lower-priority
 * master starts a delay of its own. */
static void
test_preempt_delay_from_first_sighting (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  VigilVrrpActions actions;
  gint64 seen = FSM_T0 + 2 * FSM_SEC;
  VigilVrrpFsm fsm;

  config.preempt_delay = 1 * FSM_SEC;
  fsm_test_start (&fsm, &config, 200, FSM_T0, &actions);
  g_assert_true (vigil_vrrp_fsm_run_timers (&fsm, FSM_T0 + FSM_SEC, &actions));
  fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_BACKUP);
  g_assert_cmpint (fsm.preempt_deadline, ==, 0);

  fsm_test_feed (&fsm, 100, FSM_SEC, FSM_PEER_LOW, seen, &actions);
  fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_BACKUP);
  g_assert_cmpint (fsm.master_down_deadline, ==, seen + MDI_200);
  assert_preempted_at (&fsm, seen + FSM_SEC);
}

/* A higher- or equal-priority advert during the delay cancels it: that
 * master is legitimate and we never take over while it speaks. When it
 * later drops below us, a new delay starts from that first lower advert. */
static void
test_preempt_delay_cancelled (gconstpointer data)
{
  const guint8 *priority = data;
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  VigilVrrpActions actions, change;
  gint64 t, when = 0, dropped;
  VigilVrrpFsm fsm;

  config.preempt_delay = 5 * FSM_SEC;
  fsm_test_start (&fsm, &config, 200, FSM_T0, &actions);
  t = feed_lower_master (&fsm, FSM_SEC, MDI_200, FSM_T0 + FSM_SEC / 2, FSM_T0 + 3 * FSM_SEC);
  g_assert_cmpint (fsm.preempt_deadline, ==, FSM_T0 + 5 * FSM_SEC);

  for (; t < FSM_T0 + 30 * FSM_SEC; t += FSM_SEC)
    {
      g_assert_false (advance (&fsm, t, &change, &when));
      fsm_test_feed (&fsm, *priority, FSM_SEC, FSM_PEER_HIGH, t, &actions);
      fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_BACKUP);
      g_assert_cmpint (fsm.preempt_deadline, ==, 0);
    }

  dropped = t;
  feed_lower_master (&fsm, FSM_SEC, MDI_200, dropped, dropped + 5 * FSM_SEC);
  assert_preempted_at (&fsm, dropped + 5 * FSM_SEC);
}

/* Tracking lowers our priority to the lower master's during the delay:
 * it is no longer lower, so the deadline passes without a takeover. */
static void
test_preempt_delay_priority_dropped (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 1 * FSM_SEC);
  VigilVrrpActions actions;
  VigilVrrpFsm fsm;

  config.preempt_delay = 5 * FSM_SEC;
  fsm_test_start (&fsm, &config, 200, FSM_T0, &actions);
  feed_lower_master (&fsm, FSM_SEC, MDI_200, FSM_T0 + FSM_SEC / 2, FSM_T0 + 5 * FSM_SEC);
  vigil_vrrp_fsm_set_priority (&fsm, 100);
  g_assert_true (vigil_vrrp_fsm_run_timers (&fsm, FSM_T0 + 5 * FSM_SEC, &actions));
  fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_BACKUP);
  g_assert_cmpint (fsm.preempt_deadline, ==, 0);
}

int
main (int argc, char **argv)
{
  static const guint8 cancel_priorities[] = { 250, 200 };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (backup_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/vrrp/fsm/backup/advert/",
                                           backup_cases[i].name, NULL);
      g_test_add_data_func (path, &backup_cases[i], test_backup_advert);
    }
  g_test_add_func ("/vrrp/fsm/backup/adverts-reset-timer", test_backup_adverts_reset_timer);
  for (guint i = 0; i < G_N_ELEMENTS (zero_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/vrrp/fsm/backup/priority-zero/",
                                           zero_cases[i].name, NULL);
      g_test_add_data_func (path, &zero_cases[i], test_backup_priority_zero);
    }
  g_test_add_func ("/vrrp/fsm/backup/priority-zero-names-master",
                   test_backup_priority_zero_names_master);
  g_test_add_func ("/vrrp/fsm/backup/priority-zero-then-back",
                   test_backup_priority_zero_then_back);

  for (guint i = 0; i < G_N_ELEMENTS (master_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/vrrp/fsm/master/advert/",
                                           master_cases[i].name, NULL);
      g_test_add_data_func (path, &master_cases[i], test_master_advert);
    }
  g_test_add_func ("/vrrp/fsm/master/priority-zero", test_master_priority_zero);

  g_test_add_func ("/vrrp/fsm/preempt/off", test_nopreempt);
  g_test_add_func ("/vrrp/fsm/preempt/on", test_preempt);
  g_test_add_func ("/vrrp/fsm/preempt-delay/from-startup", test_preempt_delay_from_startup);
  g_test_add_func ("/vrrp/fsm/preempt-delay/from-first-sighting",
                   test_preempt_delay_from_first_sighting);
  g_test_add_data_func ("/vrrp/fsm/preempt-delay/cancelled/higher", &cancel_priorities[0],
                        test_preempt_delay_cancelled);
  g_test_add_data_func ("/vrrp/fsm/preempt-delay/cancelled/equal", &cancel_priorities[1],
                        test_preempt_delay_cancelled);
  g_test_add_func ("/vrrp/fsm/preempt-delay/priority-dropped",
                   test_preempt_delay_priority_dropped);

  return g_test_run ();
}
