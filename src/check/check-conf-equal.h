/* check-conf-equal.h - do two LVS config blocks describe the same thing?
 *
 * Used by a reload (check-manager.c) to decide what keeps running: a
 * checker whose block is equal keeps its object and state; a real
 * server or virtual server is kept by its identity (the `_same_`
 * functions) and updated in place.
 */
#pragma once

#include "config/model.h"

G_BEGIN_DECLS

/* Every field that changes what the checker does. */
gboolean vigil_conf_checker_equal (const VigilConfChecker *a, const VigilConfChecker *b);
/* Every field, checkers included. */
gboolean vigil_conf_real_server_equal (const VigilConfRealServer *a, const VigilConfRealServer *b);
/* Every field, real servers and sorry server included. */
gboolean vigil_conf_virtual_server_equal (const VigilConfVirtualServer *a,
                                          const VigilConfVirtualServer *b);

G_END_DECLS
