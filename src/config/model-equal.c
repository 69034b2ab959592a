/* model-equal.c - field-by-field comparisons of config blocks (see
 * model-equal.h)
 *
 * Source locations (`loc`, `*_loc`) are deliberately not compared: moving
 * a block in the file is not a change. Every other field is. The size
 * asserts below fail when model.h gains a field: compare it here, then
 * update the size.
 */
#include "config/model-equal.h"

#include <string.h>


#if GLIB_SIZEOF_VOID_P == 8
G_STATIC_ASSERT (sizeof (VigilConfVip) == 160);
G_STATIC_ASSERT (sizeof (VigilConfRoute) == 272);
G_STATIC_ASSERT (sizeof (VigilConfRule) == 216);
G_STATIC_ASSERT (sizeof (VigilConfVrrpInstance) == 536);
#endif

gboolean
vigil_conf_list_equal (GPtrArray *a, GPtrArray *b, VigilConfElementEqual equal)
{
  guint la = a != NULL ? a->len : 0, lb = b != NULL ? b->len : 0;

  if (la != lb)
    return FALSE;
  for (guint i = 0; i < la; i++)
    if (!equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

gboolean
vigil_conf_addr_equal (const VigilInetAddr *a, const VigilInetAddr *b)
{
  if (a->family == AF_UNSPEC || b->family == AF_UNSPEC)
    return a->family == b->family;
  return vigil_inet_addr_equal (a, b);
}

static gboolean
addr_element_equal (gconstpointer a, gconstpointer b)
{
  return vigil_conf_addr_equal (a, b);
}

gboolean
vigil_conf_script_equal (const VigilConfScript *a, const VigilConfScript *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->argv == NULL || b->argv == NULL)
    return a->argv == b->argv;
  return g_strv_equal ((const char *const *) a->argv, (const char *const *) b->argv)
    && g_strcmp0 (a->user, b->user) == 0 && g_strcmp0 (a->group, b->group) == 0;
}

gboolean
vigil_conf_vip_equal (const VigilConfVip *a, const VigilConfVip *b)
{
  return vigil_conf_addr_equal (&a->addr, &b->addr)
    && a->prefix_len == b->prefix_len
    && a->has_prefix == b->has_prefix
    && vigil_conf_addr_equal (&a->broadcast, &b->broadcast)
    && g_strcmp0 (a->dev, b->dev) == 0
    && g_strcmp0 (a->label, b->label) == 0
    && a->scope == b->scope
    && a->nodad == b->nodad
    && a->noprefixroute == b->noprefixroute
    && a->home == b->home
    && a->no_track == b->no_track
    && a->broadcast_auto == b->broadcast_auto
    && vigil_conf_addr_equal (&a->peer, &b->peer)
    && a->peer_prefix_len == b->peer_prefix_len
    && a->mngtmpaddr == b->mngtmpaddr
    && a->autojoin == b->autojoin
    && a->use_vmac == b->use_vmac
    && a->preferred_lft == b->preferred_lft
    && g_strcmp0 (a->track_group, b->track_group) == 0;
}

static gboolean
vip_element_equal (gconstpointer a, gconstpointer b)
{
  return vigil_conf_vip_equal (a, b);
}

static gboolean
nexthop_equal (gconstpointer pa, gconstpointer pb)
{
  const VigilConfNexthop *a = pa, *b = pb;

  return vigil_conf_addr_equal (&a->via, &b->via)
    && g_strcmp0 (a->dev, b->dev) == 0
    && a->weight == b->weight
    && a->onlink == b->onlink
    && a->realms == b->realms;
}

gboolean
vigil_conf_route_equal (const VigilConfRoute *a, const VigilConfRoute *b)
{
  return a->family == b->family
    && a->type == b->type
    && vigil_conf_addr_equal (&a->dst, &b->dst) && a->dst_len == b->dst_len
    && vigil_conf_addr_equal (&a->src, &b->src) && a->src_len == b->src_len
    && vigil_conf_addr_equal (&a->pref_src, &b->pref_src)
    && vigil_conf_addr_equal (&a->via, &b->via)
    && g_strcmp0 (a->dev, b->dev) == 0
    && a->table == b->table
    && a->metric == b->metric && a->has_metric == b->has_metric
    && a->tos == b->tos
    && a->protocol == b->protocol
    && a->scope == b->scope
    && a->onlink == b->onlink
    && a->realms == b->realms
    && memcmp (a->metrics, b->metrics, sizeof a->metrics) == 0
    && a->metrics_set == b->metrics_set
    && a->metrics_locked == b->metrics_locked
    && g_strcmp0 (a->congctl, b->congctl) == 0
    && a->congctl_locked == b->congctl_locked
    && a->features == b->features
    && a->pref == b->pref
    && a->expires == b->expires
    && a->ttl_propagate_given == b->ttl_propagate_given
    && a->ttl_propagate == b->ttl_propagate
    && vigil_conf_list_equal (a->nexthops, b->nexthops, nexthop_equal)
    && a->append == b->append
    && a->no_track == b->no_track
    && g_strcmp0 (a->track_group, b->track_group) == 0;
}

static gboolean
route_element_equal (gconstpointer a, gconstpointer b)
{
  return vigil_conf_route_equal (a, b);
}

gboolean
vigil_conf_rule_equal (const VigilConfRule *a, const VigilConfRule *b)
{
  return a->family == b->family
    && a->invert == b->invert
    && vigil_conf_addr_equal (&a->from, &b->from) && a->from_len == b->from_len
    && vigil_conf_addr_equal (&a->to, &b->to) && a->to_len == b->to_len
    && a->priority == b->priority && a->has_priority == b->has_priority
    && a->tos == b->tos
    && a->fwmark == b->fwmark && a->fwmask == b->fwmask && a->has_fwmark == b->has_fwmark
    && a->realms == b->realms
    && a->table == b->table
    && a->action == b->action
    && a->goto_target == b->goto_target
    && g_strcmp0 (a->iif, b->iif) == 0
    && g_strcmp0 (a->oif, b->oif) == 0
    && a->suppress_prefixlen == b->suppress_prefixlen
    && a->suppress_ifgroup == b->suppress_ifgroup
    && a->tunnel_id == b->tunnel_id && a->has_tunnel_id == b->has_tunnel_id
    && a->uid_start == b->uid_start && a->uid_end == b->uid_end
    && a->has_uidrange == b->has_uidrange
    && a->l3mdev == b->l3mdev
    && a->protocol == b->protocol && a->has_protocol == b->has_protocol
    && a->ip_proto == b->ip_proto && a->has_ip_proto == b->has_ip_proto
    && a->sport_start == b->sport_start && a->sport_end == b->sport_end
    && a->has_sport == b->has_sport
    && a->dport_start == b->dport_start && a->dport_end == b->dport_end
    && a->has_dport == b->has_dport
    && a->no_track == b->no_track
    && g_strcmp0 (a->track_group, b->track_group) == 0;
}

static gboolean
rule_element_equal (gconstpointer a, gconstpointer b)
{
  return vigil_conf_rule_equal (a, b);
}

static gboolean
track_ref_equal (gconstpointer pa, gconstpointer pb)
{
  const VigilConfTrackRef *a = pa, *b = pb;

  return g_strcmp0 (a->name, b->name) == 0 && a->weight == b->weight
    && a->weight_given == b->weight_given && a->reverse == b->reverse;
}

static gboolean
unicast_peer_equal (gconstpointer pa, gconstpointer pb)
{
  const VigilConfUnicastPeer *a = pa, *b = pb;

  return vigil_conf_addr_equal (&a->addr, &b->addr)
    && a->min_ttl == b->min_ttl && a->max_ttl == b->max_ttl;
}

/* The wire and kernel side of an instance. */
static gboolean
instance_vrrp_equal (const VigilConfVrrpInstance *a, const VigilConfVrrpInstance *b)
{
  return g_strcmp0 (a->name, b->name) == 0
    && a->initial_state == b->initial_state
    && g_strcmp0 (a->interface, b->interface) == 0
    && a->dont_track_primary == b->dont_track_primary
    && a->vrid == b->vrid
    && a->priority == b->priority
    && a->version == b->version
    && a->family == b->family
    && a->advert_int == b->advert_int
    && a->preempt == b->preempt
    && a->preempt_delay == b->preempt_delay
    && a->accept == b->accept
    && a->strict_mode == b->strict_mode
    && a->auth_type == b->auth_type
    && memcmp (a->auth_pass, b->auth_pass, sizeof a->auth_pass) == 0
    && vigil_conf_list_equal (a->vips, b->vips, vip_element_equal)
    && vigil_conf_list_equal (a->vips_excluded, b->vips_excluded, vip_element_equal)
    && vigil_conf_addr_equal (&a->mcast_src_ip, &b->mcast_src_ip)
    && vigil_conf_addr_equal (&a->unicast_src_ip, &b->unicast_src_ip)
    && vigil_conf_list_equal (a->unicast_peers, b->unicast_peers, addr_element_equal)
    && vigil_conf_list_equal (a->unicast_peer_info, b->unicast_peer_info, unicast_peer_equal)
    && vigil_conf_addr_equal (&a->mcast_dst_ip, &b->mcast_dst_ip)
    && a->old_unicast_checksum == b->old_unicast_checksum
    && a->old_unicast_checksum_never == b->old_unicast_checksum_never
    && a->track_src_ip == b->track_src_ip
    && a->unicast_fault_no_peer == b->unicast_fault_no_peer
    && a->unicast_ttl == b->unicast_ttl
    && a->down_timer_adverts == b->down_timer_adverts
    && a->lower_prio_no_advert == b->lower_prio_no_advert
    && a->higher_prio_send_advert == b->higher_prio_send_advert
    && a->skip_check_adv_addr == b->skip_check_adv_addr
    && a->check_unicast_src == b->check_unicast_src
    && a->native_ipv6 == b->native_ipv6
    && a->promote_secondaries == b->promote_secondaries;
}

static gboolean
instance_garp_vmac_equal (const VigilConfVrrpInstance *a, const VigilConfVrrpInstance *b)
{
  return a->garp_master_delay == b->garp_master_delay
    && a->garp_master_repeat == b->garp_master_repeat
    && a->garp_master_refresh == b->garp_master_refresh
    && a->garp_master_refresh_repeat == b->garp_master_refresh_repeat
    && a->garp_lower_prio_delay == b->garp_lower_prio_delay
    && a->garp_lower_prio_repeat == b->garp_lower_prio_repeat
    && a->garp_extra_if == b->garp_extra_if
    && a->garp_extra_if_all == b->garp_extra_if_all
    && a->use_vmac == b->use_vmac
    && g_strcmp0 (a->vmac_name, b->vmac_name) == 0
    && a->vmac_xmit_base == b->vmac_xmit_base
    && a->vmac_mac_len == b->vmac_mac_len
    && memcmp (a->vmac_mac, b->vmac_mac, sizeof a->vmac_mac) == 0
    && a->use_vmac_addr == b->use_vmac_addr
    && vigil_conf_list_equal (a->virtual_routes, b->virtual_routes, route_element_equal)
    && vigil_conf_list_equal (a->virtual_rules, b->virtual_rules, rule_element_equal);
}

static gboolean
instance_tracking_notify_equal (const VigilConfVrrpInstance *a, const VigilConfVrrpInstance *b)
{
  return vigil_conf_list_equal (a->track_interfaces, b->track_interfaces, track_ref_equal)
    && vigil_conf_list_equal (a->track_scripts, b->track_scripts, track_ref_equal)
    && vigil_conf_list_equal (a->track_files, b->track_files, track_ref_equal)
    && vigil_conf_list_equal (a->track_processes, b->track_processes, track_ref_equal)
    && vigil_conf_script_equal (a->notify_master, b->notify_master)
    && vigil_conf_script_equal (a->notify_backup, b->notify_backup)
    && vigil_conf_script_equal (a->notify_fault, b->notify_fault)
    && vigil_conf_script_equal (a->notify_stop, b->notify_stop)
    && vigil_conf_script_equal (a->notify_deleted, b->notify_deleted)
    && vigil_conf_script_equal (a->notify, b->notify)
    && vigil_conf_script_equal (a->notify_master_rx_lower_pri, b->notify_master_rx_lower_pri)
    && a->notify_deleted_given == b->notify_deleted_given
    && a->notify_priority_changes == b->notify_priority_changes
    && a->smtp_alert == b->smtp_alert
    && g_strcmp0 (a->sync_group, b->sync_group) == 0;
}

gboolean
vigil_conf_vrrp_instance_equal (const VigilConfVrrpInstance *a, const VigilConfVrrpInstance *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return instance_vrrp_equal (a, b)
    && instance_garp_vmac_equal (a, b)
    && instance_tracking_notify_equal (a, b);
}
