//! The redline of one section: what a legal reviewer reads to approve an
//! edition. Blocks are aligned first (equal blocks by a diff of the block
//! lists, then, within each replaced stretch, changed blocks paired with the
//! most similar ones in order), and words are diffed only within paired
//! blocks, so that a word edited in a long paragraph shows as that word
//! struck and its replacement inserted, not as a replaced paragraph.
//!
//! The result is written here too, in each form it is read in: inline HTML,
//! side-by-side HTML and terminal text.

use std::collections::HashMap;
use std::fmt::Write;
use std::ops::Range;

use similar::{capture_diff_slices, Algorithm, DiffOp};

use super::blocks::{style, Block, Frame, Kind, Token};
use crate::diagnostic::escape_controls;
use crate::markdown::{callout_index, escape, CALLOUT_KINDS};

/// Blocks less similar than this (Dice coefficient of their words) are shown
/// as one deleted and one inserted rather than as a word diff.
const MIN_SIMILARITY: f64 = 0.4;

/// Above this many block pairs in one replaced stretch, blocks are paired by
/// position instead of by the best in-order alignment (bounds the work on a
/// section rewritten from top to bottom).
const MAX_ALIGNMENT: usize = 40_000;

/// The aligned blocks of two versions of a section.
#[derive(Debug, Clone)]
pub struct Redline {
    old: Vec<Block>,
    new: Vec<Block>,
    rows: Vec<Row>,
}

/// One line of the redline: a block of either side, or a pair.
#[derive(Debug, Clone)]
enum Row {
    Same {
        old: usize,
        new: usize,
    },
    Deleted(usize),
    Inserted(usize),
    /// A changed block: the word diff of each cell.
    Changed {
        old: usize,
        new: usize,
        cells: Vec<Vec<DiffOp>>,
    },
}

impl Row {
    fn class(&self) -> &'static str {
        match self {
            Row::Same { .. } => "rl-same",
            Row::Deleted(_) => "rl-del",
            Row::Inserted(_) => "rl-ins",
            Row::Changed { .. } => "rl-chg",
        }
    }
}

/// How a token is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Same,
    Deleted,
    Inserted,
}

/// Which text a view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    /// Both, deletions beside insertions.
    Inline,
    /// The old text with its deletions.
    Old,
    /// The new text with its insertions.
    New,
}

/// Localized words the HTML needs.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    /// Read out before deleted text ("deleted:").
    pub deleted: &'a str,
    /// Read out before inserted text ("inserted:").
    pub inserted: &'a str,
    /// Titles of the callout kinds, in the order of [`CALLOUT_KINDS`].
    pub callouts: &'a [String; 5],
}

/// Marked tokens of a block, cell by cell.
type Cells<'r> = Vec<Vec<(Mark, &'r Token)>>;

impl Redline {
    /// Aligns two versions of a section, given as blocks.
    pub fn new(old: Vec<Block>, new: Vec<Block>) -> Redline {
        let mut rows = Vec::new();
        for op in capture_diff_slices(Algorithm::Myers, &old, &new) {
            let (o, n) = (op.old_range(), op.new_range());
            match op {
                DiffOp::Equal { .. } => rows.extend(o.zip(n).map(|(old, new)| Row::Same { old, new })),
                DiffOp::Delete { .. } => rows.extend(o.map(Row::Deleted)),
                DiffOp::Insert { .. } => rows.extend(n.map(Row::Inserted)),
                DiffOp::Replace { .. } => align(&old, &new, o, n, &mut rows),
            }
        }
        Redline { old, new, rows }
    }

    /// Words inserted, in inserted blocks and within changed ones.
    pub fn words_added(&self) -> usize {
        self.count(true)
    }

    /// Words deleted, in deleted blocks and within changed ones.
    pub fn words_removed(&self) -> usize {
        self.count(false)
    }

