#!/usr/bin/python3
"""A VIP removed by someone else while vigild is master is put back.

NetworkManager, an admin's `ip addr flush` or a DHCP client may take an
address away behind vigild's back. The master must notice (netlink
address event), add it again, announce it, and say so in its log.
"""
import vigiltest as vt

ADV = 0.2


def test(t):
    topo = t.topology(["r1", "r2"])
    cap = topo.capture()
    r1 = topo.start_router("r1", vt.config(vt.instance(priority=200, advert_int=ADV)))
    r2 = topo.start_router("r2", vt.config(vt.instance(priority=100, advert_int=ADV)))
    vt.expect_master(topo, cap, r1, [r2], vt.VIP4, ADV, timeout=5)

    topo.ip("r1", "addr", "del", vt.VIP4 + "/24", "dev", "eth0")
    vt.wait_until(lambda: topo.has("r1", vt.VIP4), 2, "the VIP back on r1")
    vt.wait_until(lambda: "removed by someone else" in r1.text(), 2,
                  "r1's log saying the VIP was put back")
    vt.check(r1.state() == "MASTER", "r1 is %s, want MASTER" % r1.state())
    vt.check(not topo.has("r2", vt.VIP4), "r2 must not hold the VIP")

    # Removed again and again: put back every time, never duplicated.
    for _ in range(3):
        topo.ip("r1", "addr", "del", vt.VIP4 + "/24", "dev", "eth0")
        vt.wait_until(lambda: topo.has("r1", vt.VIP4), 2, "the VIP back on r1")
    count = sum(1 for a in topo.addresses("r1") if a.startswith(vt.VIP4 + "/"))
    vt.check(count == 1, "r1 has %d copies of the VIP" % count)

    # And a clean stop still removes it: the put-back copy is vigil's.
    r1.stop()
    vt.check(not topo.has("r1", vt.VIP4), "r1 kept the VIP after a clean stop")


vt.run(test)
