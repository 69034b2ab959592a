/* parser.h - the keyword-table parser (internal to src/config)
 *
 * The syntax tree (tree.h) becomes a VigilConfig through one keyword
 * table per block kind. A table row names a keyword, how many arguments it
 * takes, whether it opens a `{ }` block, and either a handler or a generic
 * field setter (type, struct offset, range). Tables are static const and
 * sorted by keyword, so a lookup is a binary search.
 *
 * Keywords keepalived knows but vigil does not implement live in a single
 * table (parser-unimplemented.c) and produce a warning naming them.
 */
#pragma once

#include "config/diag.h"
#include "config/model.h"
#include "config/tree.h"

G_BEGIN_DECLS

typedef enum {
  VIGIL_CONF_BLOCK_TOP = 0,
  VIGIL_CONF_BLOCK_GLOBAL_DEFS,
  VIGIL_CONF_BLOCK_VRRP_INSTANCE,
  VIGIL_CONF_BLOCK_AUTHENTICATION,
  VIGIL_CONF_BLOCK_VRRP_SYNC_GROUP,
  VIGIL_CONF_BLOCK_VRRP_SCRIPT,
  VIGIL_CONF_BLOCK_TRACK_FILE,
  VIGIL_CONF_BLOCK_TRACK_PROCESS,
  VIGIL_CONF_BLOCK_TRACK_GROUP,
  VIGIL_CONF_BLOCK_GARP_GROUP,
  VIGIL_CONF_BLOCK_SSL,
  VIGIL_CONF_BLOCK_VIRTUAL_SERVER,
  VIGIL_CONF_BLOCK_REAL_SERVER,
  VIGIL_CONF_BLOCK_TCP_CHECK,
  VIGIL_CONF_BLOCK_HTTP_GET,
  VIGIL_CONF_BLOCK_SSL_GET,
  VIGIL_CONF_BLOCK_URL,
  VIGIL_CONF_BLOCK_SMTP_CHECK,
  VIGIL_CONF_BLOCK_SMTP_HOST,
  VIGIL_CONF_BLOCK_DNS_CHECK,
  VIGIL_CONF_BLOCK_UDP_CHECK,
  VIGIL_CONF_BLOCK_PING_CHECK,
  VIGIL_CONF_BLOCK_MISC_CHECK,
  VIGIL_CONF_BLOCK_FILE_CHECK,
  VIGIL_CONF_BLOCK_N_KINDS
} VigilConfBlockKind;

/* How a generic row stores its value at `offset` in the block's struct. */
typedef enum {
  VIGIL_CONF_VALUE_HANDLER = 0,  /* row has a handler instead */
  VIGIL_CONF_VALUE_FLAG,         /* gboolean = TRUE, no argument */
  VIGIL_CONF_VALUE_BOOL,         /* gboolean, optional on|off|... (default on) */
  VIGIL_CONF_VALUE_INT,          /* int in [min, max] */
  VIGIL_CONF_VALUE_UINT,         /* guint in [min, max] */
  VIGIL_CONF_VALUE_UINT8,        /* guint8 in [min, max] */
  VIGIL_CONF_VALUE_UINT16,       /* guint16 in [min, max] */
  VIGIL_CONF_VALUE_UINT32,       /* guint32 in [min, max] */
  VIGIL_CONF_VALUE_TIMER,        /* gint64 microseconds from seconds, [min, max] us */
  VIGIL_CONF_VALUE_TIMER_INT,    /* same, whole seconds only */
  VIGIL_CONF_VALUE_STRING,       /* char*, replaced */
  VIGIL_CONF_VALUE_ADDR,         /* VigilInetAddr */
  VIGIL_CONF_VALUE_PORT,         /* guint16 1..65535 (or service name) */
  VIGIL_CONF_VALUE_SCRIPT,       /* VigilConfScript*: SCRIPT [USER [GROUP]] */
  VIGIL_CONF_VALUE_IGNORE,       /* accepted, nothing stored */
} VigilConfValueType;

enum {
  VIGIL_CONF_KW_BLOCK          = 1 << 0,  /* needs a `{ }` block */
  VIGIL_CONF_KW_BLOCK_OPTIONAL = 1 << 1,  /* may have a block */
  VIGIL_CONF_KW_LEGACY         = 1 << 2,  /* warn, naming `replacement` */
  VIGIL_CONF_KW_ONCE           = 1 << 3,  /* a second occurrence is an error */
};

#define VIGIL_CONF_ARGS_MANY 255

/* A GPtrArray owning its items. */
#define VIGIL_CONF_PTR_ARRAY(free_func) \
  g_ptr_array_new_with_free_func ((GDestroyNotify) (free_func))

typedef struct _VigilConfParser VigilConfParser;
typedef struct _VigilConfKeyword VigilConfKeyword;

