/* test-preprocess.c - @ conditionals, $ definitions, ~SEQ and ~LST */
#include "config/tree.h"
#include "conf-test-util.h"

/* ---- @ conditionals ------------------------------------------------------- */

static const char conditional_text[] =
  "global_defs {\n"
  "  @main   router_id main_router\n"
  "  @backup router_id backup_router\n"
  "}\n"
  "unicast_peer {\n"
  "  @^main    1.2.3.4\n"
  "  @^backup  1.2.3.5\n"
  "  @^backup2 1.2.3.6\n"
  "}\n";

static const ConfTreeCase conditional_cases[] = {
  { "main", "main", conditional_text,
    "global_defs {\n  router_id main_router\n}\nunicast_peer {\n  1.2.3.5\n  1.2.3.6\n}\n", NULL },
  { "backup", "backup", conditional_text,
    "global_defs {\n  router_id backup_router\n}\nunicast_peer {\n  1.2.3.4\n  1.2.3.6\n}\n", NULL },
  { "other", "other", conditional_text,
    "global_defs {\n}\nunicast_peer {\n  1.2.3.4\n  1.2.3.5\n  1.2.3.6\n}\n", NULL },
  { "prefix-is-not-a-match", "mainly", "@main a\n@mainly b\n", "b\n", NULL },
  { "no-blank-needed-before-at", "x", "\t@x a\n", "a\n", NULL },
  { "conditional-brace-line", "x", "@x a {\n@y b {\n  c\n}\n", "a {\n  c\n}\n", NULL },
  { "conditional-definition", "backup",
    "@main $PRIORITY=240\n@backup $PRIORITY=200\nvrrp_instance VI_0 {\n  priority $PRIORITY\n}\n",
    "vrrp_instance VI_0 {\n  priority 200\n}\n", NULL },
  { "conditional-from-definition", "main",
    "$IF_MAIN=@main\n$IF_BACKUP=@backup\n$IF_MAIN priority 240\n$IF_BACKUP priority 100\n",
    "priority 240\n", NULL },
  { "dropped-multiline-definition", "main",
    "$M=old\n@backup $M= \\\n  line1 \\\n  line2\n$M\n", "old\n", NULL },
  { "conditional-seq", "main", "@main ~SEQ(I, 2) a$I\n@other ~SEQ(I, 2) b$I\n", "a1\na2\n", NULL },
  { "instance-name", "node7", "id ${_INSTANCE}\n", "id node7\n", NULL },
};

static void
test_conditional_default_is_short_host_name (void)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autofree char *host = g_strdup (g_get_host_name ());
  g_autofree char *text = NULL;
  g_autoptr(VigilConfNode) root = NULL;
  g_autofree char *tree = NULL;
  char *dot = strchr (host, '.');

  if (dot != NULL)
    *dot = '\0';
  text = g_strdup_printf ("@%s yes\n@^%s no\n", host, host);
  root = vigil_conf_load_string (NULL, text, NULL, diags);
  tree = vigil_conf_node_to_string (root);
  g_assert_cmpstr (tree, ==, "yes\n");
}

/* ---- $ definitions ---------------------------------------------------------- */

