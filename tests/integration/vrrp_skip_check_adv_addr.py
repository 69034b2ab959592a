#!/usr/bin/python3
"""skip_check_adv_addr skips the address list only of a known master.

keepalived's rule: with skip_check_adv_addr a backup does not check the
address list of adverts from the master it already accepted; an advert
from any other source (and the first one) is still checked. r1 (priority
200) advertises 192.0.2.100 and 192.0.2.101; r2 (priority 100, with
vrrp_skip_check_adv_addr) has only 192.0.2.100. r2 never accepted r1, so
r1's adverts are checked, fail (address list) and are ignored: r2 becomes
master too. Then r2 is restarted with the same address list as r1 and
stays backup: the check passes and later adverts are skipped.
"""
import vigiltest as vt

ADV = 0.2
VIPS = (vt.VIP4 + "/24", "192.0.2.101/24")


def test(t):
    topo = t.topology(["r1", "r2"])
    r1 = topo.start_router("r1", vt.config(vt.instance(priority=200, advert_int=ADV,
                                                       vips=VIPS)))
    r1.wait_state("MASTER", 5)
    glob = "global_defs {\n    vrrp_skip_check_adv_addr\n}\n"
    r2 = topo.start_router("r2", glob + vt.config(vt.instance(priority=100, advert_int=ADV)))
    r2.wait_state("MASTER", 5)
    vt.holds_for(lambda: r1.state() == "MASTER" and r2.state() == "MASTER", 5 * ADV,
                 "both masters: r2 ignores r1's adverts (address list)")
    r2.stop()

    r2 = topo.start_router("r2", glob + vt.config(vt.instance(priority=100, advert_int=ADV,
                                                               vips=VIPS)), name="r2-same")
    r2.wait_state("BACKUP", 5)
    vt.holds_for(lambda: r2.state() == "BACKUP", 10 * ADV, "r2 backup with the same list")
    vt.check("MASTER" not in r2.transitions(), "r2 became master: %s" % r2.transitions())
    r2.stop()
    r1.stop()


vt.run(test)
