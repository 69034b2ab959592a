/* parser-virtual-server.c - virtual_server_group, virtual_server, real_server
 *
 * Checker timers, alpha and inhibit_on_failure given on a virtual server
 * are the defaults of its real servers, whose values are the defaults of
 * their checkers; vigil_conf_finish_virtual_servers() resolves the chain.
 */
#define G_LOG_DOMAIN "vigil-config"

#include "config/parser.h"
#include "i18n.h"

#include <netinet/in.h>
#include <string.h>

#define VS VigilConfVirtualServer
#define RS VigilConfRealServer
#define UNSET_BOOL (-1)
#define TIMER_MAX (86400 * VIGIL_USEC_PER_SEC)

/* ---- shared values ---- */

/* `lvs_method NAT|DR|TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum]` */
static void
parse_forwarding (VigilConfParser *parser, const VigilConfNode *node, VigilConfForwarding *out)
{
  static const char *const methods[] = { "NAT", "DR", "TUN", NULL };
  static const char *const types[] = { "ipip", "gue", "gre", NULL };
  static const char *const csums[] = { "nocsum", "csum", "remcsum", NULL };
  static const char *const options[] = { "type", "port", "nocsum", "csum", "remcsum", NULL };
  VigilConfForwarding fwd = { .given = TRUE };
  int which = vigil_conf_value_choice (parser, node->keyword.text, vigil_conf_node_arg (node, 0),
                                       methods);

  if (which < 0)
    return;
  fwd.method = which;
  for (guint i = 1; i < node->n_args; i++)
    {
      const VigilConfWord *word = node->args[i];
      const VigilConfWord *value = vigil_conf_node_arg (node, i + 1);

      if (fwd.method != VIGIL_CONF_LVS_TUN)
        {
          vigil_diag_error (parser->diags, &word->loc,
                            _("'%s' takes options only with TUN, not '%s'"), node->keyword.text,
                            word->text);
          return;
        }
      if (strcmp (word->text, "type") == 0 && value != NULL)
        {
          if ((which = vigil_conf_value_choice (parser, "type", value, types)) < 0)
            return;
          fwd.tun_type = which;
          i++;
        }
      else if (strcmp (word->text, "port") == 0 && value != NULL)
        {
          if (!vigil_conf_value_port (parser, "port", value, &fwd.tun_port))
            return;
          i++;
        }
      else if (g_strv_contains (csums, word->text))
        {
          for (int c = 0; csums[c] != NULL; c++)
            if (strcmp (csums[c], word->text) == 0)
              fwd.tun_csum = VIGIL_CONF_TUN_CSUM_NONE + c;
        }
      else
        {
          vigil_conf_error_unknown_option (parser, node->keyword.text, word, options);
          return;
        }
    }
  if (fwd.tun_type == VIGIL_CONF_TUN_GUE && fwd.tun_port == 0)
    {
      vigil_diag_error (parser->diags, vigil_conf_node_loc (node),
                        _("'%s TUN type gue' needs 'port N'"), node->keyword.text);
      return;
    }
  *out = fwd;
}

/* ---- virtual_server_group ---- */

