/* manager-exporter.h - org.vigil.Vigil1.Manager for the VigilDaemon */
#pragma once

#include "daemon/daemon.h"
#include "vigil-dbus-generated.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_MANAGER_EXPORTER (vigil_manager_exporter_get_type ())
G_DECLARE_FINAL_TYPE (VigilManagerExporter, vigil_manager_exporter, VIGIL, MANAGER_EXPORTER,
                      VigilDbusManagerSkeleton)

/* The Manager interface of `daemon` (not referenced: the daemon owns the
 * D-Bus service, which owns this). Its properties follow the daemon's
 * "reloaded" signal, which it also forwards as the Reloaded D-Bus signal. */
VigilManagerExporter *vigil_manager_exporter_new (VigilDaemon *daemon);

G_END_DECLS
