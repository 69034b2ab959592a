/* dbus-names.h - vigil's D-Bus names, written once (CONTRACT.md)
 *
 * vigild's exporters and vigilctl both use these; the interfaces are
 * documented in dbus/org.vigil.Vigil1.*.xml.
 */
#pragma once

#include <gio/gio.h>

#define VIGIL_DBUS_NAME "org.vigil.Vigil1"
#define VIGIL_DBUS_PATH "/org/vigil/Vigil1"
/* VRRP instances: VIGIL_DBUS_VRRP_PATH "/" g_dbus_escape_object_path (name) */
#define VIGIL_DBUS_VRRP_PATH VIGIL_DBUS_PATH "/vrrp"
/* Virtual servers: VIGIL_DBUS_VIRTUAL_SERVER_PATH "/" escaped name; their
 * real servers below them ("/" escaped name), and checkers below those
 * ("/" index from 0). */
#define VIGIL_DBUS_VIRTUAL_SERVER_PATH VIGIL_DBUS_PATH "/virtual_server"
/* Trackers: VIGIL_DBUS_TRACKER_PATH "/" escaped kind "/" escaped name */
#define VIGIL_DBUS_TRACKER_PATH VIGIL_DBUS_PATH "/tracker"
/* Sync groups: VIGIL_DBUS_SYNC_GROUP_PATH "/" g_dbus_escape_object_path (name) */
#define VIGIL_DBUS_SYNC_GROUP_PATH VIGIL_DBUS_PATH "/sync_group"

#define VIGIL_DBUS_MANAGER_INTERFACE "org.vigil.Vigil1.Manager"
#define VIGIL_DBUS_VRRP_INSTANCE_INTERFACE "org.vigil.Vigil1.VrrpInstance"
#define VIGIL_DBUS_VIRTUAL_SERVER_INTERFACE "org.vigil.Vigil1.VirtualServer"
#define VIGIL_DBUS_REAL_SERVER_INTERFACE "org.vigil.Vigil1.RealServer"
#define VIGIL_DBUS_CHECKER_INTERFACE "org.vigil.Vigil1.Checker"
#define VIGIL_DBUS_TRACKER_INTERFACE "org.vigil.Vigil1.Tracker"
#define VIGIL_DBUS_SYNC_GROUP_INTERFACE "org.vigil.Vigil1.SyncGroup"

/* Error names of the VIGIL_ERROR domain (see vigil_dbus_error_register ()). */
#define VIGIL_DBUS_ERROR_PREFIX "org.vigil.Vigil1.Error."
#define VIGIL_DBUS_ERROR_FAILED VIGIL_DBUS_ERROR_PREFIX "Failed"
#define VIGIL_DBUS_ERROR_CONFIG_INVALID VIGIL_DBUS_ERROR_PREFIX "ConfigInvalid"
#define VIGIL_DBUS_ERROR_ALREADY_RUNNING VIGIL_DBUS_ERROR_PREFIX "AlreadyRunning"
#define VIGIL_DBUS_ERROR_NOT_FOUND VIGIL_DBUS_ERROR_PREFIX "NotFound"
#define VIGIL_DBUS_ERROR_PERMISSION_DENIED VIGIL_DBUS_ERROR_PREFIX "PermissionDenied"

/* Seconds between attempts to reach the system bus. */
#define VIGIL_DBUS_RETRY_SECONDS 3

/* PARENT "/" NAME with NAME escaped by g_dbus_escape_object_path (): the
 * path of every object named after a config name (instances, groups,
 * trackers, virtual and real servers). */
static inline char *
vigil_dbus_child_path (const char *parent, const char *name)
{
  g_autofree char *escaped = g_dbus_escape_object_path (name);

  return g_strconcat (parent, "/", escaped, NULL);
}
