#!/usr/bin/env bash
# Checks the committed wasm engine against the native search core in Node:
# builds the fixture indexes and the native answers with the build_fixture
# example, then runs the Node tests (tests/node/), which load
# crates/folio-search-wasm/dist/folio_search.wasm directly and through the
# theme's loader (themes/default/static/js/folio-search-engine.js).
#
# Usage: scripts/test-wasm-node.sh
# Environment: FOLIO_NODE_FIXTURE (default <repo>/target/node-fixture) is where
# the fixture goes; CARGO_TARGET_DIR is honoured as usual.
# Needs: cargo, and Node.js 18 or later (DecompressionStream, node --test).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fixture=${FOLIO_NODE_FIXTURE:-$repo/target/node-fixture}
cd "$repo"
# Built with the whole workspace's features, as `cargo test --workspace`
# builds it: `-p folio-search` alone would resolve other features for shared
# dependencies and recompile tantivy and the rest (minutes in CI).
cargo build --quiet --locked --workspace --examples
"${CARGO_TARGET_DIR:-$repo/target}/debug/examples/build_fixture" "$fixture"
FOLIO_NODE_FIXTURE="$fixture" node --test tests/node/
