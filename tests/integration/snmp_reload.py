#!/usr/bin/python3
"""SNMP: a SIGHUP reload keeps the AgentX session; walks keep answering
and show what the new config has (an added instance, a removed one), and
a refused reload leaves the tables as they were."""
import signal

import snmptest as st
import vigiltest as vt

ADV = 0.5


def conf(snmpd, names):
    vrids = {"VI_1": 51, "VI_2": 52, "VI_3": 53}
    return st.snmp_globals(snmpd.socket, traps=False) + "".join(
        vt.instance(name=n, vrid=vrids[n], priority=200, advert_int=ADV, version=3,
                    vips=("192.0.2.%d/24" % (100 + vrids[n] - 50),))
        for n in names)


def names(snmpd):
    w = snmpd.walk(st.KEEPALIVED_MIB + ".2.3.1.2", check_rc=False)
    return [st.value_bytes(v).decode() for o, v in w]


def wait_names(snmpd, want, what):
    vt.wait_until(lambda: names(snmpd) == want, 5,
                  lambda: "%s: vrrpInstanceName %s, want %s" % (what, names(snmpd), want))
    vt.say("%s: vrrpInstanceName lists %s" % (what, want))


def test(t):
    st.require(t)
    topo = t.topology(["r1"])
    snmpd = st.Snmpd(topo, "r1")
    r1 = topo.start_router("r1", conf(snmpd, ["VI_1", "VI_2"]))
    r1.wait_state("MASTER", 5, "VI_2")
    wait_names(snmpd, ["VI_1", "VI_2"], "at start")
    before = snmpd.walk(st.VRRPV3_MIB + ".1.1.1.1.6")

    def reload(text, what):
        with open(r1.conf, "w") as f:
            f.write(text)
        n = r1.text().count("reload")
        r1.signal(signal.SIGHUP)
        vt.wait_until(lambda: r1.text().count("reload") > n, 5, "vigild to log the reload")
        vt.say("SIGHUP: %s" % what)

    reload(conf(snmpd, ["VI_1", "VI_2"]), "same config")
    vt.check(snmpd.walk(st.VRRPV3_MIB + ".1.1.1.1.6") == before,
             "vrrpv3OperationsStatus changed over an unchanged reload")
    reload(conf(snmpd, ["VI_1", "VI_2", "VI_3"]), "VI_3 added")
    r1.wait_state("MASTER", 5, "VI_3")
    wait_names(snmpd, ["VI_1", "VI_2", "VI_3"], "after adding VI_3")
    rows = snmpd.walk(st.VRRPV3_MIB + ".1.1.1.1.6")
    vt.check(len(rows) == 3 and all(st.value_int(v) == 3 for o, v in rows),
             "vrrpv3OperationsStatus after adding VI_3: %s" % rows)
    reload(conf(snmpd, ["VI_1", "VI_3"]), "VI_2 removed")
    wait_names(snmpd, ["VI_1", "VI_3"], "after removing VI_2")
    reload("vrrp_instance {\n", "a broken config (refused)")
    wait_names(snmpd, ["VI_1", "VI_3"], "after a refused reload")
    vt.check(len(r1.logs) == 1 and r1.running(), "vigild restarted or exited")
    vt.check(r1.stop() == 0, "vigild did not exit cleanly")


vt.run(test)
