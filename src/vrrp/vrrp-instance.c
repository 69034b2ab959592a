/* vrrp-instance.c - one VRRP instance (see vrrp-instance.h) */
#define G_LOG_DOMAIN "vigil-vrrp"

#include "vrrp/vrrp-instance-private.h"
#include "daemon/log.h"

#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>

enum {
  SIGNAL_STATE_CHANGED,
  SIGNAL_PACKET_DROPPED,
  SIGNAL_MASTER_RX_LOWER_PRI,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_ENUM_TYPE (VigilVrrpState, vigil_vrrp_state,
  G_DEFINE_ENUM_VALUE (VIGIL_VRRP_STATE_INIT, "init"),
  G_DEFINE_ENUM_VALUE (VIGIL_VRRP_STATE_BACKUP, "backup"),
  G_DEFINE_ENUM_VALUE (VIGIL_VRRP_STATE_MASTER, "master"),
  G_DEFINE_ENUM_VALUE (VIGIL_VRRP_STATE_FAULT, "fault"),
  G_DEFINE_ENUM_VALUE (VIGIL_VRRP_STATE_STOP, "stop"))

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilVrrpInstance, vigil_vrrp_instance, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIGIL_TYPE_SYNC_MEMBER,
                                                      _vigil_vrrp_instance_sync_member_init))

void
_vigil_vrrp_instance_notify (VigilVrrpInstance *self, guint prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* ---- adverts -------------------------------------------------------------- */

void
_vigil_vrrp_instance_send_advert (VigilVrrpInstance *self, guint8 priority)
{
  VigilVrrpPacket packet;
  GPtrArray *peers = self->conf->unicast_peers;

  if (self->socket == NULL || !vigil_inet_addr_is_set (&self->source))
    return;
  vigil_vrrp_advert_template_build (&self->advert, priority, &packet);
  for (guint i = 0; i < MAX (1u, peers != NULL ? peers->len : 0u); i++)
    {
      g_autoptr(GError) error = NULL;
      const VigilInetAddr *dst = peers != NULL && peers->len > 0
                                   ? g_ptr_array_index (peers, i) : &self->mcast_group;

      if (!vigil_vrrp_socket_send (self->socket, &packet, &self->source, dst,
                                   self->advert.flags, &error))
        {
          self->stats.send_errors++;
          vigil_instance_debug (self->conf->name, "%s", error->message);
          continue;
        }
      self->stats.adverts_sent++;
      if (priority == 0)
        self->stats.priority_zero_sent++;
    }
}

/* ---- the FSM's effects ----------------------------------------------------- */

static char *
describe_reason (VigilVrrpInstance *self, const VigilVrrpActions *actions)
{
  char addr[VIGIL_INET_ADDR_STRLEN];
  const char *base = vigil_vrrp_reason_to_string (actions->reason);

  if (actions->reason == VIGIL_VRRP_REASON_FAULT && self->fault_cause != NULL)
    return g_strdup (self->fault_cause);
  /* Moved by the sync group: its reason, after our own if we had one
   * ("master_down_timer expired; sync group G1: ..."). */
  if (self->sync_reason != NULL)
    return actions->reason == VIGIL_VRRP_REASON_SYNC_GROUP
             ? g_strdup (self->sync_reason)
             : g_strdup_printf ("%s; %s", base, self->sync_reason);
  if (vigil_inet_addr_is_set (&actions->reason_address))
    return g_strdup_printf ("%s from %s", base,
                            vigil_inet_addr_to_string (&actions->reason_address, addr));
  return g_strdup (base);
}

static void
rearm_timer (VigilVrrpInstance *self)
{
  vigil_timer_arm (self->timer, vigil_vrrp_fsm_next_deadline (&self->fsm));
}

void
_vigil_vrrp_instance_apply_actions (VigilVrrpInstance *self, const VigilVrrpActions *actions, gint64 now)
{
  /* The advert first: it is what the peers and the RFC's clock see. */
  if (actions->send_advert)
    _vigil_vrrp_instance_send_advert (self, actions->advert_priority);
  if (actions->release_addresses)
    vigil_vip_set_release (self->vips);
  if (actions->take_addresses)
    vigil_vip_set_take (self->vips);
  rearm_timer (self);
  if (self->fsm.want_master != self->want_master_notified)
    {
      self->want_master_notified = self->fsm.want_master;
      if (self->fsm.want_master)
        vigil_instance_debug (self->conf->name, "would become master; waiting for sync group %s",
                              self->conf->sync_group != NULL ? self->conf->sync_group : "?");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WANTS_MASTER]);
    }

  if (actions->state_changed)
    {
      g_autofree char *reason = describe_reason (self, actions);

      if (actions->new_state == VIGIL_VRRP_STATE_MASTER)
        self->stats.became_master++;
      if (actions->old_state == VIGIL_VRRP_STATE_MASTER)
        self->stats.released_master++;
      self->last_transition = g_get_real_time ();
      g_free (self->last_transition_reason);
      self->last_transition_reason = g_strdup (reason);
      vigil_instance_message (self->conf->name, "%s -> %s (%s)",
                              vigil_vrrp_state_to_upper (actions->old_state),
                              vigil_vrrp_state_to_upper (actions->new_state), reason);
      g_object_freeze_notify (G_OBJECT (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MASTER_ADDRESS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_TRANSITION]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_TRANSITION_REASON]);
      g_object_thaw_notify (G_OBJECT (self));
      g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0,
                     actions->old_state, actions->new_state, reason);
    }
}

