#!/usr/bin/python3
"""Split brain heals to exactly one master.

The bridge stops forwarding r1's frames (r1 keeps carrier, so it stays
master): r2 takes over too and both hold the VIP. When the bridge forwards
again, the lower-priority r2 steps back within a few adverts and only r1
holds the VIP.
"""
import vigiltest as vt

ADV = 0.2


def test(t):
    topo = t.topology(["r1", "r2"])
    cap = topo.capture()
    r1 = topo.start_router("r1", vt.config(vt.instance(priority=200, advert_int=ADV)))
    r2 = topo.start_router("r2", vt.config(vt.instance(priority=100, advert_int=ADV)))
    vt.expect_master(topo, cap, r1, [r2], vt.VIP4, ADV, timeout=5)

    topo.isolate("r1")
    r2.wait_state("MASTER", 3)
    topo.wait_holders(vt.VIP4, ["r1", "r2"], 2)
    vt.holds_for(lambda: r1.state() == "MASTER" and r2.state() == "MASTER", 5 * ADV,
                 "both masters while r1 is isolated")
    vt.say("split brain: both masters, both hold %s" % vt.VIP4)

    healed = vt.time.time()
    topo.rejoin("r1")
    r2.wait_state("BACKUP", 4 * ADV + 1)
    vt.say("r2 stepped back %.3fs after the link returned" % (vt.time.time() - healed))
    vt.expect_master(topo, cap, r1, [r2], vt.VIP4, ADV, timeout=2)


vt.run(test)
