/* ipvs-backend.c - VigilIpvsBackend (see ipvs-backend.h) */
#define G_LOG_DOMAIN "vigil-lb"

#include "lb/ipvs-backend.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <linux/ip_vs.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <string.h>
#include "daemon/error.h"
#include "i18n.h"

typedef struct nl_sock VigilNlSock;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilNlSock, nl_socket_free)
typedef struct nl_msg VigilNlMsg;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilNlMsg, nlmsg_free)

/* ---- pure part: which services, which messages ----------------------- */

static int
fwmark_family (const VigilLbService *service, const VigilLbEndpoint *endpoint)
{
  if (endpoint->family == AF_INET || endpoint->family == AF_INET6)
    return endpoint->family;
  for (guint i = 0; i < service->destinations->len; i++)
    {
      int family = g_array_index (service->destinations, VigilLbDestination, i).addr.family;
      if (family == AF_INET || family == AF_INET6)
        return family;
    }
  return AF_INET;
}

/* addr + 1, big-endian; FALSE on wrap-around */
static gboolean
next_address (VigilInetAddr *addr)
{
  for (gsize i = vigil_inet_addr_len (addr); i > 0; i--)
    if (++addr->u.bytes[i - 1] != 0)
      return TRUE;
  return FALSE;
}

GArray *
vigil_ipvs_service_ids (const VigilLbService *service, GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, TRUE, sizeof (VigilIpvsServiceId));

  g_return_val_if_fail (service != NULL, NULL);

  for (guint e = 0; e < service->endpoints->len; e++)
    {
      const VigilLbEndpoint *endpoint = &g_array_index (service->endpoints,
                                                        VigilLbEndpoint, e);
      VigilIpvsServiceId id = { 0 };
      VigilInetAddr addr;
      guint n = 0;

      if (endpoint->is_fwmark)
        {
          id.family = fwmark_family (service, endpoint);
          id.fwmark = endpoint->fwmark;
          g_array_append_val (ids, id);
          continue;
        }
      id.family = endpoint->addr.family;
      id.protocol = (guint16) service->protocol;
      id.port = endpoint->port;
      addr = endpoint->addr;
      for (;;)
        {
          if (++n > VIGIL_IPVS_MAX_RANGE)
            {
              g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED,
                           _("virtual server %s: an address range of more than %u "
                             "addresses"), service->key, VIGIL_IPVS_MAX_RANGE);
              return NULL;
            }
          id.addr = addr;
          g_array_append_val (ids, id);
          if (endpoint->addr_end.family != addr.family
              || vigil_inet_addr_compare (&addr, &endpoint->addr_end) >= 0
              || !next_address (&addr))
            break;
        }
    }
  return g_steal_pointer (&ids);
}

static void
put_addr (struct nl_msg *msg, int attr, const VigilInetAddr *addr)
{
  guint8 bytes[16] = { 0 };       /* union nf_inet_addr */

  memcpy (bytes, addr->u.bytes, vigil_inet_addr_len (addr));
  nla_put (msg, attr, sizeof bytes, bytes);
}

static void
put_service (struct nl_msg *msg, const VigilIpvsServiceId *id, const VigilLbService *service)
{
  struct nlattr *nest = nla_nest_start (msg, IPVS_CMD_ATTR_SERVICE);

  nla_put_u16 (msg, IPVS_SVC_ATTR_AF, (guint16) id->family);
  if (id->fwmark != 0)
    nla_put_u32 (msg, IPVS_SVC_ATTR_FWMARK, id->fwmark);
  else
    {
      nla_put_u16 (msg, IPVS_SVC_ATTR_PROTOCOL, id->protocol);
      put_addr (msg, IPVS_SVC_ATTR_ADDR, &id->addr);
      nla_put_u16 (msg, IPVS_SVC_ATTR_PORT, htons (id->port));
    }
  if (service != NULL)
    {
      struct ip_vs_flags flags = { 0, ~0u };
      guint32 netmask;

      if (service->persistence_timeout > 0)
        flags.flags |= IP_VS_SVC_F_PERSISTENT;
      if (service->ops)
        flags.flags |= IP_VS_SVC_F_ONEPACKET;
      flags.flags |= service->sched_flags & (IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2
                                             | IP_VS_SVC_F_SCHED3);
      /* IPv4: the client mask in network order; IPv6: a prefix length */
      if (id->family == AF_INET6)
        {
          netmask = 128;
          if (service->persistence_granularity.family == AF_INET6)
            {
              netmask = 0;
              for (guint i = 0; i < 16; i++)
                netmask += (guint32) __builtin_popcount (service->persistence_granularity.u.bytes[i]);
            }
        }
      else
        netmask = service->persistence_granularity.family == AF_INET
                  ? service->persistence_granularity.u.v4.s_addr : 0xffffffffu;
      nla_put_string (msg, IPVS_SVC_ATTR_SCHED_NAME,
                      service->scheduler != NULL ? service->scheduler : "wlc");
      nla_put (msg, IPVS_SVC_ATTR_FLAGS, sizeof flags, &flags);
      nla_put_u32 (msg, IPVS_SVC_ATTR_TIMEOUT, service->persistence_timeout);
      nla_put_u32 (msg, IPVS_SVC_ATTR_NETMASK, netmask);
    }
  nla_nest_end (msg, nest);
}