static void
handle_event (VigilVrrpInstance *self, VigilVrrpEvent event, const VigilVrrpAdvertInfo *advert,
              gint64 now)
{
  VigilVrrpActions actions;

  vigil_vrrp_fsm_handle (&self->fsm, event, advert, now, &actions);
  _vigil_vrrp_instance_apply_actions (self, &actions, now);
}

void
_vigil_vrrp_instance_handle_event (VigilVrrpInstance *self, VigilVrrpEvent event)
{
  handle_event (self, event, NULL, g_get_monotonic_time ());
}

static void
on_timer (VigilTimer *timer, gint64 now, gpointer user_data)
{
  VigilVrrpInstance *self = user_data;
  VigilVrrpActions actions;

  for (guint guard = 0; guard < 8 && vigil_vrrp_fsm_run_timers (&self->fsm, now, &actions); guard++)
    _vigil_vrrp_instance_apply_actions (self, &actions, now);
  if (!self->fsm.held && self->held_until != 0)
    {
      vigil_instance_message (self->conf->name, "release period over; resuming");
      _vigil_vrrp_instance_set_held_until (self, 0);
    }
  rearm_timer (self);
}

/* ---- receive path ---------------------------------------------------------- */

/* The one place where a packet meant for this instance is dropped: the
 * named counter, the debug line, and "packet-dropped" for the readers
 * (SNMP's vrrpTrapAuthFailure and vrrpv3ProtoError). */
static void
count_drop (VigilVrrpInstance *self, VigilVrrpRxResult result, const VigilInetAddr *src)
{
  char addr[VIGIL_INET_ADDR_STRLEN];

  self->stats.rx_errors[result]++;
  vigil_instance_debug (self->conf->name, "dropped packet from %s: %s",
                        vigil_inet_addr_to_string (src, addr),
                        vigil_vrrp_rx_result_to_string (result));
  g_signal_emit (self, signals[SIGNAL_PACKET_DROPPED], 0, (int) result, src);
}

static gboolean
is_unicast_peer (VigilVrrpInstance *self, const VigilInetAddr *src)
{
  GPtrArray *peers = self->conf->unicast_peers;

  for (guint i = 0; peers != NULL && i < peers->len; i++)
    if (vigil_inet_addr_equal (g_ptr_array_index (peers, i), src))
      return TRUE;
  return FALSE;
}

