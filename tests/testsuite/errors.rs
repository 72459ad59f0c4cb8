//! Every kind of content error gives its exact message, location and hint,
//! and a non-zero exit. Each case is a handbook under
//! `tests/fixtures/errors/<case>/` with the expected output of `folio check`
//! in `expected.txt`; `FOLIO_BLESS=1 cargo test` rewrites those files.

use crate::util::{fixture, folio_in, repo};

fn check_case(case: &str) {
    let dir = fixture(&format!("errors/{case}"));
    let output = crate::util::folio_command()
        .current_dir(repo())
        .args(["check", "--handbook", &format!("tests/fixtures/errors/{case}")])
        .output()
        .unwrap();
    let actual = format!(
        "{}{}exit {}\n",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
        output.status.code().unwrap_or(-1)
    );
    let expected_path = dir.join("expected.txt");
    if std::env::var_os("FOLIO_BLESS").is_some() {
        std::fs::write(&expected_path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap();
    assert_eq!(actual, expected, "output of `folio check` for {case} differs from expected.txt");
    assert!(!output.status.success(), "{case} must fail");
}

macro_rules! error_cases {
    ($($name:ident => $case:literal,)*) => {
        $(
            #[test]
            fn $name() {
                check_case($case);
            }
        )*
    };
}

error_cases! {
    bad_yaml_reports_the_real_file_line => "bad-yaml",
    missing_id => "missing-id",
    missing_title => "missing-title",
    duplicate_id_names_both_files => "duplicate-id",
    unknown_language_folder => "unknown-language",
    unknown_version_folder => "unknown-version",
    broken_id_link => "broken-link",
    broken_anchor_lists_known_anchors => "broken-anchor",
    file_not_utf8 => "not-utf8",
    unknown_front_matter_key => "unknown-key",
    unknown_config_key => "config-unknown-key",
    all_errors_of_a_run_are_reported_together => "many-errors",
    unsafe_and_absolute_links => "unsafe-link",
    version_ids_that_clash_with_the_site_layout => "version-ids",
    edition_without_source_pages => "empty-edition",
    a_typo_in_one_key_is_one_error_not_broken_links_too => "follow-on-typo",
    a_rejected_chapter_page_is_not_also_missing => "rejected-chapter",
    glossary_mistakes_are_located_one_error_each => "glossary",
    unknown_id_and_anchor_suggest_the_close_name => "did-you-mean",
    unclosed_front_matter_is_named_as_such => "unclosed-front-matter",
}

// A broken template is reported with its file and line, and the build fails.
#[test]
fn template_error_names_template_file_and_line() {
    let theme = crate::util::scratch("broken-theme");
    for entry in walk(&repo().join("themes/default")) {
        let rel = entry.strip_prefix(repo().join("themes/default")).unwrap();
        std::fs::create_dir_all(theme.join(rel).parent().unwrap()).unwrap();
        std::fs::copy(&entry, theme.join(rel)).unwrap();
    }
    let page = theme.join("templates/page.html");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replacen("{{ page.title }}", "{{ page.title | nosuchfilter }}", 1)).unwrap();
    let diags = folio::check(&fixture("site/basic"), Some(&theme));
    let errors: Vec<_> = diags.iter().filter(|d| d.severity == folio::Severity::Error).collect();
    assert!(!errors.is_empty(), "a broken template must be an error");
    let first = errors[0];
    assert_eq!(first.code, "template");
    assert_eq!(first.file, page);
    assert!(first.message.en().contains("nosuchfilter"), "{}", first.message);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

// `--format json` gives one object per finding with its location.
#[test]
fn check_json_format() {
    let output = crate::util::folio_command()
        .current_dir(repo())
        .args(["check", "--format", "json", "--handbook", "tests/fixtures/errors/broken-anchor"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        findings,
        serde_json::json!([{
            "severity": "error",
            "code": "broken-link",
            "file": "tests/fixtures/errors/broken-anchor/v1/es/cap/b.md",
            "line": 7,
            "column": 7,
            "message": "page `a` has no heading with anchor `#dos`",
            "hint": "its anchors include: uno"
        }])
    );
}

// `folio build` on a broken handbook exits non-zero, prints the errors and
// says the previous site was kept.
#[test]
fn build_failure_exit_code_and_message() {
    let out = crate::util::scratch("cli-build").join("site");
    let output = crate::util::folio_command()
        .current_dir(repo())
        .args(["build", "--handbook", "tests/fixtures/errors/broken-link", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("error[broken-link]: no page with id `no-existe` in v1/es"), "{stderr}");
    assert!(stderr.contains("the build failed with 1 error(s);"), "{stderr}");
    assert!(!out.exists(), "nothing is written");
}

// A typo in one page's front matter is one finding in `build` and in JSON
// too: `build` prints the suppressed-count note after it, JSON lists only it.
#[test]
fn follow_on_findings_are_suppressed_in_build_and_json() {
    let handbook = "tests/fixtures/errors/follow-on-typo";
    let out = crate::util::scratch("follow-on-build").join("site");
    let output = folio_in(&repo(), &["build", "--handbook", handbook, "--out", &out.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("broken-link") && !stderr.contains("orphan"), "{stderr}");
    let note = "note: 4 follow-on diagnostics suppressed; fix the errors above first\n";
    assert!(stderr.contains(&format!("{note}error: the build failed with 1 error(s);")), "{stderr}");
    let output = folio_in(&repo(), &["check", "--format", "json", "--handbook", handbook]);
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes: Vec<&str> = findings.as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["front-matter"]);
}

// A translated chapter whose `_index.md` is rejected is one error: not also
// a missing chapter page, nor missing translations of the chapter and its
// sections.
#[test]
fn a_rejected_translated_chapter_is_one_error() {
    let dir = crate::util::scratch("rejected-translated-chapter");
    crate::util::write_handbook(
        &dir,
        &[
            ("v1/es/cap/a.md", "---\nid: a\ntitle: A\n---\nTexto.\n"),
            ("v1/en/cap/_index.md", "---\nid: cap\n---\nText.\n"),
            ("v1/en/cap/a.md", "---\nid: a\ntitle: A\n---\nText.\n"),
        ],
    );
    let output = folio_in(&dir, &["check", "--handbook", "."]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.matches("error[").count(), 1, "{stdout}");
    assert!(stdout.contains("error[front-matter]: the front matter has no `title`"), "{stdout}");
    assert!(!stdout.contains("missing-translation") && !stdout.contains("missing-chapter-page"), "{stdout}");
    assert!(stdout.contains("note: 3 follow-on diagnostics suppressed"), "{stdout}");
}
