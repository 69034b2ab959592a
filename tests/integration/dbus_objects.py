#!/usr/bin/python3
"""D-Bus: GetManagedObjects lists every VRRP instance, properties as configured.

One vigild with an IPv4 instance (VRRPv2, priority 200, two VIPs) and an
IPv6 one (VRRPv3, priority 100) on a private system bus. GetManagedObjects
on /org/vigil/Vigil1 must list both at /org/vigil/Vigil1/vrrp/<escaped
name> with every property matching the config, and the Manager must say
which config file and version run.
"""
import os

import dbustest as dt
import vigiltest as vt

CONF = vt.config(
    vt.instance(name="VI_1", vrid=51, priority=200, advert_int=1, version=2,
                state="MASTER", vips=("192.0.2.100/24", "192.0.2.101/24")),
    vt.instance(name="VI_6", vrid=52, priority=100, advert_int=1, version=3,
                vips=("2001:db8::100/64",)))


def test(t):
    dt.require_tools(t)
    bus = dt.PrivateBus("objects")
    topo = t.topology(["r1"])
    r1 = dt.start_vigild(topo, "r1", CONF, bus)
    conn = bus.connect()
    dt.wait_owned(conn)
    r1.wait_state("MASTER", 5, "VI_1")
    r1.wait_state("MASTER", 6, "VI_6")

    objects = dt.managed_objects(conn)
    vt.say("objects: %s" % sorted(objects))
    p1, p6 = dt.instance_path("VI_1"), dt.instance_path("VI_6")
    vt.check(p1 == "/org/vigil/Vigil1/vrrp/VI_5f1", "escaped path %s" % p1)
    vt.check(sorted(objects) == sorted([p1, p6]),
             "GetManagedObjects lists %s, want %s" % (sorted(objects), [p1, p6]))

    def expect(path, **want):
        props = objects[path][dt.VRRP]
        for key, value in want.items():
            vt.check(props.get(key) == value, "%s %s is %r, want %r"
                     % (path, key, props.get(key), value))
        # the properties GetManagedObjects carries are the ones Get gives
        for key in want:
            vt.check(dt.get(conn, path, dt.VRRP, key) == props[key],
                     "%s: Get(%s) differs from GetManagedObjects" % (path, key))

    wait = dt.wait_property
    wait(conn, p1, dt.VRRP, "State", "master", 5)
    wait(conn, p6, dt.VRRP, "State", "master", 5)
    objects = dt.managed_objects(conn)
    expect(p1, Name="VI_1", State="master", Priority=200, EffectivePriority=200,
           VirtualRouterId=51, Interface="eth0",
           VirtualAddresses=["192.0.2.100/24", "192.0.2.101/24"], Version=2,
           Family="inet", AdvertInterval=1000000, MasterAddress=topo.addr4("r1"),
           SyncGroup="", PriorityOverride=0, HeldUntil=0)
    expect(p6, Name="VI_6", State="master", Priority=100, EffectivePriority=100,
           VirtualRouterId=52, VirtualAddresses=["2001:db8::100/64"], Version=3,
           Family="inet6", AdvertInterval=1000000)
    for path in (p1, p6):
        props = objects[path][dt.VRRP]
        vt.check(props["LastTransition"] > 0, "%s LastTransition is set" % path)
        vt.check(props["LastTransitionReason"] != "", "%s has a reason" % path)
        vt.check(props["AdvertsSent"] > 0, "%s counts the adverts it sent (%s)"
                 % (path, props["AdvertsSent"]))
        vt.check("checksum-errors" in props["ReceiveErrors"],
                 "%s ReceiveErrors names the drop reasons: %s"
                 % (path, props["ReceiveErrors"]))

    # counters are read fresh on each Get: they grow between two reads
    first = dt.get(conn, p1, dt.VRRP, "AdvertsSent")
    vt.wait_until(lambda: dt.get(conn, p1, dt.VRRP, "AdvertsSent") > first, 3,
                  "AdvertsSent to grow between two Gets")

    manager = dt.get_all(conn, dt.PATH, dt.MANAGER)
    vt.say("Manager: %s" % manager)
    vt.check(manager["ConfigFile"] == os.path.realpath(r1.conf),
             "ConfigFile %r, want %r" % (manager["ConfigFile"], r1.conf))
    vt.check(manager["Version"] != "", "Version is set")
    vt.check(manager["StartTime"] > 0, "StartTime is set")
    vt.check(manager["LastReloadTime"] == 0 and manager["LastReloadSucceeded"],
             "no reload yet: %s" % manager)


vt.run(test)
