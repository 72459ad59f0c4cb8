//! `folio build`: every stage, then the atomic write.

use std::process::ExitCode;
use std::time::Instant;

use folio::{BuildError, BuildOptions, Drafts};

use crate::cli::BuildArgs;

pub(crate) fn execute(args: BuildArgs) -> ExitCode {
    let started = Instant::now();
    let options = BuildOptions {
        handbook: args.source.handbook,
        out: args.out,
        theme: args.source.theme,
        zip: args.zip,
        force: args.force,
    };
    let drafts = if args.drafts { Drafts::Include } else { Drafts::LeaveOut };
    match folio::build_editions(&options, drafts) {
        Ok(report) => {
            for dir in &report.removed_leftovers {
                eprintln!("note: removed {}, left behind by an interrupted build", dir.display());
            }
            eprint!("{}", report.warnings.to_text());
            let warnings = report.warnings.warning_count();
            eprintln!(
                "built {} pages ({} files) into {} in {} ms{}",
                report.pages,
                report.files,
                options.out.display(),
                started.elapsed().as_millis(),
                if warnings > 0 { format!(", with {warnings} warning(s)") } else { String::new() }
            );
            if let Some(zip) = &options.zip {
                eprintln!("packed the site into {}", zip.display());
            }
            ExitCode::SUCCESS
        }
        Err(BuildError::Refused(refusal)) => {
            eprintln!("error: {refusal}");
            eprintln!("nothing was written or deleted");
            ExitCode::FAILURE
        }
        Err(BuildError::Content(diags)) => {
            eprint!("{}", diags.to_text());
            eprintln!(
                "error: the build failed with {} error(s); {} was left as it was",
                diags.error_count(),
                options.out.display()
            );
            ExitCode::FAILURE
        }
        Err(BuildError::Io(err)) => {
            eprintln!("error: {err:#}");
            eprintln!("{} was left as it was", options.out.display());
            ExitCode::FAILURE
        }
        Err(err @ BuildError::Zip(_)) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
