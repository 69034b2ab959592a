#!/usr/bin/python3
"""A reload of a 1,000-instance config with one instance changed.

r1 alone runs 1,000 VRRPv3 instances over IPv4, 250 on each of eth0..eth3
(VRIDs 1..250 on each link; eth1..eth3 are veths whose other ends sit up in
the switch namespace, as in bench/scale), each with one VIP
198.51.100.(VRID)/32 and `state MASTER`: all become master with no peer.
Then one instance's priority changes and vigild gets SIGHUP. Asserted from
the log and the kernel, never from timing (bench/reload measures that):

- the reload's summary says 999 unchanged, 1 restarted, 0 added, 0 removed;
- after it, only the changed instance logs state changes, and it is
  MASTER again; vigild keeps running;
- every one of the 1,000 VIPs is on its link after the reload, and every
  link still carries adverts;
- SIGTERM stops vigild cleanly and removes every VIP.
"""
import signal

import vigiltest as vt

LINKS = 4
PER_LINK = 250
ADV = 1
CHANGED = "VI_2_100"


def name(link, vrid):
    return "VI_%d_%03d" % (link, vrid)


def vip(vrid):
    return "198.51.100.%d" % vrid


def config(changed_prio=None):
    blocks = ["global_defs {\n    vrrp_garp_master_delay 0\n"
              "    vrrp_garp_master_repeat 1\n}\n"]
    for link in range(LINKS):
        for vrid in range(1, PER_LINK + 1):
            n = name(link, vrid)
            prio = changed_prio if (n == CHANGED and changed_prio) else 200
            blocks.append(vt.instance(name=n, interface="eth%d" % link, vrid=vrid,
                                      priority=prio, advert_int=ADV, version=3,
                                      state="MASTER", vips=(vip(vrid) + "/32",)))
    return "".join(blocks)


def add_links(topo):
    for link in range(1, LINKS):
        peer = "q%d-%s" % (link, "r1")
        topo.ip("switch", "link", "add", peer, "type", "veth", "peer",
                "name", "eth%d" % link, "netns", topo.ns("r1"))
        topo.ip("switch", "link", "set", peer, "up")
        topo.ip("r1", "addr", "add", "192.0.2.%d/24" % (10 * link + 1),
                "dev", "eth%d" % link, "noprefixroute")
        topo.ip("r1", "link", "set", "eth%d" % link, "up")


def missing_vips(topo):
    missing = []
    for link in range(LINKS):
        have = set(topo.addresses("r1", "eth%d" % link))
        missing += ["%s on eth%d" % (vip(v), link) for v in range(1, PER_LINK + 1)
                    if vip(v) + "/32" not in have]
    return missing


def tx_packets(topo):
    out = []
    for link in range(LINKS):
        r = topo.exec("r1", "cat", "/sys/class/net/eth%d/statistics/tx_packets" % link)
        out.append(int(r.stdout.strip()))
    return out


def states(d):
    """{instance: [states entered]} from the daemon's log (this run)."""
    out = {}
    for line in d.text().splitlines():
        m = vt._VIGILD_STATE.search(line)
        if m:
            out.setdefault(m.group("inst"), []).append(m.group("new").upper())
    return out


def test(t):
    if vt.default_daemon() != "vigild":
        raise vt.TestSkip("vigild's reload summary is what is checked")
    topo = t.topology(["r1"], ipv6=False)
    add_links(topo)
    r1 = topo.start_router("r1", config())
    names = [name(l, v) for l in range(LINKS) for v in range(1, PER_LINK + 1)]

    def all_master():
        if not r1.running():
            raise vt.TestFailure("vigild exited:\n%s" % r1.text()[-2000:])
        st = states(r1)
        return sum(1 for n in names if st.get(n, [None])[-1] == "MASTER") == len(names)
    vt.wait_until(all_master, 60, "all 1,000 instances MASTER", interval=0.5)
    vt.wait_until(lambda: not missing_vips(topo), 20,
                  lambda: "every VIP on r1 (missing %s)" % missing_vips(topo)[:5],
                  interval=0.5)
    vt.say("1,000 instances master, 1,000 VIPs present")

    before = states(r1)
    with open(r1.conf, "w") as f:
        f.write(config(changed_prio=199))
    r1.signal(signal.SIGHUP)
    vt.wait_until(lambda: "reloaded:" in r1.text(), 30, "the reload to be applied",
                  interval=0.2)
    summary = [l for l in r1.text().splitlines() if "reloaded:" in l][-1]
    vt.say(summary.split("reloaded:")[1].strip())
    vt.check("999 instance(s) unchanged, 1 restarted, 0 added, 0 removed" in summary,
             "reload summary: %s" % summary)

    vt.wait_until(lambda: states(r1).get(CHANGED, [None])[-1] == "MASTER", 20,
                  "%s MASTER again after its restart" % CHANGED, interval=0.2)
    vt.check(r1.running(), "vigild exited after the reload")
    after = states(r1)
    moved = sorted(n for n in names if after.get(n) != before.get(n) and n != CHANGED)
    vt.check(not moved, "unchanged instances changed state on reload: %s" % moved[:10])
    vt.check(len(after[CHANGED]) > len(before[CHANGED]),
             "%s was not restarted: %s" % (CHANGED, after[CHANGED]))
    vt.check(not missing_vips(topo), "VIPs missing after the reload: %s"
             % missing_vips(topo)[:10])

    # Still serving: every link carries at least one advert per instance.
    start = tx_packets(topo)
    vt.wait_until(lambda: all(b - a >= PER_LINK for a, b in zip(start, tx_packets(topo))),
                  15, lambda: "adverts on every link (sent %s)"
                  % [b - a for a, b in zip(start, tx_packets(topo))], interval=0.5)
    vt.check(not missing_vips(topo), "VIPs missing: %s" % missing_vips(topo)[:10])

    rc = r1.stop(timeout=60)
    vt.check(rc == 0, "vigild exited with %d" % rc)
    left = [link for link in range(LINKS)
            if any(a.startswith("198.51.100.") for a in topo.addresses("r1", "eth%d" % link))]
    vt.check(not left, "VIPs left behind on eth%s" % left)


vt.run(test)
