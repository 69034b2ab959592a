#!/usr/bin/python3
"""vrrp_check_unicast_src: a unicast instance ignores adverts from others.

r1 (priority 200) sends unicast adverts to r2 only (r2 runs nothing: only
its address is named). r3 (priority 250) sends unicast adverts to r1.
With the global vrrp_check_unicast_src, r1 drops r3's adverts, since r3
is not one of its unicast peers, and stays master. Without it, as
keepalived does, r1 accepts them and goes backup to the higher priority.
"""
import vigiltest as vt

ADV = 0.2


def test(t):
    topo = t.topology(["r1", "r2", "r3"])
    a1, a2, a3 = topo.addr4("r1"), topo.addr4("r2"), topo.addr4("r3")

    def conf1(check):
        glob = "global_defs {\n    vrrp_check_unicast_src\n}\n" if check else ""
        return glob + vt.config(vt.instance(priority=200, advert_int=ADV,
                                            unicast_peers=[a2],
                                            extra=["unicast_src_ip %s" % a1]))

    r1 = topo.start_router("r1", conf1(True))
    r1.wait_state("MASTER", 5)
    r3 = topo.start_router("r3", vt.config(vt.instance(
        priority=250, advert_int=ADV, unicast_peers=[a1],
        extra=["unicast_src_ip %s" % a3])))
    r3.wait_state("MASTER", 5)
    vt.holds_for(lambda: r1.state() == "MASTER", 10 * ADV,
                 "r1 staying master while r3 (not a peer) advertises 250")
    vt.say("with vrrp_check_unicast_src r1 ignores r3: %s" % r1.transitions())
    r1.stop()

    r1 = topo.start_router("r1", conf1(False), name="r1-nocheck")
    r1.wait_state("BACKUP", 5)
    vt.holds_for(lambda: r1.state() == "BACKUP", 10 * ADV,
                 "r1 backup to r3's higher priority without the check")
    vt.check("MASTER" not in r1.transitions(),
             "r1 became master despite r3's adverts: %s" % r1.transitions())
    r3.stop()
    r1.stop()


vt.run(test)
