//! `folio build`: every stage, then the atomic write.

use std::process::ExitCode;
use std::time::Instant;

use folio::{tr, BuildError, BuildOptions, Drafts};

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
                let dir = dir.display();
                eprintln!(
                    "{}",
                    tr!(
                        "note: removed {dir}, left behind by an interrupted build",
                        "nota: se eliminó {dir}, que dejó una compilación interrumpida"
                    )
                );
            }
            eprint!("{}", report.warnings.to_text_summarized());
            let (pages, files, out) = (report.pages, report.files, options.out.display());
            let (ms, warnings) = (started.elapsed().as_millis(), report.warnings.warning_count());
            let summary = if warnings > 0 {
                tr!(
                    "built {pages} pages ({files} files) into {out} in {ms} ms, with {warnings} warning(s)",
                    "{pages} páginas ({files} archivos) compiladas en {out} en {ms} ms, con {warnings} aviso(s)"
                )
            } else {
                tr!(
                    "built {pages} pages ({files} files) into {out} in {ms} ms",
                    "{pages} páginas ({files} archivos) compiladas en {out} en {ms} ms"
                )
            };
            eprintln!("{summary}");
            if let Some(zip) = &options.zip {
                let zip = zip.display();
                eprintln!("{}", tr!("packed the site into {zip}", "sitio empaquetado en {zip}"));
            }
            ExitCode::SUCCESS
        }
        Err(BuildError::Refused(refusal)) => {
            eprintln!("error: {refusal}");
            eprintln!("{}", tr!("nothing was written or deleted", "no se escribió ni se borró nada"));
            ExitCode::FAILURE
        }
        Err(BuildError::Content(diags)) => {
            eprint!("{}", diags.to_text_summarized());
            let (errors, out) = (diags.error_count(), options.out.display());
            eprintln!(
                "{}",
                tr!(
                    "error: the build failed with {errors} error(s); {out} was left as it was",
                    "error: la compilación falló con {errors} error(es); {out} quedó como estaba"
                )
            );
            ExitCode::FAILURE
        }
        Err(BuildError::Io(err)) => {
            let out = options.out.display();
            eprintln!("error: {err:#}");
            eprintln!("{}", tr!("{out} was left as it was", "{out} quedó como estaba"));
            ExitCode::FAILURE
        }
        Err(err @ BuildError::Zip(_)) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
