//! Each edition's glossary as data (issue 16, point 1): `glossary.yaml` is
//! read strictly into entries with a term per language. The mistakes an
//! editor can make are in `errors::glossary_mistakes_are_located_one_error_each`;
//! these check what a correct file gives, and the bundled handbook's glossaries.

use folio::handbook::Handbook;

use crate::util::{build, copy_dir, folio_in, read, region, repo, scratch, write_handbook};

fn load(root: &std::path::Path) -> Handbook {
    let mut diags = folio::Diagnostics::default();
    let handbook = folio::content::load(root, &mut diags).unwrap();
    assert!(!diags.has_errors(), "{}", diags.to_text());
    handbook
}

// Terms, forms, abbreviations, protected words and links are read in file
// order, per language; an edition without the file has no glossary.
#[test]
fn a_glossary_is_read_per_language() {
    let dir = scratch("glossary-read");
    write_handbook(
        &dir,
        &[(
            "v1/glossary.yaml",
            "- id: cpp\n  es:\n    term: Código Procesal Penal\n    abbr: [CPP]\n    forms: [código procesal]\n    definition: >-\n      Ley que regula\n      el proceso.\n  en:\n    term: Criminal Procedure Code\n    abbr: [CPP]\n    definition: The law.\n  see: [cap]\n- id: trata\n  es: {term: trata de personas, protect: [trata], definition: El delito.}\n  en: {term: trafficking in persons, definition: The offence.}\n",
        )],
    );
    let handbook = load(&dir);
    let version = handbook.config.find_version("v1").unwrap();
    let glossary = handbook.glossary(version).expect("v1 has a glossary");
    let ids: Vec<&str> = glossary.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["cpp", "trata"]);
    let es = handbook.config.find_lang("es").unwrap();
    let en = handbook.config.find_lang("en").unwrap();
    let cpp = glossary.entries[0].term_in(es).unwrap();
    assert_eq!(cpp.names().collect::<Vec<_>>(), ["Código Procesal Penal", "código procesal", "CPP"]);
    assert_eq!(cpp.definition, "Ley que regula el proceso.");
    assert_eq!(glossary.entries[0].see, ["cap"]);
    assert_eq!(glossary.entries[0].line, 1);
    assert_eq!(glossary.entries[1].line, 14);
    assert_eq!(glossary.entries[1].term_in(es).unwrap().protect, ["trata"]);
    assert_eq!(glossary.entries[1].term_in(en).unwrap().term, "trafficking in persons");

    let bare = scratch("glossary-none");
    write_handbook(&bare, &[]);
    let handbook = load(&bare);
    assert!(handbook.glossary(handbook.config.find_version("v1").unwrap()).is_none());
}

// The bundled handbook's glossaries are data with at least 60 entries in
// both editions, each in both languages, and protect `trata` from the
// Spanish stemmer; the institutions carry their abbreviations.
#[test]
fn the_bundled_glossaries_cover_both_editions_and_languages() {
    let handbook = load(&repo().join("handbook"));
    let config = &handbook.config;
    for version in ["2025", "2011"] {
        let glossary = handbook.glossary(config.find_version(version).unwrap()).expect("each edition has a glossary");
        assert!(glossary.entries.len() >= 60, "{version}: {} entries", glossary.entries.len());
        for entry in &glossary.entries {
            assert!(config.langs().all(|l| entry.term_in(l).is_some()), "{version}/{} lacks a language", entry.id);
        }
        let es = config.find_lang("es").unwrap();
        let abbreviations: Vec<&str> =
            glossary.entries.iter().flat_map(|e| e.term_in(es).unwrap().abbr.iter().map(String::as_str)).collect();
        for abbr in ["MP", "PGN", "PNC", "SVET", "INACIF", "CP", "CPP"] {
            assert!(abbreviations.contains(&abbr), "{version}: no entry abbreviated {abbr}");
        }
        let trata = glossary.entries.iter().find(|e| e.id == "trata-de-personas").unwrap();
        assert_eq!(trata.term_in(es).unwrap().protect, ["trata"]);
    }
    let migration = |version: &str| {
        let glossary = handbook.glossary(config.find_version(version).unwrap()).unwrap();
        glossary.entries.iter().map(|e| e.id.clone()).filter(|id| id == "igm" || id == "dgm").collect::<Vec<_>>()
    };
    assert_eq!(migration("2025"), ["igm"], "2025 names the current migration authority");
    assert_eq!(migration("2011"), ["dgm"], "2011 names the authority of its time");
}

