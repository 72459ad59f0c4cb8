#!/usr/bin/env python3
"""Turns a bench/run.sh run (JSON files in RUN_DIR) into Markdown.

    python3 report.py --run RUN_DIR --results DIR [--benchmarks BENCHMARKS.md]

Writes DIR/latest.md (everything) and DIR/latest.json (the raw numbers), and,
with --benchmarks, replaces the summary between the markers
<!-- bench:summary:start --> and <!-- bench:summary:end --> in BENCHMARKS.md.
"""

import argparse
import glob
import json
import os
import re

START, END = "<!-- bench:summary:start -->", "<!-- bench:summary:end -->"
PEERS = ["hugo", "hugo+pagefind", "zola", "mdbook"]
LABEL = {"folio": "Folio (search index included)", "hugo": "Hugo (no search)",
         "hugo+pagefind": "Hugo + Pagefind", "zola": "Zola (elasticlunr index)",
         "mdbook": "mdBook (4 books, elasticlunr index)"}


def load(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def read(path, default=""):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return default


def fmt_s(x):
    if x is None:
        return "–"
    return "%.2f s" % x if x >= 1 else "%.0f ms" % (x * 1000)


def fmt_mib(kb):
    return "–" if kb is None else "%.0f MiB" % (kb / 1024)


def fmt_bytes(b):
    if b is None:
        return "–"
    if b >= 10 * 2**20:
        return "%.1f MB" % (b / 1e6)
    if b >= 10 * 1024:
        return "%.0f KB" % (b / 1e3)
    return "%d B" % b


def fmt_kb(b):
    return "–" if b is None else "%.2f KB" % (b / 1e3)


def ratio(a, b):
    if a is None or not b:
        return None
    return a / b


def fmt_ratio(r):
    return "–" if r is None else "%.2f" % r


def fmt_pages(n):
    return "{:,}".format(int(n))


class Run:
    def __init__(self, d):
        self.d = d
        self.meta = load(os.path.join(d, "meta.json"), {})
        self.tools = [ln.split("\t") for ln in read(os.path.join(d, "tools.tsv")).splitlines() if ln]
        self.skipped = [ln.split("\t", 1) for ln in read(os.path.join(d, "skipped.tsv")).splitlines() if ln]
        self.sizes = [s for s in self.meta.get("sizes", []) if os.path.exists(os.path.join(d, "build-%s.json" % s))]
        if os.path.exists(os.path.join(d, "build-real.json")):
            self.sizes_all = self.sizes + ["real"]
        else:
            self.sizes_all = list(self.sizes)

    def pages(self, size):
        return int(read(os.path.join(self.d, "pages-%s.txt" % size), str(size) if size != "real" else "0") or 0)

    def build(self, size):
        b = load(os.path.join(self.d, "build-%s.json" % size), {"results": []})
        return {r["name"]: r for r in b["results"]}, b

    def size(self, size, tool):
        return load(os.path.join(self.d, "size-%s-%s.json" % (size, tool)))

    def browser(self, size):
        return load(os.path.join(self.d, "browser-%s.json" % size))

    def edit(self, size):
        e = load(os.path.join(self.d, "edit-%s.json" % size))
        return e["results"][0] if e and e["results"] else None

    def serve(self, size):
        return load(os.path.join(self.d, "serve-%s.json" % size))

    def diff(self, size):
        e = load(os.path.join(self.d, "diff-%s.json" % size))
        return e["results"][0] if e and e["results"] else None

    def skipped_reason(self, key):
        for k, why in self.skipped:
            if k == key:
                return why
        return None


def index_per_page(run, size, tool):
    s = run.size(size, tool)
    if not s or s.get("index_bytes") is None:
        return None
    return s["index_bytes"] / max(1, run.pages(size))


def targets(run):
    """Rows (target, measured, verdict) on the largest synthetic corpus."""
    if not run.sizes:
        return None, []
    size = max(run.sizes, key=int)
    res, _ = run.build(size)
    f = res.get("folio", {})
    fw, fr = f.get("median_wall_s"), f.get("median_rss_kb")
    rows = []

    def peer(name):
        p = res.get(name)
        if p and p.get("median_wall_s"):
            return p
        return None

    def verdict(ok):
        return "**met**" if ok else "**missed**"

    h = peer("hugo")
    if h and fw:
        r = fw / h["median_wall_s"]
        rows.append(("Full build faster than Hugo without search (ratio < 1.0)",
                     "Folio %s vs Hugo %s: ratio %.2f" % (fmt_s(fw), fmt_s(h["median_wall_s"]), r), verdict(r < 1.0)))
    else:
        rows.append(("Full build faster than Hugo without search (ratio < 1.0)", "Hugo not measured", "not measured"))
    for name, label in (("hugo+pagefind", "Hugo + Pagefind"), ("zola", "Zola")):
        p = peer(name)
        if p and fw:
            r = fw / p["median_wall_s"]
            rows.append(("At least 3x faster than %s (ratio <= 0.33)" % label,
                         "Folio %s vs %s %s: ratio %.2f (Folio %.1fx %s)" % (
                             fmt_s(fw), label, fmt_s(p["median_wall_s"]), r, 1 / r if r < 1 else r,
                             "faster" if r < 1 else "slower"),
                         verdict(r <= 1 / 3)))
        else:
            why = run.skipped_reason(name) or ("failed: %s" % res[name]["failed"] if name in res else "not run")
            rows.append(("At least 3x faster than %s (ratio <= 0.33)" % label, "not measured: %s" % why.split(";")[0],
                         "not measured"))
    if h and fr:
        r = fr / h["median_rss_kb"]
        rows.append(("Peak memory below Hugo's", "Folio %s vs Hugo %s: ratio %.2f" % (
            fmt_mib(fr), fmt_mib(h["median_rss_kb"]), r), verdict(r < 1.0)))
    fi, pi = index_per_page(run, size, "folio"), index_per_page(run, size, "pagefind")
    if fi is not None and pi is not None:
        rows.append(("Search index bytes per page no larger than Pagefind's",
                     "Folio %s/page vs Pagefind %s/page (ratio %.2f); Folio's engine adds %s once" % (
                         fmt_kb(fi), fmt_kb(pi), fi / pi, fmt_bytes(run.size(size, "folio").get("engine_bytes"))),
                     verdict(fi <= pi)))
    e = run.edit(size)
    sv = run.serve(size)
    full_note = ("; a full `folio build` after the edit takes %s" % fmt_s(e["median_wall_s"])) if e and e.get("median_wall_s") else ""
    if sv and sv.get("median_latency_s") is not None:
        rows.append(("One-page-edit rebuild in serve mode under 300 ms",
                     "`folio serve`, save to reload event: %s (server's own rebuild time %s)%s" % (
                         fmt_s(sv["median_latency_s"]),
                         ("%.0f ms" % sv["median_server_ms"]) if sv.get("median_server_ms") is not None else "–", full_note),
                     verdict(sv["median_latency_s"] < 0.3)))
    elif sv:
        rows.append(("One-page-edit rebuild in serve mode under 300 ms",
                     "`folio serve` could not be measured: %s%s%s" % (
                         sv.get("failed"), ("; it rebuilt %d time(s) in 3 idle seconds" % sv["idle_rebuilds_in_3s"])
                         if sv.get("idle_rebuilds_in_3s") else "", full_note), "**missed**"))
    elif e and e.get("median_wall_s"):
        rows.append(("One-page-edit rebuild in serve mode under 300 ms",
                     "no serve mode: a full `folio build` after a one-page edit takes %s" % fmt_s(e["median_wall_s"]),
                     verdict(e["median_wall_s"] < 0.3) + " (full rebuild, not serve mode)"))
    d = run.diff(size)
    if d and d.get("median_wall_s"):
        rows.append(("Edition diff time (reported; no target)", "`folio diff`: %s" % fmt_s(d["median_wall_s"]), "reported"))
    else:
        rows.append(("Edition diff time (reported; no target)", "not available yet: %s" % (
            run.skipped_reason("diff-%s" % size) or "not run"), "not available yet"))
    return size, rows


def build_table(run, size):
    res, b = run.build(size)
    f = res.get("folio", {})
    lines = ["| Tool | Median wall | Min – max | Folio / tool (wall) | Median peak RSS | Folio / tool (RSS) | CPU (user+sys) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name in ["folio"] + PEERS:
        r = res.get(name)
        if not r:
            continue
        if r.get("failed") and not r.get("wall_s"):
            lines.append("| %s | failed (%s) | | | | | |" % (LABEL.get(name, name), r["failed"]))
            continue
        rw = "–" if name == "folio" else fmt_ratio(ratio(f.get("median_wall_s"), r.get("median_wall_s")))
        rr = "–" if name == "folio" else fmt_ratio(ratio(f.get("median_rss_kb"), r.get("median_rss_kb")))
        lines.append("| %s | %s | %s – %s | %s | %s | %s | %s |" % (
            LABEL.get(name, name), fmt_s(r.get("median_wall_s")), fmt_s(r.get("min_wall_s")), fmt_s(r.get("max_wall_s")),
            rw, fmt_mib(r.get("median_rss_kb")), rr, fmt_s(r.get("median_cpu_s"))))
    lines.append("")
    lines.append("%d warm-up + %d timed runs per tool, alternating. Ratios below 1.0 mean Folio is faster / smaller." % (
        b.get("warmup", 0), b.get("runs", 0)))
    return lines


def size_table(run, size):
    n = max(1, run.pages(size))
    lines = ["| Tool | Index bytes (grow with pages) | Index per page | Engine / UI (once) | Index + engine per page | Whole site | Site per page |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for tool, label in (("folio", "Folio: `search/index-*.js` (+ `engine.js`)"),
                        ("pagefind", "Pagefind: `pagefind/`"),
                        ("mdbook", "mdBook: `searchindex.js/json`"),
                        ("zola", "Zola: `search_index.*`"),
                        ("hugo", "Hugo (no search)")):
        s = run.size(size, tool)
        if not s:
            continue
        ib, eb = s.get("index_bytes"), s.get("engine_bytes")
        lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            label, fmt_bytes(ib), fmt_kb(None if ib is None else ib / n), fmt_bytes(eb),
            fmt_kb(None if ib is None else (ib + (eb or 0)) / n), fmt_bytes(s["site_bytes"]),
            fmt_kb(s["site_bytes"] / n)))
    lines.append("Per page = bytes / %s corpus pages. Pagefind's total includes every fragment; a browser fetches only "
                 "the chunks and fragments a query needs, while Folio's browser loads a whole edition-language index "
                 "(one `index-*.js`) on first search." % fmt_pages(n))
    return lines


