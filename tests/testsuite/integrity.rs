//! The build manifest and `folio verify`; the zip package.

use std::io::Read;

use folio::integrity::{verify, ZIP_NOTE_NAME};

use crate::util::{build_fixture, copy_dir, fixture, scratch};

// An untouched site verifies; a modified, a deleted and an added file are each reported.
#[test]
fn verify_reports_modified_missing_and_extra_files() {
    let site = build_fixture("basic");
    let (manifest, report) = verify(&site).unwrap();
    assert!(report.is_clean(), "{report:?}");
    assert!(manifest.files.contains_key("v2/es/definicion.html"));
    assert_eq!(manifest.versions, ["v2", "v1"]);
    assert_eq!(manifest.build_id.len(), 10);

    std::fs::write(site.join("v2/es/definicion.html"), "tampered").unwrap();
    std::fs::remove_file(site.join("v1/es/antiguo.html")).unwrap();
    std::fs::write(site.join("v2/es/extra.html"), "added").unwrap();
    let (_, report) = verify(&site).unwrap();
    assert_eq!(report.modified, ["v2/es/definicion.html"]);
    assert_eq!(report.missing, ["v1/es/antiguo.html"]);
    assert_eq!(report.extra, ["v2/es/extra.html"]);
}

// The same sources give the same build id; a change to a page gives another.
#[test]
fn build_id_follows_the_sources() {
    let id = |site: &std::path::Path| verify(site).unwrap().0.build_id;
    let a = id(&build_fixture("basic"));
    assert_eq!(a, id(&build_fixture("basic")));
    let copy = scratch("build-id").join("handbook");
    copy_dir(&fixture("site/basic"), &copy);
    let page = copy.join("v2/es/delito/definicion.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text + "\nOtro párrafo.\n").unwrap();
    assert_ne!(a, id(&crate::util::build(&copy, "build-id-changed")));
}

/// Builds the basic fixture into `out/site` with `--zip out/handbook.zip`;
/// returns the zip's path.
fn build_zipped(out: &std::path::Path) -> std::path::PathBuf {
    let zip_path = out.join("handbook.zip");
    let options = folio::BuildOptions {
        handbook: fixture("site/basic"),
        out: out.join("site"),
        theme: None,
        zip: Some(zip_path.clone()),
        force: false,
    };
    folio::build(&options).unwrap();
    zip_path
}

// `--zip` packs every file of the site and a bilingual note at the root.
#[test]
fn zip_package_holds_the_site_and_a_note() {
    let zip_path = build_zipped(&scratch("zip"));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let names: Vec<String> = archive.file_names().map(|n| n.unwrap().to_string()).collect();
    for name in ["index.html", "v2/es/definicion.html", "search/engine.js", "folio-manifest.json", ZIP_NOTE_NAME] {
        assert!(names.iter().any(|n| n == name), "{name} missing from the zip");
    }
    let mut note = String::new();
    archive.by_name(ZIP_NOTE_NAME).unwrap().read_to_string(&mut note).unwrap();
    assert!(note.contains("index.html") && note.contains("ES:") && note.contains("EN:"), "{note}");
}

// Issue 14: a clean unzip of Folio's own package verifies, note included;
// an edited note is reported as modified.
#[test]
fn an_unzipped_package_verifies() {
    let out = scratch("unzip-verify");
    let zip_path = build_zipped(&out);
    let unzipped = out.join("unzipped");
    zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap().extract(&unzipped).unwrap();
    let (_, report) = verify(&unzipped).unwrap();
    assert!(report.is_clean(), "{report:?}");
    std::fs::write(unzipped.join(ZIP_NOTE_NAME), "edited").unwrap();
    let (_, report) = verify(&unzipped).unwrap();
    assert_eq!(report.modified, [ZIP_NOTE_NAME]);
}
