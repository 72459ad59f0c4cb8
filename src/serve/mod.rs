//! `folio serve`: a live preview for editors. The site is built into memory
//! and served over HTTP on loopback; the handbook (and a theme folder, if
//! given) is watched, each change is rebuilt as narrowly as it allows, and
//! open pages reload themselves through server-sent events, keeping their
//! scroll position. A failed rebuild keeps the last good site and shows the
//! errors over the page and in the terminal.
//!
//! Files are looked up by path in memory, so nothing outside the site can
//! ever be served; paths with `..` are refused before the lookup anyway.
//!
//! HTTP is hyper's, on a small tokio runtime of [`WORKERS`] threads, so that
//! no number of clients (keep-alive, idle or live-reload) adds threads.
//! A connection must send each request's headers within [`IDLE_TIMEOUT`]
//! (which also closes idle keep-alive connections), and its headers may take
//! at most [`MAX_HEADER_BYTES`].

mod http;
pub mod report;
pub mod session;
pub mod watch;

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context, Result};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use serde::{Deserialize, Serialize};
use tokio::net::{TcpListener, TcpSocket};
use tokio::runtime::Runtime;
use tokio::sync::watch as status_channel;

use crate::diagnostic::tr;
use crate::diagnostic::Diagnostics;
use crate::site::OutputFile;
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
pub struct BuildStatus {
    /// Increases with every successful build.
    pub generation: u64,
    /// The errors of the last build, if it failed.
    pub error: Option<String>,
}

/// Threads answering HTTP, however many clients there are.
pub const WORKERS: usize = 2;
/// How long a connection may take to send a request's headers, or stay idle between requests.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(10);
/// The most a request's headers may take (a larger one gets 431).
pub const MAX_HEADER_BYTES: usize = 64 * 1024;
/// Connections the system may queue before the server accepts them.
const BACKLOG: u32 = 1024;
/// How long to wait before accepting again when accepting fails (out of file descriptors).
const ACCEPT_RETRY: Duration = Duration::from_millis(100);

/// State shared by the HTTP tasks and the rebuild thread.
struct Shared {
    files: RwLock<Files>,
    /// The last status; every open page's event stream follows it.
    status: status_channel::Sender<BuildStatus>,
    hosts: http::Hosts,
}

impl Shared {
    /// Serves the session's files from now on.
    fn serve(&self, session: &Session) {
        *self.files.write().expect("files lock") = session.files.clone();
    }

    fn publish(&self, status: BuildStatus) {
        self.status.send_replace(status);
    }
}

/// A running preview server.
pub struct Server {
    addr: SocketAddr,
    runtime: Runtime,
    _watcher: watch::Watcher,
}

/// Receives one line per event worth telling the editor (builds, errors).
pub type Log = Arc<dyn Fn(String) + Send + Sync>;

impl Server {
    /// Builds the site, starts serving and watching. Returns once listening.
    pub fn start(mut options: ServeOptions, log: Log) -> Result<Server> {
        // The watcher reports absolute paths; compare them with absolute roots.
        options.handbook = std::fs::canonicalize(&options.handbook).map_err(|e| {
            let folder = options.handbook.display();
            anyhow!(tr!(
                "cannot open the handbook folder {folder}: {e}",
                "no se puede abrir la carpeta del manual {folder}: {e}"
            ))
        })?;
        if let Some(theme) = &options.theme {
            options.theme = Some(std::fs::canonicalize(theme).map_err(|e| {
                let folder = theme.display();
                anyhow!(tr!(
                    "cannot open the theme folder {folder}: {e}",
                    "no se puede abrir la carpeta del tema {folder}: {e}"
                ))
            })?);
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(WORKERS)
            .thread_name("folio-http")
            .enable_io()
            .enable_time()
            .build()
            .context(tr!("cannot start the HTTP threads", "no se pueden iniciar los hilos HTTP"))?;
        let listener = {
            let _context = runtime.enter();
            listen(&options.host, options.port).with_context(|| {
                let (host, port) = (&options.host, options.port);
                tr!("cannot listen on {host}:{port}", "no se puede escuchar en {host}:{port}")
            })?
        };
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            files: RwLock::new(Files::new()),
            status: status_channel::Sender::new(BuildStatus { generation: 0, error: None }),
            hosts: http::Hosts::new(&options.host, addr.port()),
        });
        let mut session = Session::new(&options.handbook, options.theme.as_deref());
        let started = Instant::now();
        let status = match session.full() {
            Ok(warnings) => {
                let ms = started.elapsed().as_millis();
                log(tr!("built the site in {ms} ms", "sitio compilado en {ms} ms").to_string());
                if warnings.warning_count() > 0 {
                    log(warnings.to_text_summarized().trim_end().to_string());
                }
                BuildStatus { generation: 1, error: None }
            }
            Err(diags) => {
                log(diags.to_text_summarized());
                BuildStatus { generation: 0, error: Some(diags.to_text_summarized()) }
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

        runtime.spawn(accept_loop(listener, shared));
        Ok(Server { addr, runtime, _watcher: watcher })
    }

    /// Where the server listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving: closes the listener and every connection.
    pub fn stop(self) {
        self.runtime.shutdown_background();
    }
}

/// Binds `host:port` (the first address `host` resolves to).
fn listen(host: &str, port: u16) -> Result<TcpListener> {
    let addr = (host, port)
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| anyhow!(tr!("{host} has no address", "{host} no tiene dirección")))?;
    let socket = if addr.is_ipv4() { TcpSocket::new_v4()? } else { TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    Ok(socket.listen(BACKLOG)?)
}

/// Serves every connection on its own task until the runtime stops.
async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(IDLE_TIMEOUT).max_buf_size(MAX_HEADER_BYTES);
    let http = Arc::new(http);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors: connections closing will free some.
                tokio::time::sleep(ACCEPT_RETRY).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        let http = Arc::clone(&http);
        tokio::spawn(async move {
            let service = service_fn(|request| {
                let response = http::respond(&request, &shared);
                async { Ok::<_, Infallible>(response) }
            });
            // A client that leaves or breaks the protocol ends its own connection only.
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
        });
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
                            let ms = started.elapsed().as_millis();
                            log(tr!(
                                "updated the search index in {ms} ms",
                                "índice de búsqueda actualizado en {ms} ms"
                            )
                            .to_string());
                        }
                        Ok((_, diags)) => log(diags.to_text_summarized()),
                        Err(_) => log(tr!(
                            "the search index could not be rebuilt",
                            "no se pudo volver a crear el índice de búsqueda"
                        )
                        .to_string()),
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
            let generation = shared.status.borrow().generation;
            match session.apply(&change) {
                Ok(rebuilt) => {
                    shared.serve(&session);
                    log(rebuilt.to_text(started.elapsed().as_millis()));
                    shared.publish(BuildStatus { generation: generation + 1, error: None });
                }
                Err(diags) => {
                    log(diags.to_text_summarized());
                    shared.publish(BuildStatus { generation, error: Some(diags.to_text_summarized()) });
                }
            }
        }
        // The open pages have reloaded; now what they do not show.
        if let Some(follow_up) = session.follow_up() {
            if follow_up.diags.has_errors() {
                log(follow_up.diags.to_text_summarized());
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
