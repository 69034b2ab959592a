#!/usr/bin/python3
"""systemd: vigild speaks sd_notify(3) the way a Type=notify unit needs.

The test plays the service manager: it binds a unix datagram socket in its
work directory (with SO_PASSCRED, so every message carries the sender's pid
as systemd's NotifyAccess=main checks it) and starts vigild in a namespace
with NOTIFY_SOCKET pointing at it, WATCHDOG_USEC=200000 and no WATCHDOG_PID
(libsystemd's rule: unset means "the watchdog is for whoever reads this").

It asserts: READY=1 comes from vigild's own pid with a STATUS= naming the
instance count; STATUS= changes when the instance becomes master;
WATCHDOG=1 keeps coming about every 100 ms; SIGHUP gives RELOADING=1 with a
current MONOTONIC_USEC= and then READY=1, also when the new config is
refused (STATUS= then says so); SIGTERM gives STOPPING=1 and exit 0. A second run with
WATCHDOG_PID naming another process gets READY=1 but no watchdog pings.
"""
import os
import signal
import socket
import struct
import threading
import time

import vigiltest as vt

ADV = 0.2
WATCHDOG_USEC = 200000
UCRED = struct.Struct("3i")


class NotifySocket:
    """The manager's end: records every datagram with its time and sender."""

    def __init__(self, path):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self.sock.bind(path)
        self.sock.settimeout(0.05)
        self.messages = []      # (monotonic time, sender pid, {key: value})
        self.done = False
        self.thread = threading.Thread(target=self._receive, daemon=True)
        self.thread.start()

    def _receive(self):
        while not self.done:
            try:
                data, anc, _flags, _addr = self.sock.recvmsg(
                    4096, socket.CMSG_SPACE(UCRED.size))
            except socket.timeout:
                continue
            except OSError:
                return
            now = time.monotonic()
            pid = None
            for level, kind, cdata in anc:
                if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                    pid = UCRED.unpack(cdata[:UCRED.size])[0]
            fields = {}
            for line in data.decode(errors="replace").splitlines():
                key, _, value = line.partition("=")
                fields[key] = value
            self.messages.append((now, pid, fields))
            if "WATCHDOG" not in fields:
                vt.say("notify from pid %s: %s" % (pid, " ".join(
                    "%s=%s" % kv for kv in fields.items())))

    def mark(self):
        return len(self.messages)

    def wait(self, key, timeout, since=0, value=None, what=None):
        """Wait for the first message from `since` on with key (=value)."""
        def find():
            for i in range(since, len(self.messages)):
                fields = self.messages[i][2]
                if key in fields and (value is None or value(fields[key])):
                    return i + 1
            return None
        return vt.wait_until(find, timeout, what or "%s from vigild" % key) - 1

    def close(self):
        self.done = True
        self.thread.join(2)
        self.sock.close()


class NotifiedVigild(vt.Daemon):
    """vigild with the environment a service manager would give it."""

    def __init__(self, topo, host, conf_text, name, env):
        self.env = env
        super().__init__(topo, host, "vigild", conf_text, name)

    def argv(self):
        return (["env", "-u", "WATCHDOG_PID"]
                + ["%s=%s" % kv for kv in sorted(self.env.items())]
                + super().argv())


def test(t):
    topo = t.topology(["r1"], ipv6=False)
    ns = NotifySocket(os.path.join(topo.workdir, "notify.sock"))
    try:
        run(topo, ns)
    finally:
        ns.close()


