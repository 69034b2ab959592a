/* checker.h - VigilChecker, the base of every health checker
 *
 * A checker watches one real server with one method (TCP connect, an
 * HTTP GET, a script...). The base class owns everything keepalived's
 * checkers share: the schedule (first check jittered within `warmup`,
 * then every `delay_loop`), the per-attempt timeout (`connect_timeout`,
 * `misc_timeout` for MISC_CHECK) enforced by cancelling the attempt,
 * keepalived's retry rule (after a failed attempt, retry up to `retry`
 * times `delay_before_retry` apart; only when all of those fail too is
 * the checker down), `alpha` (start down instead of up), the counters,
 * the last result and the log lines ("TCP_CHECK 192.0.2.10:80 down:
 * connection refused").
 *
 * A subclass implements one attempt as an _async/_finish pair and
 * nothing else; it must honour the GCancellable (the base cancels on
 * timeout and on stop). Subclasses: tcp-checker.c, http-checker.c
 * (HTTP_GET and SSL_GET), smtp-checker.c, dns-checker.c,
 * udp-checker.c, ping-checker.c, misc-checker.c, file-checker.c.
 */
#pragma once

#include <gio/gio.h>
#include "config/model.h"
#include "daemon/timer-queue.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CHECKER (vigil_checker_get_type ())
G_DECLARE_DERIVABLE_TYPE (VigilChecker, vigil_checker, VIGIL, CHECKER, GObject)

/* What one checker needs besides its own config block. Borrowed: the
 * daemon keeps the config alive for as long as the checker lives. */
typedef struct {
  const VigilConfig *config;       /* global SSL block, script_user, ... */
  VigilInetAddr server_addr;       /* the real server */
  guint16 server_port;             /* 0 when the real server has none */
  VigilTimerQueue *timers;         /* the daemon's; NULL: the checker makes its own */
} VigilCheckerTarget;

struct _VigilCheckerClass
{
  GObjectClass parent_class;

  /* One attempt. Completes TRUE when the server passed; FALSE with an
   * error whose message says why in a few words ("connection refused",
   * "status 500 not in 200-299", "digest mismatch"). The cancellable is
   * cancelled when the attempt times out or the checker stops. */
  void (*check_async) (VigilChecker *self, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data);
  gboolean (*check_finish) (VigilChecker *self, GAsyncResult *result, GError **error);

  /* The attempt's timeout in µs; default conf->connect_timeout. */
  gint64 (*get_timeout) (VigilChecker *self);
};

/* Create the checker for `conf` (the subclass its type names). BFD_CHECK
 * and unknown types fail with a message saying so. */
VigilChecker *vigil_checker_new (const VigilConfChecker *conf,
                                 const VigilCheckerTarget *target,
                                 GError **error);

/* Begin the schedule (first attempt after a random delay within
 * `warmup`, so thousands of checkers do not fire in the same
 * millisecond). Stop cancels an attempt in flight and all timers. */
void vigil_checker_start (VigilChecker *self);
void vigil_checker_stop (VigilChecker *self);
/* Run one check now (outside the schedule), e.g. from D-Bus. */
void vigil_checker_check_now (VigilChecker *self);

const VigilConfChecker *vigil_checker_get_conf (VigilChecker *self);
/* Swap in an equal config after a reload (state kept). */
void vigil_checker_set_conf (VigilChecker *self, const VigilConfChecker *conf,
                             const VigilConfig *config);
const VigilCheckerTarget *vigil_checker_get_target (VigilChecker *self);
/* connect_ip / connect_port, defaulting to the real server's. */
GInetSocketAddress *vigil_checker_dup_connect_address (VigilChecker *self);
/* bindto / bind_port as a local address to bind, or NULL. */
GInetSocketAddress *vigil_checker_dup_bind_address (VigilChecker *self);

/* "TCP_CHECK", "HTTP_GET", ... */
const char *vigil_checker_get_type_name (VigilChecker *self);
/* "TCP_CHECK 192.0.2.10:80" (connect address), for logs and D-Bus. */
const char *vigil_checker_get_label (VigilChecker *self);
gboolean vigil_checker_is_up (VigilChecker *self);
/* The last attempt's error text, "" after a success. */
const char *vigil_checker_get_last_error (VigilChecker *self);
gboolean vigil_checker_get_last_result (VigilChecker *self);
gint64 vigil_checker_get_last_check_time (VigilChecker *self); /* realtime µs, 0 = never */
guint64 vigil_checker_get_checks (VigilChecker *self);        /* attempts completed */
guint64 vigil_checker_get_failures (VigilChecker *self);      /* failed attempts */
guint64 vigil_checker_get_up_count (VigilChecker *self);      /* down -> up transitions */
guint64 vigil_checker_get_down_count (VigilChecker *self);    /* up -> down transitions */
/* A weight the checker asks for (misc_dynamic exit code - 2, FILE_CHECK
 * with `dynamic`), or -1 for "the real server's configured weight". */
int vigil_checker_get_dynamic_weight (VigilChecker *self);

/* For subclasses: ask for a weight (emits notify::dynamic-weight). */
void vigil_checker_set_dynamic_weight (VigilChecker *self, int weight);

/* Signals:
 *   "state-changed" (gboolean up, const char *reason)  the checker went
 *        up or down (after the retry rule), with the last attempt's error.
 *   "checked" (gboolean ok)  after every attempt.
 * Properties (read-only, notify on change): "up", "last-error",
 *   "last-check-time", "dynamic-weight". */

G_END_DECLS
