/* test-lexer.c - words, quotes, comments, braces, locations, include */
#include "config/tree.h"
#include "conf-test-util.h"

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- tokens and blocks ---------------------------------------------------- */

static const ConfTreeCase tree_cases[] = {
  { "empty", NULL, "", "", NULL },
  { "blank-lines", NULL, "\n\n   \t\n", "", NULL },
  { "words", NULL, "router_id  my-router\textra\n", "router_id my-router extra\n", NULL },
  { "no-final-newline", NULL, "a b", "a b\n", NULL },
  { "crlf", NULL, "a b\r\nc\r\n", "a b\nc\n", NULL },
  { "block-same-line", NULL, "global_defs {\n  router_id r1\n}\n",
    "global_defs {\n  router_id r1\n}\n", NULL },
  { "block-next-line", NULL, "vrrp_instance VI_1\n{\n  state MASTER\n}\n",
    "vrrp_instance VI_1 {\n  state MASTER\n}\n", NULL },
  { "block-next-line-after-blank-and-comment", NULL,
    "vrrp_instance VI_1\n\n# a comment\n{\n  state MASTER\n}\n",
    "vrrp_instance VI_1 {\n  state MASTER\n}\n", NULL },
  { "block-one-line", NULL, "track_script { chk_a chk_b }\n",
    "track_script {\n  chk_a chk_b\n}\n", NULL },
  { "block-words-after-open", NULL, "virtual_ipaddress { 192.0.2.1/24 dev eth0\n  192.0.2.2\n}\n",
    "virtual_ipaddress {\n  192.0.2.1/24 dev eth0\n  192.0.2.2\n}\n", NULL },
  { "close-then-words", NULL, "a {\n b } c d\n", "a {\n  b\n}\nc d\n", NULL },
  { "braces-glued", NULL, "a{b}c\n", "a {\n  b\n}\nc\n", NULL },
  { "empty-block", NULL, "a {}\nb { }\n", "a {\n}\nb {\n}\n", NULL },
  { "nested", NULL,
    "virtual_server 10.0.0.1 80 {\n"
    "  real_server 192.168.1.1 80 {\n"
    "    TCP_CHECK {\n"
    "      connect_timeout 3\n"
    "    }\n"
    "  }\n"
    "}\n",
    "virtual_server 10.0.0.1 80 {\n"
    "  real_server 192.168.1.1 80 {\n"
    "    TCP_CHECK {\n"
    "      connect_timeout 3\n"
    "    }\n"
    "  }\n"
    "}\n", NULL },
  { "several-closes", NULL, "a { b { c } }\nd\n", "a {\n  b {\n    c\n  }\n}\nd\n", NULL },
  { "quoted", NULL, "notify_master \"/usr/local/bin/x.sh arg\"\n",
    "notify_master \"/usr/local/bin/x.sh arg\"\n", NULL },
  { "quoted-keyword", NULL, "\"quoted word\" b\n", "\"quoted word\" b\n", NULL },
  { "quoted-empty", NULL, "a \"\" b\n", "a \"\" b\n", NULL },
  { "quote-splits-words", NULL, "foo\"bar baz\"qux\n", "foo \"bar baz\" qux\n", NULL },
  { "quoted-braces-and-comments", NULL, "a \"{ # ! }\" b\n", "a \"{ # ! }\" b\n", NULL },
  { "single-quote-is-text", NULL, "misc_path /bin/x 'a b'\n", "misc_path /bin/x 'a b'\n", NULL },
  { "comment-hash", NULL, "# whole line\na b # tail\n", "a b\n", NULL },
  { "comment-bang", NULL, "! whole line\na b ! tail\n", "a b\n", NULL },
  { "comment-mid-word", NULL, "a b#c d\n", "a b\n", NULL },
  { "comment-after-quote", NULL, "a \"x#y\" # c\n", "a \"x#y\"\n", NULL },
  { "comment-hides-brace", NULL, "a { # }\n}\n", "a {\n}\n", NULL },
  { "tab-and-cr-are-blank", NULL, "\ta\t\tb\r\n", "a b\n", NULL },
  { "dollar-without-name", NULL, "a $ $1 $$ x$\n", "a $ $1 $$ x$\n", NULL },
  { "tilde-word", NULL, "a ~SEQ(I,1,2)\n~other x\n", "a ~SEQ(I,1,2)\n~other x\n", NULL },
  { "at-inside-line", NULL, "a @main b\n", "a @main b\n", NULL },
};

