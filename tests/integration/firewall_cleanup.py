#!/usr/bin/python3
"""vigild removes the nftables table it made: on stop, and after a crash.

r1 runs a `no_accept` master with `nftables fw_clean`. A table the test
made itself (inet other) must survive everything.

1. SIGTERM: table inet fw_clean is gone once vigild has exited, and the
   record in the runtime dir with it.
2. Start again, SIGKILL: the table stays (nobody removed it) and the
   runtime dir's record names it.
3. Start with a config whose only instance has `accept`: the new vigild
   deletes the table the dead one left, does not create one, and says so
   in its log.
"""
import os

import vigiltest as vt

TABLE = "fw_clean"


def conf(accept):
    return ("global_defs {\n    nftables %s\n}\n\n" % TABLE
            + vt.config(vt.instance(priority=200, advert_int=0.2,
                                    extra=("accept" if accept else "no_accept",))))


def has_table(topo, table):
    res = topo.exec("r1", "nft", "list", "table", "inet", table, check_rc=False)
    return res.returncode == 0


def test(t):
    t.require("nft")
    topo = t.topology(["r1"])
    topo.exec("r1", "nft", "add table inet other; add set inet other keep { type ipv4_addr; }; "
              "add element inet other keep { 192.0.2.100 }")
    record = None

    r1 = topo.start_router("r1", conf(accept=False))
    r1.wait_state("MASTER", 5)
    vt.wait_until(lambda: has_table(topo, TABLE), 3, "table inet %s" % TABLE)
    record = os.path.join(r1.dir, "run", "firewall")
    vt.check(os.path.exists(record), "no record of the table in %s" % record)
    vt.check(r1.stop() == 0, "vigild exits 0")
    vt.check(not has_table(topo, TABLE), "SIGTERM left table inet %s behind" % TABLE)
    vt.check(not os.path.exists(record), "the record %s outlived the table" % record)
    vt.say("SIGTERM removed table inet %s and its record" % TABLE)

    r1.start()
    r1.wait_state("MASTER", 5)
    vt.wait_until(lambda: has_table(topo, TABLE), 3, "table inet %s" % TABLE)
    r1.crash()
    vt.check(has_table(topo, TABLE), "the table vanished with the process")
    with open(record) as f:
        text = f.read()
    vt.say("after SIGKILL the table is stale; record:\n%s" % text)
    vt.check("nftables inet %s" % TABLE in text.splitlines(), "record: %r" % text)

    with open(r1.conf, "w") as f:
        f.write(conf(accept=True))
    r1.start()
    r1.wait_state("MASTER", 5)
    vt.check(not has_table(topo, TABLE),
             "the restarted vigild left the stale table inet %s" % TABLE)
    vt.check("left by a previous run" in r1.text() and TABLE in r1.text(),
             "the log does not say the stale table was removed")
    vt.check(not os.path.exists(record), "a record without a table: %s" % record)
    vt.say("the restarted vigild deleted the stale table and made none")
    vt.check(r1.stop() == 0, "vigild exits 0")

    out = topo.exec("r1", "nft", "list", "table", "inet", "other").stdout
    vt.check("192.0.2.100" in out, "table inet other was touched:\n%s" % out)
    vt.say("table inet other, not vigil's, is untouched")


vt.run(test)
