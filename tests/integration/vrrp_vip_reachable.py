#!/usr/bin/python3
"""The VIP answers ARP and ND from a client after takeover.

Two instances: VI_4 (VRID 51, 192.0.2.100) and VI_6 (VRID 52,
2001:db8::100). A client pings both VIPs through r1. Then r1 dies the way
a host dies (daemon SIGKILLed, its link cut). The new master's gratuitous
ARP / unsolicited NA must move the client's neighbour entries to r2's MAC
without the client asking, the VIPs must answer pings, and after the
client forgets its neighbours, ARP and ND resolve the VIPs to r2 again.
"""
import vigiltest as vt

ADV = 0.2


def conf(prio):
    return vt.config(
        vt.instance("VI_4", vrid=51, priority=prio, advert_int=ADV),
        vt.instance("VI_6", vrid=52, priority=prio, advert_int=ADV,
                    vips=(vt.VIP6 + "/64",)))


def test(t):
    topo = t.topology(["r1", "r2", "client"])
    cap = topo.capture()
    r1 = topo.start_router("r1", conf(200))
    r2 = topo.start_router("r2", conf(100))
    for inst, vip, vrid in (("VI_4", vt.VIP4, 51), ("VI_6", vt.VIP6, 52)):
        vt.expect_master(topo, cap, r1, [r2], vip, ADV, timeout=5,
                         inst=inst, vrid=vrid)

    for vip in (vt.VIP4, vt.VIP6):
        vt.wait_until(lambda: topo.ping("client", vip), 5, "client to reach %s" % vip)
        n = topo.neighbour("client", vip)
        vt.say("client: %s is at %s (%s)" % (vip, n and n[0], n and n[1]))
        vt.check(n and n[0] == topo.mac("r1"), "client resolves %s to %s, want r1 %s"
                 % (vip, n, topo.mac("r1")))

    killed = r1.crash()
    topo.link_down("r1")
    for inst in ("VI_4", "VI_6"):
        r2.wait_state("MASTER", 3, inst)
    vt.expect_takeover(topo, cap, "r1", "r2", killed, ADV, new_prio=100, vrid=51)

    for vip in (vt.VIP4, vt.VIP6):
        vt.wait_until(lambda: (topo.neighbour("client", vip) or ("",))[0] == topo.mac("r2"),
                      3, lambda: "client's entry for %s to move to r2 (now %s)"
                      % (vip, topo.neighbour("client", vip)))
        vt.say("client: %s moved to r2 %s by the announcement" % (vip, topo.mac("r2")))
        vt.check(topo.ping("client", vip), "%s does not answer ping after takeover" % vip)

    vt.say("client forgets its neighbours; ARP and ND must find r2")
    topo.ip("client", "neigh", "flush", "dev", "eth0")
    for vip in (vt.VIP4, vt.VIP6):
        vt.wait_until(lambda: topo.ping("client", vip), 5, "client to reach %s" % vip)
        n = topo.neighbour("client", vip)
        vt.check(n and n[0] == topo.mac("r2"), "client resolves %s to %s, want r2 %s"
                 % (vip, n, topo.mac("r2")))
        vt.say("client: %s is at %s (r2)" % (vip, n[0]))


vt.run(test)
