#!/bin/bash
# contrib/demo.sh BUILD_DIR - a live VRRP failover, in network namespaces.
#
# What `make demo` runs after building. It makes a small network on this
# machine and removes it again when it ends:
#
#     r1 (vigild, priority 200) ─┐
#     r2 (vigild, priority 100) ─┼─ bridge ── client
#                                 (192.0.2.0/24, VIP 192.0.2.100)
#
# Each router serves a one-line web page with its own name; the client
# fetches http://192.0.2.100:8080/ five times a second. The demo kills the
# master with SIGKILL, shows the backup taking over (time measured from a
# capture on the bridge, next to the RFC's Master_Down_Interval), then
# starts the old master again and shows it taking the VIP back.
#
# Environment: DEMO_DAEMON=keepalived runs keepalived instead of vigild
# (the reference); DEMO_ADVERT_INT (default 1) sets advert_int.
# Needs root. Exits non-zero if the failover did not happen.
set -eu

build_dir=${1:-build}
daemon=${DEMO_DAEMON:-vigild}
adv=${DEMO_ADVERT_INT:-1}
vip=192.0.2.100
port=8080

if [ -t 1 ]; then bold='\033[1m' plain='\033[0m'; else bold='' plain=''; fi
say()  { printf "\n${bold}==> %s${plain}\n" "$*"; }
info() { printf '    %s\n' "$*"; }
die()  { printf 'demo: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "needs root (it creates network namespaces); try: sudo make demo"
for tool in ip tcpdump curl /usr/bin/python3; do
  command -v "$tool" >/dev/null || die "$tool is missing; run contrib/install-deps.sh"
done
case $daemon in
  vigild)
    vigild=$(cd "$build_dir" 2>/dev/null && pwd)/src/vigild
    [ -x "$vigild" ] || die "no vigild in $build_dir/src; build first (make demo does)" ;;
  keepalived)
    command -v keepalived >/dev/null || die "keepalived is not installed" ;;
  *) die "DEMO_DAEMON must be vigild or keepalived" ;;
esac

# ---- everything made here is recorded and removed on exit -----------------
tag=vdemo$$
work=$(mktemp -d "/tmp/vigil-demo.XXXXXX")
netns_made=""
pids=""
ok=0

