//! The render stage: every page of every book through the theme's templates,
//! plus the generated pages (entry page, contents, print page, placeholders for
//! missing translations, the sitemap when the site's URL is known). Produces
//! files in memory; writing is a later stage. Pages carry their numbers for
//! citation ([`Position::number`]) and their edition's publication date in
//! the book's language.

pub mod changes;
pub mod glossary;
mod terms;
pub mod theme;
mod translations;

pub use translations::render_translations;
pub mod view;

use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::config::{Date, Lang, Version, SOURCE_LANG};
use crate::diagnostic::tr;
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics};
use crate::handbook::{Book, Handbook, Page, Position, Translation};
use crate::markdown::{BrokenLink, IdScope, Labels, LinkRef, Target, CALLOUT_KINDS};
use crate::site::{self, BookPage, OutputFile, Sink};
use theme::{Strings, Theme};
use view::*;

/// Renders the whole site into `sink`.
pub fn render(handbook: &Handbook, theme: &Theme, sink: &dyn Sink, diags: &mut Diagnostics) {
    // Books are independent: render them in parallel, then report in order.
    let books: Vec<Diagnostics> = handbook
        .books
        .par_iter()
        .map(|book| {
            let mut found = Diagnostics::default();
            render_book(handbook, theme, book, RenderScope::Book, sink, &mut found);
            found
        })
        .collect();
    for found in books {
        diags.extend(found);
    }
    let mut files = Vec::new();
    if let Some(html) = render_entry(handbook, theme, diags) {
        files.push(OutputFile { path: PathBuf::from(site::INDEX), bytes: html.into_bytes() });
    }
    for (path, bytes) in &theme.assets {
        files.push(OutputFile { path: site::asset_path(path), bytes: bytes.clone() });
    }
    files.extend(media_files(handbook.books.iter().flat_map(Book::pages)));
    files.extend(sitemap(handbook));
    sink.put(files);
}

/// The images and attachments `pages` use, each once (the preview adds
/// those of an edited page).
pub fn media_files<'p>(pages: impl Iterator<Item = &'p Page>) -> Vec<OutputFile> {
    let mut files = std::collections::BTreeMap::new();
    for file in pages.filter(|p| p.translation != Translation::Missing).flat_map(|p| p.files.values()) {
        files.entry(&file.output).or_insert_with(|| file.bytes.to_vec());
    }
    files.into_iter().map(|(path, bytes)| OutputFile { path: path.clone(), bytes }).collect()
}

/// `sitemap.xml`, when `folio.yaml` gives the site's URL: every page of
/// every edition that is not a draft, except placeholders for missing
/// translations, with its edition's publication date.
fn sitemap(handbook: &Handbook) -> Option<OutputFile> {
    let root = handbook.config.site_url.as_ref()?;
    let config = &handbook.config;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for book in &handbook.books {
        let version = config.version(book.version);
        if version.status == crate::config::EditionStatus::Draft {
            continue;
        }
        let dir = book.dir(config);
        let lastmod = version.published.map(|d| format!("<lastmod>{}</lastmod>", d.iso())).unwrap_or_default();
        for pos in book.cover.iter().map(|_| Position::Cover).chain(book.reading_order()) {
            let page = book.at(pos);
            if page.translation != Translation::Missing {
                let loc = format!("{root}{}", site::key(&dir.join(book.file_of(page))));
                let loc = loc.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
                xml.push_str(&format!("  <url><loc>{loc}</loc>{lastmod}</url>\n"));
            }
        }
    }
    xml.push_str("</urlset>\n");
    Some(OutputFile { path: PathBuf::from(site::SITEMAP), bytes: xml.into_bytes() })
}

/// The service worker (`sw.js` at the site root) from the theme's `sw.js`
/// template, given the build id and `files`. Served over HTTP(S), it caches
/// every file of this build on the first visit so the site keeps working
/// offline; browsers never run it from `file://`, where the theme does not
/// register it. A template error is a diagnostic in `diags`.
pub fn service_worker<'f>(
    handbook: &Handbook,
    theme: &Theme,
    files: impl Iterator<Item = &'f String>,
    diags: &mut Diagnostics,
) -> Option<OutputFile> {
    let mut context = tera::Context::new();
    context.insert("build_id", &handbook.build_id);
    context.insert("files", &files.collect::<Vec<_>>());
    let js = theme.render(site::SERVICE_WORKER, &context, diags)?;
    Some(OutputFile { path: PathBuf::from(site::SERVICE_WORKER), bytes: js.into_bytes() })
}

