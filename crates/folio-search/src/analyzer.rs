//! The analyzers that turn text into index terms, identical on both sides.
//!
//! tantivy stores only tokenizer *names* in an index, so the builder and the
//! browser must register the same analyzers under the same names; this module
//! is the only place they are defined. Two kinds exist:
//!
//! - **fold** (`folio_fold`, every language): words lowercased and ASCII-folded
//!   (`Niñez` → `ninez`), not stemmed. Used for exact phrases, for prefix
//!   matching while typing and for typo tolerance, where a stem would mislead.
//! - **stem** (`folio_es`, `folio_en`): the fold chain followed by the Snowball
//!   stemmer, so inflections meet (`víctimas` and `victima` → `victim`).
//!
//! Folding happens *before* stemming so that a reader who types no accents gets
//! the same stem as the accented text. One Spanish detail needs help: the
//! stemmer strips `-ación`/`-ución` only with the accent, while the plural
//! `-aciones` has none, so `explotacion` and `explotaciones` would stem apart.
//! [`Stem`] puts the accent back on a folded `-ion` ending before the stemmer
//! runs (`-ión` is the only Spanish spelling of that ending), and a second
//! folding pass removes it again afterwards.
//!
//! The glossary may protect words from stemming ([`Protected`]): the Spanish
//! stemmer merges *trata* (trafficking) with *trate*, *tratar* (to treat), so
//! a protected word is indexed and queried as it is folded. The protected
//! words travel inside each index (see [`crate::glossary`]), and the builder
//! and the reader register the stemming analyzer with the same list.
//!
//! Both kinds join an article number and its Latin suffix into one term
//! ([`ArticleSuffix`]): `202 Ter`, `202-ter` and `202ter` all become
//! `202ter`, in the text and in the query alike, so an article reference is
//! one word that a different article's number cannot match.

use std::collections::HashSet;
use std::sync::Arc;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, StopWordFilter, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer, TokenizerManager,
};

use crate::{stopwords, Lang};

/// Name of the folding analyzer (no stemming), shared by all languages.
pub const FOLD_TOKENIZER: &str = "folio_fold";

/// Tokens longer than this (in bytes) are dropped: they are never words a
/// reader types, and long garbage would only bloat the term dictionary.
pub const MAX_TOKEN_BYTES: usize = 40;

/// Name of the stemming analyzer for `lang`.
pub fn stem_tokenizer_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "folio_es",
        Lang::En => "folio_en",
    }
}

/// Latin suffixes that follow an article number (`202 ter`), folded.
pub const ARTICLE_SUFFIXES: &[&str] =
    &["bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "nonies", "decies"];

/// Lowercase + ASCII folding, no stemming.
pub fn fold_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(ArticleSuffix)
        .build()
}

/// Lowercase + ASCII folding + the language's Snowball stemmer, which
/// leaves the `protected` words as they are.
pub fn stem_analyzer(lang: Lang, protected: &Protected) -> TextAnalyzer {
    let base = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(ArticleSuffix)
        .filter(Stem { lang, protected: protected.clone() });
    match lang {
        Lang::Es => base.filter(AsciiFoldingFilter).build(),
        Lang::En => base.build(),
    }
}

/// Registers every Folio analyzer on `manager` (an index's tokenizers), the
/// stemming ones leaving `protected` words unstemmed.
pub fn register(manager: &TokenizerManager, protected: &Protected) {
    manager.register(FOLD_TOKENIZER, fold_analyzer());
    for lang in Lang::ALL {
        manager.register(stem_tokenizer_name(lang), stem_analyzer(lang, protected));
    }
}

/// Words the stemmer leaves alone, folded (`Trata` is `trata`); cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct Protected(Arc<HashSet<String>>);

impl Protected {
    /// The folded forms of `words` (a word that folds to several terms
    /// protects each of them).
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Protected {
        let mut fold = fold_analyzer();
        Protected(Arc::new(words.into_iter().flat_map(|w| terms(&mut fold, w)).collect()))
    }

    /// True if the folded `word` must not be stemmed.
    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }
}

/// Runs `analyzer` over `text` and returns the terms, in order.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    analyzer.token_stream(text).process(&mut |token: &Token| out.push(token.text.clone()));
    out
}

