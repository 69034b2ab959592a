/* fake-checker.h - a test-only VigilChecker whose verdict the test sets
 *
 * Included by the check unit tests (it is not part of libvigil). Each
 * attempt answers `pass` at once; fake_checker_set () changes it and
 * runs one attempt now. With retry 0 (fake_checker_conf ()) one failed
 * attempt takes a live checker down and one success brings it back.
 */
#pragma once

#include <gio/gio.h>
#include <string.h>
#include "check/checker.h"

typedef struct
{
  VigilChecker parent_instance;
  gboolean pass;
} FakeChecker;

typedef struct
{
  VigilCheckerClass parent_class;
} FakeCheckerClass;

static GType fake_checker_get_type (void);
G_DEFINE_TYPE (FakeChecker, fake_checker, VIGIL_TYPE_CHECKER)

static void
fake_checker_check_async (VigilChecker *checker, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (checker, cancellable, callback, user_data);

  if (((FakeChecker *) checker)->pass)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                             "connection refused");
}

static gboolean
fake_checker_check_finish (VigilChecker *checker, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
fake_checker_class_init (FakeCheckerClass *klass)
{
  VIGIL_CHECKER_CLASS (klass)->check_async = fake_checker_check_async;
  VIGIL_CHECKER_CLASS (klass)->check_finish = fake_checker_check_finish;
}

static void
fake_checker_init (FakeChecker *self)
{
  self->pass = TRUE;
}

/* A TCP_CHECK block with no retries and no automatic attempts soon. */
static inline void
fake_checker_conf (VigilConfChecker *conf, gboolean alpha)
{
  memset (conf, 0, sizeof *conf);
  conf->type = VIGIL_CONF_CHECKER_TCP;
  conf->connect_timeout = 5 * G_USEC_PER_SEC;
  conf->delay_loop = 3600 * VIGIL_USEC_PER_SEC;
  conf->delay_before_retry = 3600 * VIGIL_USEC_PER_SEC;
  conf->warmup = 3600 * VIGIL_USEC_PER_SEC;
  conf->retry = 0;
  conf->alpha = alpha;
}

static inline VigilChecker *
fake_checker_new (const VigilConfChecker *conf, const VigilCheckerTarget *target)
{
  return g_object_new (fake_checker_get_type (), "conf", conf, "target", target, NULL);
}

/* Set the verdict and run one attempt now (the checker must be
 * started); returns once it completed (bounded: 5 s). */
static inline void
fake_checker_set (VigilChecker *checker, gboolean pass)
{
  guint64 before = vigil_checker_get_checks (checker);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  ((FakeChecker *) checker)->pass = pass;
  vigil_checker_check_now (checker);
  while (vigil_checker_get_checks (checker) == before && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (vigil_checker_get_checks (checker), >, before);
}
