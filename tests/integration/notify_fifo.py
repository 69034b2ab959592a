#!/usr/bin/python3
"""The notify FIFO gets keepalived's lines, and its script the FIFO's path.

r1 (priority 200) writes to `notify_fifo`, which the test reads itself;
r2 (priority 100) to `vrrp_notify_fifo` with a `vrrp_notify_fifo_script`
that copies each line it reads to a file. Both FIFOs are made by the
daemon (mode 0600 as keepalived 2.2.7 makes them; vigild removes them at stop). The lines must be exactly
keepalived's: INSTANCE "VI_1" BACKUP 200, ... MASTER 200, then on r1's
stop ... STOP 200, while r2 writes BACKUP 100 then MASTER 100.
"""
import os
import signal
import stat
import time

import vigiltest as vt

ADV = 0.2
READER = """#!/bin/sh
# reader.sh OUT FIFO: the daemon appends the FIFO's path
out=$1; fifo=$2
echo "$fifo" > "$out.args"
while read -r line; do echo "$line" >> "$out"; done < "$fifo"
"""


class FifoReader:
    """Read a FIFO without blocking; keep every complete line."""

    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        self.buf = b""
        self.lines = []

    def poll(self):
        while True:
            try:
                chunk = os.read(self.fd, 4096)
            except BlockingIOError:
                break
            if not chunk:
                break
            self.buf += chunk
        while b"\n" in self.buf:
            line, self.buf = self.buf.split(b"\n", 1)
            self.lines.append(line.decode() + "\n")
        return self.lines

    def close(self):
        os.close(self.fd)


def read_lines(path):
    try:
        with open(path) as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return []


def test(t):
    topo = t.topology(["r1", "r2"])
    d = topo.workdir
    fifo1, fifo2 = os.path.join(d, "r1.fifo"), os.path.join(d, "r2.fifo")
    reader = os.path.join(d, "reader.sh")
    with open(reader, "w") as f:
        f.write(READER)
    os.chmod(reader, 0o755)
    out2 = os.path.join(d, "r2.lines")

    c1 = ('global_defs {\n    notify_fifo %s\n}\n' % fifo1
          + vt.instance(priority=200, advert_int=ADV))
    c2 = ('global_defs {\n    vrrp_notify_fifo %s\n'
          '    vrrp_notify_fifo_script "%s %s"\n}\n' % (fifo2, reader, out2)
          + vt.instance(priority=100, advert_int=ADV))
    # r1 first: it goes BACKUP then MASTER on its own, and r2, started
    # once r1 advertises, stays BACKUP (however slow the build is).
    r1 = topo.start_router("r1", c1)
    vt.wait_until(lambda: os.path.exists(fifo1), 5, "r1's FIFO to be created")
    st = os.stat(fifo1)
    vt.check(stat.S_ISFIFO(st.st_mode), "%s is not a FIFO" % fifo1)
    vt.check(stat.S_IMODE(st.st_mode) == 0o600,
             "FIFO mode %04o, want 0600" % stat.S_IMODE(st.st_mode))
    rd = FifoReader(fifo1)
    r1.wait_state("MASTER", 5)
    r2 = topo.start_router("r2", c2)
    r2.wait_state("BACKUP", 5)

    want1 = ['INSTANCE "VI_1" BACKUP 200\n', 'INSTANCE "VI_1" MASTER 200\n']
    vt.wait_until(lambda: rd.poll() == want1, 3,
                  lambda: "r1's FIFO lines %r, want %r" % (rd.lines, want1))
    vt.say("r1's FIFO: %r" % rd.lines)
    want2 = ['INSTANCE "VI_1" BACKUP 100']
    vt.wait_until(lambda: read_lines(out2) == want2, 3,
                  lambda: "r2's FIFO script read %r, want %r" % (read_lines(out2), want2))
    vt.check(read_lines(out2 + ".args") == [fifo2],
             "r2's FIFO script got %r as last argument, want %s"
             % (read_lines(out2 + ".args"), fifo2))

    rc = r1.stop()
    vt.check(rc == 0, "r1 exited with %d" % rc)
    want1.append('INSTANCE "VI_1" STOP 200\n')
    vt.wait_until(lambda: rd.poll() == want1, 3,
                  lambda: "r1's FIFO lines %r, want %r" % (rd.lines, want1))
    vt.say("r1's FIFO after stop: %r" % rd.lines)
    rd.close()
    # keepalived 2.2.7 leaves the FIFO it made; later keepalived and
    # vigild remove it.
    if vt.default_daemon() == "vigild":
        vt.check(not os.path.exists(fifo1), "r1 left its FIFO behind")

    r2.wait_state("MASTER", 5)
    want2.append('INSTANCE "VI_1" MASTER 100')
    vt.wait_until(lambda: read_lines(out2) == want2, 3,
                  lambda: "r2's FIFO script read %r, want %r" % (read_lines(out2), want2))
    vt.say("r2's FIFO script read %r" % read_lines(out2))

    # fifo_write_vrrp_states_on_reload: a reload writes every state again,
    # as keepalived.conf(5) says. (keepalived 2.2.7 was seen not to deliver
    # them here, with the flag set before or by the reload.)
    if vt.default_daemon() != "vigild":
        r2.stop()
        return
    with open(r2.conf, "w") as f:
        f.write(c2.replace("global_defs {\n",
                           "global_defs {\n    fifo_write_vrrp_states_on_reload\n"))
    r2.signal(signal.SIGHUP)
    want2.append('INSTANCE "VI_1" MASTER 100')
    vt.wait_until(lambda: read_lines(out2) == want2, 5,
                  lambda: "r2's FIFO script read %r after the reload, want %r"
                  % (read_lines(out2), want2))
    vt.say("after a reload with fifo_write_vrrp_states_on_reload: %r" % read_lines(out2))
    rc = r2.stop()
    vt.check(rc == 0, "r2 exited with %d" % rc)
    if vt.default_daemon() == "vigild":
        vt.wait_until(lambda: not os.path.exists(fifo2), 3, "r2's FIFO to be removed")


vt.run(test)
