//! Folio turns a versioned, bilingual Markdown handbook into an offline
//! website that works from `file://`.
//!
//! The pipeline is a chain of typed stages, each in its own module:
//!
//! ```text
//! load (content)  folio.yaml + Markdown      -> Handbook
//! render          Handbook + Theme           -> pages (HTML files in memory)
//! diff            Handbook + Theme           -> edition comparison pages
//! index           Handbook                   -> search files
//! write (output)  files                      -> site/, swapped in atomically
//! ```
//!
//! Render, diff and index only read the handbook, so they run side by side.
//!
//! Content problems are [`Diagnostics`], collected across the whole run.

#![forbid(unsafe_code)]

pub mod config;
pub mod content;
pub mod diagnostic;
pub mod diff;
pub mod handbook;
pub mod index;
pub mod integrity;
pub mod markdown;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub mod status;
pub mod yaml;

use std::path::{Path, PathBuf};

pub use config::Drafts;
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use handbook::Handbook;
use render::theme::Theme;
use site::Sink;

/// Why a build did not produce a site (or its zip).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The output folder or the zip path is not safe to write; nothing was touched.
    #[error(transparent)]
    Refused(#[from] output::guard::Refusal),
    /// The handbook or theme has errors; all of them are listed.
    #[error("{}", handbook_errors(.0))]
    Content(Diagnostics),
    /// Writing the site failed; the previous site is as it was.
    #[error(transparent)]
    Io(#[from] anyhow::Error),
    /// The site was replaced, but its zip could not be put in place.
    #[error("{}", zip_not_written(.0))]
    Zip(anyhow::Error),
}

/// "The handbook has N error(s)", for errors that carry the diagnostics.
fn handbook_errors(diags: &Diagnostics) -> diagnostic::Text {
    let n = diags.error_count();
    tr!("the handbook has {n} error(s)", "el manual tiene {n} error(es)")
}

fn zip_not_written(err: &anyhow::Error) -> diagnostic::Text {
    tr!(
        "the site was built, but the zip was not written: {err:#}",
        "el sitio se compiló, pero el zip no se escribió: {err:#}"
    )
}

/// What to build from where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The folder holding `folio.yaml`.
    pub handbook: PathBuf,
    /// The site folder to (re)place.
    pub out: PathBuf,
    /// A theme folder replacing the built-in default theme.
    pub theme: Option<PathBuf>,
    /// Also pack the site into this zip file.
    pub zip: Option<PathBuf>,
    /// Replace an output folder (or zip file) that Folio did not make. Never
    /// applies to the handbook, the theme or the working folder.
    pub force: bool,
}

/// A successful build.
#[derive(Debug)]
pub struct BuildReport {
    /// The site folder, resolved (absolute, symlinks followed).
    pub out: PathBuf,
    /// Leftovers of interrupted builds that were removed.
    pub removed_leftovers: Vec<PathBuf>,
    /// Number of files written.
    pub files: usize,
    /// Number of HTML pages among them.
    pub pages: usize,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
}

/// What a [`load`] is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A site to publish: every stage, pages stamped with the build id;
    /// draft editions only with [`Drafts::Include`] (`folio build --drafts`).
    Publish(Drafts),
    /// Only the diagnostics (`folio check`): no search index.
    Check,
    /// The editors' preview (`folio serve`): every stage, pages stamped
    /// `preview`, since the preview re-renders only what an edit touches
    /// and a build id would go stale on the pages it leaves.
    Preview,
}

impl Mode {
    /// Which editions a run in this mode builds: a draft is checked and
    /// previewed always, published only when asked for.
    fn drafts(self) -> Drafts {
        match self {
            Mode::Publish(drafts) => drafts,
            Mode::Check | Mode::Preview => Drafts::Include,
        }
    }
}

/// The build id a preview's pages show.
pub const PREVIEW_BUILD_ID: &str = "preview";

