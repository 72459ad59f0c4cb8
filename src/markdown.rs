//! Markdown, parsed once per page with pulldown-cmark and kept as events.
//!
//! Parsing computes what other pages need before any page is rendered (heading
//! anchors, the plain text of each heading section for search, the files it
//! uses: [`Document::file_refs`]); rendering turns the stored events into
//! HTML, resolving `@id` and `.md` links, images and attachments through the
//! caller, localizing callouts, and sanitizing raw HTML.
//!
//! An image is always an `<img>` with its size and `loading="lazy"`; on a
//! page the sanitizer cleans, which removes every `<img>` an author writes,
//! the page's own images are put back after it, at markers no author can
//! write (they hold a hash of the page's whole text).
//!
//! Every id a page's HTML holds is unique: heading anchors step around each
//! other, around the theme's ids ([`RESERVED_IDS`]) and around the footnotes'
//! `fn-N`/`fnref-N` ids. Control characters are reported and left out.
//!
//! Nothing rendered carries a `style` attribute, which the site's
//! Content-Security-Policy would block: table alignment becomes an
//! `align-left|center|right` class, and the sanitizer drops authors' `style`.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use pulldown_cmark::{Alignment, BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use sha2::{Digest, Sha256};

use crate::diagnostic::tr;
use crate::diagnostic::{Diagnostic, Severity, Text};

/// Ids that the default theme's templates give to elements of a page that
/// also holds Markdown (`title` from the print page's `<page id>--title`).
/// Heading anchors never take them; a test checks this list against the
/// templates.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "sidebar",
    "search-input",
    "search-help",
    "search-results",
    "contents-title",
    "print-contents-title",
    "changes-summary-title",
    "title",
    "drawer",
    "drawer-title",
    "page-toc-title",
    "cite-text",
    "cover-intro-title",
];

/// The prefixes of footnote ids (`fn-1`, `fnref-1`, `fnref-1-2`), which
/// explicit heading ids may not use.
const FOOTNOTE_ID_PREFIXES: [&str; 2] = ["fn-", "fnref-"];

/// Whether `c` is a control character that must not reach the site: C0
/// except tab, line feed and carriage return, DEL, and C1.
pub fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// A control character as people look it up: `U+0007`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// A problem found in a page body, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Error (the page is not published) or warning.
    pub severity: Severity,
    /// Byte offset in the Markdown body.
    pub offset: usize,
    /// Diagnostic code.
    pub code: &'static str,
    /// What is wrong.
    pub message: Text,
    /// What to do.
    pub hint: Text,
}

impl Issue {
    fn error(offset: usize, code: &'static str, message: impl Into<Text>, hint: impl Into<Text>) -> Issue {
        Issue { severity: Severity::Error, offset, code, message: message.into(), hint: hint.into() }
    }

    fn warning(offset: usize, code: &'static str, message: impl Into<Text>, hint: impl Into<Text>) -> Issue {
        Issue { severity: Severity::Warning, ..Issue::error(offset, code, message, hint) }
    }

    /// The diagnostic for this issue in the page at `path`, whose whole text
    /// is `text` and whose body starts at byte `body_start`.
    pub fn diagnostic(self, path: &Path, text: &str, body_start: usize) -> Diagnostic {
        let diag = Diagnostic::error(self.code, path, self.message);
        Diagnostic { severity: self.severity, ..diag }.at_offset(text, body_start + self.offset).hint(self.hint)
    }
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
    footnotes: Footnotes,
    /// Where control characters were taken out of the body before parsing.
    stripped: Stripped,
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
    /// A relative path to a file that is not a page: an image, or an
    /// attachment to download.
    Asset {
        /// Path as written, relative to the linking file.
        path: &'a str,
        /// What follows `#` (a PDF's `page=2`), kept in the URL.
        fragment: Option<&'a str>,
    },
}

/// Where a link reference points once resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    /// The URL; empty for a target whose own error was already reported.
    pub url: String,
    /// An image's width and height in CSS pixels, when known.
    pub size: Option<(u32, u32)>,
}

