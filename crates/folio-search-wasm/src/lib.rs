//! The browser's search engine: `folio-search` behind a raw C ABI, compiled
//! to `wasm32-unknown-unknown` and committed as `dist/folio_search.wasm`.
//!
//! Why a raw ABI and not wasm-bindgen: the surface is five functions over
//! bytes, the loader (`themes/default/static/js/folio-search-engine.js`) is a
//! classic script that must work under `file://`, and the module then needs
//! no imports and no generated glue that would have to match its version.
//!
//! Protocol (pointers and lengths are wasm `i32`s into the exported memory):
//!
//! | export | meaning |
//! |---|---|
//! | `alloc(len) -> ptr` / `dealloc(ptr, len)` | buffers the loader copies blobs and queries into |
//! | `format_version() -> u32` | `INDEX_FORMAT_VERSION` this engine reads |
//! | `index_open(ptr, len) -> handle` | opens a blob (copied, so the buffer may be freed); `0` = error |
//! | `index_close(handle)` | frees an index |
//! | `search(hptr, hcount, qptr, qlen, limit) -> ptr` | runs a UTF-8 query over the indexes whose handles are the `hcount` little-endian `u32`s at `hptr` (the scope: editions × languages); `ptr` points to a `u32` little-endian length followed by that many bytes of JSON (a `folio_search::Results`); `0` = an unknown handle |
//! | `snippet(handle, qptr, qlen, tptr, tlen) -> ptr` | the HTML snippet of the UTF-8 section text at `tptr` (in the language of index `handle`) for the query at `qptr`, length-prefixed; `0` = an unknown handle |
//! | `written(wptr, wlen, tptr, tlen) -> ptr` | the folded word at `wptr` as the text at `tptr` writes it, length-prefixed (empty when the text lacks it) |
//! | `result_len() -> len` | length of the last output (same as the prefix) |
//! | `last_error() -> ptr` | why the last `index_open` failed, as length-prefixed UTF-8 |
//!
//! A result stays valid until the next call into the module. The answer is
//! `folio_search::Results` serialized with serde, merged across the scope by
//! `folio_search::search_many`, exactly as `folio search` merges it. The
//! loader then completes it as `folio_search::complete` does: it loads the
//! texts the answer names and calls `snippet` and `written`.

use std::cell::RefCell;

use folio_search::snippet::{written_form, Marks};
use folio_search::{open_index, search_many, SearchIndex, INDEX_FORMAT_VERSION};

