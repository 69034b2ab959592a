/* check-manager.c - VigilCheckManager, the daemon's virtual servers */
#define G_LOG_DOMAIN "vigil-check"

#include "check/check-manager.h"
#include "check/check-notify.h"
#include "i18n.h"

#include <string.h>
#include <time.h>

/* CPU time of this thread, µs: the cost of an apply whatever the load. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

struct _VigilCheckManager
{
  GObject parent_instance;

  char *runtime_path;
  VigilTimerQueue *timers;        /* the daemon's */
  VigilCheckNotify *notify;
  VigilLbBackend *backend;        /* created with the first virtual server */
  gboolean backend_tried;
  char *backend_choice;           /* lb_backend as configured when created */
  GPtrArray *virtual_servers;     /* VigilVirtualServer*, owned */
  const VigilConfig *config;
};

G_DEFINE_FINAL_TYPE (VigilCheckManager, vigil_check_manager, G_TYPE_OBJECT)

VigilCheckManager *
vigil_check_manager_new (const char *runtime_path, VigilNotifier *notifier,
                         VigilTimerQueue *timers)
{
  VigilCheckManager *self = g_object_new (VIGIL_TYPE_CHECK_MANAGER, NULL);

  self->timers = timers;
  self->runtime_path = g_strdup (runtime_path);
  self->notify = vigil_check_notify_new (notifier, runtime_path);
  return self;
}

/* The backend, made once, when a virtual server first needs it. */
static void
ensure_backend (VigilCheckManager *self, const VigilConfig *config)
{
  const char *asked = config->global.lb_backend;
  g_autoptr(GError) error = NULL;

  if (self->backend_tried)
    {
      if (g_strcmp0 (asked, self->backend_choice) != 0)
        g_warning (_("lb_backend changed from %s to %s: the load balancer stays %s until "
                     "vigild restarts"), self->backend_choice ? self->backend_choice : "(default)",
                   asked ? asked : "(default)",
                   self->backend ? vigil_lb_backend_get_name (self->backend) : "none");
      return;
    }
  self->backend_tried = TRUE;
  self->backend_choice = g_strdup (asked);
  self->backend = vigil_lb_backend_new_for_config (config, self->runtime_path, &error);
  if (self->backend == NULL)
    {
      g_warning (_("virtual servers run without a load balancer (checkers, scripts, FIFO "
                   "and D-Bus only): %s"), error->message);
      return;
    }
  if (asked != NULL)
    g_message (_("virtual servers use the %s load balancer (lb_backend %s)"),
               vigil_lb_backend_get_name (self->backend), asked);
  else
    g_message (_("virtual servers use the %s load balancer (the default: IPVS when the kernel "
                 "has it, else nftables)"), vigil_lb_backend_get_name (self->backend));
}

static VigilVirtualServer *
take_virtual_server (GPtrArray *list, const char *key)
{
  for (guint i = 0; i < list->len; i++)
    {
      VigilVirtualServer *vs = g_ptr_array_index (list, i);
      if (vs != NULL && strcmp (vigil_virtual_server_get_key (vs), key) == 0)
        {
          list->pdata[i] = NULL;
          return vs;
        }
    }
  return NULL;
}

