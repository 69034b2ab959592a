/* file-checker.c - VigilFileChecker (see file-checker.h) */
#define G_LOG_DOMAIN "vigil-check"

#include <gio/gio.h>
#include "check/file-checker.h"
#include "track/file-tracker.h"
#include "track/track-rules.h"
#include "i18n.h"

/* keepalived reads at most this much of a track_file. */
#define TRACK_FILE_READ_MAX 128
/* Writers (`echo 5 > file`) are seen within this. */
#define FILE_MONITOR_RATE_LIMIT_MS 100

struct _VigilFileChecker
{
  VigilChecker parent_instance;

  char *path;                 /* conf->file_path, copied */
  int weight;
  gboolean reverse;
  long value;
  GFileMonitor *monitor;
  gboolean reading;           /* an attempt is in flight */
  gboolean changed;           /* the file changed while it was */
};

G_DEFINE_FINAL_TYPE (VigilFileChecker, vigil_file_checker, VIGIL_TYPE_CHECKER)

/* The configured weight of the real server this checker belongs to
 * (keepalived adds the file's part to it); 1, keepalived's default, if
 * the checker is not in the config. */
static int
real_server_weight (VigilFileChecker *self)
{
  const VigilConfChecker *conf = vigil_checker_get_conf (VIGIL_CHECKER (self));
  const VigilConfig *config = vigil_checker_get_target (VIGIL_CHECKER (self))->config;

  for (guint v = 0; config != NULL && v < config->virtual_servers->len; v++)
    {
      const VigilConfVirtualServer *vs = g_ptr_array_index (config->virtual_servers, v);

      for (guint r = 0; r <= vs->real_servers->len; r++)
        {
          const VigilConfRealServer *rs = r < vs->real_servers->len
                                            ? g_ptr_array_index (vs->real_servers, r)
                                            : vs->sorry_server;

          for (guint c = 0; rs != NULL && rs->checkers != NULL && c < rs->checkers->len; c++)
            if (g_ptr_array_index (rs->checkers, c) == conf)
              return rs->weight;
        }
    }
  return 1;
}

/* What the value means; TRUE when up, else `*why` says why not. */
static gboolean
judge (VigilFileChecker *self, long value, char **why)
{
  VigilChecker *checker = VIGIL_CHECKER (self);
  gint64 delta;
  gint64 weight;

  if (!vigil_track_rule_checker_value (value, self->weight, self->reverse, &delta))
    {
      *why = self->weight == 0
               ? g_strdup_printf (_("value %ld in %s (weight 0%s)"), value, self->path,
                                  self->reverse ? " reverse" : "")
               : g_strdup_printf (_("value %ld in %s times weight %d%s is below the minimum"),
                                  value, self->path, self->weight,
                                  self->reverse ? " reverse" : "");
      return FALSE;
    }
  if (self->weight == 0)
    return TRUE;
  /* Nothing added: the configured weight (-1), which a reload may change. */
  weight = delta == 0 ? -1
                      : CLAMP ((gint64) real_server_weight (self) + delta, 0, (gint64) G_MAXINT);
  if ((int) weight != vigil_checker_get_dynamic_weight (checker))
    {
      if (weight < 0)
        g_message (_("%s: value %ld in %s, the configured weight applies"),
                   vigil_checker_get_label (checker), value, self->path);
      else
        g_message (_("%s: value %ld in %s sets the weight to %d"),
                   vigil_checker_get_label (checker), value, self->path, (int) weight);
      vigil_checker_set_dynamic_weight (checker, (int) weight);
    }
  return TRUE;
}

/* ---- one attempt: a bounded asynchronous read ----------------------------- */

typedef struct {
  GInputStream *stream;
  char buffer[TRACK_FILE_READ_MAX];
} Attempt;

static void
attempt_free (gpointer data)
{
  Attempt *attempt = data;

  g_clear_object (&attempt->stream);
  g_free (attempt);
}

static void
finish_with_text (GTask *task, const char *text)
{
  VigilFileChecker *self = g_task_get_source_object (task);
  g_autofree char *why = NULL;
  long value = vigil_file_tracker_parse_value (text);

  self->reading = FALSE;
  if (value != self->value)
    g_debug ("%s: value %ld in %s (was %ld)", vigil_checker_get_label (VIGIL_CHECKER (self)),
             value, self->path, self->value);
  self->value = value;
  if (judge (self, value, &why))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", why);
}

static void
on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize len = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (len < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          VIGIL_FILE_CHECKER (g_task_get_source_object (task))->reading = FALSE;
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      /* keepalived: what cannot be read counts as 0. */
      g_debug ("%s: %s, reading it as 0",
               vigil_checker_get_label (g_task_get_source_object (task)), error->message);
      len = 0;
    }
  attempt->buffer[len] = '\0';
  finish_with_text (task, attempt->buffer);
}

