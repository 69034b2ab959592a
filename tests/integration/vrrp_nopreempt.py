#!/usr/bin/python3
"""nopreempt: a higher-priority router that comes back does not take over.

r2 (priority 100) is master. r1 (priority 200, state BACKUP, nopreempt)
starts and stays BACKUP while r2 advertises; it takes over only when r2
dies.
"""
import vigiltest as vt

ADV = 0.2


def test(t):
    topo = t.topology(["r1", "r2"])
    cap = topo.capture()
    r2 = topo.start_router("r2", vt.config(vt.instance(priority=100, advert_int=ADV)))
    vt.expect_master(topo, cap, r2, [], vt.VIP4, ADV, timeout=5)

    r1 = topo.start_router("r1", vt.config(vt.instance(
        priority=200, advert_int=ADV, nopreempt=True)))
    r1.wait_state("BACKUP", 3)
    mdi = vt.master_down_interval(ADV, 200)
    vt.say("r1 must stay BACKUP for 3 x Master_Down_Interval (%.2fs)" % (3 * mdi))
    vt.holds_for(lambda: r1.state() == "BACKUP" and r2.state() == "MASTER"
                 and topo.holders(vt.VIP4) == ["r2"], 3 * mdi,
                 "r2 master with the VIP, r1 backup")
    vt.expect_master(topo, cap, r2, [r1], vt.VIP4, ADV, timeout=1)
    vt.check("MASTER" not in r1.transitions(), "r1 was MASTER: %s" % r1.transitions())

    killed = r2.crash()
    r1.wait_state("MASTER", 3)
    vt.expect_takeover(topo, cap, "r2", "r1", killed, ADV, new_prio=200)


vt.run(test)
