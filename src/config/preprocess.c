/* preprocess.c - `@id` conditionals and `$NAME` definitions
 *
 * keepalived's rules, as its keepalived.conf(5) describes them:
 *  - `@id rest` keeps `rest` only when the config id is `id`; `@^id rest`
 *    only when it is not.
 *  - `$NAME=value` (only blanks before the '$', none before '=') defines
 *    NAME; the value is expanded when used, not when defined.
 *  - `$NAME= \` starts a multi-line definition: every following line that
 *    ends with '\' belongs to it, and so does the first one that does not.
 *  - `$NAME` and `${NAME}` are replaced anywhere on a line, recursively.
 *    A multi-line value becomes several lines, each processed again, so
 *    definitions and conditionals inside it take effect in order.
 *  - `${_PWD}`, `${_INSTANCE}`, `${_RANDOM [MIN [MAX]]}`, `${_HASH}` and
 *    `${_BANG}` are predefined.
 * Unlike keepalived, an undefined `$NAME` outside double quotes is an
 * error (keepalived keeps it as text); inside quotes it stays as it is,
 * since script command lines use `$` for the shell.
 */
#define G_LOG_DOMAIN "vigil-config"

#include "vigil-build-config.h"
#include "config/lexer-private.h"
#include "i18n.h"

#include <string.h>

static const char *const predefined_names[] = {
  "_PWD", "_INSTANCE", "_RANDOM", "_HASH", "_BANG", NULL,
};

gboolean
vigil_conf_is_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

gboolean
vigil_conf_is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static gsize
skip_space (const char *s, gsize pos, gsize len)
{
  while (pos < len && vigil_conf_is_space (s[pos]))
    pos++;
  return pos;
}

/* ---- definitions ------------------------------------------------------- */

VigilConfDef *
vigil_conf_def_new (const char *value, gboolean multiline, const VigilSourceLoc *loc)
{
  VigilConfDef *def = g_new (VigilConfDef, 1);

  def->value = g_strdup (value);
  def->multiline = multiline;
  def->loc = *loc;
  return def;
}

void
vigil_conf_def_free (gpointer data)
{
  VigilConfDef *def = data;

  if (def == NULL)
    return;
  g_free (def->value);
  g_free (def);
}

/* Removes NAME's definition and returns it (NULL if none). */
VigilConfDef *
vigil_conf_def_take (VigilConfLoader *loader, const char *name)
{
  gpointer key = NULL, value = NULL;

  if (!g_hash_table_steal_extended (loader->defs, name, &key, &value))
    return NULL;
  g_free (key);
  return value;
}

/* Sets NAME to `def` (taking it), or removes NAME when `def` is NULL. */
void
vigil_conf_def_put (VigilConfLoader *loader, const char *name, VigilConfDef *def)
{
  if (def == NULL)
    g_hash_table_remove (loader->defs, name);
  else
    g_hash_table_replace (loader->defs, g_strdup (name), def);
}

static gboolean
is_predefined (const char *name)
{
  return g_strv_contains (predefined_names, name);
}

/* `$NAME=value` at `pos`? Gives the name's end and the value's bounds
 * (blanks and a final '\' trimmed). */
static gboolean
split_definition (const char *s, gsize pos, gsize len, gsize *name_end,
                  gsize *value_start, gsize *value_end, gboolean *multiline)
{
  gsize p = pos + 1;
  gsize end = len;

  if (p >= len || !vigil_conf_is_name_start (s[p]))
    return FALSE;
  while (p < len && vigil_conf_is_name_char (s[p]))
    p++;
  if (p >= len || s[p] != '=')
    return FALSE;
  *name_end = p;
  *value_start = skip_space (s, p + 1, len);
  while (end > *value_start && vigil_conf_is_space (s[end - 1]))
    end--;
  *multiline = end > *value_start && s[end - 1] == '\\';
  if (*multiline)
    {
      end--;
      while (end > *value_start && vigil_conf_is_space (s[end - 1]))
        end--;
    }
  *value_end = end;
  return TRUE;
}

static void
seq_start (VigilConfLineSeq *seq, const char *name, const char *first, gsize first_len,
           const VigilSourceLoc *loc, gboolean discard)
{
  seq->active = TRUE;
  seq->discard = discard;
  seq->name = g_strdup (name);
  seq->value = g_string_new_len (first, first_len);
  seq->n_lines = first_len > 0 ? 1 : 0;
  seq->loc = *loc;
}

