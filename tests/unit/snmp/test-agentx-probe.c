/* test-agentx-probe.c - the AgentX probe against a fake master on a unix
 * socket: an answer, a refusal, garbage, a hang-up, silence (the loop
 * keeps running meanwhile), no socket, and cancellation */
#include "snmp/agentx-probe.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

typedef enum {
  MASTER_ANSWERS,        /* a Response, noAgentXError */
  MASTER_REFUSES,        /* a Response, openFailed(256) */
  MASTER_HUGE_LENGTH,    /* a Response header claiming 2 GB */
  MASTER_WRONG_TYPE,     /* an Open back instead of a Response */
  MASTER_HANGS_UP,
  MASTER_SILENT,
  MASTER_NONE,           /* nothing listens there */
} MasterMode;

typedef struct {
  MasterMode mode;
  char *dir;
  char *path;
  int listen_fd;
  int conn_fd;
  guint accept_id;
  guint conn_id;
  gboolean got_close;          /* the probe said goodbye */
  guint ticks;                 /* a 10 ms timer, to see the loop running */
  gboolean done;
  gboolean ok;
  GError *error;
} Fake;

static void
put_response (guint8 *buf, guint16 status, guint32 payload_len)
{
  memset (buf, 0, 28);
  buf[0] = 1;
  buf[1] = 18;
  buf[2] = 0x10;                                  /* network byte order */
  buf[7] = 7;                                     /* sessionID 7 */
  buf[15] = 1;                                    /* packetID 1 */
  buf[16] = payload_len >> 24;
  buf[17] = payload_len >> 16;
  buf[18] = payload_len >> 8;
  buf[19] = payload_len;
  buf[24] = status >> 8;                          /* after sysUpTime */
  buf[25] = status & 0xff;
}

