/* dbus-object-set.h - keep a set of exported objects in line with a list
 *
 * For objects that come and go with reloads (trackers, virtual servers,
 * real servers, checkers): each sync pass says which paths should exist
 * and for which source GObject; a path whose source is unchanged keeps
 * its exported object, a new or replaced one is (re-)exported, and paths
 * not wanted any more are unexported (their exporter detached first).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _VigilDbusObjectSet VigilDbusObjectSet;

/* Build the interface skeleton exporting `source` at `path`. */
typedef GDBusInterfaceSkeleton *(*VigilDbusExportFunc) (gpointer source, const char *path,
                                                         gpointer user_data);
/* Stop the skeleton following its source (it is about to be unexported). */
typedef void (*VigilDbusDetachFunc) (GDBusInterfaceSkeleton *skeleton);

VigilDbusObjectSet *vigil_dbus_object_set_new (GDBusObjectManagerServer *manager,
                                               VigilDbusDetachFunc detach);
/* Unexport everything and free the set. */
void vigil_dbus_object_set_free (VigilDbusObjectSet *set);

/* A sync pass: begin, want() every object that should exist, end. */
void vigil_dbus_object_set_begin (VigilDbusObjectSet *set);
void vigil_dbus_object_set_want (VigilDbusObjectSet *set, const char *path, gpointer source,
                                 VigilDbusExportFunc export_func, gpointer user_data);
void vigil_dbus_object_set_end (VigilDbusObjectSet *set);

guint vigil_dbus_object_set_size (VigilDbusObjectSet *set);
/* The skeleton exported at `path`, or NULL. */
GDBusInterfaceSkeleton *vigil_dbus_object_set_lookup (VigilDbusObjectSet *set, const char *path);

G_END_DECLS
