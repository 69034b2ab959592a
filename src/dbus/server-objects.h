/* server-objects.h - the D-Bus objects of the virtual servers, their
 * real servers and checkers, kept in line with the daemon's */
#pragma once

#include "dbus/dbus-object-set.h"

G_BEGIN_DECLS

/* A set for virtual server, real server and checker objects. */
VigilDbusObjectSet *vigil_server_objects_new (GDBusObjectManagerServer *manager);

/* Make `set` match `virtual_servers` (VigilVirtualServer*, may be NULL):
 * unchanged objects stay exported, the others come and go. */
void vigil_server_objects_sync (VigilDbusObjectSet *set, GPtrArray *virtual_servers);

G_END_DECLS
