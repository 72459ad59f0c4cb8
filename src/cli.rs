//! The command line, declared with clap's derive API. Each subcommand's
//! arguments are a struct; shared ones are flattened in.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Folio: build a versioned, bilingual handbook into an offline website.
#[derive(Debug, Parser)]
#[command(name = "folio", version, about, long_about = None)]
pub(crate) struct Cli {
    /// Language of Folio's messages (default: FOLIO_LANG, else the locale: LC_ALL, LC_MESSAGES, LANG).
    /// Given before the command (`folio --lang es check`): `diff` and `search` have their own `--lang`.
    #[arg(long, value_enum, value_name = "LANG")]
    pub(crate) lang: Option<MessageLangArg>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// A language Folio's messages exist in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum MessageLangArg {
    /// Spanish.
    Es,
    /// English.
    En,
}

impl From<MessageLangArg> for folio::diagnostic::MessageLang {
    fn from(arg: MessageLangArg) -> Self {
        match arg {
            MessageLangArg::Es => folio::diagnostic::MessageLang::Es,
            MessageLangArg::En => folio::diagnostic::MessageLang::En,
        }
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the handbook into a website (replaces the output folder only on success).
    Build(BuildArgs),
    /// Validate the handbook and report every problem, writing nothing.
    Check(CheckArgs),
    /// Compare two editions section by section, with a word-level redline.
    Diff(DiffArgs),
    /// Preview the handbook in a browser, rebuilding and reloading on every save.
    Serve(ServeArgs),
    /// Show which translations are up to date, outdated or missing.
    Status(StatusArgs),
    /// Check a built site against its manifest: modified, missing and extra files.
    Verify(VerifyArgs),
    /// Search a built site's prebuilt index, with the same ranking as the browser.
    Search(SearchArgs),
    /// Record that translated pages now match their source text (sets `source_hash`).
    Translated(TranslatedArgs),
    /// Start a new edition as a draft, or publish a draft.
    #[command(subcommand)]
    Edition(EditionCommand),
    /// Write a new, minimal bilingual handbook into an empty folder.
    Init(InitArgs),
}

#[derive(Debug, Subcommand)]
pub(crate) enum EditionCommand {
    /// Copy an edition (every language, its translation records) into a new draft edition.
    New(EditionNewArgs),
    /// Make a draft edition the current one; the current one becomes archived.
    Publish(EditionPublishArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct EditionNewArgs {
    /// The new edition's id, which names its folder (e.g. 2026).
    #[arg(value_name = "ID")]
    pub(crate) id: String,
    /// The edition to copy (default: the current one).
    #[arg(long, value_name = "ID")]
    pub(crate) from: Option<String>,
    /// The handbook folder (holding folio.yaml).
    #[arg(long, value_name = "DIR", default_value = "handbook")]
    pub(crate) handbook: PathBuf,
}

#[derive(Debug, clap::Args)]
pub(crate) struct EditionPublishArgs {
    /// The draft edition to publish.
    #[arg(value_name = "ID")]
    pub(crate) id: String,
    /// The handbook folder (holding folio.yaml).
    #[arg(long, value_name = "DIR", default_value = "handbook")]
    pub(crate) handbook: PathBuf,
}

#[derive(Debug, clap::Args)]
pub(crate) struct InitArgs {
    /// The folder to write the handbook into; it must be empty or not exist yet.
    #[arg(value_name = "DIR")]
    pub(crate) dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) source: SourceArgs,
    /// Address to listen on (loopback: only this computer can connect).
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) host: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 3000)]
    pub(crate) port: u16,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub(crate) open: bool,
    /// Poll the file system instead of relying on change events (network drives, containers).
    #[arg(long)]
    pub(crate) poll: bool,
}

#[derive(Debug, clap::Args)]
pub(crate) struct VerifyArgs {
    /// The built site.
    #[arg(value_name = "SITE", default_value = "site")]
    pub(crate) site: PathBuf,
}

#[derive(Debug, clap::Args)]
pub(crate) struct StatusArgs {
    /// The handbook folder (holding folio.yaml).
    #[arg(long, value_name = "DIR", default_value = "handbook")]
    pub(crate) handbook: std::path::PathBuf,
    /// Only this edition (default: all).
    #[arg(long, value_name = "V")]
    pub(crate) version: Option<String>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct DiffArgs {
    /// The older edition (version id).
    pub(crate) from: String,
    /// The newer edition (version id).
    pub(crate) to: String,
    /// The handbook folder (holding folio.yaml).
    #[arg(long, value_name = "DIR", default_value = "handbook")]
    pub(crate) handbook: PathBuf,
    /// Language to compare (default: the source language).
    #[arg(long, value_name = "L")]
    pub(crate) lang: Option<String>,
    /// Only this section (page id), with its redline.
    #[arg(long, value_name = "ID")]
    pub(crate) section: Option<String>,
    /// Output format: text (coloured on a terminal), html (one self-contained page) or json.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub(crate) format: DiffFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    /// For people; coloured on a terminal unless NO_COLOR is set.
    Text,
    /// A self-contained HTML page.
    Html,
    /// One JSON object.
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct SearchArgs {
    /// What to look for, as a reader would type it (quotes for phrases).
    pub(crate) query: String,
    /// The built site.
    #[arg(long, value_name = "DIR", default_value = "site")]
    pub(crate) site: PathBuf,
    /// Edition to search, repeatable (default: the current one).
    #[arg(long, value_name = "V")]
    pub(crate) version: Vec<String>,
    /// Language to search (default: the source language).
    #[arg(long, value_name = "L")]
    pub(crate) lang: Option<String>,
    /// Maximum number of results.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub(crate) limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

#[derive(Debug, clap::Args)]
pub(crate) struct TranslatedArgs {
    /// The handbook folder (holding folio.yaml).
    #[arg(long, value_name = "DIR", default_value = "handbook")]
    pub(crate) handbook: PathBuf,
    /// Translated pages whose translation is up to date with the source, or folders of them.
    #[arg(required_unless_present = "all", value_name = "PAGE")]
    pub(crate) pages: Vec<PathBuf>,
    /// Record every translated page of the handbook (after an import).
    #[arg(long)]
    pub(crate) all: bool,
}

/// Where the handbook and theme are.
#[derive(Debug, clap::Args)]
pub(crate) struct SourceArgs {
    /// The handbook folder (holding folio.yaml).
    #[arg(long, value_name = "DIR", default_value = "handbook")]
    pub(crate) handbook: PathBuf,
    /// A theme folder to use instead of the built-in default theme.
    #[arg(long, value_name = "DIR")]
    pub(crate) theme: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub(crate) source: SourceArgs,
    /// The site folder to write.
    #[arg(long, value_name = "DIR", default_value = "site")]
    pub(crate) out: PathBuf,
    /// Also pack the site into a zip file for USB sticks and shared folders.
    #[arg(long, value_name = "FILE")]
    pub(crate) zip: Option<PathBuf>,
    /// Replace an output folder (or overwrite a zip file) that Folio did not make.
    /// Never allowed for the handbook, the theme, the current folder or a folder holding them.
    #[arg(long)]
    pub(crate) force: bool,
    /// Also build the draft editions, each page with a "draft" banner (for reviewers; never zipped).
    #[arg(long, conflicts_with = "zip")]
    pub(crate) drafts: bool,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) source: SourceArgs,
    /// Output format of the findings.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// Treat warnings (missing or outdated translations) as errors.
    #[arg(long)]
    pub(crate) strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For people.
    Text,
    /// One JSON object per finding, in an array.
    Json,
}
