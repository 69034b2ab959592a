/* sd-notify.c - VigilSdNotify: READY/RELOADING/STOPPING, STATUS and the
 * watchdog for a notify-aware service manager (systemd Type=notify) */
#define G_LOG_DOMAIN "vigil"

#include "daemon/sd-notify.h"
#include "i18n.h"
#include "vrrp/vrrp-instance.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#if HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#else
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#endif

struct _VigilSdNotify {
  VigilDaemon *daemon;          /* not referenced: the daemon owns us */
  gboolean enabled;             /* NOTIFY_SOCKET was set */
#if !HAVE_SYSTEMD
  int fd;                       /* our datagram socket, -1 when not enabled */
  struct sockaddr_un address;
  socklen_t address_len;
#endif
  guint64 watchdog_usec;        /* 0: no watchdog asked for */
  guint watchdog_id;
  gulong daemon_handlers[2];
  GPtrArray *instances;         /* VigilVrrpInstance*, referenced, watched */
  char *status;                 /* the last STATUS= sent */
  gboolean ready;
  gboolean stopping;
  gboolean reload_refused;      /* the last reload kept the old config */
  guint64 send_errors;
};

/* ---- the protocol ------------------------------------------------------------ */

#if HAVE_SYSTEMD

static gboolean
open_socket (VigilSdNotify *self)
{
  return TRUE;   /* libsystemd opens one per message */
}

static int
send_datagram (VigilSdNotify *self, const char *message)
{
  int r = sd_notify (0, message);

  return r < 0 ? -r : 0;
}

static guint64
watchdog_from_environment (void)
{
  uint64_t usec = 0;

  return sd_watchdog_enabled (0, &usec) > 0 ? usec : 0;
}

#else /* !HAVE_SYSTEMD: the same protocol, as sd_notify(3) documents it */

