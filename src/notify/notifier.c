/* notifier.c - notify scripts and FIFOs for VRRP instances (see
 * notifier.h) */
#define G_LOG_DOMAIN "vigil-notify"

#include "notify/notifier.h"
#include "daemon/log.h"
#include "i18n.h"
#include "notify/notify-fifo.h"
#include "notify/notify-format.h"
#include "notify/script-runner.h"
#include "notify/script-security.h"
#include "vrrp/sync-group.h"
#include "vrrp/vrrp-instance.h"

#include <string.h>

/* The scripts of an instance, by what they are for. */
typedef enum {
  SCRIPT_MASTER = 0,
  SCRIPT_BACKUP,
  SCRIPT_FAULT,
  SCRIPT_STOP,
  SCRIPT_DELETED,
  SCRIPT_GENERIC,
  SCRIPT_MASTER_RX_LOWER_PRI,
  N_SCRIPTS
} ScriptKind;

static const char *const script_labels[N_SCRIPTS] = {
  "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify_deleted", "notify",
  "notify_master_rx_lower_pri",
};

/* A script that passed its checks: argv[0] is the path to execute. */
typedef struct {
  GStrv argv;
  VigilScriptUser user;
} NotifyScript;

/* One instance being followed. */
typedef struct {
  VigilNotifier *notifier;
  VigilVrrpInstance *instance;    /* a ref */
  char *name;
  gulong state_changed_id;
  gboolean deleted_given;         /* notify_deleted, with or without script */
  guint stop_idle_id;             /* STOP notifies wait for this idle */
  gulong priority_id;             /* notify::effective-priority */
  gulong rx_lower_pri_id;         /* master-rx-lower-pri */
  gboolean fresh;                 /* attached by the reload in progress */
  NotifyScript *scripts[N_SCRIPTS];
} Entry;

/* One sync group being followed (scripts[SCRIPT_DELETED] unused). */
typedef struct {
  VigilNotifier *notifier;
  VigilSyncGroup *group;          /* a ref */
  char *name;
  char *queue;                    /* "sync group NAME": its scripts' queue */
  gulong state_changed_id;
  guint stop_idle_id;
  NotifyScript *scripts[N_SCRIPTS];
} GroupEntry;

struct _VigilNotifier {
  GObject parent_instance;

  VigilDaemon *daemon;            /* owns us */
  gulong instances_changed_id;
  gulong reloaded_id;
  GHashTable *entries;            /* VigilVrrpInstance* -> Entry* */
  GHashTable *groups;             /* VigilSyncGroup* -> GroupEntry* */
  GHashTable *runners;            /* instance name -> VigilScriptRunner* */
  GPtrArray *fifos;               /* VigilNotifyFifo* */
  VigilNotifyFifo *global_fifo;   /* notify_fifo's, in fifos; or NULL */
  char *fifo_key;                 /* the FIFO configuration they follow */
};

G_DEFINE_FINAL_TYPE (VigilNotifier, vigil_notifier, G_TYPE_OBJECT)

static void
notify_script_free (NotifyScript *script)
{
  g_strfreev (script->argv);
  vigil_script_user_clear (&script->user);
  g_free (script);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NotifyScript, notify_script_free)

static void
entry_clear_scripts (Entry *entry)
{
  for (guint i = 0; i < N_SCRIPTS; i++)
    g_clear_pointer (&entry->scripts[i], notify_script_free);
}

static void
entry_free (Entry *entry)
{
  g_clear_handle_id (&entry->stop_idle_id, g_source_remove);
  g_clear_signal_handler (&entry->priority_id, entry->instance);
  g_clear_signal_handler (&entry->rx_lower_pri_id, entry->instance);
  g_clear_signal_handler (&entry->state_changed_id, entry->instance);
  entry_clear_scripts (entry);
  g_clear_object (&entry->instance);
  g_free (entry->name);
  g_free (entry);
}

/* ---- resolving scripts ---------------------------------------------------- */

/* The user a script runs as: its own, else the global script_user. */
static gboolean
resolve_user (const VigilConfGlobal *global, const VigilConfScript *conf,
              VigilScriptUser *user, GError **error)
{
  if (conf->user != NULL)
    return vigil_script_user_resolve (conf->user, conf->group, FALSE, user, error);
  return vigil_script_user_resolve (global->script_user, global->script_group,
                                    global->enable_script_security, user, error);
}

