/* misc-checker.c - VigilMiscChecker (see misc-checker.h) */
#define G_LOG_DOMAIN "vigil-check"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <gio/gio.h>
#include "check/misc-checker.h"
#include "notify/script-runner.h"
#include "notify/script-security.h"
#include "i18n.h"

struct _VigilMiscChecker
{
  VigilChecker parent_instance;

  VigilScriptUser user;
  gboolean user_resolved;
  GError *user_error;         /* why the user could not be resolved */
  char *last_warning;         /* the last insecure-script warning logged */
  char *last_refusal;         /* the last refusal logged */
};

G_DEFINE_FINAL_TYPE (VigilMiscChecker, vigil_misc_checker, VIGIL_TYPE_CHECKER)

gboolean
vigil_misc_checker_exit_verdict (int exit_status, gboolean dynamic, int *weight)
{
  *weight = -1;
  if (exit_status == 0)
    return TRUE;
  /* keepalived: misc_dynamic maps 2..255 to weights 0..253. */
  if (dynamic && exit_status >= 2 && exit_status <= 255)
    {
      *weight = exit_status - 2;
      return TRUE;
    }
  return FALSE;
}

static const VigilConfScript *
misc_script (VigilMiscChecker *self)
{
  return vigil_checker_get_conf (VIGIL_CHECKER (self))->misc_path;
}

/* The user the script runs as: its own `user`, else the global one. */
static void
resolve_user (VigilMiscChecker *self)
{
  const VigilConfScript *script = misc_script (self);
  const VigilConfig *config = vigil_checker_get_target (VIGIL_CHECKER (self))->config;
  const char *user = NULL;
  const char *group = NULL;
  gboolean security = FALSE;

  vigil_script_user_clear (&self->user);
  g_clear_error (&self->user_error);
  if (script != NULL && script->user != NULL)
    {
      user = script->user;
      group = script->group;
    }
  else if (config != NULL)
    {
      user = config->global.script_user;
      group = config->global.script_group;
      security = config->global.enable_script_security;
    }
  self->user_resolved = vigil_script_user_resolve (user, group, security, &self->user,
                                                   &self->user_error);
  if (!self->user_resolved)
    g_warning (_("%s: misc_path will not run: %s"),
               vigil_checker_get_label (VIGIL_CHECKER (self)), self->user_error->message);
}

/* Log a message once until it changes, so a script refused at every
 * attempt does not fill the log. */
static void
log_once (VigilMiscChecker *self, char **last, const char *message)
{
  if (g_strcmp0 (*last, message) == 0)
    return;
  g_free (*last);
  *last = g_strdup (message);
  g_warning ("%s: %s", vigil_checker_get_label (VIGIL_CHECKER (self)), message);
}

/* ---- one attempt ----------------------------------------------------------- */

typedef struct {
  GSubprocess *process;
  GCancellable *cancellable;
  gulong cancelled_id;
  guint kill_id;
  gint64 started;             /* monotonic µs */
  gboolean terminated;        /* we sent SIGTERM */
  char *script;               /* argv[0], for log lines */
} Attempt;

static void
attempt_free (gpointer data)
{
  Attempt *attempt = data;

  g_clear_handle_id (&attempt->kill_id, g_source_remove);
  if (attempt->cancelled_id != 0)
    g_cancellable_disconnect (attempt->cancellable, attempt->cancelled_id);
  g_clear_object (&attempt->cancellable);
  g_clear_object (&attempt->process);
  g_free (attempt->script);
  g_free (attempt);
}

static gboolean
on_kill_grace_expired (gpointer user_data)
{
  GTask *task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  VigilChecker *checker = g_task_get_source_object (task);

  attempt->kill_id = 0;
  g_warning (_("%s: %s did not stop on SIGTERM, sending SIGKILL"),
             vigil_checker_get_label (checker), attempt->script);
  vigil_script_kill (attempt->process, SIGKILL);
  return G_SOURCE_REMOVE;
}

/* The attempt timed out (or the checker stops): SIGTERM to the script's
 * process group now, SIGKILL after the grace. The attempt completes when
 * the script has exited. */
static void
on_cancelled (GCancellable *cancellable, gpointer user_data)
{
  GTask *task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  VigilChecker *checker = g_task_get_source_object (task);
  gint64 ran = g_get_monotonic_time () - attempt->started;

  (void) cancellable;
  if (attempt->terminated || g_subprocess_get_identifier (attempt->process) == NULL)
    return;
  attempt->terminated = TRUE;
  g_warning (_("%s: %s still running after %.1f s, killing it (SIGTERM)"),
             vigil_checker_get_label (checker), attempt->script, (double) ran / G_USEC_PER_SEC);
  vigil_script_kill (attempt->process, SIGTERM);
  attempt->kill_id = g_timeout_add (VIGIL_SCRIPT_KILL_GRACE / 1000, on_kill_grace_expired,
                                    task);
}

