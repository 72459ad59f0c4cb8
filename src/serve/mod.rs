//! `folio serve`: a live preview for editors. The site is built into memory
//! and served over HTTP on loopback; the handbook (and a theme folder, if
//! given) is watched, each change is rebuilt as narrowly as it allows, and
//! open pages reload themselves through server-sent events, keeping their
//! scroll position. A failed rebuild keeps the last good site and shows the
//! errors over the page and in the terminal.
//!
//! Files are looked up by path in memory, so nothing outside the site can
//! ever be served; paths with `..` are refused before the lookup anyway.

mod http;
pub mod session;
pub mod watch;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Result};
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostics;
use crate::render::OutputFile;
use session::{Files, Session};

/// How to run the preview.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The handbook folder.
    pub handbook: PathBuf,
    /// A theme folder to use (and watch) instead of the built-in theme.
    pub theme: Option<PathBuf>,
    /// Address to listen on; loopback by default.
    pub host: String,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Poll the file system instead of using native events.
    pub poll: bool,
}

/// What open pages are told after every build.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Status {
    /// Increases with every successful build.
    pub generation: u64,
    /// The errors of the last build, if it failed.
    pub error: Option<String>,
}

/// State shared by the HTTP threads and the rebuild thread.
struct Shared {
    files: RwLock<Files>,
    status: Mutex<Status>,
    subscribers: Mutex<Vec<Sender<Status>>>,
}

impl Shared {
    /// Serves the session's files from now on.
    fn serve(&self, session: &Session) {
        *self.files.write().expect("files lock") = session.files.clone();
    }

    fn publish(&self, status: Status) {
        *self.status.lock().expect("status lock") = status.clone();
        self.subscribers.lock().expect("subscribers lock").retain(|tx| tx.send(status.clone()).is_ok());
    }
}

/// A running preview server.
pub struct Server {
    addr: SocketAddr,
    http: Arc<tiny_http::Server>,
    _watcher: watch::Watcher,
}

/// Receives one line per event worth telling the editor (builds, errors).
pub type Log = Arc<dyn Fn(String) + Send + Sync>;

impl Server {
    /// Builds the site, starts serving and watching. Returns once listening.
    pub fn start(mut options: ServeOptions, log: Log) -> Result<Server> {
        // The watcher reports absolute paths; compare them with absolute roots.
        options.handbook = std::fs::canonicalize(&options.handbook)
            .map_err(|e| anyhow!("cannot open the handbook folder {}: {e}", options.handbook.display()))?;
        if let Some(theme) = &options.theme {
            options.theme = Some(
                std::fs::canonicalize(theme)
                    .map_err(|e| anyhow!("cannot open the theme folder {}: {e}", theme.display()))?,
            );
        }
        let http = tiny_http::Server::http((options.host.as_str(), options.port))
            .map_err(|e| anyhow!("cannot listen on {}:{}: {e}", options.host, options.port))?;
        let addr = http.server_addr().to_ip().ok_or_else(|| anyhow!("the server has no IP address"))?;
        let http = Arc::new(http);
        let shared = Arc::new(Shared {
            files: RwLock::new(Files::new()),
            status: Mutex::new(Status { generation: 0, error: None }),
            subscribers: Mutex::new(Vec::new()),
        });
        let mut session = Session::new(&options.handbook, options.theme.as_deref());
        let started = Instant::now();
        let status = match session.full() {
            Ok(warnings) => {
                log(format!("built the site in {} ms{}", started.elapsed().as_millis(), warning_note(&warnings)));
                Status { generation: 1, error: None }
            }
            Err(diags) => {
                log(diags.to_text());
                Status { generation: 0, error: Some(diags.to_text()) }
            }
        };
        shared.serve(&session);
        shared.publish(status);

        let (tx, rx) = mpsc::channel();
        let mut watched = vec![options.handbook.clone()];
        watched.extend(options.theme.clone());
        let watcher = watch::watch(&watched, options.poll, tx)?;
        let rebuild_shared = Arc::clone(&shared);
        let rebuild_log = Arc::clone(&log);
        thread::spawn(move || rebuild_loop(&rx, session, &options, &rebuild_shared, &rebuild_log));

        for _ in 0..2 {
            let http = Arc::clone(&http);
            let shared = Arc::clone(&shared);
            thread::spawn(move || {
                for request in http.incoming_requests() {
                    http::respond(request, &shared);
                }
            });
        }
        Ok(Server { addr, http, _watcher: watcher })
    }

