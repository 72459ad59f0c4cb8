#!/usr/bin/env python3
"""Small corpus chores for bench/run.sh.

    python3 corpus.py covers HANDBOOK_DIR
        Adds a cover page (`<version>/<lang>/_index.md`) to every edition and
        language that lacks one. Folio's layout has a cover per book (it becomes
        `index.html`, the contents page every other page links to); the corpus
        generator writes none. The cover is short, like the version pages of
        the generator's Hugo and Zola layouts, so the peers and Folio build the
        same amount of text.

    python3 corpus.py edit PAGE.md
        The editor's one-page edit: rewrites the page's last paragraph marker
        (or appends one), so every call changes the text and the page's hash.

    python3 corpus.py pick HANDBOOK_DIR
        Prints the path of a mid-handbook section of the current edition in the
        source language (the page the rebuild benchmark edits).
"""

import os
import sys
import time

import yaml

MARK = "<!-- bench-edit -->"


def manifest(hb):
    with open(os.path.join(hb, "folio.yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def covers(hb):
    m = manifest(hb)
    langs = m["languages"]
    added = 0
    for v in m["versions"]:
        for lang in langs:
            path = os.path.join(hb, str(v["id"]), lang, "_index.md")
            if os.path.exists(path):
                continue
            title = m["title"][lang]
            label = v["label"][lang]
            intro = ("Edición %s de este manual. Elija un capítulo en el índice." if lang == "es" else "Edition %s of this handbook. Choose a chapter from the contents.") % label
            with open(path, "w", encoding="utf-8") as f:
                f.write("---\nid: portada\ntitle: \"%s (%s)\"\nweight: 0\n---\n\n%s\n" % (
                    title.replace('"', '\\"'), label.replace('"', '\\"'), intro))
            added += 1
    print("covers: added %d" % added)


def edit(page):
    with open(page, encoding="utf-8") as f:
        text = f.read()
    base = text.split("\n" + MARK, 1)[0].rstrip("\n")
    stamp = time.time_ns()
    with open(page, "w", encoding="utf-8") as f:
        f.write("%s\n\n%s\nEdición de prueba %d: el plazo se amplía a %d días hábiles.\n" % (
            base, MARK, stamp, stamp % 90 + 10))


def pick(hb):
    m = manifest(hb)
    current = next(str(v["id"]) for v in m["versions"] if v["status"] == "current")
    root = os.path.join(hb, current, m["languages"][0])
    chapters = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    ch = chapters[len(chapters) // 2]
    pages = sorted(p for p in os.listdir(os.path.join(root, ch)) if p.endswith(".md") and p != "_index.md")
    print(os.path.join(root, ch, pages[len(pages) // 2]))


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("covers", "edit", "pick"):
        raise SystemExit(__doc__)
    {"covers": covers, "edit": edit, "pick": pick}[sys.argv[1]](sys.argv[2])


if __name__ == "__main__":
    main()
