//! From what a reader typed to tantivy queries.
//!
//! Readers type into a search box, not a query language, so this module never
//! uses tantivy's `QueryParser` (whose syntax errors and operators would leak
//! into the UI). Instead [`parse`] reads the text into [`Group`]s, one per word
//! or quoted phrase the reader wants found, and [`group_query`] turns a group
//! into a query; [`crate::search`] decides how many groups must match.
//!
//! - a free word matches its stem (`víctimas` finds `víctima`) in title,
//!   heading and body, plus a small bonus for the exact folded form;
//! - the last word, while still being typed (no space after it), also matches
//!   every indexed word it starts (`explot` finds `explotación`);
//! - `"quoted text"` matches that exact sequence of folded words; an unclosed
//!   quote at the end is a phrase whose last word is a prefix;
//! - an article reference is one word (the analyzer joins `202 ter` into
//!   `202ter`); a bare number also finds its suffixed articles (`202` finds
//!   `202ter`, less strongly), never longer numbers (`2020`); the words
//!   `art.`, `arts.`, `artículo(s)` and `article(s)` before a number are
//!   recognised and not required;
//! - stop words (`de`, `la`, `the`) are not required when other words exist;
//! - several free words also score a proximity bonus when they appear together;
//! - with `fuzzy`, words of four letters or more also match indexed words one
//!   edit away (`explotacoin`); the search uses this per word, only for a word
//!   the index does not know as typed.
//!
//! - a run of unquoted words that is a name of a glossary entry, in either
//!   language (`CPP`, `código procesal penal`, `pre-trial testimony`), also
//!   matches that entry's names in the index's language as exact phrases
//!   (see [`crate::glossary`]); each of the run's words gets those names as
//!   an alternative, so a section naming the concept any way holds them all,
//!   while sections holding only some of the typed words still count as
//!   partial matches; quoted text is never expanded;
//! - a word the glossary protects from stemming (`trata`) matches only
//!   itself, and is never a prefix.
//!
//! A group holds one or more [`Form`]s, any of which is enough (a word or a
//! phrase), plus the glossary names its words belong to.
//!
//! Prefix and typo expansions are looked up in the term dictionary and turned
//! into ordinary scored term queries, so they rank by BM25 like exact words
//! and the snippet can highlight exactly the words that matched.

use std::collections::BTreeMap;
use std::sync::Arc;

use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::tokenizer::{TextAnalyzer, Token};
use tantivy::Searcher;

use crate::analyzer::{self, Protected, StopWords, ARTICLE_SUFFIXES};
use crate::glossary::{Expansions, Glossary};
use crate::schema::Searchable;
use crate::snippet::Marks;
use crate::Lang;

/// Longest query considered, in bytes; the rest is ignored.
pub const MAX_QUERY_BYTES: usize = 256;
/// Most groups (words and phrases) considered; the rest are ignored.
pub const MAX_GROUPS: usize = 12;
/// Shortest prefix (in bytes of the folded word) that is expanded.
pub const MIN_PREFIX_LEN: usize = 2;
/// Shortest word (in characters) that gets typo tolerance.
pub const MIN_FUZZY_LEN: usize = 4;
/// Most dictionary words one prefix or typo expands to, per field
/// (the most frequent ones are kept).
pub const MAX_EXPANSIONS: usize = 32;

/// Words that announce an article number (`art. 317`), folded: recognised
/// before a number and then not required, since the text may use another.
const ARTICLE_WORDS: &[&str] = &["art", "arts", "articulo", "articulos", "article", "articles"];

/// How the handbook's text names an article before its number.
const ARTICLE_NAMES: &[&str] = &["articulo", "article"];

/// Quote characters that open or close a phrase.
const QUOTES: &[char] = &['"', '“', '”', '„', '«', '»'];

/// Score multipliers of the clauses of one word, relative to a stem match.
const EXACT_FORM_BONUS: f32 = 0.5;
const EXPANSION_WEIGHT: f32 = 0.8;
const PROXIMITY_BONUS: f32 = 1.0;
/// Score multiplier of a glossary name's match, split among the groups
/// that share it.
const NAME_WEIGHT: f32 = 1.0;

/// One way a [`Group`] can match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Form {
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

