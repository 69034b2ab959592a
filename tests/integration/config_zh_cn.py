#!/usr/bin/python3
"""config_zh_cn: vigild -t and --help speak Chinese when the user asks.

Runs the built vigild ($VIGILD) with LANGUAGE=zh_CN LANG=C.UTF-8 and the
catalogue from the build tree (VIGIL_LOCALEDIR=$VIGIL_BUILDDIR/po, where
meson's i18n module builds zh_CN/LC_MESSAGES/vigil.mo), on a broken config
that includes a second file. The diagnostics must be the English run's,
line for line at the same FILE:LINE:COL, with "错误"/"警告" and translated
message bodies; vigild's and vigilctl's --help must be translated too. Installs nothing, needs no
root; exits 77 (skip) when the C.UTF-8 locale is missing.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77

MAIN_CONF = """\
global_defs {
    router_id R1
}
include sub.conf
vrrp_instance VI_1 {
    state MASTER
    interface lo
    virtual_router_id 300
    priority 100
    virtal_ipaddress {
        192.0.2.1/24
    }
}
"""

SUB_CONF = """\
vrrp_script chk {
    script "/bin/true"
    interval 2
    wieght 10
}
"""

DIAG = re.compile(r"^(?P<loc>[^:]+:\d+:\d+): (?P<level>[^:]+): (?P<text>.*)$")


def say(msg):
    print(msg, flush=True)


def clean_env(language):
    env = dict(os.environ)
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        env.pop(name, None)
    env["LANG"] = "C.UTF-8"
    if language:
        env["LANGUAGE"] = language
    env["VIGIL_LOCALEDIR"] = os.path.join(os.environ["VIGIL_BUILDDIR"], "po")
    return env


def run(argv, language):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=clean_env(language), text=True, timeout=60)


def diagnostics(stderr):
    found = []
    for line in stderr.splitlines():
        m = DIAG.match(line)
        if m:
            found.append((m.group("loc"), m.group("level"), m.group("text")))
    return found


def has_c_utf8():
    out = subprocess.run(["locale", "-a"], stdout=subprocess.PIPE, text=True).stdout
    return any(name.lower() in ("c.utf8", "c.utf-8") for name in out.split())


def main():
    vigild = os.environ.get("VIGILD")
    builddir = os.environ.get("VIGIL_BUILDDIR")
    if not vigild or not builddir:
        say("FAIL: VIGILD and VIGIL_BUILDDIR must name the build (run through meson test)")
        return 1
    mo = os.path.join(builddir, "po", "zh_CN", "LC_MESSAGES", "vigil.mo")
    if not os.path.exists(mo):
        say("FAIL: %s is missing (meson compile builds it)" % mo)
        return 1
    if shutil.which("locale") is not None and not has_c_utf8():
        say("SKIP: no C.UTF-8 locale")
        return SKIP

    failures = []
    checks = []

    def check(ok, what):
        say(("ok   " if ok else "FAIL ") + what)
        checks.append(what)
        if not ok:
            failures.append(what)

    with tempfile.TemporaryDirectory(prefix="vigil-zh-") as tmp:
        main_conf = os.path.join(tmp, "main.conf")
        sub_conf = os.path.join(tmp, "sub.conf")
        with open(main_conf, "w") as f:
            f.write(MAIN_CONF)
        with open(sub_conf, "w") as f:
            f.write(SUB_CONF)

        en = run([vigild, "-t", "-f", main_conf], None)
        zh = run([vigild, "-t", "-f", main_conf], "zh_CN")
        say("--- English:\n" + en.stderr + "--- zh_CN:\n" + zh.stderr + "---")
        en_diags = diagnostics(en.stderr)
        zh_diags = diagnostics(zh.stderr)

        check(en.returncode == 1 and zh.returncode == 1,
              "vigild -t exits 1 in both languages (%d, %d)" % (en.returncode, zh.returncode))
        check(len(en_diags) >= 4 and len(zh_diags) == len(en_diags),
              "as many diagnostics in Chinese as in English (%d, %d)"
              % (len(zh_diags), len(en_diags)))
        check([d[0] for d in zh_diags] == [d[0] for d in en_diags],
              "every diagnostic keeps its FILE:LINE:COL")
        levels = {"error": "错误", "warning": "警告", "note": "注意"}
        check(all(z[1] == levels.get(e[1]) for e, z in zip(en_diags, zh_diags)),
              "error/warning/note are 错误/警告/注意")
        check(all(z[2] != e[2] for e, z in zip(en_diags, zh_diags)),
              "every message body is translated")
        check(all(re.search("[\u4e00-\u9fff]", z[2]) for z in zh_diags),
              "every message body has Chinese text")

        def zh_line(loc_suffix, *words):
            for loc, level, text in zh_diags:
                if loc.endswith(loc_suffix) and all(w in level + " " + text for w in words):
                    return True
            return False

        check(zh_line("main.conf:8:23", "错误", "'virtual_router_id'", "'300'", "无效",
                      "1 到 255"),
              "out-of-range VRID: main.conf:8:23, named and explained in Chinese")
        check(zh_line("main.conf:10:5", "错误", "未知关键字", "'virtal_ipaddress'",
                      "'virtual_ipaddress'"),
              "unknown keyword: main.conf:10:5, with its suggestion in Chinese")
        check(zh_line(sub_conf + ":4:5", "错误", "'wieght'", "'weight'"),
              "an error in the included file keeps the included file's name and position")

        en_help = run([vigild, "--help"], None)
        zh_help = run([vigild, "--help"], "zh_CN")
        check(en_help.returncode == 0 and zh_help.returncode == 0, "--help exits 0")
        check("Check the configuration" in en_help.stdout, "--help in English without LANGUAGE")
        check("检查配置" in zh_help.stdout and "配置文件（默认：" in zh_help.stdout
              and "VRRP 与健康检查守护进程" in zh_help.stdout
              and "Check the configuration" not in zh_help.stdout,
              "--help is translated")
        check("--config-test" in zh_help.stdout and "--runtime-dir" in zh_help.stdout,
              "option names stay as they are")

        vigilctl = os.environ.get("VIGILCTL")
        if vigilctl:
            ctl_help = run([vigilctl, "--help"], "zh_CN")
            check(ctl_help.returncode == 0 and "输出 JSON" in ctl_help.stdout
                  and "check-config" in ctl_help.stdout,
                  "vigilctl --help is translated, its commands are not")

    say("%d of %d checks failed" % (len(failures), len(checks)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
