#!/usr/bin/env python3
"""Measures a built site's search index and total size.

    python3 sizes.py folio|pagefind|mdbook|zola|hugo SITE_DIR [--out FILE.json]

Bytes on disk (what goes on the USB stick), split into the index data that
grows with the pages and the engine/UI code that a site carries once:

  folio     index  = search/index-*.js   (the browser payload: gzip, 7 bits a character)
            engine = search/engine.js     (tantivy in wasm, same encoding)
  pagefind  index  = pagefind/{index,fragment,filter}/ + *.pf_meta
            engine = every other file under pagefind/ (wasm, JS, CSS, UI)
  mdbook    index  = searchindex.js + searchindex.json in every book
            engine = elasticlunr.min.js + searcher.js + mark.min.js (once)
  zola      index  = search_index.*.js / .json
  hugo      no search index (site size only)
"""

import argparse
import glob
import json
import os
import re


def size(paths):
    return sum(os.path.getsize(p) for p in paths if os.path.isfile(p))


def tree(d):
    out = []
    for root, _, files in os.walk(d):
        out += [os.path.join(root, f) for f in files]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tool", choices=["folio", "pagefind", "mdbook", "zola", "hugo"])
    ap.add_argument("site")
    ap.add_argument("--out")
    a = ap.parse_args()
    s = a.site
    files = tree(s)
    r = {"tool": a.tool, "site_bytes": size(files), "site_files": len(files),
         "html_files": sum(1 for f in files if f.endswith(".html"))}
    if a.tool == "folio":
        r["index_bytes"] = size(glob.glob(os.path.join(s, "search", "index-*.js")))
        r["engine_bytes"] = size([os.path.join(s, "search", "engine.js")])
        r["index_files"] = len(glob.glob(os.path.join(s, "search", "index-*.js")))
    elif a.tool == "pagefind":
        pf = os.path.join(s, "pagefind")
        allf = tree(pf)
        idx = [f for f in allf if f.endswith(".pf_meta") or os.path.relpath(f, pf).split(os.sep)[0]
               in ("index", "fragment", "filter")]
        r["index_bytes"] = size(idx)
        r["engine_bytes"] = size(allf) - r["index_bytes"]
        r["index_files"] = len(idx)
    elif a.tool == "mdbook":
        # mdBook 0.5 fingerprints its assets: searchindex-<hash>.js
        idx = [f for f in files if re.match(r"searchindex(-[0-9a-f]+)?\.js(on)?$", os.path.basename(f))]
        r["index_bytes"] = size(idx)
        r["index_files"] = len(idx)
        eng = {}
        for f in files:
            b = os.path.basename(f)
            if b.startswith(("elasticlunr", "searcher", "mark")) and b.endswith(".js"):
                eng.setdefault(re.sub(r"-[0-9a-f]{8}", "", b), os.path.getsize(f))
        r["engine_bytes"] = sum(eng.values())
    elif a.tool == "zola":
        idx = [f for f in files if os.path.basename(f).startswith("search_index")]
        r["index_bytes"] = size(idx)
        r["index_files"] = len(idx)
        r["engine_bytes"] = size([f for f in files if os.path.basename(f).startswith("elasticlunr")])
    text = json.dumps(r, indent=1)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