/* ---- locations -------------------------------------------------------------- */

static void
assert_loc (const VigilSourceLoc *loc, const char *file, guint line, guint col)
{
  g_assert_cmpstr (loc->file, ==, file);
  g_assert_true (loc->file == g_intern_string (file));
  g_assert_cmpuint (loc->line, ==, line);
  g_assert_cmpuint (loc->col, ==, col);
}

static const VigilConfNode *
child (const VigilConfNode *node, guint i)
{
  g_assert_nonnull (node->children);
  g_assert_cmpuint (i, <, node->children->len);
  return g_ptr_array_index (node->children, i);
}

static void
test_locations (void)
{
  const char *text =
    "global_defs {\n"                  /* 1 */
    "  router_id  \"my router\"\n"     /* 2 */
    "}\n"                              /* 3 */
    "vrrp_instance VI_1\n"             /* 4 */
    "{\n"                              /* 5 */
    "\ttrack_script { chk_a }\n"       /* 6 */
    "   virtual_ipaddress {  # c\n"    /* 7 */
    "      192.0.2.1/24 dev eth0\n"    /* 8 */
    "   }\n"                           /* 9 */
    "}\n";                             /* 10 */
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(VigilConfNode) root = vigil_conf_load_string ("locs.conf", text, NULL, diags);
  const VigilConfNode *global, *router_id, *vi, *track, *chk, *vips, *vip;

  g_assert_cmpuint (vigil_diag_list_length (diags), ==, 0);
  g_assert_cmpstr (root->keyword.text, ==, "");
  g_assert_cmpuint (root->children->len, ==, 2);

  global = child (root, 0);
  assert_loc (&global->keyword.loc, "locs.conf", 1, 1);
  assert_loc (&global->open_brace, "locs.conf", 1, 13);
  assert_loc (&global->close_brace, "locs.conf", 3, 1);
  g_assert_cmpuint (global->n_args, ==, 0);

  router_id = child (global, 0);
  g_assert_cmpstr (router_id->keyword.text, ==, "router_id");
  assert_loc (&router_id->keyword.loc, "locs.conf", 2, 3);
  g_assert_cmpstr (vigil_conf_node_arg (router_id, 0)->text, ==, "my router");
  g_assert_true (vigil_conf_node_arg (router_id, 0)->quoted);
  assert_loc (&vigil_conf_node_arg (router_id, 0)->loc, "locs.conf", 2, 14);
  g_assert_null (vigil_conf_node_arg (router_id, 1));
  g_assert_null (router_id->children);

  vi = child (root, 1);
  assert_loc (&vi->keyword.loc, "locs.conf", 4, 1);
  g_assert_false (vi->keyword.quoted);
  assert_loc (&vigil_conf_node_arg (vi, 0)->loc, "locs.conf", 4, 15);
  assert_loc (&vi->open_brace, "locs.conf", 5, 1);
  assert_loc (&vi->close_brace, "locs.conf", 10, 1);

  track = child (vi, 0);
  assert_loc (&track->keyword.loc, "locs.conf", 6, 2);
  assert_loc (&track->open_brace, "locs.conf", 6, 15);
  assert_loc (&track->close_brace, "locs.conf", 6, 23);
  chk = child (track, 0);
  g_assert_cmpstr (chk->keyword.text, ==, "chk_a");
  assert_loc (&chk->keyword.loc, "locs.conf", 6, 17);

  vips = child (vi, 1);
  assert_loc (&vips->open_brace, "locs.conf", 7, 22);
  vip = child (vips, 0);
  assert_loc (&vip->keyword.loc, "locs.conf", 8, 7);
  assert_loc (&vigil_conf_node_arg (vip, 1)->loc, "locs.conf", 8, 24);
}

static void
test_node_to_string_of_child (void)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(VigilConfNode) root =
    vigil_conf_load_string (NULL, "a {\n  b \"c d\" {\n    e\n  }\n}\n", NULL, diags);
  g_autofree char *text = vigil_conf_node_to_string (child (child (root, 0), 0));

  g_assert_cmpstr (text, ==, "b \"c d\" {\n  e\n}\n");
  g_assert_cmpstr (child (root, 0)->keyword.loc.file, ==, "<string>");
}

