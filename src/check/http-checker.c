/* http-checker.c - VigilHttpChecker: HTTP_GET and SSL_GET (see http-checker.h)
 *
 * One attempt, per url:
 *   connect (checker-socket.h) ─► [TLS handshake] ─► write the GET ─► read
 *   into the bounded parser until it is done ─► status, digest, regex
 * then the next url on a new connection. Every step is async on the
 * attempt's GCancellable, which the base cancels on timeout and stop.
 */
#define G_LOG_DOMAIN "vigil-check"

#include "check/http-checker.h"
#include "check/checker-socket.h"
#include "check/http-request.h"
#include "check/http-response.h"
#include "i18n.h"

#include <string.h>

#define READ_BUFFER_SIZE 16384

/* A url's regex, compiled once; recompiled if a reload changed it. */
typedef struct {
  char *pattern;
  char *options;
  GRegex *regex;
  char *error;               /* why it does not compile, or NULL */
} CompiledRegex;

struct _VigilHttpChecker
{
  VigilChecker parent_instance;

  GPtrArray *regexes;        /* CompiledRegex*, by url index (NULL: none yet) */
  /* TLS material from the global SSL block, loaded at first use */
  char *ca_path;
  GTlsDatabase *database;
  char *cert_path;
  char *key_path;
  GTlsCertificate *certificate;
  char *tls_load_error;
};

G_DEFINE_FINAL_TYPE (VigilHttpChecker, vigil_http_checker, VIGIL_TYPE_CHECKER)

/* The state of one attempt (the GTask's data). */
typedef struct {
  VigilHttpChecker *self;    /* borrowed: the task holds a reference */
  guint url_index;
  const VigilConfUrl *url;
  GSocketConnection *connection;
  GIOStream *stream;         /* the connection, or the TLS connection over it */
  VigilHttpResponse *response;
  GChecksum *md5;            /* with a digest */
  GByteArray *body;          /* with a regex */
  char *request;
  GTlsCertificateFlags tls_errors;
  guint8 buffer[READ_BUFFER_SIZE];
} Attempt;

static void start_url (GTask *task);

static gboolean
is_tls (VigilHttpChecker *self)
{
  return vigil_checker_get_conf (VIGIL_CHECKER (self))->type == VIGIL_CONF_CHECKER_SSL;
}

static const VigilConfSsl *
ssl_block (VigilHttpChecker *self)
{
  const VigilConfig *config = vigil_checker_get_target (VIGIL_CHECKER (self))->config;

  return config != NULL ? config->ssl : NULL;
}

static void
close_connection (Attempt *attempt)
{
  /* Closing the socket itself is immediate (no TLS close_notify to wait
   * for); the streams above it go with their last reference. */
  if (attempt->connection != NULL)
    g_socket_close (g_socket_connection_get_socket (attempt->connection), NULL);
  g_clear_object (&attempt->stream);
  g_clear_object (&attempt->connection);
}

static void
reset_url_state (Attempt *attempt)
{
  close_connection (attempt);
  g_clear_pointer (&attempt->response, vigil_http_response_free);
  g_clear_pointer (&attempt->md5, g_checksum_free);
  g_clear_pointer (&attempt->body, g_byte_array_unref);
  g_clear_pointer (&attempt->request, g_free);
  attempt->tls_errors = 0;
}

static void
attempt_free (gpointer data)
{
  Attempt *attempt = data;

  reset_url_state (attempt);
  g_free (attempt);
}

/* Fail the attempt: "url PATH: why". */
static void
fail_url (GTask *task, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
fail_url (GTask *task, const char *format, ...)
{
  Attempt *attempt = g_task_get_task_data (task);
  g_autofree char *why = NULL;
  va_list args;

  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);
  reset_url_state (attempt);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _("url %s: %s"),
                           attempt->url->path, why);
  g_object_unref (task);
}

/* A cancelled step: the base reports the timeout (or nothing, on stop). */
static gboolean
return_if_cancelled (GTask *task, const GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  reset_url_state (g_task_get_task_data (task));
  g_task_return_error (task, g_error_copy (error));
  g_object_unref (task);
  return TRUE;
}

/* ---- status, digest, regex ---- */

