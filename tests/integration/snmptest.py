#!/usr/bin/python3
"""snmptest - snmpd, snmptrapd and the net-snmp command-line tools for
vigil's SNMP tests, on top of vigiltest's namespaces.

Each Snmpd runs in a host namespace as an AgentX master whose socket is a
file in the test's own work directory, answering SNMPv2c (community
"public") on 127.0.0.1 inside that namespace. Every tool is called with
numeric OIDs (-On), numeric enums (-Oe), raw TimeTicks (-Ot) and octet
strings in hex (-Ox), so no MIB file is needed. Processes are stopped by
the PID they were started with, never by name; every wait is bounded.
"""

import os
import re
import signal
import subprocess
import time

import vigiltest as vt

SNMP_PORT = 1161
TRAP_PORT = 1162
OUT_OPTS = ["-On", "-Oe", "-Ot", "-Ox"]

VRRP_MIB = ".1.3.6.1.2.1.68"
VRRPV3_MIB = ".1.3.6.1.2.1.207"
KEEPALIVED_MIB = ".1.3.6.1.4.1.9586.100.5"


def require(t):
    for prog in ("snmpd", "snmpwalk", "snmpget", "snmpgetnext"):
        t.require(prog)


def oid_tuple(oid):
    return tuple(int(x) for x in oid.strip(".").split("."))