/* ---- broken snippets ----------------------------------------------------- */

static const ConfErrorCase error_cases[] = {
  { "unclosed-brace", "global_defs {\n  router_id r\n", "test.conf:1:13", "unclosed '{'" },
  { "unclosed-inner-brace", "a {\n  b {\n    c\n}\n", "test.conf:1:3", "'a'" },
  { "unclosed-brace-next-line", "a\n  {\n", "test.conf:2:3", "unclosed '{'" },
  { "stray-close", "a\n  }\nb\n", "test.conf:2:3", "unmatched '}'" },
  { "stray-close-after-block", "a { b }\n}\n", "test.conf:2:1", "unmatched '}'" },
  { "unterminated-quote", "a\nnotify \"/bin/x arg\n", "test.conf:2:8", "missing closing '\"'" },
  { "open-without-keyword", "{\n}\n", "test.conf:1:1", "without a keyword" },
  { "open-after-block", "a { b }\n{ c }\n", "test.conf:2:1", "without a keyword" },
  { "open-twice", "a { {\n} }\n", "test.conf:1:5", "without a keyword" },
  { "invalid-utf8", "a \xff\xfe b\n", "test.conf:1:3", "invalid UTF-8 byte 0xff" },
  { "undefined-parameter", "$PRIO=100\npriority $PRIOR\n", "test.conf:2:10", "undefined parameter '$PRIOR'" },
  { "undefined-parameter-braces", "a x${NOPE}y\n", "test.conf:1:4", "undefined parameter '$NOPE'" },
  { "bad-parameter-name", "a ${1x}\n", "test.conf:1:3", "invalid parameter name '1x'" },
  { "unterminated-dollar-brace", "a ${X\n", "test.conf:1:3", "'${' without a closing '}'" },
  { "recursive-definition", "$A=x $B\n$B=y $A\nz $A\n", "test.conf:3:3", "'$A' is defined in terms of itself" },
  { "predefined-redefined", "$_PWD=/tmp\n", "test.conf:1:1", "'$_PWD' is predefined" },
  { "at-without-id", "@ router_id x\n", "test.conf:1:1", "'@' must be followed by a config id" },
  { "seq-bad-args", "~SEQ(I) x\n", "test.conf:1:1", "~SEQ takes (VAR, END)" },
  { "seq-bad-number", "~SEQ(I, 1, two) x\n", "test.conf:1:1", "invalid number 'two' in ~SEQ" },
  { "seq-bad-name", "~SEQ(9I, 1, 2) x\n", "test.conf:1:1", "invalid ~SEQ variable name '9I'" },
  { "seq-zero-step", "  ~SEQ(I, 1, 0, 5) x\n", "test.conf:1:3", "never reaches 5" },
  { "seq-wrong-direction", "~SEQ(I, 1, 1, 0) x\n", "test.conf:1:1", "never reaches 0" },
  { "seq-missing-paren", "~SEQ(I, 1, 2 x\n", "test.conf:1:1", "missing ')' after '~SEQ('" },
  { "seq-too-many", "~SEQ(I, 0, 1000000) x\n", "test.conf:1:1", "would repeat the line 1000001 times" },
  { "lst-mismatch", "~LST({A, B}, {1, 2}, {3}) x\n", "test.conf:1:1", "'{3}' has 1 parts for 2 variables" },
  { "lst-no-values", "~LST(A) x\n", "test.conf:1:1", "~LST takes a variable" },
  { "lst-bad-brace", "~LST(A, {1, {2}}) x\n", "test.conf:1:1", "~LST takes a variable" },
  { "multiline-in-seq", "~SEQ(I, 2) $X= \\\n", "test.conf:1:12", "cannot start inside ~SEQ" },
  { "too-many-lines", "~SEQ(I, 1, 50) ~SEQ(J, 1, 50) x\n", "test.conf:1:31", "too large", 1000 },
  { "include-needs-name", "include\n", "test.conf:1:1", "'include' needs a file name" },
  { "includea-missing", "includea /nonexistent/vigil-test-*.conf\n", "test.conf:1:10", "no file matches" },
};

