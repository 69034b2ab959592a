/* smtp-checker.c - VigilSmtpChecker, keepalived's SMTP_CHECK (see smtp-checker.h)
 *
 * One attempt: connect, then three exchanges, each a reply read whole
 * (every line of a multi-line reply) before the next command is sent:
 *
 *   STAGE_GREETING  read the greeting, expect 220, send HELO
 *   STAGE_HELO      read the HELO reply, expect 250, send QUIT
 *   STAGE_QUIT      read the QUIT reply (any code), pass
 *
 * Bytes are read in chunks into a fixed buffer and cut into lines of at
 * most SMTP_MAX_LINE bytes, so a hostile server costs a bounded amount
 * of memory whatever it sends. Unlike keepalived, which reads one line
 * and takes its first three digits, the continuation lines of a
 * multi-line reply are consumed with it instead of being mistaken for
 * the reply to the next command.
 */
#define G_LOG_DOMAIN "vigil-check"

#include "check/smtp-checker.h"
#include "check/checker-socket.h"
#include "i18n.h"

#include <string.h>

#define SMTP_MAX_LINE   512     /* a reply line, CRLF included (RFC 5321 4.5.3.1.5) */
#define SMTP_MAX_LINES  100     /* lines in one reply */
#define SMTP_CHUNK      1024
#define SMTP_SHOWN_TEXT 80      /* of the server's text, in an error */

struct _VigilSmtpChecker
{
  VigilChecker parent_instance;
};

G_DEFINE_FINAL_TYPE (VigilSmtpChecker, vigil_smtp_checker, VIGIL_TYPE_CHECKER)

typedef enum {
  STAGE_GREETING,
  STAGE_HELO,
  STAGE_QUIT,
} SmtpStage;

typedef struct {
  GSocketConnection *connection;
  char *helo_command;
  SmtpStage stage;

  guint8 chunk[SMTP_CHUNK];     /* bytes read, not yet cut into lines */
  gsize chunk_start, chunk_end;

  char line[SMTP_MAX_LINE];     /* the line being assembled */
  gsize line_len;
  guint n_lines;                /* complete lines of the current reply */
  guint code;                   /* of its first line */
  char *first_text;             /* its first line, for errors */
} SmtpAttempt;

static void read_more (GTask *task);
static void read_reply (GTask *task);

static void
smtp_attempt_free (SmtpAttempt *attempt)
{
  g_clear_object (&attempt->connection);
  g_free (attempt->helo_command);
  g_free (attempt->first_text);
  g_free (attempt);
}

/* What the server's reply is called in errors. */
static const char *
stage_reply_name (SmtpStage stage)
{
  switch (stage)
    {
    case STAGE_GREETING: return _("greeting");
    case STAGE_HELO: return _("HELO reply");
    case STAGE_QUIT: return _("QUIT reply");
    }
  return "?";
}

/* The server's text made safe for a log line: printable ASCII only,
 * at most SMTP_SHOWN_TEXT characters. */
static char *
shown_text (const char *text, gsize len)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len && out->len < SMTP_SHOWN_TEXT; i++)
    g_string_append_c (out, g_ascii_isprint (text[i]) ? text[i] : '?');
  if (len > SMTP_SHOWN_TEXT)
    g_string_append (out, "...");
  return g_string_free (out, FALSE);
}

static void
return_failure (GTask *task, GError *error)
{
  /* A cancelled attempt timed out or was stopped: the base says which. */
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
on_command_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SmtpAttempt *attempt = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      return_failure (task, error);
      return;
    }
  attempt->stage++;
  read_reply (task);
}

static void
send_command (GTask *task, const char *command)
{
  SmtpAttempt *attempt = g_task_get_task_data (task);
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (attempt->connection));

  g_output_stream_write_all_async (out, command, strlen (command), G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_command_written,
                                   g_object_ref (task));
}

/* The whole reply of the current stage is in: judge it. */
static void
reply_complete (GTask *task)
{
  SmtpAttempt *attempt = g_task_get_task_data (task);

  switch (attempt->stage)
    {
    case STAGE_GREETING:
      if (attempt->code != 220)
        break;
      send_command (task, attempt->helo_command);
      return;
    case STAGE_HELO:
      if (attempt->code != 250)
        break;
      send_command (task, "QUIT\r\n");
      return;
    case STAGE_QUIT:
      /* keepalived waits for the reply to QUIT but does not judge it */
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* "greeting 554 no service here" */
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s %s",
                           stage_reply_name (attempt->stage), attempt->first_text);
}

/* One complete line (CRLF stripped) of the current reply. Returns FALSE
 * when the task was completed with an error. */
