/* smtp-checker.h - VigilSmtpChecker, keepalived's SMTP_CHECK
 *
 * One attempt is one short SMTP conversation (RFC 5321) with
 * connect_ip:connect_port (default: the real server), from
 * bindto:bind_port and through bind_if when given:
 *
 *   server: 220 greeting          (else: "greeting 554 no service")
 *   vigil:  HELO <helo_name>
 *   server: 250 ...               (else: "HELO reply 501 ...")
 *   vigil:  QUIT
 *   server: any reply             then the server passes
 *
 * Multi-line replies ("220-...", "220 ...") are read whole. A reply
 * line may be at most 512 bytes (RFC 5321 4.5.3.1.5) and a reply at
 * most 100 lines; a server sending more fails the check with a line
 * saying so instead of being read without end. The base class owns
 * the schedule, the timeout (connect_timeout, for the whole
 * conversation) and the retry rule.
 */
#pragma once

#include "check/checker.h"

G_BEGIN_DECLS

/* keepalived's HELO name when `helo_name` is not given */
#define VIGIL_SMTP_DEFAULT_HELO_NAME "smtpchecker.keepalived.org"

#define VIGIL_TYPE_SMTP_CHECKER (vigil_smtp_checker_get_type ())
G_DECLARE_FINAL_TYPE (VigilSmtpChecker, vigil_smtp_checker, VIGIL, SMTP_CHECKER, VigilChecker)

G_END_DECLS
