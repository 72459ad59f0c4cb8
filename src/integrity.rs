//! Integrity for reviewers and the field: every build writes
//! `folio-manifest.json` (each file's SHA-256, the handbook's editions, the
//! source revision, Folio's version, the build time and a build id), and
//! `folio verify` recomputes it to report modified, missing and extra files.
//! `folio build --zip` packs the site for USB sticks and shared folders.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnostic::tr;
use crate::handbook::Handbook;
use crate::site::{key, OutputFile, MANIFEST};

/// The note at the root of the zip package.
pub const ZIP_NOTE_NAME: &str = "LEAME - README.txt";

const ZIP_NOTE: &str = "ES: Para leer el manual, abra el archivo index.html de esta carpeta con su \
navegador (Chrome, Edge o Firefox). No hace falta instalar nada ni tener conexión a internet; \
la búsqueda también funciona sin conexión.\r\n\r\nEN: To read the handbook, open the file \
index.html in this folder with your web browser (Chrome, Edge or Firefox). Nothing needs to be \
installed and no internet connection is needed; search works offline too.\r\n";

/// What `folio-manifest.json` holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// Folio's version.
    pub folio: String,
    /// Short id of the sources this site was built from.
    pub build_id: String,
    /// UTC build time, RFC 3339 (`SOURCE_DATE_EPOCH` is honoured).
    pub built_at: String,
    /// The handbook's git revision, when built from a checkout.
    pub source_revision: Option<String>,
    /// The handbook's version ids.
    pub versions: Vec<String>,
    /// Site-relative path -> SHA-256 (hex), every file but the manifest.
    pub files: BTreeMap<String, String>,
}

/// The manifest of `files` (site-relative path -> SHA-256), as a file to add to the site.
pub fn manifest_file(handbook: &Handbook, files: BTreeMap<String, String>) -> OutputFile {
    let manifest = Manifest {
        folio: env!("CARGO_PKG_VERSION").to_string(),
        build_id: handbook.build_id.clone(),
        built_at: rfc3339(build_time()),
        source_revision: git_revision(&handbook.root),
        versions: handbook.config.versions.iter().map(|v| v.id.clone()).collect(),
        files,
    };
    let json = serde_json::to_vec_pretty(&manifest).expect("the manifest serializes");
    OutputFile { path: PathBuf::from(MANIFEST), bytes: json }
}

/// What `folio verify` found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Files whose contents differ from the manifest.
    pub modified: Vec<String>,
    /// Files in the manifest that are gone.
    pub missing: Vec<String>,
    /// Files that are not in the manifest.
    pub extra: Vec<String>,
}

