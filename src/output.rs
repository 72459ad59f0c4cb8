//! The write stage: puts the site on disk atomically. Files go into a fresh
//! folder beside the output folder, which replaces the old site only once
//! everything is written, so a failed build never leaves a half-written site.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use crate::render::OutputFile;

/// Writes `files` as the complete contents of `out`, replacing what was there.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<()> {
    let name = out.file_name().with_context(|| format!("`{}` cannot be an output folder", out.display()))?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => Path::new(".").to_path_buf(),
    };
    fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let tag = format!("{}-{}", std::process::id(), name.to_string_lossy());
    let staging = parent.join(format!(".folio-new-{tag}"));
    let old = parent.join(format!(".folio-old-{tag}"));
    if staging.exists() {
        fs::remove_dir_all(&staging).with_context(|| format!("cannot remove {}", staging.display()))?;
    }
    if let Err(err) = write_all(&staging, files) {
        let _ = fs::remove_dir_all(&staging);
        return Err(err);
    }
    if out.exists() {
        if !out.is_dir() {
            let _ = fs::remove_dir_all(&staging);
            bail!("`{}` exists and is not a folder; choose another output folder", out.display());
        }
        fs::rename(out, &old).with_context(|| format!("cannot move the previous site {} aside", out.display()))?;
        if let Err(err) = fs::rename(&staging, out) {
            let _ = fs::rename(&old, out);
            let _ = fs::remove_dir_all(&staging);
            return Err(err).with_context(|| format!("cannot move the new site into {}", out.display()));
        }
        fs::remove_dir_all(&old).with_context(|| format!("cannot remove the previous site at {}", old.display()))?;
    } else {
        fs::rename(&staging, out).with_context(|| format!("cannot move the new site into {}", out.display()))?;
    }
    Ok(())
}

fn write_all(root: &Path, files: &[OutputFile]) -> Result<()> {
    fs::create_dir_all(root).with_context(|| format!("cannot create {}", root.display()))?;
    let mut dirs = BTreeSet::new();
    for file in files {
        if file.path.components().any(|c| !matches!(c, Component::Normal(_))) {
            bail!("refusing to write `{}` outside the output folder", file.path.display());
        }
        dirs.extend(file.path.parent());
    }
    for dir in dirs {
        let dir = root.join(dir);
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    files.par_iter().try_for_each(|file| {
        let path = root.join(&file.path);
        fs::write(&path, &file.bytes).with_context(|| format!("cannot write {}", path.display()))
    })
}
