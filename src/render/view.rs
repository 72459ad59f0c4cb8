//! What templates see: plain serializable views, borrowed from the handbook
//! where possible, with every URL already made relative to the page.

use std::collections::BTreeMap;

use serde::Serialize;

use super::theme::Strings;
use crate::diff::{ChangeStatus, Summary};

/// The URLs of the site's fixed files, relative to the page showing them
/// (made by [`crate::site`]): templates link with these, never spell an address.
#[derive(Debug, Clone, Serialize)]
pub struct SiteLinks {
    /// The site root, ending in `/` (empty on the entry page): the search
    /// scripts find the search engine and indexes from it.
    pub root: String,
    /// The entry page.
    pub entry: String,
    /// The service worker.
    pub service_worker: String,
    /// Each of the theme's static files, by its path in the theme's `static/`
    /// folder (`/`-separated): `links.assets["folio.css"]`.
    pub assets: BTreeMap<String, String>,
}

/// The URLs of a book's generated pages, relative to any page of the book,
/// with the site's (flattened: `links.root`, `links.print`).
#[derive(Debug, Clone, Serialize)]
pub struct BookLinks {
    /// The site's fixed files.
    #[serde(flatten)]
    pub site: SiteLinks,
    /// The book's contents page.
    pub contents: String,
    /// The print page.
    pub print: String,
    /// The edition's changes page, when it has a previous edition.
    pub changes: Option<String>,
    /// The editors' translation-status page.
    pub translations: String,
    /// The search results page (`search.html?q=…`).
    pub search: String,
}

/// A link with its text.
#[derive(Debug, Serialize)]
pub struct Link<'a> {
    /// Link text.
    pub title: &'a str,
    /// The title's language when it is not the page's (an untranslated
    /// page's placeholder has its source's title), for a `lang` attribute.
    pub lang: Option<&'a str>,
    /// Relative URL.
    pub url: String,
}

/// A heading in the in-page contents.
#[derive(Debug, Serialize)]
pub struct TocEntry<'a> {
    /// 2 or 3.
    pub level: u8,
    /// Heading text.
    pub text: &'a str,
    /// Fragment, without `#`.
    pub anchor: String,
}

/// A section in the sidebar.
#[derive(Debug, Serialize)]
pub struct NavSection<'a> {
    /// Page id (the fragment of the section on the print page).
    pub id: &'a str,
    /// Section number for citation (`6.2`).
    pub number: String,
    /// Section title.
    pub title: &'a str,
    /// The title's language when it is not the page's (an untranslated
    /// page's placeholder has its source's title), for a `lang` attribute.
    pub lang: Option<&'a str>,
    /// Relative URL.
    pub url: String,
    /// Whether the section is only available in the source language.
    pub untranslated: bool,
}

/// A chapter in the sidebar.
#[derive(Debug, Serialize)]
pub struct NavChapter<'a> {
    /// Page id (the fragment of the chapter on the print page).
    pub id: &'a str,
    /// Chapter number for citation, from 1.
    pub number: String,
    /// Chapter title.
    pub title: &'a str,
    /// The title's language when it is not the page's (an untranslated
    /// page's placeholder has its source's title), for a `lang` attribute.
    pub lang: Option<&'a str>,
    /// Relative URL of the chapter page.
    pub url: String,
    /// Whether the page being shown is in this chapter.
    pub open: bool,
    /// Whether the chapter page is only available in the source language.
    pub untranslated: bool,
    /// Its sections.
    pub sections: Vec<NavSection<'a>>,
}

/// An entry of the language switcher.
#[derive(Debug, Serialize)]
pub struct LangChoice<'a> {
    /// Language code.
    pub code: &'a str,
    /// The language's name in itself ("Español").
    pub name: &'a str,
    /// Its name in the page's language (`inglés` on a Spanish page), its
    /// code when the theme has none.
    pub name_here: &'a str,
    /// Where the same section is in that language.
    pub url: String,
    /// Whether it is the language being shown.
    pub current: bool,
    /// Whether the section is translated into it (false: a placeholder).
    pub available: bool,
}

/// An entry of the edition switcher.
#[derive(Debug, Serialize)]
pub struct EditionChoice<'a> {
    /// Version id.
    pub id: &'a str,
    /// Label in the page's language.
    pub label: &'a str,
    /// `current`, `archived` or `draft`.
    pub status: crate::config::EditionStatus,
    /// The same section in that edition, or that edition's contents.
    pub url: String,
    /// Whether it is the edition being shown.
    pub current: bool,
    /// Whether the section exists in that edition.
    pub has_page: bool,
}

