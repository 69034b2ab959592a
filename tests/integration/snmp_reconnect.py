#!/usr/bin/python3
"""SNMP: vigild starts without snmpd and runs VRRP anyway; once snmpd
comes, walks answer; when snmpd is killed and restarted, the next walk
answers again within a few seconds, without touching vigild."""
import time

import snmptest as st
import vigiltest as vt

ADV = 0.5
# vigild's AgentX ping / reconnection interval (VIGIL_SNMP_PING_INTERVAL)
# plus slack for the master to come up.
RECONNECT = 6


def answers(snmpd):
    w = snmpd.walk(st.VRRPV3_MIB, check_rc=False)
    return [o for o, _ in w if o.startswith(st.VRRPV3_MIB + ".1.1.1.1.6.")]


def test(t):
    st.require(t)
    topo = t.topology(["r1"])
    # snmpd's files are laid out but it is not started: vigild comes first.
    snmpd = st.Snmpd(topo, "r1", start=False)
    r1 = topo.start_router("r1", st.snmp_globals(snmpd.socket, traps=False) + vt.instance(
        priority=200, advert_int=ADV, version=3))
    r1.wait_state("MASTER", 5)
    vt.check(r1.running(), "vigild exited without snmpd")

    t0 = time.monotonic()
    snmpd.start()
    rows = vt.wait_until(lambda: answers(snmpd), RECONNECT, "the first walk to list VI_1")
    vt.say("walk answers %.1fs after snmpd started: %s" % (time.monotonic() - t0, rows))

    for n in range(2):
        snmpd.kill()
        time.sleep(ADV * 3)
        vt.check(r1.running() and r1.state() == "MASTER",
                 "vigild on r1 is %s after snmpd died" % r1.state())
        t0 = time.monotonic()
        snmpd.start()
        again = vt.wait_until(lambda: answers(snmpd), RECONNECT,
                              "a walk after snmpd restart %d" % (n + 1))
        vt.say("restart %d: walk answers again after %.1fs" % (n + 1, time.monotonic() - t0))
        vt.check(again == rows, "rows after restart %s, before %s" % (again, rows))
    vt.check(len(r1.logs) == 1, "vigild was restarted")
    vt.check(r1.stop() == 0, "vigild did not exit cleanly")


vt.run(test)
