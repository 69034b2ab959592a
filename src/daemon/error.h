/* error.h - vigil's GError domain (mapped to org.vigil.Vigil1.Error.* on D-Bus) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIGIL_ERROR (vigil_error_quark ())
GQuark vigil_error_quark (void);

typedef enum {
  VIGIL_ERROR_FAILED,
  VIGIL_ERROR_CONFIG_INVALID,
  VIGIL_ERROR_ALREADY_RUNNING,
  VIGIL_ERROR_NOT_FOUND,
  VIGIL_ERROR_PERMISSION_DENIED,
} VigilError;

G_END_DECLS
