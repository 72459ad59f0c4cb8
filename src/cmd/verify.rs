//! `folio verify [SITE]`: is the site exactly as built?

use std::process::ExitCode;

use crate::cli::VerifyArgs;

pub(crate) fn execute(args: VerifyArgs) -> ExitCode {
    let (manifest, report) = match folio::integrity::verify(&args.site) {
        Ok(result) => result,
        Err(err) => {
            eprintln!("error: {err:#}");
            return ExitCode::FAILURE;
        }
    };
    for (label, files) in [("modified", &report.modified), ("missing", &report.missing), ("extra", &report.extra)] {
        for file in files {
            println!("{label}: {file}");
        }
    }
    let revision = manifest.source_revision.as_deref().unwrap_or("not a git checkout");
    if report.is_clean() {
        println!(
            "ok: {} files match build {} (folio {}, built {}, source {revision})",
            manifest.files.len(),
            manifest.build_id,
            manifest.folio,
            manifest.built_at
        );
        ExitCode::SUCCESS
    } else {
        println!(
            "{} modified, {} missing, {} extra file(s) against build {}",
            report.modified.len(),
            report.missing.len(),
            report.extra.len(),
            manifest.build_id
        );
        ExitCode::FAILURE
    }
}
