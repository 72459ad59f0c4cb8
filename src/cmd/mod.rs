//! One module per subcommand, each with an `execute` that returns the exit code.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod diff;
pub(crate) mod edition;
pub(crate) mod init;
pub(crate) mod search;
pub(crate) mod serve;
pub(crate) mod status;
pub(crate) mod translated;
pub(crate) mod verify;
