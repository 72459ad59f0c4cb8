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
//! The string holds 7 bits per character (see [`seven_bit_literal`]): plain
//! ASCII, so the file reads the same whatever encoding the browser assumes,
//! and about 1.18 bytes on disk per byte of gzip where base64 needs 1.33.

use std::io::Write;
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;
use tantivy::store::Compressor;
use tantivy::{Directory, Index, IndexSettings, IndexWriter, TantivyDocument, TantivyError};

use crate::analyzer::Protected;
use crate::glossary::{self, Glossary};
use crate::schema::{build_schema, Fields};
use crate::{analyzer, blob, Lang, SearchDoc, SearchError};

/// The committed browser engine (`crates/folio-search-wasm/dist`), rebuilt
/// by `scripts/build-wasm.sh`. Pass it to [`engine_js`].
pub const WASM: &[u8] = include_bytes!("../../folio-search-wasm/dist/folio_search.wasm");

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
        doc.add_text(fields.body, &d.body);
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

/// The body of a JS string literal carrying the gzip of `bytes` (best
/// compression, fixed header, so the output is reproducible).
fn payload_literal(bytes: &[u8]) -> String {
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    // Writing into a Vec cannot fail.
    gz.write_all(bytes).expect("gzip into memory");
    seven_bit_literal(&gz.finish().expect("gzip into memory"))
}

/// `bytes` as the body of a double-quoted JS string literal whose characters
/// carry 7 bits each (most significant bit first, the last one padded with
/// zero bits). Each character is its 7-bit value written raw, except the few
/// that a string literal cannot hold as they are, which are escaped. The
/// loader's `textToBytes` reads the parsed string back; [`unpack_js`] reads
/// the literal.
fn seven_bit_literal(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 8 / 7 + bytes.len() / 16 + 2);
    let mut push = |value: u32, next_is_digit: bool| match value {
        0 if next_is_digit => out.push_str("\\x00"),
        0 => out.push_str("\\0"),
        0x0a => out.push_str("\\n"),
        0x0d => out.push_str("\\r"),
        0x22 => out.push_str("\\\""),
        0x5c => out.push_str("\\\\"),
        // Below 0x80, so always a char.
        v => out.push(char::from_u32(v).unwrap_or_default()),
    };
    let values = seven_bit_values(bytes);
    for (i, &value) in values.iter().enumerate() {
        let next_is_digit = values.get(i + 1).is_some_and(|&v| (0x30..=0x39).contains(&v));
        push(value, next_is_digit);
    }
    out
}

/// `bytes` cut into 7-bit values, most significant bit first.
fn seven_bit_values(bytes: &[u8]) -> Vec<u32> {
    let mut values = Vec::with_capacity(bytes.len() * 8 / 7 + 1);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 7 {
            bits -= 7;
            values.push((acc >> bits) & 0x7f);
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        values.push((acc << (7 - bits)) & 0x7f);
    }
    values
}

/// The bytes of a [`seven_bit_literal`], given the string it stands for.
fn from_seven_bit(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 7 / 8);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.chars() {
        let value = u32::from(c);
        if value > 0x7f {
            return None;
        }
        acc = (acc << 7) | value;
        bits += 7;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The string a JS string literal body written by [`seven_bit_literal`]
/// stands for (only the escapes it writes are understood).
fn unescape_literal(body: &str) -> Option<String> {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '0' => '\0',
            'n' => '\n',
            'r' => '\r',
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
            }
            other => other,
        });
    }
    Some(out)
}

/// The contents of `search/engine.js`: `window.__folioWasm = "<gzip, 7 bits a character>"`.
pub fn engine_js(wasm_bytes: &[u8]) -> String {
    format!("window.__folioWasm = \"{}\";\n", payload_literal(wasm_bytes))
}