/// What [`render_book`] renders: a full build renders whole books, the
/// preview after a page edit only that page's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderScope<'a> {
    /// Every page of the book, its contents, print and translations pages.
    Book,
    /// Only the page with this id (the preview renders the rest later:
    /// [`render_print`], [`render_translations`]).
    Page(&'a str),
}

/// Renders one book, or the part of it `scope` names, into `sink`.
pub fn render_book(
    handbook: &Handbook,
    theme: &Theme,
    book: &Book,
    scope: RenderScope<'_>,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) {
    let ctx = BookContext::new(handbook, theme, book);
    let dir = ctx.dir();
    for pos in book.cover.iter().map(|_| Position::Cover).chain(book.reading_order()) {
        let page = book.at(pos);
        if scope == RenderScope::Book || scope == RenderScope::Page(&page.id) {
            let body = ctx.page_body(page, IdScope { prefix: "" }, diags);
            if let Some(html) = ctx.render_page(pos, body, diags) {
                sink.put(vec![OutputFile { path: dir.join(book.file_of(page)), bytes: html.into_bytes() }]);
            }
        }
    }
    if scope == RenderScope::Book {
        if book.cover.is_none() {
            // Without a cover page the contents page still exists: every page links to it.
            if let Some(html) = ctx.render_contents(diags) {
                sink.put(vec![OutputFile { path: dir.join(site::INDEX), bytes: html.into_bytes() }]);
            }
        }
        sink.put(ctx.print_file(diags).into_iter().chain(ctx.search_file(diags)).collect());
        render_translations(handbook, theme, book, sink, diags);
    }
}

/// Renders a book's print page into `sink`.
pub fn render_print(handbook: &Handbook, theme: &Theme, book: &Book, sink: &dyn Sink, diags: &mut Diagnostics) {
    sink.put(BookContext::new(handbook, theme, book).print_file(diags).into_iter().collect());
}

/// Why a link did not resolve.
enum Unresolved {
    /// The link is wrong.
    Broken(BrokenLink),
    /// The link's target exists but failed to load, an error already
    /// reported: the link is a follow-on, not a finding of its own.
    TargetFailed,
}

/// What rendering one book needs at hand.
struct BookContext<'a> {
    handbook: &'a Handbook,
    theme: &'a Theme,
    book: &'a Book,
    strings: &'a Strings,
    labels: Labels,
    /// URLs of the site's fixed files and the book's generated pages.
    links: BookLinks,
    /// Rendered sidebars: for pages of no chapter, then one per chapter.
    sidebars: Vec<OnceLock<String>>,
    /// About how many sheets the print page fills.
    print_sheets: usize,
    /// The edition's glossary, if the book has a glossary page.
    glossary: Option<glossary::BookGlossary<'a>>,
}

/// Characters of Markdown that fill about one printed A4 sheet (calibrated
/// on the bundled handbook's print page).
const CHARS_PER_SHEET: usize = 2200;

impl<'a> BookContext<'a> {
    fn new(handbook: &'a Handbook, theme: &'a Theme, book: &'a Book) -> Self {
        let strings = &theme.strings[handbook.config.lang_code(book.lang)];
        let s = |key: &str| strings.get(key).cloned().unwrap_or_else(|| key.to_string());
        let labels = Labels {
            callouts: CALLOUT_KINDS.map(|k| s(&format!("callout_{k}"))),
            permalink: s("permalink"),
            footnote_back: s("footnote_back"),
        };
        let sidebars = (0..=book.chapters.len()).map(|_| OnceLock::new()).collect();
        let links = book_links(handbook, theme, book);
        let print_sheets = book
            .reading_order()
            .into_iter()
            .map(|pos| book.at(pos).text.len().div_ceil(CHARS_PER_SHEET))
            .sum::<usize>()
            .max(1);
        let glossary = glossary::BookGlossary::new(handbook, book);
        BookContext { handbook, theme, book, strings, labels, links, sidebars, print_sheets, glossary }
    }

