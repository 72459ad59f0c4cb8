//! Reads each edition's `glossary.yaml`: one entry per concept, with its
//! term, other forms, abbreviations, protected words and definition in each
//! language, and the sections that treat it.
//!
//! Parsing is strict, like `folio.yaml`'s: unknown keys (with a suggestion),
//! duplicate ids, a term claimed by two entries and links to sections that
//! do not exist are errors; an entry without one of the handbook's languages
//! is a warning, like a missing translation. serde gives no positions inside
//! a value, so findings are placed on the entry's `- ` line or its key's line.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use super::front_matter::is_valid_key;
use super::read_handbook_file;
use crate::config::{Config, Version, SOURCE_LANG};
use crate::diagnostic::tr;
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics};
use crate::handbook::{Book, Glossary, GlossaryEntry, Term};

/// The glossary's file name, in each edition's folder.
pub const FILE_NAME: &str = "glossary.yaml";

/// A value of an entry's key as written: the id, the list of sections, or a
/// language's block.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawValue {
    Text(String),
    List(Vec<String>),
    Term(RawTerm),
}

/// A language's block as written; unknown keys are collected to be reported
/// with a suggestion.
#[derive(Debug, Deserialize)]
struct RawTerm {
    term: Option<String>,
    #[serde(default)]
    forms: Vec<String>,
    #[serde(default)]
    abbr: Vec<String>,
    #[serde(default)]
    protect: Vec<String>,
    definition: Option<String>,
    #[serde(flatten)]
    unknown: BTreeMap<String, serde::de::IgnoredAny>,
}

/// The keys of a language's block.
const TERM_KEYS: [&str; 5] = ["term", "forms", "abbr", "protect", "definition"];

/// Loads the glossary of `version`, if its folder has one. `books` are the
/// edition's books, for checking the sections an entry links to.
pub fn load(
    root: &Path,
    config: &Config,
    version: Version,
    books: &[&Book],
    diags: &mut Diagnostics,
) -> Option<Glossary> {
    let path = root.join(&config.version(version).id).join(FILE_NAME);
    if !path.exists() {
        return None;
    }
    let text = match read_handbook_file(&path).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            diags.push(
                Diagnostic::error(
                    "glossary",
                    &path,
                    tr!("the glossary is not valid UTF-8", "el glosario no está en UTF-8"),
                )
                .hint(tr!("save glossary.yaml as UTF-8", "guarde glossary.yaml en UTF-8")),
            );
            return None;
        }
        Err(diag) => {
            diags.push(*diag);
            return None;
        }
    };
    if text.trim().is_empty() {
        return Some(Glossary::default());
    }
    let raw: Vec<BTreeMap<String, RawValue>> = match crate::yaml::parse(&path, &text, &text, 0, "glossary") {
        Ok(raw) => raw,
        Err(diag) => {
            diags.push(explain_shape(*diag));
            return None;
        }
    };
    let starts = entry_lines(&text);
    let mut checker = Checker { path: &path, text: &text, config, diags };
    let entries = raw
        .into_iter()
        .enumerate()
        .filter_map(|(i, raw)| {
            let start = starts.get(i).copied().unwrap_or(0);
            let end = starts.get(i + 1).copied().unwrap_or(usize::MAX);
            checker.entry(raw, start..end)
        })
        .collect();
    let mut glossary = Glossary { entries };
    checker.unique(&glossary);
    checker.links(&glossary, books);
    let mut seen = std::collections::HashSet::new();
    glossary.entries.retain(|entry| seen.insert(entry.id.clone()));
    Some(glossary)
}

/// serde's message for a value of none of the expected shapes is about an
/// "untagged enum": say what an entry holds instead.
fn explain_shape(mut diag: Diagnostic) -> Diagnostic {
    if diag.message.en().contains("untagged enum") {
        diag.message = tr!(
            "a glossary entry's keys hold text (`id`), a list (`see`) or a language's block (`es:` with `term:` and `definition:`)",
            "las claves de una entrada del glosario contienen texto (`id`), una lista (`see`) o el bloque de un idioma (`es:` con `term:` y `definition:`)"
        );
    }
    diag
}

