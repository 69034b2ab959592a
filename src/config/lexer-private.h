/* lexer-private.h - state shared by the config lexer, preprocessor and
 * tree builder (lexer.c, preprocess.c, sequence.c, tree.c)
 *
 * The path of one line:
 *   lexer.c       reads a file, splits lines, cleans bytes, strips comments
 *   preprocess.c  multi-line `$NAME= \` capture, `@id` conditionals,
 *                 `$NAME=value` definitions, `$NAME` / `${NAME}` substitution
 *   sequence.c    `~SEQ(...)` / `~SEQx(...)` / `~LST(...)` repetition
 *   include.c     `include` lines
 *   lexer.c       words, quotes and braces
 *   tree.c        words and braces into VigilConfNode blocks
 */
#pragma once

#include "config/tree.h"

G_BEGIN_DECLS

#define VIGIL_CONF_DEFAULT_MAX_INCLUDE_DEPTH 16
#define VIGIL_CONF_DEFAULT_MAX_LINES 2000000
/* Bytes of expanded text allowed per allowed line, on average. */
#define VIGIL_CONF_EXPANSION_BYTES_PER_LINE 256
/* Nesting of definitions inside definitions, and of ~SEQ/~LST. */
#define VIGIL_CONF_MAX_EXPANSION_DEPTH 32
/* One line after substitution. */
#define VIGIL_CONF_MAX_LINE_LENGTH (1024 * 1024)
/* Repetitions of one ~SEQ or ~LST. */
#define VIGIL_CONF_MAX_LOOP_COUNT 100000
#define VIGIL_CONF_MAX_BLOCK_DEPTH 64
/* Errors from one load before it gives up. */
#define VIGIL_CONF_MAX_ERRORS 100
#define VIGIL_CONF_MAX_FILE_SIZE (64 * 1024 * 1024)
/* Files matched by one include pattern. */
#define VIGIL_CONF_MAX_INCLUDE_MATCHES 10000

static inline gboolean
vigil_conf_is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == '\n';
}

/* One logical line on its way through the preprocessor. */
typedef struct {
  GString *text;
  GArray *cols;       /* guint per byte of text; NULL: column = offset + 1 */
  const char *file;   /* interned */
  guint line;
} VigilConfLine;

/* A `$NAME=value` definition. */
typedef struct {
  char *value;        /* lines joined by '\n' when multiline */
  gboolean multiline;
  VigilSourceLoc loc;
} VigilConfDef;

/* A file being read (or the string given to vigil_conf_load_string). */
typedef struct {
  const char *file;   /* interned, as locations show it */
  char *dir;          /* base of relative includes; NULL: current directory */
  char *canonical;    /* realpath, for loop detection; NULL for a string */
  char *pwd;          /* value of ${_PWD} */
} VigilConfSource;

/* A multi-line definition being collected from a run of lines. */
typedef struct {
  gboolean active;
  gboolean discard;   /* its `@id` did not match: drop it when complete */
  char *name;
  GString *value;
  guint n_lines;
  VigilSourceLoc loc;
} VigilConfLineSeq;

typedef enum {
  VIGIL_CONF_TOKEN_WORD,
  VIGIL_CONF_TOKEN_OPEN,
  VIGIL_CONF_TOKEN_CLOSE,
} VigilConfTokenType;

typedef struct {
  VigilConfTokenType type;
  char *text;         /* words only; in the tree's memory (never freed alone) */
  gboolean quoted;
  VigilSourceLoc loc;
} VigilConfToken;

/* An open `{`. */
typedef struct {
  VigilConfNode *node;  /* NULL: a block whose lines are dropped */
  VigilSourceLoc open;
} VigilConfBlock;