/* `target` is the struct of the enclosing block (VigilConfig* at top). */
typedef void (*VigilConfHandler) (VigilConfParser *parser, const VigilConfNode *node,
                                  const VigilConfKeyword *keyword, gpointer target);

struct _VigilConfKeyword {
  const char *keyword;
  VigilConfHandler handler;
  VigilConfValueType type;
  guint16 offset;
  guint8 min_args;
  guint8 max_args;
  guint8 flags;
  gint64 min;
  gint64 max;
  /* LEGACY: the keyword to use instead. A LEGACY row without handler or
   * type is an alias: the row of `replacement` in the same table applies. */
  const char *replacement;
};

/* Shorthands for table rows. */
#define KW_HANDLER(kw, fn, amin, amax) \
  { .keyword = (kw), .handler = (fn), .min_args = (amin), .max_args = (amax) }
#define KW_BLOCK(kw, fn, amin, amax) \
  { .keyword = (kw), .handler = (fn), .min_args = (amin), .max_args = (amax), \
    .flags = VIGIL_CONF_KW_BLOCK }
#define KW_VALUE(kw, t, st, field, lo, hi) \
  { .keyword = (kw), .type = VIGIL_CONF_VALUE_##t, .offset = G_STRUCT_OFFSET (st, field), \
    .min_args = 1, .max_args = 1, .min = (lo), .max = (hi) }
#define KW_FLAG(kw, st, field) \
  { .keyword = (kw), .type = VIGIL_CONF_VALUE_FLAG, .offset = G_STRUCT_OFFSET (st, field) }
#define KW_BOOL(kw, st, field) \
  { .keyword = (kw), .type = VIGIL_CONF_VALUE_BOOL, .offset = G_STRUCT_OFFSET (st, field), \
    .max_args = 1 }
#define KW_STRING(kw, st, field) \
  { .keyword = (kw), .type = VIGIL_CONF_VALUE_STRING, .offset = G_STRUCT_OFFSET (st, field), \
    .min_args = 1, .max_args = 1 }
#define KW_ADDR(kw, st, field) \
  { .keyword = (kw), .type = VIGIL_CONF_VALUE_ADDR, .offset = G_STRUCT_OFFSET (st, field), \
    .min_args = 1, .max_args = 1 }
#define KW_PORT(kw, st, field) \
  { .keyword = (kw), .type = VIGIL_CONF_VALUE_PORT, .offset = G_STRUCT_OFFSET (st, field), \
    .min_args = 1, .max_args = 1 }
#define KW_SCRIPT(kw, st, field) \
  { .keyword = (kw), .type = VIGIL_CONF_VALUE_SCRIPT, .offset = G_STRUCT_OFFSET (st, field), \
    .min_args = 1, .max_args = VIGIL_CONF_ARGS_MANY }
#define KW_TIMER(kw, st, field, lo, hi) \
  KW_VALUE (kw, TIMER, st, field, lo, hi)
#define KW_IGNORE(kw, amin, amax) \
  { .keyword = (kw), .type = VIGIL_CONF_VALUE_IGNORE, .min_args = (amin), .max_args = (amax) }
/* A legacy spelling of `current` (a row of the same table), with a warning. */
#define KW_ALIAS(kw, current) \
  { .keyword = (kw), .flags = VIGIL_CONF_KW_LEGACY, .replacement = (current) }

typedef struct _VigilConfBlockSpec VigilConfBlockSpec;
struct _VigilConfBlockSpec {
  VigilConfBlockKind kind;
  const char *name;                  /* as written: "vrrp_instance" */
  const VigilConfKeyword *keywords;  /* sorted by keyword (strcmp) */
  gsize n_keywords;
  /* keywords shared with other blocks (e.g. every checker's connect_ip),
   * looked up when `keywords` has no row; may be NULL */
  const VigilConfBlockSpec *base;
};

/* One row of the table of keepalived keywords vigil accepts but does not
 * implement. */
typedef struct {
  VigilConfBlockKind block;
  const char *keyword;               /* or "keyword VALUE" for a value */
  guint8 flags;                      /* VIGIL_CONF_KW_BLOCK_OPTIONAL... */
  const char *note;                  /* why / what to use, untranslated */
} VigilConfUnimplementedRow;

/* Environment of validation: is there an interface of this name? */
typedef gboolean (*VigilConfInterfaceExistsFunc) (const char *name, gpointer user_data);

struct _VigilConfParser {
  VigilDiagList *diags;
  VigilConfig *config;
  /* (block kind, keyword) warned about already: legacy and unimplemented
   * keywords are reported once per load */
  GHashTable *warned;
};

