//! What the preview tells the editor after each save, like a colleague
//! would: one line naming in words what was rebuilt ("2025/es chapter 3
//! "…": page and translation"), a plain sentence for each translation the
//! save made outdated (or up to date again), the warnings the save created,
//! in full, and the ones it cleared.

use std::path::Path;

use crate::config::SOURCE_LANG;
use crate::diagnostic::{Diagnostic, Text};
use crate::handbook::{Handbook, Position};
use crate::render::theme::Theme;
use crate::tr;

/// The finding that a translation lags behind its source.
const OUTDATED: &str = "outdated-translation";

/// What one rebuild did, for the editor.
#[derive(Debug)]
pub struct Rebuilt {
    /// What was rebuilt, in words.
    pub what: Text,
    /// Sentences about translations the save made outdated or up to date.
    pub translations: Vec<Text>,
    /// Warnings the save created.
    pub created: Vec<Diagnostic>,
    /// Warnings the save cleared.
    pub cleared: Vec<Diagnostic>,
}

impl Rebuilt {
    /// The report for the terminal, given how long the rebuild took.
    pub fn to_text(&self, millis: u128) -> String {
        let mut out = format!("{} ({millis} ms)\n", self.what);
        for sentence in &self.translations {
            out.push_str(&format!("  {sentence}\n"));
        }
        for warning in self.cleared.iter().filter(|d| d.code != OUTDATED) {
            let (code, file, message) = (warning.code, warning.file.display(), &warning.message);
            let (en, es) = (message.en(), message.es());
            let cleared = tr!("cleared: warning[{code}] {file}: {en}", "resuelto: aviso[{code}] {file}: {es}");
            out.push_str(&format!("  {cleared}\n"));
        }
        for warning in &self.created {
            out.push_str(&format!("{warning}\n"));
        }
        out.trim_end().to_string()
    }
}

/// The warnings that are in `after` and not in `before` (created), and
/// those in `before` and not in `after` (cleared). A warning that only
/// moved to another line of its file is neither.
pub fn changed_warnings(before: &[Diagnostic], after: &[Diagnostic]) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let key = |d: &Diagnostic| (d.code, d.file.clone(), d.message.en().to_string());
    let missing_from = |these: &[Diagnostic], those: &[Diagnostic]| -> Vec<Diagnostic> {
        let keys: std::collections::HashSet<_> = those.iter().map(key).collect();
        these.iter().filter(|d| !keys.contains(&key(d))).cloned().collect()
    };
    (missing_from(after, before), missing_from(before, after))
}

/// A sentence for each translation that `created` says is now outdated and
/// `cleared` says no longer is, naming its language in both of the editors'
/// languages (from the theme's strings) and its file.
pub fn translation_sentences(
    handbook: &Handbook,
    theme: &Theme,
    created: &[Diagnostic],
    cleared: &[Diagnostic],
) -> Vec<Text> {
    let name = |ui: &str, code: &str| {
        let strings = theme.strings.get(ui);
        strings.and_then(|s| s.get(&format!("lang_{code}"))).map_or_else(|| code.to_string(), Clone::clone)
    };
    let about = |d: &Diagnostic| {
        let rel = d.file.strip_prefix(&handbook.root).unwrap_or(&d.file).to_path_buf();
        let code = rel.iter().nth(1).map(|c| c.to_string_lossy().to_string()).unwrap_or_default();
        (name("en", &code), name("es", &code), rel.display().to_string())
    };
    let now_outdated = created.iter().filter(|d| d.code == OUTDATED).map(|d| {
        let (en, es, file) = about(d);
        tr!(
            "this change makes the {en} translation outdated: {file}",
            "este cambio deja desactualizada la traducción al {es}: {file}"
        )
    });
    let up_to_date = cleared.iter().filter(|d| d.code == OUTDATED).map(|d| {
        let (en, es, file) = about(d);
        tr!(
            "the {en} translation is no longer outdated: {file}",
            "la traducción al {es} ya no está desactualizada: {file}"
        )
    });
    now_outdated.chain(up_to_date).collect()
}

/// The page `id` of the book `b`, in words: "2025/es chapter 3, section 2
/// "Title"".
pub fn page_in_words(handbook: &Handbook, b: usize, id: &str) -> Text {
    let book = &handbook.books[b];
    let config = &handbook.config;
    let place = format!("{}/{}", config.version(book.version).id, config.lang_code(book.lang));
    let Some(position) = book.position(id) else { return Text::new(place.clone(), place) };
    let title = &book.at(position).title;
    match position {
        Position::Cover => tr!("{place} cover \"{title}\"", "{place} portada «{title}»"),
        Position::Chapter(c) => {
            let n = c + 1;
            tr!("{place} chapter {n} \"{title}\"", "{place} capítulo {n} «{title}»")
        }
        Position::Section(c, s) => {
            let (n, m) = (c + 1, s + 1);
            tr!("{place} chapter {n}, section {m} \"{title}\"", "{place} capítulo {n}, sección {m} «{title}»")
        }
    }
}

/// What re-rendering one page rebuilt, in words: the page and the same
/// page in the edition's other languages.
pub fn page_scope_in_words(handbook: &Handbook, b: usize) -> Text {
    let book = &handbook.books[b];
    let others = handbook.books.iter().filter(|o| o.version == book.version && o.lang != book.lang).count();
    match (book.lang == SOURCE_LANG, others) {
        (_, 0) => tr!("page", "página"),
        (true, 1) => tr!("page and translation", "página y traducción"),
        (true, _) => tr!("page and translations", "página y traducciones"),
        (false, _) => tr!("page and original", "página y original"),
    }
}

/// The whole edition, and why when a title changed.
pub fn whole_edition(title_changed: bool) -> Text {
    if title_changed {
        tr!(
            "the whole edition (the title shows in its navigation)",
            "toda la edición (el título aparece en su navegación)"
        )
    } else {
        tr!("the whole edition", "toda la edición")
    }
}

/// `subject: what`, in both languages.
pub fn rebuilt(subject: &Text, what: &Text) -> Text {
    let (subject_en, subject_es, what_en, what_es) = (subject.en(), subject.es(), what.en(), what.es());
    tr!("{subject_en}: {what_en}", "{subject_es}: {what_es}")
}

/// A file of the handbook named by its path relative to `root`.
pub fn file_in_words(root: &Path, file: &Path) -> Text {
    let rel = file.strip_prefix(root).unwrap_or(file).display().to_string();
    Text::new(rel.clone(), rel)
}
