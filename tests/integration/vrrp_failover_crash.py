#!/usr/bin/python3
"""Failover on master crash.

r1 (priority 200) and r2 (priority 100) share 192.0.2.100. SIGKILL the
master: r2 must take over one Master_Down_Interval after r1's last advert,
not before, and not much later.
"""
import vigiltest as vt

ADV = 0.2


def test(t):
    topo = t.topology(["r1", "r2"])
    cap = topo.capture()
    r1 = topo.start_router("r1", vt.config(vt.instance(priority=200, advert_int=ADV)))
    r2 = topo.start_router("r2", vt.config(vt.instance(priority=100, advert_int=ADV)))
    vt.expect_master(topo, cap, r1, [r2], vt.VIP4, ADV, timeout=5)

    killed = r1.crash()
    r2.wait_state("MASTER", 5)
    vt.expect_takeover(topo, cap, "r1", "r2", killed, ADV, new_prio=100)
    vt.expect_master(topo, cap, r2, [], vt.VIP4, ADV, timeout=2)
    vt.check(r2.transitions()[-2:] == ["BACKUP", "MASTER"],
             "r2's log shows %s, want BACKUP then MASTER" % r2.transitions())


vt.run(test)