/// A glossary for the rendering tests: an abbreviation, a term that is part
/// of a longer one, accents to sort by, and a link to a section.
const GLOSSARY: &str = "\
- id: organo-judicial
  es: {term: Órgano Judicial, abbr: [OJ], definition: El poder que *juzga*.}
  en: {term: Judiciary, definition: The branch that judges.}
- id: prueba
  es: {term: prueba, forms: [pruebas], definition: Lo que acredita un hecho.}
  en: {term: evidence, definition: What proves a fact.}
- id: anticipo-de-prueba
  es: {term: anticipo de prueba, definition: Prueba practicada antes del debate.}
  en: {term: pre-trial testimony, forms: [advance evidence], definition: Evidence taken before trial.}
  see: [sec]
- id: acta
  es: {term: acta, definition: Documento que deja constancia.}
  en: {term: record, definition: A written account.}
";

/// A handbook with that glossary, its glossary page in both languages and
/// the section `sec` (Spanish text `sec`, English `sec_en`), plus `files`.
fn glossary_handbook(name: &str, sec: &str, sec_en: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = scratch(name);
    let page =
        |id: &str, title: &str, extra: &str, body: &str| format!("---\nid: {id}\ntitle: {title}\n{extra}---\n{body}");
    let mut all = vec![
        ("v1/glossary.yaml".to_string(), GLOSSARY.to_string()),
        ("v1/en/cap/_index.md".into(), page("cap", "Chapter", "source_hash: x\n", "Text.\n")),
        (
            "v1/es/cap/glosario.md".into(),
            page("glosario", "Glosario", "weight: 9\nglossary: true\n", "Términos del manual.\n"),
        ),
        (
            "v1/en/cap/glossary.md".into(),
            page("glosario", "Glossary", "weight: 9\nglossary: true\nsource_hash: x\n", "Terms.\n"),
        ),
        ("v1/es/cap/sec.md".into(), page("sec", "Sección", "", sec)),
        ("v1/en/cap/sec.md".into(), page("sec", "Section", "source_hash: x\n", sec_en)),
    ];
    all.extend(files.iter().map(|(f, t)| (f.to_string(), t.to_string())));
    let refs: Vec<(&str, &str)> = all.iter().map(|(f, t)| (f.as_str(), t.as_str())).collect();
    write_handbook(&dir, &refs);
    dir
}

