//! The normalized form that edition comparison works on: a page as a list of
//! blocks (title, headings, paragraphs, list items, table rows, ...), each
//! holding the words it shows with their inline styles.
//!
//! It is derived from the pulldown-cmark events, not from the Markdown text,
//! so that changes of formatting only compare equal: re-wrapped lines, `*`
//! or `_`, `-` or `*` list markers, tight or loose lists, ATX or setext
//! headings, table alignment and padding. An image is a token of its file
//! name that carries the file's content hash, so an image redrawn under the
//! same name and alt text compares different.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use pulldown_cmark::{BlockQuoteKind, Event, Tag, TagEnd};

use crate::handbook::Page;

/// Inline style bits of a [`Token`].
pub mod style {
    /// `*emphasis*`.
    pub const EMPHASIS: u8 = 1;
    /// `**strong**`.
    pub const STRONG: u8 = 2;
    /// `~~strikethrough~~`.
    pub const STRIKE: u8 = 4;
    /// `` `code` `` and code blocks.
    pub const CODE: u8 = 8;
    /// A footnote reference or a footnote definition's label.
    pub const FOOTNOTE: u8 = 16;
    /// An image, shown by its file name (its alt text follows as words).
    pub const IMAGE: u8 = 32;
}

/// A word or a punctuation mark, with its style.
#[derive(Debug, Clone)]
pub struct Token {
    /// The text, without surrounding whitespace.
    pub text: String,
    /// [`style`] bits.
    pub style: u8,
    /// The link target as written (`@id`, `https://…`), if the token is link
    /// text; for an image, its path and content hash, so that a redrawn
    /// image compares different even when its alt text is the same.
    pub link: Option<String>,
    /// Whether whitespace precedes it (how to lay it out; not part of equality).
    pub space: bool,
}

impl PartialEq for Token {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.style == other.style && self.link == other.link
    }
}

impl Eq for Token {}

impl Hash for Token {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
        self.style.hash(state);
        self.link.hash(state);
    }
}

impl Token {
    /// Whether the token is a word (has a letter or digit), as opposed to punctuation.
    pub fn is_word(&self) -> bool {
        self.text.chars().any(char::is_alphanumeric)
    }
}

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The page title (front matter).
    Title,
    /// The page summary (front matter).
    Summary,
    /// A heading, level 1 to 6.
    Heading(u8),
    /// A paragraph.
    Paragraph,
    /// A list item's text; nested lists are items of their own.
    Item {
        /// Numbered or bulleted.
        ordered: bool,
        /// 0 for a top-level list.
        depth: u8,
    },
    /// A table row; its cells are the block's cells.
    Row {
        /// Whether it is the header row.
        head: bool,
    },
    /// A code block.
    Code,
    /// A thematic break.
    Rule,
    /// A definition list term.
    Term,
    /// A definition list definition.
    Definition,
    /// A footnote definition.
    Footnote,
    /// A raw HTML block.
    Html,
}

/// What a block sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frame {
    /// The page body.
    Body,
    /// A plain block quote.
    Quote,
    /// A callout (`> [!NOTE]` …).
    Callout(BlockQuoteKind),
}

/// One block of a page.
#[derive(Debug, Clone)]
pub struct Block {
    /// What it is.
    pub kind: Kind,
    /// What it sits in.
    pub frame: Frame,
    /// Its words: one cell, or one per column for table rows.
    pub cells: Vec<Vec<Token>>,
    /// The list item's number as shown (layout only; not part of equality).
    pub number: Option<u64>,
}

impl PartialEq for Block {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.frame == other.frame && self.cells == other.cells
    }
}

impl Eq for Block {}

impl Hash for Block {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.kind.hash(state);
        self.frame.hash(state);
        self.cells.hash(state);
    }
}

impl Block {
    /// Every token of the block, cell after cell.
    pub fn tokens(&self) -> impl Iterator<Item = &Token> {
        self.cells.iter().flatten()
    }

    /// Number of words (punctuation excluded).
    pub fn words(&self) -> usize {
        self.tokens().filter(|t| t.is_word()).count()
    }
}

