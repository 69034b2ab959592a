/* fuzz-config.c - libFuzzer target for the config lexer, preprocessor and parser
 *
 * Input: the text of a keepalived.conf (up to its first NUL byte). It is
 * loaded with vigil_conf_load_string() as "fuzz.conf", with `include`
 * turned off (an input must not make the fuzzer read the file system) and
 * a small line budget so that `~SEQ` and `$` expansion stay quick.
 * Seeds (corpus/config/) are some of keepalived's Debian sample configs
 * and snippets for each preprocessor feature.
 *
 * Whatever the input, the tree must hold only valid UTF-8 words, each with
 * a location in fuzz.conf, and print; every diagnostic must format. Then
 * the keyword parser and validator run on the same text
 * (vigil_config_load_string_full(), with a host whose every interface
 * exists): a config must come back exactly when no error was reported.
 */
#include "config/config.h"
#include "config/tree.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
require (gboolean condition, const char *what)
{
  if (!condition)
    {
      g_printerr ("fuzz-config: %s\n", what);
      abort ();
    }
}

static gboolean
any_interface (const char *name, gpointer user_data)
{
  return TRUE;
}

static void
check_word (const VigilConfWord *word, const char *file)
{
  require (word->text != NULL, "word without text");
  require (g_utf8_validate (word->text, -1, NULL), "word is not UTF-8");
  require (word->loc.file == file, "word from another file");
  require (word->loc.line > 0 && word->loc.col > 0, "word without a place");
}

static void
check_node (const VigilConfNode *node, const char *file, guint depth)
{
  require (depth <= 65, "tree deeper than the block limit");
  require (node->n_args == 0 || node->args != NULL, "node with args but no array");
  check_word (&node->keyword, file);
  for (guint i = 0; i < node->n_args; i++)
    check_word (node->args[i], file);
  if (node->children == NULL)
    return;
  require (node->open_brace.line > 0, "block without its '{'");
  for (guint i = 0; i < node->children->len; i++)
    check_node (g_ptr_array_index (node->children, i), file, depth + 1);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  VigilConfLoadOptions options = {
    .config_id = "main",
    .max_lines = 5000,
    .no_includes = TRUE,
  };
  g_autoptr(VigilConfNode) root = vigil_conf_load_string ("fuzz.conf", text, &options, diags);
  const char *file = g_intern_string ("fuzz.conf");
  g_autofree char *printed = NULL;
  g_auto(GStrv) lines = NULL;

  require (root != NULL, "no tree");
  require (root->children != NULL, "root without block");
  for (guint i = 0; i < root->children->len; i++)
    check_node (g_ptr_array_index (root->children, i), file, 1);
  printed = vigil_conf_node_to_string (root);
  require (g_utf8_validate (printed, -1, NULL), "printed tree is not UTF-8");
  lines = vigil_diag_list_to_strv (diags);
  require (g_strv_length (lines) == vigil_diag_list_length (diags), "diagnostics lost");

  {
    VigilConfigEnv env = { any_interface, NULL };
    g_autoptr(VigilDiagList) parser_diags = vigil_diag_list_new ();
    g_autoptr(VigilConfig) config =
      vigil_config_load_string_full ("fuzz.conf", text, &options, &env, parser_diags);
    g_auto(GStrv) parser_lines = vigil_diag_list_to_strv (parser_diags);

    require ((config == NULL) == vigil_diag_list_has_errors (parser_diags),
             "a config despite errors, or none without an error");
    require (g_strv_length (parser_lines) == vigil_diag_list_length (parser_diags),
             "parser diagnostics lost");
  }
  return 0;
}
