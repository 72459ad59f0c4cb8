//! From what a reader typed to a tantivy query.
//!
//! Readers type into a search box, not a query language, so this module never
//! uses tantivy's `QueryParser` (whose syntax errors and operators would leak
//! into the UI). Instead [`parse`] reads the text into [`Group`]s, each of
//! which must match, and [`build`] turns them into a `BooleanQuery`:
//!
//! - a free word matches its stem (`víctimas` finds `víctima`) in title,
//!   heading and body, plus a small bonus for the exact folded form;
//! - the last word, while still being typed (no space after it), also matches
//!   every indexed word it starts (`explot` finds `explotación`);
//! - `"quoted text"` matches that exact sequence of folded words; an unclosed
//!   quote at the end is a phrase whose last word is a prefix;
//! - a number followed by a Latin ordinal (`202 ter`, `145 bis`) is an article
//!   reference and matches as a phrase;
//! - stop words (`de`, `la`, `the`) are not required when other words exist;
//! - several free words also score a proximity bonus when they appear together;
//! - with `fuzzy`, words of five letters or more also match indexed words one
//!   edit away (`explotacoin`); the caller uses this only when the exact query
//!   found nothing.
//!
//! Prefix and typo expansions are looked up in the term dictionary and turned
//! into ordinary scored term queries, so they rank by BM25 like exact words
//! and the snippet can highlight exactly the words that matched.

use std::collections::BTreeMap;

use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::tokenizer::{TextAnalyzer, Token};
use tantivy::Searcher;

use crate::analyzer::{self, StopWords};
use crate::schema::Fields;
use crate::snippet::Marks;
use crate::Lang;

/// Longest query considered, in bytes; the rest is ignored.
pub const MAX_QUERY_BYTES: usize = 256;
/// Most groups (words and phrases) considered; the rest are ignored.
pub const MAX_GROUPS: usize = 12;
/// Shortest prefix (in bytes of the folded word) that is expanded.
pub const MIN_PREFIX_LEN: usize = 2;
/// Shortest word (in characters) that gets typo tolerance.
pub const MIN_FUZZY_LEN: usize = 5;
/// Most dictionary words one prefix or typo expands to, per field
/// (the most frequent ones are kept).
pub const MAX_EXPANSIONS: usize = 32;

/// Latin ordinals that follow an article number (`202 ter`).
const ORDINALS: &[&str] = &["bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "nonies", "decies"];

/// Quote characters that open or close a phrase.
const QUOTES: &[char] = &['"', '“', '”', '„', '«', '»'];

/// Score multipliers of the clauses of one word, relative to a stem match.
const EXACT_FORM_BONUS: f32 = 0.5;
const EXPANSION_WEIGHT: f32 = 0.8;
const PROXIMITY_BONUS: f32 = 1.0;

/// One unit of a parsed query; every group must match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Group {
    /// A single word.
    Word {
        /// Lowercased, ASCII-folded form.
        fold: String,
        /// Stemmed form, or `None` for a quoted single word (exact only).
        stem: Option<String>,
        /// The reader is still typing it: also match words it starts.
        prefix: bool,
    },
    /// An exact sequence of folded words (two or more).
    Phrase {
        /// Folded words in order.
        words: Vec<String>,
        /// Unclosed quote at the end of the input: the last word is a prefix.
        open: bool,
    },
}

/// A reader's query after analysis.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// What must match.
    pub groups: Vec<Group>,
    /// All unquoted words in typed order (folded), for the proximity bonus.
    pub free_words: Vec<String>,
    /// Stop words inside phrases: matched, but not worth highlighting.
    pub quiet: Vec<String>,
}

impl ParsedQuery {
    /// True when typo tolerance could change anything.
    pub fn has_fuzzy_candidates(&self) -> bool {
        self.groups.iter().any(|g| match g {
            Group::Word { fold, stem, .. } => stem.is_some() && fuzzy_eligible(fold),
            Group::Phrase { .. } => false,
        })
    }
}

