/* tree.c - words and braces into a tree of VigilConfNode lines
 *
 * The first word of a line (or of the words after a '{' or '}' on it)
 * starts a node; further words are its arguments. '{' opens the block of
 * the node just started on the same line, or, at the start of a line, of
 * the previous line's node. '}' closes the innermost block.
 */
#define G_LOG_DOMAIN "vigil-config"

#include "vigil-build-config.h"
#include "config/lexer-private.h"
#include "i18n.h"

#include <string.h>

/* Nodes, words and their text are carved from big blocks that the root
 * owns: a 50,000-line config would otherwise cost half a million small
 * allocations to build and as many to free. */
#define ARENA_BLOCK_SIZE (64 * 1024)

typedef struct {
  GPtrArray *blocks;   /* g_free */
  GPtrArray *lists;    /* every node's `children` array, freed with the tree */
  char *next;
  gsize left;
} Arena;

static gpointer
arena_alloc (Arena *arena, gsize size)
{
  gpointer p;

  size = (size + 7) & ~(gsize) 7;
  if (size > arena->left)
    {
      gsize block = MAX (ARENA_BLOCK_SIZE, size);

      arena->next = g_malloc (block);
      arena->left = block;
      g_ptr_array_add (arena->blocks, arena->next);
    }
  p = arena->next;
  arena->next += size;
  arena->left -= size;
  return p;
}

static char *
arena_strndup (Arena *arena, const char *text, gsize len)
{
  char *copy = arena_alloc (arena, len + 1);

  memcpy (copy, text, len);
  copy[len] = '\0';
  return copy;
}

/* A copy of text[0, len) that lives as long as the tree. */
char *
vigil_conf_tree_strndup (VigilConfLoader *loader, const char *text, gsize len)
{
  return arena_strndup (loader->root->priv, text, len);
}

static VigilConfNode *
node_new (Arena *arena, const VigilConfToken *keyword, guint n_args)
{
  VigilConfNode *node = arena_alloc (arena, sizeof (VigilConfNode));

  memset (node, 0, sizeof *node);
  node->keyword.text = keyword->text;
  node->keyword.loc = keyword->loc;
  node->keyword.quoted = keyword->quoted;
  /* filled by the caller, n_args counting up to the size given here */
  node->args = n_args > 0 ? arena_alloc (arena, n_args * sizeof (VigilConfWord *)) : NULL;
  node->n_args = 0;
  return node;
}

/* A node's child list. The nodes live in the arena and the list is
 * recorded there, so freeing the tree is one walk over flat arrays, not a
 * recursion over every node. */
static GPtrArray *
children_new (Arena *arena)
{
  GPtrArray *children = g_ptr_array_new ();

  g_ptr_array_add (arena->lists, children);
  return children;
}

VigilConfNode *
vigil_conf_node_new_root (const char *file)
{
  Arena *arena = g_new0 (Arena, 1);
  VigilConfToken keyword = { VIGIL_CONF_TOKEN_WORD, NULL, FALSE, { file, 0, 0 } };
  VigilConfNode *root;

  arena->blocks = g_ptr_array_new_with_free_func (g_free);
  arena->lists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  keyword.text = arena_strndup (arena, "", 0);
  root = node_new (arena, &keyword, 0);
  root->children = children_new (arena);
  root->priv = arena;
  return root;
}

/**
 * vigil_conf_node_free:
 * @node: (nullable): the root from vigil_conf_load_file()
 *
 * Frees the tree: everything in it lives in the root's memory.
 */
void
vigil_conf_node_free (VigilConfNode *node)
{
  Arena *arena;

  if (node == NULL)
    return;
  arena = node->priv;
  g_return_if_fail (arena != NULL);
  g_ptr_array_unref (arena->lists);
  g_ptr_array_unref (arena->blocks);
  g_free (arena);
}

static VigilConfBlock *
top_block (VigilConfLoader *loader)
{
  return &g_array_index (loader->blocks, VigilConfBlock, loader->blocks->len - 1);
}

static void
open_block (VigilConfLoader *loader, VigilConfNode *owner, const VigilSourceLoc *loc)
{
  VigilConfBlock *top = top_block (loader);
  VigilConfBlock block = { NULL, *loc };

  if (top->node == NULL)
    {
      /* inside a block that is being dropped: only count the brace */
    }
  else if (loader->blocks->len > VIGIL_CONF_MAX_BLOCK_DEPTH)
    vigil_conf_loader_error (loader, loc, _("blocks nested more than %u deep"),
                             VIGIL_CONF_MAX_BLOCK_DEPTH);
  else
    {
      GPtrArray *siblings = top->node->children;

      /* `{` alone at the start of a line opens the previous line's block */
      if (owner == NULL && siblings->len > 0)
        owner = g_ptr_array_index (siblings, siblings->len - 1);
      if (owner == NULL || owner->children != NULL)
        vigil_conf_loader_error (loader, loc, "%s",
                                 _("'{' without a keyword to open a block for"));
      else
        {
          owner->children = children_new (loader->root->priv);
          owner->open_brace = *loc;
          block.node = owner;
        }
    }
  g_array_append_val (loader->blocks, block);
}

