/* tracking-manager.c - VigilTrackingManager (see tracking-manager.h) */
#define G_LOG_DOMAIN "vigil-track"

#include "config/config.h"
#include "daemon/log.h"
#include "track/file-tracker.h"
#include "track/interface-tracker.h"
#include "track/process-tracker.h"
#include "track/script-tracker.h"
#include "track/track-rules.h"
#include "track/tracking-manager.h"
#include "vrrp/vrrp-instance.h"

/* One track_* reference of an instance. */
typedef struct
{
  VigilTracker *tracker;       /* owned by the manager's table */
  int weight;
  gboolean reverse;
} Binding;

/* An instance and what it tracks. */
typedef struct
{
  VigilVrrpInstance *instance; /* a reference */
  GArray *bindings;            /* Binding */
  int weight;                  /* last handed to the instance */
  char *fault_cause;
} Entry;

struct _VigilTrackingManager
{
  GObject parent_instance;

  VigilDaemon *daemon;         /* owns us */
  VigilNetlink *netlink;
  GHashTable *trackers;        /* "kind\x1fname" -> VigilTracker* (owned) */
  GPtrArray *entries;          /* Entry* */
  const VigilConfig *built_for;
  gulong instances_changed_id;
  gulong reloaded_id;
};

G_DEFINE_FINAL_TYPE (VigilTrackingManager, vigil_tracking_manager, G_TYPE_OBJECT)

enum
{
  SIGNAL_TRACKERS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
entry_free (Entry *entry)
{
  g_clear_object (&entry->instance);
  g_array_unref (entry->bindings);
  g_free (entry->fault_cause);
  g_free (entry);
}

/* "vrrp_script chk_haproxy failed (exit status 1)", "track_interface eth1
 * down (link down)". */
static char *
describe_fault (VigilTracker *tracker)
{
  const char *kind = vigil_tracker_get_kind (tracker);

  return g_strdup_printf ("%s %s %s (%s)", kind, vigil_tracker_get_name (tracker),
                          g_str_equal (kind, "vrrp_script") ? "failed" : "down",
                          vigil_tracker_get_reason (tracker));
}

/* Recompute one instance's tracking; `cause` (may be NULL) is the
 * tracker whose change led here, for the log. */
static void
entry_update (Entry *entry, VigilTracker *cause)
{
  const char *name = vigil_vrrp_instance_get_name (entry->instance);
  g_autofree VigilTrackVerdict *verdicts = g_new0 (VigilTrackVerdict, MAX (entry->bindings->len, 1));
  g_autofree char *fault_cause = NULL;
  int weight = 0;
  int first_fault;

  for (guint i = 0; i < entry->bindings->len; i++)
    {
      Binding *b = &g_array_index (entry->bindings, Binding, i);
      verdicts[i].ok = vigil_tracker_contribute (b->tracker, b->weight, b->reverse,
                                                 &verdicts[i].delta);
    }
  first_fault = vigil_track_rule_combine (verdicts, entry->bindings->len, &weight);
  if (first_fault >= 0)
    fault_cause = describe_fault (g_array_index (entry->bindings, Binding, first_fault).tracker);
  if (cause != NULL)
    vigil_instance_message (name, "%s %s is %s (%s): tracking weight %+d%s%s",
                            vigil_tracker_get_kind (cause), vigil_tracker_get_name (cause),
                            vigil_tracker_is_up (cause) ? "up" : "down",
                            vigil_tracker_get_reason (cause), weight,
                            fault_cause != NULL ? ", fault: " : "",
                            fault_cause != NULL ? fault_cause : "");
  if (weight == entry->weight && g_strcmp0 (fault_cause, entry->fault_cause) == 0)
    return;
  entry->weight = weight;
  g_free (entry->fault_cause);
  entry->fault_cause = g_strdup (fault_cause);
  vigil_vrrp_instance_set_tracking (entry->instance, weight, fault_cause);
}

static void
on_tracker_changed (VigilTracker *tracker, gpointer user_data)
{
  VigilTrackingManager *self = user_data;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      for (guint j = 0; j < entry->bindings->len; j++)
        if (g_array_index (entry->bindings, Binding, j).tracker == tracker)
          {
            entry_update (entry, tracker);
            break;
          }
    }
}

/* What a tracker is built from, as one string: two trackers with equal
 * keys behave the same, so a reload keeps the running one (a vrrp_script
 * keeps its rise/fall counts and its schedule, a track_file its value). */