static void
on_advert (const VigilVrrpPacket *packet, const VigilInetAddr *src, const VigilInetAddr *dst,
           gint64 received_at, gpointer user_data)
{
  VigilVrrpInstance *self = user_data;
  VigilVrrpAdvertInfo info;
  VigilVrrpActions actions;
  VigilVrrpExpect expect;
  VigilVrrpRxResult result;
  VigilInetAddr master_before;

  if (vigil_inet_addr_equal (src, &self->source))
    return; /* our own advert */
  if (self->conf->check_unicast_src && self->conf->unicast_peers != NULL
      && self->conf->unicast_peers->len > 0 && !is_unicast_peer (self, src))
    {
      self->stats.unknown_source++;
      return;
    }
  /* skip_check_adv_addr, as keepalived: a backup skips the address
   * list only of the master it already accepted; a new master's, and
   * every advert a master gets, are checked. */
  expect = self->advert.expect;
  expect.skip_check_adv_addr = self->conf->skip_check_adv_addr
                               && self->fsm.state == VIGIL_VRRP_STATE_BACKUP
                               && vigil_inet_addr_equal (src, &self->fsm.master_address);
  result = vigil_vrrp_packet_check (packet, &expect);
  if (result != VIGIL_VRRP_RX_OK)
    {
      count_drop (self, result, src);
      return;
    }
  self->stats.adverts_received++;
  if (packet->priority == 0)
    self->stats.priority_zero_received++;
  info.priority = packet->priority;
  info.adver_interval = (gint64) packet->adver_int_cs * 10000;
  info.source = *src;
  master_before = self->fsm.master_address;
  vigil_vrrp_fsm_handle (&self->fsm, VIGIL_VRRP_EVENT_ADVERT, &info, received_at, &actions);
  _vigil_vrrp_instance_apply_actions (self, &actions, received_at);
  if (actions.rx_lower_priority)
    {
      char addr[VIGIL_INET_ADDR_STRLEN];

      vigil_inet_addr_to_string (src, addr);
      vigil_instance_message (self->conf->name,
                              "received advert from %s with lower priority %u, ours %u%s",
                              addr, packet->priority, self->fsm.priority,
                              self->conf->lower_prio_no_advert ? "" : ", forcing new election");
      vigil_vip_set_announce_lower_prio (self->vips);
      g_signal_emit (self, signals[SIGNAL_MASTER_RX_LOWER_PRI], 0, (guint) packet->priority, addr);
    }
  /* Only when it changed: a notify per advert, through the D-Bus binding's
   * property round trip, was a large part of a backup's CPU per advert. */
  if (self->fsm.state == VIGIL_VRRP_STATE_BACKUP
      && !vigil_inet_addr_equal (&master_before, &self->fsm.master_address))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MASTER_ADDRESS]);
}

static void
on_dropped (VigilVrrpRxResult reason, const VigilInetAddr *src, gpointer user_data)
{
  count_drop (user_data, reason, src);
}

/* ---- interface ---------------------------------------------------------------- */

/* Enter or leave FAULT after the link's, the trackers' or the sync
 * group's verdict changed: FAULT while any says so, the link's reason
 * first, the sync group's last. "own-fault" (link or trackers) is
 * notified after the state change it caused. */
void
_vigil_vrrp_instance_sync_fault (VigilVrrpInstance *self)
{
  const char *own = self->link_fault != NULL ? self->link_fault : self->track_fault;
  const char *cause = own != NULL ? own : self->sync_fault;
  gboolean own_changed = g_strcmp0 (own, self->own_fault_notified) != 0;

  if (own_changed)
    {
      g_free (self->own_fault_notified);
      self->own_fault_notified = g_strdup (own);
    }
  if (!self->started)
    {
      if (own_changed)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWN_FAULT]);
      return;
    }

  if (cause != NULL)
    {
      gboolean entering = !self->fsm.in_fault;

      g_free (self->fault_cause);
      self->fault_cause = g_strdup (cause);
      if (entering)
        handle_event (self, VIGIL_VRRP_EVENT_FAULT, NULL, g_get_monotonic_time ());
    }
  else if (self->fsm.in_fault)
    {
      g_clear_pointer (&self->fault_cause, g_free);
      handle_event (self, VIGIL_VRRP_EVENT_FAULT_CLEARED, NULL, g_get_monotonic_time ());
    }
  if (own_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWN_FAULT]);
}

static void
set_link_fault (VigilVrrpInstance *self, char *cause /* taken */)
{
  g_free (self->link_fault);
  self->link_fault = cause;
  _vigil_vrrp_instance_sync_fault (self);
}

