//! `folio search`: query a built site's index from the command line, with the
//! browser's answer (rows per page, partial matches, dropped words, "did you
//! mean") printed as text or as the same JSON.

use std::process::ExitCode;

use folio::diagnostic::escape_controls;
use folio::index::{search_site, SearchScope};
use folio::tr;
use folio_search::{Results, Row};

use crate::cli::{Format, SearchArgs};

pub(crate) fn execute(args: SearchArgs) -> ExitCode {
    let scope = SearchScope { versions: args.version, lang: args.lang };
    let results = match search_site(&args.site, &args.query, &scope, args.limit) {
        Ok(results) => results,
        Err(err) => {
            eprintln!("error: {err:#}");
            return ExitCode::FAILURE;
        }
    };
    match args.format {
        Format::Json => outln!("{}", serde_json::to_string_pretty(&results).expect("results serialize")),
        Format::Text => print_text(&results),
    }
    ExitCode::SUCCESS
}

/// The answer as text: a count, notes on dropped words, the rows (partial
/// ones under their own label) and suggestions.
fn print_text(results: &Results) {
    let query = escape_controls(&results.query);
    if results.rows.is_empty() {
        outln!("{}", tr!("no results for `{query}`", "no hay resultados para `{query}`"));
        if !results.suggestions.is_empty() {
            let words: Vec<&str> = results.suggestions.iter().map(|s| s.word.as_str()).collect();
            let words = words.join(", ");
            outln!("{}", tr!("did you mean: {words}", "quizás quiso decir: {words}"));
        }
        return;
    }
    for word in &results.dropped {
        let word = escape_controls(word);
        outln!(
            "{}",
            tr!(
                "no results for `{word}`; showing results for the other words",
                "no hay resultados para `{word}`; se muestran los resultados de las demás palabras"
            )
        );
    }
    let (shown, total) = (results.rows.len(), results.total);
    if shown < total {
        outln!(
            "{}",
            tr!(
                "{total} results for `{query}`, first {shown}:",
                "{total} resultados para `{query}`, primeros {shown}:"
            )
        );
    } else {
        outln!("{}", tr!("{total} results for `{query}`:", "{total} resultados para `{query}`:"));
    }
    let mut in_partial = false;
    for (i, row) in results.rows.iter().enumerate() {
        if row.partial && !in_partial {
            in_partial = true;
            outln!(
                "{}",
                tr!(
                    "partial matches (not every word found):",
                    "coincidencias parciales (no se encontraron todas las palabras):"
                )
            );
        }
        print_row(i + 1, row);
    }
}

fn print_row(n: usize, row: &Row) {
    let number = if row.number.is_empty() { String::new() } else { format!("{} ", row.number) };
    let heading = if row.heading.is_empty() { String::new() } else { format!(" › {}", row.heading) };
    let editions = if row.editions.len() > 1 { format!("  ({})", row.editions.join(", ")) } else { String::new() };
    outln!(
        "{n}. {}  [{:.2}]{}",
        escape_controls(&format!("{number}{}{heading}", row.title)),
        row.score,
        escape_controls(&editions)
    );
    outln!("   {}", escape_controls(&row.url));
    if !row.snippet.is_empty() {
        outln!("   {}", escape_controls(&plain_snippet(&row.snippet)));
    }
    if row.partial {
        let words = row.missing.join(", ");
        outln!("   {}", escape_controls(&tr!("missing: {words}", "faltan: {words}").to_string()));
    }
    for section in &row.sections {
        let heading = if section.heading.is_empty() { row.title.as_str() } else { section.heading.as_str() };
        let url = &section.url;
        outln!("   {}", escape_controls(&tr!("also: {heading} ({url})", "también: {heading} ({url})").to_string()));
    }
}

/// The HTML snippet as text: matches in `[brackets]`, entities decoded.
fn plain_snippet(html: &str) -> String {
    html.replace("<mark>", "[")
        .replace("</mark>", "]")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}
