#!/usr/bin/python3
"""vigiltest - a small harness for vigil's network-namespace tests.

A Topology is a "switch" namespace holding a Linux bridge, and N host
namespaces, each attached to the bridge by a veth pair whose host end is
called eth0.  Hosts get addresses from 192.0.2.0/24 and 2001:db8::/64 only.
Every name carries the test's tag and the pid of the test process, so tests
may run side by side.  Everything the harness creates (namespaces, temp
files, processes) is recorded and removed when the test ends, processes by
the PID the harness started them with, never by name.

Daemons (vigild, or keepalived as the reference) run in a host namespace in
the foreground with their stdout/stderr in a log file.  A capture (tcpdump
writing a pcap file) on the bridge is parsed here, without tshark, into
VRRP adverts: time, source, VRID, priority, interval.

Usage from a test file:

    import vigiltest as vt

    def test(t):
        topo = t.topology(["r1", "r2"])
        cap = topo.capture()
        r1 = topo.start_router("r1", vt.config(vt.instance(priority=200)))
        ...

    vt.run(test)

Environment:
    VIGILD               the vigild binary (set by meson)
    VIGIL_TEST_DAEMON    "vigild" (default) or "keepalived": which daemon
                         start_router() starts; keepalived validates the
                         harness and the tests' logic
    VIGIL_TEST_KEEP=1    keep the work directory (logs, pcaps) afterwards
"""

import atexit
import ipaddress
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

__all__ = [
    "TestFailure", "TestSkip", "run", "check", "wait_until",
    "Topology", "Daemon", "Capture", "Advert",
    "config", "instance", "master_down_interval", "skew_time",
]

VIP4 = "192.0.2.100"
VIP6 = "2001:db8::100"
VRRP_PROTO = 112

_T0 = time.monotonic()
quiet = False   # set by callers (bench) that print their own summary


def say(msg):
    """Print what the test does, with the time since it started."""
    if not quiet:
        print("[%7.3f] %s" % (time.monotonic() - _T0, msg), flush=True)


class TestFailure(AssertionError):
    pass


class TestSkip(Exception):
    pass


def check(cond, msg):
    """Fail the test with msg unless cond holds."""
    if not cond:
        raise TestFailure(msg)


