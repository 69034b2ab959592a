#!/usr/bin/python3
"""Without accept mode, a master drops traffic to its VIPs; ARP/ND work.

r1 runs two VRRPv3 instances with `no_accept`: VI_4 (192.0.2.100) and
VI_6 (2001:db8::100). Once they are master, `nft list table inet vigil`
in r1's namespace shows both VIPs in its sets, and from the client:
ping and TCP to the VIPs fail, while ARP and ND still resolve them to
r1's MAC, and r1's own addresses answer as usual.

Reload with `accept`: the instances restart, the table goes (no
instance needs it), and ping and TCP to the VIPs work.

Reload with `vrrp_strict`, VRRPv2 for VI_4 and `nftables fw_strict`:
strict mode means no accept mode; the VIPs are in table inet fw_strict
and dropped again, and so is VI_6's link-local VIP fe80::100 (strict
mode wants one first), kept in the set with its interface.
"""
import signal

import vigiltest as vt

ADV = 0.2
LL = "fe80::100"
PORT = 8080
SERVER = r"""
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", %d))
s.listen(8)
while True:
    c, _ = s.accept()
    c.sendall(b"hello\n")
    c.close()
""" % PORT
CLIENT = r"""
import socket, sys
try:
    c = socket.create_connection((sys.argv[1], %d), timeout=1)
    sys.exit(0 if c.recv(16) == b"hello\n" else 3)
except OSError as e:
    print(e)
    sys.exit(1)
""" % PORT


def conf(extra=(), version=3, glob="", vips6=(vt.VIP6 + "/64",)):
    text = vt.config(
        vt.instance("VI_4", vrid=51, priority=200, version=version,
                    advert_int=ADV if version == 3 else 1,
                    extra=extra),
        vt.instance("VI_6", vrid=52, priority=200, advert_int=ADV, version=3,
                    extra=extra, vips=vips6))
    if glob:
        text = "global_defs {\n%s}\n\n" % glob + text
    return text


def nft_table(topo, table):
    """`nft list table inet TABLE` in r1's namespace, or None if absent."""
    res = topo.exec("r1", "nft", "list", "table", "inet", table, check_rc=False)
    return res.stdout if res.returncode == 0 else None


def set_elements(text, name):
    """The elements of set NAME in `nft list` output (a crude parse)."""
    out, inside = [], False
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("set %s {" % name):
            inside = True
        elif inside and line.startswith("elements = {"):
            body = line[len("elements = {"):].rstrip("}").strip()
            out += [e.strip() for e in body.split(",") if e.strip()]
        elif inside and line == "}":
            inside = False
    return out


def tcp(topo, addr):
    res = topo.exec("client", "python3", "-c", CLIENT, addr, check_rc=False, timeout=10)
    return res.returncode == 0


def expect_filtered(topo, table, vips):
    text = vt.wait_until(lambda: nft_table(topo, table), 5,
                         "table inet %s on r1" % table)
    vt.say("nft list table inet %s:\n%s" % (table, text))
    elements = set_elements(text, "vips") + set_elements(text, "vips6")
    for vip in vips:
        vt.check(vip in elements, "%s not in the sets of table inet %s: %s"
                 % (vip, table, elements))
    for vip in vips:
        vt.check(not topo.ping("client", vip), "%s answers ping without accept mode" % vip)
        vt.check(not tcp(topo, vip), "TCP to %s works without accept mode" % vip)
        n = topo.neighbour("client", vip)
        vt.say("client: %s is at %s" % (vip, n))
        vt.check(n and n[0] == topo.mac("r1"),
                 "ARP/ND for %s does not resolve to r1 (%s): %s" % (vip, topo.mac("r1"), n))
    for own in (topo.addr4("r1"), topo.addr6("r1")):
        vt.check(topo.ping("client", own) and tcp(topo, own),
                 "r1's own address %s must not be filtered" % own)
    vt.say("ping and TCP to %s are dropped; ARP/ND and r1's own addresses work"
           % ", ".join(vips))


def reload(r1, text):
    with open(r1.conf, "w") as f:
        f.write(text)
    r1.signal(signal.SIGHUP)


def test(t):
    t.require("nft")
    topo = t.topology(["r1", "client"])
    topo._popen(["ip", "netns", "exec", topo.ns("r1"), "python3", "-c", SERVER])
    r1 = topo.start_router("r1", conf(extra=("no_accept",)))
    for inst in ("VI_4", "VI_6"):
        r1.wait_state("MASTER", 5, inst)
    expect_filtered(topo, "vigil", [vt.VIP4, vt.VIP6])

    vt.say("reload with accept")
    reload(r1, conf(extra=("accept",)))
    vt.wait_until(lambda: nft_table(topo, "vigil") is None, 5,
                  "table inet vigil to go when no instance needs it")
    for vip in (vt.VIP4, vt.VIP6):
        vt.wait_until(lambda: topo.ping("client", vip), 5, "%s to answer ping" % vip)
        vt.check(tcp(topo, vip), "TCP to %s fails with accept mode" % vip)
    vt.say("with accept mode the VIPs answer ping and TCP")

    vt.say("reload with vrrp_strict, VRRPv2 and nftables fw_strict")
    reload(r1, conf(version=2, glob="    vrrp_strict\n    nftables fw_strict\n",
                    vips6=(LL + "/64", vt.VIP6 + "/64")))
    vt.wait_until(lambda: vt.VIP4 in set_elements(nft_table(topo, "fw_strict") or "", "vips"),
                  5, "192.0.2.100 in table inet fw_strict")
    expect_filtered(topo, "fw_strict", [vt.VIP4, vt.VIP6])
    vt.check(nft_table(topo, "vigil") is None, "table inet vigil came back")
    ll = set_elements(nft_table(topo, "fw_strict"), "vips6_ll")
    vt.check(ll == ['%s . "eth0"' % LL], "vips6_ll holds %s on eth0: %s" % (LL, ll))
    vt.check(not topo.ping("client", LL + "%eth0"), "%s answers ping in strict mode" % LL)
    n = topo.neighbour("client", LL)
    vt.check(n and n[0] == topo.mac("r1"), "ND for %s does not resolve to r1: %s" % (LL, n))
    vt.say("link-local VIP %s: in vips6_ll, ping dropped, ND resolves" % LL)

    vt.check(r1.stop() == 0, "vigild exits 0")
    vt.check(nft_table(topo, "fw_strict") is None, "stop leaves table inet fw_strict behind")


vt.run(test)
