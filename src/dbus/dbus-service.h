/* dbus-service.h - vigild on the system bus: name, ObjectManager, exporters */
#pragma once

#include "daemon/daemon.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DBUS_SERVICE (vigil_dbus_service_get_type ())
G_DECLARE_FINAL_TYPE (VigilDbusService, vigil_dbus_service, VIGIL, DBUS_SERVICE, GObject)

/* The D-Bus face of `daemon` (not referenced: the daemon owns the service
 * and frees it before its VRRP instances). */
VigilDbusService *vigil_dbus_service_new (VigilDaemon *daemon);

/* Export the Manager and every VRRP instance, connect to the system bus
 * (DBUS_SYSTEM_BUS_ADDRESS when set) asynchronously and own
 * org.vigil.Vigil1. A bus that cannot be reached, or that goes away
 * later, is logged and retried every few seconds: VRRP never waits for
 * D-Bus. FALSE only when there is no bus address at all. */
gboolean vigil_dbus_service_start (VigilDbusService *self, GError **error);

/* Whether the name is owned right now (for tests and status lines). */
gboolean vigil_dbus_service_is_connected (VigilDbusService *self);

/* Unexport everything, release the name and drop the connection. */
void vigil_dbus_service_free (VigilDbusService *self);

G_END_DECLS
