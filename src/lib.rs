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
pub mod status;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use handbook::Handbook;
use output::Sink;
use render::theme::Theme;

/// Why a build did not produce a site.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The handbook or theme has errors; all of them are listed.
    #[error("the handbook has {} error(s)", .0.error_count())]
    Content(Diagnostics),
    /// Writing the site failed.
    #[error(transparent)]
    Io(#[from] anyhow::Error),
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
}

/// A successful build.
#[derive(Debug)]
pub struct BuildReport {
    /// Number of files written.
    pub files: usize,
    /// Number of HTML pages among them.
    pub pages: usize,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
}

/// Whether [`load`] builds the search index too (`folio check` does not need it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Search {
    /// Build the index stage's files.
    Build,
    /// Leave the index stage out.
    Skip,
}

/// Loads the content, then runs the render, diff and index stages side by
/// side (they only read the handbook), handing their files to `sink`.
/// Returns the handbook unless there were errors; all content errors are
/// reported together, with the warnings.
pub fn load(handbook: &Path, theme: Option<&Path>, search: Search, sink: &dyn Sink) -> (Option<Handbook>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let theme = match theme {
        Some(dir) => Theme::from_dir(dir, &mut diags),
        None => Theme::embedded(&mut diags),
    };
    let loaded = content::load(handbook, &mut diags);
    let (Some(theme), Some(handbook)) = (theme, loaded) else {
        return (None, diags);
    };
    let search_stage = |d: &mut Diagnostics| match search {
        Search::Build => sink.put(index::index(&handbook, d)),
        Search::Skip => {}
    };
    let (rendered, (compared, indexed)) = rayon::join(
        || with_diagnostics(|d| render::render(&handbook, &theme, sink, d)),
        || {
            rayon::join(
                || with_diagnostics(|d| diff::diff(&handbook, &theme, sink, d)),
                || with_diagnostics(search_stage),
            )
        },
    );
    for ((), found) in [rendered, compared, indexed] {
        diags.extend(found);
    }
    let handbook = (!diags.has_errors()).then_some(handbook);
    (handbook, diags)
}

/// Validates the handbook without writing anything.
pub fn check(handbook: &Path, theme: Option<&Path>) -> Diagnostics {
    load(handbook, theme, Search::Skip, &output::Discard).1
}

/// Builds the site: every stage, streamed into a staging folder that then
/// replaces the output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    guard_output(options)?;
    let staging = output::Staging::new(&options.out)?;
    let (handbook, diags) = load(&options.handbook, options.theme.as_deref(), Search::Build, &staging);
    let Some(handbook) = handbook else {
        return Err(BuildError::Content(diags));
    };
    staging.put(vec![integrity::service_worker(&handbook, staging.written()?.keys())]);
    let files = staging.written()?;
    let (count, pages) = (files.len() + 1, files.keys().filter(|f| f.ends_with(".html")).count());
    staging.put(vec![integrity::manifest_file(&handbook, files)]);
    staging.commit()?;
    if let Some(zip) = &options.zip {
        integrity::write_zip(&options.out, zip)?;
    }
    Ok(BuildReport { files: count, pages, warnings: diags })
}

/// Runs a stage with diagnostics of its own (stages run side by side).
fn with_diagnostics<T>(stage: impl FnOnce(&mut Diagnostics) -> T) -> (T, Diagnostics) {
    let mut found = Diagnostics::default();
    (stage(&mut found), found)
}

/// Refuses output folders that would swallow the handbook.
fn guard_output(options: &BuildOptions) -> Result<(), BuildError> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (out, handbook) = (abs(&options.out), abs(&options.handbook));
    if handbook.starts_with(&out) {
        return Err(BuildError::Io(anyhow::anyhow!(
            "the output folder {} contains the handbook {}; choose another output folder",
            options.out.display(),
            options.handbook.display()
        )));
    }
    Ok(())
}