impl From<String> for Target {
    fn from(url: String) -> Self {
        Target { url, size: None }
    }
}

/// A file a page uses: an image (any destination, so the caller can refuse
/// remote ones) or a link to a local file that is not a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRef {
    /// The destination as written.
    pub dest: String,
    /// Byte offset in the Markdown body.
    pub offset: usize,
    /// Whether it is an image (`![alt](file)`) rather than a link.
    pub image: bool,
    /// An image's alternative text (empty for links).
    pub alt: String,
}

/// The path and fragment of a destination that names a local file other than
/// a page (relative, no scheme, not `@id`, not `.md`), or `None`.
pub fn local_file(dest: &str) -> Option<(&str, Option<&str>)> {
    let (path, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (dest, None),
    };
    let elsewhere = path.is_empty()
        || path.starts_with('@')
        || path.starts_with('/')
        || path.starts_with('\\')
        || path.ends_with(".md")
        || url_scheme(path).is_some();
    (!elsewhere).then_some((path, fragment))
}

/// Why a link could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// What is wrong.
    pub message: Text,
    /// What to do.
    pub hint: Text,
}

/// Turns a link reference into a URL, or explains why it cannot.
pub type Resolver<'r> = dyn FnMut(LinkRef<'_>) -> Result<Target, BrokenLink> + 'r;

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
    /// Issue offsets are byte offsets of `body`.
    pub fn parse(body: &str) -> (Document, Vec<Issue>) {
        let (clean, stripped, mut control_issues) = strip_controls(body);
        let mut issues = Vec::new();
        let mut events: Vec<(Event<'static>, Range<usize>)> = Vec::new();
        let mut headings = Vec::new();
        let mut text_sections = vec![TextSection { heading: None, text: String::new() }];
        let mut has_raw_html = false;
        // Index in `events` of the open heading's Start event, and its text so far.
        let mut open_heading: Option<(usize, String)> = None;
        // Index in `events` of each heading's Start event, in order.
        let mut heading_starts = Vec::new();

        for (event, range) in Parser::new_ext(&clean, options()).into_offset_iter() {
            match &event {
                Event::Start(Tag::Heading { .. }) => open_heading = Some((events.len(), String::new())),
                Event::End(TagEnd::Heading(level)) => {
                    if let Some((start, text)) = open_heading.take() {
                        heading_starts.push(start);
                        headings.push(Heading {
                            level: heading_level(*level),
                            text: text.trim().to_string(),
                            anchor: String::new(),
                        });
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
        let footnotes = Footnotes::number(&events);
        assign_anchors(&mut events, &heading_starts, &mut headings, &footnotes, &mut issues);
        issues.extend(undefined_footnotes(&events));
        for issue in &mut issues {
            issue.offset = stripped.source_offset(issue.offset);
        }
        control_issues.extend(issues);
        (Document { events, headings, text_sections, has_raw_html, footnotes, stripped }, control_issues)
    }

    /// The parsed events in order, for stages that read the structure of the
    /// text rather than render it (edition comparison).
    pub fn events(&self) -> impl Iterator<Item = &Event<'static>> {
        self.events.iter().map(|(event, _)| event)
    }

    /// The files the page uses, in order: images and links to local files
    /// that are not pages (e-mail autolinks excluded).
    pub fn file_refs(&self) -> Vec<FileRef> {
        let mut refs: Vec<FileRef> = Vec::new();
        // Nesting depth of images (an image's alt text may hold another).
        let mut in_image = 0;
        for (event, range) in &self.events {
            let offset = self.stripped.source_offset(range.start);
            match event {
                Event::Start(Tag::Image { dest_url, .. }) => {
                    if in_image == 0 {
                        refs.push(FileRef { dest: dest_url.to_string(), offset, image: true, alt: String::new() });
                    }
                    in_image += 1;
                }
                Event::End(TagEnd::Image) => in_image -= 1,
                Event::Text(text) | Event::Code(text) if in_image > 0 => {
                    if let Some(image) = refs.last_mut() {
                        image.alt.push_str(text);
                    }
                }
                Event::Start(Tag::Link { link_type, dest_url, .. })
                    if in_image == 0 && *link_type != LinkType::Email && local_file(dest_url).is_some() =>
                {
                    refs.push(FileRef { dest: dest_url.to_string(), offset, image: false, alt: String::new() });
                }
                _ => {}
            }
        }
        refs
    }

    /// A word no author can write into this page: a hash of all its text and
    /// HTML, which would have to contain itself. It marks where the page's
    /// own images go back after sanitizing.
    fn marker_nonce(&self) -> String {
        let mut hasher = Sha256::new();
        for event in self.events() {
            if let Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) = event {
                hasher.update(text.as_bytes());
            }
        }
        hasher.finalize()[..12].iter().map(|b| format!("{b:02x}")).collect()
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
        // For each open link: whether it was kept (false: rendered as plain text).
        let mut link_kept: Vec<bool> = Vec::new();
        let prefix = scope.prefix;
        // The anchor of the open heading (headings do not nest).
        let mut anchor = "";
        // References so far to each footnote, and the numbers of the definitions to come.
        let mut references_seen = vec![0; self.footnotes.references.len()];
        let mut definitions = self.footnotes.definitions.iter();
        let mut table = TableCells::default();
        // The image being rendered: where it points, its title, its alt text
        // so far, and how deeply images nest in it.
        let mut image: Option<(Target, String, String, usize)> = None;
        // On a page the sanitizer cleans, the page's own images, put back after it.
        let mut sanitized_images = self.has_raw_html.then(|| (self.marker_nonce(), Vec::new()));

        for (event, range) in &self.events {
            if let Some((target, title, alt, depth)) = &mut image {
                match event {
                    Event::Start(Tag::Image { .. }) => *depth += 1,
                    Event::End(TagEnd::Image) if *depth > 0 => *depth -= 1,
                    Event::End(TagEnd::Image) => {
                        if !target.url.is_empty() {
                            let html = image_html(target, title, alt);
                            out.push(Event::Html(match &mut sanitized_images {
                                // The sanitizer removes every `<img>`: this one goes back in afterwards.
                                Some((nonce, images)) => {
                                    images.push(html);
                                    image_marker(nonce, images.len() - 1).into()
                                }
                                None => html.into(),
                            }));
                        }
                        image = None;
                    }
                    Event::Text(text) | Event::Code(text) => alt.push_str(text),
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(Tag::Table(alignments)) => {
                    table = TableCells { alignments: alignments.clone(), ..TableCells::default() };
                    out.push(event.clone());
                }
                Event::Start(Tag::TableHead) => {
                    table.start_row(true);
                    out.push(event.clone());
                }
                Event::Start(Tag::TableRow) => {
                    table.start_row(false);
                    out.push(event.clone());
                }
                Event::Start(Tag::TableCell) => out.push(Event::Html(table.start_cell().into())),
                Event::End(TagEnd::TableCell) => out.push(Event::Html(table.end_cell().into())),
                Event::Start(Tag::Heading { level, id, .. }) => {
                    anchor = id.as_deref().unwrap_or_default();
                    out.push(Event::Html(format!("<{level} id=\"{prefix}{anchor}\">").into()));
                }
                Event::End(TagEnd::Heading(level)) => {
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
                Event::Start(Tag::Image { dest_url, title, .. }) => {
                    // A remote or missing image was reported when the page was loaded.
                    let target = match local_file(dest_url) {
                        Some((path, fragment)) => resolve(LinkRef::Asset { path, fragment }).unwrap_or_else(|broken| {
                            issues.push(Issue::error(range.start, "broken-link", broken.message, broken.hint));
                            Target::default()
                        }),
                        None => Target::default(),
                    };
                    image = Some((target, title.to_string(), String::new(), 0));
                }
                Event::FootnoteReference(label) => {
                    let Some(&n) = self.footnotes.by_label.get(&footnote_key(label)) else { continue };
                    references_seen[n - 1] += 1;
                    let (id, target) = (footnote_reference_id(n, references_seen[n - 1]), footnote_id(n));
                    out.push(Event::Html(
                        format!("<sup class=\"footnote-ref\" id=\"{prefix}{id}\"><a href=\"#{prefix}{target}\">{n}</a></sup>").into(),
                    ));
                }
                Event::Start(Tag::FootnoteDefinition(_)) => {
                    let n = definitions.next().copied().unwrap_or_default();
                    let (id, back) = (footnote_id(n), footnote_reference_id(n, 1));
                    out.push(Event::Html(
                        format!(
                            "<div class=\"footnote\" id=\"{prefix}{id}\"><a class=\"footnote-label\" href=\"#{prefix}{back}\">{n}<span class=\"visually-hidden\"> ({})</span></a>",
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
            let (nonce, images) = sanitized_images.unwrap_or_default();
            for (n, image) in images.iter().enumerate() {
                html = html.replacen(&image_marker(&nonce, n), image, 1);
            }
        }
        for issue in &mut issues {
            issue.offset = self.stripped.source_offset(issue.offset);
        }
        (html, issues)
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
        let mut fail = |code: &'static str, message: Text, hint: Text| {
            issues.push(Issue::error(offset, code, message, hint));
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
                Ok(target) => Some(target.url),
                Err(broken) => fail("broken-link", broken.message, broken.hint),
            };
        }
        if path.is_empty() {
            let anchor = anchor.unwrap_or_default();
            if self.has_anchor(anchor) {
                return Some(format!("#{}{anchor}", scope.prefix));
            }
            return fail(
                "broken-link",
                tr!(
                    "no heading with anchor `#{anchor}` in this page",
                    "no hay ningún encabezado con ancla `#{anchor}` en esta página"
                ),
                tr!(
                    "check the anchor against the page's headings",
                    "compare el ancla con los encabezados de la página"
                ),
            );
        }
        if let Some(scheme) = url_scheme(path) {
            if matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel") {
                return Some(dest.to_string());
            }
            return fail(
                "unsafe-link",
                tr!(
                    "links with the scheme `{scheme}:` are not allowed",
                    "no se admiten enlaces con el esquema `{scheme}:`"
                ),
                tr!(
                    "link to pages with `@id`, or to the web with `https:`",
                    "enlace a páginas con `@id`, o a la web con `https:`"
                ),
            );
        }
        if path.starts_with('/') || path.starts_with('\\') {
            return fail(
                "absolute-link",
                tr!(
                    "`{dest}` is an absolute path, which breaks when the site is opened from a folder or a USB stick",
                    "`{dest}` es una ruta absoluta, que falla cuando el sitio se abre desde una carpeta o una memoria USB"
                ),
                tr!(
                    "link to pages with `@id` or a relative `.md` path",
                    "enlace a páginas con `@id` o con una ruta `.md` relativa"
                ),
            );
        }
        if path.ends_with(".md") {
            return match resolve(LinkRef::File { path, anchor }) {
                Ok(target) => Some(target.url),
                Err(broken) => fail("broken-link", broken.message, broken.hint),
            };
        }
        match resolve(LinkRef::Asset { path, fragment: anchor }) {
            Ok(target) => Some(target.url),
            Err(broken) => fail("broken-link", broken.message, broken.hint),
        }
    }
}

/// An image as HTML: always an `<img>` (an SVG's scripts never run there),
/// with its size so the page does not move as it loads, and loaded lazily.
fn image_html(target: &Target, title: &str, alt: &str) -> String {
    let mut html = format!("<img src=\"{}\" alt=\"{}\"", escape(&target.url), escape(alt.trim()));
    if !title.is_empty() {
        html.push_str(&format!(" title=\"{}\"", escape(title)));
    }
    if let Some((width, height)) = target.size {
        html.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
    }
    html.push_str(" loading=\"lazy\" decoding=\"async\">");
    html
}

/// The text that stands for the `n`th image of a sanitized page until it
/// is put back.
fn image_marker(nonce: &str, n: usize) -> String {
    format!("folio-image-{nonce}-{n}")
}

/// Where the cells of the table being rendered stand, so that each is written
/// with its column's alignment as a class (pulldown-cmark's writer would use
/// `style`, which the site's Content-Security-Policy blocks).
#[derive(Debug, Default)]
struct TableCells {
    /// Each column's alignment, from the delimiter row (`:--`, `:-:`, `--:`).
    alignments: Vec<Alignment>,
    /// Whether the cells are header cells (`th`).
    in_head: bool,
    /// The column of the next cell.
    column: usize,
}

impl TableCells {
    fn start_row(&mut self, head: bool) {
        self.in_head = head;
        self.column = 0;
    }

    /// The cell's start tag, with its column's alignment class if it has one.
    fn start_cell(&self) -> String {
        let class = match self.alignments.get(self.column) {
            Some(Alignment::Left) => " class=\"align-left\"",
            Some(Alignment::Center) => " class=\"align-center\"",
            Some(Alignment::Right) => " class=\"align-right\"",
            Some(Alignment::None) | None => "",
        };
        format!("<{}{class}>", self.tag())
    }

    /// The cell's end tag; the next cell is in the next column.
    fn end_cell(&mut self) -> String {
        self.column += 1;
        format!("</{}>", self.tag())
    }

    fn tag(&self) -> &'static str {
        if self.in_head {
            "th"
        } else {
            "td"
        }
    }
}

/// Where control characters were taken out of a body before parsing: for
/// each one, the offset in the cleaned text and the bytes removed up to it.
#[derive(Debug, Clone, Default)]
struct Stripped(Vec<(usize, usize)>);

impl Stripped {
    /// The offset in the original body of an offset in the cleaned one.
    fn source_offset(&self, clean: usize) -> usize {
        let before = self.0.partition_point(|(at, _)| *at <= clean);
        clean + before.checked_sub(1).map_or(0, |i| self.0[i].1)
    }
}

/// The body without its stray control characters, where they were, and one
/// warning per character (at its first occurrence).
fn strip_controls(body: &str) -> (Cow<'_, str>, Stripped, Vec<Issue>) {
    if !body.chars().any(is_stray_control) {
        return (Cow::Borrowed(body), Stripped::default(), Vec::new());
    }
    let mut clean = String::with_capacity(body.len());
    let mut stripped = Vec::new();
    let mut removed = 0;
    // Each character found: its first offset and how many times it occurs.
    let mut found: Vec<(char, usize, usize)> = Vec::new();
    for (offset, c) in body.char_indices() {
        if !is_stray_control(c) {
            clean.push(c);
            continue;
        }
        removed += c.len_utf8();
        stripped.push((clean.len(), removed));
        match found.iter_mut().find(|(seen, ..)| *seen == c) {
            Some((_, _, count)) => *count += 1,
            None => found.push((c, offset, 1)),
        }
    }
    let issues = found
        .into_iter()
        .map(|(c, offset, count)| {
            let c = code_point(c);
            let message = if count > 1 {
                tr!(
                    "the invisible control character {c} is left out of the site ({count} times in this page; this is the first)",
                    "el carácter de control invisible {c} se omite del sitio ({count} veces en esta página; esta es la primera)"
                )
            } else {
                tr!(
                    "the invisible control character {c} is left out of the site",
                    "el carácter de control invisible {c} se omite del sitio"
                )
            };
            Issue::warning(
                offset,
                "control-character",
                message,
                tr!(
                    "delete it; such characters usually come with text copied from a PDF or a terminal",
                    "bórrelo; estos caracteres suelen venir con texto copiado de un PDF o de una terminal"
                ),
            )
        })
        .collect();
    (Cow::Owned(clean), Stripped(stripped), issues)
}

/// The numbers of a page's footnotes: in order of first reference, then the
/// definitions nothing references (and repeated ones), so that each footnote
/// has its own number and ids.
#[derive(Debug, Clone, Default)]
struct Footnotes {
    /// Label (as [`footnote_key`] writes it) -> number, for references.
    by_label: HashMap<String, usize>,
    /// The number of each definition, in the order of the definitions.
    definitions: Vec<usize>,
    /// How many references each footnote has (index: number - 1).
    references: Vec<usize>,
}

impl Footnotes {
    fn number(events: &[(Event<'static>, Range<usize>)]) -> Footnotes {
        let mut footnotes = Footnotes::default();
        for (event, _) in events {
            if let Event::FootnoteReference(label) = event {
                let next = footnotes.references.len() + 1;
                let n = *footnotes.by_label.entry(footnote_key(label)).or_insert(next);
                if n == next {
                    footnotes.references.push(0);
                }
                footnotes.references[n - 1] += 1;
            }
        }
        let mut defined = HashSet::new();
        for (event, _) in events {
            if let Event::Start(Tag::FootnoteDefinition(label)) = event {
                let key = footnote_key(label);
                let n = match footnotes.by_label.get(&key) {
                    Some(&n) if defined.insert(key) => n,
                    _ => {
                        footnotes.references.push(0);
                        footnotes.references.len()
                    }
                };
                footnotes.definitions.push(n);
            }
        }
        footnotes
    }

    /// Every id the footnotes give to the page.
    fn ids(&self) -> impl Iterator<Item = String> + '_ {
        self.references.iter().enumerate().flat_map(|(i, &count)| {
            std::iter::once(footnote_id(i + 1)).chain((1..=count).map(move |k| footnote_reference_id(i + 1, k)))
        })
    }
}

/// A footnote label as pulldown-cmark matches it (case-insensitively;
/// it already collapses spaces).
fn footnote_key(label: &str) -> String {
    label.to_lowercase()
}

fn footnote_id(n: usize) -> String {
    format!("fn-{n}")
}

/// The id of the `k`th reference (from 1) to footnote `n`.
fn footnote_reference_id(n: usize, k: usize) -> String {
    if k == 1 {
        format!("fnref-{n}")
    } else {
        format!("fnref-{n}-{k}")
    }
}

/// Gives each heading its anchor: explicit `{#id}`s first, checked, then ids
/// derived from the text, which step around every id already taken with
/// `-2`, `-3`… (the next suffix of each base is remembered, so this is linear).
fn assign_anchors(
    events: &mut [(Event<'static>, Range<usize>)],
    heading_starts: &[usize],
    headings: &mut [Heading],
    footnotes: &Footnotes,
    issues: &mut Vec<Issue>,
) {
    let mut used: HashSet<String> = RESERVED_IDS.iter().map(|id| id.to_string()).chain(footnotes.ids()).collect();
    for (heading, &start) in headings.iter_mut().zip(heading_starts) {
        if let (Event::Start(Tag::Heading { id: Some(explicit), .. }), range) = &events[start] {
            if let Some((code, message, hint)) = explicit_anchor_problem(explicit, &used) {
                issues.push(Issue::error(range.start, code, message, hint));
            }
            used.insert(explicit.to_string());
            heading.anchor = explicit.to_string();
        }
    }
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    for (heading, &start) in headings.iter_mut().zip(heading_starts) {
        if let (Event::Start(Tag::Heading { id: id @ None, .. }), _) = &mut events[start] {
            heading.anchor = unique_anchor(slugify(&heading.text), &mut used, &mut next_suffix);
            *id = Some(CowStr::from(heading.anchor.clone()));
        }
    }
}

/// Why an explicit heading id cannot be used, if it cannot: code, message, hint.
fn explicit_anchor_problem(id: &str, used: &HashSet<String>) -> Option<(&'static str, Text, Text)> {
    if !valid_explicit_anchor(id) {
        Some((
            "bad-anchor",
            tr!(
                "heading id `{id}` has characters that are not allowed",
                "el id de encabezado `{id}` tiene caracteres no permitidos"
            ),
            tr!("use letters, digits, `-`, `_` or `.`", "use letras, dígitos, `-`, `_` o `.`"),
        ))
    } else if id.starts_with('-') || id.contains("--") {
        Some((
            "bad-anchor",
            tr!(
                "heading id `{id}` starts with `-` or contains `--`, which the print page uses to join page and heading ids",
                "el id de encabezado `{id}` empieza con `-` o contiene `--`, que la página de impresión usa para unir ids de página y de encabezado"
            ),
            tr!("separate words with a single `-`", "separe las palabras con un solo `-`"),
        ))
    } else if RESERVED_IDS.contains(&id) {
        Some((
            "reserved-anchor",
            tr!(
                "heading id `{id}` is used by the theme for its own element",
                "el id de encabezado `{id}` lo usa el tema para un elemento propio"
            ),
            tr!("choose another `{{#id}}`", "elija otro `{{#id}}`"),
        ))
    } else if FOOTNOTE_ID_PREFIXES.iter().any(|prefix| id.starts_with(prefix)) {
        Some((
            "reserved-anchor",
            tr!(
                "heading id `{id}` is reserved for footnotes",
                "el id de encabezado `{id}` está reservado para notas al pie"
            ),
            tr!(
                "choose an id that does not start with `fn-` or `fnref-`",
                "elija un id que no empiece con `fn-` ni `fnref-`"
            ),
        ))
    } else if used.contains(id) {
        Some((
            "duplicate-anchor",
            tr!(
                "heading id `{id}` is used twice in this page",
                "el id de encabezado `{id}` se usa dos veces en esta página"
            ),
            tr!("give each heading a distinct `{{#id}}`", "dé a cada encabezado un `{{#id}}` distinto"),
        ))
    } else {
        None
    }
}

/// `base`, or the first of `base-2`, `base-3`… not in `used`; marks it used.
fn unique_anchor(base: String, used: &mut HashSet<String>, next_suffix: &mut HashMap<String, usize>) -> String {
    if used.insert(base.clone()) {
        return base;
    }
    let n = next_suffix.entry(base.clone()).or_insert(2);
    loop {
        let candidate = format!("{base}-{n}");
        *n += 1;
        if used.insert(candidate.clone()) {
            return candidate;
        }
    }
}

/// A warning for each `[^label]` with no definition, which pulldown-cmark
/// leaves as the text `[`, `^label`, `]`.
fn undefined_footnotes(events: &[(Event<'static>, Range<usize>)]) -> Vec<Issue> {
    events
        .windows(3)
        .filter_map(|window| match window {
            [(Event::Text(open), a), (Event::Text(label), b), (Event::Text(close), c)]
                if open.as_ref() == "["
                    && close.as_ref() == "]"
                    && label.len() > 1
                    && label.starts_with('^')
                    && a.end == b.start
                    && b.end == c.start =>
            {
                Some(Issue::warning(
                    a.start,
                    "undefined-footnote",
                    tr!("footnote `[{label}]` has no definition", "la nota al pie `[{label}]` no tiene definición"),
                    tr!(
                        "add a line `[{label}]: …` with the note, or remove the reference",
                        "añada una línea `[{label}]: …` con la nota, o elimine la referencia"
                    ),
                ))
            }
            _ => None,
        })
        .collect()
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
/// passes; script, event handlers, `javascript:` URLs, `style` attributes and
/// `<style>` elements do not (ammonia's defaults allow neither `style`).
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_tags(["aside", "mark", "section", "figure", "figcaption"]);
        // Authors' images never load from anywhere: the page's own images
        // are put back after sanitizing (see `Document::render`).
        b.rm_tags(["img"]);
        b.add_generic_attributes(["id", "class", "role", "lang", "title", "aria-label", "aria-hidden"]);
        b.url_schemes(["http", "https", "mailto"].into_iter().collect());
        b.link_rel(Some("noopener noreferrer"));
        b
    })
}
