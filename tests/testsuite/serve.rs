//! The live preview: pages served from memory, reload events after an edit,
//! the error overlay's status and the last good page kept on a broken edit,
//! recovery, narrow rebuilds, and paths that try to leave the site; and the
//! HTTP hardening of issue 12: redirects of folders without their slash,
//! nosniff, 405, the Host check, HTTP/1.0 keep-alive, idle connections, the
//! header limit, and threads that do not grow with live-reload connections;
//! and what it tells the editor after a save (issue 14): what was rebuilt,
//! in words, and the warnings the save created or cleared, above all a
//! translation it made outdated.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use folio::serve::{BuildStatus, ServeOptions, Server};

use crate::util::{copy_dir, fixture, scratch};

/// Status code, lowercased head and body of a GET.
fn get(addr: SocketAddr, path: &str) -> (u16, String, String) {
    text_body(get_bytes(addr, path))
}

/// [`get`] with the body as bytes (the search index files are UTF-16).
fn get_bytes(addr: SocketAddr, path: &str) -> (u16, String, Vec<u8>) {
    exchange_bytes(addr, &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
}

/// A response with its body read as UTF-8 text.
fn text_body((code, head, body): (u16, String, Vec<u8>)) -> (u16, String, String) {
    (code, head, String::from_utf8_lossy(&body).into_owned())
}

/// A connection to the event stream.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(addr: SocketAddr) -> Events {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(stream, "GET /__folio/events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        Events(BufReader::new(stream))
    }

    /// The next status event.
    fn next(&mut self) -> BuildStatus {
        let mut line = String::new();
        loop {
            line.clear();
            assert!(self.0.read_line(&mut line).unwrap() > 0, "the event stream ended");
            if let Some(data) = line.strip_prefix("data: ") {
                return serde_json::from_str(data.trim()).unwrap();
            }
        }
    }

    /// Waits for a status that satisfies `pred`.
    fn until(&mut self, what: &str, pred: impl Fn(&BuildStatus) -> bool) -> BuildStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            let status = self.next();
            if pred(&status) {
                return status;
            }
        }
    }
}

/// Polls `path` until its body satisfies `ok`: one save can reach the
/// watcher as several batches, so statuses and content are not in lockstep.
fn eventually(addr: SocketAddr, path: &str, ok: impl Fn(&str) -> bool) {
    eventually_bytes(addr, path, |body| ok(&String::from_utf8_lossy(body)));
}

