/* agentx-probe.c - an AgentX Open without blocking (see agentx-probe.h) */
#define G_LOG_DOMAIN "vigil-snmp"

#include "snmp/agentx-probe.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <glib-unix.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* RFC 2741: the header, and the PDU types the probe uses. */
#define AGENTX_HEADER_LEN 20
#define AGENTX_VERSION 1
#define AGENTX_OPEN 1
#define AGENTX_CLOSE 2
#define AGENTX_RESPONSE 18
#define AGENTX_FLAG_NETWORK_BYTE_ORDER 0x10
#define AGENTX_CLOSE_SHUTDOWN 5
#define PROBE_DESCR "vigild AgentX probe"
/* A Response to an Open: sysUpTime, error, index (8 bytes), and no
 * varbinds; anything much longer is not an answer to us. */
#define RESPONSE_MIN_PAYLOAD 8
#define RESPONSE_MAX_PAYLOAD 256

typedef struct {
  netsnmp_transport *transport;
  GSource *io;
  GSource *timer;
  gulong cancelled_id;
  guint8 reply[AGENTX_HEADER_LEN + RESPONSE_MAX_PAYLOAD];
  gsize want;                      /* the header, then header + payload */
  gsize got;
} Probe;

static void
stop_sources (Probe *probe)
{
  if (probe->io != NULL)
    {
      g_source_destroy (probe->io);
      g_clear_pointer (&probe->io, g_source_unref);
    }
  if (probe->timer != NULL)
    {
      g_source_destroy (probe->timer);
      g_clear_pointer (&probe->timer, g_source_unref);
    }
}

static void
probe_free (Probe *probe)
{
  stop_sources (probe);
  if (probe->transport != NULL)
    {
      probe->transport->f_close (probe->transport);
      netsnmp_transport_free (probe->transport);
    }
  g_free (probe);
}

static void
put32 (guint8 *p, guint32 v)
{
  v = g_htonl (v);
  memcpy (p, &v, 4);
}

/* An Open-PDU: timeout, a null OID, a description. */
static gsize
build_open (guint8 *buf, gsize len)
{
  gsize descr_len = strlen (PROBE_DESCR);
  gsize padded = (descr_len + 3) & ~(gsize) 3;
  gsize payload = 4 + 4 + 4 + padded;

  g_assert (AGENTX_HEADER_LEN + payload <= len);
  memset (buf, 0, AGENTX_HEADER_LEN + payload);
  buf[0] = AGENTX_VERSION;
  buf[1] = AGENTX_OPEN;
  buf[2] = AGENTX_FLAG_NETWORK_BYTE_ORDER;
  put32 (buf + 12, 1);                               /* packetID */
  put32 (buf + 16, (guint32) payload);
  buf[AGENTX_HEADER_LEN] = 1;                        /* timeout (s) */
  /* then the null OID: 4 zero bytes */
  put32 (buf + AGENTX_HEADER_LEN + 8, (guint32) descr_len);
  memcpy (buf + AGENTX_HEADER_LEN + 12, PROBE_DESCR, descr_len);
  return AGENTX_HEADER_LEN + payload;
}