static void
close_socket (VigilVrrpInstance *self)
{
  if (self->socket == NULL)
    return;
  vigil_vrrp_socket_remove_receiver (self->socket, self->conf->vrid);
  g_clear_pointer (&self->socket, vigil_vrrp_socket_unref);
}

/* use_vmac: make sure the vmac is there and up, and put the virtual
 * addresses on it; without, they go on the interface itself. */
static gboolean
attach_vmac (VigilVrrpInstance *self, char **cause)
{
  g_autoptr(GError) error = NULL;

  if (self->vmac_error != NULL)
    {
      *cause = g_strdup (self->vmac_error);
      return FALSE;
    }
  if (self->vmac == NULL)
    {
      vigil_vip_set_set_link (self->vips, &self->link);
      return TRUE;
    }
  if (!vigil_vmac_ensure (self->vmac, &self->vmac_link, &error))
    {
      memset (&self->vmac_link, 0, sizeof self->vmac_link);
      vigil_vip_set_set_link (self->vips, NULL);
      *cause = g_strdup_printf ("vmac %s: %s", vigil_vmac_get_spec (self->vmac)->name,
                                error->message);
      return FALSE;
    }
  vigil_vip_set_set_link (self->vips, &self->vmac_link);
  return TRUE;
}

/* Resolve the interface, its addresses and the socket. FALSE with a
 * cause when the instance cannot run VRRP now. */
static gboolean
attach_interface (VigilVrrpInstance *self, char **cause)
{
  const VigilConfVrrpInstance *conf = self->conf;
  g_autoptr(GError) error = NULL;
  VigilVrrpReceiver receiver = {
    .advert = on_advert, .dropped = on_dropped,
    .codec_flags = self->advert.flags, .user_data = self,
  };

  close_socket (self);
  if (!vigil_netlink_get_link_by_name (self->context->netlink, conf->interface, &self->link, NULL))
    {
      self->ifindex = 0;
      *cause = g_strdup_printf ("interface %s not found", conf->interface);
      return FALSE;
    }
  self->ifindex = self->link.ifindex;
  if (!attach_vmac (self, cause))
    return FALSE;
  if (vigil_inet_addr_is_set (&conf->unicast_src_ip))
    self->source = conf->unicast_src_ip;
  else if (vigil_inet_addr_is_set (&conf->mcast_src_ip))
    self->source = conf->mcast_src_ip;
  else if (!vigil_netlink_get_primary_address (self->context->netlink, self->ifindex,
                                               conf->family, &self->source))
    memset (&self->source, 0, sizeof self->source);
  vigil_vrrp_fsm_set_primary_address (&self->fsm, &self->source);

  self->mcast_group = conf->family == AF_INET6 ? self->context->mcast_group6
                                               : self->context->mcast_group4;
  /* With a vmac adverts go out (and come in) on it, with the virtual MAC,
   * unless vmac_xmit_base keeps them on the base interface. */
  if (self->vmac != NULL && !conf->vmac_xmit_base)
    self->socket = vigil_vrrp_socket_pool_get (self->context->sockets, self->vmac_link.ifindex,
                                               self->vmac_link.name, conf->family,
                                               &self->mcast_group, &error);
  else
    self->socket = vigil_vrrp_socket_pool_get (self->context->sockets, self->ifindex,
                                               conf->interface, conf->family,
                                               &self->mcast_group, &error);
  if (self->socket == NULL)
    {
      *cause = g_strdup (error->message);
      return FALSE;
    }
  if (!vigil_vrrp_socket_add_receiver (self->socket, conf->vrid, &receiver, &error))
    {
      g_clear_pointer (&self->socket, vigil_vrrp_socket_unref);
      *cause = g_strdup (error->message);
      return FALSE;
    }
  if (!self->link.running)
    {
      *cause = g_strdup_printf ("interface %s down", conf->interface);
      return FALSE;
    }
  if (!vigil_inet_addr_is_set (&self->source))
    {
      *cause = g_strdup_printf ("interface %s has no %s address to send from", conf->interface,
                                conf->family == AF_INET6 ? "link-local IPv6" : "IPv4");
      return FALSE;
    }
  return TRUE;
}

