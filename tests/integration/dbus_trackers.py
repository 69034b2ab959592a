#!/usr/bin/python3
"""D-Bus: every tracker is an object whose state follows what it tracks.

vigild on a private bus with a vrrp_script (succeeds while a flag file
exists) and a tracked interface (eth1, a veth of its own). Both appear in
GetManagedObjects under /org/vigil/Vigil1/tracker/KIND/NAME with their
name, kind, weight and state. Removing the flag makes the script fail:
PropertiesChanged brings Up false with the reason; eth1 going down does
the same for the interface tracker; a reload keeps the objects (same
path, no InterfacesRemoved).
"""
import os
import signal

import dbustest as dt
import vigiltest as vt

TRACKER = "org.vigil.Vigil1.Tracker"


def test(t):
    dt.require_tools(t)
    bus = dt.PrivateBus("trackers")
    topo = t.topology(["r1"])
    topo.ip("r1", "link", "add", "eth1", "type", "veth", "peer", "name", "eth1p")
    topo.ip("r1", "link", "set", "eth1", "up")
    topo.ip("r1", "link", "set", "eth1p", "up")
    flag = os.path.join(topo.workdir, "flag")
    script = os.path.join(topo.workdir, "chk.sh")
    with open(script, "w") as f:
        f.write("#!/bin/sh\ntest -e '%s'\n" % flag)
    os.chmod(script, 0o755)
    open(flag, "w").close()
    conf = ('vrrp_script chk {\n    script "%s"\n    interval 1\n    weight -20\n}\n' % script
            + vt.config(vt.instance(priority=200, advert_int=0.5,
                                    extra=["track_script {", "    chk", "}",
                                           "track_interface {", "    eth1 weight -30", "}"])))
    r1 = dt.start_vigild(topo, "r1", conf, bus)
    conn = bus.connect()
    dt.wait_owned(conn)
    r1.wait_state("MASTER", 5)
    chk = "/org/vigil/Vigil1/tracker/vrrp_5fscript/chk"
    eth1 = "/org/vigil/Vigil1/tracker/track_5finterface/eth1"
    dt.wait_property(conn, chk, TRACKER, "Up", True, 5)
    objects = dt.managed_objects(conn)
    for path, want in ((chk, {"Name": "chk", "Kind": "vrrp_script", "Weight": -20, "Up": True}),
                       (eth1, {"Name": "eth1", "Kind": "track_interface", "Up": True})):
        vt.check(path in objects and TRACKER in objects[path],
                 "%s missing from GetManagedObjects: %s" % (path, sorted(objects)))
        for k, v in want.items():
            vt.check(objects[path][TRACKER][k] == v, "%s %s is %r, want %r"
                     % (path, k, objects[path][TRACKER][k], v))

    sig = dt.Signals(conn, iface="org.freedesktop.DBus.Properties", member="PropertiesChanged",
                     path=chk)
    os.unlink(flag)
    dt.wait_property(conn, chk, TRACKER, "Up", False, 5)
    vt.check(dt.get(conn, chk, TRACKER, "Reason") == "exit status 1",
             "chk's reason: %r" % dt.get(conn, chk, TRACKER, "Reason"))
    sig.wait(lambda item: item[3][1].get("Up") is False, 3, "PropertiesChanged Up=false for chk")

    topo.ip("r1", "link", "set", "eth1p", "down")
    dt.wait_property(conn, eth1, TRACKER, "Up", False, 5)
    vt.say("eth1's reason: %s" % dt.get(conn, eth1, TRACKER, "Reason"))

    removed = dt.Signals(conn, iface="org.freedesktop.DBus.ObjectManager",
                         member="InterfacesRemoved")
    r1.signal(signal.SIGHUP)
    vt.wait_until(lambda: "reloaded:" in r1.text(), 5, "the reload")
    removed.pump(1.0)
    vt.check(removed.items == [], "the reload removed objects: %s" % removed.items)
    vt.check(dt.get(conn, chk, TRACKER, "Up") is False, "chk's state was lost on reload")
    rc = r1.stop()
    vt.check(rc == 0, "vigild exited with %d" % rc)


vt.run(test)