def wait_until(pred, timeout, what="condition", interval=0.02):
    """Poll pred() until it returns something true; return that value.

    Bounded: raises TestFailure after timeout seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = pred()
        if value:
            return value
        if time.monotonic() >= deadline:
            if callable(what):
                what = what()
            raise TestFailure("timed out after %.1fs waiting for %s"
                              % (timeout, what))
        time.sleep(interval)


def holds_for(pred, duration, what="condition", interval=0.05):
    """Check that pred() stays true for duration seconds."""
    deadline = time.monotonic() + duration
    while time.monotonic() < deadline:
        if not pred():
            raise TestFailure("%s stopped holding after %.2fs"
                              % (what, duration - (deadline - time.monotonic())))
        time.sleep(interval)


def sh(argv, check_rc=True, timeout=20, input=None):
    """Run a command to completion (bounded); return CompletedProcess."""
    try:
        res = subprocess.run(argv, input=input, capture_output=True,
                             text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise TestFailure("command timed out after %ss: %s"
                          % (timeout, " ".join(argv)))
    if check_rc and res.returncode != 0:
        raise TestFailure("command failed (%d): %s\n%s%s"
                          % (res.returncode, " ".join(argv),
                             res.stdout, res.stderr))
    return res


# ---- RFC timers ----------------------------------------------------------

def skew_time(advert_int, priority, version=3):
    """Skew_Time: RFC 5798 (v3) scales by the interval, RFC 3768 (v2) not."""
    if version == 3:
        return ((256 - priority) * advert_int) / 256.0
    return (256 - priority) / 256.0


def master_down_interval(advert_int, priority, version=3):
    """Master_Down_Interval = 3 * Advert_Interval + Skew_Time."""
    return 3 * advert_int + skew_time(advert_int, priority, version)


# ---- config text -------------------------------------------------------------

def instance(name="VI_1", interface="eth0", vrid=51, priority=100,
             advert_int=1, version=3, state="BACKUP", vips=(VIP4 + "/24",),
             nopreempt=False, preempt_delay=None, unicast_peers=(),
             extra=()):
    """A vrrp_instance block in keepalived.conf syntax."""
    lines = ["vrrp_instance %s {" % name,
             "    state %s" % state,
             "    interface %s" % interface,
             "    virtual_router_id %d" % vrid,
             "    priority %d" % priority,
             "    advert_int %s" % _num(advert_int),
             "    version %d" % version]
    if nopreempt:
        lines.append("    nopreempt")
    if preempt_delay is not None:
        lines.append("    preempt_delay %s" % _num(preempt_delay))
    if unicast_peers:
        lines.append("    unicast_peer {")
        lines += ["        %s" % p for p in unicast_peers]
        lines.append("    }")
    lines += ["    %s" % e for e in extra]
    lines.append("    virtual_ipaddress {")
    lines += ["        %s" % v for v in vips]
    lines.append("    }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def config(*instances, router_id=None):
    """A whole config file from vrrp_instance blocks."""
    text = ""
    if router_id:
        text += "global_defs {\n    router_id %s\n}\n\n" % router_id
    return text + "\n".join(instances)


def _num(x):
    return ("%g" % x) if isinstance(x, float) else str(x)


# ---- pcap and VRRP -------------------------------------------------------------

class Advert:
    """One VRRP advertisement seen in a capture."""
    __slots__ = ("time", "src", "dst", "mac", "family", "version", "vrid",
                 "prio", "interval", "addrs", "ttl")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))

    def __repr__(self):
        return ("%.6f %s (%s) v%d vrid %d prio %d int %gs %s"
                % (self.time, self.src, self.mac, self.version, self.vrid,
                   self.prio, self.interval, ",".join(self.addrs)))


def _mac(b):
    return ":".join("%02x" % x for x in b)


def read_pcap(path):
    """Yield (timestamp, frame bytes) from a pcap file (Ethernet link type).

    Tolerates a truncated last record (the writer may still be running).
    """
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return
    if len(data) < 24:
        return
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        raise TestFailure("%s: not a pcap file" % path)
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    if linktype != 1:
        raise TestFailure("%s: link type %d, want Ethernet" % (path, linktype))
    off = 24
    hdr = struct.Struct(endian + "IIII")
    while off + 16 <= len(data):
        sec, frac, incl, _orig = hdr.unpack_from(data, off)
        off += 16
        if off + incl > len(data):
            break
        ts = sec + frac / (1e9 if nano else 1e6)
        yield ts, data[off:off + incl]
        off += incl


def parse_frame(ts, frame):
    """Return an Advert if frame is a VRRP advertisement, else None."""
    if len(frame) < 14:
        return None
    src_mac = _mac(frame[6:12])
    etype = struct.unpack("!H", frame[12:14])[0]
    off = 14
    while etype == 0x8100 and len(frame) >= off + 4:
        etype = struct.unpack("!H", frame[off + 2:off + 4])[0]
        off += 4
    if etype == 0x0800:
        if len(frame) < off + 20:
            return None
        ihl = (frame[off] & 0x0f) * 4
        if frame[off + 9] != VRRP_PROTO:
            return None
        ttl = frame[off + 8]
        src = str(ipaddress.IPv4Address(frame[off + 12:off + 16]))
        dst = str(ipaddress.IPv4Address(frame[off + 16:off + 20]))
        family, alen = 4, 4
        off += ihl
    elif etype == 0x86dd:
        if len(frame) < off + 40 or frame[off + 6] != VRRP_PROTO:
            return None
        ttl = frame[off + 7]
        src = str(ipaddress.IPv6Address(frame[off + 8:off + 24]))
        dst = str(ipaddress.IPv6Address(frame[off + 24:off + 40]))
        family, alen = 6, 16
        off += 40
    else:
        return None
    v = frame[off:]
    if len(v) < 8 or (v[0] & 0x0f) != 1:
        return None
    version = v[0] >> 4
    count = v[3]
    if version == 2:
        interval = float(v[5])
    else:
        interval = (((v[4] & 0x0f) << 8) | v[5]) / 100.0
    addrs = []
    for i in range(count):
        a = v[8 + i * alen:8 + (i + 1) * alen]
        if len(a) < alen:
            break
        addrs.append(str(ipaddress.ip_address(bytes(a))))
    return Advert(time=ts, src=src, dst=dst, mac=src_mac, family=family,
                  version=version, vrid=v[1], prio=v[2], interval=interval,
                  addrs=addrs, ttl=ttl)


class Capture:
    """tcpdump writing every frame on one interface of a namespace to a pcap."""

    def __init__(self, topo, ns, iface, path):
        self.topo, self.ns, self.iface, self.path = topo, ns, iface, path
        self.errlog = path + ".log"
        err = open(self.errlog, "w")
        # -U: write each packet at once, so the file can be read live.
        # -Z root: Debian's tcpdump would otherwise drop to user tcpdump
        # and could not write into our private directory.
        self.proc = topo._popen(
            ["ip", "netns", "exec", ns, "tcpdump", "-i", iface, "-n",
             "-U", "--immediate-mode", "-s", "256", "-Z", "root", "-w", path,
             "--time-stamp-precision=nano"],
            stdout=err, stderr=err)
        err.close()
        wait_until(lambda: self._listening(), 10, "tcpdump to start on %s" % iface)
        say("capture on %s/%s -> %s" % (ns, iface, os.path.basename(path)))

    def _listening(self):
        if self.proc.poll() is not None:
            raise TestFailure("tcpdump exited: %s" % _read(self.errlog))
        return "listening on" in _read(self.errlog)

    def stop(self):
        """Stop tcpdump (SIGINT, bounded) and return all adverts."""
        if self.proc.poll() is None:
            time.sleep(0.05)  # let the last frames through
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        return self.adverts()

    def frames(self):
        return list(read_pcap(self.path))

    def adverts(self, vrid=None, since=None, src=None, mac=None):
        """The VRRP adverts captured so far, oldest first, filtered."""
        out = []
        for ts, frame in read_pcap(self.path):
            a = parse_frame(ts, frame)
            if a is None:
                continue
            if vrid is not None and a.vrid != vrid:
                continue
            if since is not None and a.time < since:
                continue
            if src is not None and a.src != src:
                continue
            if mac is not None and a.mac != mac:
                continue
            out.append(a)
        return out

    def wait_advert(self, timeout, what="an advert", since=None, mac=None,
                    vrid=None, prio=None, min_prio=None):
        """Wait for the first advert matching the filters; return it."""
        def find():
            for a in self.adverts(vrid=vrid, since=since, mac=mac):
                if prio is not None and a.prio != prio:
                    continue
                if min_prio is not None and a.prio < min_prio:
                    continue
                return a
            return None
        return wait_until(find, timeout, what + " in the capture")

    def senders(self, since, vrid=None):
        """The MACs that sent adverts (priority > 0) since a time."""
        return sorted({a.mac for a in self.adverts(vrid=vrid, since=since)
                       if a.prio > 0})

    def dump(self, last=40):
        ads = self.adverts()
        print("---- last %d of %d VRRP adverts on %s/%s ----"
              % (min(last, len(ads)), len(ads), self.ns, self.iface))
        for a in ads[-last:]:
            print("   ", a)


def takeover(adverts, old_mac, new_mac, after):
    """Measure a takeover from a list of adverts.

    new: the first advert with priority > 0 from new_mac at or after `after`
    (the time of the event). old: the last advert from old_mac before it.
    Returns (old_advert, new_advert, seconds) or None if either is missing.
    """
    new = next((a for a in adverts if a.mac == new_mac and a.prio > 0
                and a.time >= after), None)
    if new is None:
        return None
    old = None
    for a in adverts:
        if a.time >= new.time:
            break
        if a.mac == old_mac:
            old = a
    if old is None:
        return None
    return old, new, new.time - old.time


# ---- daemons ---------------------------------------------------------------------

_VIGILD_STATE = re.compile(
    r"(?P<inst>[\w.:-]+): (?P<old>INIT|BACKUP|MASTER|FAULT|STOP) -> "
    r"(?P<new>INIT|BACKUP|MASTER|FAULT|STOP)(?: \((?P<reason>[^)]*)\))?",
    re.IGNORECASE)
_KEEPALIVED_STATE = re.compile(
    r"\((?P<inst>[\w.:-]+)\) Entering (?P<new>MASTER|BACKUP|FAULT) STATE")


def vigild_path():
    p = os.environ.get("VIGILD")
    if p:
        return p
    b = os.environ.get("VIGIL_BUILDDIR")
    if b:
        return os.path.join(b, "src", "vigild")
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "..", "..", "build", "src", "vigild")


class Daemon:
    """A VRRP daemon (vigild or keepalived) running in a host namespace."""

    def __init__(self, topo, host, kind, conf_text, name):
        self.topo, self.host, self.kind, self.name = topo, host, kind, name
        self.dir = os.path.join(topo.workdir, name)
        os.makedirs(self.dir, exist_ok=True)
        self.conf = os.path.join(self.dir, "vigil.conf" if kind == "vigild"
                                 else "keepalived.conf")
        with open(self.conf, "w") as f:
            f.write(conf_text)
        self.logs = []          # every log file, one per start
        self.proc = None
        self.children = []      # (pid, starttime) of keepalived's children
        self.start()

    @property
    def log(self):
        return self.logs[-1]

    def argv(self):
        if self.kind == "vigild":
            return [vigild_path(), "-f", self.conf, "--runtime-dir",
                    os.path.join(self.dir, "run"), "--no-dbus", "-D"]
        if self.kind == "keepalived":
            d = self.dir
            return ["keepalived", "-n", "-l", "-D", "-G", "-P",
                    "-f", self.conf,
                    "-p", os.path.join(d, "keepalived.pid"),
                    "-r", os.path.join(d, "vrrp.pid"),
                    "-c", os.path.join(d, "checkers.pid")]
        raise ValueError("unknown daemon kind %r" % self.kind)

    def start(self):
        """Start (or restart) the daemon; a new log file each time."""
        if self.proc is not None and self.proc.poll() is None:
            raise TestFailure("%s is already running" % self.name)
        os.makedirs(os.path.join(self.dir, "run"), exist_ok=True)
        for f in ("keepalived.pid", "vrrp.pid", "checkers.pid"):
            try:
                os.unlink(os.path.join(self.dir, f))
            except FileNotFoundError:
                pass
        log = os.path.join(self.dir, "log.%d" % (len(self.logs) + 1))
        self.logs.append(log)
        out = open(log, "w")
        self.started_at = time.time()
        self.proc = self.topo._popen(
            ["ip", "netns", "exec", self.topo.ns(self.host)] + self.argv(),
            stdout=out, stderr=subprocess.STDOUT)
        out.close()
        self.children = []
        say("started %s on %s (pid %d, log %s)"
            % (self.kind, self.host, self.proc.pid,
               os.path.relpath(log, self.topo.workdir)))
        if self.kind == "keepalived":
            self._wait_children()
        return self

    def _wait_children(self):
        path = os.path.join(self.dir, "vrrp.pid")

        def child():
            if self.proc.poll() is not None:
                raise TestFailure("keepalived exited at start:\n" + self.text())
            try:
                pid = int(_read(path).strip() or "0")
            except ValueError:
                return None
            return pid if pid and _starttime(pid) else None
        pid = wait_until(child, 10, "keepalived's VRRP child")
        self.children = [(pid, _starttime(pid))]

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def text(self, all_runs=False):
        """The log of the current run (or of every run)."""
        logs = self.logs if all_runs else self.logs[-1:]
        return "".join(_read(p) for p in logs)

    def transitions(self, inst="VI_1"):
        """The states the instance entered in this run, in order."""
        out = []
        for line in self.text().splitlines():
            m = (_VIGILD_STATE if self.kind == "vigild"
                 else _KEEPALIVED_STATE).search(line)
            if m and m.group("inst") == inst:
                out.append(m.group("new").upper())
        return out

    def state(self, inst="VI_1"):
        """The last state the log says the instance entered, or None."""
        t = self.transitions(inst)
        return t[-1] if t else None

    def wait_state(self, state, timeout, inst="VI_1"):
        def pred():
            if not self.running():
                raise TestFailure("%s on %s exited (%s) while waiting for %s"
                                  % (self.kind, self.host, self.proc.returncode, state))
            return self.state(inst) == state
        wait_until(pred, timeout, "%s %s on %s to be %s"
                   % (self.kind, inst, self.host, state))
        say("%s on %s: %s is %s" % (self.kind, self.host, inst, state))

    def signal(self, sig):
        if self.running():
            os.kill(self.proc.pid, sig)

    def stop(self, timeout=10):
        """SIGTERM and wait for the exit; return the exit status."""
        self.terminate()
        return self.wait(timeout)

    def terminate(self):
        """Send SIGTERM; return the time it was sent."""
        say("SIGTERM %s on %s (pid %d)" % (self.kind, self.host, self.proc.pid))
        self.term_sent = time.time()
        self.signal(signal.SIGTERM)
        return self.term_sent

    def wait(self, timeout=10):
        """Wait for the exit after terminate(); return the exit status."""
        t = self.term_sent
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise TestFailure("%s on %s did not exit within %ss of SIGTERM"
                              % (self.kind, self.host, timeout))
        say("%s on %s exited with %d after %.3fs"
            % (self.kind, self.host, rc, time.time() - t))
        return rc

    def crash(self):
        """SIGKILL, as a crash would: no goodbye, addresses left behind.

        keepalived's adverts come from its VRRP child: stop the parent so
        it cannot respawn, kill the child, then kill the parent.
        """
        if not self.running():
            raise TestFailure("%s on %s is not running" % (self.kind, self.host))
        say("SIGKILL %s on %s (pid %d)" % (self.kind, self.host, self.proc.pid))
        t = time.time()
        if self.kind == "keepalived":
            os.kill(self.proc.pid, signal.SIGSTOP)
            for pid, st in self.children:
                if _starttime(pid) == st:
                    os.kill(pid, signal.SIGKILL)
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        if self.kind == "keepalived":
            for pid, st in self.children:
                wait_until(lambda: _starttime(pid) != st, 5,
                           "keepalived child %d to die" % pid)
        return t

    def cleanup(self):
        if self.running():
            try:
                self.proc.send_signal(signal.SIGTERM)
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        for pid, st in self.children:
            if st and _starttime(pid) == st:
                os.kill(pid, signal.SIGKILL)


def _starttime(pid):
    """Field 22 of /proc/PID/stat: guards against PID reuse."""
    try:
        s = _read("/proc/%d/stat" % pid, missing=None)
    except OSError:
        return None
    if not s:
        return None
    fields = s[s.rindex(")") + 2:].split()
    if fields[0] == "Z":
        return None
    return fields[19]


def _read(path, missing=""):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except (FileNotFoundError, ProcessLookupError):
        return missing


# ---- topology -------------------------------------------------------------------

_LIVE = []


def _cleanup_all():
    for topo in list(_LIVE):
        topo.cleanup()


atexit.register(_cleanup_all)


class Topology:
    """A bridge in a switch namespace, and hosts attached to it by veth."""

    def __init__(self, tag, hosts=("r1", "r2"), ipv6=True):
        tag = re.sub(r"[^a-z0-9]", "", tag.lower())[:12] or "t"
        self.prefix = "vt%d%s" % (os.getpid(), tag)
        self.hosts = list(hosts)
        self.ipv6 = ipv6
        self.switch = self.prefix + "-sw"
        self.workdir = tempfile.mkdtemp(prefix="vigiltest-%s-" % tag)
        self.procs = []
        self.daemons = []
        self.captures = []
        self.netns = []
        self.index = {}
        _LIVE.append(self)
        try:
            self._build()
        except BaseException:
            self.cleanup()
            raise

    # names and addresses
    def ns(self, host):
        return self.switch if host == "switch" else "%s-%s" % (self.prefix, host)

    def port(self, host):
        """The switch-side end of host's veth pair."""
        return "p-" + host

    def addr4(self, host):
        return "192.0.2.%d" % self.index[host]

    def addr6(self, host):
        return "2001:db8::%d" % self.index[host]

    def mac(self, host):
        return "02:76:74:00:00:%02x" % self.index[host]

    def host_of_mac(self, mac):
        for h in self.hosts:
            if self.mac(h) == mac:
                return h
        return mac

    def _build(self):
        say("topology %s: switch %s, hosts %s (work dir %s)"
            % (self.prefix, self.switch, ", ".join(self.hosts), self.workdir))
        self._add_ns(self.switch)
        self.exec("switch", "sysctl", "-qw",
                  "net.ipv6.conf.all.disable_ipv6=1",
                  "net.ipv6.conf.default.disable_ipv6=1")
        # No multicast snooping (VRRP groups must always be flooded), no
        # STP (ports forward at once).
        self.ip("switch", "link", "add", "br0", "type", "bridge",
                "stp_state", "0", "mcast_snooping", "0")
        self.ip("switch", "link", "set", "lo", "up")
        self.ip("switch", "link", "set", "br0", "up")
        for i, h in enumerate(self.hosts, start=1):
            self.index[h] = i
            ns = self.ns(h)
            self._add_ns(ns)
            self.ip(h, "link", "set", "lo", "up")
            self.exec(h, "sysctl", "-qw",
                      "net.ipv6.conf.all.accept_dad=0",
                      "net.ipv6.conf.default.accept_dad=0",
                      "net.ipv6.conf.all.keep_addr_on_down=1",
                      "net.ipv6.conf.default.keep_addr_on_down=1")
            self.ip("switch", "link", "add", self.port(h), "type", "veth",
                    "peer", "name", "eth0", "netns", ns)
            self.ip("switch", "link", "set", self.port(h), "master", "br0")
            self.ip("switch", "link", "set", self.port(h), "up")
            self.ip(h, "link", "set", "eth0", "address", self.mac(h))
            self.ip(h, "addr", "add", self.addr4(h) + "/24", "dev", "eth0")
            if self.ipv6:
                self.ip(h, "addr", "add", self.addr6(h) + "/64", "dev", "eth0",
                        "nodad")
            self.ip(h, "link", "set", "eth0", "up")
        if self.ipv6:
            for h in self.hosts:
                wait_until(lambda: self._ipv6_ready(h), 10,
                           "IPv6 link-local on %s to be usable" % h)

    def _ipv6_ready(self, host):
        ok = False
        for a in self._addr_json(host):
            if a.get("family") == "inet6" and a.get("scope") == "link":
                if a.get("tentative"):
                    return False
                ok = True
        return ok

    def _add_ns(self, name):
        sh(["ip", "netns", "add", name])
        self.netns.append(name)

    def _popen(self, argv, **kw):
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, **kw)
        self.procs.append(p)
        return p

    # commands in namespaces
    def exec(self, host, *argv, check_rc=True, timeout=20):
        """Run a command in host's namespace; return CompletedProcess."""
        return sh(["ip", "netns", "exec", self.ns(host)] + list(argv),
                  check_rc=check_rc, timeout=timeout)

    def ip(self, host, *argv, check_rc=True):
        return sh(["ip", "-n", self.ns(host)] + list(argv), check_rc=check_rc)

    def _addr_json(self, host, iface="eth0"):
        res = self.ip(host, "-j", "addr", "show", "dev", iface, check_rc=False)
        if res.returncode != 0 or not res.stdout.strip():
            return []
        info = []
        for link in json.loads(res.stdout):
            info += link.get("addr_info", [])
        return info

    def addresses(self, host, iface="eth0"):
        """The addresses on host's iface, as 'addr/prefixlen' strings."""
        return ["%s/%s" % (a["local"], a["prefixlen"])
                for a in self._addr_json(host, iface)]

    def has(self, host, addr, iface="eth0"):
        return any(a.split("/")[0] == addr for a in self.addresses(host, iface))

    def holders(self, addr, hosts=None):
        """The hosts that have addr on eth0."""
        return [h for h in (hosts or self.hosts) if self.has(h, addr)]

    def wait_holders(self, addr, want, timeout, hosts=None):
        want = sorted(want)
        wait_until(lambda: sorted(self.holders(addr, hosts)) == want, timeout,
                   lambda: "%s to be held by %s (held by %s)"
                   % (addr, want or "nobody", self.holders(addr, hosts) or "nobody"))
        say("%s is on %s" % (addr, ", ".join(want) or "no host"))

    def show_addresses(self):
        for h in self.hosts:
            say("  %s eth0: %s" % (h, " ".join(self.addresses(h))))

    # links
    def link_down(self, host):
        """Take host's switch-side veth down: host's eth0 loses carrier.

        Returns the time just before the link went down."""
        t = time.time()
        say("link down: %s/%s" % (self.switch, self.port(host)))
        self.ip("switch", "link", "set", self.port(host), "down")
        return t

    def link_up(self, host):
        say("link up: %s/%s" % (self.switch, self.port(host)))
        self.ip("switch", "link", "set", self.port(host), "up")

    def isolate(self, host):
        """Stop the bridge forwarding host's frames; host keeps carrier.

        The port is put in STP state "listening" (1): it neither forwards
        nor learns. (With STP off the bridge puts a "disabled" or
        "blocking" port straight back to forwarding; "listening" stays.)
        """
        say("isolate %s: bridge port %s stops forwarding" % (host, self.port(host)))
        self.ip("switch", "link", "set", self.port(host), "type",
                "bridge_slave", "state", "1")

    def rejoin(self, host):
        say("rejoin %s: bridge port %s forwarding" % (host, self.port(host)))
        self.ip("switch", "link", "set", self.port(host), "type",
                "bridge_slave", "state", "3")

    # daemons and captures
    def start_daemon(self, host, kind, conf_text, name=None):
        name = name or "%s-%s" % (host, kind)
        d = Daemon(self, host, kind, conf_text, name)
        self.daemons.append(d)
        return d

    def start_router(self, host, conf_text, name=None):
        """Start the daemon under test (VIGIL_TEST_DAEMON, default vigild)."""
        return self.start_daemon(host, default_daemon(), conf_text, name)

    def capture(self, host="switch", iface=None, name=None):
        iface = iface or ("br0" if host == "switch" else "eth0")
        path = os.path.join(self.workdir, (name or "%s-%s" % (host, iface)) + ".pcap")
        c = Capture(self, self.ns(host), iface, path)
        self.captures.append(c)
        return c

    def ping(self, host, addr, count=1, wait=1):
        """One bounded ping from host; True if answered."""
        res = self.exec(host, "ping", "-n", "-q", "-c", str(count), "-W",
                        str(wait), addr, check_rc=False, timeout=wait * count + 5)
        return res.returncode == 0

    def neighbour(self, host, addr):
        """host's neighbour entry for addr: (lladdr, state) or None."""
        res = self.ip(host, "-j", "neigh", "show", addr, "dev", "eth0",
                      check_rc=False)
        if res.returncode != 0 or not res.stdout.strip():
            return None
        for n in json.loads(res.stdout):
            return n.get("lladdr"), ",".join(n.get("state", []))
        return None

    def dump_logs(self):
        for d in self.daemons:
            for i, log in enumerate(d.logs, start=1):
                print("---- %s on %s, run %d: %s ----" % (d.kind, d.host, i, log))
                text = _read(log)
                lines = text.splitlines()
                if len(lines) > 300:
                    print("    ... %d lines cut ..." % (len(lines) - 300))
                    lines = lines[-300:]
                for line in lines:
                    print("    " + line)
        for c in self.captures:
            try:
                c.dump()
            except Exception as e:  # a broken capture must not hide the logs
                print("capture %s unreadable: %s" % (c.path, e))

    def cleanup(self):
        """Remove all that this topology made: processes, namespaces, files."""
        if self not in _LIVE:
            return
        _LIVE.remove(self)
        for d in self.daemons:
            d.cleanup()
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait(5)
        for ns in reversed(self.netns):
            sh(["ip", "netns", "del", ns], check_rc=False)
        self.netns = []
        if os.environ.get("VIGIL_TEST_KEEP"):
            print("kept work directory %s" % self.workdir)
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)


