/* inet-addr.h - an IPv4 or IPv6 address as a plain value */
#pragma once

#include <glib.h>
#include <netinet/in.h>
#include <sys/socket.h>

G_BEGIN_DECLS

typedef struct {
  int family;        /* AF_INET, AF_INET6, or AF_UNSPEC when unset */
  union {
    struct in_addr v4;
    struct in6_addr v6;
    guint8 bytes[16];
  } u;
} VigilInetAddr;

#define VIGIL_INET_ADDR_STRLEN 46  /* INET6_ADDRSTRLEN */

/* Parse "192.0.2.1" or "2001:db8::1" (no prefix). */
gboolean vigil_inet_addr_parse (const char *text, VigilInetAddr *out);
/* Parse "192.0.2.1/24"; without '/', *prefix_len is the host length and
 * *has_prefix FALSE. */
gboolean vigil_inet_addr_parse_prefix (const char *text, VigilInetAddr *out,
                                       guint8 *prefix_len, gboolean *has_prefix);
/* Writes into buf (at least VIGIL_INET_ADDR_STRLEN bytes) and returns it. */
const char *vigil_inet_addr_to_string (const VigilInetAddr *addr, char *buf);
gsize vigil_inet_addr_len (const VigilInetAddr *addr);   /* 4, 16 or 0 */
gboolean vigil_inet_addr_equal (const VigilInetAddr *a, const VigilInetAddr *b);
/* memcmp order of the network-order bytes; the RFC's "higher address". */
int vigil_inet_addr_compare (const VigilInetAddr *a, const VigilInetAddr *b);
gboolean vigil_inet_addr_is_set (const VigilInetAddr *addr);
gboolean vigil_inet_addr_is_multicast (const VigilInetAddr *addr);
gboolean vigil_inet_addr_is_link_local (const VigilInetAddr *addr);
void vigil_inet_addr_from_v4 (VigilInetAddr *out, const struct in_addr *a);
void vigil_inet_addr_from_v6 (VigilInetAddr *out, const struct in6_addr *a);

G_END_DECLS
