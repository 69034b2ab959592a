#!/usr/bin/python3
"""Graceful stop: SIGTERM the master.

The master sends a priority-0 advert, removes the VIP and exits 0; the
backup takes over after Skew_Time, well before Master_Down_Interval.
advert_int is 1s so the two are far apart (0.61s against 3.61s).
"""
import vigiltest as vt

ADV = 1


def test(t):
    topo = t.topology(["r1", "r2"])
    cap = topo.capture()
    r1 = topo.start_router("r1", vt.config(vt.instance(priority=200, advert_int=ADV)))
    r2 = topo.start_router("r2", vt.config(vt.instance(priority=100, advert_int=ADV)))
    vt.expect_master(topo, cap, r1, [r2], vt.VIP4, ADV, timeout=8)

    t0 = vt.time.time()
    rc = r1.stop()
    vt.check(rc == 0, "vigild exited with %d on SIGTERM, want 0" % rc)
    bye = cap.wait_advert(2, "r1's priority-0 advert", since=t0,
                          mac=topo.mac("r1"), prio=0)
    vt.say("r1's priority-0 advert %.3fs after SIGTERM" % (bye.time - t0))
    vt.check(not topo.has("r1", vt.VIP4), "r1 kept the VIP after stopping")

    r2.wait_state("MASTER", 3)
    skew = vt.skew_time(ADV, 100)
    dt = vt.expect_takeover(topo, cap, "r1", "r2", t0, ADV, new_prio=100,
                            low=skew - 0.05, high=skew + 0.3)
    vt.check(dt < vt.master_down_interval(ADV, 100) / 2,
             "takeover %.3fs is not well before Master_Down_Interval" % dt)
    topo.wait_holders(vt.VIP4, ["r2"], 2)


vt.run(test)