/// Open indexes (slot `handle - 1`) and the last length-prefixed output.
#[derive(Default)]
struct State {
    indexes: Vec<Option<SearchIndex>>,
    output: Vec<u8>,
    error: Vec<u8>,
    /// The marks of the last `snippet` call's index and query: the rows of
    /// one answer share them.
    marks: Option<(u32, String, Marks)>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// `len` as a little-endian `u32` followed by `bytes`.
fn length_prefixed(out: &mut Vec<u8>, bytes: &[u8]) {
    out.clear();
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// Allocates `len` bytes for the caller to fill.
#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    let mut buffer = Vec::<u8>::with_capacity(len);
    let ptr = buffer.as_mut_ptr();
    std::mem::forget(buffer);
    ptr
}

/// Frees a buffer returned by [`alloc`].
///
/// # Safety
/// `ptr` and `len` must come from one call to [`alloc`], freed once.
#[no_mangle]
pub unsafe extern "C" fn dealloc(ptr: *mut u8, len: usize) {
    // SAFETY: per the contract, this is the Vec that `alloc` leaked.
    drop(unsafe { Vec::from_raw_parts(ptr, 0, len) });
}

/// The index format version this engine reads.
#[no_mangle]
pub extern "C" fn format_version() -> u32 {
    INDEX_FORMAT_VERSION
}

/// Opens the blob at `ptr..ptr+len`; returns a handle, or 0 on error
/// (see [`last_error`]).
///
/// # Safety
/// `ptr..ptr+len` must be readable (e.g. a buffer from [`alloc`]).
#[no_mangle]
pub unsafe extern "C" fn index_open(ptr: *const u8, len: usize) -> u32 {
    // SAFETY: per the contract.
    let blob = unsafe { bytes(ptr, len) };
    STATE.with_borrow_mut(|state| match open_index(blob) {
        Ok(index) => {
            state.indexes.push(Some(index));
            state.indexes.len() as u32
        }
        Err(err) => {
            length_prefixed(&mut state.error, err.to_string().as_bytes());
            0
        }
    })
}

/// Frees the index `handle`; unknown handles are ignored.
#[no_mangle]
pub extern "C" fn index_close(handle: u32) {
    STATE.with_borrow_mut(|state| {
        if let Some(slot) = state.indexes.get_mut((handle as usize).wrapping_sub(1)) {
            *slot = None;
        }
    });
}

/// Searches the indexes whose handles are the `hcount` little-endian `u32`s
/// at `hptr` for the UTF-8 query at `qptr..qptr+qlen`; returns a pointer to
/// the length-prefixed JSON of the answer (at most `limit` rows), or 0 when
/// a handle is unknown. Invalid UTF-8 is replaced, not refused.
///
/// # Safety
/// `hptr..hptr+4*hcount` and `qptr..qptr+qlen` must be readable.
#[no_mangle]
pub unsafe extern "C" fn search(hptr: *const u8, hcount: usize, qptr: *const u8, qlen: usize, limit: u32) -> *const u8 {
    // SAFETY: per the contract.
    let handles = unsafe { bytes(hptr, hcount.saturating_mul(4)) };
    // SAFETY: per the contract.
    let query = String::from_utf8_lossy(unsafe { bytes(qptr, qlen) });
    STATE.with_borrow_mut(|state| {
        let State { indexes, output, .. } = state;
        let mut scope = Vec::with_capacity(hcount);
        for handle in handles.chunks_exact(4) {
            let handle = u32::from_le_bytes([handle[0], handle[1], handle[2], handle[3]]);
            let Some(Some(index)) = indexes.get((handle as usize).wrapping_sub(1)) else {
                return std::ptr::null();
            };
            scope.push(index);
        }
        let results = search_many(&scope, &query, limit as usize);
        let json = serde_json::to_vec(&results).unwrap_or_else(|_| b"{}".to_vec());
        length_prefixed(output, &json);
        output.as_ptr()
    })
}

/// The HTML snippet of the UTF-8 text at `tptr..tptr+tlen`, a section's
/// text in the language of index `handle`, for the query at
/// `qptr..qptr+qlen`; returns a pointer to it, length-prefixed, or 0 when
/// the handle is unknown.
///
/// # Safety
/// `qptr..qptr+qlen` and `tptr..tptr+tlen` must be readable.
#[no_mangle]
pub unsafe extern "C" fn snippet(handle: u32, qptr: *const u8, qlen: usize, tptr: *const u8, tlen: usize) -> *const u8 {
    // SAFETY: per the contract.
    let query = String::from_utf8_lossy(unsafe { bytes(qptr, qlen) });
    // SAFETY: per the contract.
    let text = String::from_utf8_lossy(unsafe { bytes(tptr, tlen) });
    STATE.with_borrow_mut(|state| {
        let State { indexes, output, marks, .. } = state;
        let Some(Some(index)) = indexes.get((handle as usize).wrapping_sub(1)) else {
            return std::ptr::null();
        };
        if !matches!(marks, Some((h, q, _)) if *h == handle && *q == query) {
            *marks = Some((handle, query.to_string(), index.marks(&query)));
        }
        let html = marks.as_ref().map(|(_, _, m)| index.snippet(m, &text)).unwrap_or_default();
        length_prefixed(output, html.as_bytes());
        output.as_ptr()
    })
}

/// The folded word at `wptr..wptr+wlen` as the UTF-8 text at
/// `tptr..tptr+tlen` writes it, length-prefixed; empty when the text lacks it.
///
/// # Safety
/// `wptr..wptr+wlen` and `tptr..tptr+tlen` must be readable.
#[no_mangle]
pub unsafe extern "C" fn written(wptr: *const u8, wlen: usize, tptr: *const u8, tlen: usize) -> *const u8 {
    // SAFETY: per the contract.
    let word = String::from_utf8_lossy(unsafe { bytes(wptr, wlen) });
    // SAFETY: per the contract.
    let text = String::from_utf8_lossy(unsafe { bytes(tptr, tlen) });
    let found = written_form(&text, &word).unwrap_or_default();
    STATE.with_borrow_mut(|state| {
        length_prefixed(&mut state.output, found.as_bytes());
        state.output.as_ptr()
    })
}

/// Length of the last output of [`search`], [`snippet`] or [`written`].
#[no_mangle]
pub extern "C" fn result_len() -> u32 {
    STATE.with_borrow(|state| state.output.len().saturating_sub(4) as u32)
}

/// The message of the last [`index_open`] error, length-prefixed UTF-8.
#[no_mangle]
pub extern "C" fn last_error() -> *const u8 {
    STATE.with_borrow_mut(|state| {
        if state.error.is_empty() {
            length_prefixed(&mut state.error, b"");
        }
        state.error.as_ptr()
    })
}

/// `len` bytes at `ptr`, or none for a null or empty buffer.
///
/// # Safety
/// A non-null `ptr` must point to `len` readable bytes that outlive the use.
unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if ptr.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: per the contract.
        unsafe { std::slice::from_raw_parts(ptr, len) }
    }
}

