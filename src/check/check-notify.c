/* check-notify.c - notify scripts and FIFO lines for virtual and real
 * servers (see check-notify.h) */
#define G_LOG_DOMAIN "vigil-check"

#include "check/check-notify.h"
#include "i18n.h"
#include "notify/notify-fifo.h"
#include "notify/notify-format.h"
#include "notify/script-runner.h"
#include "notify/script-security.h"

/* How long disposing waits for queued scripts (vigild stopping). */
#define SHUTDOWN_TIMEOUT (12 * G_USEC_PER_SEC)

/* A script that passed keepalived's checks: argv[0] is what runs. */
typedef struct {
  GStrv argv;                   /* NULL: refused (logged once) */
  VigilScriptUser user;
} ResolvedScript;

struct _VigilCheckNotify
{
  GObject parent_instance;

  VigilNotifier *notifier;      /* not a ref: the daemon owns both */
  char *runtime_path;
  const VigilConfig *config;
  VigilNotifyFifo *lvs_fifo;    /* lvs_notify_fifo when not notify_fifo */
  char *lvs_fifo_key;
  GHashTable *scripts;          /* const VigilConfScript* -> ResolvedScript* */
  GHashTable *runners;          /* VS name -> VigilScriptRunner* */
  GHashTable *watched;          /* VigilVirtualServer* (ref) */
};

G_DEFINE_FINAL_TYPE (VigilCheckNotify, vigil_check_notify, G_TYPE_OBJECT)

static void
resolved_script_free (ResolvedScript *script)
{
  g_strfreev (script->argv);
  vigil_script_user_clear (&script->user);
  g_free (script);
}

char *
vigil_check_notify_format_vs_line (const char *vs, gboolean up)
{
  return g_strdup_printf ("VS %s %s\n", vs, up ? "UP" : "DOWN");
}

char *
vigil_check_notify_format_rs_line (const char *rs, const char *vs, gboolean up)
{
  return g_strdup_printf ("RS %s %s %s\n", rs, vs, up ? "UP" : "DOWN");
}

/* ---- scripts -------------------------------------------------------------- */

/* Resolve once per config: keepalived's user and security rules; a
 * refused script is logged (naming its owner and keyword) and skipped. */
static const ResolvedScript *
resolve (VigilCheckNotify *self, const VigilConfScript *conf, const char *owner,
         const char *keyword)
{
  const VigilConfGlobal *global = &self->config->global;
  ResolvedScript *script = g_hash_table_lookup (self->scripts, conf);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *warning = NULL;
  gboolean ok;

  if (script != NULL)
    return script;
  script = g_new0 (ResolvedScript, 1);
  g_hash_table_insert (self->scripts, (gpointer) conf, script);
  if (conf->user != NULL)
    ok = vigil_script_user_resolve (conf->user, conf->group, FALSE, &script->user, &error);
  else
    ok = vigil_script_user_resolve (global->script_user, global->script_group,
                                    global->enable_script_security, &script->user, &error);
  if (ok)
    ok = vigil_script_check (conf->argv[0], &script->user, global->enable_script_security,
                             &path, &warning, &error);
  if (!ok)
    {
      g_warning (_("%s: %s %s will not run: %s (%s:%u)"), owner, keyword, conf->argv[0],
                 error->message, conf->loc.file != NULL ? conf->loc.file : "?", conf->loc.line);
      return script;
    }
  if (warning != NULL)
    g_warning ("%s: %s: %s", owner, keyword, warning);
  script->argv = g_strdupv (conf->argv);
  g_free (script->argv[0]);
  script->argv[0] = g_steal_pointer (&path);
  return script;
}

