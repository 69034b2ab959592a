/* http-request.c - the GET request of HTTP_GET / SSL_GET (see http-request.h) */
#define G_LOG_DOMAIN "vigil-check"

#include "check/http-request.h"
#include "i18n.h"

#include <string.h>

/* Visible ASCII only: a space, CR or LF would end the request line or
 * start a header of the config author's (or an attacker's) making. */
static gboolean
is_request_safe (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p <= ' ' || *p == 0x7f)
      return FALSE;
  return TRUE;
}

char *
vigil_http_request_build (const char *path, const char *virtualhost,
                          GInetSocketAddress *connect_address,
                          VigilConfHttpProtocol protocol, GError **error)
{
  GString *request;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (G_IS_INET_SOCKET_ADDRESS (connect_address), NULL);

  if (path[0] == '\0' || !is_request_safe (path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("url path '%s' is empty or has whitespace or control characters"), path);
      return NULL;
    }
  if (virtualhost != NULL && (virtualhost[0] == '\0' || !is_request_safe (virtualhost)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("virtualhost '%s' is empty or has whitespace or control characters"),
                   virtualhost);
      return NULL;
    }

  request = g_string_new (NULL);
  g_string_append_printf (request, "GET %s HTTP/1.%d\r\n", path,
                          protocol == VIGIL_CONF_HTTP_1_1 ? 1 : 0);
  g_string_append (request, "User-Agent: " VIGIL_HTTP_REQUEST_USER_AGENT "\r\n");
  if (protocol == VIGIL_CONF_HTTP_1_0C || protocol == VIGIL_CONF_HTTP_1_1)
    g_string_append (request, "Connection: close\r\n");
  if (virtualhost != NULL)
    g_string_append_printf (request, "Host: %s\r\n", virtualhost);
  else
    {
      GInetAddress *address = g_inet_socket_address_get_address (connect_address);
      g_autofree char *text = g_inet_address_to_string (address);
      guint16 port = g_inet_socket_address_get_port (connect_address);

      if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
        g_string_append_printf (request, "Host: [%s]:%u\r\n", text, port);
      else
        g_string_append_printf (request, "Host: %s:%u\r\n", text, port);
    }
  g_string_append (request, "\r\n");
  return g_string_free (request, FALSE);
}

const char *
vigil_http_request_virtualhost (const VigilConfChecker *checker, const VigilConfUrl *url)
{
  g_return_val_if_fail (checker != NULL, NULL);

  if (url != NULL && url->virtualhost != NULL)
    return url->virtualhost;
  return checker->virtualhost;
}
