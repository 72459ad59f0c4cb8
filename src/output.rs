//! The write stage. Stages hand their files to a [`Sink`] as they make them.
//! A build streams them into a [`Staging`] folder beside the output folder,
//! keeping only each file's path and SHA-256 in memory (so memory does not
//! grow with the site's size), and the staging folder replaces the old site
//! only once everything is written: a failed build never leaves a
//! half-written site.

pub mod guard;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::diagnostic::tr;
use crate::site::{OutputFile, Sink};

/// A new site being written beside the output folder. Dropped without
/// [`Staging::commit`], it is removed and the old site stays.
///
/// While it exists, a lock file beside it (`.folio-lock-<tag>`) is held
/// locked. A build killed before it could clean up leaves its folders and an
/// unlocked lock file behind; the next build into the same folder removes them.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    /// Where the new site is written.
    dir: PathBuf,
    /// Where the old site is moved while the new one takes its place.
    old: PathBuf,
    /// Held locked while this build runs; removed with the staging folder.
    lock: (PathBuf, fs::File),
    /// Leftovers of interrupted builds that were removed on the way.
    removed: Vec<PathBuf>,
    /// Site-relative path -> SHA-256 (hex) of each file written, or the first write error.
    written: Mutex<Result<BTreeMap<String, String>>>,
    committed: bool,
}

const NEW_PREFIX: &str = ".folio-new-";
const OLD_PREFIX: &str = ".folio-old-";
const LOCK_PREFIX: &str = ".folio-lock-";

impl Staging {
    /// Creates an empty staging folder for the site at `out`, an absolute
    /// path that [`guard::check`] approved.
    pub fn new(out: &Path) -> Result<Staging> {
        let name = out.file_name().with_context(|| {
            let path = out.display();
            tr!("`{path}` cannot be an output folder", "`{path}` no puede ser una carpeta de salida")
        })?;
        if out.exists() && !out.is_dir() {
            let out = out.display();
            bail!(tr!(
                "`{out}` exists and is not a folder; choose another output folder",
                "`{out}` existe y no es una carpeta; elija otra carpeta de salida"
            ));
        }
        let parent = parent_of(out);
        fs::create_dir_all(&parent).with_context(|| {
            let path = parent.display();
            tr!("cannot create {path}", "no se puede crear {path}")
        })?;
        let name = name.to_string_lossy();
        let removed = remove_leftovers(&parent, &name)?;
        let tag = format!("{}-{name}", std::process::id());
        let lock_path = parent.join(format!("{LOCK_PREFIX}{tag}"));
        let lock = fs::File::create_new(&lock_path).with_context(|| {
            let path = lock_path.display();
            tr!("cannot create {path}", "no se puede crear {path}")
        })?;
        lock.try_lock().with_context(|| {
            let path = lock_path.display();
            tr!("cannot lock {path}", "no se puede bloquear {path}")
        })?;
        let (dir, old) = (parent.join(format!("{NEW_PREFIX}{tag}")), parent.join(format!("{OLD_PREFIX}{tag}")));
        let staging = Staging {
            out: out.to_path_buf(),
            dir,
            old,
            lock: (lock_path, lock),
            removed,
            written: Mutex::new(Ok(BTreeMap::new())),
            committed: false,
        };
        fs::create_dir(&staging.dir).with_context(|| {
            let path = staging.dir.display();
            tr!("cannot create {path}", "no se puede crear {path}")
        })?;
        Ok(staging)
    }

    /// The folder the new site is being written into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Leftovers of interrupted builds removed when this one started.
    pub fn removed(&self) -> &[PathBuf] {
        &self.removed
    }

    /// Every file written so far: site-relative path -> SHA-256 (hex).
    pub fn written(&self) -> Result<BTreeMap<String, String>> {
        match &*self.written.lock().expect("no writer panicked") {
            Ok(files) => Ok(files.clone()),
            Err(err) => bail!("{err:#}"),
        }
    }

