/* ctl-json.h - JSON text from GVariants, for vigilctl --json */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Append `value` as JSON: dictionaries (a{s*}) become objects, other arrays
 * and tuples arrays, numbers numbers, booleans true/false, strings and
 * object paths strings; a variant is written as what it holds. */
void vigil_ctl_json_append (GString *out, GVariant *value);

/* Append `text` as a JSON string literal, quotes included. */
void vigil_ctl_json_append_string (GString *out, const char *text);

/* "EffectivePriority" -> "effective_priority": the JSON (and human) key of
 * a D-Bus property name. */
char *vigil_ctl_key_from_property (const char *property);

G_END_DECLS
