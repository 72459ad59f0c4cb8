//! Each edition's glossary as data (issue 16, point 1): `glossary.yaml` is
//! read strictly into entries with a term per language. The mistakes an
//! editor can make are in `errors::glossary_mistakes_are_located_one_error_each`;
//! these check what a correct file gives, and the bundled handbook's glossaries.

use folio::handbook::Handbook;

use crate::util::{repo, scratch, write_handbook};

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
