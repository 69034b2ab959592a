#!/bin/sh
# capture-fixtures.sh - capture real keepalived adverts as codec fixtures
#
# Runs keepalived (the one on PATH) in a network namespace of its own,
# joined by a veth pair to a second namespace where tcpdump listens, once
# per configuration below, and writes one text fixture per case into this
# folder (the IPv4 datagram as hex, or for IPv6 the VRRP message with its
# source, destination and hop limit), plus a binary seed for the fuzz
# target into tests/fuzz/corpus/vrrp-packet/. tests/unit/vrrp/test-packet.c
# holds what each fixture must decode to; if a capture changes, look why.
#
# Needs root, keepalived, tcpdump, tshark (only to record its opinion of
# the checksum) and python3 (pcap parsing). Uses only 192.0.2.0/24 and
# 2001:db8::/32, creates namespaces named vgfx-PID-*, removes everything it
# made, and stops only the processes it started, by PID.
#
# Usage: tests/unit/data/vrrp/capture-fixtures.sh [SECONDS_PER_CASE]
set -eu

here=$(cd "$(dirname "$0")" && pwd)
corpus=$(cd "$here/../../../fuzz" && pwd)/corpus/vrrp-packet
seconds=${1:-8}
ns_a=vgfx-$$-a
ns_b=vgfx-$$-b
tmp=$(mktemp -d /tmp/vgfx-capture.XXXXXX)
pids=""

for tool in keepalived tcpdump tshark python3 ip; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 77; }
done
[ "$(id -u)" -eq 0 ] || { echo "needs root (network namespaces)" >&2; exit 77; }

cleanup () {
  for pid in $pids; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $pids; do
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  done
  ip netns del "$ns_a" 2>/dev/null || true
  ip netns del "$ns_b" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# Namespace A runs keepalived, B is the unicast peer and listens.
ip netns add "$ns_a"
ip netns add "$ns_b"
ip -n "$ns_a" link add veth0 address 02:00:00:00:02:01 type veth \
  peer name veth0 address 02:00:00:00:02:02 netns "$ns_b"
for ns in "$ns_a" "$ns_b"; do
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0
  ip -n "$ns" link set lo up
done
# No kernel-made link-local addresses: only documentation prefixes here.
ip -n "$ns_a" link set veth0 addrgenmode none
ip -n "$ns_b" link set veth0 addrgenmode none
ip -n "$ns_a" addr add 192.0.2.1/24 dev veth0
ip -n "$ns_b" addr add 192.0.2.2/24 dev veth0
ip -n "$ns_a" addr add 2001:db8::1/64 dev veth0 nodad
ip -n "$ns_b" addr add 2001:db8::2/64 dev veth0 nodad
ip -n "$ns_a" link set veth0 up
ip -n "$ns_b" link set veth0 up

version=$(keepalived --version 2>&1 | head -n 1)
package=$(dpkg-query -W -f '${Package} ${Version}' keepalived 2>/dev/null || echo "keepalived")

# capture NAME FORMAT FUZZFLAGS DESCRIPTION [PRIORITY] <<CONFIG
#   Runs keepalived with CONFIG (stdin) for $seconds seconds, then stops
#   it; keeps the last advert with a non-zero priority (or with priority
#   PRIORITY: 0 is the advert a stopping master sends), writes NAME.txt
#   and the seed. FORMAT: ipv4 or ipv6. FUZZFLAGS: the flag byte of the
#   fuzz seed (see tests/fuzz/fuzz-vrrp-packet.c).
capture () {
  name=$1 format=$2 fuzzflags=$3 description=$4 priority=${5:-any}
  conf=$tmp/$name.conf
  pcap=$tmp/$name.pcap
  cat >"$conf"

  ip netns exec "$ns_b" tcpdump -i veth0 -U -s 0 -w "$pcap" 'ip proto 112 or ip6 proto 112' \
    >"$tmp/$name.tcpdump.log" 2>&1 &
  tcpdump_pid=$!
  pids="$pids $tcpdump_pid"
  sleep 1

  ip netns exec "$ns_a" keepalived -P -n -l -D -G -f "$conf" \
    -p "$tmp/$name.pid" -r "$tmp/$name.vrrp.pid" -c "$tmp/$name.checkers.pid" \
    -b "$tmp/$name.bfd.pid" >"$tmp/$name.keepalived.log" 2>&1 &
  keepalived_pid=$!
  pids="$pids $keepalived_pid"
  sleep "$seconds"

  kill "$keepalived_pid"
  while kill -0 "$keepalived_pid" 2>/dev/null; do sleep 0.1; done
  sleep 1
  kill "$tcpdump_pid"
  while kill -0 "$tcpdump_pid" 2>/dev/null; do sleep 0.1; done
  pids=""

  tshark_says=$(tshark -r "$pcap" -o vrrp.v3_checksum_as_in_v2:FALSE -T fields \
                  -e vrrp.checksum.status 2>/dev/null | head -n 1 || true)
  case "$tshark_says" in
    1) tshark_says=good ;;
    0) tshark_says=bad ;;
    *) tshark_says="unverified ($tshark_says)" ;;
  esac

  python3 - "$pcap" "$format" "$fuzzflags" "$here/$name.txt" "$corpus/$name.bin" \
    "$description" "$version" "$package" "$tshark_says" "$conf" "$priority" <<'PYTHON' \
    || { cat "$tmp/$name.keepalived.log" >&2; exit 1; }
import ipaddress, struct, sys
pcap, fmt, fuzzflags, out, seed, desc, version, package, tshark, conf, prio = sys.argv[1:]

def wanted(priority):
    return priority != 0 if prio == 'any' else priority == int(prio)