char *
vigil_http_checker_format_status_ranges (const VigilConfUrl *url)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (url != NULL, NULL);
  for (guint i = 0; url->status_ranges != NULL && i + 1 < url->status_ranges->len; i += 2)
    {
      guint first = g_array_index (url->status_ranges, guint, i);
      guint last = g_array_index (url->status_ranges, guint, i + 1);

      if (text->len > 0)
        g_string_append_c (text, ',');
      if (first == last)
        g_string_append_printf (text, "%u", first);
      else
        g_string_append_printf (text, "%u-%u", first, last);
    }
  if (text->len == 0)
    g_string_append (text, "200-299");
  return g_string_free (text, FALSE);
}

static gboolean
status_accepted (const VigilConfUrl *url, guint status)
{
  if (url->status_ranges == NULL || url->status_ranges->len == 0)
    return status >= 200 && status <= 299;
  for (guint i = 0; i + 1 < url->status_ranges->len; i += 2)
    if (status >= g_array_index (url->status_ranges, guint, i)
        && status <= g_array_index (url->status_ranges, guint, i + 1))
      return TRUE;
  return FALSE;
}

static void
compiled_regex_free (gpointer data)
{
  CompiledRegex *compiled = data;

  if (compiled == NULL)
    return;
  g_free (compiled->pattern);
  g_free (compiled->options);
  g_clear_pointer (&compiled->regex, g_regex_unref);
  g_free (compiled->error);
  g_free (compiled);
}

/* keepalived's regex_options (PCRE2 flags) as GRegex flags or pattern
 * verbs; the few GRegex cannot express are logged and ignored. */
static CompiledRegex *
compile_regex (VigilHttpChecker *self, const VigilConfUrl *url)
{
  static const struct { const char *name; GRegexCompileFlags flag; const char *verb; } map[] = {
    { "caseless", G_REGEX_CASELESS, NULL },
    { "multiline", G_REGEX_MULTILINE, NULL },
    { "dotall", G_REGEX_DOTALL, NULL },
    { "extended", G_REGEX_EXTENDED, NULL },
    { "ungreedy", G_REGEX_UNGREEDY, NULL },
    { "dollar_endonly", G_REGEX_DOLLAR_ENDONLY, NULL },
    { "firstline", G_REGEX_FIRSTLINE, NULL },
    { "dupnames", G_REGEX_DUPNAMES, NULL },
    { "no_auto_capture", G_REGEX_NO_AUTO_CAPTURE, NULL },
    { "never_utf", 0, NULL },
    { "ucp", 0, "(*UCP)" },
    { "no_auto_possess", 0, "(*NO_AUTO_POSSESS)" },
    { "no_start_optimize", 0, "(*NO_START_OPT)" },
    { "no_dotstar_anchor", 0, "(*NO_DOTSTAR_ANCHOR)" },
  };
  CompiledRegex *compiled = g_new0 (CompiledRegex, 1);
  g_auto(GStrv) options = g_strsplit (url->regex_options ? url->regex_options : "", " ", -1);
  GRegexCompileFlags flags = G_REGEX_RAW;   /* bytes, as keepalived without `utf` */
  GString *pattern = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  compiled->pattern = g_strdup (url->regex);
  compiled->options = g_strdup (url->regex_options);
  for (guint i = 0; options[i] != NULL; i++)
    {
      gboolean known = FALSE;

      if (options[i][0] == '\0')
        continue;
      if (strcmp (options[i], "utf") == 0)
        {
          flags &= ~G_REGEX_RAW;
          continue;
        }
      for (gsize m = 0; m < G_N_ELEMENTS (map) && !known; m++)
        if (strcmp (options[i], map[m].name) == 0)
          {
            known = TRUE;
            flags |= map[m].flag;
            if (map[m].verb != NULL)
              g_string_append (pattern, map[m].verb);
          }
      if (!known)
        g_warning (_("%s url %s: regex option '%s' is not supported by vigil's regex engine "
                     "and is ignored"),
                   vigil_checker_get_label (VIGIL_CHECKER (self)), url->path, options[i]);
    }
  g_string_append (pattern, url->regex);
  compiled->regex = g_regex_new (pattern->str, flags | G_REGEX_OPTIMIZE, 0, &error);
  if (compiled->regex == NULL)
    {
      compiled->error = g_strdup_printf (_("invalid regex '%s': %s"), url->regex, error->message);
      g_warning ("%s url %s: %s", vigil_checker_get_label (VIGIL_CHECKER (self)), url->path,
                 compiled->error);
    }
  g_string_free (pattern, TRUE);
  return compiled;
}