static void
seq_end (VigilConfLoader *loader, VigilConfLineSeq *seq)
{
  if (!seq->discard)
    vigil_conf_def_put (loader, seq->name,
                        vigil_conf_def_new (seq->value->str, TRUE, &seq->loc));
  g_clear_pointer (&seq->name, g_free);
  g_string_free (seq->value, TRUE);
  seq->value = NULL;
  seq->active = FALSE;
}

/* A line starting with '$': a definition? Then it is handled here. */
static gboolean
try_definition (VigilConfLoader *loader, const VigilConfLine *line, gsize pos,
                VigilConfLineSeq *seq, gboolean discard)
{
  const char *s = line->text->str;
  gsize name_end, value_start, value_end;
  gboolean multiline;
  g_autofree char *name = NULL;
  VigilSourceLoc loc;

  if (!split_definition (s, pos, line->text->len, &name_end, &value_start, &value_end,
                         &multiline))
    return FALSE;
  name = g_strndup (s + pos + 1, name_end - pos - 1);
  loc = vigil_conf_line_loc (line, pos);
  if (!discard && is_predefined (name))
    {
      vigil_conf_loader_error (loader, &loc,
                               _("'$%s' is predefined and cannot be redefined"), name);
      discard = TRUE;
    }
  if (multiline && seq == NULL)
    {
      if (!discard)
        vigil_conf_loader_error (loader, &loc, "%s",
                                 _("a multi-line definition cannot start inside ~SEQ or ~LST"));
      return TRUE;
    }
  if (multiline)
    seq_start (seq, name, s + value_start, value_end - value_start, &loc, discard);
  else if (!discard)
    {
      g_autofree char *value = g_strndup (s + value_start, value_end - value_start);
      vigil_conf_def_put (loader, name, vigil_conf_def_new (value, FALSE, &loc));
    }
  return TRUE;
}

/* The `@id` / `@^id` at `*pos`: TRUE (and `*pos` moved past it) when the
 * rest of the line is kept. */
static gboolean
check_condition (VigilConfLoader *loader, const VigilConfLine *line, gsize *pos)
{
  const char *s = line->text->str;
  gsize len = line->text->len;
  gsize p = *pos + 1;
  gboolean negate = FALSE, match;
  gsize id_start;

  if (p < len && s[p] == '^')
    {
      negate = TRUE;
      p++;
    }
  id_start = p;
  while (p < len && !vigil_conf_is_space (s[p]))
    p++;
  if (p == id_start)
    {
      VigilSourceLoc loc = vigil_conf_line_loc (line, *pos);
      vigil_conf_loader_error (loader, &loc, "%s",
                               _("'@' must be followed by a config id, as in '@main'"));
      return FALSE;
    }
  match = p - id_start == strlen (loader->config_id)
          && memcmp (s + id_start, loader->config_id, p - id_start) == 0;
  *pos = skip_space (s, p, len);
  return negate ? !match : match;
}

/* ---- substitution -------------------------------------------------------- */

typedef struct {
  VigilConfLoader *loader;
  const VigilConfLine *line;  /* the line being expanded (columns) */
  VigilConfLine *out;
  GPtrArray *active;          /* names being expanded, innermost last */
  gboolean multiline;         /* a multi-line value went in: copy the rest */
  gboolean failed;
} Subst;

static void subst_run (Subst *st, const char *text, gsize start, gsize end,
                       guint fixed_col, gboolean in_quote, guint depth);

static gboolean
subst_check_length (Subst *st, guint col)
{
  if (st->failed)
    return FALSE;
  if (st->out->text->len > VIGIL_CONF_MAX_LINE_LENGTH)
    {
      VigilSourceLoc loc = { st->line->file, st->line->line, col };
      vigil_conf_loader_error (st->loader, &loc,
                               _("line longer than %u bytes after expanding definitions"),
                               VIGIL_CONF_MAX_LINE_LENGTH);
      st->failed = TRUE;
      return FALSE;
    }
  return TRUE;
}

/* Copies text[start, end) unchanged: from the line itself (its own
 * columns) or from a definition (every byte at `fixed_col`). */
static void
subst_copy (Subst *st, const char *text, gsize start, gsize end, guint fixed_col)
{
  if (end <= start || st->failed)
    return;
  if (fixed_col == 0)
    vigil_conf_line_append_from (st->out, st->line, start, end);
  else
    vigil_conf_line_append (st->out, text + start, end - start, fixed_col);
  subst_check_length (st, fixed_col != 0 ? fixed_col : vigil_conf_line_col (st->line, start));
}