static void
run_script (VigilCheckNotify *self, VigilVirtualServer *vs, const VigilConfScript *conf,
            const char *keyword)
{
  const char *owner = vigil_virtual_server_get_name (vs);
  const ResolvedScript *script;
  VigilScriptRunner *runner;

  if (conf == NULL || conf->argv == NULL || conf->argv[0] == NULL || self->config == NULL)
    return;
  script = resolve (self, conf, owner, keyword);
  if (script->argv == NULL)
    return;
  runner = g_hash_table_lookup (self->runners, owner);
  if (runner == NULL)
    {
      runner = vigil_script_runner_new (owner, VIGIL_NOTIFY_SCRIPT_TIMEOUT);
      g_hash_table_insert (self->runners, g_strdup (owner), runner);
    }
  vigil_script_runner_push (runner, keyword, (const char * const *) script->argv,
                            &script->user);
}

static void
write_fifos (VigilCheckNotify *self, const char *line)
{
  VigilNotifyFifo *global = self->notifier != NULL
                              ? vigil_notifier_get_notify_fifo (self->notifier) : NULL;

  if (global != NULL)
    vigil_notify_fifo_write (global, line);
  if (self->lvs_fifo != NULL)
    vigil_notify_fifo_write (self->lvs_fifo, line);
}

/* keepalived's order: the script, then the FIFO line. */
static void
on_quorum_changed (VigilVirtualServer *vs, gboolean up, gpointer user_data)
{
  VigilCheckNotify *self = user_data;
  const VigilConfVirtualServer *conf = vigil_virtual_server_get_conf (vs);
  g_autofree char *line = vigil_check_notify_format_vs_line (
    vigil_virtual_server_get_keepalived_name (vs), up);

  run_script (self, vs, up ? conf->quorum_up : conf->quorum_down,
              up ? "quorum_up" : "quorum_down");
  write_fifos (self, line);
}

static void
on_real_server_changed (VigilVirtualServer *vs, VigilRealServer *rs, gboolean up,
                        const char *reason, gpointer user_data)
{
  VigilCheckNotify *self = user_data;
  const VigilConfRealServer *conf = vigil_real_server_get_conf (rs);
  g_autofree char *rs_name = vigil_virtual_server_format_real_server (vs, rs);
  g_autofree char *line = vigil_check_notify_format_rs_line (
    rs_name, vigil_virtual_server_get_keepalived_name (vs), up);

  run_script (self, vs, up ? conf->notify_up : conf->notify_down,
              up ? "notify_up" : "notify_down");
  write_fifos (self, line);
}

/* ---- FIFO ------------------------------------------------------------------ */

static char *
full_path (VigilCheckNotify *self, const char *path)
{
  if (path == NULL)
    return NULL;
  return g_path_is_absolute (path) ? g_strdup (path)
                                   : g_build_filename (self->runtime_path, path, NULL);
}

static void
sync_lvs_fifo (VigilCheckNotify *self)
{
  const VigilConfGlobal *global = &self->config->global;
  g_autofree char *lvs = full_path (self, global->lvs_notify_fifo);
  g_autofree char *main_fifo = full_path (self, global->notify_fifo);
  const VigilConfScript *script = global->lvs_notify_fifo_script;
  g_autofree char *args = script != NULL && script->argv != NULL
                            ? g_strjoinv ("\x1f", script->argv) : NULL;
  g_autofree char *key = g_strdup_printf ("%s\x1e%s\x1e%s", lvs != NULL ? lvs : "",
                                          args != NULL ? args : "",
                                          script != NULL && script->user != NULL
                                            ? script->user : "");
  g_autoptr(GError) error = NULL;
  const ResolvedScript *resolved = NULL;

  if (g_strcmp0 (key, self->lvs_fifo_key) == 0)
    return;
  g_clear_pointer (&self->lvs_fifo, vigil_notify_fifo_close);
  g_free (self->lvs_fifo_key);
  self->lvs_fifo_key = g_steal_pointer (&key);
  /* The same file as notify_fifo: the VRRP notifier writes it. */
  if (lvs == NULL || g_strcmp0 (lvs, main_fifo) == 0)
    return;
  if (script != NULL && script->argv != NULL && script->argv[0] != NULL)
    resolved = resolve (self, script, lvs, "lvs_notify_fifo_script");
  self->lvs_fifo = vigil_notify_fifo_open (
    lvs, resolved != NULL && resolved->argv != NULL ? (const char * const *) resolved->argv : NULL,
    resolved != NULL && resolved->argv != NULL ? &resolved->user : NULL, &error);
  if (self->lvs_fifo == NULL)
    g_warning ("%s", error->message);
  else
    g_message (_("writing checker notifications to FIFO %s"), lvs);
}

