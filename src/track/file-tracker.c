/* file-tracker.c - VigilFileTracker (see file-tracker.h) */
#define G_LOG_DOMAIN "vigil-track"

#include <errno.h>
#include <stdlib.h>
#include <gio/gio.h>
#include "track/file-tracker.h"
#include "track/track-rules.h"

struct _VigilFileTracker
{
  VigilTracker parent_instance;

  char *path;
  long value;
  gboolean read;              /* value holds a reading */
  GFileMonitor *monitor;
};

G_DEFINE_FINAL_TYPE (VigilFileTracker, vigil_file_tracker, VIGIL_TYPE_TRACKER)

long
vigil_file_tracker_parse_value (const char *text)
{
  char *end = NULL;
  long value;

  if (text == NULL)
    return 0;
  errno = 0;
  value = strtol (text, &end, 0);
  if (end == text || errno != 0)
    return 0;
  return value;
}

static void
reread (VigilFileTracker *self)
{
  VigilTracker *tracker = VIGIL_TRACKER (self);
  g_autofree char *text = NULL;
  g_autofree char *why = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_up = vigil_tracker_is_up (tracker);
  long value;

  if (!g_file_get_contents (self->path, &text, NULL, &error))
    {
      g_debug ("track_file %s: %s, reading it as 0", vigil_tracker_get_name (tracker),
               error->message);
      value = 0;
    }
  else
    value = vigil_file_tracker_parse_value (text);
  if (self->read && value == self->value)
    return;
  self->value = value;
  self->read = TRUE;
  why = g_strdup_printf ("value %ld in %s", value, self->path);
  g_message ("track_file %s: %s", vigil_tracker_get_name (tracker), why);
  vigil_tracker_set_state (tracker, value == 0, why);
  if (was_up == (value == 0))
    vigil_tracker_emit_changed (tracker);
}

static void
on_file_changed (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
                 gpointer user_data)
{
  (void) monitor;
  (void) file;
  (void) other;
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
      reread (user_data);
      break;
    default:
      break;
    }
}

static void
vigil_file_tracker_start (VigilTracker *tracker)
{
  VigilFileTracker *self = VIGIL_FILE_TRACKER (tracker);
  g_autoptr(GFile) file = g_file_new_for_path (self->path);
  g_autoptr(GError) error = NULL;

  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      g_warning ("track_file %s: cannot watch %s: %s", vigil_tracker_get_name (tracker),
                 self->path, error->message);
      return;
    }
  /* Writers (echo 5 > file) show up within this. */
  g_file_monitor_set_rate_limit (self->monitor, 100);
  g_signal_connect (self->monitor, "changed", G_CALLBACK (on_file_changed), self);
  reread (self);
}

void
vigil_file_tracker_init_file (const VigilConfTrackFile *conf)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (!conf->init_file)
    return;
  if (!conf->init_overwrite && g_file_test (conf->path, G_FILE_TEST_EXISTS))
    return;
  text = g_strdup_printf ("%ld\n", conf->init_value);
  if (!g_file_set_contents (conf->path, text, -1, &error))
    g_warning ("track_file %s: init_file: %s", conf->name, error->message);
}

VigilFileTracker *
vigil_file_tracker_new (const VigilConfTrackFile *conf)
{
  VigilFileTracker *self;

  g_return_val_if_fail (conf != NULL && conf->path != NULL, NULL);
  vigil_file_tracker_init_file (conf);
  self = g_object_new (VIGIL_TYPE_FILE_TRACKER, "name", conf->name, "kind", "track_file",
                       "weight", conf->weight, "reverse", conf->weight_reverse, "up", TRUE,
                       NULL);
  self->path = g_strdup (conf->path);
  self->value = 0;
  reread (self);
  return self;
}

long
vigil_file_tracker_get_value (VigilFileTracker *self)
{
  g_return_val_if_fail (VIGIL_IS_FILE_TRACKER (self), 0);
  return self->value;
}

static gboolean
vigil_file_tracker_contribute (VigilTracker *tracker, int weight, gboolean reverse, int *delta)
{
  return vigil_track_rule_value (VIGIL_FILE_TRACKER (tracker)->value, weight, reverse, delta);
}

static void
vigil_file_tracker_dispose (GObject *object)
{
  VigilFileTracker *self = VIGIL_FILE_TRACKER (object);

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
    }
  g_clear_object (&self->monitor);
  G_OBJECT_CLASS (vigil_file_tracker_parent_class)->dispose (object);
}

static void
vigil_file_tracker_finalize (GObject *object)
{
  g_free (VIGIL_FILE_TRACKER (object)->path);
  G_OBJECT_CLASS (vigil_file_tracker_parent_class)->finalize (object);
}

static void
vigil_file_tracker_class_init (VigilFileTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_file_tracker_dispose;
  object_class->finalize = vigil_file_tracker_finalize;
  VIGIL_TRACKER_CLASS (klass)->start = vigil_file_tracker_start;
  VIGIL_TRACKER_CLASS (klass)->contribute = vigil_file_tracker_contribute;
}

static void
vigil_file_tracker_init (VigilFileTracker *self)
{
  (void) self;
}
