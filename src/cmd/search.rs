//! `folio search`: query a built site's index from the command line.

use std::process::ExitCode;

use folio::diagnostic::escape_controls;
use folio::index::{search_site, SearchScope};
use serde::Serialize;

use crate::cli::{Format, SearchArgs};

/// A hit as `--format json` prints it.
#[derive(Serialize)]
struct JsonHit<'a> {
    id: &'a str,
    title: &'a str,
    url: &'a str,
    version: &'a str,
    lang: &'a str,
    score: f32,
    snippet: &'a str,
}

pub(crate) fn execute(args: SearchArgs) -> ExitCode {
    let scope = SearchScope { version: args.version, lang: args.lang };
    let hits = match search_site(&args.site, &args.query, &scope, args.limit) {
        Ok(hits) => hits,
        Err(err) => {
            eprintln!("error: {err:#}");
            return ExitCode::FAILURE;
        }
    };
    match args.format {
        Format::Json => {
            let json: Vec<JsonHit<'_>> = hits
                .iter()
                .map(|h| JsonHit {
                    id: &h.page_id,
                    title: &h.title,
                    url: &h.url,
                    version: &h.version,
                    lang: &h.lang,
                    score: h.score,
                    snippet: &h.snippet,
                })
                .collect();
            outln!("{}", serde_json::to_string_pretty(&json).expect("hits serialize"));
        }
        Format::Text => {
            if hits.is_empty() {
                let query = format!("{:?}", args.query);
                outln!("{}", folio::tr!("no results for {query}", "no hay resultados para {query}"));
            }
            for (i, hit) in hits.iter().enumerate() {
                let heading = if hit.heading.is_empty() { String::new() } else { format!(" › {}", hit.heading) };
                let title = format!("{}{heading}", hit.title);
                outln!("{}. {}  [{:.2}]", i + 1, escape_controls(&title), hit.score);
                outln!("   {}", escape_controls(&hit.url));
                outln!("   {}", escape_controls(&plain_snippet(&hit.snippet)));
            }
        }
    }
    ExitCode::SUCCESS
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
