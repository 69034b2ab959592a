#!/usr/bin/python3
"""check_notify: notify_up/notify_down scripts and keepalived's FIFO lines.

One virtual server (with omega) and two real servers with notify_up and
notify_down scripts; notify_fifo and lvs_notify_fifo are two FIFOs. A
real server going down runs its notify_down with exactly its configured
arguments and writes `RS [192.0.2.2]:tcp:8080 [192.0.2.100]:tcp:80 DOWN`
to both FIFOs; back up, notify_up and `... UP`. With omega, SIGTERM
reports the live real server down (script and line) and then the
virtual server: `VS [192.0.2.100]:tcp:80 DOWN`.
"""
import os

import checktest as ct
import vigiltest as vt


def test(t):
    topo = t.topology(["lb", "rs1", "rs2"], ipv6=False)
    rs1, rs2 = topo.addr4("rs1"), topo.addr4("rs2")
    s1 = ct.TcpServer(topo, "rs1", rs1, 8080)
    ct.TcpServer(topo, "rs2", rs2, 8080)
    script = ct.write_script(os.path.join(topo.workdir, "record.sh"))
    log = os.path.join(topo.workdir, "notify.log")
    main_fifo = ct.Fifo(os.path.join(topo.workdir, "notify.fifo"))
    lvs_fifo = ct.Fifo(os.path.join(topo.workdir, "lvs.fifo"))

    def rs_body(name):
        return ct.tcp_check(connect_timeout=0.5, retry=0) + [
            'notify_up "%s %s up %s"' % (script, log, name),
            'notify_down "%s %s down %s"' % (script, log, name)]

    conf = ct.config(
        ct.virtual_server("192.0.2.100", 80,
                          [(rs1, 8080, rs_body("rs1")), (rs2, 8080, rs_body("rs2"))],
                          extra=["delay_loop 1", "omega",
                                 'quorum_down "%s %s quorum_down"' % (script, log)]),
        global_lines=("lb_backend none", "notify_fifo %s" % main_fifo.path,
                      "lvs_notify_fifo %s" % lvs_fifo.path))
    lb = topo.start_daemon("lb", "vigild", conf)
    main_fifo.open()
    lvs_fifo.open()
    rs1_line = "RS [%s]:tcp:8080 [192.0.2.100]:tcp:80" % rs1
    rs2_line = "RS [%s]:tcp:8080 [192.0.2.100]:tcp:80" % rs2

    s1.stop()
    ct.wait_script(log, ["down", "rs1"], 5)
    for fifo in (main_fifo, lvs_fifo):
        fifo.wait_line(rs1_line + " DOWN", 3)
    s1.start()
    ct.wait_script(log, ["up", "rs1"], 5)
    for fifo in (main_fifo, lvs_fifo):
        fifo.wait_line(rs1_line + " UP", 3)
    vt.check(ct.script_runs(log) == [["down", "rs1"], ["up", "rs1"]],
             "one script per transition: %r" % ct.script_runs(log))

    ct.stop(lb)
    want_stop = [rs1_line + " DOWN", rs2_line + " DOWN", "VS [192.0.2.100]:tcp:80 DOWN"]
    for fifo in (main_fifo, lvs_fifo):
        lines = fifo.read()
        vt.check(lines[-3:] == want_stop,
                 "%s ends with omega's lines %r, has %r"
                 % (os.path.basename(fifo.path), want_stop, lines))
        vt.check(all(line.startswith(("RS ", "VS ")) for line in lines),
                 "only checker lines in %s: %r" % (fifo.path, lines))
    runs = ct.script_runs(log)
    vt.check(sorted(map(tuple, runs[2:])) == sorted([("down", "rs1"), ("down", "rs2"),
                                                      ("quorum_down",)]),
             "omega ran notify_down for both and quorum_down at stop: %r" % runs)
    for fifo in (main_fifo, lvs_fifo):
        fifo.close()


vt.run(test)