static CompiledRegex *
regex_for (VigilHttpChecker *self, guint index, const VigilConfUrl *url)
{
  CompiledRegex *compiled;

  if (self->regexes->len <= index)
    g_ptr_array_set_size (self->regexes, (gint) index + 1);
  compiled = g_ptr_array_index (self->regexes, index);
  if (compiled == NULL || g_strcmp0 (compiled->pattern, url->regex) != 0
      || g_strcmp0 (compiled->options, url->regex_options) != 0)
    {
      compiled_regex_free (compiled);
      compiled = compile_regex (self, url);
      g_ptr_array_index (self->regexes, index) = compiled;
    }
  return compiled;
}

/* Whether the body matches (as keepalived: the search starts at
 * regex_min_offset, a match must start at or before regex_max_offset). */
static gboolean
body_matches (const CompiledRegex *compiled, const VigilConfUrl *url, const GByteArray *body,
              GError **error)
{
  g_autoptr(GMatchInfo) info = NULL;
  const char *text = body->len > 0 ? (const char *) body->data : "";
  int start = -1, end = -1;

  if (url->regex_min_offset > body->len)
    return FALSE;
  if (!g_regex_match_full (compiled->regex, text, (gssize) body->len,
                           (gint) url->regex_min_offset, 0, &info, error))
    return FALSE;
  g_match_info_fetch_pos (info, 0, &start, &end);
  return url->regex_max_offset == 0 || (guint) start <= url->regex_max_offset;
}

static void
url_response_done (GTask *task)
{
  Attempt *attempt = g_task_get_task_data (task);
  const VigilConfUrl *url = attempt->url;
  guint status = vigil_http_response_get_status (attempt->response);

  if (!status_accepted (url, status))
    {
      g_autofree char *ranges = vigil_http_checker_format_status_ranges (url);

      fail_url (task, _("status %u not in %s"), status, ranges);
      return;
    }
  if (attempt->md5 != NULL)
    {
      const char *got = g_checksum_get_string (attempt->md5);

      if (g_ascii_strcasecmp (got, url->digest) != 0)
        {
          fail_url (task, _("digest mismatch: got %s, expected %s"), got, url->digest);
          return;
        }
    }
  if (attempt->body != NULL)
    {
      CompiledRegex *compiled = regex_for (attempt->self, attempt->url_index, url);
      g_autoptr(GError) error = NULL;
      gboolean matched;

      if (compiled->regex == NULL)
        {
          fail_url (task, "%s", compiled->error);
          return;
        }
      matched = body_matches (compiled, url, attempt->body, &error);
      if (error != NULL)
        {
          fail_url (task, _("regex '%s' could not be matched: %s"), url->regex, error->message);
          return;
        }
      if (matched == url->regex_no_match)
        {
          fail_url (task, matched ? _("body matches regex '%s' (regex_no_match)")
                                  : _("body does not match regex '%s'"), url->regex);
          return;
        }
    }

  g_debug ("%s url %s: status %u, passed", vigil_checker_get_label (VIGIL_CHECKER (attempt->self)),
           url->path, status);
  reset_url_state (attempt);
  attempt->url_index++;
  start_url (task);
}

/* ---- reading ---- */

static void
on_body_bytes (const guint8 *data, gsize len, gpointer user_data)
{
  Attempt *attempt = user_data;

  if (attempt->md5 != NULL)
    g_checksum_update (attempt->md5, data, (gssize) len);
  if (attempt->body != NULL)
    g_byte_array_append (attempt->body, data, (guint) len);
}

static void on_read (GObject *source, GAsyncResult *result, gpointer user_data);

static void
read_more (GTask *task)
{
  Attempt *attempt = g_task_get_task_data (task);

  g_input_stream_read_async (g_io_stream_get_input_stream (attempt->stream),
                             attempt->buffer, sizeof attempt->buffer, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), on_read, task);
}