/// What [`load`] loaded: the handbook and the theme, checked against each
/// other (every language has UI strings).
#[derive(Debug)]
pub struct Loaded {
    /// The handbook.
    pub handbook: Handbook,
    /// The theme.
    pub theme: Theme,
}

/// Loads the content and the theme, then runs the render, comparison and
/// index stages side by side (they only read the handbook), handing their
/// files to `sink`. Returns what it loaded unless there were errors; all
/// content errors are reported together, with the warnings.
pub fn load(handbook: &Path, theme: Option<&Path>, mode: Mode, sink: &dyn Sink) -> (Option<Loaded>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let theme = match theme {
        Some(dir) => Theme::from_dir(dir, &mut diags),
        None => Theme::embedded(&mut diags),
    };
    let loaded = content::load_editions(handbook, mode.drafts(), &mut diags);
    let (Some(mut theme), Some(mut handbook)) = (theme, loaded) else {
        return (None, diags);
    };
    if !theme.cover_languages(&handbook.config, &handbook.root.join("folio.yaml"), &mut diags) {
        return (None, diags);
    }
    if mode == Mode::Preview {
        handbook.build_id = PREVIEW_BUILD_ID.into();
    }
    let search_stage = |d: &mut Diagnostics| match mode {
        Mode::Publish(_) | Mode::Preview => sink.put(index::index(&handbook, d)),
        Mode::Check => {}
    };
    let (rendered, (compared, indexed)) = rayon::join(
        || with_diagnostics(|d| render::render(&handbook, &theme, sink, d)),
        || {
            rayon::join(
                || with_diagnostics(|d| render::changes::render_changes(&handbook, &theme, sink, d)),
                || with_diagnostics(search_stage),
            )
        },
    );
    for ((), found) in [rendered, compared, indexed] {
        diags.extend(found);
    }
    let loaded = (!diags.has_errors()).then_some(Loaded { handbook, theme });
    (loaded, diags)
}

/// Validates the handbook without writing anything.
pub fn check(handbook: &Path, theme: Option<&Path>) -> Diagnostics {
    load(handbook, theme, Mode::Check, &site::Discard).1
}

/// Builds the site of the published editions (drafts left out): every
/// stage, streamed into a staging folder that then replaces the output
/// folder. The output folder and zip path are checked first
/// ([`output::guard`]); a zip is packed before the site is replaced, so a
/// failure of either leaves the previous site as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_editions(options, Drafts::LeaveOut)
}

/// [`build`], with the draft editions too if `drafts` says so (for
/// reviewers; `folio build` refuses `--drafts` with `--zip`, since a zip is
/// what gets published).
pub fn build_editions(options: &BuildOptions, drafts: Drafts) -> Result<BuildReport, BuildError> {
    let targets = output::guard::check(&output::guard::Request {
        handbook: &options.handbook,
        theme: options.theme.as_deref(),
        out: &options.out,
        zip: options.zip.as_deref(),
        force: options.force,
    })?;
    let staging = output::Staging::new(&targets.out)?;
    let (loaded, mut diags) = load(&options.handbook, options.theme.as_deref(), Mode::Publish(drafts), &staging);
    let Some(Loaded { handbook, theme }) = loaded else {
        return Err(BuildError::Content(diags));
    };
    let Some(service_worker) = render::service_worker(&handbook, &theme, staging.written()?.keys(), &mut diags) else {
        return Err(BuildError::Content(diags));
    };
    staging.put(vec![service_worker]);
    let files = staging.written()?;
    let (count, pages) = (files.len() + 1, files.keys().filter(|f| f.ends_with(".html")).count());
    staging.put(vec![integrity::manifest_file(&handbook, files)]);
    let zip = match &targets.zip {
        Some(dest) => Some(integrity::pack_zip(staging.dir(), dest)?),
        None => None,
    };
    let removed_leftovers = staging.removed().to_vec();
    staging.commit()?;
    if let Some(zip) = zip {
        zip.persist().map_err(BuildError::Zip)?;
    }
    Ok(BuildReport { out: targets.out, removed_leftovers, files: count, pages, warnings: diags })
}