/* "192.0.2.1-10" (last byte/group range), "A-B" or "A/len". */
static gboolean
parse_address_range (const char *text, VigilInetAddr *first, VigilInetAddr *last)
{
  const char *dash = strchr (text, '-');
  const char *slash = strchr (text, '/');

  if (dash == NULL && slash == NULL)
    {
      if (!vigil_inet_addr_parse (text, first))
        return FALSE;
      *last = *first;
      return TRUE;
    }
  if (slash != NULL)
    {
      guint8 len;
      gsize bytes;
      if (!vigil_inet_addr_parse_prefix (text, first, &len, NULL))
        return FALSE;
      bytes = vigil_inet_addr_len (first);
      *last = *first;
      for (gsize bit = len; bit < bytes * 8; bit++)
        {
          first->u.bytes[bit / 8] &= (guint8) ~(0x80u >> (bit % 8));
          last->u.bytes[bit / 8] |= (guint8) (0x80u >> (bit % 8));
        }
      return TRUE;
    }
  {
    g_autofree char *head = g_strndup (text, dash - text);
    const char *tail = dash + 1;
    char *end = NULL;
    guint64 n;

    if (!vigil_inet_addr_parse (head, first))
      return FALSE;
    if (vigil_inet_addr_parse (tail, last))
      return last->family == first->family && vigil_inet_addr_compare (first, last) <= 0;
    *last = *first;
    n = g_ascii_strtoull (tail, &end, first->family == AF_INET ? 10 : 16);
    if (*tail == '\0' || *end != '\0')
      return FALSE;
    if (first->family == AF_INET)
      {
        if (n > 255 || n < first->u.bytes[3])
          return FALSE;
        last->u.bytes[3] = (guint8) n;
      }
    else
      {
        guint16 low = (guint16) (first->u.bytes[14] << 8 | first->u.bytes[15]);
        if (n > 0xffff || n < low)
          return FALSE;
        last->u.bytes[14] = (guint8) (n >> 8);
        last->u.bytes[15] = (guint8) n;
      }
    return TRUE;
  }
}

void
vigil_conf_parse_virtual_server_group (VigilConfParser *parser, const VigilConfNode *node,
                                       const VigilConfKeyword *keyword, gpointer target)
{
  static const char *const families[] = { "inet", "inet6", NULL };
  VigilConfig *config = target;
  VigilConfVirtualServerGroup *group = g_new0 (VigilConfVirtualServerGroup, 1);

  group->name = g_strdup (vigil_conf_node_arg (node, 0)->text);
  group->loc = node->keyword.loc;
  group->entries = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (config->virtual_server_groups, group);
  for (guint i = 0; i < node->children->len; i++)
    {
      const VigilConfNode *line = g_ptr_array_index (node->children, i);
      VigilConfVsgEntry entry = { .loc = line->keyword.loc };
      const VigilConfWord *arg = vigil_conf_node_arg (line, 0);
      gint64 mark;

      if (strcmp (line->keyword.text, "fwmark") == 0)
        {
          int family;
          if (arg == NULL || line->n_args > 2)
            {
              vigil_diag_error (parser->diags, vigil_conf_node_loc (line),
                                _("expected 'fwmark N [inet|inet6]' in virtual_server_group"));
              continue;
            }
          if (!vigil_conf_value_int (parser, "fwmark", arg, 1, G_MAXUINT32, &mark))
            continue;
          entry.is_fwmark = TRUE;
          entry.fwmark = (guint32) mark;
          if (line->n_args == 2)
            {
              family = vigil_conf_value_choice (parser, "fwmark", vigil_conf_node_arg (line, 1),
                                                families);
              if (family < 0)
                continue;
              entry.fwmark_family = family == 0 ? AF_INET : AF_INET6;
            }
        }
      else if (parse_address_range (line->keyword.text, &entry.addr, &entry.addr_end))
        {
          if (line->n_args > 1)
            {
              vigil_diag_error (parser->diags,
                                &vigil_conf_node_arg (line, 1)->loc,
                                _("expected 'ADDRESS[-RANGE] [PORT]' in virtual_server_group"));
              continue;
            }
          if (arg != NULL && !vigil_conf_value_port (parser, "virtual_server_group", arg,
                                                     &entry.port))
            continue;
        }
      else
        {
          if (!vigil_conf_report_misplaced (parser, line, "virtual_server_group"))
            vigil_diag_error (parser->diags, vigil_conf_node_loc (line),
                              _("invalid value '%s' in virtual_server_group: expected an "
                                "address, an address range (192.0.2.1-10, A-B, A/LEN) or "
                                "'fwmark N'"), line->keyword.text);
          continue;
        }
      if (!vigil_conf_expect_no_block (parser, line))
        continue;
      g_ptr_array_add (group->entries, g_memdup2 (&entry, sizeof entry));
    }
}

