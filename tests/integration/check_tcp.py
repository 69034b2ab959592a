#!/usr/bin/python3
"""check_tcp: TCP_CHECK brings real servers up and down as keepalived does.

lb runs vigild (lb_backend none) with one virtual server and two real
servers on rs1 and rs2, each checked by TCP_CHECK every second with
retry 2. rs1's server is stopped: the capture on rs1's side must show
exactly retry + 1 = 3 failed attempts (SYNs) before vigild reports it
down, within the time the retry rule allows; rs2 stays up throughout.
rs1's server comes back: up again at the next check. A third real
server whose SYNs are dropped (nftables on rs2) goes down by
connect_timeout.
"""
import time

import checktest as ct
import vigiltest as vt

DELAY_LOOP = 1
RETRY = 2
DELAY_BEFORE_RETRY = 0.5
CONNECT_TIMEOUT = 0.5


def test(t):
    t.require("nft")
    topo = t.topology(["lb", "rs1", "rs2"], ipv6=False)
    rs1, rs2 = topo.addr4("rs1"), topo.addr4("rs2")
    s1 = ct.TcpServer(topo, "rs1", rs1, 8080)
    ct.TcpServer(topo, "rs2", rs2, 8080)
    # rs2:8081 silently drops SYNs: only connect_timeout can end a check.
    topo.exec("rs2", "nft", "add table inet vt; add chain inet vt in "
              "{ type filter hook input priority 0; }; "
              "add rule inet vt in tcp dport 8081 drop")
    ct.TcpServer(topo, "rs2", rs2, 8081)
    check = ct.tcp_check(connect_timeout=CONNECT_TIMEOUT, retry=RETRY,
                         delay_before_retry=DELAY_BEFORE_RETRY)
    conf = ct.config(ct.virtual_server(
        "192.0.2.100", 80,
        [(rs1, 8080, check), (rs2, 8080, check), (rs2, 8081, check)],
        extra=["delay_loop %d" % DELAY_LOOP]))
    cap = topo.capture("rs1", "eth0")
    lb = topo.start_daemon("lb", "vigild", conf)

    # Up from the start (no alpha), and checked: connections reach rs1.
    vt.wait_until(lambda: len(ct.syns(cap, rs1, 8080)) >= 2, 5, "two checks of rs1")
    vt.check(ct.rs_state(lb, "%s:8080" % rs1) is None,
             "rs1 changed state while its server was up: %s" % ct.rs_events(lb))

    # Blackholed: down after connect_timeout x (retry + 1).
    ct.wait_rs(lb, "%s:8081" % rs2, "down", 3 * (DELAY_LOOP + CONNECT_TIMEOUT) + 3)
    vt.check("timed out" in lb.text() or "timeout" in lb.text(),
             "the log says the blackholed check timed out")

    stopped = s1.stop()
    down_at = ct.wait_rs(lb, "%s:8080" % rs1, "down",
                         DELAY_LOOP + RETRY * (DELAY_BEFORE_RETRY + 0.2) + 3)
    elapsed = down_at - stopped
    failed = ct.syns(cap, rs1, 8080, since=stopped)
    vt.say("rs1 down %.2fs after its server stopped; %d SYN(s) since: %s"
           % (elapsed, len(failed), ["%.2f" % (x - stopped) for x in failed]))
    vt.check(len(failed) == RETRY + 1,
             "%d failed attempts before down, want retry + 1 = %d" % (len(failed), RETRY + 1))
    gaps = [b - a for a, b in zip(failed, failed[1:])]
    vt.check(all(DELAY_BEFORE_RETRY - 0.05 <= g <= DELAY_BEFORE_RETRY + 0.3 for g in gaps),
             "retries %s apart, want delay_before_retry %.1fs" % (gaps, DELAY_BEFORE_RETRY))
    vt.check(elapsed <= DELAY_LOOP + RETRY * DELAY_BEFORE_RETRY + 0.5,
             "down after %.2fs, want at most delay_loop + retry x delay_before_retry" % elapsed)
    vt.check("connection refused" in lb.text(), "the log says why rs1 is down")

    # Back: up at the next check.
    s1.start()
    ct.wait_rs(lb, "%s:8080" % rs1, "up", DELAY_LOOP + 2)
    vt.check(ct.rs_events(lb, "%s:8080" % rs2) == [],
             "rs2 never changed state: %s" % ct.rs_events(lb, "%s:8080" % rs2))
    ct.stop(lb)


vt.run(test)