static const ConfTreeCase definition_cases[] = {
  { "simple", NULL, "$PRIO=150\npriority $PRIO\n", "priority 150\n", NULL },
  { "braces-mid-word", NULL, "$NET=10.0\naddress ${NET}.1.2/24 x${NET}y\n",
    "address 10.0.1.2/24 x10.0y\n", NULL },
  { "several-words", NULL, "$ADDR=192.0.2.1/24 dev eth0\n$ADDR label x\n",
    "192.0.2.1/24 dev eth0 label x\n", NULL },
  { "empty-value", NULL, "$ALPHA=\nname x${ALPHA}y\n", "name xy\n", NULL },
  { "blank-before-dollar", NULL, "   $X=1\nv $X\n", "v 1\n", NULL },
  { "space-before-equals-is-not-a-definition", NULL, "$X=1\n$X =2\n", "1 =2\n", NULL },
  { "redefinition", NULL, "$X=1\na $X\n$X=2\nb $X\n", "a 1\nb 2\n", NULL },
  { "expanded-when-used", NULL,
    "$ADDRESS_BASE=10.2.${ADDRESS_BASE_SUB}\n$ADDRESS_BASE_SUB=0\n${ADDRESS_BASE}.100/32\n"
    "$ADDRESS_BASE_SUB=10\n${ADDRESS_BASE}.100/32\n",
    "10.2.0.100/32\n10.2.10.100/32\n", NULL },
  { "comment-after-value", NULL, "$X=a b # c\nv $X\n", "v a b\n", NULL },
  { "braces-in-value", NULL, "$B=track_script { chk }\n$B\n", "track_script {\n  chk\n}\n", NULL },
  { "inside-quotes", NULL, "$DIR=/etc/x\nnotify \"$DIR/notify.sh ${DIR} arg\"\n",
    "notify \"/etc/x/notify.sh /etc/x arg\"\n", NULL },
  { "undefined-inside-quotes-stays", NULL, "notify \"/bin/sh -c 'echo $HOME ${USER}'\"\n",
    "notify \"/bin/sh -c 'echo $HOME ${USER}'\"\n", NULL },
  { "hash-and-bang", NULL, "pw a${_HASH}b${_BANG}c\n", "pw a#b!c\n", NULL },
  { "random-fixed-range", NULL, "r ${_RANDOM 7 7}\n", "r 7\n", NULL },
  { "multiline", NULL,
    "$INSTANCE= \\\n"
    "vrrp_instance VI_${NUM} { \\\n"
    "    interface eth0.${NUM} \\\n"
    "    @main priority 130 \\\n"
    "    @backup priority 120 \\\n"
    "    virtual_ipaddress { \\\n"
    "        10.0.${NUM}.254/24 \\\n"
    "    } \\\n"
    "}\n"
    "\n"
    "$NUM=0\n"
    "$INSTANCE\n"
    "$NUM=1\n"
    "$INSTANCE\n",
    "vrrp_instance VI_0 {\n  interface eth0.0\n  priority 130\n  virtual_ipaddress {\n"
    "    10.0.0.254/24\n  }\n}\n"
    "vrrp_instance VI_1 {\n  interface eth0.1\n  priority 130\n  virtual_ipaddress {\n"
    "    10.0.1.254/24\n  }\n}\n", NULL },
  { "multiline-nested", NULL,
    "$RS= \\\n"
    "real_server 192.168.${VS_NUM}.${RS_NUM} 80 { \\\n"
    "    weight ${RS_NUM} \\\n"
    "}\n"
    "$VS= \\\n"
    "virtual_server 10.0.${VS_NUM}.4 80 { \\\n"
    "    $RS_NUM=1 \\\n"
    "    $RS \\\n"
    "    $RS_NUM=2 \\\n"
    "    $RS \\\n"
    "}\n"
    "$VS_NUM=0\n"
    "$VS\n"
    "$VS_NUM=1\n"
    "$VS\n",
    "virtual_server 10.0.0.4 80 {\n"
    "  real_server 192.168.0.1 80 {\n    weight 1\n  }\n"
    "  real_server 192.168.0.2 80 {\n    weight 2\n  }\n}\n"
    "virtual_server 10.0.1.4 80 {\n"
    "  real_server 192.168.1.1 80 {\n    weight 1\n  }\n"
    "  real_server 192.168.1.2 80 {\n    weight 2\n  }\n}\n", NULL },
  { "multiline-blank-line-ends-it", NULL, "$M= \\\n  one \\\n\n  two\n$M\n", "two\none\n", NULL },
  { "multiline-first-line-on-definition", NULL, "$M=a \\\n  b\n$M\n", "a\nb\n", NULL },
  { "multiline-in-middle-of-line", NULL, "$M= \\\nx \\\ny\npre $M post\n", "pre x\ny post\n", NULL },
  { "multiline-comment-hides-backslash", NULL, "$M= \\\nx # c \\\ny\n$M\n", "y\nx\n", NULL },
  { "multiline-unterminated", NULL, "$M= \\\n  a \\\n", "",
    "test.conf:1:1: warning: the multi-line definition of '$M' is not ended (its last line "
    "ends with '\\')" },
  { "include-in-definition-needs-file", NULL, "$I=include\n$I\n", "",
    "test.conf:2:1: error: 'include' needs a file name" },
};

