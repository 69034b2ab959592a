/* parser-track.c - things VRRP instances track and group: vrrp_script,
 * track_file, vrrp_track_process, track_group, vrrp_sync_group, garp_group,
 * and the track_* reference blocks */
#define G_LOG_DOMAIN "vigil-config"

#include "config/parser.h"
#include "i18n.h"

#include <string.h>

void vigil_conf_parse_track_refs (VigilConfParser *parser, const VigilConfNode *node,
                                  GPtrArray *refs, gint64 min_weight, gint64 max_weight,
                                  gboolean weight_allowed);

/* Lines of track_interface / track_script / track_file / track_process:
 * `NAME [weight N [reverse|noreverse]]` */
void
vigil_conf_parse_track_refs (VigilConfParser *parser, const VigilConfNode *node, GPtrArray *refs,
                             gint64 min_weight, gint64 max_weight, gboolean weight_allowed)
{
  static const char *const options[] = { "weight", NULL };

  for (guint i = 0; i < node->children->len; i++)
    {
      const VigilConfNode *line = g_ptr_array_index (node->children, i);
      const VigilConfWord *option = vigil_conf_node_arg (line, 0);
      VigilConfTrackRef ref = { .loc = line->keyword.loc };

      if (!vigil_conf_expect_no_block (parser, line))
        continue;
      if (option != NULL)
        {
          if (!weight_allowed || vigil_conf_value_choice (parser, node->keyword.text, option,
                                                          options) < 0)
            continue;
          if (!vigil_conf_value_weight (parser, line, 1, min_weight, max_weight, &ref.weight,
                                        &ref.reverse))
            continue;
          ref.weight_given = TRUE;
        }
      ref.name = g_strdup (line->keyword.text);
      g_ptr_array_add (refs, g_memdup2 (&ref, sizeof ref));
    }
}

/* Every word of every line of a `{ }` list, with its place. */
static void
collect_names (const VigilConfNode *node, GPtrArray *names, GArray *locs)
{
  for (guint i = 0; i < node->children->len; i++)
    {
      const VigilConfNode *line = g_ptr_array_index (node->children, i);

      g_ptr_array_add (names, g_strdup (line->keyword.text));
      g_array_append_val (locs, line->keyword.loc);
      for (guint a = 0; a < line->n_args; a++)
        {
          const VigilConfWord *word = line->args[a];
          g_ptr_array_add (names, g_strdup (word->text));
          g_array_append_val (locs, word->loc);
        }
    }
}

/* ---- vrrp_script ---- */

#define SCRIPT VigilConfVrrpScript

static void
handle_script (VigilConfParser *parser, const VigilConfNode *node,
               const VigilConfKeyword *keyword, gpointer target)
{
  SCRIPT *vs = target;
  VigilConfScript *script = vigil_conf_value_script (parser, node, 0);

  if (script == NULL)
    return;
  if (vs->script != NULL)
    {
      /* `user` may have come first */
      if (script->user == NULL)
        script->user = g_steal_pointer (&vs->script->user);
      if (script->group == NULL)
        script->group = g_steal_pointer (&vs->script->group);
      vigil_conf_script_free (vs->script);
    }
  vs->script = script;
}

static void
handle_script_user (VigilConfParser *parser, const VigilConfNode *node,
                    const VigilConfKeyword *keyword, gpointer target)
{
  SCRIPT *vs = target;
  const VigilConfWord *group = vigil_conf_node_arg (node, 1);

  if (vs->script == NULL)
    {
      vs->script = g_new0 (VigilConfScript, 1);
      vs->script->loc = node->keyword.loc;
    }
  g_free (vs->script->user);
  g_free (vs->script->group);
  vs->script->user = g_strdup (vigil_conf_node_arg (node, 0)->text);
  vs->script->group = group != NULL ? g_strdup (group->text) : NULL;
}

static void
handle_script_weight (VigilConfParser *parser, const VigilConfNode *node,
                      const VigilConfKeyword *keyword, gpointer target)
{
  SCRIPT *vs = target;

  vigil_conf_value_weight (parser, node, 0, -253, 253, &vs->weight, &vs->weight_reverse);
}

