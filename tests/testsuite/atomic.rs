//! A failed build leaves the previous site byte-for-byte as it was.

use std::collections::BTreeMap;
use std::path::Path;

use crate::util::{fixture, scratch, write_handbook};

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.strip_prefix(dir).unwrap().display().to_string(), std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn failed_build_leaves_previous_site_untouched() {
    let root = scratch("atomic");
    let out = root.join("site");
    let good =
        folio::BuildOptions { handbook: fixture("site/basic"), out: out.clone(), theme: None, zip: None, force: false };
    folio::build(&good).expect("the fixture builds");
    let before = snapshot(&out);
    assert!(before.len() > 10);
    let bad = folio::BuildOptions { handbook: fixture("errors/broken-link"), ..good.clone() };
    assert!(matches!(folio::build(&bad), Err(folio::BuildError::Content(_))));
    assert_eq!(snapshot(&out), before, "the previous site changed");
    let leftovers: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, ["site"], "no staging folders are left behind");
}

// A successful rebuild replaces the site entirely: files of the previous
// build that this one does not make disappear.
#[test]
fn successful_build_replaces_the_site() {
    let root = scratch("replace");
    let out = root.join("site");
    let options = |handbook| folio::BuildOptions { handbook, out: out.clone(), theme: None, zip: None, force: false };
    folio::build(&options(fixture("site/basic"))).unwrap();
    assert!(out.join("v2/es/definicion.html").exists());
    write_handbook(&root.join("small"), &[]);
    folio::build(&options(root.join("small"))).unwrap();
    assert!(!out.join("v2/es/definicion.html").exists(), "a page of the previous build is left");
    assert!(out.join("v1/es/index.html").exists());
}
