#!/usr/bin/python3
"""D-Bus: a vrrp_sync_group is an object, and follows its members.

One vigild with G1 (VI_1 on eth0, VI_2 on eth1) on a private system bus.
/org/vigil/Vigil1/sync_group/G1 implements org.vigil.Vigil1.SyncGroup:
Name, State "master" once both members are, Members the two instance
paths, LastTransitionReason; each instance's SyncGroup property names
G1. eth1 down: State goes "fault" with PropertiesChanged and a
StateChanged signal ("master" -> "fault", the reason naming VI_2), after
VI_1's own StateChanged; eth1 up: "master" again.
"""
import dbustest as dt
import vigiltest as vt
import synctest as st

SYNC = "org.vigil.Vigil1.SyncGroup"
GROUP_PATH = dt.PATH + "/sync_group/G1"


def test(t):
    dt.require_tools(t)
    bus = dt.PrivateBus("syncgroup")
    topo = t.topology(["r1"])
    st.add_second_network(topo)
    r1 = dt.start_vigild(topo, "r1", st.group_config(200), bus)
    conn = bus.connect()
    dt.wait_owned(conn)
    r1.wait_state("MASTER", 5, "VI_1")
    r1.wait_state("MASTER", 5, "VI_2")
    dt.wait_property(conn, GROUP_PATH, SYNC, "State", "master", 5)

    objects = dt.managed_objects(conn)
    p1, p2 = dt.instance_path("VI_1"), dt.instance_path("VI_2")
    vt.check(sorted(objects) == sorted([p1, p2, GROUP_PATH]),
             "GetManagedObjects lists %s" % sorted(objects))
    props = objects[GROUP_PATH][SYNC]
    vt.say("G1: %s" % props)
    vt.check(props["Name"] == "G1", "Name %r" % props["Name"])
    vt.check(props["State"] == "master", "State %r" % props["State"])
    vt.check(props["Members"] == [p1, p2], "Members %r, want %r" % (props["Members"], [p1, p2]))
    vt.check(props["LastTransition"] > 0, "LastTransition is set")
    vt.check(props["LastTransitionReason"] == "every member would be MASTER",
             "LastTransitionReason %r" % props["LastTransitionReason"])
    for p in (p1, p2):
        vt.check(objects[p][dt.VRRP]["SyncGroup"] == "G1",
                 "%s SyncGroup is %r, want G1" % (p, objects[p][dt.VRRP]["SyncGroup"]))

    sigs = dt.Signals(conn)
    vt.say("ip link set eth1 down on r1")
    topo.ip("r1", "link", "set", "eth1", "down")
    i_group = sigs.wait(lambda s: s[0] == GROUP_PATH and s[2] == "StateChanged", 5,
                        "the group's StateChanged")
    old, new, reason = sigs.items[i_group][3]
    vt.check((old, new) == ("master", "fault"), "group went %s -> %s" % (old, new))
    vt.check(reason.startswith("VI_2 in FAULT"), "group's reason %r" % reason)
    i_vi1 = sigs.wait(lambda s: s[0] == p1 and s[2] == "StateChanged", 1,
                      "VI_1's StateChanged")
    vt.check(i_vi1 < i_group, "VI_1's StateChanged came after the group's")
    vt.check(sigs.items[i_vi1][3][2] == "sync group G1: VI_2 in FAULT",
             "VI_1's reason %r" % (sigs.items[i_vi1][3][2],))
    changed = [s for s in sigs.items[:i_group]
               if s[0] == GROUP_PATH and s[2] == "PropertiesChanged"]
    vt.check(any(s[3][1].get("State") == "fault" for s in changed),
             "no PropertiesChanged with State fault before the group's StateChanged")
    vt.check(dt.get(conn, GROUP_PATH, SYNC, "State") == "fault", "State is not fault")

    vt.say("ip link set eth1 up on r1")
    topo.ip("r1", "link", "set", "eth1", "up")
    dt.wait_property(conn, GROUP_PATH, SYNC, "State", "master", 8)
    sigs.close()
    rc = r1.stop()
    vt.check(rc == 0, "vigild exited with %d" % rc)


vt.run(test)
