#!/usr/bin/python3
"""Failover on link partition.

Take the master's switch-side veth down: r1's eth0 loses carrier, r1 goes
to FAULT and gives up the VIP, r2 takes over one Master_Down_Interval after
the last advert that reached the bridge. When the link returns, r1
(priority 200) takes the VIP back and is the only master.
"""
import vigiltest as vt

ADV = 0.2


def test(t):
    topo = t.topology(["r1", "r2"])
    cap = topo.capture()
    r1 = topo.start_router("r1", vt.config(vt.instance(priority=200, advert_int=ADV)))
    r2 = topo.start_router("r2", vt.config(vt.instance(priority=100, advert_int=ADV)))
    vt.expect_master(topo, cap, r1, [r2], vt.VIP4, ADV, timeout=5)

    cut = topo.link_down("r1")
    r2.wait_state("MASTER", 5)
    vt.expect_takeover(topo, cap, "r1", "r2", cut, ADV, new_prio=100)
    r1.wait_state("FAULT", 5)
    topo.wait_holders(vt.VIP4, ["r2"], 3)

    topo.link_up("r1")
    vt.expect_master(topo, cap, r1, [r2], vt.VIP4, ADV, timeout=5)
    vt.check(r1.running() and r2.running(), "a daemon exited")


vt.run(test)
