//! `folio check`: load and render in memory, report every finding.

use std::process::ExitCode;

use crate::cli::{CheckArgs, Format};

pub(crate) fn execute(args: CheckArgs) -> ExitCode {
    let diags = folio::check(&args.source.handbook, args.source.theme.as_deref());
    match args.format {
        Format::Json => outln!("{}", diags.to_json()),
        Format::Text => {
            out!("{}", diags.to_text());
            let (errors, warnings) = (diags.error_count(), diags.warning_count());
            outln!(
                "{}",
                folio::tr!("{errors} error(s), {warnings} warning(s)", "{errors} error(es), {warnings} aviso(s)")
            );
        }
    }
    let failed = diags.has_errors() || (args.strict && diags.warning_count() > 0);
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
