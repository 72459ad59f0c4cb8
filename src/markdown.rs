//! Markdown, parsed once per page with pulldown-cmark and kept as events.
//!
//! Parsing computes what other pages need before any page is rendered (heading
//! anchors, the plain text of each heading section for search); rendering
//! turns the stored events into HTML, resolving `@id` and `.md` links through
//! the caller, localizing callouts, and sanitizing raw HTML.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// A problem found in a page body, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Byte offset in the Markdown body.
    pub offset: usize,
    /// Diagnostic code.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// A heading with its anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The heading's plain text.
    pub text: String,
    /// The `id` attribute: explicit `{#id}` or derived from the text.
    pub anchor: String,
}

/// The plain text under one heading (or before the first), for search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSection {
    /// Index into [`Document::headings`]; `None` for the text before the first
    /// heading (always present, possibly empty: search indexes the page title there).
    pub heading: Option<usize>,
    /// Words of the section, separated by spaces.
    pub text: String,
}

/// A parsed Markdown body.
#[derive(Debug, Clone, Default)]
pub struct Document {
    events: Vec<(Event<'static>, Range<usize>)>,
    /// Headings in order, with unique anchors.
    pub headings: Vec<Heading>,
    /// Plain text per heading section.
    pub text_sections: Vec<TextSection>,
    has_raw_html: bool,
}

/// The kinds of callout, in the order of [`Labels::callouts`].
pub const CALLOUT_KINDS: [&str; 5] = ["note", "tip", "important", "warning", "caution"];

/// Localized words that rendering puts into the page.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    /// Titles of note, tip, important, warning and caution callouts.
    pub callouts: [String; 5],
    /// Accessible label of a heading's permalink.
    pub permalink: String,
    /// Accessible label of the link back from a footnote.
    pub footnote_back: String,
}

/// Where a link in Markdown points, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRef<'a> {
    /// `@id` or `@id#anchor`.
    Id {
        /// Page id.
        id: &'a str,
        /// Anchor within it.
        anchor: Option<&'a str>,
    },
    /// A relative path to another Markdown file, possibly with an anchor.
    File {
        /// Path as written, relative to the linking file.
        path: &'a str,
        /// Anchor within it.
        anchor: Option<&'a str>,
    },
}

/// Why a link could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// Turns a link reference into a URL, or explains why it cannot.
pub type Resolver<'r> = dyn FnMut(LinkRef<'_>) -> Result<String, BrokenLink> + 'r;

/// How ids are written into HTML: per page, or prefixed when many pages share
/// one HTML document (the print page).
#[derive(Debug, Clone, Copy)]
pub struct IdScope<'a> {
    /// Prefix for heading and footnote ids (`""` on ordinary pages).
    pub prefix: &'a str,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
}

/// Turns heading text into a readable ASCII anchor: "Declaración de la
/// víctima" becomes `declaracion-de-la-victima`.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

