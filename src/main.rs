//! The `folio` binary: parses the command line and hands over to the library.

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.command {
        cli::Command::Build(args) => cmd::build::execute(args),
        cli::Command::Check(args) => cmd::check::execute(args),
        cli::Command::Diff(args) => cmd::diff::execute(args),
        cli::Command::Serve(args) => cmd::serve::execute(args),
        cli::Command::Search(args) => cmd::search::execute(args),
        cli::Command::Status(args) => cmd::status::execute(args),
        cli::Command::Verify(args) => cmd::verify::execute(args),
        cli::Command::Translated(args) => cmd::translated::execute(args),
    }
}
