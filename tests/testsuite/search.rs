//! Search over built sites, through the same entry point as `folio search`:
//! the fixture's features, and the relevance of the real handbook for
//! questions readers ask.

use folio::index::{search_site, SearchScope};

use crate::util::{build_fixture, folio_in, read, real_site};

fn scope(version: &str, lang: &str) -> SearchScope {
    SearchScope { versions: vec![version.into()], lang: Some(lang.into()) }
}

// A hit names the page, the best heading's anchor and a highlighted snippet.
#[test]
fn hits_point_to_the_heading_with_a_snippet() {
    let site = build_fixture("basic");
    let results = search_site(&site, "consentimiento irrelevante", &scope("v2", "es"), 5).unwrap();
    let top = &results.rows[0];
    assert_eq!(top.page_id, "definicion");
    assert_eq!(top.url, "v2/es/definicion.html#consentimiento");
    assert!(top.snippet.contains("<mark>irrelevante</mark>"), "{}", top.snippet);
}

// Defaults are the current edition in the source language; unknown scopes are errors.
#[test]
fn default_scope_and_unknown_index() {
    let site = build_fixture("basic");
    let results = search_site(&site, "consentimiento", &SearchScope::default(), 5).unwrap();
    assert!(!results.rows.is_empty());
    assert!(results.rows.iter().all(|r| r.version == "v2" && r.lang == "es"));
    let err = search_site(&site, "x", &scope("v9", "es"), 5).unwrap_err();
    assert!(err.to_string().contains("no index for v9/es"), "{err}");
}

