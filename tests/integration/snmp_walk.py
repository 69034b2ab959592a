#!/usr/bin/python3
"""SNMP: walks of VRRP-MIB, VRRPv3-MIB and KEEPALIVED-MIB return every
instance with the right values; GET answers the same; GETNEXT is ordered.

Two routers run four instances (VRRPv2 and v3, IPv4 and IPv6, some master
on r1, some on r2), each router with its own snmpd as AgentX master.
"""
import socket as pysocket

import snmptest as st
import vigiltest as vt

ADV = 1
# name, vrid, version, r1 priority, r2 priority, VIPs
INSTANCES = [
    ("VI_1", 51, 2, 200, 100, ("192.0.2.100/24", "192.0.2.101/24")),
    ("VI_2", 52, 3, 100, 200, ("192.0.2.102/24",)),
    ("VI_3", 53, 3, 200, 100, ("2001:db8::100/64",)),
    ("VI_4", 54, 2, 50, 150, ("198.51.100.10/24",)),
]


def conf(snmpd, which):
    text = st.snmp_globals(snmpd.socket)
    for name, vrid, version, p1, p2, vips in INSTANCES:
        text += vt.instance(name=name, vrid=vrid, version=version,
                            priority=p1 if which == 1 else p2,
                            advert_int=ADV, vips=vips)
    return text


def addr_bytes(vip):
    a = vip.split("/")[0]
    fam = pysocket.AF_INET6 if ":" in a else pysocket.AF_INET
    return pysocket.inet_pton(fam, a)


def ifindex(topo, host):
    return int(topo.exec(host, "cat", "/sys/class/net/eth0/ifindex").stdout)


