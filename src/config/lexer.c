/* lexer.c - read keepalived.conf files: lines, comments, words
 *
 * Files are read whole, split into lines, cleaned (NUL and invalid UTF-8
 * bytes become '?' with an error) and stripped of comments ('#' or '!'
 * outside double quotes, anywhere on a line). preprocess.c then handles
 * `@`, `$` and `~SEQ`; what comes back is either an `include` line
 * (include.c) or split here into words, quoted strings and braces for the
 * tree builder (tree.c).
 */
#define G_LOG_DOMAIN "vigil-config"

#include "vigil-build-config.h"
#include "config/lexer-private.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- diagnostics and limits ------------------------------------------ */

static void
loader_report (VigilConfLoader *loader, VigilDiagSeverity severity,
               const VigilSourceLoc *loc, const char *format, va_list args)
  G_GNUC_PRINTF (4, 0);

static void
loader_report (VigilConfLoader *loader, VigilDiagSeverity severity,
               const VigilSourceLoc *loc, const char *format, va_list args)
{
  g_autofree char *message = NULL;

  if (severity == VIGIL_DIAG_ERROR)
    {
      if (loader->errors >= VIGIL_CONF_MAX_ERRORS)
        return;
      loader->errors++;
    }
  message = g_strdup_vprintf (format, args);
  vigil_diag_add (loader->diags, severity, loc, "%s", message);
  if (severity == VIGIL_DIAG_ERROR && loader->errors == VIGIL_CONF_MAX_ERRORS)
    {
      vigil_diag_error (loader->diags, loc, "%s",
                        _("too many errors; the rest of the configuration is not read"));
      loader->aborted = TRUE;
    }
}

void
vigil_conf_loader_error (VigilConfLoader *loader, const VigilSourceLoc *loc,
                         const char *format, ...)
{
  va_list args;

  va_start (args, format);
  loader_report (loader, VIGIL_DIAG_ERROR, loc, format, args);
  va_end (args);
}

void
vigil_conf_loader_warning (VigilConfLoader *loader, const VigilSourceLoc *loc,
                           const char *format, ...)
{
  va_list args;

  va_start (args, format);
  loader_report (loader, VIGIL_DIAG_WARNING, loc, format, args);
  va_end (args);
}

/* Counts one line read or produced; FALSE once the load must stop. */
gboolean
vigil_conf_loader_count_line (VigilConfLoader *loader, const VigilSourceLoc *loc)
{
  if (loader->aborted)
    return FALSE;
  if (++loader->lines > loader->max_lines)
    {
      vigil_conf_loader_error (loader, loc,
                               _("the configuration is too large: more than %llu "
                                 "lines after expanding $, ~SEQ and ~LST"),
                               (unsigned long long) loader->max_lines);
      loader->aborted = TRUE;
      return FALSE;
    }
  return TRUE;
}

VigilConfSource *
vigil_conf_loader_source (VigilConfLoader *loader)
{
  return g_ptr_array_index (loader->sources, loader->sources->len - 1);
}

/* ---- lines ------------------------------------------------------------- */

void
vigil_conf_line_init (VigilConfLine *line, const char *file, guint lineno)
{
  line->text = g_string_new (NULL);
  line->cols = NULL;
  line->file = file;
  line->line = lineno;
}

void
vigil_conf_line_clear (VigilConfLine *line)
{
  g_string_free (line->text, TRUE);
  line->text = NULL;
  g_clear_pointer (&line->cols, g_array_unref);
}

guint
vigil_conf_line_col (const VigilConfLine *line, gsize offset)
{
  if (line->cols == NULL)
    return offset + 1;
  if (offset < line->cols->len)
    return g_array_index (line->cols, guint, offset);
  return line->cols->len > 0 ? g_array_index (line->cols, guint, line->cols->len - 1) : 1;
}

VigilSourceLoc
vigil_conf_line_loc (const VigilConfLine *line, gsize offset)
{
  return (VigilSourceLoc) { line->file, line->line, vigil_conf_line_col (line, offset) };
}