def browser_lines(run, size):
    b = run.browser(size)
    if not b:
        why = run.skipped_reason("browser-%s" % size) or run.skipped_reason("browser")
        return ["Not measured%s." % (": " + why if why else "")]
    other = "; ".join("%s index + first query %.0f ms" % (k, v["first_ms"]) for k, v in b.get("other_language_first", {}).items())
    mem = b.get("memory") or {}
    lines = ["| Measure | Median |", "|---|---:|",
             "| Engine script + wasm instantiate (`FolioSearchEngine.load`) | %.0f ms |" % b["median_engine_ms"],
             "| Index load + first query (source language) | %.0f ms |" % b["median_first_ms"],
             "| First search, total (what a reader waits for) | %.0f ms |" % b["median_total_ms"],
             "| Per query, warm (%d queries, both languages) | %.2f ms (p90 %.2f, max %.2f) |" % (
                 len(b["queries"]), b["median_query_ms"], b["p90_query_ms"], b["max_query_ms"])]
    lines.append("")
    lines.append("%d fresh browser launches for the first-search numbers; %s. Page: `%s` from file://; %s. "
                 "Wasm memory after both indexes: %s." % (
                     len(b["loads"]), other or "no other language", b["page"], "Chromium " + b.get("chromium", "?"),
                     fmt_bytes(mem.get("wasm_memory_bytes"))))
    if b.get("zero_hit_queries"):
        lines.append("Queries with no hit: %s." % ", ".join("`%s`" % q for q in b["zero_hit_queries"]))
    return lines