/// Tells whether a (lowercased) word is a stop word of `lang` (see
/// [`crate::stopwords`]). The query uses this to skip `de`, `la`, `the`, …
/// as required words; documents keep them so that phrases still match.
pub struct StopWords {
    analyzer: TextAnalyzer,
}

impl StopWords {
    /// Stop words of `lang`.
    pub fn new(lang: Lang) -> StopWords {
        let words = match lang {
            Lang::Es => stopwords::SPANISH,
            Lang::En => stopwords::ENGLISH,
        };
        let filter = StopWordFilter::remove(words.iter().map(|w| w.to_string()));
        StopWords {
            analyzer: TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).filter(filter).build(),
        }
    }

    /// True if `word` (one word, any case) is a stop word.
    pub fn contains(&mut self, word: &str) -> bool {
        !word.is_empty() && terms(&mut self.analyzer, word).is_empty()
    }
}

/// Token filter that stems each folded word with the Snowball stemmer of
/// its language, except the [`Protected`] ones. For Spanish it first restores
/// the accent of a folded `-ion` ending (`explotacion` → `explotación`) so
/// that the stemmer treats singular and plural alike (see the module note).
#[derive(Clone, Debug)]
pub struct Stem {
    lang: Lang,
    protected: Protected,
}

impl TokenFilter for Stem {
    type Tokenizer<T: Tokenizer> = StemFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemFilter<T> {
        let algorithm = match self.lang {
            Lang::Es => frostem::Algorithm::Spanish,
            Lang::En => frostem::Algorithm::English,
        };
        StemFilter { inner: tokenizer, lang: self.lang, algorithm, protected: self.protected }
    }
}

/// The [`Tokenizer`] produced by [`Stem`].
#[derive(Clone)]
pub struct StemFilter<T> {
    inner: T,
    lang: Lang,
    algorithm: frostem::Algorithm,
    protected: Protected,
}

impl<T: Tokenizer> Tokenizer for StemFilter<T> {
    type TokenStream<'a> = StemStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(self.algorithm),
            lang: self.lang,
            protected: &self.protected,
        }
    }
}

/// The [`TokenStream`] produced by [`Stem`].
pub struct StemStream<'a, T> {
    tail: T,
    stemmer: frostem::Stemmer,
    lang: Lang,
    protected: &'a Protected,
}

impl<T: TokenStream> TokenStream for StemStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let text = &mut self.tail.token_mut().text;
        if self.protected.contains(text) {
            return true;
        }
        // Five letters at least, so `ion` itself and `sion`-like stubs stay.
        if self.lang == Lang::Es && text.len() >= 5 && text.ends_with("ion") {
            text.truncate(text.len() - 2);
            text.push_str("ón");
        }
        let stemmed = self.stemmer.stem(text).into_owned();
        *text = stemmed;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Token filter that joins a number and the Latin suffix right after it
/// (`202`, `ter` → `202ter`), separated by at most a space or a hyphen.
/// Later tokens move up one position per join, so phrases still match.
/// Runs after folding (`Quáter` is `quater` by then).
#[derive(Clone, Copy, Debug)]
pub struct ArticleSuffix;

impl TokenFilter for ArticleSuffix {
    type Tokenizer<T: Tokenizer> = ArticleSuffixFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> ArticleSuffixFilter<T> {
        ArticleSuffixFilter { inner: tokenizer }
    }
}

/// The [`Tokenizer`] produced by [`ArticleSuffix`].
#[derive(Clone)]
pub struct ArticleSuffixFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for ArticleSuffixFilter<T> {
    type TokenStream<'a> = ArticleSuffixStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ArticleSuffixStream { tail: self.inner.token_stream(text), token: Token::default(), ahead: None, joined: 0 }
    }
}

/// The [`TokenStream`] produced by [`ArticleSuffix`]: one token of lookahead.
pub struct ArticleSuffixStream<T> {
    tail: T,
    token: Token,
    /// A token read to look for a suffix, not yet handed out.
    ahead: Option<Token>,
    /// Joins so far: how far later positions move up.
    joined: usize,
}

/// Longest gap, in bytes, between a number and its suffix (a space, a
/// hyphen or a no-break space).
const MAX_SUFFIX_GAP: usize = 2;