/* Check a configured script as keepalived does at start; NULL (logged,
 * naming `owner` and the keyword) when it must not run. */
static NotifyScript *
resolve_script (const VigilConfGlobal *global, const VigilConfScript *conf, const char *owner,
                const char *label)
{
  g_autoptr(NotifyScript) script = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *resolved = NULL;
  g_autofree char *warning = NULL;

  if (conf == NULL || conf->argv == NULL || conf->argv[0] == NULL)
    return NULL;
  script = g_new0 (NotifyScript, 1);
  if (!resolve_user (global, conf, &script->user, &error)
      || !vigil_script_check (conf->argv[0], &script->user, global->enable_script_security,
                              &resolved, &warning, &error))
    {
      vigil_instance_log (G_LOG_LEVEL_WARNING, owner, "%s %s will not run: %s (%s:%u)",
                          label, conf->argv[0], error->message,
                          conf->loc.file != NULL ? conf->loc.file : "?", conf->loc.line);
      return NULL;
    }
  if (warning != NULL)
    vigil_instance_warning (owner, "%s: %s", label, warning);
  script->argv = g_strdupv (conf->argv);
  g_free (script->argv[0]);
  script->argv[0] = g_steal_pointer (&resolved);
  return g_steal_pointer (&script);
}

static void
entry_resolve (Entry *entry)
{
  const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (entry->instance);
  const VigilConfGlobal *global = &vigil_daemon_get_config (entry->notifier->daemon)->global;
  const VigilConfScript *confs[N_SCRIPTS] = {
    conf->notify_master, conf->notify_backup, conf->notify_fault, conf->notify_stop,
    conf->notify_deleted, conf->notify, conf->notify_master_rx_lower_pri,
  };

  entry_clear_scripts (entry);
  for (guint i = 0; i < N_SCRIPTS; i++)
    entry->scripts[i] = resolve_script (global, confs[i], entry->name, script_labels[i]);
  entry->deleted_given = conf->notify_deleted_given || conf->notify_deleted != NULL;
}

/* ---- sending notifications ------------------------------------------------ */

static VigilScriptRunner *
runner_for (VigilNotifier *self, const char *name)
{
  VigilScriptRunner *runner = g_hash_table_lookup (self->runners, name);

  if (runner == NULL)
    {
      runner = vigil_script_runner_new (name, VIGIL_NOTIFY_SCRIPT_TIMEOUT);
      g_hash_table_insert (self->runners, g_strdup (name), runner);
    }
  return runner;
}

static void
write_fifos (VigilNotifier *self, const char *type, const char *name, const char *state,
             guint priority)
{
  g_autofree char *line = NULL;

  if (self->fifos->len == 0)
    return;
  line = vigil_notify_format_fifo_line (type, name, state, priority);
  for (guint i = 0; i < self->fifos->len; i++)
    vigil_notify_fifo_write (g_ptr_array_index (self->fifos, i), line);
}

/* keepalived's order: the state's own script (kind N_SCRIPTS: none),
 * then the generic one, then the FIFOs (which are written at once;
 * scripts wait their turn). */
static void
send_notifies (Entry *entry, ScriptKind kind, const char *state)
{
  VigilNotifier *self = entry->notifier;
  guint priority = vigil_vrrp_instance_get_effective_priority (entry->instance);
  NotifyScript *own = kind < N_SCRIPTS ? entry->scripts[kind] : NULL;
  NotifyScript *generic = entry->scripts[SCRIPT_GENERIC];

  if (own != NULL)
    vigil_script_runner_push (runner_for (self, entry->name), script_labels[kind],
                              (const char * const *) own->argv, &own->user);
  if (generic != NULL)
    {
      g_auto(GStrv) argv = vigil_notify_build_generic_argv (
        (const char * const *) generic->argv, VIGIL_NOTIFY_TYPE_INSTANCE, entry->name, state,
        priority);
      vigil_script_runner_push (runner_for (self, entry->name), script_labels[SCRIPT_GENERIC],
                                (const char * const *) argv, &generic->user);
    }
  write_fifos (self, VIGIL_NOTIFY_TYPE_INSTANCE, entry->name, state, priority);
}

