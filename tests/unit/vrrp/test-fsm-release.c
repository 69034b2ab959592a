/* test-fsm-release.c - operator release / resume of the VRRP FSM */
#include "fsm-test-util.h"

/* A master released with a deadline sends priority 0, gives the addresses
 * back, stays backup through silence, and may take over again only once
 * the hold is over. */
static void
test_release_master_timed (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 100 * FSM_MSEC);
  VigilVrrpFsm fsm;
  VigilVrrpActions actions, last;
  gint64 now = FSM_T0;
  gint64 hold_end = FSM_T0 + 10 * FSM_SEC;

  fsm_test_start (&fsm, &config, 255 - 55, now, &actions);
  fsm_test_run_all (&fsm, now + vigil_vrrp_fsm_master_down_interval (&fsm), &last);
  g_assert_cmpint (fsm.state, ==, VIGIL_VRRP_STATE_MASTER);

  now += FSM_SEC;
  vigil_vrrp_fsm_release (&fsm, hold_end, now, &actions);
  fsm_test_assert_transition (&actions, VIGIL_VRRP_STATE_MASTER, VIGIL_VRRP_STATE_BACKUP,
                              VIGIL_VRRP_REASON_RELEASED);
  g_assert_true (actions.send_advert);
  g_assert_cmpuint (actions.advert_priority, ==, 0);
  g_assert_true (actions.release_addresses);
  g_assert_false (actions.take_addresses);

  /* Silence for longer than Master_Down_Interval: no takeover while held. */
  for (gint64 t = now; t < hold_end; t += 50 * FSM_MSEC)
    {
      if (vigil_vrrp_fsm_run_timers (&fsm, t, &actions))
        g_assert_false (actions.state_changed);
      g_assert_cmpint (fsm.state, ==, VIGIL_VRRP_STATE_BACKUP);
    }
  /* The hold ends at its deadline; then the ordinary RFC timer runs. */
  g_assert_cmpint (vigil_vrrp_fsm_next_deadline (&fsm), ==, hold_end);
  g_assert_true (vigil_vrrp_fsm_run_timers (&fsm, hold_end, &actions));
  g_assert_false (fsm.held);
  g_assert_cmpint (fsm.master_down_deadline, ==,
                   hold_end + vigil_vrrp_fsm_master_down_interval (&fsm));
  fsm_test_run_all (&fsm, fsm.master_down_deadline, &last);
  g_assert_cmpint (fsm.state, ==, VIGIL_VRRP_STATE_MASTER);
}

/* Released until resumed: held indefinitely, adverts of a lower priority
 * peer are accepted rather than pre-empted; resume restores preemption. */
static void
test_release_until_resume (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (3, 100 * FSM_MSEC);
  VigilVrrpFsm fsm;
  VigilVrrpActions actions, last;
  gint64 now = FSM_T0;

  fsm_test_start (&fsm, &config, 200, now, &actions);
  vigil_vrrp_fsm_release (&fsm, 0, now, &actions);
  g_assert_false (actions.state_changed);   /* already backup */
  g_assert_false (actions.send_advert);
  g_assert_true (fsm.held);

  /* An hour of a lower-priority master's adverts, then an hour of silence. */
  for (gint64 t = now; t < now + 3600 * FSM_SEC; t += FSM_SEC)
    {
      fsm_test_feed (&fsm, 100, 100 * FSM_MSEC, FSM_PEER_LOW, t, &actions);
      fsm_test_run_all (&fsm, t, &last);
      g_assert_cmpint (fsm.state, ==, VIGIL_VRRP_STATE_BACKUP);
    }
  now += 7200 * FSM_SEC;
  fsm_test_run_all (&fsm, now, &last);
  g_assert_cmpint (fsm.state, ==, VIGIL_VRRP_STATE_BACKUP);

  vigil_vrrp_fsm_resume (&fsm, now, &actions);
  g_assert_false (fsm.held);
  g_assert_cmpint (fsm.master_down_deadline, ==, now + vigil_vrrp_fsm_master_down_interval (&fsm));
  now = fsm.master_down_deadline;
  g_assert_true (vigil_vrrp_fsm_run_timers (&fsm, now, &actions));
  fsm_test_assert_became_master (&fsm, &actions, VIGIL_VRRP_STATE_BACKUP,
                                 VIGIL_VRRP_REASON_MASTER_DOWN_TIMER, now);
}

/* Resume without a release does nothing. */
static void
test_resume_not_held (void)
{
  VigilVrrpFsmConfig config = fsm_test_config (2, FSM_SEC);
  VigilVrrpFsm fsm, before;
  VigilVrrpActions actions;

  fsm_test_start (&fsm, &config, 100, FSM_T0, &actions);
  before = fsm;
  vigil_vrrp_fsm_resume (&fsm, FSM_T0 + 1, &actions);
  fsm_test_assert_idle (&actions, VIGIL_VRRP_STATE_BACKUP);
  g_assert_cmpmem (&before, sizeof before, &fsm, sizeof fsm);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vrrp/fsm/release/master-timed", test_release_master_timed);
  g_test_add_func ("/vrrp/fsm/release/until-resume", test_release_until_resume);
  g_test_add_func ("/vrrp/fsm/release/resume-not-held", test_resume_not_held);
  return g_test_run ();
}