def frames(path):
    data = open(path, 'rb').read()
    magic = data[:4]
    endian = '<' if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1') else '>'
    linktype = struct.unpack(endian + 'I', data[20:24])[0]
    assert linktype == 1, 'expected Ethernet captures'
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack(endian + 'I', data[off + 8:off + 12])[0]
        yield data[off + 16:off + 16 + incl]
        off += 16 + incl

chosen = None
for frame in frames(pcap):
    ethertype = struct.unpack('>H', frame[12:14])[0]
    ip = frame[14:]
    if fmt == 'ipv4' and ethertype == 0x0800:
        ihl = (ip[0] & 0x0f) * 4
        datagram = ip[:struct.unpack('>H', ip[2:4])[0]]
        if wanted(datagram[ihl + 2]):
            chosen = datagram
    elif fmt == 'ipv6' and ethertype == 0x86dd:
        plen = struct.unpack('>H', ip[4:6])[0]
        payload = ip[40:40 + plen]
        if ip[6] == 112 and wanted(payload[2]):
            chosen = (ip[8:24], ip[24:40], ip[7], payload)
if chosen is None:
    sys.exit('no advert captured for ' + out)

lines = ['# ' + desc,
         '# Captured from ' + version + ' (' + package + ')',
         '# by tests/unit/data/vrrp/capture-fixtures.sh: keepalived in a network',
         '# namespace, tcpdump on the far end of a veth pair. tshark calls the',
         '# VRRP checksum: ' + tshark + '.',
         '# keepalived.conf:']
lines += ['#   ' + l.rstrip() for l in open(conf) if l.strip()]
lines.append('format ' + fmt)
if fmt == 'ipv4':
    body = chosen
    seed_bytes = bytes([int(fuzzflags, 0)]) + chosen
else:
    src, dst, hlim, body = chosen
    lines.append('src ' + str(ipaddress.IPv6Address(src)))
    lines.append('dst ' + str(ipaddress.IPv6Address(dst)))
    lines.append('hop-limit %d' % hlim)
    seed_bytes = bytes([int(fuzzflags, 0)]) + src + dst + bytes([hlim]) + body
lines.append('data')
for i in range(0, len(body), 16):
    lines.append(' '.join('%02x' % b for b in body[i:i + 16]))
open(out, 'w').write('\n'.join(lines) + '\n')
open(seed, 'wb').write(seed_bytes)
print('wrote', out)
PYTHON
}

mkdir -p "$corpus"

capture v2-ipv4-noauth ipv4 0x00 "VRRPv2 over IPv4, no authentication, two addresses" <<'EOF'
global_defs {
  router_id vgfx
}
vrrp_instance VI_1 {
  version 2
  state MASTER
  interface veth0
  virtual_router_id 51
  priority 150
  advert_int 1
  virtual_ipaddress {
    192.0.2.100/32
    192.0.2.101/32
  }
}
EOF

capture v2-ipv4-pass ipv4 0x00 "VRRPv2 over IPv4, auth_type PASS, one address" <<'EOF'
global_defs {
  router_id vgfx
}
vrrp_instance VI_1 {
  version 2
  state MASTER
  interface veth0
  virtual_router_id 52
  priority 100
  advert_int 2
  authentication {
    auth_type PASS
    auth_pass s3cret
  }
  virtual_ipaddress {
    192.0.2.110/32
  }
}
EOF

capture v3-ipv4 ipv4 0x00 "VRRPv3 over IPv4 multicast, three addresses" <<'EOF'
global_defs {
  router_id vgfx
}
vrrp_instance VI_1 {
  version 3
  state MASTER
  interface veth0
  virtual_router_id 53
  priority 200
  advert_int 1
  virtual_ipaddress {
    192.0.2.120/32
    192.0.2.121/32
    192.0.2.122/32
  }
}
EOF

capture v3-ipv6 ipv6 0x80 "VRRPv3 over IPv6 multicast, two addresses, advert_int 0.5" <<'EOF'
global_defs {
  router_id vgfx
}
vrrp_instance VI_6 {
  version 3
  state MASTER
  interface veth0
  virtual_router_id 54
  priority 120
  advert_int 0.5
  mcast_src_ip 2001:db8::1
  virtual_ipaddress {
    2001:db8::100/128
    2001:db8::101/128
  }
}
EOF

capture v3-ipv4-unicast ipv4 0x00 "VRRPv3 over IPv4 unicast to 192.0.2.2, RFC 5798 checksum" <<'EOF'
global_defs {
  router_id vgfx
}
vrrp_instance VI_1 {
  version 3
  state MASTER
  interface veth0
  virtual_router_id 55
  priority 110
  advert_int 1
  unicast_src_ip 192.0.2.1
  unicast_peer {
    192.0.2.2
  }
  virtual_ipaddress {
    192.0.2.130/32
  }
}
EOF

capture v3-ipv4-unicast-old ipv4 0x01 "VRRPv3 over IPv4 unicast to 192.0.2.2 with old_unicast_checksum" <<'EOF'
global_defs {
  router_id vgfx
}
vrrp_instance VI_1 {
  version 3
  state MASTER
  interface veth0
  virtual_router_id 56
  priority 110
  advert_int 1
  unicast_src_ip 192.0.2.1
  unicast_peer {
    192.0.2.2
  }
  old_unicast_checksum
  virtual_ipaddress {
    192.0.2.140/32
  }
}
EOF

capture v3-ipv4-priority0 ipv4 0x00 "VRRPv3 over IPv4 multicast: the priority-0 advert of a stopping master" 0 <<'EOF'
global_defs {
  router_id vgfx
}
vrrp_instance VI_1 {
  version 3
  state MASTER
  interface veth0
  virtual_router_id 57
  priority 100
  advert_int 1
  virtual_ipaddress {
    192.0.2.150/32
  }
}
EOF
