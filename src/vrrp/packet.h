/* packet.h - VRRPv2 (RFC 3768) and VRRPv3 (RFC 5798) packet codec
 *
 * Pure: bytes in, struct out and back. No sockets, no clock, no globals.
 * The receive path validates in a fixed order and names the reason of
 * every drop with a VigilVrrpRxResult, which the instance counts in the
 * counter of that name (the MIBs' error counters are exactly these).
 */
#pragma once

#include <glib.h>
#include "net/inet-addr.h"

G_BEGIN_DECLS

#define VIGIL_VRRP_PROTO          112
#define VIGIL_VRRP_TTL            255
#define VIGIL_VRRP_TYPE_ADVERT    1
#define VIGIL_VRRP_MAX_ADDRS      255
#define VIGIL_VRRP_AUTH_LEN       8
#define VIGIL_VRRP_HEADER_LEN     8      /* fixed part of v2 and v3 */
#define VIGIL_VRRP_MAX_PACKET     (VIGIL_VRRP_HEADER_LEN + VIGIL_VRRP_MAX_ADDRS * 16 + VIGIL_VRRP_AUTH_LEN)

/* VRRPv2 authentication types (RFC 2338/3768). */
typedef enum {
  VIGIL_VRRP_AUTH_NONE = 0,
  VIGIL_VRRP_AUTH_PASS = 1,   /* "simple text password", RFC 2338 */
  VIGIL_VRRP_AUTH_AH = 2,     /* IP Authentication Header, RFC 2338 */
} VigilVrrpAuthType;

typedef struct {
  guint8 version;           /* 2 or 3 */
  guint8 type;              /* VIGIL_VRRP_TYPE_ADVERT */
  guint8 vrid;
  guint8 priority;
  guint8 n_addrs;           /* "Count IPvX Addr" */
  /* v2: Adver Int in seconds (8 bits). v3: Max Adver Int in centiseconds
   * (12 bits). Stored in centiseconds for both; v2 encodes cs / 100. */
  guint16 adver_int_cs;
  guint8 auth_type;         /* v2 only */
  guint8 auth_data[VIGIL_VRRP_AUTH_LEN]; /* v2 PASS only */
  guint16 checksum;         /* as found on the wire (decode) */
  int family;               /* AF_INET or AF_INET6 */
  VigilInetAddr addrs[VIGIL_VRRP_MAX_ADDRS];
} VigilVrrpPacket;

/* Options that change the bytes on the wire. */
typedef enum {
  VIGIL_VRRP_CODEC_DEFAULT = 0,
  /* keepalived's `old_unicast_checksum`: v3 IPv4 unicast adverts whose
   * checksum omits the pseudo-header, as keepalived < 1.2.24 sent them. */
  VIGIL_VRRP_CODEC_OLD_UNICAST_CHECKSUM = 1 << 0,
} VigilVrrpCodecFlags;

/* Why a received datagram was dropped, in the order of the checks. */
typedef enum {
  VIGIL_VRRP_RX_OK = 0,
  VIGIL_VRRP_RX_PACKET_LENGTH,        /* too short / count mismatch: vrrpStatsPacketLengthErrors */
  VIGIL_VRRP_RX_IP_TTL,               /* TTL / hop limit != 255: vrrpStatsIpTtlErrors */
  VIGIL_VRRP_RX_VERSION,              /* vrrpRouterVersionErrors */
  VIGIL_VRRP_RX_INVALID_TYPE,         /* vrrpStatsInvalidTypePktsRcvd */
  VIGIL_VRRP_RX_CHECKSUM,             /* vrrpRouterChecksumErrors */
  VIGIL_VRRP_RX_VRID,                 /* no instance for this VRID: vrrpRouterVrIdErrors */
  VIGIL_VRRP_RX_INVALID_AUTH_TYPE,    /* vrrpStatsInvalidAuthType */
  VIGIL_VRRP_RX_AUTH_TYPE_MISMATCH,   /* vrrpStatsAuthTypeMismatch */
  VIGIL_VRRP_RX_AUTH_FAILURE,         /* vrrpStatsAuthFailures */
  VIGIL_VRRP_RX_ADVERT_INTERVAL,      /* vrrpStatsAdvertiseIntervalErrors (v2) */
  VIGIL_VRRP_RX_ADDRESS_LIST,         /* vrrpStatsAddressListErrors */
  VIGIL_VRRP_RX_N_RESULTS
} VigilVrrpRxResult;

const char *vigil_vrrp_rx_result_to_string (VigilVrrpRxResult result);

/* Encode `packet` into `buf` (VRRP header and payload only; the kernel
 * builds the IP header). src/dst are the IP addresses the packet will
 * carry, needed for the v3 checksum pseudo-header. The checksum is
 * computed here; packet->checksum is ignored. Returns the length written,
 * or 0 if `len` is too small or the packet is inconsistent. */
gsize vigil_vrrp_packet_encode (const VigilVrrpPacket *packet,
                                const VigilInetAddr *src, const VigilInetAddr *dst,
                                VigilVrrpCodecFlags flags,
                                guint8 *buf, gsize len);

/* Decode a VRRP payload received from src to dst with the given TTL/hop
 * limit. Checks, in order: length, TTL, version, type, checksum,
 * auth type validity (v2), count consistency. Instance-specific checks
 * are vigil_vrrp_packet_check(). On success fills `out`. */
VigilVrrpRxResult vigil_vrrp_packet_decode (const guint8 *buf, gsize len,
                                            int family,
                                            const VigilInetAddr *src,
                                            const VigilInetAddr *dst,
                                            guint ttl,
                                            VigilVrrpCodecFlags flags,
                                            VigilVrrpPacket *out);

/* Decode a whole IPv4 datagram as a raw IPPROTO_VRRP socket delivers it
 * (IP header included): checks the IP header (version, IHL, total length,
 * protocol), extracts src/dst/TTL, then vigil_vrrp_packet_decode(). */
VigilVrrpRxResult vigil_vrrp_packet_decode_ipv4 (const guint8 *buf, gsize len,
                                                 VigilVrrpCodecFlags flags,
                                                 VigilVrrpPacket *out,
                                                 VigilInetAddr *src_out,
                                                 VigilInetAddr *dst_out);

/* What an instance expects of the adverts for its VRID. */
typedef struct {
  guint8 version;
  guint8 auth_type;                      /* v2 */
  guint8 auth_data[VIGIL_VRRP_AUTH_LEN]; /* v2 PASS */
  guint16 adver_int_cs;                  /* v2: must match */
  const VigilInetAddr *addrs;            /* the instance's VIPs */
  guint n_addrs;
  gboolean skip_check_adv_addr;          /* don't check the address list */
} VigilVrrpExpect;

/* Instance-level checks of a decoded advert, in order: auth type, auth
 * data, advert interval (v2 only; v3 learns it), address list. A priority-0
 * or owner advert is still checked. */
VigilVrrpRxResult vigil_vrrp_packet_check (const VigilVrrpPacket *packet,
                                           const VigilVrrpExpect *expect);

/* The Internet checksum (RFC 1071) over a buffer, with an initial sum. */
guint16 vigil_inet_checksum (const guint8 *buf, gsize len, guint32 initial);

G_END_DECLS
