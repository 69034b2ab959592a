/* model-equal.h - does a reloaded config block describe the same thing?
 *
 * Reload keeps an object running untouched when its config block did not
 * change. These comparisons cover every field of the structs they take
 * (model-equal.c asserts the struct sizes, so a field added to model.h
 * without being compared here breaks the build rather than a reload).
 */
#pragma once

#include "config/model.h"

G_BEGIN_DECLS

/* Element comparison for vigil_conf_list_equal (). */
typedef gboolean (*VigilConfElementEqual) (gconstpointer a, gconstpointer b);
/* Two lists (either may be NULL = empty) with equal elements in order. */
gboolean vigil_conf_list_equal (GPtrArray *a, GPtrArray *b, VigilConfElementEqual equal);
/* Addresses, where two unset (AF_UNSPEC) ones are equal whatever their bytes. */
gboolean vigil_conf_addr_equal (const VigilInetAddr *a, const VigilInetAddr *b);

gboolean vigil_conf_script_equal (const VigilConfScript *a, const VigilConfScript *b);
gboolean vigil_conf_vip_equal (const VigilConfVip *a, const VigilConfVip *b);
gboolean vigil_conf_route_equal (const VigilConfRoute *a, const VigilConfRoute *b);
gboolean vigil_conf_rule_equal (const VigilConfRule *a, const VigilConfRule *b);
/* Everything that affects VRRP on the wire, the kernel state, tracking
 * and notification (source locations are ignored). */
gboolean vigil_conf_vrrp_instance_equal (const VigilConfVrrpInstance *a,
                                         const VigilConfVrrpInstance *b);

G_END_DECLS
