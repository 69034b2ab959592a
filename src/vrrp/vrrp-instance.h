/* vrrp-instance.h - one VRRP instance: the FSM driven by sockets, timers
 * and link events, taking and releasing its virtual addresses
 *
 * Readers (D-Bus, SNMP, notify, logs) observe its GObject properties
 * ("notify::state" etc.), its "state-changed" signal, its
 * "packet-dropped" signal (result, source address), emitted for every
 * packet dropped after it was counted in the stats, and, as master, its
 * "master-rx-lower-pri" signal (an advert of lower priority came in);
 * nothing outside
 * changes its state except through the public functions below.
 */
#pragma once

#include <glib-object.h>
#include "config/model.h"
#include "vrrp/fsm.h"
#include "vrrp/vrrp-context.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_VRRP_STATE (vigil_vrrp_state_get_type ())
GType vigil_vrrp_state_get_type (void);

#define VIGIL_TYPE_VRRP_INSTANCE (vigil_vrrp_instance_get_type ())
G_DECLARE_FINAL_TYPE (VigilVrrpInstance, vigil_vrrp_instance, VIGIL, VRRP_INSTANCE, GObject)

/* Per-instance counters (the MIBs' vrrpStatsTable / vrrpv3StatisticsTable). */
typedef struct {
  guint64 adverts_sent;
  guint64 adverts_received;
  guint64 became_master;
  guint64 released_master;
  guint64 priority_zero_sent;
  guint64 priority_zero_received;
  guint64 unknown_source;              /* check_unicast_src drops */
  guint64 send_errors;
  guint64 rx_errors[VIGIL_VRRP_RX_N_RESULTS];
} VigilVrrpStats;

/* `conf` must outlive the instance (the daemon keeps its config). */
VigilVrrpInstance *vigil_vrrp_instance_new (const VigilConfVrrpInstance *conf,
                                            VigilVrrpContext *context);

/* Open the socket, resolve the interface, run the FSM's startup. An
 * unusable interface is not an error: the instance starts in FAULT and
 * recovers when the link comes. */
void vigil_vrrp_instance_start (VigilVrrpInstance *self);
/* Send priority 0 if master, remove the addresses, go to STOP. */
void vigil_vrrp_instance_stop (VigilVrrpInstance *self);

const char *vigil_vrrp_instance_get_name (VigilVrrpInstance *self);
VigilVrrpState vigil_vrrp_instance_get_state (VigilVrrpInstance *self);
guint8 vigil_vrrp_instance_get_priority (VigilVrrpInstance *self);
guint8 vigil_vrrp_instance_get_effective_priority (VigilVrrpInstance *self);
const VigilConfVrrpInstance *vigil_vrrp_instance_get_conf (VigilVrrpInstance *self);
const VigilVrrpStats *vigil_vrrp_instance_get_stats (VigilVrrpInstance *self);
/* Realtime (µs) and text of the last state change. */
gint64 vigil_vrrp_instance_get_last_transition (VigilVrrpInstance *self);
const char *vigil_vrrp_instance_get_last_transition_reason (VigilVrrpInstance *self);

/* Maintenance, for operators (D-Bus Release/Resume/SetPriority/SendGarp):
 * release: a master steps down (priority-0 advert, addresses removed) and
 * the instance stays backup for `seconds` (0: until resume), whatever the
 * priorities; resume ends that early. */
void vigil_vrrp_instance_release (VigilVrrpInstance *self, guint seconds);
void vigil_vrrp_instance_resume (VigilVrrpInstance *self);
/* What the trackers (vrrp_script, track_interface, track_file,
 * track_process) say, recomputed by their owner on every change: `weight`
 * is the sum of the weights in effect (positive weights of trackers that
 * are up, negative ones of trackers that are down); `fault_cause` is
 * non-NULL while a tracker without weight is down, and says which and
 * why. The effective priority is the configured one plus `weight`, kept
 * within 1..254 (the address owner stays 255). */
void vigil_vrrp_instance_set_tracking (VigilVrrpInstance *self, int weight,
                                       const char *fault_cause);

/* Runtime priority override (1..254, or 0 to clear); cleared on reload. */
void vigil_vrrp_instance_set_priority_override (VigilVrrpInstance *self, guint8 priority);
guint8 vigil_vrrp_instance_get_priority_override (VigilVrrpInstance *self);
/* Realtime µs until which the instance is held by release (0: not held;
 * G_MAXINT64: until resume). */
gint64 vigil_vrrp_instance_get_held_until (VigilVrrpInstance *self);
/* Send gratuitous ARP / unsolicited NA now, if master. */
void vigil_vrrp_instance_send_garp (VigilVrrpInstance *self);

/* Swap in an equal configuration after a reload (the old one is freed
 * by the caller afterwards). */
void vigil_vrrp_instance_set_conf (VigilVrrpInstance *self, const VigilConfVrrpInstance *conf);

G_END_DECLS
