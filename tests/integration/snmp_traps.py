#!/usr/bin/python3
"""SNMP: with enable_traps, a failover sends vrrpTrapNewMaster (RFC 2787),
vrrpv3NewMaster (RFC 6527) and keepalived's vrrpInstanceStateChange
through snmpd to a trap receiver (snmptrapd writing to a file)."""
import os
import socket as pysocket
import subprocess

import snmptest as st
import vigiltest as vt

ADV = 0.5


def test(t):
    st.require(t)
    t.require("snmptrapd")
    topo = t.topology(["r1", "r2"])
    tdir = os.path.join(topo.workdir, "snmptrapd")
    os.makedirs(tdir)
    tconf = os.path.join(tdir, "snmptrapd.conf")
    with open(tconf, "w") as f:
        f.write("disableAuthorization yes\n")
    traps = os.path.join(tdir, "traps.log")
    env = dict(os.environ, MIBS="", MIBDIRS=tdir, SNMP_PERSISTENT_DIR=tdir)
    topo._popen(["ip", "netns", "exec", topo.ns("r1"), "snmptrapd", "-f", "-On", "-C",
                 "-c", tconf, "-Lf", traps, "udp:127.0.0.1:%d" % st.TRAP_PORT],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    vt.wait_until(lambda: os.path.exists(traps) and "NET-SNMP" in vt._read(traps), 10,
                  "snmptrapd to start")
    snmpd = st.Snmpd(topo, "r1", traps_to=st.TRAP_PORT)

    def conf(prio):
        return st.snmp_globals(snmpd.socket) + \
            vt.instance(name="VI_1", vrid=51, version=2, priority=prio, advert_int=1) + \
            vt.instance(name="VI_6", vrid=56, version=3, priority=prio, advert_int=ADV,
                        vips=(vt.VIP6 + "/64",))
    r2 = topo.start_router("r2", conf(200))
    r2.wait_state("MASTER", 6, "VI_1")
    r1 = topo.start_router("r1", conf(100))
    r1.wait_state("BACKUP", 6, "VI_1")
    r1.wait_state("BACKUP", 6, "VI_6")
    vt.wait_until(lambda: any(o.startswith(st.VRRP_MIB) for o, _ in
                              snmpd.walk(st.VRRP_MIB, check_rc=False)), 10,
                  "vigild on r1 to register with snmpd")
    r2.crash()
    r1.wait_state("MASTER", 6, "VI_1")
    r1.wait_state("MASTER", 6, "VI_6")
    idx = int(topo.exec("r1", "cat", "/sys/class/net/eth0/ifindex").stdout)
    trap_oid = ".1.3.6.1.6.3.1.1.4.1.0 = OID: "
    want = [
        (trap_oid + st.VRRP_MIB + ".0.1",
         "%s.1.3.1.7.%d.51 = IpAddress: %s" % (st.VRRP_MIB, idx, topo.addr4("r1"))),
        (trap_oid + st.VRRPV3_MIB + ".0.1",
         "%s.1.1.1.1.3.%d.51.1 = Hex-STRING: %s" % (
             st.VRRPV3_MIB, idx, " ".join("%02X" % b for b in pysocket.inet_aton(topo.addr4("r1"))))),
        (trap_oid + st.VRRPV3_MIB + ".0.1", "%s.1.1.1.1.3.%d.56.2 = " % (st.VRRPV3_MIB, idx)),
        (trap_oid + st.KEEPALIVED_MIB + ".2.10.0.2",
         "%s.2.3.1.4.1 = INTEGER: 2" % st.KEEPALIVED_MIB),
        (trap_oid + st.KEEPALIVED_MIB + ".2.10.0.2",
         "%s.2.3.1.4.2 = INTEGER: 2" % st.KEEPALIVED_MIB),
    ]

    def missing():
        text = vt._read(traps)
        # snmptrapd writes one trap per line (varbinds separated by tabs)
        lines = [l for l in text.splitlines() if trap_oid in l]
        return [w for w in want if not any(w[0] in l and w[1] in l for l in lines)]
    vt.wait_until(lambda: not missing(), 5,
                  lambda: "traps %s in:\n%s" % (missing(), vt._read(traps)))
    vt.say("received vrrpTrapNewMaster, vrrpv3NewMaster (IPv4 and IPv6) and "
           "vrrpInstanceStateChange for both instances")


vt.run(test)