static const VigilConfKeyword vrrp_script_keywords[] = {
  KW_VALUE ("fall", UINT, SCRIPT, fall, 1, G_MAXINT32),
  KW_FLAG ("init_fail", SCRIPT, init_fail),
  { .keyword = "interval", .type = VIGIL_CONF_VALUE_TIMER_INT,
    .offset = G_STRUCT_OFFSET (SCRIPT, interval), .min_args = 1, .max_args = 1,
    .min = VIGIL_USEC_PER_SEC, .max = 4294 * VIGIL_USEC_PER_SEC },
  KW_VALUE ("rise", UINT, SCRIPT, rise, 1, G_MAXINT32),
  KW_HANDLER ("script", handle_script, 1, VIGIL_CONF_ARGS_MANY),
  { .keyword = "timeout", .type = VIGIL_CONF_VALUE_TIMER_INT,
    .offset = G_STRUCT_OFFSET (SCRIPT, timeout), .min_args = 1, .max_args = 1,
    .min = VIGIL_USEC_PER_SEC, .max = 4294 * VIGIL_USEC_PER_SEC },
  KW_HANDLER ("user", handle_script_user, 1, 2),
  KW_HANDLER ("weight", handle_script_weight, 1, 2),
};

const VigilConfBlockSpec vigil_conf_vrrp_script_spec = {
  VIGIL_CONF_BLOCK_VRRP_SCRIPT, "vrrp_script",
  vrrp_script_keywords, G_N_ELEMENTS (vrrp_script_keywords)
};

void
vigil_conf_parse_vrrp_script (VigilConfParser *parser, const VigilConfNode *node,
                              const VigilConfKeyword *keyword, gpointer target)
{
  VigilConfig *config = target;
  SCRIPT *vs = g_new0 (SCRIPT, 1);

  vs->name = g_strdup (vigil_conf_node_arg (node, 0)->text);
  vs->loc = node->keyword.loc;
  vs->interval = VIGIL_USEC_PER_SEC;
  vs->timeout = -1;
  vs->rise = 1;
  vs->fall = 1;
  vigil_conf_parse_block (parser, node, VIGIL_CONF_BLOCK_VRRP_SCRIPT, vs);
  if (vs->timeout < 0)
    vs->timeout = vs->interval;
  if (vs->script == NULL || vs->script->argv == NULL)
    vigil_diag_error (parser->diags, &vs->loc, _("vrrp_script '%s' has no 'script'"), vs->name);
  g_ptr_array_add (config->vrrp_scripts, vs);
}

/* ---- track_file ---- */

#define TFILE VigilConfTrackFile

static void
handle_file_weight (VigilConfParser *parser, const VigilConfNode *node,
                    const VigilConfKeyword *keyword, gpointer target)
{
  TFILE *tf = target;

  vigil_conf_value_weight (parser, node, 0, -G_MAXINT32, G_MAXINT32, &tf->weight,
                           &tf->weight_reverse);
}

static void
handle_init_file (VigilConfParser *parser, const VigilConfNode *node,
                  const VigilConfKeyword *keyword, gpointer target)
{
  TFILE *tf = target;

  tf->init_file = TRUE;
  for (guint i = 0; i < node->n_args; i++)
    {
      const VigilConfWord *word = node->args[i];
      gint64 value;

      if (strcmp (word->text, "overwrite") == 0)
        tf->init_overwrite = TRUE;
      else if (i == 0 && vigil_conf_value_int (parser, "init_file", word, G_MININT32,
                                               G_MAXINT32, &value))
        tf->init_value = (long) value;
      else if (i > 0)
        vigil_conf_error_unknown_option (parser, "init_file", word, NULL);
    }
}

static const VigilConfKeyword track_file_keywords[] = {
  KW_STRING ("file", TFILE, path),
  KW_HANDLER ("init_file", handle_init_file, 0, 2),
  KW_HANDLER ("weight", handle_file_weight, 1, 2),
};

const VigilConfBlockSpec vigil_conf_track_file_spec = {
  VIGIL_CONF_BLOCK_TRACK_FILE, "track_file",
  track_file_keywords, G_N_ELEMENTS (track_file_keywords)
};