/// How to write a `folio diff` report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// For a terminal; `color` adds ANSI colours and strike-through.
    Text {
        /// Whether to use ANSI escapes.
        color: bool,
    },
    /// One JSON object.
    Json,
    /// A self-contained HTML page.
    Html,
}

/// What `folio diff` compares and how it reports it.
#[derive(Debug, Clone, Copy)]
pub struct DiffRequest<'a> {
    /// The folder holding `folio.yaml`.
    pub handbook: &'a Path,
    /// The older edition's id.
    pub from: &'a str,
    /// The newer edition's id.
    pub to: &'a str,
    /// Language code (default: the source language).
    pub lang: Option<&'a str>,
    /// Report only this page id, with its redline.
    pub section: Option<&'a str>,
    /// Output format.
    pub format: ReportFormat,
}

/// Why `folio diff` has no report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The handbook (or the theme) has errors; all of them are listed.
    #[error("{}", handbook_errors(.0))]
    Content(Diagnostics),
    /// An edition, language or section that does not exist.
    #[error("{0}")]
    Usage(diagnostic::Text),
}

/// `folio diff`: loads the handbook, compares the two editions and writes
/// the report (text and JSON from [`diff::report`], HTML through the theme).
pub fn diff_report(request: &DiffRequest<'_>) -> Result<String, ReportError> {
    let mut diags = Diagnostics::default();
    let loaded = content::load(request.handbook, &mut diags);
    let Some(handbook) = loaded.filter(|_| !diags.has_errors()) else {
        return Err(ReportError::Content(diags));
    };
    let config = &handbook.config;
    let version = |id: &str| {
        config.find_version(id).ok_or_else(|| {
            let known = config.versions.iter().map(|v| v.id.as_str()).collect::<Vec<_>>().join(", ");
            ReportError::Usage(tr!(
                "no edition `{id}` in folio.yaml; the editions are: {known}",
                "no hay ninguna edición `{id}` en folio.yaml; las ediciones son: {known}"
            ))
        })
    };
    let (from, to) = (version(request.from)?, version(request.to)?);
    let lang = match request.lang {
        None => config::SOURCE_LANG,
        Some(code) => config.find_lang(code).ok_or_else(|| {
            let known = config.languages.join(", ");
            ReportError::Usage(tr!(
                "no language `{code}` in folio.yaml; the languages are: {known}",
                "no hay ningún idioma `{code}` en folio.yaml; los idiomas son: {known}"
            ))
        })?,
    };
    let mut comparison = diff::compare(&handbook, from, to, lang);
    if let Some(id) = request.section {
        comparison.entries.retain(|e| e.id == id);
        if comparison.entries.is_empty() {
            let code = config.lang_code(lang);
            let (from, to) = (&config.version(from).id, &config.version(to).id);
            return Err(ReportError::Usage(tr!(
                "no page with id `{id}` in {from}/{code} or {to}/{code}",
                "no hay ninguna página con id `{id}` en {from}/{code} ni en {to}/{code}"
            )));
        }
    }
    match request.format {
        ReportFormat::Json => Ok(diff::report::json(&comparison)),
        ReportFormat::Text { color } => Ok(diff::report::text(&comparison, request.section.is_some(), color)),
        ReportFormat::Html => {
            let html = Theme::embedded(&mut diags).and_then(|theme| {
                crate::render::changes::report(&comparison, &theme, request.section.is_some(), &mut diags)
            });
            html.ok_or(ReportError::Content(diags))
        }
    }
}

/// Runs a stage with diagnostics of its own (stages run side by side).
fn with_diagnostics<T>(stage: impl FnOnce(&mut Diagnostics) -> T) -> (T, Diagnostics) {
    let mut found = Diagnostics::default();
    (stage(&mut found), found)
}
