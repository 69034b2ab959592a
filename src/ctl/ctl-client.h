/* ctl-client.h - vigilctl's side of the bus: calls, errors, the data walk */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* vigilctl's exit statuses (doc/vigilctl.1). */
typedef enum {
  VIGIL_CTL_EXIT_OK = 0,
  VIGIL_CTL_EXIT_FAILED = 1,        /* refused, invalid config, unknown instance */
  VIGIL_CTL_EXIT_USAGE = 2,
  VIGIL_CTL_EXIT_UNREACHABLE = 3,   /* no system bus, or vigild not running */
} VigilCtlExit;

/* The system bus (DBUS_SYSTEM_BUS_ADDRESS when set). */
GDBusConnection *vigil_ctl_connect (GError **error);

/* A method call to vigild (no auto-start), synchronous. */
GVariant *vigil_ctl_call (GDBusConnection *connection, const char *path, const char *interface,
                          const char *method, GVariant *parameters,
                          const GVariantType *reply_type, GError **error);

/* The error's message without the "GDBus.Error:NAME: " prefix. */
char *vigil_ctl_error_message (const GError *error);

/* Print "vigilctl: WHAT: why" on stderr, in words a user can act on (vigild
 * not running, permission denied, no such instance, ...), and return the
 * exit status for it. `instance` names the instance the call was about,
 * or NULL. */
VigilCtlExit vigil_ctl_report_error (const GError *error, const char *what,
                                     const char *instance);

/* The data walk behind `status` and `show`, for the table and --json alike:
 * a{sv} with "vigild" (a{sv}: the Manager's properties), "instances"
 * (aa{sv}: every VRRP instance's properties plus "object_path", sorted by
 * name) and "virtual_servers" (aa{sv}: every virtual server's properties
 * plus "object_path", with "real_servers" holding its real servers'
 * records, each with its "checkers"). Keys are the property names in
 * snake_case. */
GVariant *vigil_ctl_collect (GDBusConnection *connection, GError **error);

/* The object path of the VRRP instance `name`. */
char *vigil_ctl_instance_path (const char *name);

/* The object path of real server `rs_name` ("192.0.2.10:80") of virtual
 * server `vs_name` in collected data, or NULL. */
char *vigil_ctl_find_real_server (GVariant *data, const char *vs_name, const char *rs_name);

/* The instance called `name` in collected data (a reference), or NULL. */
GVariant *vigil_ctl_find_instance (GVariant *data, const char *name);

G_END_DECLS
