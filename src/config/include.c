/* include.c - `include PATTERN` lines and their variants
 *
 * As keepalived.conf(5) describes: the pattern may hold wildcards and csh
 * brace expressions (glob(3) with GLOB_BRACE); a relative pattern is
 * relative to the directory of the file that holds the include line; the
 * matching files are read in sorted order as if their lines stood in
 * place of the include line, so blocks and definitions carry across.
 * A pattern that matches nothing is a warning (an error for includem with
 * no wildcard, and for includew, includeb, includea, includet); a match
 * that cannot be read, an include loop and nesting deeper than the limit
 * are errors at the include line.
 */
#define G_LOG_DOMAIN "vigil-config"

#include "vigil-build-config.h"
#include "config/lexer-private.h"
#include "i18n.h"

#include <glob.h>
#include <string.h>

typedef enum {
  INCLUDE_NO_MATCH_WARNS,       /* include, includer */
  INCLUDE_NO_MATCH_FAILS_PLAIN, /* includem: unless the name has a wildcard */
  INCLUDE_NO_MATCH_FAILS,       /* includew, includeb, includea, includet */
} IncludeMode;

static gboolean
include_keyword (const char *word, IncludeMode *mode)
{
  static const struct {
    const char *word;
    IncludeMode mode;
  } keywords[] = {
    { "include", INCLUDE_NO_MATCH_WARNS },
    { "includer", INCLUDE_NO_MATCH_WARNS },
    { "includem", INCLUDE_NO_MATCH_FAILS_PLAIN },
    { "includew", INCLUDE_NO_MATCH_FAILS },
    { "includeb", INCLUDE_NO_MATCH_FAILS },
    { "includea", INCLUDE_NO_MATCH_FAILS },
    { "includet", INCLUDE_NO_MATCH_FAILS },
  };

  if (strncmp (word, "include", 7) != 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    if (g_str_equal (word, keywords[i].word))
      {
        *mode = keywords[i].mode;
        return TRUE;
      }
  return FALSE;
}

static void
include_file (VigilConfLoader *loader, const char *path, const VigilSourceLoc *at,
              guint depth)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  VigilConfSource *source;
  gsize length = 0;

  source = vigil_conf_source_new_for_file (path);
  for (guint i = 0; i < loader->sources->len; i++)
    {
      VigilConfSource *open = g_ptr_array_index (loader->sources, i);

      if (open->canonical != NULL && g_str_equal (open->canonical, source->canonical))
        {
          vigil_conf_loader_error (loader, at,
                                   _("include loop: '%s' is already being read"), path);
          vigil_conf_source_free (source);
          return;
        }
    }
  if (!vigil_conf_read_file (path, &contents, &length, &error))
    {
      vigil_conf_loader_error (loader, at, _("cannot read included file '%s': %s"),
                               path, error->message);
      vigil_conf_source_free (source);
      return;
    }
  g_ptr_array_add (loader->sources, source);
  vigil_conf_read_text (loader, contents, length, depth);
  g_ptr_array_set_size (loader->sources, loader->sources->len - 1);
}

static void
include_pattern (VigilConfLoader *loader, const char *keyword, IncludeMode mode,
                 const VigilConfToken *pattern, guint depth)
{
  VigilConfSource *source = vigil_conf_loader_source (loader);
  g_autofree char *full = NULL;
  gboolean wildcard;
  glob_t matches;
  int ret;

  if (g_path_is_absolute (pattern->text) || source->dir == NULL)
    full = g_strdup (pattern->text);
  else
    full = g_build_filename (source->dir, pattern->text, NULL);
  wildcard = strpbrk (pattern->text, "*?[{") != NULL;

  memset (&matches, 0, sizeof matches);
  ret = glob (full, GLOB_BRACE, NULL, &matches);
  if (ret == GLOB_NOMATCH)
    {
      if (mode == INCLUDE_NO_MATCH_FAILS || (mode == INCLUDE_NO_MATCH_FAILS_PLAIN && !wildcard))
        vigil_conf_loader_error (loader, &pattern->loc, _("no file matches '%s' (%s)"),
                                 full, keyword);
      else
        vigil_conf_loader_warning (loader, &pattern->loc,
                                   _("no file matches '%s'; nothing included"), full);
    }
  else if (ret != 0)
    vigil_conf_loader_error (loader, &pattern->loc, _("cannot list the files matching '%s'"),
                             full);
  else if (matches.gl_pathc > VIGIL_CONF_MAX_INCLUDE_MATCHES)
    vigil_conf_loader_error (loader, &pattern->loc,
                             _("'%s' matches more than %u files"), full,
                             VIGIL_CONF_MAX_INCLUDE_MATCHES);
  else
    {
      for (gsize i = 0; i < matches.gl_pathc && !loader->aborted; i++)
        include_file (loader, matches.gl_pathv[i], &pattern->loc, depth);
    }
  globfree (&matches);
}

