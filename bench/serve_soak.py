#!/usr/bin/env python3
"""Soak test of `folio serve` under many clients, on loopback only.

    python3 bench/serve_soak.py [--folio BIN] [--handbook DIR] [--seconds 20]
        [--keep-alive 200] [--fresh 4] [--events 4] [--idle 100] [--stall 2.0]
        [--out RESULT.json]

Starts `folio serve --port 0` on the handbook (the bundled one by default),
waits until it listens, then for SECONDS drives at once:

- KEEP_ALIVE clients, each on one HTTP/1.1 keep-alive connection, fetching
  the home page and the pages and assets it links to, one after another;
- FRESH clients opening a new connection for every request (what a browser
  does after its idle connections were closed) - the requests that stalled
  for 15 s in issue 12;
- EVENTS clients opening live-reload streams (`/__folio/events`), reading
  the first status and closing them again, over and over (each closed
  stream used to keep a server thread);
- IDLE connections opened at the start that never send anything.

A request is a stall if it failed or took longer than STALL seconds. The
server's thread count and resident memory (from /proc/PID/status) are
sampled every 0.2 s: at the start (after the build, before any client), the
peak, and at the end (all clients gone, after a 2 s settle). Linux only
(/proc). The server is stopped by its pid at the end. Python 3.11 stdlib.
"""

import argparse
import html as html_lib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def proc_status(pid):
    """(threads, RSS in MiB) of process `pid`."""
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.split()
    return int(fields["Threads"][0]), int(fields["VmRSS"][0]) / 1024