/* ---- virtual_server ---- */

static void
handle_lvs_sched (VigilConfParser *parser, const VigilConfNode *node,
                  const VigilConfKeyword *keyword, gpointer target)
{
  static const char *const schedulers[] = { "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh",
                                            "sh", "sed", "nq", "fo", "ovf", "mh", "twos", NULL };
  VS *vs = target;
  int which = vigil_conf_value_choice (parser, node->keyword.text, vigil_conf_node_arg (node, 0),
                                       schedulers);

  if (which < 0)
    return;
  g_free (vs->lvs_sched);
  vs->lvs_sched = g_strdup (schedulers[which]);
}

static void
handle_vs_forwarding (VigilConfParser *parser, const VigilConfNode *node,
                      const VigilConfKeyword *keyword, gpointer target)
{
  VS *vs = target;

  if (strcmp (node->keyword.text, "sorry_server_lvs_method") == 0)
    parse_forwarding (parser, node, &vs->sorry_server_forwarding);
  else
    parse_forwarding (parser, node, &vs->forwarding);
}

static void
handle_sched_flag (VigilConfParser *parser, const VigilConfNode *node,
                   const VigilConfKeyword *keyword, gpointer target)
{
  VS *vs = target;
  const char *kw = node->keyword.text;

  if (strcmp (kw, "flag-1") == 0 || g_str_has_suffix (kw, "-fallback"))
    vs->sched_flags |= VIGIL_CONF_VS_FLAG_1;
  else if (strcmp (kw, "flag-2") == 0 || g_str_has_suffix (kw, "-port"))
    vs->sched_flags |= VIGIL_CONF_VS_FLAG_2;
  else
    vs->sched_flags |= VIGIL_CONF_VS_FLAG_3;
}

static void
handle_persistence_timeout (VigilConfParser *parser, const VigilConfNode *node,
                            const VigilConfKeyword *keyword, gpointer target)
{
  VS *vs = target;
  const VigilConfWord *value = vigil_conf_node_arg (node, 0);
  gint64 seconds = 360;

  if (value != NULL && !vigil_conf_value_int (parser, node->keyword.text, value, 1, G_MAXUINT32,
                                              &seconds))
    return;
  vs->persistent = TRUE;
  vs->persistence_timeout = (guint32) seconds;
}

static void
handle_persistence_granularity (VigilConfParser *parser, const VigilConfNode *node,
                                const VigilConfKeyword *keyword, gpointer target)
{
  VS *vs = target;
  const VigilConfWord *value = vigil_conf_node_arg (node, 0);
  gint64 len;

  if (g_ascii_isdigit (value->text[0]) && strchr (value->text, '.') == NULL
      && strchr (value->text, ':') == NULL)
    {
      VigilInetAddr mask = { .family = AF_INET6 };
      if (!vigil_conf_value_int (parser, node->keyword.text, value, 1, 128, &len))
        return;
      for (gint64 bit = 0; bit < len; bit++)
        mask.u.bytes[bit / 8] |= (guint8) (0x80u >> (bit % 8));
      vs->persistence_granularity = mask;
    }
  else
    vigil_conf_value_addr (parser, node->keyword.text, value, &vs->persistence_granularity);
}

static void
handle_protocol (VigilConfParser *parser, const VigilConfNode *node,
                 const VigilConfKeyword *keyword, gpointer target)
{
  static const char *const protocols[] = { "TCP", "UDP", "SCTP", NULL };
  static const int numbers[] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP };
  VS *vs = target;
  const VigilConfWord *value = vigil_conf_node_arg (node, 0);
  int which = -1;

  for (int i = 0; protocols[i] != NULL; i++)
    if (g_ascii_strcasecmp (value->text, protocols[i]) == 0)
      which = i;
  if (which < 0 && vigil_conf_value_choice (parser, node->keyword.text, value, protocols) < 0)
    return;
  vs->protocol = numbers[which];
  vs->protocol_given = TRUE;
}

