/* parser-checker.c - the health checker blocks of a real_server
 *
 * TCP_CHECK, HTTP_GET, SSL_GET (with url { }), SMTP_CHECK (with the legacy
 * host { }), DNS_CHECK, UDP_CHECK, PING_CHECK, MISC_CHECK and FILE_CHECK.
 * The connection and timer keywords every checker shares are one table,
 * the base of each checker's own.
 */
#define G_LOG_DOMAIN "vigil-config"

#include "config/parser.h"
#include "check/dns-codec.h"
#include "i18n.h"

#include <string.h>

#define CK VigilConfChecker
#define UNSET_BOOL (-1)
#define TIMER_MAX (86400 * VIGIL_USEC_PER_SEC)
#define TIMER_ROW(kw, field) KW_TIMER (kw, CK, field, 1, TIMER_MAX)

/* While an SMTP_CHECK is parsed, its legacy `host { }` blocks wait here. */
typedef struct {
  CK checker;                /* first: the generic setters' offsets apply */
  GPtrArray *hosts;          /* CK* with only connection fields, or NULL */
} SmtpParse;

/* ---- shared rows ---- */

static const VigilConfKeyword timer_keywords[] = {
  KW_BOOL ("alpha", CK, alpha),
  TIMER_ROW ("connect_timeout", connect_timeout),
  TIMER_ROW ("delay_before_retry", delay_before_retry),
  TIMER_ROW ("delay_loop", delay_loop),
  KW_BOOL ("log_all_failures", CK, log_all_failures),
  KW_ALIAS ("nb_get_retry", "retry"),
  KW_VALUE ("retry", UINT, CK, retry, 0, G_MAXINT32),
  KW_TIMER ("warmup", CK, warmup, 0, TIMER_MAX),
};

static const VigilConfBlockSpec timer_spec = {
  VIGIL_CONF_BLOCK_N_KINDS, "checker", timer_keywords, G_N_ELEMENTS (timer_keywords), NULL
};

static const VigilConfKeyword connection_keywords[] = {
  KW_STRING ("bind_if", CK, bind_if),
  KW_PORT ("bind_port", CK, bind_port),
  KW_ADDR ("bindto", CK, bindto),
  KW_ADDR ("connect_ip", CK, connect_ip),
  KW_PORT ("connect_port", CK, connect_port),
  KW_VALUE ("fwmark", UINT32, CK, fwmark, 0, G_MAXUINT32),
};

static const VigilConfBlockSpec connection_spec = {
  VIGIL_CONF_BLOCK_N_KINDS, "checker", connection_keywords, G_N_ELEMENTS (connection_keywords),
  &timer_spec
};

/* ---- TCP_CHECK, PING_CHECK ---- */

const VigilConfBlockSpec vigil_conf_tcp_check_spec = {
  VIGIL_CONF_BLOCK_TCP_CHECK, "TCP_CHECK", NULL, 0, &connection_spec
};

const VigilConfBlockSpec vigil_conf_ping_check_spec = {
  VIGIL_CONF_BLOCK_PING_CHECK, "PING_CHECK", NULL, 0, &connection_spec
};

/* ---- HTTP_GET / SSL_GET ---- */

