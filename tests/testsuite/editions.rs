//! New editions and new handbooks in one command (issue 14, point 8):
//! `folio edition new` copies an edition into a draft that `check` accepts,
//! drafts are built only by `serve` and `build --drafts` (with a banner),
//! `folio edition publish` edits only the statuses in `folio.yaml`, every
//! refusal leaves the handbook byte for byte as it was, and `folio init`
//! writes a handbook that passes `check --strict`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::{copy_dir, folio_in, read, repo, scratch, write_handbook};

/// Every file under `dir`, by relative path, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// A copy of the bundled handbook in a scratch folder, as `<scratch>/hb`.
fn real_handbook_copy(name: &str) -> PathBuf {
    let dir = scratch(name);
    copy_dir(&repo().join("handbook"), &dir.join("hb"));
    dir
}

/// A two-language handbook with one edition, `v1`, as `<scratch>/hb`.
fn small_handbook(name: &str) -> PathBuf {
    let dir = scratch(name);
    write_handbook(
        &dir.join("hb"),
        &[
            ("v1/es/cap/seccion.md", "---\nid: seccion\ntitle: Sección\n---\nTexto de la sección.\n"),
            ("v1/en/cap/_index.md", "---\nid: cap\ntitle: Chapter\n---\nText.\n"),
        ],
    );
    dir
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `folio` in `cwd` and asserts that it succeeded.
fn ok(cwd: &Path, args: &[&str]) -> Output {
    let out = folio_in(cwd, args);
    assert!(out.status.success(), "folio {args:?} failed:\n{}{}", stdout(&out), stderr(&out));
    out
}

/// The warnings `folio check` prints for files of edition `id`.
fn warnings_in(check: &str, id: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut lines = check.lines().peekable();
    while let Some(line) = lines.next() {
        if let (true, Some(at)) = (line.starts_with("warning["), lines.peek()) {
            if at.contains(&format!("hb/{id}/")) {
                found.push(line.replace(&format!("hb/{id}/"), "hb/ID/"));
            }
        }
    }
    found
}

// `edition new` copies every file of the current edition (every language,
// front matter with its recorded translation hashes) into a draft listed
// first in folio.yaml, and the handbook still checks without errors, the
// draft giving exactly the warnings the edition it copies gives.
#[test]
fn edition_new_copies_the_current_edition_and_check_passes() {
    let dir = real_handbook_copy("edition-new-real");
    let hb = dir.join("hb");
    let before = std::fs::read_to_string(hb.join("folio.yaml")).unwrap();
    let out = ok(&dir, &["edition", "new", "2026", "--from", "2025", "--handbook", "hb"]);
    assert!(stdout(&out).contains("started the draft edition `2026` as a copy of `2025`"), "{}", stdout(&out));

    assert_eq!(snapshot(&hb.join("2026")), snapshot(&hb.join("2025")));
    let after = std::fs::read_to_string(hb.join("folio.yaml")).unwrap();
    let block = "  - id: \"2026\"\n    label:\n      es: \"Edición 2026 (borrador)\"\n      en: \"2026 edition (draft)\"\n    status: draft\n";
    assert!(after.contains(&format!("versions:\n{block}  - id: \"2025\"")), "{after}");
    assert_eq!(after.replacen(block, "", 1), before, "nothing else in folio.yaml changes");

    let check = folio_in(&dir, &["check", "--handbook", "hb"]);
    let text = stdout(&check);
    assert!(check.status.success() && text.contains("\n0 error(s)"), "{text}");
    let (draft, current) = (warnings_in(&text, "2026"), warnings_in(&text, "2025"));
    assert!(!current.is_empty(), "the bundled handbook has translation warnings to copy:\n{text}");
    assert_eq!(draft, current, "{text}");
    assert!(!hb.join(".2026.folio-copy").exists() && !hb.join(".folio.yaml.folio-new").exists());
}

// The source texts kept by `folio translated` are copied with the edition,
// so a draft's outdated translations still show what changed since.
#[test]
fn edition_new_copies_the_kept_source_texts() {
    let dir = small_handbook("edition-snapshots");
    let hb = dir.join("hb");
    ok(&dir, &["translated", "--all", "--handbook", "hb"]);
    let kept = hb.join(".folio/translated/v1");
    assert!(kept.is_dir(), "`translated` keeps the source texts");
    ok(&dir, &["edition", "new", "v2", "--from", "v1", "--handbook", "hb"]);
    assert_eq!(snapshot(&hb.join(".folio/translated/v2")), snapshot(&kept));
}

/// Runs `folio build` with a fixed build time, so that two builds compare.
fn build_at_fixed_time(cwd: &Path, args: &[&str]) -> Output {
    let out = crate::util::folio_command()
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .arg("build")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "build {args:?} failed:\n{}", stderr(&out));
    out
}

