/* inet-addr.c - an IPv4 or IPv6 address as a plain value */
#define G_LOG_DOMAIN "vigil-net"

#include "net/inet-addr.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

gboolean
vigil_inet_addr_parse (const char *text, VigilInetAddr *out)
{
  VigilInetAddr a = { .family = AF_UNSPEC };

  g_return_val_if_fail (text != NULL && out != NULL, FALSE);
  if (inet_pton (AF_INET, text, &a.u.v4) == 1)
    a.family = AF_INET;
  else if (inet_pton (AF_INET6, text, &a.u.v6) == 1)
    a.family = AF_INET6;
  else
    return FALSE;
  *out = a;
  return TRUE;
}

gboolean
vigil_inet_addr_parse_prefix (const char *text, VigilInetAddr *out,
                              guint8 *prefix_len, gboolean *has_prefix)
{
  g_autofree char *host = NULL;
  const char *slash;
  guint64 len;
  char *end = NULL;

  g_return_val_if_fail (text != NULL && out != NULL, FALSE);
  slash = strchr (text, '/');
  host = slash != NULL ? g_strndup (text, slash - text) : g_strdup (text);
  if (!vigil_inet_addr_parse (host, out))
    return FALSE;
  if (slash == NULL)
    {
      if (prefix_len != NULL)
        *prefix_len = out->family == AF_INET ? 32 : 128;
      if (has_prefix != NULL)
        *has_prefix = FALSE;
      return TRUE;
    }
  if (slash[1] < '0' || slash[1] > '9')
    return FALSE;
  len = g_ascii_strtoull (slash + 1, &end, 10);
  if (*end != '\0' || len > (out->family == AF_INET ? 32u : 128u))
    return FALSE;
  if (prefix_len != NULL)
    *prefix_len = (guint8) len;
  if (has_prefix != NULL)
    *has_prefix = TRUE;
  return TRUE;
}

const char *
vigil_inet_addr_to_string (const VigilInetAddr *addr, char *buf)
{
  if (addr->family != AF_INET && addr->family != AF_INET6)
    {
      strcpy (buf, "unset");
      return buf;
    }
  return inet_ntop (addr->family, addr->u.bytes, buf, VIGIL_INET_ADDR_STRLEN);
}

gsize
vigil_inet_addr_len (const VigilInetAddr *addr)
{
  switch (addr->family)
    {
    case AF_INET:
      return 4;
    case AF_INET6:
      return 16;
    default:
      return 0;
    }
}

gboolean
vigil_inet_addr_equal (const VigilInetAddr *a, const VigilInetAddr *b)
{
  return a->family == b->family
    && memcmp (a->u.bytes, b->u.bytes, vigil_inet_addr_len (a)) == 0;
}

int
vigil_inet_addr_compare (const VigilInetAddr *a, const VigilInetAddr *b)
{
  if (a->family != b->family)
    return a->family < b->family ? -1 : 1;
  return memcmp (a->u.bytes, b->u.bytes, vigil_inet_addr_len (a));
}

gboolean
vigil_inet_addr_is_set (const VigilInetAddr *addr)
{
  return addr->family == AF_INET || addr->family == AF_INET6;
}

gboolean
vigil_inet_addr_is_multicast (const VigilInetAddr *addr)
{
  if (addr->family == AF_INET)
    return IN_MULTICAST (ntohl (addr->u.v4.s_addr));
  if (addr->family == AF_INET6)
    return IN6_IS_ADDR_MULTICAST (&addr->u.v6);
  return FALSE;
}

gboolean
vigil_inet_addr_is_link_local (const VigilInetAddr *addr)
{
  if (addr->family == AF_INET6)
    return IN6_IS_ADDR_LINKLOCAL (&addr->u.v6);
  if (addr->family == AF_INET)
    return (ntohl (addr->u.v4.s_addr) & 0xffff0000u) == 0xa9fe0000u;
  return FALSE;
}

void
vigil_inet_addr_from_v4 (VigilInetAddr *out, const struct in_addr *a)
{
  memset (out, 0, sizeof *out);
  out->family = AF_INET;
  out->u.v4 = *a;
}

void
vigil_inet_addr_from_v6 (VigilInetAddr *out, const struct in6_addr *a)
{
  memset (out, 0, sizeof *out);
  out->family = AF_INET6;
  out->u.v6 = *a;
}