    fn count(&self, added: bool) -> usize {
        let words = |tokens: &[Token]| tokens.iter().filter(|t| t.is_word()).count();
        let changed = |old: usize, new: usize, cells: &[Vec<DiffOp>]| -> usize {
            let mut n = 0;
            for (c, ops) in cells.iter().enumerate() {
                for op in ops.iter().filter(|op| !matches!(op, DiffOp::Equal { .. })) {
                    n += if added {
                        words(&self.new[new].cells[c][op.new_range()])
                    } else {
                        words(&self.old[old].cells[c][op.old_range()])
                    };
                }
            }
            n
        };
        self.rows
            .iter()
            .map(|row| match row {
                Row::Inserted(j) if added => self.new[*j].words(),
                Row::Deleted(i) if !added => self.old[*i].words(),
                Row::Changed { old, new, cells } => changed(*old, *new, cells),
                _ => 0,
            })
            .sum()
    }

    /// The block and marked tokens a row shows in a view; `None` when the
    /// row has nothing on that side.
    fn marked(&self, row: &Row, view: View) -> Option<(&Block, Cells<'_>)> {
        match (row, view) {
            (Row::Same { old, .. }, View::Old) => Some((&self.old[*old], all(&self.old[*old], Mark::Same))),
            (Row::Same { new, .. }, _) => Some((&self.new[*new], all(&self.new[*new], Mark::Same))),
            (Row::Deleted(i), View::Inline | View::Old) => Some((&self.old[*i], all(&self.old[*i], Mark::Deleted))),
            (Row::Inserted(j), View::Inline | View::New) => Some((&self.new[*j], all(&self.new[*j], Mark::Inserted))),
            (Row::Deleted(_), View::New) | (Row::Inserted(_), View::Old) => None,
            (Row::Changed { old, new, cells }, view) => {
                let (a, b) = (&self.old[*old], &self.new[*new]);
                let marked = cells
                    .iter()
                    .enumerate()
                    .map(|(c, ops)| {
                        let mut out = Vec::new();
                        for op in ops {
                            let deleted = &a.cells[c][op.old_range()];
                            let inserted = &b.cells[c][op.new_range()];
                            match (op, view) {
                                (DiffOp::Equal { .. }, View::Old) => {
                                    out.extend(deleted.iter().map(|t| (Mark::Same, t)))
                                }
                                (DiffOp::Equal { .. }, _) => out.extend(inserted.iter().map(|t| (Mark::Same, t))),
                                _ => {
                                    if view != View::New {
                                        out.extend(deleted.iter().map(|t| (Mark::Deleted, t)));
                                    }
                                    if view != View::Old {
                                        out.extend(inserted.iter().map(|t| (Mark::Inserted, t)));
                                    }
                                }
                            }
                        }
                        out
                    })
                    .collect();
                Some((if view == View::Old { a } else { b }, marked))
            }
        }
    }

    /// How many separate changes there are: runs of rows that are not the same.
    pub fn changes(&self) -> usize {
        let mut n = 0;
        let mut same = true;
        for row in &self.rows {
            let is_same = matches!(row, Row::Same { .. });
            if same && !is_same {
                n += 1;
            }
            same = is_same;
        }
        n
    }

    /// The whole section with deletions struck through and insertions
    /// underlined in place. Table rows are grouped into tables and the blocks
    /// of a callout or quote into one box. The first block of the `n`th
    /// change (from 1, see [`Redline::changes`]) has the id `{anchor}{n}`.
    pub fn inline_html(&self, labels: &Labels<'_>, anchor: &str) -> String {
        let mut out = String::new();
        let mut frame = Frame::Body;
        let mut in_table = false;
        let (mut changes, mut same) = (0, true);
        for row in &self.rows {
            let Some((block, cells)) = self.marked(row, View::Inline) else {
                continue;
            };
            let is_same = matches!(row, Row::Same { .. });
            let id = if same && !is_same {
                changes += 1;
                format!(" id=\"{}{changes}\"", escape(anchor))
            } else {
                String::new()
            };
            same = is_same;
            let is_row = matches!(block.kind, Kind::Row { .. });
            if in_table && (!is_row || block.frame != frame) {
                out.push_str("</table>\n");
                in_table = false;
            }
            if block.frame != frame {
                close_frame(&mut out, frame);
                open_frame(&mut out, block.frame, labels);
                frame = block.frame;
            }
            if is_row {
                if !in_table {
                    out.push_str("<table class=\"rl-table\">\n");
                    in_table = true;
                }
                table_row(&mut out, block, &cells, Some((row.class(), &id)), labels);
            } else {
                let _ = write!(out, "<div class=\"rl-block {}\"{id}>", row.class());
                block_html(&mut out, block, &cells, labels);
                out.push_str("</div>\n");
            }
        }
        if in_table {
            out.push_str("</table>\n");
        }
        close_frame(&mut out, frame);
        out
    }