static gboolean
kind_of_state (VigilVrrpState state, ScriptKind *kind)
{
  switch (state)
    {
    case VIGIL_VRRP_STATE_MASTER: *kind = SCRIPT_MASTER; return TRUE;
    case VIGIL_VRRP_STATE_BACKUP: *kind = SCRIPT_BACKUP; return TRUE;
    case VIGIL_VRRP_STATE_FAULT: *kind = SCRIPT_FAULT; return TRUE;
    case VIGIL_VRRP_STATE_STOP: *kind = SCRIPT_STOP; return TRUE;
    case VIGIL_VRRP_STATE_INIT:
    case VIGIL_VRRP_N_STATES:
    default:
      return FALSE;
    }
}

static void
notify_state (Entry *entry, VigilVrrpState state)
{
  ScriptKind kind;

  if (kind_of_state (state, &kind))
    send_notifies (entry, kind, vigil_notify_state_word (state));
}

static gboolean
on_stop_idle (gpointer user_data)
{
  Entry *entry = user_data;

  entry->stop_idle_id = 0;
  notify_state (entry, VIGIL_VRRP_STATE_STOP);
  return G_SOURCE_REMOVE;
}

/* A STOP still waiting for its idle goes now (vigild stops, or the
 * instance was restarted by a reload). */
static void
flush_stop (Entry *entry)
{
  if (entry->stop_idle_id == 0)
    return;
  g_clear_handle_id (&entry->stop_idle_id, g_source_remove);
  notify_state (entry, VIGIL_VRRP_STATE_STOP);
}

static void
on_state_changed (VigilVrrpInstance *instance, VigilVrrpState old_state,
                  VigilVrrpState new_state, const char *reason, gpointer user_data)
{
  Entry *entry = user_data;

  /* An instance stops on its own only when vigild stops or a reload
   * restarts or removes it; the daemon says which right after (before
   * the loop runs again). keepalived sends a removed instance's scripts
   * DELETED (notify_deleted) or FAULT instead of STOP: wait for that. */
  if (new_state == VIGIL_VRRP_STATE_STOP)
    {
      if (entry->stop_idle_id == 0)
        entry->stop_idle_id = g_idle_add_full (G_PRIORITY_HIGH, on_stop_idle, entry, NULL);
      return;
    }
  notify_state (entry, new_state);
}

/* notify_priority_changes (or the global vrrp_notify_priority_changes):
 * keepalived writes MASTER_PRIORITY or BACKUP_PRIORITY with the new
 * effective priority to the FIFOs. */
static void
on_priority_changed (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  Entry *entry = user_data;
  VigilVrrpState state = vigil_vrrp_instance_get_state (entry->instance);

  if (!vigil_vrrp_instance_get_conf (entry->instance)->notify_priority_changes
      || state == VIGIL_VRRP_STATE_INIT || state == VIGIL_VRRP_STATE_STOP)
    return;
  write_fifos (entry->notifier, VIGIL_NOTIFY_TYPE_INSTANCE, entry->name,
               state == VIGIL_VRRP_STATE_MASTER ? VIGIL_NOTIFY_STATE_MASTER_PRIORITY
                                                : VIGIL_NOTIFY_STATE_BACKUP_PRIORITY,
               vigil_vrrp_instance_get_effective_priority (entry->instance));
}

/* A master heard an advert of lower priority: keepalived runs
 * notify_master_rx_lower_pri as configured (no arguments added; not
 * the generic `notify`) and writes MASTER_RX_LOWER_PRI with our
 * effective priority to the FIFOs. */
static void
on_master_rx_lower_pri (VigilVrrpInstance *instance, guint peer_priority, const char *source,
                        gpointer user_data)
{
  Entry *entry = user_data;
  NotifyScript *script = entry->scripts[SCRIPT_MASTER_RX_LOWER_PRI];

  if (script != NULL)
    vigil_script_runner_push (runner_for (entry->notifier, entry->name),
                              script_labels[SCRIPT_MASTER_RX_LOWER_PRI],
                              (const char * const *) script->argv, &script->user);
  write_fifos (entry->notifier, VIGIL_NOTIFY_TYPE_INSTANCE, entry->name,
               VIGIL_NOTIFY_STATE_MASTER_RX_LOWER_PRI,
               vigil_vrrp_instance_get_effective_priority (instance));
}

