/* test-lb-service.c - VigilLbService: what a new service holds */
#include <netinet/in.h>
#include "lb/lb-backend.h"

static void
test_new_defaults (void)
{
  g_autoptr(VigilLbService) service = vigil_lb_service_new ("192.0.2.100:80", IPPROTO_TCP);

  g_assert_cmpstr (service->key, ==, "192.0.2.100:80");
  g_assert_cmpint (service->protocol, ==, IPPROTO_TCP);
  g_assert_cmpuint (service->endpoints->len, ==, 0);
  g_assert_cmpuint (service->destinations->len, ==, 0);
  /* keepalived's default scheduler */
  g_assert_cmpstr (service->scheduler, ==, "wlc");
  g_assert_cmpuint (service->persistence_timeout, ==, 0);
  g_assert_false (service->ops);
  g_assert_cmpint (service->persistence_granularity.family, ==, AF_UNSPEC);
}

static void
test_holds_entries (void)
{
  g_autoptr(VigilLbService) service = vigil_lb_service_new ("group web", IPPROTO_UDP);
  VigilLbEndpoint endpoint = { .family = AF_INET, .port = 53 };
  VigilLbDestination destination = { .port = 5353, .weight = 3 };

  g_assert_true (vigil_inet_addr_parse ("192.0.2.100", &endpoint.addr));
  endpoint.addr_end = endpoint.addr;
  g_assert_true (vigil_inet_addr_parse ("198.51.100.10", &destination.addr));
  for (guint i = 0; i < 10; i++)
    {
      g_array_append_val (service->endpoints, endpoint);
      destination.weight = i;
      g_array_append_val (service->destinations, destination);
    }
  g_assert_cmpuint (service->endpoints->len, ==, 10);
  g_assert_cmpuint (service->destinations->len, ==, 10);
  g_assert_cmpuint (g_array_index (service->destinations, VigilLbDestination, 7).weight, ==, 7);
  g_assert_cmpuint (g_array_index (service->endpoints, VigilLbEndpoint, 9).port, ==, 53);
}

static void
test_free_null (void)
{
  vigil_lb_service_free (NULL);
}

static void
test_empty_key_refused (void)
{
  if (g_test_subprocess ())
    {
      VigilLbService *service = vigil_lb_service_new ("", IPPROTO_TCP);
      g_assert_null (service);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*key*");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lb/service/new-defaults", test_new_defaults);
  g_test_add_func ("/lb/service/holds-entries", test_holds_entries);
  g_test_add_func ("/lb/service/free-null", test_free_null);
  g_test_add_func ("/lb/service/empty-key-refused", test_empty_key_refused);
  return g_test_run ();
}
