#!/usr/bin/env python3
"""Runs several shell commands in alternation and records wall time and peak RSS.

    python3 measure.py --spec SPEC.json --out RESULT.json

SPEC.json:
    {"label": "1000 pages", "warmup": 1, "runs": 5,
     "commands": [{"name": "folio", "cmd": "...", "prepare": "rm -rf ..."}, ...]}

Each round runs every command once (after its untimed `prepare`), and the
order rotates from round to round, so a slow spell of a shared machine hits
every tool alike; hyperfine would run all runs of one command first. The wall
time is measured around the child process with a monotonic clock; the peak
resident set size is GNU time's %M (kilobytes), i.e. the largest single process
of the command (for `a && b`, the larger of a and b). `warmup` rounds are run
and discarded. A command that fails is reported with the tail of its log and
dropped from the remaining rounds; the others go on.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(cmd, log_path):
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as tf:
        time_file = tf.name
    try:
        with open(log_path, "ab") as log:
            log.write(("\n$ %s\n" % cmd).encode())
            log.flush()
            t0 = time.perf_counter()
            rc = subprocess.call(
                ["/usr/bin/time", "-f", "%M %U %S", "-o", time_file, "bash", "-c", cmd],
                stdout=log, stderr=log, stdin=subprocess.DEVNULL)
            wall = time.perf_counter() - t0
        with open(time_file) as f:
            lines = [ln for ln in f.read().splitlines() if ln.strip()]
        rss, user, sys_ = (lines[-1].split() + ["0", "0", "0"])[:3] if lines else ("0", "0", "0")
        return rc, wall, int(rss), float(user), float(sys_)
    finally:
        os.unlink(time_file)


def tail(path, n=15):
    try:
        with open(path, "rb") as f:
            return b"\n".join(f.read().splitlines()[-n:]).decode("utf-8", "replace")
    except OSError:
        return ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--spec", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--logdir", default=None, help="where each command's output goes")
    args = ap.parse_args()
    with open(args.spec) as f:
        spec = json.load(f)
    logdir = args.logdir or os.path.dirname(os.path.abspath(args.out))
    os.makedirs(logdir, exist_ok=True)
    cmds = spec["commands"]
    warmup, runs = int(spec.get("warmup", 1)), int(spec.get("runs", 3))
    res = {c["name"]: {"name": c["name"], "cmd": c["cmd"], "prepare": c.get("prepare"),
                       "wall_s": [], "rss_kb": [], "user_s": [], "sys_s": [],
                       "failed": None, "log": os.path.join(logdir, "%s.log" % safe(spec.get("label", "run") + "-" + c["name"]))}
           for c in cmds}
    for r in res.values():
        open(r["log"], "w").close()
    total_rounds = warmup + runs
    for rnd in range(total_rounds):
        k = rnd % len(cmds)
        order = cmds[k:] + cmds[:k]
        for c in order:
            r = res[c["name"]]
            if r["failed"]:
                continue
            if c.get("prepare"):
                subprocess.call(["bash", "-c", c["prepare"]], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
            rc, wall, rss, user, sys_ = run_once(c["cmd"], r["log"])
            what = "warm-up" if rnd < warmup else "run %d/%d" % (rnd - warmup + 1, runs)
            if rc != 0:
                r["failed"] = "exit code %d" % rc
                print("    %-16s %s FAILED (exit %d); last lines of %s:\n%s" % (
                    c["name"], what, rc, r["log"], indent(tail(r["log"]))), file=sys.stderr, flush=True)
                continue
            print("    %-16s %-10s %8.2f s  %8.1f MiB" % (c["name"], what, wall, rss / 1024),
                  file=sys.stderr, flush=True)
            if rnd >= warmup:
                r["wall_s"].append(wall)
                r["rss_kb"].append(rss)
                r["user_s"].append(user)
                r["sys_s"].append(sys_)
    for r in res.values():
        if r["wall_s"]:
            r["median_wall_s"] = statistics.median(r["wall_s"])
            r["median_rss_kb"] = statistics.median(r["rss_kb"])
            r["median_cpu_s"] = statistics.median([u + s for u, s in zip(r["user_s"], r["sys_s"])])
            r["min_wall_s"] = min(r["wall_s"])
            r["max_wall_s"] = max(r["wall_s"])
    out = {"label": spec.get("label"), "warmup": warmup, "runs": runs,
           "results": [res[c["name"]] for c in cmds]}
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)


def safe(s):
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in s)


def indent(s):
    return "\n".join("      | " + ln for ln in s.splitlines())


if __name__ == "__main__":
    main()