cleanup() {
  set +e
  for pid in $pids; do
    kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null
  done
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    alive=""
    for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
    [ -z "$alive" ] && break
    sleep 0.3
  done
  for pid in $alive; do kill -KILL "$pid" 2>/dev/null; done
  for ns in $netns_made; do ip netns del "$ns" 2>/dev/null; done
  if [ "$ok" -ne 1 ] && [ -d "$work" ]; then
    for log in "$work"/*.log; do
      [ -s "$log" ] || continue
      printf '\n---- %s ----\n' "$(basename "$log")"
      tail -n 40 "$log"
    done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ns() { echo "$tag-$1"; }
# Runs a command in a host's namespace. Background jobs call
# `ip netns exec` directly instead, so that $! is the PID of the program
# itself (ip netns exec execs it) and not of a subshell.
in_ns() { local n=$1; shift; ip netns exec "$(ns "$n")" "$@"; }

add_ns() {
  ip netns add "$(ns "$1")"
  netns_made="$(ns "$1") $netns_made"
  ip -n "$(ns "$1")" link set lo up
}

# Poll a command until it succeeds, at most $1 seconds (0.1 s steps).
wait_for() {
  local limit=$1 i=0; shift
  while [ "$i" -lt $((limit * 10)) ]; do
    "$@" && return 0
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}

has_vip() { ip -n "$(ns "$1")" -o -4 addr show dev eth0 | grep -q " $vip/"; }
lacks_vip() { ! has_vip "$1"; }
holders() {
  local h out=""
  for h in r1 r2; do has_vip "$h" && out="$out $h"; done
  echo "${out# }"
}
fetch() { in_ns client curl -s --max-time 1 "http://$vip:$port/" || true; }
answer_is() { [ "$(fetch)" = "$1" ]; }

# ---- the network ------------------------------------------------------------
say "Building the network: a bridge and three hosts in namespaces ($tag-*)"
add_ns sw
ip -n "$(ns sw)" link add br0 type bridge stp_state 0 mcast_snooping 0
ip -n "$(ns sw)" link set br0 up
n=0
for h in r1 r2 client; do
  n=$((n + 1))
  [ "$h" = client ] && n=10
  add_ns "$h"
  ip -n "$(ns sw)" link add "p-$h" type veth peer name eth0 netns "$(ns "$h")"
  ip -n "$(ns sw)" link set "p-$h" master br0 up
  ip -n "$(ns "$h")" link set eth0 address "02:76:74:00:00:$(printf %02x $n)"
  ip -n "$(ns "$h")" addr add "192.0.2.$n/24" dev eth0
  ip -n "$(ns "$h")" link set eth0 up
  info "$h: 192.0.2.$n  mac 02:76:74:00:00:$(printf %02x $n)"
done

# A web page on each router that says who answered.
for h in r1 r2; do
  mkdir -p "$work/www-$h"
  echo "$h" > "$work/www-$h/index.html"
  ip netns exec "$(ns "$h")" /usr/bin/python3 -m http.server "$port" --bind 0.0.0.0 \
    --directory "$work/www-$h" >"$work/http-$h.log" 2>&1 &
  pids="$pids $!"
done

# Capture VRRP on the bridge: the takeover is measured from it.
ip netns exec "$(ns sw)" tcpdump -i br0 -n -U --immediate-mode -s 128 -Z root \
  -w "$work/vrrp.pcap" 'ip proto 112' >"$work/tcpdump.log" 2>&1 &
pids="$pids $!"
wait_for 10 grep -qs "listening on" "$work/tcpdump.log" || die "tcpdump did not start"

# ---- the routers -----------------------------------------------------------
write_conf() { # host priority
  cat >"$work/$1.conf" <<EOF
# $1: keepalived.conf syntax, read as is by vigild
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority $2
    advert_int $adv
    version 3
    virtual_ipaddress {
        $vip/24
    }
}
EOF
}

declare -A daemon_pid
start_router() { # host
  local h=$1 log="$work/$1-$daemon.log"
  [ -e "$log" ] && mv "$log" "$log.old"
  if [ "$daemon" = vigild ]; then
    mkdir -p "$work/run-$h"
    ip netns exec "$(ns "$h")" "$vigild" -f "$work/$h.conf" --runtime-dir "$work/run-$h" \
      --no-dbus -D >"$log" 2>&1 &
  else
    rm -f "$work/$h".*.pid
    ip netns exec "$(ns "$h")" keepalived -n -l -D -G -P -f "$work/$h.conf" \
      -p "$work/$h.main.pid" -r "$work/$h.vrrp.pid" -c "$work/$h.check.pid" \
      >"$log" 2>&1 &
  fi
  daemon_pid[$h]=$!
  pids="$pids $!"
}

# SIGKILL, like a crash. keepalived's adverts come from its VRRP child:
# freeze the parent (so it cannot respawn it), kill the child, then it.
kill_router() { # host
  local h=$1 p=${daemon_pid[$1]} child
  if [ "$daemon" = keepalived ]; then
    child=$(cat "$work/$h.vrrp.pid" 2>/dev/null || true)
    kill -STOP "$p"
    [ -n "$child" ] && kill -KILL "$child" 2>/dev/null
  fi
  kill -KILL "$p"
  wait "$p" 2>/dev/null || true
}

# Says which daemons are no longer running, for error messages.
dead_note() {
  local h note=""
  for h in r1 r2; do
    kill -0 "${daemon_pid[$h]}" 2>/dev/null || note="$note; $daemon on $h is not running"
  done
  echo "$note"
}

state_lines() { # host: the state changes in its log
  if [ "$daemon" = vigild ]; then
    grep -E 'VI_1: [A-Z]+ -> [A-Z]+' "$work/$1-$daemon.log" || true
  else
    grep -E 'Entering [A-Z]+ STATE' "$work/$1-$daemon.log" || true
  fi | sed -E 's/^.*(VI_1|\(VI_1\))/\1/; s/^/    '"$1"': /'
}

write_conf r1 200
write_conf r2 100
say "Starting $daemon on r1 (priority 200) and r2 (priority 100), advert_int ${adv}s, VRRPv3"
start_router r1
start_router r2
mdi_r2=$(awk -v a="$adv" 'BEGIN { printf "%.3f", 3 * a + (256 - 100) * a / 256 }')
limit=$(awk -v m="$mdi_r2" 'BEGIN { printf "%d", m + 6 }')
wait_for "$limit" has_vip r1 || die "r1 never became master$(dead_note)"
wait_for 5 answer_is r1 || die "the client cannot reach the VIP"
info "the VIP $vip is on: $(holders)"
info "client: GET http://$vip:$port/ -> $(fetch)"
state_lines r1
state_lines r2

# The client keeps asking while we break things (bounded: 3 minutes).
ip netns exec "$(ns client)" bash -c "for i in \$(seq 900); do
    r=\$(curl -s --max-time 0.2 http://$vip:$port/ || true)
    echo \"\$(date +%s.%N) \${r:--}\"; sleep 0.2; done" >"$work/client.log" 2>&1 &
pids="$pids $!"
sleep 1

# ---- failover -------------------------------------------------------------
say "Killing the master: SIGKILL $daemon on r1"
killed=$(date +%s.%N)
kill_router r1
if ! wait_for "$limit" has_vip r2; then
  die "r2 did not take over the VIP$(dead_note)"
fi
wait_for 3 answer_is r2 || die "the client cannot reach the VIP on r2"
sleep 0.5

adverts() { tcpdump -r "$work/vrrp.pcap" -tt -n 2>/dev/null | awk '/VRRP/ {
    src = $3; prio = ""
    for (i = 1; i <= NF; i++) if ($i == "prio") prio = $(i + 1)
    sub(",", "", prio); print $1, src, prio }'; }

# last advert of r1 before r2's first one after the kill
takeover=$(adverts | awk -v k="$killed" '
  $2 == "192.0.2.1" && !new { last = $1 }
  $2 == "192.0.2.2" && $1 >= k && $3 > 0 && !new { new = $1 }
  END { if (last && new) printf "%.3f", new - last }')
[ -n "$takeover" ] || die "no takeover in the capture"
info "r2 took over ${takeover}s after r1's last advert"
info "(RFC Master_Down_Interval for r2: 3 x ${adv}s + Skew_Time = ${mdi_r2}s)"
info "the VIP $vip is on: $(holders)"
has_vip r1 && info "(on r1 it is stale: the killed daemon could not remove it)"
info "client: GET http://$vip:$port/ -> $(fetch)"
state_lines r2
first2=$(awk -v k="$killed" '$1 >= k && $2 == "r2" { printf "%.1f", $1 - k; exit }' "$work/client.log")
[ -n "$first2" ] && info "the client's first answer from r2 came ${first2}s after the kill (it polls every 0.2s)"

# ---- the old master comes back ----------------------------------------------
say "Starting $daemon on r1 again: priority 200 preempts"
restarted=$(date +%s.%N)
start_router r1
wait_for "$limit" answer_is r1 || die "r1 did not take the VIP back"
wait_for 5 lacks_vip r2 || die "r2 kept the VIP after r1 took it back"
back=$(adverts | awk -v k="$restarted" '$2 == "192.0.2.1" && $1 >= k && $3 > 0 { printf "%.3f", $1 - k; exit }')
info "r1 is master again ${back:-?}s after it started"
info "the VIP $vip is on: $(holders)"
info "client: GET http://$vip:$port/ -> $(fetch)"
state_lines r1
state_lines r2

say "Stopping $daemon (SIGTERM) and removing the network"
for h in r1 r2; do kill -TERM "${daemon_pid[$h]}"; done
for h in r1 r2; do
  rc=0
  wait "${daemon_pid[$h]}" || rc=$?
  info "$h: $daemon exited with status $rc; VIP left: $(has_vip "$h" && echo yes || echo no)"
done
ok=1
printf '\nDemo done: the VIP moved to the backup in %ss and came back.\n' "$takeover"
