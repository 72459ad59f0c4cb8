//! `folio translated PAGE|DIR... [--all]`: accept translations by recording
//! their source hash (and a snapshot of the source text), one by one, by
//! folder or all at once, with a summary line.

use std::process::ExitCode;

use folio::content::translated::Recorder;
use folio::tr;

use crate::cli::TranslatedArgs;

pub(crate) fn execute(args: TranslatedArgs) -> ExitCode {
    let targets = Recorder::new(&args.handbook).and_then(|r| Ok((r.targets(&args.pages, args.all)?, r)));
    let (targets, mut recorder) = match targets {
        Ok(found) => found,
        Err(err) => {
            eprintln!("error: {err:#}");
            return ExitCode::FAILURE;
        }
    };
    let (mut recorded, mut failed) = (0, 0);
    for target in &targets {
        match recorder.record(&target.page) {
            Ok(hash) => {
                recorded += 1;
                if target.named {
                    outln!("{}: source_hash: {hash}", target.page.display());
                }
            }
            Err(err) => {
                eprintln!("error: {err:#}");
                failed += 1;
            }
        }
    }
    let summary = match recorded {
        1 => tr!("recorded 1 translation", "se registró 1 traducción"),
        n => tr!("recorded {n} translations", "se registraron {n} traducciones"),
    };
    outln!("{summary}");
    if failed == 0 {
        return ExitCode::SUCCESS;
    }
    let failures = match failed {
        1 => tr!("1 page could not be recorded (see above)", "no se pudo registrar 1 página (vea arriba)"),
        n => tr!("{n} pages could not be recorded (see above)", "no se pudieron registrar {n} páginas (vea arriba)"),
    };
    eprintln!("error: {failures}");
    ExitCode::FAILURE
}
