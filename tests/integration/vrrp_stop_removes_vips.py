#!/usr/bin/python3
"""No VIP on either side after both stop.

r1 and r2 run; an address that vigil did not add (192.0.2.51/32) sits on
each eth0. SIGTERM the master, then the new master: both exit 0, each
sends a priority-0 advert while master, no VIP is left anywhere, and the
address vigil did not add is still there.
"""
import vigiltest as vt

ADV = 0.2
OTHER = "192.0.2.51"


def test(t):
    topo = t.topology(["r1", "r2"])
    for h in topo.hosts:
        topo.ip(h, "addr", "add", OTHER + "/32", "dev", "eth0")
    cap = topo.capture()
    r1 = topo.start_router("r1", vt.config(vt.instance(priority=200, advert_int=ADV)))
    r2 = topo.start_router("r2", vt.config(vt.instance(priority=100, advert_int=ADV)))
    vt.expect_master(topo, cap, r1, [r2], vt.VIP4, ADV, timeout=5)

    for d, nxt in ((r1, r2), (r2, None)):
        t0 = vt.time.time()
        rc = d.stop()
        vt.check(rc == 0, "%s on %s exited with %d, want 0" % (d.kind, d.host, rc))
        cap.wait_advert(2, "%s's priority-0 advert" % d.host, since=t0,
                        mac=topo.mac(d.host), prio=0)
        if nxt:
            nxt.wait_state("MASTER", 3)
            topo.wait_holders(vt.VIP4, [nxt.host], 2)

    topo.show_addresses()
    topo.wait_holders(vt.VIP4, [], 1)
    for h in topo.hosts:
        vt.check(topo.has(h, OTHER), "%s lost %s, which vigil did not add" % (h, OTHER))
    since = vt.time.time()
    vt.time.sleep(3 * ADV)
    vt.check(not cap.adverts(since=since), "adverts after both stopped")


vt.run(test)