static void
on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  VigilHttpParseResult parsed;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (n < 0)
    {
      if (!return_if_cancelled (task, error))
        fail_url (task, _("reading the response: %s"), error->message);
      return;
    }
  if (n == 0)
    parsed = vigil_http_response_feed_eof (attempt->response, &error);
  else
    parsed = vigil_http_response_feed (attempt->response, attempt->buffer, (gsize) n, NULL,
                                       &error);
  switch (parsed)
    {
    case VIGIL_HTTP_PARSE_MORE:
      read_more (task);
      break;
    case VIGIL_HTTP_PARSE_DONE:
      url_response_done (task);
      break;
    case VIGIL_HTTP_PARSE_ERROR:
      fail_url (task, "%s", error->message);
      break;
    }
}

/* ---- writing the request ---- */

static void
on_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (!return_if_cancelled (task, error))
        fail_url (task, _("sending the request: %s"), error->message);
      return;
    }
  read_more (task);
}

static void
send_request (GTask *task)
{
  Attempt *attempt = g_task_get_task_data (task);

  g_output_stream_write_all_async (g_io_stream_get_output_stream (attempt->stream),
                                   attempt->request, strlen (attempt->request),
                                   G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   on_written, task);
}

/* ---- TLS ---- */

static char *
describe_certificate_errors (GTlsCertificateFlags errors)
{
  static const struct { GTlsCertificateFlags flag; const char *text; } names[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, N_("not signed by the configured ca") },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, N_("does not name the virtualhost") },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, N_("not yet valid") },
    { G_TLS_CERTIFICATE_EXPIRED, N_("expired") },
    { G_TLS_CERTIFICATE_REVOKED, N_("revoked") },
    { G_TLS_CERTIFICATE_INSECURE, N_("insecure algorithm") },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, N_("invalid") },
  };
  GString *text = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (errors & names[i].flag)
      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", _(names[i].text));
  return g_string_free (text, FALSE);
}

static gboolean
on_accept_certificate (GTlsConnection *connection, GTlsCertificate *peer,
                       GTlsCertificateFlags errors, gpointer user_data)
{
  GTask *task = user_data;
  Attempt *attempt = g_task_get_task_data (task);

  attempt->tls_errors = errors;
  /* Without a ca, keepalived accepts any certificate. With one, the
   * identity is checked after the handshake (also without SNI). */
  if (attempt->self->database == NULL)
    return TRUE;
  return (errors & ~G_TLS_CERTIFICATE_BAD_IDENTITY) == 0;
}

static void
on_handshake (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  VigilHttpChecker *self = attempt->self;
  g_autoptr(GError) error = NULL;
  const char *vhost;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    {
      if (return_if_cancelled (task, error))
        return;
      if (self->database != NULL && (attempt->tls_errors & ~G_TLS_CERTIFICATE_BAD_IDENTITY))
        {
          g_autofree char *why = describe_certificate_errors (attempt->tls_errors
                                                              & ~G_TLS_CERTIFICATE_BAD_IDENTITY);
          fail_url (task, _("server certificate refused: %s"), why);
        }
      else
        fail_url (task, _("TLS handshake failed: %s"), error->message);
      return;
    }

  vhost = vigil_http_request_virtualhost (vigil_checker_get_conf (VIGIL_CHECKER (self)),
                                          attempt->url);
  if (self->database != NULL && vhost != NULL)
    {
      GTlsCertificate *peer = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (source));
      g_autoptr(GSocketConnectable) identity = g_network_address_new (vhost, 0);

      if (peer == NULL
          || (g_tls_certificate_verify (peer, identity, NULL) & G_TLS_CERTIFICATE_BAD_IDENTITY))
        {
          fail_url (task, _("server certificate refused: it does not name %s"), vhost);
          return;
        }
    }
  send_request (task);
}

/* Load the SSL block's ca, certificate and key: once, again if a reload
 * changed the paths, and at every attempt while they fail to load (so a
 * fixed file is picked up). */
