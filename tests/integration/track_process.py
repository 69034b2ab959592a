#!/usr/bin/python3
"""vrrp_track_process: FAULT while the tracked process is not running.

A copy of sleep under a name of this test's own runs; r1 (priority 200)
tracks it with `weight 0` (FAULT while fewer than `quorum` run), r2 has
priority 100. Killing the process (by its PID) puts r1 in FAULT and r2
takes over; starting it again gives the VIP back to r1.
"""
import os
import shutil
import signal
import subprocess

import vigiltest as vt

ADV = 0.2


def test(t):
    topo = t.topology(["r1", "r2"])
    name = "vtrk%d" % (os.getpid() % 100000)
    exe = os.path.join(topo.workdir, name)
    shutil.copy("/bin/sleep", exe)
    procs = []

    def start_process():
        p = subprocess.Popen([exe, "600"], stdin=subprocess.DEVNULL)
        procs.append(p)
        vt.say("started %s (pid %d)" % (name, p.pid))
        return p

    def stop_process(p):
        vt.say("kill %s (pid %d)" % (name, p.pid))
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=5)

    try:
        p = start_process()
        conf1 = ("vrrp_track_process trk {\n"
                 "    process %s\n"
                 "    quorum 1\n"
                 "}\n\n" % name
                 + vt.config(vt.instance(priority=200, advert_int=ADV,
                                         extra=["track_process {", "    trk weight 0", "}"])))
        cap = topo.capture()
        r1 = topo.start_router("r1", conf1)
        r2 = topo.start_router("r2", vt.config(vt.instance(priority=100, advert_int=ADV)))
        vt.expect_master(topo, cap, r1, [r2], vt.VIP4, ADV, timeout=5)

        stop_process(p)
        r1.wait_state("FAULT", 3)
        vt.wait_until(lambda: not topo.has("r1", vt.VIP4), 3, "r1 to remove the VIP")
        r2.wait_state("MASTER", 3)
        topo.wait_holders(vt.VIP4, ["r2"], 3)
        vt.check("vrrp_track_process trk down (0 process(es) %s" % name in r1.text(),
                 "r1's log says why it is in FAULT")

        start_process()
        vt.wait_until(lambda: r1.state() == "MASTER", 5, "r1 to take the VIP back")
        topo.wait_holders(vt.VIP4, ["r1"], 3)
        r2.wait_state("BACKUP", 3)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait(timeout=5)


vt.run(test)
