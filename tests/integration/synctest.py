"""synctest - what the vrrp_sync_group tests share.

Each router gets a second network beside the harness's eth0: eth1, on a
second bridge (br1) in the switch namespace, with 198.51.100.N/24. The
group G1 holds VI_1 (eth0, VRID 51, 192.0.2.100) and VI_2 (eth1, VRID 52,
198.51.100.100). Everything lives in the topology's namespaces, so the
harness removes it with them.
"""
import vigiltest as vt

ADV = 0.2
VIP_B = "198.51.100.100"


def add_second_network(topo):
    topo.ip("switch", "link", "add", "br1", "type", "bridge",
            "stp_state", "0", "mcast_snooping", "0")
    topo.ip("switch", "link", "set", "br1", "up")
    for h in topo.hosts:
        port = "q-" + h
        topo.ip("switch", "link", "add", port, "type", "veth",
                "peer", "name", "eth1", "netns", topo.ns(h))
        topo.ip("switch", "link", "set", port, "master", "br1")
        topo.ip("switch", "link", "set", port, "up")
        topo.ip(h, "addr", "add", "198.51.100.%d/24" % topo.index[h], "dev", "eth1")
        topo.ip(h, "link", "set", "eth1", "up")


def group_config(priority, group_extra=(), global_defs=()):
    """keepalived.conf text: G1 of VI_1 (eth0) and VI_2 (eth1)."""
    text = ""
    if global_defs:
        text += "global_defs {\n%s}\n\n" % "".join("    %s\n" % g for g in global_defs)
    text += ("vrrp_sync_group G1 {\n    group {\n        VI_1\n        VI_2\n    }\n"
             + "".join("    %s\n" % e for e in group_extra) + "}\n\n")
    text += vt.instance("VI_1", "eth0", 51, priority, ADV, vips=(vt.VIP4 + "/24",))
    text += vt.instance("VI_2", "eth1", 52, priority, ADV, vips=(VIP_B + "/24",))
    return text


def holders(topo, hosts=("r1", "r2")):
    """(hosts with VIP4 on eth0, hosts with VIP_B on eth1)."""
    return ([h for h in hosts if topo.has(h, vt.VIP4, "eth0")],
            [h for h in hosts if topo.has(h, VIP_B, "eth1")])


def wait_group_on(topo, host, timeout):
    """Both VIPs on `host` only."""
    vt.wait_until(lambda: holders(topo) == ([host], [host]), timeout,
                  lambda: "both VIPs on %s only (VI_1's on %s, VI_2's on %s)"
                  % ((host,) + tuple(map(str, holders(topo)))))
    vt.say("both VIPs are on %s" % host)


class FifoReader:
    """Read a FIFO without blocking; keep every complete line."""

    def __init__(self, path):
        import os
        self._os = os
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        self.buf = b""
        self.lines = []

    def poll(self):
        while True:
            try:
                chunk = self._os.read(self.fd, 4096)
            except BlockingIOError:
                break
            if not chunk:
                break
            self.buf += chunk
        while b"\n" in self.buf:
            line, self.buf = self.buf.split(b"\n", 1)
            self.lines.append(line.decode())
        return self.lines

    def close(self):
        self._os.close(self.fd)
