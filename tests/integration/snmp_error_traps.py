#!/usr/bin/python3
"""SNMP: with enable_traps, adverts that vigild drops send traps.

From another namespace a raw socket sends a VRRPv2 advert with a wrong
auth_pass (vrrpTrapAuthFailure, RFC 2787: vrrpTrapPacketSrc the sender,
vrrpTrapAuthErrorType authFailure(3)) and a VRRPv3 advert with TTL 1
(vrrpv3ProtoError, RFC 6527: vrrpv3StatisticsProtoErrReason
ipTtlError(1)). A burst of bad adverts is counted one by one in the
statistics tables but sends one trap per instance per second."""
import time

import snmptest as st
import vigiltest as vt

BURST = 5

# Runs in the sender's namespace: python3 -c SENDER KIND SRC COUNT
SENDER = r'''
import socket, struct, sys, time
kind, src, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
vip = socket.inet_aton("192.0.2.100")
group = "224.0.0.18"

def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

if kind == "v2-bad-pass":
    ttl = 255
    def build():
        body = struct.pack("!BBBBBBH", 0x21, 51, 100, 1, 1, 1, 0) + vip + b"wrongpw\0"
        return body[:6] + struct.pack("!H", csum(body)) + body[8:]
else:   # v3 with TTL 1, checksum correct
    ttl = 1
    def build():
        body = struct.pack("!BBBBHH", 0x31, 53, 100, 1, 100, 0) + vip
        pseudo = socket.inet_aton(src) + socket.inet_aton(group) + struct.pack("!BBH", 0, 112, len(body))
        c = csum(pseudo + body[:6] + b"\0\0" + body[8:])
        return body[:6] + struct.pack("!H", c) + body[8:]

s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, ttl)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(src))
for i in range(count):
    s.sendto(build(), (group, 0))
    time.sleep(0.02)
'''


def test(t):
    st.require(t)
    t.require("snmptrapd")
    topo = t.topology(["r1", "r2"])
    trapd = st.Snmptrapd(topo, "r1")
    snmpd = st.Snmpd(topo, "r1", traps_to=st.TRAP_PORT)
    conf = st.snmp_globals(snmpd.socket) + \
        vt.instance(name="VI_1", vrid=51, version=2, priority=200, advert_int=1,
                    extra=("authentication {", "    auth_type PASS",
                           "    auth_pass secret1", "}")) + \
        vt.instance(name="VI_3", vrid=53, version=3, priority=200, advert_int=1,
                    vips=("192.0.2.103/24",))
    r1 = topo.start_router("r1", conf)
    r1.wait_state("MASTER", 6, "VI_1")
    r1.wait_state("MASTER", 6, "VI_3")
    vt.wait_until(lambda: any(o.startswith(st.VRRP_MIB) for o, _ in
                              snmpd.walk(st.VRRP_MIB, check_rc=False)), 10,
                  "vigild on r1 to register with snmpd")
    idx = int(topo.exec("r1", "cat", "/sys/class/net/eth0/ifindex").stdout)
    src = topo.addr4("r2")

    def send(kind):
        topo.exec("r2", "python3", "-c", SENDER, kind, src, str(BURST))
        vt.say("r2 sent %d adverts: %s" % (BURST, kind))

    # vrrpTrapAuthFailure
    auth_trap = st.VRRP_MIB + ".0.2"
    send("v2-bad-pass")
    vt.wait_until(lambda: trapd.traps(auth_trap), 5,
                  lambda: "no vrrpTrapAuthFailure in:\n" + vt._read(trapd.path))
    line = trapd.traps(auth_trap)[0]
    for want in ("%s.1.5.%d.51 = IpAddress: %s" % (st.VRRP_MIB, idx, src),
                 "%s.1.6.%d.51 = INTEGER: 3" % (st.VRRP_MIB, idx)):
        vt.check(want in line, "vrrpTrapAuthFailure lacks %r: %s" % (want, line))
    failures = st.VRRP_MIB + ".2.4.1.4.%d.51" % idx      # vrrpStatsAuthFailures
    vt.wait_until(lambda: st.value_int(snmpd.get([failures])[failures]) == BURST, 3,
                  lambda: "vrrpStatsAuthFailures %s, want %d" % (snmpd.get([failures]), BURST))
    vt.say("vrrpTrapAuthFailure from %s, authFailure(3); %d failures counted" % (src, BURST))

    # vrrpv3ProtoError
    proto_trap = st.VRRPV3_MIB + ".0.2"
    send("v3-ttl-1")
    vt.wait_until(lambda: trapd.traps(proto_trap), 5,
                  lambda: "no vrrpv3ProtoError in:\n" + vt._read(trapd.path))
    line = trapd.traps(proto_trap)[0]
    want = "%s.1.2.5.1.6.%d.53.1 = INTEGER: 1" % (st.VRRPV3_MIB, idx)
    vt.check(want in line, "vrrpv3ProtoError lacks %r: %s" % (want, line))
    ttl_errors = st.VRRPV3_MIB + ".1.2.5.1.5.%d.53.1" % idx  # vrrpv3StatisticsIpTtlErrors
    vt.wait_until(lambda: st.value_int(snmpd.get([ttl_errors])[ttl_errors]) == BURST, 3,
                  lambda: "vrrpv3StatisticsIpTtlErrors %s" % snmpd.get([ttl_errors]))
    vt.say("vrrpv3ProtoError ipTtlError(1); %d TTL errors counted" % BURST)

    # Each burst lasted ~0.1 s: one trap each, not one per advert.
    time.sleep(1)
    vt.check(len(trapd.traps(auth_trap)) == 1 and len(trapd.traps(proto_trap)) == 1,
             "rate limit: %d vrrpTrapAuthFailure, %d vrrpv3ProtoError for bursts of %d"
             % (len(trapd.traps(auth_trap)), len(trapd.traps(proto_trap)), BURST))
    # A second later the next bad advert is reported again.
    send("v2-bad-pass")
    vt.wait_until(lambda: len(trapd.traps(auth_trap)) == 2, 5,
                  "a second vrrpTrapAuthFailure a second later")
    vt.say("one trap per instance per second: %d traps for %d bad adverts"
           % (len(trapd.traps(auth_trap)), 2 * BURST))
    vt.check(r1.state("VI_1") == "MASTER" and r1.state("VI_3") == "MASTER",
             "the bad adverts changed a state")
    vt.check(r1.stop() == 0, "vigild did not exit cleanly")


vt.run(test)