static void
handle_url (VigilConfParser *parser, const VigilConfNode *node,
            const VigilConfKeyword *keyword, gpointer target)
{
  CK *checker = target;
  VigilConfUrl *url = g_new0 (VigilConfUrl, 1);

  url->loc = node->keyword.loc;
  url->status_ranges = g_array_new (FALSE, FALSE, sizeof (guint));
  if (checker->urls == NULL)
    checker->urls = g_ptr_array_new ();
  g_ptr_array_add (checker->urls, url);
  vigil_conf_parse_block (parser, node, VIGIL_CONF_BLOCK_URL, url);
  if (url->path == NULL)
    vigil_diag_error (parser->diags, &url->loc, _("'url' needs a 'path'"));
  if (url->regex != NULL)
    {
      /* compiled as the checker compiles it: bytes unless `utf` */
      g_auto(GStrv) options = g_strsplit (url->regex_options ? url->regex_options : "", " ", -1);
      GRegexCompileFlags flags = g_strv_contains ((const char *const *) options, "utf")
                                 ? 0 : G_REGEX_RAW;
      g_autoptr(GError) error = NULL;
      g_autoptr(GRegex) regex = g_regex_new (url->regex, flags, 0, &error);

      if (regex == NULL)
        vigil_diag_error (parser->diags, &url->loc, _("invalid regex: %s"), error->message);
    }
  if (url->status_ranges->len == 0)
    {
      guint range[2] = { 200, 299 };
      g_array_append_vals (url->status_ranges, range, 2);
    }
}

static void
handle_http_protocol (VigilConfParser *parser, const VigilConfNode *node,
                      const VigilConfKeyword *keyword, gpointer target)
{
  static const char *const versions[] = { "1.0", "1.0C", "1.1", NULL };
  const VigilConfWord *value = vigil_conf_node_arg (node, 0);
  int which = strcmp (value->text, "1.0c") == 0 ? 1
    : vigil_conf_value_choice (parser, node->keyword.text, value, versions);

  if (which >= 0)
    ((CK *) target)->http_protocol = which;
}

static const VigilConfKeyword http_get_keywords[] = {
  KW_BOOL ("enable_sni", CK, enable_sni),
  KW_BOOL ("fast_recovery", CK, fast_recovery),
  KW_HANDLER ("http_protocol", handle_http_protocol, 1, 1),
  KW_BLOCK ("url", handle_url, 0, 0),
  KW_STRING ("virtualhost", CK, virtualhost),
};

const VigilConfBlockSpec vigil_conf_http_get_spec = {
  VIGIL_CONF_BLOCK_HTTP_GET, "HTTP_GET", http_get_keywords, G_N_ELEMENTS (http_get_keywords),
  &connection_spec
};

const VigilConfBlockSpec vigil_conf_ssl_get_spec = {
  VIGIL_CONF_BLOCK_SSL_GET, "SSL_GET", http_get_keywords, G_N_ELEMENTS (http_get_keywords),
  &connection_spec
};

/* ---- url { } ---- */

#define URL VigilConfUrl

static void
handle_digest (VigilConfParser *parser, const VigilConfNode *node,
               const VigilConfKeyword *keyword, gpointer target)
{
  URL *url = target;
  const VigilConfWord *value = vigil_conf_node_arg (node, 0);
  gsize len = strlen (value->text);

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (value->text[i]))
      len = 0;
  if (len != 32)
    {
      vigil_diag_error (parser->diags, &value->loc,
                        _("invalid value '%s' for 'digest': expected an MD5 digest "
                          "(32 hexadecimal digits, as genhash prints it)"), value->text);
      return;
    }
  g_free (url->digest);
  url->digest = g_ascii_strdown (value->text, -1);
}

static void
handle_status_code (VigilConfParser *parser, const VigilConfNode *node,
                    const VigilConfKeyword *keyword, gpointer target)
{
  URL *url = target;

  g_array_set_size (url->status_ranges, 0);
  for (guint i = 0; i < node->n_args; i++)
    {
      const VigilConfWord *word = node->args[i];
      char *end = NULL;
      guint range[2];

      range[0] = (guint) g_ascii_strtoull (word->text, &end, 10);
      range[1] = range[0];
      if (*end == '-')
        range[1] = (guint) g_ascii_strtoull (end + 1, &end, 10);
      if (!g_ascii_isdigit (word->text[0]) || *end != '\0' || range[0] < 100
          || range[1] > 599 || range[0] > range[1])
        {
          vigil_diag_error (parser->diags, &word->loc,
                            _("invalid value '%s' for 'status_code': expected a code or a "
                              "range of codes from 100 to 599 (e.g. 200 or 200-299)"),
                            word->text);
          continue;
        }
      g_array_append_vals (url->status_ranges, range, 2);
    }
}