    fn code(&self, lang: Lang) -> &'a str {
        self.handbook.config.lang_code(lang)
    }

    /// This book's folder, relative to the site root.
    fn dir(&self) -> PathBuf {
        self.book.dir(&self.handbook.config)
    }

    /// URL from a page of this book to `file` in the book of `version`, `lang`.
    fn url_to(&self, version: Version, lang: Lang, file: &str) -> String {
        let key = |v: Version, l: Lang| (self.handbook.config.version(v).id.as_str(), self.code(l));
        site::url(key(self.book.version, self.book.lang), key(version, lang), file)
    }

    /// The page's address from the site root, in the book of `version`, `lang`.
    fn address(&self, version: Version, lang: Lang, file: &str) -> String {
        site::key(&site::book_dir(&self.handbook.config.version(version).id, self.code(lang)).join(file))
    }

    /// `address` made absolute, when `folio.yaml` gives the site's URL.
    fn absolute(&self, address: &str) -> Option<String> {
        self.handbook.config.site_url.as_ref().map(|root| format!("{root}{address}"))
    }

    /// The hreflang alternate in `code` at `url` (relative to this book's
    /// pages). Search engines reject relative alternates, so there is one
    /// only when `folio.yaml` gives the site's URL.
    fn alternate(&self, code: &'a str, url: &str) -> Option<Alternate<'a>> {
        let address = site::key(&normalize(&self.dir().join(url)));
        self.absolute(&address).map(|url| Alternate { code, url })
    }

    fn string(&self, key: &str) -> &'a str {
        self.strings.get(key).map_or("", String::as_str)
    }

    /// `date` in the book's language, by the theme's `date_format` and month names.
    fn date_text(&self, date: Date) -> String {
        self.string("date_format")
            .replace("{day}", &date.day.to_string())
            .replace("{month}", self.string(&format!("month_{}", date.month)))
            .replace("{year}", &date.year.to_string())
    }

    /// Renders a page's Markdown, reporting broken links once (on the ordinary page).
    fn page_body(&self, page: &'a Page, scope: IdScope<'_>, diags: &mut Diagnostics) -> PageBody<'a> {
        let print = !scope.prefix.is_empty();
        let untranslated = page.translation == Translation::Missing;
        // A placeholder shows its source's text, whose findings the source page reports.
        let mut repeated = Diagnostics::default();
        let diags = if untranslated { &mut repeated } else { diags };
        let mut content = {
            let mut follow_on = 0;
            let (html, issues) = page.doc.render(&self.labels, scope, &mut |link| {
                self.resolve(page, link, print).or_else(|unresolved| match unresolved {
                    Unresolved::Broken(broken) => Err(broken),
                    // The target's own error is reported; this link is fine once it is fixed.
                    Unresolved::TargetFailed => {
                        follow_on += 1;
                        Ok(Target::default())
                    }
                })
            });
            diags.suppress(follow_on);
            let path = self.handbook.root.join(&page.file);
            for issue in issues {
                diags.push(
                    Diagnostic::error(issue.code, &path, issue.message)
                        .at_offset(&page.text, page.body_start + issue.offset)
                        .hint(issue.hint),
                );
            }
            html
        };
        let glossary =
            if untranslated { Default::default() } else { self.glossary_parts(page, scope, &mut content, diags) };
        let toc = page
            .doc
            .headings
            .iter()
            .filter(|h| !untranslated && (2..=3).contains(&h.level))
            .map(|h| TocEntry { level: h.level, text: &h.text, anchor: format!("{}{}", scope.prefix, h.anchor) })
            .collect();
        PageBody {
            id: &page.id,
            title: &page.title,
            lang: self.title_lang(page),
            number: self.book.position(&page.id).and_then(Position::number),
            summary: page.summary.as_deref(),
            content,
            toc,
            untranslated,
            outdated: page.translation.is_outdated(),
            glossary: glossary.glossary,
            definitions: glossary.definitions,
        }
    }

    /// Resolves a link in `page` to a URL within this book (or the print
    /// page), or to one of the files the page uses.
    fn resolve(&self, page: &Page, link: LinkRef<'_>, print: bool) -> Result<Target, Unresolved> {
        let version_id = &self.handbook.config.version(self.book.version).id;
        let lang = self.code(self.book.lang);
        let (target, anchor) = match link {
            LinkRef::Id { id, anchor } => match self.book.find(id) {
                Some(target) => (target, anchor),
                None if self.book.failed_ids.contains(id) => return Err(Unresolved::TargetFailed),
                None => {
                    let elsewhere = self.handbook.books.iter().find(|b| b.find(id).is_some());
                    let meant = did_you_mean(id, self.book.pages().map(|p| p.id.as_str()));
                    let hint = match (meant, elsewhere) {
                        (Some(meant), _) => tr!("did you mean `@{meant}`?", "¿quiso decir `@{meant}`?"),
                        (None, Some(b)) => {
                            let (there, there_lang) = (&self.handbook.config.version(b.version).id, self.code(b.lang));
                            tr!(
                                "`{id}` exists in {there}/{there_lang} only; links stay within one version and language",
                                "`{id}` solo existe en {there}/{there_lang}; los enlaces no salen de una versión e idioma"
                            )
                        }
                        (None, None) => tr!(
                            "check the id against the target page's front matter",
                            "compare el id con la cabecera de la página de destino"
                        ),
                    };
                    let message = tr!(
                        "no page with id `{id}` in {version_id}/{lang}",
                        "no hay ninguna página con id `{id}` en {version_id}/{lang}"
                    );
                    return Err(Unresolved::Broken(BrokenLink { message, hint }));
                }
            },
            LinkRef::Asset { path, fragment } => {
                // A file with errors was reported when the page was loaded: no URL.
                let Some(file) = page.files.get(path) else { return Ok(Target::default()) };
                let key = (version_id.as_str(), lang);
                let url = site::root_url(Some(key), &site::key(&file.output));
                let url = match fragment {
                    Some(fragment) => format!("{url}#{fragment}"),
                    None => url,
                };
                return Ok(Target { url, size: file.size });
            }
            LinkRef::File { path, anchor } => {
                let base = page.file.parent().unwrap_or(Path::new(""));
                let wanted = normalize(&base.join(path));
                match self.book.find_file(&wanted) {
                    Some(target) => (target, anchor),
                    None if self.book.failed_files.contains(&wanted) => return Err(Unresolved::TargetFailed),
                    None => {
                        let looked = self.handbook.root.join(&wanted).display().to_string();
                        return Err(Unresolved::Broken(BrokenLink {
                            message: tr!(
                                "`{path}` is not a page of {version_id}/{lang} (looked for {looked})",
                                "`{path}` no es una página de {version_id}/{lang} (se buscó {looked})"
                            ),
                            hint: tr!(
                                "check the path, or link by id with `@id`",
                                "revise la ruta, o enlace por id con `@id`"
                            ),
                        }));
                    }
                }
            }
        };
        if let Some(anchor) = anchor {
            if !target.doc.has_anchor(anchor) {
                let anchors = target.doc.headings.iter().map(|h| h.anchor.as_str());
                let known: Vec<&str> = anchors.clone().take(8).collect();
                let hint = match did_you_mean(anchor, anchors) {
                    Some(meant) => tr!("did you mean `#{meant}`?", "¿quiso decir `#{meant}`?"),
                    None if known.is_empty() => tr!("that page has no headings", "esa página no tiene encabezados"),
                    None => {
                        let known = known.join(", ");
                        tr!("its anchors include: {known}", "sus anclas incluyen: {known}")
                    }
                };
                let id = &target.id;
                return Err(Unresolved::Broken(BrokenLink {
                    message: tr!(
                        "page `{id}` has no heading with anchor `#{anchor}`",
                        "la página `{id}` no tiene ningún encabezado con ancla `#{anchor}`"
                    ),
                    hint,
                }));
            }
        }
        // A placeholder shows none of its source's headings: link to the page itself.
        let anchor = anchor.filter(|_| target.translation != Translation::Missing);
        let url = match (print, anchor) {
            (true, Some(a)) => format!("#{}--{a}", target.id),
            (true, None) => format!("#{}", target.id),
            (false, Some(a)) => format!("{}#{a}", self.book.file_of(target)),
            (false, None) => self.book.file_of(target),
        };
        Ok(url.into())
    }

    /// Chapter `c` of the book, with its sections or without.
    fn nav_chapter(&self, c: usize, open: bool, with_sections: bool) -> NavChapter<'a> {
        let chapter = &self.book.chapters[c];
        let sections = if with_sections { chapter.sections.as_slice() } else { &[] };
        NavChapter {
            id: &chapter.page.id,
            number: (c + 1).to_string(),
            title: &chapter.page.title,
            lang: self.title_lang(&chapter.page),
            url: self.book.file_of(&chapter.page),
            open,
            untranslated: chapter.page.translation == Translation::Missing,
            sections: sections
                .iter()
                .enumerate()
                .map(|(s, section)| NavSection {
                    id: &section.id,
                    number: Position::Section(c, s).number().unwrap_or_default(),
                    title: &section.title,
                    lang: self.title_lang(section),
                    url: self.book.file_of(section),
                    untranslated: section.translation == Translation::Missing,
                })
                .collect(),
        }
    }

    /// The contents a page template receives as `nav` (see [`PageView::nav`]).
    fn nav(&self, kind: PageKind, pos: Option<Position>) -> Vec<NavChapter<'a>> {
        match (kind, pos) {
            (PageKind::Cover | PageKind::Print, None | Some(Position::Cover)) => {
                (0..self.book.chapters.len()).map(|c| self.nav_chapter(c, false, true)).collect()
            }
            (PageKind::Chapter, Some(Position::Chapter(c))) => vec![self.nav_chapter(c, true, true)],
            _ => Vec::new(),
        }
    }

    /// The sidebar of a page of chapter `open` (or of no chapter) whose file
    /// is `file`. It lists the open chapter's sections only: listing them all
    /// on every page would make each page's size grow with the whole book.
    /// Rendered once per chapter; the link to `file` is then marked current.
    fn sidebar(&self, open: Option<usize>, file: &str, diags: &mut Diagnostics) -> String {
        let shared = self.sidebars[open.map_or(0, |c| c + 1)].get_or_init(|| {
            let view = SidebarView {
                t: self.strings,
                links: self.links.clone(),
                nav: (0..self.book.chapters.len())
                    .map(|c| self.nav_chapter(c, open == Some(c), open == Some(c)))
                    .collect(),
            };
            self.template("partials/sidebar.html", &view, diags).unwrap_or_default()
        });
        mark_current(shared, file)
    }

    fn edition_info(&self) -> EditionInfo<'a> {
        let config = &self.handbook.config;
        let version = config.version(self.book.version);
        EditionInfo {
            id: &version.id,
            label: version.label_in(self.book.lang),
            status: version.status,
            is_current: self.book.version == config.current_version(),
            published: version.published.map(|date| Published { iso: date.iso(), text: self.date_text(date) }),
            previous: config.previous_version(self.book.version).map(|v| config.version(v).label_in(self.book.lang)),
        }
    }

    /// What every page template receives; `file` is the page's file name in
    /// the book's folder.
    fn base_view(
        &self,
        kind: PageKind,
        pos: Option<Position>,
        file: &str,
        body: PageBody<'a>,
        diags: &mut Diagnostics,
    ) -> PageView<'a> {
        let config = &self.handbook.config;
        let id = body.id;
        // The same page in another book: the print page there, or the page
        // with this id (a redline's id is its section's); `None` sends the
        // reader to that book's contents.
        let print = BookPage::Print.file_name();
        let same_page = |book: Option<&'a Book>| match book {
            Some(_) if pos.is_none() && file == print => Some(print.clone()),
            Some(b) => b.find(id).map(|p| b.file_of(p)),
            None => None,
        };
        let editions = config
            .versions()
            .map(|v| {
                let target = same_page(self.handbook.book(v, self.book.lang));
                EditionChoice {
                    id: &config.version(v).id,
                    label: config.version(v).label_in(self.book.lang),
                    status: config.version(v).status,
                    has_page: target.is_some() || pos.is_none(),
                    url: self.url_to(v, self.book.lang, &target.unwrap_or_else(contents)),
                    current: v == self.book.version,
                }
            })
            .collect();
        let mut languages = Vec::new();
        let mut alternates = Vec::new();
        for lang in config.langs() {
            let other = self.handbook.book(self.book.version, lang);
            let target = same_page(other);
            let available =
                pos.is_none() || other.and_then(|b| b.find(id)).is_some_and(|p| p.translation != Translation::Missing);
            let url = self.url_to(self.book.version, lang, &target.unwrap_or_else(contents));
            let strings = &self.theme.strings[config.lang_code(lang)];
            if available {
                alternates.extend(self.alternate(self.code(lang), &url));
            }
            languages.push(LangChoice {
                code: self.code(lang),
                name: strings.get("self_name").map_or("", String::as_str),
                name_here: Some(self.string(&format!("lang_{}", self.code(lang))))
                    .filter(|name| !name.is_empty())
                    .unwrap_or(self.code(lang)),
                url,
                current: lang == self.book.lang,
                available,
            });
        }
        let current = config.current_version();
        let current_edition = (self.book.version != current).then(|| {
            let target = same_page(self.handbook.book(current, self.book.lang));
            CurrentEditionBanner {
                label: config.version(current).label_in(self.book.lang),
                has_page: target.is_some(),
                url: self.url_to(current, self.book.lang, &target.unwrap_or_else(contents)),
            }
        });
        let (prev, next) = match pos {
            Some(Position::Cover) => (None, self.book.next(Position::Cover).map(|p| self.link(p))),
            Some(p) => {
                let prev = match self.book.previous(p) {
                    Some(before) => self.link(before),
                    None => Link { title: self.string("contents"), lang: None, url: contents() },
                };
                (Some(prev), self.book.next(p).map(|p| self.link(p)))
            }
            None => (None, None),
        };
        let open_chapter = match pos {
            Some(Position::Section(c, _)) | Some(Position::Chapter(c)) => Some(c),
            _ => None,
        };
        let chapter = open_chapter.map(|c| self.link(Position::Chapter(c)));
        let mut breadcrumbs = Vec::new();
        if !matches!(pos, Some(Position::Cover)) {
            breadcrumbs.push(Link { title: self.string("contents"), lang: None, url: contents() });
        }
        if let Some(Position::Section(c, _)) = pos {
            breadcrumbs.push(self.link(Position::Chapter(c)));
        }
        let page = pos.map(|p| self.book.at(p));
        let source_notice = |page: &Page| {
            let source_book = self.handbook.book(self.book.version, SOURCE_LANG)?;
            let source = source_book.find(&page.id)?;
            Some(SourceNotice {
                url: self.url_to(self.book.version, SOURCE_LANG, &source_book.file_of(source)),
                lang_name: self.string(&format!("lang_{}", self.code(SOURCE_LANG))),
                redline: None,
                since_translation: None,
            })
        };
        let outdated = page.filter(|p| p.translation.is_outdated()).and_then(|p| {
            let (redline, since_translation) = (self.outdated_redline(p), self.since_translation_url(p));
            source_notice(p).map(|notice| SourceNotice { redline, since_translation, ..notice })
        });
        let untranslated = page.filter(|p| p.translation == Translation::Missing).and_then(source_notice);
        let address = self.address(self.book.version, self.book.lang, file);
        PageView {
            kind,
            build_id: &self.handbook.build_id,
            lang: self.code(self.book.lang),
            links: self.links.clone(),
            canonical: self.absolute(&address),
            address,
            print_sheets: self.print_sheets.to_string(),
            site_title: config.title_in(self.book.lang),
            notice: config.notice_in(self.book.lang),
            t: self.strings,
            edition: self.edition_info(),
            editions,
            languages,
            alternates,
            sidebar: self.sidebar(open_chapter, file, diags),
            nav: self.nav(kind, pos),
            breadcrumbs,
            prev,
            next,
            current_edition,
            outdated,
            untranslated,
            edition_changes: self.edition_changes(pos),
            page: body,
            chapter,
            print_pages: Vec::new(),
        }
    }

    fn link(&self, pos: Position) -> Link<'a> {
        let page = self.book.at(pos);
        Link { title: &page.title, lang: self.title_lang(page), url: self.book.file_of(page) }
    }

    /// The language of `page`'s title when it is not the book's: an
    /// untranslated page's placeholder shows its source's title.
    fn title_lang(&self, page: &Page) -> Option<&'a str> {
        (page.translation == Translation::Missing).then(|| self.code(SOURCE_LANG))
    }

    fn render_page(&self, pos: Position, body: PageBody<'a>, diags: &mut Diagnostics) -> Option<String> {
        let page = self.book.at(pos);
        let kind = match pos {
            _ if page.translation == Translation::Missing => PageKind::Untranslated,
            Position::Cover => PageKind::Cover,
            Position::Chapter(_) => PageKind::Chapter,
            Position::Section(..) => PageKind::Section,
        };
        let template = if kind == PageKind::Cover { "cover.html" } else { "page.html" };
        let view = self.base_view(kind, Some(pos), &self.book.file_of(page), body, diags);
        self.template(template, &view, diags)
    }

    fn render_contents(&self, diags: &mut Diagnostics) -> Option<String> {
        let body = PageBody::generated("", self.handbook.config.title_in(self.book.lang));
        let view = self.base_view(PageKind::Cover, None, &contents(), body, diags);
        self.template("cover.html", &view, diags)
    }

    /// The print page: every page, ids prefixed to stay unique.
    fn print_file(&self, diags: &mut Diagnostics) -> Option<OutputFile> {
        // Links were checked on the ordinary pages; their findings would repeat here.
        let mut repeated = Diagnostics::default();
        let print_pages = self
            .book
            .reading_order()
            .into_iter()
            .map(|pos| {
                let page = self.book.at(pos);
                let prefix = format!("{}--", page.id);
                self.page_body(page, IdScope { prefix: &prefix }, &mut repeated)
            })
            .collect();
        let html = self.render_print(print_pages, diags)?;
        Some(OutputFile { path: self.dir().join(BookPage::Print.file_name()), bytes: html.into_bytes() })
    }

    fn render_print(&self, print_pages: Vec<PageBody<'a>>, diags: &mut Diagnostics) -> Option<String> {
        let mut body = PageBody::generated("print", self.handbook.config.title_in(self.book.lang));
        // The definitions of every term marked, once each, at the end.
        for definition in print_pages.iter().flat_map(|p| &p.definitions) {
            if !body.definitions.iter().any(|d| d.id == definition.id) {
                body.definitions.push(definition.clone());
            }
        }
        let mut view = self.base_view(PageKind::Print, None, &BookPage::Print.file_name(), body, diags);
        view.print_pages = print_pages;
        self.template("print.html", &view, diags)
    }

    /// The search results page: the theme's script fills it from `?q=`.
    fn search_file(&self, diags: &mut Diagnostics) -> Option<OutputFile> {
        let file = BookPage::Search.file_name();
        let body = PageBody::generated("search", self.string("search_page_title"));
        let view = self.base_view(PageKind::Search, None, &file, body, diags);
        let html = self.template("search.html", &view, diags)?;
        Some(OutputFile { path: self.dir().join(file), bytes: html.into_bytes() })
    }

    fn template(&self, name: &str, view: &impl serde::Serialize, diags: &mut Diagnostics) -> Option<String> {
        let context = match tera::Context::from_serialize(view) {
            Ok(context) => context,
            Err(err) => {
                diags.push(Diagnostic::error(
                    "template",
                    &self.theme.origin,
                    tr!(
                        "cannot pass the page to the template: {err}",
                        "no se puede pasar la página a la plantilla: {err}"
                    ),
                ));
                return None;
            }
        };
        self.theme.render(name, &context, diags)
    }
}

