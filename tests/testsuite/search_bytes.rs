//! The bytes a reader's first search costs on the bundled handbook: the
//! engine and one edition-language index, as the browser loads them (the
//! `.js` files on disk; `file://` has no transfer compression). The section
//! texts are not in the index: they come after, for the rows shown.

use std::path::Path;

use crate::util::real_site;

/// Most bytes the engine plus the largest edition-language index may take:
/// issue 15's 600 KB (1.15 MB before it; the steps are in BENCHMARKS.md).
const FIRST_SEARCH_BUDGET: u64 = 600_000;

fn size(site: &Path, rel: &str) -> u64 {
    std::fs::metadata(site.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}")).len()
}

// The engine and the largest index of the real handbook stay within budget.
#[test]
fn first_search_fits_the_byte_budget() {
    let site = real_site();
    let engine = size(site, folio_search::ENGINE_JS_PATH);
    let mut indexes: Vec<(u64, String)> = std::fs::read_dir(site.join("search"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("index-") && name.ends_with(".js"))
        .map(|name| (size(site, &format!("search/{name}")), name))
        .collect();
    indexes.sort();
    let (index, name) = indexes.last().expect("the handbook has a search index").clone();
    let total = engine + index;
    println!("first search: engine {engine} + {name} {index} = {total} bytes (budget {FIRST_SEARCH_BUDGET})");
    assert!(
        total <= FIRST_SEARCH_BUDGET,
        "first search costs {total} bytes (engine {engine}, {name} {index}), over the budget of {FIRST_SEARCH_BUDGET}"
    );
}

// A site built with base64 payloads (format 1, before the 7-bit and UTF-16 ones) is refused by
// `folio search` with a message that says to rebuild it, and so is an old
// payload under a current manifest.
#[test]
fn sites_with_base64_payloads_are_refused() {
    let site = crate::util::build_fixture("basic");
    let manifest_path = site.join("search/manifest.json");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let index = site.join(folio_search::index_js_path("v2", folio_search::Lang::Es));
    // Gzip of the blob magic, base64-encoded, as format 1 wrote payloads.
    std::fs::write(&index, "window.__folioIndex = window.__folioIndex || {};\nwindow.__folioIndex[\"v2/es\"] = \"H4sIAAAAAAAC/3Pz9/H094xgAADEyLTbCAAAAA==\";\n").unwrap();
    let search =
        || crate::util::folio_in(&site, &["search", "--site", ".", "--version", "v2", "--lang", "es", "trata"]);

    let out = search();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("index-v2-es.js") && stderr.contains("not a folio search payload"), "{stderr}");

    let format = format!("\"format\": {}", folio_search::INDEX_FORMAT_VERSION);
    assert!(manifest.contains(&format), "{manifest}");
    std::fs::write(&manifest_path, manifest.replace(&format, "\"format\": 1")).unwrap();
    let out = search();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("has format 1") && stderr.contains("rebuild the site"), "{stderr}");
}

// The index holds no section text; each page's texts are in their own file,
// which `folio search` reads for the rows it shows. Without that file the
// answer fails with a message naming it.
#[test]
fn section_texts_live_beside_the_index() {
    let site = crate::util::build_fixture("basic");
    let index = std::fs::read(site.join(folio_search::index_js_path("v2", folio_search::Lang::Es))).unwrap();
    let blob = folio_search::unpack_js(&index).unwrap();
    let sentence = "El consentimiento es irrelevante";
    assert!(!blob.windows(sentence.len()).any(|w| w == sentence.as_bytes()), "the index stores text");
    let text = site.join(folio_search::text_js_path("v2/es/definicion.html"));
    let texts = folio_search::unpack_texts(&std::fs::read(&text).unwrap()).unwrap();
    assert!(texts["consentimiento"].contains(sentence), "{texts:?}");

    let search = || crate::util::folio_in(&site, &["search", "--site", ".", "--lang", "es", "irrelevante"]);
    let out = search();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && stdout.contains("[irrelevante]"), "{stdout}");
    std::fs::remove_file(&text).unwrap();
    let out = search();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("cannot read") && stderr.contains("definicion.js"), "{stderr}");
}