static void
handle_ip_family (VigilConfParser *parser, const VigilConfNode *node,
                  const VigilConfKeyword *keyword, gpointer target)
{
  static const char *const families[] = { "inet", "inet6", NULL };
  int which = vigil_conf_value_choice (parser, node->keyword.text, vigil_conf_node_arg (node, 0),
                                       families);

  if (which >= 0)
    ((VS *) target)->ip_family = which == 0 ? AF_INET : AF_INET6;
}

static RS *
real_server_new (VigilConfParser *parser, const VigilConfNode *node, gboolean sorry)
{
  const VigilConfWord *addr = vigil_conf_node_arg (node, 0);
  const VigilConfWord *port = vigil_conf_node_arg (node, 1);
  RS *rs = g_new0 (RS, 1);

  rs->loc = node->keyword.loc;
  rs->weight = -1;
  rs->alpha = UNSET_BOOL;
  rs->inhibit_on_failure = UNSET_BOOL;
  rs->connect_timeout = rs->delay_loop = rs->delay_before_retry = rs->warmup = -1;
  rs->retry = -1;
  rs->is_sorry_server = sorry;
  rs->checkers = VIGIL_CONF_PTR_ARRAY (vigil_conf_checker_free);
  if (!vigil_conf_value_addr (parser, node->keyword.text, addr, &rs->addr)
      || (port != NULL && !vigil_conf_value_port (parser, node->keyword.text, port, &rs->port)))
    {
      vigil_conf_real_server_free (rs);
      return NULL;
    }
  return rs;
}

static void
handle_sorry_server (VigilConfParser *parser, const VigilConfNode *node,
                     const VigilConfKeyword *keyword, gpointer target)
{
  VS *vs = target;
  RS *rs = real_server_new (parser, node, TRUE);

  if (rs == NULL)
    return;
  vigil_conf_real_server_free (vs->sorry_server);
  vs->sorry_server = rs;
}

#define TIMER_ROW(kw, st, field) KW_TIMER (kw, st, field, 1, TIMER_MAX)

static const VigilConfKeyword virtual_server_keywords[] = {
  KW_FLAG ("alpha", VS, alpha),
  TIMER_ROW ("connect_timeout", VS, connect_timeout),
  TIMER_ROW ("delay_before_retry", VS, delay_before_retry),
  TIMER_ROW ("delay_loop", VS, delay_loop),
  KW_HANDLER ("flag-1", handle_sched_flag, 0, 0),
  KW_HANDLER ("flag-2", handle_sched_flag, 0, 0),
  KW_HANDLER ("flag-3", handle_sched_flag, 0, 0),
  KW_FLAG ("ha_suspend", VS, ha_suspend),
  KW_FLAG ("hashed", VS, hashed),
  KW_VALUE ("hysteresis", UINT32, VS, hysteresis, 0, G_MAXINT32),
  KW_BOOL ("inhibit_on_failure", VS, inhibit_on_failure),
  KW_HANDLER ("ip_family", handle_ip_family, 1, 1),
  KW_ALIAS ("lb_algo", "lvs_sched"),
  KW_ALIAS ("lb_kind", "lvs_method"),
  KW_HANDLER ("lvs_method", handle_vs_forwarding, 1, 6),
  KW_HANDLER ("lvs_sched", handle_lvs_sched, 1, 1),
  KW_HANDLER ("mh-fallback", handle_sched_flag, 0, 0),
  KW_HANDLER ("mh-port", handle_sched_flag, 0, 0),
  KW_FLAG ("omega", VS, omega),
  KW_FLAG ("ops", VS, ops),
  KW_STRING ("persistence_engine", VS, persistence_engine),
  KW_HANDLER ("persistence_granularity", handle_persistence_granularity, 1, 1),
  KW_HANDLER ("persistence_timeout", handle_persistence_timeout, 0, 1),
  KW_HANDLER ("protocol", handle_protocol, 1, 1),
  KW_VALUE ("quorum", UINT32, VS, quorum, 1, G_MAXINT32),
  KW_SCRIPT ("quorum_down", VS, quorum_down),
  KW_SCRIPT ("quorum_up", VS, quorum_up),
  KW_BLOCK ("real_server", vigil_conf_parse_real_server, 1, 2),
  KW_VALUE ("retry", INT, VS, retry, 0, G_MAXINT32),
  KW_HANDLER ("sh-fallback", handle_sched_flag, 0, 0),
  KW_HANDLER ("sh-port", handle_sched_flag, 0, 0),
  KW_BOOL ("smtp_alert", VS, smtp_alert),
  KW_STRING ("snmp_name", VS, snmp_name),
  KW_HANDLER ("sorry_server", handle_sorry_server, 1, 2),
  KW_FLAG ("sorry_server_inhibit", VS, sorry_server_inhibit),
  KW_HANDLER ("sorry_server_lvs_method", handle_vs_forwarding, 1, 6),
  KW_STRING ("virtualhost", VS, virtualhost),
  KW_TIMER ("warmup", VS, warmup, 0, TIMER_MAX),
  KW_VALUE ("weight", INT, VS, weight, 0, 65535),
};

