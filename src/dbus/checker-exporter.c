/* checker-exporter.c - org.vigil.Vigil1.Checker for a VigilChecker
 *
 * Everything is copied from the checker after each attempt ("checked"):
 * the skeleton sends PropertiesChanged for Up, LastError and LastCheck
 * when they differ, and the counters (EmitsChangedSignal false) are just
 * kept current for Get/GetAll.
 */
#define G_LOG_DOMAIN "vigil-dbus"

#include "dbus/checker-exporter.h"
#include "dbus/dbus-auth.h"
#include "i18n.h"

struct _VigilCheckerExporter {
  VigilDbusCheckerSkeleton parent_instance;

  VigilChecker *checker;         /* NULL once detached */
  gulong checked_id;
  gulong state_changed_id;
};

static void vigil_checker_exporter_iface_init (VigilDbusCheckerIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilCheckerExporter, vigil_checker_exporter,
                               VIGIL_TYPE_DBUS_CHECKER_SKELETON,
                               G_IMPLEMENT_INTERFACE (VIGIL_TYPE_DBUS_CHECKER,
                                                      vigil_checker_exporter_iface_init))

static void
refresh (VigilCheckerExporter *self)
{
  VigilDbusChecker *iface = VIGIL_DBUS_CHECKER (self);
  VigilChecker *c = self->checker;

  if (c == NULL)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  vigil_dbus_checker_set_up (iface, vigil_checker_is_up (c));
  vigil_dbus_checker_set_last_error (iface, vigil_checker_get_last_error (c));
  vigil_dbus_checker_set_last_check (iface, (guint64) MAX (vigil_checker_get_last_check_time (c), 0));
  vigil_dbus_checker_set_checks (iface, vigil_checker_get_checks (c));
  vigil_dbus_checker_set_failures (iface, vigil_checker_get_failures (c));
  vigil_dbus_checker_set_up_count (iface, vigil_checker_get_up_count (c));
  vigil_dbus_checker_set_down_count (iface, vigil_checker_get_down_count (c));
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_checked (VigilChecker *checker, gboolean ok, gpointer user_data)
{
  refresh (user_data);
}

static void
on_state_changed (VigilChecker *checker, gboolean up, const char *reason, gpointer user_data)
{
  refresh (user_data);
}

static void
do_check_now (gpointer target, GDBusMethodInvocation *invocation)
{
  VigilCheckerExporter *self = target;

  if (self->checker == NULL)
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT,
                                             _("the checker %s is gone (reloaded away)"),
                                             vigil_dbus_checker_get_label (VIGIL_DBUS_CHECKER (self)));
      return;
    }
  vigil_checker_check_now (self->checker);
  vigil_dbus_checker_complete_check_now (VIGIL_DBUS_CHECKER (self), invocation);
}

static gboolean
handle_check_now (VigilDbusChecker *object, GDBusMethodInvocation *invocation)
{
  vigil_dbus_authorize (object, invocation, "CheckNow", do_check_now);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
vigil_checker_exporter_iface_init (VigilDbusCheckerIface *iface)
{
  iface->handle_check_now = handle_check_now;
}

VigilCheckerExporter *
vigil_checker_exporter_new (VigilChecker *checker)
{
  VigilCheckerExporter *self;

  g_return_val_if_fail (VIGIL_IS_CHECKER (checker), NULL);
  self = g_object_new (VIGIL_TYPE_CHECKER_EXPORTER, NULL);
  self->checker = g_object_ref (checker);
  vigil_dbus_checker_set_type_ (VIGIL_DBUS_CHECKER (self), vigil_checker_get_type_name (checker));
  vigil_dbus_checker_set_label (VIGIL_DBUS_CHECKER (self), vigil_checker_get_label (checker));
  refresh (self);
  self->checked_id = g_signal_connect (checker, "checked", G_CALLBACK (on_checked), self);
  self->state_changed_id = g_signal_connect (checker, "state-changed",
                                             G_CALLBACK (on_state_changed), self);
  return self;
}

VigilChecker *
vigil_checker_exporter_get_checker (VigilCheckerExporter *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECKER_EXPORTER (self), NULL);
  return self->checker;
}

void
vigil_checker_exporter_detach (VigilCheckerExporter *self)
{
  g_return_if_fail (VIGIL_IS_CHECKER_EXPORTER (self));
  if (self->checker == NULL)
    return;
  g_clear_signal_handler (&self->checked_id, self->checker);
  g_clear_signal_handler (&self->state_changed_id, self->checker);
  g_clear_object (&self->checker);
}

static void
vigil_checker_exporter_dispose (GObject *object)
{
  vigil_checker_exporter_detach (VIGIL_CHECKER_EXPORTER (object));
  G_OBJECT_CLASS (vigil_checker_exporter_parent_class)->dispose (object);
}

static void
vigil_checker_exporter_class_init (VigilCheckerExporterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigil_checker_exporter_dispose;
}

static void
vigil_checker_exporter_init (VigilCheckerExporter *self)
{
}
