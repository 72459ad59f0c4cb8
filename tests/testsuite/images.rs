//! Images and attachments (issue 14, point 1): files relative to the page,
//! the shared `assets/` folder and the translations' fallback to the
//! source language's file; hashed output names, sizes, lazy loading; the
//! print page, manifest and zip; SVG only through `<img>`; located errors;
//! redlines that show a redrawn image; the preview after an image is edited.

use std::path::Path;

use folio::{Diagnostic, Severity};

use crate::util::{build, copy_dir, fixture, read, scratch, write_handbook};

/// Every `<img …>` tag of a page.
fn img_tags(html: &str) -> Vec<&str> {
    html.match_indices("<img ").map(|(at, _)| &html[at..at + html[at..].find('>').unwrap() + 1]).collect()
}

/// The value of `name="…"` in a tag.
fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    let start = tag.find(&format!(" {name}=\"")).unwrap_or_else(|| panic!("no {name} in {tag}")) + name.len() + 3;
    &tag[start..start + tag[start..].find('"').unwrap()]
}

/// The `<img>` whose alt text is `alt`.
fn img_with_alt<'a>(html: &'a str, alt: &str) -> &'a str {
    img_tags(html).into_iter().find(|t| attr(t, "alt") == alt).unwrap_or_else(|| panic!("no image `{alt}`"))
}

/// The site file an image or link of a book page points to.
fn target(site: &Path, url: &str) -> std::path::PathBuf {
    site.join("2025/es").join(url)
}

#[test]
fn images_are_copied_once_under_hashed_names_with_their_size() {
    let site = build(&fixture("images"), "images");
    let page = read(&site, "2025/es/proceso.html");
    let handbook = fixture("images");
    for (alt, source, size) in [
        ("Flujo del proceso", "2025/es/proceso/img/flujo.png", ("3", "2")),
        ("Etapas del proceso penal", "2025/es/proceso/etapas.svg", ("640", "200")),
        ("Escudo", "assets/escudo.gif", ("1", "1")),
    ] {
        let tag = img_with_alt(&page, alt);
        let src = attr(tag, "src");
        let name = Path::new(source).file_name().unwrap().to_string_lossy();
        let hash = src.strip_prefix("../../media/").and_then(|s| s.strip_suffix(&format!("/{name}"))).unwrap();
        assert!(hash.len() == 8 && hash.chars().all(|c| c.is_ascii_hexdigit()), "{src}");
        assert_eq!(std::fs::read(target(&site, src)).unwrap(), std::fs::read(handbook.join(source)).unwrap());
        assert_eq!((attr(tag, "width"), attr(tag, "height")), size, "{tag}");
        assert_eq!(attr(tag, "loading"), "lazy");
    }
    // One copy per distinct file, however many pages and editions use it.
    let detail = read(&site, "2025/es/detalle.html");
    assert_eq!(
        attr(img_with_alt(&detail, "Flujo del proceso"), "src"),
        attr(img_with_alt(&page, "Flujo del proceso"), "src")
    );
    let media: Vec<_> = walkdir::WalkDir::new(site.join("media"))
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_file())
        .collect();
    // flujo.png of 2011, of 2025 es and en; etapas.svg; escudo.gif; the form.
    assert_eq!(media.len(), 6, "{media:?}");
}

#[test]
fn a_translation_uses_its_own_image_or_the_source_languages() {
    let site = build(&fixture("images"), "images-translation");
    let (es, en) = (read(&site, "2025/es/proceso.html"), read(&site, "2025/en/process.html"));
    let own = attr(img_with_alt(&en, "Flow of the process"), "src");
    assert_ne!(own, attr(img_with_alt(&es, "Flujo del proceso"), "src"), "en has its own flujo.png");
    assert_eq!(
        std::fs::read(site.join("2025/en").join(own)).unwrap(),
        std::fs::read(fixture("images/2025/en/process/img/flujo.png")).unwrap()
    );
    assert_eq!(attr(img_with_alt(&en, "Flow of the process"), "width"), "4");
    // No etapas.svg beside the English page: the Spanish page's file.
    let fallback = attr(img_with_alt(&en, "Stages of the criminal process"), "src");
    assert_eq!(fallback, attr(img_with_alt(&es, "Etapas del proceso penal"), "src"));
}