/// The 1-based line of each top-level `- ` item, in order: where each entry starts.
fn entry_lines(text: &str) -> Vec<usize> {
    text.lines().enumerate().filter(|(_, l)| l.starts_with("- ") || *l == "-").map(|(i, _)| i + 1).collect()
}

/// Checks entries as they are read, reporting into `diags`.
struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    config: &'a Config,
    diags: &'a mut Diagnostics,
}

impl Checker<'_> {
    /// Where, within `lines`, the first line whose text (indent and `- `
    /// removed) starts with `key:` is: its line and the key's column; else
    /// the entry's first line.
    fn line_of(&self, key: &str, lines: &std::ops::Range<usize>) -> (usize, usize) {
        let mut numbered = self.text.lines().enumerate().skip(lines.start.saturating_sub(1));
        let found = numbered.find_map(|(i, l)| {
            if i + 1 >= lines.end {
                return None;
            }
            let rest = l.trim_start();
            let rest = rest.strip_prefix("- ").unwrap_or(rest).trim_start();
            let column = l.chars().count() - rest.chars().count() + 1;
            rest.strip_prefix(key).is_some_and(|r| r.starts_with(':')).then_some((i + 1, column))
        });
        found.unwrap_or((lines.start, 1))
    }

    fn report(&mut self, diag: Diagnostic, (line, column): (usize, usize)) {
        let diag = if line > 0 { diag.at(line, column).with_source_line(self.text) } else { diag };
        self.diags.push(diag);
    }

    /// One entry, validated; `None` if it cannot be used (its errors reported).
    fn entry(&mut self, mut raw: BTreeMap<String, RawValue>, lines: std::ops::Range<usize>) -> Option<GlossaryEntry> {
        let id = match raw.remove("id") {
            Some(RawValue::Text(id)) if is_valid_key(&id) => id,
            Some(RawValue::Text(id)) => {
                let diag = Diagnostic::error(
                    "glossary",
                    self.path,
                    tr!("glossary id `{id}` is not valid", "el id de glosario `{id}` no es válido"),
                )
                .hint(tr!(
                    "use lowercase letters, digits and single hyphens, e.g. `anticipo-de-prueba`",
                    "use minúsculas, dígitos y guiones simples, por ejemplo `anticipo-de-prueba`"
                ));
                self.report(diag, self.line_of("id", &lines));
                return None;
            }
            _ => {
                let diag = Diagnostic::error(
                    "glossary",
                    self.path,
                    tr!("a glossary entry has no `id`", "una entrada del glosario no tiene `id`"),
                )
                .hint(tr!(
                    "start each entry with `- id: name-of-the-concept`",
                    "empiece cada entrada con `- id: nombre-del-concepto`"
                ));
                self.report(diag, (lines.start, 1));
                return None;
            }
        };
        let see = match raw.remove("see") {
            None => Vec::new(),
            Some(RawValue::List(see)) => see,
            Some(RawValue::Text(one)) => vec![one],
            Some(RawValue::Term(_)) => {
                let diag = Diagnostic::error(
                    "glossary",
                    self.path,
                    tr!(
                        "`see` of `{id}` must be a list of section ids",
                        "`see` de `{id}` debe ser una lista de ids de secciones"
                    ),
                )
                .hint(tr!(
                    "e.g. `see: [anticipo-prueba, camara-gesell]`",
                    "por ejemplo `see: [anticipo-prueba, camara-gesell]`"
                ));
                self.report(diag, self.line_of("see", &lines));
                Vec::new()
            }
        };
        let mut terms: Vec<Option<Term>> = vec![None; self.config.languages.len()];
        let mut usable = true;
        for (key, value) in raw {
            let line = self.line_of(&key, &lines);
            let lang = self.config.find_lang(&key);
            match (lang, value) {
                (Some(lang), RawValue::Term(block)) => match self.term(&id, &key, block, line, &lines) {
                    Some(term) => terms[lang.index()] = Some(term),
                    None => usable = false,
                },
                (Some(_), _) => {
                    let diag = Diagnostic::error(
                        "glossary",
                        self.path,
                        tr!(
                            "`{key}` of `{id}` must be a block with `term:` and `definition:`",
                            "`{key}` de `{id}` debe ser un bloque con `term:` y `definition:`"
                        ),
                    );
                    self.report(diag, line);
                    usable = false;
                }
                (None, _) => {
                    let known: Vec<&str> =
                        ["id", "see"].into_iter().chain(self.config.languages.iter().map(String::as_str)).collect();
                    let list = known.join(", ");
                    let diag = Diagnostic::error(
                        "glossary",
                        self.path,
                        tr!(
                            "unknown key `{key}` in glossary entry `{id}`",
                            "clave desconocida `{key}` en la entrada de glosario `{id}`"
                        ),
                    );
                    let diag = match did_you_mean(&key, known.iter().copied()) {
                        Some(meant) => diag.hint(tr!(
                            "did you mean `{meant}`? an entry's keys are: {list}",
                            "¿quiso decir `{meant}`? las claves de una entrada son: {list}"
                        )),
                        None => diag.hint(tr!(
                            "an entry's keys are: {list} (the languages of folio.yaml)",
                            "las claves de una entrada son: {list} (los idiomas de folio.yaml)"
                        )),
                    };
                    self.report(diag, line);
                    usable = false;
                }
            }
        }
        if !usable {
            return None;
        }
        for lang in self.config.langs() {
            if terms[lang.index()].is_none() {
                let code = self.config.lang_code(lang).to_string();
                let diag = Diagnostic::warning(
                    "glossary-translation",
                    self.path,
                    tr!(
                        "glossary entry `{id}` has no `{code}` term",
                        "la entrada de glosario `{id}` no tiene término en `{code}`"
                    ),
                )
                .hint(tr!(
                    "add the entry's `{code}:` block with its `term:` and `definition:`",
                    "agregue a la entrada el bloque `{code}:` con su `term:` y su `definition:`"
                ));
                self.report(diag, (lines.start, 1));
            }
        }
        Some(GlossaryEntry { id, terms, see, line: lines.start })
    }

    /// A language's block of entry `id`, validated.
    fn term(
        &mut self,
        id: &str,
        code: &str,
        raw: RawTerm,
        line: (usize, usize),
        lines: &std::ops::Range<usize>,
    ) -> Option<Term> {
        let mut ok = true;
        let mut misspelt = Vec::new();
        for key in raw.unknown.keys() {
            let diag = Diagnostic::error(
                "glossary",
                self.path,
                tr!(
                    "unknown key `{key}` in `{code}` of glossary entry `{id}`",
                    "clave desconocida `{key}` en `{code}` de la entrada de glosario `{id}`"
                ),
            );
            let list = TERM_KEYS.join(", ");
            let diag = match did_you_mean(key, TERM_KEYS) {
                Some(meant) => {
                    misspelt.push(meant);
                    diag.hint(tr!("did you mean `{meant}`?", "¿quiso decir `{meant}`?"))
                }
                None => diag.hint(tr!("a language's keys are: {list}", "las claves de un idioma son: {list}")),
            };
            let at = self.line_of(key, lines);
            self.report(diag, at);
            ok = false;
        }
        let term = raw.term.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
        let definition = raw.definition.map(|d| d.trim().to_string()).filter(|d| !d.is_empty());
        for (missing, key) in [(term.is_none(), "term"), (definition.is_none(), "definition")] {
            if missing && misspelt.contains(&key) {
                self.diags.suppress(1);
                ok = false;
            } else if missing {
                let diag = Diagnostic::error(
                    "glossary",
                    self.path,
                    tr!(
                        "`{code}` of glossary entry `{id}` has no `{key}`",
                        "`{code}` de la entrada de glosario `{id}` no tiene `{key}`"
                    ),
                )
                .hint(tr!("write it under `{code}:`", "escríbalo bajo `{code}:`"));
                self.report(diag, line);
                ok = false;
            }
        }
        if let Some(definition) = &definition {
            if definition.contains("\n\n") {
                let diag = Diagnostic::error(
                    "glossary",
                    self.path,
                    tr!(
                        "the `{code}` definition of `{id}` has more than one paragraph",
                        "la definición en `{code}` de `{id}` tiene más de un párrafo"
                    ),
                )
                .hint(tr!(
                    "a definition is one short paragraph; say more in the sections that `see` lists",
                    "una definición es un párrafo breve; desarrolle el resto en las secciones que lista `see`"
                ));
                let at = self.line_of("definition", lines);
                self.report(diag, at);
                ok = false;
            }
        }
        let clean =
            |words: Vec<String>| words.into_iter().map(|w| w.trim().to_string()).filter(|w| !w.is_empty()).collect();
        Some(Term {
            term: term.filter(|_| ok)?,
            forms: clean(raw.forms),
            abbr: clean(raw.abbr),
            protect: clean(raw.protect),
            definition: definition?,
        })
    }

    /// Ids and, per language, terms (headwords, forms, abbreviations) name one entry each.
    fn unique(&mut self, glossary: &Glossary) {
        let mut ids: HashMap<&str, usize> = HashMap::new();
        for entry in &glossary.entries {
            if let Some(first) = ids.insert(&entry.id, entry.line) {
                let id = &entry.id;
                let diag = Diagnostic::error(
                    "glossary-duplicate",
                    self.path,
                    tr!(
                        "glossary id `{id}` is used twice (first at line {first})",
                        "el id de glosario `{id}` se usa dos veces (la primera en la línea {first})"
                    ),
                )
                .hint(tr!(
                    "merge the two entries or give one another id",
                    "una las dos entradas o dé a una de ellas otro id"
                ));
                self.report(diag, (entry.line, 1));
            }
        }
        for lang in self.config.langs() {
            let code = self.config.lang_code(lang).to_string();
            let mut owners: HashMap<String, &str> = HashMap::new();
            for entry in &glossary.entries {
                let Some(term) = entry.term_in(lang) else { continue };
                for name in term.names() {
                    let Some(other) = owners.insert(name.to_lowercase(), &entry.id) else { continue };
                    if other == entry.id {
                        continue;
                    }
                    let id = &entry.id;
                    let diag = Diagnostic::error(
                        "glossary-duplicate",
                        self.path,
                        tr!(
                            "`{name}` ({code}) names both `{other}` and `{id}` in the glossary",
                            "`{name}` ({code}) nombra a la vez `{other}` y `{id}` en el glosario"
                        ),
                    )
                    .hint(tr!(
                        "a term, form or abbreviation belongs to one entry; remove it from one of them",
                        "un término, forma o abreviatura pertenece a una sola entrada; quítelo de una de ellas"
                    ));
                    self.report(diag, (entry.line, 1));
                }
            }
        }
    }

    /// Every `see` id names a page of the edition (pages whose own errors
    /// are reported are not named again).
    fn links(&mut self, glossary: &Glossary, books: &[&Book]) {
        let Some(source) = books.iter().find(|b| b.lang == SOURCE_LANG) else { return };
        for entry in &glossary.entries {
            for target in &entry.see {
                if source.find(target).is_some() {
                    continue;
                }
                if source.failed_ids.contains(target) {
                    self.diags.suppress(1);
                    continue;
                }
                let id = &entry.id;
                let diag = Diagnostic::error(
                    "glossary-link",
                    self.path,
                    tr!(
                        "glossary entry `{id}` links to `{target}`, which is no page of this edition",
                        "la entrada de glosario `{id}` enlaza a `{target}`, que no es una página de esta edición"
                    ),
                );
                let ids = source.pages().map(|p| p.id.as_str());
                let diag = match did_you_mean(target, ids) {
                    Some(meant) => diag.hint(tr!("did you mean `{meant}`?", "¿quiso decir `{meant}`?")),
                    None => diag.hint(tr!(
                        "use the `id:` of a section of this edition",
                        "use el `id:` de una sección de esta edición"
                    )),
                };
                let line = self.line_of("see", &(entry.line..entry.line + 1 + self.entry_len(entry.line)));
                self.report(diag, line);
            }
        }
    }

    /// How many lines the entry starting at `line` spans (up to the next entry).
    fn entry_len(&self, line: usize) -> usize {
        self.text.lines().skip(line).take_while(|l| !(l.starts_with("- ") || *l == "-")).count()
    }
}
