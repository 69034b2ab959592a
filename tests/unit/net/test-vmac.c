/* test-vmac.c - the vmac's name, MAC and ledger record, as keepalived
 * would choose them */
#include "config/config.h"
#include "net/vmac.h"

#include <gio/gio.h>
#include <string.h>

static gboolean
every_interface_exists (const char *name, gpointer user_data)
{
  return TRUE;
}

static VigilConfig *
load (const char *extra, const char *vip)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  VigilConfLoadOptions options = { .config_id = "main", .no_includes = TRUE };
  VigilConfigEnv env = { every_interface_exists, NULL };
  g_autofree char *text = g_strdup_printf ("vrrp_instance VI_1 {\n interface eth0\n"
                                           " virtual_router_id 51\n %s\n"
                                           " virtual_ipaddress {\n  %s\n }\n}\n", extra, vip);
  VigilConfig *config = vigil_config_load_string_full ("test.conf", text, &options, &env, diags);

  g_assert_nonnull (config);
  return config;
}

static void
format_mac (const guint8 mac[6], char out[18])
{
  g_snprintf (out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
              mac[5]);
}

typedef struct {
  const char *extra;
  const char *vip;
  const char *prefix;
  const char *name;
  const char *mac;
  gboolean xmit_base;
  gboolean keep_ipv6;
} SpecCase;

static const SpecCase spec_cases[] = {
  { "use_vmac", "192.0.2.100/24", NULL, "vrrp.51", "00:00:5e:00:01:33", FALSE, FALSE },
  { "use_vmac", "2001:db8::100/64", NULL, "vrrp.51", "00:00:5e:00:02:33", FALSE, FALSE },
  { "use_vmac vrrp_web\n vmac_xmit_base", "192.0.2.100", NULL, "vrrp_web",
    "00:00:5e:00:01:33", TRUE, FALSE },
  { "use_vmac", "192.0.2.100", "vmac", "vmac.51", "00:00:5e:00:01:33", FALSE, FALSE },
  { "use_vmac vm1 02:00:00:00:00:07", "192.0.2.100", NULL, "vm1", "02:00:00:00:00:07", FALSE,
    FALSE },
  { "use_vmac vm1 02:00:00:00:01", "192.0.2.100", NULL, "vm1", "02:00:00:00:01:33", FALSE, FALSE },
  { "use_vmac\n virtual_ipaddress_excluded {\n  2001:db8::9/64\n }", "192.0.2.100", NULL,
    "vrrp.51", "00:00:5e:00:01:33", FALSE, TRUE },
};

static void
test_spec_from_conf (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (spec_cases); i++)
    {
      const SpecCase *c = &spec_cases[i];
      g_autoptr(VigilConfig) config = load (c->extra, c->vip);
      const VigilConfVrrpInstance *vi = g_ptr_array_index (config->vrrp_instances, 0);
      g_autoptr(GError) error = NULL;
      VigilVmacSpec spec;
      char mac[18];

      g_test_message ("case: %s / %s", c->extra, c->vip);
      g_assert_true (vigil_vmac_spec_from_conf (vi, c->prefix, &spec, &error));
      g_assert_no_error (error);
      format_mac (spec.mac, mac);
      g_assert_cmpstr (spec.name, ==, c->name);
      g_assert_cmpstr (spec.base, ==, "eth0");
      g_assert_cmpstr (mac, ==, c->mac);
      g_assert_cmpint (spec.xmit_base, ==, c->xmit_base);
      g_assert_cmpint (spec.keep_ipv6, ==, c->keep_ipv6);
    }
}

/* A prefix that makes the name too long for an interface is an error. */
static void
test_name_too_long (void)
{
  g_autoptr(VigilConfig) config = load ("use_vmac", "192.0.2.100");
  g_autoptr(GError) error = NULL;
  VigilVmacSpec spec;

  g_assert_false (vigil_vmac_spec_from_conf (g_ptr_array_index (config->vrrp_instances, 0),
                                             "averylongprefix", &spec, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_default_mac (void)
{
  guint8 mac[6];
  char text[18];

  vigil_vmac_default_mac (AF_INET, 1, mac);
  format_mac (mac, text);
  g_assert_cmpstr (text, ==, "00:00:5e:00:01:01");
  vigil_vmac_default_mac (AF_INET6, 255, mac);
  format_mac (mac, text);
  g_assert_cmpstr (text, ==, "00:00:5e:00:02:ff");
}

static void
test_record (void)
{
  VigilVmacSpec spec = { .name = "vrrp.51", .base = "eth0", .family = AF_INET };
  VigilVmacSpec back;
  g_autofree char *record = NULL;
  static const char *const bad[] = {
    "vmac vrrp.51 eth0", "vmac vrrp.51 eth0 00:00:5e:00:01", "vmac a b 00:00:5e:00:01:33 x",
    "route vrrp.51 eth0 00:00:5e:00:01:33", "vmac averyveryverylongname eth0 00:00:5e:00:01:33",
  };

  vigil_vmac_default_mac (AF_INET, 51, spec.mac);
  record = vigil_vmac_spec_to_record (&spec);
  g_assert_cmpstr (record, ==, "vmac vrrp.51 eth0 00:00:5e:00:01:33");
  g_assert_true (vigil_vmac_spec_from_record (record, &back));
  g_assert_cmpstr (back.name, ==, "vrrp.51");
  g_assert_cmpstr (back.base, ==, "eth0");
  g_assert_cmpmem (back.mac, 6, spec.mac, 6);
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (vigil_vmac_spec_from_record (bad[i], &back));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vmac/spec-from-conf", test_spec_from_conf);
  g_test_add_func ("/vmac/name-too-long", test_name_too_long);
  g_test_add_func ("/vmac/default-mac", test_default_mac);
  g_test_add_func ("/vmac/record", test_record);
  return g_test_run ();
}
