//! Query semantics of the search core, checked by querying small fixture
//! indexes built from `tests/fixtures/docs-{es,en}.json` with the small
//! glossary of `tests/fixtures/glossary.json`.

use std::collections::HashMap;

use folio_search::{
    build_index, complete, open_index, search_many, FoundIn, Glossary, Lang, Results, SearchDoc, SearchError,
    SearchIndex, TextRef,
};

fn docs(lang: Lang) -> Vec<SearchDoc> {
    let path = format!("{}/tests/fixtures/docs-{lang}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn glossary(lang: Lang) -> Glossary {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/glossary.json");
    let mut all: HashMap<Lang, Glossary> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    all.remove(&lang).unwrap()
}

fn index(lang: Lang) -> SearchIndex {
    open_index(&build_index(lang, &docs(lang), &glossary(lang)).unwrap()).unwrap()
}

/// `page_id` or `page_id#anchor` of a url of `page_id`.
fn id(page_id: &str, url: &str) -> String {
    match url.split_once('#') {
        Some((_, anchor)) => format!("{page_id}#{anchor}"),
        None => page_id.to_string(),
    }
}

/// The best section of each row, in rank order.
fn ids(results: &Results) -> Vec<String> {
    results.rows.iter().map(|r| id(&r.page_id, &r.url)).collect()
}

/// Every matching section, rows in rank order, each row's best section first.
fn sections(results: &Results) -> Vec<String> {
    let mut out = Vec::new();
    for row in &results.rows {
        out.push(id(&row.page_id, &row.url));
        out.extend(row.sections.iter().map(|s| id(&row.page_id, &s.url)));
    }
    out
}

/// The answer as a reader sees it: searched over `scope`, then completed
/// with the fixtures' section texts (snippets, suggestions as written).
fn answer(scope: &[&SearchIndex], query: &str, limit: usize) -> Results {
    let texts: HashMap<String, String> = Lang::ALL.into_iter().flat_map(docs).map(|d| (d.url, d.body)).collect();
    let mut results = search_many(scope, query, limit);
    complete(&mut results, scope, |url| texts.get(url).cloned());
    results
}

fn search(index: &SearchIndex, query: &str) -> Vec<String> {
    ids(&index.search(query, 20))
}

// Unaccented words find accented text.
#[test]
fn accents_are_optional() {
    let es = index(Lang::Es);
    assert!(search(&es, "victima").contains(&"definicion-trata".to_string()));
    assert_eq!(search(&es, "articulo ")[0], "tipo-penal");
    assert_eq!(sections(&es.search("ninez ", 10)), ["victimas#ninez", "victimas"]);
    assert_eq!(es.search("NIÑEZ ", 10).rows, es.search("ninez ", 10).rows);
}

// Inflections meet through the stemmer, with or without accents.
#[test]
fn inflections_match() {
    let es = index(Lang::Es);
    // "víctima" (singular) is the only form in definicion-trata.
    assert!(search(&es, "víctimas ").contains(&"definicion-trata".to_string()));
    assert!(search(&es, "explotaciones ").contains(&"definicion-trata#fines".to_string()));
    assert!(search(&es, "explotacion ").contains(&"definicion-trata#fines".to_string()));
    let en = index(Lang::En);
    assert_eq!(search(&en, "victim ")[0], "victimas");
    assert!(search(&en, "exploited ").contains(&"definicion-trata#purposes".to_string()));
}

// Quoted text matches the exact word sequence only.
#[test]
fn quoted_phrases_are_exact() {
    let es = index(Lang::Es);
    let mut phrase = search(&es, "\"trata de personas\"");
    phrase.sort();
    assert_eq!(phrase, ["definicion-trata", "protocolo"]);
    // Unquoted, the same words also find "persona tratada".
    assert!(search(&es, "trata personas ").contains(&"tipo-penal#agravantes".to_string()));
    // An unclosed quote while typing is a phrase with a prefix at the end.
    let mut open = search(&es, "\"trata de pers");
    open.sort();
    assert_eq!(open, ["definicion-trata", "protocolo"]);
}