static guint32
forwarding_method (const VigilConfForwarding *forwarding)
{
  switch (forwarding->method)
    {
    case VIGIL_CONF_LVS_DR: return IP_VS_CONN_F_DROUTE;
    case VIGIL_CONF_LVS_TUN: return IP_VS_CONN_F_TUNNEL;
    case VIGIL_CONF_LVS_NAT:
    default: return IP_VS_CONN_F_MASQ;
    }
}

static void
put_destination (struct nl_msg *msg, const VigilIpvsServiceId *id,
                 const VigilLbDestination *destination, gboolean full)
{
  struct nlattr *nest = nla_nest_start (msg, IPVS_CMD_ATTR_DEST);
  guint16 port = destination->port != 0 ? destination->port : id->port;

  put_addr (msg, IPVS_DEST_ATTR_ADDR, &destination->addr);
  nla_put_u16 (msg, IPVS_DEST_ATTR_PORT, htons (port));
  nla_put_u16 (msg, IPVS_DEST_ATTR_ADDR_FAMILY, (guint16) destination->addr.family);
  if (full)
    {
      const VigilConfForwarding *fwd = &destination->forwarding;

      nla_put_u32 (msg, IPVS_DEST_ATTR_FWD_METHOD, forwarding_method (fwd));
      nla_put_u32 (msg, IPVS_DEST_ATTR_WEIGHT, destination->weight);
      nla_put_u32 (msg, IPVS_DEST_ATTR_U_THRESH, 0);
      nla_put_u32 (msg, IPVS_DEST_ATTR_L_THRESH, 0);
      if (fwd->method == VIGIL_CONF_LVS_TUN)
        {
          guint16 tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM;

          nla_put_u8 (msg, IPVS_DEST_ATTR_TUN_TYPE,
                      fwd->tun_type == VIGIL_CONF_TUN_GUE ? IP_VS_CONN_F_TUNNEL_TYPE_GUE
                      : fwd->tun_type == VIGIL_CONF_TUN_GRE ? IP_VS_CONN_F_TUNNEL_TYPE_GRE
                      : IP_VS_CONN_F_TUNNEL_TYPE_IPIP);
          if (fwd->tun_type == VIGIL_CONF_TUN_GUE)
            nla_put_u16 (msg, IPVS_DEST_ATTR_TUN_PORT, htons (fwd->tun_port));
          if (fwd->tun_csum == VIGIL_CONF_TUN_CSUM_CSUM)
            tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
          else if (fwd->tun_csum == VIGIL_CONF_TUN_CSUM_REMCSUM)
            tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM;
          nla_put_u16 (msg, IPVS_DEST_ATTR_TUN_FLAGS, tun_flags);
        }
    }
  nla_nest_end (msg, nest);
}

struct nl_msg *
vigil_ipvs_message_new (int genl_family, guint8 command, const VigilIpvsServiceId *id,
                        const VigilLbService *service, const VigilLbDestination *destination)
{
  struct nl_msg *msg = nlmsg_alloc ();

  g_return_val_if_fail (msg != NULL, NULL);
  genlmsg_put (msg, NL_AUTO_PORT, NL_AUTO_SEQ, genl_family, 0, NLM_F_REQUEST | NLM_F_ACK,
               command, IPVS_GENL_VERSION);
  switch (command)
    {
    case IPVS_CMD_NEW_SERVICE:
    case IPVS_CMD_SET_SERVICE:
      put_service (msg, id, service);
      break;
    case IPVS_CMD_DEL_SERVICE:
      put_service (msg, id, NULL);
      break;
    case IPVS_CMD_NEW_DEST:
    case IPVS_CMD_SET_DEST:
    case IPVS_CMD_DEL_DEST:
      put_service (msg, id, NULL);
      put_destination (msg, id, destination, command != IPVS_CMD_DEL_DEST);
      break;
    case IPVS_CMD_FLUSH:
    default:
      break;
    }
  return msg;
}