#[test]
fn svg_is_only_referenced_never_inlined() {
    let site = build(&fixture("images"), "images-svg");
    for page in ["2025/es/proceso.html", "2025/en/process.html", "2025/es/print.html"] {
        let html = read(&site, page);
        assert!(!html.contains("alert(\"svg\")") && !html.contains("<svg"), "{page} inlines the SVG");
        assert!(img_tags(&html).iter().any(|t| attr(t, "src").ends_with("/etapas.svg")), "{page}");
    }
    // The file is copied as it is, and the check warns about its script.
    let svg = std::fs::read_to_string(fixture("images/2025/es/proceso/etapas.svg")).unwrap();
    assert!(svg.contains("<script>"));
    let diags = folio::check(&fixture("images"), None);
    let warning = diags.iter().find(|d| d.code == "svg-script").expect("a warning for the script");
    assert_eq!((warning.severity, warning.line), (Severity::Warning, 10));
}

// Raw HTML is sanitized (the author's `<img>` goes), the page's own images stay.
#[test]
fn images_survive_the_sanitizer_and_raw_img_does_not() {
    let site = build(&fixture("images"), "images-raw-html");
    let detail = read(&site, "2025/es/detalle.html");
    assert_eq!(img_tags(&detail).len(), 2, "{:?}", img_tags(&detail));
    assert!(!detail.contains("rastreo") && !detail.contains("onerror"));
    assert!(detail.contains("<b>negrita</b>"));
}

#[test]
fn attachments_keep_their_name_under_a_hashed_folder() {
    let site = build(&fixture("images"), "images-attachment");
    let page = read(&site, "2025/es/proceso.html");
    let at = page.find("formulario de anticipo</a>").unwrap();
    let href = &page[page[..at].rfind("href=\"").unwrap() + 6..];
    let href = &href[..href.find('"').unwrap()];
    assert!(href.starts_with("../../media/") && href.ends_with("/formulario-de-anticipo.pdf"), "{href}");
    let source = fixture("images/2025/es/proceso/formularios/Formulario de Anticipo.pdf");
    assert_eq!(std::fs::read(target(&site, href)).unwrap(), std::fs::read(source).unwrap());
}

#[test]
fn print_page_manifest_and_zip_hold_the_files() {
    let out = scratch("images-zip");
    let zip = out.join("manual.zip");
    let options = folio::BuildOptions {
        handbook: fixture("images"),
        out: out.join("site"),
        theme: None,
        zip: Some(zip.clone()),
        force: false,
    };
    folio::build(&options).unwrap();
    let site = out.join("site");
    let print = read(&site, "2025/es/print.html");
    let src = attr(img_with_alt(&print, "Etapas del proceso penal"), "src").to_string();
    let media = src.strip_prefix("../../").unwrap();
    let (manifest, report) = folio::integrity::verify(&site).unwrap();
    assert!(report.is_clean(), "{report:?}");
    assert!(manifest.files.contains_key(media), "{media} is in the manifest");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    assert!(archive.by_name(media).is_ok(), "{media} is in the zip");
    // A changed image is caught by verify.
    std::fs::write(site.join(media), "<svg/>").unwrap();
    assert_eq!(folio::integrity::verify(&site).unwrap().1.modified, [media]);
}

