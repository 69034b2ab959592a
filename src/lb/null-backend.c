/* null-backend.c - VigilNullBackend (see null-backend.h) */
#define G_LOG_DOMAIN "vigil-lb"

#include "lb/null-backend.h"

struct _VigilNullBackend
{
  GObject parent_instance;

  GHashTable *keys;          /* service keys set and not removed */
};

static void vigil_null_backend_iface_init (VigilLbBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilNullBackend, vigil_null_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIGIL_TYPE_LB_BACKEND,
                                                      vigil_null_backend_iface_init))

static const char *
null_get_name (VigilLbBackend *backend)
{
  return "none";
}

static gboolean
null_set_service (VigilLbBackend *backend, const VigilLbService *service, GError **error)
{
  VigilNullBackend *self = VIGIL_NULL_BACKEND (backend);

  g_debug ("lb_backend none: virtual server %s: %u destination(s) not programmed "
           "(no load balancer)", service->key, service->destinations->len);
  g_hash_table_add (self->keys, g_strdup (service->key));
  return TRUE;
}

static gboolean
null_remove_service (VigilLbBackend *backend, const char *key, GError **error)
{
  VigilNullBackend *self = VIGIL_NULL_BACKEND (backend);

  g_debug ("lb_backend none: virtual server %s removed (nothing was programmed)", key);
  g_hash_table_remove (self->keys, key);
  return TRUE;
}

static gboolean
null_flush (VigilLbBackend *backend, GError **error)
{
  VigilNullBackend *self = VIGIL_NULL_BACKEND (backend);

  g_debug ("lb_backend none: flush (%u service(s), nothing was programmed)",
           g_hash_table_size (self->keys));
  g_hash_table_remove_all (self->keys);
  return TRUE;
}

static void
vigil_null_backend_iface_init (VigilLbBackendInterface *iface)
{
  iface->get_name = null_get_name;
  iface->set_service = null_set_service;
  iface->remove_service = null_remove_service;
  iface->flush = null_flush;
}

static void
vigil_null_backend_finalize (GObject *object)
{
  VigilNullBackend *self = VIGIL_NULL_BACKEND (object);

  g_hash_table_unref (self->keys);
  G_OBJECT_CLASS (vigil_null_backend_parent_class)->finalize (object);
}

static void
vigil_null_backend_class_init (VigilNullBackendClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_null_backend_finalize;
}

static void
vigil_null_backend_init (VigilNullBackend *self)
{
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

VigilLbBackend *
vigil_null_backend_new (void)
{
  return g_object_new (VIGIL_TYPE_NULL_BACKEND, NULL);
}

guint
vigil_null_backend_get_n_services (VigilNullBackend *self)
{
  g_return_val_if_fail (VIGIL_IS_NULL_BACKEND (self), 0);
  return g_hash_table_size (self->keys);
}
