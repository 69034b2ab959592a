/* log.c - vigil's GLib structured-log writer */
#define G_LOG_DOMAIN "vigil"

#include "daemon/log.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  gboolean debug;
  gboolean journal;
} LogSettings;

static const char *
level_name (GLogLevelFlags level)
{
  if (level & G_LOG_LEVEL_ERROR)
    return "error";
  if (level & G_LOG_LEVEL_CRITICAL)
    return "critical";
  if (level & G_LOG_LEVEL_WARNING)
    return "warning";
  if (level & G_LOG_LEVEL_MESSAGE)
    return "notice";
  if (level & G_LOG_LEVEL_INFO)
    return "info";
  return "debug";
}

static const char *
field_string (const GLogField *fields, gsize n_fields, const char *key, char *buf, gsize len)
{
  for (gsize i = 0; i < n_fields; i++)
    if (strcmp (fields[i].key, key) == 0)
      {
        if (fields[i].length < 0)
          return fields[i].value;
        g_strlcpy (buf, fields[i].value, MIN (len, (gsize) fields[i].length + 1));
        return buf;
      }
  return NULL;
}

static GLogWriterOutput
vigil_log_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields,
                  gpointer user_data)
{
  const LogSettings *settings = user_data;
  char message_buf[2048];
  char domain_buf[64];
  const char *message, *domain;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;

  if ((level & G_LOG_LEVEL_DEBUG) && !settings->debug)
    return G_LOG_WRITER_HANDLED;
  if (settings->journal
      && g_log_writer_journald (level, fields, n_fields, NULL) == G_LOG_WRITER_HANDLED)
    return G_LOG_WRITER_HANDLED;

  message = field_string (fields, n_fields, "MESSAGE", message_buf, sizeof message_buf);
  domain = field_string (fields, n_fields, "GLIB_DOMAIN", domain_buf, sizeof domain_buf);
  now = g_date_time_new_now_local ();
  stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%f");
  fprintf (stderr, "%s vigild[%d]: %s%s%s: %s\n", stamp, (int) getpid (),
           domain != NULL ? domain : "", domain != NULL ? " " : "",
           level_name (level), message != NULL ? message : "");
  fflush (stderr);
  return G_LOG_WRITER_HANDLED;
}

void
vigil_log_setup (gboolean debug)
{
  LogSettings *settings = g_new0 (LogSettings, 1);

  settings->debug = debug;
  settings->journal = g_log_writer_is_journald (fileno (stderr));
  g_log_set_writer_func (vigil_log_writer, settings, g_free);
}