// An image redrawn between editions, alt text unchanged: both redline views
// mark it deleted and inserted (the old and new content hashes as tooltips).
#[test]
fn redlines_show_a_redrawn_image() {
    let site = build(&fixture("images"), "images-redline");
    let html = read(&site, "2025/es/changes-2011-proceso.html");
    let image = |hash_of: &str| {
        let bytes = std::fs::read(fixture(hash_of)).unwrap();
        let hash = sha_prefix(&bytes);
        format!(
            "<span class=\"rl-link\" title=\"img/flujo.png · {hash}\"><span class=\"rl-image\">flujo.png</span></span>"
        )
    };
    let (old, new) = (image("images/2011/es/proceso/img/flujo.png"), image("images/2025/es/proceso/img/flujo.png"));
    for (view_start, view_end) in
        [("class=\"rl-inline", "class=\"rl-side-table"), ("class=\"rl-side-table", "</table>")]
    {
        let view = crate::util::region(&html, view_start, view_end);
        assert!(view.contains(&format!("suprimido: </span>{old}</del>")), "old image deleted in {view_start}");
        assert!(view.contains(&format!("añadido: </span>{new}</ins>")), "new image inserted in {view_start}");
    }
}

fn sha_prefix(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().take(4).map(|b| format!("{b:02x}")).collect()
}

/// The diagnostics of `folio check` on a handbook with one chapter page whose body is `body`,
/// plus `files` beside it.
fn check_chapter(name: &str, body: &str, files: &[(&str, &[u8])]) -> Vec<Diagnostic> {
    let dir = scratch(name);
    let page = format!("---\nid: cap\ntitle: Capítulo\n---\n{body}");
    write_handbook(&dir, &[("v1/es/cap/_index.md", &page)]);
    for (rel, bytes) in files {
        std::fs::write(dir.join("v1/es/cap").join(rel), bytes).unwrap();
    }
    folio::check(&dir, None)
        .iter()
        .filter(|d| d.file.ends_with("cap/_index.md") && d.code != "missing-translation")
        .cloned()
        .collect()
}

#[test]
fn image_and_file_errors_are_located() {
    let body = "![](falta.png)\n\n![Plano](plano.pdf)\n\n![Remota](https://example.com/x.png)\n\nVea el [Formulario](nada.docx).\n\n[Programa](setup.exe)\n\n![Fuera](../../../../secreto.png)\n\n![Rota](rota.png)\n";
    let diags = check_chapter("images-errors", body, &[("plano.pdf", b"%PDF"), ("rota.png", b"not a png")]);
    let found: Vec<(&str, usize, usize)> = diags.iter().map(|d| (d.code, d.line, d.column)).collect();
    assert_eq!(
        found,
        [
            ("image-alt", 5, 1),
            ("missing-image", 5, 1),
            ("unknown-file-type", 7, 1),
            ("remote-image", 9, 1),
            ("broken-link", 11, 8),
            ("unknown-file-type", 13, 1),
            ("missing-image", 15, 1),
            ("bad-image", 17, 1),
        ]
    );
    assert!(diags.iter().all(|d| d.severity == Severity::Error));
    let alt = &diags[0];
    assert!(alt.hint.as_ref().unwrap().en().contains("screen readers"), "an accessibility hint");
    assert!(alt.hint.as_ref().unwrap().es().contains("lectores de pantalla"));
    assert!(diags[6].message.en().contains("outside the handbook"), "{}", diags[6].message);
}

// An image that is a symbolic link is one error (discovery's, at the link),
// not a second one where a page uses it; the link is never followed.
#[test]
fn a_symlinked_image_is_one_error() {
    let dir = scratch("images-symlink");
    let page = "---\nid: cap\ntitle: Capítulo\n---\n![Enlace](enlace.png)\n";
    write_handbook(&dir, &[("v1/es/cap/_index.md", page)]);
    let secret = dir.join("secret.png");
    std::fs::write(&secret, b"not for the site").unwrap();
    std::os::unix::fs::symlink(&secret, dir.join("v1/es/cap/enlace.png")).unwrap();
    let diags = folio::check(&dir, None);
    let errors: Vec<(&str, String)> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.code, d.file.file_name().unwrap().to_string_lossy().into_owned()))
        .collect();
    assert_eq!(errors, [("symlink", "enlace.png".to_string())]);
}