impl<T: TokenStream> TokenStream for ArticleSuffixStream<T> {
    fn advance(&mut self) -> bool {
        let mut token = match self.ahead.take() {
            Some(token) => token,
            None if self.tail.advance() => self.tail.token().clone(),
            None => return false,
        };
        token.position -= self.joined.min(token.position);
        if token.text.bytes().all(|b| b.is_ascii_digit()) && self.tail.advance() {
            let next = self.tail.token();
            let gap = next.offset_from.saturating_sub(token.offset_to);
            if gap <= MAX_SUFFIX_GAP && ARTICLE_SUFFIXES.contains(&next.text.as_str()) {
                token.text.push_str(&next.text);
                token.offset_to = next.offset_to;
                self.joined += 1;
            } else {
                self.ahead = Some(next.clone());
            }
        }
        self.token = token;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(lang: Lang, text: &str) -> Vec<String> {
        terms(&mut stem_analyzer(lang, &Protected::default()), text)
    }

    // Accents are optional: folded and accented forms give the same terms.
    #[test]
    fn folding_is_accent_and_case_insensitive() {
        assert_eq!(terms(&mut fold_analyzer(), "NIÑEZ Víctima"), ["ninez", "victima"]);
        assert_eq!(stem(Lang::Es, "víctimas"), stem(Lang::Es, "victima"));
        assert_eq!(stem(Lang::Es, "Artículo"), stem(Lang::Es, "articulos"));
    }

    // `-ión` singular and `-iones` plural meet with or without the accent.
    #[test]
    fn spanish_ion_endings_stem_together() {
        let plural = stem(Lang::Es, "explotaciones");
        assert_eq!(stem(Lang::Es, "explotación"), plural);
        assert_eq!(stem(Lang::Es, "explotacion"), plural);
        assert_eq!(stem(Lang::Es, "protección"), stem(Lang::Es, "proteccion"));
    }

    // Every usual way of writing an article reference gives one term, and
    // the words after it keep consecutive positions.
    #[test]
    fn article_numbers_and_suffixes_join() {
        for text in ["202 ter", "202ter", "202-Ter", "202 TER", "202\u{a0}ter"] {
            assert_eq!(terms(&mut fold_analyzer(), text), ["202ter"], "{text:?}");
        }
        assert_eq!(terms(&mut fold_analyzer(), "Art. 202 Quáter CP"), ["art", "202quater", "cp"]);
        assert_eq!(stem(Lang::Es, "202 Ter"), stem(Lang::Es, "202ter"));
        // A suffix word not right after a number stays a word; numbers alone stay numbers.
        assert_eq!(terms(&mut fold_analyzer(), "capítulo ter, 2020 y 202"), ["capitulo", "ter", "2020", "y", "202"]);
        assert_eq!(terms(&mut fold_analyzer(), "202 , ter"), ["202", "ter"]);
        let mut positions = Vec::new();
        fold_analyzer().token_stream("el 202 bis y 203").process(&mut |t: &Token| positions.push(t.position));
        assert_eq!(positions, [0, 1, 2, 3]);
    }

    // English stemming meets plurals and verb forms.
    #[test]
    fn english_stems() {
        assert_eq!(stem(Lang::En, "victims"), stem(Lang::En, "victim"));
        assert_eq!(stem(Lang::En, "exploited"), stem(Lang::En, "exploitation")[..1]);
    }

    // Protected words are kept as folded; their relatives are still stemmed.
    #[test]
    fn protected_words_are_not_stemmed() {
        assert_eq!(stem(Lang::Es, "trata"), stem(Lang::Es, "trate"));
        let protected = Protected::new(["Trata"]);
        let mut es = stem_analyzer(Lang::Es, &protected);
        assert_eq!(terms(&mut es, "TRATA trate tratar explotaciones"), ["trata", "trat", "trat", "explot"]);
    }

    // Stop words are recognized in any case, and content words are not.
    #[test]
    fn stop_words() {
        let mut es = StopWords::new(Lang::Es);
        assert!(es.contains("de"));
        assert!(es.contains("La"));
        assert!(!es.contains("trata"));
        let mut en = StopWords::new(Lang::En);
        assert!(en.contains("the"));
        assert!(!en.contains("victim"));
    }
}