def summary(run):
    """The short table for BENCHMARKS.md."""
    out = []
    out.append("Run of %s on %d cores (%s), %s GiB RAM; Folio: %s%s." % (
        run.meta.get("date", "?"), run.meta.get("nproc", 0), run.meta.get("cpu", "?"), run.meta.get("mem_gib", "?"),
        run.meta.get("folio_rev", "?"), " (quick mode)" if run.meta.get("quick") else ""))
    out.append("")
    out.append("| Corpus | Tool | Median wall | Folio / tool | Peak RSS | Folio / tool | Search index per page |")
    out.append("|---|---|---:|---:|---:|---:|---:|")
    for size in run.sizes_all:
        res, _ = run.build(size)
        f = res.get("folio", {})
        corpus = "%s pages" % fmt_pages(run.pages(size)) if size != "real" else "handbook/ (%d Markdown files)" % run.pages(size)
        for name in ["folio"] + PEERS:
            r = res.get(name)
            if not r:
                continue
            tool_for_size = {"folio": "folio", "hugo+pagefind": "pagefind", "mdbook": "mdbook", "zola": "zola"}.get(name)
            ipp = index_per_page(run, size, tool_for_size) if tool_for_size and size != "real" else None
            if size == "real" and name == "folio":
                s = run.size(size, "folio")
                ipp = None
                idx = fmt_bytes(s["index_bytes"]) + " total" if s else "–"
            else:
                idx = fmt_kb(ipp) if ipp is not None else ("none" if name == "hugo" else "–")
            if r.get("failed") and not r.get("wall_s"):
                out.append("| %s | %s | failed | | | | |" % (corpus, LABEL.get(name, name)))
                continue
            out.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                corpus, LABEL.get(name, name), fmt_s(r.get("median_wall_s")),
                "–" if name == "folio" else fmt_ratio(ratio(f.get("median_wall_s"), r.get("median_wall_s"))),
                fmt_mib(r.get("median_rss_kb")),
                "–" if name == "folio" else fmt_ratio(ratio(f.get("median_rss_kb"), r.get("median_rss_kb"))), idx))
    extra = []
    for size in run.sizes:
        e = run.edit(size)
        if e and e.get("median_wall_s"):
            extra.append("| %s pages | Folio: full `folio build` after a one-page edit | %s |" % (
                fmt_pages(run.pages(size)), fmt_s(e["median_wall_s"])))
        sv = run.serve(size)
        if sv:
            extra.append("| %s pages | Folio: `folio serve`, one-page edit, save to reload event | %s |" % (
                fmt_pages(run.pages(size)), fmt_s(sv["median_latency_s"]) if sv.get("median_latency_s") is not None
                else "not measurable: " + str(sv.get("failed"))))
        d = run.diff(size)
        extra.append("| %s pages | Folio: edition diff (`folio diff`) | %s |" % (
            fmt_pages(run.pages(size)), fmt_s(d["median_wall_s"]) if d and d.get("median_wall_s") else "not available yet"))
        b = run.browser(size)
        if b:
            extra.append("| %s pages | Browser: first search (engine + index + query), median | %.0f ms |" % (
                fmt_pages(run.pages(size)), b["median_total_ms"]))
            extra.append("| %s pages | Browser: per query, median (p90) | %.2f ms (%.2f ms) |" % (
                fmt_pages(run.pages(size)), b["median_query_ms"], b["p90_query_ms"]))
    sv = run.serve("real")
    if sv:
        extra.append("| handbook/ (bundled) | Folio: `folio serve`, one-page edit, save to reload event (target: under 100 ms) | %s |" % (
            "%s (%s)" % (fmt_s(sv["median_latency_s"]), "met" if sv["median_latency_s"] < 0.1 else "**missed**")
            if sv.get("median_latency_s") is not None else "not measurable: " + str(sv.get("failed"))))
    if extra:
        out += ["", "| Corpus | Measure | Median |", "|---|---|---:|"] + extra
    size, rows = targets(run)
    if rows:
        out += ["", "Targets of issue 7, on the %s-page corpus:" % fmt_pages(run.pages(size)), "",
                "| Target | Measured | Verdict |", "|---|---|---|"]
        out += ["| %s | %s | %s |" % r for r in rows]
    if run.skipped:
        out += ["", "Skipped: " + "; ".join("%s (%s)" % (k, v) for k, v in run.skipped) + "."]
    return out


