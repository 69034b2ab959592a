/* advert-template.h - an instance's adverts, derived once from its config
 *
 * Pure. The send path copies the template and sets the priority; the
 * receive path checks incoming adverts against `expect`. Built when the
 * instance is created or its config swapped, never per packet.
 */
#pragma once

#include "config/model.h"
#include "vrrp/packet.h"

G_BEGIN_DECLS

typedef struct {
  VigilVrrpPacket *packet;     /* allocated up to its n_addrs addresses only */
  gsize packet_size;
  VigilVrrpExpect expect;      /* points into packet->addrs */
  VigilVrrpCodecFlags flags;
} VigilVrrpAdvertTemplate;

void vigil_vrrp_advert_template_init (VigilVrrpAdvertTemplate *self,
                                      const VigilConfVrrpInstance *conf);
void vigil_vrrp_advert_template_clear (VigilVrrpAdvertTemplate *self);

/* The advert to send with `priority`, into a full-size packet. */
void vigil_vrrp_advert_template_build (const VigilVrrpAdvertTemplate *self, guint8 priority,
                                       VigilVrrpPacket *out);

G_END_DECLS
