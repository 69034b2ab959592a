#!/usr/bin/python3
"""check_local: PING_CHECK, MISC_CHECK and FILE_CHECK in a running vigild.

lb runs vigild (lb_backend none). Real server rs answers pings over IPv4
and IPv6: both PING_CHECKs stay up and rs counts the echoes; when rs
stops answering (icmp echo_ignore_all) both go down on the timeout, and
come back when it answers again. A MISC_CHECK script does what a mode
file says: exit 1 is down, with misc_dynamic exit 12 is up with weight
10 and exit 22 weight 20, a script that hangs is killed at misc_timeout
and the real server goes down as timed out. Two FILE_CHECKs follow one
track_file: with the track_file's weight 0 a non-zero value is down at
once; with weight 5 the value moves the real server's weight (10 + 5 x
value, not below 0) and it stays up. What vigild decided is read from
its log, as a user reads it.
"""
import os
import re

import checktest as ct
import vigiltest as vt

DELAY_LOOP = 1
CONNECT_TIMEOUT = 1
MISC_TIMEOUT = 1

MISC_SCRIPT = """#!/bin/sh
# check.sh MODEFILE: "hang" sleeps, a number is the exit status
mode=$(cat "$1")
case "$mode" in
    hang) exec sleep 60 ;;
    *) exit "$mode" ;;
esac
"""


def echoes_received(topo, host):
    """Icmp InEchos + Icmp6 InEchos of host's namespace."""
    total = 0
    snmp = topo.exec("rs", "cat", "/proc/net/snmp").stdout
    lines = [l.split() for l in snmp.splitlines() if l.startswith("Icmp:")]
    if len(lines) == 2:
        total += int(lines[1][lines[0].index("InEchos")])
    snmp6 = topo.exec("rs", "cat", "/proc/net/snmp6").stdout
    for line in snmp6.splitlines():
        name, _, value = line.partition(" ")
        if name == "Icmp6InEchos":
            total += int(value.strip())
    return total


def set_echo_ignore(topo, host, on):
    value = "1" if on else "0"
    topo.exec(host, "sysctl", "-qw", "net.ipv4.icmp_echo_ignore_all=" + value)
    topo.exec(host, "sysctl", "-qw", "net.ipv6.icmp.echo_ignore_all=" + value)
    vt.say("%s %s pings" % (host, "ignores" if on else "answers"))


