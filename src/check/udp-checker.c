/* udp-checker.c - VigilUdpChecker, keepalived's UDP_CHECK (see udp-checker.h)
 *
 * An attempt holds two GSources: the socket watch (a reply, or the
 * error an ICMP unreachable leaves on the connected socket: Linux
 * reports port unreachable as ECONNREFUSED to a connected UDP socket
 * without IP_RECVERR) and the listening window of connect_timeout.
 * Whichever fires first decides; both are dropped before completing.
 */
#define G_LOG_DOMAIN "vigil-check"

#include "check/udp-checker.h"
#include "check/checker-socket.h"
#include "i18n.h"

#include <string.h>
#include <sys/socket.h>

/* The base's timeout, past our own window, only catches a stuck attempt. */
#define UDP_TIMEOUT_GRACE (1 * G_USEC_PER_SEC)

struct _VigilUdpChecker
{
  VigilChecker parent_instance;
};

G_DEFINE_FINAL_TYPE (VigilUdpChecker, vigil_udp_checker, VIGIL_TYPE_CHECKER)

typedef struct {
  GSocket *socket;
  GSource *watch;           /* readable; holds a ref on the task */
  GSource *window;          /* connect_timeout; holds a ref on the task */
  guint8 *reply;            /* max_reply_length + 1 bytes: a longer reply shows */
  gsize reply_size;
} UdpAttempt;

static void
drop_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
udp_attempt_free (UdpAttempt *attempt)
{
  drop_source (&attempt->watch);
  drop_source (&attempt->window);
  if (attempt->socket != NULL)
    g_socket_close (attempt->socket, NULL);
  g_clear_object (&attempt->socket);
  g_free (attempt->reply);
  g_free (attempt);
}

/* Drop both sources (and their refs on the task) before completing. */
static void
stop_listening (GTask *task)
{
  UdpAttempt *attempt = g_task_get_task_data (task);

  drop_source (&attempt->watch);
  drop_source (&attempt->window);
}

static void
fail (GTask *task, GError *error)
{
  stop_listening (task);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, error);
  else
    {
      g_task_return_new_error (task, error->domain, error->code, "%s",
                               vigil_checker_socket_error_text (error));
      g_error_free (error);
    }
}

static void
pass (GTask *task)
{
  stop_listening (task);
  g_task_return_boolean (task, TRUE);
}

gboolean
vigil_udp_checker_reply_matches (const VigilConfChecker *conf, const guint8 *reply, gsize len,
                                 gsize available, GError **error)
{
  const guint8 *data, *mask = NULL;
  gsize data_len, mask_len = 0, compared;

  g_return_val_if_fail (conf != NULL, FALSE);
  g_return_val_if_fail (reply != NULL || available == 0, FALSE);

  /* keepalived checks the lengths only together with the bytes */
  if (conf->reply_data == NULL)
    return TRUE;
  if (len < conf->min_reply_length || len > conf->max_reply_length)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("reply of %u bytes, expected %u to %u"),
                   (guint) MIN (len, G_MAXUINT), conf->min_reply_length, conf->max_reply_length);
      return FALSE;
    }
  data = g_bytes_get_data (conf->reply_data, &data_len);
  if (conf->reply_mask != NULL)
    mask = g_bytes_get_data (conf->reply_mask, &mask_len);
  /* the bytes both have, as keepalived compares */
  compared = MIN (MIN (len, available), data_len);
  for (gsize i = 0; i < compared; i++)
    {
      guint8 significant = i < mask_len ? mask[i] : 0xff;

      if (((reply[i] ^ data[i]) & significant) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("reply differs at byte %u: %02x, expected %02x"),
                       (guint) i, reply[i], data[i] & significant);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
on_readable (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  GTask *task = user_data;
  UdpAttempt *attempt = g_task_get_task_data (task);
  const VigilConfChecker *conf = vigil_checker_get_conf (g_task_get_source_object (task));
  GInputVector vector = { attempt->reply, attempt->reply_size };
  GError *error = NULL;
  int flags;
  gssize n;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      fail (task, error);
      return G_SOURCE_REMOVE;
    }
  /* MSG_TRUNC: n is the datagram's length even when the buffer holds less */
  flags = MSG_TRUNC;
  n = g_socket_receive_message (socket, NULL, &vector, 1, NULL, NULL, &flags, NULL, &error);
  if (n < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_error_free (error);
          return G_SOURCE_CONTINUE;
        }
      fail (task, error);      /* "connection refused": ICMP port unreachable */
      return G_SOURCE_REMOVE;
    }
  /* Without require_reply any reply passes, as in keepalived. */
  if (conf->require_reply
      && !vigil_udp_checker_reply_matches (conf, attempt->reply, (gsize) n, attempt->reply_size,
                                           &error))
    {
      stop_listening (task);
      g_task_return_error (task, error);
      return G_SOURCE_REMOVE;
    }
  pass (task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_window_closed (gpointer user_data)
{
  GTask *task = user_data;
  const VigilConfChecker *conf = vigil_checker_get_conf (g_task_get_source_object (task));

  if (!conf->require_reply)
    {
      pass (task);              /* no ICMP error within the window */
      return G_SOURCE_REMOVE;
    }
  stop_listening (task);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, _("no reply within %.3g s"),
                           conf->connect_timeout / 1e6);
  return G_SOURCE_REMOVE;
}

