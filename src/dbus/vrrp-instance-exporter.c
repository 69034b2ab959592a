/* vrrp-instance-exporter.c - org.vigil.Vigil1.VrrpInstance for a VigilVrrpInstance
 *
 * Properties are bound (g_object_bind_property) from the instance to the
 * generated skeleton, which sends PropertiesChanged for them. The counters
 * change with every advert, so they do not signal (EmitsChangedSignal
 * false in the XML): they are copied from the instance right before each
 * Get, GetAll or GetManagedObjects instead.
 */
#define G_LOG_DOMAIN "vigil-dbus"

#include "dbus/vrrp-instance-exporter.h"
#include "daemon/error.h"
#include "dbus/dbus-auth.h"
#include "dbus/dbus-names.h"
#include "i18n.h"
#include "vrrp/packet.h"

#include <sys/socket.h>

struct _VigilVrrpInstanceExporter {
  VigilDbusVrrpInstanceSkeleton parent_instance;

  VigilVrrpInstance *instance;   /* NULL once detached */
  GPtrArray *bindings;           /* GBinding* (not referenced) */
  gulong state_changed_id;
};

static void vigil_vrrp_instance_exporter_iface_init (VigilDbusVrrpInstanceIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilVrrpInstanceExporter, vigil_vrrp_instance_exporter,
                               VIGIL_TYPE_DBUS_VRRP_INSTANCE_SKELETON,
                               G_IMPLEMENT_INTERFACE (VIGIL_TYPE_DBUS_VRRP_INSTANCE,
                                                      vigil_vrrp_instance_exporter_iface_init))

/* ---- property transforms ------------------------------------------------- */

static gboolean
state_to_string (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  g_value_set_string (to, vigil_vrrp_state_to_string (g_value_get_enum (from)));
  return TRUE;
}

static gboolean
family_to_string (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  g_value_set_string (to, g_value_get_int (from) == AF_INET6 ? "inet6" : "inet");
  return TRUE;
}

/* D-Bus strings cannot be NULL. */
static gboolean
string_or_empty (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  const char *text = g_value_get_string (from);

  g_value_set_string (to, text != NULL ? text : "");
  return TRUE;
}

static gboolean
time_to_uint64 (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  g_value_set_uint64 (to, (guint64) MAX (g_value_get_int64 (from), 0));
  return TRUE;
}

/* HeldUntil: G_MAXINT64 ("until resume") is the largest t on the bus. */
static gboolean
held_until_to_uint64 (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  gint64 until = g_value_get_int64 (from);

  g_value_set_uint64 (to, until == G_MAXINT64 ? G_MAXUINT64 : (guint64) MAX (until, 0));
  return TRUE;
}

static void
bind_property (VigilVrrpInstanceExporter *self, const char *source_property, const char *target_property,
      GBindingTransformFunc transform)
{
  GBinding *binding;

  binding = g_object_bind_property_full (self->instance, source_property, self, target_property,
                                         G_BINDING_SYNC_CREATE, transform, NULL, NULL, NULL);
  g_ptr_array_add (self->bindings, binding);
}

/* ---- counters ------------------------------------------------------------ */

static void
refresh_counters (VigilVrrpInstanceExporter *self)
{
  VigilDbusVrrpInstance *iface = VIGIL_DBUS_VRRP_INSTANCE (self);
  const VigilVrrpStats *stats;
  GVariantBuilder errors;

  if (self->instance == NULL)
    return;
  stats = vigil_vrrp_instance_get_stats (self->instance);
  g_object_freeze_notify (G_OBJECT (self));
  vigil_dbus_vrrp_instance_set_adverts_sent (iface, stats->adverts_sent);
  vigil_dbus_vrrp_instance_set_adverts_received (iface, stats->adverts_received);
  vigil_dbus_vrrp_instance_set_became_master (iface, stats->became_master);
  vigil_dbus_vrrp_instance_set_released_master (iface, stats->released_master);
  vigil_dbus_vrrp_instance_set_priority_zero_sent (iface, stats->priority_zero_sent);
  vigil_dbus_vrrp_instance_set_priority_zero_received (iface, stats->priority_zero_received);
  vigil_dbus_vrrp_instance_set_unknown_source_drops (iface, stats->unknown_source);
  vigil_dbus_vrrp_instance_set_send_errors (iface, stats->send_errors);
  g_variant_builder_init (&errors, G_VARIANT_TYPE ("a{st}"));
  for (int i = VIGIL_VRRP_RX_OK + 1; i < VIGIL_VRRP_RX_N_RESULTS; i++)
    g_variant_builder_add (&errors, "{st}", vigil_vrrp_rx_result_to_string (i),
                           (guint64) stats->rx_errors[i]);
  vigil_dbus_vrrp_instance_set_receive_errors (iface, g_variant_builder_end (&errors));
  g_object_thaw_notify (G_OBJECT (self));
}