static char *
tracker_key (const char *kind, const char *name, const VigilConfig *config)
{
  if (g_str_equal (kind, "vrrp_script"))
    {
      const VigilConfVrrpScript *c = vigil_config_find_vrrp_script (config, name);
      const VigilConfGlobal *g = &config->global;
      g_autofree char *argv = NULL;

      if (c == NULL)
        return NULL;
      argv = c->script != NULL && c->script->argv != NULL
             ? g_strjoinv ("\x1e", c->script->argv) : g_strdup ("");
      return g_strdup_printf ("%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%" G_GINT64_FORMAT "\x1f%"
                              G_GINT64_FORMAT "\x1f%d\x1f%d\x1f%u\x1f%u\x1f%d\x1f%s\x1f%s\x1f%d",
                              kind, name, argv,
                              c->script != NULL && c->script->user ? c->script->user : "",
                              c->script != NULL && c->script->group ? c->script->group : "",
                              c->interval, c->timeout, c->weight, c->weight_reverse, c->rise,
                              c->fall, c->init_fail, g->script_user ? g->script_user : "",
                              g->script_group ? g->script_group : "", g->enable_script_security);
    }
  if (g_str_equal (kind, "track_file"))
    {
      const VigilConfTrackFile *c = vigil_config_find_track_file (config, name);

      if (c == NULL)
        return NULL;
      return g_strdup_printf ("%s\x1f%s\x1f%s\x1f%d\x1f%d\x1f%d\x1f%ld\x1f%d", kind, name,
                              c->path ? c->path : "", c->weight, c->weight_reverse, c->init_file,
                              c->init_value, c->init_overwrite);
    }
  if (g_str_equal (kind, "vrrp_track_process"))
    {
      const VigilConfTrackProcess *c = vigil_config_find_track_process (config, name);
      g_autofree char *process = NULL;

      if (c == NULL || c->process == NULL || c->process[0] == NULL)
        return NULL;
      process = g_strjoinv ("\x1e", c->process);
      return g_strdup_printf ("%s\x1f%s\x1f%s\x1f%d\x1f%d\x1f%d\x1f%d\x1f%u\x1f%u\x1f%"
                              G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT "\x1f%d",
                              kind, name, process, c->param_match, c->param_match_given,
                              c->weight, c->weight_reverse, c->quorum, c->quorum_max,
                              c->fork_delay, c->terminate_delay, c->full_command);
    }
  return g_strdup_printf ("%s\x1f%s", kind, name);
}

/* The shared tracker of `kind` and `name`: the one already built for
 * this config, else the running one of the previous config when it is
 * built from the same settings, else a new one. NULL when the config
 * does not define it. */
static VigilTracker *
get_tracker (VigilTrackingManager *self, const char *kind, const char *name,
             const VigilConfig *config, GHashTable *previous)
{
  g_autofree char *key = tracker_key (kind, name, config);
  VigilTracker *tracker;
  gpointer old_key, old_tracker;

  if (key == NULL)
    return NULL;
  tracker = g_hash_table_lookup (self->trackers, key);
  if (tracker != NULL)
    return tracker;
  if (previous != NULL && g_hash_table_steal_extended (previous, key, &old_key, &old_tracker))
    {
      g_free (old_key);
      g_debug ("%s %s unchanged: kept with its state", kind, name);
      g_hash_table_insert (self->trackers, g_steal_pointer (&key), old_tracker);
      return old_tracker;
    }
  if (g_str_equal (kind, "vrrp_script"))
    tracker = VIGIL_TRACKER (vigil_script_tracker_new (vigil_config_find_vrrp_script (config, name),
                                                       &config->global));
  else if (g_str_equal (kind, "track_file"))
    tracker = VIGIL_TRACKER (vigil_file_tracker_new (vigil_config_find_track_file (config, name)));
  else if (g_str_equal (kind, "vrrp_track_process"))
    tracker = VIGIL_TRACKER (vigil_process_tracker_new (vigil_config_find_track_process (config, name),
                                                        NULL));
  else
    tracker = VIGIL_TRACKER (vigil_interface_tracker_new (self->netlink, name));
  if (tracker == NULL)
    return NULL;
  g_signal_connect (tracker, "changed", G_CALLBACK (on_tracker_changed), self);
  g_hash_table_insert (self->trackers, g_steal_pointer (&key), tracker);
  return tracker;
}

/* keepalived's rule for a member of a vrrp_sync_group without
 * sync_group_tracking_weight (or global_tracking): a weighted
 * track_interface counts without its weight (down means FAULT), a
 * track_file with the default weight 1 likewise, and a weighted
 * vrrp_script or track_file is not tracked at all. FALSE: drop it. */