/// `folio search` on the basic fixture with `args` after the query.
fn cli(query: &str, args: &[&str]) -> String {
    let site = build_fixture("basic");
    let mut all = vec!["search", query, "--site", site.to_str().unwrap()];
    all.extend(args);
    let out = folio_in(&site, &all);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

// The CLI prints the browser's answer: a count, one row per page with its
// edition badges, partial matches under their label with the missing words.
#[test]
fn cli_groups_rows_and_labels_partial_matches() {
    let text = cli("consentimiento etapas", &["--version", "v2", "--version", "v1"]);
    assert!(text.starts_with("4 results for `consentimiento etapas`:\n"), "{text}");
    // Each row starts with its page's number (issue 17).
    assert!(text.contains("partial matches (not every word found):\n1. 1.2 Consentimiento  ["), "{text}");
    assert!(text.contains("]  (v2, v1)\n"), "{text}");
    assert!(text.contains("   missing: etapas\n") && text.contains("   missing: consentimiento\n"), "{text}");
    // One edition: no badges, and the page appears once.
    let text = cli("consentimiento", &["--version", "v1"]);
    assert_eq!(text.matches("consentimiento.html").count(), 1, "{text}");
    assert!(!text.contains("(v"), "{text}");
}

// Unknown words are dropped with a note; with nothing found, the nearest
// indexed words are offered.
#[test]
fn cli_notes_dropped_words_and_suggests() {
    let text = cli("consentimiento xyzzy", &[]);
    assert!(text.starts_with("no results for `xyzzy`; showing results for the other words\n"), "{text}");
    assert!(text.contains("1. 1.2 Consentimiento"), "{text}");
    let text = cli("consentimentoo", &[]);
    assert_eq!(text, "no results for `consentimentoo`\ndid you mean: consentimiento\n");
    // JSON is the browser's contract.
    let json: serde_json::Value = serde_json::from_str(&cli("consentimiento xyzzy", &["--format", "json"])).unwrap();
    assert_eq!(json["dropped"], serde_json::json!(["xyzzy"]));
    assert_eq!(json["total"], 3);
    let row = &json["rows"][0];
    for key in ["page_id", "title", "chapter", "number", "url", "heading", "snippet", "version", "lang", "sections"] {
        assert!(row.get(key).is_some(), "{key} missing in {row}");
    }
    assert_eq!(
        (row["editions"].clone(), row["partial"].clone()),
        (serde_json::json!(["v2"]), serde_json::json!(false))
    );
}

/// (query, version, language, id of the section that must be in the top 3).
const RELEVANCE: &[(&str, &str, &str, &str)] = &[
    ("camara gesell", "2025", "es", "camara-gesell"),
    ("anticipo de prueba", "2025", "es", "anticipo-prueba"),
    ("querellante adhesivo", "2025", "es", "querellante-adhesivo"),
    ("reparacion digna", "2025", "es", "reparacion-digna"),
    ("202 ter", "2025", "es", "articulo-202-ter"),
    ("protocolo de palermo", "2025", "es", "protocolo-palermo"),
    ("consentimiento de la victima", "2025", "es", "consentimiento"),
    ("trafico ilicito de migrantes", "2025", "es", "trata-y-trafico"),
    ("evidencia digital telefono", "2025", "es", "evidencia-digital"),
    ("captación en redes sociales", "2025", "es", "captacion-en-linea"),
    ("principio de no punicion", "2025", "es", "no-punicion"),
    ("interpretes idiomas mayas", "2025", "es", "interpretes"),
    ("albergues", "2025", "es", "albergues-atencion"),
    ("repatriación", "2025", "es", "repatriacion"),
    ("etapa intermedia", "2025", "es", "etapa-intermedia"),
    ("\"etapa preparatoria\"", "2025", "es", "etapa-preparatoria"),
    ("investigacion financiera", "2025", "es", "investigacion-financiera"),
    ("ley de proteccion integral de la niñez", "2025", "es", "ley-proteccion-ninez"),
    ("revictimizacoin", "2025", "es", "no-revictimizacion"),
    ("allanamientos", "2025", "es", "allanamientos-rescate"),
    ("indicadores explotacion laboral", "2025", "es", "indicadores-explotacion-laboral"),
    ("mendicidad matrimonio forzado", "2025", "es", "indicadores-otras-formas"),
    ("decreto 9-2009", "2025", "es", "decreto-9-2009"),
    ("codigo procesal penal", "2025", "es", "codigo-procesal-penal"),
    ("hechos anteriores a la reforma de 2009", "2011", "es", "regimen-transitorio"),
    ("gesell chamber", "2025", "en", "camara-gesell"),
    ("victim-centred approach", "2025", "en", "enfoque-centrado-victima"),
    ("non-punishment principle", "2025", "en", "no-punicion"),
    ("witness protection", "2025", "en", "proteccion-testigos"),
    ("shelters", "2025", "en", "albergues-atencion"),
    ("\"private complainant\"", "2025", "en", "querellante-adhesivo"),
    ("expert evidence", "2025", "en", "prueba-pericial"),
    ("smuggling of migrants", "2025", "en", "trata-y-trafico"),
    ("sentencing", "2025", "en", "sentencia"),
    ("glossary", "2025", "en", "glosario"),
    ("financial investigaton", "2025", "en", "investigacion-financiera"),
    ("el debate", "2025", "es", "debate"),
    ("sentencia", "2025", "es", "sentencia"),
    ("tribunales especializados", "2025", "es", "tribunales-especializados"),
    ("proceso en una pagina", "2025", "es", "proceso-en-una-pagina"),
    ("prueba pericial", "2025", "es", "prueba-pericial"),
    ("declaracion de la victima", "2025", "es", "declaracion-victima"),
    ("proteccion de testigos", "2025", "es", "proteccion-testigos"),
    ("primer contacto", "2025", "es", "primer-contacto"),
    ("indicadores explotacion sexual", "2025", "es", "indicadores-explotacion-sexual"),
    ("principios de identificacion", "2025", "es", "principios-identificacion"),
    ("caso finca explotacion laboral", "2025", "es", "caso-explotacion-laboral"),
    ("adolescente captada en linea", "2025", "es", "caso-explotacion-sexual"),
    ("apertura del caso", "2025", "es", "apertura-caso"),
    ("investigacion proactiva", "2025", "es", "investigacion-reactiva-proactiva"),
    ("metodos especiales de investigacion", "2025", "es", "metodos-especiales"),
    ("agente encubierto", "2025", "es", "metodos-especiales"),
    ("sociedad civil", "2025", "es", "sociedad-civil"),
    ("mapa institucional", "2025", "es", "instituciones"),
    ("cooperacion internacional", "2025", "es", "cooperacion-internacional"),
    ("coordinacion interinstitucional", "2025", "es", "coordinacion-interinstitucional"),
    ("redaccion de los hechos de la acusacion", "2025", "es", "redaccion-hechos-acusacion"),
    ("delitos relacionados", "2025", "es", "delitos-relacionados"),
    ("fines de explotacion", "2025", "es", "fines-explotacion"),
    ("definicion de trata", "2025", "es", "definicion-trata"),
    ("lista de verificacion fiscalia", "2025", "es", "lista-verificacion-fiscalia"),
    ("notas editoriales", "2025", "es", "notas-editoriales"),
    ("modelo solicitud de allanamiento", "2025", "es", "modelo-allanamiento"),
    ("modelo derivacion victima", "2025", "es", "modelo-derivacion-victima"),
    ("medidas de proteccion modelo", "2025", "es", "modelo-medidas-proteccion"),
    ("asistencia judicial internacional", "2025", "es", "modelo-asistencia-internacional"),
    ("niñas niños y adolescentes victimas", "2025", "es", "ninez-adolescencia"),
    ("prevenir la revictimizacion", "2025", "es", "no-revictimizacion"),
    ("interpretes", "2025", "es", "interpretes"),
    ("judgment and sentencing", "2025", "en", "sentencia"),
    ("oral trial", "2025", "en", "debate"),
    ("online recruitment", "2025", "en", "captacion-en-linea"),
    ("labour exploitation indicators", "2025", "en", "indicadores-explotacion-laboral"),
    ("dignified reparation", "2025", "en", "reparacion-digna"),
    ("civil forfeiture", "2025", "en", "extincion-dominio"),
    ("undercover agent", "2025", "en", "metodos-especiales"),
    ("intermediate stage", "2025", "en", "etapa-intermedia"),
    ("palermo protocol", "2025", "en", "protocolo-palermo"),
];

/// Queries written the way lawyers write: article references in several
/// forms, abbreviations the text does not use (CP), typos, and a wrong or
/// unknown word among right ones.
const AS_LAWYERS_WRITE: &[(&str, &str, &str, &str)] = &[
    ("art. 317", "2025", "es", "anticipo-prueba"),
    ("arts. 116 y 117", "2025", "es", "apertura-caso"),
    ("artículo 202 ter", "2025", "es", "articulo-202-ter"),
    ("202ter", "2025", "es", "articulo-202-ter"),
    ("202-Ter", "2025", "es", "articulo-202-ter"),
    ("Art. 202 Quáter CP", "2025", "es", "articulo-202-quater"),
    ("art 202 quater", "2025", "es", "articulo-202-quater"),
    ("art. 204 agravantes", "2025", "es", "agravantes-articulo-204"),
    ("artículo 204 CP", "2025", "es", "agravantes-articulo-204"),
    ("art. 6 protocolo de palermo", "2025", "es", "protocolo-palermo"),
    ("verbos del 202 ter", "2025", "es", "conductas-tipicas"),
    ("elementos art. 202 Ter", "2025", "es", "imputacion-elementos-202-ter"),
    ("decreto 9 2009", "2025", "es", "decreto-9-2009"),
    ("camara gessel", "2025", "es", "camara-gesell"),
    ("anticipo de pruba", "2025", "es", "anticipo-prueba"),
    ("querellante adhesivo art. 116", "2025", "es", "querellante-adhesivo"),
    ("extincion de dominio lavado", "2025", "es", "extincion-dominio"),
    ("consentimiento victima vicios", "2025", "es", "consentimiento"),
    ("Art. 202 Ter CP consentimiento", "2025", "es", "consentimiento"),
    ("allanamiento orden juez", "2025", "es", "allanamientos-rescate"),
    ("camara gesell menores fotografia", "2025", "es", "camara-gesell"),
    ("reparacion digna indemnizacion quetzales", "2025", "es", "reparacion-digna"),
    ("querellante adhesivo abogado particular", "2025", "es", "querellante-adhesivo"),
    ("trata laboral finca cafetal", "2025", "es", "caso-explotacion-laboral"),
    ("extincion dominio bienes incautados", "2025", "es", "extincion-dominio"),
    ("allanamiento nocturno rescate", "2025", "es", "allanamientos-rescate"),
    ("article 202 ter", "2025", "en", "articulo-202-ter"),
    ("art. 204 aggravating", "2025", "en", "agravantes-articulo-204"),
    ("gesel chamber", "2025", "en", "camara-gesell"),
    ("CPP", "2025", "es", "codigo-procesal-penal"),
    ("art. 317 CPP", "2025", "es", "anticipo-prueba"),
    ("SVET ERI", "2025", "es", "coordinacion-interinstitucional"),
];

// At least 95% of realistic queries, lawyers' ways of writing included,
// find their page in the top 3, and none comes back empty.
#[test]
fn relevance_on_the_real_handbook() {
    let site = real_site();
    let queries: Vec<_> = RELEVANCE.iter().chain(AS_LAWYERS_WRITE).collect();
    assert!(queries.len() >= 80 && AS_LAWYERS_WRITE.len() >= 20);
    let mut found = 0;
    let mut misses = Vec::new();
    let mut empty = Vec::new();
    for (query, version, lang, expected) in &queries {
        let results = search_site(site, query, &scope(version, lang), 3).unwrap();
        let top3: Vec<&str> = results.rows.iter().map(|r| r.page_id.as_str()).collect();
        if results.rows.is_empty() {
            empty.push(format!("{query:?} ({version}/{lang})"));
        }
        if top3.contains(expected) {
            found += 1;
        } else {
            misses.push(format!("{query:?} ({version}/{lang}): wanted {expected}, got {top3:?}"));
        }
    }
    let share = found as f64 / queries.len() as f64;
    println!(
        "relevance: {found}/{} queries ({:.0}%) found their page in the top 3; {} came back empty",
        queries.len(),
        share * 100.0,
        empty.len()
    );
    for miss in &misses {
        println!("  miss: {miss}");
    }
    assert!(empty.is_empty(), "empty results: {empty:?}");
    assert!(share >= 0.95, "only {:.0}% in the top 3:\n{}", share * 100.0, misses.join("\n"));
}

/// Queries naming a glossary concept in the other language than the index
/// searched (issue 16): (query, version, language searched, page that must be
/// in the top 3).
const ACROSS_LANGUAGES: &[(&str, &str, &str, &str)] = &[
    ("pre-trial testimony", "2025", "es", "anticipo-prueba"),
    ("joint complainant", "2025", "es", "querellante-adhesivo"),
    ("Gesell chamber", "2025", "es", "camara-gesell"),
    ("civil forfeiture", "2025", "es", "extincion-dominio"),
    ("dignified reparation", "2025", "es", "reparacion-digna"),
    ("Criminal Procedure Code", "2025", "es", "codigo-procesal-penal"),
    ("victim identification", "2025", "es", "identificacion-victimas"),
    ("anticipo de prueba", "2025", "en", "anticipo-prueba"),
    ("querellante adhesivo", "2025", "en", "querellante-adhesivo"),
    ("extinción de dominio", "2025", "en", "extincion-dominio"),
    ("Protocolo de Palermo", "2025", "en", "protocolo-palermo"),
    ("no punición", "2025", "en", "no-punicion"),
];

// Issue 16: a glossary name in one language finds the other language's
// sections on the same concept, in the top 3, from the built site alone.
#[test]
fn glossary_names_match_across_languages() {
    let site = real_site();
    let mut misses = Vec::new();
    for (query, version, lang, expected) in ACROSS_LANGUAGES {
        let results = search_site(site, query, &scope(version, lang), 10).unwrap();
        let ids: Vec<&str> = results.rows.iter().map(|r| r.page_id.as_str()).collect();
        let rank = ids.iter().position(|id| id == expected).map(|i| i + 1);
        println!("across languages: {query:?} in {version}/{lang}: {expected} at {rank:?}");
        if rank.is_none_or(|r| r > 3) {
            misses.push(format!("{query:?} ({version}/{lang}): wanted {expected}, got {ids:?}"));
        }
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

// A glossary term finds its entry on the glossary page, in both languages,
// even a term the handbook's text never uses ("apelación especial"); the
// link lands on the entry's element.
#[test]
fn glossary_terms_find_their_entries() {
    let site = real_site();
    for (query, lang, url) in [
        ("apelación especial", "es", "2025/es/glosario.html#apelacion-especial"),
        ("special appeal", "en", "2025/en/glossary.html#apelacion-especial"),
        ("casacion", "es", "2025/es/glosario.html#casacion"),
    ] {
        let results = search_site(site, query, &scope("2025", lang), 10).unwrap();
        let urls: Vec<&str> = results.rows.iter().take(3).map(|r| r.url.as_str()).collect();
        assert!(urls.contains(&url), "{query:?}: {urls:?}");
        let (page, anchor) = url.split_once('#').unwrap();
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        assert!(html.contains(&format!("id=\"{anchor}\"")), "{page} has no element #{anchor}");
    }
}

// Issue 16: an abbreviation finds the name it stands for (the Spanish text
// never writes "CPP"), and a name spelled out finds sections that write only
// the abbreviation.
#[test]
fn glossary_abbreviations_expand_both_ways() {
    let site = real_site();
    let es = scope("2025", "es");
    let cpp = search_site(site, "CPP", &es, 5).unwrap();
    assert!(cpp.dropped.is_empty(), "{cpp:?}");
    assert_eq!(cpp.rows[0].page_id, "codigo-procesal-penal");
    assert!(cpp.rows[0].snippet.contains("<mark>Código</mark> <mark>Procesal</mark> <mark>Penal</mark>"), "{cpp:?}");
    let svet = search_site(site, "SVET", &es, 10).unwrap();
    assert!(svet.rows.iter().all(|r| !r.partial), "{svet:?}");
    assert!(
        svet.rows.iter().any(|r| r.snippet.contains("<mark>Secretaría</mark> <mark>contra</mark> <mark>la</mark>")),
        "{svet:?}"
    );
    let spelled =
        search_site(site, "Secretaría contra la Violencia Sexual, Explotación y Trata de Personas", &es, 200).unwrap();
    let only_abbreviation: Vec<&str> = spelled
        .rows
        .iter()
        .filter(|r| !r.partial && r.snippet.contains("<mark>SVET</mark>") && !r.snippet.contains("Secretaría"))
        .map(|r| r.url.as_str())
        .collect();
    assert!(!only_abbreviation.is_empty(), "{spelled:?}");
}

// Issue 16: the glossary protects `trata` from stemming, so `trata laboral`
// no longer finds "trate a la persona…" (to treat) or any other form of
// `tratar`, however it is typed.
#[test]
fn protected_trata_is_not_tratar() {
    let site = real_site();
    for query in ["trata laboral", "laboral trata", "Trata laboral "] {
        let results = search_site(site, query, &scope("2025", "es"), 200).unwrap();
        assert!(!results.rows.is_empty(), "{query:?}");
        for row in &results.rows {
            let snippet = row.snippet.to_lowercase();
            assert!(!snippet.contains("<mark>trate") && !snippet.contains("<mark>tratar"), "{query:?}: {row:?}");
            let sections = std::iter::once(row.url.as_str()).chain(row.sections.iter().map(|s| s.url.as_str()));
            for url in sections {
                assert_ne!(url, "2025/es/ninez-adolescencia.html#primeras-medidas", "{query:?}");
            }
        }
    }
}

// Issue 17: a result carries the number its page shows beside its title.
#[test]
fn results_carry_section_numbers() {
    let site = real_site();
    for (query, lang) in [("camara gesell", "es"), ("dignified reparation", "en")] {
        let results = search_site(site, query, &scope("2025", lang), 3).unwrap();
        let row = &results.rows[0];
        assert!(!row.number.is_empty(), "{row:?}");
        let page = read(site, row.url.split('#').next().unwrap());
        let number = format!("<span class=\"title-num\">{}</span>", row.number);
        assert!(page.contains(&number), "{} does not show {number}", row.url);
    }
}
