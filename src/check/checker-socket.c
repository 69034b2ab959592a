/* checker-socket.c - the socket of one checker attempt (see checker-socket.h) */
#define G_LOG_DOMAIN "vigil-check"

#include "check/checker-socket.h"
#include "i18n.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

static gboolean
set_socket_option (GSocket *socket, int option, const void *value, socklen_t len,
                   const char *what, GError **error)
{
  int saved;

  if (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, option, value, len) == 0)
    return TRUE;
  saved = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", what,
               g_strerror (saved));
  return FALSE;
}

GSocket *
vigil_checker_socket_open (VigilChecker *checker, GSocketType type, GSocketProtocol protocol,
                           GInetSocketAddress **connect_address, GError **error)
{
  const VigilConfChecker *conf;
  g_autoptr(GInetSocketAddress) target = NULL;
  g_autoptr(GInetSocketAddress) local = NULL;
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (VIGIL_IS_CHECKER (checker), NULL);
  g_return_val_if_fail (connect_address != NULL, NULL);

  conf = vigil_checker_get_conf (checker);
  target = vigil_checker_dup_connect_address (checker);
  if (target == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("no address to connect to"));
      return NULL;
    }
  socket = g_socket_new (g_socket_address_get_family (G_SOCKET_ADDRESS (target)),
                         type, protocol, error);
  if (socket == NULL)
    return NULL;
  if (conf->bind_if != NULL)
    {
      g_autofree char *what = g_strdup_printf (_("cannot bind to interface %s"), conf->bind_if);

      if (!set_socket_option (socket, SO_BINDTODEVICE, conf->bind_if,
                              (socklen_t) strlen (conf->bind_if) + 1, what, error))
        return NULL;
    }
  if (conf->fwmark != 0)
    {
      g_autofree char *what = g_strdup_printf (_("cannot set fwmark %u"), conf->fwmark);

      if (!set_socket_option (socket, SO_MARK, &conf->fwmark, sizeof conf->fwmark, what, error))
        return NULL;
    }
  local = vigil_checker_dup_bind_address (checker);
  if (local != NULL && !g_socket_bind (socket, G_SOCKET_ADDRESS (local), TRUE, error))
    return NULL;
  g_socket_set_blocking (socket, FALSE);
  *connect_address = g_steal_pointer (&target);
  return g_steal_pointer (&socket);
}

const char *
vigil_checker_socket_error_text (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_CONNECTION_REFUSED: return _("connection refused");
      case G_IO_ERROR_HOST_UNREACHABLE: return _("host unreachable");
      case G_IO_ERROR_NETWORK_UNREACHABLE: return _("network unreachable");
      case G_IO_ERROR_TIMED_OUT: return _("connection timed out");
      case G_IO_ERROR_CONNECTION_CLOSED: return _("connection closed by the server"); /* = BROKEN_PIPE */
      default: break;
      }
  return error->message;
}
