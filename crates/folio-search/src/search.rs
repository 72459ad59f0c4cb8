//! Opening an index blob and answering queries: the runtime half, identical
//! in the native CLI and in the browser.
//!
//! [`open_index`] unpacks a blob into a `RamDirectory` (no mmap, no files:
//! both targets work alike), reads the glossary it carries, registers the
//! analyzers (with the glossary's protected words), and opens a reader with
//! `ReloadPolicy::Manual` (no watcher thread, which wasm lacks).
//!
//! [`search_many`] answers one query over every index in scope (editions ×
//! languages) so that the browser and `folio search` merge alike:
//!
//! 1. each group of the query (see [`crate::query`]) is looked up in each
//!    index; a word no index knows as typed gets typo tolerance, and one no
//!    index knows even so is *dropped* (and named in [`Results::dropped`]);
//! 2. sections containing every remaining group come first (a group may be
//!    in the section or in its page's title: a section of "Protocolo de
//!    Palermo" holding `6` matches `art. 6 protocolo de palermo`), those of
//!    pages whose title holds more of the groups (as whole words: not a
//!    word still being typed that a title's word only starts) first, then
//!    by score;
//! 3. when fewer than [`HANDFUL`] pages contain every group, sections with
//!    at least half of them follow, by how many they hold and then by score,
//!    marked `partial` with the groups they lack;
//! 4. sections are grouped into one [`Row`] per page and language: its best
//!    section, the editions where the page matched (in scope order; the copy
//!    shown is that of the first edition in scope that has it), and its
//!    other matching sections;
//! 5. with several languages in scope, the first index's language is the
//!    reader's: a page that matched only in another language but has a copy
//!    in the reader's is shown as that copy, with [`Row::found_in`] saying
//!    where it matched; one that matched in both is one row, in the
//!    reader's language, at the better rank;
//! 6. when nothing at all matched, [`Results::suggestions`] offers the
//!    indexed words nearest to what was typed.
//!
//! The index holds no section text: it would be a third of the bytes a
//! reader's first search loads (issue 15). Each [`Row`] and [`Suggestion`]
//! names the section whose text it needs ([`TextRef`]); the caller loads
//! those texts (the site ships them per page, see `text_js_path`) and
//! [`complete`]s the answer: the rows' snippets, the suggestions as the
//! text writes them. The browser's loader does the same with the engine's
//! [`SearchIndex::snippet`] and [`snippet::written_form`].

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Serialize;
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::directory::RamDirectory;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, FieldType, IndexRecordOption, Term, Value};
use tantivy::{Directory, DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument};

use crate::glossary::{self, Glossary};
use crate::query::{self, ParsedQuery, QueryAnalyzers};
use crate::schema::Fields;
use crate::snippet::Marks;
use crate::{analyzer, blob, snippet, Lang, SearchError};

/// Most rows one search returns, whatever the caller asks.
pub const MAX_LIMIT: usize = 200;
/// Most sections considered per index; rows are counted from these.
pub const MAX_HITS: usize = 1000;
/// When fewer pages than this contain every word, partial matches are added.
pub const HANDFUL: usize = 5;
/// Most "did you mean" words.
pub const MAX_SUGGESTIONS: usize = 5;

/// The answer to one query over the indexes in scope.
///
/// Plain text everywhere except [`Row::snippet`], which is HTML (escaped
/// text plus `<mark>` tags).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Results {
    /// The query as given.
    pub query: String,
    /// Number of rows found, of which `rows` holds the first `limit`.
    pub total: usize,
    /// One row per page (and language), best first.
    pub rows: Vec<Row>,
    /// Query words no index in scope knows; the others were searched.
    pub dropped: Vec<String>,
    /// Nearest indexed words, only when nothing at all was found.
    pub suggestions: Vec<Suggestion>,
}

/// A "did you mean" word.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The word: folded (`captacion`) until [`complete`] finds it in
    /// `text`, then as the text writes it (`captación`).
    pub word: String,
    /// A section whose text holds the word, if its body does.
    pub text: Option<TextRef>,
}

/// A section whose text an answer needs (see the module note).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TextRef {
    /// The section's link, relative to the site root (`2025/es/p.html#a`).
    pub url: String,
    /// Position, in the scope searched, of the index the section is in:
    /// its analyzers cut the snippet.
    pub index: usize,
}