class Server:
    def __init__(self, folio, handbook):
        self.proc = subprocess.Popen(
            [folio, "serve", "--port", "0", "--handbook", handbook],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        started = time.time()
        for line in self.proc.stderr:
            m = re.search(r"http://([0-9.]+):(\d+)/", line)
            if m:
                self.host, self.port = m.group(1), int(m.group(2))
                break
        else:
            sys.exit("folio serve stopped before listening")
        self.build_seconds = time.time() - started
        # Keep draining stderr so that the server never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in self.proc.stderr], daemon=True).start()

    def stop(self):
        os.kill(self.proc.pid, signal.SIGTERM)
        self.proc.wait()


class Results:
    def __init__(self, stall):
        self.lock = threading.Lock()
        self.stall = stall
        self.by_kind = {}

    def record(self, kind, seconds, error=None):
        with self.lock:
            r = self.by_kind.setdefault(kind, {"requests": 0, "failed": 0, "slow": 0, "max_s": 0.0, "errors": {}})
            r["requests"] += 1
            r["max_s"] = max(r["max_s"], seconds)
            if error is not None:
                r["failed"] += 1
                r["errors"][error] = r["errors"].get(error, 0) + 1
            elif seconds > self.stall:
                r["slow"] += 1


def timed(results, kind, fn):
    started = time.monotonic()
    try:
        fn()
        results.record(kind, time.monotonic() - started)
        return True
    except (OSError, http.client.HTTPException, AssertionError) as e:
        results.record(kind, time.monotonic() - started, type(e).__name__)
        return False


def linked_paths(server, limit=30):
    """The home page and what it links to on the same site, and what those
    pages link to (up to `limit` paths)."""
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    paths = ["/"]
    for page in paths:
        if len(paths) >= limit:
            break
        if not page.endswith(("/", ".html")):
            continue
        conn.request("GET", page)
        html = conn.getresponse().read().decode("utf-8", "replace")
        for href in re.findall(r'(?:href|src)="([^"]+)"', html):
            path = urllib.parse.urljoin(page, html_lib.unescape(href)).split("#")[0]
            if path.startswith("/") and not path.startswith("//") and path not in paths:
                paths.append(path)
    conn.close()
    return paths[:limit]


def keep_alive_client(server, paths, results, stop, timeout):
    conn = None
    i = 0
    while not stop.is_set():
        path = paths[i % len(paths)]
        i += 1
        if conn is None:
            conn = http.client.HTTPConnection(server.host, server.port, timeout=timeout)

        def fetch():
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            assert resp.status == 200, f"{path}: {resp.status}"

        if not timed(results, "keep-alive", fetch):
            conn.close()
            conn = None


def fresh_client(server, results, stop, timeout):
    while not stop.is_set():
        def fetch():
            conn = http.client.HTTPConnection(server.host, server.port, timeout=timeout)
            try:
                conn.request("GET", "/", headers={"Connection": "close"})
                resp = conn.getresponse()
                resp.read()
                assert resp.status == 200, resp.status
            finally:
                conn.close()

        timed(results, "fresh", fetch)


def events_client(server, results, stop, timeout):
    while not stop.is_set():
        def open_and_close():
            with socket.create_connection((server.host, server.port), timeout=timeout) as s:
                s.sendall(b"GET /__folio/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
                data = b""
                while b"data: " not in data:
                    chunk = s.recv(4096)
                    assert chunk, "the event stream ended"
                    data += chunk

        timed(results, "events", open_and_close)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_bin = os.path.join(REPO, "target", "release", "folio")
    ap.add_argument("--folio", default=default_bin, help="the folio binary (default: target/release/folio)")
    ap.add_argument("--handbook", default=os.path.join(REPO, "handbook"))
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--keep-alive", type=int, default=200)
    ap.add_argument("--fresh", type=int, default=4)
    ap.add_argument("--events", type=int, default=4)
    ap.add_argument("--idle", type=int, default=100)
    ap.add_argument("--stall", type=float, default=2.0, help="seconds after which a request counts as stalled")
    ap.add_argument("--timeout", type=float, default=30, help="client socket timeout (a failed request)")
    ap.add_argument("--out", help="also write the results here as JSON")
    args = ap.parse_args()

    server = Server(args.folio, args.handbook)
    samples = []
    sampling = threading.Event()

    def sample():
        while not sampling.is_set():
            try:
                samples.append(proc_status(server.proc.pid))
            except OSError:
                return
            time.sleep(0.2)

    try:
        start = proc_status(server.proc.pid)
        threading.Thread(target=sample, daemon=True).start()
        paths = linked_paths(server)
        results = Results(args.stall)
        stop = threading.Event()
        idle = [socket.create_connection((server.host, server.port)) for _ in range(args.idle)]
        clients = [threading.Thread(target=keep_alive_client, args=(server, paths, results, stop, args.timeout))
                   for _ in range(args.keep_alive)]
        clients += [threading.Thread(target=fresh_client, args=(server, results, stop, args.timeout))
                    for _ in range(args.fresh)]
        clients += [threading.Thread(target=events_client, args=(server, results, stop, args.timeout))
                    for _ in range(args.events)]
        for c in clients:
            c.start()
        time.sleep(args.seconds)
        stop.set()
        for c in clients:
            c.join()
        for s in idle:
            s.close()
        time.sleep(2)
        end = proc_status(server.proc.pid)
        sampling.set()
    finally:
        server.stop()

    peak = (max(s[0] for s in samples + [end]), max(s[1] for s in samples + [end]))
    total = sum(r["requests"] for r in results.by_kind.values())
    report = {
        "folio": args.folio,
        "handbook": args.handbook,
        "build_seconds": round(server.build_seconds, 2),
        "seconds": args.seconds,
        "clients": {"keep_alive": args.keep_alive, "fresh": args.fresh, "events": args.events, "idle": args.idle},
        "paths": len(paths),
        "requests_per_second": round(total / args.seconds),
        "stall_seconds": args.stall,
        "by_kind": {k: {**v, "max_s": round(v["max_s"], 3)} for k, v in sorted(results.by_kind.items())},
        "threads": {"start": start[0], "peak": peak[0], "end": end[0]},
        "rss_mib": {"start": round(start[1], 1), "peak": round(peak[1], 1), "end": round(end[1], 1)},
    }
    stalls = sum(v["failed"] + v["slow"] for v in results.by_kind.values())
    print(f"folio serve soak: {args.seconds:g} s, {total} requests ({report['requests_per_second']}/s), "
          f"build {report['build_seconds']} s")
    for kind, v in report["by_kind"].items():
        print(f"  {kind:<10} {v['requests']:>8} requests  {v['failed']:>4} failed  "
              f"{v['slow']:>4} over {args.stall:g} s  slowest {v['max_s']:.3f} s  {v['errors'] or ''}")
    print(f"  threads    start {start[0]}  peak {peak[0]}  end {end[0]}")
    print(f"  RSS (MiB)  start {start[1]:.1f}  peak {peak[1]:.1f}  end {end[1]:.1f}")
    print(f"  stalls: {stalls}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(report, f, indent=2)
            f.write("\n")
    return 1 if stalls else 0


if __name__ == "__main__":
    sys.exit(main())