    /// The two versions in two columns, block beside block, each with its
    /// own marks: deletions on the left, insertions on the right. Blocks
    /// deleted and inserted at the same place face each other.
    pub fn side_html(&self, labels: &Labels<'_>, old_label: &str, new_label: &str) -> String {
        let mut out = String::new();
        let _ = write!(
            out,
            "<table class=\"rl-side-table\">\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
            escape(old_label),
            escape(new_label)
        );
        let mut lines: Vec<(&'static str, Option<&Row>, Option<&Row>)> = Vec::new();
        let mut r = 0;
        while r < self.rows.len() {
            let row = &self.rows[r];
            if !matches!(row, Row::Deleted(_) | Row::Inserted(_)) {
                lines.push((row.class(), Some(row), Some(row)));
                r += 1;
                continue;
            }
            let end = r + self.rows[r..].iter().take_while(|x| matches!(x, Row::Deleted(_) | Row::Inserted(_))).count();
            let deleted: Vec<&Row> = self.rows[r..end].iter().filter(|x| matches!(x, Row::Deleted(_))).collect();
            let inserted: Vec<&Row> = self.rows[r..end].iter().filter(|x| matches!(x, Row::Inserted(_))).collect();
            for k in 0..deleted.len().max(inserted.len()) {
                let (old, new) = (deleted.get(k).copied(), inserted.get(k).copied());
                let class = match (old, new) {
                    (Some(_), Some(_)) => "rl-del rl-ins",
                    (Some(_), None) => "rl-del",
                    _ => "rl-ins",
                };
                lines.push((class, old, new));
            }
            r = end;
        }
        for (class, old, new) in lines {
            let _ = write!(out, "<tr class=\"{class}\">");
            for (view, row, class) in [(View::Old, old, "rl-old"), (View::New, new, "rl-new")] {
                let _ = write!(out, "<td class=\"{class}\">");
                if let Some((block, cells)) = row.and_then(|row| self.marked(row, view)) {
                    open_frame(&mut out, block.frame, labels);
                    if matches!(block.kind, Kind::Row { .. }) {
                        out.push_str("<table class=\"rl-cells\">");
                        table_row(&mut out, block, &cells, None, labels);
                        out.push_str("</table>");
                    } else {
                        block_html(&mut out, block, &cells, labels);
                    }
                    close_frame(&mut out, block.frame);
                }
                out.push_str("</td>");
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
        out
    }

    /// The redline for a terminal: one line per block, prefixed `-` (deleted),
    /// `+` (inserted), `~` (changed) or blank. With `color`, deletions are red
    /// and struck through and insertions green and underlined; without,
    /// they are marked `[-…-]` and `{+…+}`.
    pub fn text(&self, color: bool) -> String {
        let mut out = String::new();
        for row in &self.rows {
            let Some((block, cells)) = self.marked(row, View::Inline) else {
                continue;
            };
            let prefix = match row {
                Row::Same { .. } => "  ",
                Row::Deleted(_) => "- ",
                Row::Inserted(_) => "+ ",
                Row::Changed { .. } => "~ ",
            };
            out.push_str(prefix);
            if block.frame != Frame::Body {
                out.push_str("> ");
            }
            match block.kind {
                Kind::Title => out.push_str("# "),
                Kind::Summary => out.push_str("» "),
                Kind::Heading(level) => {
                    out.push_str(&"#".repeat(usize::from(level) + 1));
                    out.push(' ');
                }
                Kind::Item { depth, .. } => {
                    out.push_str(&"  ".repeat(usize::from(depth)));
                    out.push_str(&item_marker(block));
                    out.push(' ');
                }
                Kind::Row { .. } => out.push_str("| "),
                Kind::Code => out.push_str("    "),
                Kind::Rule => out.push_str("---"),
                Kind::Definition => out.push_str(": "),
                Kind::Paragraph | Kind::Term | Kind::Footnote | Kind::Html => {}
            }
            for (c, cell) in cells.iter().enumerate() {
                if c > 0 {
                    out.push_str(" | ");
                }
                text_tokens(&mut out, cell, color);
            }
            if matches!(block.kind, Kind::Row { .. }) {
                out.push_str(" |");
            }
            out.push('\n');
        }
        out
    }
}

/// Pairs the blocks of a replaced stretch: the in-order pairing with the
/// greatest total similarity (pairs below [`MIN_SIMILARITY`] not allowed);
/// unpaired blocks are deleted or inserted.
fn align(old: &[Block], new: &[Block], o: Range<usize>, n: Range<usize>, rows: &mut Vec<Row>) {
    let (k, m) = (o.len(), n.len());
    let bags_old: Vec<Bag<'_>> = old[o.clone()].iter().map(Bag::new).collect();
    let bags_new: Vec<Bag<'_>> = new[n.clone()].iter().map(Bag::new).collect();
    // How well two blocks pair (0: they do not). A page has one title and
    // one summary: they always face each other, however rewritten.
    let sim = |i: usize, j: usize| {
        let (a, b) = (&old[o.start + i], &new[n.start + j]);
        let s = similarity(a, b, &bags_old[i], &bags_new[j]);
        let unique = a.kind == b.kind && matches!(a.kind, Kind::Title | Kind::Summary);
        if s >= MIN_SIMILARITY || unique {
            s.max(MIN_SIMILARITY)
        } else {
            0.0
        }
    };
    let mut pairs = Vec::new();
    if k * m <= MAX_ALIGNMENT {
        let sims: Vec<f64> = (0..k * m).map(|x| sim(x / m, x % m)).collect();
        let at = |i: usize, j: usize| i * (m + 1) + j;
        // best[i][j]: the best total for old[i..] and new[j..].
        let mut best = vec![0.0f64; (k + 1) * (m + 1)];
        for i in (0..k).rev() {
            for j in (0..m).rev() {
                let s = sims[i * m + j];
                let paired = if s > 0.0 { best[at(i + 1, j + 1)] + s } else { 0.0 };
                best[at(i, j)] = paired.max(best[at(i + 1, j)]).max(best[at(i, j + 1)]);
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < k && j < m {
            let s = sims[i * m + j];
            if s > 0.0 && best[at(i, j)] == best[at(i + 1, j + 1)] + s {
                pairs.push((i, j));
                i += 1;
                j += 1;
            } else if best[at(i, j)] == best[at(i + 1, j)] {
                i += 1;
            } else {
                j += 1;
            }
        }
    } else {
        pairs.extend((0..k.min(m)).filter(|&t| sim(t, t) > 0.0).map(|t| (t, t)));
    }
    let (mut i, mut j) = (0, 0);
    for (pi, pj) in pairs.into_iter().chain(std::iter::once((k, m))) {
        rows.extend((i..pi).map(|x| Row::Deleted(o.start + x)));
        rows.extend((j..pj).map(|y| Row::Inserted(n.start + y)));
        if pi < k {
            let (a, b) = (&old[o.start + pi], &new[n.start + pj]);
            // Paired only because it is the title or summary: replaced whole,
            // rather than as a scatter of small common words.
            let whole = similarity(a, b, &bags_old[pi], &bags_new[pj]) < MIN_SIMILARITY;
            let cells = a
                .cells
                .iter()
                .zip(&b.cells)
                .map(|(x, y)| {
                    if whole {
                        vec![DiffOp::Replace { old_index: 0, old_len: x.len(), new_index: 0, new_len: y.len() }]
                    } else {
                        word_ops(x, y)
                    }
                })
                .collect();
            rows.push(Row::Changed { old: o.start + pi, new: n.start + pj, cells });
        }
        (i, j) = (pi + 1, pj + 1);
    }
}

/// A block's words, counted.
struct Bag<'b> {
    counts: HashMap<&'b str, usize>,
    len: usize,
}

impl<'b> Bag<'b> {
    fn new(block: &'b Block) -> Bag<'b> {
        let mut counts = HashMap::new();
        let mut len = 0;
        for t in block.tokens() {
            *counts.entry(t.text.as_str()).or_insert(0) += 1;
            len += 1;
        }
        Bag { counts, len }
    }
}

/// How alike two blocks are, from 0 to 1: 0 when they cannot be shown as
/// one block changed (different kinds, or rows with different columns).
fn similarity(a: &Block, b: &Block, bag_a: &Bag<'_>, bag_b: &Bag<'_>) -> f64 {
    let compatible = match (a.kind, b.kind) {
        (Kind::Heading(_), Kind::Heading(_)) | (Kind::Item { .. }, Kind::Item { .. }) => true,
        (Kind::Row { .. }, Kind::Row { .. }) => a.cells.len() == b.cells.len(),
        (x, y) => x == y,
    };
    if !compatible {
        return 0.0;
    }
    if bag_a.len + bag_b.len == 0 {
        return 1.0;
    }
    let common: usize = bag_a.counts.iter().map(|(w, n)| (*n).min(bag_b.counts.get(w).copied().unwrap_or(0))).sum();
    2.0 * common as f64 / (bag_a.len + bag_b.len) as f64
}

/// The word diff of one cell, with short equal islands (one or two tokens,
/// such as "de la") between larger changes absorbed, so that a rewritten
/// sentence reads as one deletion and one insertion rather than alternating
/// fragments, while two nearby one-word edits stay two.
fn word_ops(old: &[Token], new: &[Token]) -> Vec<DiffOp> {
    let size = |op: &DiffOp| op.old_range().len().max(op.new_range().len());
    let mut out: Vec<DiffOp> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, old, new) {
        out.push(op);
        let n = out.len();
        if n < 3 {
            continue;
        }
        let (a, island, b) = (&out[n - 3], &out[n - 2], &out[n - 1]);
        let absorbed = matches!(island, DiffOp::Equal { len, .. } if *len <= 2 && size(a) > 2 * len && size(b) > 2 * len)
            && !matches!(a, DiffOp::Equal { .. })
            && !matches!(b, DiffOp::Equal { .. });
        if absorbed {
            let (o, nn) = (a.old_range().start..b.old_range().end, a.new_range().start..b.new_range().end);
            out.truncate(n - 3);
            out.push(DiffOp::Replace { old_index: o.start, old_len: o.len(), new_index: nn.start, new_len: nn.len() });
        }
    }
    out
}

/// Every token of a block, with one mark.
fn all(block: &Block, mark: Mark) -> Cells<'_> {
    block.cells.iter().map(|c| c.iter().map(|t| (mark, t)).collect()).collect()
}

fn open_frame(out: &mut String, frame: Frame, labels: &Labels<'_>) {
    match frame {
        Frame::Body => {}
        Frame::Quote => out.push_str("<blockquote class=\"rl-quote\">"),
        Frame::Callout(kind) => {
            let i = callout_index(kind);
            let _ = write!(
                out,
                "<aside class=\"rl-callout callout-{}\"><p class=\"rl-callout-title\">{}</p>",
                CALLOUT_KINDS[i],
                escape(&labels.callouts[i])
            );
        }
    }
}

fn close_frame(out: &mut String, frame: Frame) {
    match frame {
        Frame::Body => {}
        Frame::Quote => out.push_str("</blockquote>\n"),
        Frame::Callout(_) => out.push_str("</aside>\n"),
    }
}

fn item_marker(block: &Block) -> String {
    match (block.kind, block.number) {
        (Kind::Item { ordered: true, .. }, Some(n)) => format!("{n}."),
        _ => "•".to_string(),
    }
}

/// One block (not a table row) as HTML.
fn block_html(out: &mut String, block: &Block, cells: &Cells<'_>, labels: &Labels<'_>) {
    let (open, close) = match block.kind {
        Kind::Title => ("<p class=\"rl-title\">".to_string(), "</p>".to_string()),
        Kind::Summary => ("<p class=\"rl-summary\">".to_string(), "</p>".to_string()),
        Kind::Heading(level) => {
            let h = (level + 1).min(6);
            (format!("<h{h} class=\"rl-heading\">"), format!("</h{h}>"))
        }
        Kind::Item { depth, .. } => (
            format!(
                "<p class=\"rl-item rl-depth-{}\"><span class=\"rl-marker\" aria-hidden=\"true\">{}</span> ",
                depth.min(4),
                item_marker(block)
            ),
            "</p>".to_string(),
        ),
        Kind::Code => ("<pre class=\"rl-code\"><code>".to_string(), "</code></pre>".to_string()),
        Kind::Rule => ("<hr>".to_string(), String::new()),
        Kind::Term => ("<p class=\"rl-term\">".to_string(), "</p>".to_string()),
        Kind::Definition => ("<p class=\"rl-definition\">".to_string(), "</p>".to_string()),
        Kind::Footnote => ("<p class=\"rl-footnote\">".to_string(), "</p>".to_string()),
        Kind::Paragraph | Kind::Html | Kind::Row { .. } => ("<p>".to_string(), "</p>".to_string()),
    };
    out.push_str(&open);
    for cell in cells {
        html_tokens(out, cell, labels);
    }
    out.push_str(&close);
}

/// A table row as `<tr>`, header cells as `<th>`.
/// `class` is the row's class and extra attributes (an id) in the inline view.
fn table_row(out: &mut String, block: &Block, cells: &Cells<'_>, class: Option<(&str, &str)>, labels: &Labels<'_>) {
    let cell = if matches!(block.kind, Kind::Row { head: true }) { "th" } else { "td" };
    match class {
        Some((class, attrs)) => {
            let _ = write!(out, "<tr class=\"{class}\"{attrs}>");
        }
        None => out.push_str("<tr>"),
    }
    for tokens in cells {
        let _ = write!(out, "<{cell}>");
        html_tokens(out, tokens, labels);
        let _ = write!(out, "</{cell}>");
    }
    out.push_str("</tr>\n");
}

/// Whether a space goes before the run of marks starting at `i`: where the
/// text has one, and between a deleted word and the word inserted in its
/// place (punctuation inserted after a deletion stays attached).
fn needs_space(tokens: &[(Mark, &Token)], i: usize) -> bool {
    if i == 0 {
        return false;
    }
    if tokens[i].1.space {
        return true;
    }
    if tokens[i].0 != Mark::Inserted || tokens[i - 1].0 != Mark::Deleted {
        return false;
    }
    let start = tokens[..i].iter().rposition(|t| t.0 != Mark::Deleted).map_or(0, |p| p + 1);
    tokens[i].1.is_word() && (start == 0 || tokens[start].1.space)
}

/// Marked tokens as HTML: runs of deleted and inserted words in `<del>` and
/// `<ins>` (each announced to screen readers), inline styles kept.
fn html_tokens(out: &mut String, tokens: &[(Mark, &Token)], labels: &Labels<'_>) {
    let mut i = 0;
    while i < tokens.len() {
        let mark = tokens[i].0;
        let end = i + tokens[i..].iter().take_while(|t| t.0 == mark).count();
        if needs_space(tokens, i) {
            out.push(' ');
        }
        match mark {
            Mark::Same => {}
            Mark::Deleted => {
                let _ = write!(out, "<del><span class=\"visually-hidden\">{} </span>", escape(labels.deleted));
            }
            Mark::Inserted => {
                let _ = write!(out, "<ins><span class=\"visually-hidden\">{} </span>", escape(labels.inserted));
            }
        }
        let mut s = i;
        while s < end {
            let first = tokens[s].1;
            let e =
                s + tokens[s..end].iter().take_while(|t| t.1.style == first.style && t.1.link == first.link).count();
            if s > i && first.space {
                out.push(' ');
            }
            let tags = style_tags(first);
            for (open, _) in &tags {
                out.push_str(open);
            }
            for (n, (_, t)) in tokens[s..e].iter().enumerate() {
                if n > 0 && t.space {
                    out.push(' ');
                }
                out.push_str(&escape(&t.text));
            }
            for (_, close) in tags.iter().rev() {
                out.push_str(close);
            }
            s = e;
        }
        match mark {
            Mark::Same => {}
            Mark::Deleted => out.push_str("</del>"),
            Mark::Inserted => out.push_str("</ins>"),
        }
        i = end;
    }
}

/// Opening and closing tags for a token's inline styles; link text is
/// marked (with its target as a tooltip) but not linked.
fn style_tags(token: &Token) -> Vec<(String, &'static str)> {
    let mut tags = Vec::new();
    if let Some(link) = &token.link {
        tags.push((format!("<span class=\"rl-link\" title=\"{}\">", escape(link)), "</span>"));
    }
    for (bit, open, close) in [
        (style::STRONG, "<strong>", "</strong>"),
        (style::EMPHASIS, "<em>", "</em>"),
        (style::STRIKE, "<s>", "</s>"),
        (style::CODE, "<code>", "</code>"),
        (style::FOOTNOTE, "<sup class=\"rl-fn\">", "</sup>"),
        (style::IMAGE, "<span class=\"rl-image\">", "</span>"),
    ] {
        if token.style & bit != 0 {
            tags.push((open.to_string(), close));
        }
    }
    tags
}

/// Marked tokens for a terminal.
fn text_tokens(out: &mut String, tokens: &[(Mark, &Token)], color: bool) {
    let mut i = 0;
    while i < tokens.len() {
        let mark = tokens[i].0;
        let end = i + tokens[i..].iter().take_while(|t| t.0 == mark).count();
        if needs_space(tokens, i) {
            out.push(' ');
        }
        let (open, close) = match (mark, color) {
            (Mark::Same, _) => ("", ""),
            (Mark::Deleted, true) => ("\x1b[31;9m", "\x1b[0m"),
            (Mark::Inserted, true) => ("\x1b[32;4m", "\x1b[0m"),
            (Mark::Deleted, false) => ("[-", "-]"),
            (Mark::Inserted, false) => ("{+", "+}"),
        };
        out.push_str(open);
        for (n, (_, t)) in tokens[i..end].iter().enumerate() {
            if n > 0 && t.space {
                out.push(' ');
            }
            out.push_str(&escape_controls(&t.text));
        }
        out.push_str(close);
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::blocks::from_markdown;

    fn redline(a: &str, b: &str) -> Redline {
        Redline::new(from_markdown(a), from_markdown(b))
    }

    #[test]
    fn one_word_in_a_long_paragraph_is_one_word() {
        let long = "El Ministerio Público deberá solicitar la prueba anticipada dentro de un plazo de cinco días contados desde que tuvo conocimiento del riesgo, y el juez resolverá sin más trámite.";
        let r = redline(long, &long.replace("cinco", "diez"));
        assert_eq!(r.text(false), "~ El Ministerio Público deberá solicitar la prueba anticipada dentro de un plazo de [-cinco-] {+diez+} días contados desde que tuvo conocimiento del riesgo, y el juez resolverá sin más trámite.\n");
        assert_eq!((r.words_added(), r.words_removed()), (1, 1));
    }

    #[test]
    fn unrelated_blocks_are_deleted_and_inserted() {
        let r = redline("Uno dos tres.\n\nCuatro cinco seis.\n", "Uno dos tres.\n\nSiete ocho nueve diez.\n");
        assert_eq!(r.text(false), "  Uno dos tres.\n- [-Cuatro cinco seis.-]\n+ {+Siete ocho nueve diez.+}\n");
        assert_eq!((r.words_added(), r.words_removed()), (4, 3));
    }

    #[test]
    fn inserted_list_item_and_changed_table_cell() {
        let r = redline(
            "- uno\n- dos\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            "- uno\n- uno y medio\n- dos\n\n| a | b |\n|---|---|\n| 1 | 3 |\n",
        );
        assert_eq!(r.text(false), "  • uno\n+ • {+uno y medio+}\n  • dos\n  | a | b |\n~ | 1 | [-2-] {+3+} |\n");
        let html =
            r.inline_html(&Labels { deleted: "deleted:", inserted: "inserted:", callouts: &Default::default() }, "c");
        assert_eq!(r.changes(), 2);
        assert!(html.contains("<div class=\"rl-block rl-ins\" id=\"c1\">"), "{html}");
        assert!(html.contains("<tr class=\"rl-chg\" id=\"c2\"><td>1</td><td><del><span class=\"visually-hidden\">deleted: </span>2</del> <ins><span class=\"visually-hidden\">inserted: </span>3</ins></td></tr>"), "{html}");
    }
}
