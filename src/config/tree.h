/* tree.h - the syntax tree of a keepalived.conf, after preprocessing
 *
 * The lexer/preprocessor (lexer.c) turns a config file, its includes,
 * `@` conditionals, `$` definitions and `~SEQ`/`~LST` expansions into a
 * tree of lines. Each line is a keyword with its arguments and, when the
 * line opens a `{ ... }` block, its child lines. Every word keeps the
 * FILE:LINE:COL it came from (for a word produced by a `$NAME` expansion:
 * where the `$NAME` was used).
 *
 * A block's items are lines too: in `virtual_ipaddress { 192.0.2.1/24 dev
 * eth0 }` the child's keyword is "192.0.2.1/24" and its args "dev" "eth0".
 * The parser (parser.c) gives meaning to keywords; this layer knows none.
 */
#pragma once

#include "config/diag.h"

G_BEGIN_DECLS

typedef struct {
  char *text;
  VigilSourceLoc loc;
  gboolean quoted;   /* came from "..." */
} VigilConfWord;

typedef struct _VigilConfNode VigilConfNode;
struct _VigilConfNode {
  VigilConfWord keyword;
  VigilConfWord **args;   /* n_args words, in the tree's memory */
  guint n_args;
  GPtrArray *children;    /* VigilConfNode*, NULL when no block was opened */
  VigilSourceLoc open_brace;   /* where '{' stood, when children != NULL */
  VigilSourceLoc close_brace;  /* where '}' stood */
  gpointer priv;               /* root only: the memory of the whole tree */
};

typedef struct {
  /* Value matched by `@name` / `@^name` lines; NULL = short host name. */
  const char *config_id;
  /* Maximum include nesting before an error; 0 = default (16). */
  guint max_include_depth;
  /* Maximum number of lines read and produced by `$`, `~SEQ` and `~LST`
   * expansion together; past it the load stops with an error.
   * 0 = default (2,000,000). Also bounds expanded text to 256 bytes per
   * line on average. */
  guint max_lines;
  /* Report `include` lines as errors instead of reading files (for
   * untrusted text, e.g. fuzzing). */
  gboolean no_includes;
} VigilConfLoadOptions;

/* Read and preprocess `path` and everything it includes. Returns the root
 * node (its keyword is empty, its children the top-level lines). Never
 * returns NULL: errors (unreadable file, unclosed brace, stray '}', bad
 * `$` definition, include loop...) go to `diags`, and the tree holds what
 * could be read. */
VigilConfNode *vigil_conf_load_file (const char *path,
                                     const VigilConfLoadOptions *options,
                                     VigilDiagList *diags);

/* Same, from a string; `name` is used as the FILE of locations and
 * includes are resolved relative to the current directory. */
VigilConfNode *vigil_conf_load_string (const char *name, const char *text,
                                       const VigilConfLoadOptions *options,
                                       VigilDiagList *diags);

/* Frees a tree. Every node and word of a tree (and their text) lives in
 * memory the root owns: free the root only, and copy what must outlive it. */
void vigil_conf_node_free (VigilConfNode *node);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilConfNode, vigil_conf_node_free)

/* The tree as normalised text: one line per node, two spaces of indent
 * per level, quoted words in "...", blocks as `{` ... `}`. For the root
 * node, its children at indent 0. For tests and `vigild --dump-config`. */
char *vigil_conf_node_to_string (const VigilConfNode *node);

static inline const VigilConfWord *
vigil_conf_node_arg (const VigilConfNode *node, guint i)
{
  return i < node->n_args ? node->args[i] : NULL;
}

G_END_DECLS