fn valid_explicit_anchor(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

impl Document {
    /// Parses a Markdown body, assigning anchors and collecting plain text.
    pub fn parse(body: &str) -> (Document, Vec<Issue>) {
        let mut issues = Vec::new();
        let mut events: Vec<(Event<'static>, Range<usize>)> = Vec::new();
        let mut headings = Vec::new();
        let mut text_sections = vec![TextSection { heading: None, text: String::new() }];
        let mut used: HashSet<String> = HashSet::new();
        let mut has_raw_html = false;
        // Index in `events` of the open heading's Start event, and its text so far.
        let mut open_heading: Option<(usize, String)> = None;

        for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
            match &event {
                Event::Start(Tag::Heading { .. }) => open_heading = Some((events.len(), String::new())),
                Event::End(TagEnd::Heading(level)) => {
                    if let Some((start, text)) = open_heading.take() {
                        let text = text.trim().to_string();
                        let (start_event, start_range) = &mut events[start];
                        let Event::Start(Tag::Heading { id, .. }) = start_event else { unreachable!() };
                        let anchor = match id.as_deref() {
                            Some(explicit) => {
                                if !valid_explicit_anchor(explicit) {
                                    issues.push(Issue {
                                        offset: start_range.start,
                                        code: "bad-anchor",
                                        message: format!("heading id `{explicit}` has characters that are not allowed"),
                                        hint: "use letters, digits, `-`, `_` or `.`".into(),
                                    });
                                } else if used.contains(explicit) {
                                    issues.push(Issue {
                                        offset: start_range.start,
                                        code: "duplicate-anchor",
                                        message: format!("heading id `{explicit}` is used twice in this page"),
                                        hint: "give each heading a distinct `{#id}`".into(),
                                    });
                                }
                                explicit.to_string()
                            }
                            None => {
                                let base = slugify(&text);
                                let mut anchor = base.clone();
                                let mut n = 2;
                                while used.contains(&anchor) {
                                    anchor = format!("{base}-{n}");
                                    n += 1;
                                }
                                anchor
                            }
                        };
                        used.insert(anchor.clone());
                        *id = Some(CowStr::from(anchor.clone()));
                        headings.push(Heading { level: heading_level(*level), text, anchor });
                        text_sections.push(TextSection { heading: Some(headings.len() - 1), text: String::new() });
                    }
                }
                Event::Text(t) | Event::Code(t) => {
                    let sink = match &mut open_heading {
                        Some((_, heading)) => heading,
                        None => &mut text_sections.last_mut().expect("always one section").text,
                    };
                    sink.push_str(t);
                }
                // Words on either side of a line break or a block boundary stay apart.
                Event::SoftBreak
                | Event::HardBreak
                | Event::End(
                    TagEnd::Paragraph
                    | TagEnd::Item
                    | TagEnd::TableCell
                    | TagEnd::BlockQuote(_)
                    | TagEnd::CodeBlock
                    | TagEnd::DefinitionListTitle
                    | TagEnd::DefinitionListDefinition
                    | TagEnd::FootnoteDefinition,
                ) => {
                    let sink = match &mut open_heading {
                        Some((_, heading)) => heading,
                        None => &mut text_sections.last_mut().expect("always one section").text,
                    };
                    if !sink.is_empty() && !sink.ends_with(' ') {
                        sink.push(' ');
                    }
                }
                Event::Html(_) | Event::InlineHtml(_) => has_raw_html = true,
                _ => {}
            }
            events.push((event.into_static(), range));
        }
        (Document { events, headings, text_sections, has_raw_html }, issues)
    }

    /// The parsed events in order, for stages that read the structure of the
    /// text rather than render it (edition comparison).
    pub fn events(&self) -> impl Iterator<Item = &Event<'static>> {
        self.events.iter().map(|(event, _)| event)
    }

    /// Whether the page has a heading with this anchor.
    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.headings.iter().any(|h| h.anchor == anchor)
    }

    /// Renders the body to HTML.
    ///
    /// `resolve` turns a link reference into a URL, or explains why it cannot.
    pub fn render(&self, labels: &Labels, scope: IdScope<'_>, resolve: &mut Resolver<'_>) -> (String, Vec<Issue>) {
        let mut issues = Vec::new();
        let mut out: Vec<Event<'_>> = Vec::with_capacity(self.events.len());
        let footnotes = self.footnote_numbers();
        // For each open link: whether it was kept (false: rendered as plain text).
        let mut link_kept: Vec<bool> = Vec::new();
        let prefix = scope.prefix;

        for (event, range) in &self.events {
            match event {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    let anchor = id.as_deref().unwrap_or_default();
                    out.push(Event::Html(format!("<{level} id=\"{prefix}{anchor}\">").into()));
                }
                Event::End(TagEnd::Heading(level)) => {
                    // The heading's anchor is the id of the matching start, which we find from the output.
                    let anchor = self.heading_anchor_before(range.start);
                    out.push(Event::Html(
                        format!(
                            "<a class=\"permalink\" href=\"#{prefix}{anchor}\"><span aria-hidden=\"true\">¶</span><span class=\"visually-hidden\">{}</span></a></{level}>",
                            escape(&labels.permalink)
                        )
                        .into(),
                    ));
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    let i = callout_index(*kind);
                    out.push(Event::Html(
                        format!(
                            "<aside class=\"callout callout-{}\" role=\"note\"><p class=\"callout-title\">{}</p>",
                            CALLOUT_KINDS[i],
                            escape(&labels.callouts[i])
                        )
                        .into(),
                    ));
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => out.push(Event::Html("</aside>".into())),
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    match self.link_target(dest_url, *link_type, range.start, scope, resolve, &mut issues) {
                        Some(url) => {
                            link_kept.push(true);
                            out.push(Event::Start(Tag::Link {
                                link_type: *link_type,
                                dest_url: url.into(),
                                title: title.clone(),
                                id: id.clone(),
                            }));
                        }
                        None => link_kept.push(false),
                    }
                }
                Event::End(TagEnd::Link) => {
                    if link_kept.pop().unwrap_or(false) {
                        out.push(event.clone());
                    }
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    issues.push(Issue {
                        offset: range.start,
                        code: "unsupported-image",
                        message: format!("images are not supported yet (`{dest_url}`)"),
                        hint: "describe the figure in text or as a table".into(),
                    });
                    out.push(event.clone());
                }
                Event::FootnoteReference(name) => {
                    let n = footnotes.get(name.as_ref()).copied().unwrap_or(0);
                    let name = slugify(name);
                    out.push(Event::Html(
                        format!("<sup class=\"footnote-ref\" id=\"{prefix}fnref-{name}\"><a href=\"#{prefix}fn-{name}\">{n}</a></sup>").into(),
                    ));
                }
                Event::Start(Tag::FootnoteDefinition(name)) => {
                    let n = footnotes.get(name.as_ref()).copied().unwrap_or(0);
                    let name = slugify(name);
                    out.push(Event::Html(
                        format!(
                            "<div class=\"footnote\" id=\"{prefix}fn-{name}\"><a class=\"footnote-label\" href=\"#{prefix}fnref-{name}\">{n}<span class=\"visually-hidden\"> ({})</span></a>",
                            escape(&labels.footnote_back)
                        )
                        .into(),
                    ));
                }
                Event::End(TagEnd::FootnoteDefinition) => out.push(Event::Html("</div>".into())),
                other => out.push(other.clone()),
            }
        }
        let mut html = String::with_capacity(self.events.len() * 16);
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        if self.has_raw_html {
            html = sanitizer().clean(&html).to_string();
        }
        (html, issues)
    }

    /// Footnote label -> number, in order of first reference.
    fn footnote_numbers(&self) -> HashMap<&str, usize> {
        let mut numbers = HashMap::new();
        for (event, _) in &self.events {
            if let Event::FootnoteReference(name) = event {
                let next = numbers.len() + 1;
                numbers.entry(name.as_ref()).or_insert(next);
            }
        }
        numbers
    }

    /// The anchor of the last heading that starts before `offset`.
    fn heading_anchor_before(&self, offset: usize) -> &str {
        self.events
            .iter()
            .rev()
            .filter(|(_, r)| r.start <= offset)
            .find_map(|(e, _)| match e {
                Event::Start(Tag::Heading { id, .. }) => id.as_deref(),
                _ => None,
            })
            .unwrap_or_default()
    }

    fn link_target(
        &self,
        dest: &str,
        link_type: LinkType,
        offset: usize,
        scope: IdScope<'_>,
        resolve: &mut Resolver<'_>,
        issues: &mut Vec<Issue>,
    ) -> Option<String> {
        let mut fail = |code: &'static str, message: String, hint: &str| {
            issues.push(Issue { offset, code, message, hint: hint.into() });
            None
        };
        if matches!(link_type, LinkType::Email) {
            return Some(format!("mailto:{dest}"));
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (dest, None),
        };
        if let Some(id) = path.strip_prefix('@') {
            return match resolve(LinkRef::Id { id, anchor }) {
                Ok(url) => Some(url),
                Err(broken) => fail("broken-link", broken.message, &broken.hint),
            };
        }
        if path.is_empty() {
            let anchor = anchor.unwrap_or_default();
            if self.has_anchor(anchor) {
                return Some(format!("#{}{anchor}", scope.prefix));
            }
            return fail(
                "broken-link",
                format!("no heading with anchor `#{anchor}` in this page"),
                "check the anchor against the page's headings",
            );
        }
        if let Some(scheme) = url_scheme(path) {
            if matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel") {
                return Some(dest.to_string());
            }
            return fail(
                "unsafe-link",
                format!("links with the scheme `{scheme}:` are not allowed"),
                "link to pages with `@id`, or to the web with `https:`",
            );
        }
        if path.starts_with('/') || path.starts_with('\\') {
            return fail(
                "absolute-link",
                format!(
                    "`{dest}` is an absolute path, which breaks when the site is opened from a folder or a USB stick"
                ),
                "link to pages with `@id` or a relative `.md` path",
            );
        }
        if path.ends_with(".md") {
            return match resolve(LinkRef::File { path, anchor }) {
                Ok(url) => Some(url),
                Err(broken) => fail("broken-link", broken.message, &broken.hint),
            };
        }
        fail(
            "broken-link",
            format!("`{dest}` is neither a page id (`@id`) nor a Markdown file"),
            "link to pages with `@id` or a relative `.md` path",
        )
    }
}