static void
test_error_count_not_just_first (void)
{
  g_autofree char *diags = NULL;
  g_autofree char *tree = conf_test_load ("a {\n}\n}\nb \"x\n}\n", NULL, 0, &diags);

  g_assert_cmpstr (diags, ==,
                   "test.conf:3:1: error: unmatched '}'\n"
                   "test.conf:4:3: error: missing closing '\"' of the quoted string that starts here\n"
                   "test.conf:5:1: error: unmatched '}'");
  g_assert_cmpstr (tree, ==, "a {\n}\nb \"x\"\n");
}

static void
test_too_many_errors (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *diags = NULL;
  g_autofree char *tree = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append (text, "}\n");
  tree = conf_test_load (text->str, NULL, 0, &diags);
  lines = g_strsplit (diags, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 101);
  g_assert_cmpstr (lines[100], ==,
                   "test.conf:100:1: error: too many errors; the rest of the configuration is not read");
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *diags = NULL;
  g_autofree char *tree = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (text, "a {");
  for (guint i = 0; i < 100000; i++)
    g_string_append (text, "}");
  tree = conf_test_load (text->str, NULL, 0, &diags);
  g_assert_cmpstr (diags, ==, "test.conf:1:195: error: blocks nested more than 64 deep");
}

static void
test_nul_byte_in_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vigil-lexer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "nul.conf", NULL);
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(VigilConfNode) root = NULL;
  g_autofree char *tree = NULL;

  g_assert_true (g_file_set_contents (path, "a b\nc \0d\n", 9, NULL));
  root = vigil_conf_load_file (path, NULL, diags);
  tree = vigil_conf_node_to_string (root);
  g_assert_cmpstr (tree, ==, "a b\nc ?d\n");
  g_assert_cmpuint (vigil_diag_list_length (diags), ==, 1);
  g_assert_cmpstr (vigil_diag_list_get (diags, 0)->message, ==, "NUL byte in the configuration");
  g_assert_cmpuint (vigil_diag_list_get (diags, 0)->loc.line, ==, 2);
  g_assert_cmpuint (vigil_diag_list_get (diags, 0)->loc.col, ==, 3);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_missing_top_file (void)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(VigilConfNode) root = vigil_conf_load_file ("/nonexistent/vigil.conf", NULL, diags);
  g_autofree char *line = NULL;

  g_assert_nonnull (root);
  g_assert_cmpuint (root->children->len, ==, 0);
  g_assert_cmpuint (vigil_diag_list_length (diags), ==, 1);
  line = vigil_diag_format (vigil_diag_list_get (diags, 0));
  g_assert_true (g_str_has_prefix (line, "/nonexistent/vigil.conf: error: cannot read the configuration: "));
}

/* ---- include --------------------------------------------------------------- */

typedef struct {
  char *dir;
} TmpTree;

