/* vrrp-instance-exporter.h - org.vigil.Vigil1.VrrpInstance for a VigilVrrpInstance */
#pragma once

#include "vigil-dbus-generated.h"
#include "vrrp/vrrp-instance.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_VRRP_INSTANCE_EXPORTER (vigil_vrrp_instance_exporter_get_type ())
G_DECLARE_FINAL_TYPE (VigilVrrpInstanceExporter, vigil_vrrp_instance_exporter, VIGIL,
                      VRRP_INSTANCE_EXPORTER, VigilDbusVrrpInstanceSkeleton)

/* The VrrpInstance interface of `instance` (referenced): its GObject
 * properties are bound to the skeleton's, so every change goes out as
 * PropertiesChanged, and its "state-changed" signal becomes StateChanged. */
VigilVrrpInstanceExporter *vigil_vrrp_instance_exporter_new (VigilVrrpInstance *instance);

VigilVrrpInstance *vigil_vrrp_instance_exporter_get_instance (VigilVrrpInstanceExporter *self);

/* Re-read what has no GObject property (the sync group, after a reload). */
void vigil_vrrp_instance_exporter_refresh (VigilVrrpInstanceExporter *self);

/* Stop forwarding and refuse further method calls: the instance is gone
 * from the daemon (the object is being unexported). */
void vigil_vrrp_instance_exporter_detach (VigilVrrpInstanceExporter *self);

/* /org/vigil/Vigil1/vrrp/<name escaped with g_dbus_escape_object_path>. */
char *vigil_vrrp_instance_exporter_build_path (const char *name);

G_END_DECLS
