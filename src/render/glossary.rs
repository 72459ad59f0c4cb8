//! The glossary as the reader sees it: the entries of the edition's glossary
//! page (the page whose front matter says `glossary: true`), sorted in the
//! page's language, and the definitions of the terms a page uses (hidden,
//! for the popups of `folio-terms.js`; listed at the end of the print page).
//! The theme lays them out (`partials/glossary.html`).

use pulldown_cmark::{html, Event, Parser, Tag, TagEnd};
use serde::Serialize;

use super::terms::Matcher;
use super::BookContext;
use crate::config::Lang;
use crate::diagnostic::{tr, Diagnostic, Diagnostics};
use crate::diff::glossary::GlossaryChanges;
use crate::handbook::{Book, Glossary, GlossaryEntry, Handbook, Page, Term};
use crate::markdown::IdScope;

/// The id of a definition in the list a page carries (hidden, or at the end
/// of the print page), after this prefix and the entry id.
const DEFINITION_PREFIX: &str = "term-def-";

/// A book's glossary, with its page, for rendering.
pub(super) struct BookGlossary<'a> {
    glossary: &'a Glossary,
    /// The glossary page: where terms link to.
    page: &'a Page,
    matcher: Matcher,
}

impl<'a> BookGlossary<'a> {
    /// The glossary of `book`'s edition, if it has one and the book has a
    /// glossary page (`glossary: true`).
    pub(super) fn new(handbook: &'a Handbook, book: &'a Book) -> Option<BookGlossary<'a>> {
        let glossary = handbook.glossary(book.version)?;
        let page = book.pages().find(|p| p.glossary)?;
        Some(BookGlossary { glossary, page, matcher: Matcher::new(glossary, book.lang) })
    }
}

/// How the glossary changed, on the changes page and the diff report.
#[derive(Debug, Serialize)]
pub struct GlossaryChangesView<'a> {
    /// Entries added.
    pub added: Vec<ChangedEntry<'a>>,
    /// Entries removed.
    pub removed: Vec<ChangedEntry<'a>>,
    /// Entries changed.
    pub changed: Vec<ChangedEntry<'a>>,
}

/// An entry in [`GlossaryChangesView`].
#[derive(Debug, Serialize)]
pub struct ChangedEntry<'a> {
    /// The entry id.
    pub id: &'a str,
    /// Its headword.
    pub term: &'a str,
    /// Its entry on the newer edition's glossary page, if there is one.
    pub url: Option<String>,
}

/// The view of `changes` in `lang` (`None` if the glossary did not change);
/// `url` gives the URL of an entry of the newer glossary page by id.
pub(super) fn changes_view<'a>(
    changes: &GlossaryChanges<'a>,
    lang: Lang,
    url: &dyn Fn(&str) -> Option<String>,
) -> Option<GlossaryChangesView<'a>> {
    let list = |entries: &[&'a GlossaryEntry], linked: bool| {
        GlossaryChanges::listed(entries, lang)
            .into_iter()
            .map(|e| ChangedEntry { id: e.id, term: e.term, url: if linked { url(e.id) } else { None } })
            .collect()
    };
    (!changes.is_empty()).then(|| GlossaryChangesView {
        added: list(&changes.added, true),
        removed: list(&changes.removed, false),
        changed: list(&changes.changed, true),
    })
}

/// What the glossary adds to a page's body.
#[derive(Debug, Default)]
pub(super) struct GlossaryParts<'a> {
    /// The entries, on the glossary page.
    pub glossary: Vec<GlossaryItem<'a>>,
    /// The definitions of the terms marked.
    pub definitions: Vec<Definition<'a>>,
}

impl<'a> BookContext<'a> {
    /// The URL of entry `id` on this book's glossary page, if it has one.
    pub(super) fn glossary_entry_url(&self, id: &str) -> Option<String> {
        self.glossary.as_ref().map(|g| format!("{}#{id}", self.book.file_of(g.page)))
    }

    /// Marks the terms in `content`, the HTML of `page` (unless it is the
    /// glossary page or opts out), and gives the glossary page its entries.
    /// Reports (once, not again for the print page) an element id the
    /// glossary adds that one of the page's headings already has.
    pub(super) fn glossary_parts(
        &self,
        page: &Page,
        scope: IdScope<'_>,
        content: &mut String,
        diags: &mut Diagnostics,
    ) -> GlossaryParts<'a> {
        let Some(g) = &self.glossary else { return GlossaryParts::default() };
        let print = !scope.prefix.is_empty();
        let parts = self.glossary_parts_of(g, page, scope, content, print);
        if !print {
            let added = parts.glossary.iter().map(|i| &i.anchor).chain(parts.definitions.iter().map(|d| &d.anchor));
            for id in added.filter(|id| page.doc.headings.iter().any(|h| &h.anchor == *id)) {
                diags.push(
                    Diagnostic::error("duplicate-anchor", &self.handbook.root.join(&page.file), tr!(
                        "heading id `{id}` is also the id of a glossary entry's element on this page",
                        "el id de encabezado `{id}` es también el id del elemento de una entrada del glosario en esta página"
                    ))
                    .hint(tr!(
                        "give the heading another id with `{{#id}}`",
                        "dé otro id al encabezado con `{{#id}}`"
                    )),
                );
            }
        }
        parts
    }

    fn glossary_parts_of(
        &self,
        g: &BookGlossary<'a>,
        page: &Page,
        scope: IdScope<'_>,
        content: &mut String,
        print: bool,
    ) -> GlossaryParts<'a> {
        if page.glossary {
            let codes: Vec<&str> = self.handbook.config.langs().map(|l| self.code(l)).collect();
            let url = |target: &Page| match print {
                true => format!("#{}", target.id),
                false => self.book.file_of(target),
            };
            let prefix = scope.prefix;
            return GlossaryParts {
                glossary: items(g.glossary, self.book, &codes, prefix, &url),
                ..Default::default()
            };
        }
        if !page.terms {
            return GlossaryParts::default();
        }
        let href = |id: &str| match print {
            true => format!("#{DEFINITION_PREFIX}{id}"),
            false => format!("{}#{id}", self.book.file_of(g.page)),
        };
        let marked = g.matcher.mark(content, &href);
        *content = marked.html;
        GlossaryParts { definitions: definitions(g.glossary, self.book.lang, &marked.used), ..Default::default() }
    }
}