/// The analyzers a query needs, cloned once per search.
#[derive(Clone)]
pub struct QueryAnalyzers {
    fold: TextAnalyzer,
    stem: TextAnalyzer,
    stop: Lang,
}

impl QueryAnalyzers {
    /// Analyzers for an index in `lang`.
    pub fn new(lang: Lang) -> QueryAnalyzers {
        QueryAnalyzers { fold: analyzer::fold_analyzer(), stem: analyzer::stem_analyzer(lang), stop: lang }
    }

    /// The folding and the stemming analyzer, for snippets.
    pub fn fold_and_stem(&mut self) -> (&mut TextAnalyzer, &mut TextAnalyzer) {
        (&mut self.fold, &mut self.stem)
    }
}

/// A stretch of the query, inside or outside quotes.
struct Segment<'a> {
    /// Byte offset of `text` in the query.
    start: usize,
    text: &'a str,
    quoted: bool,
    /// For quoted segments: a closing quote was found.
    closed: bool,
}

fn segments(query: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in query.char_indices() {
        if QUOTES.contains(&c) {
            out.push(Segment { start, text: &query[start..i], quoted, closed: true });
            quoted = !quoted;
            start = i + c.len_utf8();
        }
    }
    out.push(Segment { start, text: &query[start..], quoted, closed: false });
    out
}

/// Folded words of `text` with their end offsets in it. Boolean operators
/// typed out of habit (`AND`, `OR`, `NOT` in capitals) are skipped outside
/// quotes: Folio has no query syntax, and they are not handbook words.
fn fold_words(analyzers: &mut QueryAnalyzers, text: &str, quoted: bool) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    analyzers.fold.token_stream(text).process(&mut |t: &Token| {
        let raw = &text[t.offset_from..t.offset_to];
        if quoted || !matches!(raw, "AND" | "OR" | "NOT") {
            out.push((t.text.clone(), t.offset_to));
        }
    });
    out
}

fn is_number(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_digit())
}

fn fuzzy_eligible(fold: &str) -> bool {
    fold.chars().count() >= MIN_FUZZY_LEN && !fold.bytes().any(|b| b.is_ascii_digit())
}

/// Reads what the reader typed. Never fails: anything unusable is skipped,
/// and an empty [`ParsedQuery::groups`] means "no query".
pub fn parse(query: &str, analyzers: &mut QueryAnalyzers) -> ParsedQuery {
    let mut cut = query.len().min(MAX_QUERY_BYTES);
    while !query.is_char_boundary(cut) {
        cut -= 1;
    }
    let query = &query[..cut];
    let end = query.len();

    let mut parsed = ParsedQuery::default();
    // Whether each group is a stop word that may be dropped.
    let mut droppable = Vec::new();
    let mut stop = StopWords::new(analyzers.stop);
    for seg in segments(query) {
        let words = fold_words(analyzers, seg.text, seg.quoted);
        if seg.quoted {
            let open = !seg.closed && words.last().is_some_and(|(_, to)| seg.start + to == end);
            let mut words: Vec<String> = words.into_iter().map(|(w, _)| w).collect();
            let group = match words.len() {
                0 => continue,
                1 => Group::Word { fold: words.remove(0), stem: None, prefix: open },
                _ => {
                    let stops: Vec<&String> = words.iter().filter(|w| stop.contains(w)).collect();
                    if stops.len() < words.len() {
                        parsed.quiet.extend(stops.into_iter().cloned());
                    }
                    Group::Phrase { words, open }
                }
            };
            parsed.groups.push(group);
            droppable.push(false);
            continue;
        }
        let mut i = 0;
        while i < words.len() {
            let (word, to) = &words[i];
            parsed.free_words.push(word.clone());
            if let Some((next, _)) = words.get(i + 1) {
                if is_number(word) && ORDINALS.contains(&next.as_str()) {
                    parsed.free_words.push(next.clone());
                    parsed.groups.push(Group::Phrase { words: vec![word.clone(), next.clone()], open: false });
                    droppable.push(false);
                    i += 2;
                    continue;
                }
            }
            let prefix = seg.start + to == end && !is_number(word) && word.len() >= MIN_PREFIX_LEN;
            let stem = analyzer::terms(&mut analyzers.stem, word).pop().unwrap_or_else(|| word.clone());
            droppable.push(!prefix && stop.contains(word));
            parsed.groups.push(Group::Word { fold: word.clone(), stem: Some(stem), prefix });
            i += 1;
        }
    }
    if droppable.iter().any(|d| !d) {
        let mut keep = droppable.iter().map(|d| !d);
        parsed.groups.retain(|_| keep.next().unwrap_or(true));
    }
    parsed.groups.truncate(MAX_GROUPS);
    parsed.free_words.truncate(MAX_GROUPS);
    parsed
}

