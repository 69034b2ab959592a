#!/usr/bin/python3
"""A reload changes static and virtual routes by their difference.

r1 runs alone, master, with two static routes, a static rule and a
virtual route. The file is edited: one static route removed, one added,
the rule and the other static route unchanged, the virtual route
unchanged. After SIGHUP:

- the removed route is gone, the new one is there;
- the unchanged ones were neither removed nor added again (vigild's
  debug log shows no removal or addition of them after the reload);
- the instance was not restarted (it stays MASTER, no new transition).
"""
import json

import vigiltest as vt

ADV = 0.2


def conf(static_routes):
    return ("static_routes {\n" + "".join("    %s\n" % r for r in static_routes) + "}\n"
            "static_rules {\n    from 198.51.100.1 table 100 priority 1100\n}\n"
            + vt.config(vt.instance(priority=200, advert_int=ADV, extra=(
                "virtual_routes {", "    198.51.100.128/25 via 192.0.2.254", "}"))))


KEPT = "198.51.100.16/28 via 192.0.2.254 dev eth0 table 100"
GONE = "198.51.100.32/28 via 192.0.2.254 dev eth0"
NEW = "198.51.100.48/28 via 192.0.2.254 dev eth0"


def routes(topo):
    out = set()
    for words in (["route", "show"], ["route", "show", "table", "100"]):
        res = topo.ip("r1", "-j", *words)
        out |= {r.get("dst") for r in json.loads(res.stdout or "[]")}
    return out


def test(t):
    topo = t.topology(["r1"])
    r1 = topo.start_router("r1", conf([KEPT, GONE]))
    r1.wait_state("MASTER", 5)
    vt.wait_until(lambda: {"198.51.100.16/28", "198.51.100.32/28", "198.51.100.128/25"}
                  <= routes(topo), 3, "the routes on r1")

    with open(r1.conf, "w") as f:
        f.write(conf([KEPT, NEW]))
    mark = len(r1.text())
    r1.signal(vt.signal.SIGHUP)
    vt.wait_until(lambda: "reloaded" in r1.text()[mark:], 3, "the reload")
    vt.wait_until(lambda: "198.51.100.48/28" in routes(topo)
                  and "198.51.100.32/28" not in routes(topo), 3,
                  lambda: "the new route in, the removed one out (have %s)" % sorted(routes(topo)))
    vt.check({"198.51.100.16/28", "198.51.100.128/25"} <= routes(topo),
             "an unchanged route vanished: %s" % sorted(routes(topo)))
    after = r1.text()[mark:]
    for dst in ("198.51.100.16/28", "198.51.100.128/25", "from 198.51.100.1/32"):
        for verb in ("added", "removed"):
            vt.check(" %s route %s" % (verb, dst) not in after
                     and " %s rule %s" % (verb, dst) not in after,
                     "the reload %s the unchanged %s:\n%s" % (verb, dst, after))
    vt.check(r1.transitions() == ["BACKUP", "MASTER"],
             "the instance was restarted: %s" % r1.transitions())
    vt.say("reload: one route out, one in, the unchanged ones untouched")
    vt.check(r1.stop() == 0, "r1 did not exit cleanly")
    vt.check(not routes(topo) & {"198.51.100.16/28", "198.51.100.48/28", "198.51.100.128/25"},
             "routes left after stop: %s" % sorted(routes(topo)))


vt.run(test)
