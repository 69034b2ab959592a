#!/usr/bin/python3
"""dbustest - private system buses and D-Bus clients for vigil's D-Bus tests.

A PrivateBus is a dbus-daemon started by the test with a configuration of
its own: the defaults of a Debian system bus (method calls denied unless a
rule allows them, signals let through), then the project's policy file
dbus/org.vigil.Vigil1.conf, and with permissive=True a last rule that lets
anyone call vigild (so that the daemon's own uid check can be tested).
It listens on a unix socket in a temporary directory and is killed by the
PID it was started with.

vigild runs in a vigiltest topology without --no-dbus and with
DBUS_SYSTEM_BUS_ADDRESS pointing at such a bus (start_vigild()). Clients
are Gio connections from this process (as root), or commands run as
nobody through setpriv (as_nobody()).

Every wait is bounded.
"""

import atexit
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time

import gi
gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

import vigiltest as vt  # noqa: E402

NAME = "org.vigil.Vigil1"
PATH = "/org/vigil/Vigil1"
MANAGER = "org.vigil.Vigil1.Manager"
VRRP = "org.vigil.Vigil1.VrrpInstance"
PROPS = "org.freedesktop.DBus.Properties"
OBJMGR = "org.freedesktop.DBus.ObjectManager"
NOBODY = 65534

_BUSES = []


def srcdir():
    return os.environ.get("VIGIL_SRCDIR") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..")


def vigilctl_path():
    p = os.environ.get("VIGILCTL")
    if p:
        return p
    return os.path.join(os.path.dirname(vt.vigild_path()), "vigilctl")


def instance_path(name):
    """g_dbus_escape_object_path(), as vigild names instance objects."""
    out = []
    for b in name.encode():
        c = chr(b)
        if c.isascii() and c.isalnum():
            out.append(c)
        else:
            out.append("_%02x" % b)
    return PATH + "/vrrp/" + "".join(out)


BUS_CONF = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus"
           send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus"
           send_interface="org.freedesktop.DBus.Introspectable"/>
    <allow send_destination="org.freedesktop.DBus"
           send_interface="org.freedesktop.DBus.Properties"/>
  </policy>
  <include>{policy}</include>
{extra}
</busconfig>
"""

PERMISSIVE = """  <policy context="default">
    <allow send_destination="org.vigil.Vigil1"/>
  </policy>"""


class PrivateBus:
    """A dbus-daemon of the test's own, system-bus style."""

    def __init__(self, tag="bus", permissive=False):
        self.dir = tempfile.mkdtemp(prefix="vigil-%s-" % tag)
        os.chmod(self.dir, 0o755)   # nobody must reach the socket
        self.socket = os.path.join(self.dir, "system_bus_socket")
        self.address = "unix:path=" + self.socket
        self.conf = os.path.join(self.dir, "bus.conf")
        with open(self.conf, "w") as f:
            f.write(BUS_CONF.format(
                socket=self.socket,
                policy=os.path.abspath(os.path.join(srcdir(), "dbus",
                                                    "org.vigil.Vigil1.conf")),
                extra=PERMISSIVE if permissive else ""))
        self.proc = None
        self.log = os.path.join(self.dir, "dbus-daemon.log")
        _BUSES.append(self)
        self.start()

    def start(self):
        if os.path.exists(self.socket):
            os.unlink(self.socket)
        err = open(self.log, "a")
        self.proc = subprocess.Popen(
            ["dbus-daemon", "--config-file=" + self.conf, "--print-address",
             "--nofork"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err)
        err.close()
        ready, _, _ = select.select([self.proc.stdout], [], [], 10)
        line = self.proc.stdout.readline().decode().strip() if ready else ""
        if not line:
            self.stop()
            raise vt.TestFailure("dbus-daemon did not start: %s" % _read(self.log))
        vt.wait_until(lambda: os.path.exists(self.socket), 5, "the bus socket")
        os.chmod(self.socket, 0o777)
        vt.say("private system bus (pid %d) at %s" % (self.proc.pid, self.address))

    def stop(self):
        """Kill the dbus-daemon by its PID (as a crash of the bus would)."""
        if self.proc is not None and self.proc.poll() is None:
            vt.say("stopping the private bus (pid %d)" % self.proc.pid)
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc is not None and self.proc.stdout is not None:
            self.proc.stdout.close()

    def connect(self):
        """A new client connection (as this process: root)."""
        return Gio.DBusConnection.new_for_address_sync(
            self.address,
            Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
            | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)

    def env(self):
        env = dict(os.environ)
        env["DBUS_SYSTEM_BUS_ADDRESS"] = self.address
        return env

    def cleanup(self):
        self.stop()
        if self in _BUSES:
            _BUSES.remove(self)
        shutil.rmtree(self.dir, ignore_errors=True)


def _cleanup_buses():
    for bus in list(_BUSES):
        bus.cleanup()


atexit.register(_cleanup_buses)


def _read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""


class VigildOnBus(vt.Daemon):
    """vigild in a topology host, on a private system bus."""

    def __init__(self, topo, host, conf_text, name, bus_address):
        self.bus_address = bus_address
        super().__init__(topo, host, "vigild", conf_text, name)

    def argv(self):
        argv = [a for a in super().argv() if a != "--no-dbus"]
        return ["env", "DBUS_SYSTEM_BUS_ADDRESS=" + self.bus_address] + argv


def start_vigild(topo, host, conf_text, bus, name=None):
    name = name or "%s-vigild" % host
    d = VigildOnBus(topo, host, conf_text, name, bus.address)
    topo.daemons.append(d)
    return d


# ---- calls ---------------------------------------------------------------------

def call(conn, path, iface, method, sig=None, args=None, timeout=10):
    params = GLib.Variant(sig, tuple(args)) if sig else None
    return conn.call_sync(NAME, path, iface, method, params, None,
                          Gio.DBusCallFlags.NO_AUTO_START, int(timeout * 1000),
                          None).unpack()


def call_error(conn, path, iface, method, sig=None, args=None, timeout=10):
    """Make a call that must fail; return (error name, message)."""
    try:
        call(conn, path, iface, method, sig, args, timeout)
    except GLib.Error as e:
        name = Gio.DBusError.get_remote_error(e)
        message = e.message
        if message.startswith("GDBus.Error:"):
            message = message.split(": ", 1)[1]
        return name, message
    raise vt.TestFailure("%s.%s on %s succeeded, want an error" % (iface, method, path))


def get_all(conn, path, iface):
    return call(conn, path, PROPS, "GetAll", "(s)", [iface])[0]


def get(conn, path, iface, prop):
    return call(conn, path, PROPS, "Get", "(ss)", [iface, prop])[0]


def managed_objects(conn):
    return call(conn, PATH, OBJMGR, "GetManagedObjects")[0]


def wait_owned(conn, timeout=10):
    """Wait until vigild owns its name on conn's bus; return the owner."""
    def owner():
        try:
            return conn.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                  "org.freedesktop.DBus", "GetNameOwner",
                                  GLib.Variant("(s)", (NAME,)), None,
                                  Gio.DBusCallFlags.NONE, 2000, None).unpack()[0]
        except GLib.Error:
            return None
    o = vt.wait_until(owner, timeout, "vigild to own %s" % NAME, interval=0.1)
    vt.say("%s is owned by %s" % (NAME, o))
    return o