def default_daemon():
    kind = os.environ.get("VIGIL_TEST_DAEMON", "vigild")
    if kind not in ("vigild", "keepalived"):
        raise TestFailure("VIGIL_TEST_DAEMON must be vigild or keepalived")
    return kind


# ---- what the tests assert, in one place --------------------------------------

def expect_master(topo, cap, master, backups, vip, advert_int, timeout,
                  inst="VI_1", vrid=51, window=None):
    """One master: master is MASTER, backups BACKUP, vip on master only,
    and for a window (three advert intervals) only master's adverts on
    the wire."""
    if window is None:
        window = 3 * advert_int
    master.wait_state("MASTER", timeout, inst)
    for b in backups:
        if b.running():
            b.wait_state("BACKUP", timeout, inst)
    topo.wait_holders(vip, [master.host], timeout,
                      hosts=[d.host for d in [master] + list(backups)])
    since = time.time()
    time.sleep(window + 0.05)
    senders = cap.senders(since, vrid)
    check(senders == [topo.mac(master.host)],
          "adverts for VRID %d in the last %.2fs came from %s, want only %s"
          % (vrid, window,
             [topo.host_of_mac(m) for m in senders] or "nobody", master.host))
    holders = topo.holders(vip, [d.host for d in [master] + list(backups)])
    check(holders == [master.host],
          "%s is on %s, want only %s" % (vip, holders or "no host", master.host))
    for b in backups:
        if b.running():
            check(b.state(inst) == "BACKUP", "%s on %s left BACKUP (%s)"
                  % (b.kind, b.host, b.transitions(inst)))
    say("one master: %s (%s); %s advertises alone"
        % (master.host, master.kind, master.host))


