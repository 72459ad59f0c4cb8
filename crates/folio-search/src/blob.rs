//! The container that carries a whole index as one byte string.
//!
//! A tantivy index is a handful of files; the browser can only receive bytes
//! inside a `.js` file, and the native CLI should read exactly what the
//! browser reads. So the builder packs the files into one blob with a small
//! header, and [`unpack`] reads it back without copying. Beside tantivy's
//! files, the blob holds the index's glossary
//! ([`crate::glossary::BLOB_FILE`]). Layout (integers little-endian):
//!
//! ```text
//! magic  b"FOLIOIX\0"                 8 bytes
//! format u32                          = INDEX_FORMAT_VERSION
//! lang   u8 length + ASCII code       "es" | "en"
//! count  u32                          number of files
//! count × { name: u16 length + UTF-8, data: u32 length + bytes }
//! ```
//!
//! The format version comes right after the magic so that any later layout
//! can still be recognized and refused with a clear message.

use crate::{Lang, SearchError, INDEX_FORMAT_VERSION};

/// First bytes of every Folio index blob.
pub const MAGIC: &[u8; 8] = b"FOLIOIX\0";

/// A blob read back: its language and its files, borrowed from the blob.
#[derive(Debug)]
pub struct Unpacked<'a> {
    /// Language the index was analyzed with.
    pub lang: Lang,
    /// `(file name, contents)` in the order they were packed.
    pub files: Vec<(&'a str, &'a [u8])>,
}

/// Packs `files` (name, contents) into a blob of the current format.
/// Files are written in the given order; the builder sorts them so that the
/// same index always gives the same bytes.
pub fn pack<'a>(lang: Lang, files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&INDEX_FORMAT_VERSION.to_le_bytes());
    let code = lang.code().as_bytes();
    out.push(code.len() as u8);
    out.extend_from_slice(code);
    let files: Vec<_> = files.into_iter().collect();
    out.extend_from_slice(&(files.len() as u32).to_le_bytes());
    for (name, data) in files {
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(data);
    }
    out
}

/// Reads a blob, checking magic, format version and every length.
pub fn unpack(blob: &[u8]) -> Result<Unpacked<'_>, SearchError> {
    let mut r = Reader { rest: blob };
    if r.take(MAGIC.len()).ok() != Some(&MAGIC[..]) {
        return Err(SearchError::NotAnIndex);
    }
    let found = r.u32()?;
    if found != INDEX_FORMAT_VERSION {
        return Err(SearchError::FormatVersion { found, expected: INDEX_FORMAT_VERSION });
    }
    let code_len = usize::from(r.take(1)?[0]);
    let code = std::str::from_utf8(r.take(code_len)?).map_err(|_| SearchError::Corrupt("language code is not text"))?;
    let lang = code.parse()?;
    let count = r.u32()?;
    let mut files = Vec::new();
    for _ in 0..count {
        let name_len = usize::from(u16::from_le_bytes(r.array()?));
        let name =
            std::str::from_utf8(r.take(name_len)?).map_err(|_| SearchError::Corrupt("file name is not UTF-8"))?;
        let data_len = r.u32()? as usize;
        files.push((name, r.take(data_len)?));
    }
    if !r.rest.is_empty() {
        return Err(SearchError::Corrupt("trailing bytes after the last file"));
    }
    Ok(Unpacked { lang, files })
}

/// A cursor over the blob that fails instead of reading past the end.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SearchError> {
        if n > self.rest.len() {
            return Err(SearchError::Corrupt("unexpected end of data"));
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], SearchError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, SearchError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        pack(Lang::En, [("meta.json", &b"{}"[..]), ("a.idx", &b"\x00\x01\x02"[..])])
    }

    // Packing then unpacking gives back the language and the files.
    #[test]
    fn round_trip() {
        let blob = sample();
        let unpacked = unpack(&blob).unwrap();
        assert_eq!(unpacked.lang, Lang::En);
        assert_eq!(unpacked.files, [("meta.json", &b"{}"[..]), ("a.idx", &b"\x00\x01\x02"[..])]);
    }

    // A blob from another format version is refused with both versions named.
    #[test]
    fn other_format_version_is_refused() {
        let mut blob = sample();
        blob[8..12].copy_from_slice(&(INDEX_FORMAT_VERSION + 1).to_le_bytes());
        let err = unpack(&blob).unwrap_err();
        assert!(matches!(err, SearchError::FormatVersion { found, expected }
            if found == INDEX_FORMAT_VERSION + 1 && expected == INDEX_FORMAT_VERSION));
        assert!(err.to_string().contains("rebuild the site"));
    }

    // Every truncation and foreign data is an error, never a panic.
    #[test]
    fn truncated_or_foreign_blobs_are_errors() {
        let blob = sample();
        for len in 0..blob.len() {
            assert!(unpack(&blob[..len]).is_err(), "prefix of {len} bytes accepted");
        }
        assert!(matches!(unpack(b"<html>"), Err(SearchError::NotAnIndex)));
        let mut long = blob.clone();
        long.push(0);
        assert!(unpack(&long).is_err());
    }
}
