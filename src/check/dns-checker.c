/* dns-checker.c - VigilDnsChecker, keepalived's DNS_CHECK (see dns-checker.h)
 *
 * A connected UDP socket, so the kernel drops datagrams from anyone but
 * the server and reports an ICMP unreachable as an error on the next
 * receive. The socket is watched by one GSource for the attempt's
 * lifetime: writable first if the query could not leave at once, then
 * readable until the answer, an error, or the base's timeout cancels it.
 */
#define G_LOG_DOMAIN "vigil-check"

#include "check/dns-checker.h"
#include "check/checker-socket.h"
#include "check/dns-codec.h"
#include "i18n.h"

#define DNS_RECEIVE_BUFFER 1024    /* past the header and question nothing is read */
#define DNS_DATAGRAMS_PER_WAKE 64  /* then let the loop breathe */

struct _VigilDnsChecker
{
  VigilChecker parent_instance;
};

G_DEFINE_FINAL_TYPE (VigilDnsChecker, vigil_dns_checker, VIGIL_TYPE_CHECKER)

typedef struct {
  GSocket *socket;
  GSource *source;          /* the watch in place; holds a ref on the task */
  guint8 query[VIGIL_DNS_MAX_QUERY];
  gsize query_len;
  guint8 answer[DNS_RECEIVE_BUFFER];
  guint ignored;            /* datagrams that were not the answer */
} DnsAttempt;

static void
dns_attempt_free (DnsAttempt *attempt)
{
  if (attempt->source != NULL)
    {
      g_source_destroy (attempt->source);
      g_source_unref (attempt->source);
    }
  if (attempt->socket != NULL)
    g_socket_close (attempt->socket, NULL);
  g_clear_object (&attempt->socket);
  g_free (attempt);
}

/* Drop the watch (and with it its ref on the task) before completing. */
static void
stop_watching (GTask *task)
{
  DnsAttempt *attempt = g_task_get_task_data (task);

  if (attempt->source != NULL)
    {
      GSource *source = g_steal_pointer (&attempt->source);

      g_source_destroy (source);
      g_source_unref (source);
    }
}

static void
fail (GTask *task, GError *error)
{
  stop_watching (task);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, error);
  else
    {
      g_task_return_new_error (task, error->domain, error->code, "%s",
                               vigil_checker_socket_error_text (error));
      g_error_free (error);
    }
}

static void watch (GTask *task, GIOCondition condition);

/* The answer (a final verdict) is in. */
static void
answered (GTask *task, VigilDnsAnswerResult result, const VigilDnsAnswerInfo *info)
{
  VigilChecker *checker = g_task_get_source_object (task);
  DnsAttempt *attempt = g_task_get_task_data (task);
  const char *rcode_name = vigil_dns_rcode_to_string (info->rcode);

  stop_watching (task);
  g_debug ("%s: answer with rcode %u, ancount %u%s%s, after %u other datagrams",
           vigil_checker_get_label (checker), info->rcode, info->ancount,
           info->question_echoed ? "" : ", question not echoed",
           info->truncated ? ", truncated" : "", attempt->ignored);
  if (result == VIGIL_DNS_ANSWER_OK)
    g_task_return_boolean (task, TRUE);
  else if (rcode_name != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _("rcode %u (%s)"),
                             info->rcode, rcode_name);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _("rcode %u"), info->rcode);
}

static gboolean
on_readable (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  GTask *task = user_data;
  VigilChecker *checker = g_task_get_source_object (task);
  DnsAttempt *attempt = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      fail (task, error);
      return G_SOURCE_REMOVE;
    }
  for (guint i = 0; i < DNS_DATAGRAMS_PER_WAKE; i++)
    {
      VigilDnsAnswerInfo info;
      VigilDnsAnswerResult result;
      gssize n = g_socket_receive (socket, (char *) attempt->answer, sizeof attempt->answer,
                                   NULL, &error);

      if (n < 0)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            {
              g_error_free (error);
              return G_SOURCE_CONTINUE;
            }
          fail (task, error);
          return G_SOURCE_REMOVE;
        }
      result = vigil_dns_answer_check (attempt->query, attempt->query_len,
                                       attempt->answer, (gsize) n, &info);
      if (vigil_dns_answer_result_is_final (result))
        {
          answered (task, result, &info);
          return G_SOURCE_REMOVE;
        }
      attempt->ignored++;
      g_debug ("%s: ignoring a datagram of %" G_GSSIZE_FORMAT " bytes (%s)",
               vigil_checker_get_label (checker), n, vigil_dns_answer_result_to_string (result));
    }
  return G_SOURCE_CONTINUE;
}