static void
handle_regex_stack (VigilConfParser *parser, const VigilConfNode *node,
                    const VigilConfKeyword *keyword, gpointer target)
{
  URL *url = target;
  gint64 start, max;

  if (vigil_conf_value_int (parser, "regex_stack", vigil_conf_node_arg (node, 0), 1,
                            G_MAXINT32, &start)
      && vigil_conf_value_int (parser, "regex_stack", vigil_conf_node_arg (node, 1), start,
                               G_MAXINT32, &max))
    {
      url->regex_stack_start = (guint) start;
      url->regex_stack_max = (guint) max;
    }
}

static void
handle_regex_options (VigilConfParser *parser, const VigilConfNode *node,
                      const VigilConfKeyword *keyword, gpointer target)
{
  static const char *const options[] = {
    "allow_empty_class", "alt_bsux", "auto_callout", "caseless", "dollar_endonly", "dotall",
    "dupnames", "extended", "firstline", "match_unset_backref", "multiline", "never_ucp",
    "never_utf", "no_auto_capture", "no_auto_possess", "no_dotstar_anchor",
    "no_start_optimize", "ucp", "ungreedy", "utf", "never_backslash_c", "alt_circumflex",
    "alt_verbnames", "use_offset_limit", NULL
  };
  URL *url = target;
  GString *all = g_string_new (NULL);

  for (guint i = 0; i < node->n_args; i++)
    {
      const VigilConfWord *word = node->args[i];
      if (vigil_conf_value_choice (parser, node->keyword.text, word, options) < 0)
        continue;
      g_string_append_printf (all, "%s%s", all->len > 0 ? " " : "", word->text);
    }
  g_free (url->regex_options);
  url->regex_options = g_string_free (all, FALSE);
}

static const VigilConfKeyword url_keywords[] = {
  KW_HANDLER ("digest", handle_digest, 1, 1),
  KW_STRING ("path", URL, path),
  KW_STRING ("regex", URL, regex),
  KW_VALUE ("regex_max_offset", UINT, URL, regex_max_offset, 0, G_MAXINT32),
  KW_VALUE ("regex_min_offset", UINT, URL, regex_min_offset, 0, G_MAXINT32),
  KW_FLAG ("regex_no_match", URL, regex_no_match),
  KW_HANDLER ("regex_options", handle_regex_options, 1, VIGIL_CONF_ARGS_MANY),
  KW_HANDLER ("regex_stack", handle_regex_stack, 2, 2),
  KW_HANDLER ("status_code", handle_status_code, 1, VIGIL_CONF_ARGS_MANY),
  KW_STRING ("virtualhost", URL, virtualhost),
};

const VigilConfBlockSpec vigil_conf_url_spec = {
  VIGIL_CONF_BLOCK_URL, "url", url_keywords, G_N_ELEMENTS (url_keywords), NULL
};

/* ---- SMTP_CHECK and its legacy host { } ---- */

static void
handle_smtp_host (VigilConfParser *parser, const VigilConfNode *node,
                  const VigilConfKeyword *keyword, gpointer target)
{
  SmtpParse *smtp = target;
  CK *host = g_new0 (CK, 1);

  if (smtp->hosts == NULL)
    smtp->hosts = VIGIL_CONF_PTR_ARRAY (vigil_conf_checker_free);
  host->connect_timeout = host->delay_loop = host->delay_before_retry = host->warmup = -1;
  host->retry = G_MAXUINT;
  host->alpha = UNSET_BOOL;
  host->log_all_failures = UNSET_BOOL;
  host->loc = node->keyword.loc;
  g_ptr_array_add (smtp->hosts, host);
  vigil_conf_parse_block (parser, node, VIGIL_CONF_BLOCK_SMTP_HOST, host);
}