/// The entry ids of a glossary page, in page order.
fn entry_ids(html: &str) -> Vec<&str> {
    html.split("<div class=\"glossary-entry\" id=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect()
}

/// The marked terms of a page: `(entry id, text)` in page order.
fn marked(html: &str) -> Vec<(String, String)> {
    html.split("<a class=\"term\" ")
        .skip(1)
        .map(|s| {
            let id = &s[s.find("data-term=\"").unwrap() + 11..];
            let id = &id[..id.find('"').unwrap()];
            let text = &s[s.find("><").unwrap() + 2..];
            let text = &text[text.find('>').unwrap() + 1..text.find("</").unwrap()];
            (id.to_string(), text.to_string())
        })
        .collect()
}

// Issue 16, point 2: the glossary page is generated from the data after its
// text, alphabetical in its language with accents folded (Órgano among the
// o's), each entry anchored by its id, with the other language's term marked
// with `lang`, its abbreviations, and links to the sections that treat it.
#[test]
fn the_glossary_page_is_generated_sorted_in_each_language() {
    let dir = glossary_handbook("glossary-page", "Texto.\n", "Text.\n", &[]);
    let site = build(&dir, "glossary-page");
    let es = read(&site, "v1/es/glosario.html");
    assert!(es.contains("Términos del manual."), "the page's own text stays");
    assert_eq!(entry_ids(&es), ["acta", "anticipo-de-prueba", "organo-judicial", "prueba"]);
    let organo = region(&es, "id=\"organo-judicial\"", "</div>");
    assert!(organo.contains("<dfn>Órgano Judicial</dfn> <abbr class=\"glossary-abbr\">OJ</abbr>"), "{organo}");
    assert!(organo.contains("<span class=\"glossary-other\" lang=\"en\">Judiciary</span>"), "{organo}");
    assert!(organo.contains("El poder que <em>juzga</em>."), "{organo}");
    let anticipo = region(&es, "id=\"anticipo-de-prueba\"", "</div>");
    assert!(anticipo.contains("<a href=\"sec.html\">Sección</a>"), "{anticipo}");
    let en = read(&site, "v1/en/glossary.html");
    assert_eq!(entry_ids(&en), ["prueba", "organo-judicial", "anticipo-de-prueba", "acta"]);
    let pretrial = region(&en, "id=\"anticipo-de-prueba\"", "</div>");
    assert!(pretrial.contains("<span class=\"glossary-other\" lang=\"es\">anticipo de prueba</span>"), "{pretrial}");
    assert!(pretrial.contains("Other forms: advance evidence"), "{pretrial}");
    assert!(marked(&es).is_empty() && marked(&en).is_empty(), "the glossary page marks no terms");
}

// An entry's element takes its id on the glossary page, and a definition's
// on every page that marks the term: a heading of that page with the same id
// is an error at the page, not two elements with one id.
#[test]
fn a_heading_with_a_glossary_entry_id_is_an_error() {
    let glossary_page = "---\nid: glosario\ntitle: Glosario\nweight: 9\nglossary: true\n---\n## Acta\n\nTexto.\n";
    let dir = glossary_handbook("glossary-clash", "Texto.\n", "Text.\n", &[("v1/es/cap/glosario.md", glossary_page)]);
    let run = folio_in(&dir, &["check", "--handbook", "."]);
    let out = String::from_utf8(run.stderr).unwrap() + &String::from_utf8(run.stdout).unwrap();
    assert!(!run.status.success(), "{out}");
    assert!(
        out.contains("error[duplicate-anchor]: heading id `acta` is also the id of a glossary entry's element"),
        "{out}"
    );
    assert!(out.contains("v1/es/cap/glosario.md"), "{out}");
    assert_eq!(out.matches("error[duplicate-anchor]").count(), 1, "once, not again for the print page: {out}");
}

// Issue 16, point 3: the first occurrence of each entry is marked, the
// longest name winning ("anticipo de prueba" over "prueba"), never in
// headings, links or code, abbreviations with their case, and the page
// carries the definitions (hidden) for the popups.
#[test]
fn terms_are_marked_once_outside_headings_links_and_code() {
    let sec = "## La prueba\n\n[prueba](@glosario) y `prueba` y el anticipo de prueba.\n\n\
               Las pruebas, la prueba y el oj; el OJ.\n";
    let dir = glossary_handbook("glossary-terms", sec, "Advance evidence, then evidence.\n", &[]);
    let site = build(&dir, "glossary-terms");
    let es = read(&site, "v1/es/sec.html");
    let want = [("anticipo-de-prueba", "anticipo de prueba"), ("prueba", "pruebas"), ("organo-judicial", "OJ")];
    let want: Vec<(String, String)> = want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(marked(&es), want);
    assert!(es.contains(
        "<a class=\"term\" href=\"glosario.html#anticipo-de-prueba\" data-term=\"anticipo-de-prueba\"><dfn>anticipo de prueba</dfn></a>"
    ));
    assert!(es.contains("<abbr>OJ</abbr>"));
    let hidden = region(&es, "<div class=\"term-definitions\" hidden>", "</div>\n</div>");
    assert!(hidden.contains("id=\"term-def-prueba\""), "{hidden}");
    assert!(hidden.contains("Lo que acredita un hecho."), "{hidden}");
    assert!(!hidden.contains("term-def-acta"), "only the terms used: {hidden}");
    let en = read(&site, "v1/en/sec.html");
    let want = [("anticipo-de-prueba", "Advance evidence"), ("prueba", "evidence")];
    let want: Vec<(String, String)> = want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(marked(&en), want);
}

// Editors switch marking off for a page (`terms: false`) or for one
// occurrence (`<span class="no-term">…</span>`: the next one is marked).
#[test]
fn editors_switch_terms_off_per_page_and_per_occurrence() {
    let sec = "El <span class=\"no-term\">acta</span> y otra acta.\n";
    let off = "---\nid: off\ntitle: Sin términos\nterms: false\n---\nEl acta y la prueba.\n";
    let dir = glossary_handbook("glossary-opt-out", sec, "Text.\n", &[("v1/es/cap/off.md", off)]);
    let site = build(&dir, "glossary-opt-out");
    let es = read(&site, "v1/es/sec.html");
    assert!(es.contains("El <span class=\"no-term\">acta</span> y otra <a class=\"term\""), "{es}");
    assert_eq!(marked(&es).len(), 1);
    let off = read(&site, "v1/es/off.html");
    assert!(marked(&off).is_empty(), "terms: false marks nothing");
    assert!(!off.contains("term-definitions"), "and carries no definitions");
}

// The print page marks terms as links to a list of their definitions at the
// end (each once), and holds the glossary page's entries with its ids prefixed.
#[test]
fn the_print_page_lists_the_definitions_at_the_end() {
    let off = "---\nid: otra\ntitle: Otra\n---\nOtra acta y otra prueba.\n";
    let dir = glossary_handbook("glossary-print", "El acta.\n", "Text.\n", &[("v1/es/cap/otra.md", off)]);
    let site = build(&dir, "glossary-print");
    let print = read(&site, "v1/es/print.html");
    assert!(print.contains("<a class=\"term\" href=\"#term-def-acta\" data-term=\"acta\"><dfn>acta</dfn></a>"));
    assert_eq!(print.matches("data-term=\"acta\"").count(), 2, "marked once per page");
    let list = region(&print, "<section class=\"term-definitions-print\"", "</section>");
    assert!(list.contains("<h2>Definiciones de los términos</h2>"), "{list}");
    assert_eq!(list.matches("<dt id=\"term-def-acta\">acta</dt>").count(), 1, "{list}");
    assert!(list.contains("<dt id=\"term-def-prueba\">prueba</dt><dd>Lo que acredita un hecho.</dd>"), "{list}");
    assert!(print.find("term-definitions-print").unwrap() > print.find("y otra ").unwrap(), "at the end");
    assert!(print.contains("id=\"glosario--anticipo-de-prueba\""), "the glossary page's entries, prefixed");
    assert!(!print.contains("class=\"term-definitions\" hidden"), "no hidden lists on the print page");
}

// The site's build id covers the glossary: editing only glossary.yaml gives
// a new id.
#[test]
fn the_build_id_covers_the_glossary() {
    let dir = glossary_handbook("glossary-build-id", "Texto.\n", "Text.\n", &[]);
    let before = load(&dir).build_id;
    let edited = GLOSSARY.replace("Documento que deja constancia.", "Documento escrito.");
    std::fs::write(dir.join("v1/glossary.yaml"), edited).unwrap();
    assert_ne!(load(&dir).build_id, before);
}

// Issue 16, point 5: comparing editions covers the glossary: an entry added,
// one removed and one changed, in `folio diff` (text and JSON) and on the
// changes page, linked to the newer glossary page.
#[test]
fn edition_comparison_lists_glossary_entries_added_removed_and_changed() {
    let config = "title: {es: Manual, en: Handbook}\nlanguages: [es, en]\nversions:\n  - id: v2\n    label: {es: Dos, en: Two}\n    status: current\n  - id: v1\n    label: {es: Uno, en: One}\n    status: archived\n";
    let dir = glossary_handbook("glossary-diff", "Texto.\n", "Text.\n", &[("folio.yaml", config)]);
    copy_dir(&dir.join("v1"), &dir.join("v2"));
    let v2 = GLOSSARY
        .replace("Documento que deja constancia.", "Documento escrito que deja constancia.")
        .replace("- id: organo-judicial\n", "- id: debate\n  es: {term: debate, definition: El juicio oral.}\n  en: {term: trial, definition: The oral trial.}\n- id: organo-judicial\n");
    let v2 = v2[..v2.find("- id: prueba\n").unwrap()].to_string() + &v2[v2.find("- id: anticipo").unwrap()..];
    std::fs::write(dir.join("v2/glossary.yaml"), v2).unwrap();

    let out = folio_in(&dir, &["diff", "v1", "v2", "--handbook", "."]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    let glossary = &text[text.find("Glossary:").expect("a glossary part")..];
    assert_eq!(
        glossary,
        "Glossary: 1 added, 1 removed, 1 changed\n  + debate  debate\n  - prueba  prueba\n  ~ acta    acta\n"
    );
    let out = folio_in(&dir, &["diff", "v1", "v2", "--handbook", ".", "--format", "json", "--lang", "en"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["glossary"]["added"], serde_json::json!([{"id": "debate", "term": "trial"}]));
    assert_eq!(json["glossary"]["removed"], serde_json::json!([{"id": "prueba", "term": "evidence"}]));
    assert_eq!(json["glossary"]["changed"], serde_json::json!([]), "acta changed in Spanish only");

    let site = build(&dir, "glossary-diff");
    let changes = read(&site, "v2/es/changes.html");
    let added = region(&changes, "Términos añadidos al glosario", "</section>");
    assert!(added.contains("<a class=\"change-title\" href=\"glosario.html#debate\">debate</a>"), "{added}");
    let removed = region(&changes, "Términos eliminados del glosario", "</section>");
    assert!(removed.contains("<span class=\"change-title\">prueba</span>"), "{removed}");
    let changed = region(&changes, "Términos modificados del glosario", "</section>");
    assert!(changed.contains("href=\"glosario.html#acta\">acta</a>"), "{changed}");
}
