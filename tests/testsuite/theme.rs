//! Themes and languages: a language the theme does not translate falls back
//! to English with a located warning (so a third language works), and a
//! theme that is missing, empty or incomplete is a diagnostic, never a panic,
//! in `check`, `build` and the preview (issue 12, failure 3).

use std::path::Path;

use folio::serve::session::{ChangeKind, Session};

use crate::util::{copy_dir, folio_in, repo, scratch, write_handbook};

/// A handbook in es, en and a third language, `fr`, fully translated.
fn trilingual(dir: &Path) {
    write_handbook(
        dir,
        &[
            ("folio.yaml", "title: {es: Manual, en: Handbook, fr: Manuel}\nlanguages: [es, en, fr]\nversions:\n  - id: v1\n    label: {es: Uno, en: One, fr: Un}\n    status: current\n"),
            ("v1/fr/_index.md", "---\nid: portada\ntitle: Couverture\n---\nTexte.\n"),
            ("v1/fr/cap/_index.md", "---\nid: cap\ntitle: Chapitre\n---\nTexte.\n"),
        ],
    );
}

fn text(output: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
fn a_third_language_falls_back_to_english_strings_with_a_warning() {
    let root = scratch("third-language");
    trilingual(&root.join("hb"));
    let check = folio_in(&root, &["check", "--handbook", "hb"]);
    let out = text(&check);
    assert_eq!(check.status.code(), Some(0), "{out}");
    assert!(out.contains("warning[theme-language]: the theme has no UI strings for `fr`"), "{out}");
    assert!(out.contains("--> hb/folio.yaml:2:1") && out.contains("2 | languages: [es, en, fr]"), "{out}");
    let build = folio_in(&root, &["build", "--handbook", "hb", "--out", "site"]);
    assert!(build.status.success(), "{}", text(&build));
    let cover = std::fs::read_to_string(root.join("site/v1/fr/index.html")).unwrap();
    assert!(cover.contains("<html lang=\"fr\""), "the page is in French");
    assert!(cover.contains(">Contents<"), "English UI strings stand in");
    let spanish = std::fs::read_to_string(root.join("site/v1/es/index.html")).unwrap();
    assert!(spanish.contains(">fr<"), "the switcher names the language by its code");
    // The preview renders a French page again after an edit.
    let mut session = Session::new(&root.join("hb"), None);
    session.full().expect("the preview builds");
    std::fs::write(root.join("hb/v1/fr/_index.md"), "---\nid: portada\ntitle: Couverture\n---\nTexte revu.\n").unwrap();
    session.apply(&ChangeKind::ChapterIndex(root.join("hb/v1/fr/_index.md"))).expect("the edit rebuilds");
    let page = String::from_utf8_lossy(&session.files["v1/fr/index.html"]).to_string();
    assert!(page.contains("Texte revu."), "the edit is served");
}

/// A change made to a copy of the default theme.
type ThemeEdit = fn(&Path);

/// The default theme copied to `dir`, then changed by `edit`.
fn theme_copy(root: &Path, edit: ThemeEdit) -> String {
    let dir = root.join("theme");
    copy_dir(&repo().join("themes/default"), &dir);
    edit(&dir);
    dir.display().to_string()
}

#[test]
fn broken_themes_are_diagnostics() {
    let root = scratch("broken-themes");
    write_handbook(&root.join("hb"), &[]);
    let cases: [(&str, ThemeEdit, &str); 6] = [
        ("missing", |d| std::fs::remove_dir_all(d).unwrap(), "error[theme]: the theme folder does not exist"),
        (
            "empty",
            |d| {
                std::fs::remove_dir_all(d).unwrap();
                std::fs::create_dir(d).unwrap();
            },
            "error[theme]: the theme has no template page.html, cover.html",
        ),
        (
            "no sw.js",
            |d| std::fs::remove_file(d.join("templates/sw.js")).unwrap(),
            "error[theme]: the theme has no template sw.js",
        ),
        (
            "no es.yaml",
            |d| std::fs::remove_file(d.join("i18n/es.yaml")).unwrap(),
            "warning[theme-language]: the theme has no UI strings for `es`",
        ),
        (
            "no en.yaml",
            |d| std::fs::remove_file(d.join("i18n/en.yaml")).unwrap(),
            "error[theme]: the theme has no UI strings for `en`\n  --> hb/folio.yaml:2:1\n  |\n2 | languages: [es, en]\n  | ^\n",
        ),
        (
            "no en.yaml nor es.yaml",
            |d| std::fs::remove_dir_all(d.join("i18n")).unwrap(),
            "error[theme]: the theme has no UI strings for `es`",
        ),
    ];
    for (name, edit, says) in cases {
        let _ = std::fs::remove_dir_all(root.join("theme"));
        let theme = theme_copy(&root, edit);
        let fails = says.starts_with("error");
        for command in ["check", "build"] {
            let output = folio_in(&root, &[command, "--handbook", "hb", "--theme", &theme]);
            let out = text(&output);
            assert!(out.contains(says), "{name}, {command}: {out}");
            assert_eq!(output.status.code(), Some(if fails { 1 } else { 0 }), "{name}, {command}: {out}");
        }
        let mut session = Session::new(&root.join("hb"), Some(Path::new(&theme)));
        let built = session.full();
        assert_eq!(built.is_err(), fails, "{name}: the preview");
    }
}

/// The service worker is the theme's `sw.js` template, filled with the build
/// id and the list of the site's files; a template error in it fails the
/// build with the template's location.
#[test]
fn the_service_worker_comes_from_the_theme() {
    let root = scratch("theme-service-worker");
    write_handbook(&root.join("hb"), &[]);
    let theme = theme_copy(&root, |d| {
        let path = d.join("templates/sw.js");
        let js = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{js}// {{{{ files | length }}}} files\n")).unwrap();
    });
    let build = folio_in(&root, &["build", "--handbook", "hb", "--out", "site", "--theme", &theme]);
    assert!(build.status.success(), "{}", text(&build));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("site/folio-manifest.json")).unwrap()).unwrap();
    let files = manifest["files"].as_object().unwrap();
    let sw = std::fs::read_to_string(root.join("site/sw.js")).unwrap();
    assert!(sw.contains(&format!("const CACHE = \"folio-{}\";", manifest["build_id"].as_str().unwrap())), "{sw}");
    assert!(sw.contains("\"v1/es/index.html\""), "{sw}");
    // Every file but sw.js itself (and the manifest, written after it).
    assert!(sw.ends_with(&format!("// {} files\n", files.len() - 1)), "{sw}");

    std::fs::write(Path::new(&theme).join("templates/sw.js"), "const FILES = {{ no_such_variable }};\n").unwrap();
    let build = folio_in(&root, &["build", "--handbook", "hb", "--out", "site", "--theme", &theme]);
    let out = text(&build);
    assert_eq!(build.status.code(), Some(1), "{out}");
    assert!(out.contains("error[template]") && out.contains("templates/sw.js"), "{out}");
    assert_eq!(std::fs::read_to_string(root.join("site/sw.js")).unwrap(), sw, "the previous site stays");
}

/// The default theme's templates stay easy to edit: one `<head>` for the site
/// (base.html; the self-contained `folio diff --format html` report has its
/// own) and no line longer than 160 characters.
#[test]
fn default_theme_templates_have_one_head_and_short_lines() {
    let dir = repo().join("themes/default/templates");
    let mut heads = Vec::new();
    let mut long = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.path().strip_prefix(&dir).unwrap().display().to_string();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        if text.contains("<head>") {
            heads.push(name.clone());
        }
        for (i, line) in text.lines().enumerate() {
            if line.chars().count() > 160 {
                long.push(format!("{name}:{}", i + 1));
            }
        }
    }
    assert_eq!(heads, ["base.html", "diff-report.html"]);
    assert!(long.is_empty(), "lines over 160 characters: {long:?}");
}
