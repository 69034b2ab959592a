/* vrrp-instance-private.h - VigilVrrpInstance's insides, shared by
 * vrrp-instance.c (the engine and the GObject) and vrrp-instance-operator.c
 * (operator maintenance and trackers). Nothing else includes it. */
#pragma once

#include "vrrp/vrrp-instance.h"
#include "vrrp/advert-template.h"
#include "vrrp/vip-set.h"
#include "net/vmac.h"
#include "vrrp/sync-member.h"

G_BEGIN_DECLS

struct _VigilVrrpInstance {
  GObject parent_instance;

  const VigilConfVrrpInstance *conf;
  VigilVrrpContext *context;

  VigilVrrpFsm fsm;
  VigilTimer *timer;             /* the FSM's earliest deadline */
  VigilVrrpSocket *socket;
  VigilVrrpAdvertTemplate advert;
  int ifindex;                   /* 0: interface not resolved */
  VigilLinkInfo link;
  VigilVmac *vmac;               /* use_vmac: the macvlan the instance runs on */
  char *vmac_error;              /* use_vmac given but unusable: why */
  VigilLinkInfo vmac_link;       /* ifindex 0: not there */
  VigilInetAddr source;          /* adverts' source and our tie-break address */
  VigilInetAddr mcast_group;
  char *fault_cause;             /* why we are in FAULT, or NULL */
  char *link_fault;              /* the interface is unusable: why */
  char *track_fault;             /* a tracker without weight failed: why */
  char *sync_fault;              /* another member of our sync group is in FAULT */
  char *own_fault_notified;      /* link_fault ?: track_fault, as last notified */
  char *sync_reason;             /* why the sync group moves us now, or NULL */
  gboolean want_master_notified; /* fsm.want_master, as last notified */
  int tracking_weight;           /* sum of the trackers' weights in effect */
  gboolean started;
  VigilVipSet *vips;
  gulong link_changed_id;
  gulong link_removed_id;
  gulong address_removed_id;
  gulong address_added_id;

  VigilVrrpStats stats;
  guint8 priority_override;      /* 0: none */
  gint64 held_until;             /* realtime µs; G_MAXINT64: until resume */
  gint64 last_transition;        /* realtime µs */
  char *last_transition_reason;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_STATE,
  PROP_PRIORITY,
  PROP_EFFECTIVE_PRIORITY,
  PROP_VRID,
  PROP_INTERFACE,
  PROP_VERSION,
  PROP_ADVERT_INTERVAL,
  PROP_MASTER_ADDRESS,
  PROP_VIRTUAL_ADDRESSES,
  PROP_LAST_TRANSITION,
  PROP_LAST_TRANSITION_REASON,
  PROP_PRIORITY_OVERRIDE,
  PROP_HELD_UNTIL,
  PROP_FAMILY,
  PROP_OWN_FAULT,
  PROP_WANTS_MASTER,
  N_PROPS
};

void _vigil_vrrp_instance_notify (VigilVrrpInstance *self, guint prop_id);
void _vigil_vrrp_instance_apply_actions (VigilVrrpInstance *self,
                                         const VigilVrrpActions *actions, gint64 now);
void _vigil_vrrp_instance_send_advert (VigilVrrpInstance *self, guint8 priority);
void _vigil_vrrp_instance_sync_fault (VigilVrrpInstance *self);
void _vigil_vrrp_instance_set_held_until (VigilVrrpInstance *self, gint64 held_until);
void _vigil_vrrp_instance_handle_event (VigilVrrpInstance *self, VigilVrrpEvent event);
/* VigilSyncMember for VigilVrrpInstance (vrrp-instance-operator.c). */
void _vigil_vrrp_instance_sync_member_init (VigilSyncMemberInterface *iface);

G_END_DECLS
