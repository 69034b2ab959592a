#!/usr/bin/python3
"""preempt_delay: a higher-priority router waits before it takes over.

r2 (priority 100) is master. r1 (priority 200, state BACKUP,
preempt_delay 2) starts: it must stay BACKUP for 2 seconds, then take over.
"""
import vigiltest as vt

ADV = 0.2
DELAY = 2


def test(t):
    topo = t.topology(["r1", "r2"])
    cap = topo.capture()
    r2 = topo.start_router("r2", vt.config(vt.instance(priority=100, advert_int=ADV)))
    vt.expect_master(topo, cap, r2, [], vt.VIP4, ADV, timeout=5)

    r1 = topo.start_router("r1", vt.config(vt.instance(
        priority=200, advert_int=ADV, preempt_delay=DELAY)))
    start = r1.started_at
    r1.wait_state("MASTER", DELAY + 5)
    first = cap.wait_advert(3, "r1's first advert", since=start,
                            mac=topo.mac("r1"), min_prio=1)
    took = first.time - start
    vt.say("r1 took over %.3fs after it started (preempt_delay %ds)" % (took, DELAY))
    vt.check(took >= DELAY - 0.1,
             "r1 took over after %.3fs, before preempt_delay %ds" % (took, DELAY))
    high = DELAY + vt.master_down_interval(ADV, 200) + 0.5
    vt.check(took <= high, "r1 took over after %.3fs, want at most %.3fs" % (took, high))
    vt.check(r1.transitions()[:1] == ["BACKUP"],
             "r1 did not start as BACKUP: %s" % r1.transitions())
    vt.expect_master(topo, cap, r1, [r2], vt.VIP4, ADV, timeout=3)


vt.run(test)
