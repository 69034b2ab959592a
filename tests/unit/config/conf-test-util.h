/* conf-test-util.h - helpers shared by the config lexer/preprocessor tests */
#pragma once

#include "config/tree.h"

#include <string.h>

/* Loads `text` as "test.conf" and returns the normalised tree; the
 * diagnostics, one formatted line each joined by '\n', go to `*diags`. */
static inline char *
conf_test_load (const char *text, const char *config_id, guint max_lines, char **diags)
{
  g_autoptr(VigilDiagList) list = vigil_diag_list_new ();
  VigilConfLoadOptions options = { .config_id = config_id != NULL ? config_id : "main",
                                   .max_lines = max_lines };
  g_autoptr(VigilConfNode) root = vigil_conf_load_string ("test.conf", text, &options, list);
  g_auto(GStrv) lines = vigil_diag_list_to_strv (list);

  *diags = g_strjoinv ("\n", lines);
  return vigil_conf_node_to_string (root);
}

/* A table row: input, the tree it must give, and its diagnostics ("" for
 * none). */
typedef struct {
  const char *name;
  const char *config_id;   /* NULL: "main" */
  const char *input;
  const char *tree;
  const char *diags;
} ConfTreeCase;

static inline void
conf_test_tree_case (gconstpointer data)
{
  const ConfTreeCase *c = data;
  g_autofree char *diags = NULL;
  g_autofree char *tree = conf_test_load (c->input, c->config_id, 0, &diags);

  g_assert_cmpstr (tree, ==, c->tree);
  g_assert_cmpstr (diags, ==, c->diags != NULL ? c->diags : "");
}

/* A broken snippet: an error must be reported at `where` ("test.conf:L:C")
 * with `message` in its text. */
typedef struct {
  const char *name;
  const char *input;
  const char *where;
  const char *message;
  guint max_lines;
} ConfErrorCase;

static inline void
conf_test_error_case (gconstpointer data)
{
  const ConfErrorCase *c = data;
  g_autofree char *diags = NULL;
  g_autofree char *tree = conf_test_load (c->input, NULL, c->max_lines, &diags);
  g_autofree char *prefix = g_strdup_printf ("%s: error: ", c->where);
  g_auto(GStrv) lines = g_strsplit (diags, "\n", -1);
  gboolean found = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix) && strstr (lines[i], c->message) != NULL)
      found = TRUE;
  if (!found)
    g_error ("%s: expected \"%s...%s\", got:\n%s\n(tree:\n%s)", c->name, prefix, c->message,
             diags, tree);
}

static inline void
conf_test_add_tree_cases (const char *prefix, const ConfTreeCase *cases, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s", prefix, cases[i].name);
      g_test_add_data_func (path, &cases[i], conf_test_tree_case);
    }
}

static inline void
conf_test_add_error_cases (const char *prefix, const ConfErrorCase *cases, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s", prefix, cases[i].name);
      g_test_add_data_func (path, &cases[i], conf_test_error_case);
    }
}
