#!/usr/bin/env bash
# Proves that the committed crates/folio-search-wasm/dist/folio_search.wasm and
# its Zopfli gzip, folio_search.wasm.gz, are what the sources build: rebuilds
# them into a temporary folder with scripts/build-wasm.sh and compares the
# bytes. Fails (exit 1) if they differ.
#
# Usage: scripts/check-wasm.sh
# Environment: as scripts/build-wasm.sh (FOLIO_WASM_TARGET_DIR, FOLIO_WASM_RUSTC,
# FOLIO_WASM_CARGO). The result depends on the toolchain: use the rustc named
# in crates/folio-search-wasm/dist/BUILD-INFO.txt.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dist=$repo/crates/folio-search-wasm/dist
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$repo/scripts/build-wasm.sh" "$tmp"

for file in folio_search.wasm folio_search.wasm.gz; do
    committed=$(sha256sum "$dist/$file" | cut -d' ' -f1)
    rebuilt=$(sha256sum "$tmp/$file" | cut -d' ' -f1)
    if [[ "$committed" != "$rebuilt" ]]; then
        echo "error: crates/folio-search-wasm/dist/$file does not match its sources" >&2
        echo "  committed: $committed" >&2
        echo "  rebuilt:   $rebuilt" >&2
        echo "committed toolchain:" >&2
        grep -E '^(rustc|cargo|wasm-opt|zopfli):' "$dist/BUILD-INFO.txt" | sed 's/^/  /' >&2 || true
        echo "this toolchain:" >&2
        grep -E '^(rustc|cargo|wasm-opt|zopfli):' "$tmp/BUILD-INFO.txt" | sed 's/^/  /' >&2
        echo "hint: run scripts/build-wasm.sh and commit crates/folio-search-wasm/dist/" >&2
        exit 1
    fi
    echo "ok: $file matches its sources (sha256 $committed)"
done