/// One entry of the glossary page.
#[derive(Debug, Serialize)]
pub struct GlossaryItem<'a> {
    /// The element id: the entry id (prefixed on the print page).
    pub anchor: String,
    /// The headword in the page's language.
    pub term: &'a str,
    /// Its abbreviations.
    pub abbr: &'a [String],
    /// Its other forms.
    pub forms: &'a [String],
    /// The concept in the edition's other languages.
    pub others: Vec<OtherTerm<'a>>,
    /// The definition, as inline HTML.
    pub definition: String,
    /// The sections that treat it.
    pub see: Vec<SeeLink<'a>>,
}

/// The headword of an entry in another language.
#[derive(Debug, Serialize)]
pub struct OtherTerm<'a> {
    /// Its language code, for `lang`.
    pub lang: &'a str,
    /// The headword.
    pub term: &'a str,
}

/// A link to a section that treats an entry.
#[derive(Debug, Serialize)]
pub struct SeeLink<'a> {
    /// The section's title.
    pub title: &'a str,
    /// Its URL from the page shown.
    pub url: String,
}

/// A term's definition on a page that uses it.
#[derive(Debug, Clone, Serialize)]
pub struct Definition<'a> {
    /// The entry id.
    pub id: &'a str,
    /// The element id of the definition.
    pub anchor: String,
    /// The headword in the page's language.
    pub term: &'a str,
    /// The definition, as inline HTML.
    pub definition: String,
}

/// The entries of `glossary` that have the language `lang`, alphabetical in
/// that language. `codes` gives each language's code (by [`Lang::index`]),
/// `prefix` goes before every anchor, and `url` makes the URL of a section of
/// `book` (it is not called for sections the book lacks).
pub(super) fn items<'a>(
    glossary: &'a Glossary,
    book: &'a Book,
    codes: &[&'a str],
    prefix: &str,
    url: &dyn Fn(&Page) -> String,
) -> Vec<GlossaryItem<'a>> {
    let lang = book.lang;
    let mut entries: Vec<(&GlossaryEntry, &Term)> =
        glossary.entries.iter().filter_map(|e| e.term_in(lang).map(|t| (e, t))).collect();
    entries.sort_by_cached_key(|(_, t)| (sort_key(&t.term), t.term.clone()));
    entries
        .into_iter()
        .map(|(entry, term)| GlossaryItem {
            anchor: format!("{prefix}{}", entry.id),
            term: &term.term,
            abbr: &term.abbr,
            forms: &term.forms,
            others: codes
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != lang.index())
                .filter_map(|(i, code)| {
                    let other = entry.terms.get(i)?.as_ref()?;
                    Some(OtherTerm { lang: code, term: &other.term })
                })
                .collect(),
            definition: inline_html(&term.definition),
            see: entry
                .see
                .iter()
                .filter_map(|id| book.find(id))
                .map(|page| SeeLink { title: &page.title, url: url(page) })
                .collect(),
        })
        .collect()
}

/// The definitions of the entries at `used` (indexes into `glossary`), in
/// the order given, in `lang`.
pub(super) fn definitions<'a>(glossary: &'a Glossary, lang: Lang, used: &[usize]) -> Vec<Definition<'a>> {
    used.iter()
        .filter_map(|&i| {
            let entry = glossary.entries.get(i)?;
            let term = entry.term_in(lang)?;
            Some(Definition {
                id: &entry.id,
                anchor: format!("{DEFINITION_PREFIX}{}", entry.id),
                term: &term.term,
                definition: inline_html(&term.definition),
            })
        })
        .collect()
}

/// The alphabetical key of a headword: accents folded, case ignored (so
/// "Órgano" sorts among the "o"s, and "ñ" after "n").
fn sort_key(term: &str) -> String {
    term.chars()
        .flat_map(|c| match c {
            'ñ' | 'Ñ' => "n~".chars().collect::<Vec<_>>(),
            c => deunicode::deunicode_char(c).unwrap_or("").chars().collect(),
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A definition's Markdown as inline HTML: emphasis and code are kept;
/// links show their text (an entry links to sections with `see`), and raw
/// HTML is shown as text.
fn inline_html(markdown: &str) -> String {
    let events = Parser::new(markdown).filter_map(|event| match event {
        Event::Start(Tag::Paragraph | Tag::Link { .. }) | Event::End(TagEnd::Paragraph | TagEnd::Link) => None,
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        other => Some(other),
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_key_folds_accents_and_case_and_puts_enye_after_n() {
        let mut words = vec!["Órgano", "oficio", "ñandú", "nulidad", "acta", "Zona"];
        words.sort_by_key(|w| sort_key(w));
        assert_eq!(words, ["acta", "nulidad", "ñandú", "oficio", "Órgano", "Zona"]);
    }

    #[test]
    fn definitions_keep_emphasis_and_drop_links_and_raw_html() {
        assert_eq!(
            inline_html("See *art. 5* [here](http://x) <b>x</b>"),
            "See <em>art. 5</em> here &lt;b&gt;x&lt;/b&gt;"
        );
    }
}