static GVariant *
exporter_get_property (GDBusConnection *connection, const char *sender, const char *object_path,
                       const char *interface_name, const char *property_name, GError **error,
                       gpointer user_data)
{
  GDBusInterfaceSkeleton *skeleton = user_data;
  GDBusInterfaceSkeletonClass *parent_class =
    G_DBUS_INTERFACE_SKELETON_CLASS (vigil_vrrp_instance_exporter_parent_class);

  refresh_counters (VIGIL_VRRP_INSTANCE_EXPORTER (skeleton));
  return parent_class->get_vtable (skeleton)->get_property (connection, sender, object_path,
                                                            interface_name, property_name,
                                                            error, user_data);
}

/* Get and GetAll go through the vtable's get_property: wrap it. */
static GDBusInterfaceVTable *
exporter_get_vtable (GDBusInterfaceSkeleton *skeleton)
{
  /* Class data, written once: the parent's vtable with get_property
   * wrapped (GDBusInterfaceSkeleton copies it at export). */
  static GDBusInterfaceVTable vtable;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      GDBusInterfaceSkeletonClass *parent_class =
        G_DBUS_INTERFACE_SKELETON_CLASS (vigil_vrrp_instance_exporter_parent_class);
      vtable = *parent_class->get_vtable (skeleton);
      vtable.get_property = exporter_get_property;
      g_once_init_leave (&initialized, 1);
    }
  return &vtable;
}

/* GetManagedObjects and InterfacesAdded read all properties at once. */
static GVariant *
exporter_get_properties (GDBusInterfaceSkeleton *skeleton)
{
  GDBusInterfaceSkeletonClass *parent_class =
    G_DBUS_INTERFACE_SKELETON_CLASS (vigil_vrrp_instance_exporter_parent_class);

  refresh_counters (VIGIL_VRRP_INSTANCE_EXPORTER (skeleton));
  return parent_class->get_properties (skeleton);
}

/* ---- signals ---------------------------------------------------------------- */

static void
on_state_changed (VigilVrrpInstance *instance, VigilVrrpState old_state, VigilVrrpState new_state,
                  const char *reason, gpointer user_data)
{
  VigilVrrpInstanceExporter *self = user_data;

  /* The instance notified State (and the rest) before this signal; send
   * that PropertiesChanged now so it arrives before StateChanged. */
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (self));
  vigil_dbus_vrrp_instance_emit_state_changed (VIGIL_DBUS_VRRP_INSTANCE (self),
                                               vigil_vrrp_state_to_string (old_state),
                                               vigil_vrrp_state_to_string (new_state),
                                               reason != NULL ? reason : "");
}

/* ---- methods ------------------------------------------------------------------- */

/* The instance, or NULL after answering UnknownObject. */
static VigilVrrpInstance *
live_instance (VigilVrrpInstanceExporter *self, GDBusMethodInvocation *invocation)
{
  if (self->instance == NULL)
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT,
                                           _("the VRRP instance %s is gone (reloaded away)"),
                                           vigil_dbus_vrrp_instance_get_name (
                                             VIGIL_DBUS_VRRP_INSTANCE (self)));
  return self->instance;
}

