/* script-tracker.c - VigilScriptTracker, a vrrp_script (see script-tracker.h) */
#define G_LOG_DOMAIN "vigil-track"

#include <signal.h>
#include "notify/script-runner.h"
#include "notify/script-security.h"
#include "track/script-tracker.h"
#include "track/track-rules.h"

struct _VigilScriptTracker
{
  VigilTracker parent_instance;

  GStrv argv;                 /* NULL: disabled */
  VigilScriptUser user;
  gint64 interval;            /* µs */
  gint64 timeout;             /* µs */
  VigilRiseFall rise_fall;

  guint interval_id;
  guint timeout_id;
  guint kill_id;
  GSubprocess *process;       /* the run in progress */
  GCancellable *cancellable;  /* of the run in progress */
  gboolean timed_out;         /* the run in progress was counted as failed */
  guint runs;
  guint failures;
};

G_DEFINE_FINAL_TYPE (VigilScriptTracker, vigil_script_tracker, VIGIL_TYPE_TRACKER)

static void run_script (VigilScriptTracker *self);

static const char *
name_of (VigilScriptTracker *self)
{
  return vigil_tracker_get_name (VIGIL_TRACKER (self));
}

/* Count one result and move the state as rise/fall say. */
static void
count_result (VigilScriptTracker *self, gboolean success, const char *why)
{
  VigilRiseFall *rf = &self->rise_fall;

  if (!success)
    self->failures++;
  vigil_rise_fall_result (rf, success);
  g_debug ("vrrp_script %s: %s (%s), now %s", name_of (self),
           success ? "succeeded" : "failed", why, rf->up ? "up" : "down");
  vigil_tracker_set_state (VIGIL_TRACKER (self), rf->up, why);
}

static void
finish_run (VigilScriptTracker *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->kill_id, g_source_remove);
  g_clear_object (&self->process);
  g_clear_object (&self->cancellable);
  self->timed_out = FALSE;
}

