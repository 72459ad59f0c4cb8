//! Walks whole built sites and resolves every `href` and `src`: each must be
//! relative, name a file (never a folder), exist, and its fragment must be
//! an id in the target page.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::util::{build_fixture, real_site, urls};

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

/// Returns a description of every bad link in the site.
fn bad_links(site: &Path) -> Vec<String> {
    let mut files = Vec::new();
    html_files(site, &mut files);
    let mut texts: HashMap<PathBuf, String> = HashMap::new();
    for f in &files {
        texts.insert(f.canonicalize().unwrap(), std::fs::read_to_string(f).unwrap());
    }
    let mut bad = Vec::new();
    for file in &files {
        let text = &texts[&file.canonicalize().unwrap()];
        for url in urls(text) {
            if url.starts_with("https://") || url.starts_with("http://") || url.starts_with("mailto:") {
                continue;
            }
            let (path, fragment) = url.split_once('#').map_or((url.as_str(), None), |(p, f)| (p, Some(f)));
            if path.starts_with('/') || path.contains(':') || path.ends_with('/') {
                bad.push(format!("{}: `{url}` is absolute or a folder", file.display()));
                continue;
            }
            let target = if path.is_empty() { file.clone() } else { file.parent().unwrap().join(path) };
            let Ok(target) = target.canonicalize() else {
                bad.push(format!("{}: `{url}` does not exist", file.display()));
                continue;
            };
            if !target.starts_with(site.canonicalize().unwrap()) {
                bad.push(format!("{}: `{url}` leaves the site", file.display()));
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let Some(target_text) = texts.get(&target) else {
                    bad.push(format!("{}: `{url}` has a fragment but is not a page", file.display()));
                    continue;
                };
                if !target_text.contains(&format!(" id=\"{fragment}\"")) {
                    bad.push(format!("{}: `{url}`: no id `{fragment}` in the target", file.display()));
                }
            }
        }
    }
    bad
}

// Every link of the fixture site resolves.
#[test]
fn fixture_site_links_resolve() {
    let site = build_fixture("basic");
    let bad = bad_links(&site);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

// The bundled handbook builds without errors, and every link of its site resolves.
#[test]
fn real_handbook_builds_and_links_resolve() {
    let bad = bad_links(real_site());
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

// A book without a cover page still gets its contents page, so no link breaks.
#[test]
fn book_without_cover_links_resolve() {
    let handbook = crate::util::scratch("no-cover").join("handbook");
    crate::util::copy_dir(&crate::util::fixture("site/basic"), &handbook);
    std::fs::remove_file(handbook.join("v1/en/_index.md")).unwrap();
    let site = crate::util::build(&handbook, "no-cover-site");
    assert!(site.join("v1/en/index.html").is_file());
    let bad = bad_links(&site);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
