#!/usr/bin/python3
"""config-samples: every keepalived sample keepalived accepts, vigild accepts.

In a network namespace this test makes (with interfaces eth0..eth3, dummy
or, where the kernel has no dummy driver, veth), it runs `keepalived -t -f
SAMPLE` and `$VIGILD -t -f SAMPLE` on every sample config in
tests/unit/data/keepalived-samples (keepalived 2.2.7's doc/samples). For
each sample keepalived accepts (exit 0), vigild must exit 0 and print no
`error:` line. Samples keepalived rejects are listed with both verdicts.

Needs root, ip(8) and keepalived; exits 77 (skip) without them.
"""

import glob
import os
import shutil
import subprocess
import sys

SKIP = 77


def say(msg):
    print(msg, flush=True)


def run(argv, timeout=30):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=timeout)


def make_namespace(ns):
    run(["ip", "netns", "add", ns]).check_returncode()
    for i in range(4):
        name = "eth%d" % i
        if run(["ip", "-n", ns, "link", "add", name, "type", "dummy"]).returncode != 0:
            run(["ip", "-n", ns, "link", "add", name, "type", "veth",
                 "peer", "name", "peer%d" % i]).check_returncode()
            run(["ip", "-n", ns, "link", "set", "peer%d" % i, "up"]).check_returncode()
        run(["ip", "-n", ns, "link", "set", name, "up"]).check_returncode()
    # the track_interface sample runs on a VLAN; without 8021q it stays absent
    if run(["ip", "-n", ns, "link", "add", "link", "eth0", "name", "eth0.1",
            "type", "vlan", "id", "1"]).returncode == 0:
        run(["ip", "-n", ns, "link", "set", "eth0.1", "up"])
    run(["ip", "-n", ns, "link", "set", "lo", "up"])


def main():
    vigild = os.environ.get("VIGILD")
    srcdir = os.environ.get("VIGIL_SRCDIR",
                            os.path.join(os.path.dirname(__file__), "..", ".."))
    samples = sorted(glob.glob(os.path.join(srcdir, "tests", "unit", "data",
                                            "keepalived-samples", "keepalived.conf.*")))
    if os.geteuid() != 0:
        say("SKIP: needs root for a network namespace")
        return SKIP
    for tool in ("ip", "keepalived"):
        if shutil.which(tool) is None:
            say("SKIP: %s is not installed" % tool)
            return SKIP
    if not vigild or not os.access(vigild, os.X_OK):
        say("SKIP: VIGILD does not name the built vigild")
        return SKIP
    if not samples:
        say("FAIL: no samples found under %s" % srcdir)
        return 1

    ns = "vigil-samples-%d" % os.getpid()
    failures = []
    try:
        make_namespace(ns)
        for path in samples:
            name = os.path.basename(path)
            ka = run(["ip", "netns", "exec", ns, "keepalived", "-t", "-f", path,
                      "-l", "-n"])
            vg = run(["ip", "netns", "exec", ns, vigild, "-t", "-f", path])
            errors = [line for line in vg.stdout.splitlines() if ": error: " in line]
            verdict = "ok"
            if ka.returncode == 0 and (vg.returncode != 0 or errors):
                verdict = "FAIL"
                failures.append(name)
            say("%-40s keepalived %-2d vigild %-2d %s" % (name, ka.returncode, vg.returncode,
                                                          verdict))
            if verdict == "FAIL" or (ka.returncode != 0 and os.environ.get("VERBOSE")):
                for line in (ka.stdout + vg.stdout).splitlines():
                    say("    " + line)
    finally:
        run(["ip", "netns", "del", ns])
    if failures:
        say("FAIL: vigild rejects samples keepalived accepts: %s" % ", ".join(failures))
        return 1
    say("PASS: %d samples" % len(samples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