// The last word is a prefix while it is being typed.
#[test]
fn last_word_is_a_prefix() {
    let es = index(Lang::Es);
    let results = answer(&[&es], "explot", 10);
    assert_eq!(ids(&results)[0], "definicion-trata#fines");
    assert!(results.rows[0].snippet.contains("<mark>explotación</mark>"), "{}", results.rows[0].snippet);
    assert_eq!(search(&es, "explo")[0], "definicion-trata#fines");
    // Once a space follows, it is a whole word again, and earlier words are
    // never prefixes (an unknown one is dropped).
    assert!(search(&es, "explo ").is_empty());
    let dropped = es.search("explo sexual", 10);
    assert_eq!(dropped.dropped, ["explo"]);
    assert_eq!(ids(&dropped), ["definicion-trata#fines"]);
}

// A one-letter typo in a word of four letters or more is forgiven, word by
// word, only for words the index does not know as typed.
#[test]
fn typos_are_forgiven_per_word_from_four_letters() {
    let es = index(Lang::Es);
    assert!(search(&es, "explotacoin ").contains(&"definicion-trata#fines".to_string()));
    assert!(search(&es, "vicitma ").contains(&"definicion-trata".to_string()));
    assert!(search(&es, "entrevsta ").contains(&"entrevista".to_string()));
    // Four letters are enough; the typo sits beside a correct word.
    assert_eq!(search(&es, "trta ")[0], "definicion-trata");
    let both = es.search("trta captacion", 10);
    assert_eq!(ids(&both)[0], "definicion-trata");
    assert!(both.dropped.is_empty() && !both.rows[0].partial);
    // Three letters are not.
    assert_eq!(es.search("rda ", 10).dropped, ["rda"]);
    // Typo tolerance is a fallback: an exact match hides near misses.
    assert_eq!(search(&es, "decomiso "), ["investigacion"]);
}

// Article references in every usual form find the article, and only it.
#[test]
fn article_references() {
    let es = index(Lang::Es);
    for q in
        ["202 ter", "202ter", "202-Ter", "art. 202 ter", "artículo 202 ter", "Art. 202 Quáter CP ", "artículo 202 bis"]
    {
        let results = es.search(q, 10);
        assert_eq!(ids(&results), ["tipo-penal"], "{q:?}");
        assert!(!results.rows[0].partial, "{q:?}");
    }
    // CP is not in the fixture's text, but the glossary knows it as the
    // Código Penal, which the page names. (While typed, `CP` is also a
    // prefix of `CPP`, which another page holds: a partial match.)
    assert!(es.search("Art. 202 Quáter CP ", 10).dropped.is_empty());
    let typing = es.search("Art. 202 Quáter CP", 10);
    assert_eq!((ids(&typing)[0].as_str(), typing.rows[0].partial), ("tipo-penal", false));
    assert!(typing.rows[1..].iter().all(|r| r.partial));
    // Articles the page does not cite are not found.
    assert!(search(&es, "202 quinquies").is_empty());
    // "capítulo ter" and "2020" elsewhere are not article 202 ter.
    assert!(!sections(&es.search("202 ter", 10)).contains(&"tipo-penal#agravantes".to_string()));
    // A number finds its suffixed articles but never a longer number:
    // 202 does not find 2020, 317 not 3170, 31 not 317.
    assert_eq!(sections(&es.search("202", 10)), ["tipo-penal"]);
    assert_eq!(sections(&es.search("art. 317", 10)), ["anticipo"]);
    assert_eq!(sections(&es.search("arts. 116 y 117", 10)), ["anticipo"]);
    assert_eq!(sections(&es.search("artículo 31", 10)), ["anticipo#plazos"]);
    let en = index(Lang::En);
    assert_eq!(search(&en, "article 202 ter"), ["tipo-penal"]);
}

