//! `folio diff FROM TO` as text and JSON: one comparison, reported as
//! terminal text (summary first, then the sections by status; with
//! `--section`, its redline) or as JSON for tools. (The HTML report needs the
//! theme: `render::changes::report`, through [`crate::diff_report`].)

use std::fmt::Write;

use serde::Serialize;

use super::glossary::{GlossaryChanges, Listed};
use super::{ChangeStatus, Comparison, Entry, Summary};
use crate::config::SOURCE_LANG;
use crate::diagnostic::tr;
use crate::diagnostic::{escape_controls, Text};

#[derive(Serialize)]
struct JsonReport<'a> {
    from: &'a str,
    to: &'a str,
    lang: &'a str,
    summary: Summary,
    sections: Vec<JsonSection<'a>>,
    glossary: JsonGlossary<'a>,
}

#[derive(Serialize)]
struct JsonGlossary<'a> {
    added: Vec<Listed<'a>>,
    removed: Vec<Listed<'a>>,
    changed: Vec<Listed<'a>>,
}

#[derive(Serialize)]
struct JsonSection<'a> {
    id: &'a str,
    status: ChangeStatus,
    from_path: Option<String>,
    to_path: Option<String>,
    title: &'a str,
    words_added: usize,
    words_removed: usize,
}

/// The comparison as JSON: editions, language, counts, then every page with
/// its status, files (relative to the handbook) and words added and removed,
/// then the glossary entries added, removed and changed (id and term).
pub fn json(comparison: &Comparison<'_>) -> String {
    let config = &comparison.handbook.config;
    let path = |side: Option<super::Side<'_>>| side.map(|s| s.page.file.to_string_lossy().replace('\\', "/"));
    let report = JsonReport {
        from: &config.version(comparison.from).id,
        to: &config.version(comparison.to).id,
        lang: config.lang_code(comparison.lang),
        summary: comparison.summary(),
        sections: comparison
            .entries
            .iter()
            .map(|e| JsonSection {
                id: e.id,
                status: e.status,
                from_path: path(e.from),
                to_path: path(e.to),
                title: e.title(),
                words_added: e.words_added,
                words_removed: e.words_removed,
            })
            .collect(),
        glossary: JsonGlossary {
            added: GlossaryChanges::listed(&comparison.glossary.added, comparison.lang),
            removed: GlossaryChanges::listed(&comparison.glossary.removed, comparison.lang),
            changed: GlossaryChanges::listed(&comparison.glossary.changed, comparison.lang),
        },
    };
    serde_json::to_string_pretty(&report).expect("the report serializes") + "\n"
}

/// ANSI styles, or nothing.
struct Paint(bool);

