#!/usr/bin/python3
"""IPv6: VRRPv3 with VIP 2001:db8::100.

Adverts go out from each router's link-local address; the master holds
the VIP; SIGKILL the master and the backup takes over on time.
"""
import ipaddress

import vigiltest as vt

ADV = 0.2
VIPS = (vt.VIP6 + "/64",)


def test(t):
    topo = t.topology(["r1", "r2"])
    cap = topo.capture()
    r1 = topo.start_router("r1", vt.config(vt.instance(
        priority=200, advert_int=ADV, vips=VIPS)))
    r2 = topo.start_router("r2", vt.config(vt.instance(
        priority=100, advert_int=ADV, vips=VIPS)))
    vt.expect_master(topo, cap, r1, [r2], vt.VIP6, ADV, timeout=5)

    ads = cap.adverts(mac=topo.mac("r1"))
    vt.check(ads, "no advert from r1")
    a = ads[-1]
    vt.check(a.family == 6 and a.version == 3,
             "r1 sends IPv%d VRRPv%d, want IPv6 VRRPv3" % (a.family, a.version))
    vt.check(ipaddress.IPv6Address(a.src).is_link_local,
             "advert source %s is not link-local" % a.src)
    vt.check(a.ttl == 255, "advert hop limit %d, want 255" % a.ttl)
    vt.check(a.addrs == [vt.VIP6], "advert carries %s, want %s" % (a.addrs, vt.VIP6))

    killed = r1.crash()
    r2.wait_state("MASTER", 3)
    vt.expect_takeover(topo, cap, "r1", "r2", killed, ADV, new_prio=100)
    vt.expect_master(topo, cap, r2, [], vt.VIP6, ADV, timeout=2)


vt.run(test)
