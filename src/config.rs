//! The handbook manifest, `folio.yaml`: parsed strictly (unknown keys are
//! errors), then resolved into typed languages and versions so that the rest of
//! the pipeline never handles a language or an edition as a bare string.
//! Version ids become folder names in the site, so they are checked against
//! what the site's root already holds ([`crate::site::ROOT_NAMES`]).
//! Optional keys: each edition's publication date (`published:`, a real
//! `YYYY-MM-DD` day), the site's URL (`site_url:`, for canonical links and
//! the sitemap) and a short notice per language (`notice:`, on the cover and
//! every printed page).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::tr;
use crate::diagnostic::{Diagnostic, Diagnostics, Text};

/// The manifest exactly as written in `folio.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: BTreeMap<String, String>,
    languages: Vec<String>,
    versions: Vec<RawVersion>,
    /// Where the site is published (`https://…/`), for canonical links and the sitemap.
    #[serde(default)]
    site_url: Option<String>,
    /// A short notice per language, on the cover and every printed page.
    #[serde(default)]
    notice: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVersion {
    id: String,
    label: BTreeMap<String, String>,
    status: EditionStatus,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(default)]
    published: Option<String>,
}

/// Where an edition stands in the life of the handbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EditionStatus {
    /// The edition readers should use; exactly one version has it.
    Current,
    /// A superseded edition, kept for reference; its pages carry a banner.
    Archived,
    /// Work in progress: built with a "draft" banner by `folio serve` and
    /// `folio build --drafts`, left out of a plain `folio build` and its zip.
    Draft,
}

/// Whether a run builds the draft editions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drafts {
    /// Every edition (checks, the preview, `folio build --drafts`).
    Include,
    /// Only published editions: a draft is handled as if not listed.
    LeaveOut,
}

/// A configured language, by position in `languages` (0 is the source language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lang(usize);

impl Lang {
    /// Its position in `languages` (0 is the source language), for lists
    /// kept in that order.
    pub fn index(self) -> usize {
        self.0
    }
}

/// A configured version (edition), by position in `versions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version(usize);

/// One edition of the handbook, resolved.
#[derive(Debug, Clone)]
pub struct VersionInfo {
    /// Folder name under the handbook root and under the site root.
    pub id: String,
    /// Label per language, in the order of [`Config::languages`].
    pub label: Vec<String>,
    /// Current, archived or draft.
    pub status: EditionStatus,
    /// When the edition was published (`published:`; optional).
    pub published: Option<Date>,
}

/// A calendar date, as `published:` gives it (`2025-01-31`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, from 1.
    pub day: u8,
}

impl Date {
    /// Reads `YYYY-MM-DD`, a real day of a real month.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let mut field = |len: usize| parts.next().filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()));
        let (year, month, day) = (field(4)?.parse().ok()?, field(2)?.parse().ok()?, field(2)?.parse().ok()?);
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            1..=12 => 31,
            _ => 0,
        };
        (parts.next().is_none() && (1..=days).contains(&day)).then_some(Date { year, month, day })
    }

    /// `YYYY-MM-DD`, for `<time datetime>` and the sitemap.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl VersionInfo {
    /// The edition's label in `lang`.
    pub fn label_in(&self, lang: Lang) -> &str {
        &self.label[lang.0]
    }
}

/// The resolved manifest.
#[derive(Debug, Clone)]
pub struct Config {
    /// Handbook title per language, in the order of `languages`.
    pub title: Vec<String>,
    /// Language codes; the first is the source language.
    pub languages: Vec<String>,
    /// Editions, in the order written (conventionally newest first).
    pub versions: Vec<VersionInfo>,
    /// Where the site is published, ending in `/` (`site_url:`; optional).
    pub site_url: Option<String>,
    /// A short notice per language, in the order of `languages` (`notice:`;
    /// optional), such as "demonstration edition, not legal advice".
    pub notice: Option<Vec<String>>,
}

/// The source language: the one translations are made from.
pub const SOURCE_LANG: Lang = Lang(0);

/// Why `id` cannot name a version's folder in the handbook and in the site,
/// as a message and a hint; `None` if it can.
pub fn version_id_problem(id: &str) -> Option<(Text, Text)> {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_';
    if id.is_empty() || !id.bytes().all(allowed) {
        return Some((
            tr!(
                "version id `{id}` is not a valid folder name",
                "el id de versión `{id}` no es un nombre de carpeta válido"
            ),
            tr!("use letters, digits, `-`, `.` or `_`", "use letras, dígitos, `-`, `.` o `_`"),
        ));
    }
    if id.starts_with('.') {
        return Some((
            tr!(
                "version id `{id}` starts with a dot: `.` and `..` name other folders, and Folio skips hidden folders",
                "el id de versión `{id}` empieza con un punto: `.` y `..` nombran otras carpetas, y Folio omite las carpetas ocultas"
            ),
            tr!("start the id with a letter or a digit, e.g. `2025`", "empiece el id con una letra o un dígito, p. ej. `2025`"),
        ));
    }
    // Compared ignoring case, as the file systems of Windows and macOS do.
    if let Some(name) = crate::site::ROOT_NAMES.iter().find(|name| name.eq_ignore_ascii_case(id)) {
        let names = crate::site::ROOT_NAMES.join(", ");
        return Some((
            tr!(
                "version id `{id}` clashes with `{name}`, which Folio writes at the root of the site",
                "el id de versión `{id}` coincide con `{name}`, que Folio escribe en la raíz del sitio"
            ),
            tr!(
                "choose another id; the site's root holds {names} and the version folders",
                "elija otro id; la raíz del sitio contiene {names} y las carpetas de versión"
            ),
        ));
    }
    None
}