def full(run):
    m = run.meta
    out = ["# Folio benchmark: latest results", "",
           "Written by `bench/run.sh`%s on %s. Method and how to run: [BENCHMARKS.md](../../BENCHMARKS.md)." % (
               " --quick" if m.get("quick") else "", m.get("date", "?")), ""]
    out += ["## Machine", "",
            "| | |", "|---|---|",
            "| CPU | %s |" % m.get("cpu", "?"),
            "| Cores (nproc) | %s |" % m.get("nproc", "?"),
            "| Memory | %s GiB |" % m.get("mem_gib", "?"),
            "| Kernel | %s |" % m.get("kernel", "?"),
            "| rustc | %s |" % m.get("rustc", "?"),
            "| Load average (1, 5, 15 min) at start / end | %s / %s |" % (m.get("loadavg_start", "?"), m.get("loadavg_end", "?")),
            "",
            "The machine is shared with other work (compiles of other sessions may run at the same time); runs "
            "alternate between tools so that such noise hits every tool alike.", ""]
    out += ["## Tools", "", "| Tool | Version | Path |", "|---|---|---|"]
    out += ["| %s | %s | `%s` |" % tuple((t + ["", "", ""])[:3]) for t in run.tools]
    out.append("")
    if run.skipped:
        out += ["## Skipped", ""] + ["- **%s**: %s" % (k, v) for k, v in run.skipped] + [""]
    out += ["## Summary", ""] + summary(run) + [""]
    for size in run.sizes_all:
        title = "%s pages" % fmt_pages(run.pages(size)) if size != "real" else "The bundled handbook (`handbook/`, Folio only)"
        out += ["## %s" % title, "", "### Full build", ""] + build_table(run, size) + [""]
        if size != "real":
            out += ["### Search index size", ""] + size_table(run, size) + [""]
        else:
            s = run.size("real", "folio")
            if s:
                out += ["Search payload: %s of index scripts (%d files) + %s engine; whole site %s (%d HTML files)." % (
                    fmt_bytes(s["index_bytes"]), s["index_files"], fmt_bytes(s["engine_bytes"]),
                    fmt_bytes(s["site_bytes"]), s["html_files"]), ""]
        out += ["### Search in the browser (headless Chromium, file://)", ""] + browser_lines(run, size) + [""]
        if size != "real":
            e = run.edit(size)
            out += ["### Rebuild after a one-page edit", ""]
            page = read(os.path.join(run.d, "edit-page-%s.txt" % size))
            sv = run.serve(size)
            if sv and sv.get("median_latency_s") is not None:
                out += ["**`folio serve`** (in-memory preview): from saving `%s` to the server-sent event of the first build "
                        "whose page holds the edit (what an open page waits for before it reloads; includes the watcher's "
                        "debounce). Median %s (min %s, max %s) over %d edits; the server's own rebuild times: median %s. "
                        "Initial build before serving: %s; server peak RSS %s." % (
                            page, fmt_s(sv["median_latency_s"]), fmt_s(sv["min_latency_s"]), fmt_s(sv["max_latency_s"]),
                            len(sv["latency_s"]), ("%.0f ms" % sv["median_server_ms"]) if sv.get("median_server_ms") is not None else "–",
                            fmt_s(sv.get("startup_s")), fmt_mib(sv.get("peak_rss_kb"))), ""]
            elif sv:
                out += ["**`folio serve` could not be measured**: %s (editing `%s`)%s. Initial build before serving: "
                        "%s; server peak RSS %s. While nothing was edited it rebuilt %s time(s) in 3 seconds; in all it "
                        "logged %s rebuilds (kinds: %s) before it was stopped. Its log: `%s`." % (
                            sv.get("failed"), page,
                            ("; the edits before that took %s" % ", ".join(fmt_s(x) for x in sv["latency_s"]))
                            if sv.get("latency_s") else "",
                            fmt_s(sv.get("startup_s")), fmt_mib(sv.get("peak_rss_kb")), sv.get("idle_rebuilds_in_3s", "?"),
                            sv.get("server_rebuilds", "?"), ", ".join(sv.get("server_kinds") or []) or "–",
                            os.path.join(run.d, "logs", "serve-%s.log" % size)), ""]
            else:
                out += ["`folio serve`: %s." % (run.skipped_reason("serve-%s" % size) or "not run"), ""]
            if e and e.get("wall_s"):
                out += ["**Full rebuild** (not serve mode): `folio build` over the existing site after editing `%s`. "
                        "Median %s (min %s, max %s) over %d runs; peak RSS %s." % (
                            page, fmt_s(e["median_wall_s"]), fmt_s(e["min_wall_s"]),
                            fmt_s(e["max_wall_s"]), len(e["wall_s"]), fmt_mib(e["median_rss_kb"])), ""]
            d = run.diff(size)
            out += ["### Edition diff", ""]
            if d and d.get("wall_s"):
                out += ["`%s`: median %s over %d runs, peak RSS %s." % (
                    d["cmd"], fmt_s(d["median_wall_s"]), len(d["wall_s"]), fmt_mib(d["median_rss_kb"])), ""]
            else:
                out += ["**Not available yet**: %s." % (run.skipped_reason("diff-%s" % size) or "not run"), ""]
    out += ["## Exact commands", "",
            "Each timed command ran as `bash -c CMD` under `/usr/bin/time -f %M` (peak RSS); the untimed "
            "preparation ran just before it.", ""]
    for spec in sorted(glob.glob(os.path.join(run.d, "spec-*.json"))):
        s = load(spec)
        out.append("- `%s` (%d warm-up, %d runs):" % (s["label"], s["warmup"], s["runs"]))
        for c in s["commands"]:
            out.append("  - %s: `%s`%s" % (c["name"], c["cmd"], ("  (before each: `%s`)" % c["prepare"]) if c.get("prepare") else ""))
    out.append("")
    return out


