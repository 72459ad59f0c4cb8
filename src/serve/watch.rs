//! Watching the handbook (and a theme folder) with notify. Only changes
//! count: notify also reports reads (access events), which the rebuild
//! itself causes, so those are dropped before debouncing. Native file events
//! are used where the platform has them; polling is the fallback.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use anyhow::{Context, Result};
use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher as _};

use super::session::{ChangeKind, Session};
use crate::diagnostic::tr;

/// How long a burst of events must be quiet before it is handled.
pub const DEBOUNCE: Duration = Duration::from_millis(80);

/// A running watcher; dropping it stops watching.
pub enum Watcher {
    /// inotify, FSEvents or ReadDirectoryChanges.
    Native(RecommendedWatcher),
    /// Periodic scans, where native events are unavailable.
    Poll(PollWatcher),
}

/// Watches `paths`, sending the paths of every change (not reads) to `tx`.
pub fn watch(paths: &[PathBuf], poll: bool, tx: Sender<PathBuf>) -> Result<Watcher> {
    let handler = move |result: notify::Result<Event>| {
        if let Ok(event) = result {
            if !matches!(event.kind, EventKind::Access(_)) {
                for path in event.paths {
                    let _ = tx.send(path);
                }
            }
        }
    };
    let native = if poll { None } else { notify::recommended_watcher(handler.clone()).ok() };
    let mut watcher = match native {
        Some(w) => Watcher::Native(w),
        None => {
            let config = notify::Config::default().with_poll_interval(Duration::from_millis(300));
            Watcher::Poll(
                PollWatcher::new(handler, config)
                    .context(tr!("cannot start a polling watcher", "no se puede iniciar la vigilancia por sondeo"))?,
            )
        }
    };
    for path in paths {
        let result = match &mut watcher {
            Watcher::Native(w) => w.watch(path, RecursiveMode::Recursive),
            Watcher::Poll(w) => w.watch(path, RecursiveMode::Recursive),
        };
        result.with_context(|| {
            let path = path.display();
            tr!("cannot watch {path}", "no se puede vigilar {path}")
        })?;
    }
    Ok(watcher)
}

/// What [`next_batch`] saw.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// A burst of changes: its distinct paths.
    Batch(Vec<PathBuf>),
    /// No change within the time given.
    Quiet,
    /// The watcher is gone.
    Closed,
}

/// Waits (at most `wait`, or for as long as it takes) for the next burst of
/// changes and returns its distinct paths once it has been quiet for [`DEBOUNCE`].
pub fn next_batch(rx: &Receiver<PathBuf>, wait: Option<Duration>) -> Next {
    let first = match wait {
        Some(wait) => rx.recv_timeout(wait).map_err(|e| e == RecvTimeoutError::Timeout),
        None => rx.recv().map_err(|_| false),
    };
    let mut batch = match first {
        Ok(path) => vec![path],
        Err(true) => return Next::Quiet,
        Err(false) => return Next::Closed,
    };
    loop {
        match rx.recv_timeout(DEBOUNCE) {
            Ok(path) => {
                if !batch.contains(&path) {
                    batch.push(path);
                }
            }
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => return Next::Batch(batch),
        }
    }
}

/// What a changed path means for the build, or `None` when it does not matter
/// (editor swap files, hidden files, paths outside what is watched).
pub fn classify(path: &Path, handbook: &Path, theme: Option<&Path>, session: &Session) -> Option<ChangeKind> {
    let name = path.file_name()?.to_string_lossy();
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp") {
        return None;
    }
    if theme.is_some_and(|t| path.starts_with(t)) {
        return Some(ChangeKind::Theme);
    }
    if !path.starts_with(handbook) {
        return None;
    }
    if path == handbook.join("folio.yaml") {
        return Some(ChangeKind::Config);
    }
    if name == crate::content::glossary::FILE_NAME {
        return Some(ChangeKind::Glossary);
    }
    if path.is_file() && session.knows(path) {
        return Some(if name == "_index.md" {
            ChangeKind::ChapterIndex(path.to_path_buf())
        } else {
            ChangeKind::Page(path.to_path_buf())
        });
    }
    Some(ChangeKind::Structure)
}

/// Reduces a batch to the changes to apply: any whole-site change wins,
/// otherwise each changed page once.
pub fn plan(changes: Vec<ChangeKind>) -> Vec<ChangeKind> {
    if let Some(full) = changes
        .iter()
        .find(|c| matches!(c, ChangeKind::Config | ChangeKind::Glossary | ChangeKind::Theme | ChangeKind::Structure))
    {
        return vec![full.clone()];
    }
    let mut out: Vec<ChangeKind> = Vec::new();
    for change in changes {
        if !out.contains(&change) {
            out.push(change);
        }
    }
    out
}
