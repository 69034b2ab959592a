#!/usr/bin/python3
"""SNMP: KEEPALIVED-MIB's sync group tables follow the group, and a group
state change sends vrrpSyncGroupStateChange.

r1 runs G1 (VI_1 on eth0, VI_2 on eth1) with enable_snmp_vrrp and
enable_traps, under an snmpd of its own that forwards traps to an
snmptrapd. vrrpSyncGroupTable row 1 is G1, master (2) once both members
are; vrrpSyncGroupMemberTable lists VI_1 and VI_2. When eth1 goes down
the row says fault (3) and a vrrpSyncGroupStateChange (…5.2.10.0.1)
arrives carrying vrrpSyncGroupState.1 = 3 and the group's name.
"""
import os
import subprocess

import snmptest as snmp
import synctest as st
import vigiltest as vt

KA = snmp.KEEPALIVED_MIB
GROUP_STATE = KA + ".2.1.1.3.1"


def test(t):
    snmp.require(t)
    t.require("snmptrapd")
    topo = t.topology(["r1"])
    st.add_second_network(topo)
    tdir = os.path.join(topo.workdir, "snmptrapd")
    os.makedirs(tdir)
    tconf = os.path.join(tdir, "snmptrapd.conf")
    with open(tconf, "w") as f:
        f.write("disableAuthorization yes\n")
    traps = os.path.join(tdir, "traps.log")
    env = dict(os.environ, MIBS="", MIBDIRS=tdir, SNMP_PERSISTENT_DIR=tdir)
    topo._popen(["ip", "netns", "exec", topo.ns("r1"), "snmptrapd", "-f", "-On", "-C",
                 "-c", tconf, "-Lf", traps, "udp:127.0.0.1:%d" % snmp.TRAP_PORT],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    vt.wait_until(lambda: os.path.exists(traps) and "NET-SNMP" in vt._read(traps), 10,
                  "snmptrapd to start")
    snmpd = snmp.Snmpd(topo, "r1", traps_to=snmp.TRAP_PORT)
    conf = snmp.snmp_globals(snmpd.socket) + st.group_config(200)
    r1 = topo.start_router("r1", conf)
    r1.wait_state("MASTER", 5, "VI_1")
    r1.wait_state("MASTER", 5, "VI_2")

    def group_state():
        got = snmpd.get([GROUP_STATE]).get(GROUP_STATE, "")
        return snmp.value_int(got) if "INTEGER" in got else None

    vt.wait_until(lambda: group_state() == 2, 10, "vrrpSyncGroupState.1 to be master(2)")
    rows = dict(snmpd.walk(KA + ".2.1.1"))
    vt.check(snmp.value_bytes(rows[KA + ".2.1.1.2.1"]) == b"G1",
             "vrrpSyncGroupName.1 is %r" % rows.get(KA + ".2.1.1.2.1"))
    members = dict(snmpd.walk(KA + ".2.2.1"))
    names = [snmp.value_bytes(members.get(KA + ".2.2.1.2.1.%d" % i, '""')) for i in (1, 2)]
    vt.check(names == [b"VI_1", b"VI_2"], "vrrpSyncGroupMemberTable lists %r" % names)

    vt.say("ip link set eth1 down on r1")
    topo.ip("r1", "link", "set", "eth1", "down")
    r1.wait_state("FAULT", 3, "VI_1")
    vt.wait_until(lambda: group_state() == 3, 5, "vrrpSyncGroupState.1 to be fault(3)")
    trap_oid = ".1.3.6.1.6.3.1.1.4.1.0 = OID: " + KA + ".2.10.0.1"

    def group_trap():
        for line in vt._read(traps).splitlines():
            if trap_oid in line and "%s = INTEGER: 3" % GROUP_STATE in line:
                return line
        return None
    line = vt.wait_until(group_trap, 5, lambda: "vrrpSyncGroupStateChange to fault in:\n%s"
                         % vt._read(traps))
    vt.check(KA + '.2.1.1.2.1 = STRING: "G1"' in line,
             "the trap does not carry vrrpSyncGroupName.1 = G1: %s" % line)
    vt.check(KA + ".1.2.0 = " in line, "the trap does not carry routerId: %s" % line)
    vt.say("vrrpSyncGroupStateChange: %s" % line)
    rc = r1.stop()
    vt.check(rc == 0, "vigild exited with %d" % rc)


vt.run(test)