// When too few pages hold every word, pages holding some follow, marked
// partial with the words they lack, fewest missing first.
#[test]
fn partial_matches_name_their_missing_words() {
    let es = index(Lang::Es);
    let results = es.search("decomiso revictimizacion", 10);
    assert!(results.dropped.is_empty());
    let mut rows: Vec<(String, Vec<String>)> =
        results.rows.iter().filter(|r| r.partial).map(|r| (r.page_id.clone(), r.missing.clone())).collect();
    rows.sort();
    assert_eq!(
        rows,
        [("entrevista".into(), vec!["decomiso".into()]), ("investigacion".into(), vec!["revictimizacion".into()])]
    );
    // A page with two of three words comes before pages with one.
    let three = es.search("decomiso rastro revictimizacion", 10);
    assert_eq!(ids(&three)[0], "investigacion");
    assert_eq!(three.rows[0].missing, ["revictimizacion"]);
    assert!(three.rows.iter().all(|r| r.partial));
    // Full matches come first and carry no label.
    let mixed = es.search("trata personas", 10);
    assert!(!mixed.rows[0].partial && mixed.rows[0].missing.is_empty());
    let first_partial = mixed.rows.iter().position(|r| r.partial).unwrap_or(mixed.rows.len());
    assert!(mixed.rows[first_partial..].iter().all(|r| r.partial));
}

// A word no index knows is dropped with a note; when no word is known,
// nothing is found and the nearest indexed words are suggested.
#[test]
fn unknown_words_are_dropped_and_suggested() {
    let es = index(Lang::Es);
    let results = es.search("trata xyzzy", 10);
    assert_eq!(results.dropped, ["xyzzy"]);
    assert_eq!(ids(&results), search(&es, "trata "));
    assert!(results.suggestions.is_empty());
    // The index holds words folded: the suggestion names a section that
    // writes it, and the completed answer shows it as written.
    let nothing = es.search("ceptacoin ", 10);
    assert_eq!((nothing.total, nothing.dropped.as_slice()), (0, &["ceptacoin".to_string()][..]));
    let [folded] = &nothing.suggestions[..] else { panic!("{nothing:?}") };
    assert_eq!(folded.word, "captacion");
    assert_eq!(folded.text, Some(TextRef { url: "2025/es/definicion-trata.html".into(), index: 0 }));
    let written = answer(&[&es], "ceptacoin ", 10);
    assert_eq!(written.suggestions[0].word, "captación");
}

// One row per page: its best section, then its other matching sections.
#[test]
fn rows_group_sections_by_page() {
    let es = index(Lang::Es);
    let results = es.search("ninez ", 10);
    assert_eq!(sections(&results), ["victimas#ninez", "victimas"]);
    assert_eq!(results.total, 1);
    assert_eq!(results.rows[0].sections[0].heading, "");
    let trata = es.search("trata", 20);
    let mut pages: Vec<&str> = trata.rows.iter().map(|r| r.page_id.as_str()).collect();
    pages.dedup();
    assert_eq!(pages.len(), trata.rows.len());
    assert_eq!(trata.total, trata.rows.len());
}

// With several editions in scope, a page is one row with an edition badge
// for each edition where it matched, not interleaved copies.
#[test]
fn editions_merge_into_one_row() {
    let older: Vec<SearchDoc> = docs(Lang::Es)
        .into_iter()
        .filter(|d| d.page_id != "anticipo")
        .map(|d| SearchDoc { url: d.url.replace("2025/", "2011/"), version: "2011".into(), ..d })
        .collect();
    let (new, old) =
        (index(Lang::Es), open_index(&build_index(Lang::Es, &older, &glossary(Lang::Es)).unwrap()).unwrap());
    let results = search_many(&[&new, &old], "trata", 20);
    assert_eq!(results.rows.len(), search(&new, "trata").len());
    assert!(results.rows.iter().all(|r| r.editions == ["2025", "2011"]), "{:?}", results.rows);
    assert!(results.rows.iter().all(|r| r.version == "2025"));
    // The copies shown are those of the edition first in scope.
    let reversed = search_many(&[&old, &new], "trata", 20);
    assert_eq!(ids(&reversed), ids(&results));
    for row in &reversed.rows {
        assert_eq!((row.version.as_str(), &row.editions[..]), ("2011", &["2011".to_string(), "2025".into()][..]));
        assert!(row.url.starts_with("2011/") && row.sections.iter().all(|s| s.url.starts_with("2011/")), "{row:?}");
    }
    let only_new = search_many(&[&new, &old], "art. 317", 20);
    assert_eq!(only_new.rows[0].editions, ["2025"]);
}

