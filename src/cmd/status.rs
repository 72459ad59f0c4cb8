//! `folio status`: which translations are up to date, outdated or missing.

use std::process::ExitCode;

use folio::diagnostic::{escape_controls, Text};
use folio::status::{table, State};
use folio::tr;
use folio::Diagnostics;

use crate::cli::StatusArgs;

pub(crate) fn execute(args: StatusArgs) -> ExitCode {
    let mut diags = Diagnostics::default();
    let Some(handbook) = folio::content::load(&args.handbook, &mut diags) else {
        eprint!("{}", diags.to_text_summarized());
        return ExitCode::FAILURE;
    };
    let config = &handbook.config;
    let versions: Vec<_> = match &args.version {
        Some(id) => match config.find_version(id) {
            Some(v) => vec![v],
            None => {
                let known = config.versions.iter().map(|v| v.id.as_str()).collect::<Vec<_>>().join(", ");
                eprintln!(
                    "{}",
                    tr!(
                        "error: no version `{id}`; the versions are: {known}",
                        "error: no hay ninguna versión `{id}`; las versiones son: {known}"
                    )
                );
                return ExitCode::FAILURE;
            }
        },
        None => config.versions().collect(),
    };
    for version in versions {
        let rows = table(&handbook, version);
        let langs: Vec<&str> =
            rows.first().map(|r| r.cells.iter().map(|c| c.lang.as_str()).collect()).unwrap_or_default();
        let (edition, sections) = (escape_controls(&config.version(version).label[0]), rows.len());
        outln!("{}", tr!("{edition} ({sections} sections)", "{edition} ({sections} secciones)"));
        let heading = tr!("section", "sección").to_string();
        let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(2).max(heading.chars().count());
        outln!("  {heading:width$}  {}", langs.join("  "));
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
        let [up_to_date, outdated, unrecorded, missing] =
            [State::UpToDate, State::Outdated, State::Unrecorded, State::Missing].map(|s| counts[s as usize]);
        outln!(
            "{}\n",
            tr!(
                "  {up_to_date} up to date, {outdated} outdated, {unrecorded} unrecorded, {missing} missing",
                "  {up_to_date} al día, {outdated} desactualizadas, {unrecorded} sin registrar, {missing} faltan"
            )
        );
    }
    ExitCode::SUCCESS
}

fn label(state: State) -> Text {
    match state {
        State::UpToDate => tr!("up to date", "al día"),
        State::Outdated => tr!("OUTDATED", "DESACTUALIZADA"),
        State::Unrecorded => tr!("unrecorded", "sin registrar"),
        State::Missing => tr!("MISSING", "FALTA"),
    }
}
