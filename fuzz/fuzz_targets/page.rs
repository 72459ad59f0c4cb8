//! Fuzzes what an author controls in a page: front matter and Markdown.
//! Any input must give a page or diagnostics, never a panic, and rendered
//! HTML must never carry script.
#![no_main]

use std::path::Path;

use folio::markdown::{Document, IdScope, Labels, LinkRef};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let body = match folio::content::front_matter::parse(Path::new("fuzz.md"), text) {
        Ok((_, body_start)) => &text[body_start..],
        Err(_) => text,
    };
    let (doc, _) = Document::parse(body);
    let mut resolve = |link: LinkRef<'_>| match link {
        LinkRef::Id { id, .. } => Ok(format!("{id}.html")),
        LinkRef::File { path, .. } => Ok(path.replace(".md", ".html")),
    };
    let (html, _) = doc.render(&Labels::default(), IdScope { prefix: "" }, &mut resolve);
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "script in output: {html}");
    for attr in ["href=\"javascript:", "src=\"javascript:", "href=\"data:", "src=\"data:"] {
        assert!(!lower.contains(attr), "unsafe URL in output: {html}");
    }
});
