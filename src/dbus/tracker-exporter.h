/* tracker-exporter.h - org.vigil.Vigil1.Tracker for a VigilTracker */
#pragma once

#include "vigil-dbus-generated.h"
#include "track/tracker.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_TRACKER_EXPORTER (vigil_tracker_exporter_get_type ())
G_DECLARE_FINAL_TYPE (VigilTrackerExporter, vigil_tracker_exporter, VIGIL, TRACKER_EXPORTER,
                      VigilDbusTrackerSkeleton)

/* The Tracker interface of `tracker` (referenced), updated on "changed". */
VigilTrackerExporter *vigil_tracker_exporter_new (VigilTracker *tracker);
void vigil_tracker_exporter_detach (VigilTrackerExporter *self);

/* /org/vigil/Vigil1/tracker/<kind escaped>/<name escaped> */
char *vigil_tracker_exporter_build_path (const char *kind, const char *name);

G_END_DECLS
