#!/usr/bin/env python3
"""One-page-edit latency of `folio serve`: from saving a page to the preview's
reload event.

    python3 serve_latency.py --folio BIN --handbook DIR --page PAGE.md \
        --url-path /v2/es/page.html [--runs 7] [--warmup 1] --out RESULT.json

Starts `folio serve --port P` (a free loopback port), waits until it listens
(it builds the whole site into memory first: that time is reported too),
subscribes to its server-sent events (`/__folio/events`, what open pages
listen to), then, per run, rewrites PAGE.md (as bench/corpus.py edit does) and
times until an event with a new build generation arrives. That is what an
editor waits for between saving and the page reloading: the watcher's
debounce (80 ms in src/serve/watch.rs), the narrow rebuild and the
notification. The server's own "rebuilt ... in N ms" lines are reported beside
it. Each run then fetches the page and checks that the edit is in it. Peak RSS
is the server's VmHWM. The server is stopped (by its pid) at the end.
"""

import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in bench/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Events:
    """Reads the SSE stream in a thread; `wait(gen)` blocks for a generation > gen."""

    def __init__(self, port):
        self.cond = threading.Condition()
        self.statuses = []
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.conn.request("GET", "/__folio/events")
        self.resp = self.conn.getresponse()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            line = self.resp.readline()
            if not line:
                return
            line = line.decode("utf-8", "replace").rstrip("\r\n")
            if line.startswith("data:"):
                st = json.loads(line[5:].strip())
                with self.cond:
                    self.statuses.append((time.perf_counter(), st))
                    self.cond.notify_all()

    def latest(self):
        with self.cond:
            return self.statuses[-1][1] if self.statuses else None

    def count(self):
        with self.cond:
            return len(self.statuses)

    def wait_for(self, pred, timeout, start=0):
        """The first status from index `start` on that satisfies pred: (time, status, index)."""
        end = time.perf_counter() + timeout
        with self.cond:
            while True:
                for k in range(start, len(self.statuses)):
                    t, st = self.statuses[k]
                    if pred(st):
                        return t, st, k
                left = end - time.perf_counter()
                if left <= 0:
                    return None, None, None
                self.cond.wait(left)


def get(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--folio", required=True)
    ap.add_argument("--handbook", required=True)
    ap.add_argument("--page", required=True)
    ap.add_argument("--url-path", required=True)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--log", default=None)
    ap.add_argument("--budget", type=float, default=300,
                    help="stop editing after this many seconds of edits (a preview that never settles)")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    port = free_port()
    log_path = a.log or a.out + ".log"
    log = open(log_path, "wb")
    t_start = time.perf_counter()
    proc = subprocess.Popen([a.folio, "serve", "--handbook", a.handbook, "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    result = {"cmd": "%s serve --handbook %s --port %d" % (a.folio, a.handbook, port), "url": a.url_path,
              "page": a.page, "latency_s": [], "server_ms": [], "failed": None}
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError("folio serve exited with %s before listening" % proc.returncode)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.perf_counter() - t_start > 900:
                    raise RuntimeError("folio serve did not listen within 900 s")
                time.sleep(0.05)
        ev = Events(port)
        _, st, _ = ev.wait_for(lambda s: True, 900)
        if st is None or st.get("error"):
            raise RuntimeError("no good initial build: %s" % st)
        result["startup_s"] = time.perf_counter() - t_start
        gen = st["generation"]
        # A preview at rest should not rebuild: count what it does in 3 idle seconds.
        time.sleep(3)
        idle = ev.latest()["generation"] - gen
        result["idle_rebuilds_in_3s"] = idle
        if idle:
            print("    folio serve rebuilt %d times in 3 idle seconds (nothing was edited)" % idle,
                  file=sys.stderr, flush=True)
        t_edits = time.perf_counter()
        lat_all = []
        for i in range(a.warmup + a.runs):
            if i and time.perf_counter() - t_edits > a.budget:
                raise RuntimeError("stopped after %d of %d edits: %.0f s spent (budget %.0f s); the edits took %s" % (
                    i, a.warmup + a.runs, time.perf_counter() - t_edits, a.budget,
                    ", ".join("%.1f s" % x for x in lat_all)))
            time.sleep(0.6)  # let the watcher settle, so edits are not coalesced
            seen = ev.latest()["generation"]
            start = ev.count()
            t0 = time.perf_counter()
            corpus.edit(a.page)
            with open(a.page, encoding="utf-8") as f:
                stamp = re.search(r"Edición de prueba (\d+)", f.read()).group(1).encode()
            # The first build whose site holds the edit (other rebuilds may come first).
            t1 = None
            while t1 is None:
                t, st, k = ev.wait_for(lambda s, g=seen: s["generation"] > g or s.get("error"),
                                       120 - (time.perf_counter() - t0), start)
                if st is None:
                    raise RuntimeError("no rebuild holding the edit within 120 s of saving")
                if st.get("error"):
                    raise RuntimeError("rebuild failed: %s" % st["error"][:500])
                seen, start = st["generation"], k + 1
                code, body = get(port, a.url_path)
                if code == 200 and stamp in body:
                    t1 = t
            lat = t1 - t0
            lat_all.append(lat)
            what = "warm-up" if i < a.warmup else "run %d/%d" % (i - a.warmup + 1, a.runs)
            print("    folio-serve-edit %-10s %8.0f ms" % (what, lat * 1000), file=sys.stderr, flush=True)
            if i >= a.warmup:
                result["latency_s"].append(lat)
    except (Exception, KeyboardInterrupt) as e:  # reported, not raised: the rest of the benchmark goes on
        result["failed"] = str(e) or type(e).__name__
        print("    folio serve: FAILED: %s (log: %s)" % (e, log_path), file=sys.stderr)
    finally:
        try:
            with open("/proc/%d/status" % proc.pid) as f:
                hwm = re.search(r"VmHWM:\s+(\d+) kB", f.read())
            result["peak_rss_kb"] = int(hwm.group(1)) if hwm else None
        except OSError:
            pass
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if result["latency_s"] and not result["failed"]:
        result["median_latency_s"] = statistics.median(result["latency_s"])
        result["min_latency_s"] = min(result["latency_s"])
        result["max_latency_s"] = max(result["latency_s"])
    log.close()
    with open(log_path, encoding="utf-8", errors="replace") as f:
        rebuilt = re.findall(r"rebuilt \((\w+).*?\) in (\d+) ms", f.read())
    result["server_rebuilds"] = len(rebuilt)
    result["server_kinds"] = sorted(set(k for k, _ in rebuilt))
    # The server's time for the edits measured (its last len(latency_s) rebuilds, when it is not rebuilding by itself).
    if result["latency_s"] and not result.get("idle_rebuilds_in_3s"):
        result["server_ms"] = [int(ms) for _, ms in rebuilt][-len(result["latency_s"]):]
        result["median_server_ms"] = statistics.median(result["server_ms"])
    with open(a.out, "w") as f:
        json.dump(result, f, indent=1)
    return 0 if not result["failed"] else 1


if __name__ == "__main__":
    sys.exit(main())
