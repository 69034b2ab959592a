/* parser.c - the keyword-table engine: dispatch, diagnostics, generic setters */
#define G_LOG_DOMAIN "vigil-config"

#include "config/parser.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

static const VigilConfBlockSpec *const block_specs[VIGIL_CONF_BLOCK_N_KINDS] = {
  [VIGIL_CONF_BLOCK_TOP] = &vigil_conf_top_spec,
  [VIGIL_CONF_BLOCK_GLOBAL_DEFS] = &vigil_conf_global_defs_spec,
  [VIGIL_CONF_BLOCK_VRRP_INSTANCE] = &vigil_conf_vrrp_instance_spec,
  [VIGIL_CONF_BLOCK_AUTHENTICATION] = &vigil_conf_authentication_spec,
  [VIGIL_CONF_BLOCK_VRRP_SYNC_GROUP] = &vigil_conf_vrrp_sync_group_spec,
  [VIGIL_CONF_BLOCK_VRRP_SCRIPT] = &vigil_conf_vrrp_script_spec,
  [VIGIL_CONF_BLOCK_TRACK_FILE] = &vigil_conf_track_file_spec,
  [VIGIL_CONF_BLOCK_TRACK_PROCESS] = &vigil_conf_track_process_spec,
  [VIGIL_CONF_BLOCK_TRACK_GROUP] = &vigil_conf_track_group_spec,
  [VIGIL_CONF_BLOCK_GARP_GROUP] = &vigil_conf_garp_group_spec,
  [VIGIL_CONF_BLOCK_SSL] = &vigil_conf_ssl_spec,
  [VIGIL_CONF_BLOCK_VIRTUAL_SERVER] = &vigil_conf_virtual_server_spec,
  [VIGIL_CONF_BLOCK_REAL_SERVER] = &vigil_conf_real_server_spec,
  [VIGIL_CONF_BLOCK_TCP_CHECK] = &vigil_conf_tcp_check_spec,
  [VIGIL_CONF_BLOCK_HTTP_GET] = &vigil_conf_http_get_spec,
  [VIGIL_CONF_BLOCK_SSL_GET] = &vigil_conf_ssl_get_spec,
  [VIGIL_CONF_BLOCK_URL] = &vigil_conf_url_spec,
  [VIGIL_CONF_BLOCK_SMTP_CHECK] = &vigil_conf_smtp_check_spec,
  [VIGIL_CONF_BLOCK_SMTP_HOST] = &vigil_conf_smtp_host_spec,
  [VIGIL_CONF_BLOCK_DNS_CHECK] = &vigil_conf_dns_check_spec,
  [VIGIL_CONF_BLOCK_UDP_CHECK] = &vigil_conf_udp_check_spec,
  [VIGIL_CONF_BLOCK_PING_CHECK] = &vigil_conf_ping_check_spec,
  [VIGIL_CONF_BLOCK_MISC_CHECK] = &vigil_conf_misc_check_spec,
  [VIGIL_CONF_BLOCK_FILE_CHECK] = &vigil_conf_file_check_spec,
};

const VigilConfBlockSpec *
vigil_conf_block_spec (VigilConfBlockKind kind)
{
  g_return_val_if_fail (kind < VIGIL_CONF_BLOCK_N_KINDS, NULL);
  return block_specs[kind];
}

static int
keyword_compare (const void *key, const void *row)
{
  return strcmp (key, ((const VigilConfKeyword *) row)->keyword);
}

const VigilConfKeyword *
vigil_conf_block_lookup (const VigilConfBlockSpec *spec, const char *keyword)
{
  for (; spec != NULL; spec = spec->base)
    {
      const VigilConfKeyword *row;

      if (spec->n_keywords == 0)
        continue;
      row = bsearch (keyword, spec->keywords, spec->n_keywords, sizeof (VigilConfKeyword),
                     keyword_compare);
      if (row != NULL)
        return row;
    }
  return NULL;
}

/* ---- diagnostics about keywords ---- */

/* Report each (block, keyword) pair once per load; TRUE the first time. */
static gboolean
first_report (VigilConfParser *parser, VigilConfBlockKind block, const char *keyword)
{
  char *key = g_strdup_printf ("%d\x1f%s", (int) block, keyword);

  if (g_hash_table_contains (parser->warned, key))
    {
      g_free (key);
      return FALSE;
    }
  g_hash_table_add (parser->warned, key);
  return TRUE;
}

