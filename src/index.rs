//! The index stage: turns the handbook's text into search indexes, one per
//! version and language. The search engine itself arrives with the search
//! issue; until then this stage produces no files, but it is where they go.

use crate::handbook::Handbook;
use crate::render::OutputFile;

/// Builds the search files of the site.
pub fn index(_handbook: &Handbook) -> Vec<OutputFile> {
    Vec::new()
}
