/* apply.c - bring the running VRRP instances in line with a config */
#define G_LOG_DOMAIN "vigil"

#include "daemon/apply.h"
#include "daemon/log.h"
#include "config/model-equal.h"
#include "vrrp/sync-group.h"
#include "vrrp/vrrp-instance.h"

#include <string.h>

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

/* ---- sync groups -------------------------------------------------------------- */

static VigilVrrpInstance *
find_instance_named (GPtrArray *instances, const char *name)
{
  for (guint i = 0; instances != NULL && i < instances->len; i++)
    if (g_strcmp0 (vigil_vrrp_instance_get_name (g_ptr_array_index (instances, i)), name) == 0)
      return g_ptr_array_index (instances, i);
  return NULL;
}

static VigilSyncGroup *
take_group_named (GPtrArray *groups, const char *name)
{
  for (guint i = 0; i < groups->len; i++)
    if (g_strcmp0 (vigil_sync_group_get_name (g_ptr_array_index (groups, i)), name) == 0)
      return g_ptr_array_steal_index (groups, i);
  return NULL;
}

gboolean
vigil_apply_sync_groups (GPtrArray *groups, const VigilConfig *config, GPtrArray *instances)
{
  g_autoptr(GPtrArray) next = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean changed = FALSE;

  for (guint g = 0; g < config->sync_groups->len; g++)
    {
      const VigilConfSyncGroup *conf = g_ptr_array_index (config->sync_groups, g);
      g_autoptr(GPtrArray) members = g_ptr_array_new ();
      VigilSyncGroup *group = take_group_named (groups, conf->name);

      for (guint m = 0; m < conf->members->len; m++)
        {
          VigilVrrpInstance *instance = find_instance_named (instances,
                                                             g_ptr_array_index (conf->members, m));
          /* Validation made every member an instance of this group. */
          if (instance != NULL
              && g_strcmp0 (vigil_vrrp_instance_get_conf (instance)->sync_group, conf->name) == 0)
            g_ptr_array_add (members, instance);
        }
      if (group != NULL && vigil_sync_group_has_members (group, members))
        vigil_sync_group_set_conf (group, conf);
      else
        {
          g_clear_object (&group);
          group = vigil_sync_group_new (conf, members);
          changed = TRUE;
        }
      g_ptr_array_add (next, group);
    }
  changed = changed || groups->len > 0;
  g_ptr_array_set_size (groups, 0);
  for (guint i = 0; i < next->len; i++)
    g_ptr_array_add (groups, g_object_ref (g_ptr_array_index (next, i)));
  return changed;
}