static gboolean
parse_random_args (const char *args, guint *min, guint *max)
{
  g_auto(GStrv) words = g_strsplit_set (args, " \t", -1);
  guint64 values[2] = { 0, 32767 };
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (n >= 2 || !g_ascii_string_to_unsigned (words[i], 10, 0, G_MAXINT32 - 1, &values[n], NULL))
        return FALSE;
      n++;
    }
  if (values[0] > values[1])
    return FALSE;
  *min = values[0];
  *max = values[1];
  return TRUE;
}

/* The value of a predefined name, or NULL. */
static char *
predefined_value (Subst *st, const char *name, const char *args, const VigilSourceLoc *loc)
{
  VigilConfLoader *loader = st->loader;

  if (g_str_equal (name, "_PWD"))
    return g_strdup (vigil_conf_loader_source (loader)->pwd);
  if (g_str_equal (name, "_INSTANCE"))
    return g_strdup (loader->config_id);
  if (g_str_equal (name, "_HASH"))
    return g_strdup ("#");
  if (g_str_equal (name, "_BANG"))
    return g_strdup ("!");
  if (g_str_equal (name, "_RANDOM"))
    {
      guint min, max;

      if (!parse_random_args (args, &min, &max))
        {
          vigil_conf_loader_error (loader, loc, "%s",
                                   _("invalid ${_RANDOM MIN MAX}: MIN and MAX are numbers, "
                                     "MIN <= MAX"));
          return g_strdup ("0");
        }
      if (loader->rand == NULL)
        loader->rand = g_rand_new ();
      return g_strdup_printf ("%d", g_rand_int_range (loader->rand, min, (gint32) max + 1));
    }
  return NULL;
}

static void
report_undefined (Subst *st, const char *name, const VigilSourceLoc *loc)
{
  g_autofree gpointer *keys = NULL;
  guint before = vigil_diag_list_length (st->loader->diags);
  const char *suggestion;
  gsize name_len;
  guint n = 0, kept = 0;

  vigil_conf_loader_error (st->loader, loc, _("undefined parameter '$%s'"), name);
  if (vigil_diag_list_length (st->loader->diags) == before)
    return;
  /* Only names close in length can be close in spelling; this keeps the
   * edit distances few and short whatever the input. */
  name_len = strlen (name);
  if (name_len > 64)
    return;
  keys = g_hash_table_get_keys_as_array (st->loader->defs, &n);
  for (guint k = 0; k < n && kept < 1000; k++)
    {
      gsize len = strlen (keys[k]);
      gsize diff = len > name_len ? len - name_len : name_len - len;

      if (diff <= MAX (1, name_len / 3))
        keys[kept++] = keys[k];
    }
  keys[kept] = NULL;
  suggestion = vigil_diag_suggest (name, (const char *const *) keys);
  if (suggestion != NULL)
    vigil_diag_set_hint ((VigilDiag *) vigil_diag_list_get (st->loader->diags, before),
                         _("did you mean '$%s'?"), suggestion);
}

