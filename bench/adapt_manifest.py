#!/usr/bin/env python3
"""Rewrites a generated folio.yaml into the shape Folio accepts.

    python3 adapt_manifest.py HANDBOOK_DIR

Folio's manifest (see README.md) has exactly three keys: `title` (one string
per language), `languages` (the first is the source language) and `versions`
(newest first; each with `id`, `label` per language and `status`, one of
current | archived | draft, exactly one current). It rejects unknown keys.
The corpus generator's manifest may drift from that; this keeps the three
keys, gives every language a title and a label, maps unknown statuses, makes
sure exactly one version is current, and says what it changed. A manifest that
already fits is left byte-for-byte alone.
"""

import os
import sys

import yaml

STATUSES = ("current", "archived", "draft")


def adapt(doc, folders):
    notes = []
    if not isinstance(doc, dict):
        raise SystemExit("folio.yaml is not a mapping")
    for k in sorted(set(doc) - {"title", "languages", "versions"}):
        notes.append("dropped unknown key %r" % k)
    langs = doc.get("languages") or ["es", "en"]
    langs = [str(x) for x in langs]
    title = doc.get("title", "Handbook")
    if not isinstance(title, dict):
        notes.append("title given once; used for every language")
        title = {lang: str(title) for lang in langs}
    for lang in langs:
        if lang not in title:
            notes.append("no title for %s; used the first one" % lang)
            title[lang] = next(iter(title.values()))
    versions = []
    for v in doc.get("versions") or []:
        if not isinstance(v, dict):
            v = {"id": str(v)}
        vid = str(v.get("id", v.get("name", "")))
        extra = sorted(set(v) - {"id", "label", "status"})
        if extra:
            notes.append("version %s: dropped keys %s" % (vid, ", ".join(extra)))
        label = v.get("label", vid)
        if not isinstance(label, dict):
            label = {lang: str(label) for lang in langs}
        for lang in langs:
            label.setdefault(lang, next(iter(label.values())))
        status = str(v.get("status", "archived"))
        if status not in STATUSES:
            notes.append("version %s: status %r became archived" % (vid, status))
            status = "archived"
        versions.append({"id": vid, "label": {k: str(label[k]) for k in langs}, "status": status})
    if not versions:
        versions = [{"id": f, "label": {lang: f for lang in langs}, "status": "archived"}
                    for f in sorted(folders, reverse=True)]
        notes.append("no versions listed; took them from the folders")
    current = [v for v in versions if v["status"] == "current"]
    if len(current) != 1:
        for v in versions:
            if v["status"] == "current":
                v["status"] = "archived"
        versions[0]["status"] = "current"
        notes.append("made %s (the newest) the one current version" % versions[0]["id"])
    return {"title": {k: str(title[k]) for k in langs}, "languages": langs, "versions": versions}, notes


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    hb = sys.argv[1]
    path = os.path.join(hb, "folio.yaml")
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    folders = [d for d in os.listdir(hb) if os.path.isdir(os.path.join(hb, d))]
    new, notes = adapt(doc, folders)
    if not notes and new == doc:
        print("folio.yaml already fits Folio's manifest; unchanged")
        return
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(new, f, allow_unicode=True, sort_keys=False)
    print("folio.yaml adapted: " + ("; ".join(notes) or "normalised"))


if __name__ == "__main__":
    main()
