#!/usr/bin/python3
"""D-Bus: Release() hands the VIP to the peer, Resume() brings it back.

r1 (priority 200, master) and r2 (priority 100). Release(0) on r1's VI_1:
r1 goes backup at once (priority-0 advert), r2 takes 192.0.2.100, and r1's
HeldUntil says "until resume" (the largest t). Resume(): r1 preempts back.
Then Release(2) holds for two seconds only, SetPriority(50) shows in
PriorityOverride and EffectivePriority and hands mastership over,
SetPriority(0) clears it, SetPriority(255) is refused, and SendGarp works.
"""
import time

import dbustest as dt
import vigiltest as vt

ADV = 0.2
FOREVER = 2 ** 64 - 1


def test(t):
    dt.require_tools(t)
    bus1 = dt.PrivateBus("release1")
    bus2 = dt.PrivateBus("release2")
    topo = t.topology(["r1", "r2"])
    r1 = dt.start_vigild(topo, "r1", vt.config(vt.instance(priority=200, advert_int=ADV)), bus1)
    r2 = dt.start_vigild(topo, "r2", vt.config(vt.instance(priority=100, advert_int=ADV)), bus2)
    conn1, conn2 = bus1.connect(), bus2.connect()
    dt.wait_owned(conn1)
    dt.wait_owned(conn2)
    path = dt.instance_path("VI_1")
    dt.wait_property(conn1, path, dt.VRRP, "State", "master", 5)
    topo.wait_holders(vt.VIP4, ["r1"], 5)

    released_at = time.monotonic()
    dt.call(conn1, path, dt.VRRP, "Release", "(u)", [0])
    dt.wait_property(conn1, path, dt.VRRP, "State", "backup", 1)
    topo.wait_holders(vt.VIP4, ["r2"], 2)
    took = time.monotonic() - released_at
    vt.say("r2 holds the VIP %.2fs after Release()" % took)
    vt.check(took < 3 * ADV + 0.5, "the peer took over at once (priority 0), "
             "not after Master_Down_Interval: %.2fs" % took)
    vt.check(dt.get(conn1, path, dt.VRRP, "HeldUntil") == FOREVER,
             "HeldUntil is 'until resume': %s" % dt.get(conn1, path, dt.VRRP, "HeldUntil"))
    vt.holds_for(lambda: topo.holders(vt.VIP4) == ["r2"], 1.0, "r2 keeps the VIP while held")

    dt.call(conn1, path, dt.VRRP, "Resume")
    dt.wait_property(conn1, path, dt.VRRP, "State", "master", 3)
    topo.wait_holders(vt.VIP4, ["r1"], 3)
    vt.check(dt.get(conn1, path, dt.VRRP, "HeldUntil") == 0, "HeldUntil cleared")

    # a timed hold ends by itself
    dt.call(conn1, path, dt.VRRP, "Release", "(u)", [2])
    held = dt.get(conn1, path, dt.VRRP, "HeldUntil")
    now_us = time.time() * 1e6
    vt.check(now_us < held <= now_us + 2.5e6, "HeldUntil about 2 s ahead: %s" % held)
    topo.wait_holders(vt.VIP4, ["r2"], 2)
    topo.wait_holders(vt.VIP4, ["r1"], 2 + 3 * ADV + 2)

    # runtime priority override
    dt.call(conn1, path, dt.VRRP, "SetPriority", "(y)", [50])
    vt.check(dt.get(conn1, path, dt.VRRP, "PriorityOverride") == 50, "PriorityOverride 50")
    vt.check(dt.get(conn1, path, dt.VRRP, "EffectivePriority") == 50, "EffectivePriority 50")
    vt.check(dt.get(conn1, path, dt.VRRP, "Priority") == 200, "Priority stays 200")
    topo.wait_holders(vt.VIP4, ["r2"], 3)
    dt.call(conn1, path, dt.VRRP, "SetPriority", "(y)", [0])
    vt.check(dt.get(conn1, path, dt.VRRP, "EffectivePriority") == 200, "override cleared")
    topo.wait_holders(vt.VIP4, ["r1"], 3)
    name, message = dt.call_error(conn1, path, dt.VRRP, "SetPriority", "(y)", [255])
    vt.check(name == "org.freedesktop.DBus.Error.InvalidArgs", "255 refused: %s" % name)

    dt.call(conn1, path, dt.VRRP, "SendGarp")
    name, _ = dt.call_error(conn1, dt.instance_path("NOPE"), dt.VRRP, "Resume")
    vt.check(name in ("org.freedesktop.DBus.Error.UnknownMethod",
                      "org.freedesktop.DBus.Error.UnknownObject"),
             "an unknown instance is an unknown object: %s" % name)
    vt.check(r1.running() and r2.running(), "both vigild still run")


vt.run(test)