static void
on_exited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  VigilChecker *checker = g_task_get_source_object (task);
  const VigilConfChecker *conf = vigil_checker_get_conf (checker);
  g_autoptr(GError) error = NULL;
  gint64 ran = g_get_monotonic_time () - attempt->started;
  int weight;

  (void) source;
  g_clear_handle_id (&attempt->kill_id, g_source_remove);
  if (attempt->cancelled_id != 0)
    {
      g_cancellable_disconnect (attempt->cancellable, attempt->cancelled_id);
      attempt->cancelled_id = 0;
    }
  if (!g_subprocess_wait_finish (attempt->process, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (attempt->terminated)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               _("timed out after %.1f s, killed"),
                               (double) ran / G_USEC_PER_SEC);
      return;
    }
  if (g_subprocess_get_if_signaled (attempt->process))
    {
      int signum = g_subprocess_get_term_sig (attempt->process);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("killed by signal %d (%s)"), signum, g_strsignal (signum));
      return;
    }
  {
    int status = g_subprocess_get_exit_status (attempt->process);

    if (!vigil_misc_checker_exit_verdict (status, conf->misc_dynamic, &weight))
      {
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                 _("exited with status %d"), status);
        return;
      }
  }
  if (weight >= 0 && weight != vigil_checker_get_dynamic_weight (checker))
    {
      g_message (_("%s: misc_dynamic sets the weight to %d"), vigil_checker_get_label (checker),
                 weight);
      vigil_checker_set_dynamic_weight (checker, weight);
    }
  g_task_return_boolean (task, TRUE);
}

static void
vigil_misc_checker_check_async (VigilChecker *checker, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  VigilMiscChecker *self = VIGIL_MISC_CHECKER (checker);
  const VigilConfScript *script = misc_script (self);
  const VigilConfig *config = vigil_checker_get_target (checker)->config;
  gboolean enforce = config != NULL && config->global.enable_script_security;
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *resolved = NULL;
  g_autofree char *warning = NULL;
  g_auto(GStrv) argv = NULL;
  Attempt *attempt;

  g_task_set_source_tag (task, vigil_misc_checker_check_async);
  /* The attempt says itself why it failed (timed out, killed), even
   * after the cancellable fired. */
  g_task_set_check_cancellable (task, FALSE);
  if (script == NULL || script->argv == NULL || script->argv[0] == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("no misc_path"));
      return;
    }
  if (!self->user_resolved)
    {
      g_task_return_error (task, g_error_copy (self->user_error));
      return;
    }
  /* Checked at every attempt: a script fixed (or broken) on disk counts
   * from the next one. */
  if (!vigil_script_check (script->argv[0], &self->user, enforce, &resolved, &warning, &error))
    {
      g_autofree char *message = g_strdup_printf (_("%s will not run: %s"), script->argv[0],
                                                  error->message);

      log_once (self, &self->last_refusal, message);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "%s", message);
      return;
    }
  g_clear_pointer (&self->last_refusal, g_free);
  if (warning != NULL)
    log_once (self, &self->last_warning, warning);

  argv = g_strdupv (script->argv);
  g_free (argv[0]);
  argv[0] = g_steal_pointer (&resolved);
  attempt = g_new0 (Attempt, 1);
  attempt->script = g_strdup (script->argv[0]);
  attempt->started = g_get_monotonic_time ();
  g_task_set_task_data (task, attempt, attempt_free);
  attempt->process = vigil_script_spawn ((const char * const *) argv, &self->user, &error);
  if (attempt->process == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _("cannot run %s: %s"),
                               script->argv[0], error->message);
      return;
    }
  g_debug ("%s: started %s as %s (pid %s)", vigil_checker_get_label (checker), argv[0],
           self->user.name, g_subprocess_get_identifier (attempt->process));
  /* Reaped whatever happens: no cancellable here. */
  g_subprocess_wait_async (attempt->process, NULL, on_exited, g_object_ref (task));
  if (cancellable != NULL)
    {
      attempt->cancellable = g_object_ref (cancellable);
      attempt->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled),
                                                     task, NULL);
    }
}

static gboolean
vigil_misc_checker_check_finish (VigilChecker *checker, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, checker), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* misc_timeout, which the parser defaults to delay_loop. */
static gint64
vigil_misc_checker_get_timeout (VigilChecker *checker)
{
  const VigilConfChecker *conf = vigil_checker_get_conf (checker);

  return conf->misc_timeout > 0 ? conf->misc_timeout : conf->delay_loop;
}

static void
vigil_misc_checker_constructed (GObject *object)
{
  G_OBJECT_CLASS (vigil_misc_checker_parent_class)->constructed (object);
  resolve_user (VIGIL_MISC_CHECKER (object));
}

static void
vigil_misc_checker_finalize (GObject *object)
{
  VigilMiscChecker *self = VIGIL_MISC_CHECKER (object);

  vigil_script_user_clear (&self->user);
  g_clear_error (&self->user_error);
  g_free (self->last_warning);
  g_free (self->last_refusal);
  G_OBJECT_CLASS (vigil_misc_checker_parent_class)->finalize (object);
}

static void
vigil_misc_checker_class_init (VigilMiscCheckerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VigilCheckerClass *checker_class = VIGIL_CHECKER_CLASS (klass);

  object_class->constructed = vigil_misc_checker_constructed;
  object_class->finalize = vigil_misc_checker_finalize;
  checker_class->check_async = vigil_misc_checker_check_async;
  checker_class->check_finish = vigil_misc_checker_check_finish;
  checker_class->get_timeout = vigil_misc_checker_get_timeout;
}

static void
vigil_misc_checker_init (VigilMiscChecker *self)
{
  (void) self;
}
