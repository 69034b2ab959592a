/* apply.c - bring the running VRRP instances in line with a config */
#define G_LOG_DOMAIN "vigil"

#include "daemon/apply.h"
#include "daemon/log.h"
#include "vrrp/vrrp-instance.h"

#include <string.h>

typedef gboolean (*ElementEqual) (gconstpointer a, gconstpointer b);

/* Two lists (either may be NULL = empty) with equal elements in order. */
static gboolean
list_equal (GPtrArray *a, GPtrArray *b, ElementEqual equal)
{
  guint la = a != NULL ? a->len : 0, lb = b != NULL ? b->len : 0;

  if (la != lb)
    return FALSE;
  for (guint i = 0; i < la; i++)
    if (!equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

static gboolean
vip_equal (gconstpointer pa, gconstpointer pb)
{
  const VigilConfVip *a = pa, *b = pb;

  return vigil_inet_addr_equal (&a->addr, &b->addr)
    && a->prefix_len == b->prefix_len
    && a->broadcast.family == b->broadcast.family
    && (a->broadcast.family == AF_UNSPEC || vigil_inet_addr_equal (&a->broadcast, &b->broadcast))
    && g_strcmp0 (a->dev, b->dev) == 0
    && g_strcmp0 (a->label, b->label) == 0
    && a->scope == b->scope
    && a->nodad == b->nodad
    && a->noprefixroute == b->noprefixroute
    && a->home == b->home
    && a->no_track == b->no_track;
}

static gboolean
addr_equal (gconstpointer a, gconstpointer b)
{
  return vigil_inet_addr_equal (a, b);
}

static gboolean
track_equal (gconstpointer pa, gconstpointer pb)
{
  const VigilConfTrackRef *a = pa, *b = pb;

  return g_strcmp0 (a->name, b->name) == 0 && a->weight == b->weight
    && a->weight_given == b->weight_given && a->reverse == b->reverse;
}

static gboolean
script_equal (const VigilConfScript *a, const VigilConfScript *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal ((const char *const *) a->argv, (const char *const *) b->argv)
    && g_strcmp0 (a->user, b->user) == 0 && g_strcmp0 (a->group, b->group) == 0;
}

gboolean
vigil_conf_vrrp_instance_equal (const VigilConfVrrpInstance *a, const VigilConfVrrpInstance *b)
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
    && list_equal (a->vips, b->vips, vip_equal)
    && list_equal (a->vips_excluded, b->vips_excluded, vip_equal)
    && vigil_inet_addr_equal (&a->mcast_src_ip, &b->mcast_src_ip)
    && vigil_inet_addr_equal (&a->unicast_src_ip, &b->unicast_src_ip)
    && list_equal (a->unicast_peers, b->unicast_peers, addr_equal)
    && a->old_unicast_checksum == b->old_unicast_checksum
    && a->garp_master_delay == b->garp_master_delay
    && a->garp_master_repeat == b->garp_master_repeat
    && a->garp_master_refresh == b->garp_master_refresh
    && a->garp_master_refresh_repeat == b->garp_master_refresh_repeat
    && a->garp_lower_prio_delay == b->garp_lower_prio_delay
    && a->garp_lower_prio_repeat == b->garp_lower_prio_repeat
    && a->lower_prio_no_advert == b->lower_prio_no_advert
    && a->higher_prio_send_advert == b->higher_prio_send_advert
    && a->skip_check_adv_addr == b->skip_check_adv_addr
    && a->check_unicast_src == b->check_unicast_src
    && a->use_vmac == b->use_vmac
    && g_strcmp0 (a->vmac_name, b->vmac_name) == 0
    && a->vmac_xmit_base == b->vmac_xmit_base
    && list_equal (a->track_interfaces, b->track_interfaces, track_equal)
    && list_equal (a->track_scripts, b->track_scripts, track_equal)
    && list_equal (a->track_files, b->track_files, track_equal)
    && list_equal (a->track_processes, b->track_processes, track_equal)
    && script_equal (a->notify_master, b->notify_master)
    && script_equal (a->notify_backup, b->notify_backup)
    && script_equal (a->notify_fault, b->notify_fault)
    && script_equal (a->notify_stop, b->notify_stop)
    && script_equal (a->notify_deleted, b->notify_deleted)
    && script_equal (a->notify, b->notify)
    && script_equal (a->notify_master_rx_lower_pri, b->notify_master_rx_lower_pri)
    && g_strcmp0 (a->sync_group, b->sync_group) == 0;
}

static VigilVrrpInstance *
take_instance_named (GPtrArray *instances, const char *name)
{
  for (guint i = 0; i < instances->len; i++)
    {
      VigilVrrpInstance *instance = g_ptr_array_index (instances, i);
      if (g_strcmp0 (vigil_vrrp_instance_get_name (instance), name) == 0)
        return g_ptr_array_steal_index (instances, i);
    }
  return NULL;
}

void
vigil_apply_vrrp_instances (GPtrArray *instances, const VigilConfig *config,
                            VigilVrrpContext *context, VigilApplyStats *stats)
{
  g_autoptr(GPtrArray) next = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) to_start = g_ptr_array_new ();

  memset (stats, 0, sizeof *stats);
  for (guint i = 0; i < config->vrrp_instances->len; i++)
    {
      const VigilConfVrrpInstance *conf = g_ptr_array_index (config->vrrp_instances, i);
      VigilVrrpInstance *instance = take_instance_named (instances, conf->name);

      if (instance != NULL
          && vigil_conf_vrrp_instance_equal (vigil_vrrp_instance_get_conf (instance), conf))
        {
          vigil_vrrp_instance_set_conf (instance, conf);
          g_ptr_array_add (next, instance);
          stats->unchanged++;
          continue;
        }
      if (instance != NULL)
        {
          vigil_instance_message (conf->name, "configuration changed; restarting the instance");
          vigil_vrrp_instance_stop (instance);
          g_object_unref (instance);
          stats->restarted++;
        }
      else
        stats->added++;
      instance = vigil_vrrp_instance_new (conf, context);
      g_ptr_array_add (next, instance);
      g_ptr_array_add (to_start, instance);
    }

  /* What is left was removed from the config: stop it before starting
   * anything new, so a VRID that moved between instances is free. */
  for (guint i = 0; i < instances->len; i++)
    {
      VigilVrrpInstance *instance = g_ptr_array_index (instances, i);
      vigil_instance_message (vigil_vrrp_instance_get_name (instance),
                              "removed from the configuration; stopping");
      vigil_vrrp_instance_stop (instance);
      stats->removed++;
    }
  g_ptr_array_set_size (instances, 0);

  for (guint i = 0; i < to_start->len; i++)
    vigil_vrrp_instance_start (g_ptr_array_index (to_start, i));
  for (guint i = 0; i < next->len; i++)
    g_ptr_array_add (instances, g_object_ref (g_ptr_array_index (next, i)));
}