static void
tmp_tree_setup (TmpTree *t, gconstpointer data)
{
  t->dir = g_dir_make_tmp ("vigil-lexer-XXXXXX", NULL);
  g_assert_nonnull (t->dir);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *sub = g_build_filename (path, name, NULL);
          remove_tree (sub);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
tmp_tree_teardown (TmpTree *t, gconstpointer data)
{
  remove_tree (t->dir);
  g_free (t->dir);
}

/* `files`: name, text, name, text, ..., NULL; names relative to the tree */
static void
tmp_write_all (TmpTree *t, const char *const *files)
{
  for (guint i = 0; files[i] != NULL; i += 2)
    {
      g_autofree char *path = g_build_filename (t->dir, files[i], NULL);
      g_autofree char *parent = g_path_get_dirname (path);

      g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
      g_assert_true (g_file_set_contents (path, files[i + 1], -1, NULL));
    }
}

/* Loads `main` in the tree; the diagnostics with the temp dir as "@". */
static char *
tmp_load (TmpTree *t, const char *main_name, const VigilConfLoadOptions *options,
          char **diags_out, VigilConfNode **root_out)
{
  g_autofree char *path = g_build_filename (t->dir, main_name, NULL);
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(VigilConfNode) root = vigil_conf_load_file (path, options, diags);
  g_auto(GStrv) lines = vigil_diag_list_to_strv (diags);
  g_autofree char *joined = g_strjoinv ("\n", lines);
  g_auto(GStrv) parts = g_strsplit (joined, t->dir, -1);

  *diags_out = g_strjoinv ("@", parts);
  if (root_out != NULL)
    *root_out = g_steal_pointer (&root);
  return root != NULL ? vigil_conf_node_to_string (root)
                      : vigil_conf_node_to_string (*root_out);
}

static void
test_include_relative_nested (TmpTree *t, gconstpointer data)
{
  static const char *const files[] = {
    "main.conf", "top\ninclude sub/a.conf\nafter\n",
    "sub/a.conf", "in_a\ninclude deeper/b.conf\n",
    "sub/deeper/b.conf", "in_b ${_PWD}\n",
    NULL,
  };
  g_autofree char *main_path = g_build_filename (t->dir, "main.conf", NULL);
  g_autofree char *b = g_build_filename (t->dir, "sub/deeper/b.conf", NULL);
  g_autofree char *real_dir = realpath (t->dir, NULL);
  g_autofree char *expected = g_strdup_printf ("top\nin_a\nin_b %s/sub/deeper\nafter\n", real_dir);
  g_autofree char *diags = NULL;
  g_autofree char *tree = NULL;
  g_autoptr(VigilConfNode) root = NULL;

  tmp_write_all (t, files);
  tree = tmp_load (t, "main.conf", NULL, &diags, &root);
  g_assert_cmpstr (diags, ==, "");
  g_assert_cmpstr (tree, ==, expected);
  /* the resolved path of the included file */
  assert_loc (&child (root, 2)->keyword.loc, b, 1, 1);
  assert_loc (&child (root, 0)->keyword.loc, main_path, 1, 1);
}

/* Writes `files`, loads `main` and compares the tree and diagnostics. */
static void
check_include (TmpTree *t, const char *const *files, const char *main_name,
               const char *config_id, guint max_include_depth,
               const char *expected_tree, const char *expected_diags)
{
  VigilConfLoadOptions options = { .config_id = config_id,
                                   .max_include_depth = max_include_depth };
  g_autofree char *diags = NULL;
  g_autofree char *tree = NULL;

  tmp_write_all (t, files);
  tree = tmp_load (t, main_name, &options, &diags, NULL);
  g_assert_cmpstr (diags, ==, expected_diags);
  if (expected_tree != NULL)
    g_assert_cmpstr (tree, ==, expected_tree);
}

static void
test_include_glob_sorted (TmpTree *t, gconstpointer data)
{
  static const char *const files[] = {
    "main.conf", "include conf.d/*.conf\ninclude {x,y}.inc\n",
    "conf.d/20-b.conf", "b\n",
    "conf.d/05-c.conf", "c\n",
    "conf.d/10-a.conf", "a\n",
    "conf.d/ignored.txt", "ignored\n",
    "y.inc", "y\n",
    "x.inc", "x\n",
    NULL,
  };

  check_include (t, files, "main.conf", NULL, 0, "c\na\nb\nx\ny\n", "");
}

static void
test_include_inside_block (TmpTree *t, gconstpointer data)
{
  static const char *const files[] = {
    "main.conf", "vrrp_instance VI_1 {\n  include vips.conf\n  priority 100\n}\n",
    "vips.conf", "virtual_ipaddress {\n  192.0.2.1/24\n}\n",
    NULL,
  };

  check_include (t, files, "main.conf", NULL, 0,
                 "vrrp_instance VI_1 {\n  virtual_ipaddress {\n    192.0.2.1/24\n  }\n"
                 "  priority 100\n}\n", "");
}

static void
test_include_definitions_cross_files (TmpTree *t, gconstpointer data)
{
  static const char *const files[] = {
    "main.conf", "@main include defs.conf\n@other include nothing.conf\npriority $PRIO\n",
    "defs.conf", "$PRIO=150\n",
    NULL,
  };

  check_include (t, files, "main.conf", "main", 0, "priority 150\n", "");
}

static void
test_include_loop (TmpTree *t, gconstpointer data)
{
  static const char *const files[] = {
    "a.conf", "in_a\ninclude b.conf\n",
    "b.conf", "in_b\n  include a.conf\n",
    NULL,
  };

  check_include (t, files, "a.conf", NULL, 0, "in_a\nin_b\n",
                 "@/b.conf:2:11: error: include loop: '@/a.conf' is already being read");
}

static void
test_include_self (TmpTree *t, gconstpointer data)
{
  static const char *const files[] = { "a.conf", "include *.conf\n", NULL };

  check_include (t, files, "a.conf", NULL, 0, "",
                 "@/a.conf:1:9: error: include loop: '@/a.conf' is already being read");
}

static void
test_include_depth (TmpTree *t, gconstpointer data)
{
  static const char *const files[] = {
    "l0.conf", "level0\ninclude l1.conf\n",
    "l1.conf", "level1\ninclude l2.conf\n",
    "l2.conf", "level2\ninclude l3.conf\n",
    "l3.conf", "level3\ninclude l4.conf\n",
    "l4.conf", "level4\ninclude l5.conf\n",
    NULL,
  };

  check_include (t, files, "l0.conf", NULL, 3, "level0\nlevel1\nlevel2\nlevel3\n",
                 "@/l3.conf:2:1: error: includes nested more than 3 deep");
}

static void
test_include_missing (TmpTree *t, gconstpointer data)
{
  static const char *const files[] = {
    "main.conf", "a\ninclude missing.conf\ninclude none/*.conf\nincludem none/*.conf\n"
                 "includem missing.conf\nincludea none/*.conf\nb\n",
    NULL,
  };

  check_include (t, files, "main.conf", NULL, 0, "a\nb\n",
                 "@/main.conf:2:9: warning: no file matches '@/missing.conf'; nothing included\n"
                 "@/main.conf:3:9: warning: no file matches '@/none/*.conf'; nothing included\n"
                 "@/main.conf:4:10: warning: no file matches '@/none/*.conf'; nothing included\n"
                 "@/main.conf:5:10: error: no file matches '@/missing.conf' (includem)\n"
                 "@/main.conf:6:10: error: no file matches '@/none/*.conf' (includea)");
}

static void
test_include_unreadable (TmpTree *t, gconstpointer data)
{
  static const char *const files[] = {
    "main.conf", "include sub\ninclude fifo\nafter\n",
    "sub/x", "x\n",
    NULL,
  };
  g_autofree char *fifo = g_build_filename (t->dir, "fifo", NULL);

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  check_include (t, files, "main.conf", NULL, 0, "after\n",
                 "@/main.conf:1:9: error: cannot read included file '@/sub': not a regular file\n"
                 "@/main.conf:2:9: error: cannot read included file '@/fifo': not a regular file");
}

static void
test_include_extra_args_and_braces (TmpTree *t, gconstpointer data)
{
  static const char *const files[] = {
    "main.conf", "a {\ninclude \"my file.conf\" }\nb\n",
    "my file.conf", "in_file\n",
    "main2.conf", "include \"my file.conf\" junk\n",
    NULL,
  };

  check_include (t, files, "main.conf", NULL, 0, "a {\n  in_file\n}\nb\n", "");
  check_include (t, files, "main2.conf", NULL, 0, "in_file\n",
                 "@/main2.conf:1:24: warning: 'include' takes one file name; the rest of the "
                 "line is ignored (quote a name that contains spaces)");
}

static void
test_include_braces_across_files (TmpTree *t, gconstpointer data)
{
  static const char *const files[] = {
    "main.conf", "include open.conf\n  inner\n}\n",
    "open.conf", "outer {\n",
    "main2.conf", "include open.conf\n",
    NULL,
  };

  /* keepalived reads includes as one stream of lines; so does vigil */
  check_include (t, files, "main.conf", NULL, 0, "outer {\n  inner\n}\n", "");
  check_include (t, files, "main2.conf", NULL, 0, NULL,
                 "@/open.conf:1:7: error: unclosed '{': the block of 'outer' opened here has no '}'");
}

static void
test_include_forbidden (void)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  VigilConfLoadOptions options = { .config_id = "x", .no_includes = TRUE };
  g_autoptr(VigilConfNode) root = vigil_conf_load_string ("s", "include /etc/passwd\n", &options, diags);
  g_autofree char *line = vigil_diag_format (vigil_diag_list_get (diags, 0));

  g_assert_cmpstr (line, ==, "s:1:1: error: 'include' is not allowed here");
  g_assert_cmpuint (root->children->len, ==, 0);
}

