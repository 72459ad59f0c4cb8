//! Translation status: `folio status`'s table, the editors' page, and the
//! warnings `folio check` gives for missing and outdated translations; and
//! `folio translated`: the source text it keeps, the redline of the source
//! since the translation that outdated notices link to, and recording by
//! folder or all at once (issue 14).

use std::path::Path;

use folio::status::{table, State};

use crate::util::{build, build_fixture, fixture, folio_in, read, region, scratch, urls, write_handbook};

fn load_basic() -> folio::Handbook {
    let mut diags = folio::Diagnostics::default();
    folio::content::load(&fixture("site/basic"), &mut diags).expect("the fixture loads")
}

// The fixture has an up-to-date, an outdated and a missing translation.
#[test]
fn status_table_states() {
    let handbook = load_basic();
    let rows = table(&handbook, handbook.config.find_version("v2").unwrap());
    let state = |id: &str| rows.iter().find(|r| r.id == id).unwrap().cells[0].state;
    assert_eq!(state("definicion"), State::UpToDate);
    assert_eq!(state("consentimiento"), State::Outdated);
    assert_eq!(state("etapas"), State::Missing);
    assert_eq!(state("portada"), State::Unrecorded);
    assert_eq!(rows.len(), 6, "every source page has a row");
}

// The editors' page shows the same states and links the outdated translation to its source's redline.
#[test]
fn editors_page() {
    let site = build_fixture("basic");
    let page = read(&site, "v2/en/translations.html");
    let row = region(&page, "consentimiento.html\" lang=\"es\"", "</tr>");
    assert!(row.contains("state-outdated"), "{row}");
    assert!(row.contains("Changes in this edition"), "the edition's redline is named as such: {row}");
    assert!(urls(row).contains(&"../es/changes-v1-consentimiento.html".to_string()), "{row}");
    assert!(region(&page, "etapas.html\" lang=\"es\"", "</tr>").contains("state-missing"));
    assert!(region(&page, "definicion.html\" lang=\"es\"", "</tr>").contains("state-up-to-date"));
}

// `folio check` warns, with file and line, about outdated and missing translations.
#[test]
fn check_warns_about_translations() {
    let diags = folio::check(&fixture("site/basic"), None);
    assert!(!diags.has_errors());
    let find = |code: &str, file: &str| diags.iter().find(|d| d.code == code && d.file.ends_with(file)).cloned();
    let outdated = find("outdated-translation", "v2/en/crime/consent.md").expect("outdated warning");
    assert_eq!((outdated.severity, outdated.line), (folio::Severity::Warning, 5));
    let missing = find("missing-translation", "v2/es/proceso/etapas.md").expect("missing warning");
    assert!(missing.message.en().contains("`etapas` has no `en` translation"), "{}", missing.message);
}

/// Runs `folio translated` in `dir` with `args`; its exit code, stdout and stderr.
fn translated(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = folio_in(dir, &[&["translated", "--handbook", "hb"], args].concat());
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).to_string();
    (output.status.code(), text(&output.stdout), text(&output.stderr))
}

/// The inserted and deleted words of a redline's inline view, in order.
fn marked(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (open, close) in [("<ins>", "</ins>"), ("<del>", "</del>")] {
        for piece in html.split(open).skip(1) {
            let inner = &piece[..piece.find(close).unwrap()];
            let words = inner.rsplit("</span>").next().unwrap();
            found.push(format!("{open}{words}"));
        }
    }
    found
}

const SOURCE: &str =
    "---\nid: plazos\ntitle: Plazos\n---\nEl plazo es de diez días hábiles.\n\nLa fiscalía informa a la víctima.\n";
const ENGLISH: &str =
    "---\nid: plazos\ntitle: Deadlines\n---\nThe deadline is ten working days.\n\nThe prosecutor informs the victim.\n";

