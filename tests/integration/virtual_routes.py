#!/usr/bin/python3
"""virtual_routes / virtual_rules follow mastership; static ones the daemon.

r1 (priority 200) and r2 (100) share 192.0.2.100 and carry the same
virtual_routes (IPv4 and IPv6, a gateway route with a metric, a blackhole
in its own table, a route using the VIP as source) and virtual_rules
(from, to, fwmark/mask, priority), plus static_routes / static_rules and a
static_ipaddress. One virtual route names an interface that does not
exist: it is left out with a log line naming it, the rest work.

- static ones are on both routers from start to stop;
- the virtual ones are on the master only, and move with mastership:
  when r1 stops they appear on r2; when r1 comes back and preempts they
  vanish from r2 (which stops being master) and appear on r1;
- a route or rule that was there before vigil is left alone at stop;
- a VIP removed behind vigild's back is put back, and with it the route
  the kernel flushed because it used the VIP as source;
- after both stop, nothing vigil added remains.
"""
import json

import vigiltest as vt

ADV = 0.2
EXTRA = """
static_ipaddress {
    198.51.100.1/32 dev eth0
}
static_routes {
    198.51.100.16/28 via 192.0.2.254 dev eth0 table 100
    2001:db8:5::/64 via 2001:db8::fe dev eth0
}
static_rules {
    from 198.51.100.1 table 100 priority 1100
}
"""
VIRTUAL = ("virtual_routes {",
           "    198.51.100.128/25 via 192.0.2.254 dev eth0 metric 5",
           "    blackhole 198.51.100.64/26 table 101",
           "    src 192.0.2.100 198.51.100.32/27 dev eth0",
           "    2001:db8:7::/64 via 2001:db8::fe dev eth0 metric 7",
           "    198.51.100.200/32 dev nosuch0",
           "}",
           "virtual_rules {",
           "    from 192.0.2.100 table 101 priority 1101",
           "    to 198.51.100.0/24 fwmark 5/0xff table 102 priority 1102",
           "}")

# (command words, predicate over the JSON objects): what must be present
STATIC = [
    (["route", "show", "table", "100"],
     lambda r: r.get("dst") == "198.51.100.16/28" and r.get("gateway") == "192.0.2.254"),
    (["-6", "route", "show"],
     lambda r: r.get("dst") == "2001:db8:5::/64" and r.get("gateway") == "2001:db8::fe"),
    (["rule", "show"],
     lambda r: r.get("priority") == 1100 and r.get("src") == "198.51.100.1"
     and r.get("table") == "100"),
]
VIRTUAL_OBJECTS = [
    (["route", "show"],
     lambda r: r.get("dst") == "198.51.100.128/25" and r.get("gateway") == "192.0.2.254"
     and r.get("metric") == 5),
    (["route", "show", "table", "101"],
     lambda r: r.get("type") == "blackhole" and r.get("dst") == "198.51.100.64/26"),
    (["route", "show"],
     lambda r: r.get("dst") == "198.51.100.32/27" and r.get("prefsrc") == "192.0.2.100"),
    (["-6", "route", "show"],
     lambda r: r.get("dst") == "2001:db8:7::/64" and r.get("metric") == 7),
    (["rule", "show"],
     lambda r: r.get("priority") == 1101 and r.get("src") == "192.0.2.100"
     and r.get("table") == "101"),
    (["rule", "show"],
     lambda r: r.get("priority") == 1102 and r.get("dst") == "198.51.100.0"
     and r.get("dstlen") == 24
     and r.get("fwmark") == "0x5" and r.get("fwmask") == "0xff" and r.get("table") == "102"),
]
# Present before vigil starts, identical to one of the virtual routes on
# r2 only: vigil must not remove it.
FOREIGN = ["198.51.100.128/25", "via", "192.0.2.254", "dev", "eth0", "metric", "5"]


def objects(topo, host, words):
    res = topo.ip(host, "-j", *words, check_rc=False)
    if res.returncode != 0 or not res.stdout.strip():
        return []
    return json.loads(res.stdout)