impl Report {
    /// Whether the site is exactly as built.
    pub fn is_clean(&self) -> bool {
        self.modified.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

/// Recomputes every file's hash and compares with the site's manifest (an
/// unzipped package's note is compared with the note `--zip` writes).
/// Only regular files are opened: a FIFO or device would block the read, and
/// Folio writes neither them nor symbolic links, so each counts as modified
/// (if the manifest lists its name) or extra.
pub fn verify(site: &Path) -> Result<(Manifest, Report)> {
    const NOT_A_FILE: &str = "not a regular file";
    let path = site.join(MANIFEST);
    if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
        let (path, site) = (path.display(), site.display());
        bail!(tr!(
            "{path} is not a regular file; is {site} a site built by Folio?",
            "{path} no es un archivo normal; ¿es {site} un sitio compilado por Folio?"
        ));
    }
    let text = std::fs::read_to_string(&path).with_context(|| {
        let (path, site) = (path.display(), site.display());
        tr!(
            "cannot read {path}; is {site} a site built by Folio?",
            "no se puede leer {path}; ¿es {site} un sitio compilado por Folio?"
        )
    })?;
    let manifest: Manifest = serde_json::from_str(&text).with_context(|| {
        let path = path.display();
        tr!("{path} is not a valid manifest", "{path} no es un manifiesto válido")
    })?;
    let mut report = Report::default();
    let mut seen = BTreeMap::new();
    for entry in walkdir::WalkDir::new(site).sort_by_file_name() {
        let entry = entry.with_context(|| {
            let path = site.display();
            tr!("cannot read {path}", "no se puede leer {path}")
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = key(entry.path().strip_prefix(site).unwrap_or(entry.path()));
        if rel == MANIFEST {
            continue;
        }
        if !entry.file_type().is_file() {
            seen.insert(rel, NOT_A_FILE.to_string());
            continue;
        }
        let bytes = std::fs::read(entry.path()).with_context(|| {
            let path = entry.path();
            let path = path.display();
            tr!("cannot read {path}", "no se puede leer {path}")
        })?;
        seen.insert(rel, hex(&Sha256::digest(&bytes)));
    }
    // An unzipped package holds the note `--zip` adds; it is checked against
    // the note this Folio writes.
    let mut expected = manifest.files.clone();
    if seen.contains_key(ZIP_NOTE_NAME) {
        expected.insert(ZIP_NOTE_NAME.to_string(), hex(&Sha256::digest(ZIP_NOTE.as_bytes())));
    }
    for (file, hash) in &expected {
        match seen.get(file) {
            None => report.missing.push(file.clone()),
            Some(actual) if actual != hash => report.modified.push(file.clone()),
            Some(_) => {}
        }
    }
    report.extra = seen.keys().filter(|f| !expected.contains_key(*f)).cloned().collect();
    Ok((manifest, report))
}

/// A zip package written next to its destination, put in place by
/// [`PackedZip::persist`]; dropped before that, it is removed.
#[derive(Debug)]
pub struct PackedZip {
    part: PathBuf,
    dest: PathBuf,
}

impl PackedZip {
    /// Moves the package to its destination.
    pub fn persist(self) -> Result<()> {
        std::fs::rename(&self.part, &self.dest).with_context(|| {
            let path = self.dest.display();
            tr!("cannot write {path}", "no se puede escribir {path}")
        })
    }
}

impl Drop for PackedZip {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.part);
    }
}

/// Packs the site at `site` into a zip for `dest`, with a note at its root.
/// The package waits beside `dest` until it is [persisted](PackedZip::persist),
/// so a failure leaves an existing file at `dest` as it was.
pub fn pack_zip(site: &Path, dest: &Path) -> Result<PackedZip> {
    let name = dest.file_name().with_context(|| {
        let path = dest.display();
        tr!("`{path}` cannot be a zip file name", "`{path}` no puede ser un nombre de archivo zip")
    })?;
    let part = dest.with_file_name(format!(".{}.folio-part-{}", name.to_string_lossy(), std::process::id()));
    let file = std::fs::File::create_new(&part).with_context(|| {
        let path = part.display();
        tr!("cannot create {path}", "no se puede crear {path}")
    })?;
    let packed = PackedZip { part, dest: dest.to_path_buf() };
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file(ZIP_NOTE_NAME, options)?;
    zip.write_all(ZIP_NOTE.as_bytes())?;
    for entry in walkdir::WalkDir::new(site).sort_by_file_name() {
        let entry = entry.with_context(|| {
            let path = site.display();
            tr!("cannot read {path}", "no se puede leer {path}")
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = key(entry.path().strip_prefix(site).unwrap_or(entry.path()));
        zip.start_file(rel, options)?;
        let bytes = std::fs::read(entry.path()).with_context(|| {
            let path = entry.path();
            let path = path.display();
            tr!("cannot read {path}", "no se puede leer {path}")
        })?;
        zip.write_all(&bytes)?;
    }
    zip.finish().with_context(|| {
        let path = packed.part.display();
        tr!("cannot finish {path}", "no se puede terminar {path}")
    })?;
    Ok(packed)
}

/// Lowercase hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Seconds since the Unix epoch: `SOURCE_DATE_EPOCH` if set (reproducible builds), else now.
fn build_time() -> u64 {
    std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
    })
}

/// `YYYY-MM-DDTHH:MM:SSZ` for a Unix time (proleptic Gregorian calendar).
fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3_600, rem % 3_600 / 60, rem % 60)
}

/// The git revision of the checkout holding `dir`, if any.
fn git_revision(dir: &Path) -> Option<String> {
    let output = std::process::Command::new("git").arg("-C").arg(dir).args(["rev-parse", "HEAD"]).output().ok()?;
    let rev = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (output.status.success() && !rev.is_empty()).then_some(rev)
}

#[cfg(test)]
mod tests {
    use super::rfc3339;

    // Known instants, including a leap day.
    #[test]
    fn formats_utc_times() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_796_000_000), "2026-11-30T00:53:20Z");
    }
}