/* ---- scale --------------------------------------------------------------- */

static void
test_scale (void)
{
  g_autoptr(GString) text = g_string_new ("global_defs {\n  router_id big\n}\n");
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(VigilConfNode) root = NULL;
  VigilConfLoadOptions options = { .config_id = "main" };
  guint lines = 3;
  gint64 start, elapsed;

  for (guint i = 0; i < 1000; i++)
    {
      g_string_append_printf (text,
                              "vrrp_instance VI_%u {\n  state BACKUP\n  interface eth0\n"
                              "  virtual_router_id %u\n  priority 100\n  advert_int 1\n"
                              "  authentication {\n    auth_type PASS\n    auth_pass secret\n  }\n"
                              "  virtual_ipaddress {\n", i, i % 255 + 1);
      for (guint k = 0; k < 30; k++)
        g_string_append_printf (text, "    10.%u.%u.%u/32 dev eth0 label eth0:%u\n",
                                i / 250, i % 250, k, k);
      g_string_append (text, "  }\n  track_script {\n    chk_a\n  }\n"
                             "  notify_master \"/usr/local/bin/x.sh master arg\" # note\n}\n");
      lines += 47;
    }
  start = g_get_monotonic_time ();
  root = vigil_conf_load_string ("big.conf", text->str, &options, diags);
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("%u lines, %zu bytes loaded in %.2f ms", lines, text->len, elapsed / 1000.0);
  g_assert_cmpuint (vigil_diag_list_length (diags), ==, 0);
  g_assert_cmpuint (root->children->len, ==, 1001);
  g_assert_cmpuint (child (child (root, 1000), 6)->children->len, ==, 30);
  /* linear work is a few ms; anything quadratic would take seconds, even
   * under a sanitizer on a busy machine */
  g_assert_cmpint (elapsed, <, 2 * G_USEC_PER_SEC);
}