// A page whose title holds the query outranks heading sections of other
// pages, however often they repeat it.
#[test]
fn title_matches_outrank_headings() {
    let es = index(Lang::Es);
    assert_eq!(search(&es, "coordinacion "), ["coordinacion", "protocolo#coordinacion", "entrevista"]);
}

// Title beats heading beats body; a page title ranks the page, not every section.
// A last word still being typed lifts no page because a title word starts
// with it: `apelacion especial` ranks the section on the special appeal
// above a page titled "Tribunales especializados".
#[test]
fn a_prefix_does_not_count_as_a_title_match() {
    let doc = |page_id: &str, title: &str, heading: &str, anchor: &str, body: &str| SearchDoc {
        page_id: page_id.into(),
        title: title.into(),
        heading: heading.into(),
        url: format!("2025/es/{page_id}.html{anchor}"),
        body: body.into(),
        version: "2025".into(),
        lang: "es".into(),
        ..SearchDoc::default()
    };
    let docs = [
        doc("tribunales", "Tribunales especializados", "", "", "La sala de apelaciones conoce de los recursos."),
        doc("recursos", "Recursos", "", "", "Los recursos contra las resoluciones."),
        doc(
            "recursos",
            "Recursos",
            "Apelación especial",
            "#apelacion",
            "La apelación especial procede contra la sentencia.",
        ),
    ];
    let es = open_index(&build_index(Lang::Es, &docs, &Glossary::default()).unwrap()).unwrap();
    assert_eq!(search(&es, "apelacion especial"), ["recursos#apelacion", "tribunales"]);
    // Typed to the end, the title's own words still lift its page.
    assert_eq!(search(&es, "tribunales especial")[0], "tribunales");
}

#[test]
fn title_and_headings_weigh_more() {
    let es = index(Lang::Es);
    assert_eq!(search(&es, "víctimas ")[0], "victimas");
    assert_eq!(search(&es, "cooperacion "), ["investigacion#cooperacion", "entrevista"]);
    let penal = search(&es, "tipo penal ");
    assert_eq!(penal[0], "tipo-penal");
    assert!(!penal.contains(&"tipo-penal#agravantes".to_string()));
}

// No input can make search fail or panic.
#[test]
fn malformed_queries_never_panic() {
    let es = index(Lang::Es);
    for q in [
        "",
        " ",
        "\"",
        "\"\"",
        "«",
        "»trata«",
        "trata AND (",
        "title:trata",
        "trata~2",
        "+trata -personas",
        "*",
        "?",
        "\\",
        "[1 TO 2]",
        "\u{0}",
        "👩‍⚖️",
        "ñ",
        "a",
        "de la",
        "\"de\"",
        "202 ter \"",
    ] {
        let _ = es.search(q, 10);
        let _ = es.try_search(q, 10).unwrap();
    }
    assert!(es.search("", 10).rows.is_empty());
    assert!(es.search("trata", 0).rows.is_empty());
    assert!(!es.search("trata AND (", 10).rows.is_empty());
    assert!(!es.search("+trata -personas", 10).rows.is_empty());
    let many = es.search(&"trata ".repeat(1000), 2);
    assert_eq!(many.rows.len(), 2);
    assert!(many.total > 2);
}

// Hits carry display fields as plain text and an escaped, marked snippet.
#[test]
fn hit_fields_and_escaped_snippets() {
    let es = index(Lang::Es);
    let results = answer(&[&es], "delincuencia", 10);
    assert_eq!(results.total, 1);
    let hit = &results.rows[0];
    assert_eq!(hit.text, TextRef { url: "2025/es/protocolo.html".into(), index: 0 });
    assert_eq!(hit.page_id, "protocolo");
    assert_eq!(hit.title, "Protocolo de Palermo");
    assert_eq!(hit.chapter, "Marco legal");
    assert_eq!(hit.number, "1.3");
    assert_eq!(hit.heading, "");
    assert_eq!(hit.url, "2025/es/protocolo.html");
    assert_eq!((hit.version.as_str(), hit.lang.as_str()), ("2025", "es"));
    assert!(hit.score > 0.0);
    assert!(hit.snippet.contains("<mark>Delincuencia</mark>"), "{}", hit.snippet);
    assert!(hit.snippet.contains("&lt;script&gt;") && !hit.snippet.contains("<script>"));
    let json = serde_json::to_value(hit).unwrap();
    assert_eq!(json["url"], "2025/es/protocolo.html");
}