/// Facts about the edition being shown.
#[derive(Debug, Serialize)]
pub struct EditionInfo<'a> {
    /// Version id.
    pub id: &'a str,
    /// Label in the page's language.
    pub label: &'a str,
    /// `current`, `archived` or `draft`.
    pub status: crate::config::EditionStatus,
    /// Whether this is the current edition.
    pub is_current: bool,
    /// When it was published, if `folio.yaml` says.
    pub published: Option<Published>,
    /// Label of the previous edition, when there is one (and so a changes page).
    pub previous: Option<&'a str>,
}

/// An edition's publication date.
#[derive(Debug, Serialize)]
pub struct Published {
    /// `YYYY-MM-DD`, for `<time datetime>`.
    pub iso: String,
    /// The date in the page's language (`31 de marzo de 2025`).
    pub text: String,
}

/// The banner on pages of a non-current edition.
#[derive(Debug, Serialize)]
pub struct CurrentEditionBanner<'a> {
    /// Label of the current edition.
    pub label: &'a str,
    /// The same section in the current edition, or its contents.
    pub url: String,
    /// Whether the section exists in the current edition.
    pub has_page: bool,
}

/// A notice pointing to the source-language text (outdated or missing translation).
#[derive(Debug, Serialize)]
pub struct SourceNotice<'a> {
    /// The source page in the source language.
    pub url: String,
    /// The source language's name in the reader's language.
    pub lang_name: &'a str,
    /// The source-language redline since the edition the translation was made from.
    pub redline: Option<String>,
    /// The source's redline since the translation was last brought up to
    /// date, when its source text was kept.
    pub since_translation: Option<String>,
}

/// A hreflang alternate.
#[derive(Debug, Serialize)]
pub struct Alternate<'a> {
    /// Language code.
    pub code: &'a str,
    /// Relative URL.
    pub url: String,
}

/// The page body proper.
#[derive(Debug, Serialize)]
pub struct PageBody<'a> {
    /// Page id.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// The title's and summary's language when it is not the page's (an untranslated
    /// page's placeholder has its source's title), for a `lang` attribute.
    pub lang: Option<&'a str>,
    /// Number for citation (`6`, `6.2`), for chapters and sections.
    pub number: Option<String>,
    /// Summary, if any.
    pub summary: Option<&'a str>,
    /// Rendered HTML of the Markdown body (sanitized).
    pub content: String,
    /// In-page contents (levels 2 and 3).
    pub toc: Vec<TocEntry<'a>>,
    /// Whether this is a placeholder for a missing translation (its
    /// content is the source-language text, in the language `lang`).
    pub untranslated: bool,
    /// Whether this is a translation whose source changed since.
    pub outdated: bool,
    /// On the glossary page: its entries, shown after its text.
    pub glossary: Vec<super::glossary::GlossaryItem<'a>>,
    /// The definitions of the glossary terms marked in the text.
    pub definitions: Vec<super::glossary::Definition<'a>>,
}

impl<'a> PageBody<'a> {
    /// The body of a page Folio makes itself (contents, print, changes,
    /// redline): a title, no Markdown.
    pub fn generated(id: &'a str, title: &'a str) -> PageBody<'a> {
        PageBody {
            id,
            title,
            lang: None,
            number: None,
            summary: None,
            content: String::new(),
            toc: Vec::new(),
            untranslated: false,
            outdated: false,
            glossary: Vec::new(),
            definitions: Vec::new(),
        }
    }
}

/// What kind of page a template renders (templates see it in lowercase).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// A section.
    Section,
    /// A chapter's own page.
    Chapter,
    /// The cover and contents page.
    Cover,
    /// The whole edition on one page.
    Print,
    /// A placeholder for a missing translation.
    Untranslated,
    /// What changed against the previous edition.
    Changes,
    /// A section's redline.
    Redline,
    /// The full list of a search's results, filled in by the search script.
    Search,
}

/// How a page changed between editions, as a note on it says (templates
/// see it in snake case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeNote {
    /// New in this edition.
    New,
    /// Revised since the previous edition.
    Revised,
    /// Moved since the previous edition.
    Moved,
    /// (A page of an archived edition) revised in the current edition.
    RevisedInCurrent,
    /// (A page of an archived edition) unchanged in the current edition.
    UnchangedInCurrent,
}

