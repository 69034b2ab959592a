/* lb-backend.c - the VigilLbBackend interface and the choice of backend */
#define G_LOG_DOMAIN "vigil-lb"

#include "lb/lb-backend.h"

#include "i18n.h"
#include "daemon/error.h"
#include "lb/ipvs-backend.h"
#include "lb/nft-backend.h"
#include "lb/null-backend.h"

G_DEFINE_INTERFACE (VigilLbBackend, vigil_lb_backend, G_TYPE_OBJECT)

static void
vigil_lb_backend_default_init (VigilLbBackendInterface *iface)
{
}

const char *
vigil_lb_backend_get_name (VigilLbBackend *self)
{
  g_return_val_if_fail (VIGIL_IS_LB_BACKEND (self), NULL);
  return VIGIL_LB_BACKEND_GET_IFACE (self)->get_name (self);
}

gboolean
vigil_lb_backend_set_service (VigilLbBackend *self, const VigilLbService *service,
                              GError **error)
{
  g_return_val_if_fail (VIGIL_IS_LB_BACKEND (self), FALSE);
  g_return_val_if_fail (service != NULL && service->key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return VIGIL_LB_BACKEND_GET_IFACE (self)->set_service (self, service, error);
}

gboolean
vigil_lb_backend_remove_service (VigilLbBackend *self, const char *key, GError **error)
{
  g_return_val_if_fail (VIGIL_IS_LB_BACKEND (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return VIGIL_LB_BACKEND_GET_IFACE (self)->remove_service (self, key, error);
}

gboolean
vigil_lb_backend_flush (VigilLbBackend *self, GError **error)
{
  g_return_val_if_fail (VIGIL_IS_LB_BACKEND (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return VIGIL_LB_BACKEND_GET_IFACE (self)->flush (self, error);
}

static VigilLbBackend *
new_ipvs (const VigilConfig *config, const char *runtime_dir, GError **error)
{
  const VigilConfGlobal *global = &config->global;
  g_autoptr(VigilLbBackend) backend = NULL;

  backend = vigil_ipvs_backend_new (runtime_dir, global->lvs_flush,
                                    global->lvs_flush_on_stop && !global->lvs_flush_on_stop_vs,
                                    error);
  if (backend == NULL)
    return NULL;
  if ((global->lvs_timeout_tcp != 0 || global->lvs_timeout_tcpfin != 0
       || global->lvs_timeout_udp != 0)
      && !vigil_ipvs_backend_set_timeouts (VIGIL_IPVS_BACKEND (backend),
                                           global->lvs_timeout_tcp, global->lvs_timeout_tcpfin,
                                           global->lvs_timeout_udp, error))
    return NULL;
  return g_steal_pointer (&backend);
}

static VigilLbBackend *
new_nftables (const VigilConfig *config, const char *runtime_dir, GError **error)
{
  return vigil_nft_backend_new (NULL, runtime_dir, error);
}

VigilLbBackend *
vigil_lb_backend_new_for_config (const VigilConfig *config, const char *runtime_dir,
                                 GError **error)
{
  const char *asked;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  asked = config->global.lb_backend;
  if (g_strcmp0 (asked, "none") == 0)
    {
      g_message (_("load balancer: none (lb_backend none): checkers run, nothing is "
                   "programmed"));
      return vigil_null_backend_new ();
    }
  if (g_strcmp0 (asked, "nftables") == 0)
    {
      g_message (_("load balancer: nftables (lb_backend nftables)"));
      return new_nftables (config, runtime_dir, error);
    }
  if (g_strcmp0 (asked, "ipvs") == 0)
    {
      if (!vigil_ipvs_backend_kernel_has_ipvs ())
        {
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED,
                       _("IPVS is not available in this kernel (no IPVS generic netlink "
                         "family); use lb_backend nftables"));
          return NULL;
        }
      g_message (_("load balancer: IPVS (lb_backend ipvs)"));
      return new_ipvs (config, runtime_dir, error);
    }
  if (asked != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED,
                   _("unknown lb_backend '%s': expected ipvs, nftables or none"), asked);
      return NULL;
    }
  if (vigil_ipvs_backend_kernel_has_ipvs ())
    {
      g_message (_("load balancer: IPVS (default: the kernel has IPVS)"));
      return new_ipvs (config, runtime_dir, error);
    }
  g_message (_("load balancer: nftables (default: the kernel has no IPVS)"));
  return new_nftables (config, runtime_dir, error);
}
