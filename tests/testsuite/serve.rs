//! The live preview: pages served from memory, reload events after an edit,
//! the error overlay's status and the last good page kept on a broken edit,
//! recovery, narrow rebuilds, and paths that try to leave the site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use folio::serve::{ServeOptions, Server, Status};

use crate::util::{copy_dir, fixture, scratch};

/// Status code, headers (lowercased names) and body of a raw GET.
fn get(addr: SocketAddr, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let code = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (code, head.to_lowercase(), body.to_string())
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
    fn next(&mut self) -> Status {
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
    fn until(&mut self, what: &str, pred: impl Fn(&Status) -> bool) -> Status {
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
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ok(&get(addr, path).2) {
        assert!(Instant::now() < deadline, "{path} never reached the expected content");
        std::thread::sleep(Duration::from_millis(50));
    }
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
    assert!(body.contains("<h1>Definición de la trata</h1>"));
    assert!(body.contains("<script src=\"/__folio/live.js\"></script></body>"), "the live-reload script is injected");
    assert!(get(addr, "/assets/folio.css").1.contains("content-type: text/css"));
    assert!(get(addr, "/search/engine.js").1.contains("content-type: text/javascript"));
    assert!(get(addr, "/__folio/live.js").2.contains("EventSource"));

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
    let finds = |js: &str, word: &str| {
        let blob = folio_search::unpack_js(js).unwrap();
        !folio_search::open_index(&blob).unwrap().search(word, 5).is_empty()
    };
    eventually(addr, "/search/index-v2-es.js", |js| finds(js, "zarzaparrilla"));
    // Edits to two books in quick succession: both indexes catch up.
    let english = dir.join("v2/en/crime/definition.md");
    let english_text = std::fs::read_to_string(&english).unwrap();
    save(&page, &format!("{original}\nUn párrafo recién añadido sobre la zarzaparrilla y el ornitorrinco.\n"));
    save(&english, &format!("{english_text}\nA paragraph about the platypus.\n"));
    eventually(addr, "/search/index-v2-es.js", |js| finds(js, "ornitorrinco"));
    eventually(addr, "/search/index-v2-en.js", |js| finds(js, "platypus"));
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