void
vigil_conf_parse_track_file (VigilConfParser *parser, const VigilConfNode *node,
                             const VigilConfKeyword *keyword, gpointer target)
{
  VigilConfig *config = target;
  TFILE *tf = g_new0 (TFILE, 1);

  tf->name = g_strdup (vigil_conf_node_arg (node, 0)->text);
  tf->loc = node->keyword.loc;
  tf->weight = 1;
  vigil_conf_parse_block (parser, node, VIGIL_CONF_BLOCK_TRACK_FILE, tf);
  if (tf->path == NULL)
    vigil_diag_error (parser->diags, &tf->loc, _("track_file '%s' has no 'file'"), tf->name);
  g_ptr_array_add (config->track_files, tf);
}

/* ---- vrrp_track_process ---- */

#define TPROC VigilConfTrackProcess

static void
handle_process (VigilConfParser *parser, const VigilConfNode *node,
                const VigilConfKeyword *keyword, gpointer target)
{
  TPROC *tp = target;
  GStrv argv = g_new0 (char *, node->n_args + 1);

  for (guint i = 0; i < node->n_args; i++)
    argv[i] = g_strdup (vigil_conf_node_arg (node, i)->text);
  g_strfreev (tp->process);
  tp->process = argv;
}

static void
handle_param_match (VigilConfParser *parser, const VigilConfNode *node,
                    const VigilConfKeyword *keyword, gpointer target)
{
  static const char *const modes[] = { "exact", "partial", "initial", NULL };
  TPROC *tp = target;
  const VigilConfWord *mode = vigil_conf_node_arg (node, 0);
  int which = mode != NULL ? vigil_conf_value_choice (parser, node->keyword.text, mode, modes) : 0;

  if (which < 0)
    return;
  tp->param_match = which;
  tp->param_match_given = TRUE;
}

static void
handle_process_weight (VigilConfParser *parser, const VigilConfNode *node,
                       const VigilConfKeyword *keyword, gpointer target)
{
  TPROC *tp = target;

  vigil_conf_value_weight (parser, node, 0, -254, 254, &tp->weight, &tp->weight_reverse);
}

static void
handle_process_delay (VigilConfParser *parser, const VigilConfNode *node,
                      const VigilConfKeyword *keyword, gpointer target)
{
  TPROC *tp = target;
  gint64 delay;

  if (!vigil_conf_value_timer (parser, node->keyword.text, vigil_conf_node_arg (node, 0), 0,
                               3600 * VIGIL_USEC_PER_SEC, FALSE, &delay))
    return;
  if (strcmp (node->keyword.text, "terminate_delay") != 0)
    tp->fork_delay = delay;
  if (strcmp (node->keyword.text, "fork_delay") != 0)
    tp->terminate_delay = delay;
}

static const VigilConfKeyword track_process_keywords[] = {
  KW_HANDLER ("delay", handle_process_delay, 1, 1),
  KW_HANDLER ("fork_delay", handle_process_delay, 1, 1),
  KW_FLAG ("full_command", TPROC, full_command),
  KW_HANDLER ("param_match", handle_param_match, 0, 1),
  KW_HANDLER ("process", handle_process, 1, VIGIL_CONF_ARGS_MANY),
  KW_VALUE ("quorum", UINT, TPROC, quorum, 1, 65535),
  KW_VALUE ("quorum_max", UINT, TPROC, quorum_max, 0, 65535),
  KW_HANDLER ("terminate_delay", handle_process_delay, 1, 1),
  KW_HANDLER ("weight", handle_process_weight, 1, 2),
};

const VigilConfBlockSpec vigil_conf_track_process_spec = {
  VIGIL_CONF_BLOCK_TRACK_PROCESS, "vrrp_track_process",
  track_process_keywords, G_N_ELEMENTS (track_process_keywords)
};

