//! Answers one HTTP request of the preview: a site file from memory (HTML
//! gets the live-reload script), the live-reload script, or the stream of
//! build statuses. Only GET and HEAD are answered, and only for the host
//! names the preview runs under (a web page cannot reach it by pointing its
//! own name at 127.0.0.1, "DNS rebinding"). Paths are decoded and checked
//! before the lookup; a folder named without its slash is redirected to it,
//! so that the page's relative links resolve.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::Bytes;
use http_body_util::{Either, Full};
use hyper::body::{Frame, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use tokio::sync::watch;

use super::{BuildStatus, Shared};
use crate::diagnostic::tr;
use crate::diagnostic::MessageLang;
use crate::site::{INDEX, SERVICE_WORKER};

const LIVE_JS: &str = include_str!("live.js");
const LIVE_TAG: &str = "<script src=\"/__folio/live.js\"></script>";
/// The preview's `sw.js`: the pages register the site's service worker
/// (`folio build` writes it), but a preview must never be cached, so this
/// one only removes itself, and any worker a built site left on this origin.
const PREVIEW_WORKER: &str = "self.addEventListener('install', function () { self.skipWaiting(); });\n\
self.addEventListener('activate', function () { self.registration.unregister(); });\n";

/// A response body: a whole file, or the endless stream of build statuses.
pub(super) type Body = Either<Full<Bytes>, Events>;

/// The host names the preview answers to, with no port or its own port.
pub(super) struct Hosts {
    names: Vec<String>,
    port: u16,
}

impl Hosts {
    /// The loopback names, and `host` (the address given to `--host`).
    pub(super) fn new(host: &str, port: u16) -> Hosts {
        let host = host.to_ascii_lowercase();
        let host = if host.contains(':') && !host.starts_with('[') { format!("[{host}]") } else { host };
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]"].map(String::from).into();
        if !names.contains(&host) {
            names.push(host);
        }
        Hosts { names, port }
    }

    /// Whether a request naming `host` (`name` or `name:port`) is answered.
    fn allow(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        let (name, port) = match host.rsplit_once(':') {
            // `[::1]` alone has colons but no port.
            Some((name, port)) if !name.starts_with('[') || name.ends_with(']') => (name, Some(port)),
            _ => (host.as_str(), None),
        };
        self.names.iter().any(|n| n == name) && port.is_none_or(|p| p.parse() == Ok(self.port))
    }
}