/// The lowercased scheme of a URL such as `https://…` or `javascript:…`,
/// ignoring the whitespace and control characters that browsers ignore.
fn url_scheme(url: &str) -> Option<String> {
    let cleaned: String = url.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect();
    let colon = cleaned.find(':')?;
    let scheme = &cleaned[..colon];
    let valid = !scheme.is_empty()
        && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

pub(crate) fn callout_index(kind: BlockQuoteKind) -> usize {
    match kind {
        BlockQuoteKind::Note => 0,
        BlockQuoteKind::Tip => 1,
        BlockQuoteKind::Important => 2,
        BlockQuoteKind::Warning => 3,
        BlockQuoteKind::Caution => 4,
    }
}

/// Escapes text for HTML content and attribute values (the search core's
/// escaping, so snippets and pages agree).
pub use folio_search::snippet::escape_html as escape;

/// The sanitizer for pages that contain raw HTML: the HTML we generate
/// passes; script, event handlers and `javascript:` URLs do not.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_tags(["aside", "mark", "section", "figure", "figcaption"]);
        // Images are not supported yet, and must never load from the network.
        b.rm_tags(["img"]);
        b.add_generic_attributes(["id", "class", "role", "lang", "title", "aria-label", "aria-hidden"]);
        b.url_schemes(["http", "https", "mailto"].into_iter().collect());
        b.link_rel(Some("noopener noreferrer"));
        b
    })
}
