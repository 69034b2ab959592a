#!/usr/bin/python3
"""systemd: the configured vigil.service passes `systemd-analyze verify`.

The unit from the build dir (systemd/vigil.service) is copied with its
ExecStart= pointed at the built vigild (verify insists that the binary
exists and is executable; the installed path does not exist in a build
tree) and checked offline with `systemd-analyze verify --man=no`; PID 1
need not be systemd. Any output at all fails the test: verify reports
unknown keys and unparsable values as warnings with exit status 0.

A copy with a misspelt key must draw a complaint, so that a verify that
checks nothing cannot pass. The unit also keeps the settings CONTRACT.md
and the issue promise (Type=notify, BusName=, the watchdog, the sandbox).

Needs no root. Exit 0 pass, 1 fail, 77 skip (systemd-analyze missing).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def builddir():
    return os.environ.get("VIGIL_BUILDDIR") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "build")


def vigild():
    return os.environ.get("VIGILD") or os.path.join(builddir(), "src", "vigild")


def verify(path):
    """systemd-analyze verify; return (exit status, all output)."""
    res = subprocess.run(["systemd-analyze", "verify", "--man=no", path],
                         capture_output=True, text=True, timeout=60,
                         stdin=subprocess.DEVNULL)
    return res.returncode, (res.stdout + res.stderr).strip()


def fail(msg):
    print("FAIL systemd_verify: %s" % msg, flush=True)
    sys.exit(1)


def main():
    if shutil.which("systemd-analyze") is None:
        print("SKIP: systemd-analyze is not installed")
        sys.exit(77)
    unit = os.path.join(builddir(), "systemd", "vigil.service")
    if not os.path.exists(unit):
        fail("%s was not configured" % unit)
    with open(unit) as f:
        text = f.read()

    if re.search(r"@\w+@", text):
        fail("an @variable@ was left unconfigured:\n" + text)
    exec_start = re.search(r"(?m)^ExecStart=(\S+)", text)
    if not exec_start or not exec_start.group(1).endswith("/sbin/vigild"):
        fail("ExecStart= does not run sbindir's vigild: %r"
             % (exec_start.group(0) if exec_start else None))
    for want in ("Type=notify", "BusName=org.vigil.Vigil1",
                 "ExecReload=/bin/kill -HUP $MAINPID", "RuntimeDirectory=vigil",
                 "WatchdogSec=", "Restart=on-failure", "ProtectSystem=strict",
                 "CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW "
                 "CAP_NET_BIND_SERVICE CAP_SETUID CAP_SETGID CAP_KILL",
                 "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK AF_PACKET"):
        if not re.search(r"(?m)^" + re.escape(want), text):
            fail("the unit lacks %s" % want)

    work = tempfile.mkdtemp(prefix="vigil-systemd-verify-")
    try:
        local = text.replace(exec_start.group(1), os.path.abspath(vigild()), 1)
        good = os.path.join(work, "vigil.service")
        with open(good, "w") as f:
            f.write(local)
        rc, out = verify(good)
        print("$ systemd-analyze verify --man=no vigil.service -> %d%s"
              % (rc, ("\n" + out) if out else ""), flush=True)
        if rc != 0 or out:
            fail("systemd-analyze verify complained about vigil.service")

        os.makedirs(os.path.join(work, "bad"))
        bad = os.path.join(work, "bad", "vigil.service")
        with open(bad, "w") as f:
            f.write(local.replace("LockPersonality=", "LockPersonalty=", 1))
        rc, out = verify(bad)
        print("$ systemd-analyze verify a misspelt copy -> %d: %s" % (rc, out), flush=True)
        if "LockPersonalty" not in out:
            fail("verify did not notice a misspelt key: the check checks nothing")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("PASS systemd_verify", flush=True)


if __name__ == "__main__":
    main()