#[test]
fn large_files_get_a_warning() {
    let mut big = std::fs::read(fixture("images/2025/es/proceso/img/flujo.png")).unwrap();
    big.resize(folio::assets::SIZE_WARNING + 1, 0);
    let diags = check_chapter("images-large", "Texto.\n\n![Plano grande](grande.png)\n", &[("grande.png", &big)]);
    let found: Vec<(&str, Severity, usize)> = diags.iter().map(|d| (d.code, d.severity, d.line)).collect();
    assert_eq!(found, [("large-file", Severity::Warning, 7)]);
}

// Editing an image while previewing: a rebuild, and the page shows the new file.
#[test]
fn the_preview_follows_an_edited_image() {
    use std::io::{Read, Write};
    let dir = scratch("images-serve").join("handbook");
    copy_dir(&fixture("images"), &dir);
    let options = folio::serve::ServeOptions {
        handbook: dir.clone(),
        theme: None,
        host: "127.0.0.1".into(),
        port: 0,
        poll: false,
    };
    let server = folio::serve::Server::start(options, std::sync::Arc::new(|_| {})).unwrap();
    let get = |path: &str| {
        let mut stream = std::net::TcpStream::connect(server.addr()).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let at = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        raw[at..].to_vec()
    };
    let src = |html: &[u8]| attr(img_with_alt(&String::from_utf8_lossy(html), "Flujo del proceso"), "src").to_string();
    let before = src(&get("/2025/es/detalle.html"));
    let image = dir.join("2025/es/proceso/img/flujo.png");
    std::fs::copy(fixture("images/2025/en/process/img/flujo.png"), &image).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let after = loop {
        let now = src(&get("/2025/es/detalle.html"));
        if now != before {
            break now;
        }
        assert!(std::time::Instant::now() < deadline, "the page never showed the edited image");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(get(&after.replacen("../../", "/", 1)), std::fs::read(&image).unwrap());
    server.stop();
}

// A folder in a chapter may hold its images; pages in one are still refused.
#[test]
fn chapter_folders_may_hold_files_but_not_pages() {
    let png = std::fs::read(fixture("images/2025/es/proceso/img/flujo.png")).unwrap();
    let dir = scratch("images-nested");
    write_handbook(&dir, &[("v1/es/cap/_index.md", "---\nid: cap\ntitle: Capítulo\n---\n![Flujo](img/flujo.png)\n")]);
    std::fs::create_dir_all(dir.join("v1/es/cap/img")).unwrap();
    std::fs::write(dir.join("v1/es/cap/img/flujo.png"), png).unwrap();
    let codes = |dir: &Path| folio::check(dir, None).iter().map(|d| d.code).collect::<Vec<_>>();
    assert!(!codes(&dir).contains(&"nested-folder"), "{:?}", codes(&dir));
    std::fs::write(dir.join("v1/es/cap/img/suelta.md"), "---\nid: suelta\ntitle: Suelta\n---\n").unwrap();
    assert!(codes(&dir).contains(&"nested-folder"));
}

// The build id (every page's footer, the manifest) changes with a file pages use.
#[test]
fn the_build_id_follows_the_files_pages_use() {
    let dir = scratch("images-build-id").join("handbook");
    copy_dir(&fixture("images"), &dir);
    let id = |name: &str| folio::integrity::verify(&build(&dir, name)).unwrap().0.build_id;
    let before = id("images-build-id-1");
    std::fs::write(dir.join("2025/es/proceso/formularios/Formulario de Anticipo.pdf"), "%PDF-1.7\n").unwrap();
    assert_ne!(id("images-build-id-2"), before);
}