void
vigil_conf_parse_track_process (VigilConfParser *parser, const VigilConfNode *node,
                                const VigilConfKeyword *keyword, gpointer target)
{
  VigilConfig *config = target;
  TPROC *tp = g_new0 (TPROC, 1);

  tp->name = g_strdup (vigil_conf_node_arg (node, 0)->text);
  tp->loc = node->keyword.loc;
  tp->weight = 1;
  tp->quorum = 1;
  tp->quorum_max = G_MAXUINT;
  vigil_conf_parse_block (parser, node, VIGIL_CONF_BLOCK_TRACK_PROCESS, tp);
  if (tp->process == NULL)
    vigil_diag_error (parser->diags, &tp->loc, _("vrrp_track_process '%s' has no 'process'"),
                      tp->name);
  else if (tp->quorum_max != G_MAXUINT && tp->quorum_max < tp->quorum)
    vigil_diag_error (parser->diags, &tp->loc,
                      _("vrrp_track_process '%s': quorum_max %u is less than quorum %u"),
                      tp->name, tp->quorum_max, tp->quorum);
  g_ptr_array_add (config->track_processes, tp);
}

/* ---- track_group ---- */

static void
handle_track_group_group (VigilConfParser *parser, const VigilConfNode *node,
                          const VigilConfKeyword *keyword, gpointer target)
{
  VigilConfTrackGroup *group = target;

  collect_names (node, group->members, group->member_locs);
}

static const VigilConfKeyword track_group_keywords[] = {
  KW_BLOCK ("group", handle_track_group_group, 0, 0),
};

const VigilConfBlockSpec vigil_conf_track_group_spec = {
  VIGIL_CONF_BLOCK_TRACK_GROUP, "track_group",
  track_group_keywords, G_N_ELEMENTS (track_group_keywords)
};

void
vigil_conf_parse_track_group (VigilConfParser *parser, const VigilConfNode *node,
                              const VigilConfKeyword *keyword, gpointer target)
{
  VigilConfig *config = target;
  VigilConfTrackGroup *group = g_new0 (VigilConfTrackGroup, 1);

  group->name = g_strdup (vigil_conf_node_arg (node, 0)->text);
  group->loc = node->keyword.loc;
  group->members = g_ptr_array_new_with_free_func (g_free);
  group->member_locs = g_array_new (FALSE, FALSE, sizeof (VigilSourceLoc));
  vigil_conf_parse_block (parser, node, VIGIL_CONF_BLOCK_TRACK_GROUP, group);
  g_ptr_array_add (config->track_groups, group);
}

/* ---- vrrp_sync_group ---- */

#define SYNC VigilConfSyncGroup

static void
handle_sync_members (VigilConfParser *parser, const VigilConfNode *node,
                     const VigilConfKeyword *keyword, gpointer target)
{
  SYNC *group = target;

  collect_names (node, group->members, group->member_locs);
}

static void
handle_sync_track (VigilConfParser *parser, const VigilConfNode *node,
                   const VigilConfKeyword *keyword, gpointer target)
{
  SYNC *group = target;
  const char *kw = node->keyword.text;

  if (strcmp (kw, "track_interface") == 0)
    vigil_conf_parse_track_refs (parser, node, group->track_interfaces, -253, 253, TRUE);
  else if (strcmp (kw, "track_script") == 0)
    vigil_conf_parse_track_refs (parser, node, group->track_scripts, -253, 253, TRUE);
  else if (strcmp (kw, "track_file") == 0)
    vigil_conf_parse_track_refs (parser, node, group->track_files, -254, 254, TRUE);
  else
    vigil_conf_parse_track_refs (parser, node, group->track_processes, -254, 254, TRUE);
}

static void
handle_global_tracking (VigilConfParser *parser, const VigilConfNode *node,
                        const VigilConfKeyword *keyword, gpointer target)
{
  SYNC *group = target;

  group->global_tracking = TRUE;
  group->sync_group_tracking_weight = TRUE;
}

static const VigilConfKeyword sync_group_keywords[] = {
  { .keyword = "global_tracking", .handler = handle_global_tracking,
    .flags = VIGIL_CONF_KW_LEGACY, .replacement = "sync_group_tracking_weight" },
  KW_BLOCK ("group", handle_sync_members, 0, 0),
  KW_SCRIPT ("notify", SYNC, notify),
  KW_SCRIPT ("notify_backup", SYNC, notify_backup),
  KW_SCRIPT ("notify_fault", SYNC, notify_fault),
  KW_SCRIPT ("notify_master", SYNC, notify_master),
  KW_BOOL ("notify_priority_changes", SYNC, notify_priority_changes),
  KW_SCRIPT ("notify_stop", SYNC, notify_stop),
  KW_BOOL ("smtp_alert", SYNC, smtp_alert),
  KW_FLAG ("sync_group_tracking_weight", SYNC, sync_group_tracking_weight),
  KW_BLOCK ("track_file", handle_sync_track, 0, 0),
  KW_BLOCK ("track_interface", handle_sync_track, 0, 0),
  KW_BLOCK ("track_process", handle_sync_track, 0, 0),
  KW_BLOCK ("track_script", handle_sync_track, 0, 0),
};