static const VigilConfKeyword smtp_check_keywords[] = {
  KW_STRING ("helo_name", CK, helo_name),
  { .keyword = "host", .handler = handle_smtp_host, .flags = VIGIL_CONF_KW_BLOCK
    | VIGIL_CONF_KW_LEGACY, .replacement = "one SMTP_CHECK per host" },
};

const VigilConfBlockSpec vigil_conf_smtp_check_spec = {
  VIGIL_CONF_BLOCK_SMTP_CHECK, "SMTP_CHECK", smtp_check_keywords,
  G_N_ELEMENTS (smtp_check_keywords), &connection_spec
};

/* A host { } takes every connection and timer keyword of a checker. */
const VigilConfBlockSpec vigil_conf_smtp_host_spec = {
  VIGIL_CONF_BLOCK_SMTP_HOST, "host", NULL, 0, &connection_spec
};

/* ---- DNS_CHECK ---- */

static void
handle_dns_type (VigilConfParser *parser, const VigilConfNode *node,
                 const VigilConfKeyword *keyword, gpointer target)
{
  static const char *const types[] = { "A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA", NULL };
  CK *checker = target;
  const VigilConfWord *value = vigil_conf_node_arg (node, 0);
  g_autofree char *upper = g_ascii_strup (value->text, -1);

  if (!g_strv_contains (types, upper))
    {
      vigil_conf_value_choice (parser, node->keyword.text, value, types);
      return;
    }
  g_free (checker->dns_type);
  checker->dns_type = g_steal_pointer (&upper);
}

/* keepalived refuses a name with an empty label; vigil also one its
 * query could not carry (a label over 63 bytes, a name over 255). */
static void
handle_dns_name (VigilConfParser *parser, const VigilConfNode *node,
                 const VigilConfKeyword *keyword, gpointer target)
{
  CK *checker = target;
  const VigilConfWord *value = vigil_conf_node_arg (node, 0);
  guint8 wire[VIGIL_DNS_MAX_NAME];
  g_autoptr(GError) error = NULL;

  if (vigil_dns_name_encode (value->text, wire, sizeof wire, &error) == 0)
    {
      vigil_diag_error (parser->diags, &value->loc, "%s", error->message);
      return;
    }
  g_free (checker->dns_name);
  checker->dns_name = g_strdup (value->text);
}

static const VigilConfKeyword dns_check_keywords[] = {
  KW_HANDLER ("name", handle_dns_name, 1, 1),
  KW_HANDLER ("type", handle_dns_type, 1, 1),
};

const VigilConfBlockSpec vigil_conf_dns_check_spec = {
  VIGIL_CONF_BLOCK_DNS_CHECK, "DNS_CHECK", dns_check_keywords, G_N_ELEMENTS (dns_check_keywords),
  &connection_spec
};

/* ---- UDP_CHECK ---- */

/* "Ab12f 3 456" → AB 12 0F 03 45 06; with `wildcards`, X/x nibbles are
 * 0 in data and 0 in mask (other nibbles have mask 0xf). */
static gboolean
parse_hex (const VigilConfNode *node, gboolean wildcards, GBytes **data, GBytes **mask)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GByteArray) masks = g_byte_array_new ();

  for (guint i = 0; i < node->n_args; i++)
    {
      const char *text = vigil_conf_node_arg (node, i)->text;
      gsize len = strlen (text);

      for (gsize j = 0; j < len; j += 2)
        {
          guint8 byte = 0, byte_mask = 0;
          gsize n = MIN (2, len - j);

          for (gsize k = 0; k < n; k++)
            {
              char ch = text[j + k];
              guint8 nibble = 0, nibble_mask = 0xf;

              if (wildcards && (ch == 'x' || ch == 'X'))
                nibble_mask = 0;
              else if (g_ascii_isxdigit (ch))
                nibble = (guint8) g_ascii_xdigit_value (ch);
              else
                return FALSE;
              byte = (guint8) (byte << 4 | nibble);
              byte_mask = (guint8) (byte_mask << 4 | nibble_mask);
            }
          g_byte_array_append (bytes, &byte, 1);
          g_byte_array_append (masks, &byte_mask, 1);
        }
    }
  *data = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
  if (mask != NULL)
    *mask = g_byte_array_free_to_bytes (g_steal_pointer (&masks));
  return TRUE;
}

