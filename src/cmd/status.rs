//! `folio status`: which translations are up to date, outdated or missing.

use std::process::ExitCode;

use folio::diagnostic::escape_controls;
use folio::status::{table, State};
use folio::Diagnostics;

use crate::cli::StatusArgs;

pub(crate) fn execute(args: StatusArgs) -> ExitCode {
    let mut diags = Diagnostics::default();
    let Some(handbook) = folio::content::load(&args.handbook, &mut diags) else {
        eprint!("{}", diags.to_text());
        return ExitCode::FAILURE;
    };
    let config = &handbook.config;
    let versions: Vec<_> = match &args.version {
        Some(id) => match config.find_version(id) {
            Some(v) => vec![v],
            None => {
                let known: Vec<&str> = config.versions.iter().map(|v| v.id.as_str()).collect();
                eprintln!("error: no version `{id}`; the versions are: {}", known.join(", "));
                return ExitCode::FAILURE;
            }
        },
        None => config.versions().collect(),
    };
    for version in versions {
        let rows = table(&handbook, version);
        let langs: Vec<&str> =
            rows.first().map(|r| r.cells.iter().map(|c| c.lang.as_str()).collect()).unwrap_or_default();
        outln!("{} ({} sections)", escape_controls(&config.version(version).label[0]), rows.len());
        let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(2).max(7);
        outln!("  {:width$}  {}", "section", langs.join("  "));
        let mut counts = [0usize; 4];
        for row in &rows {
            let cells: Vec<String> = row
                .cells
                .iter()
                .map(|c| {
                    counts[c.state as usize] += 1;
                    label(c.state).to_string()
                })
                .collect();
            outln!("  {:width$}  {}", row.id, cells.join("  "));
        }
        outln!(
            "  {} up to date, {} outdated, {} unrecorded, {} missing\n",
            counts[State::UpToDate as usize],
            counts[State::Outdated as usize],
            counts[State::Unrecorded as usize],
            counts[State::Missing as usize]
        );
    }
    ExitCode::SUCCESS
}

fn label(state: State) -> &'static str {
    match state {
        State::UpToDate => "up to date",
        State::Outdated => "OUTDATED",
        State::Unrecorded => "unrecorded",
        State::Missing => "MISSING",
    }
}
