//! Folio's integration tests: one binary, one module per feature, each
//! building small fixture handbooks from `tests/fixtures/` and asserting on
//! regions of the output. See `tests/testsuite/README.md`.

mod atomic;
mod build;
mod content_input;
mod diff;
mod editions;
mod errors;
mod glossary;
mod handbook;
mod images;
mod integrity;
mod layers;
mod links;
mod markdown_input;
mod messages;
mod output_guard;
mod reader;
mod search;
mod search_bytes;
mod search_ui;
mod serve;
mod styles;
mod theme;
mod translations;
mod util;