static void
do_send_garp (gpointer target, GDBusMethodInvocation *invocation)
{
  VigilVrrpInstanceExporter *self = target;
  VigilVrrpInstance *instance = live_instance (self, invocation);

  if (instance == NULL)
    return;
  vigil_vrrp_instance_send_garp (instance);
  vigil_dbus_vrrp_instance_complete_send_garp (VIGIL_DBUS_VRRP_INSTANCE (self), invocation);
}

static void
do_release (gpointer target, GDBusMethodInvocation *invocation)
{
  VigilVrrpInstanceExporter *self = target;
  VigilVrrpInstance *instance = live_instance (self, invocation);
  guint32 seconds;

  if (instance == NULL)
    return;
  g_variant_get (g_dbus_method_invocation_get_parameters (invocation), "(u)", &seconds);
  vigil_vrrp_instance_release (instance, seconds);
  vigil_dbus_vrrp_instance_complete_release (VIGIL_DBUS_VRRP_INSTANCE (self), invocation);
}

static void
do_resume (gpointer target, GDBusMethodInvocation *invocation)
{
  VigilVrrpInstanceExporter *self = target;
  VigilVrrpInstance *instance = live_instance (self, invocation);

  if (instance == NULL)
    return;
  vigil_vrrp_instance_resume (instance);
  vigil_dbus_vrrp_instance_complete_resume (VIGIL_DBUS_VRRP_INSTANCE (self), invocation);
}

static void
do_set_priority (gpointer target, GDBusMethodInvocation *invocation)
{
  VigilVrrpInstanceExporter *self = target;
  VigilVrrpInstance *instance = live_instance (self, invocation);
  guint8 priority;

  if (instance == NULL)
    return;
  g_variant_get (g_dbus_method_invocation_get_parameters (invocation), "(y)", &priority);
  if (priority == 255)
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                             _("priority 255 is the address owner's; give 1 to "
                                               "254, or 0 to remove the override"));
      return;
    }
  if (vigil_vrrp_instance_get_priority (instance) == 255)
    {
      g_dbus_method_invocation_return_error (invocation, VIGIL_ERROR, VIGIL_ERROR_FAILED,
                                             _("%s owns its addresses (priority 255): its "
                                               "priority cannot be overridden"),
                                             vigil_vrrp_instance_get_name (instance));
      return;
    }
  vigil_vrrp_instance_set_priority_override (instance, priority);
  vigil_dbus_vrrp_instance_complete_set_priority (VIGIL_DBUS_VRRP_INSTANCE (self), invocation);
}

