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

int
main (int argc, char **argv)
{
  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ctl/json/strings", test_strings);
  g_test_add_func ("/ctl/json/values", test_values);
  g_test_add_func ("/ctl/json/keys", test_keys);
  g_test_add_func ("/ctl/format/values", test_format);
  return g_test_run ();
}