static void
test_long_line (void)
{
  g_autoptr(GString) text = g_string_new ("a");
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(VigilConfNode) root = NULL;

  for (guint i = 0; i < 200000; i++)
    g_string_append (text, " w");
  g_string_append (text, " \"");
  for (guint i = 0; i < 200000; i++)
    g_string_append (text, "q ");
  root = vigil_conf_load_string (NULL, text->str, NULL, diags);
  g_assert_cmpuint (child (root, 0)->n_args, ==, 200001);
  g_assert_cmpuint (vigil_diag_list_length (diags), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  conf_test_add_tree_cases ("/config/lexer/tree", tree_cases, G_N_ELEMENTS (tree_cases));
  conf_test_add_error_cases ("/config/lexer/error", error_cases, G_N_ELEMENTS (error_cases));
  g_test_add_func ("/config/lexer/locations", test_locations);
  g_test_add_func ("/config/lexer/node-to-string-of-child", test_node_to_string_of_child);
  g_test_add_func ("/config/lexer/errors-all-reported", test_error_count_not_just_first);
  g_test_add_func ("/config/lexer/too-many-errors", test_too_many_errors);
  g_test_add_func ("/config/lexer/deep-nesting", test_deep_nesting);
  g_test_add_func ("/config/lexer/nul-byte", test_nul_byte_in_file);
  g_test_add_func ("/config/lexer/missing-top-file", test_missing_top_file);
#define ADD_TMP(path, fn) \
  g_test_add (path, TmpTree, NULL, tmp_tree_setup, fn, tmp_tree_teardown)
  ADD_TMP ("/config/lexer/include/relative-nested", test_include_relative_nested);
  ADD_TMP ("/config/lexer/include/glob-sorted", test_include_glob_sorted);
  ADD_TMP ("/config/lexer/include/inside-block", test_include_inside_block);
  ADD_TMP ("/config/lexer/include/definitions-cross-files", test_include_definitions_cross_files);
  ADD_TMP ("/config/lexer/include/loop", test_include_loop);
  ADD_TMP ("/config/lexer/include/self", test_include_self);
  ADD_TMP ("/config/lexer/include/depth", test_include_depth);
  ADD_TMP ("/config/lexer/include/missing", test_include_missing);
  ADD_TMP ("/config/lexer/include/unreadable", test_include_unreadable);
  ADD_TMP ("/config/lexer/include/extra-args-and-braces", test_include_extra_args_and_braces);
  ADD_TMP ("/config/lexer/include/braces-across-files", test_include_braces_across_files);
#undef ADD_TMP
  g_test_add_func ("/config/lexer/include/forbidden", test_include_forbidden);
  g_test_add_func ("/config/lexer/scale", test_scale);
  g_test_add_func ("/config/lexer/long-line", test_long_line);
  return g_test_run ();
}