/* ---- following the daemon's instances ------------------------------------- */

static void
attach (VigilNotifier *self, VigilVrrpInstance *instance)
{
  Entry *entry = g_new0 (Entry, 1);
  VigilVrrpState state;

  entry->notifier = self;
  entry->instance = g_object_ref (instance);
  entry->name = g_strdup (vigil_vrrp_instance_get_name (instance));
  entry_resolve (entry);
  entry->state_changed_id = g_signal_connect (instance, "state-changed",
                                              G_CALLBACK (on_state_changed), entry);
  entry->priority_id = g_signal_connect (instance, "notify::effective-priority",
                                         G_CALLBACK (on_priority_changed), entry);
  entry->rx_lower_pri_id = g_signal_connect (instance, "master-rx-lower-pri",
                                             G_CALLBACK (on_master_rx_lower_pri), entry);
  entry->fresh = TRUE;
  g_hash_table_insert (self->entries, instance, entry);
  /* The daemon starts instances before it tells us about them: catch up
   * with the state they reached (BACKUP, or MASTER for an owner). */
  state = vigil_vrrp_instance_get_state (instance);
  if (state != VIGIL_VRRP_STATE_INIT)
    notify_state (entry, state);
}

static void
sync_instances (VigilNotifier *self)
{
  GPtrArray *current = vigil_daemon_get_vrrp_instances (self->daemon);
  const VigilConfig *config = vigil_daemon_get_config (self->daemon);
  g_autoptr(GHashTable) live = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; current != NULL && i < current->len; i++)
    g_hash_table_add (live, g_ptr_array_index (current, i));

  /* Gone. Removed from the config: as keepalived, notify_deleted and
   * DELETED when the instance has notify_deleted, else FAULT to the
   * generic script and the FIFOs, and no STOP. Restarted: its STOP, and
   * it comes back as a new object under the same name and queue. */
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Entry *entry = value;

      if (g_hash_table_contains (live, key))
        continue;
      if (config != NULL && vigil_config_find_vrrp_instance (config, entry->name) == NULL)
        {
          g_clear_handle_id (&entry->stop_idle_id, g_source_remove);
          if (entry->deleted_given)
            send_notifies (entry, SCRIPT_DELETED, VIGIL_NOTIFY_STATE_DELETED);
          else
            send_notifies (entry, N_SCRIPTS, vigil_notify_state_word (VIGIL_VRRP_STATE_FAULT));
        }
      else
        flush_stop (entry);
      g_hash_table_iter_remove (&iter);
    }
  for (guint i = 0; current != NULL && i < current->len; i++)
    {
      VigilVrrpInstance *instance = g_ptr_array_index (current, i);
      if (!g_hash_table_contains (self->entries, instance))
        attach (self, instance);
    }
  /* Queues of names that are gone go once they are empty. */
  g_hash_table_iter_init (&iter, self->runners);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gboolean named = FALSE;
      GHashTableIter e;
      gpointer ev;

      g_hash_table_iter_init (&e, self->entries);
      while (!named && g_hash_table_iter_next (&e, NULL, &ev))
        named = g_strcmp0 (((Entry *) ev)->name, key) == 0;
      g_hash_table_iter_init (&e, self->groups);
      while (!named && g_hash_table_iter_next (&e, NULL, &ev))
        named = g_strcmp0 (((GroupEntry *) ev)->queue, key) == 0;
      if (!named && vigil_script_runner_is_idle (value))
        g_hash_table_iter_remove (&iter);
    }
}

/* ---- sync groups ---------------------------------------------------------------- */

/* keepalived's group notifies: notify_master / _backup / _fault / _stop
 * as configured (no arguments added), then `notify` with GROUP NAME
 * STATE 0, then `GROUP "NAME" STATE 0` to the FIFOs. */