const VigilConfBlockSpec vigil_conf_virtual_server_spec = {
  VIGIL_CONF_BLOCK_VIRTUAL_SERVER, "virtual_server",
  virtual_server_keywords, G_N_ELEMENTS (virtual_server_keywords), NULL
};

void
vigil_conf_parse_virtual_server (VigilConfParser *parser, const VigilConfNode *node,
                                 const VigilConfKeyword *keyword, gpointer target)
{
  VigilConfig *config = target;
  const VigilConfWord *first = vigil_conf_node_arg (node, 0);
  const VigilConfWord *second = vigil_conf_node_arg (node, 1);
  VS *vs = g_new0 (VS, 1);
  gint64 mark;

  vs->loc = node->keyword.loc;
  vs->protocol = IPPROTO_TCP;
  vs->quorum = 1;
  vs->weight = 1;
  vs->connect_timeout = vs->delay_loop = vs->delay_before_retry = vs->warmup = -1;
  vs->retry = -1;
  vs->inhibit_on_failure = FALSE;
  vs->real_servers = VIGIL_CONF_PTR_ARRAY (vigil_conf_real_server_free);
  g_ptr_array_add (config->virtual_servers, vs);
  if (strcmp (first->text, "fwmark") == 0 || strcmp (first->text, "group") == 0)
    {
      if (second == NULL)
        vigil_diag_error (parser->diags, &first->loc, _("'virtual_server %s' needs a %s"),
                          first->text, first->text[0] == 'f' ? "mark" : _("group name"));
      else if (first->text[0] == 'g')
        {
          vs->kind = VIGIL_CONF_VS_GROUP;
          vs->group = g_strdup (second->text);
        }
      else if (vigil_conf_value_int (parser, "fwmark", second, 1, G_MAXUINT32, &mark))
        {
          vs->kind = VIGIL_CONF_VS_FWMARK;
          vs->fwmark = (guint32) mark;
        }
    }
  else if (vigil_conf_value_addr (parser, node->keyword.text, first, &vs->addr))
    {
      vs->kind = VIGIL_CONF_VS_ADDRESS;
      vs->family = vs->addr.family;
      if (second != NULL)
        vigil_conf_value_port (parser, node->keyword.text, second, &vs->port);
    }
  vigil_conf_parse_block (parser, node, VIGIL_CONF_BLOCK_VIRTUAL_SERVER, vs);
}

/* ---- real_server ---- */

static void
handle_rs_forwarding (VigilConfParser *parser, const VigilConfNode *node,
                      const VigilConfKeyword *keyword, gpointer target)
{
  parse_forwarding (parser, node, &((RS *) target)->forwarding);
}

