/* diag.h - compiler-style diagnostics: FILE:LINE:COL: error: message
 *
 * Every stage of config handling (lexer, preprocessor, parser, validator)
 * reports into one VigilDiagList; nothing stops at the first error.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

/* A place in a config file. `file` is an interned string (g_intern_string),
 * so locations can be copied by value and compared by pointer. line and col
 * are 1-based; 0 means unknown. */
typedef struct {
  const char *file;
  guint line;
  guint col;
} VigilSourceLoc;

#define VIGIL_SOURCE_LOC_NONE ((VigilSourceLoc){ NULL, 0, 0 })

typedef enum {
  VIGIL_DIAG_ERROR,
  VIGIL_DIAG_WARNING,
  VIGIL_DIAG_NOTE,
} VigilDiagSeverity;

const char *vigil_diag_severity_to_string (VigilDiagSeverity severity);

typedef struct {
  VigilDiagSeverity severity;
  VigilSourceLoc loc;
  char *message;   /* translated, no trailing newline */
  char *hint;      /* e.g. "did you mean 'virtual_server'?", or NULL */
} VigilDiag;

typedef struct _VigilDiagList VigilDiagList;

VigilDiagList *vigil_diag_list_new (void);
void vigil_diag_list_free (VigilDiagList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilDiagList, vigil_diag_list_free)

/* Append a diagnostic; returns it so a hint can be attached. */
VigilDiag *vigil_diag_add (VigilDiagList *list, VigilDiagSeverity severity,
                           const VigilSourceLoc *loc,
                           const char *format, ...) G_GNUC_PRINTF (4, 5);
VigilDiag *vigil_diag_error (VigilDiagList *list, const VigilSourceLoc *loc,
                             const char *format, ...) G_GNUC_PRINTF (3, 4);
VigilDiag *vigil_diag_warning (VigilDiagList *list, const VigilSourceLoc *loc,
                               const char *format, ...) G_GNUC_PRINTF (3, 4);
VigilDiag *vigil_diag_note (VigilDiagList *list, const VigilSourceLoc *loc,
                            const char *format, ...) G_GNUC_PRINTF (3, 4);
void vigil_diag_set_hint (VigilDiag *diag, const char *format, ...) G_GNUC_PRINTF (2, 3);

guint vigil_diag_list_length (const VigilDiagList *list);
const VigilDiag *vigil_diag_list_get (const VigilDiagList *list, guint index);
guint vigil_diag_list_count (const VigilDiagList *list, VigilDiagSeverity severity);
gboolean vigil_diag_list_has_errors (const VigilDiagList *list);

/* "FILE:LINE:COL: error: message; did you mean 'x'?" (LINE/COL omitted
 * when unknown). */
char *vigil_diag_format (const VigilDiag *diag);
/* One formatted line per diagnostic, NULL-terminated (for D-Bus, logs). */
GStrv vigil_diag_list_to_strv (const VigilDiagList *list);
void vigil_diag_list_print (const VigilDiagList *list, FILE *stream);

/* Closest candidate to `word` among `candidates` (NULL-terminated) by edit
 * distance, or NULL when nothing is close enough to be a useful hint. */
const char *vigil_diag_suggest (const char *word, const char *const *candidates);

G_END_DECLS