static gboolean
open_socket (VigilSdNotify *self)
{
  const char *path = g_getenv ("NOTIFY_SOCKET");
  gsize len = strlen (path);

  /* An absolute path, or "@name" for the abstract namespace. */
  if ((path[0] != '/' && path[0] != '@') || len < 2 || len >= sizeof self->address.sun_path)
    {
      g_warning (_("NOTIFY_SOCKET=%s is not a socket address vigild can use; "
                   "not notifying the service manager"), path);
      return FALSE;
    }
  self->address.sun_family = AF_UNIX;
  memcpy (self->address.sun_path, path, len);
  if (path[0] == '@')
    self->address.sun_path[0] = '\0';
  self->address_len = offsetof (struct sockaddr_un, sun_path) + len;
  /* Non-blocking: a manager that does not read must not stall the loop. */
  self->fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (self->fd < 0)
    {
      g_warning (_("cannot open a socket to notify the service manager: %s"),
                 g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

static int
send_datagram (VigilSdNotify *self, const char *message)
{
  if (sendto (self->fd, message, strlen (message), MSG_NOSIGNAL,
              (const struct sockaddr *) &self->address, self->address_len) < 0)
    return errno;
  return 0;
}

/* libsystemd's rules: WATCHDOG_USEC a positive number, and WATCHDOG_PID,
 * when set, our pid (a watchdog meant for a parent is not ours). */
static guint64
watchdog_from_environment (void)
{
  const char *usec_text = g_getenv ("WATCHDOG_USEC");
  const char *pid_text = g_getenv ("WATCHDOG_PID");
  guint64 usec = 0;
  guint64 pid = 0;

  if (usec_text == NULL
      || !g_ascii_string_to_unsigned (usec_text, 10, 1, G_MAXUINT64, &usec, NULL))
    return 0;
  if (pid_text != NULL
      && (!g_ascii_string_to_unsigned (pid_text, 10, 1, G_MAXINT, &pid, NULL)
          || (pid_t) pid != getpid ()))
    return 0;
  return usec;
}

#endif

/* Send one message ("KEY=value" lines). Failures are counted; the first is
 * a warning, the rest debug messages, so that a watchdog every few hundred
 * milliseconds cannot flood the log. */
static void
send_message (VigilSdNotify *self, const char *message)
{
  int error;

  if (!self->enabled)
    return;
  error = send_datagram (self, message);
  if (error == 0)
    return;
  self->send_errors++;
  if (self->send_errors == 1)
    g_warning (_("cannot notify the service manager (%s): %s"), message, g_strerror (error));
  else
    g_debug ("cannot notify the service manager (%s, %" G_GUINT64_FORMAT " failures): %s",
             message, self->send_errors, g_strerror (error));
}

/* ---- STATUS= ------------------------------------------------------------------ */

char *
vigil_sd_notify_format_status (GPtrArray *instances)
{
  static const VigilVrrpState order[] = {
    VIGIL_VRRP_STATE_MASTER, VIGIL_VRRP_STATE_BACKUP, VIGIL_VRRP_STATE_FAULT,
    VIGIL_VRRP_STATE_INIT, VIGIL_VRRP_STATE_STOP,
  };
  guint counts[VIGIL_VRRP_N_STATES] = { 0 };
  guint n = instances != NULL ? instances->len : 0;
  GString *text;
  const char *sep = ": ";

  if (n == 0)
    return g_strdup (_("no VRRP instances"));
  for (guint i = 0; i < n; i++)
    counts[vigil_vrrp_instance_get_state (g_ptr_array_index (instances, i))]++;
  text = g_string_new (NULL);
  g_string_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u VRRP instance", "%u VRRP instances", n), n);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      if (counts[order[i]] == 0)
        continue;
      g_string_append_printf (text, "%s%u %s", sep, counts[order[i]],
                              vigil_vrrp_state_to_string (order[i]));
      sep = ", ";
    }
  return g_string_free (text, FALSE);
}

/* Send STATUS= if it changed since the last one; with `prefix` ("READY=1")
 * always, in the same datagram. */
static void
update_status (VigilSdNotify *self, const char *prefix)
{
  g_autofree char *status = NULL;
  g_autofree char *message = NULL;

  if (!self->enabled || !self->ready || self->stopping)
    return;
  status = vigil_sd_notify_format_status (vigil_daemon_get_vrrp_instances (self->daemon));
  if (self->reload_refused)
    {
      char *with_note = g_strdup_printf (_("%s; the last reload was refused"), status);
      g_free (status);
      status = with_note;
    }
  if (prefix == NULL && g_strcmp0 (status, self->status) == 0)
    return;
  message = g_strdup_printf ("%s%sSTATUS=%s", prefix != NULL ? prefix : "",
                             prefix != NULL ? "\n" : "", status);
  send_message (self, message);
  g_free (self->status);
  self->status = g_steal_pointer (&status);
}

static void
on_instance_state (GObject *instance, GParamSpec *pspec, gpointer user_data)
{
  update_status (user_data, NULL);
}

static void
unwatch_instance (gpointer data, gpointer user_data)
{
  g_signal_handlers_disconnect_by_data (data, user_data);
}

/* Watch the state of the daemon's current instances (again). The old ones
 * are referenced until now, so disconnecting from them is always safe. */
static void
watch_instances (VigilSdNotify *self)
{
  GPtrArray *current = vigil_daemon_get_vrrp_instances (self->daemon);

  g_ptr_array_foreach (self->instances, unwatch_instance, self);
  g_ptr_array_set_size (self->instances, 0);
  for (guint i = 0; current != NULL && i < current->len; i++)
    {
      GObject *instance = g_ptr_array_index (current, i);
      g_signal_connect (instance, "notify::state", G_CALLBACK (on_instance_state), self);
      g_ptr_array_add (self->instances, g_object_ref (instance));
    }
}

static void
on_instances_changed (VigilDaemon *daemon, gpointer user_data)
{
  VigilSdNotify *self = user_data;

  watch_instances (self);
  update_status (self, NULL);
}

static void
on_reloaded (VigilDaemon *daemon, gboolean success, const char *message, gpointer user_data)
{
  VigilSdNotify *self = user_data;

  /* READY=1 either way: a refused config leaves the old one running. */
  self->reload_refused = !success;
  update_status (self, "READY=1");
}

/* ---- watchdog ------------------------------------------------------------------ */

static gboolean
on_watchdog (gpointer user_data)
{
  send_message (user_data, "WATCHDOG=1");
  return G_SOURCE_CONTINUE;
}

/* ---- public ------------------------------------------------------------------- */

VigilSdNotify *
vigil_sd_notify_new (VigilDaemon *daemon)
{
  VigilSdNotify *self;

  g_return_val_if_fail (VIGIL_IS_DAEMON (daemon), NULL);
  self = g_new0 (VigilSdNotify, 1);
  self->daemon = daemon;
  self->instances = g_ptr_array_new_with_free_func (g_object_unref);
#if !HAVE_SYSTEMD
  self->fd = -1;
#endif
  if (g_getenv ("NOTIFY_SOCKET") == NULL || !open_socket (self))
    return self;
  self->enabled = TRUE;
  self->watchdog_usec = watchdog_from_environment ();
  self->daemon_handlers[0] = g_signal_connect (daemon, "vrrp-instances-changed",
                                               G_CALLBACK (on_instances_changed), self);
  self->daemon_handlers[1] = g_signal_connect (daemon, "reloaded", G_CALLBACK (on_reloaded), self);
  watch_instances (self);
  return self;
}

void
vigil_sd_notify_free (VigilSdNotify *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (self->daemon_handlers); i++)
    g_clear_signal_handler (&self->daemon_handlers[i], self->daemon);
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  g_ptr_array_foreach (self->instances, unwatch_instance, self);
  g_ptr_array_unref (self->instances);
#if !HAVE_SYSTEMD
  if (self->fd >= 0)
    close (self->fd);
#endif
  g_free (self->status);
  g_free (self);
}

void
vigil_sd_notify_ready (VigilSdNotify *self)
{
  guint interval_ms;

  g_return_if_fail (self != NULL);
  if (!self->enabled)
    return;
  self->ready = TRUE;
  update_status (self, "READY=1");
  if (self->watchdog_usec == 0 || self->watchdog_id != 0)
    return;
  /* Half the interval, as sd_watchdog_enabled(3) advises: one late ping
   * is not yet a missed deadline. A GLib timeout on the main loop, so the
   * pings stop when the loop is stuck. */
  interval_ms = (guint) MAX (self->watchdog_usec / 2000, 1);
  self->watchdog_id = g_timeout_add (interval_ms, on_watchdog, self);
  g_debug ("watchdog: WATCHDOG=1 every %u ms", interval_ms);
  send_message (self, "WATCHDOG=1");
}

void
vigil_sd_notify_reloading (VigilSdNotify *self)
{
  g_autofree char *message = NULL;

  if (self == NULL || !self->enabled || self->stopping)
    return;
  /* MONOTONIC_USEC: CLOCK_MONOTONIC, which g_get_monotonic_time () reads. */
  message = g_strdup_printf ("RELOADING=1\nMONOTONIC_USEC=%" G_GINT64_FORMAT "\nSTATUS=%s",
                             g_get_monotonic_time (), _("reloading the configuration"));
  send_message (self, message);
  g_clear_pointer (&self->status, g_free);
}

void
vigil_sd_notify_stopping (VigilSdNotify *self)
{
  g_autofree char *message = NULL;

  if (self == NULL || !self->enabled || self->stopping)
    return;
  message = g_strdup_printf ("STOPPING=1\nSTATUS=%s", _("stopping"));
  send_message (self, message);
  self->stopping = TRUE;
}

gboolean
vigil_sd_notify_is_enabled (VigilSdNotify *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->enabled;
}

guint64
vigil_sd_notify_get_watchdog_usec (VigilSdNotify *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->watchdog_usec;
}
