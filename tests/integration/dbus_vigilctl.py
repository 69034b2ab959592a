#!/usr/bin/python3
"""vigilctl: status, show, monitor, reload, release, resume, check-config,
in human and --json output, and its errors.

r1 (priority 200) and r2 (priority 100), each vigild on its own private
system bus; vigilctl runs against r1's bus (and r2's for the monitor).
The JSON and the table come from the same data: the test checks both
against the D-Bus properties.
"""
import os
import signal
import subprocess
import time

import dbustest as dt
import vigiltest as vt

ADV = 0.2


def ctl_json(bus, *args):
    res = dt.vigilctl(bus, "--json", *args)
    vt.check(res.returncode == 0, "vigilctl --json %s: %d %s"
             % (" ".join(args), res.returncode, res.stderr))
    return dt.parse_json(res.stdout, "vigilctl --json %s" % " ".join(args))


def test(t):
    dt.require_tools(t)
    bus1 = dt.PrivateBus("ctl1")
    bus2 = dt.PrivateBus("ctl2")
    topo = t.topology(["r1", "r2"])
    conf1 = vt.config(vt.instance(priority=200, advert_int=ADV),
                      vt.instance(name="VI_6", vrid=52, priority=200, advert_int=ADV,
                                  vips=("2001:db8::100/64",)))
    conf2 = vt.config(vt.instance(priority=100, advert_int=ADV))
    r1 = dt.start_vigild(topo, "r1", conf1, bus1)
    dt.start_vigild(topo, "r2", conf2, bus2)
    conn1, conn2 = bus1.connect(), bus2.connect()
    dt.wait_owned(conn1)
    dt.wait_owned(conn2)
    path = dt.instance_path("VI_1")
    dt.wait_property(conn1, path, dt.VRRP, "State", "master", 5)
    dt.wait_property(conn2, path, dt.VRRP, "State", "backup", 5)
    dt.wait_property(conn1, dt.instance_path("VI_6"), dt.VRRP, "State", "master", 5)

    # status: the table
    res = dt.vigilctl(bus1, "status")
    print(res.stdout)
    vt.check(res.returncode == 0, "status: %s" % res.stderr)
    lines = res.stdout.splitlines()
    vt.check(lines[0].startswith("vigild ") and r1.conf in lines[0], "header: %s" % lines[0])
    vt.check(lines[1].split()[:3] == ["NAME", "STATE", "PRIORITY"], "columns: %s" % lines[1])
    row = [l for l in lines if l.startswith("VI_1 ")]
    vt.check(len(row) == 1, "a row for VI_1")
    for word in ("master", "200/200", "192.0.2.100/24", topo.addr4("r1"),
                 "master_down_timer expired"):
        vt.check(word in row[0], "VI_1 row shows %r: %s" % (word, row[0]))
    vt.check(any(l.startswith("VI_6 ") and "2001:db8::100/64" in l for l in lines),
             "a row for VI_6")

    # status --json: the same facts, and what D-Bus says
    data = ctl_json(bus1, "status")
    vt.check(data["vigild"]["config_file"] == os.path.realpath(r1.conf), "config_file")
    names = [i["name"] for i in data["instances"]]
    vt.check(names == ["VI_1", "VI_6"], "instances sorted by name: %s" % names)
    vi1 = data["instances"][0]
    props = dt.get_all(conn1, path, dt.VRRP)
    for prop, key in (("State", "state"), ("Priority", "priority"),
                      ("EffectivePriority", "effective_priority"),
                      ("VirtualAddresses", "virtual_addresses"),
                      ("MasterAddress", "master_address"),
                      ("LastTransitionReason", "last_transition_reason"),
                      ("VirtualRouterId", "virtual_router_id")):
        vt.check(vi1[key] == props[prop], "json %s=%r, D-Bus %s=%r"
                 % (key, vi1[key], prop, props[prop]))
    vt.check(vi1["object_path"] == path, "object_path")

    # show
    res = dt.vigilctl(bus1, "show", "VI_1")
    print(res.stdout)
    vt.check(res.returncode == 0 and res.stdout.startswith("VI_1\n"), "show: %s" % res.stderr)
    for word in ("state:", "master", "virtual_router_id:", "51", "adverts_sent:",
                 "receive_errors:"):
        vt.check(word in res.stdout, "show prints %r" % word)
    one = ctl_json(bus1, "show", "VI_1")
    vt.check(one["name"] == "VI_1" and one["adverts_sent"] > 0
             and "checksum-errors" in one["receive_errors"], "show --json: %s" % one)
    res = dt.vigilctl(bus1, "show", "NOPE")
    vt.check(res.returncode == 1 and "NOPE" in res.stderr, "show NOPE: %s" % res.stderr)

    # monitor on r2 while r1 releases VI_1, then resumes it
    mon_out = os.path.join(topo.workdir, "monitor.out")
    mon_json = os.path.join(topo.workdir, "monitor.json")
    monitors = []
    for out, extra in ((mon_out, []), (mon_json, ["--json"])):
        f = open(out, "w")
        monitors.append(subprocess.Popen([dt.vigilctl_path()] + extra + ["monitor"],
                                         env=bus2.env(), stdout=f,
                                         stderr=subprocess.DEVNULL,
                                         stdin=subprocess.DEVNULL))
        f.close()
    try:
        time.sleep(0.5)   # let them subscribe
        res = dt.vigilctl(bus1, "release", "VI_1")
        vt.check(res.returncode == 0 and "released" in res.stdout, "release: %s" % res.stderr)
        topo.wait_holders(vt.VIP4, ["r2"], 2)
        st = ctl_json(bus1, "show", "VI_1")
        vt.check(st["state"] == "backup" and st["held_until"] == 2 ** 64 - 1,
                 "released: %s %s" % (st["state"], st["held_until"]))
        res = dt.vigilctl(bus1, "status")
        vt.check("backup (held)" in res.stdout, "status shows the hold:\n%s" % res.stdout)
        vt.wait_until(lambda: "backup -> master" in dt._read(mon_out), 3,
                      "the monitor to print r2's takeover")
        res = dt.vigilctl(bus1, "--json", "resume", "VI_1")
        vt.check(res.returncode == 0 and dt.parse_json(res.stdout, "resume")["resumed"],
                 "resume --json: %s %s" % (res.stdout, res.stderr))
        topo.wait_holders(vt.VIP4, ["r1"], 3)
        vt.wait_until(lambda: "master -> backup" in dt._read(mon_out), 3,
                      "the monitor to print r2 going back to backup")
    finally:
        for p in monitors:
            p.send_signal(signal.SIGINT)
        for p in monitors:
            try:
                rc = p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(5)
                raise vt.TestFailure("vigilctl monitor did not end on SIGINT")
            vt.check(rc == 0, "vigilctl monitor exits 0 on SIGINT (%d)" % rc)
    text = dt._read(mon_out)
    print(text)
    vt.check("VI_1: backup -> master (" in text, "monitor line format:\n%s" % text)
    events = [dt.parse_json(line, "monitor --json line")
              for line in dt._read(mon_json).splitlines()]
    changes = [(e["old_state"], e["new_state"]) for e in events
               if e["event"] == "state-changed" and e["instance"] == "VI_1"]
    vt.check(changes == [("backup", "master"), ("master", "backup")],
             "monitor --json state changes: %s" % events)
    vt.check(all(e["time"] > 0 for e in events), "every event has a time")

    # release for a while, by seconds
    res = dt.vigilctl(bus1, "release", "VI_1", "2")
    vt.check(res.returncode == 0 and "2 s" in res.stdout, "release 2: %s" % res.stdout)
    topo.wait_holders(vt.VIP4, ["r2"], 2)
    topo.wait_holders(vt.VIP4, ["r1"], 5)
    res = dt.vigilctl(bus1, "release", "VI_1", "soon")
    vt.check(res.returncode == 2, "a bad SECONDS is a usage error (%d)" % res.returncode)

    # check-config and reload, good and bad
    bad = os.path.join(topo.workdir, "bad.conf")
    with open(bad, "w") as f:
        f.write(conf1.replace("virtual_router_id 51", "virtual_router_id 0"))
    res = dt.vigilctl(bus1, "check-config", bad)
    print(res.stdout)
    vt.check(res.returncode == 1 and bad + ":" in res.stdout and ": error: " in res.stdout,
             "check-config bad: %d %s" % (res.returncode, res.stdout))
    cc = dt.parse_json(dt.vigilctl(bus1, "--json", "check-config", bad).stdout, "check-config")
    vt.check(cc["valid"] is False and cc["diagnostics"], "check-config --json: %s" % cc)
    res = dt.vigilctl(bus1, "check-config", r1.conf)
    vt.check(res.returncode == 0 and "valid" in res.stdout, "check-config good: %s" % res.stdout)

    res = dt.vigilctl(bus1, "reload")
    vt.check(res.returncode == 0, "reload: %s" % res.stderr)
    good = dt._read(r1.conf)
    with open(r1.conf, "w") as f:
        f.write(good.replace("virtual_router_id 51", "virtual_router_id 0"))
    res = dt.vigilctl(bus1, "reload")
    print(res.stderr)
    vt.check(res.returncode == 1 and "invalid" in res.stderr
             and r1.conf + ":" in res.stderr and ": error: " in res.stderr,
             "reload of a bad config: exit 1 with the diagnostics: %d %s"
             % (res.returncode, res.stderr))
    rl = dt.parse_json(dt.vigilctl(bus1, "--json", "reload").stdout, "reload --json")
    vt.check(rl["reloaded"] is False and rl["error"].endswith("ConfigInvalid")
             and ": error: " in rl["message"], "reload --json: %s" % rl)
    vt.check(r1.running(), "vigild runs on")

    # vigild not running, bus not there, usage
    rc = r1.stop()
    vt.check(rc == 0, "vigild on the bus stops cleanly (%d)" % rc)
    res = dt.vigilctl(bus1, "status")
    vt.check(res.returncode == 3 and "not running" in res.stderr,
             "status without vigild: %d %s" % (res.returncode, res.stderr))
    res = dt.vigilctl(bus1, "monitor")
    vt.check(res.returncode == 3 and "not running" in res.stderr,
             "monitor without vigild: %d %s" % (res.returncode, res.stderr))
    bus1.stop()
    res = dt.vigilctl(bus1, "status")
    vt.check(res.returncode == 3 and "system bus" in res.stderr,
             "status without a bus: %d %s" % (res.returncode, res.stderr))
    res = dt.vigilctl(bus1, "frobnicate")
    vt.check(res.returncode == 2 and "unknown command" in res.stderr, "unknown command")
    res = dt.vigilctl(bus1, "show")
    vt.check(res.returncode == 2 and "usage" in res.stderr, "missing argument")


vt.run(test)