static gboolean
on_conn_readable (int fd, GIOCondition condition, gpointer user_data)
{
  Fake *f = user_data;
  guint8 in[512], out[28];
  gssize n = recv (fd, in, sizeof in, MSG_DONTWAIT);

  if (n <= 0)
    {
      f->conn_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (n >= 2 && in[1] == 2)
    {
      f->got_close = TRUE;
      return G_SOURCE_CONTINUE;
    }
  g_assert_cmpint (in[1], ==, 1);                 /* the probe opens */
  switch (f->mode)
    {
    case MASTER_ANSWERS:
      put_response (out, 0, 8);
      g_assert_cmpint (send (fd, out, sizeof out, 0), ==, sizeof out);
      break;
    case MASTER_REFUSES:
      put_response (out, 256, 8);
      g_assert_cmpint (send (fd, out, sizeof out, 0), ==, sizeof out);
      break;
    case MASTER_HUGE_LENGTH:
      put_response (out, 0, 0x7fffffff);
      g_assert_cmpint (send (fd, out, sizeof out, 0), ==, sizeof out);
      break;
    case MASTER_WRONG_TYPE:
      g_assert_cmpint (send (fd, in, (gsize) n, 0), ==, n);
      break;
    case MASTER_HANGS_UP:
      shutdown (fd, SHUT_RDWR);
      break;
    case MASTER_SILENT:
    case MASTER_NONE:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_accept (int fd, GIOCondition condition, gpointer user_data)
{
  Fake *f = user_data;
  int conn = accept4 (fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

  g_assert_cmpint (conn, >=, 0);
  g_assert_cmpint (f->conn_fd, <, 0);              /* one connection per probe */
  f->conn_fd = conn;
  f->conn_id = g_unix_fd_add (conn, G_IO_IN | G_IO_HUP, on_conn_readable, f);
  return G_SOURCE_CONTINUE;
}

static void
fake_start (Fake *f, MasterMode mode)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  GError *error = NULL;

  f->mode = mode;
  f->dir = g_dir_make_tmp ("vigil-agentxXXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "master", NULL);
  f->listen_fd = f->conn_fd = -1;
  if (mode == MASTER_NONE)
    return;
  f->listen_fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (f->listen_fd, >=, 0);
  g_strlcpy (addr.sun_path, f->path, sizeof addr.sun_path);
  g_assert_cmpint (bind (f->listen_fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (f->listen_fd, 4), ==, 0);
  f->accept_id = g_unix_fd_add (f->listen_fd, G_IO_IN, on_accept, f);
}

static void
fake_stop (Fake *f)
{
  g_clear_handle_id (&f->accept_id, g_source_remove);
  g_clear_handle_id (&f->conn_id, g_source_remove);
  if (f->conn_fd >= 0)
    close (f->conn_fd);
  if (f->listen_fd >= 0)
    close (f->listen_fd);
  g_unlink (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_clear_error (&f->error);
}

static void
on_probed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fake *f = user_data;

  f->ok = vigil_agentx_probe_finish (result, &f->error);
  f->done = TRUE;
}

static gboolean
on_tick (gpointer user_data)
{
  ((Fake *) user_data)->ticks++;
  return G_SOURCE_CONTINUE;
}

static gboolean
on_cancel (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Run a probe of `timeout_ms` to completion; the test's own deadline is
 * generous but bounded. Returns how long it took (µs). */
static gint64
run_probe (Fake *f, guint timeout_ms, GCancellable *cancellable)
{
  gint64 start = g_get_monotonic_time ();
  guint tick = g_timeout_add (10, on_tick, f);

  vigil_agentx_probe_async (f->path, timeout_ms, cancellable, on_probed, f);
  while (!f->done && g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  /* Let the fake read what the probe sent last (its Close). */
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_source_remove (tick);
  g_assert_true (f->done);
  return g_get_monotonic_time () - start;
}

typedef struct {
  const char *name;
  MasterMode mode;
  gboolean ok;
  gint code;                   /* GIOErrorEnum */
} Case;

static const Case cases[] = {
  { "answers", MASTER_ANSWERS, TRUE, 0 },
  { "refuses", MASTER_REFUSES, FALSE, G_IO_ERROR_CONNECTION_REFUSED },
  { "huge-length", MASTER_HUGE_LENGTH, FALSE, G_IO_ERROR_INVALID_DATA },
  { "wrong-type", MASTER_WRONG_TYPE, FALSE, G_IO_ERROR_INVALID_DATA },
  { "hangs-up", MASTER_HANGS_UP, FALSE, G_IO_ERROR_CONNECTION_CLOSED },
  { "silent", MASTER_SILENT, FALSE, G_IO_ERROR_TIMED_OUT },
  { "no-socket", MASTER_NONE, FALSE, G_IO_ERROR_NOT_CONNECTED },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  Fake f = { 0 };
  gint64 took;

  fake_start (&f, c->mode);
  took = run_probe (&f, 200, NULL);
  g_assert_cmpint (f.ok, ==, c->ok);
  if (c->ok)
    {
      g_assert_no_error (f.error);
      g_assert_true (f.got_close);
    }
  else
    g_assert_error (f.error, G_IO_ERROR, c->code);
  if (c->mode == MASTER_SILENT)
    {
      /* Waited out the timeout on the loop, not in a blocking call. */
      g_assert_cmpint (took, >=, 190 * 1000);
      g_assert_cmpint (took, <, 2 * G_USEC_PER_SEC);
      g_assert_cmpuint (f.ticks, >=, 5);     /* a blocking wait: 0 or 1 */
    }
  else
    g_assert_cmpint (took, <, 190 * 1000);
  fake_stop (&f);
}

static void
test_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Fake f = { 0 };
  gint64 took;

  fake_start (&f, MASTER_SILENT);
  g_timeout_add (20, on_cancel, cancellable);
  took = run_probe (&f, 2000, cancellable);
  g_assert_false (f.ok);
  g_assert_error (f.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (took, <, G_USEC_PER_SEC);
  fake_stop (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* What init_agent() sets up in vigild: net-snmp's transports. */
  netsnmp_tdomain_init ();
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/snmp/agentx-probe/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/snmp/agentx-probe/cancel", test_cancel);
  return g_test_run ();
}