/// The 1-based line of `text` where `id: <id>` is written (quoted or not),
/// or 1 if not found.
fn id_line(text: &str, id: &str) -> usize {
    let is_id_char = |c: char| c.is_ascii_alphanumeric() || "-._".contains(c);
    let written_here = |line: &str| {
        line.match_indices("id:").any(|(at, key)| {
            let value = line[at + key.len()..].trim_start().trim_start_matches(['"', '\'']);
            value.strip_prefix(id).is_some_and(|rest| !rest.starts_with(is_id_char))
        })
    };
    text.lines().position(written_here).map_or(1, |i| i + 1)
}

impl Config {
    /// Parses and resolves `text`, the contents of the `folio.yaml` at
    /// `path`, reporting every problem found.
    pub fn parse(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Config> {
        let raw: RawConfig = match crate::yaml::parse(path, text, text, 0, "config") {
            Ok(raw) => raw,
            Err(diag) => {
                diags.push(*diag);
                return None;
            }
        };
        Config::resolve(raw, path, text, diags)
    }

    fn resolve(raw: RawConfig, path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Config> {
        let before = diags.error_count();
        let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).map_or(1, |i| i + 1);
        let mut fail = |line: usize, message: Text, hint: Text| {
            diags.push(Diagnostic::error("config", path, message).at(line, 1).with_source_line(text).hint(hint));
        };
        if raw.languages.is_empty() {
            fail(
                line_of("languages"),
                tr!("no languages configured", "no hay idiomas configurados"),
                tr!(
                    "list the source language first, e.g. `languages: [es, en]`",
                    "indique primero el idioma de origen, p. ej. `languages: [es, en]`"
                ),
            );
        }
        for (i, code) in raw.languages.iter().enumerate() {
            let valid = (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
            if !valid {
                fail(
                    line_of("languages"),
                    tr!("`{code}` is not a language code", "`{code}` no es un código de idioma"),
                    tr!(
                        "use two- or three-letter lowercase codes such as `es` or `en`",
                        "use códigos de dos o tres letras minúsculas como `es` o `en`"
                    ),
                );
            }
            if raw.languages[..i].contains(code) {
                fail(
                    line_of("languages"),
                    tr!("language `{code}` is listed twice", "el idioma `{code}` aparece dos veces"),
                    tr!("list each language once", "indique cada idioma una sola vez"),
                );
            }
        }
        let per_lang = |map: &BTreeMap<String, String>, what: &str, fail: &mut dyn FnMut(usize, Text, Text)| {
            for key in map.keys() {
                if !raw.languages.contains(key) {
                    fail(
                        line_of(&format!("{key}:")),
                        tr!(
                            "`{what}` has a `{key}` entry but `{key}` is not a configured language",
                            "`{what}` tiene una entrada `{key}` pero `{key}` no es un idioma configurado"
                        ),
                        tr!(
                            "remove it or add the language to `languages`",
                            "elimínela o añada el idioma a `languages`"
                        ),
                    );
                }
            }
            raw.languages
                .iter()
                .map(|code| match map.get(code) {
                    Some(value) => value.clone(),
                    None => {
                        fail(
                            line_of(what),
                            tr!("`{what}` has no `{code}` entry", "`{what}` no tiene entrada `{code}`"),
                            tr!(
                                "give a value for every configured language",
                                "dé un valor para cada idioma configurado"
                            ),
                        );
                        String::new()
                    }
                })
                .collect::<Vec<_>>()
        };
        let title = per_lang(&raw.title, "title", &mut fail);
        let notice = raw.notice.as_ref().map(|notice| per_lang(notice, "notice", &mut fail));
        let mut versions = Vec::new();
        for v in &raw.versions {
            let line = id_line(text, &v.id);
            let dir = path.parent().unwrap_or(Path::new(".")).join(&v.id);
            let (id, folder) = (&v.id, dir.display());
            if let Some((message, hint)) = version_id_problem(&v.id) {
                fail(line, message, hint);
            } else if !dir.is_dir() {
                fail(
                    line,
                    tr!("version `{id}` has no folder `{folder}`", "la versión `{id}` no tiene carpeta `{folder}`"),
                    tr!("create the folder or remove the version", "cree la carpeta o elimine la versión"),
                );
            }
            if versions.iter().any(|o: &VersionInfo| o.id == v.id) {
                fail(
                    line,
                    tr!("version `{id}` is listed twice", "la versión `{id}` aparece dos veces"),
                    tr!("give each version a distinct id", "dé a cada versión un id distinto"),
                );
            }
            let label = per_lang(&v.label, "label", &mut fail);
            let published = v.published.as_deref().and_then(|date| {
                let parsed = Date::parse(date);
                if parsed.is_none() {
                    let line = text.lines().position(|l| l.contains("published:") && l.contains(date));
                    fail(
                        line.map_or(1, |i| i + 1),
                        tr!("`published: {date}` is not a date", "`published: {date}` no es una fecha"),
                        tr!(
                            "write the day the edition was published as YYYY-MM-DD, e.g. `published: 2025-03-31`",
                            "escriba el día en que se publicó la edición como AAAA-MM-DD, p. ej. `published: 2025-03-31`"
                        ),
                    );
                }
                parsed
            });
            versions.push(VersionInfo { id: v.id.clone(), label, status: v.status, published });
        }
        let site_url = raw.site_url.map(|url| {
            let web = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
            if web.is_none_or(|rest| rest.is_empty() || rest.contains(['?', '#', ' ', '"', '<', '>'])) {
                fail(
                    line_of("site_url"),
                    tr!(
                        "`site_url: {url}` is not the address of a web site",
                        "`site_url: {url}` no es la dirección de un sitio web"
                    ),
                    tr!(
                        "give the address the site is published at, e.g. `site_url: https://example.org/manual/`",
                        "indique la dirección en la que se publica el sitio, p. ej. `site_url: https://example.org/manual/`"
                    ),
                );
            }
            if url.ends_with('/') {
                url
            } else {
                url + "/"
            }
        });
        let current = versions.iter().filter(|v| v.status == EditionStatus::Current).count();
        if current != 1 {
            fail(
                line_of("versions"),
                tr!(
                    "{current} versions have `status: current`; exactly one must",
                    "{current} versiones tienen `status: current`; debe tenerlo exactamente una"
                ),
                tr!(
                    "mark the edition readers should use as `current` and the others `archived` or `draft`",
                    "marque como `current` la edición que deben usar los lectores y las demás como `archived` o `draft`"
                ),
            );
        }
        (diags.error_count() == before).then_some(Config {
            title,
            languages: raw.languages,
            versions,
            site_url,
            notice,
        })
    }

    /// All configured languages, source first.
    pub fn langs(&self) -> impl Iterator<Item = Lang> + '_ {
        (0..self.languages.len()).map(Lang)
    }

    /// All configured versions, in manifest order.
    pub fn versions(&self) -> impl Iterator<Item = Version> + '_ {
        (0..self.versions.len()).map(Version)
    }

