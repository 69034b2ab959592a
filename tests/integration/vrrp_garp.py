#!/usr/bin/python3
"""Gratuitous ARPs on takeover: right after the first advert, as many as
garp_master_repeat says, and paced by vrrp_garp_interval when it is set.
"""
import struct

import vigiltest as vt

ADV = 0.2
VIPS = (vt.VIP4 + "/24", "192.0.2.101/24")


def garps(cap, mac):
    """(time, target address) of each gratuitous ARP sent from mac."""
    out = []
    for ts, frame in cap.frames():
        if len(frame) < 42 or frame[12:14] != b"\x08\x06":
            continue
        if vt._mac(frame[6:12]) != mac:
            continue
        sender_ip = ".".join(str(b) for b in frame[28:32])
        target_ip = ".".join(str(b) for b in frame[38:42])
        if sender_ip == target_ip:
            out.append((ts, target_ip))
    return out


def first_master_advert(cap, mac):
    ads = cap.adverts(vrid=51)
    mine = [a for a in ads if a.mac == mac and a.prio > 0]
    vt.check(mine, "no advert from the master")
    return mine[0].time


def run_case(t, tag, global_defs, repeat, expect_gap):
    topo = t.topology(["r1"], tag="garp" + tag)
    cap = topo.capture()
    conf = ("global_defs {\n%s}\n" % global_defs) + vt.config(vt.instance(
        priority=200, advert_int=ADV, vips=VIPS,
        extra=["garp_master_repeat %d" % repeat, "garp_master_delay 0"]))
    r1 = topo.start_router("r1", conf)
    r1.wait_state("MASTER", 5)
    want = repeat * len(VIPS)
    vt.wait_until(lambda: len(garps(cap, topo.mac("r1"))) >= want, 5,
                  "%d gratuitous ARPs (%s)" % (want, tag))
    vt.holds_for(lambda: len(garps(cap, topo.mac("r1"))) == want, 0.5,
                 "no more than %d gratuitous ARPs (%s)" % (want, tag))
    sent = garps(cap, topo.mac("r1"))
    start = first_master_advert(cap, topo.mac("r1"))
    vt.check(sorted({ip for _, ip in sent}) == sorted(v.split("/")[0] for v in VIPS),
             "%s: GARPs for %s" % (tag, sorted({ip for _, ip in sent})))
    lag = sent[0][0] - start
    vt.say("%s: first GARP %.3f ms after the first advert" % (tag, lag * 1000))
    vt.check(0 <= lag < 0.05, "%s: first GARP %.1f ms after the first advert"
             % (tag, lag * 1000))
    gaps = [b[0] - a[0] for a, b in zip(sent, sent[1:])]
    if expect_gap is None:
        vt.check(sent[-1][0] - sent[0][0] < 0.05,
                 "%s: a burst should take under 50 ms, took %.1f ms"
                 % (tag, (sent[-1][0] - sent[0][0]) * 1000))
    else:
        vt.check(min(gaps) >= expect_gap * 0.9,
                 "%s: GARPs %.1f ms apart, want >= %.0f ms"
                 % (tag, min(gaps) * 1000, expect_gap * 1000))
    r1.stop()


def test(t):
    run_case(t, "burst", "", 3, None)
    run_case(t, "paced", "    vrrp_garp_interval 0.05\n", 2, 0.05)


vt.run(test)
