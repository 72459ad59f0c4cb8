//! The bundled handbook's content rules (issue 18, the second pass): the
//! 2025 edition names the current migration authority, lists every decree
//! and acuerdo it cites on its sources page, and has grown by the second
//! pass's sections. These read the real `handbook/` folder.

use std::collections::{BTreeMap, BTreeSet};

use folio::handbook::{Handbook, Page, Translation};

use crate::util::repo;

fn real_handbook() -> Handbook {
    let mut diags = folio::Diagnostics::default();
    let handbook = folio::content::load(&repo().join("handbook"), &mut diags).unwrap();
    assert!(!diags.has_errors(), "{}", diags.to_text());
    handbook
}

/// The pages of one edition written in each language: source pages and
/// translations, without the placeholders that stand in for a missing
/// translation (those carry the source page's text).
fn written_pages<'h>(handbook: &'h Handbook, version: &str) -> BTreeMap<String, Vec<&'h Page>> {
    let config = &handbook.config;
    let version = config.find_version(version).unwrap();
    config
        .langs()
        .map(|lang| {
            let book = handbook.book(version, lang).unwrap();
            let pages = book.pages().filter(|p| p.translation != Translation::Missing).collect();
            (config.lang_code(lang).to_string(), pages)
        })
        .collect()
}

// --- (i) the migration authority -------------------------------------------

/// Names of the body replaced on 1 May 2017 by the Instituto Guatemalteco de
/// Migración (Código de Migración, Decreto 44-2016).
const FORMER_AUTHORITY: [&str; 3] = ["dirección general de migración", "general directorate of migration", "dgm"];

/// Words that mark a mention as historical: the sentence says the body was
/// replaced, or calls it former.
const HISTORICAL: [&str; 9] =
    ["antigua", "anterior", "reemplaz", "sustitu", "hasta 2017", "former", "replaced", "until 2017", "no longer"];

