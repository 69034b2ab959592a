#!/usr/bin/python3
"""Preempt: a higher-priority router that comes back takes over.

r2 (priority 100) runs alone and is master. r1 (priority 200, preempt by
default) starts: it becomes master within its Master_Down_Interval, r2
goes back to BACKUP and the VIP moves to r1.
"""
import vigiltest as vt

ADV = 0.2


def test(t):
    topo = t.topology(["r1", "r2"])
    cap = topo.capture()
    r2 = topo.start_router("r2", vt.config(vt.instance(priority=100, advert_int=ADV)))
    vt.expect_master(topo, cap, r2, [], vt.VIP4, ADV, timeout=5)

    r1 = topo.start_router("r1", vt.config(vt.instance(priority=200, advert_int=ADV)))
    start = r1.started_at
    r1.wait_state("MASTER", 5)
    first = cap.wait_advert(3, "r1's first advert", since=start,
                            mac=topo.mac("r1"), min_prio=1)
    mdi = vt.master_down_interval(ADV, 200)
    vt.say("r1 preempted %.3fs after it started (Master_Down_Interval %.3fs)"
           % (first.time - start, mdi))
    vt.check(first.time - start <= mdi + 0.5,
             "preempting took %.3fs, want at most %.3fs"
             % (first.time - start, mdi + 0.5))
    r2.wait_state("BACKUP", 3)
    vt.expect_master(topo, cap, r1, [r2], vt.VIP4, ADV, timeout=3)
    vt.check(r2.transitions()[-2:] == ["MASTER", "BACKUP"],
             "r2's log shows %s, want MASTER then BACKUP" % r2.transitions())


vt.run(test)
