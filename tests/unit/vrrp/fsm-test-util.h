/* fsm-test-util.h - fake time and small builders shared by the FSM tests
 *
 * The FSM is pure: every call takes the time, so the tests simply pick
 * the instants. Times are monotonic microseconds; FSM_T0 is an arbitrary
 * non-zero start (0 means "disarmed" to the FSM).
 */
#pragma once

#include <string.h>
#include <glib.h>

#include "vrrp/fsm.h"

G_BEGIN_DECLS

#define FSM_USEC G_GINT64_CONSTANT (1)
#define FSM_MSEC G_GINT64_CONSTANT (1000)
#define FSM_SEC G_GINT64_CONSTANT (1000000)
#define FSM_T0 (G_GINT64_CONSTANT (86400) * FSM_SEC)

/* Our primary address and two peers on either side of it. */
#define FSM_OURS "192.0.2.10"
#define FSM_PEER_LOW "192.0.2.5"
#define FSM_PEER_HIGH "192.0.2.20"

static inline VigilInetAddr
fsm_test_addr (const char *text)
{
  VigilInetAddr addr;

  memset (&addr, 0, sizeof addr);
  g_assert_true (vigil_inet_addr_parse (text, &addr));
  return addr;
}

static inline VigilVrrpFsmConfig
fsm_test_config (guint8 version, gint64 advert_interval)
{
  VigilVrrpFsmConfig config;

  memset (&config, 0, sizeof config);
  config.version = version;
  config.advert_interval = advert_interval;
  config.preempt = TRUE;
  return config;
}

static inline VigilVrrpAdvertInfo
fsm_test_advert (guint8 priority, gint64 adver_interval, const char *source)
{
  VigilVrrpAdvertInfo advert;

  memset (&advert, 0, sizeof advert);
  advert.priority = priority;
  advert.adver_interval = adver_interval;
  advert.source = fsm_test_addr (source);
  return advert;
}

/* init + STARTUP at `now`; the startup actions are left in `actions`. */
static inline void
fsm_test_start (VigilVrrpFsm *fsm, const VigilVrrpFsmConfig *config,
                guint8 priority, gint64 now, VigilVrrpActions *actions)
{
  VigilInetAddr ours = fsm_test_addr (FSM_OURS);

  vigil_vrrp_fsm_init (fsm, config, priority, &ours);
  vigil_vrrp_fsm_handle (fsm, VIGIL_VRRP_EVENT_STARTUP, NULL, now, actions);
}

static inline void
fsm_test_feed (VigilVrrpFsm *fsm, guint8 priority, gint64 interval,
               const char *source, gint64 now, VigilVrrpActions *actions)
{
  VigilVrrpAdvertInfo advert = fsm_test_advert (priority, interval, source);

  vigil_vrrp_fsm_handle (fsm, VIGIL_VRRP_EVENT_ADVERT, &advert, now, actions);
}

/* Nothing to do and no state change: the FSM stayed in `state`. */
static inline void
fsm_test_assert_idle (const VigilVrrpActions *actions, VigilVrrpState state)
{
  g_assert_false (actions->send_advert);
  g_assert_cmpuint (actions->advert_priority, ==, 0);
  g_assert_false (actions->take_addresses);
  g_assert_false (actions->release_addresses);
  g_assert_false (actions->state_changed);
  g_assert_cmpint (actions->old_state, ==, state);
  g_assert_cmpint (actions->new_state, ==, state);
  g_assert_cmpint (actions->reason, ==, VIGIL_VRRP_REASON_NONE);
  g_assert_false (vigil_inet_addr_is_set (&actions->reason_address));
}

static inline void
fsm_test_assert_transition (const VigilVrrpActions *actions,
                            VigilVrrpState old_state, VigilVrrpState new_state,
                            VigilVrrpReason reason)
{
  g_assert_true (actions->state_changed);
  g_assert_cmpstr (vigil_vrrp_state_to_string (actions->old_state), ==,
                   vigil_vrrp_state_to_string (old_state));
  g_assert_cmpstr (vigil_vrrp_state_to_string (actions->new_state), ==,
                   vigil_vrrp_state_to_string (new_state));
  g_assert_cmpstr (vigil_vrrp_reason_to_string (actions->reason), ==,
                   vigil_vrrp_reason_to_string (reason));
}

/* The entry actions of Master (RFC 5798 §6.4.1 / §6.4.2): advertise with
 * our priority, take the addresses, adver_timer at now + interval, no
 * master_down_timer. */
static inline void
fsm_test_assert_became_master (const VigilVrrpFsm *fsm,
                               const VigilVrrpActions *actions,
                               VigilVrrpState old_state, VigilVrrpReason reason,
                               gint64 now)
{
  fsm_test_assert_transition (actions, old_state, VIGIL_VRRP_STATE_MASTER, reason);
  g_assert_cmpint (fsm->state, ==, VIGIL_VRRP_STATE_MASTER);
  g_assert_true (actions->send_advert);
  g_assert_cmpuint (actions->advert_priority, ==, fsm->priority);
  g_assert_true (actions->take_addresses);
  g_assert_cmpint (actions->release_addresses, ==, old_state == VIGIL_VRRP_STATE_MASTER);
  g_assert_cmpint (fsm->adver_deadline, ==, now + fsm->config.advert_interval);
  g_assert_cmpint (fsm->master_down_deadline, ==, 0);
  g_assert_cmpint (fsm->preempt_deadline, ==, 0);
}

/* Runs every due timer at `now`; returns how many calls fired one. */
static inline guint
fsm_test_run_all (VigilVrrpFsm *fsm, gint64 now, VigilVrrpActions *last)
{
  VigilVrrpActions actions;
  guint fired = 0;

  while (vigil_vrrp_fsm_run_timers (fsm, now, &actions))
    {
      fired++;
      *last = actions;
      g_assert_cmpuint (fired, <=, 3);  /* at most one per armed timer */
    }
  return fired;
}

G_END_DECLS
