#!/usr/bin/python3
"""check_quorum: quorum lost puts the sorry server in, quorum back takes it out.

A virtual server with two real servers of weight 1, quorum 2, and a
sorry server. Stopping rs1's TCP server loses the quorum: vigild says
the sorry server takes the traffic, runs quorum_down with exactly its
configured arguments (keepalived adds none) and writes keepalived's
`VS [192.0.2.100]:tcp:80 DOWN` to the notify FIFO after the RS line.
Starting it again gains the quorum back: quorum_up, `VS ... UP`.
"""
import os

import checktest as ct
import vigiltest as vt


def test(t):
    topo = t.topology(["lb", "rs1", "rs2", "sorry"], ipv6=False)
    rs1, rs2, sorry = topo.addr4("rs1"), topo.addr4("rs2"), topo.addr4("sorry")
    s1 = ct.TcpServer(topo, "rs1", rs1, 8080)
    ct.TcpServer(topo, "rs2", rs2, 8080)
    script = ct.write_script(os.path.join(topo.workdir, "record.sh"))
    log = os.path.join(topo.workdir, "quorum.log")
    fifo_path = os.path.join(topo.workdir, "notify.fifo")
    check = ct.tcp_check(connect_timeout=0.5, retry=0, delay_before_retry=0.5)
    conf = ct.config(
        ct.virtual_server("192.0.2.100", 80, [(rs1, 8080, check), (rs2, 8080, check)],
                          extra=["delay_loop 1", "quorum 2",
                                 "sorry_server %s 8080" % sorry,
                                 'quorum_up "%s %s quorum_up web 1"' % (script, log),
                                 'quorum_down "%s %s quorum_down web 0"' % (script, log)]),
        global_lines=("lb_backend none", "notify_fifo %s" % fifo_path))
    lb = topo.start_daemon("lb", "vigild", conf)
    fifo = ct.Fifo(fifo_path)
    fifo.open()
    vt.wait_until(lambda: "started with 2 real server(s), quorum 2" in lb.text(), 5,
                  "the virtual server to start")
    vt.check(ct.script_runs(log) == [], "no quorum script at a start with quorum up")

    s1.stop()
    ct.wait_rs(lb, "%s:8080" % rs1, "down", 5)
    ct.wait_script(log, ["quorum_down", "web", "0"], 5)
    vt.check("quorum lost: live weight 1 < 2 (quorum 2 - hysteresis 0)" in lb.text(),
             "the log says why the quorum was lost")
    vt.check("sorry server %s:8080 takes the traffic" % sorry in lb.text(),
             "the log says the sorry server is in use")
    fifo.wait_line("VS [192.0.2.100]:tcp:80 DOWN", 3)
    lines = fifo.read()
    vt.check(lines.index("RS [%s]:tcp:8080 [192.0.2.100]:tcp:80 DOWN" % rs1)
             < lines.index("VS [192.0.2.100]:tcp:80 DOWN"),
             "the RS line comes before the VS line: %r" % lines)

    s1.start()
    ct.wait_rs(lb, "%s:8080" % rs1, "up", 5)
    ct.wait_script(log, ["quorum_up", "web", "1"], 5)
    fifo.wait_line("VS [192.0.2.100]:tcp:80 UP", 3)
    vt.check("quorum gained: live weight 2 >= 2" in lb.text(), "the log says quorum is back")
    vt.check("sorry server %s:8080 removed" % sorry in lb.text(),
             "the log says the sorry server left the pool")
    vt.check(ct.script_runs(log) == [["quorum_down", "web", "0"], ["quorum_up", "web", "1"]],
             "quorum scripts ran once each, in order: %r" % ct.script_runs(log))
    ct.stop(lb)
    fifo.close()


vt.run(test)