/// One page that matched, shown by its best section.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// Stable page id.
    pub page_id: String,
    /// Page title.
    pub title: String,
    /// Chapter title.
    pub chapter: String,
    /// The page's number in the handbook (`6.2`), empty when unknown.
    pub number: String,
    /// Link to the best section, relative to the site root.
    pub url: String,
    /// Heading of the best section, empty for the page itself.
    pub heading: String,
    /// HTML excerpt of `text` with `<mark>` around matched words; empty
    /// until [`complete`] fills it.
    pub snippet: String,
    /// The section the snippet is cut from: the best section, or for a row
    /// with [`Row::found_in`], the one that matched.
    pub text: TextRef,
    /// Version id of the best section.
    pub version: String,
    /// Language code.
    pub lang: String,
    /// Editions in which this page matched, best first (at least one).
    pub editions: Vec<String>,
    /// True when the best section lacks some of the query's words.
    pub partial: bool,
    /// The query's words (as typed) that the best section lacks.
    pub missing: Vec<String>,
    /// The page's other matching sections, best first.
    pub sections: Vec<Section>,
    /// Relevance of the best section; only comparable within one answer.
    pub score: f32,
    /// Set when the row shows the reader's language's copy of a page that
    /// matched only in another language: where it matched. The snippet is
    /// from that text.
    pub found_in: Option<FoundIn>,
}

/// Where a row shown in the reader's language matched (see [`Row::found_in`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FoundIn {
    /// Language code of the text that matched.
    pub lang: String,
    /// Link to its best section, relative to the site root.
    pub url: String,
    /// That section's heading, empty for the page itself.
    pub heading: String,
}

/// Another matching section of a row's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Its heading, empty for the page itself.
    pub heading: String,
    /// Link relative to the site root.
    pub url: String,
}

/// An opened index, ready to search.
pub struct SearchIndex {
    reader: IndexReader,
    fields: Fields,
    lang: Lang,
    analyzers: QueryAnalyzers,
}

/// Opens an index blob made by the builder.
pub fn open_index(blob: &[u8]) -> Result<SearchIndex, SearchError> {
    let unpacked = blob::unpack(blob)?;
    let directory = RamDirectory::create();
    let mut glossary: Option<Glossary> = None;
    for (name, data) in &unpacked.files {
        if *name == glossary::BLOB_FILE {
            let text =
                std::str::from_utf8(data).map_err(|_| SearchError::Corrupt("the index's glossary is invalid"))?;
            glossary = Some(Glossary::from_text(text)?);
        } else {
            directory.atomic_write(Path::new(name), data)?;
        }
    }
    let glossary = glossary.ok_or(SearchError::Corrupt("the index carries no glossary"))?;
    let analyzers = QueryAnalyzers::new(unpacked.lang, &glossary);
    let index = Index::open(directory)?;
    analyzer::register(index.tokenizers(), analyzers.protected());
    let fields = Fields::resolve(&index.schema())?;
    // The stemmed fields must use the analyzer of the language in the header.
    let schema = index.schema();
    let tokenizer = match schema.get_field_entry(fields.searchable[2].stem).field_type() {
        FieldType::Str(options) => options.get_indexing_options().map(|i| i.tokenizer()),
        _ => None,
    };
    if tokenizer != Some(analyzer::stem_tokenizer_name(unpacked.lang)) {
        return Err(SearchError::Corrupt("index language does not match its analyzers"));
    }
    let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
    Ok(SearchIndex { reader, fields, lang: unpacked.lang, analyzers })
}

impl SearchIndex {
    /// Language of the index.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Number of indexed sections.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The answer for what a reader typed, at most `limit` rows (capped at
    /// [`MAX_LIMIT`]). Never fails and never panics: an empty or unusable
    /// query, or an internal error, gives no rows. Use [`Self::try_search`]
    /// to see errors.
    pub fn search(&self, query: &str, limit: usize) -> Results {
        search_many(&[self], query, limit)
    }

    /// Like [`Self::search`], but reports tantivy errors (which, on an index
    /// that opened, only a bug can cause).
    pub fn try_search(&self, query: &str, limit: usize) -> Result<Results, SearchError> {
        try_search_many(&[self], query, limit)
    }