/* The interface changed: attach again and enter or leave FAULT. */
static void
reevaluate_interface (VigilVrrpInstance *self)
{
  g_autofree char *cause = NULL;

  if (!attach_interface (self, &cause))
    {
      set_link_fault (self, g_steal_pointer (&cause));
      return;
    }
  vigil_vrrp_socket_rejoin (self->socket);
  set_link_fault (self, NULL);
}

static void
on_link_changed (VigilNetlink *netlink, int ifindex, const char *name, gboolean running,
                 gpointer user_data)
{
  VigilVrrpInstance *self = user_data;

  if (!self->started || self->fsm.state == VIGIL_VRRP_STATE_STOP)
    return;
  if (ifindex != self->ifindex && g_strcmp0 (name, self->conf->interface) != 0
      && (self->vmac == NULL || (ifindex != self->vmac_link.ifindex
                                 && g_strcmp0 (name, vigil_vmac_get_spec (self->vmac)->name) != 0)))
    return;
  reevaluate_interface (self);
}

/* An address appeared: in FAULT for want of a source address (an IPv6
 * link-local address comes a moment after the carrier), try again. */
static void
on_address_added (VigilNetlink *netlink, int ifindex, gpointer addr, guint prefix_len,
                  gpointer user_data)
{
  VigilVrrpInstance *self = user_data;

  if (!self->started || self->fsm.state != VIGIL_VRRP_STATE_FAULT
      || ifindex != self->ifindex || vigil_inet_addr_is_set (&self->source))
    return;
  reevaluate_interface (self);
}

static void
on_link_removed (VigilNetlink *netlink, int ifindex, const char *name, gpointer user_data)
{
  VigilVrrpInstance *self = user_data;
  g_autofree char *cause = NULL;

  if (self->started && self->vmac != NULL && ifindex == self->vmac_link.ifindex
      && ifindex != 0)
    {
      /* Someone deleted our vmac: make it again. */
      vigil_instance_warning (self->conf->name, "vmac %s was removed; recreating it", name);
      memset (&self->vmac_link, 0, sizeof self->vmac_link);
      reevaluate_interface (self);
      return;
    }
  if (!self->started || ifindex != self->ifindex)
    return;
  close_socket (self);
  self->ifindex = 0;
  cause = g_strdup_printf ("interface %s removed", self->conf->interface);
  set_link_fault (self, g_steal_pointer (&cause));
}

static void
on_address_removed (VigilNetlink *netlink, int ifindex, gpointer addr, guint prefix_len,
                    gpointer user_data)
{
  VigilVrrpInstance *self = user_data;

  if (self->fsm.state == VIGIL_VRRP_STATE_MASTER)
    vigil_vip_set_address_removed (self->vips, ifindex, addr);
}

/* ---- public -------------------------------------------------------------------- */

static VigilVrrpFsmConfig
fsm_config_from_conf (const VigilConfVrrpInstance *conf)
{
  VigilVrrpFsmConfig config = {
    .version = (guint8) conf->version,
    .advert_interval = conf->advert_int,
    .preempt = conf->preempt,
    .preempt_delay = conf->preempt_delay,
    .start_as_master = conf->initial_state == VIGIL_CONF_VRRP_STATE_MASTER,
    .lower_prio_no_advert = conf->lower_prio_no_advert,
    .higher_prio_send_advert = conf->higher_prio_send_advert,
  };
  return config;
}

