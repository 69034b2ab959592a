/* script-runner.c - scripts run in order, each with a timeout (see
 * script-runner.h) */
#define G_LOG_DOMAIN "vigil-notify"

#include "notify/script-runner.h"
#include "daemon/log.h"
#include "i18n.h"
#include "notify/notify-format.h"

#include <gio/gio.h>
#include <grp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

typedef struct {
  char *label;
  GStrv argv;
  VigilScriptUser user;
} Job;

struct _VigilScriptRunner {
  GObject parent_instance;

  char *owner;
  gint64 timeout;
  GQueue queue;                   /* Job*, oldest first */

  Job *job;                       /* running, or NULL */
  char *job_text;                 /* its command line, for log lines */
  GSubprocess *process;
  GCancellable *cancellable;
  guint timeout_id;
  guint kill_id;
  gboolean timed_out;
  gint64 started_at;              /* monotonic µs */

  guint n_started;
  guint n_failed;
  guint n_timed_out;
};

G_DEFINE_FINAL_TYPE (VigilScriptRunner, vigil_script_runner, G_TYPE_OBJECT)

static void run_next (VigilScriptRunner *self);

static void
job_free (Job *job)
{
  g_free (job->label);
  g_strfreev (job->argv);
  vigil_script_user_clear (&job->user);
  g_free (job);
}

/* ---- spawning ----------------------------------------------------------- */

typedef struct {
  uid_t uid;
  gid_t gid;
  gboolean change_user;
} ChildCreds;

/* In the child, between fork and exec: async-signal-safe calls only. */
static void
child_setup (gpointer user_data)
{
  const ChildCreds *creds = user_data;

  /* Its own process group, so a timeout kills whatever it started. */
  setpgid (0, 0);
  if (creds->change_user)
    {
      if (setgroups (0, NULL) != 0 || setgid (creds->gid) != 0 || setuid (creds->uid) != 0)
        _exit (126);
    }
  /* After the user change, which would clear it: die with vigild. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

GSubprocess *
vigil_script_spawn (const char * const *argv, const VigilScriptUser *user, GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  ChildCreds creds;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL && user != NULL, NULL);
  creds.uid = user->uid;
  creds.gid = user->gid;
  creds.change_user = user->uid != geteuid () || user->gid != getegid ();
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  /* As keepalived: nothing from the environment that changes how the
   * script is loaded or split. */
  g_subprocess_launcher_unsetenv (launcher, "IFS");
  g_subprocess_launcher_unsetenv (launcher, "LD_PRELOAD");
  g_subprocess_launcher_unsetenv (launcher, "LD_LIBRARY_PATH");
  g_subprocess_launcher_set_child_setup (launcher, child_setup, &creds, NULL);
  return g_subprocess_launcher_spawnv (launcher, argv, error);
}

void
vigil_script_kill (GSubprocess *process, int signum)
{
  const char *id = g_subprocess_get_identifier (process);
  pid_t pid;

  /* NULL once it has exited and been reaped: nothing to signal. */
  if (id == NULL)
    return;
  pid = (pid_t) g_ascii_strtoll (id, NULL, 10);
  if (pid <= 1)
    return;
  if (kill (-pid, signum) != 0)
    kill (pid, signum);
}

/* ---- the queue ---------------------------------------------------------- */

static void
finish_job (VigilScriptRunner *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->kill_id, g_source_remove);
  g_clear_object (&self->process);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->job, job_free);
  g_clear_pointer (&self->job_text, g_free);
  self->timed_out = FALSE;
}

static gboolean
on_kill (gpointer user_data)
{
  VigilScriptRunner *self = user_data;

  self->kill_id = 0;
  vigil_instance_warning (self->owner, "%s %s ignored SIGTERM; sending SIGKILL",
                          self->job->label, self->job_text);
  vigil_script_kill (self->process, SIGKILL);
  return G_SOURCE_REMOVE;
}

