#!/usr/bin/python3
"""use_vmac: the VIP lives on a macvlan with the VRRP virtual MAC.

r1 (priority 200) and r2 (100) run VI_4 (VRID 51, 192.0.2.100, use_vmac)
and VI_6 (VRID 52, 2001:db8::100, use_vmac with the default name
replaced: vmac6). Checked like a user would:

- each router has vrrp.51 (MAC 00:00:5e:00:01:33) and vmac6
  (00:00:5e:00:02:34) on eth0, macvlan mode private;
- the master's VIPs are on those, not on eth0; its adverts carry the
  virtual MAC as source; the base eth0 has arp_ignore=1 and arp_filter=1;
- a client pings the VIPs and its neighbour table resolves them to the
  virtual MACs;
- a vmac deleted behind vigild's back is made again;
- r1 stops: r2's vmacs take the VIPs, the client still reaches them at the
  same MACs (after forgetting its neighbours, ARP and ND find them
  again), and r1's vmacs are gone, its eth0's ARP settings restored;
- r2 stops: no vmac, no VIP anywhere.
"""
import json

import vigiltest as vt

ADV = 0.2
MAC4 = "00:00:5e:00:01:33"
MAC6 = "00:00:5e:00:02:34"


def conf(prio):
    return vt.config(
        vt.instance("VI_4", vrid=51, priority=prio, advert_int=ADV, extra=("use_vmac",)),
        vt.instance("VI_6", vrid=52, priority=prio, advert_int=ADV,
                    vips=(vt.VIP6 + "/64",), extra=("use_vmac vmac6",)))


def link(topo, host, name):
    res = topo.ip(host, "-j", "-d", "link", "show", name, check_rc=False)
    if res.returncode != 0 or not res.stdout.strip():
        return None
    return json.loads(res.stdout)[0]


def sysctl(topo, host, name):
    return topo.exec(host, "cat", "/proc/sys/net/ipv4/conf/eth0/" + name).stdout.strip()


def check_vmacs(topo, host):
    for name, mac in (("vrrp.51", MAC4), ("vmac6", MAC6)):
        info = vt.wait_until(lambda: link(topo, host, name), 3, "%s on %s" % (name, host))
        kind = info.get("linkinfo", {})
        vt.check(info.get("address") == mac, "%s on %s has MAC %s, want %s"
                 % (name, host, info.get("address"), mac))
        vt.check(kind.get("info_kind") == "macvlan"
                 and kind.get("info_data", {}).get("mode") == "private",
                 "%s on %s is %s, want a private macvlan" % (name, host, kind))
        vt.check(info.get("link") == "eth0", "%s on %s sits on %s" % (name, host, info.get("link")))
        vt.check("UP" in info.get("flags", []), "%s on %s is not up" % (name, host))
    vt.check(sysctl(topo, host, "arp_ignore") == "1" and sysctl(topo, host, "arp_filter") == "1",
             "eth0 on %s: arp_ignore/arp_filter not set" % host)


def check_holder(topo, holder, others):
    for vip, dev in ((vt.VIP4, "vrrp.51"), (vt.VIP6, "vmac6")):
        vt.wait_until(lambda: topo.has(holder, vip, iface=dev), 3,
                      "%s on %s of %s" % (vip, dev, holder))
        vt.check(not topo.has(holder, vip), "%s is on eth0 of %s too" % (vip, holder))
        for o in others:
            vt.check(not topo.has(o, vip, iface=dev), "%s is also on %s of %s" % (vip, dev, o))
    vt.say("%s holds the VIPs on its vmacs" % holder)


# arping: one ARP request from the client, and the sender MAC of every
# reply within half a second (an answer from a base interface would show).
ARPING = r"""
import socket, struct, sys, time
ifname, src, target = sys.argv[1:4]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))
s.bind((ifname, 0))
mac = s.getsockname()[4]
tgt = socket.inet_aton(target)
s.send(b"\xff" * 6 + mac + struct.pack("!HHHBBH", 0x0806, 1, 0x0800, 6, 4, 1)
       + mac + socket.inet_aton(src) + b"\x00" * 6 + tgt)
s.settimeout(0.1)
seen, deadline = set(), time.time() + 0.5
while time.time() < deadline:
    try:
        d = s.recv(128)
    except socket.timeout:
        continue
    if len(d) >= 42 and d[12:14] == b"\x08\x06" and d[20:22] == b"\x00\x02" and d[28:32] == tgt:
        seen.add(":".join("%02x" % b for b in d[22:28]))
print(" ".join(sorted(seen)))
"""