/* One `$NAME` or `${NAME}` use at text[i]; returns where it ends. */
static gsize
subst_use (Subst *st, const char *text, gsize i, gsize end, guint fixed_col,
           gboolean in_quote, guint depth)
{
  g_autofree char *name = NULL;
  g_autofree char *args = NULL;
  gsize inner_start, inner_end, name_end, use_end;
  guint col = fixed_col != 0 ? fixed_col : vigil_conf_line_col (st->line, i);
  VigilSourceLoc loc = { st->line->file, st->line->line, col };
  const VigilConfDef *def;
  char *value;

  if (text[i + 1] == '{')
    {
      const char *close = memchr (text + i + 2, '}', end - i - 2);

      if (close == NULL)
        {
          if (!in_quote)
            vigil_conf_loader_error (st->loader, &loc, "%s", _("'${' without a closing '}'"));
          subst_copy (st, text, i, i + 2, fixed_col);
          return i + 2;
        }
      inner_start = i + 2;
      inner_end = close - text;
      use_end = inner_end + 1;
    }
  else
    {
      inner_start = i + 1;
      inner_end = inner_start;
      while (inner_end < end && vigil_conf_is_name_char (text[inner_end]))
        inner_end++;
      use_end = inner_end;
    }

  name_end = inner_start;
  if (name_end < inner_end && vigil_conf_is_name_start (text[name_end]))
    while (name_end < inner_end && vigil_conf_is_name_char (text[name_end]))
      name_end++;
  name = g_strndup (text + inner_start, name_end - inner_start);
  args = g_strndup (text + name_end, inner_end - name_end);
  if (name[0] == '\0'
      || (args[0] != '\0' && !(g_str_equal (name, "_RANDOM") && vigil_conf_is_space (args[0]))))
    {
      /* outside quotes it is reported and dropped */
      if (!in_quote)
        vigil_conf_loader_error (st->loader, &loc, _("invalid parameter name '%.*s'"),
                                 (int) (inner_end - inner_start), text + inner_start);
      else
        subst_copy (st, text, i, use_end, fixed_col);
      return use_end;
    }

  def = g_hash_table_lookup (st->loader->defs, name);
  if (def != NULL && def->multiline)
    {
      /* The lines are processed again one by one, in order. */
      vigil_conf_line_append (st->out, def->value, strlen (def->value), col);
      st->multiline = TRUE;
      subst_check_length (st, col);
    }
  else if (def != NULL)
    {
      for (guint k = 0; k < st->active->len; k++)
        if (g_str_equal (g_ptr_array_index (st->active, k), name))
          {
            vigil_conf_loader_error (st->loader, &loc,
                                     _("'$%s' is defined in terms of itself"), name);
            st->failed = TRUE;
            return use_end;
          }
      if (depth >= VIGIL_CONF_MAX_EXPANSION_DEPTH)
        {
          vigil_conf_loader_error (st->loader, &loc,
                                   _("definitions nested more than %u deep"),
                                   VIGIL_CONF_MAX_EXPANSION_DEPTH);
          st->failed = TRUE;
          return use_end;
        }
      g_ptr_array_add (st->active, name);
      subst_run (st, def->value, 0, strlen (def->value), col, in_quote, depth + 1);
      g_ptr_array_set_size (st->active, st->active->len - 1);
    }
  else if ((value = predefined_value (st, name, args, &loc)) != NULL)
    {
      vigil_conf_line_append (st->out, value, strlen (value), col);
      g_free (value);
      subst_check_length (st, col);
    }
  else if (in_quote)
    subst_copy (st, text, i, use_end, fixed_col);
  else
    {
      /* kept as `$NAME`: `${NAME}` would turn into a block */
      report_undefined (st, name, &loc);
      vigil_conf_line_append (st->out, "$", 1, col);
      vigil_conf_line_append (st->out, name, strlen (name), col);
    }
  return use_end;
}

static void
subst_run (Subst *st, const char *text, gsize start, gsize end, guint fixed_col,
           gboolean in_quote, guint depth)
{
  gsize run = start;
  gsize i = start;

  while (i < end && !st->failed)
    {
      char c = text[i];

      if (st->multiline)
        break;
      if (c == '"')
        in_quote = !in_quote;
      if (c != '$' || i + 1 >= end
          || !(text[i + 1] == '{' || vigil_conf_is_name_start (text[i + 1])))
        {
          i++;
          continue;
        }
      subst_copy (st, text, run, i, fixed_col);
      i = run = subst_use (st, text, i, end, fixed_col, in_quote, depth);
    }
  subst_copy (st, text, run, end, fixed_col);
}

/* Expands line[start, end) into `out` (whose text and file/line the caller
 * set up). `*multiline` tells that `out` holds several lines ('\n'), to be
 * processed again. FALSE when the line must be dropped. */
gboolean
vigil_conf_substitute (VigilConfLoader *loader, const VigilConfLine *line,
                       gsize start, gsize end, VigilConfLine *out, gboolean *multiline)
{
  Subst st = { loader, line, out, g_ptr_array_new (), FALSE, FALSE };

  subst_run (&st, line->text->str, start, end, 0, FALSE, 0);
  g_ptr_array_unref (st.active);
  *multiline = st.multiline;
  loader->expanded_bytes += out->text->len;
  if (!st.failed && loader->expanded_bytes > loader->max_expanded_bytes && !loader->aborted)
    {
      VigilSourceLoc loc = vigil_conf_line_loc (line, start);
      vigil_conf_loader_error (loader, &loc,
                               _("the configuration is too large: more than %llu "
                                 "bytes after expanding definitions"),
                               (unsigned long long) loader->max_expanded_bytes);
      loader->aborted = TRUE;
    }
  return !st.failed && !loader->aborted;
}

/* ---- lines ------------------------------------------------------------- */

