/* diag.c - compiler-style diagnostics */
#define G_LOG_DOMAIN "vigil-config"

#include "vigil-build-config.h"
#include "config/diag.h"
#include "i18n.h"

#include <string.h>

struct _VigilDiagList {
  GPtrArray *items; /* VigilDiag* */
};

static void
vigil_diag_free (gpointer data)
{
  VigilDiag *diag = data;

  g_free (diag->message);
  g_free (diag->hint);
  g_free (diag);
}

const char *
vigil_diag_severity_to_string (VigilDiagSeverity severity)
{
  switch (severity)
    {
    case VIGIL_DIAG_ERROR:
      return _("error");
    case VIGIL_DIAG_WARNING:
      return _("warning");
    case VIGIL_DIAG_NOTE:
      return _("note");
    default:
      g_assert_not_reached ();
    }
}

VigilDiagList *
vigil_diag_list_new (void)
{
  VigilDiagList *list = g_new0 (VigilDiagList, 1);

  list->items = g_ptr_array_new_with_free_func (vigil_diag_free);
  return list;
}

void
vigil_diag_list_free (VigilDiagList *list)
{
  if (list == NULL)
    return;
  g_ptr_array_unref (list->items);
  g_free (list);
}

static VigilDiag *vigil_diag_addv (VigilDiagList *list, VigilDiagSeverity severity,
                                   const VigilSourceLoc *loc, const char *format,
                                   va_list args) G_GNUC_PRINTF (4, 0);

static VigilDiag *
vigil_diag_addv (VigilDiagList *list, VigilDiagSeverity severity,
                 const VigilSourceLoc *loc, const char *format, va_list args)
{
  VigilDiag *diag = g_new0 (VigilDiag, 1);

  diag->severity = severity;
  diag->loc = loc != NULL ? *loc : VIGIL_SOURCE_LOC_NONE;
  diag->message = g_strdup_vprintf (format, args);
  g_ptr_array_add (list->items, diag);
  return diag;
}

VigilDiag *
vigil_diag_add (VigilDiagList *list, VigilDiagSeverity severity,
                const VigilSourceLoc *loc, const char *format, ...)
{
  VigilDiag *diag;
  va_list args;

  g_return_val_if_fail (list != NULL, NULL);
  va_start (args, format);
  diag = vigil_diag_addv (list, severity, loc, format, args);
  va_end (args);
  return diag;
}

#define DEFINE_DIAG_SHORTHAND(fn, severity)                                  \
  VigilDiag *fn (VigilDiagList *list, const VigilSourceLoc *loc,             \
                 const char *format, ...)                                    \
  {                                                                          \
    VigilDiag *diag;                                                         \
    va_list args;                                                            \
    g_return_val_if_fail (list != NULL, NULL);                               \
    va_start (args, format);                                                 \
    diag = vigil_diag_addv (list, severity, loc, format, args);              \
    va_end (args);                                                           \
    return diag;                                                             \
  }

DEFINE_DIAG_SHORTHAND (vigil_diag_error, VIGIL_DIAG_ERROR)
DEFINE_DIAG_SHORTHAND (vigil_diag_warning, VIGIL_DIAG_WARNING)
DEFINE_DIAG_SHORTHAND (vigil_diag_note, VIGIL_DIAG_NOTE)

void
vigil_diag_set_hint (VigilDiag *diag, const char *format, ...)
{
  va_list args;

  g_return_if_fail (diag != NULL);
  g_free (diag->hint);
  va_start (args, format);
  diag->hint = g_strdup_vprintf (format, args);
  va_end (args);
}

guint
vigil_diag_list_length (const VigilDiagList *list)
{
  return list->items->len;
}

const VigilDiag *
vigil_diag_list_get (const VigilDiagList *list, guint index)
{
  g_return_val_if_fail (index < list->items->len, NULL);
  return g_ptr_array_index (list->items, index);
}

guint
vigil_diag_list_count (const VigilDiagList *list, VigilDiagSeverity severity)
{
  guint n = 0;

  for (guint i = 0; i < list->items->len; i++)
    {
      const VigilDiag *diag = g_ptr_array_index (list->items, i);
      if (diag->severity == severity)
        n++;
    }
  return n;
}

gboolean
vigil_diag_list_has_errors (const VigilDiagList *list)
{
  return vigil_diag_list_count (list, VIGIL_DIAG_ERROR) > 0;
}

char *
vigil_diag_format (const VigilDiag *diag)
{
  GString *out = g_string_new (NULL);

  if (diag->loc.file != NULL)
    {
      g_string_append (out, diag->loc.file);
      if (diag->loc.line > 0)
        g_string_append_printf (out, ":%u", diag->loc.line);
      if (diag->loc.line > 0 && diag->loc.col > 0)
        g_string_append_printf (out, ":%u", diag->loc.col);
      g_string_append (out, ": ");
    }
  g_string_append_printf (out, "%s: %s",
                          vigil_diag_severity_to_string (diag->severity),
                          diag->message);
  if (diag->hint != NULL)
    {
      /* TRANSLATORS: joins a diagnostic to its hint ("; did you mean 'virtual_server'?") */
      g_string_append_printf (out, _("; %s"), diag->hint);
    }
  return g_string_free (out, FALSE);
}

GStrv
vigil_diag_list_to_strv (const VigilDiagList *list)
{
  GStrv lines = g_new0 (char *, list->items->len + 1);

  for (guint i = 0; i < list->items->len; i++)
    lines[i] = vigil_diag_format (g_ptr_array_index (list->items, i));
  return lines;
}

void
vigil_diag_list_print (const VigilDiagList *list, FILE *stream)
{
  for (guint i = 0; i < list->items->len; i++)
    {
      g_autofree char *line = vigil_diag_format (g_ptr_array_index (list->items, i));
      fprintf (stream, "%s\n", line);
    }
}

/* Damerau-free Levenshtein distance, bounded to short keywords. */
static guint
edit_distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diag = row[0];
      row[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint up = row[j];
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
          guint best = MIN (row[j] + 1, row[j - 1] + 1);
          row[j] = MIN (best, diag + cost);
          diag = up;
        }
    }
  return row[lb];
}

const char *
vigil_diag_suggest (const char *word, const char *const *candidates)
{
  const char *best = NULL;
  guint best_distance = G_MAXUINT;
  guint limit;

  g_return_val_if_fail (word != NULL, NULL);
  if (candidates == NULL)
    return NULL;
  /* Allow about one typo per three characters, at least one. */
  limit = MAX (1, strlen (word) / 3);
  for (guint i = 0; candidates[i] != NULL; i++)
    {
      guint d = edit_distance (word, candidates[i]);
      if (d < best_distance)
        {
          best_distance = d;
          best = candidates[i];
        }
    }
  return best_distance <= limit ? best : NULL;
}
