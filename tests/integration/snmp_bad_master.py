#!/usr/bin/python3
"""SNMP: a garbled or silent AgentX peer on snmp_socket, or a socket that
vanishes, never crashes vigild nor holds its main loop: a master sending
adverts every 0.1 s keeps sending them on time while the peer accepts
connections and never answers (measured on the wire: no gap between two
adverts over MAX_GAP); a real snmpd on the same path afterwards is joined."""
import os
import socket
import threading
import time

import snmptest as st
import vigiltest as vt

ADV = 0.1
HOSTILE_FOR = 8
# One advert late by a scheduling hiccup is tolerated, a stall of the
# loop (net-snmp's synchronous Open waited 1 s) is not.
MAX_GAP = 2.5 * ADV


class FakeMaster(threading.Thread):
    """Accepts AgentX connections and answers each with garbage, with
    silence, or by hanging up at once, in turn."""

    def __init__(self, path):
        super().__init__(daemon=True)
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(path)
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.stop_at = None
        self.connections = 0
        self.held = []

    def run(self):
        deadline = time.monotonic() + 60
        while self.stop_at is None and time.monotonic() < deadline:
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            mode = self.connections % 3
            self.connections += 1
            conn.settimeout(0.5)
            try:
                conn.recv(4096)
                if mode == 0:     # a header claiming a huge payload, then junk
                    conn.sendall(bytes([1, 18, 0x10, 0]) + b"\xff" * 12 +
                                 b"\x7f\xff\xff\xff" + os.urandom(200))
                    conn.close()
                elif mode == 1:   # silent: never answers the Open
                    self.held.append(conn)
                else:
                    conn.close()
            except OSError:
                conn.close()
        for c in self.held:
            c.close()
        self.sock.close()
        os.unlink(self.path)


def test(t):
    st.require(t)
    topo = t.topology(["r1", "r2"])
    snmpd = st.Snmpd(topo, "r1", start=False)
    fake = FakeMaster(snmpd.socket)
    fake.start()
    cap = topo.capture()
    r1 = topo.start_router("r1", st.snmp_globals(snmpd.socket) + vt.instance(
        priority=200, advert_int=ADV, version=3))
    r2 = topo.start_router("r2", vt.instance(priority=100, advert_int=ADV, version=3))
    r1.wait_state("MASTER", 6)
    r2.wait_state("BACKUP", 6)
    since = time.time()
    vt.holds_for(lambda: r1.running() and r2.state() == "BACKUP", HOSTILE_FOR,
                 "r1 master and r2 backup with a hostile AgentX peer")
    vt.check(fake.connections >= 3, "vigild tried the peer only %d times" % fake.connections)
    adverts = [a for a in cap.adverts(since=since, src=topo.addr4("r1")) if a.prio > 0]
    gaps = [b.time - a.time for a, b in zip(adverts, adverts[1:])]
    vt.check(len(adverts) >= 0.8 * HOSTILE_FOR / ADV,
             "only %d adverts from r1 in %d s" % (len(adverts), HOSTILE_FOR))
    vt.say("%d adverts from r1 in %d s of hostile AgentX peer (%d connections), "
           "largest gap %.3f s" % (len(adverts), HOSTILE_FOR, fake.connections, max(gaps)))
    vt.check(max(gaps) <= MAX_GAP, "r1's adverts stalled: a gap of %.3f s (advert_int %g)"
             % (max(gaps), ADV))
    fake.stop_at = time.monotonic()
    fake.join(5)
    vt.check(not os.path.exists(snmpd.socket), "fake master socket still there")
    time.sleep(2 * ADV)
    vt.check(r1.running() and r1.state() == "MASTER", "r1 after the socket vanished")
    snmpd.start()
    vt.wait_until(lambda: any(o.startswith(st.VRRPV3_MIB + ".1.1.1.1.6.")
                              for o, _ in snmpd.walk(st.VRRPV3_MIB, check_rc=False)), 8,
                  "a walk through the real snmpd")
    vt.check(r2.transitions() == ["BACKUP"], "r2 went %s" % r2.transitions())
    vt.check(len(r1.logs) == 1 and r1.stop() == 0, "vigild did not exit cleanly")


vt.run(test)