    /// What a snippet of this index's text marks for `query`: the words the
    /// query matched here (with their prefix and typo expansions), as the
    /// search found them. Nothing for a query that cannot run.
    pub fn marks(&self, query: &str) -> Marks {
        Prepared::new(self, query).map(|p| p.marks).unwrap_or_default()
    }

    /// The HTML snippet of `text`, a section's text in this index's
    /// language, with `marks` (see [`Self::marks`]) marked.
    pub fn snippet(&self, marks: &Marks, text: &str) -> String {
        let mut analyzers = self.analyzers.clone();
        let (fold, stem) = analyzers.fold_and_stem();
        snippet::snippet(text, marks, fold, stem)
    }
}

/// The answer for `query` over all of `indexes`, merged as described in the
/// module note. Never fails: an internal error gives no rows.
pub fn search_many(indexes: &[&SearchIndex], query: &str, limit: usize) -> Results {
    try_search_many(indexes, query, limit)
        .unwrap_or_else(|_| Results { query: query.to_string(), ..Results::default() })
}

/// One query group as looked up in one index.
struct Lookup {
    label: String,
    /// Its query over all searchable fields.
    query: Box<dyn Query>,
    /// Sections whose own text matches it.
    docs: HashSet<DocAddress>,
    /// Pages whose title matches it (a word being typed as a prefix).
    title_pages: HashSet<String>,
    /// Pages whose title holds it as whole words: these rank first. A last
    /// word still being typed (`especial`) that only starts a title's word
    /// (`especializados`) does not lift that page.
    titled_pages: HashSet<String>,
}

/// The query as prepared for one index.
struct Prepared<'a> {
    index: &'a SearchIndex,
    searcher: Searcher,
    parsed: ParsedQuery,
    lookups: Vec<Lookup>,
    marks: Marks,
}

