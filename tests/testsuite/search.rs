//! Search over built sites, through the same entry point as `folio search`:
//! the fixture's features, and the relevance of the real handbook for
//! questions readers ask.

use folio::index::{search_site, SearchScope};

use crate::util::{build_fixture, real_site};

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
];

// At least 90% of realistic queries find their section in the top 3.
#[test]
fn relevance_on_the_real_handbook() {
    let site = real_site();
    let mut found = 0;
    let mut misses = Vec::new();
    let mut empty = Vec::new();
    for (query, version, lang, expected) in RELEVANCE {
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
    let share = found as f64 / RELEVANCE.len() as f64;
    println!("relevance: {found}/{} queries ({:.0}%) found their section in the top 3", RELEVANCE.len(), share * 100.0);
    for miss in &misses {
        println!("  miss: {miss}");
    }
    assert!(share >= 0.9, "only {:.0}% in the top 3:\n{}", share * 100.0, misses.join("\n"));
}
