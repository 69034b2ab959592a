/* fsm.c - the VRRP state machine of RFC 5798 §6.4, pure and table-driven */
#define G_LOG_DOMAIN "vigil-vrrp"

#include "vrrp/fsm.h"

#include <string.h>

#define USEC_PER_SEC G_GINT64_CONSTANT (1000000)

const char *
vigil_vrrp_state_to_string (VigilVrrpState state)
{
  static const char *const names[VIGIL_VRRP_N_STATES] = {
    "init", "backup", "master", "fault", "stop",
  };
  g_return_val_if_fail (state < VIGIL_VRRP_N_STATES, "invalid");
  return names[state];
}

const char *
vigil_vrrp_state_to_upper (VigilVrrpState state)
{
  static const char *const names[VIGIL_VRRP_N_STATES] = {
    "INIT", "BACKUP", "MASTER", "FAULT", "STOP",
  };
  g_return_val_if_fail (state < VIGIL_VRRP_N_STATES, "INVALID");
  return names[state];
}

const char *
vigil_vrrp_event_to_string (VigilVrrpEvent event)
{
  static const char *const names[VIGIL_VRRP_N_EVENTS] = {
    "startup", "shutdown", "master_down_timer", "adver_timer", "advert",
    "fault", "fault_cleared", "sync_master", "sync_backup",
  };
  g_return_val_if_fail (event < VIGIL_VRRP_N_EVENTS, "invalid");
  return names[event];
}