fn render_entry(handbook: &Handbook, theme: &Theme, diags: &mut Diagnostics) -> Option<String> {
    let config = &handbook.config;
    let mut versions: Vec<Version> = config.versions().collect();
    versions.sort_by_key(|v| v != &config.current_version());
    let strings: Vec<&Strings> = config.langs().map(|l| &theme.strings[config.lang_code(l)]).collect();
    let editions = versions
        .into_iter()
        .map(|v| EntryEdition {
            id: &config.version(v).id,
            status: config.version(v).status,
            books: config
                .langs()
                .map(|l| EntryBook {
                    lang: config.lang_code(l),
                    lang_name: strings[l.index()].get("self_name").map_or("", String::as_str),
                    title: config.title_in(l),
                    label: config.version(v).label_in(l),
                    url: site::key(&site::book_dir(&config.version(v).id, config.lang_code(l)).join(site::INDEX)),
                })
                .collect(),
        })
        .collect();
    let view = EntryView {
        build_id: &handbook.build_id,
        lang: config.lang_code(SOURCE_LANG),
        links: site_links(theme, None),
        titles: config.title.iter().map(String::as_str).collect(),
        strings,
        editions,
    };
    let context = tera::Context::from_serialize(&view).ok()?;
    theme.render("entry.html", &context, diags)
}