/// The sentences (split at full stops, semicolons, line breaks and table
/// cells) that name the former migration authority without saying that it
/// is former or was replaced.
fn current_mentions_of_former_authority(text: &str) -> Vec<String> {
    text.split(['\n', '|', ';'])
        .flat_map(|part| part.split(". "))
        .filter(|sentence| {
            let lower = sentence.to_lowercase();
            let names = FORMER_AUTHORITY.iter().any(|name| {
                lower.match_indices(name).any(|(at, _)| {
                    // "DGM" only as a word of its own.
                    let before = lower[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                    let after = lower[at + name.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                    before && after
                })
            });
            names && !HISTORICAL.iter().any(|mark| lower.contains(mark))
        })
        .map(|s| s.trim().to_string())
        .collect()
}

#[test]
fn the_rule_on_the_former_migration_authority_can_fail() {
    assert_eq!(
        current_mentions_of_former_authority("Participan la PGN y la Dirección General de Migración. Otra frase."),
        ["Participan la PGN y la Dirección General de Migración"]
    );
    assert_eq!(current_mentions_of_former_authority("| Fiscalía y PNC, DGM, consulados |").len(), 1);
    assert!(current_mentions_of_former_authority(
        "Desde 2017 el IGM reemplazó a la antigua Dirección General de Migración (DGM)."
    )
    .is_empty());
    assert!(current_mentions_of_former_authority("The former General Directorate of Migration.").is_empty());
    assert!(current_mentions_of_former_authority("Un juez de paz (DGMX) dictó.").is_empty());
}

// No page of 2025 presents the Dirección General de Migración as a current
// body: every sentence that names it also says it is former or was replaced,
// and each language names the Instituto Guatemalteco de Migración. The only
// page exempted is the deliberately outdated English translation of
// `repatriacion`, which keeps the first edition's text under a notice.
#[test]
fn edition_2025_names_the_current_migration_authority() {
    let handbook = real_handbook();
    let mut exempted = BTreeSet::new();
    for (lang, pages) in written_pages(&handbook, "2025") {
        let mut names_igm = false;
        for page in pages {
            let lower = page.body().to_lowercase();
            names_igm |= lower.contains("instituto guatemalteco de migración")
                || lower.contains("guatemalan migration institute");
            if page.translation.is_outdated() {
                exempted.insert(format!("{lang}:{}", page.id));
                continue;
            }
            let found = current_mentions_of_former_authority(page.body());
            assert!(found.is_empty(), "{}: the former migration authority as current: {found:#?}", page.file.display());
        }
        assert!(names_igm, "2025/{lang} never names the Instituto Guatemalteco de Migración");
    }
    assert!(exempted.is_subset(&BTreeSet::from(["en:repatriacion".to_string()])), "{exempted:?}");
}

// --- (ii) decrees and acuerdos on the sources page -------------------------

/// The `N-YYYY` (or `N-YY`) numbers of the decrees and acuerdos a text
/// cites: a number that follows "Decreto", "Decree" or "Acuerdo" (singular
/// or plural), with up to three words between them ("Acuerdo Gubernativo
/// 12-2020", "Decreto Número 9-2009"), and the numbers listed after it
/// ("Acuerdos 43-2019, 14-2023 y 49-2023").
fn cited_numbers(text: &str) -> BTreeSet<String> {
    let tokens: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|t| t.trim_matches('-'))
        .filter(|t| !t.is_empty())
        .collect();
    let is_number = |t: &str| {
        t.split_once('-').is_some_and(|(n, y)| {
            !n.is_empty()
                && n.chars().all(|c| c.is_ascii_digit())
                && (y.len() == 2 || y.len() == 4)
                && y.chars().all(|c| c.is_ascii_digit())
        })
    };
    let keyword = |t: &str| {
        let t = t.to_lowercase();
        ["decreto", "decretos", "decree", "decrees", "acuerdo", "acuerdos"].contains(&t.as_str())
    };
    let mut found = BTreeSet::new();
    for (i, token) in tokens.iter().enumerate() {
        if !keyword(token) {
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len() && j <= i + 3 && tokens[j].chars().all(char::is_alphabetic) && !keyword(tokens[j]) {
            j += 1;
        }
        while j < tokens.len() && is_number(tokens[j]) {
            found.insert(tokens[j].to_string());
            j += 1;
            if j + 1 < tokens.len() && ["y", "e", "and"].contains(&tokens[j]) && is_number(tokens[j + 1]) {
                j += 1;
            }
        }
    }
    found
}

#[test]
fn cited_numbers_reduce_to_the_pair() {
    let text = "el Acuerdo 16-2013 de la Corte Suprema; Decreto Número 9-2009; un Acuerdo Gubernativo 123-2005; \
                los Acuerdos 43-2019, 14-2023 y 49-2023; Decree 51-92; Orden General 12-2009; Alba-Keneth; \
                el Decreto (véase el texto) sin número; artículo 202 Ter";
    let expected = ["16-2013", "9-2009", "123-2005", "43-2019", "14-2023", "49-2023", "51-92"];
    assert_eq!(cited_numbers(text), expected.iter().map(|s| s.to_string()).collect());
}

// Every Decreto and Acuerdo cited anywhere in the 2025 edition is listed on
// that edition's sources page (`anexos/fuentes`), in each language.
#[test]
fn edition_2025_lists_every_cited_decree_and_acuerdo_in_its_sources() {
    let handbook = real_handbook();
    for (lang, pages) in written_pages(&handbook, "2025") {
        let sources = pages.iter().find(|p| p.id == "fuentes").unwrap_or_else(|| panic!("no fuentes in 2025/{lang}"));
        let listed = cited_numbers(sources.body());
        assert!(listed.contains("9-2009") && listed.contains("16-2013"), "2025/{lang}: {listed:?}");
        let mut missing = BTreeMap::<String, Vec<String>>::new();
        for page in &pages {
            for number in cited_numbers(page.body()).difference(&listed) {
                missing.entry(number.clone()).or_default().push(page.file.display().to_string());
            }
        }
        assert!(missing.is_empty(), "cited in 2025/{lang} but not on its sources page: {missing:#?}");
    }
}

// --- (iii) the second pass's new sections ----------------------------------

/// Pages written per language in the 2025 edition (cover, chapters and
/// sections) before the second pass of issue 18.
const PAGES_BEFORE_SECOND_PASS: [(&str, usize); 2] = [("es", 59), ("en", 58)];

#[test]
fn edition_2025_grew_by_at_least_twelve_sections_per_language() {
    let handbook = real_handbook();
    let pages = written_pages(&handbook, "2025");
    for (lang, before) in PAGES_BEFORE_SECOND_PASS {
        let now = pages[lang].len();
        assert!(now >= before + 12, "2025/{lang}: {now} pages, {before} before the second pass");
    }
}