/// The randomness hook `getrandom` calls on `wasm32-unknown-unknown` (built
/// with `--cfg getrandom_backend="custom"`, see `.cargo/config.toml`).
///
/// tantivy needs random numbers only to name new segments while indexing,
/// which the browser never does, so a fixed pseudo-random sequence
/// (SplitMix64) is enough and keeps the module free of imports.
///
/// # Safety
/// `dest` must point to `len` writable bytes.
#[cfg(target_arch = "wasm32")]
#[no_mangle]
unsafe extern "Rust" fn __getrandom_v03_custom(dest: *mut u8, len: usize) -> Result<(), getrandom::Error> {
    use std::cell::Cell;
    thread_local! {
        static SEED: Cell<u64> = const { Cell::new(0x5eed_f011_0000_0001) };
    }
    for i in 0..len {
        let next = SEED.get().wrapping_add(0x9e37_79b9_7f4a_7c15);
        SEED.set(next);
        let mut z = next;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        // SAFETY: per the contract, `dest + i` is writable.
        unsafe { dest.add(i).write((z ^ (z >> 31)) as u8) };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use folio_search::{build_index, Glossary, Lang, SearchDoc};

    use super::*;

    fn read_prefixed(ptr: *const u8) -> String {
        assert!(!ptr.is_null());
        // SAFETY: the module returned a length-prefixed buffer.
        unsafe {
            let len = u32::from_le_bytes(*(ptr as *const [u8; 4])) as usize;
            String::from_utf8(bytes(ptr.add(4), len).to_vec()).unwrap()
        }
    }

    fn copy_in(data: &[u8]) -> *mut u8 {
        let ptr = alloc(data.len());
        // SAFETY: `alloc` returned `data.len()` writable bytes.
        unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), ptr, data.len()) };
        ptr
    }

    // The ABI round trip the JS loader performs: open, search, read, close.
    #[test]
    fn open_search_close() {
        let doc = SearchDoc {
            page_id: "p".into(),
            title: "Víctimas".into(),
            url: "2025/es/p.html".into(),
            body: "La víctima <b>declara</b>.".into(),
            version: "2025".into(),
            lang: "es".into(),
            ..SearchDoc::default()
        };
        let blob = build_index(Lang::Es, &[doc], &Glossary::default()).unwrap();
        let ptr = copy_in(&blob);
        // SAFETY: buffers come from `alloc` and are freed once.
        unsafe {
            let handle = index_open(ptr, blob.len());
            dealloc(ptr, blob.len());
            assert_eq!(handle, 1);

            let query = "victima";
            let q = copy_in(query.as_bytes());
            let scope = handle.to_le_bytes();
            let json = read_prefixed(search(scope.as_ptr(), 1, q, query.len(), 10));
            assert_eq!(json.len() as u32, result_len());
            let results: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(results["total"], 1);
            assert_eq!(results["rows"][0]["url"], "2025/es/p.html");
            assert_eq!(results["rows"][0]["text"], serde_json::json!({"url": "2025/es/p.html", "index": 0}));

            // The snippet of the row's text, then a word as the text writes it.
            let text = "La víctima <b>declara</b>.";
            let t = copy_in(text.as_bytes());
            let html = read_prefixed(snippet(handle, q, query.len(), t, text.len()));
            assert_eq!(html, "La <mark>víctima</mark> &lt;b&gt;declara&lt;/b&gt;.");
            assert!(snippet(handle + 1, q, query.len(), t, text.len()).is_null());
            let w = copy_in(b"victima");
            assert_eq!(read_prefixed(written(w, 7, t, text.len())), "víctima");
            assert_eq!(read_prefixed(written(w, 3, t, text.len())), "");
            dealloc(w, 7);
            dealloc(t, text.len());
            dealloc(q, query.len());

            index_close(handle);
            assert!(search(scope.as_ptr(), 1, std::ptr::null(), 0, 10).is_null());
        }
    }

    // Bad blobs give handle 0 and a readable message.
    #[test]
    fn open_errors_are_reported() {
        // SAFETY: a null, empty buffer is allowed.
        let handle = unsafe { index_open(std::ptr::null(), 0) };
        assert_eq!(handle, 0);
        assert!(read_prefixed(last_error()).contains("not a folio search index"));
        assert_eq!(format_version(), INDEX_FORMAT_VERSION);
    }
}
