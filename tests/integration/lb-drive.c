/* lb-drive.c - drive a VigilLbBackend from stdin, for the LB integration
 * tests (the daemon is not needed to check what the backend programs)
 *
 *   vigil-lb-drive RUNTIME_DIR BACKEND     (BACKEND: nftables, ipvs, none)
 *
 * One command per line; each answered with "ok" or "error: MESSAGE":
 *   set KEY PROTO VIP PORT SCHED PERSIST ADDR,PORT,WEIGHT...
 *   remove KEY
 *   flush
 * EOF ends it (without a flush: the tests use that as a "crash").
 */
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <gio/gio.h>
#include "lb/lb-backend.h"

static VigilLbService *
parse_set (char **words, guint n, GError **error)
{
  g_autoptr(VigilLbService) service = NULL;
  VigilLbEndpoint endpoint = { 0 };
  int protocol;

  if (n < 7)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "set needs 6 arguments");
      return NULL;
    }
  protocol = strcmp (words[2], "udp") == 0 ? IPPROTO_UDP : IPPROTO_TCP;
  service = vigil_lb_service_new (words[1], protocol);
  if (!vigil_inet_addr_parse (words[3], &endpoint.addr))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "bad VIP %s", words[3]);
      return NULL;
    }
  endpoint.addr_end = endpoint.addr;
  endpoint.family = endpoint.addr.family;
  endpoint.port = (guint16) g_ascii_strtoull (words[4], NULL, 10);
  g_array_append_val (service->endpoints, endpoint);
  service->scheduler = g_intern_string (words[5]);
  service->persistence_timeout = (guint32) g_ascii_strtoull (words[6], NULL, 10);
  for (guint i = 7; i < n; i++)
    {
      g_auto(GStrv) parts = g_strsplit (words[i], ",", 3);
      VigilLbDestination d = { 0 };

      if (g_strv_length (parts) != 3 || !vigil_inet_addr_parse (parts[0], &d.addr))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "bad destination %s (want ADDR,PORT,WEIGHT)", words[i]);
          return NULL;
        }
      d.port = (guint16) g_ascii_strtoull (parts[1], NULL, 10);
      d.weight = (guint) g_ascii_strtoull (parts[2], NULL, 10);
      g_array_append_val (service->destinations, d);
    }
  return g_steal_pointer (&service);
}

int
main (int argc, char **argv)
{
  g_autoptr(VigilConfig) config = NULL;
  g_autoptr(VigilLbBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  char line[4096];

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s RUNTIME_DIR nftables|ipvs|none\n", argv[0]);
      return 2;
    }
  config = vigil_config_new ();
  config->global.lb_backend = g_strdup (argv[2]);
  backend = vigil_lb_backend_new_for_config (config, argv[1], &error);
  if (backend == NULL)
    {
      printf ("error: %s\n", error->message);
      return 1;
    }
  printf ("ready %s\n", vigil_lb_backend_get_name (backend));
  fflush (stdout);
  while (fgets (line, sizeof line, stdin) != NULL)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (line), " \t", -1);
      guint n = g_strv_length (words);
      g_autoptr(GError) local_error = NULL;
      gboolean ok = FALSE;

      if (n == 0 || words[0][0] == '\0')
        continue;
      if (strcmp (words[0], "set") == 0)
        {
          g_autoptr(VigilLbService) service = parse_set (words, n, &local_error);
          ok = service != NULL
               && vigil_lb_backend_set_service (backend, service, &local_error);
        }
      else if (strcmp (words[0], "remove") == 0 && n == 2)
        ok = vigil_lb_backend_remove_service (backend, words[1], &local_error);
      else if (strcmp (words[0], "flush") == 0)
        ok = vigil_lb_backend_flush (backend, &local_error);
      else
        g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "unknown command %s", words[0]);
      if (ok)
        printf ("ok\n");
      else
        printf ("error: %s\n", local_error->message);
      fflush (stdout);
    }
  return 0;
}
