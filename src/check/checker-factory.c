/* checker-factory.c - vigil_checker_new(): the subclass a config names */
#define G_LOG_DOMAIN "vigil-check"

#include "check/checker.h"
#include "check/dns-checker.h"
#include "check/file-checker.h"
#include "check/misc-checker.h"
#include "check/ping-checker.h"
#include "check/smtp-checker.h"
#include "check/tcp-checker.h"
#include "check/udp-checker.h"
#include "check/http-checker.h"
#include "i18n.h"

/* The GType implementing `type`, or 0 when vigil has none. */
static GType
checker_gtype_for (VigilConfCheckerType type)
{
  switch (type)
    {
    case VIGIL_CONF_CHECKER_TCP: return VIGIL_TYPE_TCP_CHECKER;
    case VIGIL_CONF_CHECKER_SMTP: return VIGIL_TYPE_SMTP_CHECKER;
    case VIGIL_CONF_CHECKER_DNS: return VIGIL_TYPE_DNS_CHECKER;
    case VIGIL_CONF_CHECKER_UDP: return VIGIL_TYPE_UDP_CHECKER;
    case VIGIL_CONF_CHECKER_HTTP:
    case VIGIL_CONF_CHECKER_SSL:
      return VIGIL_TYPE_HTTP_CHECKER;
    case VIGIL_CONF_CHECKER_PING: return VIGIL_TYPE_PING_CHECKER;
    case VIGIL_CONF_CHECKER_MISC: return VIGIL_TYPE_MISC_CHECKER;
    case VIGIL_CONF_CHECKER_FILE: return VIGIL_TYPE_FILE_CHECKER;
    default:
      return 0;
    }
}

VigilChecker *
vigil_checker_new (const VigilConfChecker *conf, const VigilCheckerTarget *target,
                   GError **error)
{
  GType gtype;

  g_return_val_if_fail (conf != NULL, NULL);
  g_return_val_if_fail (target != NULL, NULL);

  gtype = checker_gtype_for (conf->type);
  if (gtype == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s is not implemented by vigil; the real server is treated as having no such checker"),
                   vigil_conf_checker_type_to_string (conf->type));
      return NULL;
    }
  return g_object_new (gtype, "conf", conf, "target", target, NULL);
}