static void
group_send (GroupEntry *entry, VigilVrrpState state)
{
  VigilNotifier *self = entry->notifier;
  const char *word = vigil_notify_state_word (state);
  NotifyScript *generic = entry->scripts[SCRIPT_GENERIC];
  NotifyScript *own;
  ScriptKind kind;

  if (!kind_of_state (state, &kind) || word == NULL)
    return;
  own = entry->scripts[kind];
  if (own != NULL)
    vigil_script_runner_push (runner_for (self, entry->queue), script_labels[kind],
                              (const char * const *) own->argv, &own->user);
  if (generic != NULL)
    {
      g_auto(GStrv) argv = vigil_notify_build_generic_argv (
        (const char * const *) generic->argv, VIGIL_NOTIFY_TYPE_GROUP, entry->name, word, 0);
      vigil_script_runner_push (runner_for (self, entry->queue), script_labels[SCRIPT_GENERIC],
                                (const char * const *) argv, &generic->user);
    }
  write_fifos (self, VIGIL_NOTIFY_TYPE_GROUP, entry->name, word, 0);
}

static void
group_resolve (GroupEntry *entry)
{
  const VigilConfSyncGroup *conf = vigil_sync_group_get_conf (entry->group);
  const VigilConfGlobal *global = &vigil_daemon_get_config (entry->notifier->daemon)->global;
  const VigilConfScript *confs[N_SCRIPTS] = {
    conf->notify_master, conf->notify_backup, conf->notify_fault, conf->notify_stop,
    NULL, conf->notify,
  };

  for (guint i = 0; i < N_SCRIPTS; i++)
    {
      g_clear_pointer (&entry->scripts[i], notify_script_free);
      entry->scripts[i] = resolve_script (global, confs[i], entry->queue, script_labels[i]);
    }
}

static gboolean
on_group_stop_idle (gpointer user_data)
{
  GroupEntry *entry = user_data;

  entry->stop_idle_id = 0;
  group_send (entry, VIGIL_VRRP_STATE_STOP);
  return G_SOURCE_REMOVE;
}

/* A group reaches STOP when its last member stops, before the members'
 * STOP notifies (which wait for an idle): wait behind them, as keepalived
 * sends the instances' STOP first. */
static void
on_group_state_changed (VigilSyncGroup *group, VigilVrrpState old_state, VigilVrrpState new_state,
                        const char *reason, gpointer user_data)
{
  GroupEntry *entry = user_data;

  if (new_state == VIGIL_VRRP_STATE_STOP)
    {
      if (entry->stop_idle_id == 0)
        entry->stop_idle_id = g_idle_add_full (G_PRIORITY_HIGH, on_group_stop_idle, entry, NULL);
      return;
    }
  group_send (entry, new_state);
}

static void
group_flush_stop (GroupEntry *entry)
{
  if (entry->stop_idle_id == 0)
    return;
  g_clear_handle_id (&entry->stop_idle_id, g_source_remove);
  group_send (entry, VIGIL_VRRP_STATE_STOP);
}

static void
group_entry_free (GroupEntry *entry)
{
  g_clear_handle_id (&entry->stop_idle_id, g_source_remove);
  g_clear_signal_handler (&entry->state_changed_id, entry->group);
  for (guint i = 0; i < N_SCRIPTS; i++)
    g_clear_pointer (&entry->scripts[i], notify_script_free);
  g_clear_object (&entry->group);
  g_free (entry->name);
  g_free (entry->queue);
  g_free (entry);
}

/* Follow the daemon's sync groups: a new one announces the state it was
 * built in (as instances do when they appear); one that is gone sends a
 * STOP it still owes. */