static const VigilConfKeyword real_server_keywords[] = {
  KW_BLOCK ("DNS_CHECK", vigil_conf_parse_checker, 0, 0),
  KW_BLOCK ("FILE_CHECK", vigil_conf_parse_checker, 0, 0),
  KW_BLOCK ("HTTP_GET", vigil_conf_parse_checker, 0, 0),
  KW_BLOCK ("MISC_CHECK", vigil_conf_parse_checker, 0, 0),
  KW_BLOCK ("PING_CHECK", vigil_conf_parse_checker, 0, 0),
  KW_BLOCK ("SMTP_CHECK", vigil_conf_parse_checker, 0, 0),
  KW_BLOCK ("SSL_GET", vigil_conf_parse_checker, 0, 0),
  KW_BLOCK ("TCP_CHECK", vigil_conf_parse_checker, 0, 0),
  KW_BLOCK ("UDP_CHECK", vigil_conf_parse_checker, 0, 0),
  KW_BOOL ("alpha", RS, alpha),
  TIMER_ROW ("connect_timeout", RS, connect_timeout),
  TIMER_ROW ("delay_before_retry", RS, delay_before_retry),
  TIMER_ROW ("delay_loop", RS, delay_loop),
  KW_BOOL ("inhibit_on_failure", RS, inhibit_on_failure),
  KW_VALUE ("lthreshold", UINT32, RS, lthreshold, 0, G_MAXINT32),
  KW_HANDLER ("lvs_method", handle_rs_forwarding, 1, 6),
  KW_SCRIPT ("notify_down", RS, notify_down),
  KW_SCRIPT ("notify_up", RS, notify_up),
  KW_VALUE ("retry", INT, RS, retry, 0, G_MAXINT32),
  KW_BOOL ("smtp_alert", RS, smtp_alert),
  KW_STRING ("snmp_name", RS, snmp_name),
  KW_VALUE ("uthreshold", UINT32, RS, uthreshold, 0, G_MAXINT32),
  KW_STRING ("virtualhost", RS, virtualhost),
  KW_TIMER ("warmup", RS, warmup, 0, TIMER_MAX),
  KW_VALUE ("weight", INT, RS, weight, 0, 65535),
};

const VigilConfBlockSpec vigil_conf_real_server_spec = {
  VIGIL_CONF_BLOCK_REAL_SERVER, "real_server",
  real_server_keywords, G_N_ELEMENTS (real_server_keywords), NULL
};

void
vigil_conf_parse_real_server (VigilConfParser *parser, const VigilConfNode *node,
                              const VigilConfKeyword *keyword, gpointer target)
{
  VS *vs = target;
  RS *rs = real_server_new (parser, node, FALSE);

  if (rs == NULL)
    return;
  g_ptr_array_add (vs->real_servers, rs);
  vigil_conf_parse_block (parser, node, VIGIL_CONF_BLOCK_REAL_SERVER, rs);
}

/* ---- inheritance, once everything is read ---- */

static gint64
pick_timer (gint64 checker, gint64 rs, gint64 vs, gint64 fallback)
{
  return checker >= 0 ? checker : rs >= 0 ? rs : vs >= 0 ? vs : fallback;
}

/* FILE_CHECK holds its track_file's path, and its weight and reverse
 * unless it gives its own (keepalived), so that a reload that changes the
 * track_file block changes the checker too. */
static void
resolve_file_check (const VigilConfig *config, VigilConfChecker *checker)
{
  const VigilConfTrackFile *track = NULL;

  if (checker->track_file != NULL)
    track = vigil_config_find_track_file (config, checker->track_file);
  if (track == NULL)
    return;
  g_free (checker->file_path);
  checker->file_path = g_strdup (track->path);
  if (!checker->file_weight_given)
    {
      checker->file_weight = track->weight;
      checker->file_weight_reverse = track->weight_reverse;
    }
}