/* ---- engine (parser.c) ---- */
const VigilConfBlockSpec *vigil_conf_block_spec (VigilConfBlockKind kind);
const VigilConfKeyword *vigil_conf_block_lookup (const VigilConfBlockSpec *spec,
                                                 const char *keyword);
/* Parse every child of `node` against the table of `kind`, into `target`. */
void vigil_conf_parse_block (VigilConfParser *parser, const VigilConfNode *node,
                             VigilConfBlockKind kind, gpointer target);
/* Apply one generic row (type != HANDLER) to `target`. */
void vigil_conf_apply_value (VigilConfParser *parser, const VigilConfNode *node,
                             const VigilConfKeyword *keyword, gpointer target);
/* Parse the whole tree into a new config (never NULL). */
VigilConfig *vigil_conf_parse (const VigilConfNode *root, VigilDiagList *diags);

/* Warn that `keyword` (a row of the unimplemented table, looked up by
 * block and keyword) is not implemented; once per load. */
void vigil_conf_warn_unimplemented (VigilConfParser *parser, const VigilSourceLoc *loc,
                                    VigilConfBlockKind block, const char *keyword);
const VigilConfUnimplementedRow *vigil_conf_unimplemented_lookup (VigilConfBlockKind block,
                                                                  const char *keyword);
const VigilConfUnimplementedRow *vigil_conf_unimplemented_table (gsize *n_rows);
/* For tests: TRUE when every table is sorted and has no duplicate. */
gboolean vigil_conf_tables_check (GString *problems);

/* ---- block tables (parser-*.c) ---- */
extern const VigilConfBlockSpec vigil_conf_top_spec;
extern const VigilConfBlockSpec vigil_conf_global_defs_spec;
extern const VigilConfBlockSpec vigil_conf_vrrp_instance_spec;
extern const VigilConfBlockSpec vigil_conf_authentication_spec;
extern const VigilConfBlockSpec vigil_conf_vrrp_sync_group_spec;
extern const VigilConfBlockSpec vigil_conf_vrrp_script_spec;
extern const VigilConfBlockSpec vigil_conf_track_file_spec;
extern const VigilConfBlockSpec vigil_conf_track_process_spec;
extern const VigilConfBlockSpec vigil_conf_track_group_spec;
extern const VigilConfBlockSpec vigil_conf_garp_group_spec;
extern const VigilConfBlockSpec vigil_conf_ssl_spec;
extern const VigilConfBlockSpec vigil_conf_virtual_server_spec;
extern const VigilConfBlockSpec vigil_conf_real_server_spec;
extern const VigilConfBlockSpec vigil_conf_tcp_check_spec;
extern const VigilConfBlockSpec vigil_conf_http_get_spec;
extern const VigilConfBlockSpec vigil_conf_ssl_get_spec;
extern const VigilConfBlockSpec vigil_conf_url_spec;
extern const VigilConfBlockSpec vigil_conf_smtp_check_spec;
extern const VigilConfBlockSpec vigil_conf_smtp_host_spec;
extern const VigilConfBlockSpec vigil_conf_dns_check_spec;
extern const VigilConfBlockSpec vigil_conf_udp_check_spec;
extern const VigilConfBlockSpec vigil_conf_ping_check_spec;
extern const VigilConfBlockSpec vigil_conf_misc_check_spec;
extern const VigilConfBlockSpec vigil_conf_file_check_spec;

/* top-level handlers living beside their block's table */
void vigil_conf_parse_vrrp_instance (VigilConfParser *parser, const VigilConfNode *node,
                                     const VigilConfKeyword *keyword, gpointer target);
void vigil_conf_parse_vrrp_sync_group (VigilConfParser *parser, const VigilConfNode *node,
                                       const VigilConfKeyword *keyword, gpointer target);
void vigil_conf_parse_vrrp_script (VigilConfParser *parser, const VigilConfNode *node,
                                   const VigilConfKeyword *keyword, gpointer target);
void vigil_conf_parse_track_file (VigilConfParser *parser, const VigilConfNode *node,
                                  const VigilConfKeyword *keyword, gpointer target);
void vigil_conf_parse_track_process (VigilConfParser *parser, const VigilConfNode *node,
                                     const VigilConfKeyword *keyword, gpointer target);
void vigil_conf_parse_track_group (VigilConfParser *parser, const VigilConfNode *node,
                                   const VigilConfKeyword *keyword, gpointer target);
void vigil_conf_parse_garp_group (VigilConfParser *parser, const VigilConfNode *node,
                                  const VigilConfKeyword *keyword, gpointer target);
void vigil_conf_parse_static_ipaddress (VigilConfParser *parser, const VigilConfNode *node,
                                        const VigilConfKeyword *keyword, gpointer target);
