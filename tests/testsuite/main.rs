//! Folio's integration tests: one binary, one module per feature, each
//! building small fixture handbooks from `tests/fixtures/` and asserting on
//! regions of the output. See `tests/testsuite/README.md`.

mod atomic;
mod build;
mod content_input;
mod diff;
mod errors;
mod handbook;
mod integrity;
mod layers;
mod links;
mod markdown_input;
mod output_guard;
mod search;
mod search_bytes;
mod serve;
mod styles;
mod theme;
mod translations;
mod util;
