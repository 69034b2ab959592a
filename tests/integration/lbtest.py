"""lbtest - the load-balancer test topology and its traffic, for lb_*.py.

    client 192.0.2.1 --+                         +-- rs1 198.51.100.11
           2001:db8::1 |                         |       2001:db8:1::11
                       +--- one bridge ----------+-- rs2 .12, ::12
    router 192.0.2.2,  |
      2001:db8::2      |                         +-- rs3 .13, ::13
      VIPs 192.0.2.100, 2001:db8::100; 198.51.100.1, 2001:db8:1::1;
      forwarding on

All hosts share one L2 segment but two IP subnets per family: the real servers have
no address in the client's subnet and route through the router, as LVS
NAT (and vigil's nftables backend) requires, so their replies pass the
router and are un-NATed there. Each real server runs a small HTTP server
(python3 http.server) that answers its own name, with HTTP/1.1 keep-alive
so that a test can hold one connection open across a change.
"""

import collections
import os
import subprocess
import time

import vigiltest as vt

VIP = "192.0.2.100"
ROUTER_LB = "198.51.100.1"
SERVERS = {"rs1": "198.51.100.11", "rs2": "198.51.100.12", "rs3": "198.51.100.13"}
VIP6 = "2001:db8::100"
CLIENT6 = "2001:db8::1"
ROUTER_LB6 = "2001:db8:1::1"
SERVERS6 = {"rs1": "2001:db8:1::11", "rs2": "2001:db8:1::12", "rs3": "2001:db8:1::13"}

SERVER_PY = r"""
import http.server, socket, sys
name = sys.argv[1].encode()
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", str(len(name)))
        self.end_headers()
        self.wfile.write(name)
    def log_message(self, *a):
        pass
class S(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6   # and IPv4, through v4-mapped addresses
S(("::", 80), H).serve_forever()
"""

# Opens connections (bounded) until one is answered by sys.argv[1], then
# waits for a line on stdin and asks again on that same connection.
PINNED_PY = r"""
import http.client, sys
want, conn = sys.argv[2], None
for _ in range(60):
    c = http.client.HTTPConnection(sys.argv[1], 80, timeout=3)
    c.request("GET", "/")
    if c.getresponse().read().decode() == want:
        conn = c
        break
    c.close()
print("pinned" if conn else "never reached " + want, flush=True)
if conn:
    sys.stdin.readline()
    conn.request("GET", "/")
    print(conn.getresponse().read().decode(), flush=True)
"""


def build(t, tag=None):
    """The topology, addressed as above, with the HTTP servers running."""
    topo = t.topology(["client", "router"] + list(SERVERS), ipv6=False, tag=tag)
    topo.ip("router", "addr", "add", VIP + "/32", "dev", "eth0")
    topo.ip("router", "addr", "add", ROUTER_LB + "/24", "dev", "eth0")
    topo.ip("client", "addr", "add", CLIENT6 + "/64", "dev", "eth0", "nodad")
    topo.ip("router", "addr", "add", "2001:db8::2/64", "dev", "eth0", "nodad")
    topo.ip("router", "addr", "add", VIP6 + "/128", "dev", "eth0", "nodad")
    topo.ip("router", "addr", "add", ROUTER_LB6 + "/64", "dev", "eth0", "nodad")
    topo.exec("router", "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1")
    topo.exec("router", "sysctl", "-qw", "net.ipv4.ip_forward=1",
              "net.ipv4.conf.all.send_redirects=0",
              "net.ipv4.conf.eth0.send_redirects=0")
    for host, addr in SERVERS.items():
        topo.ip(host, "addr", "flush", "dev", "eth0")
        topo.ip(host, "addr", "add", addr + "/24", "dev", "eth0")
        topo.ip(host, "route", "add", "default", "via", ROUTER_LB)
        topo.ip(host, "addr", "add", SERVERS6[host] + "/64", "dev", "eth0", "nodad")
        topo.ip(host, "-6", "route", "add", "default", "via", ROUTER_LB6)
        # the router forwards replies out the interface they came in on:
        # its redirects would send them around it, past the un-NAT
        topo.exec(host, "sysctl", "-qw", "net.ipv4.conf.all.accept_redirects=0",
                  "net.ipv4.conf.eth0.accept_redirects=0",
                  "net.ipv6.conf.all.accept_redirects=0",
                  "net.ipv6.conf.eth0.accept_redirects=0")
    servers = {host: start_server(topo, host) for host in SERVERS}
    for host, addr in SERVERS.items():
        for a in (addr, SERVERS6[host]):
            vt.wait_until(lambda: fetch(topo, "router", a) == host, 10,
                          "the HTTP server on %s at %s" % (host, a))
    return topo, servers


