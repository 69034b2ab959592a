/* error.c - vigil's GError domain */
#include "daemon/error.h"

G_DEFINE_QUARK (vigil-error-quark, vigil_error)
