/* signal-watch.c - Unix signals into the main loop without a thread hop */
#define G_LOG_DOMAIN "vigil"

#include "daemon/signal-watch.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#define MAX_SIGNALS 8

struct _VigilSignalWatch {
  int pipe_fds[2];
  guint source_id;
  int signals[MAX_SIGNALS];
  guint n_signals;
  VigilSignalFunc func;
  gpointer user_data;
};

/* See signal-watch.h: the handler's only way to the main loop. */
static volatile int signal_pipe_write_fd = -1;

static void
on_signal (int signum)
{
  int saved_errno = errno;
  unsigned char byte = (unsigned char) signum;

  if (signal_pipe_write_fd >= 0)
    (void) !write (signal_pipe_write_fd, &byte, 1); /* full pipe: already pending */
  errno = saved_errno;
}

static gboolean
on_pipe_readable (int fd, GIOCondition condition, gpointer user_data)
{
  VigilSignalWatch *watch = user_data;
  unsigned char bytes[64];
  ssize_t n;

  while ((n = read (fd, bytes, sizeof bytes)) > 0)
    for (ssize_t i = 0; i < n; i++)
      watch->func (bytes[i], watch->user_data);
  return G_SOURCE_CONTINUE;
}

VigilSignalWatch *
vigil_signal_watch_new (const int *signals, guint n, VigilSignalFunc func,
                        gpointer user_data, GError **error)
{
  g_autofree VigilSignalWatch *watch = NULL;
  struct sigaction action;

  g_return_val_if_fail (n <= MAX_SIGNALS && func != NULL, NULL);
  g_return_val_if_fail (signal_pipe_write_fd < 0, NULL);

  watch = g_new0 (VigilSignalWatch, 1);
  if (pipe2 (watch->pipe_fds, O_CLOEXEC | O_NONBLOCK) < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot create the signal pipe: %s", g_strerror (saved));
      return NULL;
    }
  watch->func = func;
  watch->user_data = user_data;
  watch->n_signals = n;
  memcpy (watch->signals, signals, n * sizeof (int));
  signal_pipe_write_fd = watch->pipe_fds[1];

  memset (&action, 0, sizeof action);
  action.sa_handler = on_signal;
  action.sa_flags = SA_RESTART;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < n; i++)
    if (sigaction (signals[i], &action, NULL) < 0)
      {
        int saved = errno;
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     "cannot handle signal %d: %s", signals[i], g_strerror (saved));
        watch->n_signals = i;
        vigil_signal_watch_free (g_steal_pointer (&watch));
        return NULL;
      }
  watch->source_id = g_unix_fd_add_full (G_PRIORITY_HIGH, watch->pipe_fds[0], G_IO_IN,
                                         on_pipe_readable, watch, NULL);
  return g_steal_pointer (&watch);
}

void
vigil_signal_watch_free (VigilSignalWatch *watch)
{
  struct sigaction action;

  if (watch == NULL)
    return;
  memset (&action, 0, sizeof action);
  action.sa_handler = SIG_DFL;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < watch->n_signals; i++)
    sigaction (watch->signals[i], &action, NULL);
  signal_pipe_write_fd = -1;
  if (watch->source_id != 0)
    g_source_remove (watch->source_id);
  close (watch->pipe_fds[0]);
  close (watch->pipe_fds[1]);
  g_free (watch);
}