def present(topo, host, spec):
    words, pred = spec
    return any(pred(o) for o in objects(topo, host, words))


def count(topo, host, specs):
    return sum(1 for s in specs if present(topo, host, s))


def wait_count(topo, host, specs, want, timeout, what):
    vt.wait_until(lambda: count(topo, host, specs) == want, timeout,
                  lambda: "%s on %s: %d of %d present, want %d"
                  % (what, host, count(topo, host, specs), len(specs), want))
    vt.say("%s on %s: %d of %d present" % (what, host, want, len(specs)))


def conf(prio):
    return EXTRA + vt.config(vt.instance(priority=prio, advert_int=ADV, extra=VIRTUAL))


def test(t):
    topo = t.topology(["r1", "r2"])
    cap = topo.capture()
    r1 = topo.start_router("r1", conf(200))
    r2 = topo.start_router("r2", conf(100))
    vt.expect_master(topo, cap, r1, [r2], vt.VIP4, ADV, timeout=5)

    n = len(VIRTUAL_OBJECTS)
    for h in ("r1", "r2"):
        wait_count(topo, h, STATIC, len(STATIC), 2, "static routes and rules")
        vt.check(topo.has(h, "198.51.100.1"), "static_ipaddress missing on %s" % h)
    wait_count(topo, "r1", VIRTUAL_OBJECTS, n, 2, "virtual routes and rules")
    vt.holds_for(lambda: count(topo, "r2", VIRTUAL_OBJECTS) == 0, 3 * ADV,
                 "no virtual route or rule on the backup r2")
    vt.check("nosuch0" in r1.text() and "198.51.100.200/32" in r1.text(),
             "no log line names the route whose interface is missing")

    vt.say("someone removes the VIP on r1: the kernel flushes the route using it "
           "as source; vigild puts both back")
    topo.ip("r1", "addr", "del", vt.VIP4 + "/24", "dev", "eth0")
    vt.wait_until(lambda: topo.has("r1", vt.VIP4), 2, "the VIP back on r1")
    wait_count(topo, "r1", VIRTUAL_OBJECTS, n, 2, "virtual routes and rules")

    vt.say("r1 stops: the virtual routes move to r2, r1 keeps nothing")
    vt.check(r1.stop() == 0, "r1 did not exit cleanly")
    r2.wait_state("MASTER", 3)
    wait_count(topo, "r2", VIRTUAL_OBJECTS, n, 2, "virtual routes and rules")
    wait_count(topo, "r1", VIRTUAL_OBJECTS + STATIC, 0, 2, "routes and rules")
    vt.check(not topo.has("r1", "198.51.100.1"), "static_ipaddress left on r1")

    vt.say("r1 comes back and preempts: r2 stops being master")
    r1.start()
    r1.wait_state("MASTER", 5)
    r2.wait_state("BACKUP", 3)
    wait_count(topo, "r1", VIRTUAL_OBJECTS + STATIC, n + len(STATIC), 2, "routes and rules")
    wait_count(topo, "r2", VIRTUAL_OBJECTS, 0, 2, "virtual routes and rules")
    wait_count(topo, "r2", STATIC, len(STATIC), 1, "static routes and rules")

    vt.say("a route that was on r2 before vigil added it stays after r2 stops")
    r2.stop()
    topo.ip("r2", "route", "add", *FOREIGN)
    r2.start()
    r1.stop()
    r2.wait_state("MASTER", 3)
    wait_count(topo, "r2", VIRTUAL_OBJECTS, n, 2, "virtual routes and rules")
    vt.check(r2.stop() == 0, "r2 did not exit cleanly")
    vt.check(present(topo, "r2", VIRTUAL_OBJECTS[0]),
             "r2 removed %s, which was there before vigil" % " ".join(FOREIGN))
    wait_count(topo, "r2", VIRTUAL_OBJECTS[1:] + STATIC, 0, 2, "vigil's routes and rules")


vt.run(test)
