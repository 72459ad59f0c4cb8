//! `folio verify [SITE]`: is the site exactly as built? (Against accidents,
//! not tampering: the manifest is not signed.)

use std::process::ExitCode;

use folio::diagnostic::{escape_controls, Text};
use folio::tr;

use crate::cli::VerifyArgs;

/// What a check against the site's own manifest can and cannot tell.
fn tampering_note() -> Text {
    tr!(
        "note: this detects accidental changes (corrupted, edited, missing or added files), not deliberate \
         tampering: the manifest is not signed, so whoever can change the site can change the manifest too",
        "nota: esto detecta cambios accidentales (archivos dañados, editados, que faltan o añadidos), no \
         manipulaciones deliberadas: el manifiesto no está firmado, así que quien puede cambiar el sitio puede \
         cambiar también el manifiesto"
    )
}

pub(crate) fn execute(args: VerifyArgs) -> ExitCode {
    let (manifest, report) = match folio::integrity::verify(&args.site) {
        Ok(result) => result,
        Err(err) => {
            eprintln!("error: {err:#}");
            return ExitCode::FAILURE;
        }
    };
    let labels = [
        (tr!("modified", "modificado"), &report.modified),
        (tr!("missing", "falta"), &report.missing),
        (tr!("extra", "sobra"), &report.extra),
    ];
    for (label, files) in labels {
        for file in files {
            outln!("{label}: {}", escape_controls(file));
        }
    }
    let not_git = tr!("not a git checkout", "no es un repositorio git").to_string();
    let revision = manifest.source_revision.as_deref().unwrap_or(&not_git);
    let (build, folio, built) = (&manifest.build_id, &manifest.folio, &manifest.built_at);
    let summary = if report.is_clean() {
        let files = manifest.files.len();
        tr!(
            "ok: {files} files match build {build} (folio {folio}, built {built}, source {revision})",
            "correcto: {files} archivos coinciden con la compilación {build} (folio {folio}, compilada {built}, fuente {revision})"
        )
    } else {
        let (modified, missing, extra) = (report.modified.len(), report.missing.len(), report.extra.len());
        tr!(
            "{modified} modified, {missing} missing, {extra} extra file(s) against build {build}",
            "{modified} modificado(s), {missing} faltan, {extra} archivo(s) de más respecto a la compilación {build}"
        )
    };
    // The manifest is the site's own file: its text is printed escaped too.
    outln!("{}", escape_controls(&summary.to_string()));
    outln!("{}", tampering_note());
    if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
