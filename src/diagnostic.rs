//! Problems found in the handbook, reported the way compilers do: every one
//! of a run collected, each with `path:line:col`, the source line under it and
//! a hint, then printed together (text for people, JSON for tools). Text
//! from the handbook is printed with its control characters escaped
//! ([`escape_controls`]).
//!
//! One mistake gives one finding: what only follows from an error already
//! reported (a link to a page that failed to load) is counted as suppressed,
//! not reported, and the text output says how many were. Hints suggest the
//! name the user probably meant ([`did_you_mean`]).
//!
//! Every message exists in English and Spanish ([`Text`], written with
//! [`tr!`](crate::tr)); the binary picks the editor's language once
//! ([`MessageLang::choose`], [`MessageLang::set`]) and every message prints
//! in it. The choice is process-wide rather than passed around because
//! messages also travel inside `anyhow` error chains and `thiserror`
//! displays, which cannot take a parameter. JSON output stays English, for
//! tools. Many warnings of one kind are summarized
//! ([`Diagnostics::to_text_summarized`]); errors never are.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;

/// How bad a finding is. Errors fail the build; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the run.
    Error,
    /// Reported, but the site is still built.
    Warning,
}

/// One finding, located in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable machine-readable kind, e.g. `broken-link`.
    pub code: &'static str,
    /// The file concerned, as the user named it (handbook root joined with the relative path).
    pub file: PathBuf,
    /// 1-based line, 0 when the finding concerns the whole file.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// What is wrong, as a lowercase phrase.
    pub message: Text,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    /// The offending source line, shown under the location.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error about `file` as a whole.
    pub fn error(code: &'static str, file: &Path, message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    /// A warning about `file` as a whole.
    pub fn warning(code: &'static str, file: &Path, message: impl Into<Text>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, file, message) }
    }

    /// Places the finding at a line and column (1-based).
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Places the finding at a byte offset of `text`, the whole file's text.
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        let (line, column) = line_col(text, offset);
        self.at(line, column).with_source_line(text)
    }

    /// Copies the finding's line out of `text`, the whole file's text.
    pub fn with_source_line(mut self, text: &str) -> Self {
        if self.line > 0 {
            self.source_line = text.lines().nth(self.line - 1).map(str::to_owned);
        }
        self
    }

    /// Adds advice on how to fix it.
    pub fn hint(mut self, hint: impl Into<Text>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// A message in the editors' two languages, English and Spanish. Write new
/// ones with [`tr!`](crate::tr); a plain `String` converts to a message not
/// yet translated (both languages read the English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    en: String,
    es: String,
}

impl Text {
    /// A message given in both languages.
    pub fn new(en: impl Into<String>, es: impl Into<String>) -> Self {
        Text { en: en.into(), es: es.into() }
    }

    /// The English text.
    pub fn en(&self) -> &str {
        &self.en
    }

    /// The Spanish text.
    pub fn es(&self) -> &str {
        &self.es
    }

    /// The text in `lang`.
    pub fn get(&self, lang: MessageLang) -> &str {
        match lang {
            MessageLang::En => &self.en,
            MessageLang::Es => &self.es,
        }
    }
}

/// The language Folio speaks to editors in: messages, hints, summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MessageLang {
    /// English, the default.
    #[default]
    En,
    /// Spanish.
    Es,
}

/// The language chosen for this process, once, by the binary.
static MESSAGE_LANG: OnceLock<MessageLang> = OnceLock::new();

impl MessageLang {
    /// The editor's language: the `--lang` flag if given, else `FOLIO_LANG`,
    /// else the locale (the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is
    /// set and not empty); Spanish when that value starts with `es`, English
    /// otherwise. `var` reads an environment variable.
    pub fn choose(flag: Option<MessageLang>, var: impl Fn(&str) -> Option<String>) -> MessageLang {
        if let Some(lang) = flag {
            return lang;
        }
        let set = |name: &str| var(name).filter(|v| !v.is_empty());
        let value = set("FOLIO_LANG").or_else(|| ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(set));
        match value {
            Some(v) if v.to_ascii_lowercase().starts_with("es") => MessageLang::Es,
            _ => MessageLang::En,
        }
    }