static const char *
block_display_name (VigilConfBlockKind kind)
{
  return block_specs[kind]->name;
}

void
vigil_conf_warn_unimplemented (VigilConfParser *parser, const VigilSourceLoc *loc,
                               VigilConfBlockKind block, const char *keyword)
{
  const VigilConfUnimplementedRow *row = vigil_conf_unimplemented_lookup (block, keyword);
  VigilDiag *diag;

  g_return_if_fail (row != NULL);
  if (!first_report (parser, block, keyword))
    return;
  diag = vigil_diag_warning (parser->diags, loc,
                             _("'%s' is accepted for compatibility but not implemented by vigil"),
                             keyword);
  if (row->note != NULL)
    vigil_diag_set_hint (diag, "%s", _(row->note));
}

static void
warn_legacy (VigilConfParser *parser, const VigilConfNode *node, VigilConfBlockKind block,
             const VigilConfKeyword *row)
{
  VigilDiag *diag;

  if (!first_report (parser, block, row->keyword))
    return;
  diag = vigil_diag_warning (parser->diags, vigil_conf_node_loc (node),
                             _("'%s' is deprecated; use '%s'"),
                             row->keyword, row->replacement);
  vigil_diag_set_hint (diag, _("further uses of '%s' are not reported"), row->keyword);
}

/* Which blocks accept `keyword`? Fills `homes` with block kinds. */
static guint
find_homes (const char *keyword, VigilConfBlockKind except, VigilConfBlockKind *homes,
            guint max_homes, gboolean *opens_block)
{
  guint n = 0;

  *opens_block = FALSE;
  for (guint k = 0; k < VIGIL_CONF_BLOCK_N_KINDS && n < max_homes; k++)
    {
      const VigilConfKeyword *row;

      if (k == except)
        continue;
      row = vigil_conf_block_lookup (block_specs[k], keyword);
      if (row == NULL && vigil_conf_unimplemented_lookup (k, keyword) == NULL)
        continue;
      if (row != NULL && (row->flags & VIGIL_CONF_KW_BLOCK) != 0)
        *opens_block = TRUE;
      homes[n++] = k;
    }
  return n;
}

/* A keyword valid elsewhere: say where it belongs. Returns FALSE when the
 * keyword is valid in no block at all. `where` is the block it was found
 * in (VIGIL_CONF_BLOCK_N_KINDS for value-list blocks, then `where_name`
 * names it). */
static gboolean
report_misplaced (VigilConfParser *parser, const VigilConfNode *node, VigilConfBlockKind where,
                  const char *where_name)
{
  const char *keyword = node->keyword.text;
  VigilConfBlockKind homes[4];
  gboolean opens_block;
  guint n = find_homes (keyword, where, homes, G_N_ELEMENTS (homes), &opens_block);
  const VigilSourceLoc *loc = vigil_conf_node_loc (node);
  g_autofree char *here = NULL;

  if (n == 0)
    return FALSE;
  here = where == VIGIL_CONF_BLOCK_TOP ? g_strdup (_("at top level"))
                                       : g_strdup_printf (_("in '%s'"), where_name);
  if (homes[0] == VIGIL_CONF_BLOCK_TOP)
    vigil_diag_error (parser->diags, loc, _("'%s' belongs at top level, not %s"), keyword, here);
  else if (opens_block || n == 1)
    vigil_diag_error (parser->diags, loc, _("'%s' belongs inside a '%s' block, not %s"),
                      keyword, block_display_name (homes[0]), here);
  else
    {
      g_autoptr(GString) list = g_string_new (NULL);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (list, "%s'%s'", i > 0 ? ", " : "", block_display_name (homes[i]));
      vigil_diag_error (parser->diags, loc, _("'%s' is not valid %s; it is valid in %s"),
                        keyword, here, list->str);
    }
  return TRUE;
}

gboolean
vigil_conf_report_misplaced (VigilConfParser *parser, const VigilConfNode *node,
                             const char *where_name)
{
  return report_misplaced (parser, node, VIGIL_CONF_BLOCK_N_KINDS, where_name);
}

