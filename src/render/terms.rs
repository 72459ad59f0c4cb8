//! Terms in the text: a pass over a page's rendered HTML that marks the
//! first occurrence of each glossary entry (its term, another form or an
//! abbreviation) as a link to its definition, which `folio-terms.js` shows
//! in a popup.
//!
//! Our HTML is well formed, so the pass walks its text between tags,
//! skipping links, headings, code and text inside `<span class="no-term">`
//! (how an editor keeps one occurrence unmarked). Terms and forms match
//! whole words, ignoring case but not accents (`trata` is not `trató`);
//! abbreviations match case and all (`CP`, never `cp`). The longest name
//! wins, so "anticipo de prueba" is one term, not "prueba".

use std::collections::HashMap;

use crate::config::Lang;
use crate::handbook::Glossary;

/// Elements whose text is never marked.
const SKIPPED: [&str; 12] = ["a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "dfn", "abbr", "kbd"];

/// The class an editor puts on a `<span>` to keep its text unmarked.
const NO_TERM: &str = "no-term";

/// The names of a glossary's entries in one language, ready to match.
#[derive(Debug, Default)]
pub(super) struct Matcher {
    /// Names by their first character (lowercase), longest first.
    by_first: HashMap<char, Vec<Name>>,
    /// The entries' ids, by index.
    ids: Vec<String>,
}

#[derive(Debug)]
struct Name {
    /// Lowercase for terms and forms, as written for abbreviations.
    chars: Vec<char>,
    /// Whether it is an abbreviation (matched with its case).
    abbr: bool,
    /// The entry's index in the glossary.
    entry: usize,
}

/// A page's HTML with its terms marked, and the entries it marked, in order.
#[derive(Debug)]
pub(super) struct Marked {
    /// The HTML.
    pub(super) html: String,
    /// Indexes of the glossary entries marked.
    pub(super) used: Vec<usize>,
}

impl Matcher {
    /// The names of `glossary`'s entries in `lang`.
    pub(super) fn new(glossary: &Glossary, lang: Lang) -> Matcher {
        let mut by_first: HashMap<char, Vec<Name>> = HashMap::new();
        for (entry, term) in glossary.entries.iter().enumerate().filter_map(|(i, e)| Some((i, e.term_in(lang)?))) {
            let words = std::iter::once(&term.term).chain(&term.forms).map(|n| (n, false));
            for (name, abbr) in words.chain(term.abbr.iter().map(|n| (n, true))) {
                let chars: Vec<char> = if abbr { name.chars().collect() } else { name.chars().map(lower).collect() };
                if let Some(&first) = chars.first() {
                    by_first.entry(lower(first)).or_default().push(Name { chars, abbr, entry });
                }
            }
        }
        for names in by_first.values_mut() {
            names.sort_by_key(|n| std::cmp::Reverse(n.chars.len()));
        }
        Matcher { by_first, ids: glossary.entries.iter().map(|e| e.id.clone()).collect() }
    }

    /// `html` with the first occurrence of each entry marked; `href` gives
    /// the link to an entry's definition from its id.
    pub(super) fn mark(&self, html: &str, href: &dyn Fn(&str) -> String) -> Marked {
        let mut out = String::with_capacity(html.len() + 256);
        let mut used = Vec::new();
        // The element being skipped, and how deep in elements of its name.
        let mut skipping: Option<(String, usize)> = None;
        let mut rest = html;
        while !rest.is_empty() {
            let text_end = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..text_end];
            if skipping.is_none() && !self.by_first.is_empty() {
                self.mark_text(text, &mut used, &mut out, href);
            } else {
                out.push_str(text);
            }
            rest = &rest[text_end..];
            if rest.is_empty() {
                break;
            }
            let tag_end = if rest.starts_with("<!--") {
                rest.find("-->").map_or(rest.len(), |i| i + 3)
            } else {
                rest.find('>').map_or(rest.len(), |i| i + 1)
            };
            let tag = &rest[..tag_end];
            out.push_str(tag);
            rest = &rest[tag_end..];
            let Some((name, closing)) = tag_name(tag) else { continue };
            match &mut skipping {
                Some((skipped, depth)) if *skipped == name => {
                    if closing {
                        *depth -= 1;
                        if *depth == 0 {
                            skipping = None;
                        }
                    } else if !tag.ends_with("/>") {
                        *depth += 1;
                    }
                }
                Some(_) => {}
                None if !closing && !tag.ends_with("/>") && is_skipped(&name, tag) => skipping = Some((name, 1)),
                None => {}
            }
        }
        Marked { html: out, used }
    }

    /// Marks the first occurrences in one text node (HTML-escaped text).
    fn mark_text(&self, text: &str, used: &mut Vec<usize>, out: &mut String, href: &dyn Fn(&str) -> String) {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        // Characters of entities (`&amp;`) never match: they become NUL.
        let mut folded: Vec<char> = Vec::with_capacity(chars.len());
        let mut in_entity = false;
        for &(_, c) in &chars {
            in_entity = (in_entity && c != ';') || c == '&';
            folded.push(if in_entity || c == ';' && folded.last() == Some(&'\0') { '\0' } else { c });
        }
        let is_word = |i: usize| folded.get(i).is_some_and(|c| c.is_alphanumeric());
        let mut copied = 0;
        let mut i = 0;
        while i < chars.len() {
            let at_word_start = is_word(i) && (i == 0 || !is_word(i - 1));
            let found = at_word_start
                .then(|| self.by_first.get(&lower(folded[i])))
                .flatten()
                .and_then(|names| names.iter().find(|n| self.matches(n, &folded, i) && !is_word(i + n.chars.len())));
            let Some(name) = found else {
                i += 1;
                continue;
            };
            let end = i + name.chars.len();
            if !used.contains(&name.entry) {
                used.push(name.entry);
                let (start_byte, end_byte) = (chars[i].0, chars.get(end).map_or(text.len(), |c| c.0));
                let id = &self.ids[name.entry];
                let element = if name.abbr { "abbr" } else { "dfn" };
                out.push_str(&text[copied..start_byte]);
                out.push_str(&format!(
                    "<a class=\"term\" href=\"{}\" data-term=\"{id}\"><{element}>{}</{element}></a>",
                    href(id),
                    &text[start_byte..end_byte]
                ));
                copied = end_byte;
            }
            i = end;
        }
        out.push_str(&text[copied..]);
    }

    fn matches(&self, name: &Name, folded: &[char], at: usize) -> bool {
        let Some(window) = folded.get(at..at + name.chars.len()) else { return false };
        if name.abbr {
            window == name.chars.as_slice()
        } else {
            window.iter().zip(&name.chars).all(|(c, n)| lower(*c) == *n)
        }
    }
}