static void
on_opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GFileInputStream *stream = g_file_read_finish (G_FILE (source), result, &error);
  GCancellable *cancellable;

  if (stream == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          VIGIL_FILE_CHECKER (g_task_get_source_object (task))->reading = FALSE;
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      /* A missing file is 0, as keepalived reads it. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_debug ("%s: %s, reading it as 0",
                 vigil_checker_get_label (g_task_get_source_object (task)), error->message);
      finish_with_text (task, "");
      return;
    }
  attempt->stream = G_INPUT_STREAM (stream);
  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_async (attempt->stream, attempt->buffer, sizeof attempt->buffer - 1,
                             G_PRIORITY_DEFAULT, cancellable, on_read, g_steal_pointer (&task));
}

static void
vigil_file_checker_check_async (VigilChecker *checker, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  VigilFileChecker *self = VIGIL_FILE_CHECKER (checker);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GFile) file = NULL;

  g_task_set_source_tag (task, vigil_file_checker_check_async);
  if (self->path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("unknown track_file '%s'"),
                               vigil_checker_get_conf (checker)->track_file);
      return;
    }
  g_task_set_task_data (task, g_new0 (Attempt, 1), attempt_free);
  self->reading = TRUE;
  self->changed = FALSE;
  file = g_file_new_for_path (self->path);
  g_file_read_async (file, G_PRIORITY_DEFAULT, cancellable, on_opened, g_steal_pointer (&task));
}

static gboolean
vigil_file_checker_check_finish (VigilChecker *checker, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, checker), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- watching the file ------------------------------------------------------ */

static void
on_file_changed (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
                 gpointer user_data)
{
  (void) monitor;
  (void) file;
  (void) other;
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
      /* An attempt in flight may have read the file before this change:
       * check again when it is done (on_checked). */
      if (VIGIL_FILE_CHECKER (user_data)->reading)
        VIGIL_FILE_CHECKER (user_data)->changed = TRUE;
      else
        vigil_checker_check_now (VIGIL_CHECKER (user_data));
      break;
    default:
      break;
    }
}

static void
on_checked (VigilChecker *checker, gboolean ok, gpointer user_data)
{
  VigilFileChecker *self = VIGIL_FILE_CHECKER (checker);

  (void) ok;
  (void) user_data;
  if (!self->changed)
    return;
  self->changed = FALSE;
  vigil_checker_check_now (checker);
}

static void
watch_file (VigilFileChecker *self)
{
  g_autoptr(GFile) file = g_file_new_for_path (self->path);
  g_autoptr(GError) error = NULL;

  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      g_warning (_("%s: cannot watch %s, it is read every delay_loop only: %s"),
                 vigil_checker_get_label (VIGIL_CHECKER (self)), self->path, error->message);
      return;
    }
  g_file_monitor_set_rate_limit (self->monitor, FILE_MONITOR_RATE_LIMIT_MS);
  g_signal_connect (self->monitor, "changed", G_CALLBACK (on_file_changed), self);
  g_signal_connect (self, "checked", G_CALLBACK (on_checked), NULL);
}

static void
vigil_file_checker_constructed (GObject *object)
{
  VigilFileChecker *self = VIGIL_FILE_CHECKER (object);
  VigilChecker *checker = VIGIL_CHECKER (object);
  const VigilConfTrackFile *track_file = NULL;
  const VigilConfChecker *conf;
  const VigilConfig *config;

  G_OBJECT_CLASS (vigil_file_checker_parent_class)->constructed (object);
  conf = vigil_checker_get_conf (checker);
  config = vigil_checker_get_target (checker)->config;
  /* The parser resolved the track_file's path and weight into `conf`. */
  if (conf->file_path == NULL)
    {
      g_warning (_("%s: unknown track_file '%s', the checker stays down"),
                 vigil_checker_get_label (checker), conf->track_file);
      return;
    }
  self->path = g_strdup (conf->file_path);
  self->weight = conf->file_weight;
  self->reverse = conf->file_weight_reverse;
  /* init_file: once, when the checker is created (a reload that keeps it
   * leaves the file alone, as keepalived does). */
  if (config != NULL && conf->track_file != NULL)
    track_file = vigil_config_find_track_file (config, conf->track_file);
  if (track_file != NULL)
    vigil_file_tracker_init_file (track_file);
  watch_file (self);
}

const char *
vigil_file_checker_get_path (VigilFileChecker *self)
{
  g_return_val_if_fail (VIGIL_IS_FILE_CHECKER (self), NULL);
  return self->path;
}

long
vigil_file_checker_get_value (VigilFileChecker *self)
{
  g_return_val_if_fail (VIGIL_IS_FILE_CHECKER (self), 0);
  return self->value;
}

static void
vigil_file_checker_dispose (GObject *object)
{
  VigilFileChecker *self = VIGIL_FILE_CHECKER (object);

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
    }
  g_clear_object (&self->monitor);
  G_OBJECT_CLASS (vigil_file_checker_parent_class)->dispose (object);
}

static void
vigil_file_checker_finalize (GObject *object)
{
  g_free (VIGIL_FILE_CHECKER (object)->path);
  G_OBJECT_CLASS (vigil_file_checker_parent_class)->finalize (object);
}

static void
vigil_file_checker_class_init (VigilFileCheckerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VigilCheckerClass *checker_class = VIGIL_CHECKER_CLASS (klass);

  object_class->constructed = vigil_file_checker_constructed;
  object_class->dispose = vigil_file_checker_dispose;
  object_class->finalize = vigil_file_checker_finalize;
  checker_class->check_async = vigil_file_checker_check_async;
  checker_class->check_finish = vigil_file_checker_check_finish;
}

static void
vigil_file_checker_init (VigilFileChecker *self)
{
  (void) self;
}