impl Paint {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

fn symbol(status: ChangeStatus) -> (&'static str, &'static str) {
    match status {
        ChangeStatus::Added => ("+", "32"),
        ChangeStatus::Removed => ("-", "31"),
        ChangeStatus::Moved => (">", "36"),
        ChangeStatus::Changed => ("~", "33"),
        ChangeStatus::Unchanged => ("=", "2"),
    }
}

/// The comparison for a terminal: the counts, then the pages by status
/// (unchanged ones counted only); with `redlines`, each page's redline; then
/// the glossary entries added, removed and changed, if any.
pub fn text(comparison: &Comparison<'_>, redlines: bool, color: bool) -> String {
    let config = &comparison.handbook.config;
    let paint = Paint(color);
    let code = config.lang_code(comparison.lang);
    let mut out = String::new();
    let Summary { added, removed, moved, changed, unchanged } = comparison.summary();
    let (from, to) = (&config.version(comparison.from).id, &config.version(comparison.to).id);
    let headline = tr!(
        "Edition {from} → {to} ({code}): {added} added, {removed} removed, {moved} moved, {changed} changed, {unchanged} unchanged",
        "Edición {from} → {to} ({code}): {added} añadidas, {removed} eliminadas, {moved} movidas, {changed} cambiadas, {unchanged} sin cambios"
    );
    let _ = writeln!(out, "{}", paint.paint("1", &headline.to_string()));
    let width = comparison.entries.iter().map(|e| e.id.chars().count()).max().unwrap_or(0);
    // Under the title: "  + " then the id column and two spaces.
    let indent = " ".repeat(width + 6);
    for status in ChangeStatus::ALL {
        let entries: Vec<&Entry<'_>> = comparison.entries.iter().filter(|e| e.status == status).collect();
        if entries.is_empty() || (status == ChangeStatus::Unchanged && !redlines) {
            continue;
        }
        let _ = writeln!(out, "\n{}", paint.paint("1", &format!("{} ({})", heading(status), entries.len())));
        for e in entries {
            let (mark, colour) = symbol(status);
            let id = format!("{:<width$}", e.id);
            let mut counts = Vec::new();
            if e.words_added > 0 {
                counts.push(format!("+{}", e.words_added));
            }
            if e.words_removed > 0 {
                counts.push(format!("-{}", e.words_removed));
            }
            let counts = match counts.join(" ") {
                counts if counts.is_empty() => counts,
                counts => format!("  {}", tr!("({counts} words)", "({counts} palabras)")),
            };
            let title = escape_controls(e.title());
            let _ = writeln!(out, "  {} {}  {title}{counts}", paint.paint(colour, mark), paint.paint(colour, &id));
            if let (ChangeStatus::Moved, Some(from), Some(to)) = (status, e.from, e.to) {
                let (from, to) = (from.page.file.to_string_lossy(), to.page.file.to_string_lossy());
                let _ = writeln!(out, "{indent}{} → {}", escape_controls(&from), escape_controls(&to));
            }
            if e.source_text {
                let source = config.lang_code(SOURCE_LANG);
                let note = tr!(
                    "(compared in {source}: the translation is missing)",
                    "(comparado en {source}: falta la traducción)"
                );
                let _ = writeln!(out, "{indent}{note}");
            }
            if redlines {
                if let Some(redline) = &e.redline {
                    let _ = writeln!(out);
                    out.push_str(&redline.text(color));
                }
            }
        }
    }
    glossary_text(&comparison.glossary, comparison.lang, &paint, &mut out);
    out
}

/// The glossary's part of the text report: nothing if it did not change.
fn glossary_text(changes: &GlossaryChanges<'_>, lang: crate::config::Lang, paint: &Paint, out: &mut String) {
    if changes.is_empty() {
        return;
    }
    let (added, removed, changed) = (changes.added.len(), changes.removed.len(), changes.changed.len());
    let headline = tr!(
        "Glossary: {added} added, {removed} removed, {changed} changed",
        "Glosario: {added} añadidos, {removed} eliminados, {changed} cambiados"
    );
    let _ = writeln!(out, "\n{}", paint.paint("1", &headline.to_string()));
    let lists = [
        (&changes.added, ChangeStatus::Added),
        (&changes.removed, ChangeStatus::Removed),
        (&changes.changed, ChangeStatus::Changed),
    ];
    let width = lists.iter().flat_map(|(l, _)| l.iter()).map(|e| e.id.chars().count()).max().unwrap_or(0);
    for (list, status) in lists {
        let (mark, colour) = symbol(status);
        for entry in GlossaryChanges::listed(list, lang) {
            let id = format!("{:<width$}", entry.id);
            let term = escape_controls(entry.term);
            let _ = writeln!(out, "  {} {}  {term}", paint.paint(colour, mark), paint.paint(colour, &id));
        }
    }
}

fn heading(status: ChangeStatus) -> Text {
    match status {
        ChangeStatus::Added => tr!("Added", "Añadidas"),
        ChangeStatus::Removed => tr!("Removed", "Eliminadas"),
        ChangeStatus::Moved => tr!("Moved", "Movidas"),
        ChangeStatus::Changed => tr!("Changed", "Cambiadas"),
        ChangeStatus::Unchanged => tr!("Unchanged", "Sin cambios"),
    }
}
