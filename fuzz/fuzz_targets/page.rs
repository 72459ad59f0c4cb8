//! Fuzzes what an author controls in a page: front matter and Markdown.
//! Any input must give a page or diagnostics, never a panic, and a page that
//! would be published (no error diagnostics; warnings do not stop the build)
//! must carry no active content, as a browser would read its HTML.
#![no_main]

use std::cell::RefCell;
use std::path::Path;

use folio::content::front_matter::is_valid_key;
use folio::diagnostic::Severity;
use folio::markdown::{BrokenLink, Document, IdScope, Labels, LinkRef, Target};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (front_matter_ok, body) = match folio::content::front_matter::parse(Path::new("fuzz.md"), text) {
        Ok((_, body_start)) => (true, &text[body_start..]),
        Err(_) => (false, text),
    };
    let (doc, parse_issues) = Document::parse(body);
    // Like the real resolver (render::BookContext::resolve), which only links
    // to pages that exist: ids and file names are keys, anchors are heading
    // anchors; anything else is a broken link. (Echoing `@javascript:x` back
    // as a URL would be this harness's bug, not the renderer's.)
    let mut resolve = |link: LinkRef<'_>| -> Result<Target, BrokenLink> {
        let (url, anchor) = match link {
            LinkRef::Id { id, anchor } => (is_valid_key(id).then(|| format!("{id}.html")), anchor),
            LinkRef::File { path, anchor } => (file_url(path), anchor),
            // Files become `media/<hash>/<safe name>` whatever their path.
            LinkRef::Asset { fragment, .. } => (Some("../../media/0123abcd/file.png".to_string()), fragment),
        };
        let anchor_ok = anchor.is_none_or(|a| {
            !a.is_empty() && a.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        });
        match url {
            Some(url) if anchor_ok => Ok(Target {
                url: match anchor {
                    Some(a) => format!("{url}#{a}"),
                    None => url,
                },
                size: Some((640, 200)),
            }),
            _ => Err(BrokenLink { message: "no such page or anchor".into(), hint: String::new().into() }),
        }
    };
    let (html, render_issues) = doc.render(&Labels::default(), IdScope { prefix: "" }, &mut resolve);
    let no_errors = !parse_issues.iter().any(|issue| issue.severity == Severity::Error);
    if front_matter_ok && no_errors && render_issues.is_empty() {
        let found = active_content(&html);
        assert!(found.is_empty(), "active content {found:?} in output: {html}");
    }
});

/// `../chapter/page.md` to `../chapter/page.html`, if every folder is `..`,
/// `.` or a key and the file is a key with `.md`.
fn file_url(path: &str) -> Option<String> {
    let (dirs, file) = path.rsplit_once('/').unwrap_or(("", path));
    let dirs_ok = dirs.is_empty() || dirs.split('/').all(|d| matches!(d, ".." | ".") || is_valid_key(d));
    let stem = file.strip_suffix(".md")?;
    (dirs_ok && is_valid_key(stem)).then(|| format!("{}.html", &path[..path.len() - 3]))
}

/// Elements that run script, load or embed content, or change where links
/// and forms go. Folio's HTML never needs them; the sanitizer drops them.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "form",
    "svg", "math", "template",
];

/// Attributes whose value a browser follows or loads as a URL.
const URL_ATTRIBUTES: &[&str] =
    &["href", "src", "xlink:href", "action", "formaction", "poster", "background", "data", "srcset", "cite", "ping"];

/// The active content of `html` as a browser's tokenizer sees it (entities
/// decoded, attributes split the browser's way), so markup shown as text —
/// `&lt;a href="javascript:…"&gt;` — does not count. It tokenizes every
/// element's content as markup, which is stricter than a browser.
fn active_content(html: &str) -> Vec<String> {
    struct Sink(RefCell<Vec<String>>);
    impl TokenSink for Sink {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(tag) = token {
                let name = tag.name.to_ascii_lowercase();
                let mut found = self.0.borrow_mut();
                if tag.kind == TagKind::StartTag && ACTIVE_ELEMENTS.contains(&name.as_str()) {
                    found.push(format!("<{name}>"));
                }
                for attr in &tag.attrs {
                    let attr_name = attr.name.local.to_ascii_lowercase();
                    if attr_name.starts_with("on") {
                        found.push(format!("<{name} {attr_name}>"));
                    } else if URL_ATTRIBUTES.contains(&attr_name.as_str()) && is_script_or_data_url(&attr.value) {
                        found.push(format!("<{name} {attr_name}={:?}>", &*attr.value));
                    }
                }
            }
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(Sink(RefCell::new(Vec::new())), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}

/// Whether a browser would read `url` as a `javascript:`, `vbscript:` or
/// `data:` URL: it ignores leading and trailing spaces and control
/// characters, tabs and newlines anywhere, and case.
fn is_script_or_data_url(url: &str) -> bool {
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|scheme| url.starts_with(scheme))
}
