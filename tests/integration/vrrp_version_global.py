#!/usr/bin/python3
"""The global vrrp_version is the default of instances that give none.

r1 runs two instances on eth0 without `version`: with `vrrp_version 3`
in global_defs both advertise VRRPv3 (centisecond interval 0.5 s), except
VI_2, which says `version 2` itself and advertises VRRPv2 (interval 1 s).
"""
import vigiltest as vt


def block(name, vrid, advert_int, version=None):
    text = vt.instance(name=name, vrid=vrid, priority=200, advert_int=advert_int,
                       state="MASTER", vips=("192.0.2.%d/24" % (100 + vrid),))
    lines = [l for l in text.splitlines() if not l.strip().startswith("version ")]
    if version is not None:
        lines.insert(1, "    version %d" % version)
    return "\n".join(lines) + "\n"


def test(t):
    topo = t.topology(["r1"])
    cap = topo.capture()
    conf = ("global_defs {\n    vrrp_version 3\n}\n"
            + block("VI_1", 1, 0.5) + block("VI_2", 2, 1, version=2))
    r1 = topo.start_router("r1", conf)
    r1.wait_state("MASTER", 5, "VI_1")
    r1.wait_state("MASTER", 5, "VI_2")
    vt.wait_until(lambda: cap.adverts(vrid=1) and cap.adverts(vrid=2), 5, "adverts of both")
    v1 = {(a.version, a.interval) for a in cap.adverts(vrid=1) if a.prio > 0}
    v2 = {(a.version, a.interval) for a in cap.adverts(vrid=2) if a.prio > 0}
    vt.say("VI_1 adverts %s, VI_2 adverts %s" % (v1, v2))
    vt.check(v1 == {(3, 0.5)}, "VI_1 (no version, global 3): %s" % v1)
    vt.check(v2 == {(2, 1.0)}, "VI_2 (version 2): %s" % v2)
    r1.stop()


vt.run(test)