/// Everything a page template receives.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    /// What kind of page it is.
    pub kind: PageKind,
    /// Short id of the sources, for the footer stamp.
    pub build_id: &'a str,
    /// Language code of the page.
    pub lang: &'a str,
    /// URLs of the site's fixed files and the book's generated pages.
    pub links: BookLinks,
    /// The page's address from the site root (`2025/es/page.html`), for citations.
    pub address: String,
    /// The page's absolute address, when `folio.yaml` gives the site's URL.
    pub canonical: Option<String>,
    /// About how many sheets the print page fills (a string, for the
    /// template's `replace`).
    pub print_sheets: String,
    /// Handbook title in the page's language.
    pub site_title: &'a str,
    /// The handbook's notice in the page's language (`notice:` in `folio.yaml`).
    pub notice: Option<&'a str>,
    /// UI strings in the page's language.
    pub t: &'a Strings,
    /// The edition shown.
    pub edition: EditionInfo<'a>,
    /// Edition switcher.
    pub editions: Vec<EditionChoice<'a>>,
    /// Language switcher.
    pub languages: Vec<LangChoice<'a>>,
    /// hreflang alternates.
    pub alternates: Vec<Alternate<'a>>,
    /// The sidebar, rendered (see [`SidebarView`]).
    pub sidebar: String,
    /// The book's contents: every chapter with its sections on the contents
    /// and print pages; on a chapter page, that chapter with its sections;
    /// empty elsewhere.
    pub nav: Vec<NavChapter<'a>>,
    /// Breadcrumbs, from the contents page down to the parent.
    pub breadcrumbs: Vec<Link<'a>>,
    /// Previous page in reading order.
    pub prev: Option<Link<'a>>,
    /// Next page in reading order.
    pub next: Option<Link<'a>>,
    /// Banner on non-current editions.
    pub current_edition: Option<CurrentEditionBanner<'a>>,
    /// Notice on a translation whose source changed.
    pub outdated: Option<SourceNotice<'a>>,
    /// Notice on a page not translated yet.
    pub untranslated: Option<SourceNotice<'a>>,
    /// How the page changed between editions.
    pub edition_changes: Option<EditionChanges<'a>>,
    /// The page itself.
    pub page: PageBody<'a>,
    /// Chapter title and number, for sections and chapters.
    pub chapter: Option<Link<'a>>,
    /// For the print page: every page in reading order.
    pub print_pages: Vec<PageBody<'a>>,
}

/// What the sidebar partial (`partials/sidebar.html`) receives. It is
/// rendered once per open chapter and shared by that chapter's pages, so it
/// holds nothing specific to one page.
#[derive(Debug, Serialize)]
pub struct SidebarView<'a> {
    /// UI strings in the book's language.
    pub t: &'a Strings,
    /// URLs of the site's fixed files and the book's generated pages.
    pub links: BookLinks,
    /// Every chapter; sections for the open chapter only.
    pub nav: Vec<NavChapter<'a>>,
}

/// One edition and language offered on the entry page.
#[derive(Debug, Serialize)]
pub struct EntryBook<'a> {
    /// Language code.
    pub lang: &'a str,
    /// Language name in itself.
    pub lang_name: &'a str,
    /// Handbook title in that language.
    pub title: &'a str,
    /// Edition label in that language.
    pub label: &'a str,
    /// Relative URL of its contents page.
    pub url: String,
}

/// One edition on the entry page.
#[derive(Debug, Serialize)]
pub struct EntryEdition<'a> {
    /// Version id.
    pub id: &'a str,
    /// ChangeStatus.
    pub status: crate::config::EditionStatus,
    /// One entry per language.
    pub books: Vec<EntryBook<'a>>,
}

/// The site's `index.html`.
#[derive(Debug, Serialize)]
pub struct EntryView<'a> {
    /// Short id of the sources, for the footer stamp.
    pub build_id: &'a str,
    /// Language of the entry page itself (the source language).
    pub lang: &'a str,
    /// URLs of the site's fixed files, from the root.
    pub links: SiteLinks,
    /// Handbook title per language.
    pub titles: Vec<&'a str>,
    /// UI strings per language, in configured order.
    pub strings: Vec<&'a Strings>,
    /// Editions, current first.
    pub editions: Vec<EntryEdition<'a>>,
}

/// A note on a page about how it changed between editions.
#[derive(Debug, Serialize)]
pub struct EditionChanges<'a> {
    /// How it changed: against the previous edition, or on a page of an
    /// archived edition, against the current one.
    pub kind: ChangeNote,
    /// The redline, or for a new page the edition's changes page.
    pub url: Option<String>,
    /// Label of the edition compared with.
    pub against: &'a str,
}

