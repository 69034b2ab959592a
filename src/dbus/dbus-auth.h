/* dbus-auth.h - who may call vigild's methods that change anything */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Called once the caller is known to be root. */
typedef void (*VigilDbusAuthorizedFunc) (gpointer target, GDBusMethodInvocation *invocation);

/* Ask the bus for the caller's uid (org.freedesktop.DBus.GetConnectionUnixUser,
 * asynchronously) and call `func (target, invocation)` if it is 0; otherwise
 * answer org.freedesktop.DBus.Error.AccessDenied with a message naming
 * `action`. `target` (a GObject) and `invocation` are kept alive meanwhile.
 * The caller's method handler returns G_DBUS_METHOD_INVOCATION_HANDLED. */
void vigil_dbus_authorize (gpointer target, GDBusMethodInvocation *invocation,
                           const char *action, VigilDbusAuthorizedFunc func);

/* Map the VIGIL_ERROR domain to org.vigil.Vigil1.Error.* (idempotent). */
void vigil_dbus_error_register (void);

G_END_DECLS