/// The normalized form of a page: title, summary, then the body's blocks.
pub fn blocks(page: &Page) -> Vec<Block> {
    let hashes = page.files.iter().map(|(path, file)| (path.clone(), file.hash.clone()));
    let mut b = Builder { hashes: hashes.collect(), ..Builder::default() };
    b.begin(Kind::Title, None);
    b.text(&page.title);
    if let Some(summary) = &page.summary {
        b.begin(Kind::Summary, None);
        b.text(summary);
    }
    b.finish();
    for event in page.doc.events() {
        b.event(event);
    }
    b.finish();
    b.blocks
}

/// The blocks of a Markdown body alone (no title), for unit tests.
#[cfg(test)]
pub(crate) fn from_markdown(markdown: &str) -> Vec<Block> {
    let (doc, _) = crate::markdown::Document::parse(markdown);
    let mut b = Builder::default();
    for event in doc.events() {
        b.event(event);
    }
    b.finish();
    b.blocks
}

/// Turns events into blocks: one open block at a time, text buffered per
/// style so that how the parser split the text does not matter.
#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    open: Option<Block>,
    frames: Vec<Frame>,
    /// Open lists: ordered, next number.
    lists: Vec<(bool, u64)>,
    /// Open list items, terms, definitions and footnotes: their paragraphs
    /// belong to them rather than making blocks of their own.
    holders: Vec<Kind>,
    emphasis: u32,
    strong: u32,
    strike: u32,
    links: Vec<String>,
    buffer: String,
    /// Whether whitespace came before the next token.
    space: bool,
    /// The content hash of each file the page uses, by path as written.
    hashes: HashMap<String, String>,
}

impl Builder {
    fn event(&mut self, event: &Event<'static>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => self.text(text),
            Event::Code(text) => {
                self.flush();
                self.buffer.push_str(text);
                let style = self.style() | style::CODE;
                self.flush_with(style);
            }
            Event::SoftBreak | Event::HardBreak => self.buffer.push(' '),
            Event::FootnoteReference(label) => {
                self.flush();
                self.push_token(label, style::FOOTNOTE);
            }
            Event::TaskListMarker(done) => {
                self.flush();
                self.push_token(if *done { "☑" } else { "☐" }, 0);
            }
            Event::Rule => {
                self.begin(Kind::Rule, None);
                self.finish_keeping_empty();
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(text),
        }
    }

