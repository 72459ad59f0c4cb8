//! Builds the fixture indexes and records what the native search answers, so
//! the Node test (`tests/node/wasm_search.test.mjs`) can check that the wasm
//! engine answers exactly the same.
//!
//! Usage: `cargo run -p folio-search --features build --example build_fixture -- OUT_DIR`
//! writes `OUT_DIR/{es,en}.blob`, `OUT_DIR/expected.json`
//! (`{"format_version", "cases": [{"blobs", "query", "limit", "results"}]}`,
//! where `blobs` is the scope: one index, or several merged, and `results`
//! the answer completed with the section texts), `OUT_DIR/texts.json` (each
//! section's text by url) and, as a generated site would hold them,
//! `OUT_DIR/site/search/engine.js`, `OUT_DIR/site/search/index-2025-{es,en}.js`
//! and the page texts under `OUT_DIR/site/search/text/` for the loader test.

use std::collections::HashMap;
use std::path::PathBuf;

use folio_search::{
    build_index, complete, engine_js, index_js, index_js_path, open_index, search_many, text_files, Glossary, Lang,
    Results, SearchDoc, SearchIndex, ENGINE_JS_PATH, INDEX_FORMAT_VERSION,
};
use serde_json::json;

/// Queries run on both sides: every query feature, plus hostile input.
const QUERIES: &[(Lang, &str)] = &[
    (Lang::Es, "victima"),
    (Lang::Es, "víctimas "),
    (Lang::Es, "ninez"),
    (Lang::Es, "explot"),
    (Lang::Es, "explotaciones "),
    (Lang::Es, "explotacoin "),
    (Lang::Es, "vicitma"),
    (Lang::Es, "\"trata de personas\""),
    (Lang::Es, "\"trata de pers"),
    (Lang::Es, "trata personas"),
    (Lang::Es, "202 ter"),
    (Lang::Es, "artículo 202 bis"),
    (Lang::Es, "Art. 202 Quáter CP"),
    (Lang::Es, "202-Ter"),
    (Lang::Es, "arts. 116 y 117"),
    (Lang::Es, "202"),
    (Lang::Es, "decomiso revictimizacion"),
    (Lang::Es, "trta captacion"),
    (Lang::Es, "trata xyzzy"),
    (Lang::Es, "ceptacoin "),
    (Lang::Es, "coordinacion "),
    (Lang::Es, "cooperacion"),
    (Lang::Es, "delincuencia"),
    (Lang::Es, "tipo penal"),
    (Lang::Es, ""),
    (Lang::Es, "\""),
    (Lang::Es, "trata AND ("),
    (Lang::Es, "+trata -personas"),
    (Lang::Es, "👩‍⚖️ ñ"),
    (Lang::Es, "CPP"),
    (Lang::Es, "codigo procesal penal"),
    (Lang::Es, "pre-trial testimony"),
    (Lang::Es, "trata laboral"),
    (Lang::En, "victim"),
    (Lang::En, "exploited"),
    (Lang::En, "traffick"),
    (Lang::En, "article 202 ter"),
    (Lang::En, "anticipo de prueba"),
];

/// Queries run over both indexes at once (the browser's merged scope).
const MERGED_QUERIES: &[&str] =
    &["202 ter", "victim", "trata xyzzy", "ceptacoin ", "pre-trial testimony", "CPP", "harbouring"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::args().nth(1).ok_or("usage: build_fixture OUT_DIR")?);
    std::fs::create_dir_all(&out)?;
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let site = out.join("site");
    std::fs::create_dir_all(site.join("search"))?;
    std::fs::write(site.join(ENGINE_JS_PATH), engine_js())?;
    let mut cases = Vec::new();
    let mut indexes: Vec<(String, SearchIndex)> = Vec::new();
    let mut texts: HashMap<String, String> = HashMap::new();
    let glossaries: HashMap<Lang, Glossary> =
        serde_json::from_str(&std::fs::read_to_string(fixtures.join("glossary.json"))?)?;
    for lang in Lang::ALL {
        let docs: Vec<SearchDoc> =
            serde_json::from_str(&std::fs::read_to_string(fixtures.join(format!("docs-{lang}.json")))?)?;
        let blob = build_index(lang, &docs, &glossaries[&lang])?;
        let name = format!("{lang}.blob");
        std::fs::write(out.join(&name), &blob)?;
        let version = &docs[0].version;
        std::fs::write(site.join(index_js_path(version, lang)), index_js(version, lang, &blob))?;
        for (path, bytes) in text_files(&docs) {
            let path = site.join(path);
            std::fs::create_dir_all(path.parent().ok_or("text file at the root")?)?;
            std::fs::write(path, bytes)?;
        }
        texts.extend(docs.iter().map(|d| (d.url.clone(), d.body.clone())));
        let index = open_index(&blob)?;
        for (_, query) in QUERIES.iter().filter(|(l, _)| *l == lang) {
            let limit = 10;
            let results = answer(&[&index], query, limit, &texts);
            cases.push(json!({"blobs": [name], "query": query, "limit": limit, "results": results}));
        }
        indexes.push((name, index));
    }
    let names: Vec<&String> = indexes.iter().map(|(name, _)| name).collect();
    let scope: Vec<&SearchIndex> = indexes.iter().map(|(_, index)| index).collect();
    for query in MERGED_QUERIES {
        let limit = 10;
        let results = answer(&scope, query, limit, &texts);
        cases.push(json!({"blobs": names, "query": query, "limit": limit, "results": results}));
    }
    let expected = json!({"format_version": INDEX_FORMAT_VERSION, "cases": cases});
    std::fs::write(out.join("expected.json"), serde_json::to_string_pretty(&expected)?)?;
    std::fs::write(out.join("texts.json"), serde_json::to_string_pretty(&texts)?)?;
    println!("wrote {} cases to {}", cases.len(), out.display());
    Ok(())
}

/// The native answer, completed with the sections' `texts` as `folio search` completes it.
fn answer(scope: &[&SearchIndex], query: &str, limit: usize, texts: &HashMap<String, String>) -> Results {
    let mut results = search_many(scope, query, limit);
    complete(&mut results, scope, |url| texts.get(url).cloned());
    results
}
