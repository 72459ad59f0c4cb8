//! The `folio` binary: parses the command line and hands over to the library.
//!
//! Commands print to standard output only through [`out!`] and [`outln!`]:
//! when the reader goes away (`folio diff 2011 2025 | head -1`), Folio stops
//! quietly with success, as ripgrep and other command-line tools do, instead
//! of panicking.

#![forbid(unsafe_code)]

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use folio::diagnostic::MessageLang;

/// `print!` that exits quietly when standard output is a closed pipe.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::write_stdout(format_args!($($arg)*))
    };
}

/// `println!` that exits quietly when standard output is a closed pipe.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

mod cli;
mod cmd;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    MessageLang::choose(cli.lang.map(Into::into), |name| std::env::var(name).ok()).set();
    match cli.command {
        cli::Command::Build(args) => cmd::build::execute(args),
        cli::Command::Check(args) => cmd::check::execute(args),
        cli::Command::Diff(args) => cmd::diff::execute(args),
        cli::Command::Serve(args) => cmd::serve::execute(args),
        cli::Command::Search(args) => cmd::search::execute(args),
        cli::Command::Status(args) => cmd::status::execute(args),
        cli::Command::Verify(args) => cmd::verify::execute(args),
        cli::Command::Translated(args) => cmd::translated::execute(args),
        cli::Command::Edition(cli::EditionCommand::New(args)) => cmd::edition::new(args),
        cli::Command::Edition(cli::EditionCommand::Publish(args)) => cmd::edition::publish(args),
        cli::Command::Init(args) => cmd::init::execute(args),
    }
}

/// Writes to standard output. If the reader has closed the pipe, nobody is
/// left to read the rest: exit at once, with success and no message. Any
/// other write error is reported and fails the command.
fn write_stdout(args: std::fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    if let Err(err) = stdout.write_fmt(args) {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!(
            "{}",
            folio::tr!("error: cannot write the output: {err}", "error: no se puede escribir la salida: {err}")
        );
        std::process::exit(1);
    }
}