    /// Where the server listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting requests.
    pub fn stop(self) {
        self.http.unblock();
        self.http.unblock();
    }
}

/// A search index being built on another thread: the build, when it
/// started, and [`Session::full_builds`] when it was prepared.
type IndexBuild = (thread::JoinHandle<(Vec<OutputFile>, Diagnostics)>, Instant, u64);

/// How often the rebuild loop looks at search indexes being built.
const INDEX_POLL: Duration = Duration::from_millis(50);

/// Rebuilds on every burst of changes until the watcher is gone. After a page
/// edit has been rebuilt and the open pages told to reload, its book's search
/// index is rebuilt on another thread. A newer edit of the same book replaces
/// that build (its result would be stale), and a full build discards them all.
fn rebuild_loop(rx: &Receiver<PathBuf>, mut session: Session, options: &ServeOptions, shared: &Shared, log: &Log) {
    let mut indexing: HashMap<usize, IndexBuild> = HashMap::new();
    loop {
        let paths = match watch::next_batch(rx, (!indexing.is_empty()).then_some(INDEX_POLL)) {
            watch::Next::Closed => return,
            watch::Next::Quiet => {
                let finished: Vec<usize> =
                    indexing.iter().filter(|(_, (job, ..))| job.is_finished()).map(|(b, _)| *b).collect();
                for b in finished {
                    let (job, started, full_builds) = indexing.remove(&b).expect("listed above");
                    match job.join() {
                        Ok(_) if full_builds != session.full_builds() => {}
                        Ok((files, diags)) if !diags.has_errors() => {
                            session.insert(files);
                            shared.serve(&session);
                            log(format!("updated the search index in {} ms", started.elapsed().as_millis()));
                        }
                        Ok((_, diags)) => log(diags.to_text()),
                        Err(_) => log("the search index could not be rebuilt".to_string()),
                    }
                }
                continue;
            }
            watch::Next::Batch(paths) => paths,
        };
        let changes: Vec<_> = paths
            .iter()
            .filter_map(|p| watch::classify(p, &options.handbook, options.theme.as_deref(), &session))
            .collect();
        for change in watch::plan(changes) {
            let started = Instant::now();
            let generation = shared.status.lock().expect("status lock").generation;
            match session.apply(&change) {
                Ok(warnings) => {
                    shared.serve(&session);
                    log(format!(
                        "rebuilt ({change:?}) in {} ms{}",
                        started.elapsed().as_millis(),
                        warning_note(&warnings)
                    ));
                    shared.publish(Status { generation: generation + 1, error: None });
                }
                Err(diags) => {
                    log(diags.to_text());
                    shared.publish(Status { generation, error: Some(diags.to_text()) });
                }
            }
        }
        // The open pages have reloaded; now what they do not show.
        if let Some(follow_up) = session.follow_up() {
            if follow_up.diags.has_errors() {
                log(follow_up.diags.to_text());
            }
            shared.serve(&session);
            for (b, index) in follow_up.indexes {
                let job = thread::spawn(move || {
                    let mut diags = Diagnostics::default();
                    let files = index.build(&mut diags).map(|(files, _)| files).unwrap_or_default();
                    (files, diags)
                });
                indexing.insert(b, (job, Instant::now(), follow_up.full_builds));
            }
        }
    }
}

fn warning_note(warnings: &crate::Diagnostics) -> String {
    match warnings.warning_count() {
        0 => String::new(),
        n => format!(" ({n} warnings; `folio check` lists them)"),
    }
}
