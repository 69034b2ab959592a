#!/usr/bin/python3
"""The nftables backend with real traffic, driven without the daemon:
weights (wrr exactly, wlc within tolerance), weight 0 keeps an open
connection but takes no new ones, persistence, removal, flush, and a
restart after a crash deleting the table left behind."""

import os
import time

import vigiltest as vt
import lbtest as lb

N = 200


def test(t):
    t.require("nft")
    t.require("curl")
    topo, servers = lb.build(t, tag="lbnftb")
    run = os.path.join(topo.workdir, "run")
    os.makedirs(run)
    drive = lb.Drive(topo, run)
    vt.check(drive.ready == "ready nftables", "backend: %s" % drive.ready)
    vt.check(lb.nft_table(topo) is None, "no table before the first service")

    rs = lb.SERVERS
    # wrr 3:1 with rs3 at weight 0: numgen inc, so exactly 3:1
    drive.do("set web tcp %s 80 wrr 0 %s,80,3 %s,80,1 %s,80,0"
             % (lb.VIP, rs["rs1"], rs["rs2"], rs["rs3"]))
    counts = lb.fetch_many(topo, N)
    vt.say("wrr 3:1:0 over %d requests: %s" % (N, dict(counts)))
    vt.check(counts["rs1"] == 150 and counts["rs2"] == 50 and sum(counts.values()) == N,
             "wrr 3:1:0 gave %s" % dict(counts))

    # IPv6: a second service, its own rules beside the IPv4 one
    rs6 = lb.SERVERS6
    drive.do("set web6 tcp %s 80 wrr 0 %s,80,1 %s,80,1 %s,80,2"
             % (lb.VIP6, rs6["rs1"], rs6["rs2"], rs6["rs3"]))
    first = lb.fetch(topo, "client", lb.VIP6)
    vt.check(first in rs6, "IPv6 VIP answered %r" % first)
    counts = lb.fetch_many(topo, 80, lb.VIP6)
    vt.say("IPv6 wrr 1:1:2 over 80 requests: %s" % dict(counts))
    vt.check(counts["rs1"] == 20 and counts["rs2"] == 20 and counts["rs3"] == 40,
             "IPv6 wrr 1:1:2 gave %s" % dict(counts))
    drive.do("remove web6")

    # wlc: weighted random, 3:1 within tolerance (0.75 +- 0.12: > 4 sigma)
    drive.do("set web tcp %s 80 wlc 0 %s,80,3 %s,80,1 %s,80,0"
             % (lb.VIP, rs["rs1"], rs["rs2"], rs["rs3"]))
    counts = lb.fetch_many(topo, N)
    vt.say("wlc 3:1:0 over %d requests: %s" % (N, dict(counts)))
    vt.check(counts["rs1"] + counts["rs2"] == N and counts["rs3"] == 0,
             "only rs1 and rs2 answer: %s" % dict(counts))
    vt.check(0.63 <= lb.share(counts, "rs1", N) <= 0.87,
             "rs1 got %.2f of the connections, want about 0.75" % lb.share(counts, "rs1", N))

    # a connection open to rs2 survives rs2 going to weight 0; new ones avoid it
    pinned = lb.pin_connection(topo, "rs2")
    drive.do("set web tcp %s 80 wlc 0 %s,80,3 %s,80,0 %s,80,1"
             % (lb.VIP, rs["rs1"], rs["rs2"], rs["rs3"]))
    counts = lb.fetch_many(topo, 60)
    vt.say("wlc 3:0:1 over 60 requests: %s" % dict(counts))
    vt.check(counts["rs2"] == 0 and counts["rs1"] + counts["rs3"] == 60,
             "rs2 at weight 0 got new connections: %s" % dict(counts))
    answer = lb.ask_again(pinned)
    vt.check(answer == "rs2", "the open connection to rs2 was answered by %r" % answer)
    vt.say("the connection opened before the change is still served by rs2")

    # persistence: one client always lands on the same server
    drive.do("set web tcp %s 80 wlc 120 %s,80,1 %s,80,1 %s,80,1"
             % (lb.VIP, rs["rs1"], rs["rs2"], rs["rs3"]))
    counts = lb.fetch_many(topo, 40)
    vt.say("persistence_timeout 120 over 40 requests: %s" % dict(counts))
    vt.check(len(counts) == 1 and "" not in counts,
             "one client reached %s despite persistence" % dict(counts))
    # its server goes away: the client is rescheduled to a live one
    gone = next(iter(counts))
    live = ["%s,80,1" % rs[h] for h in sorted(rs) if h != gone]
    drive.do("set web tcp %s 80 wlc 120 %s" % (lb.VIP, " ".join(live)))
    counts = lb.fetch_many(topo, 20)
    vt.say("after %s was removed: %s" % (gone, dict(counts)))
    vt.check(gone not in counts and len(counts) == 1 and "" not in counts,
             "after removing %s: %s" % (gone, dict(counts)))

    # removing the service: the VIP no longer reaches any real server
    drive.do("remove web")
    counts = lb.fetch_many(topo, 5)
    vt.check(not any(h in counts for h in rs), "after remove: %s" % dict(counts))
    table = lb.nft_table(topo)
    vt.check(table is not None and "dnat" not in table, "after remove:\n%s" % table)

    # flush deletes the table and its record
    drive.do("set web tcp %s 80 rr 0 %s,80,1" % (lb.VIP, rs["rs1"]))
    vt.check(lb.fetch(topo, "client", lb.VIP) == "rs1", "rr to rs1 alone")
    vt.check(os.path.exists(os.path.join(run, "nftables-lb")), "table recorded")
    drive.do("flush")
    vt.check(lb.nft_table(topo) is None, "the table is gone after flush")
    vt.check(not os.path.exists(os.path.join(run, "nftables-lb")), "record gone")

    # a "crash" (no flush) leaves the table; the next start deletes it
    drive.do("set web tcp %s 80 rr 0 %s,80,1" % (lb.VIP, rs["rs2"]))
    drive.end()
    vt.check(lb.nft_table(topo) is not None, "the table outlives the crashed process")
    vt.check(lb.fetch(topo, "client", lb.VIP) == "rs2", "still balanced after the crash")
    again = lb.Drive(topo, run)
    vt.check(again.ready == "ready nftables", "backend: %s" % again.ready)
    vt.check(lb.nft_table(topo) is None, "the next start deleted the stale table")
    again.end()
    vt.say("a restart after a crash deletes the table left behind")


vt.run(test)