/* The keywords a user could have meant in `kind`, for hints. */
static GPtrArray *
block_candidates (VigilConfBlockKind kind)
{
  const VigilConfBlockSpec *spec = block_specs[kind];
  GPtrArray *words = g_ptr_array_new ();
  gsize n_unimplemented;
  const VigilConfUnimplementedRow *unimplemented =
    vigil_conf_unimplemented_table (&n_unimplemented);

  for (; spec != NULL; spec = spec->base)
    for (gsize i = 0; i < spec->n_keywords; i++)
      if ((spec->keywords[i].flags & VIGIL_CONF_KW_LEGACY) == 0)
        g_ptr_array_add (words, (gpointer) spec->keywords[i].keyword);
  for (gsize i = 0; i < n_unimplemented; i++)
    if (unimplemented[i].block == kind && strchr (unimplemented[i].keyword, ' ') == NULL)
      g_ptr_array_add (words, (gpointer) unimplemented[i].keyword);
  g_ptr_array_add (words, NULL);
  return words;
}

static void
report_unknown (VigilConfParser *parser, const VigilConfNode *node, VigilConfBlockKind kind)
{
  g_autoptr(GPtrArray) candidates = NULL;
  const char *suggestion;
  VigilDiag *diag;

  if (report_misplaced (parser, node, kind, block_display_name (kind)))
    return;
  if (kind == VIGIL_CONF_BLOCK_TOP)
    diag = vigil_diag_error (parser->diags, vigil_conf_node_loc (node),
                             _("unknown keyword '%s' at top level"), node->keyword.text);
  else
    diag = vigil_diag_error (parser->diags, vigil_conf_node_loc (node),
                             _("unknown keyword '%s' in %s"), node->keyword.text,
                             block_display_name (kind));
  candidates = block_candidates (kind);
  suggestion = vigil_diag_suggest (node->keyword.text, (const char *const *) candidates->pdata);
  if (suggestion != NULL)
    vigil_diag_set_hint (diag, _("did you mean '%s'?"), suggestion);
  else if (kind == VIGIL_CONF_BLOCK_VRRP_SYNC_GROUP || kind == VIGIL_CONF_BLOCK_TRACK_GROUP)
    vigil_diag_set_hint (diag, _("members go inside 'group { ... }'"));
}

void
vigil_conf_error_args (VigilConfParser *parser, const VigilConfNode *node,
                       const VigilConfKeyword *keyword)
{
  guint n = node->n_args;
  const VigilSourceLoc *loc = vigil_conf_node_loc (node);

  if (keyword->min_args == 1 && n == 0)
    vigil_diag_error (parser->diags, loc, _("'%s' needs a value"), node->keyword.text);
  else
    vigil_diag_error (parser->diags, loc,
                      g_dngettext (GETTEXT_PACKAGE, "'%s' needs at least %u value, not %u",
                                   "'%s' needs at least %u values, not %u", keyword->min_args),
                      node->keyword.text, (guint) keyword->min_args, n);
}

/* keepalived ignores values past those a keyword takes; so does vigil,
 * with a warning. */
static void
warn_extra_args (VigilConfParser *parser, const VigilConfNode *node,
                 const VigilConfKeyword *keyword)
{
  const VigilConfWord *extra = vigil_conf_node_arg (node, keyword->max_args);

  if (keyword->max_args == 0)
    vigil_diag_warning (parser->diags, &extra->loc, _("'%s' takes no value; '%s' is ignored"),
                        node->keyword.text, extra->text);
  else
    vigil_diag_warning (parser->diags, &extra->loc,
                        g_dngettext (GETTEXT_PACKAGE, "'%s' takes %u value; '%s' and after "
                                     "are ignored", "'%s' takes %u values; '%s' and after are "
                                     "ignored", keyword->max_args),
                        node->keyword.text, (guint) keyword->max_args, extra->text);
}

gboolean
vigil_conf_expect_block (VigilConfParser *parser, const VigilConfNode *node)
{
  if (node->children != NULL)
    return TRUE;
  vigil_diag_error (parser->diags, vigil_conf_node_loc (node),
                    _("'%s' needs a '{ ... }' block"), node->keyword.text);
  return FALSE;
}

gboolean
vigil_conf_expect_no_block (VigilConfParser *parser, const VigilConfNode *node)
{
  if (node->children == NULL)
    return TRUE;
  vigil_diag_error (parser->diags, &node->open_brace,
                    _("'%s' does not open a '{ ... }' block"), node->keyword.text);
  return FALSE;
}

