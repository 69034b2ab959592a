/* advert-template.c - an instance's adverts, derived once from its config */
#define G_LOG_DOMAIN "vigil-vrrp"

#include "vrrp/advert-template.h"

#include <stddef.h>
#include <string.h>

void
vigil_vrrp_advert_template_init (VigilVrrpAdvertTemplate *self, const VigilConfVrrpInstance *conf)
{
  guint n_addrs = 0;
  VigilVrrpPacket *packet;

  g_return_if_fail (self != NULL && conf != NULL);
  for (guint i = 0; conf->vips != NULL && i < conf->vips->len; i++)
    {
      const VigilConfVip *vip = g_ptr_array_index (conf->vips, i);
      if (vip->addr.family == conf->family && n_addrs < VIGIL_VRRP_MAX_ADDRS)
        n_addrs++;
    }

  memset (self, 0, sizeof *self);
  self->packet_size = offsetof (VigilVrrpPacket, addrs) + n_addrs * sizeof (VigilInetAddr);
  self->packet = packet = g_malloc0 (self->packet_size);
  packet->version = (guint8) conf->version;
  packet->type = VIGIL_VRRP_TYPE_ADVERT;
  packet->vrid = conf->vrid;
  packet->family = conf->family;
  packet->adver_int_cs = (guint16) (conf->advert_int / 10000);
  if (conf->version == 2 && conf->auth_type == VIGIL_CONF_AUTH_PASS)
    {
      packet->auth_type = VIGIL_VRRP_AUTH_PASS;
      memcpy (packet->auth_data, conf->auth_pass, VIGIL_VRRP_AUTH_LEN);
    }
  for (guint i = 0; conf->vips != NULL && i < conf->vips->len && packet->n_addrs < n_addrs; i++)
    {
      const VigilConfVip *vip = g_ptr_array_index (conf->vips, i);
      if (vip->addr.family == conf->family)
        packet->addrs[packet->n_addrs++] = vip->addr;
    }

  self->expect.version = packet->version;
  self->expect.auth_type = packet->auth_type;
  memcpy (self->expect.auth_data, packet->auth_data, sizeof self->expect.auth_data);
  self->expect.adver_int_cs = packet->adver_int_cs;
  self->expect.addrs = packet->addrs;
  self->expect.n_addrs = packet->n_addrs;
  self->expect.skip_check_adv_addr = conf->skip_check_adv_addr;

  if (conf->old_unicast_checksum)
    self->flags |= VIGIL_VRRP_CODEC_OLD_UNICAST_CHECKSUM;
  /* Unicast adverts may cross routers: TTL 255 is only required of
   * multicast ones (as keepalived does). */
  if (conf->unicast_peers != NULL && conf->unicast_peers->len > 0)
    self->flags |= VIGIL_VRRP_CODEC_ANY_TTL;
}

void
vigil_vrrp_advert_template_clear (VigilVrrpAdvertTemplate *self)
{
  g_clear_pointer (&self->packet, g_free);
  memset (self, 0, sizeof *self);
}

void
vigil_vrrp_advert_template_build (const VigilVrrpAdvertTemplate *self, guint8 priority,
                                  VigilVrrpPacket *out)
{
  g_return_if_fail (self->packet != NULL);
  memcpy (out, self->packet, self->packet_size);
  out->priority = priority;
}