static void
test_random (void)
{
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *diags = NULL;
      g_autofree char *tree = conf_test_load ("r ${_RANDOM 3 5} ${_RANDOM}\n", NULL, 0, &diags);
      guint64 a = 0, b = 0;
      g_auto(GStrv) words = g_strsplit (g_strstrip (tree), " ", -1);

      g_assert_cmpstr (diags, ==, "");
      g_assert_cmpuint (g_strv_length (words), ==, 3);
      g_assert_true (g_ascii_string_to_unsigned (words[1], 10, 3, 5, &a, NULL));
      g_assert_true (g_ascii_string_to_unsigned (words[2], 10, 0, 32767, &b, NULL));
    }
}

static void
test_pwd_of_string_is_cwd (void)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *expected = g_strdup_printf ("d %s\n", cwd);
  g_autofree char *diags = NULL;
  g_autofree char *tree = conf_test_load ("d ${_PWD}\n", NULL, 0, &diags);

  g_assert_cmpstr (tree, ==, expected);
}

/* Words from an expansion carry the place of the use. */
static void
test_expansion_locations (void)
{
  const char *text =
    "$V=a b\n"                 /* 1 */
    "$M= \\\n"                 /* 2 */
    "  m1 x \\\n"              /* 3 */
    "  m2 { y }\n"             /* 4 */
    "kw  $V ${V}c\n"           /* 5 */
    "  $M\n"                   /* 6 */
    "~SEQ(I, 1, 2) s$I t\n";   /* 7 */
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(VigilConfNode) root = vigil_conf_load_string ("e.conf", text, NULL, diags);
  const VigilConfNode *kw, *m1, *m2, *s2;
  g_autofree char *tree = vigil_conf_node_to_string (root);

  g_assert_cmpuint (vigil_diag_list_length (diags), ==, 0);
  g_assert_cmpstr (tree, ==, "kw a b a bc\nm1 x\nm2 {\n  y\n}\ns1 t\ns2 t\n");

  kw = g_ptr_array_index (root->children, 0);
  g_assert_cmpuint (kw->keyword.loc.line, ==, 5);
  g_assert_cmpuint (kw->keyword.loc.col, ==, 1);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpuint (vigil_conf_node_arg (kw, i)->loc.line, ==, 5);
      g_assert_cmpuint (vigil_conf_node_arg (kw, i)->loc.col, ==, 5);
    }
  for (guint i = 2; i < 4; i++)
    g_assert_cmpuint (vigil_conf_node_arg (kw, i)->loc.col, ==, 8);

  m1 = g_ptr_array_index (root->children, 1);
  m2 = g_ptr_array_index (root->children, 2);
  g_assert_cmpuint (m1->keyword.loc.line, ==, 6);
  g_assert_cmpuint (m1->keyword.loc.col, ==, 3);
  g_assert_cmpuint (vigil_conf_node_arg (m1, 0)->loc.col, ==, 3);
  g_assert_cmpuint (m2->open_brace.line, ==, 6);
  g_assert_cmpuint (m2->open_brace.col, ==, 3);

  /* ~SEQ lines keep their own columns; the variable is where `$I` was */
  s2 = g_ptr_array_index (root->children, 4);
  g_assert_cmpuint (s2->keyword.loc.line, ==, 7);
  g_assert_cmpuint (s2->keyword.loc.col, ==, 15);
  g_assert_cmpuint (vigil_conf_node_arg (s2, 0)->loc.col, ==, 19);
}

/* ---- ~SEQ and ~LST ------------------------------------------------------------ */