/* Say goodbye on the session the master just opened, best effort. */
static void
send_close (int fd, const guint8 *response)
{
  guint8 buf[AGENTX_HEADER_LEN + 4] = { 0 };

  buf[0] = AGENTX_VERSION;
  buf[1] = AGENTX_CLOSE;
  buf[2] = response[2] & AGENTX_FLAG_NETWORK_BYTE_ORDER;
  memcpy (buf + 4, response + 4, 4);                  /* sessionID, as given */
  buf[buf[2] != 0 ? 19 : 16] = 4;                    /* payload length 4 */
  buf[AGENTX_HEADER_LEN] = AGENTX_CLOSE_SHUTDOWN;
  (void) send (fd, buf, sizeof buf, MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* The probe's one reference to `task` is held while it waits; each
 * outcome stops the waiting first, so that exactly one returns. */
static void
settle (GTask *task)
{
  Probe *probe = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  stop_sources (probe);
  if (cancellable != NULL && probe->cancelled_id != 0)
    g_cancellable_disconnect (cancellable, probe->cancelled_id);
  probe->cancelled_id = 0;
}

static gboolean
on_timeout (gpointer user_data)
{
  GTask *task = user_data;

  settle (task);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           "the AgentX master accepted the connection but did not answer");
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled_idle (gpointer user_data)
{
  GTask *task = user_data;

  settle (task);
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable *cancellable, gpointer user_data)
{
  GTask *task = user_data;
  Probe *probe = g_task_get_task_data (task);

  /* Inside the emission the handler cannot disconnect itself: stop the
   * waiting now, return from an idle. */
  stop_sources (probe);
  g_idle_add (on_cancelled_idle, task);
}

static guint32
get32 (const guint8 *p, gboolean network_order)
{
  guint32 v;

  memcpy (&v, p, 4);
  return network_order ? g_ntohl (v) : GUINT32_FROM_LE (v);
}

static guint16
get16 (const guint8 *p, gboolean network_order)
{
  guint16 v;

  memcpy (&v, p, 2);
  return network_order ? g_ntohs (v) : GUINT16_FROM_LE (v);
}

/* The header is in: is it a Response of a plausible length? Sets how much
 * more to read; FALSE with `error` set if it is no answer to an Open. */
static gboolean
check_header (Probe *probe, GError **error)
{
  gboolean network_order = (probe->reply[2] & AGENTX_FLAG_NETWORK_BYTE_ORDER) != 0;
  guint32 payload = get32 (probe->reply + 16, network_order);

  if (probe->reply[0] != AGENTX_VERSION || probe->reply[1] != AGENTX_RESPONSE
      || payload < RESPONSE_MIN_PAYLOAD || payload > RESPONSE_MAX_PAYLOAD || payload % 4 != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the AgentX master answered with garbage (version %u, type %u, "
                   "%u bytes)", probe->reply[0], probe->reply[1], payload);
      return FALSE;
    }
  probe->want = AGENTX_HEADER_LEN + payload;
  return TRUE;
}

static gboolean
on_readable (int fd, GIOCondition condition, gpointer user_data)
{
  GTask *task = user_data;
  Probe *probe = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n = recv (fd, probe->reply + probe->got, probe->want - probe->got, MSG_DONTWAIT);

  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return G_SOURCE_CONTINUE;
  if (n <= 0)
    {
      int saved = errno;
      settle (task);
      g_task_return_new_error (task, G_IO_ERROR,
                               n == 0 ? G_IO_ERROR_CONNECTION_CLOSED
                                      : g_io_error_from_errno (saved),
                               "the AgentX master %s",
                               n == 0 ? "hung up" : g_strerror (saved));
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }
  probe->got += (gsize) n;
  if (probe->got == AGENTX_HEADER_LEN && probe->want == AGENTX_HEADER_LEN
      && !check_header (probe, &error))
    {
      settle (task);
      g_task_return_error (task, error);
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }
  if (probe->got < probe->want)
    return G_SOURCE_CONTINUE;
  settle (task);
  /* res.error, after res.sysUpTime: 0 is noAgentXError. */
  {
    gboolean network_order = (probe->reply[2] & AGENTX_FLAG_NETWORK_BYTE_ORDER) != 0;
    guint16 status = get16 (probe->reply + AGENTX_HEADER_LEN + 4, network_order);

    if (status != 0)
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                               "the AgentX master refused the session (error %u)", status);
    else
      {
        send_close (fd, probe->reply);
        g_task_return_boolean (task, TRUE);
      }
  }
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

void
vigil_agentx_probe_async (const char *spec, guint timeout_ms, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  Probe *probe;
  guint8 open_pdu[64];
  gsize len;
  int fd;

  g_return_if_fail (spec != NULL);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_agentx_probe_async);
  probe = g_new0 (Probe, 1);
  probe->want = AGENTX_HEADER_LEN;
  g_task_set_task_data (task, probe, (GDestroyNotify) probe_free);

  /* A local socket connects at once (or fails at once). */
  probe->transport = netsnmp_transport_open_client ("agentx", spec);
  if (probe->transport == NULL || probe->transport->sock < 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               "cannot connect to the AgentX master at %s", spec);
      return;
    }
  fd = probe->transport->sock;
  (void) fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) | O_NONBLOCK);
  len = build_open (open_pdu, sizeof open_pdu);
  if (send (fd, open_pdu, len, MSG_NOSIGNAL) != (gssize) len)
    {
      int saved = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               "cannot send to the AgentX master at %s: %s", spec,
                               g_strerror (saved));
      return;
    }
  /* The sources use the task without a reference: the one below is
   * dropped by whichever outcome comes first, after stopping the others. */
  probe->io = g_unix_fd_source_new (fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (probe->io, G_SOURCE_FUNC (on_readable), task, NULL);
  g_source_set_static_name (probe->io, "vigil-agentx-probe");
  g_source_attach (probe->io, g_main_context_get_thread_default ());
  probe->timer = g_timeout_source_new (timeout_ms);
  g_source_set_callback (probe->timer, on_timeout, task, NULL);
  g_source_attach (probe->timer, g_main_context_get_thread_default ());
  if (cancellable != NULL)
    probe->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled),
                                                 task, NULL);
  g_steal_pointer (&task);
}

gboolean
vigil_agentx_probe_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
