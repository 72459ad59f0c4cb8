#!/usr/bin/env bash
# Rebuilds the browser search engine, crates/folio-search-wasm/dist/folio_search.wasm,
# and its gzip, folio_search.wasm.gz (Zopfli: 6% smaller than gzip -9; the site
# build embeds it, since Zopfli takes seconds), reproducibly: the same sources and toolchain give the same bytes on any
# machine and in any checkout folder (paths are remapped, std is rebuilt with
# -Zbuild-std from the toolchain's own source).
#
# Usage: scripts/build-wasm.sh [OUT_DIR]
#   OUT_DIR defaults to crates/folio-search-wasm/dist; BUILD-INFO.txt is written
#   beside the wasm and its gzip.
# Environment:
#   FOLIO_WASM_TARGET_DIR  cargo target dir (default: <repo>/target/wasm-build)
#   FOLIO_WASM_RUSTC       rustc with the wasm32 target (default: /usr/bin/rustc)
#   FOLIO_WASM_CARGO       cargo to drive it (default: /usr/bin/cargo)
# Needs (Debian): apt-get install -y rustc-web cargo-web rust-web-src lld-22 binaryen zopfli
# rustup cannot add targets on the project machines, hence Debian's toolchain;
# where `rustup target add wasm32-unknown-unknown` works, a plain
# `cargo build --target wasm32-unknown-unknown -p folio-search-wasm --profile wasm`
# gives a working (but not byte-identical) engine.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(mkdir -p "${1:-$repo/crates/folio-search-wasm/dist}" && cd "${1:-$repo/crates/folio-search-wasm/dist}" && pwd)
target_dir=${FOLIO_WASM_TARGET_DIR:-$repo/target/wasm-build}
rustc=${FOLIO_WASM_RUSTC:-/usr/bin/rustc}
cargo=${FOLIO_WASM_CARGO:-/usr/bin/cargo}
cargo_home=${CARGO_HOME:-$HOME/.cargo}

for tool in "$rustc" "$cargo" wasm-opt zopfli; do
    if ! command -v "$tool" >/dev/null; then
        echo "error: \`$tool\` not found" >&2
        echo "hint: apt-get install -y rustc-web cargo-web rust-web-src lld-22 binaryen zopfli" >&2
        exit 1
    fi
done

# Flags for the wasm target only (build scripts and proc macros are unaffected).
# Remapping every absolute path that could leak into panic messages makes the
# output independent of where the repository, cargo's home and the target
# directory live. \x1f separates CARGO_ENCODED_RUSTFLAGS.
# Size: a panic traps at once (the module has no imports, so a message could
# go nowhere anyway), which drops std's panic formatting, and panics carry no
# file/line strings; `Debug` formatting prints nothing (-Zfmt-debug=none),
# which drops every derived `Debug` of tantivy and its dependencies: a third
# of the module. The engine's answers never use `Debug` (the Node test checks
# they equal the native ones); only the wording of an error it cannot
# recover from gets shorter.
flags=(
    --cfg 'getrandom_backend="custom"'
    -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none
    "--remap-path-prefix=$repo=/folio"
    "--remap-path-prefix=$cargo_home=/cargo"
    "--remap-path-prefix=$target_dir=/target"
)
encoded=$(printf '%s\x1f' "${flags[@]}")
encoded=${encoded%$'\x1f'}

build=(build --locked --profile wasm -Zbuild-std=std,panic_abort
    --target wasm32-unknown-unknown -p folio-search-wasm)
echo "building folio-search-wasm with $("$rustc" --version)" >&2
(
    cd "$repo"
    RUSTC="$rustc" RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$target_dir" \
        CARGO_ENCODED_RUSTFLAGS="$encoded" SOURCE_DATE_EPOCH=0 \
        "$cargo" "${build[@]}"
)

raw="$target_dir/wasm32-unknown-unknown/wasm/folio_search_wasm.wasm"
wasm="$out/folio_search.wasm"
# The features rustc enables by default for this target (wasm-opt must be told).
opt=(-Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue)
wasm-opt "${opt[@]}" "$raw" -o "$wasm"
# Zopfli's gzip header has no time and no name: the same wasm, the same bytes.
zopfli --gzip --i15 -c "$wasm" >"$wasm.gz"

sha=$(sha256sum "$wasm" | cut -d' ' -f1)
size=$(stat -c %s "$wasm")
gz=$(stat -c %s "$wasm.gz")
cat >"$out/BUILD-INFO.txt" <<EOF
folio_search.wasm: the browser search engine (crates/folio-search-wasm).
Rebuild with scripts/build-wasm.sh; scripts/check-wasm.sh proves this file
matches the sources. Another toolchain gives other bytes: use the one below.

sha256:    $sha
size:      $size bytes ($gz bytes in folio_search.wasm.gz)
rustc:     $("$rustc" --version)
cargo:     $("$cargo" --version)
wasm-opt:  $(wasm-opt --version)
zopfli:    $(dpkg-query -W -f='${Version}' zopfli 2>/dev/null || echo "version unknown")
command:   RUSTC=$rustc RUSTC_BOOTSTRAP=1 cargo ${build[*]}
           with rustflags: --cfg getrandom_backend="custom"
           -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none
           --remap-path-prefix=<repo>=/folio
           --remap-path-prefix=<cargo home>=/cargo --remap-path-prefix=<target dir>=/target
           wasm-opt ${opt[*]} folio_search_wasm.wasm -o folio_search.wasm
           zopfli --gzip --i15 -c folio_search.wasm >folio_search.wasm.gz
EOF
echo "wrote $wasm ($size bytes, $gz gzipped, sha256 $sha)" >&2
