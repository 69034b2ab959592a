#!/usr/bin/python3
"""A reload leaves an unchanged instance alone, restarts a changed one.

r1 runs four instances at advert_int 0.1 s, all master. The config is
rewritten: VI_A unchanged, VI_B's priority changed, VI_D removed, VI_C
added; then SIGHUP. Asserted from a capture on the bridge and from
`ip monitor address` in r1:
  - VI_A: no priority-0 advert, no gap between adverts beyond one advert
    interval (plus scheduling slack), its VIP never deleted;
  - VI_B: restarted on its own (priority 0, then adverts at 101);
  - VI_D: stopped cleanly (priority 0, VIP removed, no more adverts);
  - VI_C: starts and becomes master;
  - the log's summary: 1 unchanged, 1 restarted, 1 added, 1 removed.
"""
import signal
import subprocess
import time

import vigiltest as vt

ADV = 0.1
# a gap may exceed the interval by scheduling slack only, never by a
# missed advert (that would be 2 * ADV)
MAX_GAP = ADV * 1.5


def inst(name, vrid, prio=100):
    return vt.instance(name=name, vrid=vrid, priority=prio, advert_int=ADV,
                       vips=("192.0.2.%d/24" % (100 + vrid - 50),))


def test(t):
    if vt.default_daemon() != "vigild":
        raise vt.TestSkip("vigild's reload")
    topo = t.topology(["r1"])
    cap = topo.capture()
    r1 = topo.start_router("r1", inst("VI_A", 51) + inst("VI_B", 52) + inst("VI_D", 54))
    for name in ("VI_A", "VI_B", "VI_D"):
        r1.wait_state("MASTER", 5, name)

    monitor_log = open(topo.workdir + "/ip-monitor.log", "w")
    monitor = subprocess.Popen(["ip", "-n", topo.ns("r1"), "monitor", "address"],
                               stdout=monitor_log, stderr=subprocess.STDOUT)
    try:
        time.sleep(1.0)
        with open(r1.conf, "w") as f:
            f.write(inst("VI_A", 51) + inst("VI_B", 52, prio=101) + inst("VI_C", 53))
        reload_at = time.time()   # the capture's clock (pcap timestamps)
        r1.signal(signal.SIGHUP)
        vt.wait_until(lambda: "reloaded:" in r1.text(), 5, "the reload to be applied")
        r1.wait_state("MASTER", 5, "VI_C")
        vt.wait_until(lambda: any(a.prio == 101 for a in cap.adverts(vrid=52)), 5,
                      "VI_B's adverts at priority 101")
        time.sleep(1.0)
    finally:
        monitor.terminate()
        monitor.wait(5)
        monitor_log.close()
    adverts = cap.stop()

    summary = [l for l in r1.text().splitlines() if "reloaded:" in l]
    vt.check(summary and "1 instance(s) unchanged, 1 restarted, 1 added, 1 removed" in summary[-1],
             "reload summary: %s" % summary)
    vt.say(summary[-1].split("reloaded:")[1].strip())

    a = [x for x in adverts if x.vrid == 51]
    vt.check(a and all(x.prio == 100 for x in a),
             "VI_A sent priorities %s" % sorted({x.prio for x in a}))
    gaps = [b.time - x.time for x, b in zip(a, a[1:])]
    around = [g for x, g in zip(a, gaps) if abs(x.time - reload_at) < 1.0]
    vt.say("VI_A: %d adverts, largest gap %.1f ms (%.1f ms within 1 s of the reload)"
           % (len(a), max(gaps) * 1e3, max(around) * 1e3))
    vt.check(max(gaps) < MAX_GAP, "VI_A: a gap of %.1f ms between adverts" % (max(gaps) * 1e3))

    b = [x for x in adverts if x.vrid == 52]
    first101 = next(i for i, x in enumerate(b) if x.prio == 101)
    vt.check(any(x.prio == 0 for x in b[:first101]),
             "VI_B was not restarted (no priority 0 before 101): %s" % b[max(0, first101 - 3):first101 + 1])
    d = [x for x in adverts if x.vrid == 54]
    vt.check(d and d[-1].prio == 0, "VI_D's last advert is not priority 0: %s" % d[-3:])
    vt.check(any(x.vrid == 53 and x.prio == 100 for x in adverts), "VI_C never advertised")

    with open(topo.workdir + "/ip-monitor.log") as f:
        events = f.read()
    deleted = [l for l in events.splitlines() if l.startswith("Deleted")]
    vt.check(not any("192.0.2.101/" in l for l in deleted),
             "VI_A's VIP was deleted during the reload: %s" % deleted)
    vt.check(any("192.0.2.104/" in l for l in deleted),
             "VI_D's VIP removal not seen (is the monitor working?): %s" % deleted)
    vt.check(not topo.has("r1", "192.0.2.104"), "VI_D's VIP is still on r1")
    vt.check(topo.has("r1", "192.0.2.101"), "VI_A's VIP is missing")
    rc = r1.stop()
    vt.check(rc == 0, "r1 exited with %d" % rc)


vt.run(test)