/// The URLs of the site's fixed files and of `book`'s generated pages, from
/// a page of `book`.
fn book_links(handbook: &Handbook, theme: &Theme, book: &Book) -> BookLinks {
    let config = &handbook.config;
    let key = (config.version(book.version).id.as_str(), config.lang_code(book.lang));
    let url = |page: BookPage<'_>| site::url(key, key, &page.file_name());
    BookLinks {
        site: site_links(theme, Some(key)),
        contents: url(BookPage::Contents),
        print: url(BookPage::Print),
        changes: config.previous_version(book.version).map(|_| url(BookPage::Changes)),
        translations: url(BookPage::Translations),
        search: url(BookPage::Search),
    }
}

/// The URLs of the site's fixed files from a page of the book `from`, or
/// from the entry page when `from` is `None`.
fn site_links(theme: &Theme, from: Option<site::BookKey<'_>>) -> SiteLinks {
    let assets = theme.assets.iter().map(|(path, _)| {
        let url = site::root_url(from, &site::key(&site::asset_path(path)));
        (site::key(path), url)
    });
    SiteLinks {
        root: site::root_url(from, ""),
        entry: site::root_url(from, site::INDEX),
        service_worker: site::root_url(from, site::SERVICE_WORKER),
        assets: assets.collect(),
    }
}