/// The contents of `search/index-<version>-<lang>.js`, which registers the
/// blob under `"<version>/<lang>"` in `window.__folioIndex`.
pub fn index_js(version: &str, lang: Lang, blob: &[u8]) -> String {
    // A JSON string is a valid JS string literal, whatever the version id holds.
    let key = serde_json::to_string(&format!("{version}/{lang}")).unwrap_or_default();
    format!(
        "window.__folioIndex = window.__folioIndex || {{}};\nwindow.__folioIndex[{key}] = \"{}\";\n",
        payload_literal(blob)
    )
}

/// The bytes an [`index_js`] or [`engine_js`] payload carries (how
/// `folio search` reads a site's index without a second copy of it).
pub fn unpack_js(js: &str) -> Result<Vec<u8>, SearchError> {
    use std::io::Read;
    let bad = || SearchError::Corrupt("not a folio search payload");
    // The payload never holds an unescaped `"`, so its literal is the last one.
    let start = js.rfind("= \"").ok_or_else(bad)? + 3;
    let end = js.rfind('"').filter(|&end| end >= start).ok_or_else(bad)?;
    let gz = unescape_literal(&js[start..end]).and_then(|text| from_seven_bit(&text)).ok_or_else(bad)?;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut out).map_err(|_| bad())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unpack_js_payload(js: &str) -> Vec<u8> {
        unpack_js(js).unwrap()
    }

    // The .js payloads carry exactly the given bytes under the expected names.
    #[test]
    fn js_payloads_round_trip() {
        let js = index_js("2025", Lang::Es, b"blob bytes");
        assert!(js.starts_with("window.__folioIndex = window.__folioIndex || {};\n"));
        assert!(js.contains("window.__folioIndex[\"2025/es\"] = \""));
        assert_eq!(unpack_js_payload(&js), b"blob bytes");
        let js = engine_js(b"\0asm");
        assert!(js.starts_with("window.__folioWasm = \""));
        assert_eq!(unpack_js_payload(&js), b"\0asm");
        assert_eq!(index_js_path("2025", Lang::En), "search/index-2025-en.js");
    }

    // Every byte value, at every bit offset, survives the 7-bit literal, the
    // escapes included; the literal is plain ASCII with no raw quote,
    // backslash or line break.
    #[test]
    fn seven_bit_literal_round_trips() {
        let all: Vec<u8> = (0..=255).chain((0..=255).rev()).collect();
        for len in 0..all.len() {
            let literal = seven_bit_literal(&all[..len]);
            assert!(literal.is_ascii() && !literal.contains(['\n', '\r']), "{literal:?}");
            assert!(!literal.replace("\\\\", "").replace("\\\"", "").contains('"'), "{literal:?}");
            let text = unescape_literal(&literal).unwrap();
            assert_eq!(from_seven_bit(&text).unwrap(), &all[..len]);
        }
        // A zero before a digit is not written as `\0` (an octal escape in JS).
        // (7-bit values 0, 0x30 = `0`, then 0 again, at the end.)
        assert_eq!(seven_bit_literal(&[0, 0xc0]), "\\x000\\0");
    }

    // The 7-bit encoding is denser than base64 would be (4 characters per 3 bytes).
    #[test]
    fn payload_is_denser_than_base64() {
        let noise: Vec<u8> = (0u32..30_000).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        let js = engine_js(&noise);
        let gz_len = {
            let mut gz = GzEncoder::new(Vec::new(), Compression::best());
            gz.write_all(&noise).unwrap();
            gz.finish().unwrap().len()
        };
        assert!(js.len() * 100 < gz_len * 4 / 3 * 92, "{} bytes for {gz_len} bytes of gzip", js.len());
        assert_eq!(unpack_js(&js).unwrap(), noise);
    }

    // A hostile version id cannot break out of the JS string.
    #[test]
    fn version_is_escaped_in_js() {
        let js = index_js("x\"];alert(1);//", Lang::Es, b"");
        assert!(js.contains(r#"window.__folioIndex["x\"];alert(1);///es"]"#), "{js}");
    }

    // The committed wasm is embedded.
    #[test]
    fn wasm_is_embedded() {
        assert_eq!(&WASM[..4], b"\0asm");
    }
}
