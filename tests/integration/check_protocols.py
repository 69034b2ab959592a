#!/usr/bin/python3
"""check_protocols: SMTP_CHECK, DNS_CHECK and UDP_CHECK against real servers.

lb runs vigild (lb_backend none) with one virtual server per protocol;
rs runs a Python SMTP greeter, DNS responder and UDP responder, each
reading how to behave from a mode file at every request. All start
healthy and stay up through several checks (each server counts the
checks it saw). Then each misbehaves the way a broken server does: the
greeter answers 554, the responder SERVFAIL, the UDP server is stopped
(its port answers ICMP port unreachable) and a second UDP server answers
the wrong bytes: every real server goes down, and vigild's log says why
in the checker's words. Made healthy again, all come back up. A UDP_CHECK
without require_reply on a port nothing listens on is down from the
first check; one on a port whose datagrams are dropped stays up, as in
keepalived.
"""
import os
import subprocess
import sys

import checktest as ct
import vigiltest as vt

DELAY_LOOP = 1
CONNECT_TIMEOUT = 1

# One server per process: PROTO ADDR PORT MODEFILE COUNTFILE. The mode
# file holds "good" or "bad", read at every request; every request
# appends a line to the count file.
_SERVER = r"""
import socket, struct, sys
proto, addr, port, mode_file, count_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]

def mode():
    with open(mode_file) as f:
        return f.read().strip()

def count(what):
    with open(count_file, "a") as f:
        f.write(what + "\n")

def smtp():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(16)
    print("listening", flush=True)
    while True:
        c, _ = s.accept()
        c.settimeout(5)
        f = c.makefile("rwb")
        try:
            if mode() != "good":
                f.write(b"554 5.3.2 not accepting mail\r\n")
                f.flush()
                count("refused")
                continue
            f.write(b"220-mail.example.com ESMTP\r\n220 ready\r\n")
            f.flush()
            helo = None
            for _ in range(4):          # HELO, QUIT, and no more
                line = f.readline(1024)
                if not line:
                    break
                if line.upper().startswith(b"HELO "):
                    helo = line.decode().strip()
                    f.write(b"250-mail.example.com\r\n250 8BITMIME\r\n")
                elif line.upper().startswith(b"QUIT"):
                    f.write(b"221 bye\r\n")
                    f.flush()
                    count("ok %s" % helo)
                    break
                else:
                    f.write(b"500 what\r\n")
                f.flush()
        except OSError:
            pass
        finally:
            f.close()
            c.close()

def dns():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, port))
    print("listening", flush=True)
    while True:
        q, peer = s.recvfrom(512)
        if len(q) < 12:
            continue
        qd = q[12:]
        good = mode() == "good"
        flags = 0x8180 if good else 0x8182          # NOERROR / SERVFAIL
        answer = struct.pack("!HHHHHH", struct.unpack("!H", q[:2])[0], flags, 1,
                             1 if good else 0, 0, 0) + qd
        if good:
            answer += b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + bytes([192, 0, 2, 53])
        s.sendto(answer, peer)
        count("query %d" % len(q))

def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, port))
    print("listening", flush=True)
    while True:
        data, peer = s.recvfrom(2048)
        s.sendto(b"PONG " + data if mode() == "good" else b"PANG", peer)
        count("datagram %d" % len(data))

{"smtp": smtp, "dns": dns, "udp": udp}[proto]()
"""


class Server:
    """One of the Python servers above, in a host namespace, by PID."""

    def __init__(self, topo, host, proto, addr, port):
        self.topo, self.host, self.proto, self.addr, self.port = topo, host, proto, addr, port
        base = os.path.join(topo.workdir, "%s-%d" % (proto, port))
        self.mode_file, self.count_file = base + ".mode", base + ".count"
        self.set_mode("good")
        self.proc = None
        self.start()

    def set_mode(self, mode):
        with open(self.mode_file, "w") as f:
            f.write(mode + "\n")
        vt.say("%s server %s:%d is now %s" % (self.proto, self.addr, self.port, mode))

    def requests(self):
        try:
            with open(self.count_file) as f:
                return f.read().splitlines()
        except FileNotFoundError:
            return []

    def start(self):
        self.proc = self.topo._popen(
            ["ip", "netns", "exec", self.topo.ns(self.host), sys.executable, "-c", _SERVER,
             self.proto, self.addr, str(self.port), self.mode_file, self.count_file],
            stdout=subprocess.PIPE, text=True)
        vt.check(self.proc.stdout.readline().strip() == "listening",
                 "%s server %s:%d did not start" % (self.proto, self.addr, self.port))
        vt.say("%s server %s:%d up (pid %d)" % (self.proto, self.addr, self.port, self.proc.pid))

    def stop(self):
        self.proc.terminate()
        self.proc.wait(5)
        vt.say("%s server %s:%d stopped" % (self.proto, self.addr, self.port))


def checker(kind, *lines):
    return (["%s {" % kind,
             "    connect_timeout %d" % CONNECT_TIMEOUT,
             "    retry 1",
             "    delay_before_retry 0.5"]
            + ["    %s" % line for line in lines] + ["}"])