static void
sync_groups (VigilNotifier *self)
{
  GPtrArray *current = vigil_daemon_get_sync_groups (self->daemon);
  g_autoptr(GHashTable) live = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; current != NULL && i < current->len; i++)
    g_hash_table_add (live, g_ptr_array_index (current, i));
  g_hash_table_iter_init (&iter, self->groups);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (live, key))
      {
        group_flush_stop (value);
        g_hash_table_iter_remove (&iter);
      }
  for (guint i = 0; current != NULL && i < current->len; i++)
    {
      VigilSyncGroup *group = g_ptr_array_index (current, i);
      GroupEntry *entry;
      VigilVrrpState state;

      if (g_hash_table_contains (self->groups, group))
        continue;
      entry = g_new0 (GroupEntry, 1);
      entry->notifier = self;
      entry->group = g_object_ref (group);
      entry->name = g_strdup (vigil_sync_group_get_name (group));
      entry->queue = g_strdup_printf ("sync group %s", entry->name);
      group_resolve (entry);
      entry->state_changed_id = g_signal_connect (group, "state-changed",
                                                  G_CALLBACK (on_group_state_changed), entry);
      g_hash_table_insert (self->groups, group, entry);
      state = vigil_sync_group_get_state (group);
      if (state != VIGIL_VRRP_STATE_INIT)
        group_send (entry, state);
    }
}

/* ---- FIFOs -------------------------------------------------------------------- */

static VigilNotifyFifo *
open_fifo (VigilNotifier *self, const char *path, const VigilConfScript *script)
{
  const VigilConfGlobal *global = &vigil_daemon_get_config (self->daemon)->global;
  g_autofree char *full = NULL;
  g_autoptr(NotifyScript) checked = NULL;
  g_autoptr(GError) error = NULL;
  VigilNotifyFifo *fifo;

  if (path == NULL)
    return NULL;
  full = g_path_is_absolute (path)
           ? g_strdup (path)
           : g_build_filename (vigil_daemon_get_runtime_path (self->daemon), path, NULL);
  for (guint i = 0; i < self->fifos->len; i++)
    if (g_strcmp0 (vigil_notify_fifo_get_path (g_ptr_array_index (self->fifos, i)), full) == 0)
      return g_ptr_array_index (self->fifos, i); /* notify_fifo and vrrp_notify_fifo alike */
  checked = resolve_script (global, script, full, "notify_fifo_script");
  fifo = vigil_notify_fifo_open (full, checked != NULL ? (const char * const *) checked->argv : NULL,
                                 checked != NULL ? &checked->user : NULL, &error);
  if (fifo == NULL)
    {
      g_warning ("%s", error->message);
      return NULL;
    }
  g_message (_("writing VRRP notifications to FIFO %s"), full);
  g_ptr_array_add (self->fifos, fifo);
  return fifo;
}

static char *
fifo_key (const VigilConfGlobal *global)
{
  const VigilConfScript *s1 = global->notify_fifo_script;
  const VigilConfScript *s2 = global->vrrp_notify_fifo_script;
  g_autofree char *a1 = s1 != NULL && s1->argv != NULL ? g_strjoinv ("\x1f", s1->argv) : NULL;
  g_autofree char *a2 = s2 != NULL && s2->argv != NULL ? g_strjoinv ("\x1f", s2->argv) : NULL;

  return g_strdup_printf ("%s\x1e%s\x1e%s\x1e%s\x1e%s\x1e%s", global->notify_fifo ?: "",
                          a1 ?: "", s1 != NULL ? s1->user ?: "" : "",
                          global->vrrp_notify_fifo ?: "", a2 ?: "",
                          s2 != NULL ? s2->user ?: "" : "");
}

/* Open the configured FIFOs, again when a reload changed them. */
static void
sync_fifos (VigilNotifier *self)
{
  const VigilConfGlobal *global = &vigil_daemon_get_config (self->daemon)->global;
  g_autofree char *key = fifo_key (global);

  if (self->fifo_key != NULL && strcmp (key, self->fifo_key) == 0)
    return;
  self->global_fifo = NULL;
  g_ptr_array_set_size (self->fifos, 0);
  g_free (self->fifo_key);
  self->fifo_key = g_steal_pointer (&key);
  self->global_fifo = open_fifo (self, global->notify_fifo, global->notify_fifo_script);
  open_fifo (self, global->vrrp_notify_fifo, global->vrrp_notify_fifo_script);
}

static void
on_instances_changed (VigilDaemon *daemon, gpointer user_data)
{
  sync_instances (user_data);
  sync_groups (user_data);
}

