/* sync-group-exporter.h - org.vigil.Vigil1.SyncGroup for a VigilSyncGroup */
#pragma once

#include "vigil-dbus-generated.h"
#include "vrrp/sync-group.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SYNC_GROUP_EXPORTER (vigil_sync_group_exporter_get_type ())
G_DECLARE_FINAL_TYPE (VigilSyncGroupExporter, vigil_sync_group_exporter, VIGIL,
                      SYNC_GROUP_EXPORTER, VigilDbusSyncGroupSkeleton)

/* The SyncGroup interface of `group` (referenced): its GObject properties
 * are bound to the skeleton's, so every change goes out as
 * PropertiesChanged, and its "state-changed" signal becomes StateChanged.
 * Members are the VrrpInstance object paths of its members. */
VigilSyncGroupExporter *vigil_sync_group_exporter_new (VigilSyncGroup *group);

VigilSyncGroup *vigil_sync_group_exporter_get_group (VigilSyncGroupExporter *self);

/* Stop forwarding: the group is gone from the daemon (the object is
 * being unexported). */
void vigil_sync_group_exporter_detach (VigilSyncGroupExporter *self);

/* /org/vigil/Vigil1/sync_group/<name escaped with g_dbus_escape_object_path>. */
char *vigil_sync_group_exporter_build_path (const char *name);

G_END_DECLS
