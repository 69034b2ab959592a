#!/usr/bin/python3
"""Interface down -> FAULT, and back.

Set r1's eth0 down: r1 enters FAULT and removes the VIP, r2 takes over.
Set it up again: r1 leaves FAULT and, with priority 200, takes the VIP back.
"""
import vigiltest as vt

ADV = 0.2


def test(t):
    topo = t.topology(["r1", "r2"])
    cap = topo.capture()
    r1 = topo.start_router("r1", vt.config(vt.instance(priority=200, advert_int=ADV)))
    r2 = topo.start_router("r2", vt.config(vt.instance(priority=100, advert_int=ADV)))
    vt.expect_master(topo, cap, r1, [r2], vt.VIP4, ADV, timeout=5)

    vt.say("ip link set eth0 down on r1")
    topo.ip("r1", "link", "set", "eth0", "down")
    r1.wait_state("FAULT", 3)
    vt.wait_until(lambda: not topo.has("r1", vt.VIP4), 3, "r1 to remove the VIP")
    r2.wait_state("MASTER", 3)
    topo.wait_holders(vt.VIP4, ["r2"], 3)
    topo.show_addresses()

    vt.say("ip link set eth0 up on r1")
    topo.ip("r1", "link", "set", "eth0", "up")
    vt.wait_until(lambda: r1.state() != "FAULT", 5, "r1 to leave FAULT")
    vt.expect_master(topo, cap, r1, [r2], vt.VIP4, ADV, timeout=5)
    tr = r1.transitions()
    vt.check(tr[-3:] == ["FAULT", "BACKUP", "MASTER"] or tr[-2:] == ["FAULT", "MASTER"],
             "r1's log shows %s, want FAULT then (BACKUP then) MASTER" % tr)


vt.run(test)
