#!/usr/bin/python3
"""A master hearing a lower-priority master: keepalived's answers.

r1 (priority 200) and r2 (priority 100); the bridge stops forwarding
r1's frames, so r2 becomes master too; then it forwards again, and r1,
master all along, hears r2's adverts of lower priority. keepalived's
semantics, checked on the wire and in r1's notifications:

- r1 runs notify_master_rx_lower_pri as configured (no arguments added)
  and writes `INSTANCE "VI_1" MASTER_RX_LOWER_PRI 200` to its notify FIFO,
  and logs the peer's and its own priority;
- it sends garp_lower_prio_repeat gratuitous ARPs at once and as many
  again garp_lower_prio_delay later;
- by default it answers the lower advert at once with an advert of its
  own, off its rhythm; with lower_prio_no_advert it does not, its adverts
  keep their rhythm, and r2 steps back on r1's next regular advert;
- r2 has higher_prio_send_advert: on r1's advert it sends one last
  advert of its own before going backup, so its last advert follows one
  of r1's by a few milliseconds.
"""
import os

import vigiltest as vt

ADV = 0.5
GARP_REPEAT = 2
GARP_DELAY = 1
SCRIPT = """#!/bin/sh
# rx.sh LOG: records the arguments the daemon added (keepalived adds none)
log=$1; shift
echo "rx_lower_pri args=[$*]" >> "$log"
"""


def garps(cap, mac, since):
    out = []
    for ts, frame in cap.frames():
        if ts < since or len(frame) < 42 or frame[12:14] != b"\x08\x06":
            continue
        if vt._mac(frame[6:12]) != mac:
            continue
        if frame[28:32] == frame[38:42]:
            out.append(ts)
    return out


def read_lines(path):
    try:
        with open(path) as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return []


def run_case(t, tag, no_advert):
    topo = t.topology(["r1", "r2"], tag="lowprio" + tag)
    cap = topo.capture()
    d = topo.workdir
    script, log = os.path.join(d, "rx.sh"), os.path.join(d, "rx.log")
    fifo = os.path.join(d, "r1.fifo")
    with open(script, "w") as f:
        f.write(SCRIPT)
    os.chmod(script, 0o755)
    extra1 = ['notify_master_rx_lower_pri "%s %s"' % (script, log),
              "garp_master_delay 0",
              "garp_lower_prio_repeat %d" % GARP_REPEAT,
              "garp_lower_prio_delay %d" % GARP_DELAY]
    if no_advert:
        extra1.append("lower_prio_no_advert")
    c1 = ("global_defs {\n    notify_fifo %s\n}\n" % fifo
          + vt.instance(priority=200, advert_int=ADV, extra=extra1))
    c2 = vt.config(vt.instance(priority=100, advert_int=ADV,
                               extra=["higher_prio_send_advert"]))
    r1 = topo.start_router("r1", c1)
    vt.wait_until(lambda: os.path.exists(fifo), 5, "r1's FIFO to be created")
    rd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    r1.wait_state("MASTER", 5)
    r2 = topo.start_router("r2", c2)
    r2.wait_state("BACKUP", 5)
    vt.check(read_lines(log) == [], "%s: rx_lower_pri ran before any split: %r"
             % (tag, read_lines(log)))

    topo.isolate("r1")
    r2.wait_state("MASTER", 4 * ADV + 2)
    vt.holds_for(lambda: r1.state() == "MASTER", 2 * ADV, "r1 master while isolated")
    healed = vt.time.time()
    topo.rejoin("r1")
    r2.wait_state("BACKUP", 4 * ADV + 2)
    vt.check(r1.state() == "MASTER", "%s: r1 left MASTER: %s" % (tag, r1.transitions()))

    # Notifications: the script with no arguments added, the FIFO line.
    vt.wait_until(lambda: len(read_lines(log)) >= 1, 3, "%s: notify_master_rx_lower_pri" % tag)
    vt.check(all(line == "rx_lower_pri args=[]" for line in read_lines(log)),
             "%s: notify_master_rx_lower_pri got %r" % (tag, read_lines(log)))
    fifo_lines = []

    def fifo_has_line():
        try:
            chunk = os.read(rd, 65536)
        except BlockingIOError:
            chunk = b""
        fifo_lines.extend(chunk.decode().splitlines())
        return 'INSTANCE "VI_1" MASTER_RX_LOWER_PRI 200' in fifo_lines
    vt.wait_until(fifo_has_line, 3, lambda: "%s: FIFO lines %r" % (tag, fifo_lines))
    os.close(rd)
    want = "lower priority 100, ours 200" + ("" if no_advert else ", forcing new election")
    vt.check(want in r1.text(), "%s: r1's log does not say %r" % (tag, want))

    # Gratuitous ARPs: a round at once, another garp_lower_prio_delay later.
    vt.time.sleep(GARP_DELAY + 0.5)
    sent = garps(cap, topo.mac("r1"), healed)
    vt.say("%s: r1's GARPs after the heal at +%s s" % (tag, ["%.3f" % (s - healed) for s in sent]))
    vt.check(len(sent) >= 2 * GARP_REPEAT, "%s: %d GARPs from r1, want >= %d"
             % (tag, len(sent), 2 * GARP_REPEAT))
    vt.check(sent[-1] - sent[0] >= GARP_DELAY * 0.9,
             "%s: GARPs span %.3f s, want a second round %d s later"
             % (tag, sent[-1] - sent[0], GARP_DELAY))

    # Adverts around the heal.
    ads = [a for a in cap.adverts(vrid=51) if a.time >= healed and a.prio > 0]
    r1_ads = [a.time for a in ads if a.mac == topo.mac("r1")]
    r2_ads = [a.time for a in ads if a.mac == topo.mac("r2")]
    vt.check(r2_ads, "%s: no advert from r2 after the heal" % tag)
    gaps = [b - a for a, b in zip(r1_ads, r1_ads[1:])]
    vt.say("%s: r1's advert gaps %s" % (tag, ["%.3f" % g for g in gaps]))
    if no_advert:
        vt.check(all(g > 0.8 * ADV for g in gaps),
                 "%s: r1 answered off its rhythm (gaps %s)" % (tag, gaps))
    else:
        vt.check(any(g < 0.8 * ADV for g in gaps),
                 "%s: r1 never answered r2's lower advert at once (gaps %s)" % (tag, gaps))
    last = r2_ads[-1]
    before = [x for x in r1_ads if x <= last]
    vt.check(before and last - before[-1] < 0.05,
             "%s: r2's last advert (%.3f) does not answer an advert of r1 (%s)"
             % (tag, last - healed, ["%.3f" % (x - healed) for x in r1_ads]))
    r2.stop()
    r1.stop()


def test(t):
    run_case(t, "answer", False)
    run_case(t, "noadv", True)


vt.run(test)
