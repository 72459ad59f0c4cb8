//! The build never deletes a file it did not make: output folders that name
//! the handbook, the theme or the working directory in another way, folders
//! that are not Folio sites, zips that would overwrite sources, staging
//! leftovers (issue 12).

use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::{folio_in, scratch, write_handbook};

/// Every file under `dir` (symlinks not followed) with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

/// A folder holding a small handbook `hb/` and a user's folder `docs/` with a file.
fn workspace(name: &str) -> PathBuf {
    let root = scratch(name);
    write_handbook(&root.join("hb"), &[]);
    std::fs::create_dir_all(root.join("docs")).unwrap();
    std::fs::write(root.join("docs/thesis.docx"), "three years of work").unwrap();
    root
}

/// Runs `folio build` in `cwd` and asserts that it refused, touching nothing under `root`.
fn assert_refused(root: &Path, cwd: &Path, args: &[&str], says: &str) {
    let before = files(root);
    let output = folio_in(cwd, &[&["build"], args].concat());
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{args:?} must fail:\n{err}");
    assert!(err.contains(says), "{args:?}: expected `{says}` in:\n{err}");
    assert!(err.contains("nothing was written or deleted"), "{err}");
    assert_eq!(files(root), before, "{args:?} changed files");
}

// Failure 1: the handbook named another way than as written.
#[test]
fn output_that_is_the_handbook_spelled_otherwise_is_refused() {
    let root = workspace("guard-handbook");
    std::fs::create_dir(root.join("x")).unwrap();
    symlink(root.join("hb"), root.join("book")).unwrap();
    assert_refused(&root, &root, &["--handbook", "hb", "--out", "x/../hb"], "is the handbook");
    assert_refused(&root, &root, &["--handbook", "book", "--out", "hb"], "is the handbook");
    assert_refused(&root, &root, &["--handbook", "x/../hb", "--out", "hb/"], "is the handbook");
    assert_refused(&root, &root, &["--handbook", "./hb/.", "--out", "."], "contains the handbook");
    let abs = root.join("hb").display().to_string();
    assert_refused(&root, &root.join("docs"), &["--handbook", &abs, "--out", "../hb/../hb"], "is the handbook");
}

// Failure 19: an output folder inside the handbook (or the theme).
#[test]
fn output_inside_the_handbook_or_theme_is_refused() {
    let root = workspace("guard-inside");
    assert_refused(&root, &root, &["--handbook", "hb", "--out", "hb/site"], "is inside the handbook");
    std::fs::create_dir_all(root.join("theme/templates")).unwrap();
    assert_refused(&root, &root, &["--handbook", "hb", "--theme", "theme", "--out", "theme/x"], "inside the theme");
    assert_refused(
        &root,
        &root,
        &["--handbook", "hb", "--theme", "theme/templates", "--out", "theme"],
        "contains the theme",
    );
}