struct nl_msg *
vigil_ipvs_timeouts_message_new (int genl_family, guint tcp, guint tcpfin, guint udp)
{
  struct nl_msg *msg = nlmsg_alloc ();

  g_return_val_if_fail (msg != NULL, NULL);
  genlmsg_put (msg, NL_AUTO_PORT, NL_AUTO_SEQ, genl_family, 0, NLM_F_REQUEST | NLM_F_ACK,
               IPVS_CMD_SET_CONFIG, IPVS_GENL_VERSION);
  nla_put_u32 (msg, IPVS_CMD_ATTR_TIMEOUT_TCP, tcp);
  nla_put_u32 (msg, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, tcpfin);
  nla_put_u32 (msg, IPVS_CMD_ATTR_TIMEOUT_UDP, udp);
  return msg;
}

/* ---- the backend ------------------------------------------------------ */

struct _VigilIpvsBackend
{
  GObject parent_instance;

  VigilNlSock *sock;
  int family;                  /* generic netlink id of "IPVS" */
  char *ledger_path;           /* NULL: not recorded */
  gboolean flush_all_on_stop;
  GHashTable *services;        /* key -> GArray of VigilIpvsServiceId */
  GHashTable *destinations;    /* key -> GArray of VigilLbDestination */
};

static void vigil_ipvs_backend_iface_init (VigilLbBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilIpvsBackend, vigil_ipvs_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIGIL_TYPE_LB_BACKEND,
                                                      vigil_ipvs_backend_iface_init))

gboolean
vigil_ipvs_backend_kernel_has_ipvs (void)
{
  g_autoptr(VigilNlSock) sk = nl_socket_alloc ();
  int family;

  if (sk == NULL || genl_connect (sk) < 0)
    return FALSE;
  family = genl_ctrl_resolve (sk, IPVS_GENL_NAME);
  return family >= 0;
}

static char *
id_describe (const VigilIpvsServiceId *id)
{
  char text[VIGIL_INET_ADDR_STRLEN];

  if (id->fwmark != 0)
    return g_strdup_printf ("FWM %u", id->fwmark);
  vigil_inet_addr_to_string (&id->addr, text);
  return id->family == AF_INET6 ? g_strdup_printf ("[%s]:%u", text, id->port)
                                : g_strdup_printf ("%s:%u", text, id->port);
}

static gboolean
id_equal (const VigilIpvsServiceId *a, const VigilIpvsServiceId *b)
{
  return a->family == b->family && a->protocol == b->protocol && a->port == b->port
         && a->fwmark == b->fwmark
         && (a->fwmark != 0 || vigil_inet_addr_equal (&a->addr, &b->addr));
}

/* Send and wait for the kernel's answer; returns 0 or a negative libnl
 * error (-NLE_EXIST "already there", -NLE_OBJ_NOTFOUND "not there"), which
 * the callers use to fall back from NEW to SET and to accept "gone". */
static int
send_command (VigilIpvsBackend *self, guint8 command, const VigilIpvsServiceId *id,
              const VigilLbService *service, const VigilLbDestination *destination)
{
  g_autoptr(VigilNlMsg) msg = vigil_ipvs_message_new (self->family, command, id, service,
                                                      destination);
  int rc = nl_send_auto (self->sock, msg);

  if (rc < 0)
    return rc;
  return nl_wait_for_ack (self->sock);
}

static gboolean
command_failed (int rc, const char *what, const VigilIpvsServiceId *id, GError **error)
{
  g_autofree char *name = id != NULL ? id_describe (id) : g_strdup ("IPVS");

  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED, _("IPVS %s: %s failed: %s"), name,
               what, nl_geterror (rc));
  return FALSE;
}