def check_router(topo, snmpd, host, which):
    idx = ifindex(topo, host)
    me = topo.addr4(host)
    other = topo.addr4("r2" if host == "r1" else "r1")
    masters = {n for n, v, ver, p1, p2, vips in INSTANCES
               if (p1 if which == 1 else p2) > (p2 if which == 1 else p1)}
    walks = {}
    for root in (st.VRRP_MIB, st.VRRPV3_MIB, st.KEEPALIVED_MIB):
        w = snmpd.walk(root)
        vt.check(w, "walk of %s on %s is empty" % (root, host))
        st.check_increasing(w, "walk of %s on %s" % (root, host))
        walks[root] = dict(w)
        vt.say("%s: walk of %s: %d objects" % (host, root, len(w)))

    # ---- VRRP-MIB: the two VRRPv2 IPv4 instances
    v2 = walks[st.VRRP_MIB]
    oper = st.VRRP_MIB + ".1.3.1"
    rows = sorted({tuple(o.split(".")[-2:]) for o in v2 if o.startswith(oper + ".")})
    vt.check(rows == [(str(idx), "51"), (str(idx), "54")],
             "%s vrrpOperTable rows %s, want VRIDs 51 and 54 on ifIndex %d" % (host, rows, idx))
    vt.check(st.value_int(v2[st.VRRP_MIB + ".1.1.0"]) == 2, "vrrpNodeVersion")
    for name, vrid, version, p1, p2, vips in INSTANCES:
        if version != 2:
            continue
        sfx = ".%d.%d" % (idx, vrid)
        col = lambda c: v2[oper + ".%d%s" % (c, sfx)]
        master = name in masters
        vt.check(st.value_bytes(col(2)) == bytes([0, 0, 0x5e, 0, 1, vrid]),
                 "%s %s virtual MAC %s" % (host, name, col(2)))
        vt.check(st.value_int(col(3)) == (3 if master else 2),
                 "%s %s vrrpOperState %s, want %s" % (host, name, col(3),
                                                      "master" if master else "backup"))
        vt.check(st.value_int(col(5)) == (p1 if which == 1 else p2), "%s priority" % name)
        vt.check(st.value_int(col(6)) == len(vips), "%s address count" % name)
        vt.check(col(7) == "IpAddress: %s" % (me if master else other),
                 "%s %s master address %s" % (host, name, col(7)))
        vt.check(col(8) == "IpAddress: %s" % me, "%s primary address %s" % (name, col(8)))
        vt.check(st.value_int(col(11)) == ADV, "%s advert interval" % name)
        vt.check(st.value_int(col(15)) == 1, "%s row status" % name)
        for vip in vips:
            o = st.VRRP_MIB + ".1.4.1.2%s.%s" % (sfx, vip.split("/")[0])
            vt.check(st.value_int(v2.get(o, "0")) == 1, "%s: no vrrpAssoIpAddr %s" % (host, o))
        stats = [o for o in v2 if o.startswith(st.VRRP_MIB + ".2.4.1.") and o.endswith(sfx)]
        vt.check(len(stats) == 12, "%s %s: %d vrrpRouterStats columns" % (host, name, len(stats)))
    for c in (1, 2, 3):
        vt.check(v2[st.VRRP_MIB + ".2.%d.0" % c].startswith("Counter32:"), "router counter %d" % c)

    # ---- VRRPv3-MIB: every instance
    v3 = walks[st.VRRPV3_MIB]
    ops = st.VRRPV3_MIB + ".1.1.1.1"
    for name, vrid, version, p1, p2, vips in INSTANCES:
        fam = 2 if ":" in vips[0] else 1
        sfx = ".%d.%d.%d" % (idx, vrid, fam)
        master = name in masters
        col = lambda c: v3.get(ops + ".%d%s" % (c, sfx))
        vt.check(col(6) is not None, "%s: no vrrpv3OperationsTable row %s" % (host, sfx))
        vt.check(st.value_int(col(6)) == (3 if master else 2), "%s v3 status %s" % (name, col(6)))
        vt.check(st.value_bytes(col(5)) == bytes([0, 0, 0x5e, 0, fam, vrid]),
                 "%s v3 MAC %s" % (name, col(5)))
        vt.check(st.value_int(col(7)) == (p1 if which == 1 else p2), "%s v3 priority" % name)
        vt.check(st.value_int(col(9)) == ADV * 100, "%s v3 interval %s" % (name, col(9)))
        if fam == 1:
            want = pysocket.inet_aton(me if master else other)
            vt.check(st.value_bytes(col(3)) == want, "%s v3 master %s" % (name, col(3)))
        for vip in vips:
            b = addr_bytes(vip)
            o = st.VRRPV3_MIB + ".1.1.2.1.2%s.%d.%s" % (sfx, len(b), ".".join(map(str, b)))
            vt.check(o in v3, "%s: no vrrpv3AssociatedIpAddr %s" % (host, o))
        stats = [o for o in v3 if o.startswith(st.VRRPV3_MIB + ".1.2.5.1.") and o.endswith(sfx)]
        vt.check(len(stats) == 13, "%s %s: %d statistics columns" % (host, name, len(stats)))
    rows = {o[len(ops) + 3:] for o in v3 if o.startswith(ops + ".6.")}
    vt.check(len(rows) == len(INSTANCES), "%s: %d v3 rows" % (host, len(rows)))

    # ---- KEEPALIVED-MIB
    ka = walks[st.KEEPALIVED_MIB]
    inst = st.KEEPALIVED_MIB + ".2.3.1"
    vt.check(st.value_bytes(ka[st.KEEPALIVED_MIB + ".1.2.0"]) == b"vigil-test", "routerId")
    for i, (name, vrid, version, p1, p2, vips) in enumerate(INSTANCES, 1):
        col = lambda c: ka[inst + ".%d.%d" % (c, i)]
        vt.check(st.value_bytes(col(2)) == name.encode(), "vrrpInstanceName.%d %s" % (i, col(2)))
        vt.check(st.value_int(col(3)) == vrid, "vrrpInstanceVirtualRouterId.%d" % i)
        vt.check(st.value_int(col(4)) == (2 if name in masters else 1),
                 "%s vrrpInstanceState.%d %s" % (host, i, col(4)))
        vt.check(st.value_int(col(7)) == (p1 if which == 1 else p2), "base priority %d" % i)
        vt.check(st.value_int(col(30)) == version, "vrrpInstanceVrrpVersion.%d" % i)
        vt.check(st.value_bytes(col(10)) == b"eth0", "vrrpInstancePrimaryInterface.%d" % i)
        for n, vip in enumerate(vips, 1):
            a = ka[st.KEEPALIVED_MIB + ".2.6.1.3.%d.%d" % (i, n)]
            vt.check(st.value_bytes(a) == addr_bytes(vip), "vrrpAddressValue.%d.%d %s" % (i, n, a))
            m = ka[st.KEEPALIVED_MIB + ".2.6.1.5.%d.%d" % (i, n)]
            vt.check(st.value_int(m) == int(vip.split("/")[1]), "vrrpAddressMask.%d.%d" % (i, n))

    # ---- GET of every OID answers what the walk said (clocks aside)
    for root, objs in walks.items():
        got = snmpd.get(objs.keys())
        for oid, val in objs.items():
            if val.startswith("Timeticks") or val.startswith("Counter"):
                vt.check(oid in got and got[oid].split(":")[0] == val.split(":")[0],
                         "GET %s: %s, walk said %s" % (oid, got.get(oid), val))
                continue
            vt.check(got.get(oid) == val, "GET %s: %s, walk said %s" % (oid, got.get(oid), val))
        vt.say("%s: GET of all %d objects under %s agrees" % (host, len(objs), root))

    # ---- GETNEXT: from each table/group prefix, the first object after it
    for root, objs in walks.items():
        order = sorted(objs, key=st.oid_tuple)
        probes = [root, root + ".1", order[len(order) // 2]]
        for p in probes:
            nxt = snmpd.getnext(p)
            want = next(o for o in order if st.oid_tuple(o) > st.oid_tuple(p))
            vt.check(nxt is not None and nxt[0] == want,
                     "GETNEXT %s gave %s, want %s" % (p, nxt and nxt[0], want))


def test(t):
    st.require(t)
    topo = t.topology(["r1", "r2"])
    s1 = st.Snmpd(topo, "r1")
    s2 = st.Snmpd(topo, "r2")
    r1 = topo.start_router("r1", conf(s1, 1))
    r2 = topo.start_router("r2", conf(s2, 2))
    for name, vrid, version, p1, p2, vips in INSTANCES:
        (r1 if p1 > p2 else r2).wait_state("MASTER", 6, name)
        (r2 if p1 > p2 else r1).wait_state("BACKUP", 6, name)
    vt.wait_until(lambda: any(o.startswith(st.VRRP_MIB) for o, _ in
                              s1.walk(st.VRRP_MIB, check_rc=False)), 10,
                  "vigild on r1 to register with snmpd")
    check_router(topo, s1, "r1", 1)
    vt.wait_until(lambda: any(o.startswith(st.VRRP_MIB) for o, _ in
                              s2.walk(st.VRRP_MIB, check_rc=False)), 10,
                  "vigild on r2 to register with snmpd")
    check_router(topo, s2, "r2", 2)


vt.run(test)