/* ---- public ---------------------------------------------------------------- */

VigilCheckNotify *
vigil_check_notify_new (VigilNotifier *notifier, const char *runtime_path)
{
  VigilCheckNotify *self = g_object_new (VIGIL_TYPE_CHECK_NOTIFY, NULL);

  self->notifier = notifier;
  self->runtime_path = g_strdup (runtime_path != NULL ? runtime_path : "/run/vigil");
  return self;
}

void
vigil_check_notify_set_config (VigilCheckNotify *self, const VigilConfig *config)
{
  g_return_if_fail (VIGIL_IS_CHECK_NOTIFY (self));
  self->config = config;
  /* Script paths point into the config: resolve them anew. */
  g_hash_table_remove_all (self->scripts);
  sync_lvs_fifo (self);
}

void
vigil_check_notify_watch (VigilCheckNotify *self, VigilVirtualServer *vs)
{
  g_return_if_fail (VIGIL_IS_CHECK_NOTIFY (self));
  if (g_hash_table_contains (self->watched, vs))
    return;
  g_hash_table_add (self->watched, g_object_ref (vs));
  g_signal_connect (vs, "quorum-changed", G_CALLBACK (on_quorum_changed), self);
  g_signal_connect (vs, "real-server-changed", G_CALLBACK (on_real_server_changed), self);
}

void
vigil_check_notify_unwatch (VigilCheckNotify *self, VigilVirtualServer *vs)
{
  g_return_if_fail (VIGIL_IS_CHECK_NOTIFY (self));
  g_hash_table_remove (self->watched, vs);
}

static void
unwatch_one (gpointer data)
{
  VigilVirtualServer *vs = data;

  g_signal_handlers_disconnect_matched (vs, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        on_quorum_changed, NULL);
  g_signal_handlers_disconnect_matched (vs, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        on_real_server_changed, NULL);
  g_object_unref (vs);
}

/* ---- stopping ------------------------------------------------------------------ */

/* vigild stops: let queued scripts finish, bounded. */
static void
flush (VigilCheckNotify *self)
{
  vigil_script_runners_flush (self->runners, SHUTDOWN_TIMEOUT, _("checker notify scripts"));
}

static void
vigil_check_notify_dispose (GObject *object)
{
  VigilCheckNotify *self = VIGIL_CHECK_NOTIFY (object);

  g_hash_table_remove_all (self->watched);
  flush (self);
  g_hash_table_remove_all (self->runners);
  g_clear_pointer (&self->lvs_fifo, vigil_notify_fifo_close);
  self->notifier = NULL;
  G_OBJECT_CLASS (vigil_check_notify_parent_class)->dispose (object);
}

static void
vigil_check_notify_finalize (GObject *object)
{
  VigilCheckNotify *self = VIGIL_CHECK_NOTIFY (object);

  g_hash_table_unref (self->watched);
  g_hash_table_unref (self->runners);
  g_hash_table_unref (self->scripts);
  g_free (self->lvs_fifo_key);
  g_free (self->runtime_path);
  G_OBJECT_CLASS (vigil_check_notify_parent_class)->finalize (object);
}

static void
vigil_check_notify_class_init (VigilCheckNotifyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_check_notify_dispose;
  object_class->finalize = vigil_check_notify_finalize;
}

static void
vigil_check_notify_init (VigilCheckNotify *self)
{
  self->scripts = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) resolved_script_free);
  self->runners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->watched = g_hash_table_new_full (NULL, NULL, unwatch_one, NULL);
}