static void
save_ledger (VigilIpvsBackend *self)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer value;

  if (self->ledger_path == NULL)
    return;
  if (g_hash_table_size (self->services) == 0)
    {
      if (g_unlink (self->ledger_path) < 0 && errno != ENOENT)
        g_warning (_("cannot remove %s: %s"), self->ledger_path, g_strerror (errno));
      return;
    }
  out = g_string_new ("# IPVS services vigild added, deleted at stop or next start\n");
  g_hash_table_iter_init (&iter, self->services);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GArray *ids = value;

      for (guint i = 0; i < ids->len; i++)
        {
          const VigilIpvsServiceId *id = &g_array_index (ids, VigilIpvsServiceId, i);
          char text[VIGIL_INET_ADDR_STRLEN];
          const char *family = id->family == AF_INET6 ? "inet6" : "inet";

          if (id->fwmark != 0)
            g_string_append_printf (out, "fwmark %s %u\n", family, id->fwmark);
          else
            g_string_append_printf (out, "%u %s %s %u\n", id->protocol, family,
                                    vigil_inet_addr_to_string (&id->addr, text), id->port);
        }
    }
  if (!g_file_set_contents (self->ledger_path, out->str, (gssize) out->len, &error))
    g_warning (_("cannot record the IPVS services: %s"), error->message);
}

static gboolean
parse_ledger_line (const char *line, VigilIpvsServiceId *id)
{
  g_auto(GStrv) words = g_strsplit (line, " ", -1);
  guint n = g_strv_length (words);
  guint64 value;

  memset (id, 0, sizeof *id);
  if (n < 3)
    return FALSE;
  id->family = strcmp (words[1], "inet6") == 0 ? AF_INET6
               : strcmp (words[1], "inet") == 0 ? AF_INET : AF_UNSPEC;
  if (id->family == AF_UNSPEC)
    return FALSE;
  if (n == 3 && strcmp (words[0], "fwmark") == 0)
    {
      if (!g_ascii_string_to_unsigned (words[2], 10, 1, G_MAXUINT32, &value, NULL))
        return FALSE;
      id->fwmark = (guint32) value;
      return TRUE;
    }
  if (n != 4 || !g_ascii_string_to_unsigned (words[0], 10, 1, 255, &value, NULL))
    return FALSE;
  id->protocol = (guint16) value;
  if (!vigil_inet_addr_parse (words[2], &id->addr) || id->addr.family != id->family
      || !g_ascii_string_to_unsigned (words[3], 10, 0, 65535, &value, NULL))
    return FALSE;
  id->port = (guint16) value;
  return TRUE;
}

/* Delete the services a previous run recorded (after a crash). */
static void
recover (VigilIpvsBackend *self)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (self->ledger_path == NULL
      || !g_file_get_contents (self->ledger_path, &contents, NULL, NULL))
    return;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);
      g_autofree char *name = NULL;
      VigilIpvsServiceId id;
      int rc;

      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (!parse_ledger_line (line, &id))
        {
          g_warning (_("%s:%u: ignoring malformed line '%s'"), self->ledger_path, i + 1, line);
          continue;
        }
      name = id_describe (&id);
      rc = send_command (self, IPVS_CMD_DEL_SERVICE, &id, NULL, NULL);
      if (rc == 0)
        g_message (_("IPVS %s: removed, a previous vigild left it behind"), name);
      else if (rc != -NLE_OBJ_NOTFOUND)
        g_warning (_("IPVS %s: cannot remove what a previous vigild left: %s"), name,
                   nl_geterror (rc));
    }
  if (g_unlink (self->ledger_path) < 0 && errno != ENOENT)
    g_warning (_("cannot remove %s: %s"), self->ledger_path, g_strerror (errno));
}