pub(super) fn respond(request: &Request<Incoming>, shared: &Shared) -> Response<Body> {
    let mut response = route(request, shared);
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

fn route(request: &Request<Incoming>, shared: &Shared) -> Response<Body> {
    // Browsers always name the host, so a request without one is no rebinding attack.
    let host = request
        .uri()
        .authority()
        .map(|a| a.as_str())
        .or_else(|| request.headers().get(header::HOST).map(|h| h.to_str().unwrap_or("(not text)")));
    if let Some(host) = host.filter(|h| !shared.hosts.allow(h)) {
        let port = shared.hosts.port;
        let message = tr!(
            "this preview only answers to localhost, not to {host}; open http://localhost:{port}/\n",
            "esta vista previa solo responde a localhost, no a {host}; abra http://localhost:{port}/\n"
        );
        return text(StatusCode::MISDIRECTED_REQUEST, message.to_string());
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let message = tr!("the preview only answers GET and HEAD\n", "la vista previa solo responde a GET y HEAD\n");
        let mut response = text(StatusCode::METHOD_NOT_ALLOWED, message.to_string());
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let path = request.uri().path();
    if path.strip_prefix('/') == Some(SERVICE_WORKER) {
        return file(StatusCode::OK, content_type(".js"), full(PREVIEW_WORKER));
    }
    match path {
        "/__folio/events" => {
            let events = Events::new(shared.status.subscribe());
            return file(StatusCode::OK, "text/event-stream", Either::Right(events));
        }
        "/__folio/live.js" => return file(StatusCode::OK, content_type(".js"), full(live_js())),
        _ => {}
    }
    let Some(rel) = site_path(path) else {
        let message = tr!("bad request: the path leaves the site\n", "petición incorrecta: la ruta sale del sitio\n");
        return text(StatusCode::BAD_REQUEST, message.to_string());
    };
    let files = shared.files.read().expect("files lock");
    if let Some(bytes) = files.get(&rel) {
        let content_type = content_type(&rel);
        let body = if content_type.starts_with("text/html") {
            Bytes::from(inject(bytes))
        } else {
            Bytes::from_owner(std::sync::Arc::clone(bytes))
        };
        return file(StatusCode::OK, content_type, Either::Left(Full::new(body)));
    }
    if files.contains_key(&format!("{rel}/{INDEX}")) {
        let query = request.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
        let location = format!("/{}/{query}", path.trim_start_matches('/'));
        let mut response =
            text(StatusCode::MOVED_PERMANENTLY, tr!("moved to {location}\n", "movido a {location}\n").to_string());
        let location = HeaderValue::try_from(location).expect("built from a valid request path and query");
        response.headers_mut().insert(header::LOCATION, location);
        return response;
    }
    drop(files);
    let (lang, path) = (MessageLang::current().code(), crate::markdown::escape(path));
    let page = tr!(
        "<!doctype html><html lang=\"{lang}\"><title>Not found</title><p>No page at <code>{path}</code>.</p><p><a href=\"/{INDEX}\">Home</a></p>{LIVE_TAG}",
        "<!doctype html><html lang=\"{lang}\"><title>No encontrada</title><p>No hay ninguna página en <code>{path}</code>.</p><p><a href=\"/{INDEX}\">Inicio</a></p>{LIVE_TAG}"
    );
    file(StatusCode::NOT_FOUND, content_type(".html"), full(page.to_string()))
}

/// The site-relative path a URL path names, or `None` if it tries to leave
/// the site (`..`, backslashes, NUL, after percent-decoding).
pub(super) fn site_path(url_path: &str) -> Option<String> {
    let decoded = percent_decode(url_path)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let mut rel = parts.join("/");
    if rel.is_empty() || decoded.ends_with('/') {
        rel = if rel.is_empty() { INDEX.into() } else { format!("{rel}/{INDEX}") };
    }
    Some(rel)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub(super) fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn inject(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{LIVE_TAG}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{LIVE_TAG}").into_bytes(),
    }
}

/// The preview script, its error overlay's title in the editor's language.
fn live_js() -> String {
    let title = tr!(
        "Folio: the last change did not build; this page shows the last good version.",
        "Folio: el último cambio no se pudo compilar; esta página muestra la última versión correcta."
    );
    let title = serde_json::to_string(&title.to_string()).expect("a string serializes");
    LIVE_JS.replace("\"{{overlay_title}}\"", &title)
}

fn full(body: impl Into<Bytes>) -> Body {
    Either::Left(Full::new(body.into()))
}

fn text(status: StatusCode, message: String) -> Response<Body> {
    file(status, content_type(".txt"), full(message))
}

fn file(status: StatusCode, content_type: &'static str, body: Body) -> Response<Body> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// Waits for the next status; `None` once the server has stopped.
type NextStatus = Pin<Box<dyn Future<Output = Option<watch::Receiver<BuildStatus>>> + Send>>;

/// The server-sent events of one open page: the current build status, then
/// every new one. It lives as long as the connection: when the page goes
/// away, the server notices the closed socket and drops it.
pub(super) struct Events {
    current: Option<BuildStatus>,
    next: NextStatus,
}

impl Events {
    fn new(mut statuses: watch::Receiver<BuildStatus>) -> Events {
        let current = statuses.borrow_and_update().clone();
        Events { current: Some(current), next: Self::wait(statuses) }
    }

    fn wait(mut statuses: watch::Receiver<BuildStatus>) -> NextStatus {
        Box::pin(async move { statuses.changed().await.ok().map(|()| statuses) })
    }

    fn frame(status: &BuildStatus) -> Frame<Bytes> {
        let data = serde_json::to_string(status).expect("status serializes");
        Frame::data(Bytes::from(format!("event: status\ndata: {data}\n\n")))
    }
}

impl hyper::body::Body for Events {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        if let Some(status) = this.current.take() {
            return Poll::Ready(Some(Ok(Self::frame(&status))));
        }
        let Some(mut statuses) = ready!(this.next.as_mut().poll(cx)) else { return Poll::Ready(None) };
        let status = statuses.borrow_and_update().clone();
        this.next = Self::wait(statuses);
        Poll::Ready(Some(Ok(Self::frame(&status))))
    }
}

#[cfg(test)]
mod tests {
    use super::{live_js, site_path, Hosts};

    // The overlay's title is filled in (English unless the binary chose Spanish).
    #[test]
    fn the_overlay_title_is_filled_in() {
        let js = live_js();
        assert!(!js.contains("overlay_title"), "{js}");
        assert!(js.contains("title.textContent = \"Folio: the last change did not build; this page shows"), "{js}");
    }

    // Every way of writing `..` is refused; ordinary paths map to files.
    #[test]
    fn paths_cannot_leave_the_site() {
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/a/..%2f..%2fCargo.toml",
            "/a%5c..%5cCargo.toml",
            "/%2E%2E/x",
            "/x%00.html",
            "/%zz",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/2025/es/").as_deref(), Some("2025/es/index.html"));
        assert_eq!(site_path("/2025/es/a%C3%B1o.html").as_deref(), Some("2025/es/año.html"));
    }

    // Loopback names and the address given are answered, with no port or the
    // server's own; other names, other ports and look-alikes are not.
    #[test]
    fn only_the_previews_own_host_names_are_answered() {
        let hosts = Hosts::new("127.0.0.1", 3000);
        for good in ["localhost", "LOCALHOST:3000", "127.0.0.1:3000", "[::1]", "[::1]:3000"] {
            assert!(hosts.allow(good), "{good}");
        }
        for bad in
            ["evil.example", "evil.example:3000", "localhost:3001", "localhost.evil.example", "[::1", "x@localhost"]
        {
            assert!(!hosts.allow(bad), "{bad}");
        }
        assert!(Hosts::new("192.168.1.5", 80).allow("192.168.1.5"));
        assert!(Hosts::new("::", 80).allow("[::]:80"));
        assert!(!Hosts::new("127.0.0.1", 80).allow("192.168.1.5"));
    }
}