static guint *
line_grow (VigilConfLine *line, gsize len)
{
  gsize old = line->text->len;

  if (line->cols == NULL)
    {
      line->cols = g_array_sized_new (FALSE, FALSE, sizeof (guint), old + len + 16);
      g_array_set_size (line->cols, old);
      for (gsize i = 0; i < old; i++)
        g_array_index (line->cols, guint, i) = i + 1;
    }
  g_array_set_size (line->cols, old + len);
  return &g_array_index (line->cols, guint, old);
}

/* Appends text whose every byte comes from column `col`. */
void
vigil_conf_line_append (VigilConfLine *line, const char *text, gsize len, guint col)
{
  guint *cols = line_grow (line, len);

  for (gsize i = 0; i < len; i++)
    cols[i] = col;
  g_string_append_len (line->text, text, len);
}

/* Appends src[start, end) keeping its columns. */
void
vigil_conf_line_append_from (VigilConfLine *line, const VigilConfLine *src,
                             gsize start, gsize end)
{
  guint *cols;

  if (end <= start)
    return;
  cols = line_grow (line, end - start);
  for (gsize i = start; i < end; i++)
    cols[i - start] = vigil_conf_line_col (src, i);
  g_string_append_len (line->text, src->text->str + start, end - start);
}

/* No byte >= 0x80 and no NUL: nothing for the UTF-8 check to find. */
static gboolean
is_plain_ascii (const char *s, gsize len)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 w;

      memcpy (&w, s + i, 8);
      /* a high bit set, or a zero byte */
      if ((w & high) != 0 || ((w - ones) & ~w & high) != 0)
        return FALSE;
    }
  for (; i < len; i++)
    if ((guchar) s[i] >= 0x80 || s[i] == '\0')
      return FALSE;
  return TRUE;
}

/* NUL and invalid UTF-8 bytes become '?' (one error per line); a comment
 * goes. */
static void
clean_line (VigilConfLoader *loader, VigilConfLine *line)
{
  GString *text = line->text;
  gboolean reported = FALSE;
  const char *end;
  gsize from = 0, i = 0;

  while (!is_plain_ascii (text->str + from, text->len - from)
         && !g_utf8_validate_len (text->str + from, text->len - from, &end))
    {
      gsize bad = end - text->str;

      if (!reported)
        {
          VigilSourceLoc loc = vigil_conf_line_loc (line, bad);
          if (text->str[bad] == '\0')
            vigil_conf_loader_error (loader, &loc, "%s", _("NUL byte in the configuration"));
          else
            vigil_conf_loader_error (loader, &loc, _("invalid UTF-8 byte 0x%02x"),
                                     (guint) (guchar) text->str[bad]);
          reported = TRUE;
        }
      text->str[bad] = '?';
      from = bad + 1;
    }
  /* the text has no NUL now: strcspn sees all of it */
  for (;;)
    {
      i += strcspn (text->str + i, "\"#!");
      if (i >= text->len)
        break;
      if (text->str[i] != '"')
        {
          g_string_truncate (text, i);
          break;
        }
      end = memchr (text->str + i + 1, '"', text->len - i - 1);
      if (end == NULL)
        break;
      i = end - text->str + 1;
    }
}

/* ---- files ------------------------------------------------------------- */

void
vigil_conf_source_free (gpointer data)
{
  VigilConfSource *source = data;

  g_free (source->dir);
  g_free (source->canonical);
  g_free (source->pwd);
  g_free (source);
}

/* Reads a regular file of bounded size; never blocks on a FIFO. */
gboolean
vigil_conf_read_file (const char *path, char **contents, gsize *length, GError **error)
{
  g_autoptr(GString) buf = NULL;
  struct stat st;
  char chunk[65536];
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                           g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) < 0)
    {
      int saved = errno;
      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                           g_strerror (saved));
      close (fd);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode) || st.st_size > VIGIL_CONF_MAX_FILE_SIZE)
    {
      if (!S_ISREG (st.st_mode))
        g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                             _("not a regular file"));
      else
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                     _("larger than %u MiB"), VIGIL_CONF_MAX_FILE_SIZE / (1024 * 1024));
      close (fd);
      return FALSE;
    }
  buf = g_string_sized_new (st.st_size + 1);
  for (;;)
    {
      ssize_t n = read (fd, chunk, sizeof chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                               g_strerror (saved));
          close (fd);
          return FALSE;
        }
      if (n == 0)
        break;
      g_string_append_len (buf, chunk, n);
      if (buf->len > VIGIL_CONF_MAX_FILE_SIZE)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                       _("larger than %u MiB"), VIGIL_CONF_MAX_FILE_SIZE / (1024 * 1024));
          close (fd);
          return FALSE;
        }
    }
  close (fd);
  *length = buf->len;
  *contents = g_string_free (g_steal_pointer (&buf), FALSE);
  return TRUE;
}