def run(topo, ns):
    conf = vt.config(vt.instance(priority=200, advert_int=ADV))
    env = {"NOTIFY_SOCKET": ns.path, "WATCHDOG_USEC": str(WATCHDOG_USEC)}
    d = NotifiedVigild(topo, "r1", conf, "r1-vigild", env)
    topo.daemons.append(d)

    # READY=1, from vigild itself, with the summary
    i = ns.wait("READY", 10, value=lambda v: v == "1")
    _, pid, fields = ns.messages[i]
    vt.check(pid == d.proc.pid, "READY=1 came from pid %s, vigild is %d: systemd "
             "(NotifyAccess=main) would ignore it" % (pid, d.proc.pid))
    vt.check(fields.get("STATUS", "").startswith("1 VRRP instance"),
             "STATUS= with READY=1 names the instance count: %r" % fields.get("STATUS"))

    # STATUS= follows the instance to master
    d.wait_state("MASTER", vt.master_down_interval(ADV, 200) + 3)
    ns.wait("STATUS", 3, since=i, value=lambda v: v == "1 VRRP instance: 1 master",
            what="STATUS=1 VRRP instance: 1 master")

    # the watchdog, about every WATCHDOG_USEC / 2
    t0 = time.monotonic()
    time.sleep(1.5)
    pings = [m[0] for m in ns.messages if m[0] >= t0 and m[2].get("WATCHDOG") == "1"]
    gaps = sorted(b - a for a, b in zip(pings, pings[1:]))
    vt.say("%d WATCHDOG=1 in 1.5 s; gaps median %.3f s, max %.3f s"
           % (len(pings), gaps[len(gaps) // 2] if gaps else -1, gaps[-1] if gaps else -1))
    vt.check(len(pings) >= 10, "WATCHDOG=1 about every 100 ms: %d in 1.5 s" % len(pings))
    vt.check(0.07 <= gaps[len(gaps) // 2] <= 0.15 and gaps[-1] < 0.35,
             "WATCHDOG=1 gaps: median %.3f s, max %.3f s, want about 0.1 s"
             % (gaps[len(gaps) // 2], gaps[-1]))
    vt.check(all(m[1] == d.proc.pid for m in ns.messages),
             "every message came from vigild's pid")

    # SIGHUP: RELOADING=1 with MONOTONIC_USEC, then READY=1
    for label, text in (("a good config", conf), ("a config with errors", "vrrp_instance {\n")):
        with open(d.conf, "w") as f:
            f.write(text)
        mark = ns.mark()
        vt.say("SIGHUP with %s" % label)
        d.signal(signal.SIGHUP)
        r = ns.wait("RELOADING", 5, since=mark, value=lambda v: v == "1")
        now_us = time.clock_gettime(time.CLOCK_MONOTONIC) * 1e6
        mono = ns.messages[r][2].get("MONOTONIC_USEC", "")
        vt.check(mono.isdigit() and abs(int(mono) - now_us) < 5e6,
                 "MONOTONIC_USEC=%r is CLOCK_MONOTONIC now (%d)" % (mono, now_us))
        k = ns.wait("READY", 5, since=r + 1, value=lambda v: v == "1",
                    what="READY=1 after RELOADING=1 (%s)" % label)
        status = ns.messages[k][2].get("STATUS", "")
        vt.check(status.startswith("1 VRRP instance: 1 master")
                 and ("refused" in status) == (text != conf),
                 "STATUS= after a reload with %s: %r" % (label, status))
        vt.check(d.running(), "vigild runs on after a reload with %s" % label)

    # SIGTERM: STOPPING=1 and a clean exit
    mark = ns.mark()
    d.terminate()
    ns.wait("STOPPING", 5, since=mark, value=lambda v: v == "1")
    rc = d.wait()
    vt.check(rc == 0, "vigild exited with %d after SIGTERM" % rc)

    # a watchdog meant for another process is not ours
    with open(d.conf, "w") as f:
        f.write(conf)
    d.env = dict(env, WATCHDOG_PID="1")
    d.start()
    mark = ns.mark()
    i = ns.wait("READY", 10, since=mark, value=lambda v: v == "1")
    time.sleep(0.6)
    pings = [m for m in ns.messages[mark:] if "WATCHDOG" in m[2]]
    vt.check(not pings, "no WATCHDOG=1 with WATCHDOG_PID=1: %d pings" % len(pings))
    vt.check(d.stop() == 0, "vigild stops cleanly")


vt.run(test)