static void
on_wait (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GSubprocess *process = G_SUBPROCESS (source);
  g_autoptr(GError) error = NULL;
  VigilScriptTracker *self;
  g_autofree char *why = NULL;
  gboolean success;

  if (!g_subprocess_wait_finish (process, result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;                   /* the tracker is gone */
  self = VIGIL_SCRIPT_TRACKER (user_data);
  if (self->timed_out)
    {
      finish_run (self);
      return;                 /* already counted */
    }
  if (error != NULL)
    {
      success = FALSE;
      why = g_strdup (error->message);
    }
  else if (g_subprocess_get_if_exited (process))
    {
      int status = g_subprocess_get_exit_status (process);
      success = (status == 0);
      why = g_strdup_printf ("exit status %d", status);
    }
  else
    {
      success = FALSE;
      why = g_strdup_printf ("killed by signal %d", g_subprocess_get_term_sig (process));
    }
  finish_run (self);
  count_result (self, success, why);
}

static gboolean
on_kill (gpointer user_data)
{
  VigilScriptTracker *self = user_data;

  self->kill_id = 0;
  if (self->process != NULL)
    vigil_script_kill (self->process, SIGKILL);
  return G_SOURCE_REMOVE;
}

static gboolean
on_timeout (gpointer user_data)
{
  VigilScriptTracker *self = user_data;
  g_autofree char *why = NULL;

  self->timeout_id = 0;
  why = g_strdup_printf ("timed out after %.3g s", self->timeout / 1e6);
  g_warning ("vrrp_script %s: %s, killing it", name_of (self), why);
  self->timed_out = TRUE;
  vigil_script_kill (self->process, SIGTERM);
  self->kill_id = g_timeout_add (VIGIL_SCRIPT_KILL_GRACE / 1000, on_kill, self);
  count_result (self, FALSE, why);
  return G_SOURCE_REMOVE;
}

static void
run_script (VigilScriptTracker *self)
{
  g_autoptr(GError) error = NULL;

  if (self->process != NULL)
    {
      g_debug ("vrrp_script %s: still running, this run skipped", name_of (self));
      return;
    }
  self->runs++;
  self->process = vigil_script_spawn ((const char * const *) self->argv, &self->user, &error);
  if (self->process == NULL)
    {
      g_autofree char *why = g_strdup_printf ("cannot run: %s", error->message);
      count_result (self, FALSE, why);
      return;
    }
  self->cancellable = g_cancellable_new ();
  g_subprocess_wait_async (self->process, self->cancellable, on_wait, self);
  self->timeout_id = g_timeout_add (MAX (self->timeout / 1000, 1), on_timeout, self);
}

static gboolean
on_interval (gpointer user_data)
{
  run_script (user_data);
  return G_SOURCE_CONTINUE;
}

/* Until its first result a script (without init_fail) changes nothing,
 * as in keepalived: no weight either way, and no FAULT. */
static gboolean
vigil_script_tracker_contribute (VigilTracker *tracker, int weight, gboolean reverse, int *delta)
{
  VigilScriptTracker *self = VIGIL_SCRIPT_TRACKER (tracker);

  if (!self->rise_fall.seen && self->rise_fall.up)
    {
      *delta = 0;
      return TRUE;
    }
  return vigil_track_rule_state (self->rise_fall.up, weight, reverse, delta);
}

static void
vigil_script_tracker_start (VigilTracker *tracker)
{
  VigilScriptTracker *self = VIGIL_SCRIPT_TRACKER (tracker);

  if (self->argv == NULL)
    return;
  /* keepalived runs the script at once, then every interval. */
  run_script (self);
  self->interval_id = g_timeout_add (MAX (self->interval / 1000, 1), on_interval, self);
}

VigilScriptTracker *
vigil_script_tracker_new (const VigilConfVrrpScript *conf, const VigilConfGlobal *global)
{
  VigilScriptTracker *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *resolved = NULL;
  g_autofree char *warning = NULL;
  const VigilConfScript *script;
  gboolean user_ok;

  g_return_val_if_fail (conf != NULL && global != NULL, NULL);
  self = g_object_new (VIGIL_TYPE_SCRIPT_TRACKER, "name", conf->name, "kind", "vrrp_script",
                       "weight", conf->weight, "reverse", conf->weight_reverse,
                       "up", !conf->init_fail, NULL);
  self->interval = conf->interval > 0 ? conf->interval : G_USEC_PER_SEC;
  self->timeout = conf->timeout > 0 ? conf->timeout : self->interval;
  vigil_rise_fall_init (&self->rise_fall, conf->rise, conf->fall, !conf->init_fail);
  script = conf->script;
  if (script == NULL || script->argv == NULL || script->argv[0] == NULL)
    {
      g_warning ("vrrp_script %s has no script: it is not run", conf->name);
      return self;
    }
  if (script->user != NULL)
    user_ok = vigil_script_user_resolve (script->user, script->group, FALSE, &self->user,
                                         &error);
  else
    user_ok = vigil_script_user_resolve (global->script_user, global->script_group,
                                         global->enable_script_security, &self->user, &error);
  if (!user_ok
      || !vigil_script_check (script->argv[0], &self->user, global->enable_script_security,
                              &resolved, &warning, &error))
    {
      g_warning ("vrrp_script %s: %s will not run, the script is disabled: %s (%s:%u)",
                 conf->name, script->argv[0], error->message,
                 script->loc.file != NULL ? script->loc.file : "?", script->loc.line);
      return self;
    }
  if (warning != NULL)
    g_warning ("vrrp_script %s: %s", conf->name, warning);
  self->argv = g_strdupv (script->argv);
  g_free (self->argv[0]);
  self->argv[0] = g_steal_pointer (&resolved);
  return self;
}

guint
vigil_script_tracker_get_runs (VigilScriptTracker *self)
{
  g_return_val_if_fail (VIGIL_IS_SCRIPT_TRACKER (self), 0);
  return self->runs;
}

guint
vigil_script_tracker_get_failures (VigilScriptTracker *self)
{
  g_return_val_if_fail (VIGIL_IS_SCRIPT_TRACKER (self), 0);
  return self->failures;
}

static void
vigil_script_tracker_dispose (GObject *object)
{
  VigilScriptTracker *self = VIGIL_SCRIPT_TRACKER (object);

  g_clear_handle_id (&self->interval_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->process != NULL)
    vigil_script_kill (self->process, SIGKILL);
  finish_run (self);
  G_OBJECT_CLASS (vigil_script_tracker_parent_class)->dispose (object);
}

static void
vigil_script_tracker_finalize (GObject *object)
{
  VigilScriptTracker *self = VIGIL_SCRIPT_TRACKER (object);

  g_strfreev (self->argv);
  vigil_script_user_clear (&self->user);
  G_OBJECT_CLASS (vigil_script_tracker_parent_class)->finalize (object);
}

static void
vigil_script_tracker_class_init (VigilScriptTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_script_tracker_dispose;
  object_class->finalize = vigil_script_tracker_finalize;
  VIGIL_TRACKER_CLASS (klass)->start = vigil_script_tracker_start;
  VIGIL_TRACKER_CLASS (klass)->contribute = vigil_script_tracker_contribute;
}

static void
vigil_script_tracker_init (VigilScriptTracker *self)
{
  (void) self;
}