static gboolean
load_tls_material (VigilHttpChecker *self, GError **error)
{
  const VigilConfSsl *ssl = ssl_block (self);
  const char *ca = ssl ? ssl->ca : NULL;
  const char *cert = ssl ? ssl->certificate : NULL;
  const char *key = ssl && ssl->key ? ssl->key : cert;

  if (g_strcmp0 (ca, self->ca_path) != 0 || g_strcmp0 (cert, self->cert_path) != 0
      || g_strcmp0 (key, self->key_path) != 0 || self->tls_load_error != NULL)
    {
      g_autoptr(GError) local = NULL;

      g_clear_object (&self->database);
      g_clear_object (&self->certificate);
      g_clear_pointer (&self->tls_load_error, g_free);
      g_free (self->ca_path);
      g_free (self->cert_path);
      g_free (self->key_path);
      self->ca_path = g_strdup (ca);
      self->cert_path = g_strdup (cert);
      self->key_path = g_strdup (key);
      if (ca != NULL && (self->database = g_tls_file_database_new (ca, &local)) == NULL)
        self->tls_load_error = g_strdup_printf (_("SSL ca %s: %s"), ca, local->message);
      if (self->tls_load_error == NULL && cert != NULL)
        {
          if (ssl->password != NULL)
            /* a PKCS #12 bundle with its password */
            self->certificate = g_tls_certificate_new_from_file_with_password (cert, ssl->password,
                                                                               NULL);
          if (self->certificate == NULL
              && (self->certificate = g_tls_certificate_new_from_files (cert, key, &local)) == NULL)
            self->tls_load_error =
              g_strdup_printf (ssl->password != NULL
                               ? _("SSL certificate %s / key %s: %s (a password works only for "
                                   "a PKCS #12 file; give an unencrypted PEM key)")
                               : _("SSL certificate %s / key %s: %s"),
                               cert, key, local->message);
        }
      if (self->tls_load_error != NULL)
        g_warning ("%s: %s", vigil_checker_get_label (VIGIL_CHECKER (self)),
                   self->tls_load_error);
    }
  if (self->tls_load_error != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, self->tls_load_error);
      return FALSE;
    }
  return TRUE;
}

static void
start_tls (GTask *task)
{
  Attempt *attempt = g_task_get_task_data (task);
  VigilHttpChecker *self = attempt->self;
  const VigilConfChecker *conf = vigil_checker_get_conf (VIGIL_CHECKER (self));
  const char *vhost = vigil_http_request_virtualhost (conf, attempt->url);
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GError) error = NULL;
  GIOStream *tls;

  if (!load_tls_material (self, &error))
    {
      fail_url (task, "%s", error->message);
      return;
    }
  /* The server identity is what GIO sends as SNI (never for an address). */
  if (conf->enable_sni && vhost != NULL && !g_hostname_is_ip_address (vhost))
    identity = g_network_address_new (vhost, 0);
  tls = g_tls_client_connection_new (G_IO_STREAM (attempt->connection), identity, &error);
  if (tls == NULL)
    {
      fail_url (task, _("TLS unavailable: %s"), error->message);
      return;
    }
  g_clear_object (&attempt->stream);
  attempt->stream = tls;
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), self->database);
  if (self->certificate != NULL)
    g_tls_connection_set_certificate (G_TLS_CONNECTION (tls), self->certificate);
  /* Servers often close without close_notify; the parser knows where a
   * response ends. */
  g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (tls), FALSE);
  g_signal_connect_object (tls, "accept-certificate", G_CALLBACK (on_accept_certificate), task, 0);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_handshake, task);
}

/* ---- connecting ---- */

static void
on_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_socket_connection_connect_finish (G_SOCKET_CONNECTION (source), result, &error))
    {
      if (!return_if_cancelled (task, error))
        fail_url (task, "%s", vigil_checker_socket_error_text (error));
      return;
    }
  attempt->stream = G_IO_STREAM (g_object_ref (attempt->connection));
  if (is_tls (attempt->self))
    start_tls (task);
  else
    send_request (task);
}