/// One word or phrase of the query: what the reader wants found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The group as typed (`202 Quáter`, `trata de personas`), to name it when
    /// it is missing from a result or unknown to the index.
    pub label: String,
    /// Alternatives; matching any one of them matches the group.
    pub forms: Vec<Form>,
    /// Also alternatives: the glossary names (folded words, matched as exact
    /// phrases) of the concept that this group's words name with others.
    pub names: Vec<Vec<String>>,
    /// How many groups share `names` (they split its weight).
    pub shared: usize,
}

impl Group {
    fn single(label: &str, form: Form) -> Group {
        Group { label: label.trim().to_string(), forms: vec![form], names: Vec::new(), shared: 1 }
    }

    /// The group as finished words: no form matches words it only starts.
    pub fn whole_words(&self) -> Group {
        let mut group = self.clone();
        for form in &mut group.forms {
            match form {
                Form::Word { prefix, .. } => *prefix = false,
                Form::Phrase { open, .. } => *open = false,
            }
        }
        group
    }

    /// True when typo tolerance could change what this group matches.
    pub fn fuzzy_eligible(&self) -> bool {
        self.forms.iter().any(|f| matches!(f, Form::Word { fold, stem: Some(_), .. } if fuzzy_eligible(fold)))
    }

    /// The folded words of the group (for "did you mean" suggestions).
    pub fn words(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for form in &self.forms {
            match form {
                Form::Word { fold, .. } => out.push(fold.as_str()),
                Form::Phrase { words, .. } => out.extend(words.iter().map(String::as_str)),
            }
        }
        out
    }
}

/// A reader's query after analysis.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// What the reader wants found, in typed order.
    pub groups: Vec<Group>,
    /// All unquoted words in typed order (folded), for the proximity bonus.
    pub free_words: Vec<String>,
    /// Stop words inside phrases: matched, but not worth highlighting.
    pub quiet: Vec<String>,
    /// Numbers typed after an article word (`art. 317`): scored higher
    /// where the text says "artículo 317" or "article 317".
    pub articles: Vec<String>,
}

/// Glossary names, each as folded words.
type Names<'a> = &'a [Vec<String>];

/// The analyzers a query needs, with the index's glossary; cloned once per
/// search.
#[derive(Clone)]
pub struct QueryAnalyzers {
    fold: TextAnalyzer,
    stem: TextAnalyzer,
    stop: Lang,
    protected: Protected,
    expansions: Arc<Expansions>,
}

impl QueryAnalyzers {
    /// Analyzers for an index in `lang` carrying `glossary`.
    pub fn new(lang: Lang, glossary: &Glossary) -> QueryAnalyzers {
        let protected = Protected::new(glossary.protect.iter().map(String::as_str));
        QueryAnalyzers {
            fold: analyzer::fold_analyzer(),
            stem: analyzer::stem_analyzer(lang, &protected),
            stop: lang,
            protected,
            expansions: Arc::new(Expansions::new(glossary)),
        }
    }

