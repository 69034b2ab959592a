/* sequence.c - `~SEQ`, `~SEQx` and `~LST` line repetition
 *
 * As keepalived.conf(5) describes them, at the start of a line:
 *   ~SEQ(VAR, END)  ~SEQ(VAR, START, END)  ~SEQ(VAR, START, STEP, END)
 *     repeat the rest of the line with $VAR = START, START+STEP, ... up to
 *     END; START defaults to 1 (-1 when END < 0), STEP to 1 or -1.
 *   ~SEQx(...) the same, $VAR in hexadecimal.
 *   ~LST(VAR, a, b, ...)  ~LST({V1, V2}, {a1, a2}, {b1, b2}, ...)
 *     repeat the rest of the line with the variables set to each value.
 * They nest (`~SEQ(A, 3) ~LST(B, x, y) ...`). The variables are ordinary
 * definitions while the line repeats; what they were before comes back
 * after it.
 */
#define G_LOG_DOMAIN "vigil-config"

#include "vigil-build-config.h"
#include "config/lexer-private.h"
#include "i18n.h"

#include <errno.h>
#include <string.h>

/* Splits at top-level commas, each part trimmed; with `braces`, `{...}`
 * groups (one level) keep their commas. NULL when braces do not match. */
static GPtrArray *
split_args (const char *args, gboolean braces)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *start = args;
  guint level = 0;

  for (const char *p = args;; p++)
    {
      if (*p == '{')
        {
          if (!braces || level > 0)
            return NULL;
          level++;
        }
      else if (*p == '}')
        {
          if (level == 0)
            return NULL;
          level--;
        }
      else if (*p == '\0' || (*p == ',' && level == 0))
        {
          if (level > 0)
            return NULL;
          g_ptr_array_add (parts, g_strstrip (g_strndup (start, p - start)));
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
  return g_steal_pointer (&parts);
}

/* A ~LST part: `{a, b}` gives its parts, a plain value itself; NULL when
 * braces are misplaced. */
static GPtrArray *
list_row (const char *part)
{
  gsize len = strlen (part);
  GPtrArray *row;

  if (part[0] == '{' && len >= 2 && part[len - 1] == '}')
    {
      g_autofree char *inner = g_strndup (part + 1, len - 2);
      return split_args (inner, FALSE);
    }
  if (strpbrk (part, "{}") != NULL)
    return NULL;
  row = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (row, g_strdup (part));
  return row;
}

static gboolean
valid_name (const char *name)
{
  if (!vigil_conf_is_name_start (name[0]))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!vigil_conf_is_name_char (*p))
      return FALSE;
  return TRUE;
}

static gboolean
parse_number (const char *text, gint64 *value)
{
  char *end = NULL;

  if (text[0] == '\0')
    return FALSE;
  errno = 0;
  *value = g_ascii_strtoll (text, &end, 0);
  return errno == 0 && end != NULL && *end == '\0';
}

/* Repeats line[rest..] once per row of `values` (n_vars strings each). */
static void
repeat_line (VigilConfLoader *loader, const VigilConfLine *line, gsize rest, guint depth,
             const VigilSourceLoc *loc, char **vars, guint n_vars,
             char **values, guint n_rows)
{
  g_autofree VigilConfDef **saved = g_new0 (VigilConfDef *, n_vars);

  for (guint v = 0; v < n_vars; v++)
    saved[v] = vigil_conf_def_take (loader, vars[v]);
  for (guint r = 0; r < n_rows && !loader->aborted; r++)
    {
      for (guint v = 0; v < n_vars; v++)
        vigil_conf_def_put (loader, vars[v],
                            vigil_conf_def_new (values[r * n_vars + v], FALSE, loc));
      vigil_conf_process_line (loader, line, rest, depth + 1, NULL);
    }
  for (guint v = n_vars; v-- > 0;)
    vigil_conf_def_put (loader, vars[v], saved[v]);
}

static void
expand_seq (VigilConfLoader *loader, const VigilConfLine *line, gsize rest, guint depth,
            const VigilSourceLoc *loc, const char *args, gboolean hex)
{
  const char *what = hex ? "~SEQx" : "~SEQ";
  g_autoptr(GPtrArray) parts = split_args (args, FALSE);
  g_autoptr(GPtrArray) values = NULL;
  gint64 start, step, end, numbers[3];
  guint64 span, stride, count;
  guint n;

  if (parts == NULL || parts->len < 2 || parts->len > 4)
    {
      vigil_conf_loader_error (loader, loc,
                               _("%s takes (VAR, END), (VAR, START, END) or "
                                 "(VAR, START, STEP, END)"), what);
      return;
    }
  if (!valid_name (g_ptr_array_index (parts, 0)))
    {
      vigil_conf_loader_error (loader, loc, _("invalid %s variable name '%s'"), what,
                               (const char *) g_ptr_array_index (parts, 0));
      return;
    }
  n = parts->len - 1;
  for (guint i = 0; i < n; i++)
    if (!parse_number (g_ptr_array_index (parts, i + 1), &numbers[i]))
      {
        vigil_conf_loader_error (loader, loc, _("invalid number '%s' in %s"),
                                 (const char *) g_ptr_array_index (parts, i + 1), what);
        return;
      }
  end = numbers[n - 1];
  start = n >= 2 ? numbers[0] : (end >= 0 ? 1 : -1);
  step = n == 3 ? numbers[1] : (end >= start ? 1 : -1);
  if (step == 0 || (step > 0 && end < start) || (step < 0 && end > start))
    {
      vigil_conf_loader_error (loader, loc,
                               _("%s from %lld in steps of %lld never reaches %lld"), what,
                               (long long) start, (long long) step, (long long) end);
      return;
    }
  span = step > 0 ? (guint64) end - (guint64) start : (guint64) start - (guint64) end;
  stride = step > 0 ? (guint64) step : (guint64) 0 - (guint64) step;
  count = span / stride + 1;
  if (count > VIGIL_CONF_MAX_LOOP_COUNT)
    {
      vigil_conf_loader_error (loader, loc,
                               _("%s would repeat the line %llu times; at most %u are "
                                 "allowed"),
                               what, (unsigned long long) count, VIGIL_CONF_MAX_LOOP_COUNT);
      return;
    }
  values = g_ptr_array_new_full (count, g_free);
  for (guint64 k = 0; k < count; k++)
    {
      gint64 v = (gint64) ((guint64) start + k * (guint64) step);
      guint64 magnitude = v < 0 ? (guint64) 0 - (guint64) v : (guint64) v;

      if (hex)
        g_ptr_array_add (values, g_strdup_printf ("%s%" G_GINT64_MODIFIER "x",
                                                  v < 0 ? "-" : "", magnitude));
      else
        g_ptr_array_add (values, g_strdup_printf ("%" G_GINT64_FORMAT, v));
    }
  repeat_line (loader, line, rest, depth, loc, (char **) &parts->pdata[0], 1,
               (char **) values->pdata, count);
}

