/* parser-cursor.h - walking the words of one route/rule/address line */
#pragma once

#include "config/parser.h"

G_BEGIN_DECLS

/* The words of one line: keyword first, then the arguments. */
typedef struct {
  VigilConfParser *parser;
  const char *block;            /* "virtual_routes", ... for messages */
  GPtrArray *words;             /* const VigilConfWord* */
  guint next;
  gboolean failed;
} VigilConfCursor;

typedef struct {
  const char *name;
  guint value;
} VigilConfNamedValue;

void vigil_conf_cursor_init (VigilConfCursor *c, VigilConfParser *parser,
                             const VigilConfNode *line, const char *block);
const VigilConfWord *vigil_conf_cursor_take (VigilConfCursor *c);
const VigilConfWord *vigil_conf_cursor_peek (VigilConfCursor *c);
/* The value after option word `option`; reports its absence. */
const VigilConfWord *vigil_conf_cursor_value (VigilConfCursor *c, const VigilConfWord *option);
/* A number written in decimal or 0x hex, up to `max`. */
gboolean vigil_conf_cursor_number (VigilConfCursor *c, const VigilConfWord *option, guint64 max,
                                   guint64 *out);
/* A name from `names` or a number up to `max`. */
gboolean vigil_conf_cursor_named (VigilConfCursor *c, const VigilConfWord *option,
                                  const VigilConfNamedValue *names, guint64 max, guint *out);
/* ADDR[/LEN] whose family must match `*family` once known. */
gboolean vigil_conf_cursor_prefix (VigilConfCursor *c, const VigilConfWord *word,
                                   const char *what, int *family, VigilInetAddr *addr,
                                   guint8 *len);

extern const VigilConfNamedValue vigil_conf_scope_names[];
extern const VigilConfNamedValue vigil_conf_table_names[];
extern const VigilConfNamedValue vigil_conf_protocol_names[];
extern const VigilConfNamedValue vigil_conf_ip_protocol_names[];

G_END_DECLS