def popen(topo, argv, **kw):
    """Start a process the topology stops (by its PID) at cleanup."""
    kw.setdefault("stdin", subprocess.DEVNULL)
    p = subprocess.Popen(argv, **kw)
    topo.procs.append(p)
    return p


def start_server(topo, host):
    return popen(topo, ["ip", "netns", "exec", topo.ns(host), "python3", "-c",
                        SERVER_PY, host],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop_server(proc):
    proc.terminate()
    proc.wait(5)


def url(addr):
    return "http://[%s]/" % addr if ":" in addr else "http://%s/" % addr


def fetch(topo, host, addr, timeout=2):
    """One GET from host (new connection); the answer's body or None."""
    res = topo.exec(host, "curl", "-s", "-g", "--max-time", str(timeout),
                    url(addr), check_rc=False, timeout=timeout + 5)
    return res.stdout.strip() if res.returncode == 0 else None


def fetch_many(topo, n, addr=VIP):
    """n GETs from the client, each on a new connection, in one shell
    (bounded: each curl at most 2 s). Returns a Counter of the answers
    ("" for a failed request)."""
    script = ('for i in $(seq %d); do curl -s -g --max-time 2 %s; echo; done'
              % (n, url(addr)))
    res = topo.exec("client", "sh", "-c", script, timeout=2 * n + 10)
    answers = res.stdout.split("\n")[:n]
    return collections.Counter(a.strip() for a in answers)


def pin_connection(topo, server):
    """A client connection answered by server, kept open; returns the
    process (send a line to ask again on the same connection)."""
    p = popen(topo, ["ip", "netns", "exec", topo.ns("client"), "python3", "-c",
                     PINNED_PY, VIP, server],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline().strip()
    vt.check(line == "pinned", "pinning a connection to %s: %s" % (server, line))
    return p


def ask_again(p):
    p.stdin.write("again\n")
    p.stdin.flush()
    answer = p.stdout.readline().strip()
    p.wait(5)
    return answer


def nft_table(topo, table="vigil_lb"):
    """`nft list table inet TABLE` in the router, or None if absent."""
    res = topo.exec("router", "nft", "list", "table", "inet", table, check_rc=False)
    return res.stdout if res.returncode == 0 else None


def share(counts, name, n):
    return counts.get(name, 0) / float(n)


def lb_drive_path():
    b = os.environ.get("VIGIL_BUILDDIR")
    if b is None:
        b = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "build")
    return os.path.join(b, "tests", "integration", "vigil-lb-drive")


class Drive:
    """vigil-lb-drive in the router namespace: backend commands on stdin."""

    def __init__(self, topo, runtime_dir, backend="nftables"):
        self.proc = popen(topo, ["ip", "netns", "exec", topo.ns("router"), lb_drive_path(),
                                 runtime_dir, backend],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.ready = self.proc.stdout.readline().strip()

    def do(self, command):
        vt.say("backend: " + command)
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        vt.check(answer == "ok", "%s: %s" % (command, answer or "no answer"))

    def end(self):
        """Close stdin without a flush: the process exits as if it died."""
        self.proc.stdin.close()
        self.proc.wait(5)