/// A page in a list of changes.
#[derive(Debug, Serialize)]
pub struct ChangeEntry<'a> {
    /// Page id.
    pub id: &'a str,
    /// How it changed.
    pub status: ChangeStatus,
    /// Title (in the newer edition, if there).
    pub title: &'a str,
    /// The older title, when it changed.
    pub old_title: Option<&'a str>,
    /// Its chapter's title.
    pub chapter: Option<&'a str>,
    /// The older chapter's title, when the page moved to another chapter.
    pub old_chapter: Option<&'a str>,
    /// Where to read it: the redline, or the page itself.
    pub url: Option<String>,
    /// Whether the text changed (moved pages may not have).
    pub changed: bool,
    /// Whether the source-language texts were compared (translation missing).
    pub source_text: bool,
    /// Words inserted.
    pub words_added: usize,
    /// Words deleted.
    pub words_removed: usize,
}

/// The pages that have one status.
#[derive(Debug, Serialize)]
pub struct ChangeGroup<'a> {
    /// The status.
    pub status: ChangeStatus,
    /// Its pages, in reading order.
    pub entries: Vec<ChangeEntry<'a>>,
}

/// An edition compared with an older one.
#[derive(Debug, Serialize)]
pub struct ChangesView<'a> {
    /// Older edition's id.
    pub from_id: &'a str,
    /// Newer edition's id.
    pub to_id: &'a str,
    /// Older edition's label.
    pub from_label: &'a str,
    /// Newer edition's label.
    pub to_label: &'a str,
    /// Counts per status.
    pub summary: Summary,
    /// Non-empty groups, in the order of [`ChangeStatus::ALL`].
    pub groups: Vec<ChangeGroup<'a>>,
    /// How the glossary changed, if it did.
    pub glossary: Option<super::glossary::GlossaryChangesView<'a>>,
}

/// One side of a redline.
#[derive(Debug, Serialize)]
pub struct RedlineSide<'a> {
    /// Edition label.
    pub label: &'a str,
    /// Page title in that edition.
    pub title: &'a str,
    /// Chapter title in that edition.
    pub chapter: Option<&'a str>,
    /// The file, relative to the handbook.
    pub path: String,
    /// The page in the site, if there is one.
    pub url: Option<String>,
}

/// The redline of one page.
#[derive(Debug, Serialize)]
pub struct RedlineView<'a> {
    /// Page id.
    pub id: &'a str,
    /// How it changed.
    pub status: ChangeStatus,
    /// Whether the text changed.
    pub changed: bool,
    /// Title.
    pub title: &'a str,
    /// The older edition's page.
    pub from: Option<RedlineSide<'a>>,
    /// The newer edition's page.
    pub to: Option<RedlineSide<'a>>,
    /// Words inserted.
    pub words_added: usize,
    /// Words deleted.
    pub words_removed: usize,
    /// Number of separate changes; the inline view's `n`th has the id `rl-<id>-c<n>`.
    pub changes: usize,
    /// Inline view (HTML).
    pub inline: String,
    /// Side-by-side view (HTML).
    pub side: String,
    /// The source language's name, when the source-language texts were
    /// compared because the translation is missing.
    pub source_lang: Option<&'a str>,
}

/// The changes page of an edition.
#[derive(Debug, Serialize)]
pub struct ChangesPageView<'a> {
    /// Layout, switchers and strings.
    #[serde(flatten)]
    pub base: PageView<'a>,
    /// The comparison.
    pub changes: ChangesView<'a>,
}

/// The redline page of a section.
#[derive(Debug, Serialize)]
pub struct RedlinePageView<'a> {
    /// Layout, switchers and strings.
    #[serde(flatten)]
    pub base: PageView<'a>,
    /// The redline.
    pub redline: RedlineView<'a>,
    /// The edition's changes page, when the comparison is with the previous edition.
    pub changes_url: Option<String>,
}

/// `folio diff --format html`: a self-contained page.
#[derive(Debug, Serialize)]
pub struct ReportView<'a> {
    /// Language code.
    pub lang: &'a str,
    /// UI strings in that language.
    pub t: &'a Strings,
    /// The theme's stylesheet, inlined.
    pub css: &'a str,
    /// Handbook title.
    pub site_title: &'a str,
    /// The comparison.
    pub changes: ChangesView<'a>,
    /// Redlines of every page that is not unchanged.
    pub redlines: Vec<RedlineView<'a>>,
    /// Whether one section was asked for.
    pub single: bool,
}
