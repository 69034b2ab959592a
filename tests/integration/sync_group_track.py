#!/usr/bin/python3
"""vrrp_sync_group tracking: the group's track_interface applies to every
member, and a member's weighted track_interface loses its weight.

r1 alone runs G1 (VI_1 on eth0, VI_2 on eth1). The group tracks trk0
(no weight); VI_1 tracks trk2 with weight -50, which keepalived ignores
in a sync group without sync_group_tracking_weight: trk2 down puts VI_1
(and so the group) in FAULT instead of lowering its priority. With
sync_group_tracking_weight, a reload makes trk2 lower VI_1's priority
by 50 and nothing goes to FAULT; the reload itself moves nothing.
"""
import signal

import vigiltest as vt
import synctest as st


def conf(tracking_weight):
    extra = ["track_interface {", "    trk0", "}"]
    if tracking_weight:
        extra.append("sync_group_tracking_weight")
    text = st.group_config(200, group_extra=extra)
    return text.replace("    virtual_router_id 51\n",
                        "    virtual_router_id 51\n    track_interface {\n"
                        "        trk2 weight -50\n    }\n")


def link(topo, name, state):
    vt.say("ip link set %s %s on r1" % (name, state))
    topo.ip("r1", "link", "set", name, state)


def test(t):
    topo = t.topology(["r1"])
    st.add_second_network(topo)
    for a, b in (("trk0", "trk1"), ("trk2", "trk3")):
        topo.ip("r1", "link", "add", a, "type", "veth", "peer", "name", b)
        topo.ip("r1", "link", "set", a, "up")
        topo.ip("r1", "link", "set", b, "up")
    r1 = topo.start_router("r1", conf(False))
    r1.wait_state("MASTER", 5, "VI_1")
    r1.wait_state("MASTER", 5, "VI_2")
    if r1.kind == "vigild":
        vt.check("ignoring the weight of track_interface trk2: sync group G1" in r1.text(),
                 "r1 does not say it ignores trk2's weight")

    # The group's tracker: both members track it, both go to FAULT.
    link(topo, "trk0", "down")
    r1.wait_state("FAULT", 3, "VI_1")
    r1.wait_state("FAULT", 3, "VI_2")
    vt.wait_until(lambda: st.holders(topo, ("r1",)) == ([], []), 3, "r1 to drop both VIPs")
    link(topo, "trk0", "up")
    r1.wait_state("MASTER", 5, "VI_1")
    r1.wait_state("MASTER", 5, "VI_2")

    # VI_1's weighted tracker counts without its weight: FAULT for all.
    link(topo, "trk2", "down")
    r1.wait_state("FAULT", 3, "VI_1")
    r1.wait_state("FAULT", 3, "VI_2")
    if r1.kind == "vigild":
        vt.check("VI_2: MASTER -> FAULT (sync group G1: VI_1 in FAULT)" in r1.text(),
                 "VI_2 did not follow VI_1 into FAULT")
    link(topo, "trk2", "up")
    r1.wait_state("MASTER", 5, "VI_1")
    r1.wait_state("MASTER", 5, "VI_2")

    if r1.kind != "vigild":
        r1.stop()
        return
    # With sync_group_tracking_weight the weight counts: no FAULT. The
    # reload keeps the group (same members) and its state: no group or
    # member transition.
    before = (r1.transitions("G1"), r1.transitions("VI_1"), r1.transitions("VI_2"))
    with open(r1.conf, "w") as f:
        f.write(conf(True))
    r1.signal(signal.SIGHUP)
    vt.wait_until(lambda: "reloaded:" in r1.text(), 5, "the reload")
    vt.holds_for(lambda: (r1.transitions("G1"), r1.transitions("VI_1"),
                          r1.transitions("VI_2")) == before, 0.5,
                 "the group and its members to keep their states over the reload")
    n_fault = r1.transitions("VI_1").count("FAULT")
    link(topo, "trk2", "down")
    vt.wait_until(lambda: "trk2 is down" in r1.text() and "tracking weight -50" in r1.text(), 3,
                  "VI_1 to take trk2's weight -50")
    vt.holds_for(lambda: r1.state("VI_1") == "MASTER", 1.0, "VI_1 to stay MASTER")
    vt.check(r1.transitions("VI_1").count("FAULT") == n_fault, "VI_1 went to FAULT again")
    rc = r1.stop()
    vt.check(rc == 0, "vigild exited with %d" % rc)


vt.run(test)