/// [`eventually`] over the body's bytes.
fn eventually_bytes(addr: SocketAddr, path: &str, ok: impl Fn(&[u8]) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ok(&get_bytes(addr, path).2) {
        assert!(Instant::now() < deadline, "{path} never reached the expected content");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Waits until the search index served at `path` finds `word`.
fn eventually_found(addr: SocketAddr, path: &str, word: &str) {
    eventually_bytes(addr, path, |js| {
        let blob = folio_search::unpack_js(js).unwrap();
        !folio_search::open_index(&blob).unwrap().search(word, 5).rows.is_empty()
    });
}

/// Saves a file the way editors do: a temporary file renamed over the
/// original, so the watcher never sees it half-written.
fn save(path: &std::path::Path, text: &str) {
    let tmp = path.with_extension("md.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn start(handbook: PathBuf) -> Server {
    let options = ServeOptions { handbook, theme: None, host: "127.0.0.1".into(), port: 0, poll: false };
    Server::start(options, Arc::new(|_| {})).unwrap()
}

#[test]
fn edit_reload_break_and_recover() {
    let dir = scratch("serve").join("handbook");
    copy_dir(&fixture("site/basic"), &dir);
    let server = start(dir.clone());
    let addr = server.addr();

    let (code, head, body) = get(addr, "/v2/es/definicion.html");
    assert_eq!(code, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"), "{head}");
    assert!(body.contains("<h1><span class=\"title-num\">1.1</span> Definición de la trata</h1>"));
    assert!(body.contains("<script src=\"/__folio/live.js\"></script></body>"), "the live-reload script is injected");
    assert!(get(addr, "/assets/folio.css").1.contains("content-type: text/css"));
    assert!(get(addr, "/search/engine.js").1.contains("content-type: text/javascript"));
    assert!(get(addr, "/__folio/live.js").2.contains("EventSource"));
    // The pages register the site's service worker; the preview's removes
    // itself rather than cache what is being edited (and is no 404).
    let (code, head, worker) = get(addr, "/sw.js");
    assert_eq!(code, 200);
    assert!(head.contains("content-type: text/javascript") && worker.contains("unregister()"), "{head}{worker}");

    let mut events = Events::open(addr);
    let first = events.next();
    assert_eq!(first.error, None);

    // An edit to one page: a reload event, then the new text is served.
    let page = dir.join("v2/es/delito/definicion.md");
    let original = std::fs::read_to_string(&page).unwrap();
    save(&page, &format!("{original}\nUn párrafo recién añadido sobre la zarzaparrilla.\n"));
    let after_edit = events.until("the rebuild after an edit", |s| s.generation > first.generation);
    assert_eq!(after_edit.error, None);
    eventually(addr, "/v2/es/definicion.html", |body| body.contains("Un párrafo recién añadido"));
    // After the reload, the book's print page and search index follow.
    eventually(addr, "/v2/es/print.html", |body| body.contains("zarzaparrilla"));
    eventually_found(addr, "/search/index-v2-es.js", "zarzaparrilla");
    // Edits to two books in quick succession: both indexes catch up.
    let english = dir.join("v2/en/crime/definition.md");
    let english_text = std::fs::read_to_string(&english).unwrap();
    save(&page, &format!("{original}\nUn párrafo recién añadido sobre la zarzaparrilla y el ornitorrinco.\n"));
    save(&english, &format!("{english_text}\nA paragraph about the platypus.\n"));
    eventually_found(addr, "/search/index-v2-es.js", "ornitorrinco");
    eventually_found(addr, "/search/index-v2-en.js", "platypus");
    save(&english, &english_text);

    // Broken front matter: an error status, and the last good page is still served.
    save(&page, &original.replacen("title: Definición de la trata", "title: [", 1));
    let broken = events.until("the error status", |s| s.error.is_some());
    let error = broken.error.unwrap();
    assert!(error.contains("definicion.md:3"), "{error}");
    assert!(get(addr, "/v2/es/definicion.html").2.contains("Un párrafo recién añadido"));

    // Fixed: a new generation without error.
    save(&page, &original);
    let fixed = events.until("recovery", |s| s.error.is_none());
    assert!(fixed.generation > broken.generation, "recovery is a new generation; a failed build is not");
    eventually(addr, "/v2/es/definicion.html", |body| !body.contains("Un párrafo recién añadido"));

    // An edit to a revised section reaches its redline against the older edition.
    let revised = dir.join("v2/es/delito/consentimiento.md");
    let text = std::fs::read_to_string(&revised).unwrap();
    save(&revised, &format!("{text}\nUna frase nueva sobre el xilófono.\n"));
    eventually(addr, "/v2/es/changes-v1-consentimiento.html", |body| body.contains("xilófono"));
    save(&revised, &text);
    eventually(addr, "/v2/es/changes-v1-consentimiento.html", |body| !body.contains("xilófono"));

    // A changed title reaches the navigation of the other pages of the edition.
    let other = dir.join("v2/es/delito/consentimiento.md");
    let text = std::fs::read_to_string(&other).unwrap();
    save(&other, &text.replace("title: Consentimiento", "title: Consentimiento revisado"));
    events.until("the rebuild after a title change", |s| s.generation > fixed.generation);
    eventually(addr, "/v2/es/definicion.html", |body| body.contains("Consentimiento revisado</a>"));
    server.stop();
}

#[test]
fn paths_outside_the_site_are_refused() {
    let server = start(fixture("site/basic"));
    let addr = server.addr();
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/Cargo.toml",
        "/..%2f..%2fCargo.toml",
        "/assets/..%5c..%5cCargo.toml",
        "/v2/../../../Cargo.toml",
    ] {
        let (code, _, body) = get(addr, path);
        assert_ne!(code, 200, "{path} was served");
        assert!(!body.contains("[package]"), "{path} leaked a file");
    }
    let (code, _, body) = get(addr, "/nothing-here.html");
    assert_eq!(code, 404);
    assert!(body.contains("nothing-here.html"));
    server.stop();
}

/// Sends `request` as is and reads the answer the way clients find its end:
/// by its `Content-Length` if the connection stays open (for an HTTP/1.0
/// request, only if the answer says `Connection: keep-alive`), otherwise when
/// the server closes it. Status code, lowercased head, body; panics if the
/// server leaves the client waiting.
fn exchange(addr: SocketAddr, request: &str) -> (u16, String, String) {
    text_body(exchange_bytes(addr, request))
}

/// [`exchange`] with the body as bytes.
fn exchange_bytes(addr: SocketAddr, request: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let is_head = request.starts_with("HEAD ");
    let http10 = request.lines().next().is_some_and(|l| l.ends_with("HTTP/1.0"));
    let mut raw = Vec::new();
    let mut buf = [0; 8192];
    loop {
        let (code, head, body) = split_response(&raw);
        let persistent =
            if http10 { head.contains("\r\nconnection: keep-alive") } else { !head.contains("\r\nconnection: close") };
        let length = head.lines().find_map(|l| l.strip_prefix("content-length: ")).and_then(|n| n.parse().ok());
        if code != 0 && persistent && length.is_some_and(|n: usize| is_head || body.len() >= n) {
            return (code, head, body);
        }
        match stream.read(&mut buf) {
            Ok(0) => return (code, head, body),
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) => {
                let body = String::from_utf8_lossy(&body);
                panic!("the server left the client waiting ({e}); got so far:\n{head}\r\n\r\n{body}")
            }
        }
    }
}

/// Status code (0 until the head is complete), lowercased head and body.
fn split_response(raw: &[u8]) -> (u16, String, Vec<u8>) {
    let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") else { return (0, String::new(), Vec::new()) };
    let head = String::from_utf8_lossy(&raw[..at]);
    let code = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (code, head.to_lowercase(), raw[at + 4..].to_vec())
}

// Issue 12, failure 15: a folder named without its slash is redirected to
// it (query kept), not served as an octet-stream whose relative links break.
#[test]
fn issue12_folder_without_slash_redirects() {
    let server = start(fixture("site/basic"));
    let addr = server.addr();
    let (code, head, _) = get(addr, "/v2/es?q=trata");
    assert_eq!(code, 301, "{head}");
    assert!(head.contains("\r\nlocation: /v2/es/?q=trata\r\n"), "{head}");
    let (code, head, _) = get(addr, "/v2/es");
    assert_eq!(code, 301, "{head}");
    assert!(head.contains("\r\nlocation: /v2/es/\r\n"), "{head}");
    let (code, head, body) = get(addr, "/v2/es/");
    assert_eq!(code, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"), "{head}");
    assert!(body.contains("__folio/live.js"));
    server.stop();
}

// Every answer tells the browser not to guess content types.
#[test]
fn issue12_every_answer_says_nosniff() {
    let server = start(fixture("site/basic"));
    let addr = server.addr();
    for path in ["/", "/assets/folio.css", "/__folio/live.js", "/nothing-here.html", "/v2/es", "/../x"] {
        let (_, head, _) = get(addr, path);
        assert!(head.contains("\r\nx-content-type-options: nosniff"), "{path}: {head}");
    }
    server.stop();
}

// Only GET and HEAD are answered; HEAD gets the headers without the body.
#[test]
fn issue12_other_methods_get_405() {
    let server = start(fixture("site/basic"));
    let addr = server.addr();
    for method in ["POST", "PUT", "DELETE"] {
        let request =
            format!("{method} / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        let (code, head, _) = exchange(addr, &request);
        assert_eq!(code, 405, "{method}: {head}");
        assert!(head.contains("\r\nallow: get, head"), "{method}: {head}");
    }
    let (code, _, page) = get(addr, "/");
    assert_eq!(code, 200);
    let (code, head, body) = exchange(addr, "HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assert_eq!(code, 200, "{head}");
    assert!(head.contains(&format!("content-length: {}", page.len())), "{head}");
    assert_eq!(body, "", "HEAD sends no body");
    server.stop();
}

// DNS rebinding: a page on another site that points its name at 127.0.0.1
// must not read the preview. Its requests name that site as the host.
#[test]
fn issue12_foreign_host_names_are_refused() {
    let server = start(fixture("site/basic"));
    let addr = server.addr();
    let request = |host: &str| format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    let (code, _, body) = exchange(addr, &request("evil.example"));
    assert_eq!(code, 421);
    assert!(body.contains("localhost") && !body.contains("<html"), "{body}");
    assert_eq!(exchange(addr, &request(&format!("evil.example:{}", addr.port()))).0, 421);
    for host in [format!("localhost:{}", addr.port()), format!("127.0.0.1:{}", addr.port())] {
        let (code, _, body) = exchange(addr, &request(&host));
        assert_eq!(code, 200, "{host}");
        assert!(body.contains("__folio/live.js"), "{host}");
    }
    server.stop();
}

// Issue 12, failure 9 (`ab -k`): an HTTP/1.0 request asking for keep-alive
// gets an answer whose end the client can find: a length it was told to
// rely on (`Connection: keep-alive`), or the connection closed.
#[test]
fn issue12_http10_keep_alive_gets_a_complete_answer() {
    let server = start(fixture("site/basic"));
    let addr = server.addr();
    let (_, _, page) = get(addr, "/");
    let (code, head, body) = exchange(addr, "GET / HTTP/1.0\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n");
    assert_eq!(code, 200);
    assert_eq!(body, page);
    if head.contains("\r\nconnection: keep-alive") {
        assert!(head.contains(&format!("content-length: {}", page.len())), "{head}");
    }
    server.stop();
}

// Idle connections, silent or stuck in the middle of their headers, do not
// keep the server from answering others.
#[test]
fn issue12_idle_connections_do_not_block_new_ones() {
    let server = start(fixture("site/basic"));
    let addr = server.addr();
    let mut idle = Vec::new();
    for i in 0..300 {
        let mut stream = TcpStream::connect(addr).unwrap();
        if i % 2 == 0 {
            write!(stream, "GET / HTTP/1.1\r\nHost: local").unwrap();
        }
        idle.push(stream);
    }
    let (code, _, body) = exchange(addr, "GET /v2/es/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assert_eq!(code, 200);
    assert!(body.contains("__folio/live.js"));
    drop(idle);
    server.stop();
}

/// `folio serve` run as a child process, to count its threads and memory.
#[cfg(target_os = "linux")]
struct Child {
    process: std::process::Child,
    addr: SocketAddr,
}

#[cfg(target_os = "linux")]
impl Child {
    fn start(handbook: &std::path::Path) -> Child {
        use std::process::Stdio;
        let mut process = crate::util::folio_command()
            .args(["serve", "--port", "0", "--handbook"])
            .arg(handbook)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(process.stderr.take().unwrap()).lines();
        let addr = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|line| Some(line.split_once("http://")?.1.split_once('/')?.0.parse().unwrap()))
            .expect("folio serve said where it listens");
        // Keep reading, so that the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Child { process, addr }
    }

    fn status(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.process.id())).unwrap();
        let line = status.lines().find_map(|l| l.strip_prefix(field)).unwrap();
        line.split_whitespace().next().unwrap().parse().unwrap()
    }

    fn threads(&self) -> u64 {
        self.status("Threads:")
    }

    fn rss_kib(&self) -> u64 {
        self.status("VmRSS:")
    }
}

#[cfg(target_os = "linux")]
impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

// Issue 12, failure 16: live-reload connections take no thread each, and a
// closed one leaves nothing behind (it used to keep its thread until the
// next rebuild).
#[cfg(target_os = "linux")]
#[test]
fn issue12_live_reload_connections_do_not_pile_up_threads() {
    let server = Child::start(&fixture("site/basic"));
    let before = server.threads();
    let mut open: Vec<Events> = (0..200).map(|_| Events::open(server.addr)).collect();
    for events in &mut open {
        events.next();
    }
    let while_open = server.threads();
    drop(open);
    let deadline = Instant::now() + Duration::from_secs(20);
    while server.threads() > before + 4 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let after = server.threads();
    assert!(while_open <= before + 4, "200 open event streams took {} threads", while_open - before);
    assert!(after <= before + 4, "{before} threads before, {after} after the event streams closed");
}

// Issue 12, failure 9: a request whose headers never end is cut off at the
// header limit (431 or the connection closed), without the server holding
// what it was sent (20 such requests of 20 MB took 360 MB).
#[cfg(target_os = "linux")]
#[test]
fn issue12_oversized_headers_are_refused() {
    let server = Child::start(&fixture("site/basic"));
    let before = server.rss_kib();
    let chunk = vec![b'a'; 64 * 1024];
    let mut held = Vec::new();
    for _ in 0..8 {
        let mut stream = TcpStream::connect(server.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(stream, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ").unwrap();
        // 16 MB, or until the server stops listening.
        let _ = (0..256).try_for_each(|_| stream.write_all(&chunk));
        let mut answer = Vec::new();
        match stream.read_to_end(&mut answer) {
            Ok(_) => {
                let answer = String::from_utf8_lossy(&answer);
                assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 431"), "{answer}");
            }
            Err(e) => {
                assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "the server kept the request open: {e}")
            }
        }
        held.push(stream);
    }
    let grown_mib = server.rss_kib().saturating_sub(before) / 1024;
    assert!(grown_mib < 32, "the server grew by {grown_mib} MiB");
}

/// Builds what [`Session::follow_up`] leaves to the server (print pages at
/// once, search indexes here rather than on another thread).
fn settle(session: &mut folio::serve::session::Session) {
    if let Some(follow_up) = session.follow_up() {
        assert!(!follow_up.diags.has_errors(), "{}", follow_up.diags.to_text());
        for (_, index) in follow_up.indexes {
            let mut diags = folio::Diagnostics::default();
            let (files, _) = index.build(&mut diags).expect("the index builds");
            session.insert(files);
        }
    }
}

/// Asserts that the preview serves exactly what a fresh build of `dir` makes.
fn assert_same_as_fresh_build(session: &folio::serve::session::Session, dir: &std::path::Path, after: &str) {
    let mut fresh = folio::serve::session::Session::new(dir, None);
    fresh.full().unwrap_or_else(|d| panic!("{}", d.to_text()));
    let mut served: Vec<&String> = session.files.keys().collect();
    let mut built: Vec<&String> = fresh.files.keys().collect();
    served.sort();
    built.sort();
    assert_eq!(served, built, "after {after}: the preview serves other files than a build makes");
    for (path, bytes) in &fresh.files {
        if session.files[path] != *bytes {
            let (a, b) = (String::from_utf8_lossy(&session.files[path]), String::from_utf8_lossy(bytes));
            let at = a.bytes().zip(b.bytes()).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
            let around = |t: &str| t.get(at.saturating_sub(200)..(at + 200).min(t.len())).unwrap_or("").to_string();
            panic!(
                "after {after}: the preview's {path} differs from a fresh build's:\n{}\n---\n{}",
                around(&a),
                around(&b)
            );
        }
    }
}

/// A copy of the basic fixture (its folder) and a preview session built from it.
fn session_on_basic(name: &str) -> (PathBuf, folio::serve::session::Session) {
    let dir = scratch(name).join("handbook");
    copy_dir(&fixture("site/basic"), &dir);
    let mut session = folio::serve::session::Session::new(&dir, None);
    session.full().unwrap_or_else(|d| panic!("{}", d.to_text()));
    (dir, session)
}

// Issue 13: edits in the preview go through the load stage, so after any
// sequence of edits (body, title of a page other languages show as a
// placeholder, weight, a recorded translation outdated and brought up to
// date again, a new page, a deleted page) the preview serves, byte for
// byte, what a fresh build of the same handbook makes.
#[test]
fn the_preview_after_edits_equals_a_fresh_build() {
    use folio::serve::session::ChangeKind;
    let (dir, mut session) = session_on_basic("preview-edits");
    let stages = dir.join("v2/es/proceso/etapas.md");
    let consent = dir.join("v2/es/delito/consentimiento.md");
    let replace = |path: &std::path::Path, from: &str, to: &str| {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "{from} not in {}", path.display());
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    };
    type Edit<'a> = Box<dyn Fn() -> ChangeKind + 'a>;
    let edits: [(&str, Edit<'_>); 9] = [
        (
            "a body edit",
            Box::new(|| {
                replace(&consent, "Texto revisado", "Texto revisado, corregido y ampliado");
                ChangeKind::Page(consent.clone())
            }),
        ),
        (
            "a title edit of an untranslated section",
            Box::new(|| {
                replace(&stages, "title: Etapas del proceso", "title: Las etapas del proceso penal");
                ChangeKind::Page(stages.clone())
            }),
        ),
        (
            "a title edit of an untranslated chapter",
            Box::new(|| {
                let chapter = dir.join("v2/es/proceso/_index.md");
                let text = std::fs::read_to_string(&chapter).unwrap();
                let title = text.lines().find(|l| l.starts_with("title:")).unwrap().to_string();
                std::fs::write(&chapter, text.replacen(&title, "title: Proceso penal, revisado", 1)).unwrap();
                ChangeKind::ChapterIndex(chapter)
            }),
        ),
        (
            "a weight edit",
            Box::new(|| {
                replace(&consent, "weight: 20", "weight: 5");
                ChangeKind::Page(consent.clone())
            }),
        ),
        (
            "a translation recorded with its source text",
            Box::new(|| {
                let english = dir.join("v2/en/crime/consent.md");
                folio::content::translated::Recorder::new(&dir).unwrap().record(&english).unwrap();
                ChangeKind::Structure
            }),
        ),
        (
            "a source edit that outdates it",
            Box::new(|| {
                replace(&consent, "corregido", "corregido otra vez");
                ChangeKind::Page(consent.clone())
            }),
        ),
        (
            "undoing that edit",
            Box::new(|| {
                replace(&consent, "corregido otra vez", "corregido");
                ChangeKind::Page(consent.clone())
            }),
        ),
        (
            "a new page",
            Box::new(|| {
                let text = "---\nid: plazos-nuevos\ntitle: Plazos nuevos\nweight: 30\n---\nTexto nuevo.\n";
                std::fs::write(dir.join("v2/es/proceso/plazos.md"), text).unwrap();
                ChangeKind::Structure
            }),
        ),
        (
            "a deleted page",
            Box::new(|| {
                std::fs::remove_file(dir.join("v2/es/proceso/plazos.md")).unwrap();
                ChangeKind::Structure
            }),
        ),
    ];
    for (what, edit) in &edits {
        let change = edit();
        session.apply(&change).unwrap_or_else(|d| panic!("{what}: {}", d.to_text()));
        settle(&mut session);
        assert_same_as_fresh_build(&session, &dir, what);
    }
    let english = String::from_utf8_lossy(&session.files["v2/en/index.html"]).to_string();
    assert!(english.contains("Las etapas del proceso penal"), "the English contents show the new title");
}

// Issue 14: a save of a source page names in words what was rebuilt, says
// that it makes the English translation outdated and prints that warning in
// full; undoing the edit says the translation is no longer outdated.
#[test]
fn a_save_that_outdates_a_translation_says_so() {
    use folio::serve::session::ChangeKind;
    let (dir, mut session) = session_on_basic("serve-outdates");
    let source = dir.join("v2/es/delito/definicion.md");
    let original = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, original.replace("Texto introductorio", "Texto introductorio revisado")).unwrap();
    let rebuilt = session.apply(&ChangeKind::Page(source.clone())).unwrap_or_else(|d| panic!("{}", d.to_text()));
    let report = rebuilt.to_text(7);
    let mut lines = report.lines();
    assert_eq!(
        lines.next(),
        Some("v2/es chapter 1, section 1 \"Definición de la trata\": page and translation (7 ms)")
    );
    assert_eq!(lines.next(), Some("  this change makes the English translation outdated: v2/en/crime/definition.md"));
    assert_eq!(
        lines.next(),
        Some(
            "warning[outdated-translation]: the source page {} changed since this translation was made"
                .replace("{}", &source.display().to_string())
                .as_str()
        )
    );
    assert!(report.contains("= hint: update the translation, then run `folio translated"), "in full:\n{report}");
    assert_eq!(rebuilt.created.len(), 1, "only the warning the save created:\n{report}");
    assert!(rebuilt.cleared.is_empty(), "{report}");
    assert_eq!(
        rebuilt.translations[0].es(),
        "este cambio deja desactualizada la traducción al inglés: v2/en/crime/definition.md"
    );

    std::fs::write(&source, &original).unwrap();
    let rebuilt = session.apply(&ChangeKind::Page(source.clone())).unwrap_or_else(|d| panic!("{}", d.to_text()));
    let report = rebuilt.to_text(7);
    assert_eq!(
        report,
        "v2/es chapter 1, section 1 \"Definición de la trata\": page and translation (7 ms)\n  \
         the English translation is no longer outdated: v2/en/crime/definition.md"
    );
    assert!(rebuilt.created.is_empty() && rebuilt.cleared.len() == 1, "{report}");

    // An edit that changes no warning (the page's missing translation stands) says only what was rebuilt.
    let untranslated = dir.join("v2/es/proceso/etapas.md");
    let text = std::fs::read_to_string(&untranslated).unwrap();
    std::fs::write(&untranslated, format!("{text}\nOtra frase.\n")).unwrap();
    let rebuilt = session.apply(&ChangeKind::Page(untranslated)).unwrap_or_else(|d| panic!("{}", d.to_text()));
    assert_eq!(rebuilt.to_text(3), "v2/es chapter 2, section 1 \"Etapas del proceso\": page and translation (3 ms)");

    // A chapter page rebuilds its edition, and says so.
    let chapter = dir.join("v2/es/delito/_index.md");
    let rebuilt = session.apply(&ChangeKind::ChapterIndex(chapter)).unwrap_or_else(|d| panic!("{}", d.to_text()));
    assert!(
        rebuilt.to_text(1).starts_with("v2/es chapter 1 \"")
            && rebuilt.to_text(1).contains("\": the whole edition (1 ms)"),
        "{}",
        rebuilt.to_text(1)
    );
}

// The server prints that report after a save (not the change's debug form).
#[test]
fn the_server_tells_the_editor_what_a_save_did() {
    let dir = scratch("serve-log").join("handbook");
    copy_dir(&fixture("site/basic"), &dir);
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = Arc::clone(&lines);
    let options = ServeOptions { handbook: dir.clone(), theme: None, host: "127.0.0.1".into(), port: 0, poll: false };
    let server = Server::start(options, Arc::new(move |line| sink.lock().unwrap().push(line))).unwrap();
    let source = dir.join("v2/es/delito/definicion.md");
    let original = std::fs::read_to_string(&source).unwrap();
    save(&source, &original.replace("Texto introductorio", "Texto introductorio revisado"));
    let deadline = Instant::now() + Duration::from_secs(20);
    let said = |what: &str| lines.lock().unwrap().iter().any(|l| l.contains(what));
    while !said("this change makes the English translation outdated: v2/en/crime/definition.md") {
        assert!(Instant::now() < deadline, "never said so:\n{}", lines.lock().unwrap().join("\n"));
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(said("v2/es chapter 1, section 1 \"Definición de la trata\": page and translation ("));
    assert!(!said("rebuilt ("), "{}", lines.lock().unwrap().join("\n"));
    server.stop();
}
