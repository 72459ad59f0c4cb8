//! The theme: Tera templates, static assets and UI strings per language.
//! The default theme (`themes/default`) is compiled into the binary so that
//! Folio works from anywhere; `--theme DIR` loads another from disk.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use tera::Tera;

use crate::config::Config;
use crate::diagnostic::tr;
use crate::diagnostic::{Diagnostic, Diagnostics, Text};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The templates Folio fills (pages, reports, the service worker); a theme must have every one.
const TEMPLATES: [&str; 10] = [
    "page.html",
    "cover.html",
    "print.html",
    "changes.html",
    "redline.html",
    "translations.html",
    "entry.html",
    "diff-report.html",
    "partials/sidebar.html",
    "sw.js",
];

/// The language whose UI strings stand in for a language the theme lacks.
const FALLBACK_LANG: &str = "en";

/// UI strings of one language: `key -> text`.
pub type Strings = BTreeMap<String, String>;

/// A loaded theme.
pub struct Theme {
    /// Where the theme came from, for messages (`themes/default` when embedded).
    pub origin: PathBuf,
    /// Templates, parsed once.
    pub tera: Tera,
    /// Files under `static/`, copied to the site's `assets/` folder.
    pub assets: Vec<(PathBuf, Vec<u8>)>,
    /// UI strings per language code.
    pub strings: HashMap<String, Strings>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme").field("origin", &self.origin).finish_non_exhaustive()
    }
}

impl Theme {
    /// The theme built into the binary.
    pub fn embedded(diags: &mut Diagnostics) -> Option<Theme> {
        let mut files = Vec::new();
        collect_embedded(&DEFAULT_THEME, &mut files);
        Theme::from_files(Path::new("themes/default"), files, diags)
    }

