//! No inline styles in the output (issue 14, part 2): the site's
//! Content-Security-Policy (`style-src 'self'`) blocks every `style`
//! attribute and `<style>` element, so none may reach a page. Table
//! alignment is a class, and authors' `style` in raw HTML is stripped.

use std::path::Path;

use crate::util::{build_fixture, read, real_site, region};

/// Each `style` attribute or `<style>` element in the HTML files of `site`,
/// as `file: <tag…>`.
fn inline_styles(site: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let pages = walkdir::WalkDir::new(site).into_iter().map(|entry| entry.unwrap());
    for page in pages.filter(|entry| entry.path().extension().is_some_and(|e| e == "html")) {
        let html = std::fs::read_to_string(page.path()).unwrap();
        for tag in html.split('<').skip(1).map(|rest| rest.split('>').next().unwrap_or_default()) {
            let tag = tag.to_ascii_lowercase();
            let element = tag
                .strip_prefix("style")
                .is_some_and(|after| after.is_empty() || after.starts_with([' ', '\t', '\n', '/']));
            let attribute = [" style=", "\tstyle=", "\nstyle="].iter().any(|a| tag.contains(a));
            if element || attribute {
                found.push(format!("{}: <{tag}>", page.path().strip_prefix(site).unwrap().display()));
            }
        }
    }
    found
}

// The fixture with aligned tables and raw HTML that tries `style`, the basic
// fixture and the bundled handbook: no page holds an inline style.
#[test]
fn no_page_of_any_built_site_has_an_inline_style() {
    for site in [build_fixture("aligned-tables").as_path(), build_fixture("basic").as_path(), real_site()] {
        let found = inline_styles(site);
        assert!(found.is_empty(), "inline styles in {}:\n{}", site.display(), found.join("\n"));
    }
}

// `:--`, `:-:` and `--:` columns become `align-*` classes on header and body
// cells, on the page, on the print page and through the raw-HTML sanitizer.
#[test]
fn aligned_table_cells_carry_alignment_classes() {
    let site = build_fixture("aligned-tables");
    let section = read(&site, "v2/es/detencion.html");
    let table = region(&section, "<table>", "</table>");
    for cell in [
        "<th class=\"align-left\">Actuación</th>",
        "<th class=\"align-right\">Horas</th>",
        "<th class=\"align-center\">Base</th>",
        "<td class=\"align-left\">Audiencia</td>",
        "<td class=\"align-right\">48</td>",
        "<td class=\"align-center\">ley</td>",
    ] {
        assert!(table.contains(cell), "{cell} in:\n{table}");
    }
    let print = read(&site, "v2/es/print.html");
    assert!(print.contains("<td class=\"align-right\">36</td>"), "the print page keeps the classes");
    // A column without `:` has no class.
    let chapter = read(&site, "v2/es/plazos.html");
    let table = region(&chapter, "<table><thead>", "</table>");
    assert!(
        table.contains("<th class=\"align-center\">Acto</th><th class=\"align-right\">Días</th><th>Nota</th>"),
        "{table}"
    );
    assert!(table.contains("<td class=\"align-center\">Denuncia</td>"), "{table}");
}

// Raw HTML keeps its classes and text but loses `style` attributes and the
// `<style>` element with its rules.
#[test]
fn authors_inline_styles_are_stripped_from_raw_html() {
    let chapter = read(&build_fixture("aligned-tables"), "v2/es/plazos.html");
    assert!(chapter.contains("<p class=\"aviso\">Texto <span>marcado</span>.</p>"), "{chapter}");
    assert!(!chapter.contains("display: none"), "the <style> element's rules are dropped");
}