// A blob opens back to the same documents, is reproducible, and refuses
// other format versions and other garbage.
#[test]
fn blob_round_trip_and_version_check() {
    let blob = build_index(Lang::Es, &docs(Lang::Es), &glossary(Lang::Es)).unwrap();
    assert_eq!(blob, build_index(Lang::Es, &docs(Lang::Es), &glossary(Lang::Es)).unwrap());
    let es = open_index(&blob).unwrap();
    assert_eq!(es.num_docs(), docs(Lang::Es).len() as u64);
    assert_eq!(es.lang(), Lang::Es);

    let mut newer = blob.clone();
    newer[8..12].copy_from_slice(&(folio_search::INDEX_FORMAT_VERSION + 1).to_le_bytes());
    assert!(matches!(open_index(&newer), Err(SearchError::FormatVersion { .. })));
    assert!(open_index(&blob[..blob.len() / 2]).is_err());
    assert!(open_index(b"").is_err());

    let empty = open_index(&build_index(Lang::En, &[], &Glossary::default()).unwrap()).unwrap();
    assert!(empty.search("victim", 10).rows.is_empty());
}

// The committed v1 to v4 blobs (before the glossary went into the blob,
// the UTF-16 payloads, the section texts out of the index) are refused with
// a clear version error; the v5 blob opens and answers, its glossary
// included.
#[test]
fn committed_blobs_open_or_are_refused_by_version() {
    let compat = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/compat");
    for old in [1, 2, 3, 4] {
        let blob = std::fs::read(format!("{compat}/index_v{old}.blob")).unwrap();
        assert!(
            matches!(open_index(&blob), Err(SearchError::FormatVersion { found, expected: 5 }) if found == old),
            "v{old}"
        );
    }
    let v5 = std::fs::read(format!("{compat}/index_v5.blob")).unwrap();
    let es = open_index(&v5).unwrap();
    assert_eq!(es.lang(), Lang::Es);
    assert_eq!(search(&es, "202-Ter"), ["tipo-penal"]);
    assert_eq!(search(&es, "CP "), ["tipo-penal"]);
}

// Issue 16: an abbreviation finds the name spelled out, and the name finds
// the abbreviation; the snippet marks what matched.
#[test]
fn abbreviations_expand_both_ways() {
    let es = index(Lang::Es);
    // "anticipo" says "Código Procesal Penal", "apelacion" says "CPP".
    let mut cpp = search(&es, "CPP");
    cpp.sort();
    assert_eq!(cpp, ["anticipo", "apelacion"]);
    // Spelled out: both are full matches ("tipo-penal" says "Código Penal",
    // a partial match).
    let spelled = es.search("codigo procesal penal", 10);
    let mut full: Vec<&str> = spelled.rows.iter().filter(|r| !r.partial).map(|r| r.page_id.as_str()).collect();
    full.sort();
    assert_eq!(full, ["anticipo", "apelacion"]);
    let results = answer(&[&es], "código procesal penal", 10);
    let apelacion = results.rows.iter().find(|r| r.page_id == "apelacion").unwrap();
    assert!(apelacion.snippet.contains("<mark>CPP</mark>") && !apelacion.partial, "{apelacion:?}");
    let anticipo = answer(&[&es], "CPP", 10).rows.into_iter().find(|r| r.page_id == "anticipo").unwrap();
    assert!(anticipo.snippet.contains("<mark>Código</mark> <mark>Procesal</mark> <mark>Penal</mark>"), "{anticipo:?}");
    // CP is the Código Penal, not the Código Procesal Penal.
    assert_eq!(search(&es, "CP "), ["tipo-penal"]);
    // Words that spell only part of a name still match as words.
    assert_eq!(search(&es, "procesal "), ["anticipo"]);
}

