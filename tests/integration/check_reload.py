#!/usr/bin/python3
"""check_reload: a reload with one real server changed keeps every state.

Three real servers; rs3's server is stopped so it is down. The config is
then changed for rs2 only (its TCP_CHECK's connect_timeout) and vigild
gets SIGHUP. vigild says what it kept; rs1 and rs3 keep their state and
their checkers, rs2 is updated in place (its new checker starts afresh
but the server stays up), no notify script runs again and no FIFO line
is written; rs3 stays down (no up/down flap) while its server is still
stopped, and comes up when it returns.
"""
import os
import signal
import time

import checktest as ct
import vigiltest as vt


def test(t):
    topo = t.topology(["lb", "rs1", "rs2", "rs3"], ipv6=False)
    addrs = [topo.addr4(h) for h in ("rs1", "rs2", "rs3")]
    servers = [ct.TcpServer(topo, h, a, 8080) for h, a in zip(("rs1", "rs2", "rs3"), addrs)]
    script = ct.write_script(os.path.join(topo.workdir, "record.sh"))
    log = os.path.join(topo.workdir, "notify.log")
    fifo = ct.Fifo(os.path.join(topo.workdir, "notify.fifo"))

    def conf(rs2_timeout):
        rss = []
        for i, a in enumerate(addrs):
            timeout = rs2_timeout if i == 1 else 0.5
            rss.append((a, 8080, ct.tcp_check(connect_timeout=timeout, retry=0) + [
                'notify_up "%s %s up rs%d"' % (script, log, i + 1),
                'notify_down "%s %s down rs%d"' % (script, log, i + 1)]))
        return ct.config(ct.virtual_server("192.0.2.100", 80, rss, extra=["delay_loop 1"]),
                         global_lines=("lb_backend none", "notify_fifo %s" % fifo.path))

    lb = topo.start_daemon("lb", "vigild", conf(0.5))
    fifo.open()
    servers[2].stop()
    ct.wait_rs(lb, "%s:8080" % addrs[2], "down", 5)
    ct.wait_script(log, ["down", "rs3"], 5)
    fifo.wait_line("RS [%s]:tcp:8080 [192.0.2.100]:tcp:80 DOWN" % addrs[2], 3)
    runs_before = ct.script_runs(log)
    lines_before = list(fifo.read())
    events_before = ct.rs_events(lb)

    with open(lb.conf, "w") as f:
        f.write(conf(0.7))
    lb.signal(signal.SIGHUP)
    vt.wait_until(lambda: "reloaded: 1 virtual server(s) kept" in lb.text(), 5, "the reload")
    vt.check("1 virtual server(s) kept, 0 added, 0 removed; 2 real server(s) unchanged, "
             "1 updated, 0 added, 0 removed" in lb.text(),
             "vigild says it kept everything but rs2's block")
    vt.check("TCP_CHECK %s:8080 is new or changed; it starts afresh" % addrs[1] in lb.text(),
             "rs2's changed checker is rebuilt")
    time.sleep(2.5)      # two delay_loops: rs3 would flap if its state were lost
    vt.check(ct.rs_events(lb) == events_before,
             "no real server changed state across the reload: %r -> %r"
             % (events_before, ct.rs_events(lb)))
    vt.check(ct.script_runs(log) == runs_before,
             "no notify script ran again: %r" % ct.script_runs(log))
    vt.check(fifo.read() == lines_before, "no FIFO line was written: %r" % fifo.read())

    servers[2].start()
    ct.wait_rs(lb, "%s:8080" % addrs[2], "up", 5)
    ct.wait_script(log, ["up", "rs3"], 3)
    ct.stop(lb)
    fifo.close()


vt.run(test)
