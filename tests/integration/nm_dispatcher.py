#!/usr/bin/python3
"""NetworkManager: contrib/networkmanager/90-vigil makes vigild re-announce.

The script is run the way NetworkManager's dispatcher runs it: as root,
`90-vigil IFACE ACTION`, with NM's environment (CONNECTION_ID,
CONNECTION_UUID, DEVICE_IFACE, DEVICE_IP_IFACE, NM_DISPATCHER_ACTION, ...),
here with DBUS_SYSTEM_BUS_ADDRESS pointing at the test's private system
bus, where vigild (master of 192.0.2.100 on eth0, garp_master_delay 0 so
that it sends no gratuitous ARP of its own after taking over) owns
org.vigil.Vigil1.

Asserted on a capture of the bridge: `eth0 up`, `eth0 dhcp4-change` and
`eth0 dhcp6-change`, `eth0 down` (the link itself stays up, vigild stays
master) and `connectivity-change` (no interface) each bring gratuitous ARPs
for the VIP from vigild; `eth1 up` (an interface no instance uses) and an
action the script ignores (`pre-up`) bring none. Run as nobody, the call is
refused: the script says so on stderr and still exits 0. Every run exits 0 silently, also when
nobody owns the name (vigild stopped), when there is no bus at all, and
when busctl is not on PATH.
"""
import os
import struct
import subprocess
import time

import dbustest as dt
import vigiltest as vt

ADV = 0.2


def script():
    return os.path.join(dt.srcdir(), "contrib", "networkmanager", "90-vigil")


def dispatch(bus_address, iface, action, path=None, nobody=False):
    """Run the script like NetworkManager; return the CompletedProcess."""
    env = {
        "PATH": path or os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
        "NM_DISPATCHER_ACTION": action,
        "CONNECTION_ID": "vigil-test",
        "CONNECTION_UUID": "3c9c9a06-2f7e-4c53-9d4c-3b0b7a0ad2c1",
        "CONNECTION_FILENAME": "/etc/NetworkManager/system-connections/vigil-test.nmconnection",
        "DEVICE_IFACE": iface,
        "DEVICE_IP_IFACE": iface,
        "IP4_NUM_ADDRESSES": "1",
        "IP4_ADDRESS_0": "192.0.2.1/24 0.0.0.0",
    }
    if action == "connectivity-change":
        env["CONNECTIVITY_STATE"] = "FULL"
        for k in ("DEVICE_IFACE", "DEVICE_IP_IFACE", "CONNECTION_ID",
                  "CONNECTION_UUID", "CONNECTION_FILENAME"):
            env.pop(k)
    if bus_address:
        env["DBUS_SYSTEM_BUS_ADDRESS"] = bus_address
    try:
        argv = ["/bin/sh", script(), iface, action]
        if nobody:
            argv = ["setpriv", "--reuid=%d" % dt.NOBODY, "--regid=%d" % dt.NOBODY,
                    "--clear-groups"] + argv
        res = subprocess.run(argv, env=env,
                             capture_output=True, text=True, timeout=20,
                             stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise vt.TestFailure("90-vigil %s %s did not finish in 20 s" % (iface, action))
    vt.say("$ 90-vigil %r %s -> %d%s%s" % (iface, action, res.returncode,
                                            " stdout: " + res.stdout if res.stdout else "",
                                            " stderr: " + res.stderr if res.stderr else ""))
    return res


def quiet_success(res, what):
    vt.check(res.returncode == 0 and not res.stdout and not res.stderr,
             "%s: exit %d, stdout %r, stderr %r, want 0 and silence"
             % (what, res.returncode, res.stdout, res.stderr))


def garps(cap, since, addr=vt.VIP4):
    """Gratuitous ARPs (sender and target address both addr) since a time."""
    out = []
    for ts, frame in cap.frames():
        if ts < since or len(frame) < 42 or frame[12:14] != b"\x08\x06":
            continue
        spa, tpa = frame[28:32], frame[38:42]
        if spa == tpa == bytes(int(x) for x in addr.split(".")):
            out.append((ts, struct.unpack("!H", frame[20:22])[0]))
    return out


def expect_garp(cap, bus, iface, action):
    since = time.time()
    quiet_success(dispatch(bus.address, iface, action), "%s %s" % (iface, action))
    found = vt.wait_until(lambda: garps(cap, since), 3,
                          "a gratuitous ARP for %s after %r %s" % (vt.VIP4, iface, action))
    vt.say("%r %s: %d gratuitous ARP(s) for %s" % (iface, action, len(found), vt.VIP4))


def expect_no_garp(cap, bus, iface, action):
    since = time.time()
    quiet_success(dispatch(bus.address, iface, action), "%s %s" % (iface, action))
    time.sleep(1.0)
    found = garps(cap, since)
    vt.check(not found, "%r %s brought %d gratuitous ARP(s), want none"
             % (iface, action, len(found)))


def test(t):
    dt.require_tools(t)
    t.require("busctl")
    bus = dt.PrivateBus("nmdispatch")
    topo = t.topology(["r1"], ipv6=False)
    cap = topo.capture()
    conf = vt.config(vt.instance(priority=200, advert_int=ADV,
                                 extra=("garp_master_delay 0",)))
    r1 = dt.start_vigild(topo, "r1", conf, bus)
    conn = bus.connect()
    dt.wait_owned(conn)
    path = dt.instance_path("VI_1")
    dt.wait_property(conn, path, dt.VRRP, "State", "master", 5)
    topo.wait_holders(vt.VIP4, ["r1"], 5)
    # the takeover's own announcements are over; from here on a GARP can
    # only come from SendGarp
    time.sleep(0.5)
    vt.holds_for(lambda: not garps(cap, time.time() - 0.5), 1.0,
                 "no gratuitous ARP while nobody asks")

    expect_garp(cap, bus, "eth0", "up")
    expect_garp(cap, bus, "eth0", "dhcp4-change")
    expect_garp(cap, bus, "eth0", "dhcp6-change")
    expect_garp(cap, bus, "eth0", "down")
    expect_garp(cap, bus, "", "connectivity-change")
    expect_no_garp(cap, bus, "eth1", "up")
    expect_no_garp(cap, bus, "eth0", "pre-up")

    # a refused call is reported on stderr (NetworkManager logs it), and
    # the dispatcher still gets 0
    since = time.time()
    res = dispatch(bus.address, "eth0", "up", nobody=True)
    vt.check(res.returncode == 0 and "SendGarp" in res.stderr and "failed" in res.stderr,
             "as nobody: exit %d, stderr %r, want 0 and the refusal" % (res.returncode, res.stderr))
    time.sleep(0.5)
    vt.check(not garps(cap, since), "a refused SendGarp sent nothing")

    # no vigild on the bus, no bus at all, no busctl: silence and 0
    vt.check(r1.stop() == 0, "vigild stops cleanly")
    quiet_success(dispatch(bus.address, "eth0", "up"), "eth0 up with no vigild")
    quiet_success(dispatch(bus.address, "", "connectivity-change"),
                  "connectivity-change with no vigild")
    bus.stop()
    quiet_success(dispatch(bus.address, "eth0", "up"), "eth0 up with no bus")
    quiet_success(dispatch(bus.address, "eth0", "up", path="/nonexistent"),
                  "eth0 up without busctl")


vt.run(test)
