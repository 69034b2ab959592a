#!/usr/bin/python3
"""checktest - helpers for the health checker tests (tests-check.list).

Real servers are small Python servers started in host namespaces of a
vigiltest Topology, by PID; vigild runs on host "lb". What vigild
decided is read where a user reads it: its log, its notify FIFO lines
and the files its notify scripts write; what it did on the wire is read
from a capture on the real server's side.
"""

import ipaddress
import os
import re
import struct
import subprocess
import sys
import time

import vigiltest as vt

# A TCP server that accepts and closes every connection, and appends
# "accept" to a file (if given) for each one.
_TCP_SERVER = r"""
import socket, sys
addr, port = sys.argv[1], int(sys.argv[2])
log = sys.argv[3] if len(sys.argv) > 3 else None
s = socket.socket(socket.AF_INET6 if ':' in addr else socket.AF_INET)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((addr, port))
s.listen(128)
print("listening", flush=True)
while True:
    c, _ = s.accept()
    c.close()
    if log:
        with open(log, "a") as f:
            f.write("accept\n")
"""


class TcpServer:
    """A TCP listener in a host namespace, stopped and started by PID."""

    def __init__(self, topo, host, addr, port, log=None):
        self.topo, self.host, self.addr, self.port, self.log = topo, host, addr, port, log
        self.proc = None
        self.start()

    def start(self):
        argv = ["ip", "netns", "exec", self.topo.ns(self.host), sys.executable,
                "-c", _TCP_SERVER, self.addr, str(self.port)]
        if self.log:
            argv.append(self.log)
        self.proc = self.topo._popen(argv, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        vt.check(line.strip() == "listening",
                 "TCP server %s:%d did not start" % (self.addr, self.port))
        vt.say("TCP server %s:%d up on %s (pid %d)"
               % (self.addr, self.port, self.host, self.proc.pid))

    def stop(self):
        vt.say("TCP server %s:%d stopped (pid %d)" % (self.addr, self.port, self.proc.pid))
        self.proc.terminate()
        self.proc.wait(5)
        return time.time()


def virtual_server(vip, port, real_servers, extra=(), protocol="TCP"):
    """A virtual_server block; real_servers are (addr, port, body lines)."""
    lines = ["virtual_server %s %d {" % (vip, port),
             "    lb_algo rr", "    lb_kind NAT", "    protocol %s" % protocol]
    lines += ["    %s" % e for e in extra]
    for addr, rport, body in real_servers:
        lines.append("    real_server %s %d {" % (addr, rport))
        lines += ["        %s" % b for b in body]
        lines.append("    }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def tcp_check(connect_timeout=1, retry=1, delay_before_retry=0.5, extra=()):
    """TCP_CHECK block lines."""
    return (["TCP_CHECK {",
             "    connect_timeout %s" % vt._num(connect_timeout),
             "    retry %d" % retry,
             "    delay_before_retry %s" % vt._num(delay_before_retry)]
            + ["    %s" % e for e in extra] + ["}"])


def config(*blocks, global_lines=("lb_backend none",)):
    text = "global_defs {\n" + "".join("    %s\n" % g for g in global_lines) + "}\n\n"
    return text + "\n".join(blocks)


# ---- what vigild's log says -----------------------------------------------------

_RS_EVENT = re.compile(r"real server (?P<rs>\S+) is (?P<state>up|down)")


def rs_events(daemon, rs=None):
    """[(rs, "up"|"down")] in log order."""
    out = []
    for line in daemon.text().splitlines():
        m = _RS_EVENT.search(line)
        if m and (rs is None or m.group("rs") == rs):
            out.append((m.group("rs"), m.group("state")))
    return out


def rs_state(daemon, rs):
    ev = rs_events(daemon, rs)
    return ev[-1][1] if ev else None


def wait_rs(daemon, rs, state, timeout):
    def pred():
        if not daemon.running():
            raise vt.TestFailure("vigild exited (%s)" % daemon.proc.returncode)
        return rs_state(daemon, rs) == state
    vt.wait_until(pred, timeout, "real server %s to be %s" % (rs, state))
    vt.say("real server %s is %s" % (rs, state))
    return time.time()


def count_in_log(daemon, text):
    return daemon.text().count(text)


# ---- the wire -------------------------------------------------------------------

def syns(cap, dst, port, since=0.0, until=None):
    """Timestamps of TCP SYNs (without ACK) to dst:port in a capture."""
    out = []
    want = ipaddress.ip_address(dst)
    for ts, frame in vt.read_pcap(cap.path):
        if ts < since or (until is not None and ts > until) or len(frame) < 14:
            continue
        etype = struct.unpack("!H", frame[12:14])[0]
        off = 14
        if etype == 0x0800 and len(frame) >= off + 20:
            ihl = (frame[off] & 0x0f) * 4
            if frame[off + 9] != 6 or ipaddress.IPv4Address(frame[off + 16:off + 20]) != want:
                continue
            off += ihl
        elif etype == 0x86dd and len(frame) >= off + 40:
            if frame[off + 6] != 6 or ipaddress.IPv6Address(frame[off + 24:off + 40]) != want:
                continue
            off += 40
        else:
            continue
        if len(frame) < off + 14:
            continue
        dport = struct.unpack("!H", frame[off + 2:off + 4])[0]
        flags = frame[off + 13]
        if dport == port and flags & 0x02 and not flags & 0x10:
            out.append(ts)
    return out


class Fifo:
    """Reads a notify FIFO vigild writes, as a reader script would."""

    def __init__(self, path):
        self.path = path
        self.fd = None
        self.buf = b""
        self.lines = []

    def open(self):
        vt.wait_until(lambda: os.path.exists(self.path), 10, "FIFO %s" % self.path)
        self.fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)

    def read(self):
        if self.fd is None:
            if not os.path.exists(self.path):
                return self.lines
            self.open()
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            self.buf += chunk
        while b"\n" in self.buf:
            line, self.buf = self.buf.split(b"\n", 1)
            self.lines.append(line.decode())
        return self.lines

    def wait_line(self, line, timeout):
        vt.wait_until(lambda: line in self.read(), timeout,
                      lambda: "FIFO line %r (have %r)" % (line, self.read()))

    def close(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


# ---- notify scripts ------------------------------------------------------------

SCRIPT = """#!/bin/sh
# record.sh LOG [ARGS...]: one line per run, "TIME ARGS..."
log=$1; shift
echo "$(date +%s.%N) $*" >> "$log"
"""


def write_script(path):
    with open(path, "w") as f:
        f.write(SCRIPT)
    os.chmod(path, 0o755)
    return path


def script_runs(log):
    """[args] of every run recorded in log, in order."""
    try:
        with open(log) as f:
            return [line.split()[1:] for line in f if line.strip()]
    except FileNotFoundError:
        return []


def wait_script(log, args, timeout):
    vt.wait_until(lambda: args in script_runs(log), timeout,
                  lambda: "script run %r (have %r)" % (args, script_runs(log)))


def stop(daemon):
    """SIGTERM vigild; it must exit 0 with no GLib critical or warning
    about itself in its log (a critical is a bug, whatever the test)."""
    rc = daemon.stop()
    vt.check(rc == 0, "vigild exited with %d" % rc)
    bad = [line for line in daemon.text().splitlines()
           if " critical: " in line or "CRITICAL" in line or "ERROR" in line]
    vt.check(not bad, "vigild logged criticals:\n" + "\n".join(bad))
