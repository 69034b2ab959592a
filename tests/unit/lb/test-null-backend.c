/* test-null-backend.c - `lb_backend none` and the choice of backend */
#include <string.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include "daemon/error.h"
#include "lb/ipvs-backend.h"
#include "lb/nft-backend.h"
#include "lb/null-backend.h"

static VigilLbService *
make_service (const char *key, guint n_destinations)
{
  VigilLbService *service = vigil_lb_service_new (key, IPPROTO_TCP);
  VigilLbEndpoint endpoint = { .family = AF_INET, .port = 80 };

  g_assert_true (vigil_inet_addr_parse ("192.0.2.100", &endpoint.addr));
  endpoint.addr_end = endpoint.addr;
  g_array_append_val (service->endpoints, endpoint);
  for (guint i = 0; i < n_destinations; i++)
    {
      VigilLbDestination destination = { .port = 80, .weight = i };
      g_autofree char *text = g_strdup_printf ("198.51.100.%u", 10 + i);

      g_assert_true (vigil_inet_addr_parse (text, &destination.addr));
      g_array_append_val (service->destinations, destination);
    }
  return service;
}

static void
test_accepts_everything (void)
{
  g_autoptr(VigilLbBackend) backend = vigil_null_backend_new ();
  VigilNullBackend *null = VIGIL_NULL_BACKEND (backend);
  g_autoptr(VigilLbService) a = make_service ("192.0.2.100:80", 3);
  g_autoptr(VigilLbService) b = make_service ("group web", 0);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (vigil_lb_backend_get_name (backend), ==, "none");
  g_assert_true (vigil_lb_backend_set_service (backend, a, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_lb_backend_set_service (backend, b, &error));
  /* setting the same key again replaces it */
  g_assert_true (vigil_lb_backend_set_service (backend, a, &error));
  g_assert_cmpuint (vigil_null_backend_get_n_services (null), ==, 2);
  g_assert_true (vigil_lb_backend_remove_service (backend, "group web", &error));
  g_assert_cmpuint (vigil_null_backend_get_n_services (null), ==, 1);
  /* removing what is not there is no error */
  g_assert_true (vigil_lb_backend_remove_service (backend, "group web", &error));
  g_assert_true (vigil_lb_backend_flush (backend, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_null_backend_get_n_services (null), ==, 0);
}

static VigilLbBackend *
backend_for (const char *lb_backend, GError **error)
{
  g_autoptr(VigilConfig) config = vigil_config_new ();
  g_autofree char *dir = g_dir_make_tmp ("vigil-lb-XXXXXX", NULL);
  VigilLbBackend *backend;

  config->global.lb_backend = g_strdup (lb_backend);
  backend = vigil_lb_backend_new_for_config (config, dir, error);
  g_rmdir (dir);
  return backend;
}

static void
test_config_none (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilLbBackend) backend = backend_for ("none", &error);

  g_assert_no_error (error);
  g_assert_true (VIGIL_IS_NULL_BACKEND (backend));
  g_assert_cmpstr (vigil_lb_backend_get_name (backend), ==, "none");
}

static void
test_config_ipvs_absent (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilLbBackend) backend = NULL;

  /* The probe and the kernel's own view agree: /proc/net/ip_vs exists
   * exactly when the ip_vs module is there. */
  g_assert_cmpint (vigil_ipvs_backend_kernel_has_ipvs (), ==,
                   g_file_test ("/proc/net/ip_vs", G_FILE_TEST_EXISTS));
  if (vigil_ipvs_backend_kernel_has_ipvs ())
    {
      g_test_skip ("this kernel has IPVS");
      return;
    }
  backend = backend_for ("ipvs", &error);
  g_assert_null (backend);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==,
                   "IPVS is not available in this kernel (no IPVS generic netlink "
                   "family); use lb_backend nftables");
}

static void
test_config_nftables (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilLbBackend) asked = backend_for ("nftables", &error);
  g_autoptr(VigilLbBackend) by_default = NULL;

  g_assert_no_error (error);
  g_assert_true (VIGIL_IS_NFT_BACKEND (asked));
  g_assert_cmpstr (vigil_lb_backend_get_name (asked), ==, "nftables");
  g_assert_cmpstr (vigil_nft_backend_get_table (VIGIL_NFT_BACKEND (asked)), ==, "vigil_lb");

  /* no lb_backend: nftables exactly when the kernel has no IPVS */
  by_default = backend_for (NULL, &error);
  if (vigil_ipvs_backend_kernel_has_ipvs ())
    g_assert_cmpstr (vigil_lb_backend_get_name (by_default), ==, "ipvs");
  else
    {
      g_assert_no_error (error);
      g_assert_true (VIGIL_IS_NFT_BACKEND (by_default));
    }
}

static void
test_config_unknown (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilLbBackend) backend = backend_for ("bpf", &error);

  g_assert_null (backend);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "'bpf'"));
}

int
main (int argc, char **argv)
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lb/null/accepts-everything", test_accepts_everything);
  g_test_add_func ("/lb/config/none", test_config_none);
  g_test_add_func ("/lb/config/ipvs-absent", test_config_ipvs_absent);
  g_test_add_func ("/lb/config/nftables", test_config_nftables);
  g_test_add_func ("/lb/config/unknown", test_config_unknown);
  return g_test_run ();
}