    /// The words the glossary protects from stemming.
    pub fn protected(&self) -> &Protected {
        &self.protected
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

/// A folded word of the query and where it was typed.
struct Typed {
    fold: String,
    /// Byte range in the analyzed text.
    from: usize,
    to: usize,
}

/// Folded words of `text`. Boolean operators typed out of habit (`AND`,
/// `OR`, `NOT` in capitals) are skipped outside quotes: Folio has no query
/// syntax, and they are not handbook words.
fn fold_words(analyzers: &mut QueryAnalyzers, text: &str, quoted: bool) -> Vec<Typed> {
    let mut out = Vec::new();
    analyzers.fold.token_stream(text).process(&mut |t: &Token| {
        let raw = &text[t.offset_from..t.offset_to];
        if quoted || !matches!(raw, "AND" | "OR" | "NOT") {
            out.push(Typed { fold: t.text.clone(), from: t.offset_from, to: t.offset_to });
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
    // Each group's run of words that names a glossary entry, if any.
    let mut runs: Vec<Option<usize>> = Vec::new();
    let mut run_count = 0;
    let expansions = Arc::clone(&analyzers.expansions);
    let mut stop = StopWords::new(analyzers.stop);
    for seg in segments(query) {
        let words = fold_words(analyzers, seg.text, seg.quoted);
        if seg.quoted {
            let open = !seg.closed && words.last().is_some_and(|w| seg.start + w.to == end);
            let label = seg.text;
            let mut words: Vec<String> = words.into_iter().map(|w| w.fold).collect();
            let form = match words.len() {
                0 => continue,
                1 => Form::Word { fold: words.remove(0), stem: None, prefix: open },
                _ => {
                    let stops: Vec<&String> = words.iter().filter(|w| stop.contains(w)).collect();
                    if stops.len() < words.len() {
                        parsed.quiet.extend(stops.into_iter().cloned());
                    }
                    Form::Phrase { words, open }
                }
            };
            runs.push(None);
            parsed.groups.push(Group::single(label, form));
            droppable.push(false);
            continue;
        }
        let folds: Vec<String> = words.iter().map(|w| w.fold.clone()).collect();
        // Per word: its run and the names the run expands to.
        let mut named: Vec<Option<(usize, Names<'_>)>> = vec![None; words.len()];
        for (range, names) in expansions.spans(&folds) {
            named[range].fill(Some((run_count, names)));
            run_count += 1;
        }
        for (i, word) in words.iter().enumerate() {
            let fold = &word.fold;
            let before_number =
                words.get(i + 1).is_some_and(|next| next.fold.starts_with(|c: char| c.is_ascii_digit()));
            if before_number && ARTICLE_WORDS.contains(&fold.as_str()) {
                parsed.articles.extend(words.get(i + 1).map(|next| next.fold.clone()));
                continue;
            }
            parsed.free_words.push(fold.clone());
            let prefix = seg.start + word.to == end
                && !is_number(fold)
                && fold.len() >= MIN_PREFIX_LEN
                && !analyzers.protected.contains(fold);
            let stem = analyzer::terms(&mut analyzers.stem, fold).pop().unwrap_or_else(|| fold.clone());
            droppable.push(!prefix && stop.contains(fold));
            let form = Form::Word { fold: fold.clone(), stem: Some(stem), prefix };
            let names = named[i].map(|(_, names)| names.to_vec()).unwrap_or_default();
            runs.push(named[i].map(|(run, _)| run));
            parsed.groups.push(Group { names, ..Group::single(&seg.text[word.from..word.to], form) });
        }
    }
    let keep_all = droppable.iter().all(|d| *d);
    let mut kept = droppable.iter().map(|d| keep_all || !d);
    parsed.groups.retain(|_| kept.next().unwrap_or(true));
    let mut kept = droppable.iter().map(|d| keep_all || !d);
    runs.retain(|_| kept.next().unwrap_or(true));
    parsed.groups.truncate(MAX_GROUPS);
    runs.truncate(MAX_GROUPS);
    parsed.free_words.truncate(MAX_GROUPS);
    // The groups of one run share its names.
    for (group, run) in parsed.groups.iter_mut().zip(&runs) {
        group.shared = runs.iter().filter(|r| run.is_some() && *r == run).count().max(1);
    }
    parsed
}

/// How a word is expanded through the term dictionary.
#[derive(Clone, Copy)]
enum Expand {
    Prefix,
    Fuzzy,
    FuzzyPrefix,
    /// Two edits: only for suggestions.
    Fuzzy2,
}

/// Dictionary words of `field` that `word` expands to, most frequent first.
fn expand(searcher: &Searcher, field: Field, word: &str, how: Expand) -> Vec<String> {
    expand_counted(searcher, field, word, how).into_iter().map(|(w, _)| w).collect()
}

/// [`expand`], with each word's document frequency.
fn expand_counted(searcher: &Searcher, field: Field, word: &str, how: Expand) -> Vec<(String, u64)> {
    // term -> summed document frequency over segments
    let mut found: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
    let term = Term::from_field_text(field, word);
    let query = match how {
        Expand::Prefix => FuzzyTermQuery::new_prefix(term, 0, true),
        Expand::Fuzzy => FuzzyTermQuery::new(term, 1, true),
        Expand::FuzzyPrefix => FuzzyTermQuery::new_prefix(term, 1, true),
        Expand::Fuzzy2 => FuzzyTermQuery::new(term, 2, true),
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
    found.into_iter().take(MAX_EXPANSIONS).filter_map(|(k, n)| Some((String::from_utf8(k).ok()?, n))).collect()
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

/// The query of one group over `fields` (all searchable fields, or only the
/// title), adding what it matches to `marks`. With `fuzzy`, words of
/// [`MIN_FUZZY_LEN`] letters or more also match dictionary words one edit away.
pub fn group_query(
    group: &Group,
    quiet: &[String],
    fields: &[Searchable],
    searcher: &Searcher,
    fuzzy: bool,
    marks: &mut Marks,
) -> Box<dyn Query> {
    let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for form in &group.forms {
        match form {
            Form::Word { fold, stem, prefix } => {
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
                // A bare number also finds its suffixed articles (202 → 202ter).
                let suffixed: Vec<String> = if is_number(fold) {
                    ARTICLE_SUFFIXES.iter().map(|s| format!("{fold}{s}")).collect()
                } else {
                    Vec::new()
                };
                for s in fields {
                    if let Some(stem) = stem {
                        any.push((Occur::Should, term_query(s.stem, stem, s.boost)));
                    }
                    any.push((Occur::Should, term_query(s.fold, fold, s.boost * EXACT_FORM_BONUS)));
                    let expanded = match how {
                        Some(how) => expand(searcher, s.fold, fold, how),
                        None => Vec::new(),
                    };
                    for word in expanded.into_iter().chain(suffixed.iter().cloned()) {
                        if &word != fold {
                            any.push((Occur::Should, term_query(s.fold, &word, s.boost * EXPANSION_WEIGHT)));
                            marks.folds.insert(word);
                        }
                    }
                }
            }
            Form::Phrase { words, open } => {
                marks.folds.extend(words.iter().filter(|w| !quiet.contains(w)).cloned());
                if *open {
                    marks.prefixes.extend(words.last().cloned());
                }
                for s in fields {
                    any.push((Occur::Should, phrase_query(s.fold, words, *open, 0, s.boost)));
                }
            }
        }
    }
    let weight = NAME_WEIGHT / group.shared.max(1) as f32;
    for name in &group.names {
        match &name[..] {
            [word] => _ = marks.folds.insert(word.clone()),
            _ => marks.phrases.push(name.clone()),
        }
        for s in fields {
            let query = match &name[..] {
                [word] => term_query(s.fold, word, s.boost * weight),
                _ => phrase_query(s.fold, name, false, 0, s.boost * weight),
            };
            any.push((Occur::Should, query));
        }
    }
    Box::new(BooleanQuery::new(any))
}

/// Optional clauses that score free words typed together higher where they
/// appear together, and article numbers where the text names them as
/// articles ("artículo 317").
pub fn proximity(parsed: &ParsedQuery, fields: &[Searchable]) -> Vec<(Occur, Box<dyn Query>)> {
    let mut clauses = Vec::new();
    for s in fields {
        let boost = s.boost * PROXIMITY_BONUS;
        if (2..=MAX_GROUPS).contains(&parsed.free_words.len()) {
            clauses.push((Occur::Should, phrase_query(s.fold, &parsed.free_words, false, 1, boost)));
        }
        for number in &parsed.articles {
            for word in ARTICLE_NAMES {
                clauses
                    .push((Occur::Should, phrase_query(s.fold, &[word.to_string(), number.clone()], false, 0, boost)));
            }
        }
    }
    clauses
}

/// Indexed words near `word` (one edit, or two for words of
/// [`MIN_FUZZY_LEN`] letters or more), most frequent first: "did you mean".
pub fn nearest_words(searcher: &Searcher, field: Field, word: &str) -> Vec<(String, u64)> {
    let mut found = Vec::new();
    for how in [Expand::Fuzzy, Expand::Fuzzy2] {
        if matches!(how, Expand::Fuzzy2) && (word.chars().count() < MIN_FUZZY_LEN || !found.is_empty()) {
            break;
        }
        found = expand_counted(searcher, field, word, how);
        found.retain(|(w, _)| w != word);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Entry;

    fn parse_es(q: &str) -> ParsedQuery {
        parse(q, &mut QueryAnalyzers::new(Lang::Es, &Glossary::default()))
    }

    fn word(label: &str, fold: &str, stem: &str, prefix: bool) -> Group {
        Group::single(label, Form::Word { fold: fold.into(), stem: Some(stem.into()), prefix })
    }

    fn phrase(label: &str, words: &[&str], open: bool) -> Group {
        Group::single(label, Form::Phrase { words: words.iter().map(|w| w.to_string()).collect(), open })
    }

    // Accents and case are folded; the last word being typed is a prefix;
    // each group keeps the words as typed.
    #[test]
    fn words_are_folded_and_last_is_prefix() {
        let parsed = parse_es("Víctimas explot");
        assert_eq!(
            parsed.groups,
            [word("Víctimas", "victimas", "victim", false), word("explot", "explot", "explot", true)]
        );
        // A trailing space ends the word: no prefix.
        assert!(matches!(parse_es("explot ").groups[0].forms[0], Form::Word { prefix: false, .. }));
    }

    // Quotes make phrases; unclosed quotes are open phrases; stop words are
    // dropped outside phrases only.
    #[test]
    fn phrases_and_stop_words() {
        let parsed = parse_es("\"trata de personas\" de menores");
        assert_eq!(
            parsed.groups,
            [
                phrase("trata de personas", &["trata", "de", "personas"], false),
                word("menores", "menores", "menor", true)
            ]
        );
        let open = parse_es("«trata de pers");
        assert_eq!(open.groups, [phrase("trata de pers", &["trata", "de", "pers"], true)]);
        // Only stop words: they are kept.
        assert_eq!(parse_es("de la ").groups.len(), 2);
    }

    // Article references in every usual form are one word; the article
    // words before a number are recognised and not required.
    #[test]
    fn article_references() {
        let folds = |q: &str| -> Vec<String> {
            parse_es(q).groups.iter().flat_map(|g| g.words()).map(str::to_string).collect()
        };
        for q in ["artículo 202 ter", "202ter", "202-Ter", "art. 202 TER", "Artículos 202 ter"] {
            assert_eq!(folds(q), ["202ter"], "{q:?}");
        }
        assert_eq!(folds("Art. 202 Quáter CP"), ["202quater", "cp"]);
        assert_eq!(folds("arts. 116 y 117"), ["116", "117"]);
        assert_eq!(parse_es("art. 202 Quáter CP").groups[0].label, "202 Quáter");
        // Without a number, the word is an ordinary word.
        assert_eq!(folds("artículo"), ["articulo"]);
        // A bare number is never a prefix (202 must not find 2020).
        assert!(matches!(parse_es("202").groups[0].forms[0], Form::Word { prefix: false, .. }));
    }

    // A run of words naming a glossary entry gives each of its groups the
    // entry's names, which they share (a dropped stop word does not count);
    // a protected word is stemmed to itself and never a prefix.
    #[test]
    fn glossary_names_and_protected_words() {
        let glossary = Glossary {
            entries: vec![Entry {
                names: vec!["anticipo de prueba".into()],
                foreign: vec!["pre-trial testimony".into()],
            }],
            protect: vec!["trata".into()],
        };
        let mut analyzers = QueryAnalyzers::new(Lang::Es, &glossary);
        let parsed = parse("pre-trial testimony trata", &mut analyzers);
        let named: Vec<(&str, usize, usize)> =
            parsed.groups.iter().map(|g| (g.label.as_str(), g.names.len(), g.shared)).collect();
        assert_eq!(named, [("pre", 1, 3), ("trial", 1, 3), ("testimony", 1, 3), ("trata", 0, 1)]);
        assert_eq!(parsed.groups[0].names, [["anticipo", "de", "prueba"]]);
        assert_eq!(
            parsed.groups[3].forms,
            [Form::Word { fold: "trata".into(), stem: Some("trata".into()), prefix: false }]
        );
        let parsed = parse("anticipo de prueba", &mut analyzers);
        let shared: Vec<(&str, usize)> = parsed.groups.iter().map(|g| (g.label.as_str(), g.shared)).collect();
        assert_eq!(shared, [("anticipo", 2), ("prueba", 2)]);
        // Quoted text is not expanded.
        assert!(parse("\"pre-trial testimony\"", &mut analyzers).groups[0].names.is_empty());
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