def test(t):
    topo = t.topology(["lb", "rs"], ipv6=False)
    rs = topo.addr4("rs")
    smtp = Server(topo, "rs", "smtp", rs, 2525)
    dns = Server(topo, "rs", "dns", rs, 5353)
    udp = Server(topo, "rs", "udp", rs, 7000)
    udp_bytes = Server(topo, "rs", "udp", rs, 7001)
    # Linux sends at most one ICMP error per second to a peer (after a
    # burst of 6): two closed ports checked every second would see some
    # checks answered by silence. Not what this test is about.
    topo.exec("rs", "sysctl", "-qw", "net.ipv4.icmp_ratelimit=0")
    # rs drops what reaches 7003: nothing answers, not even ICMP
    topo.exec("rs", "nft", "add table inet vt; add chain inet vt in "
              "{ type filter hook input priority 0; }; add rule inet vt in udp dport 7003 drop")

    vs = [
        ("192.0.2.100", 25, "TCP", rs, 2525, checker("SMTP_CHECK", "helo_name lb.example.com")),
        ("192.0.2.100", 53, "UDP", rs, 5353, checker("DNS_CHECK", "type A", "name www.example.com")),
        ("192.0.2.100", 7000, "UDP", rs, 7000, checker("UDP_CHECK", "require_reply")),
        ("192.0.2.100", 7001, "UDP", rs, 7001,
         checker("UDP_CHECK", "payload 50494e47", "require_reply 50 4f 4e 47 20 50 49 4X 47",
                 "min_reply_length 9", "max_reply_length 9")),
        ("192.0.2.100", 7002, "UDP", rs, 7002, checker("UDP_CHECK")),       # nothing listens
        ("192.0.2.100", 7003, "UDP", rs, 7003, checker("UDP_CHECK")),       # dropped
    ]
    conf = ct.config(*[ct.virtual_server(vip, vport, [(addr, port, body)],
                                         extra=["delay_loop %d" % DELAY_LOOP], protocol=proto)
                       for vip, vport, proto, addr, port, body in vs])
    lb = topo.start_daemon("lb", "vigild", conf)
    name = {s: "%s:%d" % (rs, s.port) for s in (smtp, dns, udp, udp_bytes)}

    # Healthy: checked again and again, never down.
    for s in (smtp, dns, udp, udp_bytes):
        vt.wait_until(lambda s=s: len(s.requests()) >= 3, 4 * DELAY_LOOP + 5,
                      "three checks of the %s server on port %d" % (s.proto, s.port))
    vt.check(all(line == "ok HELO lb.example.com" for line in smtp.requests()),
             "SMTP conversations: %s" % smtp.requests())
    vt.check(all(line == "query 33" for line in dns.requests()),
             "DNS queries of www.example.com A (33 bytes): %s" % dns.requests())
    vt.check(all(line == "datagram 32" for line in udp.requests()),
             "UDP_CHECK without payload sends 32 bytes: %s" % udp.requests())
    vt.check(all(line == "datagram 4" for line in udp_bytes.requests()),
             "UDP_CHECK sends its payload: %s" % udp_bytes.requests())
    for s in (smtp, dns, udp, udp_bytes):
        vt.check(ct.rs_state(lb, name[s]) is None,
                 "%s changed state while healthy: %s" % (name[s], ct.rs_events(lb, name[s])))

    # Nothing on 7002: ICMP port unreachable, down from the first check.
    # Datagrams to 7003 vanish: silence is success without require_reply.
    ct.wait_rs(lb, "%s:7002" % rs, "down", 2 * DELAY_LOOP + 3)
    vt.check(ct.rs_state(lb, "%s:7003" % rs) is None,
             "UDP_CHECK without require_reply went down on silence: %s"
             % ct.rs_events(lb, "%s:7003" % rs))

    # Broken, each its own way.
    smtp.set_mode("bad")
    dns.set_mode("bad")
    udp.stop()
    udp_bytes.set_mode("bad")
    limit = DELAY_LOOP + 0.5 + 2 * CONNECT_TIMEOUT + 4
    for s in (smtp, dns, udp, udp_bytes):
        ct.wait_rs(lb, name[s], "down", limit)
    log = lb.text()
    for why in ("SMTP_CHECK %s down: greeting 554 5.3.2 not accepting mail" % name[smtp],
                "DNS_CHECK %s down: rcode 2 (SERVFAIL)" % name[dns],
                "UDP_CHECK %s down: connection refused" % name[udp],
                "UDP_CHECK %s down: reply of 4 bytes, expected 9 to 9" % name[udp_bytes]):
        vt.check(why in log, "the log says %r" % why)

    # Healthy again: up at the next check.
    smtp.set_mode("good")
    dns.set_mode("good")
    udp.start()
    udp_bytes.set_mode("good")
    for s in (smtp, dns, udp, udp_bytes):
        ct.wait_rs(lb, name[s], "up", DELAY_LOOP + CONNECT_TIMEOUT + 3)
    vt.check(ct.rs_events(lb, "%s:7003" % rs) == [],
             "the dropped port never changed state: %s" % ct.rs_events(lb, "%s:7003" % rs))
    ct.stop(lb)


vt.run(test)