/* The lines of an expanded multi-line definition, one by one. */
static void
process_expanded_lines (VigilConfLoader *loader, const VigilConfLine *out, guint depth)
{
  VigilConfLineSeq seq = { 0 };
  VigilConfLine piece;
  const char *s = out->text->str;
  gsize len = out->text->len;
  gsize a = 0;

  if (depth > VIGIL_CONF_MAX_EXPANSION_DEPTH)
    {
      VigilSourceLoc loc = vigil_conf_line_loc (out, 0);
      vigil_conf_loader_error (loader, &loc, _("definitions nested more than %u deep"),
                               VIGIL_CONF_MAX_EXPANSION_DEPTH);
      return;
    }
  vigil_conf_line_init (&piece, out->file, out->line);
  while (!loader->aborted)
    {
      const char *nl = memchr (s + a, '\n', len - a);
      gsize b = nl != NULL ? (gsize) (nl - s) : len;

      g_string_truncate (piece.text, 0);
      if (piece.cols != NULL)
        g_array_set_size (piece.cols, 0);
      vigil_conf_line_append_from (&piece, out, a, b);
      vigil_conf_line_seq_feed (loader, &seq, &piece, depth);
      if (nl == NULL)
        break;
      a = b + 1;
    }
  vigil_conf_line_seq_finish (loader, &seq);
  vigil_conf_line_clear (&piece);
}

static void
substitute_and_emit (VigilConfLoader *loader, const VigilConfLine *line, gsize pos,
                     guint depth)
{
  VigilConfLine out;
  gboolean multiline = FALSE;

  if (memchr (line->text->str + pos, '$', line->text->len - pos) == NULL)
    {
      vigil_conf_emit_line (loader, line, pos, depth);
      return;
    }
  vigil_conf_line_init (&out, line->file, line->line);
  if (vigil_conf_substitute (loader, line, pos, line->text->len, &out, &multiline))
    {
      if (multiline)
        process_expanded_lines (loader, &out, depth + 1);
      else
        {
          gsize p = skip_space (out.text->str, 0, out.text->len);
          gboolean keep = TRUE;

          /* a conditional that came out of a definition: `$IF_MAIN=@main` */
          while (keep && p < out.text->len && out.text->str[p] == '@')
            keep = check_condition (loader, &out, &p);
          if (keep)
            vigil_conf_emit_line (loader, &out, p, depth);
        }
    }
  vigil_conf_line_clear (&out);
}

/**
 * vigil_conf_process_line:
 * @seq: (nullable): where a multi-line definition may start; NULL inside
 *   ~SEQ and ~LST
 *
 * Preprocesses line[start..] and emits the result.
 */
void
vigil_conf_process_line (VigilConfLoader *loader, const VigilConfLine *line,
                         gsize start, guint depth, VigilConfLineSeq *seq)
{
  const char *s = line->text->str;
  gsize len = line->text->len;
  gsize pos = skip_space (s, start, len);
  VigilSourceLoc loc = vigil_conf_line_loc (line, pos);

  if (!vigil_conf_loader_count_line (loader, &loc) || pos >= len)
    return;
  while (pos < len && s[pos] == '@')
    if (!check_condition (loader, line, &pos))
      {
        /* a dropped multi-line definition takes its lines with it */
        if (pos < len && s[pos] == '$')
          try_definition (loader, line, pos, seq, TRUE);
        return;
      }
  if (pos >= len)
    return;
  if (s[pos] == '$' && try_definition (loader, line, pos, seq, FALSE))
    return;
  if (s[pos] == '~' && vigil_conf_expand_loop (loader, line, pos, depth))
    return;
  substitute_and_emit (loader, line, pos, depth);
}

/* Next line of a run (a file, or an expanded multi-line definition). */
void
vigil_conf_line_seq_feed (VigilConfLoader *loader, VigilConfLineSeq *seq,
                          const VigilConfLine *line, guint depth)
{
  const char *s = line->text->str;
  gsize end = line->text->len;
  gsize begin;
  gboolean more;
  VigilSourceLoc loc;

  if (!seq->active)
    {
      vigil_conf_process_line (loader, line, 0, depth, seq);
      return;
    }
  loc = vigil_conf_line_loc (line, 0);
  if (!vigil_conf_loader_count_line (loader, &loc))
    return;
  while (end > 0 && vigil_conf_is_space (s[end - 1]))
    end--;
  more = end > 0 && s[end - 1] == '\\';
  if (more)
    end--;
  begin = skip_space (s, 0, end);
  if (seq->n_lines++ > 0)
    g_string_append_c (seq->value, '\n');
  g_string_append_len (seq->value, s + begin, end - begin);
  if (!more)
    seq_end (loader, seq);
}

/* End of a run: a multi-line definition still open ends here. */
void
vigil_conf_line_seq_finish (VigilConfLoader *loader, VigilConfLineSeq *seq)
{
  if (!seq->active)
    return;
  if (!seq->discard && !loader->aborted)
    vigil_conf_loader_warning (loader, &seq->loc,
                               _("the multi-line definition of '$%s' is not ended "
                                 "(its last line ends with '\\')"),
                               seq->name);
  seq_end (loader, seq);
}
