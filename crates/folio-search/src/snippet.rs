//! The short excerpt shown under each hit, with the matched words marked.
//!
//! tantivy's own snippet generator only knows the exact terms of a query, and
//! Folio's matches also come from stems, prefixes and typo expansions. So this
//! module re-analyzes the section text: a word is marked when its folded form
//! was matched (see [`Marks`]) or when its stem is one of the query's stems.
//! The window with the most marked words wins. The output is the only HTML a
//! hit carries: every character of the text is escaped, and the only tags are
//! the `<mark>`s added here, so the page can insert it as HTML safely.

use std::collections::{HashMap, HashSet};

use tantivy::tokenizer::{TextAnalyzer, Token};

use crate::analyzer;

/// Target length of a snippet, in bytes of source text.
pub const SNIPPET_BYTES: usize = 200;
/// Context kept before the first marked word, in bytes.
const LEAD_BYTES: usize = 40;

/// What to highlight: built by the query, read by the snippet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    /// Stems of free words.
    pub stems: HashSet<String>,
    /// Folded words matched exactly, including prefix and typo expansions.
    pub folds: HashSet<String>,
    /// Folded prefixes (open phrases): words starting with one are marked.
    pub prefixes: Vec<String>,
    /// Folded word sequences (glossary names) marked only where the text
    /// holds the whole sequence.
    pub phrases: Vec<Vec<String>>,
}

impl Marks {
    /// Adds everything `other` marks.
    pub fn extend(&mut self, other: Marks) {
        self.stems.extend(other.stems);
        self.folds.extend(other.folds);
        self.prefixes.extend(other.prefixes);
        for phrase in other.phrases {
            if !self.phrases.contains(&phrase) {
                self.phrases.push(phrase);
            }
        }
    }
}

/// A word of the text: byte range and whether it is marked.
struct Word {
    from: usize,
    to: usize,
    marked: bool,
}

/// Builds the HTML snippet of `text`: about [`SNIPPET_BYTES`] of it around the
/// densest cluster of marked words (or its start), escaped, with `<mark>`s,
/// whitespace collapsed and `…` where text was cut.
pub fn snippet(text: &str, marks: &Marks, fold: &mut TextAnalyzer, stem: &mut TextAnalyzer) -> String {
    let mut stems: HashMap<String, bool> = HashMap::new();
    let mut words = Vec::new();
    let mut folds = Vec::new();
    fold.token_stream(text).process(&mut |t: &Token| {
        let folded = t.text.as_str();
        let marked = marks.folds.contains(folded)
            || marks.prefixes.iter().any(|p| folded.starts_with(p.as_str()))
            || (!marks.stems.is_empty()
                && *stems
                    .entry(folded.to_string())
                    .or_insert_with(|| analyzer::terms(stem, folded).first().is_some_and(|s| marks.stems.contains(s))));
        words.push(Word { from: t.offset_from, to: t.offset_to, marked });
        folds.push(t.text.clone());
    });
    for phrase in marks.phrases.iter().filter(|p| !p.is_empty()) {
        for start in 0..folds.len().saturating_sub(phrase.len() - 1) {
            if folds[start..start + phrase.len()] == phrase[..] {
                words[start..start + phrase.len()].iter_mut().for_each(|w| w.marked = true);
            }
        }
    }

    // The window starting at a marked word that holds the most marked words.
    let marked: Vec<&Word> = words.iter().filter(|w| w.marked).collect();
    let mut best = (0, 0); // (count, byte offset of the first marked word)
    for (i, first) in marked.iter().enumerate() {
        let count = marked[i..].iter().take_while(|w| w.to <= first.from + SNIPPET_BYTES - LEAD_BYTES).count();
        if count > best.0 {
            best = (count, first.from);
        }
    }
    // Start at a word boundary a little before the first marked word.
    let start = if best.0 == 0 || best.1 <= LEAD_BYTES {
        0
    } else {
        words.iter().find(|w| w.from + LEAD_BYTES >= best.1).map_or(best.1, |w| w.from)
    };
    // End after the last word that fits, or at the end of a short text.
    let end = if text.len() <= start + SNIPPET_BYTES {
        text.len()
    } else {
        words.iter().rev().find(|w| w.from >= start && w.to <= start + SNIPPET_BYTES).map_or(start, |w| w.to)
    };

    let mut out = String::with_capacity(SNIPPET_BYTES + 64);
    if start > 0 {
        out.push('…');
    }
    let mut pos = start;
    for w in words.iter().filter(|w| w.marked && w.from >= start && w.to <= end) {
        push_escaped(&mut out, &text[pos..w.from]);
        out.push_str("<mark>");
        push_escaped(&mut out, &text[w.from..w.to]);
        out.push_str("</mark>");
        pos = w.to;
    }
    push_escaped(&mut out, &text[pos..end]);
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    if end < text.len() {
        out.push('…');
    }
    out
}

/// Appends `text` HTML-escaped, with each run of whitespace as one space.
fn push_escaped(out: &mut String, text: &str) {
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// The folded `word` as `text` writes it, lowercased (`captación` for
/// `captacion`); `None` if `text` does not hold it.
pub fn written_form(text: &str, word: &str) -> Option<String> {
    let mut found = None;
    analyzer::fold_analyzer().token_stream(text).process(&mut |t: &Token| {
        if found.is_none() && t.text == word {
            found = Some(text[t.offset_from..t.offset_to].to_lowercase());
        }
    });
    found
}

/// Escapes `text` for HTML (exposed for callers that show plain fields).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::{fold_analyzer, stem_analyzer, Protected};
    use crate::Lang;

    fn snip(text: &str, marks: &Marks) -> String {
        snippet(text, marks, &mut fold_analyzer(), &mut stem_analyzer(Lang::Es, &Protected::default()))
    }

    // Stems mark inflected forms, and everything else is escaped.
    #[test]
    fn marks_stems_and_escapes() {
        let marks = Marks { stems: ["victim".to_string()].into(), ..Marks::default() };
        assert_eq!(
            snip("<b>Las víctimas</b> & la VÍCTIMA", &marks),
            "&lt;b&gt;Las <mark>víctimas</mark>&lt;/b&gt; &amp; la <mark>VÍCTIMA</mark>"
        );
    }

    // A match far into the text moves the window and adds ellipses.
    #[test]
    fn window_follows_the_match() {
        let text = format!("{} explotación laboral {}", "relleno ".repeat(60), "cola ".repeat(60));
        let marks = Marks { folds: ["explotacion".to_string()].into(), ..Marks::default() };
        let s = snip(&text, &marks);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("<mark>explotación</mark> laboral"), "{s}");
        assert!(s.len() < SNIPPET_BYTES + 40, "{s}");
    }

    // A glossary name is marked only where the whole name stands.
    #[test]
    fn phrases_mark_whole_names_only() {
        let marks = Marks { phrases: vec![vec!["trata".into(), "de".into(), "personas".into()]], ..Marks::default() };
        assert_eq!(
            snip("Las personas: Trata de Personas, trata.", &marks),
            "Las personas: <mark>Trata</mark> <mark>de</mark> <mark>Personas</mark>, trata."
        );
    }

    // No match: the start of the text; prefixes mark words they start.
    #[test]
    fn start_of_text_and_prefixes() {
        assert_eq!(snip("Texto   breve\n", &Marks::default()), "Texto breve");
        let marks = Marks { prefixes: vec!["pers".into()], ..Marks::default() };
        assert_eq!(snip("trata de personas", &marks), "trata de <mark>personas</mark>");
    }
}