VigilVrrpInstance *
vigil_vrrp_instance_new (const VigilConfVrrpInstance *conf, VigilVrrpContext *context)
{
  VigilVrrpInstance *self;
  VigilVrrpFsmConfig config;

  g_return_val_if_fail (conf != NULL && context != NULL, NULL);
  self = g_object_new (VIGIL_TYPE_VRRP_INSTANCE, NULL);
  self->conf = conf;
  self->context = context;
  config = fsm_config_from_conf (conf);
  vigil_vrrp_fsm_init (&self->fsm, &config, conf->priority, NULL);
  /* A member of a vrrp_sync_group becomes master only with its group
   * (VigilSyncGroup opens the gate): from the start, so that no member
   * is master on its own before the group is built. */
  vigil_vrrp_fsm_set_sync_gated (&self->fsm, conf->sync_group != NULL);
  self->timer = vigil_timer_new (context->timers, on_timer, self);
  self->vips = vigil_vip_set_new (conf, context);
  if (conf->use_vmac && context->objects != NULL)
    {
      g_autoptr(GError) error = NULL;
      VigilVmacSpec spec;

      if (vigil_vmac_spec_from_conf (conf, context->vmac_prefix[0] != '\0' ? context->vmac_prefix
                                                                          : NULL, &spec, &error))
        self->vmac = vigil_vmac_new (conf->name, context->netlink, context->objects, &spec);
      else
        self->vmac_error = g_strdup (error->message);
    }
  vigil_vrrp_advert_template_init (&self->advert, conf);
  self->link_changed_id = g_signal_connect (context->netlink, "link-changed",
                                            G_CALLBACK (on_link_changed), self);
  self->link_removed_id = g_signal_connect (context->netlink, "link-removed",
                                            G_CALLBACK (on_link_removed), self);
  self->address_added_id = g_signal_connect (context->netlink, "address-added",
                                             G_CALLBACK (on_address_added), self);
  self->address_removed_id = g_signal_connect (context->netlink, "address-removed",
                                               G_CALLBACK (on_address_removed), self);
  return self;
}

void
vigil_vrrp_instance_start (VigilVrrpInstance *self)
{
  g_autofree char *cause = NULL;

  g_return_if_fail (VIGIL_IS_VRRP_INSTANCE (self));
  if (self->started)
    return;
  self->started = TRUE;
  /* A fault known before startup (link, trackers) is remembered by the
   * FSM in INIT, and startup then enters FAULT. */
  if (!attach_interface (self, &cause))
    set_link_fault (self, g_steal_pointer (&cause));
  else
    _vigil_vrrp_instance_sync_fault (self);
  vigil_vrrp_fsm_set_startup_hold (&self->fsm, self->context->startup_delay_until);
  handle_event (self, VIGIL_VRRP_EVENT_STARTUP, NULL, g_get_monotonic_time ());
}

void
vigil_vrrp_instance_stop (VigilVrrpInstance *self)
{
  g_return_if_fail (VIGIL_IS_VRRP_INSTANCE (self));
  if (!self->started)
    return;
  handle_event (self, VIGIL_VRRP_EVENT_SHUTDOWN, NULL, g_get_monotonic_time ());
  vigil_vip_set_release (self->vips);
  vigil_timer_arm (self->timer, 0);
  close_socket (self);
  /* As keepalived: the vmac lives while the instance runs. */
  if (self->vmac != NULL)
    vigil_vmac_remove (self->vmac);
  memset (&self->vmac_link, 0, sizeof self->vmac_link);
  self->started = FALSE;
}

const char *
vigil_vrrp_instance_get_name (VigilVrrpInstance *self)
{
  g_return_val_if_fail (VIGIL_IS_VRRP_INSTANCE (self), NULL);
  return self->conf->name;
}

VigilVrrpState
vigil_vrrp_instance_get_state (VigilVrrpInstance *self)
{
  g_return_val_if_fail (VIGIL_IS_VRRP_INSTANCE (self), VIGIL_VRRP_STATE_INIT);
  return self->fsm.state;
}

guint8
vigil_vrrp_instance_get_priority (VigilVrrpInstance *self)
{
  g_return_val_if_fail (VIGIL_IS_VRRP_INSTANCE (self), 0);
  return self->conf->priority;
}

guint8
vigil_vrrp_instance_get_effective_priority (VigilVrrpInstance *self)
{
  g_return_val_if_fail (VIGIL_IS_VRRP_INSTANCE (self), 0);
  return self->fsm.priority;
}

const VigilConfVrrpInstance *
vigil_vrrp_instance_get_conf (VigilVrrpInstance *self)
{
  g_return_val_if_fail (VIGIL_IS_VRRP_INSTANCE (self), NULL);
  return self->conf;
}

const VigilVrrpStats *
vigil_vrrp_instance_get_stats (VigilVrrpInstance *self)
{
  g_return_val_if_fail (VIGIL_IS_VRRP_INSTANCE (self), NULL);
  return &self->stats;
}

gint64
vigil_vrrp_instance_get_last_transition (VigilVrrpInstance *self)
{
  g_return_val_if_fail (VIGIL_IS_VRRP_INSTANCE (self), 0);
  return self->last_transition;
}