static void
close_block (VigilConfLoader *loader, const VigilSourceLoc *loc)
{
  VigilConfBlock *top;

  if (loader->blocks->len <= 1)
    {
      vigil_conf_loader_error (loader, loc, "%s", _("unmatched '}'"));
      return;
    }
  top = top_block (loader);
  if (top->node != NULL)
    top->node->close_brace = *loc;
  g_array_set_size (loader->blocks, loader->blocks->len - 1);
}

/* Adds one line's tokens (their text is already in the tree's memory). */
void
vigil_conf_tree_add_tokens (VigilConfLoader *loader, const VigilConfToken *tokens,
                            guint n_tokens)
{
  Arena *arena = loader->root->priv;
  VigilConfNode *line_node = NULL;

  for (guint i = 0; i < n_tokens; i++)
    {
      const VigilConfToken *token = &tokens[i];
      VigilConfBlock *top = top_block (loader);

      switch (token->type)
        {
        case VIGIL_CONF_TOKEN_WORD:
          if (top->node == NULL)
            break;
          if (line_node == NULL)
            {
              guint n_args = 0;

              while (i + 1 + n_args < n_tokens
                     && tokens[i + 1 + n_args].type == VIGIL_CONF_TOKEN_WORD)
                n_args++;
              line_node = node_new (arena, token, n_args);
              g_ptr_array_add (top->node->children, line_node);
            }
          else
            {
              VigilConfWord *word = arena_alloc (arena, sizeof (VigilConfWord));

              word->text = token->text;
              word->loc = token->loc;
              word->quoted = token->quoted;
              line_node->args[line_node->n_args++] = word;
            }
          break;
        case VIGIL_CONF_TOKEN_OPEN:
          open_block (loader, line_node, &token->loc);
          line_node = NULL;
          break;
        case VIGIL_CONF_TOKEN_CLOSE:
          close_block (loader, &token->loc);
          line_node = NULL;
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/* End of input: every block still open is an error at its '{'. */
void
vigil_conf_tree_finish (VigilConfLoader *loader)
{
  for (guint i = 1; i < loader->blocks->len && !loader->aborted; i++)
    {
      const VigilConfBlock *block = &g_array_index (loader->blocks, VigilConfBlock, i);

      if (block->node != NULL)
        vigil_conf_loader_error (loader, &block->open,
                                 _("unclosed '{': the block of '%s' opened here has no '}'"),
                                 block->node->keyword.text);
      else
        vigil_conf_loader_error (loader, &block->open, "%s",
                                 _("unclosed '{': the block opened here has no '}'"));
    }
  g_array_set_size (loader->blocks, 1);
}

/* ---- text form ----------------------------------------------------------- */

static void
append_word (GString *out, const VigilConfWord *word)
{
  if (word->quoted)
    g_string_append_printf (out, "\"%s\"", word->text);
  else
    g_string_append (out, word->text);
}

static void
append_node (GString *out, const VigilConfNode *node, guint indent)
{
  for (guint i = 0; i < indent; i++)
    g_string_append_c (out, ' ');
  append_word (out, &node->keyword);
  for (guint i = 0; i < node->n_args; i++)
    {
      g_string_append_c (out, ' ');
      append_word (out, node->args[i]);
    }
  if (node->children == NULL)
    {
      g_string_append_c (out, '\n');
      return;
    }
  g_string_append (out, " {\n");
  for (guint i = 0; i < node->children->len; i++)
    append_node (out, g_ptr_array_index (node->children, i), indent + 2);
  for (guint i = 0; i < indent; i++)
    g_string_append_c (out, ' ');
  g_string_append (out, "}\n");
}

/**
 * vigil_conf_node_to_string:
 * @node: a node, or the root from vigil_conf_load_file()
 *
 * Returns: (transfer full): the normalised text of @node and its block
 */
char *
vigil_conf_node_to_string (const VigilConfNode *node)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);

  /* the root: an empty keyword that no line produced */
  if (node->keyword.loc.line == 0 && node->keyword.text[0] == '\0' && node->children != NULL)
    {
      for (guint i = 0; i < node->children->len; i++)
        append_node (out, g_ptr_array_index (node->children, i), 0);
    }
  else
    append_node (out, node, 0);
  return g_string_free (out, FALSE);
}
