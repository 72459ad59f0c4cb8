//! The edition's glossary as search uses it: names that expand to each
//! other, across languages, and words that are never stemmed.
//!
//! A reader may type an abbreviation (`CPP`) where the text spells the name
//! out ("Código Procesal Penal"), or the reverse, or a name in the other
//! language ("pre-trial testimony" for "anticipo de prueba"). So each index
//! carries, for its language, a [`Glossary`]: every entry's names in that
//! language (term, other forms, abbreviations) and its names in the other
//! languages. It travels inside the index blob (as [`BLOB_FILE`], in a
//! small text format, [`Glossary::to_text`], that the browser reads without a
//! JSON parser), so the browser and `folio search` answer alike from the
//! built site alone.
//!
//! At query time ([`Expansions`]) a run of typed words equal to any name of
//! an entry, in either language, also matches that entry's names in the
//! index's language, as exact phrases (see [`crate::query`]). Names are
//! compared as folded words, so case, accents and punctuation do not matter
//! (`pre-trial testimony` = `Pre trial testimony`).
//!
//! [`Glossary::protect`] lists the words the index's stemming analyzer leaves
//! alone (see [`crate::analyzer::Protected`]).

use std::collections::HashMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::analyzer::{fold_analyzer, terms};
use crate::SearchError;

/// Name of the glossary's file inside an index blob (beside tantivy's files).
pub const BLOB_FILE: &str = "folio-glossary.txt";

/// The glossary as one index carries it, for the index's language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Glossary {
    /// One per concept that has names in the index's language.
    pub entries: Vec<Entry>,
    /// Words of the index's language that are indexed and queried unstemmed.
    pub protect: Vec<String>,
}

/// One concept of the glossary.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Its names in the index's language (term, other forms,
    /// abbreviations): what a query naming the concept also searches.
    pub names: Vec<String>,
    /// Its names in the other languages: recognised in a query, not searched.
    pub foreign: Vec<String>,
}

impl Glossary {
    /// The glossary as the blob carries it: one line per protected word
    /// (`p` TAB word), and per entry a line of its names (`=` TAB name TAB
    /// name …) and, if it has any, a line of its foreign names (`~` TAB …).
    /// Tabs and line breaks inside a name become spaces (names are compared
    /// as folded words, so nothing changes), and foreign names that are
    /// also names of the entry are left out.
    pub fn to_text(&self) -> String {
        let clean = |name: &str| name.replace(['\t', '\n', '\r'], " ");
        let mut out = String::new();
        for word in &self.protect {
            out.push_str(&format!("p\t{}\n", clean(word)));
        }
        for entry in &self.entries {
            let names: Vec<String> = entry.names.iter().map(|n| clean(n)).collect();
            out.push_str(&format!("=\t{}\n", names.join("\t")));
            let foreign: Vec<String> = entry.foreign.iter().map(|n| clean(n)).filter(|n| !names.contains(n)).collect();
            if !foreign.is_empty() {
                out.push_str(&format!("~\t{}\n", foreign.join("\t")));
            }
        }
        out
    }

    /// Reads what [`Self::to_text`] wrote.
    pub fn from_text(text: &str) -> Result<Glossary, SearchError> {
        let mut glossary = Glossary::default();
        for line in text.lines() {
            let mut fields = line.split('\t');
            let tag = fields.next().unwrap_or_default();
            let words = fields.map(str::to_string);
            match (tag, glossary.entries.last_mut()) {
                ("p", _) => glossary.protect.extend(words),
                ("=", _) => glossary.entries.push(Entry { names: words.collect(), foreign: Vec::new() }),
                ("~", Some(entry)) => entry.foreign.extend(words),
                _ => return Err(SearchError::Corrupt("the index's glossary is invalid")),
            }
        }
        Ok(glossary)
    }
}

/// The glossary prepared for queries: each name, as folded words, with the
/// names (folded words) it expands to.
#[derive(Debug, Default)]
pub struct Expansions {
    table: HashMap<Vec<String>, Vec<Vec<String>>>,
    /// Words in the longest name.
    longest: usize,
}