    /// A theme folder on disk, laid out like `themes/default`.
    pub fn from_dir(dir: &Path, diags: &mut Diagnostics) -> Option<Theme> {
        if !dir.is_dir() {
            diags.push(
                Diagnostic::error(
                    "theme",
                    dir,
                    tr!("the theme folder does not exist", "la carpeta del tema no existe"),
                )
                .hint(tr!(
                    "give `--theme` a folder laid out like themes/default, or leave it out to use the built-in theme",
                    "dé a `--theme` una carpeta organizada como themes/default, u omítalo para usar el tema incluido"
                )),
            );
            return None;
        }
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_path_buf();
                    match std::fs::read(entry.path()) {
                        Ok(bytes) => files.push((rel, bytes)),
                        Err(err) => diags.push(Diagnostic::error(
                            "io",
                            entry.path(),
                            tr!("cannot read the theme file: {err}", "no se puede leer el archivo del tema: {err}"),
                        )),
                    }
                }
                Ok(_) => {}
                Err(err) => diags.push(Diagnostic::error(
                    "io",
                    dir,
                    tr!("cannot read the theme: {err}", "no se puede leer el tema: {err}"),
                )),
            }
        }
        Theme::from_files(dir, files, diags)
    }

    fn from_files(origin: &Path, files: Vec<(PathBuf, Vec<u8>)>, diags: &mut Diagnostics) -> Option<Theme> {
        let before = diags.error_count();
        let mut templates = Vec::new();
        let mut assets = Vec::new();
        let mut strings = HashMap::new();
        for (rel, bytes) in files {
            let path = origin.join(&rel);
            if let Ok(name) = rel.strip_prefix("templates") {
                match String::from_utf8(bytes) {
                    Ok(text) => templates.push((name.to_string_lossy().replace('\\', "/"), text, path)),
                    Err(_) => diags.push(Diagnostic::error(
                        "encoding",
                        &path,
                        tr!("the template is not valid UTF-8", "la plantilla no es UTF-8 válido"),
                    )),
                }
            } else if let Ok(name) = rel.strip_prefix("static") {
                assets.push((name.to_path_buf(), bytes));
            } else if let Ok(name) = rel.strip_prefix("i18n") {
                let Some(lang) = name.to_str().and_then(|n| n.strip_suffix(".yaml")) else {
                    continue;
                };
                let text = String::from_utf8_lossy(&bytes).to_string();
                match crate::yaml::parse::<Strings>(&path, &text, &text, 0, "theme") {
                    Ok(map) => {
                        strings.insert(lang.to_string(), map);
                    }
                    Err(diag) => diags.push(*diag),
                }
            }
        }
        let missing: Vec<&str> =
            TEMPLATES.into_iter().filter(|name| !templates.iter().any(|(n, _, _)| n == name)).collect();
        if !missing.is_empty() {
            let missing = missing.join(", ");
            diags.push(
                Diagnostic::error(
                    "theme",
                    &origin.join("templates"),
                    tr!("the theme has no template {missing}", "el tema no tiene la plantilla {missing}"),
                )
                .hint(tr!(
                    "copy the missing templates from themes/default/templates/ and adapt them",
                    "copie las plantillas que faltan de themes/default/templates/ y adáptelas"
                )),
            );
            return None;
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        let paths: HashMap<String, PathBuf> = templates.iter().map(|(n, _, p)| (n.clone(), p.clone())).collect();
        let raw: Vec<(String, String)> = templates.into_iter().map(|(n, t, _)| (n, t)).collect();
        if let Err(err) = tera.add_raw_templates(raw) {
            diags.push(template_error(&err, &paths, origin));
        }
        (diags.error_count() == before).then(|| Theme { origin: origin.to_path_buf(), tera, assets, strings })
    }

    /// Gives every language of `config` UI strings, so that rendering can
    /// rely on them. A language the theme does not translate gets the
    /// English strings, with its code as its own name, and a warning located
    /// in `manifest` (folio.yaml); with no English to fall back on, an error.
    /// Returns whether every language now has strings.
    pub fn cover_languages(&mut self, config: &Config, manifest: &Path, diags: &mut Diagnostics) -> bool {
        let text = std::fs::read_to_string(manifest).unwrap_or_default();
        let line = text.lines().position(|l| l.trim_start().starts_with("languages")).map_or(0, |i| i + 1);
        let mut covered = true;
        for code in &config.languages {
            if self.strings.contains_key(code) {
                continue;
            }
            let file = self.origin.join("i18n").join(format!("{code}.yaml"));
            let file = file.display();
            let hint = tr!(
                "add {file} with the keys of the theme's {FALLBACK_LANG}.yaml, translated",
                "añada {file} con las claves del {FALLBACK_LANG}.yaml del tema, traducidas"
            );
            let Some(fallback) = self.strings.get(FALLBACK_LANG) else {
                diags.push(
                    Diagnostic::error(
                        "theme",
                        manifest,
                        tr!(
                            "the theme has no UI strings for `{code}`",
                            "el tema no tiene textos de interfaz para `{code}`"
                        ),
                    )
                    .at(line, 1)
                    .with_source_line(&text)
                    .hint(hint),
                );
                covered = false;
                continue;
            };
            let mut strings = fallback.clone();
            strings.insert("self_name".into(), code.clone());
            self.strings.insert(code.clone(), strings);
            diags.push(
                Diagnostic::warning(
                    "theme-language",
                    manifest,
                    tr!(
                        "the theme has no UI strings for `{code}`; its pages show the English ones",
                        "el tema no tiene textos de interfaz para `{code}`; sus páginas muestran los ingleses"
                    ),
                )
                .at(line, 1)
                .with_source_line(&text)
                .hint(hint),
            );
        }
        covered
    }

    /// Renders a template; an error becomes a located diagnostic in `diags`.
    pub fn render(&self, template: &str, context: &tera::Context, diags: &mut Diagnostics) -> Option<String> {
        match self.tera.render(template, context) {
            Ok(html) => Some(html),
            Err(err) => {
                let paths = HashMap::from([(template.to_string(), self.origin.join("templates").join(template))]);
                diags.push(template_error(&err, &paths, &self.origin));
                None
            }
        }
    }
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    for file in dir.files() {
        out.push((file.path().to_path_buf(), file.contents().to_vec()));
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// A Tera error as a diagnostic: the template's file, the line and column Tera
/// names (` --> 3:5`), and the whole cause chain as the message.
fn template_error(err: &tera::Error, paths: &HashMap<String, PathBuf>, origin: &Path) -> Diagnostic {
    let mut chain = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        chain.push(cause.to_string());
        source = cause.source();
    }
    let full = chain.join("\n");
    let file = paths
        .iter()
        .find(|(name, _)| full.contains(&format!("'{name}'")))
        .map_or_else(|| origin.join("templates"), |(_, p)| p.clone());
    let position = full.split(" --> ").nth(1).and_then(|rest| {
        let end = rest.find(|c: char| !c.is_ascii_digit() && c != ':').unwrap_or(rest.len());
        let (line, col) = rest[..end].split_once(':')?;
        Some((line.parse().ok()?, col.parse().ok()?))
    });
    let message = chain
        .iter()
        .map(|m| m.lines().next().unwrap_or_default().trim().to_string())
        .filter(|m| !m.is_empty())
        .collect::<Vec<_>>()
        .join(": ");
    let detail = full.lines().find(|l| l.trim_start().starts_with("= ")).map(|l| l.trim_start()[2..].to_string());
    let mut diag =
        Diagnostic::error("template", &file, tr!("template error: {message}", "error de plantilla: {message}"));
    if let Some((line, col)) = position {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        diag = diag.at(line, col).with_source_line(&text);
    }
    diag.hint(detail.map_or_else(
        || {
            tr!(
                "check the template syntax and the variables it uses",
                "revise la sintaxis de la plantilla y las variables que usa"
            )
        },
        Text::from,
    ))
}