static gboolean
take_line (GTask *task, gboolean *last)
{
  SmtpAttempt *attempt = g_task_get_task_data (task);
  const char *line = attempt->line;
  gsize len = attempt->line_len;
  g_autofree char *text = shown_text (line, len);

  /* "NNN text", "NNN-text" (more lines follow), or a bare "NNN" */
  if (len < 3 || !g_ascii_isdigit (line[0]) || !g_ascii_isdigit (line[1])
      || !g_ascii_isdigit (line[2]) || (len > 3 && line[3] != ' ' && line[3] != '-'))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("malformed %s line '%s'"),
                               stage_reply_name (attempt->stage), text);
      return FALSE;
    }
  if (attempt->n_lines == 0)
    {
      attempt->code = (guint) ((line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0'));
      attempt->first_text = g_steal_pointer (&text);
    }
  attempt->n_lines++;
  *last = len == 3 || line[3] == ' ';
  if (!*last && attempt->n_lines >= SMTP_MAX_LINES)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                               _("%s longer than %d lines"),
                               stage_reply_name (attempt->stage), SMTP_MAX_LINES);
      return FALSE;
    }
  return TRUE;
}

/* Cut the bytes read so far into lines until the reply is complete
 * (judge it), a line is bad (fail), or more bytes are needed (read). */
static void
process_chunk (GTask *task)
{
  SmtpAttempt *attempt = g_task_get_task_data (task);

  while (attempt->chunk_start < attempt->chunk_end)
    {
      char c = (char) attempt->chunk[attempt->chunk_start++];
      gboolean last = FALSE;

      if (c != '\n')
        {
          /* the RFC's 512 count the CRLF: at most 511 bytes before the LF */
          if (attempt->line_len + 1 >= SMTP_MAX_LINE)
            {
              g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                                       _("%s line longer than %d bytes"),
                                       stage_reply_name (attempt->stage), SMTP_MAX_LINE);
              return;
            }
          attempt->line[attempt->line_len++] = c;
          continue;
        }
      if (attempt->line_len > 0 && attempt->line[attempt->line_len - 1] == '\r')
        attempt->line_len--;
      if (!take_line (task, &last))
        return;
      attempt->line_len = 0;
      if (last)
        {
          reply_complete (task);
          return;
        }
    }
  read_more (task);
}

static void
on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SmtpAttempt *attempt = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (n < 0)
    {
      return_failure (task, error);
      return;
    }
  if (n == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                               attempt->n_lines == 0 && attempt->line_len == 0
                               ? _("connection closed before the %s")
                               : _("connection closed during the %s"),
                               stage_reply_name (attempt->stage));
      return;
    }
  attempt->chunk_start = 0;
  attempt->chunk_end = (gsize) n;
  process_chunk (task);
}

static void
read_more (GTask *task)
{
  SmtpAttempt *attempt = g_task_get_task_data (task);
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (attempt->connection));

  g_input_stream_read_async (in, attempt->chunk, sizeof attempt->chunk, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), on_read, g_object_ref (task));
}

/* Start reading the reply of the current stage; bytes the server sent
 * ahead of time are still in the chunk and are taken first. */
static void
read_reply (GTask *task)
{
  SmtpAttempt *attempt = g_task_get_task_data (task);

  attempt->line_len = 0;
  attempt->n_lines = 0;
  attempt->code = 0;
  g_clear_pointer (&attempt->first_text, g_free);
  process_chunk (task);
}

static void
on_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_socket_connection_connect_finish (G_SOCKET_CONNECTION (source), result, &error))
    {
      return_failure (task, error);
      return;
    }
  read_reply (task);
}

static void
vigil_smtp_checker_check_async (VigilChecker *checker, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (checker, cancellable, callback, user_data);
  const VigilConfChecker *conf = vigil_checker_get_conf (checker);
  const char *helo_name = conf->helo_name != NULL ? conf->helo_name : VIGIL_SMTP_DEFAULT_HELO_NAME;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(GSocket) socket = NULL;
  SmtpAttempt *attempt;
  GError *error = NULL;

  g_task_set_source_tag (task, vigil_smtp_checker_check_async);
  if (strpbrk (helo_name, "\r\n") != NULL || strlen (helo_name) > SMTP_MAX_LINE - 8)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("helo_name is not a single line of at most %d bytes"),
                               SMTP_MAX_LINE - 8);
      return;
    }
  socket = vigil_checker_socket_open (checker, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      &address, &error);
  if (socket == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  attempt = g_new0 (SmtpAttempt, 1);
  attempt->connection = g_socket_connection_factory_create_connection (socket);
  attempt->helo_command = g_strdup_printf ("HELO %s\r\n", helo_name);
  attempt->stage = STAGE_GREETING;
  g_task_set_task_data (task, attempt, (GDestroyNotify) smtp_attempt_free);
  g_socket_connection_connect_async (attempt->connection, G_SOCKET_ADDRESS (address),
                                     cancellable, on_connected, g_object_ref (task));
}

static gboolean
vigil_smtp_checker_check_finish (VigilChecker *checker, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, checker), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
vigil_smtp_checker_class_init (VigilSmtpCheckerClass *klass)
{
  VigilCheckerClass *checker_class = VIGIL_CHECKER_CLASS (klass);

  checker_class->check_async = vigil_smtp_checker_check_async;
  checker_class->check_finish = vigil_smtp_checker_check_finish;
}

static void
vigil_smtp_checker_init (VigilSmtpChecker *self)
{
}
