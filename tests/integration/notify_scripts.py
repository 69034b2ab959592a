#!/usr/bin/python3
"""Notify scripts get keepalived's arguments, in the order states happened.

r1 (priority 200) and r2 (priority 100) run notify_master, notify_backup,
notify_fault, notify_stop and the generic notify; every script appends
"TIME LABEL ARGS..." to a log. r1's notify_backup is slow (1 s) and r1
becomes master while it runs: its notify_master and the generic notify
must still come after it, in order. Stopping r1 runs its notify_stop and
"notify ... INSTANCE VI_1 STOP 200"; r2 takes over and runs notify_master
and "notify ... INSTANCE VI_1 MASTER 100".

vigild only (keepalived has no notify timeout and does not order
scripts): a hung notify_master is killed at its timeout (10 s) and
logged, the scripts after it still run; with enable_script_security a
world-writable script is refused with the reason in the log.
"""
import os
import pwd
import re
import stat
import time

import vigiltest as vt

ADV = 0.2
SCRIPT = """#!/bin/sh
# notify.sh LOG LABEL [DELAY] -- [keepalived's arguments]
log=$1; label=$2; delay=$3; shift 3
echo "$(date +%s.%N) start $label $*" >> "$log"
[ "$delay" = 0 ] || sleep "$delay"
echo "$(date +%s.%N) $label $*" >> "$log"
"""
TIMEOUT = 10


def write_script(path, text, mode=0o755):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def notify_lines(script, log, delays=None, extra=()):
    delays = delays or {}
    lines = []
    for kw in ("notify_master", "notify_backup", "notify_fault", "notify_stop", "notify"):
        lines.append('%s "%s %s %s %s"' % (kw, script, log, kw, delays.get(kw, 0)))
    return lines + list(extra)


def entries(log):
    """[(time, label, args)] of finished scripts, in the order they ended."""
    out = []
    try:
        with open(log) as f:
            for line in f:
                w = line.split()
                if len(w) >= 2 and w[1] != "start":
                    out.append((float(w[0]), w[1], w[2:]))
    except FileNotFoundError:
        pass
    return out


def starts(log):
    out = []
    try:
        with open(log) as f:
            for line in f:
                w = line.split()
                if len(w) >= 3 and w[1] == "start":
                    out.append((float(w[0]), w[2], w[3:]))
    except FileNotFoundError:
        pass
    return out


def calls(log):
    return [(label, args) for _, label, args in entries(log)]


def wait_calls(log, want, timeout, who):
    """Wait for the calls in want; in that order unless keepalived runs
    (it starts a state's scripts together: they may end in any order)."""
    if vt.default_daemon() == "vigild":
        def ok():
            return calls(log)[:len(want)] == want
    else:
        def ok():
            return sorted(calls(log)[:len(want)]) == sorted(want)
    vt.wait_until(ok, timeout,
                  lambda: "%s's notify calls %s, want %s" % (who, calls(log), want))
    vt.say("%s ran %s" % (who, " | ".join("%s %s" % (l, " ".join(a)) for l, a in want)))