const char *
vigil_vrrp_instance_get_last_transition_reason (VigilVrrpInstance *self)
{
  g_return_val_if_fail (VIGIL_IS_VRRP_INSTANCE (self), NULL);
  return self->last_transition_reason;
}

void
vigil_vrrp_instance_set_conf (VigilVrrpInstance *self, const VigilConfVrrpInstance *conf)
{
  g_return_if_fail (VIGIL_IS_VRRP_INSTANCE (self));
  self->conf = conf;
  vigil_vip_set_set_conf (self->vips, conf);
  vigil_vrrp_advert_template_clear (&self->advert);
  vigil_vrrp_advert_template_init (&self->advert, conf);
  /* A reload clears the operator's priority override. */
  if (self->priority_override != 0)
    vigil_vrrp_instance_set_priority_override (self, 0);
}

/* ---- GObject ---------------------------------------------------------------------- */

static void
vigil_vrrp_instance_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VigilVrrpInstance *self = VIGIL_VRRP_INSTANCE (object);
  char text[VIGIL_INET_ADDR_STRLEN];

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->conf->name);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->fsm.state);
      break;
    case PROP_PRIORITY:
      g_value_set_uchar (value, self->conf->priority);
      break;
    case PROP_EFFECTIVE_PRIORITY:
      g_value_set_uchar (value, self->fsm.priority);
      break;
    case PROP_VRID:
      g_value_set_uchar (value, self->conf->vrid);
      break;
    case PROP_INTERFACE:
      g_value_set_string (value, self->conf->interface);
      break;
    case PROP_VERSION:
      g_value_set_uint (value, self->conf->version);
      break;
    case PROP_ADVERT_INTERVAL:
      g_value_set_int64 (value, self->conf->advert_int);
      break;
    case PROP_MASTER_ADDRESS:
      g_value_set_string (value, vigil_inet_addr_is_set (&self->fsm.master_address)
                                   ? vigil_inet_addr_to_string (&self->fsm.master_address, text)
                                   : "");
      break;
    case PROP_VIRTUAL_ADDRESSES:
      g_value_take_boxed (value, vigil_vip_set_to_strv (self->vips));
      break;
    case PROP_LAST_TRANSITION:
      g_value_set_int64 (value, self->last_transition);
      break;
    case PROP_LAST_TRANSITION_REASON:
      g_value_set_string (value, self->last_transition_reason);
      break;
    case PROP_PRIORITY_OVERRIDE:
      g_value_set_uchar (value, self->priority_override);
      break;
    case PROP_HELD_UNTIL:
      g_value_set_int64 (value, self->held_until);
      break;
    case PROP_FAMILY:
      g_value_set_int (value, self->conf->family);
      break;
    case PROP_OWN_FAULT:
      g_value_set_string (value, self->own_fault_notified);
      break;
    case PROP_WANTS_MASTER:
      g_value_set_boolean (value, self->fsm.want_master);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_vrrp_instance_dispose (GObject *object)
{
  VigilVrrpInstance *self = VIGIL_VRRP_INSTANCE (object);

  if (self->started)
    vigil_vrrp_instance_stop (self);
  g_clear_pointer (&self->vips, vigil_vip_set_free);
  if (self->context != NULL)
    {
      g_clear_signal_handler (&self->link_changed_id, self->context->netlink);
      g_clear_signal_handler (&self->link_removed_id, self->context->netlink);
      g_clear_signal_handler (&self->address_removed_id, self->context->netlink);
      g_clear_signal_handler (&self->address_added_id, self->context->netlink);
    }
  g_clear_pointer (&self->timer, vigil_timer_free);
  close_socket (self);
  g_clear_pointer (&self->vmac, vigil_vmac_free);
  G_OBJECT_CLASS (vigil_vrrp_instance_parent_class)->dispose (object);
}

static void
vigil_vrrp_instance_finalize (GObject *object)
{
  VigilVrrpInstance *self = VIGIL_VRRP_INSTANCE (object);

  g_free (self->fault_cause);
  g_free (self->vmac_error);
  g_free (self->link_fault);
  g_free (self->track_fault);
  g_free (self->sync_fault);
  g_free (self->own_fault_notified);
  g_free (self->sync_reason);
  g_free (self->last_transition_reason);
  vigil_vrrp_advert_template_clear (&self->advert);
  G_OBJECT_CLASS (vigil_vrrp_instance_parent_class)->finalize (object);
}