gboolean
vigil_check_manager_apply (VigilCheckManager *self, const VigilConfig *config,
                           VigilCheckApplyStats *stats)
{
  g_autoptr(GPtrArray) old = NULL;
  g_autoptr(GPtrArray) to_start = g_ptr_array_new ();
  VigilCheckApplyStats local = { 0 };
  gint64 started = g_get_monotonic_time ();
  gint64 cpu_started = thread_cpu_us ();

  g_return_val_if_fail (VIGIL_IS_CHECK_MANAGER (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);
  if (stats == NULL)
    stats = &local;
  memset (stats, 0, sizeof *stats);
  vigil_check_notify_set_config (self->notify, config);
  if (config->virtual_servers->len > 0)
    ensure_backend (self, config);
  self->config = config;

  /* `old` keeps the references: each entry is either moved to the new
   * list (and NULLed) or unreferenced below. */
  old = g_steal_pointer (&self->virtual_servers);
  g_ptr_array_set_free_func (old, NULL);
  self->virtual_servers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < config->virtual_servers->len; i++)
    {
      const VigilConfVirtualServer *conf = g_ptr_array_index (config->virtual_servers, i);
      g_autofree char *key = vigil_virtual_server_key_for_conf (conf);
      VigilVirtualServer *vs = take_virtual_server (old, key);

      if (vs != NULL)
        {
          vigil_virtual_server_update (vs, conf, config, stats);
          stats->vs_kept++;
        }
      else
        {
          vs = vigil_virtual_server_new_full (conf, config, self->backend, self->timers);
          vigil_check_notify_watch (self->notify, vs);
          g_ptr_array_add (to_start, vs);
          stats->vs_added++;
        }
      g_ptr_array_add (self->virtual_servers, vs);
    }
  /* Removed ones leave before new ones start, so a service that moved
   * between keys is not programmed twice. */
  for (guint i = 0; i < old->len; i++)
    {
      VigilVirtualServer *vs = g_ptr_array_index (old, i);
      if (vs == NULL)
        continue;
      vigil_virtual_server_retire (vs);
      vigil_check_notify_unwatch (self->notify, vs);
      g_object_unref (vs);
      stats->vs_removed++;
    }
  for (guint i = 0; i < to_start->len; i++)
    vigil_virtual_server_start (g_ptr_array_index (to_start, i));
  /* Scripts resolved while the old config was still referenced go. */
  vigil_check_notify_set_config (self->notify, config);
  g_debug ("virtual servers applied in %" G_GINT64_FORMAT " us (CPU %" G_GINT64_FORMAT " us)",
           g_get_monotonic_time () - started, thread_cpu_us () - cpu_started);
  return stats->vs_added + stats->vs_removed + stats->rs_added + stats->rs_removed > 0;
}

void
vigil_check_manager_stop (VigilCheckManager *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VIGIL_IS_CHECK_MANAGER (self));
  for (guint i = 0; self->virtual_servers != NULL && i < self->virtual_servers->len; i++)
    vigil_virtual_server_stop (g_ptr_array_index (self->virtual_servers, i));
  /* Whatever a failed removal left goes too. */
  if (self->backend != NULL && !vigil_lb_backend_flush (self->backend, &error))
    g_warning (_("cannot remove what the %s load balancer added: %s"),
               vigil_lb_backend_get_name (self->backend), error->message);
}

GPtrArray *
vigil_check_manager_get_virtual_servers (VigilCheckManager *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECK_MANAGER (self), NULL);
  return self->virtual_servers;
}

VigilLbBackend *
vigil_check_manager_get_backend (VigilCheckManager *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECK_MANAGER (self), NULL);
  return self->backend;
}

static void
vigil_check_manager_dispose (GObject *object)
{
  VigilCheckManager *self = VIGIL_CHECK_MANAGER (object);

  if (self->virtual_servers != NULL)
    {
      vigil_check_manager_stop (self);
      for (guint i = 0; i < self->virtual_servers->len; i++)
        vigil_check_notify_unwatch (self->notify, g_ptr_array_index (self->virtual_servers, i));
      g_ptr_array_set_size (self->virtual_servers, 0);
    }
  g_clear_object (&self->notify);
  g_clear_object (&self->backend);
  G_OBJECT_CLASS (vigil_check_manager_parent_class)->dispose (object);
}

static void
vigil_check_manager_finalize (GObject *object)
{
  VigilCheckManager *self = VIGIL_CHECK_MANAGER (object);

  g_ptr_array_unref (self->virtual_servers);
  g_free (self->runtime_path);
  g_free (self->backend_choice);
  G_OBJECT_CLASS (vigil_check_manager_parent_class)->finalize (object);
}

static void
vigil_check_manager_class_init (VigilCheckManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_check_manager_dispose;
  object_class->finalize = vigil_check_manager_finalize;
}

static void
vigil_check_manager_init (VigilCheckManager *self)
{
  self->virtual_servers = g_ptr_array_new_with_free_func (g_object_unref);
}
