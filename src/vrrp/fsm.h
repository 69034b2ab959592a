/* fsm.h - the VRRP state machine of RFC 5798 §6.4 (and RFC 3768 §6.4), pure
 *
 * No sockets, no clock, no globals: every call takes the current time
 * (monotonic microseconds) and the event, updates the VigilVrrpFsm and
 * says what the caller must do (send an advert, take or release the
 * addresses, arm timers). Handlers are looked up in a table indexed by
 * (state, event); exactly one function, fsm_change_state(), changes the
 * state, and it records the old state, the new state and the reason.
 */
#pragma once

#include <glib.h>
#include "net/inet-addr.h"

G_BEGIN_DECLS

typedef enum {
  VIGIL_VRRP_STATE_INIT = 0,
  VIGIL_VRRP_STATE_BACKUP,
  VIGIL_VRRP_STATE_MASTER,
  VIGIL_VRRP_STATE_FAULT,
  VIGIL_VRRP_STATE_STOP,
  VIGIL_VRRP_N_STATES
} VigilVrrpState;

/* "init", "backup", "master", "fault", "stop" (the D-Bus values). */
const char *vigil_vrrp_state_to_string (VigilVrrpState state);
/* "INIT", "BACKUP", ... as logs and notify scripts spell them. */
const char *vigil_vrrp_state_to_upper (VigilVrrpState state);

typedef enum {
  VIGIL_VRRP_EVENT_STARTUP = 0,
  VIGIL_VRRP_EVENT_SHUTDOWN,
  VIGIL_VRRP_EVENT_MASTER_DOWN_TIMER,
  VIGIL_VRRP_EVENT_ADVER_TIMER,
  VIGIL_VRRP_EVENT_ADVERT,          /* a valid advert for our VRID */
  VIGIL_VRRP_EVENT_FAULT,           /* interface down, tracker failed */
  VIGIL_VRRP_EVENT_FAULT_CLEARED,
  VIGIL_VRRP_EVENT_SYNC_MASTER,     /* the sync group goes master together */
  VIGIL_VRRP_EVENT_SYNC_BACKUP,     /* the sync group goes backup together */
  VIGIL_VRRP_N_EVENTS
} VigilVrrpEvent;

const char *vigil_vrrp_event_to_string (VigilVrrpEvent event);

/* Why the state changed. */
typedef enum {
  VIGIL_VRRP_REASON_NONE = 0,
  VIGIL_VRRP_REASON_STARTUP,              /* Initialize → Backup */
  VIGIL_VRRP_REASON_ADDRESS_OWNER,        /* priority 255 → Master at once */
  VIGIL_VRRP_REASON_CONFIGURED_MASTER,    /* `state MASTER` */
  VIGIL_VRRP_REASON_MASTER_DOWN_TIMER,    /* no advert for Master_Down_Interval */
  VIGIL_VRRP_REASON_PRIORITY_ZERO,        /* master released (priority 0) then timer */
  VIGIL_VRRP_REASON_HIGHER_PRIORITY,      /* advert with higher priority */
  VIGIL_VRRP_REASON_EQUAL_PRIORITY_HIGHER_ADDRESS,
  VIGIL_VRRP_REASON_PREEMPT_DELAY,        /* preempt_delay over, master still lower */
  VIGIL_VRRP_REASON_FAULT,                /* interface or tracker failed */
  VIGIL_VRRP_REASON_FAULT_CLEARED,
  VIGIL_VRRP_REASON_SHUTDOWN,
  VIGIL_VRRP_REASON_RELEASED,             /* an operator released the master role */
  VIGIL_VRRP_REASON_SYNC_GROUP,           /* another member of the sync group moved */
  VIGIL_VRRP_N_REASONS
} VigilVrrpReason;

/* "master_down_timer expired", "higher priority advert", ... */
const char *vigil_vrrp_reason_to_string (VigilVrrpReason reason);

/* What the instance is configured with; the FSM never changes it. */
typedef struct {
  guint8 version;            /* 2 or 3 */
  gint64 advert_interval;    /* µs: our Advertisement_Interval */
  gboolean preempt;
  gint64 preempt_delay;      /* µs; 0 = none */
  gboolean start_as_master;  /* `state MASTER` */
  gboolean lower_prio_no_advert; /* master does not answer lower adverts */
  gboolean higher_prio_send_advert; /* master answers a higher advert once, then backs off */
} VigilVrrpFsmConfig;

/* An advert as the FSM needs it (already validated by the codec). */
typedef struct {
  guint8 priority;
  gint64 adver_interval;     /* µs, from the packet (v3 learns it) */
  VigilInetAddr source;
} VigilVrrpAdvertInfo;