class Snmpd:
    """snmpd as an AgentX master in a host namespace."""

    def __init__(self, topo, host, traps_to=None, start=True):
        self.topo, self.host = topo, host
        self.dir = os.path.join(topo.workdir, "snmpd-" + host)
        os.makedirs(self.dir, exist_ok=True)
        self.socket = os.path.join(self.dir, "agentx.sock")
        self.conf = os.path.join(self.dir, "snmpd.conf")
        lines = ["master agentx",
                 "agentXSocket %s" % self.socket,
                 "agentaddress udp:127.0.0.1:%d" % SNMP_PORT,
                 "rocommunity public 127.0.0.1"]
        if traps_to:
            lines.append("trap2sink udp:127.0.0.1:%d public" % traps_to)
        with open(self.conf, "w") as f:
            f.write("\n".join(lines) + "\n")
        self.proc = None
        self.runs = 0
        if start:
            self.start()

    def start(self):
        self.runs += 1
        log = open(os.path.join(self.dir, "log.%d" % self.runs), "w")
        # Its persistent files (it writes one named snmpd.conf) go to a
        # directory of their own, not over our config.
        persist = os.path.join(self.dir, "persist")
        os.makedirs(persist, exist_ok=True)
        env = dict(os.environ, SNMP_PERSISTENT_DIR=persist, MIBS="", MIBDIRS=self.dir)
        self.proc = self.topo._popen(
            ["ip", "netns", "exec", self.topo.ns(self.host), "snmpd", "-f", "-Lo",
             "-C", "-c", self.conf, "-p", os.path.join(self.dir, "snmpd.pid")],
            stdout=log, stderr=subprocess.STDOUT, env=env)
        log.close()
        vt.wait_until(lambda: self._ready(), 10, "snmpd on %s to listen" % self.host)
        vt.say("snmpd on %s (pid %d, AgentX %s)" % (self.host, self.proc.pid, self.socket))

    def _ready(self):
        if self.proc.poll() is not None:
            raise vt.TestFailure("snmpd exited:\n" + self.text())
        return os.path.exists(self.socket) and os.path.exists(
            os.path.join(self.dir, "snmpd.pid"))

    def text(self):
        return "".join(vt._read(os.path.join(self.dir, "log.%d" % i))
                       for i in range(1, self.runs + 1))

    def kill(self):
        """SIGKILL snmpd by its PID (as a crash would) and wait for it."""
        vt.say("SIGKILL snmpd on %s (pid %d)" % (self.host, self.proc.pid))
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(5)
        for f in ("snmpd.pid", "agentx.sock"):
            try:
                os.unlink(os.path.join(self.dir, f))
            except FileNotFoundError:
                pass

    # ---- the tools -----------------------------------------------------

    def _tool(self, prog, args, timeout=20, check_rc=True):
        argv = [prog, "-v2c", "-c", "public", "-t", "1", "-r", "1"] + OUT_OPTS + \
               ["127.0.0.1:%d" % SNMP_PORT] + list(args)
        env = dict(os.environ, MIBS="", MIBDIRS=self.dir)
        try:
            res = subprocess.run(["ip", "netns", "exec", self.topo.ns(self.host)] + argv,
                                 capture_output=True, text=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            raise vt.TestFailure("timed out: %s" % " ".join(argv))
        if check_rc and res.returncode != 0:
            raise vt.TestFailure("%s failed (%d): %s%s" % (prog, res.returncode,
                                                           res.stdout, res.stderr))
        return res

    def walk(self, root, check_rc=True):
        """[(oid, value)] under root, in the order answered."""
        return parse(self._tool("snmpwalk", [root], check_rc=check_rc).stdout)

    def get(self, oids):
        """{oid: value} of a GET of each OID (in batches)."""
        out = {}
        oids = list(oids)
        for i in range(0, len(oids), 40):
            out.update(parse(self._tool("snmpget", oids[i:i + 40]).stdout))
        return out

    def getnext(self, oid):
        res = parse(self._tool("snmpgetnext", [oid]).stdout)
        return res[0] if res else None


_LINE = re.compile(r"^(\.[0-9.]+) = (.*)$")


def parse(text):
    """snmpwalk/snmpget output lines into [(oid, value)]; a value that runs
    over several lines (long hex strings) is joined."""
    out = []
    for line in text.splitlines():
        m = _LINE.match(line)
        if m:
            out.append((m.group(1), m.group(2).strip()))
        elif out and line.strip():
            oid, val = out[-1]
            out[-1] = (oid, val + " " + line.strip())
    return out


def value_bytes(value):
    """The bytes of a Hex-STRING / STRING value ("" for an empty string)."""
    if value.startswith("Hex-STRING:"):
        return bytes.fromhex(value.split(":", 1)[1].replace(" ", ""))
    if value.startswith("STRING:"):
        v = value.split(":", 1)[1].strip()
        return v.strip('"').encode()
    if value == '""':
        return b""
    raise vt.TestFailure("not a string: %r" % value)


def value_int(value):
    """The number of an INTEGER / Gauge32 / Counter / Timeticks value."""
    v = value.split(":", 1)[1].strip() if ":" in value else value
    v = v.strip("()")
    return int(v.split()[0])


def check_increasing(pairs, what):
    prev = None
    for oid, _ in pairs:
        cur = oid_tuple(oid)
        vt.check(prev is None or cur > prev,
                 "%s: %s does not come after %s" % (what, oid, ".".join(map(str, prev or ()))))
        prev = cur


def snmp_globals(socket, traps=True):
    """global_defs enabling every VRRP part of the agent."""
    return ("global_defs {\n    router_id vigil-test\n"
            "    enable_snmp_vrrp\n    enable_snmp_rfcv2\n    enable_snmp_rfcv3\n"
            + ("    enable_traps\n" if traps else "")
            + "    snmp_socket %s\n}\n\n" % socket)


class Snmptrapd:
    """snmptrapd in a host namespace, on udp:127.0.0.1:TRAP_PORT, writing
    every trap it receives (one line each, varbinds separated by tabs) to
    a file in the test's work directory."""

    TRAP_OID = ".1.3.6.1.6.3.1.1.4.1.0 = OID: "

    def __init__(self, topo, host):
        tdir = os.path.join(topo.workdir, "snmptrapd-" + host)
        os.makedirs(tdir)
        conf = os.path.join(tdir, "snmptrapd.conf")
        with open(conf, "w") as f:
            f.write("disableAuthorization yes\n")
        self.path = os.path.join(tdir, "traps.log")
        env = dict(os.environ, MIBS="", MIBDIRS=tdir, SNMP_PERSISTENT_DIR=tdir)
        self.proc = topo._popen(
            ["ip", "netns", "exec", topo.ns(host), "snmptrapd", "-f", "-On", "-C",
             "-c", conf, "-Lf", self.path, "udp:127.0.0.1:%d" % TRAP_PORT],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        vt.wait_until(lambda: "NET-SNMP" in vt._read(self.path), 10, "snmptrapd to start")

    def traps(self, notification=None):
        """The trap lines received, those of one notification OID if given."""
        lines = [l for l in vt._read(self.path).splitlines() if self.TRAP_OID in l]
        if notification is not None:
            want = self.TRAP_OID + notification
            lines = [l for l in lines if any(f.strip() == want for f in l.split("\t"))]
        return lines
