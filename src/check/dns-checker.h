/* dns-checker.h - VigilDnsChecker, keepalived's DNS_CHECK
 *
 * One attempt sends one query (`name`, default "."; `type`, default
 * SOA; a fresh random id; recursion desired) in a UDP datagram to
 * connect_ip:connect_port (default: the real server) from
 * bindto:bind_port and through bind_if when given, and waits for the
 * answer: NOERROR passes, another RCODE fails ("rcode 3 (NXDOMAIN)"),
 * datagrams that are not the answer (too short, another id, not a
 * response) are ignored until the timeout, and an ICMP port or host
 * unreachable fails the attempt at once. The verdict is
 * dns-codec.c's. The base class owns the schedule, the timeout
 * (connect_timeout) and the retry rule (DNS_CHECK's default retry is 3).
 */
#pragma once

#include "check/checker.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DNS_CHECKER (vigil_dns_checker_get_type ())
G_DECLARE_FINAL_TYPE (VigilDnsChecker, vigil_dns_checker, VIGIL, DNS_CHECKER, VigilChecker)

G_END_DECLS