    /// Puts the new site in place of the old one.
    pub fn commit(mut self) -> Result<()> {
        if let Err(err) = &*self.written.lock().expect("no writer panicked") {
            bail!("{err:#}");
        }
        let old = &self.old;
        if self.out.exists() {
            fs::rename(&self.out, old).with_context(|| {
                let path = self.out.display();
                tr!("cannot move the previous site {path} aside", "no se puede apartar el sitio anterior {path}")
            })?;
            if let Err(err) = fs::rename(&self.dir, &self.out) {
                let _ = fs::rename(old, &self.out);
                return Err(err).with_context(|| {
                    let path = self.out.display();
                    tr!("cannot move the new site into {path}", "no se puede mover el sitio nuevo a {path}")
                });
            }
            self.committed = true;
            fs::remove_dir_all(old).with_context(|| {
                let path = old.display();
                tr!("cannot remove the previous site at {path}", "no se puede eliminar el sitio anterior en {path}")
            })?;
        } else {
            fs::rename(&self.dir, &self.out).with_context(|| {
                let path = self.out.display();
                tr!("cannot move the new site into {path}", "no se puede mover el sitio nuevo a {path}")
            })?;
            self.committed = true;
        }
        Ok(())
    }

    fn write(&self, file: &OutputFile) -> Result<(String, String)> {
        if file.path.components().any(|c| !matches!(c, Component::Normal(_))) {
            let path = file.path.display();
            bail!(tr!(
                "refusing to write `{path}` outside the output folder",
                "se rechaza escribir `{path}` fuera de la carpeta de salida"
            ));
        }
        let path = self.dir.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| {
                let path = dir.display();
                tr!("cannot create {path}", "no se puede crear {path}")
            })?;
        }
        fs::write(&path, &file.bytes).with_context(|| {
            let path = path.display();
            tr!("cannot write {path}", "no se puede escribir {path}")
        })?;
        Ok((crate::site::key(&file.path), crate::integrity::hex(&Sha256::digest(&file.bytes))))
    }
}

impl Sink for Staging {
    fn put(&self, files: Vec<OutputFile>) {
        let results: Vec<Result<(String, String)>> = files.par_iter().map(|file| self.write(file)).collect();
        let mut written = self.written.lock().expect("no writer panicked");
        for result in results {
            match (&mut *written, result) {
                (Ok(map), Ok((path, hash))) => {
                    map.insert(path, hash);
                }
                (Ok(_), Err(err)) => *written = Err(err),
                (Err(_), _) => {}
            }
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
        let _ = fs::remove_file(&self.lock.0);
    }
}

/// Removes what killed builds into `<parent>/<name>` left behind: staging
/// folders whose lock file no running build holds. Folders without a lock
/// file, or whose build is still running, are left alone.
fn remove_leftovers(parent: &Path, name: &str) -> Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    let entries = fs::read_dir(parent).with_context(|| {
        let path = parent.display();
        tr!("cannot read {path}", "no se puede leer {path}")
    })?;
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().to_string();
        let Some(tag) = file_name.strip_prefix(LOCK_PREFIX) else { continue };
        let owned =
            tag.split_once('-').is_some_and(|(pid, rest)| rest == name && pid.bytes().all(|b| b.is_ascii_digit()));
        if !owned || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let Ok(lock) = fs::File::open(entry.path()) else { continue };
        if lock.try_lock().is_err() {
            continue; // another build into the same folder is running
        }
        for prefix in [NEW_PREFIX, OLD_PREFIX] {
            let dir = parent.join(format!("{prefix}{tag}"));
            if dir.is_dir() {
                fs::remove_dir_all(&dir).with_context(|| {
                    let path = dir.display();
                    tr!(
                        "cannot remove {path}, left by an interrupted build",
                        "no se puede eliminar {path}, que dejó una compilación interrumpida"
                    )
                })?;
                removed.push(dir);
            }
        }
        fs::remove_file(entry.path()).with_context(|| {
            let path = entry.path();
            let path = path.display();
            tr!("cannot remove {path}", "no se puede eliminar {path}")
        })?;
    }
    Ok(removed)
}

fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}