impl<'a> Prepared<'a> {
    fn new(index: &'a SearchIndex, query: &str) -> Result<Prepared<'a>, SearchError> {
        let mut analyzers = index.analyzers.clone();
        let parsed = query::parse(query, &mut analyzers);
        let searcher = index.reader.searcher();
        let searchable = &index.fields.searchable;
        let mut marks = Marks::default();
        let mut lookups = Vec::new();
        for group in &parsed.groups {
            // Exact first; typo tolerance only if the index lacks the group as typed.
            for fuzzy in [false, true] {
                if fuzzy && !group.fuzzy_eligible() {
                    break;
                }
                let mut found = Marks::default();
                let query = query::group_query(group, &parsed.quiet, searchable, &searcher, fuzzy, &mut found);
                let docs = searcher.search(&query, &DocSetCollector)?;
                if docs.is_empty() && !fuzzy && group.fuzzy_eligible() {
                    continue;
                }
                let pages_titled = |group: &query::Group| -> Result<HashSet<String>, SearchError> {
                    let title_query = query::group_query(
                        group,
                        &parsed.quiet,
                        &searchable[..1],
                        &searcher,
                        fuzzy,
                        &mut Marks::default(),
                    );
                    let mut pages = HashSet::new();
                    for address in searcher.search(&title_query, &DocSetCollector)? {
                        pages.insert(text(&searcher.doc(address)?, index.fields.page_id));
                    }
                    Ok(pages)
                };
                let title_pages = pages_titled(group)?;
                // Looked up again as whole words only if a word is still being typed.
                let whole = group.whole_words();
                let titled_pages = if whole == *group { title_pages.clone() } else { pages_titled(&whole)? };
                if !docs.is_empty() {
                    marks.extend(found);
                }
                lookups.push(Lookup { label: group.label.clone(), query, docs, title_pages, titled_pages });
                break;
            }
        }
        Ok(Prepared { index, searcher, parsed, lookups, marks })
    }

    /// Sections matching at least one group, best score first.
    fn matches(&self) -> Result<Vec<(f32, DocAddress)>, SearchError> {
        if self.lookups.is_empty() {
            return Ok(Vec::new());
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            self.lookups.iter().map(|l| (Occur::Should, l.query.box_clone())).collect();
        clauses.extend(query::proximity(&self.parsed, &self.index.fields.searchable));
        Ok(self.searcher.search(&BooleanQuery::new(clauses), &TopDocs::with_limit(MAX_HITS).order_by_score())?)
    }

    fn doc(&self, address: DocAddress) -> Result<TantivyDocument, SearchError> {
        Ok(self.searcher.doc(address)?)
    }
}

/// A row while sections are grouped into it.
struct Building {
    row: Row,
    /// Anchors of the shown section and then of `row.sections`, each with
    /// the index its shown copy comes from.
    anchors: Vec<(String, usize)>,
    /// Editions that matched, with the first index they matched in.
    editions: Vec<(usize, String)>,
}

/// A section found, before grouping.
struct Candidate {
    /// Which index (position in the scope).
    index: usize,
    doc: TantivyDocument,
    score: f32,
    /// How many groups the page title holds.
    in_title: usize,
    /// Groups neither the section nor its page title holds.
    missing: Vec<String>,
}

/// Like [`search_many`], but reports tantivy errors.
pub fn try_search_many(indexes: &[&SearchIndex], query: &str, limit: usize) -> Result<Results, SearchError> {
    let limit = limit.min(MAX_LIMIT);
    let mut results = Results { query: query.to_string(), ..Results::default() };
    if limit == 0 {
        return Ok(results);
    }
    let mut prepared = indexes.iter().map(|index| Prepared::new(index, query)).collect::<Result<Vec<_>, _>>()?;

    // 1. Groups no index knows are dropped.
    let mut known = HashSet::new();
    let mut labels = Vec::new();
    for p in &prepared {
        for l in &p.lookups {
            if !l.docs.is_empty() {
                known.insert(l.label.clone());
            }
            if !labels.contains(&l.label) {
                labels.push(l.label.clone());
            }
        }
    }
    results.dropped = labels.into_iter().filter(|l| !known.contains(l)).collect();
    for p in &mut prepared {
        p.lookups.retain(|l| known.contains(&l.label));
    }

    // 2. and 3. Full matches (a group may be in the page title rather than in
    // the section), and partial ones while full ones are too few.
    let mut full = Vec::new();
    let mut partial = Vec::new();
    let mut full_pages = HashSet::new();
    for (i, p) in prepared.iter().enumerate() {
        let mut local_partial = Vec::new();
        for (score, address) in p.matches()? {
            let doc = p.doc(address)?;
            let page_id = text(&doc, p.index.fields.page_id);
            let in_title = p.lookups.iter().filter(|l| l.titled_pages.contains(&page_id)).count();
            let missing: Vec<String> = p
                .lookups
                .iter()
                .filter(|l| !l.docs.contains(&address) && !l.title_pages.contains(&page_id))
                .map(|l| l.label.clone())
                .collect();
            let candidate = Candidate { index: i, doc, score, in_title, missing };
            if candidate.missing.is_empty() {
                full_pages.insert((p.index.lang, page_id));
                full.push(candidate);
            } else {
                local_partial.push(candidate);
            }
        }
        // Sections with at least half of the groups, if there are any.
        let most = p.lookups.len() - p.lookups.len().div_ceil(2);
        if local_partial.iter().any(|c| c.missing.len() <= most) {
            local_partial.retain(|c| c.missing.len() <= most);
        }
        partial.extend(local_partial);
    }
    let mut candidates = full;
    if full_pages.len() < HANDFUL {
        candidates.extend(partial);
    }
    // Stable: ties keep the order of the scope, then of the index.
    candidates.sort_by(|a, b| {
        a.missing
            .len()
            .cmp(&b.missing.len())
            .then(b.in_title.cmp(&a.in_title))
            .then(b.score.partial_cmp(&a.score).unwrap_or(std::cmp::Ordering::Equal))
    });

    // 4. One row per page and language; of the same section in several
    // editions, the copy from the edition first in scope is shown.
    let mut rows: Vec<Building> = Vec::new();
    let mut row_of: HashMap<(String, String), usize> = HashMap::new();
    for c in candidates {
        let fields = &prepared[c.index].index.fields;
        let field = |f: Field| text(&c.doc, f);
        let (page_id, lang, url, version) =
            (field(fields.page_id), field(fields.lang), field(fields.url), field(fields.version));
        let anchor = anchor(&url).to_string();
        let Some(&r) = row_of.get(&(lang.clone(), page_id.clone())) else {
            row_of.insert((lang.clone(), page_id.clone()), rows.len());
            let row = Row {
                page_id,
                title: field(fields.title),
                chapter: field(fields.chapter),
                number: field(fields.number),
                url,
                heading: field(fields.heading),
                snippet: String::new(),
                // Set once the row is final, from `anchors` and `found_in`.
                text: TextRef::default(),
                editions: Vec::new(),
                version: version.clone(),
                lang,
                partial: !c.missing.is_empty(),
                missing: c.missing,
                sections: Vec::new(),
                score: c.score,
                found_in: None,
            };
            rows.push(Building { row, anchors: vec![(anchor, c.index)], editions: vec![(c.index, version)] });
            continue;
        };
        let b = &mut rows[r];
        if !b.editions.iter().any(|(_, v)| *v == version) {
            b.editions.push((c.index, version.clone()));
        }
        match b.anchors.iter().position(|(a, _)| *a == anchor) {
            Some(0) if c.index < b.anchors[0].1 && c.missing.len() == b.row.missing.len() => {
                b.anchors[0].1 = c.index;
                (b.row.url, b.row.version, b.row.number, b.row.heading, b.row.missing) =
                    (url, version, field(fields.number), field(fields.heading), c.missing);
            }
            Some(0) => {}
            Some(k) if c.index < b.anchors[k].1 => {
                b.anchors[k].1 = c.index;
                b.row.sections[k - 1] = Section { heading: field(fields.heading), url };
            }
            Some(_) => {}
            None => {
                b.anchors.push((anchor, c.index));
                b.row.sections.push(Section { heading: field(fields.heading), url });
            }
        }
    }
    // 5. Pages in the reader's language.
    let mut rows = in_reader_language(&prepared, rows)?;
    results.total = rows.len();
    rows.truncate(limit);
    for Building { mut row, anchors, mut editions } in rows {
        // The snippet's section: the one that matched, in the index its
        // shown copy comes from.
        let url = row.found_in.as_ref().map_or(&row.url, |found| &found.url).clone();
        row.text = TextRef { url, index: anchors[0].1 };
        editions.sort_by_key(|(index, _)| *index);
        row.editions = editions.into_iter().map(|(_, version)| version).collect();
        results.rows.push(row);
    }

    // 6. Nothing found: the nearest indexed words.
    if results.rows.is_empty() {
        results.suggestions = suggestions(&prepared);
    }
    Ok(results)
}

/// Step 5 of the module note: with several languages in scope, each page
/// that has a copy in the reader's language (the first index's) is shown as
/// that copy, once, at the best rank the page reached in any language.
fn in_reader_language(prepared: &[Prepared<'_>], rows: Vec<Building>) -> Result<Vec<Building>, SearchError> {
    let Some(reader) = prepared.first().map(|p| p.index.lang) else {
        return Ok(rows);
    };
    if prepared.iter().all(|p| p.index.lang == reader) {
        return Ok(rows);
    }
    let own: HashMap<String, usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, b)| b.row.lang == reader.code())
        .map(|(i, b)| (b.row.page_id.clone(), i))
        .collect();
    let mut slots: Vec<Option<Building>> = rows.into_iter().map(Some).collect();
    let mut out = Vec::new();
    for i in 0..slots.len() {
        let Some(mut b) = slots[i].take() else { continue };
        if b.row.lang != reader.code() {
            if let Some(&j) = own.get(&b.row.page_id) {
                // It matched in the reader's language too: that row, here
                // (unless it is already shown above).
                out.extend(slots[j].take());
                continue;
            }
            if let Some(copy) = reader_copy(prepared, reader, &b.row.page_id, &b.row.version)? {
                let row = &mut b.row;
                row.found_in = Some(FoundIn {
                    lang: std::mem::take(&mut row.lang),
                    url: std::mem::replace(&mut row.url, copy.url),
                    heading: std::mem::take(&mut row.heading),
                });
                (row.title, row.chapter, row.number, row.version, row.lang) =
                    (copy.title, copy.chapter, copy.number, copy.version, reader.code().to_string());
                // Its other sections are in the language it matched in.
                row.sections.clear();
            }
        }
        out.push(b);
    }
    Ok(out)
}

/// A page as the reader's language shows it.
struct PageCopy {
    title: String,
    chapter: String,
    number: String,
    url: String,
    version: String,
}

/// The copy of page `page_id` in `lang`, from the indexes in scope,
/// preferably of edition `version`; `None` when it has none.
fn reader_copy(
    prepared: &[Prepared<'_>],
    lang: Lang,
    page_id: &str,
    version: &str,
) -> Result<Option<PageCopy>, SearchError> {
    let mut found: Option<PageCopy> = None;
    for p in prepared.iter().filter(|p| p.index.lang == lang) {
        let fields = &p.index.fields;
        let query = TermQuery::new(Term::from_field_text(fields.page_id, page_id), IndexRecordOption::Basic);
        for address in p.searcher.search(&query, &DocSetCollector)? {
            let doc = p.doc(address)?;
            let url = text(&doc, fields.url);
            let copy = PageCopy {
                title: text(&doc, fields.title),
                chapter: text(&doc, fields.chapter),
                number: text(&doc, fields.number),
                url: url.split('#').next().unwrap_or_default().to_string(),
                version: text(&doc, fields.version),
            };
            if copy.version == version {
                return Ok(Some(copy));
            }
            found.get_or_insert(copy);
        }
    }
    Ok(found)
}

/// The anchor of a section's url, empty for the page itself.
fn anchor(url: &str) -> &str {
    url.split_once('#').map_or("", |(_, anchor)| anchor)
}

/// A stored text field of `doc`.
fn text(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_string()
}

/// Indexed words nearest to the query's words, most frequent first, each
/// with a section whose text writes it (to show `captación`, not the
/// indexed `captacion`; see [`complete`]).
fn suggestions(prepared: &[Prepared<'_>]) -> Vec<Suggestion> {
    // folded word -> (summed frequency, index that has it)
    let mut counts: HashMap<String, (u64, usize)> = HashMap::new();
    for (i, p) in prepared.iter().enumerate() {
        for group in &p.parsed.groups {
            for word in group.words() {
                for s in &p.index.fields.searchable {
                    for (near, n) in query::nearest_words(&p.searcher, s.fold, word) {
                        counts.entry(near).or_insert((0, i)).0 += n;
                    }
                }
            }
        }
    }
    let mut words: Vec<(String, (u64, usize))> = counts.into_iter().collect();
    words.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
    words
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(word, (_, i))| {
            let text = section_holding(&prepared[i], &word).map(|url| TextRef { url, index: i });
            Suggestion { word, text }
        })
        .collect()
}

/// The link of the section whose body best matches the folded `word`;
/// `None` if it is only in titles or headings.
fn section_holding(p: &Prepared<'_>, word: &str) -> Option<String> {
    let fields = &p.index.fields;
    let query = TermQuery::new(Term::from_field_text(fields.searchable[2].fold, word), IndexRecordOption::Basic);
    let top = p.searcher.search(&query, &TopDocs::with_limit(1).order_by_score()).ok()?;
    Some(text(&p.doc(top.first()?.1).ok()?, fields.url))
}

/// Fills what an answer needs section texts for (see the module note): each
/// row's snippet, and each suggestion as its text writes it. `text(url)`
/// gives the text of the section at `url` (`None` leaves the snippet empty
/// and the suggestion folded); `indexes` is the scope that was searched.
pub fn complete(results: &mut Results, indexes: &[&SearchIndex], mut text: impl FnMut(&str) -> Option<String>) {
    let mut marks: HashMap<usize, Marks> = HashMap::new();
    for row in &mut results.rows {
        let Some(index) = indexes.get(row.text.index) else { continue };
        let Some(body) = text(&row.text.url) else { continue };
        let marks = marks.entry(row.text.index).or_insert_with(|| index.marks(&results.query));
        row.snippet = index.snippet(marks, &body);
    }
    for suggestion in &mut results.suggestions {
        let body = suggestion.text.as_ref().and_then(|t| text(&t.url));
        if let Some(written) = body.and_then(|body| snippet::written_form(&body, &suggestion.word)) {
            suggestion.word = written;
        }
    }
}
