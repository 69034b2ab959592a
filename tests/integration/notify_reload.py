#!/usr/bin/python3
"""Notify scripts run as their user; a reload that removes an instance.

r1 runs two instances with script_user nobody: every script logs the uid
it runs as, which must be nobody's. A third instance names a script user
that does not exist: the error is logged at start and its script never
runs. A reload (SIGHUP) removes VI_2, which has notify_deleted, and VI_4,
which has not; as keepalived 2.2.7 does (checked by running it), VI_2
gets notify_deleted and "notify ... INSTANCE VI_2 DELETED 100", VI_4 only
"notify ... INSTANCE VI_4 FAULT 100" (not its notify_fault), and neither
gets notify_stop or STOP. VI_5, changed, is restarted: STOP 100, then
BACKUP 101 and MASTER 101, in that order. The unchanged VI_1 gets nothing.
"""
import os
import pwd
import signal

import vigiltest as vt

ADV = 0.2
SCRIPT = """#!/bin/sh
# notify.sh LOG LABEL [keepalived's arguments]
log=$1; label=$2; shift 2
echo "$(id -u) $label $*" >> "$log"
"""


def calls(log):
    try:
        with open(log) as f:
            return [tuple(l.split()[1:]) for l in f if l.strip()]
    except FileNotFoundError:
        return []


def uids(log):
    try:
        with open(log) as f:
            return {l.split()[0] for l in f if l.strip()}
    except FileNotFoundError:
        return set()


def inst(name, vrid, script, log, extra=()):
    lines = ['notify_%s "%s %s notify_%s"' % (s, script, log, s)
             for s in ("master", "backup", "stop")]
    lines.append('notify "%s %s notify"' % (script, log))
    return vt.instance(name=name, vrid=vrid, priority=100, advert_int=ADV,
                       vips=("192.0.2.%d/24" % (100 + vrid - 50),),
                       extra=lines + list(extra))


def test(t):
    if vt.default_daemon() != "vigild":
        raise vt.TestSkip("vigild's reload and user handling")
    nobody = pwd.getpwnam("nobody").pw_uid
    topo = t.topology(["r1"])
    d = topo.workdir
    os.chmod(d, 0o755)
    scripts = os.path.join(d, "scripts")
    out = os.path.join(d, "out")
    os.mkdir(scripts, 0o755)
    os.mkdir(out)
    os.chmod(out, 0o777)
    script = os.path.join(scripts, "notify.sh")
    with open(script, "w") as f:
        f.write(SCRIPT)
    os.chmod(script, 0o755)
    log1, log2, log3 = (os.path.join(out, n) for n in ("VI_1", "VI_2", "VI_3"))

    glob = "global_defs {\n    script_user nobody\n}\n"
    vi1 = inst("VI_1", 51, script, log1)
    vi2 = inst("VI_2", 52, script, log2,
               extra=['notify_deleted "%s %s notify_deleted"' % (script, log2)])
    vi3 = vt.instance(name="VI_3", vrid=53, priority=100, advert_int=ADV, vips=("192.0.2.103/24",),
                      extra=['notify_master "%s %s notify_master" no-such-user-vigil'
                             % (script, log3)])
    log4 = os.path.join(out, "VI_4")
    vi4 = inst("VI_4", 54, script, log4,
               extra=['notify_fault "%s %s notify_fault"' % (script, log4)])
    log5 = os.path.join(out, "VI_5")

    def vi5(prio):
        return vt.instance(name="VI_5", vrid=55, priority=prio, advert_int=ADV,
                           vips=("192.0.2.105/24",),
                           extra=['notify "%s %s notify"' % (script, log5)])
    r1 = topo.start_router("r1", glob + vi1 + vi2 + vi3 + vi4 + vi5(100))
    for name in ("VI_1", "VI_2", "VI_3", "VI_4", "VI_5"):
        r1.wait_state("MASTER", 5, name)
    want = [("notify_backup",), ("notify", "INSTANCE", "VI_2", "BACKUP", "100"),
            ("notify_master",), ("notify", "INSTANCE", "VI_2", "MASTER", "100")]
    vt.wait_until(lambda: calls(log2) == want, 5,
                  lambda: "VI_2's calls %s, want %s" % (calls(log2), want))
    vt.wait_until(lambda: len(calls(log1)) == 4, 5, "VI_1's 4 calls")
    vt.check(uids(log1) | uids(log2) == {str(nobody)},
             "scripts ran as uid %s, want nobody (%d)" % (uids(log1) | uids(log2), nobody))
    vt.say("scripts ran as nobody (uid %d)" % nobody)
    vt.check("VI_3: notify_master %s will not run: script user 'no-such-user-vigil' does "
             "not exist" % script in r1.text(), "no error for the unknown user in the log")
    vt.check(calls(log3) == [], "VI_3's script ran: %s" % calls(log3))

    vt.wait_until(lambda: len(calls(log5)) == 2, 5, "VI_5's 2 calls")
    with open(r1.conf, "w") as f:
        f.write(glob + vi1 + vi3 + vi5(101))
    vt.say("reload without VI_2 and VI_4, VI_5's priority changed")
    r1.signal(signal.SIGHUP)
    want += [("notify_deleted",), ("notify", "INSTANCE", "VI_2", "DELETED", "100")]
    vt.wait_until(lambda: calls(log2) == want, 5,
                  lambda: "VI_2's calls %s, want %s" % (calls(log2), want))
    vt.say("VI_2 on reload: %s" % calls(log2)[4:])
    want4 = [("notify", "INSTANCE", "VI_4", "FAULT", "100")]
    vt.wait_until(lambda: calls(log4)[4:] == want4, 5,
                  lambda: "VI_4's calls %s, want %s after the 4 first"
                  % (calls(log4), want4))
    vt.say("VI_4 on reload: %s" % calls(log4)[4:])
    # VI_5 is restarted: the old one's STOP, then the new one's states
    want5 = [("notify", "INSTANCE", "VI_5", "STOP", "100"),
             ("notify", "INSTANCE", "VI_5", "BACKUP", "101"),
             ("notify", "INSTANCE", "VI_5", "MASTER", "101")]
    vt.wait_until(lambda: calls(log5)[2:] == want5, 5,
                  lambda: "VI_5's calls %s, want %s after the 2 first" % (calls(log5), want5))
    vt.say("VI_5 on reload: %s" % calls(log5)[2:])
    vt.holds_for(lambda: len(calls(log1)) == 4 and calls(log2) == want
                 and calls(log4)[4:] == want4, 0.5,
                 "no further notifies after the reload (VI_1 %s, VI_2 %s, VI_4 %s)"
                 % (calls(log1), calls(log2), calls(log4)))
    rc = r1.stop()
    vt.check(rc == 0, "r1 exited with %d" % rc)
    vt.check(calls(log1)[4:] == [("notify_stop",), ("notify", "INSTANCE", "VI_1", "STOP", "100")],
             "VI_1 on stop: %s" % calls(log1)[4:])


vt.run(test)
