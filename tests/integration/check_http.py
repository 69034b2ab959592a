#!/usr/bin/python3
"""check_http: HTTP_GET and SSL_GET against Python web servers, some hostile.

rs runs a python3 http.server on 8080 and the same behind TLS on 8443
(a self-signed certificate made here with openssl; the server records
the SNI of every ClientHello). lb runs vigild (lb_backend none) with an
HTTP_GET checking /health with a digest and an SSL_GET with enable_sni
and a virtualhost. Both stay up while healthy, sending keepalived's
request. Then the HTTP server answers 500, then another body, then a
status line of megabytes, then a body without end; the TLS server then
accepts and never answers. Each time the real server goes down and
vigild's log says why in the checker's words, and it comes back up when
the server is healthy again. vigild's memory stays bounded through it.
"""
import hashlib
import os
import subprocess
import sys

import checktest as ct
import vigiltest as vt

DELAY_LOOP = 1
CONNECT_TIMEOUT = 1
BODY = b"<html><body>vigil check_http</body></html>\n"

# PROTO ADDR PORT MODEFILE LOGFILE [CERT KEY]: a web server whose mode
# file (read at every request) says how to answer; each request appends
# "REQUEST-LINE|Host|User-Agent" to the log, each TLS hello "sni NAME".
_SERVER = r"""
import http.server, socket, ssl, sys, time
proto, addr, port, mode_file, log_file = sys.argv[1:6]
BODY = b"<html><body>vigil check_http</body></html>\n"

def mode():
    with open(mode_file) as f:
        return f.read().strip()

def log(line):
    with open(log_file, "a") as f:
        f.write(line + "\n")

class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def endless(self, head, fill):
        self.wfile.write(head)
        chunk = fill * 65536
        try:
            for _ in range(1024):           # 64 MiB at most
                self.wfile.write(chunk)
        except OSError:
            log("client hung up")

    def do_GET(self):
        log("%s|%s|%s" % (self.requestline, self.headers.get("Host"),
                          self.headers.get("User-Agent")))
        m = mode()
        if m == "hang":
            time.sleep(30)
            return
        if m == "megastatus":
            return self.endless(b"HTTP/1.1 200 ", b"A")
        if m == "endless":
            return self.endless(b"HTTP/1.0 200 OK\r\n\r\n", b"x")
        body = BODY if m == "good" else b"<html>maintenance</html>\n"
        self.send_response(500 if m == "error" else 200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

httpd = Server((addr, int(port)), Handler)
if proto == "https":
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[6], sys.argv[7])
    ctx.sni_callback = lambda sock, name, c: log("sni %s" % (name or "-"))
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
print("listening", flush=True)
httpd.serve_forever()
"""


class WebServer:
    """One of the servers above in a host namespace, by PID."""

    def __init__(self, topo, host, proto, addr, port, extra=()):
        self.topo, self.proto, self.addr, self.port = topo, proto, addr, port
        base = os.path.join(topo.workdir, "%s-%d" % (proto, port))
        self.mode_file, self.log_file = base + ".mode", base + ".log"
        self.set_mode("good")
        self.proc = topo._popen(
            ["ip", "netns", "exec", topo.ns(host), sys.executable, "-c", _SERVER, proto, addr,
             str(port), self.mode_file, self.log_file] + list(extra),
            stdout=subprocess.PIPE, text=True)
        vt.check(self.proc.stdout.readline().strip() == "listening",
                 "%s server %s:%d did not start" % (proto, addr, port))
        vt.say("%s server %s:%d up (pid %d)" % (proto, addr, port, self.proc.pid))

    def set_mode(self, mode):
        with open(self.mode_file, "w") as f:
            f.write(mode + "\n")
        vt.say("%s server %s:%d is now %s" % (self.proto, self.addr, self.port, mode))

    def lines(self, prefix=""):
        try:
            with open(self.log_file) as f:
                return [l for l in f.read().splitlines() if l.startswith(prefix)]
        except FileNotFoundError:
            return []

    def requests(self):
        return [l for l in self.lines() if l.startswith("GET ")]


