//! Answers one HTTP request of the preview: a site file from memory (HTML
//! gets the live-reload script), the live-reload script, or the stream of
//! build statuses. Paths are decoded and checked before the lookup.

use std::io::Write;
use std::sync::mpsc;
use std::sync::Arc;

use tiny_http::{Header, Request, Response, StatusCode};

use super::{Shared, Status};

const LIVE_JS: &str = include_str!("live.js");
const LIVE_TAG: &str = "<script src=\"/__folio/live.js\"></script>";

pub(super) fn respond(request: Request, shared: &Arc<Shared>) {
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or_default();
    match path {
        "/__folio/events" => return events(request, shared),
        "/__folio/live.js" => return send(request, 200, "text/javascript; charset=utf-8", LIVE_JS.as_bytes().to_vec()),
        _ => {}
    }
    let Some(rel) = site_path(path) else {
        return send(request, 400, "text/plain; charset=utf-8", b"bad request: the path leaves the site\n".to_vec());
    };
    let files = shared.files.read().expect("files lock");
    let found = files.get(&rel).or_else(|| files.get(&format!("{rel}/index.html")));
    let Some(bytes) = found else {
        drop(files);
        let page = format!("<!doctype html><title>Not found</title><p>No page at <code>{}</code>.</p><p><a href=\"/index.html\">Home</a></p>{LIVE_TAG}", crate::markdown::escape(path));
        return send(request, 404, "text/html; charset=utf-8", page.into_bytes());
    };
    let content_type = content_type(&rel);
    let body = if content_type.starts_with("text/html") { inject(bytes) } else { bytes.to_vec() };
    drop(files);
    send(request, 200, content_type, body)
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
        rel = if rel.is_empty() { "index.html".into() } else { format!("{rel}/index.html") };
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

fn send(request: Request, code: u16, content_type: &str, body: Vec<u8>) {
    let header = Header::from_bytes("Content-Type", content_type).expect("valid header");
    let no_cache = Header::from_bytes("Cache-Control", "no-store").expect("valid header");
    let response =
        Response::from_data(body).with_status_code(StatusCode(code)).with_header(header).with_header(no_cache);
    let _ = request.respond(response);
}

/// Streams build statuses as server-sent events until the client leaves.
fn events(request: Request, shared: &Arc<Shared>) {
    let (tx, rx) = mpsc::channel::<Status>();
    let current = shared.status.lock().expect("status lock").clone();
    shared.subscribers.lock().expect("subscribers lock").push(tx);
    std::thread::spawn(move || {
        let mut writer = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
        if writer.write_all(head.as_bytes()).is_err() {
            return;
        }
        for status in std::iter::once(current).chain(rx) {
            let data = serde_json::to_string(&status).expect("status serializes");
            if writer
                .write_all(format!("event: status\ndata: {data}\n\n").as_bytes())
                .and_then(|()| writer.flush())
                .is_err()
            {
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::site_path;

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
}
