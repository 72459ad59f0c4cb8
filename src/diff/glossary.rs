//! The glossary in an edition comparison: entries matched by id, each added,
//! removed or changed (any difference in its term, forms, abbreviations,
//! protected words or definition in the language compared, or in the
//! sections it links to).

use std::collections::HashMap;

use serde::Serialize;

use crate::config::{Lang, SOURCE_LANG};
use crate::handbook::{Glossary, GlossaryEntry};

/// How two editions' glossaries differ in one language.
#[derive(Debug, Default)]
pub struct GlossaryChanges<'a> {
    /// Entries only in the newer edition, in its file order.
    pub added: Vec<&'a GlossaryEntry>,
    /// Entries only in the older edition, in its file order.
    pub removed: Vec<&'a GlossaryEntry>,
    /// Entries in both that differ (as they are in the newer edition).
    pub changed: Vec<&'a GlossaryEntry>,
}

/// One entry as reports list it.
#[derive(Debug, Serialize)]
pub struct Listed<'a> {
    /// The entry id.
    pub id: &'a str,
    /// Its headword in the language compared (the source language's where it lacks one).
    pub term: &'a str,
}

impl<'a> GlossaryChanges<'a> {
    /// Whether the glossaries are the same.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// The entries of one list with their headwords in `lang`.
    pub fn listed(entries: &[&'a GlossaryEntry], lang: Lang) -> Vec<Listed<'a>> {
        entries.iter().map(|e| Listed { id: &e.id, term: headword(e, lang) }).collect()
    }
}

/// Compares the glossaries of two editions (either may have none) in `lang`.
pub fn compare<'a>(from: Option<&'a Glossary>, to: Option<&'a Glossary>, lang: Lang) -> GlossaryChanges<'a> {
    let entries = |g: Option<&'a Glossary>| g.map_or(&[][..], |g| g.entries.as_slice());
    let by_id = |list: &'a [GlossaryEntry]| -> HashMap<&'a str, &'a GlossaryEntry> {
        list.iter().map(|e| (e.id.as_str(), e)).collect()
    };
    let (old, new) = (entries(from), entries(to));
    let (old_ids, new_ids) = (by_id(old), by_id(new));
    let mut changes = GlossaryChanges::default();
    for entry in new {
        match old_ids.get(entry.id.as_str()) {
            None => changes.added.push(entry),
            Some(before) if before.term_in(lang) != entry.term_in(lang) || before.see != entry.see => {
                changes.changed.push(entry)
            }
            Some(_) => {}
        }
    }
    changes.removed = old.iter().filter(|e| !new_ids.contains_key(e.id.as_str())).collect();
    changes
}

/// An entry's headword in `lang`, or in the source language, or its id.
fn headword(entry: &GlossaryEntry, lang: Lang) -> &str {
    entry.term_in(lang).or_else(|| entry.term_in(SOURCE_LANG)).map_or(&entry.id, |t| &t.term)
}