static gboolean
has_destination (GArray *destinations, const VigilLbDestination *d)
{
  for (guint i = 0; destinations != NULL && i < destinations->len; i++)
    {
      const VigilLbDestination *o = &g_array_index (destinations, VigilLbDestination, i);
      if (vigil_inet_addr_equal (&o->addr, &d->addr) && o->port == d->port)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_id (GArray *ids, const VigilIpvsServiceId *id)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (id_equal (&g_array_index (ids, VigilIpvsServiceId, i), id))
      return TRUE;
  return FALSE;
}

/* Make one IPVS service match `service`'s destinations. */
static gboolean
sync_service (VigilIpvsBackend *self, const VigilIpvsServiceId *id,
              const VigilLbService *service, GArray *old_destinations, gboolean existed,
              GError **error)
{
  int rc = send_command (self, existed ? IPVS_CMD_SET_SERVICE : IPVS_CMD_NEW_SERVICE, id,
                         service, NULL);

  if (rc == -NLE_EXIST || (rc == -NLE_OBJ_NOTFOUND && existed))
    rc = send_command (self, existed ? IPVS_CMD_NEW_SERVICE : IPVS_CMD_SET_SERVICE, id,
                       service, NULL);
  if (rc < 0)
    return command_failed (rc, existed ? "SET_SERVICE" : "NEW_SERVICE", id, error);

  for (guint i = 0; existed && old_destinations != NULL && i < old_destinations->len; i++)
    {
      const VigilLbDestination *d = &g_array_index (old_destinations, VigilLbDestination, i);

      if (has_destination (service->destinations, d))
        continue;
      rc = send_command (self, IPVS_CMD_DEL_DEST, id, NULL, d);
      if (rc < 0 && rc != -NLE_OBJ_NOTFOUND)
        return command_failed (rc, "DEL_DEST", id, error);
    }
  for (guint i = 0; i < service->destinations->len; i++)
    {
      const VigilLbDestination *d = &g_array_index (service->destinations,
                                                    VigilLbDestination, i);
      gboolean known = existed && has_destination (old_destinations, d);

      if (d->addr.family != id->family && d->forwarding.method != VIGIL_CONF_LVS_TUN)
        continue;
      rc = send_command (self, known ? IPVS_CMD_SET_DEST : IPVS_CMD_NEW_DEST, id, NULL, d);
      if (rc == -NLE_EXIST || (rc == -NLE_OBJ_NOTFOUND && known))
        rc = send_command (self, known ? IPVS_CMD_NEW_DEST : IPVS_CMD_SET_DEST, id, NULL, d);
      if (rc < 0)
        return command_failed (rc, known ? "SET_DEST" : "NEW_DEST", id, error);
    }
  return TRUE;
}

static const char *
ipvs_get_name (VigilLbBackend *backend)
{
  return "ipvs";
}

static gboolean
ipvs_set_service (VigilLbBackend *backend, const VigilLbService *service, GError **error)
{
  VigilIpvsBackend *self = VIGIL_IPVS_BACKEND (backend);
  GArray *old_ids = g_hash_table_lookup (self->services, service->key);
  GArray *old_destinations = g_hash_table_lookup (self->destinations, service->key);
  g_autoptr(GArray) ids = vigil_ipvs_service_ids (service, error);
  gboolean ok = TRUE;

  if (ids == NULL)
    return FALSE;
  for (guint i = 0; old_ids != NULL && i < old_ids->len; i++)
    {
      const VigilIpvsServiceId *id = &g_array_index (old_ids, VigilIpvsServiceId, i);
      int rc;

      if (has_id (ids, id))
        continue;
      rc = send_command (self, IPVS_CMD_DEL_SERVICE, id, NULL, NULL);
      if (rc < 0 && rc != -NLE_OBJ_NOTFOUND && ok)
        ok = command_failed (rc, "DEL_SERVICE", id, error);
    }
  for (guint i = 0; i < ids->len && ok; i++)
    {
      const VigilIpvsServiceId *id = &g_array_index (ids, VigilIpvsServiceId, i);

      ok = sync_service (self, id, service, old_destinations, has_id (old_ids, id), error);
    }
  /* Record the new state even after a failure: the next change
   * reconciles from it (NEW falls back to SET and DEL tolerates gone). */
  g_hash_table_insert (self->services, g_strdup (service->key), g_steal_pointer (&ids));
  g_hash_table_insert (self->destinations, g_strdup (service->key),
                       g_array_copy (service->destinations));
  save_ledger (self);
  return ok;
}

static gboolean
ipvs_remove_service (VigilLbBackend *backend, const char *key, GError **error)
{
  VigilIpvsBackend *self = VIGIL_IPVS_BACKEND (backend);
  GArray *ids = g_hash_table_lookup (self->services, key);
  gboolean ok = TRUE;

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      const VigilIpvsServiceId *id = &g_array_index (ids, VigilIpvsServiceId, i);
      int rc = send_command (self, IPVS_CMD_DEL_SERVICE, id, NULL, NULL);

      if (rc < 0 && rc != -NLE_OBJ_NOTFOUND && ok)
        ok = command_failed (rc, "DEL_SERVICE", id, error);
    }
  g_hash_table_remove (self->services, key);
  g_hash_table_remove (self->destinations, key);
  save_ledger (self);
  return ok;
}