// Issue 16: a protected word is indexed and queried unstemmed, so `trata`
// no longer finds "trate" or "tratar" (to treat), even as the last word.
#[test]
fn protected_words_are_not_stemmed() {
    let es = index(Lang::Es);
    for query in ["trata laboral", "laboral trata", "trata "] {
        let results = answer(&[&es], query, 20);
        assert_eq!(ids(&results)[0], if query == "trata " { "definicion-trata" } else { "finca" }, "{query:?}");
        assert!(!ids(&results).contains(&"trato".to_string()), "{query:?}: {:?}", ids(&results));
        for row in &results.rows {
            assert!(!row.snippet.contains("<mark>trat") || row.snippet.contains("<mark>trata</mark>"), "{row:?}");
        }
    }
    // Without the glossary the stemmer merges them: what the protection prevents.
    let unprotected = open_index(&build_index(Lang::Es, &docs(Lang::Es), &Glossary::default()).unwrap()).unwrap();
    assert!(search(&unprotected, "trata laboral").contains(&"trato".to_string()));
}

// Issue 16: a name in the other language finds the index's sections on the
// same concept, in one index and with both languages in scope.
#[test]
fn names_match_across_languages() {
    let (es, en) = (index(Lang::Es), index(Lang::En));
    assert_eq!(search(&es, "pre-trial testimony")[0], "anticipo");
    // Quoted text stays exact: no expansion.
    assert!(search(&es, "\"pre-trial testimony\"").is_empty());
    assert_eq!(search(&en, "anticipo de prueba")[0], "anticipo");
    assert_eq!(search(&en, "trata ")[0], "definicion-trata");
    let both = search_many(&[&en, &es], "anticipo de prueba", 3);
    assert_eq!((both.rows[0].page_id.as_str(), both.rows[0].lang.as_str()), ("anticipo", "en"));
    // Mixed with other words, the name is one concept among them.
    assert_eq!(search(&es, "pre-trial testimony 317")[0], "anticipo");
}

// Issue 16: with both languages in scope, the first index's language is the
// reader's. A page that matched only in the other language is shown as its
// copy in the reader's language, saying where it matched; a page that
// matched in both is one row; a page with no copy stays as it is.
#[test]
fn other_language_matches_are_shown_in_the_readers_language() {
    let es = index(Lang::Es);
    let mut en_docs = docs(Lang::En);
    en_docs.push(SearchDoc {
        page_id: "only-en".into(),
        title: "Shelters".into(),
        url: "2025/en/only-en.html".into(),
        body: "Harbouring a victim in a shelter.".into(),
        version: "2025".into(),
        lang: "en".into(),
        ..SearchDoc::default()
    });
    let en = open_index(&build_index(Lang::En, &en_docs, &glossary(Lang::En)).unwrap()).unwrap();

    let results = answer(&[&es, &en], "harbouring", 10);
    let row = |id: &str| results.rows.iter().find(|r| r.page_id == id).unwrap_or_else(|| panic!("{results:?}"));
    let trata = row("definicion-trata");
    assert_eq!((trata.lang.as_str(), trata.url.as_str()), ("es", "2025/es/definicion-trata.html"));
    assert_eq!(trata.title, "Definición de trata");
    let found = FoundIn { lang: "en".into(), url: "2025/en/definicion-trata.html".into(), heading: String::new() };
    assert_eq!(trata.found_in, Some(found));
    // Its snippet is cut from the English text that matched.
    assert_eq!(trata.text, TextRef { url: "2025/en/definicion-trata.html".into(), index: 1 });
    assert!(trata.snippet.contains("<mark>harbouring</mark>"), "{}", trata.snippet);
    let only = row("only-en");
    assert_eq!((only.lang.as_str(), only.found_in.is_none()), ("en", true));
    assert_eq!(results.total, 2);

    // An English reader sees the English pages as they are.
    let english = search_many(&[&en, &es], "harbouring", 10);
    assert!(english.rows.iter().all(|r| r.lang == "en" && r.found_in.is_none()), "{english:?}");

    // Matched in both languages: one row, the reader's, without a note.
    let both = search_many(&[&es, &en], "pre-trial testimony", 10);
    let anticipo: Vec<_> = both.rows.iter().filter(|r| r.page_id == "anticipo").collect();
    assert_eq!(anticipo.len(), 1, "{both:?}");
    assert_eq!((anticipo[0].lang.as_str(), anticipo[0].found_in.is_none()), ("es", true));
    assert_eq!(both.rows[0].page_id, "anticipo");
}