/* Send the query; FALSE when the socket is not writable yet. */
static gboolean
send_query (GTask *task, GError **error)
{
  DnsAttempt *attempt = g_task_get_task_data (task);
  gssize n = g_socket_send (attempt->socket, (const char *) attempt->query,
                            attempt->query_len, NULL, error);

  if (n == (gssize) attempt->query_len)
    return TRUE;
  if (n >= 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("sent %u of %u bytes of the query"), (guint) n, (guint) attempt->query_len);
  return FALSE;
}

static gboolean
on_writable (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      fail (task, error);
      return G_SOURCE_REMOVE;
    }
  if (!send_query (task, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_error_free (error);
          return G_SOURCE_CONTINUE;
        }
      fail (task, error);
      return G_SOURCE_REMOVE;
    }
  watch (task, G_IO_IN);
  return G_SOURCE_REMOVE;
}

/* Replace the watch on the socket by one for `condition`. */
static void
watch (GTask *task, GIOCondition condition)
{
  DnsAttempt *attempt = g_task_get_task_data (task);
  GSource *source = g_socket_create_source (attempt->socket, condition,
                                            g_task_get_cancellable (task));

  stop_watching (task);
  g_source_set_callback (source,
                         condition == G_IO_IN ? G_SOURCE_FUNC (on_readable)
                                              : G_SOURCE_FUNC (on_writable),
                         g_object_ref (task), g_object_unref);
  g_source_attach (source, g_task_get_context (task));
  attempt->source = source;
}

static void
vigil_dns_checker_check_async (VigilChecker *checker, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (checker, cancellable, callback, user_data);
  const VigilConfChecker *conf = vigil_checker_get_conf (checker);
  const char *type_name = conf->dns_type != NULL ? conf->dns_type : "SOA";
  guint16 type = vigil_dns_type_from_string (type_name);
  g_autoptr(GInetSocketAddress) address = NULL;
  DnsAttempt *attempt;
  GError *error = NULL;

  g_task_set_source_tag (task, vigil_dns_checker_check_async);
  if (type == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("unknown DNS type '%s'"), type_name);
      return;
    }
  attempt = g_new0 (DnsAttempt, 1);
  g_task_set_task_data (task, attempt, (GDestroyNotify) dns_attempt_free);
  attempt->query_len = vigil_dns_query_build ((guint16) g_random_int_range (0, 0x10000),
                                              conf->dns_name != NULL ? conf->dns_name : ".",
                                              type, attempt->query, sizeof attempt->query,
                                              &error);
  if (attempt->query_len == 0)
    {
      g_task_return_error (task, error);
      return;
    }
  attempt->socket = vigil_checker_socket_open (checker, G_SOCKET_TYPE_DATAGRAM,
                                               G_SOCKET_PROTOCOL_UDP, &address, &error);
  if (attempt->socket == NULL
      || !g_socket_connect (attempt->socket, G_SOCKET_ADDRESS (address), cancellable, &error))
    {
      fail (task, error);
      return;
    }
  if (send_query (task, &error))
    watch (task, G_IO_IN);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    {
      g_clear_error (&error);
      watch (task, G_IO_OUT);
    }
  else
    fail (task, error);
}

static gboolean
vigil_dns_checker_check_finish (VigilChecker *checker, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, checker), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
vigil_dns_checker_class_init (VigilDnsCheckerClass *klass)
{
  VigilCheckerClass *checker_class = VIGIL_CHECKER_CLASS (klass);

  checker_class->check_async = vigil_dns_checker_check_async;
  checker_class->check_finish = vigil_dns_checker_check_finish;
}

static void
vigil_dns_checker_init (VigilDnsChecker *self)
{
}