/* Feeds every line of `text` (the innermost source) to the preprocessor. */
void
vigil_conf_read_text (VigilConfLoader *loader, const char *text, gsize len, guint depth)
{
  VigilConfSource *source = vigil_conf_loader_source (loader);
  VigilConfLineSeq seq = { 0 };
  VigilConfLine line;
  gsize pos = 0;
  guint lineno = 0;

  vigil_conf_line_init (&line, source->file, 0);
  while (pos < len && !loader->aborted)
    {
      const char *nl = memchr (text + pos, '\n', len - pos);
      gsize end = nl != NULL ? (gsize) (nl - text) : len;

      line.line = ++lineno;
      g_string_truncate (line.text, 0);
      g_string_append_len (line.text, text + pos, end - pos);
      clean_line (loader, &line);
      vigil_conf_line_seq_feed (loader, &seq, &line, depth);
      pos = end + 1;
    }
  vigil_conf_line_seq_finish (loader, &seq);
  vigil_conf_line_clear (&line);
}

VigilConfSource *
vigil_conf_source_new_for_file (const char *path)
{
  VigilConfSource *source = g_new0 (VigilConfSource, 1);
  char *real = realpath (path, NULL);

  source->file = g_intern_string (path);
  source->dir = g_path_get_dirname (path);
  if (g_str_equal (source->dir, "."))
    g_clear_pointer (&source->dir, g_free);
  source->canonical = real != NULL ? g_strdup (real) : g_canonicalize_filename (path, NULL);
  free (real);
  source->pwd = g_path_get_dirname (source->canonical);
  return source;
}

/* ---- words ------------------------------------------------------------- */

/* Appends the words and braces of line[start..] to `tokens`. */
void
vigil_conf_tokenize (VigilConfLoader *loader, const VigilConfLine *line, gsize start,
                     GArray *tokens)
{
  const char *s = line->text->str;
  gsize len = line->text->len;
  gsize i = start;

  while (i < len)
    {
      VigilConfToken token = { VIGIL_CONF_TOKEN_WORD, NULL, FALSE, VIGIL_SOURCE_LOC_NONE };
      char c = s[i];

      if (vigil_conf_is_space (c))
        {
          i++;
          continue;
        }
      token.loc = vigil_conf_line_loc (line, i);
      if (c == '{' || c == '}')
        {
          token.type = c == '{' ? VIGIL_CONF_TOKEN_OPEN : VIGIL_CONF_TOKEN_CLOSE;
          i++;
        }
      else if (c == '"')
        {
          const char *close = memchr (s + i + 1, '"', len - i - 1);
          gsize end = close != NULL ? (gsize) (close - s) : len;

          if (close == NULL)
            vigil_conf_loader_error (loader, &token.loc, "%s",
                                     _("missing closing '\"' of the quoted string that starts here"));
          token.text = vigil_conf_tree_strndup (loader, s + i + 1, end - i - 1);
          token.quoted = TRUE;
          i = close != NULL ? end + 1 : len;
        }
      else
        {
          gsize j = i;

          while (j < len && !vigil_conf_is_space (s[j]) && s[j] != '{' && s[j] != '}'
                 && s[j] != '"')
            j++;
          token.text = vigil_conf_tree_strndup (loader, s + i, j - i);
          i = j;
        }
      g_array_append_val (tokens, token);
    }
}

/* A fully preprocessed line: include it, or add its words to the tree. */
void
vigil_conf_emit_line (VigilConfLoader *loader, const VigilConfLine *line, gsize start,
                      guint depth)
{
  if (loader->aborted || vigil_conf_include_line (loader, line, start, depth))
    return;
  vigil_conf_tokenize (loader, line, start, loader->tokens);
  if (loader->tokens->len > 0)
    vigil_conf_tree_add_tokens (loader, (VigilConfToken *) loader->tokens->data,
                                loader->tokens->len);
  g_array_set_size (loader->tokens, 0);
}