def expect_takeover(topo, cap, old_host, new_host, after, advert_int,
                    new_prio, version=3, vrid=51, low=None, high=None):
    """Measure last advert of old_host -> first advert of new_host in the
    capture and check it against the RFC's Master_Down_Interval (or the
    bounds given). Returns the takeover time in seconds."""
    mdi = master_down_interval(advert_int, new_prio, version)
    if low is None:
        low = mdi - 0.03
    if high is None:
        high = mdi + 0.25 + 0.25 * advert_int
    cap.wait_advert(high + 2, "first advert of %s" % new_host, since=after,
                    mac=topo.mac(new_host), vrid=vrid, min_prio=1)
    m = takeover(cap.adverts(vrid=vrid), topo.mac(old_host),
                 topo.mac(new_host), after)
    check(m is not None, "no advert of %s before %s's first one"
          % (old_host, new_host))
    old, new, dt = m
    say("takeover %s -> %s: %.3fs (last advert prio %d -> first advert "
        "prio %d; Master_Down_Interval %.3fs)"
        % (old_host, new_host, dt, old.prio, new.prio, mdi))
    check(low <= dt <= high, "takeover took %.3fs, want %.3f..%.3fs"
          % (dt, low, high))
    return dt


def interop(t, version, family, advert_int):
    """vigild and keepalived as peers on one VRID, in both roles.

    Phase 1: vigild (priority 200) on r1, keepalived (100) on r2.
    Phase 2: keepalived (200) on r1, vigild (100) on r2.
    In each: one master is elected (r1), SIGKILL of the master hands the
    VIP to the other on time, and the restarted r1 preempts back.
    """
    vip = VIP4 if family == 4 else VIP6
    vips = (vip + ("/24" if family == 4 else "/64"),)
    topo = t.topology(["r1", "r2"])
    cap = topo.capture()
    ours = default_daemon()
    timeout = master_down_interval(advert_int, 1, version) + 2
    for phase, (k1, k2) in enumerate(((ours, "keepalived"), ("keepalived", ours)), 1):
        say("phase %d: %s (priority 200) on r1, %s (priority 100) on r2, "
            "VRRPv%d over IPv%d" % (phase, k1, k2, version, family))
        c1 = config(instance(priority=200, advert_int=advert_int,
                             version=version, vips=vips))
        c2 = config(instance(priority=100, advert_int=advert_int,
                             version=version, vips=vips))
        r1 = topo.start_daemon("r1", k1, c1, name="r1-%s-%d" % (k1, phase))
        r2 = topo.start_daemon("r2", k2, c2, name="r2-%s-%d" % (k2, phase))
        window = 2 * advert_int + 0.1
        expect_master(topo, cap, r1, [r2], vip, advert_int, timeout, window=window)
        ads = cap.adverts(mac=topo.mac("r1"))
        check(ads[-1].version == version and ads[-1].family == family,
              "r1 sends VRRPv%d over IPv%d" % (ads[-1].version, ads[-1].family))

        killed = r1.crash()
        r2.wait_state("MASTER", timeout)
        expect_takeover(topo, cap, "r1", "r2", killed, advert_int,
                        new_prio=100, version=version)
        topo.wait_holders(vip, ["r2"], timeout, hosts=["r2"])

        r1.start()
        expect_master(topo, cap, r1, [r2], vip, advert_int, timeout, window=window)
        check(r2.transitions()[-2:] == ["MASTER", "BACKUP"],
              "%s on r2 went %s, want MASTER then BACKUP" % (k2, r2.transitions()))
        for d in (r1, r2):
            d.terminate()
        for d in (r1, r2):
            rc = d.wait()
            check(rc == 0, "%s on %s exited with %d" % (d.kind, d.host, rc))
        topo.wait_holders(vip, [], 2)