static void
expand_list (VigilConfLoader *loader, const VigilConfLine *line, gsize rest, guint depth,
             const VigilSourceLoc *loc, const char *args)
{
  g_autoptr(GPtrArray) parts = split_args (args, TRUE);
  g_autoptr(GPtrArray) vars = NULL;
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  const char *first;

  if (parts == NULL || parts->len < 2)
    {
      vigil_conf_loader_error (loader, loc, "%s",
                               _("~LST takes a variable (or {VAR, ...}) and at least one value"));
      return;
    }
  first = g_ptr_array_index (parts, 0);
  vars = list_row (first);
  if (vars == NULL)
    {
      vigil_conf_loader_error (loader, loc, _("invalid ~LST variable list '%s'"), first);
      return;
    }
  for (guint i = 0; i < vars->len; i++)
    if (!valid_name (g_ptr_array_index (vars, i)))
      {
        vigil_conf_loader_error (loader, loc, _("invalid ~LST variable name '%s'"),
                                 (const char *) g_ptr_array_index (vars, i));
        return;
      }
  for (guint i = 1; i < parts->len; i++)
    {
      const char *part = g_ptr_array_index (parts, i);
      g_autoptr(GPtrArray) row = list_row (part);

      if (row == NULL)
        {
          vigil_conf_loader_error (loader, loc, _("invalid ~LST value '%s'"), part);
          return;
        }
      if (row->len != vars->len)
        {
          vigil_conf_loader_error (loader, loc,
                                   _("~LST value '%s' has %u parts for %u variables"),
                                   part, row->len, vars->len);
          return;
        }
      for (guint k = 0; k < row->len; k++)
        g_ptr_array_add (values, g_steal_pointer (&row->pdata[k]));
    }
  repeat_line (loader, line, rest, depth, loc, (char **) vars->pdata, vars->len,
               (char **) values->pdata, parts->len - 1);
}

/**
 * vigil_conf_expand_loop:
 *
 * Handles a line starting (at `start`) with ~SEQ(, ~SEQx( or ~LST(.
 * Returns: FALSE when the line starts with none of them
 */
gboolean
vigil_conf_expand_loop (VigilConfLoader *loader, const VigilConfLine *line, gsize start,
                        guint depth)
{
  const char *s = line->text->str;
  gsize len = line->text->len;
  gboolean hex = FALSE, list = FALSE;
  g_autofree char *args = NULL;
  VigilSourceLoc loc = vigil_conf_line_loc (line, start);
  const char *close;
  gsize open;

  if (len - start >= 5 && memcmp (s + start, "~SEQ(", 5) == 0)
    open = start + 5;
  else if (len - start >= 6 && memcmp (s + start, "~SEQx(", 6) == 0)
    open = start + 6, hex = TRUE;
  else if (len - start >= 5 && memcmp (s + start, "~LST(", 5) == 0)
    open = start + 5, list = TRUE;
  else
    return FALSE;

  close = memchr (s + open, ')', len - open);
  if (close == NULL)
    {
      vigil_conf_loader_error (loader, &loc, _("missing ')' after '%.*s'"),
                               (int) (open - start), s + start);
      return TRUE;
    }
  if (depth >= VIGIL_CONF_MAX_EXPANSION_DEPTH)
    {
      vigil_conf_loader_error (loader, &loc, _("~SEQ and ~LST nested more than %u deep"),
                               VIGIL_CONF_MAX_EXPANSION_DEPTH);
      return TRUE;
    }
  if (memchr (s + open, '$', close - (s + open)) != NULL)
    {
      VigilConfLine out;
      gboolean multiline = FALSE, ok;

      vigil_conf_line_init (&out, line->file, line->line);
      ok = vigil_conf_substitute (loader, line, open, close - s, &out, &multiline);
      if (ok && multiline)
        vigil_conf_loader_error (loader, &loc, "%s",
                                 _("a multi-line definition cannot be used inside ~SEQ(...) "
                                   "or ~LST(...)"));
      if (ok && !multiline)
        args = g_strdup (out.text->str);
      vigil_conf_line_clear (&out);
      if (args == NULL)
        return TRUE;
    }
  else
    args = g_strndup (s + open, close - (s + open));

  if (list)
    expand_list (loader, line, close - s + 1, depth, &loc, args);
  else
    expand_seq (loader, line, close - s + 1, depth, &loc, args, hex);
  return TRUE;
}