typedef struct {
  VigilDiagList *diags;
  char *config_id;
  guint max_include_depth;
  guint64 max_lines;
  guint64 max_expanded_bytes;
  gboolean no_includes;

  GHashTable *defs;         /* name -> VigilConfDef* */
  GPtrArray *sources;       /* VigilConfSource*, innermost last */
  GRand *rand;              /* ${_RANDOM}, made when first used */
  guint64 lines;
  guint64 expanded_bytes;
  guint errors;
  gboolean aborted;         /* a limit was hit: stop reading */

  GArray *tokens;           /* VigilConfToken, scratch for one line */
  VigilConfNode *root;
  GArray *blocks;           /* VigilConfBlock, [0] is the root */
} VigilConfLoader;

/* lexer.c */
gboolean vigil_conf_read_file (const char *path, char **contents, gsize *length,
                               GError **error);
void vigil_conf_read_text (VigilConfLoader *loader, const char *text, gsize len, guint depth);
VigilConfSource *vigil_conf_source_new_for_file (const char *path);
void vigil_conf_source_free (gpointer source);
void vigil_conf_tokenize (VigilConfLoader *loader, const VigilConfLine *line, gsize start,
                          GArray *tokens);
void vigil_conf_loader_error (VigilConfLoader *loader, const VigilSourceLoc *loc,
                              const char *format, ...) G_GNUC_PRINTF (3, 4);
void vigil_conf_loader_warning (VigilConfLoader *loader, const VigilSourceLoc *loc,
                                const char *format, ...) G_GNUC_PRINTF (3, 4);
gboolean vigil_conf_loader_count_line (VigilConfLoader *loader, const VigilSourceLoc *loc);
VigilConfSource *vigil_conf_loader_source (VigilConfLoader *loader);
void vigil_conf_line_init (VigilConfLine *line, const char *file, guint lineno);
void vigil_conf_line_clear (VigilConfLine *line);
guint vigil_conf_line_col (const VigilConfLine *line, gsize offset);
VigilSourceLoc vigil_conf_line_loc (const VigilConfLine *line, gsize offset);
void vigil_conf_line_append (VigilConfLine *line, const char *text, gsize len, guint col);
void vigil_conf_line_append_from (VigilConfLine *line, const VigilConfLine *src,
                                  gsize start, gsize end);
void vigil_conf_emit_line (VigilConfLoader *loader, const VigilConfLine *line,
                           gsize start, guint depth);

/* include.c */
gboolean vigil_conf_include_line (VigilConfLoader *loader, const VigilConfLine *line,
                                  gsize start, guint depth);

/* preprocess.c */
void vigil_conf_line_seq_feed (VigilConfLoader *loader, VigilConfLineSeq *seq,
                               const VigilConfLine *line, guint depth);
void vigil_conf_line_seq_finish (VigilConfLoader *loader, VigilConfLineSeq *seq);
void vigil_conf_process_line (VigilConfLoader *loader, const VigilConfLine *line,
                              gsize start, guint depth, VigilConfLineSeq *seq);
gboolean vigil_conf_substitute (VigilConfLoader *loader, const VigilConfLine *line,
                                gsize start, gsize end, VigilConfLine *out,
                                gboolean *multiline);
gboolean vigil_conf_is_name_start (char c);
gboolean vigil_conf_is_name_char (char c);
VigilConfDef *vigil_conf_def_new (const char *value, gboolean multiline,
                                  const VigilSourceLoc *loc);
void vigil_conf_def_free (gpointer def);
VigilConfDef *vigil_conf_def_take (VigilConfLoader *loader, const char *name);
void vigil_conf_def_put (VigilConfLoader *loader, const char *name, VigilConfDef *def);

/* sequence.c */
gboolean vigil_conf_expand_loop (VigilConfLoader *loader, const VigilConfLine *line,
                                 gsize start, guint depth);

/* tree.c */
VigilConfNode *vigil_conf_node_new_root (const char *file);
char *vigil_conf_tree_strndup (VigilConfLoader *loader, const char *text, gsize len);
void vigil_conf_tree_add_tokens (VigilConfLoader *loader, const VigilConfToken *tokens,
                                 guint n_tokens);
void vigil_conf_tree_finish (VigilConfLoader *loader);

G_END_DECLS
