#!/usr/bin/python3
"""track_interface without a weight: the tracked link down means FAULT.

r1 (priority 200) runs VI_1 on eth0 and tracks trk0, one end of a veth
pair inside r1's namespace, with no weight; r2 has priority 100. Setting
trk0 down puts r1 in FAULT (the log names the interface), it drops the
VIP and r2 takes over; setting it up again gives the VIP back. The same
happens when trk0 loses its carrier (its peer trk1 goes down).
"""
import vigiltest as vt

ADV = 0.2


def fail_and_recover(topo, r1, r2, link, why):
    vt.say("ip link set %s down on r1" % link)
    topo.ip("r1", "link", "set", link, "down")
    r1.wait_state("FAULT", 3)
    vt.wait_until(lambda: not topo.has("r1", vt.VIP4), 3, "r1 to remove the VIP")
    r2.wait_state("MASTER", 3)
    topo.wait_holders(vt.VIP4, ["r2"], 3)
    vt.check("track_interface trk0 down (%s)" % why in r1.text(),
             "r1's log says why it is in FAULT: track_interface trk0 down (%s)" % why)

    vt.say("ip link set %s up on r1" % link)
    topo.ip("r1", "link", "set", link, "up")
    vt.wait_until(lambda: r1.state() == "MASTER", 5, "r1 to leave FAULT and take the VIP back")
    topo.wait_holders(vt.VIP4, ["r1"], 3)
    r2.wait_state("BACKUP", 3)


def test(t):
    topo = t.topology(["r1", "r2"])
    topo.ip("r1", "link", "add", "trk0", "type", "veth", "peer", "name", "trk1")
    topo.ip("r1", "link", "set", "trk0", "up")
    topo.ip("r1", "link", "set", "trk1", "up")
    cap = topo.capture()
    r1 = topo.start_router("r1", vt.config(vt.instance(
        priority=200, advert_int=ADV, extra=["track_interface {", "    trk0", "}"])))
    r2 = topo.start_router("r2", vt.config(vt.instance(priority=100, advert_int=ADV)))
    vt.expect_master(topo, cap, r1, [r2], vt.VIP4, ADV, timeout=5)

    fail_and_recover(topo, r1, r2, "trk0", "link down")
    fail_and_recover(topo, r1, r2, "trk1", "no carrier")
    tr = r1.transitions()
    vt.check(tr.count("FAULT") == 2, "r1 went to FAULT %d times, want 2: %s"
             % (tr.count("FAULT"), tr))


vt.run(test)