typedef struct {
  VigilVrrpFsmConfig config;
  VigilVrrpState state;
  guint8 priority;                 /* effective priority (255 = owner) */
  VigilInetAddr primary_address;   /* ours, for equal-priority tie break */
  gint64 master_adver_interval;    /* µs; learned in v3 backups */
  gint64 adver_deadline;           /* adver_timer, 0 = disarmed */
  gint64 master_down_deadline;     /* master_down_timer, 0 = disarmed */
  gint64 preempt_deadline;         /* end of preempt_delay, 0 = not running */
  VigilInetAddr master_address;    /* last master seen (or us) */
  guint8 master_priority;          /* priority in its last advert */
  gboolean in_fault;               /* a fault is pending (Init/Stop aside) */
  gboolean held;                   /* released by an operator: never master */
  gint64 hold_deadline;            /* end of the hold, 0 = until resumed */
  /* vrrp_sync_group (keepalived's rule: a member becomes master only
   * when every member of its group would): while `sync_gated`, whatever
   * would make us master (master_down_timer, preempt_delay, address
   * owner, `state MASTER`) leaves us backup with `want_master` set, and
   * the group sends VIGIL_VRRP_EVENT_SYNC_MASTER to all members once
   * each of them wants it. */
  gboolean sync_gated;
  /* vrrp_startup_delay (keepalived): until this instant (monotonic µs)
   * nothing makes us master; a backup's master_down_timer runs from the
   * end of the delay. 0 = none. */
  gint64 startup_hold_until;
  gboolean want_master;
  VigilVrrpReason want_master_reason; /* what made us want it: SYNC_MASTER's reason */
} VigilVrrpFsm;

/* What the caller must do after an event, in this order. */
typedef struct {
  gboolean send_advert;
  guint8 advert_priority;          /* priority to put in the advert (0 on release) */
  gboolean take_addresses;         /* add VIPs, then gratuitous ARP / NA */
  gboolean release_addresses;      /* remove VIPs */
  gboolean state_changed;
  VigilVrrpState old_state;
  VigilVrrpState new_state;
  VigilVrrpReason reason;
  VigilInetAddr reason_address;    /* who caused it, when a peer did */
  /* As master, an advert of lower priority (or equal priority from a
   * lower address) came in: keepalived's MASTER_RX_LOWER_PRI event
   * (notify_master_rx_lower_pri, garp_lower_prio_*). */
  gboolean rx_lower_priority;
} VigilVrrpActions;

void vigil_vrrp_fsm_init (VigilVrrpFsm *fsm, const VigilVrrpFsmConfig *config,
                          guint8 priority, const VigilInetAddr *primary_address);

/* Skew_Time and Master_Down_Interval for the current priority and
 * Master_Adver_Interval, in µs. */
gint64 vigil_vrrp_fsm_skew_time (const VigilVrrpFsm *fsm);
gint64 vigil_vrrp_fsm_master_down_interval (const VigilVrrpFsm *fsm);

/* Feed one event. `advert` is required for VIGIL_VRRP_EVENT_ADVERT.
 * Fills `actions` (always initialised). */
void vigil_vrrp_fsm_handle (VigilVrrpFsm *fsm, VigilVrrpEvent event,
                            const VigilVrrpAdvertInfo *advert, gint64 now,
                            VigilVrrpActions *actions);

/* The effective priority changed (tracking); takes effect on the next
 * advert and timer. */
void vigil_vrrp_fsm_set_priority (VigilVrrpFsm *fsm, guint8 priority);
void vigil_vrrp_fsm_set_primary_address (VigilVrrpFsm *fsm, const VigilInetAddr *address);
/* Open (FALSE) or close (TRUE) the sync group's gate on becoming master
 * (see VigilVrrpFsm.sync_gated). */
void vigil_vrrp_fsm_set_sync_gated (VigilVrrpFsm *fsm, gboolean gated);
/* vrrp_startup_delay: hold every way to master until `until` (monotonic
 * µs; 0 = none); see VigilVrrpFsm.startup_hold_until. */
void vigil_vrrp_fsm_set_startup_hold (VigilVrrpFsm *fsm, gint64 until);

/* Operator maintenance: step down (a master sends priority 0 and gives
 * the addresses back) and stay backup until `until` (monotonic µs; 0 =
 * until vigil_vrrp_fsm_resume). Resume arms master_down_timer afresh. */
void vigil_vrrp_fsm_release (VigilVrrpFsm *fsm, gint64 until, gint64 now,
                             VigilVrrpActions *actions);
void vigil_vrrp_fsm_resume (VigilVrrpFsm *fsm, gint64 now, VigilVrrpActions *actions);

/* Earliest armed deadline (µs), or 0 if no timer is armed. */
gint64 vigil_vrrp_fsm_next_deadline (const VigilVrrpFsm *fsm);

/* Fire whatever timer is due at `now` (at most one per call: call again
 * until it returns FALSE). */
gboolean vigil_vrrp_fsm_run_timers (VigilVrrpFsm *fsm, gint64 now,
                                    VigilVrrpActions *actions);

G_END_DECLS
