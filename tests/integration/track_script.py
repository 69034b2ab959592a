#!/usr/bin/python3
"""vrrp_script with a weight moves the master, after `fall` failures.

r1 (priority 200) tracks chk, a script that succeeds while a flag file
exists, with weight -150 and fall 3; r2 has priority 100. Removing the
flag makes the script fail: on the third failure in a row (not before)
r1's effective priority drops to 50, its adverts say so and r2 (preempt)
takes the VIP. Restoring the flag brings r1 back to 200 on the next
success and it takes the VIP back. A reload (SIGHUP) builds the trackers
again and the script keeps running; the unchanged tracker keeps its
state across it: two failures before a reload and one after take r1
down (fall 3), not three after.
"""
import os
import re
import signal
import time

import vigiltest as vt

ADV = 0.2
INTERVAL = 1
FALL = 3


def test(t):
    topo = t.topology(["r1", "r2"])
    flag = os.path.join(topo.workdir, "flag")
    script = os.path.join(topo.workdir, "chk.sh")
    with open(script, "w") as f:
        f.write("#!/bin/sh\ntest -e '%s'\n" % flag)
    os.chmod(script, 0o755)
    open(flag, "w").close()

    conf1 = ("vrrp_script chk {\n"
             "    script \"%s\"\n"
             "    interval %d\n"
             "    weight -150\n"
             "    fall %d\n"
             "    rise 1\n"
             "}\n\n" % (script, INTERVAL, FALL)
             + vt.config(vt.instance(priority=200, advert_int=ADV,
                                     extra=["track_script {", "    chk", "}"])))
    cap = topo.capture()
    r1 = topo.start_router("r1", conf1)
    r2 = topo.start_router("r2", vt.config(vt.instance(priority=100, advert_int=ADV)))
    vt.expect_master(topo, cap, r1, [r2], vt.VIP4, ADV, timeout=5)
    vt.wait_until(lambda: "vrrp_script chk: succeeded" in r1.text(), 5,
                  "r1's first run of chk")

    vt.say("remove the flag file: chk fails from now on")
    before = r1.text().count("vrrp_script chk: failed")
    removed = time.time()
    os.unlink(flag)
    r2.wait_state("MASTER", FALL * INTERVAL + 4)
    took = time.time() - removed
    topo.wait_holders(vt.VIP4, ["r2"], 3)
    vt.say("r2 took over %.2f s after the flag went" % took)
    vt.check(took >= (FALL - 1) * INTERVAL - 0.3,
             "r2 took over after %.2f s, before %d failures could happen" % (took, FALL))
    text = r1.text()
    failed = text.count("vrrp_script chk: failed")
    down_at = text.find("vrrp_script chk: now down")
    vt.check(down_at >= 0, "r1's log says chk went down")
    vt.check(text[:down_at].count("vrrp_script chk: failed") - before == FALL,
             "chk went down after %d failures, want %d"
             % (text[:down_at].count("vrrp_script chk: failed") - before, FALL))
    vt.check(failed - before >= FALL, "r1 logged %d failures" % (failed - before))
    vt.check(re.search(r"VI_1: vrrp_script chk is down \(exit status 1\): "
                       r"tracking weight -150", text),
             "r1's log names the tracker, the instance and the weight")
    vt.wait_until(lambda: any(a.prio == 50 for a in
                              cap.adverts(vrid=51, src=topo.addr4("r1"), since=removed)),
                  3, "an advert from r1 with priority 50")
    vt.check(r1.state() == "BACKUP", "r1 is %s, want BACKUP" % r1.state())

    vt.say("restore the flag file: chk succeeds, r1 is back at 200")
    open(flag, "w").close()
    vt.wait_until(lambda: r1.state() == "MASTER", INTERVAL + 4, "r1 to take the VIP back")
    topo.wait_holders(vt.VIP4, ["r1"], 3)
    restored = time.time()
    vt.wait_until(lambda: any(a.prio == 200 for a in
                              cap.adverts(vrid=51, src=topo.addr4("r1"), since=restored - 1)),
                  3, "an advert from r1 with priority 200")
    r2.wait_state("BACKUP", 3)

    vt.say("SIGHUP: the trackers are built again from the reloaded config")
    r1.signal(signal.SIGHUP)
    vt.wait_until(lambda: r1.text().count("tracking: 1 tracker(s) for 1 VRRP instance(s)") == 2,
                  5, "r1 to rebuild its trackers")
    runs = r1.text().count("vrrp_script chk: succeeded")
    vt.wait_until(lambda: r1.text().count("vrrp_script chk: succeeded") > runs,
                  INTERVAL + 3, "chk to run again after the reload")
    vt.check(r1.running() and r1.state() == "MASTER",
             "r1 is still running and MASTER after the reload (%s)" % r1.state())
    vt.check("vrrp_script chk unchanged: kept with its state" in r1.text(),
             "the reload did not keep the unchanged vrrp_script")

    vt.say("two failures, a reload, one more failure: down (the counts survive the reload)")
    before = r1.text().count("vrrp_script chk: failed")
    downs = r1.text().count("vrrp_script chk: now down")
    os.unlink(flag)
    vt.wait_until(lambda: r1.text().count("vrrp_script chk: failed") - before >= 2,
                  2 * INTERVAL + 3, "two failures of chk")
    r1.signal(signal.SIGHUP)
    vt.wait_until(lambda: r1.text().count("tracking: 1 tracker(s) for 1 VRRP instance(s)") == 3,
                  5, "r1 to apply the second reload")
    vt.wait_until(lambda: r1.text().count("vrrp_script chk: now down") > downs,
                  2 * INTERVAL + 3, "chk to go down after the reload")
    text = r1.text()
    at = text.find("vrrp_script chk: now down", text.find("reload took", text.rfind("reloaded:")))
    failures = text[:at].count("vrrp_script chk: failed") - before
    vt.check(failures == FALL, "chk went down after %d failures across the reload, want %d"
             % (failures, FALL))
    open(flag, "w").close()


vt.run(test)
