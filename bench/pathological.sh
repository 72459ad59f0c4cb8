#!/usr/bin/env bash
# Pathological pages (issue 12, failure 8): times `folio check` on pages
# built to hit quadratic behaviour, each next to a control page of the same
# size that is not pathological, and prints the ratio. A ratio near 1 means
# the pathological input costs no more than ordinary input of its size.
#
#   bash bench/pathological.sh              # builds target/release/folio first
#   bash bench/pathological.sh --folio BIN  # times this binary instead
#   bash bench/pathological.sh --runs 1     # timed runs per case (default 5),
#                                           # no warm-up when 1 (slow binaries)
#
# Cases (one page each, in a one-edition handbook):
#   headings-same      20,000 identical headings (unique-anchor suffixing)
#   headings-control   20,000 distinct headings
#   yaml-flow          front matter nested 100,000 deep: [[[...]]]
#   yaml-block         front matter nested 100,000 deep: - - - ... x
#   yaml-indent        front matter nested 5,000 deep by indentation (a
#                      deeper one would be gigabytes: depth d needs d^2/2 spaces)
#   yaml-control       flat front matter as large as yaml-flow
#   yaml-indent-control flat front matter as large as yaml-indent
# The YAML cases are refused (exit 1) with a located error; they are timed
# until that error. Uses hyperfine if installed, else /usr/bin/time.
set -euo pipefail

folio=""
runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --folio) folio="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
repo="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "$folio" ]; then
  (cd "$repo" && cargo build --release --locked --bin folio >&2)
  folio="$repo/target/release/folio"
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/folio-pathological.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# A handbook in $work/<case> whose one section page is stdin.
handbook() {
  local dir="$work/$1"
  mkdir -p "$dir/v1/es/cap"
  printf 'title: {es: Manual}\nlanguages: [es]\nversions:\n  - id: v1\n    label: {es: Uno}\n    status: current\n' >"$dir/folio.yaml"
  printf -- '---\nid: portada\ntitle: Portada\n---\nTexto.\n' >"$dir/v1/es/_index.md"
  printf -- '---\nid: cap\ntitle: Capítulo\n---\nTexto.\n' >"$dir/v1/es/cap/_index.md"
  cat >"$dir/v1/es/cap/page.md"
}

python3 - "$work" <<'EOF'
import os, sys
work = sys.argv[1]
def page(case, front, body="Texto.\n"):
    path = os.path.join(work, case + ".md")
    with open(path, "w") as f:
        f.write("---\nid: page\ntitle: Page\n" + front + "---\n" + body)
n = 20_000
page("headings-same", "", "".join("## X\n\nTexto.\n\n" for i in range(n)))
page("headings-control", "", "".join(f"## X{i}\n\nTexto.\n\n" for i in range(n)))
deep = 100_000
page("yaml-flow", "summary: " + "[" * deep + "]" * deep + "\n")
page("yaml-block", "summary:\n  " + "- " * deep + "x\n")
page("yaml-control", 'summary: "' + "a" * (2 * deep - 2) + '"\n')
indent = 5_000
nested = "".join(" " * d + f"k{d}:\n" for d in range(indent))
page("yaml-indent", "summary:\n" + nested)
page("yaml-indent-control", 'summary: "' + "a" * (len(nested) - 3) + '"\n')
EOF
cases="headings-same headings-control yaml-flow yaml-block yaml-control yaml-indent yaml-indent-control"
for case in $cases; do
  handbook "$case" <"$work/$case.md"
done

# Mean seconds of `folio check` on a case.
time_case() {
  local dir="$work/$1"
  if command -v hyperfine >/dev/null; then
    local warmup=1
    [ "$runs" -gt 1 ] || warmup=0
    hyperfine --style none --ignore-failure --warmup "$warmup" --runs "$runs" --export-json "$work/$1.json" \
      "$folio check --handbook $dir" >/dev/null 2>&1
    python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["mean"])' "$work/$1.json"
  else
    /usr/bin/time -f "%e" -o "$work/$1.time" "$folio" check --handbook "$dir" >/dev/null 2>&1 || true
    cat "$work/$1.time"
  fi
}

declare -A mean
for case in $cases; do
  mean[$case]="$(time_case "$case")"
  size=$(stat -c %s "$work/$case/v1/es/cap/page.md")
  status=0
  "$folio" check --handbook "$work/$case" >"$work/$case.out" 2>&1 || status=$?
  first="$(grep -m1 -E '^(error|warning)' "$work/$case.out" || true)"
  printf '%-20s %10s bytes  %8ss  exit %s  %s\n' "$case" "$size" "${mean[$case]}" "$status" "$first"
done

echo
ratio() { python3 -c "import sys; print('%-20s %6.2fx  (vs %s)' % (sys.argv[1], float(sys.argv[2]) / float(sys.argv[3]), sys.argv[4]))" "$1" "${mean[$1]}" "${mean[$2]}" "$2"; }
ratio headings-same headings-control
ratio yaml-flow yaml-control
ratio yaml-block yaml-control
ratio yaml-indent yaml-indent-control
