/* null-backend.h - VigilNullBackend, `lb_backend none`
 *
 * Accepts every service and programs nothing: the checkers still run and
 * their states still reach D-Bus, SNMP, notify scripts and the FIFO.
 * What it is asked to do is logged at debug level.
 */
#pragma once

#include "lb/lb-backend.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_NULL_BACKEND (vigil_null_backend_get_type ())
G_DECLARE_FINAL_TYPE (VigilNullBackend, vigil_null_backend, VIGIL, NULL_BACKEND, GObject)

VigilLbBackend *vigil_null_backend_new (void);

/* How many services it currently holds (set minus removed). */
guint vigil_null_backend_get_n_services (VigilNullBackend *self);

G_END_DECLS