// A plain build leaves the draft out entirely (the site, its zip and its
// manifest are byte for byte those of the handbook without the draft);
// `build --drafts` builds it, with the draft banner on every page of it and
// in the edition switcher, compared with the edition it follows; a zip of
// drafts is refused.
#[test]
fn drafts_are_left_out_of_build_and_shown_with_drafts() {
    let dir = small_handbook("edition-drafts");
    build_at_fixed_time(&dir, &["--handbook", "hb", "--out", "before", "--zip", "before.zip"]);
    ok(&dir, &["edition", "new", "v2", "--handbook", "hb"]);
    std::fs::write(dir.join("hb/v2/es/cap/seccion.md"), "---\nid: seccion\ntitle: Sección\n---\nTexto nuevo.\n")
        .unwrap();

    build_at_fixed_time(&dir, &["--handbook", "hb", "--out", "plain", "--zip", "plain.zip"]);
    assert_eq!(snapshot(&dir.join("plain")), snapshot(&dir.join("before")));
    assert_eq!(std::fs::read(dir.join("plain.zip")).unwrap(), std::fs::read(dir.join("before.zip")).unwrap());

    let refused = folio_in(&dir, &["build", "--drafts", "--zip", "drafts.zip", "--handbook", "hb", "--out", "refused"]);
    assert!(!refused.status.success(), "{}", stderr(&refused));
    assert!(!dir.join("refused").exists() && !dir.join("drafts.zip").exists());

    build_at_fixed_time(&dir, &["--drafts", "--handbook", "hb", "--out", "drafts"]);
    let site = dir.join("drafts");
    for (lang, banner) in [("es", "BORRADOR — no publicado."), ("en", "DRAFT — not published.")] {
        let pages: Vec<PathBuf> = std::fs::read_dir(site.join("v2").join(lang))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "html") && !p.ends_with("translations.html"))
            .collect();
        assert!(pages.len() >= 4, "{pages:?}");
        for page in pages {
            let html = std::fs::read_to_string(&page).unwrap();
            assert!(html.contains(banner) && html.contains("banner-draft"), "{}:\n{html}", page.display());
        }
        let published = read(&site, &format!("v1/{lang}/index.html"));
        assert!(!published.contains("banner-draft"), "{published}");
        assert!(published.contains("status-draft"), "the edition switcher lists the draft:\n{published}");
    }
    let changes = read(&site, "v2/es/changes.html");
    assert!(changes.contains("seccion"), "the draft is compared with v1:\n{changes}");
}

// `publish` makes the draft current and the current edition archived,
// changing nothing else in folio.yaml (comments and layout stay); the
// published edition builds without the draft banner.
#[test]
fn publish_round_trip_keeps_folio_yaml_as_written() {
    let dir = real_handbook_copy("edition-publish");
    let hb = dir.join("hb");
    ok(&dir, &["edition", "new", "2026", "--handbook", "hb"]);
    let draft = std::fs::read_to_string(hb.join("folio.yaml")).unwrap();

    let out = ok(&dir, &["edition", "publish", "2026", "--handbook", "hb"]);
    assert!(stdout(&out).contains("published edition `2026`"), "{}", stdout(&out));
    assert!(stdout(&out).contains("still say it is a draft"), "{}", stdout(&out));
    let published = std::fs::read_to_string(hb.join("folio.yaml")).unwrap();
    let changed: Vec<(&str, &str)> = draft.lines().zip(published.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(
        changed,
        [("    status: draft", "    status: current"), ("    status: current", "    status: archived")]
    );
    assert_eq!(draft.lines().count(), published.lines().count());
    assert!(published.starts_with("# The handbook manifest."), "{published}");

    let site = crate::util::build(&hb, "edition-published");
    let page = read(&site, "2026/es/index.html");
    assert!(!page.contains("banner-draft") && !page.contains("banner-archived"), "{page}");
    assert!(read(&site, "2025/es/index.html").contains("banner-archived"));
    let again = folio_in(&dir, &["edition", "publish", "2026", "--handbook", "hb"]);
    assert!(stderr(&again).contains("edition `2026` is not a draft (it is current)"), "{}", stderr(&again));
}

// Every refusal says why, fails, and leaves every file of the handbook as it was.
#[test]
fn refusals_leave_the_handbook_untouched() {
    let dir = small_handbook("edition-refusals");
    let hb = dir.join("hb");
    ok(&dir, &["edition", "new", "draft", "--handbook", "hb"]);
    std::fs::create_dir(hb.join("taken")).unwrap();
    std::fs::write(hb.join("taken/keep.txt"), "mine").unwrap();
    std::fs::create_dir(hb.join(".v4.folio-copy")).unwrap();
    std::fs::write(hb.join(".v4.folio-copy/keep.txt"), "mine").unwrap();
    let cases: [(&[&str], &str); 9] = [
        (&["edition", "new", "v1"], "error[edition]: edition `v1` already exists\n  --> hb/folio.yaml:9:1"),
        (&["edition", "new", "../v3"], "version id `../v3` is not a valid folder name"),
        (&["edition", "new", "Search"], "clashes with `search`"),
        (&["edition", "new", "v3", "--from", "v0"], "no edition `v0` in folio.yaml"),
        (&["edition", "new", "taken"], "the folder for edition `taken` already exists"),
        (&["edition", "new", "v4"], "a copy left by an interrupted `folio edition new` is in the way"),
        (&["edition", "publish", "v1"], "edition `v1` is not a draft (it is current)"),
        (&["edition", "publish", "v9"], "no edition `v9` in folio.yaml"),
        (&["edition", "new", "v3", "--handbook", "nowhere"], "cannot read the handbook manifest"),
    ];
    let before = snapshot(&dir);
    for (args, message) in cases {
        let args: Vec<&str> =
            if args.contains(&"--handbook") { args.to_vec() } else { [args, &["--handbook", "hb"]].concat() };
        let out = folio_in(&dir, &args);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(stderr(&out).contains(message), "{args:?}:\n{}", stderr(&out));
        assert_eq!(snapshot(&dir), before, "{args:?} changed files");
    }

    // A copy that fails half-way (the build refuses symbolic links, and so
    // does the copy) leaves nothing behind.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/hostname", hb.join("v1/es/cap/enlace.md")).unwrap();
        let before = snapshot(&dir);
        let out = folio_in(&dir, &["edition", "new", "v3", "--handbook", "hb"]);
        assert!(stderr(&out).contains("not a regular file or folder"), "{}", stderr(&out));
        assert_eq!(snapshot(&dir), before);
        assert!(!hb.join("v3").exists() && !hb.join(".v3.folio-copy").exists());
    }

    // A layout Folio does not edit (a flow list) is refused, not rewritten.
    let flow = "title: {es: M, en: H}\nlanguages: [es, en]\nversions: [{id: v1, label: {es: Uno, en: One}, status: current}]\n";
    std::fs::write(hb.join("folio.yaml"), flow).unwrap();
    let before = snapshot(&dir);
    let out = folio_in(&dir, &["edition", "new", "v3", "--handbook", "hb"]);
    assert!(stderr(&out).contains("cannot find the list of editions (`versions:`)"), "{}", stderr(&out));
    assert_eq!(snapshot(&dir), before);
}

