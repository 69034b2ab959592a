/* checker-exporter.h - org.vigil.Vigil1.Checker for a VigilChecker */
#pragma once

#include "vigil-dbus-generated.h"
#include "check/checker.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CHECKER_EXPORTER (vigil_checker_exporter_get_type ())
G_DECLARE_FINAL_TYPE (VigilCheckerExporter, vigil_checker_exporter, VIGIL, CHECKER_EXPORTER,
                      VigilDbusCheckerSkeleton)

/* The Checker interface of `checker` (referenced), kept up to date from
 * its signals. */
VigilCheckerExporter *vigil_checker_exporter_new (VigilChecker *checker);
VigilChecker *vigil_checker_exporter_get_checker (VigilCheckerExporter *self);
/* Stop following the checker (it is gone; the object is being unexported). */
void vigil_checker_exporter_detach (VigilCheckerExporter *self);

G_END_DECLS