/// A tantivy query ready to run, and what its snippets should highlight.
pub struct Built {
    /// The query.
    pub query: Box<dyn Query>,
    /// Words to highlight.
    pub marks: Marks,
}

/// How a word is expanded through the term dictionary.
#[derive(Clone, Copy)]
enum Expand {
    Prefix,
    Fuzzy,
    FuzzyPrefix,
}

/// Dictionary words of `field` that `word` expands to, most frequent first.
fn expand(searcher: &Searcher, field: Field, word: &str, how: Expand) -> Vec<String> {
    // term -> summed document frequency over segments
    let mut found: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
    let term = Term::from_field_text(field, word);
    let query = match how {
        Expand::Prefix => FuzzyTermQuery::new_prefix(term, 0, true),
        Expand::Fuzzy => FuzzyTermQuery::new(term, 1, true),
        Expand::FuzzyPrefix => FuzzyTermQuery::new_prefix(term, 1, true),
    };
    let Ok(automaton) = query.automaton() else {
        return Vec::new();
    };
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().search(&automaton).into_stream() else {
            continue;
        };
        // Bound the work on very common prefixes.
        let mut scanned = 0;
        while scanned < 20 * MAX_EXPANSIONS && stream.advance() {
            *found.entry(stream.key().to_vec()).or_default() += u64::from(stream.value().doc_freq);
            scanned += 1;
        }
    }
    let mut found: Vec<(Vec<u8>, u64)> = found.into_iter().collect();
    // Most frequent first; ties in dictionary order so results are stable.
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    found.into_iter().take(MAX_EXPANSIONS).filter_map(|(k, _)| String::from_utf8(k).ok()).collect()
}

fn term_query(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let query = TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs);
    Box::new(BoostQuery::new(Box::new(query), boost))
}

fn phrase_query(field: Field, words: &[String], open: bool, slop: u32, boost: f32) -> Box<dyn Query> {
    let terms: Vec<Term> = words.iter().map(|w| Term::from_field_text(field, w)).collect();
    let query: Box<dyn Query> = if open {
        Box::new(PhrasePrefixQuery::new(terms))
    } else {
        let mut phrase = PhraseQuery::new(terms);
        phrase.set_slop(slop);
        Box::new(phrase)
    };
    Box::new(BoostQuery::new(query, boost))
}

