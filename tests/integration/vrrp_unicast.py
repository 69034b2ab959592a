#!/usr/bin/python3
"""Unicast VRRP: adverts go to the configured peers only, failover works.

With `unicast_peer`, adverts are sent to each peer's address instead of
224.0.0.18; `unicast_src_ip` sets their source.
"""
import vigiltest as vt

ADV = 0.2


def test(t):
    topo = t.topology(["r1", "r2"])
    cap = topo.capture()
    a1, a2 = topo.addr4("r1"), topo.addr4("r2")
    r1 = topo.start_router("r1", vt.config(vt.instance(
        priority=200, advert_int=ADV, unicast_peers=[a2],
        extra=["unicast_src_ip %s" % a1])))
    r2 = topo.start_router("r2", vt.config(vt.instance(
        priority=100, advert_int=ADV, unicast_peers=[a1],
        extra=["unicast_src_ip %s" % a2])))
    r1.wait_state("MASTER", 5)
    vt.wait_until(lambda: topo.holders(vt.VIP4) == ["r1"], 3, "the VIP on r1 only")
    vt.holds_for(lambda: r2.state() == "BACKUP", 1.0, "r2 staying backup")

    adverts = cap.adverts(vrid=51)
    vt.check(adverts, "no adverts captured")
    dsts = {a.dst for a in adverts if a.src == a1}
    vt.check(dsts == {a2}, "r1's adverts went to %s, want only %s" % (sorted(dsts), a2))

    killed = r1.crash()
    r2.wait_state("MASTER", 5)
    vt.wait_until(lambda: topo.has("r2", vt.VIP4), 2, "the VIP on r2")
    new = [a for a in cap.adverts(vrid=51) if a.src == a2]
    vt.check(new and all(a.dst == a1 for a in new),
             "r2's adverts as master must go to r1 (%s)" % a1)


vt.run(test)