    /// Makes `self` the language of every message this process prints. Only
    /// the first call counts.
    pub fn set(self) {
        let _ = MESSAGE_LANG.set(self);
    }

    /// The language's code, as in `<html lang>`: `en` or `es`.
    pub fn code(self) -> &'static str {
        match self {
            MessageLang::En => "en",
            MessageLang::Es => "es",
        }
    }

    /// The language messages print in: the one [`set`](Self::set), else English.
    pub fn current() -> MessageLang {
        MESSAGE_LANG.get().copied().unwrap_or_default()
    }
}

impl From<String> for Text {
    fn from(en: String) -> Self {
        Text { es: en.clone(), en }
    }
}

impl From<&str> for Text {
    fn from(en: &str) -> Self {
        Text::from(en.to_owned())
    }
}

/// Prints in the process's language ([`MessageLang::current`]).
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get(MessageLang::current()))
    }
}

/// JSON carries the English text: tools read the stable `code`, and a
/// message that does not depend on the environment.
impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.en)
    }
}

/// A [`Text`] in English and Spanish, each a `format!` string with its own
/// arguments captured by name: `tr!("page `{id}` is missing", "falta la página `{id}`")`.
#[macro_export]
macro_rules! tr {
    ($en:literal, $es:literal $(,)?) => {
        $crate::diagnostic::Text::new(format!($en), format!($es))
    };
}

/// [`tr!`](crate::tr) under this module's path, so the crate's modules name
/// it as `crate::diagnostic::tr`, within their layer.
pub use tr;

/// `text` made safe to print on a terminal: control characters other than
/// line breaks and tabs, and the characters that reorder text (bidirectional
/// overrides), could move the cursor, recolour or hide what follows, so they
/// are shown as escapes such as `\u{1b}`.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => tr!("error", "error"),
            Severity::Warning => tr!("warning", "aviso"),
        };
        writeln!(f, "{kind}[{}]: {}", self.code, escape_controls(&self.message.to_string()))?;
        let path = self.file.to_string_lossy();
        let path = escape_controls(&path);
        match (self.line, self.column) {
            (0, _) => writeln!(f, "  --> {path}")?,
            (line, 0) => writeln!(f, "  --> {path}:{line}")?,
            (line, col) => writeln!(f, "  --> {path}:{line}:{col}")?,
        }
        if let Some(source) = &self.source_line {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            writeln!(f, "{pad} |")?;
            writeln!(f, "{num} | {}", escape_controls(source))?;
            if self.column > 0 {
                let before: String = source.chars().take(self.column - 1).collect();
                writeln!(f, "{pad} | {}^", " ".repeat(escape_controls(&before).chars().count()))?;
            }
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = {}: {}", tr!("hint", "sugerencia"), escape_controls(&hint.to_string()))?;
        }
        Ok(())
    }
}

/// All findings of one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Findings left out because they follow from a reported error.
    suppressed: usize,
}

impl Diagnostics {
    /// Records a finding.
    pub fn push(&mut self, diag: Diagnostic) {
        self.items.push(diag);
    }

    /// Counts `n` findings left out because they follow from an error
    /// already reported (e.g. links to a page whose front matter failed).
    pub fn suppress(&mut self, n: usize) {
        self.suppressed += n;
    }

    /// Number of findings left out as consequences of reported errors.
    pub fn suppressed_count(&self) -> usize {
        self.suppressed
    }

