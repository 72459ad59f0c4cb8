//! The native half: index the generator's [`SearchDoc`]s into a blob, and wrap
//! blobs and the wasm engine into the `.js` files a site ships.
//!
//! Only compiled with the `build` feature, so the wasm runtime carries no
//! indexer, gzip or base64 code. Builds are reproducible: one writer thread,
//! one segment, files sorted by name and the random segment id replaced by a
//! fixed one, so the same documents always give the same bytes.
//!
//! Under `file://` a page can load nothing but classic `<script src>` files,
//! so [`engine_js`] and [`index_js`] carry the bytes, gzipped, in a JS string
//! in a global variable; `folio-search-engine.js` (in the default theme) loads
//! them on first use and unpacks them with `DecompressionStream`.
//!
//! The string holds 15 bits per character (see [`fifteen_bit_text`]) and
//! the file is UTF-16 with a byte order mark (see [`utf16_file`]), which a
//! browser honours whatever encoding the page declares: about 1.07 bytes on
//! disk per byte of gzip, where base64 needs 1.33.

use std::collections::BTreeMap;
use std::path::Path;

use libdeflater::{CompressionLvl, Compressor as Deflater, Decompressor};
use tantivy::store::Compressor;
use tantivy::{Directory, Index, IndexSettings, IndexWriter, TantivyDocument, TantivyError};

use crate::analyzer::Protected;
use crate::glossary::{self, Glossary};
use crate::schema::{build_schema, Fields};
use crate::{analyzer, blob, Lang, SearchDoc, SearchError};

/// The committed browser engine (`crates/folio-search-wasm/dist`), gzipped
/// by Zopfli when `scripts/build-wasm.sh` built it: 6% smaller than gzip's
/// best, and too slow (seconds) to redo on every site build. [`engine_js`]
/// carries it.
pub const WASM_GZ: &[u8] = include_bytes!("../../folio-search-wasm/dist/folio_search.wasm.gz");

/// Where [`engine_js`]'s output goes, relative to the site root.
pub const ENGINE_JS_PATH: &str = "search/engine.js";

/// Where [`index_js`]'s output for `version` and `lang` goes, relative to the
/// site root (the loader computes the same name).
pub fn index_js_path(version: &str, lang: Lang) -> String {
    format!("search/index-{version}-{lang}.js")
}

/// Memory budget of the single indexing thread.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// Builds the index of `docs` (all in `lang`) and packs it into one blob,
/// with `glossary` (the edition's glossary for `lang`): its protected words
/// are indexed unstemmed, and the reader expands queries with its names.
pub fn build_index(lang: Lang, docs: &[SearchDoc], glossary: &Glossary) -> Result<Vec<u8>, SearchError> {
    let schema = build_schema(lang);
    let fields = Fields::resolve(&schema)?;
    // No docstore compression: the blob is gzipped as a whole, which packs
    // the stored text better than lz4 blocks would (they gzip poorly).
    let settings = IndexSettings { docstore_compression: Compressor::None, ..IndexSettings::default() };
    let index = Index::builder().schema(schema).settings(settings).create_in_ram()?;
    analyzer::register(index.tokenizers(), &Protected::new(glossary.protect.iter().map(String::as_str)));

    let mut writer: IndexWriter = index.writer_with_num_threads(1, WRITER_MEMORY)?;
    let [title, heading, body] = fields.searchable;
    for d in docs {
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.page_id, &d.page_id);
        doc.add_text(fields.url, &d.url);
        doc.add_text(fields.version, &d.version);
        doc.add_text(fields.lang, &d.lang);
        doc.add_text(fields.chapter, &d.chapter);
        doc.add_text(fields.number, &d.number);
        doc.add_text(fields.title, &d.title);
        doc.add_text(fields.heading, &d.heading);
        if d.is_page_level() {
            doc.add_text(title.stem, &d.title);
            doc.add_text(title.fold, &d.title);
        }
        doc.add_text(heading.stem, &d.heading);
        doc.add_text(heading.fold, &d.heading);
        doc.add_text(body.stem, &d.body);
        doc.add_text(body.fold, &d.body);
        writer.add_document(doc)?;
    }
    writer.commit()?;
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    writer.wait_merging_threads()?;

    // Collect meta.json and the files of the live segments, renaming each
    // random segment id to a fixed one.
    let metas = index.load_metas()?;
    let directory = index.directory();
    let mut meta_json =
        String::from_utf8(directory.atomic_read(Path::new("meta.json")).map_err(TantivyError::from)?.to_vec())
            .map_err(|_| SearchError::Corrupt("meta.json is not UTF-8"))?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for path in metas.list_segment_files() {
        if !directory.exists(&path).map_err(TantivyError::from)? {
            continue;
        }
        // `atomic_read` returns the whole file; `open_read` would strip the footer.
        let data = directory.atomic_read(&path).map_err(TantivyError::from)?;
        files.push((path.to_string_lossy().into_owned(), data));
    }
    for (i, segment) in metas.segments.iter().enumerate() {
        let random = segment.id().uuid_string();
        let fixed = format!("{:032x}", i + 1);
        meta_json = meta_json.replace(&random, &fixed).replace(&hyphenated(&random), &hyphenated(&fixed));
        for (name, _) in &mut files {
            if let Some(rest) = name.strip_prefix(random.as_str()) {
                *name = format!("{fixed}{rest}");
            }
        }
    }
    files.push(("meta.json".to_string(), meta_json.into_bytes()));
    files.push((glossary::BLOB_FILE.to_string(), glossary.to_text().into_bytes()));
    files.sort();
    Ok(blob::pack(lang, files.iter().map(|(n, d)| (n.as_str(), d.as_slice()))))
}