static void
handle_payload (VigilConfParser *parser, const VigilConfNode *node,
                const VigilConfKeyword *keyword, gpointer target)
{
  CK *checker = target;
  gboolean reply = strcmp (node->keyword.text, "require_reply") == 0;
  GBytes *data = NULL, *mask = NULL;

  if (reply)
    checker->require_reply = TRUE;
  if (node->n_args == 0)
    return;
  if (!parse_hex (node, reply, &data, reply ? &mask : NULL))
    {
      vigil_diag_error (parser->diags, &vigil_conf_node_arg (node, 0)->loc,
                        _("invalid value for '%s': expected hexadecimal digits%s"),
                        node->keyword.text, reply ? _(" (X for any nibble)") : "");
      return;
    }
  if (reply)
    {
      g_clear_pointer (&checker->reply_data, g_bytes_unref);
      g_clear_pointer (&checker->reply_mask, g_bytes_unref);
      checker->reply_data = data;
      checker->reply_mask = mask;
    }
  else
    {
      g_clear_pointer (&checker->payload, g_bytes_unref);
      checker->payload = data;
    }
}

static const VigilConfKeyword udp_check_keywords[] = {
  KW_VALUE ("max_reply_length", UINT, CK, max_reply_length, 0, 65535),
  KW_VALUE ("min_reply_length", UINT, CK, min_reply_length, 0, 65535),
  KW_HANDLER ("payload", handle_payload, 1, VIGIL_CONF_ARGS_MANY),
  KW_HANDLER ("require_reply", handle_payload, 0, VIGIL_CONF_ARGS_MANY),
};

const VigilConfBlockSpec vigil_conf_udp_check_spec = {
  VIGIL_CONF_BLOCK_UDP_CHECK, "UDP_CHECK", udp_check_keywords, G_N_ELEMENTS (udp_check_keywords),
  &connection_spec
};

/* ---- MISC_CHECK ---- */

static void
handle_misc_user (VigilConfParser *parser, const VigilConfNode *node,
                  const VigilConfKeyword *keyword, gpointer target)
{
  CK *checker = target;
  const VigilConfWord *group = vigil_conf_node_arg (node, 1);

  if (checker->misc_path == NULL)
    {
      checker->misc_path = g_new0 (VigilConfScript, 1);
      checker->misc_path->loc = node->keyword.loc;
    }
  g_free (checker->misc_path->user);
  g_free (checker->misc_path->group);
  checker->misc_path->user = g_strdup (vigil_conf_node_arg (node, 0)->text);
  checker->misc_path->group = group != NULL ? g_strdup (group->text) : NULL;
}

static void
handle_misc_path (VigilConfParser *parser, const VigilConfNode *node,
                  const VigilConfKeyword *keyword, gpointer target)
{
  CK *checker = target;
  VigilConfScript *script = vigil_conf_value_script (parser, node, 0);

  if (script == NULL)
    return;
  if (checker->misc_path != NULL)
    {
      if (script->user == NULL)
        script->user = g_steal_pointer (&checker->misc_path->user);
      if (script->group == NULL)
        script->group = g_steal_pointer (&checker->misc_path->group);
      vigil_conf_script_free (checker->misc_path);
    }
  checker->misc_path = script;
}

