#!/usr/bin/python3
"""No stale VIP after SIGKILL and restart.

r1 (priority 200, nopreempt) is master, r2 backup. SIGKILL r1's daemon:
the VIP it added stays on r1's eth0 (nobody removed it) while r2 takes
over. Start r1's daemon again with the same config: it must remove the
address the dead one left, and stay backup (nopreempt); the VIP is on r2
only. An address vigil did not add (192.0.2.51/32) is never touched.
"""
import vigiltest as vt

ADV = 0.2
OTHER = "192.0.2.51"


def test(t):
    topo = t.topology(["r1", "r2"])
    topo.ip("r1", "addr", "add", OTHER + "/32", "dev", "eth0")
    cap = topo.capture()
    r1 = topo.start_router("r1", vt.config(vt.instance(
        priority=200, advert_int=ADV, nopreempt=True)))
    vt.expect_master(topo, cap, r1, [], vt.VIP4, ADV, timeout=5)
    r2 = topo.start_router("r2", vt.config(vt.instance(priority=100, advert_int=ADV)))
    vt.expect_master(topo, cap, r1, [r2], vt.VIP4, ADV, timeout=5)

    r1.crash()
    r2.wait_state("MASTER", 3)
    topo.wait_holders(vt.VIP4, ["r1", "r2"], 2)
    vt.say("after the crash the VIP is stale on r1")
    topo.show_addresses()

    r1.start()
    r1.wait_state("BACKUP", 3)
    topo.wait_holders(vt.VIP4, ["r2"], 3)
    vt.say("the restarted daemon removed the stale VIP")
    vt.expect_master(topo, cap, r2, [r1], vt.VIP4, ADV, timeout=3)
    vt.check(topo.has("r1", OTHER), "r1 lost %s, which vigil did not add" % OTHER)
    topo.show_addresses()


vt.run(test)
