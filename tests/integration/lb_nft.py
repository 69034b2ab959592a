#!/usr/bin/python3
"""vigild balancing real traffic with the nftables backend: only the real
servers its checkers find healthy answer, in the proportions of their
weights; a server that stops gets no new connections once its checker
has marked it down, one that starts is taken back, and the table is gone
when vigild stops; after a SIGKILL the next vigild deletes the table the
dead one left before programming its own."""

import vigiltest as vt
import lbtest as lb

N = 200

CONF = """
global_defs {
    router_id lbtest
    lb_backend nftables
}

virtual_server %(vip)s 80 {
    delay_loop 1
    lvs_sched wlc
    lvs_method NAT
    protocol TCP

    real_server %(rs1)s 80 {
        weight 3
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server %(rs2)s 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server %(rs3)s 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
"""


def pool(topo):
    """The real servers in the DNAT rules now (None: no table)."""
    table = lb.nft_table(topo)
    if table is None:
        return None
    return sorted(h for h, addr in lb.SERVERS.items()
                  if any(addr in line and "dnat" in line for line in table.splitlines()))


def wait_pool(topo, router, want, timeout=15):
    vt.wait_until(lambda: pool(topo) == want, timeout,
                  lambda: "the pool to be %s (it is %s)\n%s"
                  % (want, pool(topo), router.text()[-3000:]))
    vt.say("pool: %s" % want)


def test(t):
    t.require("nft")
    t.require("curl")
    topo, servers = lb.build(t, tag="lbnft")
    # rs3 is down from the start
    lb.stop_server(servers.pop("rs3"))

    router = topo.start_daemon("router", "vigild", CONF % dict(vip=lb.VIP, **lb.SERVERS))
    wait_pool(topo, router, ["rs1", "rs2"])
    vt.check("load balancer: nftables" in router.text(), "the backend is logged at start")

    counts = lb.fetch_many(topo, N)
    vt.say("weights 3:1, rs3 down, %d requests: %s" % (N, dict(counts)))
    vt.check(counts["rs3"] == 0 and counts["rs1"] + counts["rs2"] == N,
             "only the healthy servers answer: %s" % dict(counts))
    vt.check(0.63 <= lb.share(counts, "rs1", N) <= 0.87,
             "rs1 (weight 3) got %.2f of the connections, want about 0.75"
             % lb.share(counts, "rs1", N))

    # rs3 comes up: its checker brings it back
    servers["rs3"] = lb.start_server(topo, "rs3")
    wait_pool(topo, router, ["rs1", "rs2", "rs3"])
    counts = lb.fetch_many(topo, 100)
    vt.say("rs3 back, 100 requests: %s" % dict(counts))
    vt.check(counts["rs3"] > 0 and sum(counts[h] for h in lb.SERVERS) == 100,
             "rs3 serves again: %s" % dict(counts))

    # rs2 stops: once marked down it gets no new connections
    lb.stop_server(servers.pop("rs2"))
    wait_pool(topo, router, ["rs1", "rs3"])
    counts = lb.fetch_many(topo, 60)
    vt.say("rs2 down, 60 requests: %s" % dict(counts))
    vt.check(counts["rs2"] == 0 and counts["rs1"] + counts["rs3"] == 60,
             "no connection reaches rs2 or fails: %s" % dict(counts))

    router.terminate()
    rc = router.wait()
    vt.check(rc == 0, "vigild exited with %d" % rc)
    vt.check(lb.nft_table(topo) is None, "the table is gone after vigild stopped")
    vt.say("vigild stopped: table inet vigil_lb is gone")

    # crash: the table outlives vigild; the next start removes it first
    router.start()
    wait_pool(topo, router, ["rs1", "rs3"])
    router.crash()
    vt.check(pool(topo) == ["rs1", "rs3"], "the table outlives a SIGKILLed vigild")
    router.start()
    vt.wait_until(lambda: "a previous vigild left it behind" in router.text(), 10,
                  "vigild to remove the stale table")
    wait_pool(topo, router, ["rs1", "rs3"])
    vt.check(lb.fetch(topo, "client", lb.VIP) in ("rs1", "rs3"), "balancing again")
    router.terminate()
    vt.check(router.wait() == 0, "vigild exited cleanly")
    vt.check(lb.nft_table(topo) is None, "no table after the second stop")


vt.run(test)
