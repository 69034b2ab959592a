#!/usr/bin/python3
"""D-Bus: VRRP does not wait for the bus; vigild (re)connects when it can.

vigild starts while its system bus is down: it logs a warning, becomes
master and holds the VIP anyway. When the bus comes up, vigild owns
org.vigil.Vigil1 within a few seconds and exports its objects. When the
bus dies and comes back (dbus-daemon restarted), vigild connects again
and re-owns the name; VRRP is not disturbed at any point.
"""
import dbustest as dt
import vigiltest as vt

RETRY = 3   # VIGIL_DBUS_RETRY_SECONDS


def test(t):
    dt.require_tools(t)
    bus = dt.PrivateBus("reconnect")
    bus.stop()
    topo = t.topology(["r1"])
    r1 = dt.start_vigild(topo, "r1", vt.config(vt.instance(priority=200, state="MASTER")), bus)
    r1.wait_state("MASTER", 5)
    topo.wait_holders(vt.VIP4, ["r1"], 2)
    vt.wait_until(lambda: "cannot reach the system bus" in r1.text(), 3,
                  "vigild to warn that the bus is unreachable")

    bus.start()
    conn = bus.connect()
    dt.wait_owned(conn, RETRY + 5)
    vi = dt.instance_path("VI_1")
    vt.check(dt.get(conn, vi, dt.VRRP, "State") == "master", "exported once connected")

    for round in (1, 2):
        bus.stop()
        bus.start()
        conn = bus.connect()
        dt.wait_owned(conn, RETRY + 5)
        vt.check(dt.get(conn, vi, dt.VRRP, "State") == "master",
                 "round %d: objects back on the new bus" % round)
        vt.check(sorted(dt.managed_objects(conn)) == [vi], "round %d: one object" % round)
    vt.check("lost the system bus connection" in r1.text(), "vigild logs the loss")
    vt.check(r1.running() and r1.transitions() in (["BACKUP", "MASTER"], ["MASTER"]),
             "VRRP undisturbed: %s" % r1.transitions())
    topo.wait_holders(vt.VIP4, ["r1"], 1)


vt.run(test)