/// `0123…` (32 hex digits) as `01234567-89ab-cdef-0123-456789abcdef`.
fn hyphenated(simple: &str) -> String {
    let s = simple;
    if s.len() != 32 {
        return s.to_string();
    }
    format!("{}-{}-{}-{}-{}", &s[..8], &s[8..12], &s[12..16], &s[16..20], &s[20..])
}

/// Largest index [`index_level`] packs at libdeflate's best level.
const BEST_LEVEL_UP_TO: usize = 2 << 20;

/// How hard [`gzip`] works on an index blob of `len` bytes. A reader's
/// first search loads a whole index, so up to [`BEST_LEVEL_UP_TO`] the best
/// level is worth its time: 4% smaller than zlib's best, at about 3 MB/s
/// (0.12 s for the handbook's largest index). Larger ones (a 10,000-page
/// site's) get level 9: four times faster, 3% larger.
fn index_level(len: usize) -> CompressionLvl {
    match len <= BEST_LEVEL_UP_TO {
        true => CompressionLvl::best(),
        false => CompressionLvl::new(9).unwrap_or_default(),
    }
}

/// The level of the page text files: thousands on a large site, each
/// loaded only for the rows shown, so speed matters more than a few bytes.
const TEXT_LEVEL: i32 = 6;

/// The gzip of `bytes` at `level`, by libdeflate. The header holds no
/// time, so the output is reproducible.
fn gzip(bytes: &[u8], level: CompressionLvl) -> Vec<u8> {
    let mut compressor = Deflater::new(level);
    let mut out = vec![0; compressor.gzip_compress_bound(bytes.len())];
    // The buffer is the bound libdeflate gives, so compression cannot fail.
    let len = compressor.gzip_compress(bytes, &mut out).expect("gzip into a large enough buffer");
    out.truncate(len);
    out
}

/// The bytes of a gzip member made by [`gzip`] (or Zopfli); `None` if it is
/// not one, or claims to be larger than a payload can be.
fn gunzip(gz: &[u8]) -> Option<Vec<u8>> {
    const MOST: usize = 1 << 30;
    let size = gz.len().checked_sub(4).map(|at| u32::from_le_bytes([gz[at], gz[at + 1], gz[at + 2], gz[at + 3]]))?;
    let mut out = vec![0; usize::try_from(size).ok().filter(|&n| n <= MOST)?];
    let len = Decompressor::new().gzip_decompress(gz, &mut out).ok()?;
    (len == out.len()).then_some(out)
}

/// The first character of the 15-bit alphabet: from U+0800 to U+87FF, no
/// character needs an escape in a string literal (no quote, backslash,
/// line break or control character) and none is a UTF-16 surrogate.
const ALPHABET_START: u32 = 0x800;

/// `bytes` as text whose characters carry 15 bits each, most significant
/// bit first: the first character says how many zero bits pad the last
/// one, each other is [`ALPHABET_START`] plus its 15-bit value. Written
/// into a UTF-16 file (see [`utf16_file`]), each character is two bytes,
/// so the file holds about 1.07 bytes per byte of gzip. The loader's
/// `textToBytes` reads the parsed string back.
fn fifteen_bit_text(bytes: &[u8]) -> String {
    let total_bits = bytes.len() * 8;
    let padding = (15 - total_bits % 15) % 15;
    let mut out = String::with_capacity((total_bits / 15 + 2) * 3);
    let mut push = |value: u32| out.push(char::from_u32(ALPHABET_START + value).unwrap_or_default());
    push(padding as u32);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        if bits >= 15 {
            bits -= 15;
            push((acc >> bits) & 0x7fff);
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        push((acc << (15 - bits)) & 0x7fff);
    }
    out
}