static void
start_url (GTask *task)
{
  Attempt *attempt = g_task_get_task_data (task);
  VigilChecker *checker = VIGIL_CHECKER (attempt->self);
  const VigilConfChecker *conf = vigil_checker_get_conf (checker);
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;
  gboolean want_body;

  if (conf->urls == NULL || attempt->url_index >= conf->urls->len)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  attempt->url = g_ptr_array_index (conf->urls, attempt->url_index);
  /* the socket: bindto/bind_port, bind_if, fwmark, as every checker */
  socket = vigil_checker_socket_open (checker, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      &address, &error);
  if (socket == NULL)
    {
      fail_url (task, "%s", vigil_checker_socket_error_text (error));
      return;
    }
  if (g_inet_socket_address_get_port (address) == 0)
    {
      fail_url (task, _("no port to connect to"));
      return;
    }
  attempt->request = vigil_http_request_build (attempt->url->path,
                                               vigil_http_request_virtualhost (conf, attempt->url),
                                               address, conf->http_protocol, &error);
  if (attempt->request == NULL)
    {
      fail_url (task, "%s", error->message);
      return;
    }
  if (attempt->url->digest != NULL)
    attempt->md5 = g_checksum_new (G_CHECKSUM_MD5);
  if (attempt->url->regex != NULL)
    attempt->body = g_byte_array_new ();
  want_body = attempt->md5 != NULL || attempt->body != NULL;
  attempt->response = vigil_http_response_new (NULL, want_body, on_body_bytes, attempt);

  attempt->connection = g_socket_connection_factory_create_connection (socket);
  g_socket_connection_connect_async (attempt->connection, G_SOCKET_ADDRESS (address),
                                     g_task_get_cancellable (task), on_connected, task);
}

/* ---- VigilChecker ---- */

static void
vigil_http_checker_check_async (VigilChecker *checker, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (checker, cancellable, callback, user_data);
  Attempt *attempt = g_new0 (Attempt, 1);

  g_task_set_source_tag (task, vigil_http_checker_check_async);
  attempt->self = VIGIL_HTTP_CHECKER (checker);
  g_task_set_task_data (task, attempt, attempt_free);
  /* the task's own reference is dropped where it returns */
  start_url (task);
}

static gboolean
vigil_http_checker_check_finish (VigilChecker *checker, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, checker), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* connect_timeout for each url: every url is its own connection. */
static gint64
vigil_http_checker_get_timeout (VigilChecker *checker)
{
  const VigilConfChecker *conf = vigil_checker_get_conf (checker);
  guint n = conf->urls != NULL && conf->urls->len > 0 ? conf->urls->len : 1;

  return conf->connect_timeout * n;
}

static void
vigil_http_checker_finalize (GObject *object)
{
  VigilHttpChecker *self = VIGIL_HTTP_CHECKER (object);

  g_ptr_array_unref (self->regexes);
  g_clear_object (&self->database);
  g_clear_object (&self->certificate);
  g_free (self->ca_path);
  g_free (self->cert_path);
  g_free (self->key_path);
  g_free (self->tls_load_error);
  G_OBJECT_CLASS (vigil_http_checker_parent_class)->finalize (object);
}

static void
vigil_http_checker_constructed (GObject *object)
{
  VigilHttpChecker *self = VIGIL_HTTP_CHECKER (object);
  const VigilConfChecker *conf;

  G_OBJECT_CLASS (vigil_http_checker_parent_class)->constructed (object);
  conf = vigil_checker_get_conf (VIGIL_CHECKER (self));
  /* compile the regexes now, so a bad one is logged at start */
  for (guint i = 0; conf->urls != NULL && i < conf->urls->len; i++)
    {
      const VigilConfUrl *url = g_ptr_array_index (conf->urls, i);

      if (url->regex != NULL)
        regex_for (self, i, url);
    }
}

static void
vigil_http_checker_class_init (VigilHttpCheckerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VigilCheckerClass *checker_class = VIGIL_CHECKER_CLASS (klass);

  object_class->constructed = vigil_http_checker_constructed;
  object_class->finalize = vigil_http_checker_finalize;
  checker_class->check_async = vigil_http_checker_check_async;
  checker_class->check_finish = vigil_http_checker_check_finish;
  checker_class->get_timeout = vigil_http_checker_get_timeout;
}

static void
vigil_http_checker_init (VigilHttpChecker *self)
{
  self->regexes = g_ptr_array_new_with_free_func (compiled_regex_free);
}
