//! `folio verify [SITE]`: is the site exactly as built? (Against accidents,
//! not tampering: the manifest is not signed.)

use std::process::ExitCode;

use folio::diagnostic::escape_controls;

use crate::cli::VerifyArgs;

/// What a check against the site's own manifest can and cannot tell.
const TAMPERING_NOTE: &str = "note: this detects accidental changes (corrupted, edited, missing or added \
files), not deliberate tampering: the manifest is not signed, so whoever can change the site can change \
the manifest too";

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
            outln!("{label}: {}", escape_controls(file));
        }
    }
    let revision = manifest.source_revision.as_deref().unwrap_or("not a git checkout");
    let summary = if report.is_clean() {
        format!(
            "ok: {} files match build {} (folio {}, built {}, source {revision})",
            manifest.files.len(),
            manifest.build_id,
            manifest.folio,
            manifest.built_at
        )
    } else {
        format!(
            "{} modified, {} missing, {} extra file(s) against build {}",
            report.modified.len(),
            report.missing.len(),
            report.extra.len(),
            manifest.build_id
        )
    };
    // The manifest is the site's own file: its text is printed escaped too.
    outln!("{}", escape_controls(&summary));
    outln!("{TAMPERING_NOTE}");
    if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
