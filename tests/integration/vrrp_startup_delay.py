#!/usr/bin/python3
"""vrrp_startup_delay: no instance becomes master before the delay is over.

r1 alone, `state MASTER`, priority 200, with `vrrp_startup_delay 3`:
for the first 3 s it is backup and holds no VIP; afterwards, with no
other router, it becomes master (after Master_Down_Interval counted from
the end of the delay) and takes the VIP. A reload does not delay again.
"""
import signal
import time

import vigiltest as vt

ADV = 0.2
DELAY = 3


def test(t):
    topo = t.topology(["r1"])
    conf = ("global_defs {\n    vrrp_startup_delay %d\n}\n" % DELAY
            + vt.config(vt.instance(priority=200, advert_int=ADV, state="MASTER")))
    r1 = topo.start_router("r1", conf)
    started = r1.started_at
    r1.wait_state("BACKUP", 3)
    vt.holds_for(lambda: r1.state() == "BACKUP" and not topo.has("r1", vt.VIP4),
                 max(0.1, started + DELAY - 0.5 - time.time()),
                 "r1 backup without the VIP during the startup delay")
    r1.wait_state("MASTER", DELAY + 3)
    took = time.time() - started
    vt.say("r1 master %.2f s after its start" % took)
    vt.check(took >= DELAY - 0.3, "r1 became master after %.2f s, within the delay" % took)
    vt.wait_until(lambda: topo.has("r1", vt.VIP4), 2, "the VIP on r1")

    # A reload is not a startup: no new delay, r1 stays master.
    with open(r1.conf, "a") as f:
        f.write("\n")
    r1.signal(signal.SIGHUP)
    vt.wait_until(lambda: "reloaded:" in r1.text() or "Reload complete" in r1.text(), 5,
                  "the reload")
    vt.holds_for(lambda: r1.state() == "MASTER" and topo.has("r1", vt.VIP4), 1.0,
                 "r1 master through the reload")
    r1.stop()


vt.run(test)
