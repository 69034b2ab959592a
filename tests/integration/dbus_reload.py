#!/usr/bin/python3
"""D-Bus: Reload() with a bad config fails with ConfigInvalid and its
diagnostics; the daemon keeps running the old config.

Also: Reloaded(false, diagnostics) is signalled and LastReload* say so;
CheckConfig() returns the diagnostics of a file without applying it; a
good config reloads (Reloaded(true, "")) and an instance added by it
appears on the bus (InterfacesAdded).
"""
import dbustest as dt
import vigiltest as vt


def test(t):
    dt.require_tools(t)
    bus = dt.PrivateBus("reload")
    topo = t.topology(["r1"])
    good = vt.config(vt.instance(priority=200, state="MASTER", advert_int=0.5))
    r1 = dt.start_vigild(topo, "r1", good, bus)
    conn = bus.connect()
    dt.wait_owned(conn)
    r1.wait_state("MASTER", 5)
    path = dt.instance_path("VI_1")
    sigs = dt.Signals(conn)

    # a bad file: unknown keyword and a VRID out of range
    with open(r1.conf, "w") as f:
        f.write(good.replace("    priority 200\n",
                             "    priority 200\n    no_such_keyword 1\n")
                    .replace("virtual_router_id 51", "virtual_router_id 300"))
    name, message = dt.call_error(conn, dt.PATH, dt.MANAGER, "Reload")
    vt.say("Reload() -> %s: %s" % (name, message))
    vt.check(name == "org.vigil.Vigil1.Error.ConfigInvalid", "error name %s" % name)
    errors = [line for line in message.splitlines() if ": error: " in line]
    vt.check(len(errors) >= 2, "the message carries every diagnostic: %r" % message)
    vt.check(all(line.startswith(r1.conf + ":") for line in errors),
             "diagnostics are FILE:LINE:COL: %r" % errors)
    vt.check(any("no_such_keyword" in line for line in errors), "names the keyword")

    i = sigs.wait(lambda s: s[2] == "Reloaded", 3, "Reloaded signal")
    ok, text = sigs.items[i][3]
    vt.check(not ok and "no_such_keyword" in text, "Reloaded(%s, %r)" % (ok, text))
    manager = dt.get_all(conn, dt.PATH, dt.MANAGER)
    vt.check(not manager["LastReloadSucceeded"] and manager["LastReloadTime"] > 0
             and "no_such_keyword" in manager["LastReloadMessage"],
             "LastReload* say it failed: %s" % manager)
    vt.check(r1.running(), "vigild keeps running")
    vt.check(dt.get(conn, path, dt.VRRP, "State") == "master", "VI_1 still master")
    topo.wait_holders(vt.VIP4, ["r1"], 1)

    # CheckConfig: the same diagnostics, nothing applied
    diags = dt.call(conn, dt.PATH, dt.MANAGER, "CheckConfig", "(s)", [r1.conf])[0]
    vt.say("CheckConfig: %s" % diags)
    vt.check(any("no_such_keyword" in d and ": error: " in d for d in diags),
             "CheckConfig lists the error: %s" % diags)
    name, message = dt.call_error(conn, dt.PATH, dt.MANAGER, "CheckConfig", "(s)",
                                  ["relative.conf"])
    vt.check(name == "org.freedesktop.DBus.Error.InvalidArgs",
             "a relative path is refused: %s %s" % (name, message))

    # a good file with a second instance: applied, and the object appears
    sigs.items.clear()
    with open(r1.conf, "w") as f:
        f.write(good + vt.instance(name="VI_2", vrid=52, priority=150,
                                   vips=("192.0.2.102/24",)))
    good_diags = dt.call(conn, dt.PATH, dt.MANAGER, "CheckConfig", "(s)", [r1.conf])[0]
    vt.check(not any(": error: " in d for d in good_diags), "valid: %s" % good_diags)
    dt.call(conn, dt.PATH, dt.MANAGER, "Reload")
    i = sigs.wait(lambda s: s[2] == "Reloaded", 3, "Reloaded signal")
    vt.check(sigs.items[i][3] == (True, ""), "Reloaded%s" % (sigs.items[i][3],))
    sigs.wait(lambda s: s[2] == "InterfacesAdded"
              and s[3][0] == dt.instance_path("VI_2"), 3, "InterfacesAdded for VI_2")
    manager = dt.get_all(conn, dt.PATH, dt.MANAGER)
    vt.check(manager["LastReloadSucceeded"] and manager["LastReloadMessage"] == "",
             "LastReload* say it worked: %s" % manager)
    vt.check(sorted(dt.managed_objects(conn)) == sorted([path, dt.instance_path("VI_2")]),
             "both instances exported")
    vt.check(dt.get(conn, path, dt.VRRP, "State") == "master",
             "the unchanged VI_1 kept its state")
    sigs.close()


vt.run(test)