static void
vigil_udp_checker_check_async (VigilChecker *checker, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (checker, cancellable, callback, user_data);
  const VigilConfChecker *conf = vigil_checker_get_conf (checker);
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(GBytes) random_payload = NULL;
  GBytes *payload = conf->payload;
  const guint8 *bytes;
  gsize len;
  UdpAttempt *attempt;
  GError *error = NULL;
  gssize sent;

  g_task_set_source_tag (task, vigil_udp_checker_check_async);
  attempt = g_new0 (UdpAttempt, 1);
  g_task_set_task_data (task, attempt, (GDestroyNotify) udp_attempt_free);
  attempt->reply_size = (gsize) conf->max_reply_length + 1;
  attempt->reply = g_malloc (attempt->reply_size);

  if (payload == NULL)
    {
      guint8 *random = g_malloc (VIGIL_UDP_DEFAULT_PAYLOAD_LEN);

      for (gsize i = 0; i < VIGIL_UDP_DEFAULT_PAYLOAD_LEN; i++)
        random[i] = (guint8) g_random_int_range (0, 256);
      payload = random_payload = g_bytes_new_take (random, VIGIL_UDP_DEFAULT_PAYLOAD_LEN);
    }
  bytes = g_bytes_get_data (payload, &len);

  attempt->socket = vigil_checker_socket_open (checker, G_SOCKET_TYPE_DATAGRAM,
                                               G_SOCKET_PROTOCOL_UDP, &address, &error);
  if (attempt->socket == NULL
      || !g_socket_connect (attempt->socket, G_SOCKET_ADDRESS (address), cancellable, &error))
    {
      fail (task, error);
      return;
    }
  /* A fresh UDP socket has its whole send buffer: one datagram leaves at once. */
  sent = g_socket_send (attempt->socket, (const char *) bytes, len, cancellable, &error);
  if (sent < 0)
    {
      fail (task, error);
      return;
    }
  if ((gsize) sent != len)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("sent %u of %u bytes"), (guint) sent, (guint) len);
      return;
    }

  attempt->watch = g_socket_create_source (attempt->socket, G_IO_IN, cancellable);
  g_source_set_callback (attempt->watch, G_SOURCE_FUNC (on_readable), g_object_ref (task),
                         g_object_unref);
  g_source_attach (attempt->watch, g_task_get_context (task));

  attempt->window = g_timeout_source_new ((guint) MAX (conf->connect_timeout / 1000, 1));
  g_source_set_callback (attempt->window, on_window_closed, g_object_ref (task), g_object_unref);
  g_source_attach (attempt->window, g_task_get_context (task));
}

static gboolean
vigil_udp_checker_check_finish (VigilChecker *checker, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, checker), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gint64
vigil_udp_checker_get_timeout (VigilChecker *checker)
{
  return vigil_checker_get_conf (checker)->connect_timeout + UDP_TIMEOUT_GRACE;
}

static void
vigil_udp_checker_class_init (VigilUdpCheckerClass *klass)
{
  VigilCheckerClass *checker_class = VIGIL_CHECKER_CLASS (klass);

  checker_class->check_async = vigil_udp_checker_check_async;
  checker_class->check_finish = vigil_udp_checker_check_finish;
  checker_class->get_timeout = vigil_udp_checker_get_timeout;
}

static void
vigil_udp_checker_init (VigilUdpChecker *self)
{
}
