/* tcp-checker.c - VigilTcpChecker, keepalived's TCP_CHECK
 *
 * One attempt: a non-blocking socket, SO_BINDTODEVICE (bind_if) and
 * bind (bindto, bind_port) when given, connect, and a unix fd source
 * that waits for the connect to finish (or for the base's cancellable:
 * timeout, stop); the verdict is SO_ERROR. The socket addresses are
 * converted once per config, not per attempt. Neither GSocketClient nor
 * GSocket is used: for an IP literal their address objects, enumerator,
 * GInitable checks (getsockname, getsockopt) and idle dispatches were
 * most of the user-space CPU of a check when thousands of real servers
 * are checked every second (bench/checkers).
 */
#define G_LOG_DOMAIN "vigil-check"

#include "check/tcp-checker.h"

#include <errno.h>
#include <glib-unix.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct _VigilTcpChecker
{
  VigilChecker parent_instance;

  const VigilConfChecker *addresses_for;  /* the config the cache is for */
  struct sockaddr_storage target;
  socklen_t target_len;
  struct sockaddr_storage local;
  socklen_t local_len;                    /* 0: no bindto / bind_port */
};

G_DEFINE_FINAL_TYPE (VigilTcpChecker, vigil_tcp_checker, VIGIL_TYPE_CHECKER)

/* One attempt in flight. */
typedef struct
{
  int fd;
  GSource *source;
} Attempt;

static void
attempt_free (Attempt *attempt)
{
  if (attempt->source != NULL)
    {
      g_source_destroy (attempt->source);
      g_source_unref (attempt->source);
    }
  if (attempt->fd >= 0)
    close (attempt->fd);
  g_free (attempt);
}

static gboolean
to_native (GInetSocketAddress *address, struct sockaddr_storage *out, socklen_t *len)
{
  gssize size = g_socket_address_get_native_size (G_SOCKET_ADDRESS (address));

  if (size <= 0 || (gsize) size > sizeof *out
      || !g_socket_address_to_native (G_SOCKET_ADDRESS (address), out, (gsize) size, NULL))
    return FALSE;
  *len = (socklen_t) size;
  return TRUE;
}

/* connect_ip/connect_port and bindto/bind_port as sockaddrs, again only
 * when a reload swapped the config. */
static gboolean
update_addresses (VigilTcpChecker *self)
{
  VigilChecker *checker = VIGIL_CHECKER (self);
  const VigilConfChecker *conf = vigil_checker_get_conf (checker);
  g_autoptr(GInetSocketAddress) target = NULL;
  g_autoptr(GInetSocketAddress) local = NULL;

  if (conf == self->addresses_for && self->target_len > 0)
    return TRUE;
  self->addresses_for = NULL;
  self->target_len = self->local_len = 0;
  target = vigil_checker_dup_connect_address (checker);
  if (target == NULL || !to_native (target, &self->target, &self->target_len))
    return FALSE;
  local = vigil_checker_dup_bind_address (checker);
  if (local != NULL && !to_native (local, &self->local, &self->local_len))
    return FALSE;
  self->addresses_for = conf;
  return TRUE;
}

/* The task's error for errno `err`, in the few words the log shows. */
static void
return_errno (GTask *task, int err, const char *what)
{
  const char *why;

  switch (err)
    {
    case ECONNREFUSED: why = "connection refused"; break;
    case EHOSTUNREACH: why = "host unreachable"; break;
    case ENETUNREACH: why = "network unreachable"; break;
    case ETIMEDOUT: why = "connection timed out"; break;
    case ECONNRESET: why = "connection reset"; break;
    default: why = NULL; break;
    }
  if (why != NULL && what == NULL)
    g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (err), "%s", why);
  else
    g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (err), "%s%s%s",
                             what != NULL ? what : "", what != NULL ? ": " : "",
                             g_strerror (err));
}

static gboolean
on_fd_ready (int fd, GIOCondition condition, gpointer user_data)
{
  GTask *task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  int err = 0;
  socklen_t len = sizeof err;

  /* Completing the task must not destroy this source under us. */
  g_clear_pointer (&attempt->source, g_source_unref);
  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;
  if (getsockopt (fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
    err = errno;
  if (err != 0)
    return_errno (task, err, NULL);
  else
    g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

static void
vigil_tcp_checker_check_async (VigilChecker *checker, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  VigilTcpChecker *self = VIGIL_TCP_CHECKER (checker);
  const VigilConfChecker *conf = vigil_checker_get_conf (checker);
  g_autoptr(GTask) task = g_task_new (checker, cancellable, callback, user_data);
  Attempt *attempt = g_new0 (Attempt, 1);
  g_autoptr(GSource) cancel_source = NULL;

  g_task_set_source_tag (task, vigil_tcp_checker_check_async);
  attempt->fd = -1;
  g_task_set_task_data (task, attempt, (GDestroyNotify) attempt_free);
  if (!update_addresses (self))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "no address to connect to");
      return;
    }
  attempt->fd = socket (self->target.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (attempt->fd < 0)
    {
      return_errno (task, errno, "cannot open a socket");
      return;
    }
  if (conf->bind_if != NULL
      && setsockopt (attempt->fd, SOL_SOCKET, SO_BINDTODEVICE, conf->bind_if,
                     (socklen_t) strlen (conf->bind_if) + 1) < 0)
    {
      g_autofree char *what = g_strdup_printf ("cannot bind to interface %s", conf->bind_if);
      return_errno (task, errno, what);
      return;
    }
  if (self->local_len > 0)
    {
      int on = 1;
      (void) setsockopt (attempt->fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
      if (bind (attempt->fd, (struct sockaddr *) &self->local, self->local_len) < 0)
        {
          return_errno (task, errno, "cannot bind the source address");
          return;
        }
    }
  if (connect (attempt->fd, (struct sockaddr *) &self->target, self->target_len) == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (errno != EINPROGRESS)
    {
      return_errno (task, errno, NULL);
      return;
    }
  attempt->source = g_unix_fd_source_new (attempt->fd, G_IO_OUT);
  if (cancellable != NULL)
    {
      /* The attempt's source fires when the cancellable is cancelled. */
      cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_dummy_callback (cancel_source);
      g_source_add_child_source (attempt->source, cancel_source);
    }
  g_source_set_callback (attempt->source, G_SOURCE_FUNC (on_fd_ready), g_object_ref (task),
                         g_object_unref);
  g_source_attach (attempt->source, g_task_get_context (task));
}

static gboolean
vigil_tcp_checker_check_finish (VigilChecker *checker, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, checker), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
vigil_tcp_checker_class_init (VigilTcpCheckerClass *klass)
{
  VigilCheckerClass *checker_class = VIGIL_CHECKER_CLASS (klass);

  checker_class->check_async = vigil_tcp_checker_check_async;
  checker_class->check_finish = vigil_tcp_checker_check_finish;
}

static void
vigil_tcp_checker_init (VigilTcpChecker *self)
{
}