// `translated` keeps the source text; after a source edit, the outdated
// notice links to the source's redline since then, which shows exactly that
// edit (and the edition's redline stays a separate link when there is one).
#[test]
fn the_redline_since_translation_shows_exactly_the_source_edit() {
    let dir = scratch("since-translation");
    let chapter = "---\nid: cap\ntitle: Chapter\n---\nText.\n";
    let files = [("v1/es/cap/plazos.md", SOURCE), ("v1/en/cap/_index.md", chapter), ("v1/en/cap/plazos.md", ENGLISH)];
    write_handbook(&dir.join("hb"), &files);
    let (code, out, err) = translated(&dir, &["hb/v1/en/cap/plazos.md"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("recorded 1 translation"), "{out}");
    let snapshot = dir.join("hb/.folio/translated/v1/en/plazos.md");
    assert_eq!(std::fs::read_to_string(&snapshot).unwrap(), SOURCE, "the snapshot is the source page as it was");

    let edited = SOURCE.replace("diez días hábiles", "quince días hábiles contados desde la denuncia");
    std::fs::write(dir.join("hb/v1/es/cap/plazos.md"), &edited).unwrap();
    let site = build(&dir.join("hb"), "since-translation-site");
    let page = read(&site, "v1/en/plazos.html");
    let notice = region(&page, "notice-outdated", "</div>");
    assert!(urls(notice).contains(&"changes-plazos.translation.html".to_string()), "{notice}");
    assert!(!notice.contains("outdated-no-snapshot"), "{notice}");
    let redline = read(&site, "v1/en/changes-plazos.translation.html");
    let inline = region(&redline, "<div class=\"rl-inline\">", "<div class=\"rl-side\">");
    assert_eq!(marked(inline), ["<ins>quince", "<ins>contados desde la denuncia", "<del>diez"], "{inline}");
    assert!(inline.contains("La fiscalía informa a la víctima."), "unchanged text is shown as such: {inline}");
    let table = read(&site, "v1/en/translations.html");
    let row = region(&table, "plazos.html\" lang=\"es\"", "</tr>");
    assert!(urls(row).contains(&"changes-plazos.translation.html".to_string()), "{row}");

    // Brought up to date again: the notice and the redline page go away.
    assert_eq!(translated(&dir, &["hb/v1/en/cap/plazos.md"]).0, Some(0));
    assert_eq!(std::fs::read_to_string(&snapshot).unwrap(), edited);
    let site = build(&dir.join("hb"), "since-translation-again");
    assert!(!read(&site, "v1/en/plazos.html").contains("notice-outdated"));
    assert!(!site.join("v1/en/changes-plazos.translation.html").exists());
}

// A translation recorded by an older Folio has no snapshot: the notice says
// the changes since cannot be shown and keeps the edition's redline link.
#[test]
fn without_a_snapshot_the_notice_says_so_and_keeps_the_edition_link() {
    let site = build_fixture("basic");
    let page = read(&site, "v2/en/consent.html");
    let notice = region(&page, "notice-outdated", "</div>");
    assert!(notice.contains("outdated-no-snapshot"), "{notice}");
    assert!(!notice.contains("outdated-since"), "{notice}");
    let edition = region(notice, "outdated-redline", "</a>");
    assert!(edition.contains("Changes in this edition"), "{edition}");
    assert!(urls(notice).contains(&"../es/changes-v1-consentimiento.html".to_string()), "{notice}");
}

// `translated DIR` records every translated page under the folder, and
// `--all` every translated page of the handbook, each with one summary
// line; source-language pages are never touched.
#[test]
fn translated_records_folders_and_all() {
    let dir = scratch("translated-bulk");
    let page = |id: &str, title: &str| format!("---\nid: {id}\ntitle: {title}\n---\nTexto de {id}.\n");
    write_handbook(
        &dir.join("hb"),
        &[
            ("v1/es/cap/a.md", &page("a", "A")),
            ("v1/es/cap/b.md", &page("b", "B")),
            ("v1/es/otro/_index.md", &page("otro", "Otro")),
            ("v1/en/cap/_index.md", &page("cap", "Chapter")),
            ("v1/en/cap/a.md", &page("a", "A (en)")),
            ("v1/en/cap/b.md", &page("b", "B (en)")),
            ("v1/en/otro/_index.md", &page("otro", "Other")),
        ],
    );
    let hb = dir.join("hb");
    let recorded = |rel: &str| std::fs::read_to_string(hb.join(rel)).unwrap().contains("source_hash:");
    let source_before = std::fs::read_to_string(hb.join("v1/es/cap/a.md")).unwrap();

    let (code, out, err) = translated(&dir, &["hb/v1/en/cap"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, "recorded 3 translations\n", "pages found in a folder are summed up, not listed");
    assert!(recorded("v1/en/cap/a.md") && recorded("v1/en/cap/b.md") && recorded("v1/en/cap/_index.md"));
    assert!(!recorded("v1/en/otro/_index.md"), "outside the folder");

    let (code, _, err) = translated(&dir, &["hb/v1/es"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("holds no translated page"), "{err}");

    let (code, out, err) = translated(&dir, &["--all"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, "recorded 5 translations\n", "the cover, the chapters and the sections of `en`");
    assert!(recorded("v1/en/otro/_index.md"));
    assert!(hb.join(".folio/translated/v1/en/otro.md").is_file());
    assert_eq!(std::fs::read_to_string(hb.join("v1/es/cap/a.md")).unwrap(), source_before);
    let diags = folio::check(&hb, None);
    assert!(!diags.iter().any(|d| d.code.ends_with("-translation")), "{}", diags.to_text());
}
