/* test-ctl-json.c - vigilctl's JSON writer and property keys */
#include "ctl/ctl-format.h"
#include "ctl/ctl-json.h"

static char *
to_json (GVariant *value)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GVariant) owned = g_variant_ref_sink (value);

  vigil_ctl_json_append (out, owned);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_strings (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "", "\"\"" },
    { "VI_1", "\"VI_1\"" },
    { "a\"b\\c", "\"a\\\"b\\\\c\"" },
    { "line\nnext\ttab\r", "\"line\\nnext\\ttab\\r\"" },
    { "\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"" },
    { "caf\xc3\xa9 \xe4\xb8\xad", "\"caf\xc3\xa9 \xe4\xb8\xad\"" },
    { "</script>", "\"</script>\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = to_json (g_variant_new_string (cases[i].in));
      g_assert_cmpstr (json, ==, cases[i].out);
    }
}

static void
test_values (void)
{
  static const struct {
    const char *variant;
    const char *json;
  } cases[] = {
    { "true", "true" },
    { "byte 200", "200" },
    { "uint64 18446744073709551615", "18446744073709551615" },
    { "int64 -5", "-5" },
    { "uint32 3", "3" },
    { "@as []", "[]" },
    { "['192.0.2.100/24', '2001:db8::100/64']", "[\"192.0.2.100/24\",\"2001:db8::100/64\"]" },
    { "{'checksum-errors': uint64 1, 'auth-failures': 0}",
      "{\"checksum-errors\":1,\"auth-failures\":0}" },
    { "{'name': <'VI_1'>, 'priority': <byte 100>, 'vips': <@as []>}",
      "{\"name\":\"VI_1\",\"priority\":100,\"vips\":[]}" },
    { "objectpath '/org/vigil/Vigil1/vrrp/VI_5f1'", "\"/org/vigil/Vigil1/vrrp/VI_5f1\"" },
    { "(true, 'x')", "[true,\"x\"]" },
    { "[{'a': <1>}, {'b': <[<'c'>]>}]", "[{\"a\":1},{\"b\":[\"c\"]}]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      GVariant *value = g_variant_parse (NULL, cases[i].variant, NULL, NULL, &error);
      g_autofree char *json = NULL;

      g_assert_no_error (error);
      json = to_json (value);
      g_assert_cmpstr (json, ==, cases[i].json);
    }
}

static void
test_keys (void)
{
  static const char *const cases[][2] = {
    { "Name", "name" },
    { "EffectivePriority", "effective_priority" },
    { "VirtualRouterId", "virtual_router_id" },
    { "LastTransitionReason", "last_transition_reason" },
    { "AdvertsSent", "adverts_sent" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = vigil_ctl_key_from_property (cases[i][0]);
      g_assert_cmpstr (key, ==, cases[i][1]);
    }
}

static void
test_format (void)
{
  static const struct {
    const char *key;
    const char *variant;
    const char *text;
  } cases[] = {
    { "advert_interval", "uint64 1000000", "1s" },
    { "advert_interval", "uint64 200000", "0.2s" },
    { "held_until", "uint64 18446744073709551615", "until resumed" },
    { "last_transition", "uint64 0", "-" },
    { "priority", "byte 200", "200" },
    { "master_address", "''", "-" },
    { "virtual_addresses", "['192.0.2.100/24', '192.0.2.101/24']",
      "192.0.2.100/24, 192.0.2.101/24" },
    { "receive_errors", "{'checksum-errors': uint64 0, 'ip-ttl-errors': 2}", "ip-ttl-errors 2" },
    { "adverts_sent", "uint64 42", "42" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GVariant) value = g_variant_ref_sink (
        g_variant_parse (NULL, cases[i].variant, NULL, NULL, NULL));
      g_autofree char *text = vigil_ctl_format_value (cases[i].key, value);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* Columns line up by terminal width, not by character count: a CJK
 * instance name takes two columns per character. */
static guint
columns (const char *text, gsize bytes)
{
  guint width = 0;

  for (const char *p = text; p < text + bytes; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return width;
}

static void
test_status_wide (void)
{
  g_autoptr(GVariant) data = g_variant_ref_sink (g_variant_parse (NULL,
    "{'instances': <[{'name': <'\u4e3b\u8def\u7531'>, 'state': <'master'>,"
    "  'priority': <byte 100>, 'effective_priority': <byte 100>,"
    "  'virtual_addresses': <['192.0.2.1/24']>},"
    " {'name': <'VI_1'>, 'state': <'backup'>, 'priority': <byte 90>,"
    "  'effective_priority': <byte 90>, 'virtual_addresses': <['192.0.2.2/24']>}]>}",
    NULL, NULL, NULL));
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  const char *master, *backup;

  g_assert_nonnull (data);
  vigil_ctl_print_status (out, data);
  lines = g_strsplit (out->str, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 3);
  master = strstr (lines[1], "master");
  backup = strstr (lines[2], "backup");
  g_assert_nonnull (master);
  g_assert_nonnull (backup);
  g_assert_cmpuint (columns (lines[1], master - lines[1]), ==,
                    columns (lines[2], backup - lines[2]));
}

int
main (int argc, char **argv)
{
  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ctl/json/strings", test_strings);
  g_test_add_func ("/ctl/json/values", test_values);
  g_test_add_func ("/ctl/json/keys", test_keys);
  g_test_add_func ("/ctl/format/values", test_format);
  g_test_add_func ("/ctl/format/status-wide", test_status_wide);
  return g_test_run ();
}