    fn start(&mut self, tag: &Tag<'static>) {
        match tag {
            Tag::Paragraph => match self.holders.last() {
                Some(_) => self.buffer.push(' '),
                None => self.begin(Kind::Paragraph, None),
            },
            Tag::Heading { level, .. } => self.begin(Kind::Heading(*level as u8), None),
            Tag::BlockQuote(kind) => {
                self.finish();
                self.frames.push(kind.map_or(Frame::Quote, Frame::Callout));
            }
            Tag::CodeBlock(_) => self.begin(Kind::Code, None),
            Tag::HtmlBlock => self.begin(Kind::Html, None),
            Tag::List(start) => {
                self.finish();
                self.lists.push((start.is_some(), start.unwrap_or(1)));
            }
            Tag::Item => {
                let depth = self.lists.len().saturating_sub(1).min(u8::MAX as usize) as u8;
                let (ordered, number) = match self.lists.last_mut() {
                    Some((true, next)) => {
                        *next += 1;
                        (true, Some(*next - 1))
                    }
                    _ => (false, None),
                };
                let kind = Kind::Item { ordered, depth };
                self.holders.push(kind);
                self.begin(kind, number);
            }
            Tag::FootnoteDefinition(label) => {
                self.holders.push(Kind::Footnote);
                self.begin(Kind::Footnote, None);
                self.push_token(label, style::FOOTNOTE);
            }
            Tag::DefinitionListTitle => {
                self.holders.push(Kind::Term);
                self.begin(Kind::Term, None);
            }
            Tag::DefinitionListDefinition => {
                self.holders.push(Kind::Definition);
                self.begin(Kind::Definition, None);
            }
            Tag::Table(_) | Tag::DefinitionList => self.finish(),
            Tag::TableHead => self.begin_row(true),
            Tag::TableRow => self.begin_row(false),
            Tag::TableCell => {
                self.flush();
                if let Some(block) = &mut self.open {
                    block.cells.push(Vec::new());
                }
                self.space = false;
            }
            Tag::Emphasis => self.restyle(|b| b.emphasis += 1),
            Tag::Strong => self.restyle(|b| b.strong += 1),
            Tag::Strikethrough => self.restyle(|b| b.strike += 1),
            Tag::Link { dest_url, .. } => {
                self.flush();
                self.links.push(dest_url.to_string());
            }
            Tag::Image { dest_url, .. } => {
                self.flush();
                self.push_image(dest_url);
            }
            Tag::Superscript | Tag::Subscript | Tag::MetadataBlock(_) => self.flush(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => match self.holders.last() {
                Some(_) => self.buffer.push(' '),
                None => self.finish(),
            },
            TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::HtmlBlock => self.finish(),
            TagEnd::TableHead | TagEnd::TableRow => self.finish_keeping_empty(),
            TagEnd::TableCell => self.flush(),
            TagEnd::BlockQuote(_) => {
                self.finish();
                self.frames.pop();
            }
            TagEnd::List(_) => {
                self.finish();
                self.lists.pop();
            }
            TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => {
                self.finish();
                self.holders.pop();
            }
            TagEnd::Table | TagEnd::DefinitionList => self.finish(),
            TagEnd::Emphasis => self.restyle(|b| b.emphasis -= 1),
            TagEnd::Strong => self.restyle(|b| b.strong -= 1),
            TagEnd::Strikethrough => self.restyle(|b| b.strike -= 1),
            TagEnd::Link => {
                self.flush();
                self.links.pop();
            }
            TagEnd::Superscript | TagEnd::Subscript | TagEnd::Image | TagEnd::MetadataBlock(_) => self.flush(),
        }
    }

    fn restyle(&mut self, change: impl FnOnce(&mut Self)) {
        self.flush();
        change(self);
    }

    fn style(&self) -> u8 {
        let mut s = 0;
        if self.emphasis > 0 {
            s |= style::EMPHASIS;
        }
        if self.strong > 0 {
            s |= style::STRONG;
        }
        if self.strike > 0 {
            s |= style::STRIKE;
        }
        if self.open.as_ref().is_some_and(|b| b.kind == Kind::Code) {
            s |= style::CODE;
        }
        s
    }

    fn begin(&mut self, kind: Kind, number: Option<u64>) {
        self.finish();
        let frame = self.frames.last().copied().unwrap_or(Frame::Body);
        self.open = Some(Block { kind, frame, cells: vec![Vec::new()], number });
        self.space = false;
    }

    fn begin_row(&mut self, head: bool) {
        self.begin(Kind::Row { head }, None);
        if let Some(block) = &mut self.open {
            block.cells.clear();
        }
    }

    fn text(&mut self, text: &str) {
        self.buffer.push_str(text);
    }

    fn flush(&mut self) {
        let style = self.style();
        self.flush_with(style);
    }

    /// Splits the buffered text into tokens of one style.
    fn flush_with(&mut self, style: u8) {
        if self.buffer.is_empty() {
            return;
        }
        let buffer = std::mem::take(&mut self.buffer);
        let mut first = true;
        for piece in buffer.split(char::is_whitespace) {
            if !first {
                self.space = true;
            }
            first = false;
            if piece.is_empty() {
                continue;
            }
            // Punctuation around a word is a token of its own, so that
            // "cinco," and "diez," differ in the word only.
            let Some(start) = piece.find(char::is_alphanumeric) else {
                for c in piece.chars() {
                    self.push_token(c.encode_utf8(&mut [0; 4]), style);
                }
                continue;
            };
            let end = piece
                .rfind(char::is_alphanumeric)
                .map_or(piece.len(), |i| i + piece[i..].chars().next().map_or(0, char::len_utf8));
            for c in piece[..start].chars() {
                self.push_token(c.encode_utf8(&mut [0; 4]), style);
            }
            self.push_token(&piece[start..end], style);
            for c in piece[end..].chars() {
                self.push_token(c.encode_utf8(&mut [0; 4]), style);
            }
        }
    }

    /// An image's token: its file name, identified by path and content hash.
    fn push_image(&mut self, dest: &str) {
        let path = dest.split('#').next().unwrap_or(dest);
        let name = path.rsplit('/').next().unwrap_or(path);
        let identity = match self.hashes.get(path) {
            Some(hash) => format!("{path} · {hash}"),
            None => path.to_string(),
        };
        self.push_token(name, style::IMAGE);
        if let Some(token) = self.open.as_mut().and_then(|b| b.cells.last_mut()).and_then(|c| c.last_mut()) {
            token.link = Some(identity);
        }
        // Its alt text reads as words after it.
        self.space = true;
    }

    fn push_token(&mut self, text: &str, style: u8) {
        if self.open.is_none() {
            // Text after a nested list, still inside its item (or footnote…).
            let kind = self.holders.last().copied().unwrap_or(Kind::Paragraph);
            self.begin(kind, None);
        }
        let token = Token { text: text.to_string(), style, link: self.links.last().cloned(), space: self.space };
        self.space = false;
        if let Some(block) = &mut self.open {
            if block.cells.is_empty() {
                block.cells.push(Vec::new());
            }
            block.cells.last_mut().expect("a cell").push(token);
        }
    }

    /// Closes the open block; blocks without words are dropped.
    fn finish(&mut self) {
        self.flush();
        if let Some(block) = self.open.take() {
            if block.tokens().next().is_some() {
                self.blocks.push(block);
            }
        }
        self.space = false;
    }

    /// Closes the open block even when it has no words (rules, empty rows).
    fn finish_keeping_empty(&mut self) {
        self.flush();
        if let Some(block) = self.open.take() {
            self.blocks.push(block);
        }
        self.space = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(markdown: &str) -> Vec<Block> {
        from_markdown(markdown)
    }

    fn words(block: &Block) -> Vec<&str> {
        block.tokens().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn formatting_only_changes_compare_equal() {
        let a = "Un párrafo con *énfasis* y\nuna línea partida.\n\n- uno\n- dos\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let b = "Un párrafo con _énfasis_ y una línea partida.\n\n* uno\n\n* dos\n\n|a|b|\n|:-|-:|\n|1|2|\n";
        assert_eq!(of(a), of(b));
        let c = "Título\n======\n";
        assert_eq!(of("# Título\n"), of(c));
    }

    #[test]
    fn words_and_punctuation_are_tokens() {
        let blocks = of("El plazo («cinco») días, art. 9-2009.\n");
        assert_eq!(
            words(&blocks[0]),
            ["El", "plazo", "(", "«", "cinco", "»", ")", "días", ",", "art", ".", "9-2009", "."]
        );
        assert_eq!(blocks[0].words(), 6);
    }

    #[test]
    fn styles_and_links_are_part_of_the_text() {
        assert_ne!(of("uno *dos*\n"), of("uno dos\n"));
        assert_ne!(of("[ver](@a)\n"), of("[ver](@b)\n"));
    }

    #[test]
    fn nested_lists_and_tables_make_blocks() {
        let blocks = of("1. uno\n   - a\n   - b\n2. dos\n\n| x | y |\n|---|---|\n| 1 | 2 |\n");
        let kinds: Vec<Kind> = blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Item { ordered: true, depth: 0 },
                Kind::Item { ordered: false, depth: 1 },
                Kind::Item { ordered: false, depth: 1 },
                Kind::Item { ordered: true, depth: 0 },
                Kind::Row { head: true },
                Kind::Row { head: false },
            ]
        );
        assert_eq!(blocks[3].number, Some(2));
        assert_eq!(blocks[5].cells.len(), 2);
    }
}