impl Expansions {
    /// Prepares `glossary` for queries.
    pub fn new(glossary: &Glossary) -> Expansions {
        let mut fold = fold_analyzer();
        let mut expansions = Expansions::default();
        for entry in &glossary.entries {
            let mut names: Vec<Vec<String>> = Vec::new();
            for name in &entry.names {
                let words = terms(&mut fold, name);
                if !words.is_empty() && !names.contains(&words) {
                    names.push(words);
                }
            }
            if names.is_empty() {
                continue;
            }
            for name in entry.names.iter().chain(&entry.foreign) {
                let key = terms(&mut fold, name);
                if key.is_empty() {
                    continue;
                }
                expansions.longest = expansions.longest.max(key.len());
                let slot = expansions.table.entry(key).or_default();
                for words in &names {
                    if !slot.contains(words) {
                        slot.push(words.clone());
                    }
                }
            }
        }
        expansions
    }

    /// The names to search when a query's words (folded, in order) are
    /// exactly a name of the glossary.
    pub fn names(&self, words: &[String]) -> Option<&[Vec<String>]> {
        self.table.get(words).map(Vec::as_slice)
    }

    /// The runs of `words` (folded, in order) that are names of the
    /// glossary, with the names each expands to: from the left, the longest
    /// name first, runs never overlapping.
    pub fn spans(&self, words: &[String]) -> Vec<(Range<usize>, &[Vec<String>])> {
        let mut out = Vec::new();
        let mut start = 0;
        while start < words.len() {
            let longest = self.longest.min(words.len() - start);
            let found = (1..=longest).rev().find_map(|len| Some((len, self.names(&words[start..start + len])?)));
            match found {
                Some((len, names)) => {
                    out.push((start..start + len, names));
                    start += len;
                }
                None => start += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        terms(&mut fold_analyzer(), text)
    }

    fn sample() -> Expansions {
        Expansions::new(&Glossary {
            entries: vec![
                Entry { names: vec!["Código Procesal Penal".into(), "CPP".into()], foreign: vec![] },
                Entry {
                    names: vec!["anticipo de prueba".into()],
                    foreign: vec!["pre-trial testimony".into(), "anticipated evidence".into()],
                },
                // No name in the index's language: nothing to expand to.
                Entry { names: vec![], foreign: vec!["joint complainant".into()] },
            ],
            protect: vec![],
        })
    }

    // Any name, in either language, expands to the names in the index's
    // language, compared as folded words.
    #[test]
    fn names_expand_both_ways_and_across_languages() {
        let e = sample();
        let cpp = [words("codigo procesal penal"), words("cpp")];
        assert_eq!(e.names(&words("CPP")).unwrap(), cpp);
        assert_eq!(e.names(&words("código procesal PENAL")).unwrap(), cpp);
        assert_eq!(e.names(&words("Pre-Trial testimony")).unwrap(), [words("anticipo de prueba")]);
        assert!(e.names(&words("joint complainant")).is_none());
        assert!(e.names(&words("procesal penal")).is_none());
    }

    // The blob's text form reads back to the same glossary, without the
    // foreign names that repeat a name and with no tab or line break inside
    // a name; anything else is refused.
    #[test]
    fn text_form_round_trips() {
        let glossary = Glossary {
            entries: vec![
                Entry { names: vec!["Código Procesal Penal".into(), "CPP".into()], foreign: vec!["CPP".into()] },
                Entry { names: vec!["anticipo\tde prueba".into()], foreign: vec!["pre-trial\ntestimony".into()] },
            ],
            protect: vec!["trata".into()],
        };
        let text = glossary.to_text();
        assert_eq!(text, "p\ttrata\n=\tCódigo Procesal Penal\tCPP\n=\tanticipo de prueba\n~\tpre-trial testimony\n");
        let back = Glossary::from_text(&text).unwrap();
        assert_eq!(back.protect, ["trata"]);
        assert_eq!(
            back.entries[0],
            Entry { names: vec!["Código Procesal Penal".into(), "CPP".into()], foreign: vec![] }
        );
        assert_eq!(back.entries[1].foreign, ["pre-trial testimony"]);
        assert_eq!(Glossary::from_text("").unwrap(), Glossary::default());
        for bad in ["~\tforeign before any entry", "x\ty", "{\"entries\": []}"] {
            assert!(Glossary::from_text(bad).is_err(), "{bad:?}");
        }
    }

    // Names are found inside longer queries, the longest first.
    #[test]
    fn spans_find_names_in_a_query() {
        let e = sample();
        let query = words("art. 317 del codigo procesal penal y el CPP anticipo");
        let spans: Vec<Range<usize>> = e.spans(&query).into_iter().map(|(r, _)| r).collect();
        assert_eq!(spans, [3..6, 8..9]);
        assert!(e.spans(&[]).is_empty());
    }
}