static void
apply_row (VigilConfParser *parser, const VigilConfNode *node, const VigilConfKeyword *row,
           gpointer target)
{
  if ((row->flags & (VIGIL_CONF_KW_BLOCK | VIGIL_CONF_KW_BLOCK_OPTIONAL)) == 0
      && !vigil_conf_expect_no_block (parser, node))
    return;
  if (row->handler != NULL)
    row->handler (parser, node, row, target);
  else
    vigil_conf_apply_value (parser, node, row, target);
}

void
vigil_conf_parse_block (VigilConfParser *parser, const VigilConfNode *node,
                        VigilConfBlockKind kind, gpointer target)
{
  const VigilConfBlockSpec *spec = block_specs[kind];

  if (node->children == NULL)
    return;
  for (guint i = 0; i < node->children->len; i++)
    {
      const VigilConfNode *child = g_ptr_array_index (node->children, i);
      const char *word = child->keyword.text;
      const VigilConfKeyword *row = vigil_conf_block_lookup (spec, word);
      gboolean unimplemented = vigil_conf_unimplemented_lookup (kind, word) != NULL;

      if (row == NULL)
        {
          if (unimplemented)
            vigil_conf_warn_unimplemented (parser, vigil_conf_node_loc (child), kind, word);
          else
            report_unknown (parser, child, kind);
          continue;
        }
      if (unimplemented)
        vigil_conf_warn_unimplemented (parser, vigil_conf_node_loc (child), kind, word);
      if ((row->flags & VIGIL_CONF_KW_LEGACY) != 0)
        {
          warn_legacy (parser, child, kind, row);
          if (row->handler == NULL && row->type == VIGIL_CONF_VALUE_HANDLER)
            {
              row = vigil_conf_block_lookup (spec, row->replacement);
              g_assert (row != NULL);
            }
        }
      if ((row->flags & VIGIL_CONF_KW_BLOCK) != 0 && !vigil_conf_expect_block (parser, child))
        continue;
      if (child->n_args < row->min_args)
        {
          vigil_conf_error_args (parser, child, row);
          continue;
        }
      if (child->n_args > row->max_args)
        {
          /* the row sees only the values it takes */
          VigilConfNode view = *child;

          warn_extra_args (parser, child, row);
          view.n_args = row->max_args;
          apply_row (parser, &view, row, target);
          continue;
        }
      if ((row->flags & (VIGIL_CONF_KW_BLOCK | VIGIL_CONF_KW_BLOCK_OPTIONAL)) == 0
          && !vigil_conf_expect_no_block (parser, child))
        continue;
      apply_row (parser, child, row, target);
    }
}

void
vigil_conf_apply_value (VigilConfParser *parser, const VigilConfNode *node,
                        const VigilConfKeyword *row, gpointer target)
{
  gpointer field = G_STRUCT_MEMBER_P (target, row->offset);
  const VigilConfWord *arg = vigil_conf_node_arg (node, 0);
  const char *kw = node->keyword.text;
  gint64 value;
  gboolean flag;

  switch (row->type)
    {
    case VIGIL_CONF_VALUE_FLAG:
      *(gboolean *) field = TRUE;
      break;
    case VIGIL_CONF_VALUE_BOOL:
      flag = TRUE;
      if (arg == NULL || vigil_conf_value_bool (parser, kw, arg, &flag))
        *(gboolean *) field = flag;
      break;
    case VIGIL_CONF_VALUE_INT:
      if (vigil_conf_value_int (parser, kw, arg, row->min, row->max, &value))
        *(int *) field = (int) value;
      break;
    case VIGIL_CONF_VALUE_UINT:
      if (vigil_conf_value_int (parser, kw, arg, row->min, row->max, &value))
        *(guint *) field = (guint) value;
      break;
    case VIGIL_CONF_VALUE_UINT8:
      if (vigil_conf_value_int (parser, kw, arg, row->min, row->max, &value))
        *(guint8 *) field = (guint8) value;
      break;
    case VIGIL_CONF_VALUE_UINT16:
      if (vigil_conf_value_int (parser, kw, arg, row->min, row->max, &value))
        *(guint16 *) field = (guint16) value;
      break;
    case VIGIL_CONF_VALUE_UINT32:
      if (vigil_conf_value_int (parser, kw, arg, row->min, row->max, &value))
        *(guint32 *) field = (guint32) value;
      break;
    case VIGIL_CONF_VALUE_TIMER:
    case VIGIL_CONF_VALUE_TIMER_INT:
      if (vigil_conf_value_timer (parser, kw, arg, row->min, row->max,
                                  row->type == VIGIL_CONF_VALUE_TIMER_INT, &value))
        *(gint64 *) field = value;
      break;
    case VIGIL_CONF_VALUE_STRING:
      g_free (*(char **) field);
      *(char **) field = g_strdup (arg->text);
      break;
    case VIGIL_CONF_VALUE_ADDR:
      vigil_conf_value_addr (parser, kw, arg, field);
      break;
    case VIGIL_CONF_VALUE_PORT:
      vigil_conf_value_port (parser, kw, arg, field);
      break;
    case VIGIL_CONF_VALUE_SCRIPT:
      {
        VigilConfScript *script = vigil_conf_value_script (parser, node, 0);
        if (script != NULL)
          {
            vigil_conf_script_free (*(VigilConfScript **) field);
            *(VigilConfScript **) field = script;
          }
      }
      break;
    case VIGIL_CONF_VALUE_IGNORE:
      break;
    case VIGIL_CONF_VALUE_HANDLER:
    default:
      g_assert_not_reached ();
    }
}

