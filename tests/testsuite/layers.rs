//! The library's stages flow one way: no module of `src/` imports a module
//! of its own layer or of a higher one, so there is no import cycle and a
//! newcomer can change a stage knowing only the layers below it (issue 13).
//! The layers, lowest first, are listed in `LAYERS` and drawn in
//! ARCHITECTURE.md.

use std::collections::BTreeSet;
use std::path::Path;

use crate::util::repo;

/// Top-level modules of `src/` by layer, lowest first. `lib` is the crate
/// root's entry points (`crate::load`, `crate::build`, …).
const LAYERS: [&[&str]; 11] = [
    &["diagnostic", "site"],
    &["yaml"],
    &["markdown", "config"],
    &["handbook"],
    &["content", "index"],
    &["diff", "integrity"],
    &["status"],
    &["render"],
    &["output"],
    &["lib"],
    &["serve"],
];

/// The binary's modules: they use the library as `folio::`, from outside.
const BINARY: [&str; 3] = ["main", "cli", "cmd"];

/// Macros exported at the crate root (`crate::tr!`) and the module defining each.
const MACROS: [(&str, &str); 1] = [("tr", "diagnostic")];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// Every `crate::<name>` a source file names outside comments.
fn imports(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            names.insert(name);
        }
    }
    names
}

#[test]
fn stages_import_only_lower_layers() {
    let src = repo().join("src");
    let mut edges = Vec::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().map(|e| e.unwrap()) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_string_lossy();
        let module = Path::new(&*first).file_stem().unwrap().to_string_lossy().to_string();
        if BINARY.contains(&module.as_str()) {
            continue;
        }
        let own =
            layer(&module).unwrap_or_else(|| panic!("src/{} is in no layer: add `{module}` to LAYERS", rel.display()));
        for name in imports(&std::fs::read_to_string(path).unwrap()) {
            // A name that is no module of src/ is an item of the crate root,
            // except the macros modules export there (`tr!`, from `diagnostic`).
            let target = if src.join(format!("{name}.rs")).exists() || src.join(&name).is_dir() {
                name
            } else {
                MACROS.iter().find(|(m, _)| *m == name).map_or("lib".into(), |(_, module)| module.to_string())
            };
            if target == module {
                continue;
            }
            let theirs = layer(&target).unwrap_or_else(|| panic!("`{target}` is in no layer: add it to LAYERS"));
            if theirs >= own {
                edges.push(format!(
                    "src/{} ({module}, layer {own}) imports crate::{target} (layer {theirs})",
                    rel.display()
                ));
            }
        }
    }
    assert!(edges.is_empty(), "imports that go up or across layers:\n{}", edges.join("\n"));
}

// The check sees what it must: a made-up upward import is caught.
#[test]
fn the_layer_check_finds_imports() {
    let found = imports("use crate::render::Theme;\n// crate::serve in a comment\nlet x = crate::diff::compare(a);");
    assert_eq!(found, BTreeSet::from(["render".to_string(), "diff".to_string()]));
}