static gboolean
ipvs_flush (VigilLbBackend *backend, GError **error)
{
  VigilIpvsBackend *self = VIGIL_IPVS_BACKEND (backend);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;
  gboolean ok = TRUE;

  if (self->flush_all_on_stop)
    {
      int rc = send_command (self, IPVS_CMD_FLUSH, NULL, NULL, NULL);

      if (rc < 0)
        return command_failed (rc, "FLUSH", NULL, error);
      g_hash_table_remove_all (self->services);
      g_hash_table_remove_all (self->destinations);
      save_ledger (self);
      return TRUE;
    }
  /* copies: removing a service frees its key */
  g_hash_table_iter_init (&iter, self->services);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, g_strdup (key));
  for (guint i = 0; i < keys->len; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!ipvs_remove_service (backend, keys->pdata[i], &local_error) && ok)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
        }
    }
  return ok;
}

static void
vigil_ipvs_backend_iface_init (VigilLbBackendInterface *iface)
{
  iface->get_name = ipvs_get_name;
  iface->set_service = ipvs_set_service;
  iface->remove_service = ipvs_remove_service;
  iface->flush = ipvs_flush;
}

static void
vigil_ipvs_backend_finalize (GObject *object)
{
  VigilIpvsBackend *self = VIGIL_IPVS_BACKEND (object);

  g_hash_table_unref (self->services);
  g_hash_table_unref (self->destinations);
  g_clear_pointer (&self->sock, nl_socket_free);
  g_free (self->ledger_path);
  G_OBJECT_CLASS (vigil_ipvs_backend_parent_class)->finalize (object);
}

static void
vigil_ipvs_backend_class_init (VigilIpvsBackendClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_ipvs_backend_finalize;
}

static void
vigil_ipvs_backend_init (VigilIpvsBackend *self)
{
  self->services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_array_unref);
  self->destinations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_array_unref);
}

gboolean
vigil_ipvs_backend_set_timeouts (VigilIpvsBackend *self, guint tcp, guint tcpfin, guint udp,
                                 GError **error)
{
  g_autoptr(VigilNlMsg) msg = NULL;
  int rc;

  g_return_val_if_fail (VIGIL_IS_IPVS_BACKEND (self), FALSE);
  msg = vigil_ipvs_timeouts_message_new (self->family, tcp, tcpfin, udp);
  rc = nl_send_auto (self->sock, msg);
  if (rc >= 0)
    rc = nl_wait_for_ack (self->sock);
  if (rc < 0)
    return command_failed (rc, "SET_CONFIG (lvs_timeouts)", NULL, error);
  g_message (_("IPVS: connection timeouts tcp %u s, tcpfin %u s, udp %u s (0: unchanged)"),
             tcp, tcpfin, udp);
  return TRUE;
}

VigilLbBackend *
vigil_ipvs_backend_new (const char *runtime_dir, gboolean flush_at_start,
                        gboolean flush_all_on_stop, GError **error)
{
  g_autoptr(VigilIpvsBackend) self = g_object_new (VIGIL_TYPE_IPVS_BACKEND, NULL);
  int rc;

  self->flush_all_on_stop = flush_all_on_stop;
  if (runtime_dir != NULL)
    self->ledger_path = g_build_filename (runtime_dir, VIGIL_IPVS_BACKEND_LEDGER_NAME, NULL);
  self->sock = nl_socket_alloc ();
  if (self->sock == NULL || (rc = genl_connect (self->sock)) < 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED,
                   _("IPVS: cannot open a generic netlink socket"));
      return NULL;
    }
  self->family = genl_ctrl_resolve (self->sock, IPVS_GENL_NAME);
  if (self->family < 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED,
                   _("IPVS is not available in this kernel (no IPVS generic netlink "
                     "family); use lb_backend nftables"));
      return NULL;
    }
  recover (self);
  if (flush_at_start)
    {
      rc = send_command (self, IPVS_CMD_FLUSH, NULL, NULL, NULL);
      if (rc < 0)
        {
          command_failed (rc, "FLUSH (lvs_flush)", NULL, error);
          return NULL;
        }
      g_message (_("IPVS: table flushed (lvs_flush)"));
    }
  return VIGIL_LB_BACKEND (g_steal_pointer (&self));
}
