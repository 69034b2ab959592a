/* runtime-dir.c - the runtime directory and its locked pid file */
#define G_LOG_DOMAIN "vigil"

#include "daemon/runtime-dir.h"
#include "daemon/error.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

struct _VigilRuntimeDir {
  char *path;
  char *pid_path;
  int pid_fd;
};

const char *
vigil_runtime_dir_default (void)
{
  const char *env = g_getenv ("RUNTIME_DIRECTORY");

  /* systemd may list several, separated by ':'; the first is ours. */
  if (env != NULL && *env != '\0' && strchr (env, ':') == NULL)
    return env;
  return VIGIL_DEFAULT_RUNTIME_DIR;
}

static int
read_holder_pid (int fd)
{
  char buf[32] = { 0 };
  ssize_t n = pread (fd, buf, sizeof buf - 1, 0);

  return n > 0 ? atoi (buf) : 0;
}

VigilRuntimeDir *
vigil_runtime_dir_open (const char *path, GError **error)
{
  g_autofree char *pid_path = NULL;
  g_autofree char *pid_text = NULL;
  VigilRuntimeDir *dir;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  if (g_mkdir_with_parents (path, 0755) < 0)
    {
      int saved = errno;
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED,
                   _("cannot create runtime directory %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  pid_path = g_build_filename (path, VIGIL_PID_FILE_NAME, NULL);
  fd = open (pid_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED,
                   _("cannot open pid file %s: %s"), pid_path, g_strerror (saved));
      return NULL;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) < 0)
    {
      int saved = errno;
      if (saved == EWOULDBLOCK)
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_ALREADY_RUNNING,
                     _("another vigild (pid %d) is already using runtime directory %s"),
                     read_holder_pid (fd), path);
      else
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED,
                     _("cannot lock pid file %s: %s"), pid_path, g_strerror (saved));
      close (fd);
      return NULL;
    }
  pid_text = g_strdup_printf ("%d\n", (int) getpid ());
  if (ftruncate (fd, 0) < 0 || pwrite (fd, pid_text, strlen (pid_text), 0) < 0)
    {
      int saved = errno;
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED,
                   _("cannot write pid file %s: %s"), pid_path, g_strerror (saved));
      close (fd);
      return NULL;
    }
  dir = g_new0 (VigilRuntimeDir, 1);
  dir->path = g_strdup (path);
  dir->pid_path = g_steal_pointer (&pid_path);
  dir->pid_fd = fd;
  return dir;
}

void
vigil_runtime_dir_close (VigilRuntimeDir *dir)
{
  if (dir == NULL)
    return;
  g_unlink (dir->pid_path);
  close (dir->pid_fd);
  g_free (dir->pid_path);
  g_free (dir->path);
  g_free (dir);
}

const char *
vigil_runtime_dir_get_path (const VigilRuntimeDir *dir)
{
  return dir->path;
}

char *
vigil_runtime_dir_build (const VigilRuntimeDir *dir, const char *name)
{
  return g_build_filename (dir->path, name, NULL);
}
