//! Edition comparison. `folio diff` on fixture edition pairs under
//! `tests/fixtures/diff/<case>/` (every status, a rename plus move, a
//! formatting-only change, a one-word edit in a long paragraph, tables and
//! lists, a section moved and changed), with the exact output in each case's
//! `expected*` files (`FOLIO_BLESS=1` rewrites them); the changes and
//! redline pages of built sites; and the bundled handbook's two editions
//! against its editorial note.

use std::collections::BTreeSet;

use folio::diff::{compare, ChangeStatus};

use crate::util::{build, fixture, read, real_site, region, repo, unescape, urls};

/// Runs `folio diff` on a fixture; returns stdout, stderr and the exit code.
fn folio_diff(case: &str, args: &[&str]) -> (String, String, i32) {
    let output = crate::util::folio_command()
        .current_dir(repo())
        .arg("diff")
        .args(args)
        .args(["--handbook", &format!("tests/fixtures/diff/{case}")])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap_or(-1),
    )
}

/// Compares output with `tests/fixtures/diff/<case>/<file>`.
fn expect(case: &str, file: &str, actual: &str) {
    let path = fixture(&format!("diff/{case}/{file}"));
    if std::env::var_os("FOLIO_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert_eq!(actual, expected, "output differs from {}", path.display());
}

fn ok(case: &str, args: &[&str]) -> String {
    let (out, err, code) = folio_diff(case, args);
    assert_eq!(code, 0, "folio diff {args:?} on {case} failed:\n{err}");
    out
}

// Added, removed, changed, moved (with and without a rename, with and
// without a text change) and unchanged, with paths and word counts.
#[test]
fn json_covers_every_status() {
    expect("statuses", "expected-es.json", &ok("statuses", &["v1", "v2", "--format", "json"]));
}

// In a translation, a section whose translation is missing in the newer
// edition is compared in the source language, not Spanish against English.
#[test]
fn json_of_a_translation_with_a_missing_page() {
    expect("statuses", "expected-en.json", &ok("statuses", &["v1", "v2", "--lang", "en", "--format", "json"]));
}

// Re-wrapped lines, `*`/`_`, `**`/`__`, list markers, tight and loose lists,
// setext and ATX headings, table alignment, reference links, fences: no change.
#[test]
fn formatting_only_changes_are_not_changes() {
    let out = ok("formatting", &["v1", "v2", "--format", "json"]);
    expect("formatting", "expected.json", &out);
    assert!(out.contains("\"changed\": 0"), "{out}");
    assert!(!out.contains("\"status\": \"changed\""), "{out}");
}

// One word edited in a long paragraph (re-wrapped too) is that word struck
// and its replacement inserted, not a replaced paragraph.
#[test]
fn one_word_edit_shows_exactly_that_word() {
    let out = ok("one-word", &["v1", "v2", "--section", "anticipo"]);
    expect("one-word", "expected.txt", &out);
    assert_eq!(out.matches("[-").count(), 1, "{out}");
    assert_eq!(out.matches("{+").count(), 1, "{out}");
    assert!(out.contains("un plazo de [-cinco-] {+diez+} días contados"), "{out}");
    let json = ok("one-word", &["v1", "v2", "--format", "json"]);
    assert!(json.contains("\"words_added\": 1,\n      \"words_removed\": 1"), "{json}");
}

// A changed cell, an inserted row, an inserted and an edited list item, a
// deleted one: each shown in its row or item.
#[test]
fn table_and_list_changes() {
    expect("tables-lists", "expected.txt", &ok("tables-lists", &["v1", "v2", "--section", "tablas"]));
}

// Piped, the text report has no ANSI escapes and starts with the summary;
// on a terminal (the library's `color`) deletions and insertions are styled.
#[test]
fn text_report_summary_first_plain_when_piped() {
    let out = ok("statuses", &["v1", "v2"]);
    expect("statuses", "expected-es.txt", &out);
    assert!(!out.contains('\x1b'), "{out}");
    assert_eq!(out.lines().next(), Some("Edition v1 → v2 (es): 1 added, 1 removed, 3 moved, 1 changed, 4 unchanged"));

    let mut diags = folio::Diagnostics::default();
    let handbook = folio::content::load(&fixture("diff/one-word"), &mut diags).unwrap();
    let config = &handbook.config;
    let (v1, v2) = (config.find_version("v1").unwrap(), config.find_version("v2").unwrap());
    let comparison = compare(&handbook, v1, v2, folio::config::SOURCE_LANG);
    let colored = folio::diff::report::text(&comparison, true, true);
    assert!(colored.contains("\x1b[31;9mcinco\x1b[0m \x1b[32;4mdiez\x1b[0m"), "{colored}");
}

// `--format html` is one page that needs nothing else: the stylesheet is
// inlined, nothing is loaded, links stay within the page.
#[test]
fn html_report_is_self_contained() {
    let out = ok("statuses", &["v1", "v2", "--format", "html"]);
    assert!(out.starts_with("<!doctype html>"), "{}", &out[..100]);
    assert!(out.contains("<style>") && out.contains("/* Edition changes"), "the stylesheet must be inlined");
    assert!(!out.contains("<link") && !out.contains("<script") && !out.contains(" src="), "nothing may be loaded");
    for url in urls(&out) {
        assert!(url.starts_with('#'), "link out of the page: {url}");
    }
    assert!(out.contains("id=\"rl-cambia\""), "each changed section has its redline");
    let one = ok("one-word", &["v1", "v2", "--format", "html", "--section", "anticipo"]);
    assert!(one.contains("<del><span class=\"visually-hidden\">suprimido: </span>cinco</del> <ins><span class=\"visually-hidden\">añadido: </span>diez</ins>"));
}

#[test]
fn unknown_edition_language_or_section_is_an_error() {
    let (_, err, code) = folio_diff("statuses", &["v1", "v9"]);
    assert_eq!((code, err.as_str()), (1, "error: no edition `v9` in folio.yaml; the editions are: v2, v1\n"));
    let (_, err, code) = folio_diff("statuses", &["v1", "v2", "--lang", "fr"]);
    assert_eq!((code, err.as_str()), (1, "error: no language `fr` in folio.yaml; the languages are: es, en\n"));
    let (_, err, code) = folio_diff("statuses", &["v1", "v2", "--section", "nada"]);
    assert_eq!((code, err.as_str()), (1, "error: no page with id `nada` in v1/es or v2/es\n"));
}

// The changes page: counts, then the sections by status, each linked to its
// redline (changed, moved), its page (added, unchanged) or its old page (removed).
#[test]
fn site_changes_page_lists_sections_by_status() {
    let site = build(&fixture("diff/statuses"), "diff-statuses");
    let page = read(&site, "v2/es/changes.html");
    let counts = region(&page, "<ul class=\"changes-counts\">", "</ul>");
    for (n, label) in [(1, "nuevas"), (1, "suprimidas"), (3, "trasladadas"), (1, "revisadas"), (4, "sin cambios")] {
        let item =
            format!("<span class=\"changes-count-n\">{n}</span> <span class=\"changes-count-label\">{label}</span>");
        assert!(counts.contains(&item), "{item} not in {counts}");
    }
    let group = |status: &str| urls(region(&page, &format!("id=\"changes-{status}\""), "</section>"));
    assert_eq!(group("added"), ["nuevo.html"]);
    assert_eq!(group("removed"), ["../../v1/es/antiguo.html"]);
    assert_eq!(
        group("moved"),
        ["changes-v1-traslado.html", "changes-v1-renombre.html", "changes-v1-mueve-cambia.html"]
    );
    assert_eq!(group("changed"), ["changes-v1-cambia.html"]);
    assert_eq!(group("unchanged"), ["index.html", "delito.html", "igual.html", "proceso.html"]);
    let moved = region(&page, "id=\"changes-moved\"", "</section>");
    assert!(moved.contains("trasladada desde: El delito") && moved.contains("antes: «Nombre antiguo»"), "{moved}");
    assert!(!site.join("v1/es/changes.html").exists(), "the oldest edition has nothing to compare with");
    // The switchers stay on changes pages.
    assert_eq!(urls(region(&page, "switcher-lang", "</details>")), ["changes.html", "../en/changes.html"]);
}

// A redline page for each changed or moved section, none for the others.
#[test]
fn site_redline_pages() {
    let site = build(&fixture("diff/statuses"), "diff-redlines");
    for id in ["cambia", "traslado", "renombre", "mueve-cambia"] {
        assert!(site.join(format!("v2/es/changes-v1-{id}.html")).is_file(), "{id}: no redline page");
    }
    for id in ["igual", "nuevo", "antiguo", "portada"] {
        assert!(!site.join(format!("v2/es/changes-v1-{id}.html")).exists(), "{id}: unexpected redline page");
    }
    let page = read(&site, "v2/es/changes-v1-mueve-cambia.html");
    let inline = region(&page, "<div class=\"rl-inline\">", "<div class=\"rl-side\">");
    assert!(
        inline.contains("<div class=\"rl-block rl-chg\" id=\"rl-mueve-cambia-c1\"><p>La audiencia se celebra en la sede del <del><span class=\"visually-hidden\">suprimido: </span>juzgado</del> <ins><span class=\"visually-hidden\">añadido: </span>tribunal o por videoconferencia</ins>.</p></div>"),
        "{inline}"
    );
    let side = region(&page, "<div class=\"rl-side\">", "</table>");
    assert!(side.contains("<th scope=\"col\">Primera edición</th><th scope=\"col\">Segunda edición</th>"), "{side}");
    let facts = unescape(region(&page, "<dl class=\"rl-facts\">", "</dl>"));
    assert!(
        facts.contains("v1/es/delito/mueve-cambia.md") && facts.contains("v2/es/proceso/mueve-cambia.md"),
        "{facts}"
    );
    assert_eq!(urls(&facts), ["../../v1/es/mueve-cambia.html", "mueve-cambia.html"]);
    // The English redline of `cambia` compares the Spanish texts (the
    // translation is missing in v2) and says so.
    let en = read(&site, "v2/en/changes-v1-cambia.html");
    assert!(en.contains("rl-source-note"), "the note on the source-language comparison is missing");
    assert_eq!(
        urls(region(&en, "switcher-lang", "</details>")),
        ["../es/changes-v1-cambia.html", "changes-v1-cambia.html"]
    );
}

// Section pages say how they changed and link to the redline: against the
// previous edition in the current one, against the current one in archived ones.
#[test]
fn section_pages_link_to_their_redlines() {
    let site = build(&fixture("diff/statuses"), "diff-links");
    let note = |rel: &str| {
        let page = read(&site, rel);
        page.find("<p class=\"edition-changes").map(|_| region(&page, "<p class=\"edition-changes", "</p>").to_string())
    };
    let revised = note("v2/es/cambia.html").unwrap();
    assert!(
        revised.contains("edition-changes-revised") && revised.contains("href=\"changes-v1-cambia.html\""),
        "{revised}"
    );
    let new = note("v2/es/nuevo.html").unwrap();
    assert!(new.contains("edition-changes-new") && new.contains("href=\"changes.html\""), "{new}");
    assert!(note("v2/es/nombre-nuevo.html").unwrap().contains("edition-changes-moved"));
    assert_eq!(note("v2/es/igual.html"), None);
    let archived = note("v1/es/cambia.html").unwrap();
    assert!(archived.contains("href=\"..&#x2F;..&#x2F;v2&#x2F;es&#x2F;changes-v1-cambia.html\""), "{archived}");
    let same = note("v1/es/igual.html").unwrap();
    assert!(same.contains("edition-changes-unchanged_in_current") && !same.contains("href"), "{same}");
    assert_eq!(note("v1/es/antiguo.html"), None);
    let sidebar = read(&site, "v2/es/igual.html");
    assert!(
        region(&sidebar, "<nav id=\"sidebar\"", "</nav>").contains("<a class=\"changes-link\" href=\"changes.html\">")
    );
    assert!(!read(&site, "v1/es/igual.html").contains("changes-link"));
}

// The site's redline of a one-word edit strikes that word and inserts the new one, nothing else.
#[test]
fn one_word_redline_page() {
    let site = build(&fixture("diff/one-word"), "diff-one-word");
    let page = read(&site, "v2/es/changes-v1-anticipo.html");
    let inline = region(&page, "<div class=\"rl-inline\">", "<div class=\"rl-side\">");
    assert_eq!(inline.matches("<del>").count(), 1, "{inline}");
    assert_eq!(inline.matches("<ins>").count(), 1, "{inline}");
    assert!(inline.contains("un plazo de <del><span class=\"visually-hidden\">suprimido: </span>cinco</del> <ins><span class=\"visually-hidden\">añadido: </span>diez</ins> días contados"), "{inline}");
}

// A translation made from an older edition's source text links, from its
// outdated notice, to the source-language redline since then.
#[test]
fn outdated_translation_links_to_the_source_redline() {
    let site = crate::util::build_fixture("basic");
    let notice = region(&read(&site, "v2/en/consent.html"), "notice-outdated", "</div>").to_string();
    assert!(notice.contains("href=\"..&#x2F;es&#x2F;changes-v1-consentimiento.html\""), "{notice}");
    let real = read(real_site(), "2025/en/repatriation.html");
    let notice = region(&real, "notice-outdated", "</div>");
    assert!(notice.contains("href=\"..&#x2F;es&#x2F;changes-2011-repatriacion.html\""), "{notice}");
    assert!(real_site().join("2025/es/changes-2011-repatriacion.html").is_file());
}

/// The `@id` links in the part of `text` after `{#anchor}`, up to the next heading.
fn note_ids(text: &str, anchor: &str) -> BTreeSet<String> {
    let part = note_part(text, anchor);
    part.split("(@").skip(1).map(|rest| rest[..rest.find(')').unwrap()].to_string()).collect()
}

fn note_part<'t>(text: &'t str, anchor: &str) -> &'t str {
    let start = text.find(&format!("{{#{anchor}}}")).unwrap_or_else(|| panic!("no {{#{anchor}}} in the note"));
    let rest = &text[start..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

// The bundled handbook's editions compare without errors, and the result
// agrees with the editorial note of 2025: its new, removed and moved
// sections exactly, and each section it lists as revised is revised.
#[test]
fn real_handbook_matches_its_editorial_note() {
    let mut diags = folio::Diagnostics::default();
    let handbook = folio::content::load(&repo().join("handbook"), &mut diags).unwrap();
    assert!(!diags.has_errors(), "{}", diags.to_text());
    let config = &handbook.config;
    let (from, to) = (config.find_version("2011").unwrap(), config.find_version("2025").unwrap());
    let note = std::fs::read_to_string(repo().join("handbook/2025/es/anexos/notas-editoriales.md")).unwrap();
    for lang in config.langs() {
        let comparison = compare(&handbook, from, to, lang);
        let ids = |status: ChangeStatus| -> BTreeSet<String> {
            comparison.entries.iter().filter(|e| e.status == status).map(|e| e.id.to_string()).collect()
        };
        assert_eq!(ids(ChangeStatus::Added), note_ids(&note, "nuevas"), "new sections ({})", config.lang_code(lang));
        assert_eq!(ids(ChangeStatus::Removed), BTreeSet::from(["regimen-transitorio".to_string()]));
        assert_eq!(ids(ChangeStatus::Moved), BTreeSet::from(["instituciones".to_string()]));
        for e in comparison.entries.iter().filter(|e| e.status == ChangeStatus::Removed) {
            let es = handbook.book(from, folio::config::SOURCE_LANG).unwrap().find(e.id).unwrap();
            assert!(
                note_part(&note, "suprimidas").contains(&format!("\"{}\"", es.title)),
                "{} not in the note",
                es.title
            );
        }
        assert!(note_ids(&note, "trasladadas").contains("instituciones"));
        if lang == folio::config::SOURCE_LANG {
            let revised = note_ids(&note, "revisadas");
            assert_eq!(revised.len(), 14);
            for id in &revised {
                let e = comparison
                    .entries
                    .iter()
                    .find(|e| e.id == id.as_str())
                    .unwrap_or_else(|| panic!("{id} not compared"));
                assert!(
                    e.changed && matches!(e.status, ChangeStatus::Changed | ChangeStatus::Moved),
                    "{id} is {:?}",
                    e.status
                );
                assert!(e.words_added + e.words_removed > 0, "{id}");
            }
        }
    }
}
