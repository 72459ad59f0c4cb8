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
//! [`SpanishIonAccent`] puts the accent back on a folded `-ion` ending before
//! the stemmer runs (`-ión` is the only Spanish spelling of that ending), and
//! a second folding pass removes it again afterwards.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer, TokenizerManager,
};

use crate::Lang;

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

/// Lowercase + ASCII folding, no stemming.
pub fn fold_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Lowercase + ASCII folding + the language's Snowball stemmer.
pub fn stem_analyzer(lang: Lang) -> TextAnalyzer {
    let base = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    match lang {
        Lang::Es => {
            base.filter(SpanishIonAccent).filter(Stemmer::new(Language::Spanish)).filter(AsciiFoldingFilter).build()
        }
        Lang::En => base.filter(Stemmer::new(Language::English)).build(),
    }
}

/// Registers every Folio analyzer on `manager` (an index's tokenizers).
pub fn register(manager: &TokenizerManager) {
    manager.register(FOLD_TOKENIZER, fold_analyzer());
    for lang in Lang::ALL {
        manager.register(stem_tokenizer_name(lang), stem_analyzer(lang));
    }
}

/// Runs `analyzer` over `text` and returns the terms, in order.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    analyzer.token_stream(text).process(&mut |token: &Token| out.push(token.text.clone()));
    out
}

/// Tells whether a (lowercased) word is a stop word of `lang`, using
/// tantivy's lists. The query uses this to skip `de`, `la`, `the`, … as
/// required words; documents keep them so that phrases still match.
pub struct StopWords {
    analyzer: TextAnalyzer,
}

impl StopWords {
    /// Stop words of `lang`.
    pub fn new(lang: Lang) -> StopWords {
        let language = match lang {
            Lang::Es => Language::Spanish,
            Lang::En => Language::English,
        };
        let builder = TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser);
        let analyzer = match StopWordFilter::new(language) {
            Some(filter) => builder.filter(filter).build(),
            None => builder.build(),
        };
        StopWords { analyzer }
    }

    /// True if `word` (one word, any case) is a stop word.
    pub fn contains(&mut self, word: &str) -> bool {
        !word.is_empty() && terms(&mut self.analyzer, word).is_empty()
    }
}

/// Token filter that restores the accent of a folded Spanish `-ion` ending
/// (`explotacion` → `explotación`) so that the Snowball stemmer treats
/// singular and plural alike. See the module note.
#[derive(Clone, Copy, Debug)]
pub struct SpanishIonAccent;

impl TokenFilter for SpanishIonAccent {
    type Tokenizer<T: Tokenizer> = SpanishIonAccentFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SpanishIonAccentFilter<T> {
        SpanishIonAccentFilter { inner: tokenizer }
    }
}

/// The [`Tokenizer`] produced by [`SpanishIonAccent`].
#[derive(Clone)]
pub struct SpanishIonAccentFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for SpanishIonAccentFilter<T> {
    type TokenStream<'a> = SpanishIonAccentStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SpanishIonAccentStream { tail: self.inner.token_stream(text) }
    }
}

/// The [`TokenStream`] produced by [`SpanishIonAccent`].
pub struct SpanishIonAccentStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for SpanishIonAccentStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let text = &mut self.tail.token_mut().text;
        // Five letters at least, so `ion` itself and `sion`-like stubs stay.
        if text.len() >= 5 && text.ends_with("ion") {
            text.truncate(text.len() - 2);
            text.push_str("ón");
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(lang: Lang, text: &str) -> Vec<String> {
        terms(&mut stem_analyzer(lang), text)
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

    // English stemming meets plurals and verb forms.
    #[test]
    fn english_stems() {
        assert_eq!(stem(Lang::En, "victims"), stem(Lang::En, "victim"));
        assert_eq!(stem(Lang::En, "exploited"), stem(Lang::En, "exploitation")[..1]);
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
