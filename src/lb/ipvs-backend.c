/* ipvs-backend.c - VigilIpvsBackend (see ipvs-backend.h) */
#define G_LOG_DOMAIN "vigil-lb"

#include "lb/ipvs-backend.h"

#include <linux/ip_vs.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

typedef struct nl_sock VigilNlSock;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilNlSock, nl_socket_free)

gboolean
vigil_ipvs_backend_kernel_has_ipvs (void)
{
  g_autoptr(VigilNlSock) sk = nl_socket_alloc ();
  int family;

  if (sk == NULL || genl_connect (sk) < 0)
    return FALSE;
  family = genl_ctrl_resolve (sk, IPVS_GENL_NAME);
  return family >= 0;
}