def raw(run):
    d = {"meta": run.meta, "tools": run.tools, "skipped": run.skipped}
    for f in sorted(glob.glob(os.path.join(run.d, "*.json"))):
        name = os.path.basename(f)[:-5]
        if name != "meta" and not name.startswith("spec-"):
            d[name] = load(f)
    for f in sorted(glob.glob(os.path.join(run.d, "pages-*.txt"))):
        d[os.path.basename(f)[:-4]] = read(f)
    return d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--benchmarks")
    a = ap.parse_args()
    run = Run(a.run)
    os.makedirs(a.results, exist_ok=True)
    md = os.path.join(a.results, "latest.md")
    with open(md, "w") as f:
        f.write("\n".join(full(run)) + "\n")
    with open(os.path.join(a.results, "latest.json"), "w") as f:
        json.dump(raw(run), f, indent=1)
    print("wrote %s" % md)
    if a.benchmarks:
        text = read(a.benchmarks)
        block = START + "\n" + "\n".join(summary(run)) + "\n" + END
        if START in text and END in text:
            text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
        else:
            text = (text + "\n\n## Latest results\n\n" if text else "# Benchmarks\n\n") + block
        with open(a.benchmarks, "w") as f:
            f.write(text.rstrip("\n") + "\n")
        print("updated %s" % a.benchmarks)
    print("\n".join(summary(run)))


if __name__ == "__main__":
    main()
