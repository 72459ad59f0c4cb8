//! `folio diff FROM TO`: compare two editions and print the report.

use std::io::IsTerminal;
use std::process::ExitCode;

use folio::{diff_report, DiffRequest, ReportError, ReportFormat};

use crate::cli::{DiffArgs, DiffFormat};

pub(crate) fn execute(args: DiffArgs) -> ExitCode {
    let format = match args.format {
        DiffFormat::Text => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            ReportFormat::Text { color: std::io::stdout().is_terminal() && !no_color }
        }
        DiffFormat::Html => ReportFormat::Html,
        DiffFormat::Json => ReportFormat::Json,
    };
    let request = DiffRequest {
        handbook: &args.handbook,
        from: &args.from,
        to: &args.to,
        lang: args.lang.as_deref(),
        section: args.section.as_deref(),
        format,
    };
    match diff_report(&request) {
        Ok(out) => {
            out!("{out}");
            ExitCode::SUCCESS
        }
        Err(ReportError::Content(diags)) => {
            eprint!("{}", diags.to_text_summarized());
            let errors = diags.error_count();
            eprintln!(
                "{}",
                folio::tr!(
                    "error: cannot compare editions: the handbook has {errors} error(s)",
                    "error: no se pueden comparar las ediciones: el manual tiene {errors} error(es)"
                )
            );
            ExitCode::FAILURE
        }
        Err(err @ ReportError::Usage(_)) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
