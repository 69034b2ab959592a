#!/usr/bin/python3
"""D-Bus: a failover emits PropertiesChanged for State, then StateChanged.

r1 (priority 200) and r2 (priority 100), each vigild on its own private
system bus. A client on r2's bus watches VI_1. SIGKILL r1's vigild: r2's
VI_1 must send PropertiesChanged with State "master" (and the new
LastTransitionReason) and StateChanged("backup", "master", reason naming
the master_down_timer), in that order, and the properties read afterwards
say the same.
"""
import dbustest as dt
import vigiltest as vt

ADV = 0.2


def test(t):
    dt.require_tools(t)
    bus1 = dt.PrivateBus("failover1")
    bus2 = dt.PrivateBus("failover2")
    topo = t.topology(["r1", "r2"])
    conf1 = vt.config(vt.instance(priority=200, advert_int=ADV))
    conf2 = vt.config(vt.instance(priority=100, advert_int=ADV))
    r1 = dt.start_vigild(topo, "r1", conf1, bus1)
    r2 = dt.start_vigild(topo, "r2", conf2, bus2)
    conn1, conn2 = bus1.connect(), bus2.connect()
    dt.wait_owned(conn1)
    dt.wait_owned(conn2)
    path = dt.instance_path("VI_1")
    dt.wait_property(conn1, path, dt.VRRP, "State", "master", 5)
    dt.wait_property(conn2, path, dt.VRRP, "State", "backup", 5)
    vt.check(dt.get(conn2, path, dt.VRRP, "MasterAddress") == topo.addr4("r1"),
             "r2 names r1 as master: %s" % dt.get(conn2, path, dt.VRRP, "MasterAddress"))

    sigs = dt.Signals(conn2, path=path)
    r1.crash()

    changed = sigs.wait(lambda s: s[2] == "PropertiesChanged"
                        and s[3][0] == dt.VRRP and s[3][1].get("State") == "master",
                        5, "PropertiesChanged with State=master from r2")
    state = sigs.wait(lambda s: s[2] == "StateChanged", 5, "StateChanged from r2")
    vt.say("signals: %s" % sigs.items)
    old, new, reason = sigs.items[state][3]
    vt.check((old, new) == ("backup", "master"),
             "StateChanged(%s, %s), want (backup, master)" % (old, new))
    vt.check("master_down_timer" in reason, "reason %r names the timer" % reason)
    vt.check(changed < state, "PropertiesChanged (#%d) comes before StateChanged (#%d)"
             % (changed, state))
    props = sigs.items[changed][3][1]
    vt.check(props.get("LastTransitionReason") == reason,
             "PropertiesChanged carries the reason too: %s" % props)
    vt.check(not any("AdvertsSent" in s[3][1] for s in sigs.items
                     if s[2] == "PropertiesChanged"),
             "counters do not emit PropertiesChanged")
    vt.check(dt.get(conn2, path, dt.VRRP, "State") == "master", "r2 reads master")
    vt.check(dt.get(conn2, path, dt.VRRP, "LastTransitionReason") == reason,
             "LastTransitionReason is the signal's reason")
    # (r1 was killed: its address stays behind, as after a crash)
    topo.wait_holders(vt.VIP4, ["r2"], 3, hosts=["r2"])
    sigs.close()


vt.run(test)