static gboolean
apply_sync_group_rule (const char *name, const char *kind, const VigilConfTrackRef *ref,
                       const char *group, int *weight)
{
  if (*weight == 0 || g_str_equal (kind, "vrrp_track_process"))
    return TRUE;
  if (g_str_equal (kind, "track_interface")
      || (g_str_equal (kind, "track_file") && !ref->weight_given && *weight == 1))
    {
      vigil_instance_message (name, "ignoring the weight of %s %s: sync group %s has no "
                              "sync_group_tracking_weight", kind, ref->name, group);
      *weight = 0;
      return TRUE;
    }
  vigil_instance_message (name, "ignoring %s %s with weight %d: sync group %s has no "
                          "sync_group_tracking_weight", kind, ref->name, *weight, group);
  return FALSE;
}

/* `group`: the instance's sync group when its weights are not allowed
 * (see apply_sync_group_rule), else NULL. `owner_group`: the refs are a
 * sync group's and one of its members is an address owner (priority
 * 255), so their weights are cleared, as keepalived clears them. */
static void
bind_refs (VigilTrackingManager *self, Entry *entry, const char *kind, GPtrArray *refs,
           const VigilConfig *config, GHashTable *previous, const char *group,
           gboolean owner_group)
{
  const char *name = vigil_vrrp_instance_get_name (entry->instance);

  for (guint i = 0; refs != NULL && i < refs->len; i++)
    {
      const VigilConfTrackRef *ref = g_ptr_array_index (refs, i);
      Binding binding;

      binding.tracker = get_tracker (self, kind, ref->name, config, previous);
      if (binding.tracker == NULL)
        {
          vigil_instance_warning (name, "%s %s is not defined: not tracked", kind, ref->name);
          continue;
        }
      /* The reference's own weight overrides the tracked object's. */
      binding.weight = ref->weight_given ? ref->weight : vigil_tracker_get_weight (binding.tracker);
      binding.reverse = ref->weight_given ? ref->reverse : vigil_tracker_get_reverse (binding.tracker);
      if (group != NULL && !apply_sync_group_rule (name, kind, ref, group, &binding.weight))
        continue;
      if (owner_group)
        binding.weight = 0;
      g_array_append_val (entry->bindings, binding);
      vigil_instance_debug (name, "tracks %s %s with weight %d%s", kind, ref->name,
                            binding.weight, binding.reverse ? " reverse" : "");
    }
}

static gboolean
group_has_owner (const VigilConfSyncGroup *group, const VigilConfig *config)
{
  for (guint m = 0; m < group->members->len; m++)
    {
      const VigilConfVrrpInstance *member =
        vigil_config_find_vrrp_instance (config, g_ptr_array_index (group->members, m));
      if (member != NULL && member->priority == 255)
        return TRUE;
    }
  return FALSE;
}

/* Disconnect and drop every tracker of `table`. */
static void
drop_trackers (VigilTrackingManager *self, GHashTable *table)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_signal_handlers_disconnect_by_data (value, self);
  g_hash_table_remove_all (table);
}

static void
build (VigilTrackingManager *self)
{
  const VigilConfig *config = vigil_daemon_get_config (self->daemon);
  GPtrArray *instances = vigil_daemon_get_vrrp_instances (self->daemon);
  GHashTableIter iter;
  gpointer value;
  /* the running trackers: those still wanted move to the new table */
  g_autoptr(GHashTable) previous = g_steal_pointer (&self->trackers);

  self->trackers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_ptr_array_set_size (self->entries, 0);
  self->built_for = config;
  for (guint i = 0; instances != NULL && i < instances->len; i++)
    {
      VigilVrrpInstance *instance = g_ptr_array_index (instances, i);
      const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (instance);
      Entry *entry = g_new0 (Entry, 1);
      const VigilConfSyncGroup *group;
      const char *weights_off;

      entry->instance = g_object_ref (instance);
      entry->bindings = g_array_new (FALSE, FALSE, sizeof (Binding));
      group = conf->sync_group != NULL ? vigil_config_find_sync_group (config, conf->sync_group)
                                       : NULL;
      weights_off = group != NULL && !group->sync_group_tracking_weight ? group->name : NULL;
      bind_refs (self, entry, "vrrp_script", conf->track_scripts, config, previous,
                 weights_off, FALSE);
      bind_refs (self, entry, "track_interface", conf->track_interfaces, config, previous,
                 weights_off, FALSE);
      bind_refs (self, entry, "track_file", conf->track_files, config, previous,
                 weights_off, FALSE);
      bind_refs (self, entry, "vrrp_track_process", conf->track_processes, config, previous,
                 weights_off, FALSE);
      /* A sync group's track_* apply to each member, weights and all. */
      if (group != NULL)
        {
          gboolean owner = group_has_owner (group, config);

          bind_refs (self, entry, "vrrp_script", group->track_scripts, config, previous,
                     NULL, owner);
          bind_refs (self, entry, "track_interface", group->track_interfaces, config, previous,
                     NULL, owner);
          bind_refs (self, entry, "track_file", group->track_files, config, previous,
                     NULL, owner);
          bind_refs (self, entry, "vrrp_track_process", group->track_processes, config,
                     previous, NULL, owner);
        }
      g_ptr_array_add (self->entries, entry);
    }
  drop_trackers (self, previous);
  g_hash_table_iter_init (&iter, self->trackers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    vigil_tracker_start (value);
  /* Every instance gets its tracking, also "nothing" after a reload
   * that dropped its references. */
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      entry->weight = G_MININT;
      entry_update (entry, NULL);
    }
  if (g_hash_table_size (self->trackers) > 0)
    g_message ("tracking: %u tracker(s) for %u VRRP instance(s)",
               g_hash_table_size (self->trackers), self->entries->len);
  g_signal_emit (self, signals[SIGNAL_TRACKERS_CHANGED], 0);
}