static void
on_reloaded (VigilDaemon *daemon, gboolean success, const char *message, gpointer user_data)
{
  VigilNotifier *self = user_data;
  GHashTableIter iter;
  gpointer value;

  if (!success)
    return;
  sync_fifos (self);
  sync_groups (self);
  g_hash_table_iter_init (&iter, self->groups);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    group_resolve (value);
  /* script_user or enable_script_security may have changed. With
   * fifo_write_vrrp_states_on_reload, every instance's state goes to the
   * FIFOs again (those the reload added have just sent theirs). */
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Entry *entry = value;
      const char *word = vigil_notify_state_word (vigil_vrrp_instance_get_state (entry->instance));

      entry_resolve (entry);
      if (vigil_daemon_get_config (self->daemon)->global.fifo_write_vrrp_states_on_reload
          && !entry->fresh && word != NULL)
        write_fifos (self, VIGIL_NOTIFY_TYPE_INSTANCE, entry->name, word,
                     vigil_vrrp_instance_get_effective_priority (entry->instance));
      entry->fresh = FALSE;
    }
}

static void
clear_fresh (VigilNotifier *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((Entry *) value)->fresh = FALSE;
}

VigilNotifier *
vigil_notifier_new (VigilDaemon *daemon)
{
  VigilNotifier *self;

  g_return_val_if_fail (VIGIL_IS_DAEMON (daemon), NULL);
  self = g_object_new (VIGIL_TYPE_NOTIFIER, NULL);
  self->daemon = daemon;
  self->instances_changed_id = g_signal_connect (daemon, "vrrp-instances-changed",
                                                 G_CALLBACK (on_instances_changed), self);
  self->reloaded_id = g_signal_connect (daemon, "reloaded", G_CALLBACK (on_reloaded), self);
  sync_fifos (self);
  sync_instances (self);
  sync_groups (self);
  clear_fresh (self);
  return self;
}

VigilNotifyFifo *
vigil_notifier_get_notify_fifo (VigilNotifier *self)
{
  g_return_val_if_fail (VIGIL_IS_NOTIFIER (self), NULL);
  /* A reload may have changed the FIFOs before the daemon's "reloaded"
   * reached us: follow the config now. */
  if (self->daemon != NULL && vigil_daemon_get_config (self->daemon) != NULL)
    sync_fifos (self);
  return self->global_fifo;
}

/* ---- stopping ----------------------------------------------------------------- */

/* vigild stops: let queued scripts finish, bounded. */
static void
flush (VigilNotifier *self)
{
  vigil_script_runners_flush (self->runners, VIGIL_NOTIFY_SHUTDOWN_TIMEOUT, _("notify scripts"));
}

static void
vigil_notifier_dispose (GObject *object)
{
  VigilNotifier *self = VIGIL_NOTIFIER (object);

  if (self->daemon != NULL)
    {
      g_clear_signal_handler (&self->instances_changed_id, self->daemon);
      g_clear_signal_handler (&self->reloaded_id, self->daemon);
      self->daemon = NULL;
    }
  if (self->entries != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->entries);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        flush_stop (value);
      g_hash_table_remove_all (self->entries);
    }
  if (self->groups != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->groups);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        group_flush_stop (value);
      g_hash_table_remove_all (self->groups);
    }
  if (self->runners != NULL)
    {
      flush (self);
      g_hash_table_remove_all (self->runners);
    }
  self->global_fifo = NULL;
  if (self->fifos != NULL)
    g_ptr_array_set_size (self->fifos, 0);
  G_OBJECT_CLASS (vigil_notifier_parent_class)->dispose (object);
}

static void
vigil_notifier_finalize (GObject *object)
{
  VigilNotifier *self = VIGIL_NOTIFIER (object);

  g_hash_table_unref (self->entries);
  g_hash_table_unref (self->groups);
  g_hash_table_unref (self->runners);
  g_ptr_array_unref (self->fifos);
  g_free (self->fifo_key);
  G_OBJECT_CLASS (vigil_notifier_parent_class)->finalize (object);
}

static void
vigil_notifier_class_init (VigilNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_notifier_dispose;
  object_class->finalize = vigil_notifier_finalize;
}

static void
vigil_notifier_init (VigilNotifier *self)
{
  self->entries = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) entry_free);
  self->groups = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) group_entry_free);
  self->runners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->fifos = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_notify_fifo_close);
}