static const VigilConfKeyword misc_check_keywords[] = {
  KW_FLAG ("misc_dynamic", CK, misc_dynamic),
  KW_HANDLER ("misc_path", handle_misc_path, 1, VIGIL_CONF_ARGS_MANY),
  { .keyword = "misc_timeout", .type = VIGIL_CONF_VALUE_TIMER, .min_args = 1, .max_args = 1,
    .offset = G_STRUCT_OFFSET (CK, misc_timeout), .min = 1, .max = TIMER_MAX },
  KW_HANDLER ("user", handle_misc_user, 1, 2),
};

const VigilConfBlockSpec vigil_conf_misc_check_spec = {
  VIGIL_CONF_BLOCK_MISC_CHECK, "MISC_CHECK", misc_check_keywords,
  G_N_ELEMENTS (misc_check_keywords), &timer_spec
};

/* ---- FILE_CHECK ---- */

static void
handle_file_weight (VigilConfParser *parser, const VigilConfNode *node,
                    const VigilConfKeyword *keyword, gpointer target)
{
  CK *checker = target;

  if (vigil_conf_value_weight (parser, node, 0, -G_MAXINT32, G_MAXINT32, &checker->file_weight,
                               &checker->file_weight_reverse))
    checker->file_weight_given = TRUE;
}

static const VigilConfKeyword file_check_keywords[] = {
  KW_FLAG ("dynamic", CK, file_dynamic),
  KW_STRING ("track_file", CK, track_file),
  KW_HANDLER ("weight", handle_file_weight, 1, 2),
};

const VigilConfBlockSpec vigil_conf_file_check_spec = {
  VIGIL_CONF_BLOCK_FILE_CHECK, "FILE_CHECK", file_check_keywords,
  G_N_ELEMENTS (file_check_keywords), NULL
};

/* ---- the checker block itself ---- */

static const struct {
  const char *keyword;
  VigilConfCheckerType type;
  VigilConfBlockKind block;
} checker_kinds[] = {
  { "TCP_CHECK", VIGIL_CONF_CHECKER_TCP, VIGIL_CONF_BLOCK_TCP_CHECK },
  { "HTTP_GET", VIGIL_CONF_CHECKER_HTTP, VIGIL_CONF_BLOCK_HTTP_GET },
  { "SSL_GET", VIGIL_CONF_CHECKER_SSL, VIGIL_CONF_BLOCK_SSL_GET },
  { "SMTP_CHECK", VIGIL_CONF_CHECKER_SMTP, VIGIL_CONF_BLOCK_SMTP_CHECK },
  { "DNS_CHECK", VIGIL_CONF_CHECKER_DNS, VIGIL_CONF_BLOCK_DNS_CHECK },
  { "UDP_CHECK", VIGIL_CONF_CHECKER_UDP, VIGIL_CONF_BLOCK_UDP_CHECK },
  { "PING_CHECK", VIGIL_CONF_CHECKER_PING, VIGIL_CONF_BLOCK_PING_CHECK },
  { "MISC_CHECK", VIGIL_CONF_CHECKER_MISC, VIGIL_CONF_BLOCK_MISC_CHECK },
  { "FILE_CHECK", VIGIL_CONF_CHECKER_FILE, VIGIL_CONF_BLOCK_FILE_CHECK },
};