static const ConfTreeCase sequence_cases[] = {
  { "seq", NULL, "~SEQ(SUBNET, 0, 3) ip_address 10.0.${SUBNET}.1\n",
    "ip_address 10.0.0.1\nip_address 10.0.1.1\nip_address 10.0.2.1\nip_address 10.0.3.1\n", NULL },
  { "seq-end-only", NULL, "~SEQ(A, 3) a$A\n~SEQ(B, 0) b$B\n~SEQ(C, -2) c$C\n",
    "a1\na2\na3\nb1\nb0\nc-1\nc-2\n", NULL },
  { "seq-down", NULL, "~SEQ(B, 3, 1) b$B\n", "b3\nb2\nb1\n", NULL },
  { "seq-step", NULL, "~SEQ(B, 1, 3, 8) b$B\n", "b1\nb4\nb7\n", NULL },
  { "seqx", NULL, "~SEQx(SUBNET, 144, 16, 192) fe80::20:${SUBNET}:1\n",
    "fe80::20:90:1\nfe80::20:a0:1\nfe80::20:b0:1\nfe80::20:c0:1\n", NULL },
  { "seqx-hex-args", NULL, "~SEQx(S, 0x90, 0x10, 0xa0) s${S}\n", "s90\nsa0\n", NULL },
  { "seqx-negative", NULL, "~SEQx(S, -17, -16) s${S}\n", "s-11\ns-10\n", NULL },
  { "seq-nested", NULL, "~SEQx(AD2, 0x90, 0x10, 0xa0) ~SEQx(AD1, 0x12, -1, 0x11) fe81::10:${AD2}:${AD1}\n",
    "fe81::10:90:12\nfe81::10:90:11\nfe81::10:a0:12\nfe81::10:a0:11\n", NULL },
  { "seq-multiline-body", NULL,
    "$VI= \\\nvrrp_instance vi.${IF}.${ID} { \\\n  virtual_router_id ${ID} \\\n}\n"
    "~SEQ(IF, 0, 1) ~SEQ(ID, 1, 2) $VI\n",
    "vrrp_instance vi.0.1 {\n  virtual_router_id 1\n}\nvrrp_instance vi.0.2 {\n  virtual_router_id 2\n}\n"
    "vrrp_instance vi.1.1 {\n  virtual_router_id 1\n}\nvrrp_instance vi.1.2 {\n  virtual_router_id 2\n}\n",
    NULL },
  { "seq-args-from-definitions", NULL, "$N=3\n~SEQ(I, 2, $N) i$I\n", "i2\ni3\n", NULL },
  { "seq-variable-restored", NULL, "$I=keep\n~SEQ(I, 2) i$I\nafter $I\n", "i1\ni2\nafter keep\n", NULL },
  { "seq-in-block", NULL, "virtual_ipaddress {\n  ~SEQ(N, 1, 2) 10.0.0.$N/32\n}\n",
    "virtual_ipaddress {\n  10.0.0.1/32\n  10.0.0.2/32\n}\n", NULL },
  { "lst", NULL, "~LST(V, a, b, c) lst_${V}\n", "lst_a\nlst_b\nlst_c\n", NULL },
  { "lst-tuples", NULL, "~LST({IP, IP1}, {10,1},{20,4},{5,6},{12,8}) 192.168.${IP}.${IP1}\n",
    "192.168.10.1\n192.168.20.4\n192.168.5.6\n192.168.12.8\n", NULL },
  { "lst-nested", NULL, "~LST(IP, 1, 2) ~LST(IP1, 5,6,7) 192.169.${IP}.${IP1}\n",
    "192.169.1.5\n192.169.1.6\n192.169.1.7\n192.169.2.5\n192.169.2.6\n192.169.2.7\n", NULL },
  { "lst-and-seq", NULL, "~LST({IP, IP1}, {10,1},{20,4}) ~SEQ(IP2,168,2,172) 192.${IP2}.${IP}.${IP1}\n",
    "192.168.10.1\n192.170.10.1\n192.172.10.1\n192.168.20.4\n192.170.20.4\n192.172.20.4\n", NULL },
  { "lst-empty-value", NULL, "~LST(V, , x) v${V}v\n", "vv\nvxv\n", NULL },
  { "seq-after-conditional", "main", "@^other ~LST(J, x, y) j$J\n", "jx\njy\n", NULL },
  { "seq-not-at-start", NULL, "foo ~SEQ(I,1,2) x\n", "foo ~SEQ(I,1,2) x\n", NULL },
};

