#!/usr/bin/python3
"""check_inhibit: inhibit_on_failure keeps a failed real server with weight 0.

Two real servers, rs1 with inhibit_on_failure, rs2 without. When both
servers stop, rs1 stays in the pool with weight 0 and rs2 leaves it, as
vigild's log says; neither counts for the quorum (lost when both are
down). Back up, both return with their weights.
"""
import checktest as ct
import vigiltest as vt


def test(t):
    topo = t.topology(["lb", "rs1", "rs2"], ipv6=False)
    rs1, rs2 = topo.addr4("rs1"), topo.addr4("rs2")
    s1 = ct.TcpServer(topo, "rs1", rs1, 8080)
    s2 = ct.TcpServer(topo, "rs2", rs2, 8080)
    check = ct.tcp_check(connect_timeout=0.5, retry=0)
    conf = ct.config(ct.virtual_server(
        "192.0.2.100", 80,
        [(rs1, 8080, ["weight 3", "inhibit_on_failure"] + check),
         (rs2, 8080, ["weight 2"] + check)],
        extra=["delay_loop 1"]))
    lb = topo.start_daemon("lb", "vigild", conf)
    vt.wait_until(lambda: "live weight 5" in lb.text(), 5, "the virtual server to start")

    s1.stop()
    ct.wait_rs(lb, "%s:8080" % rs1, "down", 5)
    vt.check("real server %s:8080 is down (TCP_CHECK %s:8080: connection refused); "
             "kept in the pool with weight 0 (inhibit_on_failure)" % (rs1, rs1) in lb.text(),
             "rs1 stays with weight 0")
    s2.stop()
    ct.wait_rs(lb, "%s:8080" % rs2, "down", 5)
    vt.check("real server %s:8080 is down (TCP_CHECK %s:8080: connection refused); "
             "removed from the pool" % (rs2, rs2) in lb.text(), "rs2 leaves the pool")
    vt.wait_until(lambda: "quorum lost: live weight 0" in lb.text(), 3,
                  "the quorum to be lost (an inhibited server does not count)")

    s1.start()
    ct.wait_rs(lb, "%s:8080" % rs1, "up", 5)
    vt.check("real server %s:8080 is up (all checkers up); added to the pool, weight 3" % rs1
             in lb.text(), "rs1 returns with weight 3")
    s2.start()
    ct.wait_rs(lb, "%s:8080" % rs2, "up", 5)
    ct.stop(lb)


vt.run(test)
