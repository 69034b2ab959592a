/* process-tracker.c - VigilProcessTracker (see process-tracker.h) */
#define G_LOG_DOMAIN "vigil-track"

#include <stdlib.h>
#include <string.h>
#include "track/process-tracker.h"

/* The kernel keeps this much of a process name in /proc/PID/comm. */
#define COMM_LEN 15

struct _VigilProcessTracker
{
  VigilTracker parent_instance;

  VigilConfTrackProcess conf;  /* copied: process, param_match, quorum */
  char *proc;
  guint count;
  gboolean counted;
  guint poll_id;
};

G_DEFINE_FINAL_TYPE (VigilProcessTracker, vigil_process_tracker, VIGIL_TYPE_TRACKER)

gboolean
vigil_process_tracker_matches (const VigilConfTrackProcess *conf, const char *comm,
                               const char * const *argv)
{
  guint want, have = 0;

  g_return_val_if_fail (conf != NULL && conf->process != NULL && conf->process[0] != NULL,
                        FALSE);
  if (conf->full_command)
    {
      if (argv == NULL || argv[0] == NULL || strcmp (argv[0], conf->process[0]) != 0)
        return FALSE;
    }
  else if (comm == NULL || strncmp (comm, conf->process[0], COMM_LEN) != 0
           || (strlen (conf->process[0]) < COMM_LEN && strlen (comm) != strlen (conf->process[0])))
    return FALSE;

  want = g_strv_length (conf->process) - 1;
  if (want == 0 && !conf->param_match_given)
    return TRUE;
  if (argv != NULL && argv[0] != NULL)
    have = g_strv_length ((char **) argv) - 1;
  if (have < want)
    return FALSE;
  if (conf->param_match == VIGIL_CONF_PARAM_MATCH_EXACT && have != want)
    return FALSE;
  for (guint i = 1; i <= want; i++)
    {
      if (conf->param_match == VIGIL_CONF_PARAM_MATCH_INITIAL && i == want)
        return g_str_has_prefix (argv[i], conf->process[i]);
      if (strcmp (argv[i], conf->process[i]) != 0)
        return FALSE;
    }
  return TRUE;
}

/* argv of a process from its NUL-separated cmdline; NULL for kernel
 * threads and processes gone meanwhile. */
static GStrv
read_cmdline (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "cmdline", NULL);
  g_autofree char *text = NULL;
  GPtrArray *argv;
  gsize len = 0;

  if (!g_file_get_contents (path, &text, &len, NULL) || len == 0)
    return NULL;
  argv = g_ptr_array_new ();
  for (gsize at = 0; at < len; at += strlen (text + at) + 1)
    g_ptr_array_add (argv, g_strdup (text + at));
  g_ptr_array_add (argv, NULL);
  return (GStrv) g_ptr_array_free (argv, FALSE);
}

static guint
count_processes (VigilProcessTracker *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->proc, 0, NULL);
  const char *entry;
  guint count = 0;

  if (dir == NULL)
    return 0;
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *pid_dir = NULL;
      g_autofree char *comm_path = NULL;
      g_autofree char *comm = NULL;
      g_auto(GStrv) argv = NULL;

      if (!g_ascii_isdigit (entry[0]))
        continue;
      pid_dir = g_build_filename (self->proc, entry, NULL);
      comm_path = g_build_filename (pid_dir, "comm", NULL);
      if (!g_file_get_contents (comm_path, &comm, NULL, NULL))
        continue;
      g_strchomp (comm);
      argv = read_cmdline (pid_dir);
      if (vigil_process_tracker_matches (&self->conf, comm, (const char * const *) argv))
        count++;
    }
  return count;
}

static void
update (VigilProcessTracker *self)
{
  guint count = count_processes (self);
  g_autofree char *why = NULL;
  gboolean up;

  if (self->counted && count == self->count)
    return;
  self->counted = TRUE;
  self->count = count;
  up = count >= self->conf.quorum && count <= self->conf.quorum_max;
  why = g_strdup_printf ("%u process(es) %s, quorum %u..%u", count, self->conf.process[0],
                         self->conf.quorum, self->conf.quorum_max);
  g_debug ("vrrp_track_process %s: %s", vigil_tracker_get_name (VIGIL_TRACKER (self)), why);
  vigil_tracker_set_state (VIGIL_TRACKER (self), up, why);
}

static gboolean
on_poll (gpointer user_data)
{
  update (user_data);
  return G_SOURCE_CONTINUE;
}

static void
vigil_process_tracker_start (VigilTracker *tracker)
{
  VigilProcessTracker *self = VIGIL_PROCESS_TRACKER (tracker);

  self->poll_id = g_timeout_add (VIGIL_PROCESS_POLL_INTERVAL / 1000, on_poll, self);
}

VigilProcessTracker *
vigil_process_tracker_new (const VigilConfTrackProcess *conf, const char *proc)
{
  VigilProcessTracker *self;

  g_return_val_if_fail (conf != NULL && conf->process != NULL && conf->process[0] != NULL,
                        NULL);
  self = g_object_new (VIGIL_TYPE_PROCESS_TRACKER, "name", conf->name,
                       "kind", "vrrp_track_process", "weight", conf->weight,
                       "reverse", conf->weight_reverse, "up", TRUE, NULL);
  self->conf.process = g_strdupv (conf->process);
  self->conf.param_match = conf->param_match;
  self->conf.param_match_given = conf->param_match_given;
  self->conf.full_command = conf->full_command;
  self->conf.quorum = MAX (conf->quorum, 1u);
  self->conf.quorum_max = conf->quorum_max >= self->conf.quorum ? conf->quorum_max : G_MAXUINT;
  self->proc = g_strdup (proc != NULL ? proc : "/proc");
  update (self);
  return self;
}

guint
vigil_process_tracker_get_count (VigilProcessTracker *self)
{
  g_return_val_if_fail (VIGIL_IS_PROCESS_TRACKER (self), 0);
  return self->count;
}

static void
vigil_process_tracker_dispose (GObject *object)
{
  g_clear_handle_id (&VIGIL_PROCESS_TRACKER (object)->poll_id, g_source_remove);
  G_OBJECT_CLASS (vigil_process_tracker_parent_class)->dispose (object);
}

static void
vigil_process_tracker_finalize (GObject *object)
{
  VigilProcessTracker *self = VIGIL_PROCESS_TRACKER (object);

  g_strfreev (self->conf.process);
  g_free (self->proc);
  G_OBJECT_CLASS (vigil_process_tracker_parent_class)->finalize (object);
}

static void
vigil_process_tracker_class_init (VigilProcessTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_process_tracker_dispose;
  object_class->finalize = vigil_process_tracker_finalize;
  VIGIL_TRACKER_CLASS (klass)->start = vigil_process_tracker_start;
}

static void
vigil_process_tracker_init (VigilProcessTracker *self)
{
  (void) self;
}