def wait_property(conn, path, iface, prop, want, timeout):
    def ok():
        try:
            return get(conn, path, iface, prop) == want
        except GLib.Error:
            return False
    vt.wait_until(ok, timeout, lambda: "%s.%s of %s to be %r (is %r)"
                  % (iface, prop, path, want, _try_get(conn, path, iface, prop)))


def _try_get(conn, path, iface, prop):
    try:
        return get(conn, path, iface, prop)
    except GLib.Error as e:
        return "error: %s" % e.message


class Signals:
    """Record signals from vigild on a connection, in arrival order."""

    def __init__(self, conn, iface=None, member=None, path=None, arg0=None):
        self.conn = conn
        self.items = []
        self.id = conn.signal_subscribe(NAME, iface, member, path, arg0,
                                        Gio.DBusSignalFlags.NONE, self._on, None)

    def _on(self, conn, sender, path, iface, member, params, user_data):
        self.items.append((path, iface, member, params.unpack()))

    def pump(self, seconds=0.0):
        """Dispatch what has arrived, for up to `seconds`."""
        ctx = GLib.MainContext.default()
        deadline = time.monotonic() + seconds
        while True:
            while ctx.pending():
                ctx.iteration(False)
            if time.monotonic() >= deadline:
                return
            time.sleep(0.01)

    def wait(self, pred, timeout, what):
        """Wait for the first recorded signal with pred(item); return its index."""
        def find():
            self.pump()
            for i, item in enumerate(self.items):
                if pred(item):
                    return i + 1
            return None
        return vt.wait_until(find, timeout, what) - 1

    def close(self):
        self.conn.signal_unsubscribe(self.id)


# ---- commands ----------------------------------------------------------------------

def run_cmd(argv, bus, nobody=False, timeout=20):
    """Run a command against the bus (as nobody with setpriv when asked)."""
    env = bus.env()
    if nobody:
        # LeakSanitizer cannot stop the world without ptrace rights
        # as another user; leaks are checked in the root runs.
        env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
        argv = ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY,
                "--clear-groups"] + list(argv)
    try:
        res = subprocess.run(argv, env=env, capture_output=True, text=True,
                             timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise vt.TestFailure("timed out after %ss: %s" % (timeout, " ".join(argv)))
    vt.say("$ %s%s -> %d" % ("(nobody) " if nobody else "", " ".join(argv[-6:]),
                              res.returncode))
    return res


def vigilctl(bus, *args, nobody=False, timeout=20):
    return run_cmd([vigilctl_path()] + list(args), bus, nobody=nobody, timeout=timeout)


def gdbus_call(bus, path, method, *args, nobody=False):
    """`gdbus call` on the bus; method as Interface.Member."""
    return run_cmd(["gdbus", "call", "--system", "--dest", NAME,
                    "--object-path", path, "--method", method] + list(args),
                   bus, nobody=nobody)


def parse_json(text, what):
    try:
        return json.loads(text)
    except ValueError as e:
        raise vt.TestFailure("%s is not JSON (%s):\n%s" % (what, e, text))


def require_tools(t):
    for prog in ("dbus-daemon", "gdbus", "setpriv"):
        t.require(prog)
    if not os.access(vigilctl_path(), os.X_OK):
        raise vt.TestFailure("vigilctl not found at %s (set VIGILCTL)" % vigilctl_path())