/* An include line: the keyword, one file name pattern, and perhaps braces
 * that belong to the surrounding blocks. */
static void
include_line (VigilConfLoader *loader, VigilConfToken *tokens, guint n_tokens,
              IncludeMode mode, guint depth)
{
  const VigilConfToken *keyword = &tokens[0];
  guint n_words = 1;

  while (n_words < n_tokens && tokens[n_words].type == VIGIL_CONF_TOKEN_WORD)
    n_words++;

  if (loader->no_includes)
    vigil_conf_loader_error (loader, &keyword->loc, _("'%s' is not allowed here"),
                             keyword->text);
  else if (n_words < 2)
    vigil_conf_loader_error (loader, &keyword->loc, _("'%s' needs a file name"),
                             keyword->text);
  else if (loader->sources->len > loader->max_include_depth)
    vigil_conf_loader_error (loader, &keyword->loc,
                             _("includes nested more than %u deep"),
                             loader->max_include_depth);
  else
    {
      if (n_words > 2)
        vigil_conf_loader_warning (loader, &tokens[2].loc,
                                   _("'%s' takes one file name; the rest of the line is "
                                     "ignored (quote a name that contains spaces)"),
                                   keyword->text);
      include_pattern (loader, keyword->text, mode, &tokens[1], depth + 1);
    }
  if (n_words < n_tokens)
    vigil_conf_tree_add_tokens (loader, tokens + n_words, n_tokens - n_words);
}

/* Does line[start..] start with an include keyword (and a blank or the
 * end of the line after it)? Gives the keyword's bounds. */
static gboolean
is_include_line (const VigilConfLine *line, gsize start, IncludeMode *mode,
                 gsize *keyword_start, gsize *keyword_end)
{
  const char *s = line->text->str;
  gsize len = line->text->len;
  gsize p = start, q;
  char keyword[16];

  while (p < len && vigil_conf_is_space (s[p]))
    p++;
  if (len - p < 7 || memcmp (s + p, "include", 7) != 0)
    return FALSE;
  q = p;
  while (q < len && g_ascii_isalpha (s[q]))
    q++;
  if (q - p >= sizeof keyword || (q < len && !vigil_conf_is_space (s[q])))
    return FALSE;
  memcpy (keyword, s + p, q - p);
  keyword[q - p] = '\0';
  *keyword_start = p;
  *keyword_end = q;
  return include_keyword (keyword, mode);
}

/* An include line's tokens: the keyword; the file name, which is the next
 * word as it stands, braces and all (`include {a,b}.conf`), or a quoted
 * string; then whatever follows, tokenized as usual. */
static void
tokenize_include (VigilConfLoader *loader, const VigilConfLine *line, gsize p, gsize q,
                  GArray *tokens)
{
  const char *s = line->text->str;
  gsize len = line->text->len;
  gsize r, end;
  VigilConfToken token = { VIGIL_CONF_TOKEN_WORD, NULL, FALSE, VIGIL_SOURCE_LOC_NONE };

  token.text = vigil_conf_tree_strndup (loader, s + p, q - p);
  token.loc = vigil_conf_line_loc (line, p);
  g_array_append_val (tokens, token);

  r = q;
  while (r < len && vigil_conf_is_space (s[r]))
    r++;
  if (r == len)
    return;
  token.loc = vigil_conf_line_loc (line, r);
  if (s[r] == '"')
    {
      const char *close = memchr (s + r + 1, '"', len - r - 1);

      end = close != NULL ? (gsize) (close - s) : len;
      if (close == NULL)
        vigil_conf_loader_error (loader, &token.loc, "%s",
                                 _("missing closing '\"' of the quoted string that starts here"));
      token.text = vigil_conf_tree_strndup (loader, s + r + 1, end - r - 1);
      token.quoted = TRUE;
      end = close != NULL ? end + 1 : len;
    }
  else
    {
      end = r;
      while (end < len && !vigil_conf_is_space (s[end]))
        end++;
      token.text = vigil_conf_tree_strndup (loader, s + r, end - r);
    }
  g_array_append_val (tokens, token);
  vigil_conf_tokenize (loader, line, end, tokens);
}

/**
 * vigil_conf_include_line:
 *
 * Handles line[start..] when it is an include line.
 * Returns: FALSE when it is not one
 */
gboolean
vigil_conf_include_line (VigilConfLoader *loader, const VigilConfLine *line, gsize start,
                         guint depth)
{
  g_autoptr(GArray) tokens = NULL;
  gsize keyword_start, keyword_end;
  IncludeMode mode;

  if (!is_include_line (line, start, &mode, &keyword_start, &keyword_end))
    return FALSE;
  /* not the loader's scratch array: the included files need that one */
  tokens = g_array_new (FALSE, FALSE, sizeof (VigilConfToken));
  tokenize_include (loader, line, keyword_start, keyword_end, tokens);
  include_line (loader, (VigilConfToken *) tokens->data, tokens->len, mode, depth);
  return TRUE;
}