const VigilConfBlockSpec vigil_conf_vrrp_sync_group_spec = {
  VIGIL_CONF_BLOCK_VRRP_SYNC_GROUP, "vrrp_sync_group",
  sync_group_keywords, G_N_ELEMENTS (sync_group_keywords)
};

void
vigil_conf_parse_vrrp_sync_group (VigilConfParser *parser, const VigilConfNode *node,
                                  const VigilConfKeyword *keyword, gpointer target)
{
  VigilConfig *config = target;
  SYNC *group = g_new0 (SYNC, 1);

  group->name = g_strdup (vigil_conf_node_arg (node, 0)->text);
  group->loc = node->keyword.loc;
  group->members = g_ptr_array_new_with_free_func (g_free);
  group->member_locs = g_array_new (FALSE, FALSE, sizeof (VigilSourceLoc));
  group->track_interfaces = VIGIL_CONF_PTR_ARRAY (vigil_conf_track_ref_free);
  group->track_scripts = VIGIL_CONF_PTR_ARRAY (vigil_conf_track_ref_free);
  group->track_files = VIGIL_CONF_PTR_ARRAY (vigil_conf_track_ref_free);
  group->track_processes = VIGIL_CONF_PTR_ARRAY (vigil_conf_track_ref_free);
  vigil_conf_parse_block (parser, node, VIGIL_CONF_BLOCK_VRRP_SYNC_GROUP, group);
  g_ptr_array_add (config->sync_groups, group);
}

/* ---- garp_group ---- */

#define GARP VigilConfGarpGroup

static void
handle_garp_interface (VigilConfParser *parser, const VigilConfNode *node,
                       const VigilConfKeyword *keyword, gpointer target)
{
  GARP *group = target;

  if (node->children != NULL)
    {
      g_autoptr(GArray) locs = g_array_new (FALSE, FALSE, sizeof (VigilSourceLoc));
      collect_names (node, group->interfaces, locs);
    }
  else
    g_ptr_array_add (group->interfaces, g_strdup (vigil_conf_node_arg (node, 0)->text));
}

static const VigilConfKeyword garp_group_keywords[] = {
  KW_TIMER ("garp_interval", GARP, garp_interval, 0, 86400 * VIGIL_USEC_PER_SEC),
  KW_TIMER ("gna_interval", GARP, gna_interval, 0, 86400 * VIGIL_USEC_PER_SEC),
  KW_HANDLER ("interface", handle_garp_interface, 1, 1),
  KW_BLOCK ("interfaces", handle_garp_interface, 0, 0),
};

const VigilConfBlockSpec vigil_conf_garp_group_spec = {
  VIGIL_CONF_BLOCK_GARP_GROUP, "garp_group",
  garp_group_keywords, G_N_ELEMENTS (garp_group_keywords)
};

void
vigil_conf_parse_garp_group (VigilConfParser *parser, const VigilConfNode *node,
                             const VigilConfKeyword *keyword, gpointer target)
{
  VigilConfig *config = target;
  GARP *group = g_new0 (GARP, 1);

  group->loc = node->keyword.loc;
  group->garp_interval = -1;
  group->gna_interval = -1;
  group->interfaces = g_ptr_array_new_with_free_func (g_free);
  vigil_conf_parse_block (parser, node, VIGIL_CONF_BLOCK_GARP_GROUP, group);
  if (group->interfaces->len == 0)
    vigil_diag_error (parser->diags, &group->loc,
                      _("garp_group needs 'interface' or 'interfaces'"));
  g_ptr_array_add (config->garp_groups, group);
}