void vigil_conf_parse_static_routes (VigilConfParser *parser, const VigilConfNode *node,
                                     const VigilConfKeyword *keyword, gpointer target);
void vigil_conf_parse_static_rules (VigilConfParser *parser, const VigilConfNode *node,
                                    const VigilConfKeyword *keyword, gpointer target);
void vigil_conf_parse_virtual_server (VigilConfParser *parser, const VigilConfNode *node,
                                      const VigilConfKeyword *keyword, gpointer target);
void vigil_conf_parse_virtual_server_group (VigilConfParser *parser, const VigilConfNode *node,
                                            const VigilConfKeyword *keyword, gpointer target);
void vigil_conf_parse_real_server (VigilConfParser *parser, const VigilConfNode *node,
                                   const VigilConfKeyword *keyword, gpointer target);
void vigil_conf_parse_checker (VigilConfParser *parser, const VigilConfNode *node,
                               const VigilConfKeyword *keyword, gpointer target);

/* ---- values (parser-values.c) ----
 * Each reports a diagnostic naming the keyword, the value and the valid
 * form at `word` and returns FALSE when the value is bad. */
gboolean vigil_conf_value_bool (VigilConfParser *parser, const char *keyword,
                                const VigilConfWord *word, gboolean *out);
gboolean vigil_conf_value_int (VigilConfParser *parser, const char *keyword,
                               const VigilConfWord *word, gint64 min, gint64 max,
                               gint64 *out);
gboolean vigil_conf_value_timer (VigilConfParser *parser, const char *keyword,
                                 const VigilConfWord *word, gint64 min_us, gint64 max_us,
                                 gboolean whole_seconds, gint64 *out_us);
gboolean vigil_conf_value_addr (VigilConfParser *parser, const char *keyword,
                                const VigilConfWord *word, VigilInetAddr *out);
gboolean vigil_conf_value_prefix (VigilConfParser *parser, const char *keyword,
                                  const VigilConfWord *word, VigilInetAddr *out,
                                  guint8 *prefix_len, gboolean *has_prefix);
gboolean vigil_conf_value_port (VigilConfParser *parser, const char *keyword,
                                const VigilConfWord *word, guint16 *out);
/* Match `word` against a NULL-terminated list; returns the index or -1
 * (after reporting "expected one of ..."). */
int vigil_conf_value_choice (VigilConfParser *parser, const char *keyword,
                             const VigilConfWord *word, const char *const *choices);
/* SCRIPT [USER [GROUP]] from args[first..]; NULL (reported) when bad. */
VigilConfScript *vigil_conf_value_script (VigilConfParser *parser, const VigilConfNode *node,
                                          guint first);
/* `weight N [reverse|noreverse|no_reverse]` from args[first..] */
gboolean vigil_conf_value_weight (VigilConfParser *parser, const VigilConfNode *node,
                                  guint first, gint64 min, gint64 max, int *weight,
                                  gboolean *reverse);
/* A fresh copy of node->keyword.loc */
static inline const VigilSourceLoc *
vigil_conf_node_loc (const VigilConfNode *node)
{
  return &node->keyword.loc;
}

/* Report too few values for `keyword`. */
void vigil_conf_error_args (VigilConfParser *parser, const VigilConfNode *node,
                            const VigilConfKeyword *keyword);
/* "'KEYWORD' takes no '{' block" and similar, for value-list blocks */
gboolean vigil_conf_expect_block (VigilConfParser *parser, const VigilConfNode *node);
gboolean vigil_conf_expect_no_block (VigilConfParser *parser, const VigilConfNode *node);
/* A line inside a value-list block (`where_name`, e.g. "virtual_ipaddress")
 * that is a keyword of some other block: report where it belongs and
 * return TRUE; FALSE when it is no keyword at all. */
gboolean vigil_conf_report_misplaced (VigilConfParser *parser, const VigilConfNode *node,
                                      const char *where_name);
/* Report an argument this keyword does not understand */
void vigil_conf_error_unknown_option (VigilConfParser *parser, const char *keyword,
                                      const VigilConfWord *word,
                                      const char *const *valid);

/* ---- address lines (parser-addr.c) ---- */
VigilConfVip *vigil_conf_parse_vip_line (VigilConfParser *parser, const VigilConfNode *line,
                                         gboolean is_static);
VigilConfRoute *vigil_conf_parse_route_line (VigilConfParser *parser, const VigilConfNode *line,
                                             gboolean is_static);
VigilConfRule *vigil_conf_parse_rule_line (VigilConfParser *parser, const VigilConfNode *line,
                                           gboolean is_static);

/* ---- validation (validate.c) ---- */
void vigil_conf_validate (VigilConfig *config, VigilConfInterfaceExistsFunc interface_exists,
                          gpointer user_data, VigilDiagList *diags);

G_END_DECLS
