#!/bin/sh
# Install the Debian packages vigil needs to build, test and demo.
# Idempotent: only packages that are missing are installed, and the
# package lists are refreshed only when something has to be installed.
set -eu

PACKAGES="
  build-essential meson ninja-build pkg-config clang gettext
  libglib2.0-dev libglib2.0-dev-bin libglib2.0-bin
  libnl-3-dev libnl-route-3-dev libnl-genl-3-dev
  libsnmp-dev snmpd snmp snmptrapd
  libipset-dev ipset libnftables-dev nftables
  libsystemd-dev systemd
  iproute2 iputils-ping procps psmisc util-linux
  dbus dbus-daemon tcpdump tshark keepalived
  python3 python3-gi python3-dbus python3-dbusmock
  curl glib-networking
"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages:$missing" >&2
  echo "install-deps: run as root (or install them yourself)" >&2
  exit 1
fi

echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# keepalived and snmpd must not start as services on the host: the tests
# run their own instances inside namespaces.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