/* ---- limits ---------------------------------------------------------------- */

static const ConfErrorCase limit_cases[] = {
  { "self-reference", "$A=x$A\nv $A\n", "test.conf:2:3", "'$A' is defined in terms of itself" },
  { "mutual-reference", "$A=$B\n$B=$A\n$A\n", "test.conf:3:1", "'$A' is defined in terms of itself" },
  { "multiline-self-reference", "$M= \\\n  a \\\n  $M\n$M\n", "test.conf:4:1", "nested more than 32 deep" },
  { "exponential", "$A=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"
    "$B=$A$A$A$A$A$A$A$A\n$C=$B$B$B$B$B$B$B$B\n$D=$C$C$C$C$C$C$C$C\n$E=$D$D$D$D$D$D$D$D\n"
    "$F=$E$E$E$E$E$E$E$E\n$G=$F$F$F$F$F$F$F$F\n$H=$G$G$G$G$G$G$G$G\nv $H\n",
    "test.conf:9:3", "longer than 1048576 bytes" },
  { "expansion-budget", "$A=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"
    "$B=$A$A$A$A$A$A$A$A\n$C=$B$B$B$B$B$B$B$B\n~SEQ(I, 1000) $C\n",
    "test.conf:4:15", "bytes after expanding definitions", 2000 },
  { "seq-budget", "~SEQ(A, 0, 99999) ~SEQ(B, 0, 99999) ~SEQ(C, 0, 99999) x\n",
    "test.conf:1:55", "the configuration is too large", 50000 },
  { "seq-self-reference", "$L=~SEQ(I, 1) $L\n$L\n", "test.conf:2:1", "defined in terms of itself" },
  { "random-bad", "r ${_RANDOM 9 1}\n", "test.conf:1:3", "invalid ${_RANDOM MIN MAX}" },
};

static void
test_seq_nesting (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *diags = NULL;
  g_autofree char *tree = NULL;

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (text, "~SEQ(A%u, 1) ", i);
  g_string_append (text, "x\n");
  tree = conf_test_load (text->str, NULL, 0, &diags);
  g_assert_cmpstr (diags, ==, "test.conf:1:407: error: ~SEQ and ~LST nested more than 32 deep");
  g_assert_cmpstr (tree, ==, "");
}

static void
test_undefined_hint_and_text (void)
{
  g_autofree char *diags = NULL;
  g_autofree char *tree = conf_test_load ("$PRIORITY=1\npriority ${PRIORTY} $X\n", NULL, 0, &diags);

  g_assert_cmpstr (diags, ==,
                   "test.conf:2:10: error: undefined parameter '$PRIORTY'; did you mean '$PRIORITY'?\n"
                   "test.conf:2:21: error: undefined parameter '$X'");
  g_assert_cmpstr (tree, ==, "priority $PRIORTY $X\n");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  conf_test_add_tree_cases ("/config/preprocess/conditional", conditional_cases,
                            G_N_ELEMENTS (conditional_cases));
  g_test_add_func ("/config/preprocess/conditional/default-id",
                   test_conditional_default_is_short_host_name);
  conf_test_add_tree_cases ("/config/preprocess/definition", definition_cases,
                            G_N_ELEMENTS (definition_cases));
  g_test_add_func ("/config/preprocess/definition/random", test_random);
  g_test_add_func ("/config/preprocess/definition/pwd-of-string", test_pwd_of_string_is_cwd);
  g_test_add_func ("/config/preprocess/definition/undefined", test_undefined_hint_and_text);
  g_test_add_func ("/config/preprocess/locations", test_expansion_locations);
  conf_test_add_tree_cases ("/config/preprocess/sequence", sequence_cases,
                            G_N_ELEMENTS (sequence_cases));
  conf_test_add_error_cases ("/config/preprocess/limit", limit_cases, G_N_ELEMENTS (limit_cases));
  g_test_add_func ("/config/preprocess/limit/seq-nesting", test_seq_nesting);
  return g_test_run ();
}
