/* netns-helper.h - a private network namespace for the src/net tests
 *
 * The tests that touch the kernel run only as root, inside a network
 * namespace of their own made at the start of main(): they see and change
 * nothing of the host, and what they create vanishes with the process.
 * Links are made and changed through libnl, not `ip`.
 */
#pragma once

#include <glib.h>
#include "net/inet-addr.h"

G_BEGIN_DECLS

/* unshare(CLONE_NEWNET), turn off IPv6 DAD for new links and bring `lo`
 * up. FALSE (and nothing changed) when not root or not permitted. */
gboolean vigil_test_netns_enter (void);

/* A veth pair; returns the ifindex of `name`. */
int vigil_test_veth_add (const char *name, const char *peer);
void vigil_test_link_set_up (const char *name, gboolean up);
void vigil_test_link_delete (const char *name);
int vigil_test_link_index (const char *name);

/* Change addresses behind vigil's back, through a socket of the test's. */
void vigil_test_address_add (int ifindex, const char *address_prefix);
void vigil_test_address_delete (int ifindex, const char *address_prefix);
/* What the kernel says about an address on `ifindex`, read through a
 * dump of the test's own. */
typedef struct {
  guint flags;              /* IFA_F_* */
  int scope;                /* RT_SCOPE_* */
  guint prefix_len;
  char label[16];
  VigilInetAddr broadcast;  /* AF_UNSPEC: none */
} VigilTestAddressInfo;

/* FALSE if the address is not on the link. */
gboolean vigil_test_address_info (int ifindex, const char *address,
                                  VigilTestAddressInfo *out);

/* Iterate the thread-default main context until *flag is TRUE or
 * `timeout_ms` have passed; returns *flag. */
gboolean vigil_test_wait_for (gboolean *flag, guint timeout_ms);

G_END_DECLS
