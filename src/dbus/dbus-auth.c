/* dbus-auth.c - who may call vigild's methods that change anything */
#define G_LOG_DOMAIN "vigil-dbus"

#include "dbus/dbus-auth.h"
#include "daemon/error.h"
#include "dbus/dbus-names.h"
#include "i18n.h"

typedef struct {
  GObject *target;
  GDBusMethodInvocation *invocation;
  char *action;
  VigilDbusAuthorizedFunc func;
} AuthRequest;

static void
auth_request_free (AuthRequest *request)
{
  g_clear_object (&request->target);
  g_clear_object (&request->invocation);
  g_free (request->action);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuthRequest, auth_request_free)

static void
on_unix_user (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(AuthRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  const char *sender = g_dbus_method_invocation_get_sender (request->invocation);
  guint32 uid;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      g_dbus_method_invocation_return_error (request->invocation, G_DBUS_ERROR,
                                             G_DBUS_ERROR_ACCESS_DENIED,
                                             _("%s: cannot tell who the caller %s is: %s"),
                                             request->action, sender, error->message);
      return;
    }
  g_variant_get (reply, "(u)", &uid);
  if (uid != 0)
    {
      g_message (_("refused %s to %s (uid %u): only root may change vigild"),
                 request->action, sender, uid);
      g_dbus_method_invocation_return_error (request->invocation, G_DBUS_ERROR,
                                             G_DBUS_ERROR_ACCESS_DENIED,
                                             _("%s is for root only (the caller's uid is %u)"),
                                             request->action, uid);
      return;
    }
  g_debug ("%s by %s (root)", request->action, sender);
  request->func (request->target, request->invocation);
}

void
vigil_dbus_authorize (gpointer target, GDBusMethodInvocation *invocation, const char *action,
                      VigilDbusAuthorizedFunc func)
{
  AuthRequest *request;
  const char *sender;

  g_return_if_fail (G_IS_OBJECT (target));
  g_return_if_fail (G_IS_DBUS_METHOD_INVOCATION (invocation));
  g_return_if_fail (func != NULL);

  sender = g_dbus_method_invocation_get_sender (invocation);
  if (sender == NULL)
    {
      /* Only a message bus tells us who is calling. */
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED,
                                             _("%s: the caller is unknown"), action);
      return;
    }
  request = g_new0 (AuthRequest, 1);
  request->target = g_object_ref (target);
  request->invocation = g_object_ref (invocation);
  request->action = g_strdup (action);
  request->func = func;
  g_dbus_connection_call (g_dbus_method_invocation_get_connection (invocation),
                          "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "GetConnectionUnixUser",
                          g_variant_new ("(s)", sender), G_VARIANT_TYPE ("(u)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_unix_user, request);
}

void
vigil_dbus_error_register (void)
{
  static const GDBusErrorEntry entries[] = {
    { VIGIL_ERROR_FAILED, VIGIL_DBUS_ERROR_FAILED },
    { VIGIL_ERROR_CONFIG_INVALID, VIGIL_DBUS_ERROR_CONFIG_INVALID },
    { VIGIL_ERROR_ALREADY_RUNNING, VIGIL_DBUS_ERROR_ALREADY_RUNNING },
    { VIGIL_ERROR_NOT_FOUND, VIGIL_DBUS_ERROR_NOT_FOUND },
    { VIGIL_ERROR_PERMISSION_DENIED, VIGIL_DBUS_ERROR_PERMISSION_DENIED },
  };
  /* The registration is process-wide by GLib's design; this word only
   * records that it was done. */
  static gsize registered = 0;

  g_dbus_error_register_error_domain ("vigil-error-quark", &registered, entries,
                                      G_N_ELEMENTS (entries));
}
