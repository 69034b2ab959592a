/* real-server-exporter.h - org.vigil.Vigil1.RealServer for a VigilRealServer */
#pragma once

#include "vigil-dbus-generated.h"
#include "check/real-server.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_REAL_SERVER_EXPORTER (vigil_real_server_exporter_get_type ())
G_DECLARE_FINAL_TYPE (VigilRealServerExporter, vigil_real_server_exporter, VIGIL,
                      REAL_SERVER_EXPORTER, VigilDbusRealServerSkeleton)

/* The RealServer interface of `server` (referenced); `vs_path` is its
 * virtual server's object, `checker_paths` its checkers' objects. */
VigilRealServerExporter *vigil_real_server_exporter_new (VigilRealServer *server,
                                                         const char *vs_path,
                                                         const char *const *checker_paths);
VigilRealServer *vigil_real_server_exporter_get_server (VigilRealServerExporter *self);
void vigil_real_server_exporter_detach (VigilRealServerExporter *self);

G_END_DECLS
