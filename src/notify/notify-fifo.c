/* notify-fifo.c - a notify FIFO and its script (see notify-fifo.h) */
#define G_LOG_DOMAIN "vigil-notify"

#include "notify/notify-fifo.h"
#include "i18n.h"
#include "notify/notify-format.h"
#include "notify/script-runner.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct _VigilNotifyFifo {
  char *path;
  int fd;
  gboolean created;
  GSubprocess *script;
  char *script_text;
  GCancellable *cancellable;
  guint64 written;
  guint64 dropped;
};

static void
on_script_exited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GSubprocess *process = G_SUBPROCESS (source);
  g_autoptr(GError) error = NULL;
  VigilNotifyFifo *fifo;

  if (!g_subprocess_wait_finish (process, result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;                       /* the FIFO is being closed */
  fifo = user_data;
  /* keepalived does not restart it either: the FIFO stays, and a reader
   * started by hand can attach to it. */
  if (g_subprocess_get_if_signaled (process))
    g_warning (_("notify FIFO %s: its script %s was killed by signal %d"), fifo->path,
               fifo->script_text, g_subprocess_get_term_sig (process));
  else
    g_warning (_("notify FIFO %s: its script %s exited with status %d"), fifo->path,
               fifo->script_text, g_subprocess_get_exit_status (process));
  g_clear_object (&fifo->script);
}

VigilNotifyFifo *
vigil_notify_fifo_open (const char *path, const char * const *script_argv,
                        const VigilScriptUser *script_user, GError **error)
{
  g_autoptr(VigilNotifyFifo) fifo = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);
  fifo = g_new0 (VigilNotifyFifo, 1);
  fifo->path = g_strdup (path);
  fifo->fd = -1;
  if (mkfifo (path, VIGIL_NOTIFY_FIFO_MODE) == 0)
    fifo->created = TRUE;
  else if (errno != EEXIST)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot create notify FIFO %s: %s"), path, g_strerror (saved));
      return NULL;
    }

  /* The reader first, as keepalived does: it may open the FIFO for
   * reading and block until we open it. */
  if (script_argv != NULL && script_argv[0] != NULL)
    {
      g_auto(GStrv) argv = vigil_notify_build_fifo_script_argv (script_argv, path);
      g_autoptr(GError) local_error = NULL;

      fifo->script_text = vigil_notify_argv_to_string ((const char * const *) argv);
      fifo->script = vigil_script_spawn ((const char * const *) argv, script_user, &local_error);
      if (fifo->script == NULL)
        g_warning (_("notify FIFO %s: cannot start its script %s: %s"), path,
                   fifo->script_text, local_error->message);
      else
        {
          g_message (_("notify FIFO %s: started its script %s as %s (pid %s)"), path,
                     fifo->script_text, script_user->name,
                     g_subprocess_get_identifier (fifo->script));
          fifo->cancellable = g_cancellable_new ();
          g_subprocess_wait_async (fifo->script, fifo->cancellable, on_script_exited, fifo);
        }
    }

  fifo->fd = open (path, O_RDWR | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
  if (fifo->fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot open notify FIFO %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  /* An existing path may be anything someone put there. */
  if (fstat (fifo->fd, &st) != 0 || !S_ISFIFO (st.st_mode) || st.st_uid != geteuid ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("%s is not a FIFO owned by vigild's user; not using it as notify FIFO"),
                   path);
      return NULL;
    }
  return g_steal_pointer (&fifo);
}

gboolean
vigil_notify_fifo_write (VigilNotifyFifo *fifo, const char *line)
{
  size_t len;
  ssize_t n;

  g_return_val_if_fail (fifo != NULL && line != NULL, FALSE);
  len = strlen (line);
  /* Lines are far below PIPE_BUF: a write is whole or fails. */
  do
    n = write (fifo->fd, line, len);
  while (n < 0 && errno == EINTR);
  if (n == (ssize_t) len)
    {
      fifo->written++;
      return TRUE;
    }
  fifo->dropped++;
  g_warning (_("notify FIFO %s: dropped \"%.*s\" (%s; %llu dropped so far): "
               "is its reader stuck?"),
             fifo->path, (int) (len > 0 ? len - 1 : 0), line,
             n < 0 ? g_strerror (errno) : _("short write"), (unsigned long long) fifo->dropped);
  return FALSE;
}

const char *
vigil_notify_fifo_get_path (VigilNotifyFifo *fifo)
{
  g_return_val_if_fail (fifo != NULL, NULL);
  return fifo->path;
}

guint64
vigil_notify_fifo_get_written (VigilNotifyFifo *fifo)
{
  g_return_val_if_fail (fifo != NULL, 0);
  return fifo->written;
}

guint64
vigil_notify_fifo_get_dropped (VigilNotifyFifo *fifo)
{
  g_return_val_if_fail (fifo != NULL, 0);
  return fifo->dropped;
}

void
vigil_notify_fifo_close (VigilNotifyFifo *fifo)
{
  if (fifo == NULL)
    return;
  /* Unlink first, so a reader that reopens in a loop cannot come back. */
  if (fifo->created)
    unlink (fifo->path);
  if (fifo->fd >= 0)
    close (fifo->fd);
  if (fifo->script != NULL)
    vigil_script_kill (fifo->script, SIGTERM);
  g_cancellable_cancel (fifo->cancellable);
  g_clear_object (&fifo->cancellable);
  g_clear_object (&fifo->script);
  g_free (fifo->script_text);
  g_free (fifo->path);
  g_free (fifo);
}
