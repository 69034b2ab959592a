/* keepalived-compat.h - keepalived's org.keepalived.Vrrp1 names, served by
 * vigild when `enable_dbus` is set (see keepalived-compat.c) */
#pragma once

#include <gio/gio.h>
#include "daemon/daemon.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_KEEPALIVED_COMPAT (vigil_keepalived_compat_get_type ())
G_DECLARE_FINAL_TYPE (VigilKeepalivedCompat, vigil_keepalived_compat, VIGIL, KEEPALIVED_COMPAT,
                      GObject)

/* Export keepalived's objects on `connection` and own keepalived's name
 * (`dbus_service_name`, default org.keepalived.Vrrp1). Disposing it
 * emits VrrpStopped, unexports and releases the name. */
VigilKeepalivedCompat *vigil_keepalived_compat_new (VigilDaemon *daemon,
                                                    GDBusConnection *connection);
const char *vigil_keepalived_compat_get_name (VigilKeepalivedCompat *self);

/* keepalived's object path of an instance:
 * /org/keepalived/Vrrp1/Instance/eth0/51/IPv4 */
char *vigil_keepalived_compat_instance_path (const char *interface, guint vrid, int family);

G_END_DECLS
