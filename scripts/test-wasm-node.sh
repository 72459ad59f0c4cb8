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
cargo run --quiet --locked -p folio-search --features build --example build_fixture -- "$fixture"
FOLIO_NODE_FIXTURE="$fixture" node --test tests/node/
