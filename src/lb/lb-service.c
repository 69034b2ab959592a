/* lb-service.c - VigilLbService, one service as the backends see it */
#include "lb/lb-backend.h"

VigilLbService *
vigil_lb_service_new (const char *key, int protocol)
{
  VigilLbService *service;

  g_return_val_if_fail (key != NULL && key[0] != '\0', NULL);

  service = g_new0 (VigilLbService, 1);
  service->key = g_strdup (key);
  service->protocol = protocol;
  service->endpoints = g_array_new (FALSE, TRUE, sizeof (VigilLbEndpoint));
  service->destinations = g_array_new (FALSE, TRUE, sizeof (VigilLbDestination));
  service->scheduler = "wlc";
  return service;
}

void
vigil_lb_service_free (VigilLbService *service)
{
  if (service == NULL)
    return;
  g_free (service->key);
  g_array_unref (service->endpoints);
  g_array_unref (service->destinations);
  g_free (service);
}
