#!/usr/bin/python3
"""D-Bus: the introspection data carries the documentation.

`gdbus introspect` on vigild's objects shows an
org.freedesktop.DBus.DocString annotation on the interfaces and on every
method, signal, property and method argument, with the text of the doc
comments in dbus/*.xml.
"""
import dbustest as dt
import vigiltest as vt
from dbustest import Gio

KEY = "org.freedesktop.DBus.DocString"


def documented(info):
    return any(a.key == KEY and a.value for a in (info.annotations or []))


def test(t):
    dt.require_tools(t)
    bus = dt.PrivateBus("introspect")
    topo = t.topology(["r1"])
    dt.start_vigild(topo, "r1", vt.config(vt.instance(priority=200, state="MASTER")), bus)
    conn = bus.connect()
    dt.wait_owned(conn)
    vi = dt.instance_path("VI_1")
    dt.wait_property(conn, vi, dt.VRRP, "State", "master", 5)

    for path, iface, texts in (
            (dt.PATH, dt.MANAGER, ["ConfigInvalid", "every diagnostic line",
                                   "Absolute path of a configuration file"]),
            (vi, dt.VRRP, ["init", "backup", "master", "Counter: does not emit",
                           "How long to stay backup"])):
        res = dt.run_cmd(["gdbus", "introspect", "--system", "--dest", dt.NAME,
                          "--object-path", path], bus)
        vt.check(res.returncode == 0, "gdbus introspect %s: %s" % (path, res.stderr))
        vt.check("@%s(" % KEY in res.stdout, "gdbus introspect shows the docs:\n%s"
                 % res.stdout[:2000])
        for text in texts:
            vt.check(text in res.stdout, "%s: the docs mention %r" % (path, text))

        xml = dt.call(conn, path, "org.freedesktop.DBus.Introspectable", "Introspect")[0]
        node = Gio.DBusNodeInfo.new_for_xml(xml)
        info = node.lookup_interface(iface)
        vt.check(info is not None, "%s has %s" % (path, iface))
        vt.check(documented(info), "%s is documented" % iface)
        missing = []
        for m in info.methods:
            if not documented(m):
                missing.append(m.name)
            missing += ["%s(%s)" % (m.name, a.name)
                        for a in list(m.in_args or []) + list(m.out_args or [])
                        if not documented(a)]
        for s in info.signals:
            if not documented(s):
                missing.append(s.name)
            missing += ["%s(%s)" % (s.name, a.name) for a in (s.args or [])
                        if not documented(a)]
        missing += [p.name for p in info.properties if not documented(p)]
        vt.check(not missing, "%s: undocumented members %s" % (iface, missing))
        vt.say("%s: %d methods, %d signals, %d properties, all documented"
               % (iface, len(info.methods), len(info.signals), len(info.properties)))


vt.run(test)