/// Marks the first link to `file` in a shared `sidebar` as the current page.
fn mark_current(sidebar: &str, file: &str) -> String {
    let link = format!("href=\"{file}\"");
    let Some(at) = sidebar.find(&link).map(|i| i + link.len()) else {
        return sidebar.to_string();
    };
    [&sidebar[..at], " aria-current=\"page\"", &sidebar[at..]].concat()
}

/// Resolves `.` and `..` in a relative path without touching the disk.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The contents page's file name, the target of links to a book as a whole.
fn contents() -> String {
    BookPage::Contents.file_name()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    // Templates receive URLs, never build them: in the default theme every
    // `href` and `src` is a fragment or one expression (a URL Folio made).
    #[test]
    fn default_templates_spell_no_address() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        let mut checked = 0;
        for folder in [dir.join("partials"), dir] {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_none_or(|e| e != "html") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for attr in [" href=\"", " src=\""] {
                    for (at, _) in text.match_indices(attr) {
                        let value = &text[at + attr.len()..];
                        let whole_expression = value.starts_with("{{")
                            && value.find("}}").is_some_and(|end| value[end + 2..].starts_with('"'));
                        let line = value.lines().next().unwrap_or("");
                        assert!(
                            value.starts_with('#') || whole_expression,
                            "{}: `{}{line}` builds an address",
                            path.display(),
                            attr.trim()
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 20, "found the templates' links ({checked})");
    }
}