// Failure 2: a folder Folio did not make is never emptied, nor an ancestor of the working folder.
#[test]
fn output_that_is_a_users_folder_is_refused() {
    let root = workspace("guard-docs");
    assert_refused(&root, &root, &["--handbook", "hb", "--out", "docs"], "is not a site built by Folio");
    std::fs::create_dir_all(root.join("home/work")).unwrap();
    let hb = root.join("hb").display().to_string();
    assert_refused(
        &root,
        &root.join("home/work"),
        &["--handbook", &hb, "--out", "../../home"],
        "contains the current folder",
    );
    assert_refused(&root, &root.join("home/work"), &["--handbook", &hb, "--out", ".", "--force"], "current folder");
    // --force replaces a folder the user names, but never one holding the handbook.
    assert_refused(&root, &root, &["--handbook", "hb", "--out", ".", "--force"], "contains the handbook");
    let output = folio_in(&root, &["build", "--handbook", "hb", "--out", "docs", "--force"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(root.join("docs/index.html").exists() && !root.join("docs/thesis.docx").exists());
}

// A site Folio built is replaced; one holding a user's file is not, and says which file.
#[test]
fn a_site_with_a_users_file_is_not_replaced() {
    let root = workspace("guard-extra");
    let build = |extra: &[&str]| folio_in(&root, &[&["build", "--handbook", "hb", "--out", "site"], extra].concat());
    assert!(build(&[]).status.success());
    std::fs::write(root.join("site/.DS_Store"), "finder").unwrap();
    assert!(build(&[]).status.success(), "system clutter does not block a rebuild");
    std::fs::write(root.join("site/v1/es/notes.txt"), "my notes").unwrap();
    assert_refused(&root, &root, &["--handbook", "hb", "--out", "site"], "v1/es/notes.txt");
    std::fs::write(root.join("site/folio-manifest.json"), "{\"not\": \"folio\"}").unwrap();
    assert_refused(&root, &root, &["--handbook", "hb", "--out", "site"], "that Folio did not write");
}

// Failure 6: the zip's path gets the guard, and a failed zip leaves the site as it was.
#[test]
fn zip_paths_are_guarded_and_a_failed_zip_changes_nothing() {
    let root = workspace("guard-zip");
    let args = ["--handbook", "hb", "--out", "site"];
    assert!(folio_in(&root, &[&["build"], &args[..]].concat()).status.success());
    assert_refused(&root, &root, &[&args[..], &["--zip", "./site/h.zip"]].concat(), "inside the output folder");
    assert_refused(&root, &root, &[&args[..], &["--zip", "hb/folio.yaml"]].concat(), "inside the handbook");
    assert_refused(&root, &root, &[&args[..], &["--zip", "docs"]].concat(), "is a folder");
    assert_refused(
        &root,
        &root,
        &[&args[..], &["--zip", "docs/thesis.docx"]].concat(),
        "not a zip package Folio wrote",
    );
    // The zip cannot be written: the site stays as it was, and the message says so truthfully.
    let before = files(&root);
    let output = folio_in(&root, &[&["build"], &args[..], &["--zip", "missing/h.zip"]].concat());
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("site was left as it was"), "{}", stderr(&output));
    assert_eq!(files(&root), before, "a failed zip changed files");
    // A zip Folio wrote is replaced by the next build; no part file is left.
    for _ in 0..2 {
        let output = folio_in(&root, &[&["build"], &args[..], &["--zip", "h.zip"]].concat());
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let names: Vec<String> =
        std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    assert!(names.iter().all(|n| !n.contains("part")), "{names:?}");
}

// Failure 11: a killed build's staging folders are removed by the next build,
// which says so; those of a build still running, and folders Folio cannot
// tell are its own, are left alone.
#[test]
fn leftovers_of_a_killed_build_are_removed() {
    let root = workspace("guard-leftovers");
    for dir in [".folio-new-4242-site", ".folio-old-4242-site", ".folio-new-77-site", ".folio-new-5-site"] {
        std::fs::create_dir_all(root.join(dir).join("v1")).unwrap();
        std::fs::write(root.join(dir).join("v1/page.html"), "half written").unwrap();
    }
    std::fs::write(root.join(".folio-lock-4242-site"), "").unwrap();
    // Build 77 is still running: it holds its lock. Build 5 left no lock file.
    let running = std::fs::File::create(root.join(".folio-lock-77-site")).unwrap();
    running.lock().unwrap();
    let output = folio_in(&root, &["build", "--handbook", "hb", "--out", "site"]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(err.contains(".folio-new-4242-site, left behind by an interrupted build"), "{err}");
    assert!(err.contains(".folio-old-4242-site, left behind"), "{err}");
    for gone in [".folio-new-4242-site", ".folio-old-4242-site", ".folio-lock-4242-site"] {
        assert!(!root.join(gone).exists(), "{gone} is still there");
    }
    for kept in [".folio-new-77-site", ".folio-lock-77-site", ".folio-new-5-site"] {
        assert!(root.join(kept).exists(), "{kept} was removed");
    }
    let names: Vec<String> =
        std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    assert_eq!(names.iter().filter(|n| n.starts_with(".folio")).count(), 3, "the build left its own: {names:?}");
}

// Property: over many spellings of `--out` and `--handbook` (relative,
// absolute, `..`, `.`, trailing slashes, symlinks to the handbook and to a
// user's folder, from several working folders), a build either writes a site
// into a folder that was new, empty or Folio's, or refuses; it never changes
// a file anywhere else.
#[test]
fn no_spelling_of_the_paths_deletes_a_file_folio_did_not_make() {
    let root = workspace("guard-property");
    std::fs::create_dir_all(root.join("home/work")).unwrap();
    std::fs::create_dir_all(root.join("empty")).unwrap();
    symlink(root.join("hb"), root.join("book")).unwrap();
    symlink(root.join("docs"), root.join("home/docs-link")).unwrap();
    let root_s = root.display().to_string();
    // Targets relative to the root, each with whether Folio may write there.
    let targets = [
        ("hb", false),
        ("book", false),
        ("hb/v1", false),
        ("docs", false),
        ("home/docs-link", false),
        ("home", false),
        ("home/work", true), // empty, but refused where it is the working folder
        (".", false),
        ("empty", true),
        ("fresh/site", true),
    ];
    let spellings = |target: &str, cwd: &str| -> Vec<String> {
        let up = if cwd == "." { String::new() } else { "../".repeat(cwd.split('/').count()) };
        let rel = format!("{up}{target}");
        vec![
            rel.clone(),
            format!("{rel}/"),
            format!("{rel}/."),
            format!("./{rel}"),
            format!("{up}docs/../{target}"),
            format!("{root_s}/{target}"),
            format!("{root_s}/home/../{target}/"),
        ]
    };
    // Every combination, then every fifth of them (5 is prime to each
    // dimension's size, so each value of each dimension is still tried).
    let mut combinations = Vec::new();
    for cwd in [".", "home/work", "docs"] {
        for handbook_target in ["hb", "book"] {
            for handbook in spellings(handbook_target, cwd).into_iter().step_by(2) {
                for (target, empty_or_new) in targets {
                    for out in spellings(target, cwd) {
                        combinations.push((cwd, handbook.clone(), out, empty_or_new && target != cwd));
                    }
                }
            }
        }
    }
    let mut cases = 0;
    for (cwd, handbook, out, allowed) in combinations.into_iter().step_by(5) {
        let sources = files(&root.join("hb"));
        let user = files(&root.join("docs"));
        let output = folio_in(&root.join(cwd), &["build", "--handbook", &handbook, "--out", &out]);
        let case = format!("cwd {cwd}: --handbook {handbook} --out {out}");
        assert_eq!(files(&root.join("hb")), sources, "{case} changed the handbook");
        assert_eq!(files(&root.join("docs")), user, "{case} changed the user's folder");
        assert_ne!(output.status.code(), Some(101), "{case} panicked");
        assert_eq!(output.status.success(), allowed, "{case}:\n{}", stderr(&output));
        cases += 1;
    }
    assert!(cases > 300, "{cases} cases");
    assert!(root.join("fresh/site/index.html").exists() && root.join("empty/index.html").exists());
}