static gboolean
on_timeout (gpointer user_data)
{
  VigilScriptRunner *self = user_data;

  self->timeout_id = 0;
  self->timed_out = TRUE;
  self->n_timed_out++;
  vigil_instance_warning (self->owner,
                          "%s %s (pid %s) still running after %.1f s; killing it",
                          self->job->label, self->job_text,
                          g_subprocess_get_identifier (self->process),
                          (double) self->timeout / G_USEC_PER_SEC);
  vigil_script_kill (self->process, SIGTERM);
  self->kill_id = g_timeout_add ((guint) (VIGIL_SCRIPT_KILL_GRACE / 1000), on_kill, self);
  return G_SOURCE_REMOVE;
}

static void
on_wait_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GSubprocess *process = G_SUBPROCESS (source);
  g_autoptr(GError) error = NULL;
  VigilScriptRunner *self;
  double elapsed;

  if (!g_subprocess_wait_finish (process, result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;                       /* aborted: the runner may be gone */
  self = VIGIL_SCRIPT_RUNNER (user_data);
  elapsed = (double) (g_get_monotonic_time () - self->started_at) / G_USEC_PER_SEC;
  if (self->timed_out)
    vigil_instance_warning (self->owner, "%s %s killed at its timeout after %.1f s",
                            self->job->label, self->job_text, elapsed);
  else if (g_subprocess_get_if_signaled (process))
    {
      self->n_failed++;
      vigil_instance_warning (self->owner, "%s %s died of signal %d", self->job->label,
                              self->job_text, g_subprocess_get_term_sig (process));
    }
  else if (g_subprocess_get_exit_status (process) != 0)
    {
      self->n_failed++;
      vigil_instance_warning (self->owner, "%s %s exited with status %d after %.1f s",
                              self->job->label, self->job_text,
                              g_subprocess_get_exit_status (process), elapsed);
    }
  else
    vigil_instance_debug (self->owner, "%s %s finished after %.3f s", self->job->label,
                          self->job_text, elapsed);
  finish_job (self);
  run_next (self);
  g_object_unref (self);          /* the ref taken for the wait */
}

static void
run_next (VigilScriptRunner *self)
{
  while (self->job == NULL && !g_queue_is_empty (&self->queue))
    {
      g_autoptr(GError) error = NULL;

      self->job = g_queue_pop_head (&self->queue);
      self->job_text = vigil_notify_argv_to_string ((const char * const *) self->job->argv);
      self->process = vigil_script_spawn ((const char * const *) self->job->argv,
                                          &self->job->user, &error);
      if (self->process == NULL)
        {
          self->n_failed++;
          vigil_instance_warning (self->owner, "cannot run %s %s: %s", self->job->label,
                                  self->job_text, error->message);
          finish_job (self);
          continue;
        }
      self->n_started++;
      self->started_at = g_get_monotonic_time ();
      vigil_instance_info (self->owner, "running %s %s as %s (pid %s)", self->job->label,
                           self->job_text, self->job->user.name,
                           g_subprocess_get_identifier (self->process));
      self->cancellable = g_cancellable_new ();
      self->timeout_id = g_timeout_add ((guint) (self->timeout / 1000), on_timeout, self);
      g_subprocess_wait_async (self->process, self->cancellable, on_wait_done,
                               g_object_ref (self));
    }
}

VigilScriptRunner *
vigil_script_runner_new (const char *owner, gint64 timeout)
{
  VigilScriptRunner *self;

  g_return_val_if_fail (owner != NULL && timeout > 0, NULL);
  self = g_object_new (VIGIL_TYPE_SCRIPT_RUNNER, NULL);
  self->owner = g_strdup (owner);
  self->timeout = timeout;
  return self;
}

void
vigil_script_runner_push (VigilScriptRunner *self, const char *label, const char * const *argv,
                          const VigilScriptUser *user)
{
  Job *job;

  g_return_if_fail (VIGIL_IS_SCRIPT_RUNNER (self));
  g_return_if_fail (label != NULL && argv != NULL && argv[0] != NULL && user != NULL);
  job = g_new0 (Job, 1);
  job->label = g_strdup (label);
  job->argv = g_strdupv ((char **) argv);
  job->user.uid = user->uid;
  job->user.gid = user->gid;
  job->user.name = g_strdup (user->name);
  g_queue_push_tail (&self->queue, job);
  if (self->job != NULL)
    vigil_instance_debug (self->owner, "%s queued behind %s (%u waiting)", label,
                          self->job->label, g_queue_get_length (&self->queue));
  run_next (self);
}

gboolean
vigil_script_runner_is_idle (VigilScriptRunner *self)
{
  g_return_val_if_fail (VIGIL_IS_SCRIPT_RUNNER (self), TRUE);
  return self->job == NULL && g_queue_is_empty (&self->queue);
}

guint
vigil_script_runner_get_started (VigilScriptRunner *self)
{
  g_return_val_if_fail (VIGIL_IS_SCRIPT_RUNNER (self), 0);
  return self->n_started;
}

guint
vigil_script_runner_get_failed (VigilScriptRunner *self)
{
  g_return_val_if_fail (VIGIL_IS_SCRIPT_RUNNER (self), 0);
  return self->n_failed;
}

guint
vigil_script_runner_get_timed_out (VigilScriptRunner *self)
{
  g_return_val_if_fail (VIGIL_IS_SCRIPT_RUNNER (self), 0);
  return self->n_timed_out;
}

static gboolean
runners_idle (GHashTable *runners)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, runners);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!vigil_script_runner_is_idle (value))
      return FALSE;
  return TRUE;
}

