#!/usr/bin/python3
"""samples_run: vigild runs keepalived's own sample configs, and leaves nothing.

config-samples only checks that vigild accepts keepalived 2.2.7's samples
(-t). This test runs them: every sample with VRRP instances or virtual
servers, in a namespace with the interfaces they name (eth0..eth3 as
veths, eth0.1 as a VLAN where the kernel has 8021q). Their addresses (192.168.x, 10.x) are rewritten
into the documentation ranges this project's tests may use: each distinct
"A.B.C." prefix becomes 192.0.2. or 198.51.100. in order of appearance,
the last octet is kept; with more than two networks, both ranges are
cut into one block per network (see rewrite ()). Samples with IPv6
outside 2001:db8::/32, or not valid as shipped, are listed as skipped,
with the reason.

For each sample: vigild starts, its instances and virtual servers come
up (the log says so), it keeps running, logs no GLib critical, and a
SIGTERM stops it with exit 0 leaving the namespace as it found it: the
same addresses, routes and rules, no vmac, no nftables table.
"""
import glob
import os
import re
import time

import vigiltest as vt

PREFIXES = ("192.0.2.", "198.51.100.")


ADDR = r"(?<![\d.])(\d{1,3}\.\d{1,3}\.\d{1,3}\.)(\d{1,3})?(/\d{1,2})?(?![\d.])"


def rewrite(text):
    """(new text, None) or (None, why not).

    Up to two networks map onto 192.0.2.0/24 and 198.51.100.0/24 whole.
    With more, both /24s are cut into equal blocks, one per network (a
    /24 of the sample becomes a /26, /27 or /28, its hosts the last
    octet modulo the block size), so routes between a dozen networks
    still make sense inside the two ranges."""
    body = "\n".join(line for line in text.splitlines()
                     if not line.lstrip().startswith(("#", "!")))
    if re.search(r"\b[0-9a-fA-F]{1,4}:[0-9a-fA-F:]*:", body) and "2001:db8" not in body:
        return None, "IPv6 addresses outside 2001:db8::/32"
    seen = []
    for m in re.finditer(ADDR, body):
        p = m.group(1)
        if p.startswith(("0.", "255.")) or p in seen:
            continue
        seen.append(p)
    per_range = -(-len(seen) // len(PREFIXES))
    bits = max(0, (per_range - 1).bit_length())
    if bits > 4:
        return None, "%d IPv4 networks (at most 32 can be mapped)" % len(seen)
    size = 256 >> bits

    def sub(m):
        prefix, host, length = m.group(1), m.group(2), m.group(3)
        if prefix not in seen:
            return m.group(0)
        k = seen.index(prefix)
        base = PREFIXES[k % len(PREFIXES)]
        out = base
        if host is not None:
            out += str((k // len(PREFIXES)) * size + int(host) % size)
        if length is not None:
            n = int(length[1:])
            out += "/%d" % (min(32, n + bits) if n >= 24 else n)
        return out
    return re.sub(ADDR, sub, body) + "\n", None


def state_of(topo, host):
    """What vigild could leave behind: addresses, routes, rules, links, nft."""
    def lines(*argv):
        return sorted(l.strip() for l in topo.exec(host, *argv, check_rc=False).stdout.splitlines()
                      if l.strip())
    return {
        "addresses": lines("ip", "-o", "addr", "show"),
        "routes": lines("ip", "route", "show", "table", "all"),
        "rules": lines("ip", "rule", "show"),
        "links": [l.split(":")[1].strip() for l in lines("ip", "-o", "link", "show")],
        "nft": lines("nft", "list", "tables"),
    }


def test(t):
    if vt.default_daemon() != "vigild":
        raise vt.TestSkip("runs vigild on keepalived's samples")
    srcdir = os.environ.get("VIGIL_SRCDIR", os.path.join(os.path.dirname(__file__), "..", ".."))
    samples = sorted(glob.glob(os.path.join(srcdir, "tests", "unit", "data",
                                            "keepalived-samples", "keepalived.conf.*")))
    vt.check(samples, "no samples found")
    topo = t.topology(["r1"], ipv6=False)
    for i in range(1, 4):
        topo.ip("r1", "link", "add", "eth%d" % i, "type", "veth", "peer", "name", "peer%d" % i)
        topo.ip("r1", "link", "set", "peer%d" % i, "up")
        topo.ip("r1", "link", "set", "eth%d" % i, "up")
    # the track_interface sample's VLAN, where the kernel has 8021q
    topo.ip("r1", "link", "add", "link", "eth0", "name", "eth0.1", "type", "vlan", "id", "1",
            check_rc=False)
    topo.ip("r1", "link", "set", "eth0.1", "up", check_rc=False)
    topo.exec("r1", "sysctl", "-qw", "net.ipv4.ip_forward=1")

    ran, skipped = [], []
    for path in samples:
        name = os.path.basename(path)
        with open(path) as f:
            text = f.read()
        if "vrrp_instance" not in text and "virtual_server" not in text:
            continue
        conf, why = rewrite(text)
        if conf is None:
            skipped.append("%s (%s)" % (name, why))
            continue
        # samples that need a config id of their own (@high/@low) are not
        # valid as shipped; config-samples shows keepalived agrees
        as_shipped = topo.exec("r1", vt.vigild_path(), "-t", "-f", path, check_rc=False)
        if as_shipped.returncode != 0:
            first = [l for l in (as_shipped.stdout + as_shipped.stderr).splitlines()
                     if ": error: " in l][:1]
            skipped.append("%s (not valid as shipped: %s)" % (name, first[0] if first else "?"))
            continue
        before = state_of(topo, "r1")
        d = topo.start_router("r1", conf, name="r1-" + name.split("keepalived.conf.")[1])
        started = re.compile(r"vigild \S+ started with .*: (\d+) VRRP instance\(s\)"
                             r"(?:, (\d+) virtual server\(s\))?")
        vt.wait_until(lambda: started.search(d.text()) or not d.running(), 10,
                      "%s: vigild to start" % name)
        vt.check(d.running(), "%s: vigild exited at start:\n%s" % (name, d.text()[-3000:]))
        n_vi = len(re.findall(r"^\s*vrrp_instance\s", conf, re.M))
        n_vs = len(re.findall(r"^\s*virtual_server\s", conf, re.M))
        m = started.search(d.text())
        vt.check(m and int(m.group(1)) == n_vi and int(m.group(2) or 0) == n_vs,
                 "%s: vigild runs %s, the sample has %d instances and %d virtual servers"
                 % (name, m.group(0) if m else "?", n_vi, n_vs))
        time.sleep(1.5)
        vt.check(d.running(), "%s: vigild died:\n%s" % (name, d.text()[-3000:]))
        rc = d.stop()
        vt.check(rc == 0, "%s: vigild exited with %d" % (name, rc))
        bad = [l for l in d.text().splitlines() if "CRITICAL" in l or " critical: " in l]
        vt.check(not bad, "%s: GLib criticals:\n%s" % (name, "\n".join(bad)))
        after = state_of(topo, "r1")
        for key in before:
            vt.check(after[key] == before[key], "%s: %s left behind: %s" % (
                name, key, sorted(set(after[key]) - set(before[key]))
                or sorted(set(before[key]) - set(after[key]))))
        ran.append(name)
        vt.say("%s: %d instance(s), %d virtual server(s): ran and stopped clean"
               % (name, n_vi, n_vs))
    for s in skipped:
        vt.say("skipped %s" % s)
    vt.check(len(ran) >= 20, "only %d samples ran" % len(ran))


vt.run(test)
