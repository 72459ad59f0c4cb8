//! `folio translated PAGE...`: accept translations by recording their source hash.

use std::process::ExitCode;

use crate::cli::TranslatedArgs;

pub(crate) fn execute(args: TranslatedArgs) -> ExitCode {
    let mut failed = false;
    for page in &args.pages {
        match folio::content::translated::record(&args.handbook, page) {
            Ok(hash) => outln!("{}: source_hash: {hash}", page.display()),
            Err(err) => {
                eprintln!("error: {err:#}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