    /// Number of errors so far.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// Number of warnings so far.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Whether any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Findings sorted by file and position, errors and warnings mixed.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| (&a.file, a.line, a.column, a.severity).cmp(&(&b.file, b.line, b.column, b.severity)));
        items
    }

    /// Adds all of `other`'s findings.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        self.suppressed += other.suppressed;
    }

    /// Renders all findings for a terminal, then a note on how many were
    /// suppressed, if any. `folio check` prints this.
    pub fn to_text(&self) -> String {
        self.render(usize::MAX)
    }

    /// Like [`to_text`](Self::to_text), but of the warnings of each kind
    /// (code) only the first [`WARNINGS_SHOWN_PER_KIND`] are shown, then one
    /// note per kind says how many more there are and that `folio check`
    /// lists them. Errors are all shown. `build` and `serve` print this.
    pub fn to_text_summarized(&self) -> String {
        self.render(WARNINGS_SHOWN_PER_KIND)
    }

    /// All errors and at most `per_kind` warnings of each code, then the
    /// notes on what was left out.
    fn render(&self, per_kind: usize) -> String {
        let mut out = String::new();
        let mut hidden: BTreeMap<&str, usize> = BTreeMap::new();
        let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
        for d in self.sorted() {
            if d.severity == Severity::Warning {
                let count = shown.entry(d.code).or_default();
                if *count == per_kind {
                    *hidden.entry(d.code).or_default() += 1;
                    continue;
                }
                *count += 1;
            }
            out.push_str(&d.to_string());
            out.push('\n');
        }
        for (code, n) in hidden {
            let note = match n {
                1 => tr!(
                    "note: 1 more `{code}` warning not shown; `folio check` lists them all",
                    "nota: 1 aviso `{code}` más no se muestra; `folio check` los muestra todos"
                ),
                n => tr!(
                    "note: {n} more `{code}` warnings not shown; `folio check` lists them all",
                    "nota: {n} avisos `{code}` más no se muestran; `folio check` los muestra todos"
                ),
            };
            out.push_str(&format!("{note}\n"));
        }
        let note = match self.suppressed {
            0 => return out,
            1 => tr!(
                "note: 1 follow-on diagnostic suppressed; fix the errors above first",
                "nota: se omitió 1 diagnóstico derivado; corrija primero los errores de arriba"
            ),
            n => tr!(
                "note: {n} follow-on diagnostics suppressed; fix the errors above first",
                "nota: se omitieron {n} diagnósticos derivados; corrija primero los errores de arriba"
            ),
        };
        out.push_str(&format!("{note}\n"));
        out
    }

    /// Renders all findings as a JSON array.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.sorted()).expect("diagnostics serialize")
    }

    /// Iterates over the findings in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// How many warnings of one kind [`Diagnostics::to_text_summarized`] shows.
pub const WARNINGS_SHOWN_PER_KIND: usize = 5;

/// The candidate `wanted` was probably meant to be, if one is close enough
/// to be a typo: at most a third of `wanted`'s length in edits (at least
/// one), the closest first (the earliest among equals).
pub fn did_you_mean<'c>(wanted: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (wanted.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != wanted)
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters: insertions, deletions and substitutions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{did_you_mean, edit_distance, escape_controls};

    // Insertions, deletions, substitutions and a swap (two edits) are counted.
    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("debat", "debate"), 1);
        assert_eq!(edit_distance("weigth", "weight"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("año", "ano"), 1);
    }

    // Close names are suggested, the closest first; distant ones never.
    #[test]
    fn suggestions_are_close_names_only() {
        assert_eq!(did_you_mean("weigth", ["id", "title", "weight", "summary"]), Some("weight"));
        assert_eq!(did_you_mean("elemntos", ["plazos", "elementos"]), Some("elementos"));
        assert_eq!(did_you_mean("fr", ["es", "en"]), None);
        assert_eq!(did_you_mean("cap", ["cap"]), None);
    }

    // `tr!` formats each language with the caller's variables; a plain string is both.
    #[test]
    fn messages_carry_both_languages() {
        let id = "debate";
        let text = tr!("page `{id}` is missing", "falta la página `{id}`");
        assert_eq!((text.en(), text.es()), ("page `debate` is missing", "falta la página `debate`"));
        let plain = super::Text::from("only English");
        assert_eq!(plain.es(), "only English");
    }

    // Control and bidirectional characters are escaped; line breaks, tabs and other text are not.
    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_controls("a\u{1b}[31mb\r\u{202e}c\td\ne"), "a\\u{1b}[31mb\\u{d}\\u{202e}c\td\ne");
        assert!(matches!(escape_controls("plain ñ text"), std::borrow::Cow::Borrowed(_)));
    }
}