    /// The handbook's title in `lang`.
    pub fn title_in(&self, lang: Lang) -> &str {
        &self.title[lang.0]
    }

    /// The handbook's notice in `lang`, if it has one.
    pub fn notice_in(&self, lang: Lang) -> Option<&str> {
        self.notice.as_ref().map(|notice| notice[lang.0].as_str())
    }

    /// The editions older than `version`, newest first (manifests list
    /// editions newest first).
    pub fn older_than(&self, version: Version) -> impl Iterator<Item = Version> {
        (version.0 + 1..self.versions.len()).map(Version)
    }

    /// The language code, e.g. `es`.
    pub fn lang_code(&self, lang: Lang) -> &str {
        &self.languages[lang.0]
    }

    /// The version's resolved entry.
    pub fn version(&self, version: Version) -> &VersionInfo {
        &self.versions[version.0]
    }

    /// The edition marked `current`.
    pub fn current_version(&self) -> Version {
        Version(self.versions.iter().position(|v| v.status == EditionStatus::Current).unwrap_or(0))
    }

    /// Finds a language by code.
    pub fn find_lang(&self, code: &str) -> Option<Lang> {
        self.languages.iter().position(|l| l == code).map(Lang)
    }

    /// Finds a version by id.
    pub fn find_version(&self, id: &str) -> Option<Version> {
        self.versions.iter().position(|v| v.id == id).map(Version)
    }

    /// Removes the draft editions, as if they were not listed, and returns
    /// their ids (their folders are then not read). Versions are positions
    /// in the list, so this runs before any `Version` is handed out.
    pub fn remove_drafts(&mut self) -> Vec<String> {
        let (drafts, kept): (Vec<VersionInfo>, _) =
            std::mem::take(&mut self.versions).into_iter().partition(|v| v.status == EditionStatus::Draft);
        self.versions = kept;
        drafts.into_iter().map(|v| v.id).collect()
    }

    /// The edition that precedes `version` in time: the next one in manifest
    /// order that is not a draft (manifests list newest first).
    pub fn previous_version(&self, version: Version) -> Option<Version> {
        self.older_than(version).find(|v| self.version(*v).status != EditionStatus::Draft)
    }
}