static void
finish_real_server (const VigilConfig *config, VS *vs, RS *rs)
{
  const VigilConfGlobal *global = &config->global;

  if (rs->weight < 0)
    rs->weight = vs->weight;
  if (!rs->forwarding.given)
    rs->forwarding = rs->is_sorry_server && vs->sorry_server_forwarding.given
      ? vs->sorry_server_forwarding : vs->forwarding;
  if (rs->alpha == UNSET_BOOL)
    rs->alpha = vs->alpha;
  if (rs->inhibit_on_failure == UNSET_BOOL)
    rs->inhibit_on_failure = rs->is_sorry_server ? vs->sorry_server_inhibit
                                                 : vs->inhibit_on_failure;
  for (guint c = 0; c < rs->checkers->len; c++)
    {
      VigilConfChecker *checker = g_ptr_array_index (rs->checkers, c);
      gint64 retry_default = checker->type == VIGIL_CONF_CHECKER_DNS ? 3
                           : checker->type == VIGIL_CONF_CHECKER_MISC ? 0 : 1;
      gint64 dbr_default;

      checker->delay_loop = pick_timer (checker->delay_loop, rs->delay_loop, vs->delay_loop,
                                        60 * VIGIL_USEC_PER_SEC);
      checker->connect_timeout = pick_timer (checker->connect_timeout, rs->connect_timeout,
                                             vs->connect_timeout, 5 * VIGIL_USEC_PER_SEC);
      dbr_default = checker->type == VIGIL_CONF_CHECKER_DNS ? checker->delay_loop
                  : checker->type == VIGIL_CONF_CHECKER_HTTP
                    || checker->type == VIGIL_CONF_CHECKER_SSL ? 3 * VIGIL_USEC_PER_SEC
                  : VIGIL_USEC_PER_SEC;
      checker->delay_before_retry = pick_timer (checker->delay_before_retry,
                                                rs->delay_before_retry, vs->delay_before_retry,
                                                dbr_default);
      checker->warmup = pick_timer (checker->warmup, rs->warmup, vs->warmup, checker->delay_loop);
      if ((int) checker->retry < 0)
        checker->retry = (guint) pick_timer ((int) checker->retry, rs->retry, vs->retry,
                                             retry_default);
      if (checker->alpha == UNSET_BOOL)
        checker->alpha = rs->alpha;
      if (checker->log_all_failures == UNSET_BOOL)
        checker->log_all_failures = global->checker_log_all_failures;
      if (checker->virtualhost == NULL)
        checker->virtualhost = g_strdup (rs->virtualhost != NULL ? rs->virtualhost
                                                                 : vs->virtualhost);
      if (checker->misc_timeout == 0 && checker->type == VIGIL_CONF_CHECKER_MISC)
        checker->misc_timeout = checker->delay_loop;
      /* keepalived: a FILE_CHECK's state is the file's, known at once: no
       * retries, no alpha, and read at start rather than within warmup. */
      if (checker->type == VIGIL_CONF_CHECKER_FILE)
        {
          checker->retry = 0;
          checker->alpha = FALSE;
          checker->warmup = 0;
          resolve_file_check (config, checker);
        }
    }
}

void vigil_conf_finish_virtual_servers (VigilConfParser *parser);

void
vigil_conf_finish_virtual_servers (VigilConfParser *parser)
{
  GPtrArray *servers = parser->config->virtual_servers;

  for (guint i = 0; i < servers->len; i++)
    {
      VS *vs = g_ptr_array_index (servers, i);

      if (vs->lvs_sched == NULL)
        vs->lvs_sched = g_strdup ("wlc");
      for (guint r = 0; r < vs->real_servers->len; r++)
        finish_real_server (parser->config, vs, g_ptr_array_index (vs->real_servers, r));
      if (vs->sorry_server != NULL)
        finish_real_server (parser->config, vs, vs->sorry_server);
    }
}
