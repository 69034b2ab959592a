/* route-message.h - netlink requests for configured routes and rules
 *
 * Pure: turns a VigilConfRoute (a line of virtual_routes / static_routes)
 * into the body of an RTM_NEWROUTE request, and a VigilConfRule into the
 * body of an RTM_NEWRULE request, with every attribute the model carries,
 * the way `ip route add` / `ip rule add` would build them. The same body
 * sent as RTM_DELROUTE / RTM_DELRULE removes exactly that object, which is
 * why route-set.c records the body itself.
 *
 * Interface names are resolved through a callback, so unit tests need no
 * kernel.
 */
#pragma once

#include <glib.h>
#include "config/model.h"

G_BEGIN_DECLS

/* The ifindex of interface `name`, or 0 if there is none. */
typedef int (*VigilIfindexLookup) (const char *name, gpointer user_data);

/* The body (struct rtmsg and attributes, no nlmsghdr) of RTM_NEWROUTE for
 * `route`. G_IO_ERROR_NOT_FOUND if an interface it names is missing. */
GBytes *vigil_route_message_build (const VigilConfRoute *route, VigilIfindexLookup lookup,
                                   gpointer user_data, GError **error);
/* The body (struct fib_rule_hdr and attributes) of RTM_NEWRULE for `rule`. */
GBytes *vigil_rule_message_build (const VigilConfRule *rule, GError **error);

/* The scope `ip route add` gives a route that names none. */
guint8 vigil_route_default_scope (const VigilConfRoute *route);

/* Short text for logs: "198.51.100.0/24 via 192.0.2.1 dev eth0 table 100",
 * "from 192.0.2.100 table 100 priority 100". */
char *vigil_route_describe (const VigilConfRoute *route);
char *vigil_rule_describe (const VigilConfRule *rule);

G_END_DECLS