// The preview (`folio serve`) builds the draft with its banner.
#[test]
fn the_preview_shows_drafts() {
    let dir = small_handbook("edition-preview");
    ok(&dir, &["edition", "new", "v2", "--handbook", "hb"]);
    let files = std::sync::Mutex::new(Vec::new());
    let (loaded, diags) = folio::load(&dir.join("hb"), None, folio::Mode::Preview, &files);
    assert!(loaded.is_some(), "{}", diags.to_text());
    let files = files.into_inner().unwrap();
    let page = files.iter().find(|f| f.path == Path::new("v2/en/index.html")).expect("the draft's cover is built");
    assert!(String::from_utf8_lossy(&page.bytes).contains("DRAFT — not published."));
}

// A draft is checked like any edition: its errors fail `check`.
#[test]
fn check_reports_errors_in_drafts() {
    let dir = small_handbook("edition-draft-check");
    ok(&dir, &["edition", "new", "v2", "--handbook", "hb"]);
    std::fs::write(dir.join("hb/v2/es/cap/seccion.md"), "---\nid: seccion\ntitle: Sección\n---\n[roto](@no-existe)\n")
        .unwrap();
    let out = folio_in(&dir, &["check", "--handbook", "hb"]);
    assert!(!out.status.success() && stdout(&out).contains("hb/v2/es/cap/seccion.md"), "{}", stdout(&out));
}

// `init` writes a handbook that passes `check --strict` with no warnings and
// builds; it refuses a folder that is not empty, changing nothing in it.
#[test]
fn init_writes_a_handbook_that_checks_strictly_and_builds() {
    let dir = scratch("init");
    let out = ok(&dir, &["init", "new/handbook"]);
    assert!(stdout(&out).contains("wrote a new handbook into new/handbook"), "{}", stdout(&out));
    let check = ok(&dir, &["check", "--strict", "--handbook", "new/handbook"]);
    assert_eq!(stdout(&check), "0 error(s), 0 warning(s)\n");
    let site = crate::util::build(&dir.join("new/handbook"), "init-site");
    for lang in ["es", "en"] {
        let contents = read(&site, &format!("1/{lang}/index.html"));
        assert!(contents.contains("href=\"introduc"), "{contents}");
    }
    let status = ok(&dir, &["status", "--handbook", "new/handbook"]);
    assert!(stdout(&status).contains("3 up to date, 0 outdated, 0 unrecorded, 0 missing"), "{}", stdout(&status));

    let before = snapshot(&dir.join("new"));
    let again = folio_in(&dir, &["init", "new/handbook"]);
    assert!(!again.status.success() && stderr(&again).contains("the folder is not empty"), "{}", stderr(&again));
    std::fs::write(dir.join("file"), "mine").unwrap();
    let on_file = folio_in(&dir, &["init", "file"]);
    assert!(!on_file.status.success(), "{}", stderr(&on_file));
    assert_eq!(snapshot(&dir.join("new")), before);
    assert_eq!(std::fs::read_to_string(dir.join("file")).unwrap(), "mine");
}
