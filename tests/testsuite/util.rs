//! Helpers shared by the test modules: fixture paths, fresh output folders,
//! building, and reading regions of generated HTML.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The repository root.
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder under `tests/fixtures/`.
pub(crate) fn fixture(rel: &str) -> PathBuf {
    repo().join("tests/fixtures").join(rel)
}

/// A new, empty folder for one test's output.
pub(crate) fn scratch(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Builds a handbook into a fresh folder and returns the site folder.
pub(crate) fn build(handbook: &Path, name: &str) -> PathBuf {
    let out = scratch(name).join("site");
    let options = folio::BuildOptions {
        handbook: handbook.to_path_buf(),
        out: out.clone(),
        theme: None,
        zip: None,
        force: false,
    };
    match folio::build(&options) {
        Ok(_) => out,
        Err(folio::BuildError::Content(diags)) => {
            panic!("build of {} failed:\n{}", handbook.display(), diags.to_text())
        }
        Err(err) => panic!("build of {} failed: {err:#}", handbook.display()),
    }
}

/// Builds a fixture handbook under `tests/fixtures/site/`.
pub(crate) fn build_fixture(name: &str) -> PathBuf {
    build(&fixture(&format!("site/{name}")), name)
}

/// Reads a generated file.
pub(crate) fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// The part of `html` from the first `start` to the next `end` after it.
pub(crate) fn region<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("`{start}` not found in:\n{html}"));
    let to = html[from..].find(end).map_or(html.len(), |i| from + i + end.len());
    &html[from..to]
}

/// Undoes the entity escapes Tera applies to attribute values.
pub(crate) fn unescape(value: &str) -> String {
    value.replace("&#x2F;", "/").replace("&#x27;", "'").replace("&quot;", "\"").replace("&amp;", "&")
}

/// Every `href` and `src` attribute value in `html`, unescaped.
pub(crate) fn urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push(unescape(&rest[..end]));
        }
    }
    out
}

/// The bundled handbook, built once per test run.
pub(crate) fn real_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| build(&repo().join("handbook"), "real-handbook"))
}

/// Copies a folder tree (fixtures are copied before tests edit them).
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The `folio` binary as a command, speaking English whatever the
/// machine's locale (tests of Spanish messages set the language themselves).
pub(crate) fn folio_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_folio"));
    for var in ["FOLIO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(var);
    }
    command
}

/// Runs the `folio` binary with `args` in the folder `cwd`.
pub(crate) fn folio_in(cwd: &Path, args: &[&str]) -> Output {
    folio_command().current_dir(cwd).args(args).output().unwrap()
}

/// A minimal handbook written into `dir` from `(relative path, contents)`
/// pairs, on top of a `folio.yaml` with one edition (`v1`) in `es` and `en`.
pub(crate) fn write_handbook(dir: &Path, files: &[(&str, &str)]) {
    let base = [
        ("folio.yaml", "title: {es: Manual, en: Handbook}\nlanguages: [es, en]\nversions:\n  - id: v1\n    label: {es: Uno, en: One}\n    status: current\n"),
        ("v1/es/_index.md", "---\nid: portada\ntitle: Portada\n---\nTexto.\n"),
        ("v1/es/cap/_index.md", "---\nid: cap\ntitle: Capítulo\n---\nTexto.\n"),
        ("v1/en/_index.md", "---\nid: portada\ntitle: Cover\nsource_hash: x\n---\nText.\n"),
    ];
    for (rel, text) in base.iter().chain(files) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}