# ---- the test runner -----------------------------------------------------------

class TestContext:
    def __init__(self, name):
        self.name = name
        self.topologies = []

    def topology(self, hosts=("r1", "r2"), ipv6=True, tag=None):
        topo = Topology(tag or self.name, hosts, ipv6)
        self.topologies.append(topo)
        return topo

    def require(self, program):
        if shutil.which(program) is None:
            raise TestSkip("%s is not installed" % program)


def _preflight(kind):
    if os.geteuid() != 0:
        raise TestSkip("needs root (network namespaces)")
    for prog in ("ip", "tcpdump"):
        if shutil.which(prog) is None:
            raise TestSkip("%s is not installed" % prog)
    if kind == "keepalived" and shutil.which("keepalived") is None:
        raise TestSkip("keepalived is not installed")
    if kind == "vigild" and not os.access(vigild_path(), os.X_OK):
        raise TestFailure("vigild not found at %s (set VIGILD)" % vigild_path())


def run(test, name=None, daemons=None):
    """Run test(ctx) with cleanup; exit 0 pass, 1 fail, 77 skip (meson)."""
    name = name or os.path.splitext(os.path.basename(sys.argv[0]))[0]
    ctx = TestContext(name)

    def on_term(signum, frame):
        # meson's timeout sends SIGTERM: unwind so that cleanup runs
        raise TestFailure("killed by signal %d" % signum)
    signal.signal(signal.SIGTERM, on_term)
    status = 1
    try:
        for kind in (daemons or [default_daemon()]):
            _preflight(default_daemon() if kind == "vigild" else kind)
        say("test %s (daemon under test: %s)" % (name, default_daemon()))
        test(ctx)
        say("PASS %s" % name)
        status = 0
    except TestSkip as e:
        say("SKIP %s: %s" % (name, e))
        status = 77
    except Exception as e:
        import traceback
        traceback.print_exc(file=sys.stdout)
        say("FAIL %s: %s" % (name, e))
        for topo in ctx.topologies:
            topo.dump_logs()
        status = 1
    finally:
        for topo in ctx.topologies:
            topo.cleanup()
    sys.exit(status)