const char *
vigil_vrrp_reason_to_string (VigilVrrpReason reason)
{
  static const char *const names[VIGIL_VRRP_N_REASONS] = {
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
  g_return_val_if_fail (reason < VIGIL_VRRP_N_REASONS, "invalid");
  return names[reason];
}

void
vigil_vrrp_fsm_init (VigilVrrpFsm *fsm, const VigilVrrpFsmConfig *config,
                     guint8 priority, const VigilInetAddr *primary_address)
{
  g_return_if_fail (fsm != NULL && config != NULL);
  memset (fsm, 0, sizeof *fsm);
  fsm->config = *config;
  fsm->state = VIGIL_VRRP_STATE_INIT;
  fsm->priority = priority;
  if (primary_address != NULL)
    fsm->primary_address = *primary_address;
  fsm->master_adver_interval = config->advert_interval;
}

void
vigil_vrrp_fsm_set_priority (VigilVrrpFsm *fsm, guint8 priority)
{
  fsm->priority = priority;
}

void
vigil_vrrp_fsm_set_primary_address (VigilVrrpFsm *fsm, const VigilInetAddr *address)
{
  fsm->primary_address = *address;
}

void
vigil_vrrp_fsm_set_sync_gated (VigilVrrpFsm *fsm, gboolean gated)
{
  fsm->sync_gated = gated;
}

void
vigil_vrrp_fsm_set_startup_hold (VigilVrrpFsm *fsm, gint64 until)
{
  fsm->startup_hold_until = until;
}

gint64
vigil_vrrp_fsm_skew_time (const VigilVrrpFsm *fsm)
{
  /* RFC 3768: (256 - Priority) / 256 seconds.
   * RFC 5798: ((256 - Priority) * Master_Adver_Interval) / 256. */
  gint64 unit = fsm->config.version == 2 ? USEC_PER_SEC : fsm->master_adver_interval;

  return ((256 - (gint64) fsm->priority) * unit) / 256;
}

gint64
vigil_vrrp_fsm_master_down_interval (const VigilVrrpFsm *fsm)
{
  gint64 interval = fsm->config.version == 2 ? fsm->config.advert_interval
                                             : fsm->master_adver_interval;

  return 3 * interval + vigil_vrrp_fsm_skew_time (fsm);
}

/* ---- timers: each armed from exactly one function ---------------------- */

/* adver_timer: re-armed from its previous deadline, not from "now", so a
 * master's adverts keep their rhythm; if the loop fell more than one
 * interval behind, start a new rhythm from now instead of bursting. */
static void
arm_adver_timer (VigilVrrpFsm *fsm, gint64 now, gboolean continue_rhythm)
{
  gint64 interval = fsm->config.advert_interval;
  gint64 next = continue_rhythm && fsm->adver_deadline > 0
                  ? fsm->adver_deadline + interval : now + interval;

  if (next <= now)
    next = now + interval;
  fsm->adver_deadline = next;
}

static void
arm_master_down_timer (VigilVrrpFsm *fsm, gint64 now, gint64 duration)
{
  /* vrrp_startup_delay: counted from the end of the delay. */
  if (now < fsm->startup_hold_until)
    now = fsm->startup_hold_until;
  fsm->master_down_deadline = now + duration;
}

static void
disarm_timers (VigilVrrpFsm *fsm)
{
  fsm->adver_deadline = 0;
  fsm->master_down_deadline = 0;
  fsm->preempt_deadline = 0;
}

/* ---- the one place the state changes ----------------------------------- */

static void
fsm_change_state (VigilVrrpFsm *fsm, VigilVrrpState new_state,
                  VigilVrrpReason reason, const VigilInetAddr *reason_address,
                  gint64 now, VigilVrrpActions *actions)
{
  VigilVrrpState old_state = fsm->state;

  actions->state_changed = TRUE;
  fsm->want_master = FALSE;
  actions->old_state = old_state;
  actions->new_state = new_state;
  actions->reason = reason;
  if (reason_address != NULL)
    actions->reason_address = *reason_address;
  fsm->state = new_state;

  /* Leaving master: give the addresses back. */
  if (old_state == VIGIL_VRRP_STATE_MASTER)
    actions->release_addresses = TRUE;

  /* Entry actions. */
  switch (new_state)
    {
    case VIGIL_VRRP_STATE_MASTER:
      disarm_timers (fsm);
      actions->send_advert = TRUE;
      actions->advert_priority = fsm->priority;
      actions->take_addresses = TRUE;
      arm_adver_timer (fsm, now, FALSE);
      fsm->master_address = fsm->primary_address;
      fsm->master_priority = fsm->priority;
      break;
    case VIGIL_VRRP_STATE_BACKUP:
      fsm->adver_deadline = 0;
      fsm->preempt_deadline = 0;
      arm_master_down_timer (fsm, now, vigil_vrrp_fsm_master_down_interval (fsm));
      break;
    case VIGIL_VRRP_STATE_FAULT:
    case VIGIL_VRRP_STATE_STOP:
    case VIGIL_VRRP_STATE_INIT:
      disarm_timers (fsm);
      fsm->master_adver_interval = fsm->config.advert_interval;
      memset (&fsm->master_address, 0, sizeof fsm->master_address);
      fsm->master_priority = 0;
      break;
    case VIGIL_VRRP_N_STATES:
    default:
      g_assert_not_reached ();
    }
}

/* Whatever makes us master goes through here: at once, or, in a sync
 * group that is not master, stay (or go) backup wanting it, with
 * master_down_timer armed afresh so that a silent peer keeps us wanting
 * (keepalived's vrrp_sync_can_goto_master). */
static void
become_master_or_wait (VigilVrrpFsm *fsm, VigilVrrpReason reason,
                       const VigilInetAddr *reason_address, VigilVrrpReason backup_reason,
                       gint64 now, VigilVrrpActions *actions)
{
  /* vrrp_startup_delay: backup until it is over, whatever the reason
   * (address owner and `state MASTER` too, as keepalived). */
  if (now < fsm->startup_hold_until)
    {
      if (fsm->state != VIGIL_VRRP_STATE_BACKUP)
        fsm_change_state (fsm, VIGIL_VRRP_STATE_BACKUP,
                          backup_reason != VIGIL_VRRP_REASON_NONE ? backup_reason
                                                                  : VIGIL_VRRP_REASON_STARTUP,
                          NULL, now, actions);
      else
        arm_master_down_timer (fsm, now, vigil_vrrp_fsm_master_down_interval (fsm));
      return;
    }
  if (!fsm->sync_gated)
    {
      fsm_change_state (fsm, VIGIL_VRRP_STATE_MASTER, reason, reason_address, now, actions);
      return;
    }
  if (fsm->state != VIGIL_VRRP_STATE_BACKUP)
    fsm_change_state (fsm, VIGIL_VRRP_STATE_BACKUP, backup_reason, NULL, now, actions);
  else
    arm_master_down_timer (fsm, now, vigil_vrrp_fsm_master_down_interval (fsm));
  fsm->want_master = TRUE;
  fsm->want_master_reason = reason;
}

/* ---- handlers ------------------------------------------------------------ */

typedef void (*FsmHandler) (VigilVrrpFsm *fsm, const VigilVrrpAdvertInfo *advert,
                            gint64 now, VigilVrrpActions *actions);

static void
release_as_master (VigilVrrpFsm *fsm, VigilVrrpActions *actions)
{
  if (fsm->state == VIGIL_VRRP_STATE_MASTER)
    {
      actions->send_advert = TRUE;
      actions->advert_priority = 0;
    }
}

/* Initialize (RFC 5798 §6.4.1) */
static void
on_startup (VigilVrrpFsm *fsm, const VigilVrrpAdvertInfo *advert, gint64 now,
            VigilVrrpActions *actions)
{
  if (fsm->in_fault)
    {
      fsm_change_state (fsm, VIGIL_VRRP_STATE_FAULT, VIGIL_VRRP_REASON_FAULT, NULL, now, actions);
      return;
    }
  if (fsm->priority == 255)
    become_master_or_wait (fsm, VIGIL_VRRP_REASON_ADDRESS_OWNER, NULL,
                           VIGIL_VRRP_REASON_STARTUP, now, actions);
  else if (fsm->config.start_as_master)
    become_master_or_wait (fsm, VIGIL_VRRP_REASON_CONFIGURED_MASTER, NULL,
                           VIGIL_VRRP_REASON_STARTUP, now, actions);
  else
    {
      fsm->master_adver_interval = fsm->config.advert_interval;
      fsm_change_state (fsm, VIGIL_VRRP_STATE_BACKUP, VIGIL_VRRP_REASON_STARTUP,
                        NULL, now, actions);
      if (fsm->config.preempt_delay > 0)
        fsm->preempt_deadline = now + fsm->config.preempt_delay;
    }
}

static void
on_shutdown (VigilVrrpFsm *fsm, const VigilVrrpAdvertInfo *advert, gint64 now,
             VigilVrrpActions *actions)
{
  release_as_master (fsm, actions);
  fsm_change_state (fsm, VIGIL_VRRP_STATE_STOP, VIGIL_VRRP_REASON_SHUTDOWN, NULL, now, actions);
}

static void
on_fault (VigilVrrpFsm *fsm, const VigilVrrpAdvertInfo *advert, gint64 now,
          VigilVrrpActions *actions)
{
  fsm->in_fault = TRUE;
  if (fsm->state == VIGIL_VRRP_STATE_FAULT)
    return;
  release_as_master (fsm, actions);
  fsm_change_state (fsm, VIGIL_VRRP_STATE_FAULT, VIGIL_VRRP_REASON_FAULT, NULL, now, actions);
}

static void
on_fault_in_init (VigilVrrpFsm *fsm, const VigilVrrpAdvertInfo *advert, gint64 now,
                  VigilVrrpActions *actions)
{
  fsm->in_fault = TRUE;
}

static void
on_fault_cleared (VigilVrrpFsm *fsm, const VigilVrrpAdvertInfo *advert, gint64 now,
                  VigilVrrpActions *actions)
{
  fsm->in_fault = FALSE;
  if (fsm->state != VIGIL_VRRP_STATE_FAULT)
    return;
  if (fsm->priority == 255)
    become_master_or_wait (fsm, VIGIL_VRRP_REASON_ADDRESS_OWNER, NULL,
                           VIGIL_VRRP_REASON_FAULT_CLEARED, now, actions);
  else
    fsm_change_state (fsm, VIGIL_VRRP_STATE_BACKUP, VIGIL_VRRP_REASON_FAULT_CLEARED,
                      NULL, now, actions);
}

static void
on_master_down_timer (VigilVrrpFsm *fsm, const VigilVrrpAdvertInfo *advert, gint64 now,
                      VigilVrrpActions *actions)
{
  if (fsm->held)
    return; /* released by an operator: wait for resume */

  /* A priority-0 advert armed us for Skew_Time: say so. */
  gboolean released = fsm->master_priority == 0 && vigil_inet_addr_is_set (&fsm->master_address);
  VigilInetAddr leaver = fsm->master_address;

  become_master_or_wait (fsm, released ? VIGIL_VRRP_REASON_PRIORITY_ZERO
                                  : VIGIL_VRRP_REASON_MASTER_DOWN_TIMER,
                         released ? &leaver : NULL, VIGIL_VRRP_REASON_NONE, now, actions);
}

static void
on_preempt_timer (VigilVrrpFsm *fsm, gint64 now, VigilVrrpActions *actions)
{
  fsm->preempt_deadline = 0;
  if (fsm->held)
    return;
  if (fsm->config.preempt && vigil_inet_addr_is_set (&fsm->master_address)
      && fsm->master_priority != 0 && fsm->master_priority < fsm->priority)
    {
      VigilInetAddr lower = fsm->master_address;
      become_master_or_wait (fsm, VIGIL_VRRP_REASON_PREEMPT_DELAY, &lower,
                             VIGIL_VRRP_REASON_NONE, now, actions);
    }
}

static void
on_adver_timer (VigilVrrpFsm *fsm, const VigilVrrpAdvertInfo *advert, gint64 now,
                VigilVrrpActions *actions)
{
  actions->send_advert = TRUE;
  actions->advert_priority = fsm->priority;
  arm_adver_timer (fsm, now, TRUE);
}

/* Backup receives an advert (RFC 5798 §6.4.2). */
static void
on_advert_in_backup (VigilVrrpFsm *fsm, const VigilVrrpAdvertInfo *advert, gint64 now,
                     VigilVrrpActions *actions)
{
  if (advert->priority == 0)
    {
      /* The master is leaving: take over after Skew_Time only. */
      fsm->master_address = advert->source;
      fsm->master_priority = 0;
      arm_master_down_timer (fsm, now, vigil_vrrp_fsm_skew_time (fsm));
      return;
    }

  if (!fsm->config.preempt || advert->priority >= fsm->priority)
    {
      fsm->want_master = FALSE;    /* a master we accept is there */
      fsm->master_address = advert->source;
      fsm->master_priority = advert->priority;
      if (fsm->config.version == 3 && advert->adver_interval > 0)
        fsm->master_adver_interval = advert->adver_interval;
      arm_master_down_timer (fsm, now, vigil_vrrp_fsm_master_down_interval (fsm));
      if (advert->priority >= fsm->priority)
        fsm->preempt_deadline = 0;
      return;
    }

  /* A lower-priority master and we preempt. With preempt_delay, keep
   * accepting it until the delay is over; then take over. */
  fsm->master_address = advert->source;
  fsm->master_priority = advert->priority;
  if (fsm->config.preempt_delay > 0)
    {
      if (fsm->preempt_deadline == 0)
        fsm->preempt_deadline = now + fsm->config.preempt_delay;
      if (now < fsm->preempt_deadline)
        {
          fsm->want_master = FALSE;
          if (fsm->config.version == 3 && advert->adver_interval > 0)
            fsm->master_adver_interval = advert->adver_interval;
          arm_master_down_timer (fsm, now, vigil_vrrp_fsm_master_down_interval (fsm));
          return;
        }
    }
  /* Discard: master_down_timer runs out and we take over (RFC). */
}

/* Master receives an advert (RFC 5798 §6.4.3). */
static void
on_advert_in_master (VigilVrrpFsm *fsm, const VigilVrrpAdvertInfo *advert, gint64 now,
                     VigilVrrpActions *actions)
{
  int cmp;

  if (advert->priority == 0)
    {
      /* Another router released: assert ourselves at once. */
      actions->send_advert = TRUE;
      actions->advert_priority = fsm->priority;
      arm_adver_timer (fsm, now, FALSE);
      return;
    }

  cmp = vigil_inet_addr_compare (&advert->source, &fsm->primary_address);
  if (advert->priority > fsm->priority
      || (advert->priority == fsm->priority && cmp > 0))
    {
      VigilVrrpReason reason = advert->priority > fsm->priority
                                 ? VIGIL_VRRP_REASON_HIGHER_PRIORITY
                                 : VIGIL_VRRP_REASON_EQUAL_PRIORITY_HIGHER_ADDRESS;
      if (fsm->config.version == 3 && advert->adver_interval > 0)
        fsm->master_adver_interval = advert->adver_interval;
      /* higher_prio_send_advert: one last advert of ours before backing
       * off, so that a peer which saw only us hears of us (keepalived). */
      if (fsm->config.higher_prio_send_advert)
        {
          actions->send_advert = TRUE;
          actions->advert_priority = fsm->priority;
        }
      fsm_change_state (fsm, VIGIL_VRRP_STATE_BACKUP, reason, &advert->source, now, actions);
      fsm->master_address = advert->source;
      fsm->master_priority = advert->priority;
      return;
    }

  /* A lower-priority router thinks it is master (e.g. after a split):
   * answer at once so it steps down within one advert, as keepalived does
   * unless lower_prio_no_advert. */
  actions->rx_lower_priority = advert->priority < fsm->priority || cmp < 0;
  if (!fsm->config.lower_prio_no_advert)
    {
      actions->send_advert = TRUE;
      actions->advert_priority = fsm->priority;
    }
}

/* The sync group takes every member to master together (a held
 * instance stays backup: it never wanted it). The reason is what made
 * this member want it (as keepalived keeps its master reason for the
 * MIB), or the group's when it did not. */
static void
on_sync_master (VigilVrrpFsm *fsm, const VigilVrrpAdvertInfo *advert, gint64 now,
                VigilVrrpActions *actions)
{
  VigilVrrpReason reason = fsm->want_master ? fsm->want_master_reason
                                            : VIGIL_VRRP_REASON_SYNC_GROUP;

  if (fsm->held)
    return;
  fsm_change_state (fsm, VIGIL_VRRP_STATE_MASTER, reason, NULL, now, actions);
}

/* Another member went backup: step down too, with a priority-0 advert so
 * that the peer's member takes over after Skew_Time, not after
 * Master_Down_Interval. */
static void
on_sync_backup (VigilVrrpFsm *fsm, const VigilVrrpAdvertInfo *advert, gint64 now,
                VigilVrrpActions *actions)
{
  release_as_master (fsm, actions);
  fsm_change_state (fsm, VIGIL_VRRP_STATE_BACKUP, VIGIL_VRRP_REASON_SYNC_GROUP, NULL, now, actions);
}

static const FsmHandler fsm_table[VIGIL_VRRP_N_STATES][VIGIL_VRRP_N_EVENTS] = {
  [VIGIL_VRRP_STATE_INIT] = {
    [VIGIL_VRRP_EVENT_STARTUP] = on_startup,
    [VIGIL_VRRP_EVENT_SHUTDOWN] = on_shutdown,
    [VIGIL_VRRP_EVENT_FAULT] = on_fault_in_init,
    [VIGIL_VRRP_EVENT_FAULT_CLEARED] = on_fault_cleared,
  },
  [VIGIL_VRRP_STATE_BACKUP] = {
    [VIGIL_VRRP_EVENT_SHUTDOWN] = on_shutdown,
    [VIGIL_VRRP_EVENT_MASTER_DOWN_TIMER] = on_master_down_timer,
    [VIGIL_VRRP_EVENT_ADVERT] = on_advert_in_backup,
    [VIGIL_VRRP_EVENT_FAULT] = on_fault,
    [VIGIL_VRRP_EVENT_FAULT_CLEARED] = on_fault_cleared,
    [VIGIL_VRRP_EVENT_SYNC_MASTER] = on_sync_master,
  },
  [VIGIL_VRRP_STATE_MASTER] = {
    [VIGIL_VRRP_EVENT_SHUTDOWN] = on_shutdown,
    [VIGIL_VRRP_EVENT_ADVER_TIMER] = on_adver_timer,
    [VIGIL_VRRP_EVENT_ADVERT] = on_advert_in_master,
    [VIGIL_VRRP_EVENT_FAULT] = on_fault,
    [VIGIL_VRRP_EVENT_FAULT_CLEARED] = on_fault_cleared,
    [VIGIL_VRRP_EVENT_SYNC_BACKUP] = on_sync_backup,
  },
  [VIGIL_VRRP_STATE_FAULT] = {
    [VIGIL_VRRP_EVENT_SHUTDOWN] = on_shutdown,
    [VIGIL_VRRP_EVENT_FAULT] = on_fault,
    [VIGIL_VRRP_EVENT_FAULT_CLEARED] = on_fault_cleared,
  },
  [VIGIL_VRRP_STATE_STOP] = {
    [VIGIL_VRRP_EVENT_STARTUP] = on_startup,
    [VIGIL_VRRP_EVENT_FAULT] = on_fault_in_init,
    [VIGIL_VRRP_EVENT_FAULT_CLEARED] = on_fault_cleared,
  },
};

static void
actions_reset (VigilVrrpActions *actions, VigilVrrpState state)
{
  memset (actions, 0, sizeof *actions);
  actions->old_state = state;
  actions->new_state = state;
}

void
vigil_vrrp_fsm_handle (VigilVrrpFsm *fsm, VigilVrrpEvent event,
                       const VigilVrrpAdvertInfo *advert, gint64 now,
                       VigilVrrpActions *actions)
{
  FsmHandler handler;

  g_return_if_fail (fsm != NULL && actions != NULL);
  g_return_if_fail (event < VIGIL_VRRP_N_EVENTS);
  g_return_if_fail (event != VIGIL_VRRP_EVENT_ADVERT || advert != NULL);

  actions_reset (actions, fsm->state);
  handler = fsm_table[fsm->state][event];
  if (handler != NULL)
    handler (fsm, advert, now, actions);
}

void
vigil_vrrp_fsm_release (VigilVrrpFsm *fsm, gint64 until, gint64 now, VigilVrrpActions *actions)
{
  g_return_if_fail (fsm != NULL && actions != NULL);
  actions_reset (actions, fsm->state);
  fsm->held = TRUE;
  fsm->hold_deadline = until;
  if (fsm->state == VIGIL_VRRP_STATE_MASTER)
    {
      release_as_master (fsm, actions);
      fsm_change_state (fsm, VIGIL_VRRP_STATE_BACKUP, VIGIL_VRRP_REASON_RELEASED, NULL, now, actions);
    }
}

void
vigil_vrrp_fsm_resume (VigilVrrpFsm *fsm, gint64 now, VigilVrrpActions *actions)
{
  g_return_if_fail (fsm != NULL && actions != NULL);
  actions_reset (actions, fsm->state);
  if (!fsm->held)
    return;
  fsm->held = FALSE;
  fsm->hold_deadline = 0;
  if (fsm->state == VIGIL_VRRP_STATE_BACKUP)
    arm_master_down_timer (fsm, now, vigil_vrrp_fsm_master_down_interval (fsm));
}

gint64
vigil_vrrp_fsm_next_deadline (const VigilVrrpFsm *fsm)
{
  gint64 deadlines[] = { fsm->adver_deadline, fsm->master_down_deadline, fsm->preempt_deadline,
                         fsm->held ? fsm->hold_deadline : 0 };
  gint64 next = 0;

  for (guint i = 0; i < G_N_ELEMENTS (deadlines); i++)
    if (deadlines[i] > 0 && (next == 0 || deadlines[i] < next))
      next = deadlines[i];
  return next;
}

gboolean
vigil_vrrp_fsm_run_timers (VigilVrrpFsm *fsm, gint64 now, VigilVrrpActions *actions)
{
  actions_reset (actions, fsm->state);

  if (fsm->master_down_deadline > 0 && fsm->master_down_deadline <= now)
    {
      fsm->master_down_deadline = 0;
      vigil_vrrp_fsm_handle (fsm, VIGIL_VRRP_EVENT_MASTER_DOWN_TIMER, NULL, now, actions);
      return TRUE;
    }
  if (fsm->adver_deadline > 0 && fsm->adver_deadline <= now)
    {
      vigil_vrrp_fsm_handle (fsm, VIGIL_VRRP_EVENT_ADVER_TIMER, NULL, now, actions);
      return TRUE;
    }
  if (fsm->held && fsm->hold_deadline > 0 && fsm->hold_deadline <= now)
    {
      vigil_vrrp_fsm_resume (fsm, now, actions);
      return TRUE;
    }
  if (fsm->preempt_deadline > 0 && fsm->preempt_deadline <= now)
    {
      if (fsm->state == VIGIL_VRRP_STATE_BACKUP)
        on_preempt_timer (fsm, now, actions);
      else
        fsm->preempt_deadline = 0;
      return TRUE;
    }
  return FALSE;
}