def checker(kind, *lines):
    return (["%s {" % kind,
             "    connect_timeout %d" % CONNECT_TIMEOUT,
             "    retry 1",
             "    delay_before_retry 0.5"]
            + ["    %s" % line for line in lines] + ["}"])


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def test(t):
    topo = t.topology(["lb", "rs"], ipv6=False)
    rs = topo.addr4("rs")
    cert, key = (os.path.join(topo.workdir, n) for n in ("server.pem", "server.key"))
    vt.sh(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
           "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=www.example.test",
           "-addext", "subjectAltName=DNS:www.example.test"])
    http = WebServer(topo, "rs", "http", rs, 8080)
    https = WebServer(topo, "rs", "https", rs, 8443, extra=(cert, key))
    digest = hashlib.md5(BODY).hexdigest()

    conf = ct.config(
        ct.virtual_server("192.0.2.100", 80, [(rs, 8080, checker(
            "HTTP_GET", "url {", "    path /health", "    digest %s" % digest, "}"))],
            extra=["delay_loop %d" % DELAY_LOOP]),
        ct.virtual_server("192.0.2.100", 443, [(rs, 8443, checker(
            "SSL_GET", "enable_sni", "virtualhost www.example.test",
            "url {", "    path /health", "}"))],
            extra=["delay_loop %d" % DELAY_LOOP]))
    # LeakSanitizer (clang 14) crashes at exit scanning the dynamic TLS
    # GIO's TLS module leaves on its handshake threads: no leak check for
    # this vigild (test-http-checker checks the checker's leaks, TLS too,
    # letting those threads end first).
    os.environ["ASAN_OPTIONS"] = os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
    lb = topo.start_daemon("lb", "vigild", conf)
    name = {http: "%s:8080" % rs, https: "%s:8443" % rs}

    # Healthy: checked again and again with keepalived's request, never down.
    for s in (http, https):
        vt.wait_until(lambda s=s: len(s.requests()) >= 3, 4 * DELAY_LOOP + 5,
                      "three checks of the %s server" % s.proto)
        vt.check(ct.rs_state(lb, name[s]) is None,
                 "%s changed state while healthy: %s" % (name[s], ct.rs_events(lb, name[s])))
    vt.check(all(r == "GET /health HTTP/1.0|%s:8080|KeepAliveClient" % rs
                 for r in http.requests()), "HTTP requests: %s" % http.requests())
    vt.check(all(r == "GET /health HTTP/1.0|www.example.test|KeepAliveClient"
                 for r in https.requests()), "HTTPS requests: %s" % https.requests())
    vt.check(https.lines("sni") and all(l == "sni www.example.test" for l in https.lines("sni")),
             "SNI names the virtualhost: %s" % https.lines("sni"))
    rss_healthy = rss_kib(lb.proc.pid)

    # Each breakage, the line vigild logs for it, then healthy again.
    limit = DELAY_LOOP + 0.5 + 2 * CONNECT_TIMEOUT + 4
    other = hashlib.md5(b"<html>maintenance</html>\n").hexdigest()
    cases = [
        (http, "error", "url /health: status 500 not in 200-299"),
        (http, "changed", "url /health: digest mismatch: got %s" % other),
        (http, "megastatus", "url /health: response status line too long (over 8192 bytes)"),
        (http, "endless", "url /health: response body is over the 1048576-byte limit"),
        (https, "hang", "timeout after 1 s"),
        (https, "error", "url /health: status 500 not in 200-299"),
    ]
    for server, mode, why in cases:
        kind = "HTTP_GET" if server is http else "SSL_GET"
        server.set_mode(mode)
        ct.wait_rs(lb, name[server], "down", limit)
        line = "%s %s down: %s" % (kind, name[server], why)
        vt.check(line in lb.text(), "the log says %r" % line)
        server.set_mode("good")
        ct.wait_rs(lb, name[server], "up", DELAY_LOOP + 2 * CONNECT_TIMEOUT + 3)
    vt.check(len(http.lines("client hung up")) >= 2,
             "vigild hung up on the endless answers: %s" % http.lines("client hung up"))
    rss_after = rss_kib(lb.proc.pid)
    vt.say("vigild RSS %d KiB healthy, %d KiB after the hostile servers"
           % (rss_healthy, rss_after))
    # Under AddressSanitizer freed memory sits in its quarantine (256 MiB)
    # and RSS says nothing about vigild's own use.
    with open(vt.vigild_path(), "rb") as f:
        asan = b"__asan_init" in f.read()
    if asan:
        vt.say("vigild is an ASan build: its RSS is not compared")
    else:
        vt.check(rss_after - rss_healthy < 16 * 1024,
                 "vigild grew by %d KiB through the hostile servers" % (rss_after - rss_healthy))
    ct.stop(lb)


vt.run(test)