def test(t):
    topo = t.topology(["r1", "r2"])
    d = topo.workdir
    script = os.path.join(d, "notify.sh")
    write_script(script, SCRIPT)
    log1, log2 = os.path.join(d, "r1.calls"), os.path.join(d, "r2.calls")
    kind = vt.default_daemon()

    c1 = vt.config(vt.instance(priority=200, advert_int=ADV, extra=notify_lines(
        script, log1, delays={"notify_backup": 1})))
    c2 = vt.config(vt.instance(priority=100, advert_int=ADV, extra=notify_lines(script, log2)))
    # r1 first: BACKUP, then MASTER on its own while its slow
    # notify_backup runs; r2, started once r1 advertises, stays BACKUP.
    r1 = topo.start_router("r1", c1)
    r1.wait_state("MASTER", 5)
    r2 = topo.start_router("r2", c2)
    r2.wait_state("BACKUP", 5)

    wait_calls(log2, [("notify_backup", []),
                      ("notify", ["INSTANCE", "VI_1", "BACKUP", "100"])], 5, "r2")
    want1 = [("notify_backup", []),
             ("notify", ["INSTANCE", "VI_1", "BACKUP", "200"]),
             ("notify_master", []),
             ("notify", ["INSTANCE", "VI_1", "MASTER", "200"])]
    if kind == "vigild":
        # r1 was master long before its slow notify_backup ended: the
        # MASTER scripts waited for it.
        wait_calls(log1, want1, 5, "r1")
        s = starts(log1)
        e = entries(log1)
        vt.check([x[1] for x in s] == [x[1] for x in e[:len(s)]],
                 "r1's scripts overlapped: started %s, ended %s" % (s, e))
        for (t_end, _, _), (t_start, _, _) in zip(e, s[1:]):
            vt.check(t_start >= t_end, "a script started before the one before it ended")
    else:
        # keepalived starts them all at once: only the set is the same
        vt.wait_until(lambda: sorted(calls(log1)) == sorted(want1), 5, "r1's 4 calls")

    # Failover: the old master stops, the backup takes over.
    rc = r1.stop()
    vt.check(rc == 0, "r1 exited with %d" % rc)
    r2.wait_state("MASTER", 5)
    wait_calls(log2, [("notify_backup", []),
                      ("notify", ["INSTANCE", "VI_1", "BACKUP", "100"]),
                      ("notify_master", []),
                      ("notify", ["INSTANCE", "VI_1", "MASTER", "100"])], 5, "r2")
    tail = calls(log1)[len(want1):]
    vt.say("r1 on stop ran %s" % tail)
    vt.check(("notify_stop", []) in tail
             and ("notify", ["INSTANCE", "VI_1", "STOP", "200"]) in tail,
             "r1's calls on stop: %s, want notify_stop and notify ... STOP 200" % tail)
    if kind == "vigild":
        vt.check(tail == [("notify_stop", []),
                          ("notify", ["INSTANCE", "VI_1", "STOP", "200"])],
                 "r1's calls on stop: %s" % tail)

    if kind != "vigild":
        vt.say("keepalived: no notify timeout and no script order to check")
        return

    # A hung notify_master is killed at its timeout; the generic notify
    # after it still runs.
    hang = os.path.join(d, "r1.hang")
    c1 = vt.config(vt.instance(priority=200, advert_int=ADV, extra=notify_lines(
        script, hang, delays={"notify_master": 60})))
    r1 = topo.start_router("r1", c1, name="r1-hang")
    r1.wait_state("MASTER", 5)
    vt.wait_until(lambda: any(s[1] == "notify_master" for s in starts(hang)), 5,
                  "r1's notify_master to start")
    t0 = [s[0] for s in starts(hang) if s[1] == "notify_master"][0]
    vt.wait_until(lambda: ("notify", ["INSTANCE", "VI_1", "MASTER", "200"]) in calls(hang),
                  TIMEOUT + 5, "the generic notify after the hung notify_master")
    t1 = [e[0] for e in entries(hang) if e[2][-2:] == ["MASTER", "200"]][0]
    vt.say("generic notify ran %.2fs after the hung notify_master started" % (t1 - t0))
    vt.check(TIMEOUT - 0.5 <= t1 - t0 <= TIMEOUT + 3,
             "notify ran %.2fs after notify_master, want its %ds timeout" % (t1 - t0, TIMEOUT))
    vt.check(("notify_master", []) not in calls(hang), "the hung script was not killed")
    text = r1.text()
    vt.check(re.search(r"VI_1: notify_master \S+notify\.sh .* still running after 10\.0 s; "
                       r"killing it", text), "no timeout line in r1's log")
    vt.check(re.search(r"VI_1: notify_master .* killed at its timeout", text),
             "no kill line in r1's log")
    r1.stop()

    # enable_script_security: a world-writable notify_master is refused.
    unsafe = os.path.join(d, "unsafe.sh")
    write_script(unsafe, SCRIPT, 0o777)
    os.chmod(unsafe, 0o777)
    secure = os.path.join(d, "r1.secure")
    # Without script_user (and no keepalived_script user) keepalived 2.2.7
    # runs no script at all under enable_script_security: nor does vigild.
    inst = vt.instance(priority=200, advert_int=ADV,
                       extra=['notify "%s %s notify 0"' % (script, secure)])
    try:
        pwd.getpwnam("keepalived_script")
    except KeyError:
        r1 = topo.start_router("r1", "global_defs {\n    enable_script_security\n}\n"
                               + inst, name="r1-nouser")
        r1.wait_state("MASTER", 5)
        msg = ("VI_1: notify %s will not run: no script_user is set and user "
               "'keepalived_script' does not exist" % script)
        vt.check(msg in r1.text(), "no refusal in r1's log (want %r)" % msg)
        vt.holds_for(lambda: calls(secure) == [], 0.5, "no script runs")
        vt.say("no script_user: %s" % msg)
        r1.stop()

    conf = ("global_defs {\n    enable_script_security\n    script_user root\n}\n"
            + vt.instance(
        priority=200, advert_int=ADV,
        extra=['notify_master "%s %s notify_master 0"' % (unsafe, secure),
               'notify "%s %s notify 0"' % (script, secure)]))
    r1 = topo.start_router("r1", conf, name="r1-secure")
    r1.wait_state("MASTER", 5)
    vt.wait_until(lambda: ("notify", ["INSTANCE", "VI_1", "MASTER", "200"]) in calls(secure),
                  5, "the secure generic notify")
    vt.check(("notify_master", []) not in calls(secure), "the unsafe script ran")
    msg = ("refusing to run script %s as root: %s is writable by others (mode 0777)"
           % (unsafe, unsafe))
    vt.check(msg in r1.text(), "no refusal in r1's log (want %r)" % msg)
    vt.say("refused: %s" % msg)
    vt.check(stat.S_IMODE(os.stat(unsafe).st_mode) == 0o777, "mode changed")
    r1.stop()


vt.run(test)
