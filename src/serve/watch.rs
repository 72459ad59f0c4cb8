//! Watching the handbook (and a theme folder) with notify: events are
//! debounced, then classified into [`ChangeKind`]s. Native file events are
//! used where the platform has them; polling is the fallback.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use anyhow::{Context, Result};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{new_debouncer_opt, Config, DebounceEventResult, Debouncer};

use super::session::{ChangeKind, Session};

/// How long a burst of events must be quiet before it is handled.
pub const DEBOUNCE: Duration = Duration::from_millis(80);

/// A running watcher; dropping it stops watching.
pub enum Watcher {
    /// inotify, FSEvents or ReadDirectoryChanges.
    Native(Debouncer<RecommendedWatcher>),
    /// Periodic scans, where native events are unavailable.
    Poll(Debouncer<PollWatcher>),
}

/// Watches `paths`, sending each debounced batch of changed paths to `tx`.
pub fn watch(paths: &[PathBuf], poll: bool, tx: Sender<Vec<PathBuf>>) -> Result<Watcher> {
    let handler = move |result: DebounceEventResult| {
        if let Ok(events) = result {
            let _ = tx.send(events.into_iter().map(|e| e.path).collect());
        }
    };
    let native = if poll {
        None
    } else {
        new_debouncer_opt::<_, RecommendedWatcher>(Config::default().with_timeout(DEBOUNCE), handler.clone()).ok()
    };
    let mut watcher = match native {
        Some(debouncer) => Watcher::Native(debouncer),
        None => {
            let notify_config = notify::Config::default().with_poll_interval(Duration::from_millis(300));
            let config = Config::default().with_timeout(DEBOUNCE).with_notify_config(notify_config);
            Watcher::Poll(
                new_debouncer_opt::<_, PollWatcher>(config, handler).context("cannot start a polling watcher")?,
            )
        }
    };
    for path in paths {
        let result = match &mut watcher {
            Watcher::Native(d) => d.watcher().watch(path, RecursiveMode::Recursive),
            Watcher::Poll(d) => d.watcher().watch(path, RecursiveMode::Recursive),
        };
        result.with_context(|| format!("cannot watch {}", path.display()))?;
    }
    Ok(watcher)
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
    if let Some(full) =
        changes.iter().find(|c| matches!(c, ChangeKind::Config | ChangeKind::Theme | ChangeKind::Structure))
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