def arping(topo, vip):
    res = topo.exec("client", "python3", "-c", ARPING, "eth0", topo.addr4("client"), vip)
    return res.stdout.split()


def check_client(topo):
    vt.wait_until(lambda: arping(topo, vt.VIP4) == [MAC4], 3,
                  lambda: "ARP for %s from the client answered by %s only (answered by %s)"
                  % (vt.VIP4, MAC4, arping(topo, vt.VIP4)))
    vt.say("client: ARP for %s answered by %s alone" % (vt.VIP4, MAC4))
    for vip in (vt.VIP4, vt.VIP6):
        vt.wait_until(lambda: topo.ping("client", vip), 5, "client to reach %s" % vip)
    n = topo.neighbour("client", vt.VIP6)
    vt.check(n and n[0] == MAC6, "client resolves %s to %s, want %s" % (vt.VIP6, n, MAC6))
    vt.say("client: %s is at %s" % (vt.VIP6, n[0]))


def test(t):
    topo = t.topology(["r1", "r2", "client"])
    cap = topo.capture()
    before = {h: (sysctl(topo, h, "arp_ignore"), sysctl(topo, h, "arp_filter"))
              for h in ("r1", "r2")}
    r1 = topo.start_router("r1", conf(200))
    r2 = topo.start_router("r2", conf(100))
    for inst in ("VI_4", "VI_6"):
        r1.wait_state("MASTER", 5, inst)
        r2.wait_state("BACKUP", 5, inst)
    for h in ("r1", "r2"):
        check_vmacs(topo, h)
    check_holder(topo, "r1", ["r2"])

    vt.say("someone deletes r2's vrrp.51: vigild makes it again")
    topo.ip("r2", "link", "del", "vrrp.51")
    check_vmacs(topo, "r2")
    vt.check(r2.state("VI_4") == "BACKUP", "r2's VI_4 left BACKUP: %s" % r2.transitions("VI_4"))

    since = vt.time.time()
    vt.time.sleep(3 * ADV + 0.05)
    for vrid, mac in ((51, MAC4), (52, MAC6)):
        ads = [a for a in cap.adverts(vrid=vrid, since=since) if a.prio > 0]
        vt.check(ads and {a.mac for a in ads} == {mac},
                 "VRID %d adverts came from MACs %s, want %s"
                 % (vrid, sorted({a.mac for a in ads}), mac))
        vt.check({a.prio for a in ads} == {200}, "VRID %d adverts from a backup too" % vrid)
    vt.say("r1's adverts carry the virtual MACs")
    check_client(topo)

    vt.say("r1 stops; r2 takes over on its vmacs")
    vt.check(r1.stop() == 0, "r1 did not exit cleanly")
    for inst in ("VI_4", "VI_6"):
        r2.wait_state("MASTER", 3, inst)
    check_holder(topo, "r2", ["r1"])
    for name in ("vrrp.51", "vmac6"):
        vt.check(link(topo, "r1", name) is None, "%s left on r1 after stop" % name)
    vt.check((sysctl(topo, "r1", "arp_ignore"), sysctl(topo, "r1", "arp_filter")) == before["r1"],
             "r1's eth0 ARP settings not restored")
    check_client(topo)
    topo.ip("client", "neigh", "flush", "dev", "eth0")
    check_client(topo)

    vt.check(r2.stop() == 0, "r2 did not exit cleanly")
    for h in ("r1", "r2"):
        for name in ("vrrp.51", "vmac6"):
            vt.check(link(topo, h, name) is None, "%s left on %s" % (name, h))
        vt.check((sysctl(topo, h, "arp_ignore"), sysctl(topo, h, "arp_filter")) == before[h],
                 "%s's eth0 ARP settings not restored" % h)


vt.run(test)