/* ---- the whole tree ---- */

void vigil_conf_finish_vrrp (VigilConfParser *parser);
void vigil_conf_finish_virtual_servers (VigilConfParser *parser);

VigilConfig *
vigil_conf_parse (const VigilConfNode *root, VigilDiagList *diags)
{
  VigilConfParser parser = { 0 };

  g_return_val_if_fail (root != NULL && diags != NULL, NULL);
  parser.diags = diags;
  parser.config = vigil_config_new ();
  parser.warned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  vigil_conf_parse_block (&parser, root, VIGIL_CONF_BLOCK_TOP, parser.config);
  vigil_config_build_index (parser.config);
  vigil_conf_finish_vrrp (&parser);
  vigil_conf_finish_virtual_servers (&parser);
  g_hash_table_unref (parser.warned);
  return parser.config;
}

/* ---- self-check of the tables, for the unit tests ---- */

static gboolean
check_rows (const VigilConfBlockSpec *spec, GString *problems)
{
  gboolean ok = TRUE;

  for (gsize i = 0; i < spec->n_keywords; i++)
    {
      const VigilConfKeyword *row = &spec->keywords[i];
      gboolean legacy = (row->flags & VIGIL_CONF_KW_LEGACY) != 0;
      gboolean alias = row->handler == NULL && row->type == VIGIL_CONF_VALUE_HANDLER;
      const char *problem = NULL;

      if (i > 0 && strcmp (spec->keywords[i - 1].keyword, row->keyword) >= 0)
        problem = "out of order";
      else if (legacy && row->replacement == NULL)
        problem = "legacy without replacement";
      else if (legacy && alias && vigil_conf_block_lookup (spec, row->replacement) == NULL)
        problem = "alias of a missing keyword";
      else if (!legacy && alias)
        problem = "neither handler nor type";
      if (problem != NULL)
        {
          g_string_append_printf (problems, "%s: '%s': %s\n", spec->name, row->keyword, problem);
          ok = FALSE;
        }
    }
  return ok;
}

gboolean
vigil_conf_tables_check (GString *problems)
{
  gboolean ok = TRUE;
  gsize n_unimplemented;
  const VigilConfUnimplementedRow *unimplemented =
    vigil_conf_unimplemented_table (&n_unimplemented);

  for (guint k = 0; k < VIGIL_CONF_BLOCK_N_KINDS; k++)
    {
      if (block_specs[k] == NULL || block_specs[k]->kind != k)
        {
          g_string_append_printf (problems, "block %u: missing or wrong kind\n", k);
          ok = FALSE;
          continue;
        }
      for (const VigilConfBlockSpec *spec = block_specs[k]; spec != NULL; spec = spec->base)
        ok &= check_rows (spec, problems);
    }
  for (gsize i = 1; i < n_unimplemented; i++)
    {
      const VigilConfUnimplementedRow *a = &unimplemented[i - 1], *b = &unimplemented[i];
      if (a->block > b->block || (a->block == b->block && strcmp (a->keyword, b->keyword) >= 0))
        {
          g_string_append_printf (problems, "unimplemented: '%s' out of order\n", b->keyword);
          ok = FALSE;
        }
    }
  return ok;
}