/// The bytes of a [`fifteen_bit_text`].
fn from_fifteen_bit(text: &str) -> Option<Vec<u8>> {
    let mut values = text.chars().map(|c| u32::from(c).checked_sub(ALPHABET_START).filter(|&v| v <= 0x7fff));
    let padding = values.next()?? as usize;
    let values: Vec<u32> = values.collect::<Option<_>>()?;
    let total_bits = (values.len() * 15).checked_sub(padding).filter(|bits| bits % 8 == 0)?;
    let mut out = Vec::with_capacity(total_bits / 8);
    let (mut acc, mut bits) = (0u32, 0u32);
    for value in values {
        acc = (acc << 15) | value;
        bits += 15;
        while bits >= 8 && out.len() < total_bits / 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
        acc &= (1 << bits) - 1;
    }
    Some(out)
}

/// `js` as a UTF-16 (little-endian) file with a byte order mark: browsers
/// decode a script by its BOM whatever the page or server says, so the
/// payload's characters cost two bytes each instead of UTF-8's three.
fn utf16_file(js: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + js.len() * 2);
    out.extend_from_slice(&[0xff, 0xfe]);
    out.extend(js.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

/// The text of a [`utf16_file`]; `None` for anything else.
fn from_utf16_file(file: &[u8]) -> Option<String> {
    let units = file.strip_prefix(&[0xff, 0xfe])?;
    if units.len() % 2 != 0 {
        return None;
    }
    char::decode_utf16(units.chunks_exact(2).map(|u| u16::from_le_bytes([u[0], u[1]]))).collect::<Result<_, _>>().ok()
}

/// The contents of `search/engine.js`: `window.__folioWasm = "<gzip, 15 bits
/// a character>"` (the gzip is [`WASM_GZ`]), in UTF-16.
pub fn engine_js() -> Vec<u8> {
    utf16_file(&format!("window.__folioWasm = \"{}\";\n", fifteen_bit_text(WASM_GZ)))
}

/// The contents of `search/index-<version>-<lang>.js`, which registers the
/// blob under `"<version>/<lang>"` in `window.__folioIndex`, in UTF-16.
pub fn index_js(version: &str, lang: Lang, blob: &[u8]) -> Vec<u8> {
    registering_js("__folioIndex", &format!("{version}/{lang}"), &gzip(blob, index_level(blob.len())))
}

/// A UTF-16 script that stores `gz` (a gzip, 15 bits a character) under
/// `key` in the global object `window[global]`.
fn registering_js(global: &str, key: &str, gz: &[u8]) -> Vec<u8> {
    // A JSON string is a valid JS string literal, whatever the key holds.
    let key = serde_json::to_string(key).unwrap_or_default();
    utf16_file(&format!(
        "window.{global} = window.{global} || {{}};\nwindow.{global}[{key}] = \"{}\";\n",
        fifteen_bit_text(gz)
    ))
}

/// Where the section texts of the page at `url` (`2025/es/p.html`, an
/// anchor is ignored) go, relative to the site root: `search/text/2025/es/p.js`.
/// The loader computes the same name.
pub fn text_js_path(url: &str) -> String {
    let page = url.split('#').next().unwrap_or_default();
    format!("search/text/{}.js", page.strip_suffix(".html").unwrap_or(page))
}

/// The texts of `docs`' sections as the site ships them, one file per page
/// (see [`text_js_path`]): `(path, contents)`, in page order. Each file
/// registers, under its page's url in `window.__folioText`, a JSON object
/// from each section's anchor (`""` for the page itself) to its text.
/// Sections without text are left out. [`unpack_texts`] reads a file back.
pub fn text_files(docs: &[SearchDoc]) -> Vec<(String, Vec<u8>)> {
    let mut pages: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::new();
    for d in docs.iter().filter(|d| !d.body.is_empty()) {
        let (page, anchor) = d.url.split_once('#').unwrap_or((&d.url, ""));
        pages.entry(page).or_default().insert(anchor, &d.body);
    }
    pages
        .into_iter()
        .map(|(page, texts)| {
            let json = serde_json::to_vec(&texts).unwrap_or_default();
            let level = CompressionLvl::new(TEXT_LEVEL).unwrap_or_default();
            (text_js_path(page), registering_js("__folioText", page, &gzip(&json, level)))
        })
        .collect()
}

/// The section texts a [`text_files`] file carries, by anchor.
pub fn unpack_texts(file: &[u8]) -> Result<BTreeMap<String, String>, SearchError> {
    serde_json::from_slice(&unpack_js(file)?).map_err(|_| SearchError::Corrupt("not a folio text payload"))
}

/// The bytes an [`index_js`] or [`engine_js`] file carries (how `folio
/// search` reads a site's index without a second copy of it).
pub fn unpack_js(file: &[u8]) -> Result<Vec<u8>, SearchError> {
    let bad = || SearchError::Corrupt("not a folio search payload");
    let js = from_utf16_file(file).ok_or_else(bad)?;
    // The payload never holds a `"`, so its literal is the last one.
    let start = js.rfind("= \"").ok_or_else(bad)? + 3;
    let end = js.rfind('"').filter(|&end| end >= start).ok_or_else(bad)?;
    let gz = from_fifteen_bit(&js[start..end]).ok_or_else(bad)?;
    gunzip(&gz).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unpack_js_payload(js: &[u8]) -> Vec<u8> {
        unpack_js(js).unwrap()
    }

    /// The text of a generated file.
    fn text(js: &[u8]) -> String {
        from_utf16_file(js).unwrap()
    }

    // The .js payloads carry exactly the given bytes under the expected names.
    #[test]
    fn js_payloads_round_trip() {
        let js = index_js("2025", Lang::Es, b"blob bytes");
        assert!(text(&js).starts_with("window.__folioIndex = window.__folioIndex || {};\n"));
        assert!(text(&js).contains("window.__folioIndex[\"2025/es\"] = \""));
        assert_eq!(unpack_js_payload(&js), b"blob bytes");
        let js = engine_js();
        assert!(text(&js).starts_with("window.__folioWasm = \""));
        let wasm = concat!(env!("CARGO_MANIFEST_DIR"), "/../folio-search-wasm/dist/folio_search.wasm");
        assert_eq!(unpack_js_payload(&js), std::fs::read(wasm).unwrap(), "the Zopfli gzip is of the committed wasm");
        assert_eq!(index_js_path("2025", Lang::En), "search/index-2025-en.js");
    }

    // Every byte value, at every bit offset, survives the 15-bit text; its
    // characters need no escape in a string literal and are no surrogates;
    // the file starts with the UTF-16 byte order mark.
    #[test]
    fn fifteen_bit_text_round_trips() {
        let all: Vec<u8> = (0..=255).chain((0..=255).rev()).collect();
        for len in 0..all.len() {
            let text = fifteen_bit_text(&all[..len]);
            assert!(text.chars().all(|c| ('\u{800}'..='\u{87ff}').contains(&c)), "{text:?}");
            assert_eq!(from_fifteen_bit(&text).unwrap(), &all[..len]);
            let file = utf16_file(&text);
            assert_eq!(&file[..2], &[0xff, 0xfe]);
            assert_eq!(from_utf16_file(&file).unwrap(), text);
        }
        // A wrong padding count or a character outside the alphabet is refused.
        assert_eq!(from_fifteen_bit("\u{805}\u{800}"), None);
        assert_eq!(from_fifteen_bit("\u{800}a"), None);
        assert_eq!(from_utf16_file(b"window"), None);
    }

    // The file holds under 1.08 bytes per byte of gzip (base64 would need
    // 1.33, the former 7-bit ASCII text 1.14).
    #[test]
    fn payload_is_dense() {
        // Incompressible bytes (xorshift), so that gzip cannot hide the cost.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let noise: Vec<u8> = (0..30_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 32) as u8
            })
            .collect();
        let js = index_js("2025", Lang::Es, &noise);
        let gz_len = gzip(&noise, index_level(noise.len())).len();
        assert!(js.len() * 100 < gz_len * 108, "{} bytes for {gz_len} bytes of gzip", js.len());
        assert_eq!(unpack_js(&js).unwrap(), noise);
    }

    // A hostile version id cannot break out of the JS string.
    #[test]
    fn version_is_escaped_in_js() {
        let js = text(&index_js("x\"];alert(1);//", Lang::Es, b""));
        assert!(js.contains(r#"window.__folioIndex["x\"];alert(1);///es"]"#), "{js}");
    }

    // The committed wasm is embedded, gzipped with a fixed header (no time,
    // no name), so that engine.js is the same on every build.
    #[test]
    fn wasm_is_embedded() {
        assert_eq!(&WASM_GZ[..4], &[0x1f, 0x8b, 8, 0]);
        assert_eq!(&WASM_GZ[4..8], &[0, 0, 0, 0]);
    }
}