static gboolean
handle_send_garp (VigilDbusVrrpInstance *object, GDBusMethodInvocation *invocation)
{
  vigil_dbus_authorize (object, invocation, "SendGarp", do_send_garp);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_release (VigilDbusVrrpInstance *object, GDBusMethodInvocation *invocation, guint seconds)
{
  vigil_dbus_authorize (object, invocation, "Release", do_release);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_resume (VigilDbusVrrpInstance *object, GDBusMethodInvocation *invocation)
{
  vigil_dbus_authorize (object, invocation, "Resume", do_resume);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_set_priority (VigilDbusVrrpInstance *object, GDBusMethodInvocation *invocation,
                     guchar priority)
{
  vigil_dbus_authorize (object, invocation, "SetPriority", do_set_priority);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
vigil_vrrp_instance_exporter_iface_init (VigilDbusVrrpInstanceIface *iface)
{
  iface->handle_send_garp = handle_send_garp;
  iface->handle_release = handle_release;
  iface->handle_resume = handle_resume;
  iface->handle_set_priority = handle_set_priority;
}

/* ---- public ------------------------------------------------------------------------ */

VigilVrrpInstanceExporter *
vigil_vrrp_instance_exporter_new (VigilVrrpInstance *instance)
{
  VigilVrrpInstanceExporter *self;

  g_return_val_if_fail (VIGIL_IS_VRRP_INSTANCE (instance), NULL);
  self = g_object_new (VIGIL_TYPE_VRRP_INSTANCE_EXPORTER, NULL);
  self->instance = g_object_ref (instance);

  g_object_freeze_notify (G_OBJECT (self));
  bind_property (self, "name", "name", string_or_empty);
  bind_property (self, "state", "state", state_to_string);
  bind_property (self, "priority", "priority", NULL);
  bind_property (self, "effective-priority", "effective-priority", NULL);
  bind_property (self, "vrid", "virtual-router-id", NULL);
  bind_property (self, "interface", "interface", string_or_empty);
  bind_property (self, "virtual-addresses", "virtual-addresses", NULL);
  bind_property (self, "version", "version", NULL);
  bind_property (self, "family", "family", family_to_string);
  bind_property (self, "advert-interval", "advert-interval", time_to_uint64);
  bind_property (self, "master-address", "master-address", string_or_empty);
  bind_property (self, "last-transition", "last-transition", time_to_uint64);
  bind_property (self, "last-transition-reason", "last-transition-reason", string_or_empty);
  bind_property (self, "priority-override", "priority-override", NULL);
  bind_property (self, "held-until", "held-until", held_until_to_uint64);
  vigil_vrrp_instance_exporter_refresh (self);
  g_object_thaw_notify (G_OBJECT (self));

  self->state_changed_id = g_signal_connect (instance, "state-changed",
                                             G_CALLBACK (on_state_changed), self);
  return self;
}

VigilVrrpInstance *
vigil_vrrp_instance_exporter_get_instance (VigilVrrpInstanceExporter *self)
{
  g_return_val_if_fail (VIGIL_IS_VRRP_INSTANCE_EXPORTER (self), NULL);
  return self->instance;
}

void
vigil_vrrp_instance_exporter_refresh (VigilVrrpInstanceExporter *self)
{
  const VigilConfVrrpInstance *conf;

  g_return_if_fail (VIGIL_IS_VRRP_INSTANCE_EXPORTER (self));
  if (self->instance == NULL)
    return;
  conf = vigil_vrrp_instance_get_conf (self->instance);
  vigil_dbus_vrrp_instance_set_sync_group (VIGIL_DBUS_VRRP_INSTANCE (self),
                                           conf->sync_group != NULL ? conf->sync_group : "");
  refresh_counters (self);
}

void
vigil_vrrp_instance_exporter_detach (VigilVrrpInstanceExporter *self)
{
  g_return_if_fail (VIGIL_IS_VRRP_INSTANCE_EXPORTER (self));
  if (self->instance == NULL)
    return;
  for (guint i = 0; i < self->bindings->len; i++)
    g_binding_unbind (g_ptr_array_index (self->bindings, i));
  g_ptr_array_set_size (self->bindings, 0);
  g_clear_signal_handler (&self->state_changed_id, self->instance);
  g_clear_object (&self->instance);
}

char *
vigil_vrrp_instance_exporter_build_path (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  return vigil_dbus_child_path (VIGIL_DBUS_VRRP_PATH, name);
}

/* ---- GObject ------------------------------------------------------------------------- */

static void
vigil_vrrp_instance_exporter_dispose (GObject *object)
{
  VigilVrrpInstanceExporter *self = VIGIL_VRRP_INSTANCE_EXPORTER (object);

  vigil_vrrp_instance_exporter_detach (self);
  G_OBJECT_CLASS (vigil_vrrp_instance_exporter_parent_class)->dispose (object);
}

static void
vigil_vrrp_instance_exporter_finalize (GObject *object)
{
  VigilVrrpInstanceExporter *self = VIGIL_VRRP_INSTANCE_EXPORTER (object);

  g_ptr_array_unref (self->bindings);
  G_OBJECT_CLASS (vigil_vrrp_instance_exporter_parent_class)->finalize (object);
}

static void
vigil_vrrp_instance_exporter_class_init (VigilVrrpInstanceExporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GDBusInterfaceSkeletonClass *skeleton_class = G_DBUS_INTERFACE_SKELETON_CLASS (klass);

  object_class->dispose = vigil_vrrp_instance_exporter_dispose;
  object_class->finalize = vigil_vrrp_instance_exporter_finalize;
  skeleton_class->get_vtable = exporter_get_vtable;
  skeleton_class->get_properties = exporter_get_properties;
}

static void
vigil_vrrp_instance_exporter_init (VigilVrrpInstanceExporter *self)
{
  self->bindings = g_ptr_array_new ();
}