/* ---- loading ------------------------------------------------------------ */

static char *
short_host_name (void)
{
  const char *host = g_get_host_name ();
  const char *dot = strchr (host, '.');

  return dot != NULL ? g_strndup (host, dot - host) : g_strdup (host);
}

static void
loader_init (VigilConfLoader *loader, const VigilConfLoadOptions *options,
             VigilDiagList *diags, const char *file)
{
  memset (loader, 0, sizeof *loader);
  loader->diags = diags;
  loader->config_id = options != NULL && options->config_id != NULL
                        ? g_strdup (options->config_id) : short_host_name ();
  loader->max_include_depth = options != NULL && options->max_include_depth > 0
                                ? options->max_include_depth
                                : VIGIL_CONF_DEFAULT_MAX_INCLUDE_DEPTH;
  loader->max_lines = options != NULL && options->max_lines > 0
                        ? options->max_lines : VIGIL_CONF_DEFAULT_MAX_LINES;
  loader->max_expanded_bytes = loader->max_lines * VIGIL_CONF_EXPANSION_BYTES_PER_LINE;
  loader->no_includes = options != NULL && options->no_includes;
  loader->defs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, vigil_conf_def_free);
  loader->sources = g_ptr_array_new_with_free_func (vigil_conf_source_free);
  loader->tokens = g_array_new (FALSE, FALSE, sizeof (VigilConfToken));
  loader->root = vigil_conf_node_new_root (file);
  loader->blocks = g_array_new (FALSE, FALSE, sizeof (VigilConfBlock));
  g_array_append_val (loader->blocks, ((VigilConfBlock) { loader->root, VIGIL_SOURCE_LOC_NONE }));
}

static VigilConfNode *
loader_finish (VigilConfLoader *loader)
{
  vigil_conf_tree_finish (loader);
  g_free (loader->config_id);
  g_hash_table_unref (loader->defs);
  g_ptr_array_unref (loader->sources);
  g_clear_pointer (&loader->rand, g_rand_free);
  g_clear_pointer (&loader->tokens, g_array_unref);
  g_array_unref (loader->blocks);
  return loader->root;
}

/**
 * vigil_conf_load_file:
 * @path: the top-level config file
 * @options: (nullable): config id and limits; NULL for the defaults
 * @diags: receives every error and warning
 *
 * Reads and preprocesses @path and what it includes into a syntax tree.
 * Returns: (transfer full): the root node, never NULL
 */
VigilConfNode *
vigil_conf_load_file (const char *path, const VigilConfLoadOptions *options,
                      VigilDiagList *diags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  VigilConfLoader loader;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (diags != NULL, NULL);

  loader_init (&loader, options, diags, g_intern_string (path));
  if (!vigil_conf_read_file (path, &contents, &length, &error))
    {
      VigilSourceLoc loc = { g_intern_string (path), 0, 0 };
      vigil_conf_loader_error (&loader, &loc, _("cannot read the configuration: %s"),
                               error->message);
    }
  else
    {
      g_ptr_array_add (loader.sources, vigil_conf_source_new_for_file (path));
      vigil_conf_read_text (&loader, contents, length, 0);
    }
  return loader_finish (&loader);
}

/**
 * vigil_conf_load_string:
 * @name: (nullable): the FILE of locations; NULL for "<string>"
 * @text: the configuration
 * @options: (nullable): config id and limits; NULL for the defaults
 * @diags: receives every error and warning
 *
 * Like vigil_conf_load_file() for text in memory; relative includes are
 * looked up from the current directory.
 * Returns: (transfer full): the root node, never NULL
 */
VigilConfNode *
vigil_conf_load_string (const char *name, const char *text,
                        const VigilConfLoadOptions *options, VigilDiagList *diags)
{
  VigilConfLoader loader;
  VigilConfSource *source;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (diags != NULL, NULL);

  source = g_new0 (VigilConfSource, 1);
  source->file = g_intern_string (name != NULL ? name : "<string>");
  source->pwd = g_get_current_dir ();
  loader_init (&loader, options, diags, source->file);
  g_ptr_array_add (loader.sources, source);
  vigil_conf_read_text (&loader, text, strlen (text), 0);
  return loader_finish (&loader);
}