/// Builds the query for `parsed`, or `None` if it has no group. With `fuzzy`,
/// long words also match dictionary words one edit away.
pub fn build(parsed: &ParsedQuery, fields: &Fields, searcher: &Searcher, fuzzy: bool) -> Option<Built> {
    if parsed.groups.is_empty() {
        return None;
    }
    let mut marks = Marks::default();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for group in &parsed.groups {
        let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        match group {
            Group::Word { fold, stem, prefix } => {
                marks.folds.insert(fold.clone());
                if let Some(stem) = stem {
                    marks.stems.insert(stem.clone());
                }
                let how = match (*prefix, fuzzy && stem.is_some() && fuzzy_eligible(fold)) {
                    (true, false) => Some(Expand::Prefix),
                    (true, true) => Some(Expand::FuzzyPrefix),
                    (false, true) => Some(Expand::Fuzzy),
                    (false, false) => None,
                };
                for s in &fields.searchable {
                    if let Some(stem) = stem {
                        any.push((Occur::Should, term_query(s.stem, stem, s.boost)));
                    }
                    any.push((Occur::Should, term_query(s.fold, fold, s.boost * EXACT_FORM_BONUS)));
                    let Some(how) = how else { continue };
                    for word in expand(searcher, s.fold, fold, how) {
                        if &word != fold {
                            any.push((Occur::Should, term_query(s.fold, &word, s.boost * EXPANSION_WEIGHT)));
                            marks.folds.insert(word);
                        }
                    }
                }
            }
            Group::Phrase { words, open } => {
                marks.folds.extend(words.iter().filter(|w| !parsed.quiet.contains(w)).cloned());
                if *open {
                    marks.prefixes.extend(words.last().cloned());
                }
                for s in &fields.searchable {
                    any.push((Occur::Should, phrase_query(s.fold, words, *open, 0, s.boost)));
                }
            }
        }
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    if (2..=MAX_GROUPS).contains(&parsed.free_words.len()) {
        for s in &fields.searchable {
            clauses
                .push((Occur::Should, phrase_query(s.fold, &parsed.free_words, false, 1, s.boost * PROXIMITY_BONUS)));
        }
    }
    Some(Built { query: Box::new(BooleanQuery::new(clauses)), marks })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_es(q: &str) -> ParsedQuery {
        parse(q, &mut QueryAnalyzers::new(Lang::Es))
    }

    fn word(fold: &str, stem: &str, prefix: bool) -> Group {
        Group::Word { fold: fold.into(), stem: Some(stem.into()), prefix }
    }

    // Accents and case are folded; the last word being typed is a prefix.
    #[test]
    fn words_are_folded_and_last_is_prefix() {
        let parsed = parse_es("Víctimas explot");
        assert_eq!(parsed.groups, [word("victimas", "victim", false), word("explot", "explot", true)]);
        // A trailing space ends the word: no prefix.
        assert!(matches!(parse_es("explot ").groups[0], Group::Word { prefix: false, .. }));
    }

    // Quotes make phrases; unclosed quotes are open phrases; stop words are
    // dropped outside phrases only.
    #[test]
    fn phrases_and_stop_words() {
        let parsed = parse_es("\"trata de personas\" de menores");
        assert_eq!(
            parsed.groups,
            [
                Group::Phrase { words: vec!["trata".into(), "de".into(), "personas".into()], open: false },
                word("menores", "menor", true),
            ]
        );
        let open = parse_es("«trata de pers");
        assert_eq!(
            open.groups,
            [Group::Phrase { words: vec!["trata".into(), "de".into(), "pers".into()], open: true }]
        );
        // Only stop words: they are kept.
        assert_eq!(parse_es("de la ").groups.len(), 2);
    }

    // `202 ter` is an article reference, matched as a phrase.
    #[test]
    fn article_references() {
        let parsed = parse_es("artículo 202 ter");
        assert_eq!(parsed.groups[1], Group::Phrase { words: vec!["202".into(), "ter".into()], open: false });
        // A bare number is never a prefix (202 must not find 2020).
        assert!(matches!(parse_es("202").groups[0], Group::Word { prefix: false, .. }));
    }

    // Garbage, operators and odd Unicode parse to something or nothing, never panic.
    #[test]
    fn malformed_input_never_panics() {
        for q in [
            "",
            " ",
            "\"",
            "\"\"",
            "\"\"\"",
            "«»",
            "+-&&||!(){}[]^~*?:\\/",
            "AND OR NOT",
            "title:trata",
            "trata~2",
            "\u{0}\u{ffff}",
            "ñ",
            "👩‍⚖️",
            "a\"b\"c\"d",
            &"x".repeat(10_000),
            &"palabra ".repeat(500),
            "é".repeat(300).as_str(),
        ] {
            let parsed = parse_es(q);
            assert!(parsed.groups.len() <= MAX_GROUPS);
        }
        assert!(parse_es("").groups.is_empty());
        assert!(parse_es("\"").groups.is_empty());
    }
}
