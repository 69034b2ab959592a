#!/usr/bin/python3
"""track_file: the file's value times the weight; FAULT as keepalived says.

r1 (priority 200) tracks two files, r2 has priority 100:
  prio  (track_file, weight 1, init_file): writing -120 makes r1's
        effective priority 80, its adverts say so and r2 takes over;
        writing 0 gives the VIP back; -254 (below -253) is FAULT.
  fault (vrrp_track_file, referenced with `weight 0`): any non-zero
        value is FAULT.
init_file creates the first file with 0 before vigild reads it.
"""
import os
import time

import vigiltest as vt

ADV = 0.2


def write(path, value):
    vt.say("echo %s > %s" % (value, os.path.basename(path)))
    with open(path, "w") as f:
        f.write("%s\n" % value)


def back_to_master(topo, cap, r1, r2):
    vt.wait_until(lambda: r1.state() == "MASTER", 5, "r1 to take the VIP back")
    topo.wait_holders(vt.VIP4, ["r1"], 3)
    r2.wait_state("BACKUP", 3)


def to_fault(topo, r1, r2, why):
    r1.wait_state("FAULT", 3)
    vt.wait_until(lambda: not topo.has("r1", vt.VIP4), 3, "r1 to remove the VIP")
    r2.wait_state("MASTER", 3)
    vt.check(why in r1.text(), "r1's log says why it is in FAULT: %s" % why)


def test(t):
    topo = t.topology(["r1", "r2"])
    prio = os.path.join(topo.workdir, "prio")
    fault = os.path.join(topo.workdir, "fault")
    write(fault, 0)
    conf1 = ("track_file prio {\n"
             "    file %s\n"
             "    weight 1\n"
             "    init_file\n"
             "}\n"
             "vrrp_track_file fault {\n"
             "    file %s\n"
             "}\n\n" % (prio, fault)
             + vt.config(vt.instance(priority=200, advert_int=ADV,
                                     extra=["track_file {", "    prio",
                                            "    fault weight 0", "}"])))
    cap = topo.capture()
    r1 = topo.start_router("r1", conf1)
    r2 = topo.start_router("r2", vt.config(vt.instance(priority=100, advert_int=ADV)))
    vt.expect_master(topo, cap, r1, [r2], vt.VIP4, ADV, timeout=5)
    with open(prio) as f:
        vt.check(f.read().strip() == "0", "init_file created %s with 0" % prio)

    since = time.time()
    write(prio, -120)
    r2.wait_state("MASTER", 3)
    topo.wait_holders(vt.VIP4, ["r2"], 3)
    vt.wait_until(lambda: any(a.prio == 80 for a in
                              cap.adverts(vrid=51, src=topo.addr4("r1"), since=since)),
                  3, "an advert from r1 with priority 80")
    vt.check(r1.state() == "BACKUP", "r1 is %s, want BACKUP" % r1.state())
    write(prio, 0)
    back_to_master(topo, cap, r1, r2)

    write(prio, -254)
    to_fault(topo, r1, r2, "track_file prio down (value -254")
    write(prio, 0)
    back_to_master(topo, cap, r1, r2)

    write(fault, 1)
    to_fault(topo, r1, r2, "track_file fault down (value 1")
    write(fault, 0)
    back_to_master(topo, cap, r1, r2)


vt.run(test)
