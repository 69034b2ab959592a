#!/usr/bin/python3
"""garp_master_refresh and vrrp_gna_interval.

r1, master alone of an instance with an IPv4 and an IPv6 VIP:
- garp_master_refresh 1 with garp_master_refresh_repeat 2: after the
  takeover burst, every second another round of two gratuitous ARPs;
- vrrp_gna_interval 0.1: the unsolicited neighbour advertisements for
  the IPv6 VIP leave at least 100 ms apart, while the gratuitous ARPs
  (vrrp_garp_interval 0) still leave in a burst: each family is paced
  on its own, as keepalived does.
"""
import vigiltest as vt

ADV = 0.2
VIP6 = "2001:db8::100"


def frames_from(cap, mac):
    for ts, frame in cap.frames():
        if len(frame) >= 14 and vt._mac(frame[6:12]) == mac:
            yield ts, frame


def garps(cap, mac):
    return [ts for ts, f in frames_from(cap, mac)
            if f[12:14] == b"\x08\x06" and len(f) >= 42 and f[28:32] == f[38:42]]


def unsolicited_nas(cap, mac):
    out = []
    for ts, f in frames_from(cap, mac):
        if f[12:14] == b"\x86\xdd" and len(f) >= 78 and f[20] == 58 and f[54] == 136:
            out.append(ts)
    return out


def test(t):
    topo = t.topology(["r1"])
    cap = topo.capture()
    conf = ("global_defs {\n    vrrp_gna_interval 0.1\n}\n"
            + vt.config(vt.instance(priority=200, advert_int=ADV, state="MASTER",
                                    vips=(vt.VIP4 + "/24",),
                                    extra=["garp_master_delay 0", "garp_master_repeat 1",
                                           "garp_master_refresh 1",
                                           "garp_master_refresh_repeat 2",
                                           "virtual_ipaddress_excluded {",
                                           "    %s/64" % VIP6, "}"])))
    r1 = topo.start_router("r1", conf)
    r1.wait_state("MASTER", 5)
    mac = topo.mac("r1")
    vt.time.sleep(3.6)
    g = garps(cap, mac)
    vt.say("GARPs at %s" % ["%.3f" % (x - g[0]) for x in g])
    # 1 at takeover, then rounds of 2 at ~1 s, ~2 s, ~3 s.
    vt.check(len(g) >= 1 + 2 * 3, "%d GARPs in 3.6 s, want >= 7" % len(g))
    rounds = [x - g[0] for x in g[1:]]
    vt.check(all(r >= 0.9 for r in rounds),
             "a refresh GARP came %.3f s after the takeover, before garp_master_refresh"
             % min(rounds))
    for k in (1, 2, 3):
        rnd = [r for r in rounds if k - 0.1 <= r < k + 0.5]
        vt.check(len(rnd) == 2, "refresh round %d: %d GARPs, want 2 (%s)" % (k, len(rnd), rounds))
        # vrrp_garp_interval is 0: a burst, not held back by the NA pacing.
        vt.check(rnd[-1] - rnd[0] < 0.05, "refresh round %d spread over %.3f s"
                 % (k, rnd[-1] - rnd[0]))
    na = unsolicited_nas(cap, mac)
    vt.check(len(na) >= 2, "%d unsolicited NAs, want the takeover and refresh ones" % len(na))
    gaps = [b - a for a, b in zip(na, na[1:])]
    vt.say("NA gaps %s" % ["%.3f" % x for x in gaps])
    vt.check(min(gaps) >= 0.09, "NAs %.3f s apart, want >= vrrp_gna_interval 0.1" % min(gaps))
    r1.stop()


vt.run(test)
