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
  guint8 auth_data[VIGIL_VRRP_AUTH_LEN]; /* v2 only: the password for PASS,
                                          * as found on the wire otherwise */
  guint16 checksum;         /* as found on the wire (decode) */
  int family;               /* AF_INET or AF_INET6 */
  VigilInetAddr addrs[VIGIL_VRRP_MAX_ADDRS];
} VigilVrrpPacket;

/* The VRRP multicast groups (RFC 5798 5.1.1.2, 5.1.2.2), network order
 * bytes: 224.0.0.18 and ff02::12. */
#define VIGIL_VRRP_MCAST_GROUP4_BYTES { 224, 0, 0, 18 }
#define VIGIL_VRRP_MCAST_GROUP6_BYTES { 0xff, 0x02, 0, 0, 0, 0, 0, 0, \
                                        0, 0, 0, 0, 0, 0, 0, 0x12 }

/* Options that change the bytes on the wire, or what is accepted. */
typedef enum {
  VIGIL_VRRP_CODEC_DEFAULT = 0,
  /* keepalived's `old_unicast_checksum`: VRRPv3 over IPv4 whose checksum
   * pseudo-header carries the VRRP multicast group 224.0.0.18 as its
   * destination whatever the real (unicast) destination is, as keepalived
   * up to 1.3.6 computed it. Used for encode and decode alike; a
   * multicast advert is the same either way; v2 and IPv6 are unaffected. */
  VIGIL_VRRP_CODEC_OLD_UNICAST_CHECKSUM = 1 << 0,
  /* Do not check the TTL / hop limit (unicast peers, where keepalived
   * checks a configured range instead, or when the TTL is unknown). */
  VIGIL_VRRP_CODEC_ANY_TTL = 1 << 1,
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
  /* Checked first, by vigil_vrrp_packet_decode_ipv4(): the IPv4 header is
   * not version 4 or its protocol is not 112. Last only so that the values
   * above keep their numbers; no MIB counter of its own. */
  VIGIL_VRRP_RX_IP_HEADER,
  VIGIL_VRRP_RX_N_RESULTS
} VigilVrrpRxResult;

/* A stable short name, usable as a counter name ("packet-length-errors").
 * "ok" for VIGIL_VRRP_RX_OK, "unknown" for a value out of range. */
const char *vigil_vrrp_rx_result_to_string (VigilVrrpRxResult result);

/* Encode `packet` into `buf` (VRRP header and payload only; the kernel
 * builds the IP header). src/dst are the IP addresses the packet will
 * carry, needed for the v3 checksum pseudo-header (they may be NULL for
 * v2). The checksum is computed here; packet->checksum is ignored.
 * A `type` of 0 is written as VIGIL_VRRP_TYPE_ADVERT; v2 writes
 * auth_data whatever the auth type (keep it zeroed for AUTH_NONE), v3
 * writes no auth data and zero reserved bits.
 * Returns the length written, or 0 if `len` is too small or the packet is
 * inconsistent: version not 2 or 3, v2 over IPv6, an address of another
 * family, a v2 interval that is not whole seconds up to 255 s, a v3
 * interval over 4095 cs, or v3 without src/dst of the packet's family. */
gsize vigil_vrrp_packet_encode (const VigilVrrpPacket *packet,
                                const VigilInetAddr *src, const VigilInetAddr *dst,
                                VigilVrrpCodecFlags flags,
                                guint8 *buf, gsize len);

/* Decode a VRRP payload received from src to dst with the given TTL/hop
 * limit. Checks, in order: length (fixed header; the count of addresses,
 * and for v2 the auth data, against the length), TTL (unless
 * VIGIL_VRRP_CODEC_ANY_TTL), version (2 or 3; v2 over IPv6 is a version
 * error), type, checksum, v2 auth type known (none, simple, AH).
 * Instance-specific checks are vigil_vrrp_packet_check(). On success
 * fills `out`; on failure `out` holds the header fields read before the
 * failing check (from the length check on: version, vrid, priority, ...),
 * so that a drop can be logged with its VRID. addrs[] past n_addrs are
 * left untouched. src/dst may be NULL for v2; a v3 advert without both
 * (of `family`) cannot have its checksum verified and is a checksum
 * error. Never allocates. */
VigilVrrpRxResult vigil_vrrp_packet_decode (const guint8 *buf, gsize len,
                                            int family,
                                            const VigilInetAddr *src,
                                            const VigilInetAddr *dst,
                                            guint ttl,
                                            VigilVrrpCodecFlags flags,
                                            VigilVrrpPacket *out);

/* Decode a whole IPv4 datagram as a raw IPPROTO_VRRP socket delivers it
 * (IP header included): checks the IP header (version and protocol:
 * VIGIL_VRRP_RX_IP_HEADER; short header, IHL, total length not equal to
 * `len`, or a fragment: VIGIL_VRRP_RX_PACKET_LENGTH), extracts src/dst/TTL,
 * then vigil_vrrp_packet_decode(). src_out/dst_out may be NULL; they are
 * set as soon as the addresses could be read, also on failure. The IP
 * header checksum is the kernel's business and is not checked. */
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

/* Instance-level checks of a decoded advert, in order: version (when
 * expect->version is not 0, a packet of the other version is a version
 * error), then for v2 auth type (AUTH_TYPE_MISMATCH; an AH advert meets an
 * instance that expects AH with AUTH_FAILURE: vigil verifies no IPsec AH),
 * simple password (AUTH_FAILURE, compared in constant time), advert
 * interval (ADVERT_INTERVAL; v3 learns it instead), then unless
 * skip_check_adv_addr the address list (ADDRESS_LIST: same count and the
 * same set of addresses in any order). A priority-0 or owner advert is
 * still checked. */
VigilVrrpRxResult vigil_vrrp_packet_check (const VigilVrrpPacket *packet,
                                           const VigilVrrpExpect *expect);

/* The Internet checksum (RFC 1071) over a buffer, with an initial sum.
 * Words are read big-endian, so the result is stored on the wire with
 * its high byte first; `initial` is a partial sum in the same convention
 * (e.g. of a pseudo-header). Over a packet that carries a correct
 * checksum the result is 0. */
guint16 vigil_inet_checksum (const guint8 *buf, gsize len, guint32 initial);

G_END_DECLS
