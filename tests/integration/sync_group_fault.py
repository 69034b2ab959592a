#!/usr/bin/python3
"""vrrp_sync_group: one member's interface fails, the whole group moves.

Two routers, each with VI_1 on eth0 and VI_2 on eth1 in sync group G1;
r1 has priority 200, r2 100. r1 is master of both. When r1's eth1 goes
down, VI_2 enters FAULT, takes VI_1 (whose own link is fine) to FAULT
with it ("sync group G1: VI_2 in FAULT"), and r2 becomes master of both:
both VIPs move. When eth1 comes back, r1's group leaves FAULT and takes
both back (preempt).
"""
import vigiltest as vt
import synctest as st


def test(t):
    topo = t.topology(["r1", "r2"])
    st.add_second_network(topo)
    r1 = topo.start_router("r1", st.group_config(200))
    r1.wait_state("MASTER", 5, "VI_1")
    r1.wait_state("MASTER", 5, "VI_2")
    r2 = topo.start_router("r2", st.group_config(100))
    r2.wait_state("BACKUP", 5, "VI_1")
    r2.wait_state("BACKUP", 5, "VI_2")
    st.wait_group_on(topo, "r1", 5)
    if r1.kind == "vigild":
        vt.check(r1.state("G1") == "MASTER", "r1's group G1 is %s, want MASTER"
                 % r1.transitions("G1"))

    vt.say("ip link set eth1 down on r1")
    topo.ip("r1", "link", "set", "eth1", "down")
    r1.wait_state("FAULT", 3, "VI_2")
    r1.wait_state("FAULT", 3, "VI_1")
    r2.wait_state("MASTER", 5, "VI_1")
    r2.wait_state("MASTER", 5, "VI_2")
    vt.wait_until(lambda: st.holders(topo)[0] == ["r2"], 3, "VI_1's VIP to move to r2")
    vt.check(not topo.has("r1", vt.VIP4, "eth0"), "r1 kept VI_1's VIP")
    vt.check(topo.has("r2", st.VIP_B, "eth1"), "r2 does not hold VI_2's VIP")
    if r1.kind == "vigild":
        vt.check("VI_1: MASTER -> FAULT (sync group G1: VI_2 in FAULT)" in r1.text(),
                 "r1's log does not say VI_1 followed VI_2 into FAULT")
        vt.check(r1.state("G1") == "FAULT", "r1's group G1 went %s, want FAULT last"
                 % r1.transitions("G1"))
        vt.check(r2.state("G1") == "MASTER", "r2's group G1 went %s, want MASTER last"
                 % r2.transitions("G1"))
        # r2's members went master together, through the group: VI_2 for
        # want of adverts, VI_1 on r1's VI_1 leaving with priority 0.
        for inst, why in (("VI_1", "master released (priority 0 advert)"),
                          ("VI_2", "master_down_timer expired")):
            vt.check("%s: BACKUP -> MASTER (%s; sync group G1: every member would be MASTER)"
                     % (inst, why) in r2.text(),
                     "r2's %s did not go MASTER with its group" % inst)

    vt.say("ip link set eth1 up on r1")
    topo.ip("r1", "link", "set", "eth1", "up")
    r1.wait_state("MASTER", 8, "VI_1")
    r1.wait_state("MASTER", 8, "VI_2")
    st.wait_group_on(topo, "r1", 5)
    r2.wait_state("BACKUP", 3, "VI_1")
    r2.wait_state("BACKUP", 3, "VI_2")
    for d in (r1, r2):
        rc = d.stop()
        vt.check(rc == 0, "%s on %s exited with %d" % (d.kind, d.host, rc))
    vt.wait_until(lambda: st.holders(topo) == ([], []), 3, "every VIP to be removed")


vt.run(test)
