#!/usr/bin/python3
"""After SIGKILL, the next start removes what the dead vigild added.

r1 runs alone and becomes master of VI_1 with virtual_routes,
virtual_rules, static_routes, static_rules and a vmac (use_vmac). It is
SIGKILLed: everything stays in the kernel. vigild is started again with a
config that asks for none of it: before anything else it removes the
stale routes, rules, addresses and the macvlan the previous run recorded,
restores eth0's arp_ignore and arp_filter,
and says so in its log, while a route and a macvlan that vigil never
added are left alone.
"""
import json

import vigiltest as vt

ADV = 0.2
WITH = """
static_routes {
    198.51.100.16/28 via 192.0.2.254 dev eth0 table 100
}
static_rules {
    from 198.51.100.1 table 100 priority 1100
}
""" + vt.config(vt.instance(priority=200, advert_int=ADV, extra=(
    "use_vmac",
    "virtual_routes {",
    "    198.51.100.128/25 via 192.0.2.254 metric 5",
    "    2001:db8:7::/64 via 2001:db8::fe dev eth0",
    "}",
    "virtual_rules {",
    "    from 192.0.2.100 table 101 priority 1101",
    "}")))
WITHOUT = vt.config(vt.instance(priority=200, advert_int=ADV))
FOREIGN_ROUTE = ["198.51.100.240/28", "via", "192.0.2.254", "dev", "eth0"]


def state(topo):
    """What of vigil's (and the foreign objects) r1's kernel holds."""
    def j(*words):
        res = topo.ip("r1", "-j", *words, check_rc=False)
        return json.loads(res.stdout) if res.returncode == 0 and res.stdout.strip() else []
    routes = [r.get("dst") for r in j("route", "show")]
    routes += [r.get("dst") for r in j("route", "show", "table", "100")]
    routes += [r.get("dst") for r in j("-6", "route", "show")]
    rules = [r.get("priority") for r in j("rule", "show")]
    links = [link.get("ifname") for link in j("link", "show")]
    arp = topo.exec("r1", "cat", "/proc/sys/net/ipv4/conf/eth0/arp_ignore",
                    "/proc/sys/net/ipv4/conf/eth0/arp_filter").stdout.split()
    return {
        "eth0 arp_ignore/arp_filter set": arp == ["1", "1"],
        "virtual route": "198.51.100.128/25" in routes,
        "virtual IPv6 route": "2001:db8:7::/64" in routes,
        "static route": "198.51.100.16/28" in routes,
        "virtual rule": 1101 in rules,
        "static rule": 1100 in rules,
        "vmac": "vrrp.51" in links,
        "foreign route": "198.51.100.240/28" in routes,
        "foreign macvlan": "mv-foreign" in links,
    }


def test(t):
    topo = t.topology(["r1"])
    topo.ip("r1", "route", "add", *FOREIGN_ROUTE)
    topo.ip("r1", "link", "add", "mv-foreign", "link", "eth0", "type", "macvlan",
            "mode", "private")
    r1 = topo.start_router("r1", WITH)
    r1.wait_state("MASTER", 5)
    vt.wait_until(lambda: all(state(topo).values()), 3,
                  lambda: "everything on r1: %s" % state(topo))
    vt.wait_until(lambda: topo.has("r1", vt.VIP4, iface="vrrp.51"), 2, "the VIP on vrrp.51")
    vt.say("r1 holds: %s" % state(topo))

    r1.crash()
    s = state(topo)
    vt.check(all(s.values()), "a crash removed something: %s" % s)

    with open(r1.conf, "w") as f:
        f.write(WITHOUT)
    r1.start()
    r1.wait_state("MASTER", 5)
    want = {k: k.startswith("foreign") for k in s}
    vt.wait_until(lambda: state(topo) == want, 3,
                  lambda: "r1's kernel to hold %s (holds %s)" % (want, state(topo)))
    log = r1.text()
    for what in ("route 198.51.100.128/25", "rule from 192.0.2.100/32", "vrrp.51"):
        vt.check(what in log and "previous run" in log,
                 "r1's log does not say it removed %s left by the previous run" % what)
    vt.say("stale routes, rules and vmac gone; the foreign ones stay")
    vt.check(r1.stop() == 0, "r1 did not exit cleanly")
    vt.check(state(topo) == {k: k.startswith("foreign") for k in s},
             "after stop r1 holds %s" % state(topo))


vt.run(test)
