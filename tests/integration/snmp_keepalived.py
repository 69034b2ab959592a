#!/usr/bin/python3
"""SNMP: the same config served by Debian's keepalived (built with SNMP)
and by vigild gives the same objects with the same values, object by
object, except clocks and counters and the differences listed below, each
of which is a keepalived 2.2.7 defect that vigil does not copy."""
import time

import snmptest as st
import vigiltest as vt

INSTANCES = [
    ("VI_1", 51, 2, ("192.0.2.100/24", "192.0.2.101/24")),
    ("VI_2", 52, 3, ("192.0.2.102/24",)),
    ("VI_3", 53, 3, ("2001:db8::100/64",)),
    ("VI_4", 54, 2, ("198.51.100.10/24",)),
]
KA = st.KEEPALIVED_MIB
# OID prefixes where vigil answers differently on purpose.
DIFFERENT = {
    KA + ".1.1.0": "version: vigil names itself",
    KA + ".1.3.1.0": "smtpServerAddressType: keepalived says ipv6 with no server",
    KA + ".1.3.2.0": "smtpServerAddress: keepalived says 0.0.0.0 with no server",
    KA + ".1.3.3.0": "smtpServerTimeout: vigil gives the configured 30 s",
    KA + ".1.3.6.0": "smtpServerPort: keepalived says 0 with no server",
    KA + ".1.3.7.0": "smtpEmailFaults: no such setting in vigil",
    KA + ".1.7.0": "ipvs64BitStats: the checker part",
    KA + ".2.6.1.11.": "vrrpAddressAdvertising: keepalived marks only the first "
                       "instance's addresses as advertised",
    st.VRRP_MIB + ".1.3.1.2.": "vrrpOperVirtualMacAddr: keepalived gives the "
                               "interface's MAC, RFC 2787 the virtual one",
    st.VRRP_MIB + ".1.3.1.7.": "vrrpOperMasterIpAddr: keepalived says 0.0.0.0 as master",
    st.VRRP_MIB + ".1.3.1.10.": "vrrpOperAuthKey: RFC 2787 reads an empty string",
    st.VRRPV3_MIB + ".1.1.1.1.5.": "vrrpv3OperationsVirtualMacAddr: as above",
}


def conf(snmpd):
    text = st.snmp_globals(snmpd.socket)
    for name, vrid, version, vips in INSTANCES:
        text += vt.instance(name=name, vrid=vrid, version=version, priority=200,
                            advert_int=1, vips=vips)
    return text + "vrrp_sync_group G1 {\n    group {\n        VI_2\n        VI_4\n    }\n}\n"


def normalize(oid):
    """keepalived writes vrrpv3AssociatedIpAddrAddress indexes without the
    length RFC 6527's (not IMPLIED) InetAddress index has: drop it."""
    p = st.VRRPV3_MIB + ".1.1.2.1.2."
    if oid.startswith(p):
        parts = oid[len(p):].split(".")
        if len(parts) > 4 and int(parts[3]) == len(parts) - 4:
            return p + ".".join(parts[:3] + parts[4:])
    return oid


def walk_all(snmpd):
    out = {}
    for root in (st.VRRP_MIB, st.VRRPV3_MIB, KA):
        out.update({normalize(o): v for o, v in snmpd.walk(root, check_rc=False)})
    return out


def test(t):
    st.require(t)
    topo = t.topology(["r1"])
    snmpd = st.Snmpd(topo, "r1")
    walks = {}
    for kind in ("keepalived", "vigild"):
        d = topo.start_daemon("r1", kind, conf(snmpd), name="r1-" + kind)
        for name, *_ in INSTANCES:
            d.wait_state("MASTER", 8, name)
        time.sleep(3)          # keepalived's subagent connects on its own time
        walks[kind] = walk_all(snmpd)
        vt.say("%s: %d objects" % (kind, len(walks[kind])))
        vt.check(d.stop() == 0, "%s did not exit cleanly" % kind)
    ka, vg = walks["keepalived"], walks["vigild"]
    vt.check(ka, "keepalived answered nothing (is it built with SNMP?)")
    bad = []
    for oid, kval in sorted(ka.items(), key=lambda x: st.oid_tuple(x[0])):
        if any(oid.startswith(p) for p in DIFFERENT):
            continue
        vval = vg.get(oid)
        if vval is None:
            bad.append("%s: keepalived %s, vigild nothing" % (oid, kval))
        elif kval.split(":")[0] in ("Timeticks", "Counter32", "Counter64") or \
                kval.split()[0].isdigit():
            if kval.split(":")[0] != vval.split(":")[0] and not kval.split()[0].isdigit():
                bad.append("%s: type %s vs %s" % (oid, kval, vval))
        elif kval != vval:
            bad.append("%s: keepalived %s, vigild %s" % (oid, kval, vval))
    vt.check(KA + ".2.1.1.2.1" in ka and KA + ".2.2.1.2.1.2" in ka,
             "keepalived shows no sync group G1 (VI_2, VI_4): %s / vigild %s" % (
                 [o for o in ka if o.startswith(KA + ".2.1.") or o.startswith(KA + ".2.2.")],
                 [o for o in vg if o.startswith(KA + ".2.1.") or o.startswith(KA + ".2.2.")]))
    vt.check(not bad, "%d differences:\n  %s" % (len(bad), "\n  ".join(bad)))
    extra = sorted(set(vg) - set(ka), key=st.oid_tuple)
    vt.say("equal object by object; vigild has %d objects more (e.g. the VRRP-MIB rows "
           "keepalived leaves out): %s" % (len(extra), ", ".join(extra[:3])))


vt.run(test, daemons=["vigild", "keepalived"])