/// A character in lowercase (its first lowercase character: enough for the
/// letters of Spanish and English).
fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// The element name of a tag (lowercase) and whether it closes.
fn tag_name(tag: &str) -> Option<(String, bool)> {
    let inner = tag.strip_prefix('<')?;
    let (inner, closing) = match inner.strip_prefix('/') {
        Some(rest) => (rest, true),
        None => (inner, false),
    };
    let name: String = inner.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    (!name.is_empty()).then(|| (name.to_ascii_lowercase(), closing))
}

/// Whether the element an opening `tag` starts is one whose text is not marked.
fn is_skipped(name: &str, tag: &str) -> bool {
    SKIPPED.contains(&name)
        || (name == "span"
            && tag
                .split("class=\"")
                .nth(1)
                .and_then(|v| v.split('"').next())
                .is_some_and(|classes| classes.split_whitespace().any(|c| c == NO_TERM)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handbook::{GlossaryEntry, Term};

    fn glossary() -> Glossary {
        let entry = |id: &str, term: &str, forms: &[&str], abbr: &[&str]| GlossaryEntry {
            id: id.into(),
            terms: vec![Some(Term {
                term: term.into(),
                forms: forms.iter().map(|s| s.to_string()).collect(),
                abbr: abbr.iter().map(|s| s.to_string()).collect(),
                protect: Vec::new(),
                definition: "d".into(),
            })],
            see: Vec::new(),
            line: 0,
        };
        Glossary {
            entries: vec![
                entry("prueba", "prueba", &[], &[]),
                entry("anticipo", "anticipo de prueba", &[], &[]),
                entry("cpp", "Código Procesal Penal", &[], &["CPP"]),
                entry("trata", "trata", &[], &[]),
            ],
        }
    }

    fn mark(html: &str) -> (String, Vec<usize>) {
        let g = glossary();
        let matcher = Matcher::new(&g, crate::config::SOURCE_LANG);
        let marked = matcher.mark(html, &|id| format!("g.html#{id}"));
        (marked.html, marked.used)
    }

    #[test]
    fn longest_name_wins_and_only_the_first_occurrence_is_marked() {
        let (html, used) = mark("<p>El Anticipo de prueba y la prueba; otro anticipo de prueba.</p>");
        assert_eq!(
            html,
            "<p>El <a class=\"term\" href=\"g.html#anticipo\" data-term=\"anticipo\"><dfn>Anticipo de prueba</dfn></a> y la \
             <a class=\"term\" href=\"g.html#prueba\" data-term=\"prueba\"><dfn>prueba</dfn></a>; otro anticipo de prueba.</p>"
        );
        assert_eq!(used, [1, 0]);
    }

    #[test]
    fn whole_words_accents_and_abbreviation_case_matter() {
        let (html, used) = mark("<p>Se trató de pruebas; el cpp no, contrata</p>");
        assert!(used.is_empty(), "{html}");
        let (html, _) = mark("<p>el CPP</p>");
        assert!(html.contains("<abbr>CPP</abbr>"), "{html}");
    }

    #[test]
    fn links_headings_code_and_no_term_spans_are_skipped() {
        let (html, used) = mark(
            "<h2>prueba</h2><p><a href=\"x\">prueba <em>trata</em></a> <code>CPP</code> \
             <span class=\"no-term\">trata <span>x</span> prueba</span> &amp;trata</p>",
        );
        assert_eq!(used, [3], "{html}");
        assert!(
            html.ends_with("&amp;<a class=\"term\" href=\"g.html#trata\" data-term=\"trata\"><dfn>trata</dfn></a></p>"),
            "{html}"
        );
    }
}
