#!/usr/bin/python3
"""D-Bus: anyone may read, only root may change anything.

As nobody (setpriv --reuid=65534): Get, GetAll, GetManagedObjects and
Introspect work; Reload, CheckConfig, Release, Resume, SetPriority and
SendGarp are refused by the bus policy. Then with a permissive test
policy (anyone may call vigild) the same calls are refused by vigild's
own uid check, with org.freedesktop.DBus.Error.AccessDenied and a message
saying the method is for root; and nothing changed.
"""
import dbustest as dt
import vigiltest as vt

VI = dt.instance_path("VI_1")
CHANGING = [
    (dt.PATH, dt.MANAGER + ".Reload", []),
    (dt.PATH, dt.MANAGER + ".CheckConfig", ["'/etc/shadow'"]),
    (VI, dt.VRRP + ".Release", ["0"]),
    (VI, dt.VRRP + ".Resume", []),
    (VI, dt.VRRP + ".SetPriority", ["50"]),
    (VI, dt.VRRP + ".SendGarp", []),
]


def reads_work(bus):
    for path, method, args in [
            (VI, "org.freedesktop.DBus.Properties.Get", [dt.VRRP, "State"]),
            (VI, "org.freedesktop.DBus.Properties.GetAll", [dt.VRRP]),
            (dt.PATH, "org.freedesktop.DBus.Properties.GetAll", [dt.MANAGER]),
            (dt.PATH, "org.freedesktop.DBus.ObjectManager.GetManagedObjects", []),
            (VI, "org.freedesktop.DBus.Introspectable.Introspect", [])]:
        res = dt.gdbus_call(bus, path, method, *args, nobody=True)
        vt.check(res.returncode == 0, "as nobody, %s works: %s" % (method, res.stderr))
    res = dt.vigilctl(bus, "status", nobody=True)
    vt.check(res.returncode == 0 and "VI_1" in res.stdout,
             "as nobody, vigilctl status works: %s%s" % (res.stdout, res.stderr))


def changes_refused(bus, by_daemon):
    for path, method, args in CHANGING:
        res = dt.gdbus_call(bus, path, method, *args, nobody=True)
        vt.say("  %s: %s" % (method, res.stderr.strip()))
        vt.check(res.returncode != 0, "as nobody, %s must fail" % method)
        vt.check("org.freedesktop.DBus.Error.AccessDenied" in res.stderr,
                 "%s: AccessDenied, got %s" % (method, res.stderr))
        if by_daemon:
            vt.check("for root only" in res.stderr and "65534" in res.stderr,
                     "%s refused by vigild itself: %s" % (method, res.stderr))
        else:
            vt.check("Rejected send message" in res.stderr,
                     "%s refused by the bus policy: %s" % (method, res.stderr))
    res = dt.vigilctl(bus, "release", "VI_1", nobody=True)
    vt.check(res.returncode == 1 and "permission denied" in res.stderr,
             "vigilctl release as nobody: exit 1 and says why: %d %s"
             % (res.returncode, res.stderr))


def test(t):
    dt.require_tools(t)
    conf = vt.config(vt.instance(priority=200, state="MASTER", advert_int=0.5))
    topo = t.topology(["r1"])

    vt.say("-- the project's policy")
    bus = dt.PrivateBus("strict")
    r1 = dt.start_vigild(topo, "r1", conf, bus, name="r1-strict")
    conn = bus.connect()
    dt.wait_owned(conn)
    dt.wait_property(conn, VI, dt.VRRP, "State", "master", 5)
    reads_work(bus)
    changes_refused(bus, by_daemon=False)
    res = dt.run_cmd(["gdbus", "call", "--system", "--dest", "org.freedesktop.DBus",
                      "--object-path", "/org/freedesktop/DBus", "--method",
                      "org.freedesktop.DBus.RequestName", dt.NAME, "0"], bus, nobody=True)
    vt.check(res.returncode != 0 or "(uint32 1,)" not in res.stdout,
             "nobody cannot own org.vigil.Vigil1: %s%s" % (res.stdout, res.stderr))
    rc = r1.stop()
    vt.check(rc == 0, "vigild on the bus stops cleanly (%d)" % rc)
    bus.cleanup()

    vt.say("-- a permissive policy: vigild checks the uid itself")
    bus = dt.PrivateBus("permissive", permissive=True)
    r1 = dt.start_vigild(topo, "r1", conf, bus, name="r1-permissive")
    conn = bus.connect()
    dt.wait_owned(conn)
    dt.wait_property(conn, VI, dt.VRRP, "State", "master", 5)
    reads_work(bus)
    changes_refused(bus, by_daemon=True)
    vt.check(dt.get(conn, VI, dt.VRRP, "State") == "master", "still master")
    vt.check(dt.get(conn, VI, dt.VRRP, "PriorityOverride") == 0, "priority untouched")
    vt.check(dt.get(conn, VI, dt.VRRP, "HeldUntil") == 0, "not held")
    vt.check(dt.get(conn, dt.PATH, dt.MANAGER, "LastReloadTime") == 0, "no reload happened")
    vt.check("refused" in r1.text() and "uid 65534" in r1.text(),
             "vigild logs the refusals")


vt.run(test)
