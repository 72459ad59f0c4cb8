//! The diff stage: compares each edition with the previous one. Edition
//! comparison arrives with the redline issue; until then this stage produces
//! no files, but it is where they go.

use crate::handbook::Handbook;
use crate::render::OutputFile;

/// Builds the edition-comparison pages of the site.
pub fn diff(_handbook: &Handbook) -> Vec<OutputFile> {
    Vec::new()
}
