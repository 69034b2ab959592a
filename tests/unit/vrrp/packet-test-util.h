/* packet-test-util.h - helpers shared by the VRRP codec tests */
#pragma once

#include "vrrp/packet.h"

#include <stdlib.h>
#include <string.h>

static inline VigilInetAddr
addr (const char *text)
{
  VigilInetAddr a;

  g_assert_true (vigil_inet_addr_parse (text, &a));
  return a;
}

/* A password as keepalived stores it: up to 8 bytes, zero padded. */
static inline void
set_password (guint8 *auth_data, const char *text)
{
  memset (auth_data, 0, VIGIL_VRRP_AUTH_LEN);
  memcpy (auth_data, text, MIN (strlen (text), VIGIL_VRRP_AUTH_LEN));
}

static inline void
assert_packets_equal (const VigilVrrpPacket *a, const VigilVrrpPacket *b)
{
  g_assert_cmpuint (a->version, ==, b->version);
  g_assert_cmpuint (a->type, ==, b->type);
  g_assert_cmpuint (a->vrid, ==, b->vrid);
  g_assert_cmpuint (a->priority, ==, b->priority);
  g_assert_cmpint (a->family, ==, b->family);
  g_assert_cmpuint (a->adver_int_cs, ==, b->adver_int_cs);
  g_assert_cmpuint (a->n_addrs, ==, b->n_addrs);
  if (a->version == 2)
    {
      g_assert_cmpuint (a->auth_type, ==, b->auth_type);
      g_assert_cmpmem (a->auth_data, VIGIL_VRRP_AUTH_LEN, b->auth_data, VIGIL_VRRP_AUTH_LEN);
    }
  for (guint i = 0; i < a->n_addrs; i++)
    g_assert_true (vigil_inet_addr_equal (&a->addrs[i], &b->addrs[i]));
}
