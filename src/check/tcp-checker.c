/* tcp-checker.c - VigilTcpChecker, keepalived's TCP_CHECK
 *
 * The connect is done on a non-blocking GSocket watched by a socket
 * GSource rather than through GSocketClient: for an IP literal
 * GSocketClient adds an address enumerator, a proxy lookup and several
 * idle dispatches per attempt, which is most of the CPU a check costs
 * when thousands of real servers are watched every second. Binding
 * (bindto, bind_port) and SO_BINDTODEVICE (bind_if) happen on the
 * socket before the connect.
 */
#define G_LOG_DOMAIN "vigil-check"

#include "check/tcp-checker.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

struct _VigilTcpChecker
{
  VigilChecker parent_instance;
};

G_DEFINE_FINAL_TYPE (VigilTcpChecker, vigil_tcp_checker, VIGIL_TYPE_CHECKER)

/* A short reason for a failed connect, as the checker logs it. */
static void
return_connect_error (GTask *task, GError *error)
{
  const char *why = NULL;

  if (error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_CONNECTION_REFUSED: why = "connection refused"; break;
      case G_IO_ERROR_HOST_UNREACHABLE: why = "host unreachable"; break;
      case G_IO_ERROR_NETWORK_UNREACHABLE: why = "network unreachable"; break;
      case G_IO_ERROR_TIMED_OUT: why = "connection timed out"; break;
      case G_IO_ERROR_CANCELLED:
        /* The base cancels on timeout and stop; it says which. */
        g_task_return_error (task, error);
        return;
      default: break;
      }
  if (why != NULL)
    {
      g_task_return_new_error (task, error->domain, error->code, "%s", why);
      g_error_free (error);
    }
  else
    g_task_return_error (task, error);
}

static gboolean
on_socket_ready (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error)
      || !g_socket_check_connect_result (socket, &error))
    return_connect_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_socket_close (socket, NULL);
  return G_SOURCE_REMOVE;
}

/* SO_BINDTODEVICE, as keepalived does for bind_if. */
static gboolean
bind_to_device (GSocket *socket, const char *ifname, GError **error)
{
  if (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_BINDTODEVICE, ifname,
                  (socklen_t) strlen (ifname) + 1) == 0)
    return TRUE;
  {
    int saved = errno;
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                 "cannot bind to interface %s: %s", ifname, g_strerror (saved));
  }
  return FALSE;
}

static void
vigil_tcp_checker_check_async (VigilChecker *checker, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (checker, cancellable, callback, user_data);
  g_autoptr(GInetSocketAddress) target = vigil_checker_dup_connect_address (checker);
  g_autoptr(GInetSocketAddress) local = vigil_checker_dup_bind_address (checker);
  const VigilConfChecker *conf = vigil_checker_get_conf (checker);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSource) source = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, vigil_tcp_checker_check_async);
  if (target == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "no address to connect to");
      return;
    }
  socket = g_socket_new (g_socket_address_get_family (G_SOCKET_ADDRESS (target)),
                         G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  if (socket == NULL
      || (conf->bind_if != NULL && !bind_to_device (socket, conf->bind_if, &error))
      || (local != NULL && !g_socket_bind (socket, G_SOCKET_ADDRESS (local), TRUE, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  g_socket_set_blocking (socket, FALSE);
  if (g_socket_connect (socket, G_SOCKET_ADDRESS (target), NULL, &error))
    {
      g_socket_close (socket, NULL);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
    {
      return_connect_error (task, error);
      return;
    }
  g_clear_error (&error);
  source = g_socket_create_source (socket, G_IO_OUT, cancellable);
  /* The source holds the socket; the task is its data. */
  g_source_set_callback (source, G_SOURCE_FUNC (on_socket_ready), g_object_ref (task),
                         g_object_unref);
  g_source_attach (source, g_task_get_context (task));
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
