#!/usr/bin/python3
"""vrrp_sync_group notifies: group scripts and FIFO lines, in order.

r1 alone runs G1 (VI_1 on eth0, VI_2 on eth1) with the group's
notify_master, notify_backup, notify_fault, notify_stop and generic
notify, and a notify_fifo. It starts (BACKUP, then MASTER together),
loses eth1 (FAULT), gets it back (BACKUP, then MASTER) and stops. The
FIFO gets keepalived's lines, from the start: each member's
`INSTANCE "VI_n" STATE 200` first, then `GROUP "G1" STATE 0`; the group's scripts run in the order
the group's states happened, the generic one with GROUP G1 STATE 0 after
the state's own script (which gets no added arguments).
"""
import os

import vigiltest as vt
import synctest as st

SCRIPT = """#!/bin/sh
# rec.sh LOG LABEL [keepalived's arguments]
log=$1; shift
echo "$*" >> "$log"
"""


def read_lines(path):
    try:
        with open(path) as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return []


def test(t):
    topo = t.topology(["r1"])
    st.add_second_network(topo)
    d = topo.workdir
    script, log, fifo = (os.path.join(d, n) for n in ("rec.sh", "group.log", "r1.fifo"))
    with open(script, "w") as f:
        f.write(SCRIPT)
    os.chmod(script, 0o755)
    extra = ['%s "%s %s %s"' % (kw, script, log, kw)
             for kw in ("notify_master", "notify_backup", "notify_fault", "notify_stop",
                        "notify")]
    conf = st.group_config(200, group_extra=extra, global_defs=["notify_fifo %s" % fifo])
    r1 = topo.start_router("r1", conf)
    vt.wait_until(lambda: os.path.exists(fifo), 5, "r1's FIFO to be created")
    rd = st.FifoReader(fifo)

    def fifo_is(want, timeout, what):
        vt.wait_until(lambda: rd.poll() == want, timeout,
                      lambda: "FIFO lines %r, want %r (%s)" % (rd.lines, want, what))

    def step(state):
        return ['INSTANCE "VI_1" %s 200' % state, 'INSTANCE "VI_2" %s 200' % state,
                'GROUP "G1" %s 0' % state]

    # vigild holds the FIFO open itself: the lines written before the
    # test opened it wait in the pipe. At start the members are backup
    # (the group built over them says so after them), then master
    # together.
    want = step("BACKUP") + step("MASTER")
    fifo_is(want, 5, "start: backup, then master together")

    vt.say("ip link set eth1 down on r1")
    topo.ip("r1", "link", "set", "eth1", "down")
    want += ['INSTANCE "VI_2" FAULT 200', 'INSTANCE "VI_1" FAULT 200', 'GROUP "G1" FAULT 0']
    fifo_is(want, 3, "eth1 down: VI_2, then VI_1, then the group")

    vt.say("ip link set eth1 up on r1")
    topo.ip("r1", "link", "set", "eth1", "up")
    want += ['INSTANCE "VI_2" BACKUP 200', 'INSTANCE "VI_1" BACKUP 200', 'GROUP "G1" BACKUP 0']
    want += step("MASTER")
    fifo_is(want, 5, "eth1 up: backup together, then master together")
    vt.say("FIFO: %r" % rd.lines)

    rc = r1.stop()
    vt.check(rc == 0, "r1 exited with %d" % rc)
    lines = rd.poll()
    tail = lines[len(want):]
    vt.check(sorted(tail[:2]) == step("STOP")[:2] and tail[2:] == ['GROUP "G1" STOP 0'],
             "at stop the FIFO got %r, want both members' STOP, then the group's" % tail)
    rd.close()

    # The group's scripts, in the order its states happened.
    seq = []
    for state, own in (("BACKUP", "notify_backup"), ("MASTER", "notify_master"),
                       ("FAULT", "notify_fault"), ("BACKUP", "notify_backup"),
                       ("MASTER", "notify_master"), ("STOP", "notify_stop")):
        seq += [own, "notify GROUP G1 %s 0" % state]
    got = read_lines(log)
    vt.say("group scripts: %r" % got)
    vt.check(got == seq, "group scripts ran %r, want %r" % (got, seq))


vt.run(test)