static gboolean
on_flush_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
vigil_script_runners_flush (GHashTable *runners, gint64 timeout, const char *what)
{
  gboolean expired = FALSE;
  guint deadline_id;
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (runners != NULL);
  if (runners_idle (runners))
    return;
  g_message (_("waiting up to %d s for %s to finish"), (int) (timeout / G_USEC_PER_SEC), what);
  deadline_id = g_timeout_add ((guint) (timeout / 1000), on_flush_deadline, &expired);
  while (!expired && !runners_idle (runners))
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (deadline_id);
  g_hash_table_iter_init (&iter, runners);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    vigil_script_runner_abort (value);
}

void
vigil_script_runner_abort (VigilScriptRunner *self)
{
  Job *job;

  g_return_if_fail (VIGIL_IS_SCRIPT_RUNNER (self));
  while ((job = g_queue_pop_head (&self->queue)) != NULL)
    {
      g_autofree char *text = vigil_notify_argv_to_string ((const char * const *) job->argv);
      vigil_instance_warning (self->owner, "vigild is stopping: %s %s not run", job->label,
                              text);
      job_free (job);
    }
  if (self->job == NULL)
    return;
  vigil_instance_warning (self->owner, "vigild is stopping: killing %s %s (pid %s)",
                          self->job->label, self->job_text,
                          g_subprocess_get_identifier (self->process));
  vigil_script_kill (self->process, SIGKILL);
  /* The pending wait holds a ref on us; cancelling it drops that ref
   * without touching us. */
  g_cancellable_cancel (self->cancellable);
  finish_job (self);
  g_object_unref (self);
}

static void
vigil_script_runner_finalize (GObject *object)
{
  VigilScriptRunner *self = VIGIL_SCRIPT_RUNNER (object);

  g_queue_clear_full (&self->queue, (GDestroyNotify) job_free);
  finish_job (self);
  g_free (self->owner);
  G_OBJECT_CLASS (vigil_script_runner_parent_class)->finalize (object);
}

static void
vigil_script_runner_class_init (VigilScriptRunnerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_script_runner_finalize;
}

static void
vigil_script_runner_init (VigilScriptRunner *self)
{
  g_queue_init (&self->queue);
}
