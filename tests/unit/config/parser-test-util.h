/* parser-test-util.h - helpers shared by the config parser/validator tests */
#pragma once

#include "config/config.h"

#include <string.h>

/* Interfaces that exist for the tests; everything else does not. */
static const char *const parser_test_interfaces[] = { "eth0", "eth1", "eth2", "eth3", NULL };

static inline gboolean
parser_test_interface_exists (const char *name, gpointer user_data)
{
  const char *const *names = user_data != NULL ? user_data : parser_test_interfaces;

  return g_strv_contains (names, name);
}

static inline gboolean
parser_test_every_interface_exists (const char *name, gpointer user_data)
{
  return TRUE;
}

/* Load `text` as "test.conf" with eth0..eth3 existing. NULL when errors
 * were reported; `diags` gets everything. */
static inline VigilConfig *
parser_test_load (const char *text, VigilDiagList *diags)
{
  VigilConfLoadOptions options = { .config_id = "main", .no_includes = TRUE };
  VigilConfigEnv env = { parser_test_interface_exists, NULL };

  return vigil_config_load_string_full ("test.conf", text, &options, &env, diags);
}

/* Every diagnostic, one formatted line each, joined by '\n'. */
static inline char *
parser_test_diags (const VigilDiagList *diags)
{
  g_auto(GStrv) lines = vigil_diag_list_to_strv (diags);

  return g_strjoinv ("\n", lines);
}

/* Load text that must give no error and no warning. */
static inline VigilConfig *
parser_test_load_clean (const char *text)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  VigilConfig *config = parser_test_load (text, diags);

  if (config == NULL || vigil_diag_list_length (diags) > 0)
    {
      g_autofree char *all = parser_test_diags (diags);
      g_error ("unexpected diagnostics for:\n%s\n---\n%s", text, all);
    }
  return config;
}

/* A snippet and one diagnostic it must give: `where` is "test.conf:L:C",
 * `severity` "error", "warning" or "note", `message` a substring of the
 * message and `hint` (when not NULL) a substring of the hint. */
typedef struct {
  const char *name;
  const char *input;
  const char *where;
  const char *severity;
  const char *message;
  const char *hint;
} ParserDiagCase;

static inline void
parser_test_diag_case (gconstpointer data)
{
  const ParserDiagCase *c = data;
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(VigilConfig) config = parser_test_load (c->input, diags);
  g_autofree char *all = parser_test_diags (diags);
  g_autofree char *prefix = g_strdup_printf ("%s: %s: ", c->where, c->severity);
  gboolean found = FALSE;

  for (guint i = 0; i < vigil_diag_list_length (diags) && !found; i++)
    {
      const VigilDiag *diag = vigil_diag_list_get (diags, i);
      g_autofree char *line = vigil_diag_format (diag);

      found = g_str_has_prefix (line, prefix) && strstr (diag->message, c->message) != NULL
        && (c->hint == NULL || (diag->hint != NULL && strstr (diag->hint, c->hint) != NULL));
    }
  if (!found)
    g_error ("%s: expected \"%s...%s\"%s%s, got:\n%s", c->name, prefix, c->message,
             c->hint != NULL ? " with hint " : "", c->hint != NULL ? c->hint : "", all);
  /* an error always means no config; warnings alone never do */
  g_assert_true ((config == NULL) == vigil_diag_list_has_errors (diags));
}

static inline void
parser_test_add_diag_cases (const char *prefix, const ParserDiagCase *cases, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s", prefix, cases[i].name);
      g_test_add_data_func (path, &cases[i], parser_test_diag_case);
    }
}

/* The one VRRP instance of a config. */
static inline const VigilConfVrrpInstance *
parser_test_instance (const VigilConfig *config, guint i)
{
  g_assert_cmpuint (config->vrrp_instances->len, >, i);
  return g_ptr_array_index (config->vrrp_instances, i);
}

#define USEC(seconds) ((gint64) ((seconds) * 1000000.0 + 0.5))
