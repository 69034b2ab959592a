#!/usr/bin/python3
"""D-Bus: virtual servers, real servers and checkers are objects; Drain/Enable.

lb runs vigild (lb_backend none) on a private bus with one virtual server
and two real servers (rs1, rs2), each with a TCP_CHECK. GetManagedObjects
lists the virtual server, both real servers and their checkers with the
configured values. Stopping rs1's server turns its RealServer Up false
(PropertiesChanged) with the checker's error as reason, its Checker
LastError says why, and the VirtualServer's LiveWeight drops. Drain() on
rs2 as root sets EffectiveWeight 0 and Drained; as nobody it is denied;
Enable() gives the weight back. vigilctl shows the same and drives it.
"""
import dbustest as dt
import checktest as ct
import vigiltest as vt

VS = "org.vigil.Vigil1.VirtualServer"
RS = "org.vigil.Vigil1.RealServer"
CK = "org.vigil.Vigil1.Checker"


def esc(name):
    return "".join(c if c.isascii() and c.isalnum() else "_%02x" % ord(c) for c in name)


def test(t):
    dt.require_tools(t)
    bus = dt.PrivateBus("servers")
    topo = t.topology(["lb", "rs1", "rs2"], ipv6=False)
    rs1, rs2 = topo.addr4("rs1"), topo.addr4("rs2")
    s1 = ct.TcpServer(topo, "rs1", rs1, 8080)
    ct.TcpServer(topo, "rs2", rs2, 8080)
    check = ct.tcp_check(connect_timeout=0.5, retry=0, delay_before_retry=0.2)
    conf = ct.config(ct.virtual_server(
        "192.0.2.100", 80, [(rs1, 8080, ["weight 3"] + check), (rs2, 8080, ["weight 2"] + check)],
        extra=["delay_loop 1", "quorum 2"]))
    lb = dt.start_vigild(topo, "lb", conf, bus)
    conn = bus.connect()
    dt.wait_owned(conn)

    vs = "/org/vigil/Vigil1/virtual_server/" + esc("192.0.2.100:80")
    p1, p2 = vs + "/" + esc("%s:8080" % rs1), vs + "/" + esc("%s:8080" % rs2)
    c1 = p1 + "/0"
    vt.wait_until(lambda: dt.get(conn, c1, CK, "Checks") >= 1, 6, "rs1's first check")
    objects = dt.managed_objects(conn)
    for path in (vs, p1, p2, c1, p2 + "/0"):
        vt.check(path in objects, "%s missing from GetManagedObjects: %s" % (path, sorted(objects)))
    v = objects[vs][VS]
    vt.check(v["Name"] == "192.0.2.100:80" and v["Protocol"] == "TCP" and v["Scheduler"] == "rr"
             and v["Quorum"] == 2 and v["HasQuorum"] and v["RealServers"] == [p1, p2],
             "VirtualServer properties: %s" % v)
    r = objects[p1][RS]
    vt.check(r["Name"] == "%s:8080" % rs1 and r["VirtualServer"] == vs and r["Up"]
             and r["Weight"] == 3 and r["EffectiveWeight"] == 3 and not r["Drained"]
             and r["Checkers"] == [c1], "RealServer properties: %s" % r)
    c = objects[c1][CK]
    vt.check(c["Type"] == "TCP_CHECK" and c["Label"] == "TCP_CHECK %s:8080" % rs1 and c["Up"]
             and c["LastError"] == "" and c["LastCheck"] > 0, "Checker properties: %s" % c)
    vt.check(dt.get(conn, vs, VS, "LiveWeight") == 5, "LiveWeight with both up")

    sig = dt.Signals(conn, iface="org.freedesktop.DBus.Properties", member="PropertiesChanged",
                     path=p1)
    s1.stop()
    dt.wait_property(conn, p1, RS, "Up", False, 5)
    sig.wait(lambda item: item[3][1].get("Up") is False, 3, "PropertiesChanged Up=false for rs1")
    err = dt.get(conn, c1, CK, "LastError")
    vt.check("refused" in err.lower(), "rs1's checker error: %r" % err)
    vt.check(err in dt.get(conn, p1, RS, "Reason"), "rs1's reason: %r" % dt.get(conn, p1, RS, "Reason"))
    dt.wait_property(conn, vs, VS, "LiveWeight", 2, 3)
    vt.check(dt.get(conn, c1, CK, "DownCount") == 1, "rs1's checker DownCount")

    # maintenance
    res = dt.gdbus_call(bus, p2, RS + ".Drain", nobody=True)
    vt.check(res.returncode != 0 and "AccessDenied" in res.stderr,
             "nobody could drain rs2: %s %s" % (res.stdout, res.stderr))
    dt.call(conn, p2, RS, "Drain")
    dt.wait_property(conn, p2, RS, "EffectiveWeight", 0, 3)
    vt.check(dt.get(conn, p2, RS, "Drained") is True, "rs2 not Drained")
    dt.wait_property(conn, vs, VS, "HasQuorum", False, 3)
    dt.call(conn, p2, RS, "Enable")
    dt.wait_property(conn, p2, RS, "EffectiveWeight", 2, 3)
    dt.wait_property(conn, vs, VS, "HasQuorum", True, 3)

    # vigilctl: the same data, as a table and as JSON, and drain/enable
    res = dt.vigilctl(bus, "status")
    vt.check(res.returncode == 0 and "virtual server 192.0.2.100:80 TCP rr" in res.stdout
             and "%s:8080" % rs1 in res.stdout and "TCP_CHECK" in res.stdout,
             "vigilctl status:\n%s%s" % (res.stdout, res.stderr))
    vt.say("vigilctl status:\n" + res.stdout)
    data = dt.parse_json(dt.vigilctl(bus, "--json", "status").stdout, "vigilctl --json status")
    vss = data["virtual_servers"]
    vt.check(len(vss) == 1 and [r["name"] for r in vss[0]["real_servers"]]
             == ["%s:8080" % rs1, "%s:8080" % rs2]
             and vss[0]["real_servers"][0]["up"] is False
             and vss[0]["real_servers"][1]["checkers"][0]["type"] == "TCP_CHECK",
             "vigilctl --json status: %s" % vss)
    res = dt.vigilctl(bus, "drain", "192.0.2.100:80", "%s:8080" % rs2, nobody=True)
    vt.check(res.returncode == 1 and res.stderr.strip(), "vigilctl drain as nobody: %d %s"
             % (res.returncode, res.stderr))
    res = dt.vigilctl(bus, "drain", "192.0.2.100:80", "%s:8080" % rs2)
    vt.check(res.returncode == 0, "vigilctl drain: %s" % res.stderr)
    dt.wait_property(conn, p2, RS, "Drained", True, 3)
    res = dt.vigilctl(bus, "--json", "enable", "192.0.2.100:80", "%s:8080" % rs2)
    vt.check(res.returncode == 0 and dt.parse_json(res.stdout, "enable")["enabled"] is True,
             "vigilctl enable: %s %s" % (res.stdout, res.stderr))
    dt.wait_property(conn, p2, RS, "Drained", False, 3)
    res = dt.vigilctl(bus, "drain", "192.0.2.100:80", "198.51.100.1:1")
    vt.check(res.returncode == 1 and "no real server" in res.stderr,
             "vigilctl drain of an unknown real server: %d %s" % (res.returncode, res.stderr))

    rc = lb.stop()
    vt.check(rc == 0, "vigild exited with %d" % rc)


vt.run(test)