def write(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.rename(path + ".tmp", path)


def ping_check():
    return ["PING_CHECK {",
            "    connect_timeout %d" % CONNECT_TIMEOUT,
            "    retry 1",
            "    delay_before_retry 0.5",
            "}"]


def weight_line(daemon, rs):
    """The weights 'real server RS: weight now N' logged, in order."""
    pat = re.compile(r"real server %s: weight now (\d+)" % re.escape(rs))
    return [int(m.group(1)) for m in pat.finditer(daemon.text())]


def wait_weight(daemon, rs, weight, timeout):
    vt.wait_until(lambda: weight_line(daemon, rs)[-1:] == [weight], timeout,
                  lambda: "real server %s weight %d (log: %s)"
                  % (rs, weight, weight_line(daemon, rs)))
    vt.say("real server %s has weight %d" % (rs, weight))


def up_weight(daemon, rs):
    """The weight of the last 'real server RS is up (...); ..., weight N'."""
    pat = re.compile(r"real server %s is up \(.*\); .*, weight (\d+)" % re.escape(rs))
    found = pat.findall(daemon.text())
    return int(found[-1]) if found else None


def test(t):
    topo = t.topology(["lb", "rs"], ipv6=True)
    rs4, rs6 = topo.addr4("rs"), topo.addr6("rs")
    ping4, ping6 = "%s:80" % rs4, "[%s]:80" % rs6
    misc, file_state, file_weight = "192.0.2.201:80", "192.0.2.202:80", "192.0.2.203:80"

    work = topo.workdir
    mode = os.path.join(work, "misc.mode")
    script = os.path.join(work, "check.sh")
    tracked = os.path.join(work, "weight")
    with open(script, "w") as f:
        f.write(MISC_SCRIPT)
    os.chmod(script, 0o755)
    write(mode, "0\n")
    write(tracked, "0\n")

    conf = ct.config(
        "track_file tf {\n    file %s\n    weight 0\n}\n" % tracked,
        ct.virtual_server("192.0.2.100", 80, [
            (rs4, 80, ping_check()),
            (misc.split(":")[0], 80, ["weight 3",
                                      "MISC_CHECK {",
                                      '    misc_path "%s %s"' % (script, mode),
                                      "    misc_timeout %d" % MISC_TIMEOUT,
                                      "    misc_dynamic",
                                      "}"]),
            (file_state.split(":")[0], 80, ["FILE_CHECK {", "    track_file tf", "}"]),
            (file_weight.split(":")[0], 80, ["weight 10",
                                             "FILE_CHECK {",
                                             "    track_file tf",
                                             "    weight 5",
                                             "}"]),
        ], extra=["delay_loop %d" % DELAY_LOOP]),
        ct.virtual_server("2001:db8::100", 80, [(rs6, 80, ping_check())],
                          extra=["delay_loop %d" % DELAY_LOOP]))
    echoes_before = echoes_received(topo, "rs")
    lb = topo.start_daemon("lb", "vigild", conf)

    # ---- healthy: checked again and again, nothing changes
    vt.wait_until(lambda: echoes_received(topo, "rs") - echoes_before >= 6,
                  4 * DELAY_LOOP + 5, "three echoes per family at rs")
    for rs in (ping4, ping6, misc, file_state, file_weight):
        vt.check(ct.rs_state(lb, rs) is None,
                 "%s changed state while healthy: %s" % (rs, ct.rs_events(lb, rs)))

    # ---- PING_CHECK: rs stops answering, both families go down on the timeout
    set_echo_ignore(topo, "rs", True)
    limit = DELAY_LOOP + 2 * CONNECT_TIMEOUT + 0.5 + 4
    for rs in (ping4, ping6):
        ct.wait_rs(lb, rs, "down", limit)
    log = lb.text()
    for rs in (ping4, ping6):
        why = "PING_CHECK %s down: timeout after %d s" % (rs, CONNECT_TIMEOUT)
        vt.check(why in log, "the log says %r" % why)
    set_echo_ignore(topo, "rs", False)
    for rs in (ping4, ping6):
        ct.wait_rs(lb, rs, "up", DELAY_LOOP + CONNECT_TIMEOUT + 3)

    # ---- MISC_CHECK: exit codes and misc_dynamic weights
    write(mode, "1\n")
    ct.wait_rs(lb, misc, "down", DELAY_LOOP + 3)
    vt.check("MISC_CHECK %s down: exited with status 1" % misc in lb.text(),
             "the log says why the script failed")
    write(mode, "12\n")
    ct.wait_rs(lb, misc, "up", DELAY_LOOP + 3)
    vt.check(up_weight(lb, misc) == 10,
             "exit 12 with misc_dynamic: weight 10 (log says %s)" % up_weight(lb, misc))
    write(mode, "22\n")
    wait_weight(lb, misc, 20, DELAY_LOOP + 3)
    write(mode, "0\n")          # 0 keeps the weight
    vt.holds_for(lambda: weight_line(lb, misc)[-1:] == [20] and ct.rs_state(lb, misc) == "up",
                 2 * DELAY_LOOP + 0.5, "weight 20 kept on exit 0")
    write(mode, "hang\n")
    ct.wait_rs(lb, misc, "down", DELAY_LOOP + MISC_TIMEOUT + 3)
    log = lb.text()
    vt.check("MISC_CHECK %s down: timeout after %d s" % (misc, MISC_TIMEOUT) in log,
             "the log says the script timed out")
    vt.check(re.search(r"MISC_CHECK %s: .*check\.sh still running after .* killing it"
                       % re.escape(misc), log) is not None,
             "the log says the hung script was killed")
    write(mode, "0\n")
    ct.wait_rs(lb, misc, "up", DELAY_LOOP + MISC_TIMEOUT + 3)

    # ---- FILE_CHECK: the file decides at once
    write(tracked, "1\n")
    ct.wait_rs(lb, file_state, "down", 2)
    wait_weight(lb, file_weight, 15, 2)
    vt.check(ct.rs_state(lb, file_weight) is None,
             "a weighted FILE_CHECK stays up: %s" % ct.rs_events(lb, file_weight))
    write(tracked, "0\n")
    ct.wait_rs(lb, file_state, "up", 2)
    wait_weight(lb, file_weight, 10, 2)
    write(tracked, "-3\n")      # 10 - 15 is held at 0
    ct.wait_rs(lb, file_state, "down", 2)
    wait_weight(lb, file_weight, 0, 2)
    os.unlink(tracked)          # a missing file is 0
    ct.wait_rs(lb, file_state, "up", 2)
    wait_weight(lb, file_weight, 10, 2)

    ct.stop(lb)


vt.run(test)