static void
vigil_vrrp_instance_class_init (VigilVrrpInstanceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = vigil_vrrp_instance_get_property;
  object_class->dispose = vigil_vrrp_instance_dispose;
  object_class->finalize = vigil_vrrp_instance_finalize;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, VIGIL_TYPE_VRRP_STATE,
                                              VIGIL_VRRP_STATE_INIT, ro);
  properties[PROP_PRIORITY] = g_param_spec_uchar ("priority", NULL, NULL, 0, 255, 100, ro);
  properties[PROP_EFFECTIVE_PRIORITY] = g_param_spec_uchar ("effective-priority", NULL, NULL,
                                                            0, 255, 100, ro);
  properties[PROP_VRID] = g_param_spec_uchar ("vrid", NULL, NULL, 0, 255, 0, ro);
  properties[PROP_INTERFACE] = g_param_spec_string ("interface", NULL, NULL, NULL, ro);
  properties[PROP_VERSION] = g_param_spec_uint ("version", NULL, NULL, 2, 3, 2, ro);
  properties[PROP_ADVERT_INTERVAL] = g_param_spec_int64 ("advert-interval", NULL, NULL,
                                                         0, G_MAXINT64, 0, ro);
  properties[PROP_MASTER_ADDRESS] = g_param_spec_string ("master-address", NULL, NULL, NULL, ro);
  properties[PROP_VIRTUAL_ADDRESSES] = g_param_spec_boxed ("virtual-addresses", NULL, NULL,
                                                           G_TYPE_STRV, ro);
  properties[PROP_LAST_TRANSITION] = g_param_spec_int64 ("last-transition", NULL, NULL,
                                                         0, G_MAXINT64, 0, ro);
  properties[PROP_LAST_TRANSITION_REASON] = g_param_spec_string ("last-transition-reason",
                                                                 NULL, NULL, NULL, ro);
  properties[PROP_PRIORITY_OVERRIDE] = g_param_spec_uchar ("priority-override", NULL, NULL,
                                                          0, 254, 0, ro);
  properties[PROP_HELD_UNTIL] = g_param_spec_int64 ("held-until", NULL, NULL,
                                                    0, G_MAXINT64, 0, ro);
  properties[PROP_FAMILY] = g_param_spec_int ("family", NULL, NULL, 0, G_MAXINT, AF_INET, ro);
  /* Why the interface or a tracker keeps us in FAULT (not a sync
   * group's fault), or NULL. */
  properties[PROP_OWN_FAULT] = g_param_spec_string ("own-fault", NULL, NULL, NULL, ro);
  /* Backup in a sync group, and would be master (VigilVrrpFsm.want_master). */
  properties[PROP_WANTS_MASTER] = g_param_spec_boolean ("wants-master", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilVrrpInstance::state-changed:
   * @old_state: the state left
   * @new_state: the state entered
   * @reason: why, e.g. "master_down_timer expired"
   */
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  VIGIL_TYPE_VRRP_STATE, VIGIL_TYPE_VRRP_STATE, G_TYPE_STRING);

  /**
   * VigilVrrpInstance::packet-dropped:
   * @result: the VigilVrrpRxResult it was dropped for (never OK), as an int
   * @source: (type gpointer): the const VigilInetAddr it came from, valid
   *   during the emission only
   *
   * Emitted after the drop was counted in the instance's stats.
   */
  signals[SIGNAL_PACKET_DROPPED] =
    g_signal_new ("packet-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_POINTER);

  /**
   * VigilVrrpInstance::master-rx-lower-pri:
   * @priority: the priority in the peer's advert
   * @source: the peer's address
   *
   * As master, an advert of lower priority came in (keepalived's
   * MASTER_RX_LOWER_PRI event: notify_master_rx_lower_pri).
   */
  signals[SIGNAL_MASTER_RX_LOWER_PRI] =
    g_signal_new ("master-rx-lower-pri", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

static void
vigil_vrrp_instance_init (VigilVrrpInstance *self)
{
}