GPtrArray *
vigil_tracking_manager_dup_trackers (VigilTrackingManager *self)
{
  GPtrArray *out;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (VIGIL_IS_TRACKING_MANAGER (self), NULL);
  out = g_ptr_array_new_with_free_func (g_object_unref);
  g_hash_table_iter_init (&iter, self->trackers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (out, g_object_ref (value));
  return out;
}

/* Did the instances or the config change since the last build? */
static gboolean
needs_rebuild (VigilTrackingManager *self)
{
  GPtrArray *instances = vigil_daemon_get_vrrp_instances (self->daemon);
  guint n = instances != NULL ? instances->len : 0;

  if (vigil_daemon_get_config (self->daemon) != self->built_for || n != self->entries->len)
    return TRUE;
  for (guint i = 0; i < n; i++)
    if (((Entry *) g_ptr_array_index (self->entries, i))->instance
        != g_ptr_array_index (instances, i))
      return TRUE;
  return FALSE;
}

static void
on_instances_changed (VigilDaemon *daemon, gpointer user_data)
{
  VigilTrackingManager *self = user_data;

  (void) daemon;
  if (needs_rebuild (self))
    build (self);
}

static void
on_reloaded (VigilDaemon *daemon, gboolean success, const char *message, gpointer user_data)
{
  (void) message;
  if (success)
    on_instances_changed (daemon, user_data);
}

VigilTrackingManager *
vigil_tracking_manager_new (VigilDaemon *daemon, VigilNetlink *netlink)
{
  VigilTrackingManager *self;

  g_return_val_if_fail (VIGIL_IS_DAEMON (daemon), NULL);
  g_return_val_if_fail (VIGIL_IS_NETLINK (netlink), NULL);
  self = g_object_new (VIGIL_TYPE_TRACKING_MANAGER, NULL);
  self->daemon = daemon;
  self->netlink = g_object_ref (netlink);
  self->instances_changed_id = g_signal_connect (daemon, "vrrp-instances-changed",
                                                 G_CALLBACK (on_instances_changed), self);
  self->reloaded_id = g_signal_connect (daemon, "reloaded", G_CALLBACK (on_reloaded), self);
  build (self);
  return self;
}

static void
vigil_tracking_manager_dispose (GObject *object)
{
  VigilTrackingManager *self = VIGIL_TRACKING_MANAGER (object);

  if (self->daemon != NULL)
    {
      g_clear_signal_handler (&self->instances_changed_id, self->daemon);
      g_clear_signal_handler (&self->reloaded_id, self->daemon);
      self->daemon = NULL;
    }
  if (self->trackers != NULL)
    {
      g_ptr_array_set_size (self->entries, 0);
      drop_trackers (self, self->trackers);
    }
  g_clear_object (&self->netlink);
  G_OBJECT_CLASS (vigil_tracking_manager_parent_class)->dispose (object);
}

static void
vigil_tracking_manager_finalize (GObject *object)
{
  VigilTrackingManager *self = VIGIL_TRACKING_MANAGER (object);

  g_ptr_array_unref (self->entries);
  g_hash_table_unref (self->trackers);
  G_OBJECT_CLASS (vigil_tracking_manager_parent_class)->finalize (object);
}

static void
vigil_tracking_manager_class_init (VigilTrackingManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_tracking_manager_dispose;
  signals[SIGNAL_TRACKERS_CHANGED] =
    g_signal_new ("trackers-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  object_class->finalize = vigil_tracking_manager_finalize;
}

static void
vigil_tracking_manager_init (VigilTrackingManager *self)
{
  self->trackers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
}
