//! `folio init DIR`: a new, minimal bilingual handbook to start from: one
//! edition in Spanish (the source language) and English, a cover and one
//! chapter with one section, every translation recorded, so that
//! `folio check --strict` passes at once. Only an empty (or new) folder is
//! written to, and no file is ever overwritten.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use folio::content::content_hash;
use folio::{tr, Diagnostic, Diagnostics};

use crate::cli::InitArgs;

const MANIFEST: &str = "\
# The handbook manifest. Languages: the first is the source language, the
# others are translations. Versions (editions): newest first; exactly one is
# `current`. `folio edition new ID` starts the next edition as a draft.
# El manifiesto del manual. Idiomas: el primero es el de origen; los demás son
# traducciones. Versiones (ediciones): de la más nueva a la más antigua; una
# sola es `current` (vigente). `folio edition new ID` inicia la próxima edición.
title:
  es: Nuevo manual
  en: New handbook
languages: [es, en]
versions:
  - id: \"1\"
    label:
      es: Primera edición
      en: First edition
    status: current
";

/// Each page: its id and, in Spanish (the source) then in English, its
/// file, its other front matter and its body.
type Page = (&'static str, [(&'static str, &'static str, &'static str); 2]);

const PAGES: [Page; 3] = [
    (
        "portada",
        [
            (
                "1/es/_index.md",
                "title: Nuevo manual\nsummary: Para qué sirve este manual y a quién está dirigido.",
                "Escriba aquí la presentación del manual: su propósito, a quién está dirigido y cómo usarlo.\n\nEmpiece por [el primer capítulo](@introduccion).\n",
            ),
            (
                "1/en/_index.md",
                "title: New handbook\nsummary: What this handbook is for and who it is for.",
                "Write the handbook's introduction here: its purpose, who it is for and how to use it.\n\nStart with [the first chapter](@introduccion).\n",
            ),
        ],
    ),
    (
        "introduccion",
        [
            (
                "1/es/introduccion/_index.md",
                "title: Introducción\nweight: 10",
                "Cada capítulo es una carpeta con un archivo `_index.md`, como este, y una página por sección.\n",
            ),
            (
                "1/en/introduction/_index.md",
                "title: Introduction\nweight: 10",
                "Each chapter is a folder with an `_index.md` file, like this one, and one page per section.\n",
            ),
        ],
    ),
    (
        "primeros-pasos",
        [
            (
                "1/es/introduccion/primeros-pasos.md",
                "title: Primeros pasos\nweight: 10",
                "Las páginas se escriben en Markdown. Un enlace a otra página usa su id: [volver a la portada](@portada).\n\n## Traducciones\n\nCuando una traducción esté al día con el original, regístrelo con `folio translated`.\n",
            ),
            (
                "1/en/introduction/getting-started.md",
                "title: Getting started\nweight: 10",
                "Pages are written in Markdown. A link to another page uses its id: [back to the cover](@portada).\n\n## Translations\n\nWhen a translation is up to date with the original, record it with `folio translated`.\n",
            ),
        ],
    ),
];

pub(crate) fn execute(args: InitArgs) -> ExitCode {
    match write_handbook(&args.dir) {
        Ok(()) => {
            let dir = args.dir.display();
            outln!(
                "{}",
                tr!(
                    "wrote a new handbook into {dir}: check it with `folio check --handbook {dir}`, preview it with `folio serve --handbook {dir}`",
                    "se escribió un manual nuevo en {dir}: revíselo con `folio check --handbook {dir}` y véalo con `folio serve --handbook {dir}`"
                )
            );
            ExitCode::SUCCESS
        }
        Err(diag) => {
            let mut diags = Diagnostics::default();
            diags.push(*diag);
            eprint!("{}", diags.to_text());
            ExitCode::FAILURE
        }
    }
}

/// Writes the manifest and the pages into `dir`, which must be empty or
/// not exist yet.
fn write_handbook(dir: &Path) -> Result<(), Box<Diagnostic>> {
    let io_error = |path: &Path, err: std::io::Error| {
        Box::new(Diagnostic::error(
            "io",
            path,
            tr!("cannot write the new handbook: {err}", "no se puede escribir el manual nuevo: {err}"),
        ))
    };
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Box::new(
                    Diagnostic::error("init", dir, tr!("the folder is not empty", "la carpeta no está vacía")).hint(
                        tr!(
                            "name a new or empty folder: `folio init` never overwrites anything",
                            "indique una carpeta nueva o vacía: `folio init` nunca sobrescribe nada"
                        ),
                    ),
                ));
            }
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(|err| io_error(dir, err))?;
        }
        Err(err) => {
            let problem = tr!("cannot use this folder: {err}", "no se puede usar esta carpeta: {err}");
            let hint = tr!("name a new or empty folder", "indique una carpeta nueva o vacía");
            return Err(Box::new(Diagnostic::error("init", dir, problem).hint(hint)));
        }
    }
    let mut files = vec![("folio.yaml", MANIFEST.to_string())];
    for (id, [source, translation]) in PAGES {
        let page = |(rel, front_matter, body): (&'static str, &str, &str), recorded: String| {
            (rel, format!("---\nid: {id}\n{front_matter}{recorded}\n---\n\n{body}"))
        };
        files.push(page(source, String::new()));
        files.push(page(translation, format!("\nsource_hash: {}", content_hash(source.2))));
    }
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|err| io_error(parent, err))?;
        }
        let mut file =
            std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(|err| io_error(&path, err))?;
        file.write_all(text.as_bytes()).map_err(|err| io_error(&path, err))?;
    }
    Ok(())
}
