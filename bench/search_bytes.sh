#!/usr/bin/env bash
# Bytes and time to a reader's first search result (issue 15, point 6), for
# the bundled handbook and synthetic corpora: the .js files the first search
# loads (loader, engine, one edition-language index), the cold first result
# in headless Chromium from file:// with the CPU at full speed and slowed 4x
# (a cheap phone), and the engine's time per keystroke. Prints a Markdown
# table; the raw JSON of each run goes to $WORK.
#
#   bash bench/search_bytes.sh [--folio BIN] [--sizes "1000 10000"] [--loads 5]
#
# Options:
#   --folio BIN    the folio binary whose sites are measured
#                  (default: target/debug/folio, built if missing)
#   --sizes LIST   total pages of the synthetic corpora (2 languages x 2
#                  editions; default "1000")
#   --loads N      fresh browser launches per measurement (default 5)
# Environment: FOLIO_BENCH_WORK (default /tmp/folio-bench) holds corpora and
# sites; GEN_CORPUS points at gen_corpus.py (default
# ../shared/bench/gen_corpus.py beside the repository); CHROMIUM (default
# /usr/bin/chromium). Needs node and tests/browser's node_modules
# (`cd tests/browser && npm ci`).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
folio=""
sizes="1000"
loads=5
while [[ $# -gt 0 ]]; do
    case "$1" in
        --folio) folio=$2; shift 2 ;;
        --sizes) sizes=$2; shift 2 ;;
        --loads) loads=$2; shift 2 ;;
        *) echo "error: unknown option $1" >&2; exit 2 ;;
    esac
done
work=${FOLIO_BENCH_WORK:-/tmp/folio-bench}/search-bytes
gen=${GEN_CORPUS:-$repo/../shared/bench/gen_corpus.py}
if [[ -z "$folio" ]]; then
    (cd "$repo" && cargo build --quiet --locked --bin folio)
    folio=$repo/target/debug/folio
fi
if [[ ! -d "$repo/tests/browser/node_modules/playwright-core" ]]; then
    echo "error: playwright-core is missing" >&2
    echo "hint: (cd tests/browser && npm ci --no-audit --no-fund)" >&2
    exit 1
fi
mkdir -p "$work"
export NODE_PATH=$repo/tests/browser/node_modules SOURCE_DATE_EPOCH=1700000000

# build HANDBOOK SITE: a fresh site; the build's output only if it fails.
build() {
    "$folio" build --handbook "$1" --out "$2" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
}

# current SITE: the id of the site's current edition.
current() {
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["current"])' "$1/search/manifest.json"
}

# measure NAME SITE VERSION QUERY: one row per CPU speed.
measure() {
    local name=$1 site=$2 version=$3 query=$4
    for throttle in 1 4; do
        local json=$work/$name-cpu$throttle.json
        node "$repo/bench/search_bytes.cjs" --site "$site" --version "$version" --lang es \
            --query "$query" --throttle "$throttle" --loads "$loads" --out "$json"
        python3 - "$json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
b = r["bytes"]
print(f"| {r['site']} | {r['cpu_throttle']:g}x | {b['engine']:,} | {b['index']:,} | {b['first_search']:,} "
      f"| {b['texts_of_first_answer']:,} ({b['text_files_of_first_answer']}) "
      f"| {r['median_first_result_ms']:.0f} | +{r['median_snippets_ms']:.0f} "
      f"| {r['median_keystroke_ms']:.1f} / {r['max_keystroke_ms']:.1f} |")
EOF
    done
}

echo "| site | CPU | engine.js (B) | index es (B) | first search (B, with loader) | then the texts of the rows shown (B, files) | cold first result: rows (ms, median) | then their snippets (ms, median) | per keystroke (ms, median / max) |"
echo "|---|---|---|---|---|---|---|---|---|"
build "$repo/handbook" "$work/handbook-site"
measure handbook-site "$work/handbook-site" "$(current "$work/handbook-site")" "trata de personas"
for total in $sizes; do
    corpus=$work/corpus-$total
    if [[ ! -f "$corpus/folio.yaml" ]]; then
        python3 "$gen" --out "$corpus" --format handbook --pages $((total / 4)) --versions 2 --force >/dev/null
    fi
    build "$corpus" "$work/corpus-$total-site"
    measure "corpus-$total-site" "$work/corpus-$total-site" "$(current "$work/corpus-$total-site")" \
        "plazo de indemnización"
done
