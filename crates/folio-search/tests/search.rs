//! Query semantics of the search core, checked by querying small fixture
//! indexes built from `tests/fixtures/docs-{es,en}.json`.

use folio_search::{build_index, open_index, Hit, Lang, SearchDoc, SearchError, SearchIndex};

fn docs(lang: Lang) -> Vec<SearchDoc> {
    let path = format!("{}/tests/fixtures/docs-{lang}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn index(lang: Lang) -> SearchIndex {
    open_index(&build_index(lang, &docs(lang)).unwrap()).unwrap()
}

/// `page_id#anchor` of each hit, in rank order.
fn ids(hits: &[Hit]) -> Vec<String> {
    hits.iter()
        .map(|h| match h.url.split_once('#') {
            Some((_, anchor)) => format!("{}#{anchor}", h.page_id),
            None => h.page_id.clone(),
        })
        .collect()
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
    assert_eq!(search(&es, "ninez "), ["victimas#ninez", "victimas"]);
    assert_eq!(search(&es, "NIÑEZ "), search(&es, "ninez "));
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
    let hits = es.search("explot", 10);
    assert_eq!(ids(&hits)[0], "definicion-trata#fines");
    assert!(hits[0].snippet.contains("<mark>explotación</mark>"), "{}", hits[0].snippet);
    let hits = es.search("explo", 10);
    assert_eq!(ids(&hits)[0], "definicion-trata#fines");
    // Once a space follows, it is a whole word again, and earlier words are
    // never prefixes.
    assert!(search(&es, "explo ").is_empty());
    assert!(search(&es, "explo sexual").is_empty());
}

// A one-letter typo in a long word is forgiven when nothing matches exactly.
#[test]
fn typos_in_long_words_fall_back_to_fuzzy() {
    let es = index(Lang::Es);
    assert!(search(&es, "explotacoin ").contains(&"definicion-trata#fines".to_string()));
    assert!(search(&es, "vicitma ").contains(&"definicion-trata".to_string()));
    assert!(search(&es, "entrevsta ").contains(&"entrevista".to_string()));
    // Short words get no typo tolerance.
    assert!(search(&es, "trta ").is_empty());
    // Typo tolerance is a fallback: an exact match hides near misses.
    assert_eq!(search(&es, "decomiso "), ["investigacion"]);
}

// Article references match the number and ordinal together.
#[test]
fn article_references() {
    let es = index(Lang::Es);
    assert_eq!(search(&es, "202 ter"), ["tipo-penal"]);
    assert_eq!(search(&es, "artículo 202 bis"), ["tipo-penal"]);
    assert!(search(&es, "202 quinquies").is_empty());
    // "capítulo ter" and "2020" elsewhere are not article 202 ter.
    assert!(!search(&es, "202 ter").contains(&"tipo-penal#agravantes".to_string()));
    // A number is never a prefix: 202 does not find 2020.
    assert_eq!(search(&es, "202"), ["tipo-penal"]);
    let en = index(Lang::En);
    assert_eq!(search(&en, "article 202 ter"), ["tipo-penal"]);
}

// Title beats heading beats body; a page title ranks the page, not every section.
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
    assert!(es.search("", 10).is_empty());
    assert!(es.search("trata", 0).is_empty());
    assert!(!es.search("trata AND (", 10).is_empty());
    assert!(!es.search("+trata -personas", 10).is_empty());
    assert_eq!(es.search(&"trata ".repeat(1000), 5).len(), 5);
}

// Hits carry display fields as plain text and an escaped, marked snippet.
#[test]
fn hit_fields_and_escaped_snippets() {
    let es = index(Lang::Es);
    let hits = es.search("delincuencia", 10);
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!(hit.page_id, "protocolo");
    assert_eq!(hit.title, "Protocolo de Palermo");
    assert_eq!(hit.chapter, "Marco legal");
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
    let blob = build_index(Lang::Es, &docs(Lang::Es)).unwrap();
    assert_eq!(blob, build_index(Lang::Es, &docs(Lang::Es)).unwrap());
    let es = open_index(&blob).unwrap();
    assert_eq!(es.num_docs(), docs(Lang::Es).len() as u64);
    assert_eq!(es.lang(), Lang::Es);

    let mut newer = blob.clone();
    newer[8..12].copy_from_slice(&(folio_search::INDEX_FORMAT_VERSION + 1).to_le_bytes());
    assert!(matches!(open_index(&newer), Err(SearchError::FormatVersion { .. })));
    assert!(open_index(&blob[..blob.len() / 2]).is_err());
    assert!(open_index(b"").is_err());

    let empty = open_index(&build_index(Lang::En, &[]).unwrap()).unwrap();
    assert!(empty.search("victim", 10).is_empty());
}

// The committed v1 blob still opens and answers (format compatibility).
#[test]
fn committed_v1_blob_still_opens() {
    let blob = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/compat/index_v1.blob")).unwrap();
    let es = open_index(&blob).unwrap();
    assert_eq!(es.lang(), Lang::Es);
    assert_eq!(search(&es, "202 ter"), ["tipo-penal"]);
}