/* A copy of an SMTP checker for one legacy host { } block. */
static CK *
smtp_for_host (const CK *checker, const CK *host)
{
  CK *copy = g_new0 (CK, 1);

  *copy = *checker;
  copy->loc = host->loc;
  copy->connect_ip = host->connect_ip;
  copy->connect_port = host->connect_port;
  copy->bindto = host->bindto;
  copy->bind_port = host->bind_port;
  copy->bind_if = g_strdup (host->bind_if != NULL ? host->bind_if : checker->bind_if);
  copy->fwmark = host->fwmark != 0 ? host->fwmark : checker->fwmark;
  if (host->connect_timeout >= 0)
    copy->connect_timeout = host->connect_timeout;
  if (host->delay_loop >= 0)
    copy->delay_loop = host->delay_loop;
  if (host->delay_before_retry >= 0)
    copy->delay_before_retry = host->delay_before_retry;
  if (host->warmup >= 0)
    copy->warmup = host->warmup;
  if (host->retry != G_MAXUINT)
    copy->retry = host->retry;
  if (host->alpha != UNSET_BOOL)
    copy->alpha = host->alpha;
  if (host->log_all_failures != UNSET_BOOL)
    copy->log_all_failures = host->log_all_failures;
  copy->helo_name = g_strdup (checker->helo_name);
  copy->urls = NULL;
  copy->virtualhost = NULL;
  copy->dns_type = copy->dns_name = NULL;
  copy->payload = copy->reply_data = copy->reply_mask = NULL;
  copy->misc_path = NULL;
  copy->track_file = copy->file_path = copy->bfd_name = NULL;
  return copy;
}

void
vigil_conf_parse_checker (VigilConfParser *parser, const VigilConfNode *node,
                          const VigilConfKeyword *keyword, gpointer target)
{
  VigilConfRealServer *rs = target;
  SmtpParse smtp = { 0 };
  CK *checker = &smtp.checker;
  gsize k;

  for (k = 0; k < G_N_ELEMENTS (checker_kinds); k++)
    if (strcmp (node->keyword.text, checker_kinds[k].keyword) == 0)
      break;
  g_assert (k < G_N_ELEMENTS (checker_kinds));
  checker->type = checker_kinds[k].type;
  checker->loc = node->keyword.loc;
  checker->connect_timeout = checker->delay_loop = checker->delay_before_retry = -1;
  checker->warmup = -1;
  checker->retry = G_MAXUINT;
  checker->alpha = UNSET_BOOL;
  checker->log_all_failures = UNSET_BOOL;
  checker->max_reply_length = 255;
  checker->file_weight = 1;
  if (checker->type == VIGIL_CONF_CHECKER_DNS)
    {
      checker->dns_type = g_strdup ("SOA");
      checker->dns_name = g_strdup (".");
    }
  vigil_conf_parse_block (parser, node, checker_kinds[k].block, &smtp);

  if ((checker->type == VIGIL_CONF_CHECKER_HTTP || checker->type == VIGIL_CONF_CHECKER_SSL)
      && (checker->urls == NULL || checker->urls->len == 0))
    vigil_diag_error (parser->diags, &checker->loc, _("%s needs at least one 'url' block"),
                      node->keyword.text);
  if (checker->type == VIGIL_CONF_CHECKER_MISC
      && (checker->misc_path == NULL || checker->misc_path->argv == NULL))
    vigil_diag_error (parser->diags, &checker->loc, _("MISC_CHECK needs a 'misc_path'"));
  if (checker->type == VIGIL_CONF_CHECKER_FILE && checker->track_file == NULL)
    vigil_diag_error (parser->diags, &checker->loc, _("FILE_CHECK needs a 'track_file'"));
  if (checker->type == VIGIL_CONF_CHECKER_UDP
      && checker->min_reply_length > checker->max_reply_length)
    vigil_diag_error (parser->diags, &checker->loc,
                      _("UDP_CHECK min_reply_length %u is more than max_reply_length %u"),
                      checker->min_reply_length, checker->max_reply_length);

  if (smtp.hosts == NULL)
    g_ptr_array_add (rs->checkers, g_memdup2 (checker, sizeof *checker));
  else
    {
      for (guint h = 0; h < smtp.hosts->len; h++)
        g_ptr_array_add (rs->checkers, smtp_for_host (checker, g_ptr_array_index (smtp.hosts, h)));
      g_free (checker->bind_if);
      g_free (checker->helo_name);
      g_free (checker->virtualhost);
      g_ptr_array_unref (smtp.hosts);
    }
}
