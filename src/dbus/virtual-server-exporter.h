/* virtual-server-exporter.h - org.vigil.Vigil1.VirtualServer for a VigilVirtualServer */
#pragma once

#include "vigil-dbus-generated.h"
#include "check/virtual-server.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_VIRTUAL_SERVER_EXPORTER (vigil_virtual_server_exporter_get_type ())
G_DECLARE_FINAL_TYPE (VigilVirtualServerExporter, vigil_virtual_server_exporter, VIGIL,
                      VIRTUAL_SERVER_EXPORTER, VigilDbusVirtualServerSkeleton)

/* The VirtualServer interface of `server` (referenced); `rs_paths` are
 * its real servers' objects, in order. */
VigilVirtualServerExporter *vigil_virtual_server_exporter_new (VigilVirtualServer *server,
                                                               const char *const *rs_paths);
VigilVirtualServer *vigil_virtual_server_exporter_get_server (VigilVirtualServerExporter *self);
void vigil_virtual_server_exporter_detach (VigilVirtualServerExporter *self);

/* /org/vigil/Vigil1/virtual_server/<name escaped> */
char *vigil_virtual_server_exporter_build_path (const char *name);

G_END_DECLS
