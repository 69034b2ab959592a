#!/usr/bin/python3
"""SNMP: a SIGHUP reload keeps the AgentX session; walks keep answering
and show what the new config has (an added instance, a removed one), and
a refused reload leaves the tables as they were. A reload also follows
the SNMP keywords: a MIB whose enable_snmp_* goes away stops answering
while the others go on, SNMP switched off entirely and on again, and a
new snmp_socket moves vigild to the master agent there."""
import signal

import snmptest as st
import vigiltest as vt

ADV = 0.5


def instances(names):
    vrids = {"VI_1": 51, "VI_2": 52, "VI_3": 53}
    return "".join(
        vt.instance(name=n, vrid=vrids[n], priority=200, advert_int=ADV, version=3,
                    vips=("192.0.2.%d/24" % (100 + vrids[n] - 50),))
        for n in names)


def conf(snmpd, names):
    return st.snmp_globals(snmpd.socket, traps=False) + instances(names)


def globals_for(socket, keywords):
    return "global_defs {\n    router_id vigil-test\n" + "".join(
        "    %s\n" % k for k in keywords) + \
        ("    snmp_socket %s\n" % socket if socket else "") + "}\n\n"


ALL_MIBS = ("enable_snmp_vrrp", "enable_snmp_rfcv2", "enable_snmp_rfcv3")


def conf_with(socket, keywords, names=("VI_1", "VI_3")):
    return globals_for(socket, keywords) + instances(names)


def answers(snmpd, root):
    return any(o.startswith(root + ".") for o, _ in snmpd.walk(root, check_rc=False))


def wait_serving(snmpd, want, what):
    """want: {MIB root: whether it answers}."""
    def got():
        return {root: answers(snmpd, root) for root in want}
    vt.wait_until(lambda: got() == want, 8, lambda: "%s: serving %s, want %s" % (what, got(), want))
    vt.say("%s: %s" % (what, ", ".join("%s %s" % (r, "answers" if w else "silent")
                                        for r, w in want.items())))


def names(snmpd):
    w = snmpd.walk(st.KEEPALIVED_MIB + ".2.3.1.2", check_rc=False)
    return [st.value_bytes(v).decode() for o, v in w]


def wait_names(snmpd, want, what):
    vt.wait_until(lambda: names(snmpd) == want, 5,
                  lambda: "%s: vrrpInstanceName %s, want %s" % (what, names(snmpd), want))
    vt.say("%s: vrrpInstanceName lists %s" % (what, want))


def test(t):
    st.require(t)
    topo = t.topology(["r1", "r2"])
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
    after = snmpd.walk(st.VRRPV3_MIB + ".1.1.1.1.6")
    vt.check(after == before,
             "vrrpv3OperationsStatus changed over an unchanged reload: %s, then %s"
             % (before, after))
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

    # The SNMP keywords themselves.
    roots = (st.VRRP_MIB, st.VRRPV3_MIB, st.KEEPALIVED_MIB)
    reload(conf_with(snmpd.socket, ("enable_snmp_vrrp", "enable_snmp_rfcv3")),
           "enable_snmp_rfcv2 removed")
    wait_serving(snmpd, {st.VRRP_MIB: False, st.VRRPV3_MIB: True, st.KEEPALIVED_MIB: True},
                 "without enable_snmp_rfcv2")
    reload(conf_with(snmpd.socket, ALL_MIBS), "enable_snmp_rfcv2 back")
    wait_serving(snmpd, dict.fromkeys(roots, True), "with enable_snmp_rfcv2 again")
    reload(conf_with(snmpd.socket, ()), "every enable_snmp_* removed")
    wait_serving(snmpd, dict.fromkeys(roots, False), "SNMP switched off")
    vt.check("SNMP: switched off" in r1.text(), "no log line says SNMP was switched off")
    reload(conf_with(snmpd.socket, ALL_MIBS), "SNMP switched on again")
    wait_serving(snmpd, dict.fromkeys(roots, True), "SNMP switched on again")
    wait_names(snmpd, ["VI_1", "VI_3"], "after switching SNMP on again")
    # Another master agent (in r2's namespace; the AgentX socket is a file).
    other = st.Snmpd(topo, "r2")
    reload(conf_with(other.socket, ALL_MIBS), "snmp_socket moved to another snmpd")
    wait_serving(other, dict.fromkeys(roots, True), "the new snmp_socket's snmpd")
    wait_serving(snmpd, dict.fromkeys(roots, False), "the old snmp_socket's snmpd")
    wait_names(other, ["VI_1", "VI_3"], "through the new snmp_socket")
    vt.check(len(r1.logs) == 1 and r1.running(), "vigild restarted or exited")
    vt.check(r1.state("VI_1") == "MASTER" and r1.state("VI_3") == "MASTER",
             "instances left MASTER over the SNMP reloads")
    vt.check(r1.stop() == 0, "vigild did not exit cleanly")


vt.run(test)
