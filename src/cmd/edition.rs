//! `folio edition new ID` and `folio edition publish ID`: start a draft
//! edition as a copy of an existing one, and publish it.
//!
//! `folio.yaml` is edited as text, never re-serialized, so the editors'
//! comments and layout stay as they were. Each edited text is parsed before
//! it is written, and must describe exactly the intended change; anything
//! else is refused with nothing touched. Nothing is ever overwritten: the
//! copy goes into a hidden folder that is renamed into place only when
//! complete, and `folio.yaml` is replaced by renaming a finished file.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use folio::config::{version_id_problem, Config, EditionStatus, Version};
use folio::content::translated::SNAPSHOT_DIR;
use folio::diagnostic::{did_you_mean, Text};
use folio::{tr, Diagnostic, Diagnostics};

use crate::cli::{EditionNewArgs, EditionPublishArgs};

/// `folio edition new ID [--from EDITION]`.
pub(crate) fn new(args: EditionNewArgs) -> ExitCode {
    finish(start_draft(&args.handbook, &args.id, args.from.as_deref()))
}

/// `folio edition publish ID`.
pub(crate) fn publish(args: EditionPublishArgs) -> ExitCode {
    finish(publish_draft(&args.handbook, &args.id))
}

/// Prints what was done, or why nothing was.
fn finish(result: Result<Vec<Text>, Diagnostics>) -> ExitCode {
    match result {
        Ok(lines) => {
            lines.iter().for_each(|line| outln!("{line}"));
            ExitCode::SUCCESS
        }
        Err(diags) => {
            eprint!("{}", diags.to_text());
            ExitCode::FAILURE
        }
    }
}

/// One error, as the failure of a command.
fn refuse(diag: Diagnostic) -> Diagnostics {
    let mut diags = Diagnostics::default();
    diags.push(diag);
    diags
}

/// The refusal to edit a `folio.yaml` laid out in a way Folio does not edit.
fn not_editable(path: &Path, message: Text) -> Diagnostics {
    refuse(Diagnostic::error("edition", path, message).hint(tr!(
        "write `versions:` as a block list, one `- id: …` item per edition, or make the change by hand",
        "escriba `versions:` como lista de bloques, un elemento `- id: …` por edición, o haga el cambio a mano"
    )))
}

/// `folio.yaml`: where it is, its text and what it says.
struct Manifest {
    path: PathBuf,
    text: String,
    config: Config,
}

impl Manifest {
    fn read(root: &Path) -> Result<Manifest, Diagnostics> {
        let path = root.join("folio.yaml");
        let text = std::fs::read_to_string(&path).map_err(|err| {
            refuse(
                Diagnostic::error(
                    "io",
                    &path,
                    tr!("cannot read the handbook manifest: {err}", "no se puede leer el manifiesto del manual: {err}"),
                )
                .hint(tr!(
                    "name the folder holding folio.yaml with `--handbook DIR`",
                    "indique la carpeta que contiene folio.yaml con `--handbook DIR`"
                )),
            )
        })?;
        let mut diags = Diagnostics::default();
        match Config::parse(&path, &text, &mut diags) {
            Some(config) => Ok(Manifest { path, text, config }),
            None => Err(diags),
        }
    }

    /// The edition `id`, or an error naming the editions there are.
    fn edition(&self, id: &str) -> Result<Version, Diagnostics> {
        self.config.find_version(id).ok_or_else(|| {
            let ids = self.config.versions.iter().map(|v| v.id.as_str());
            let known = ids.clone().collect::<Vec<_>>().join(", ");
            let hint = match did_you_mean(id, ids) {
                Some(meant) => tr!(
                    "did you mean `{meant}`? The editions are: {known}",
                    "¿quiso decir `{meant}`? Las ediciones son: {known}"
                ),
                None => tr!("the editions are: {known}", "las ediciones son: {known}"),
            };
            refuse(
                Diagnostic::error(
                    "edition",
                    &self.path,
                    tr!("no edition `{id}` in folio.yaml", "no hay ninguna edición `{id}` en folio.yaml"),
                )
                .hint(hint),
            )
        })
    }

    /// An error about edition `id`, at its item's first line.
    fn error_at(&self, id: &str, message: Text) -> Diagnostic {
        let diag = Diagnostic::error("edition", &self.path, message);
        match version_items(&self.text)
            .and_then(|items| items.into_iter().find(|item| item_id(&self.text[item.clone()]) == Some(id)))
        {
            Some(item) => diag.at(self.text[..item.start].matches('\n').count() + 1, 1).with_source_line(&self.text),
            None => diag,
        }
    }

    /// Parses `text`, the manifest as edited, and replaces it on disk if it
    /// describes what `intended` says the manifest should now be.
    fn replace(&self, text: &str, intended: &[EditionEntry]) -> Result<(), Diagnostics> {
        let mut diags = Diagnostics::default();
        let edited = Config::parse(&self.path, text, &mut diags);
        let as_intended = edited.is_some_and(|c| {
            entries(&c) == intended && c.title == self.config.title && c.languages == self.config.languages
        });
        if !as_intended {
            return Err(not_editable(
                &self.path,
                tr!(
                    "cannot edit folio.yaml safely: its layout is not the one Folio edits",
                    "no se puede editar folio.yaml con seguridad: su disposición no es la que Folio sabe editar"
                ),
            ));
        }
        let temporary = self.path.with_file_name(".folio.yaml.folio-new");
        let written = std::fs::write(&temporary, text).and_then(|()| std::fs::rename(&temporary, &self.path));
        written.map_err(|err| {
            let _ = std::fs::remove_file(&temporary);
            refuse(Diagnostic::error(
                "io",
                &self.path,
                tr!(
                    "cannot write the handbook manifest: {err}",
                    "no se puede escribir el manifiesto del manual: {err}"
                ),
            ))
        })
    }
}

/// What the commands may change of an edition in `folio.yaml`: its id,
/// labels and status, in order.
#[derive(Debug, PartialEq, Eq)]
struct EditionEntry {
    id: String,
    label: Vec<String>,
    status: EditionStatus,
}

fn entries(config: &Config) -> Vec<EditionEntry> {
    let entry =
        |v: &folio::config::VersionInfo| EditionEntry { id: v.id.clone(), label: v.label.clone(), status: v.status };
    config.versions.iter().map(entry).collect()
}

/// Copies edition `from` (the current one if `None`) into a new draft
/// edition `id`, listed first in `folio.yaml`.
fn start_draft(root: &Path, id: &str, from: Option<&str>) -> Result<Vec<Text>, Diagnostics> {
    let manifest = Manifest::read(root)?;
    let config = &manifest.config;
    let from = match from {
        Some(from) => manifest.edition(from)?,
        None => config.current_version(),
    };
    let from_id = &config.version(from).id;
    if config.find_version(id).is_some() {
        return Err(refuse(
            manifest.error_at(id, tr!("edition `{id}` already exists", "la edición `{id}` ya existe")).hint(tr!(
                "choose a new id for the new edition, e.g. the year it comes out",
                "elija un identificador nuevo para la nueva edición, por ejemplo el año en que se publica"
            )),
        ));
    }
    if let Some((message, hint)) = version_id_problem(id) {
        return Err(refuse(Diagnostic::error("edition", &manifest.path, message).hint(hint)));
    }
    let target = root.join(id);
    if target.symlink_metadata().is_ok() {
        return Err(refuse(
            Diagnostic::error(
                "edition",
                &target,
                tr!("the folder for edition `{id}` already exists", "la carpeta de la edición `{id}` ya existe"),
            )
            .hint(tr!(
                "choose another id, or move the folder out of the handbook",
                "elija otro identificador, o saque la carpeta del manual"
            )),
        ));
    }
    let labels: Vec<String> = config.languages.iter().map(|code| draft_label(code, id)).collect();
    let Some(text) = with_new_edition(&manifest.text, id, &config.languages, &labels) else {
        return Err(not_editable(
            &manifest.path,
            tr!(
                "cannot find the list of editions (`versions:`) in folio.yaml",
                "no se encuentra la lista de ediciones (`versions:`) en folio.yaml"
            ),
        ));
    };
    let files = copy_edition(&root.join(from_id), &root.join(format!(".{id}.folio-copy")), &target)?;
    // The source texts `folio translated` kept for the copied translations,
    // so the draft's outdated notices can show what changed since then.
    let snapshots = root.join(SNAPSHOT_DIR);
    let copied_snapshots = snapshots.join(from_id).is_dir().then(|| snapshots.join(id));
    if let Some(to) = &copied_snapshots {
        if let Err(diags) = copy_edition(&snapshots.join(from_id), &snapshots.join(format!(".{id}.folio-copy")), to) {
            let _ = std::fs::remove_dir_all(&target);
            return Err(diags);
        }
    }
    let mut intended = entries(config);
    intended.insert(0, EditionEntry { id: id.to_string(), label: labels, status: EditionStatus::Draft });
    if let Err(diags) = manifest.replace(&text, &intended) {
        // The folders are the ones made above: nothing else was there.
        let _ = std::fs::remove_dir_all(&target);
        if let Some(to) = copied_snapshots {
            let _ = std::fs::remove_dir_all(to);
        }
        return Err(diags);
    }
    let folder = target.display();
    Ok(vec![
        tr!(
            "started the draft edition `{id}` as a copy of `{from_id}`: {files} files in {folder}",
            "se inició la edición en borrador `{id}` como copia de `{from_id}`: {files} archivos en {folder}"
        ),
        tr!(
            "next: give it its labels in folio.yaml, preview it with `folio serve` (or `folio build --drafts`), and publish it with `folio edition publish {id}`",
            "a continuación: póngale sus etiquetas en folio.yaml, revísela con `folio serve` (o `folio build --drafts`) y publíquela con `folio edition publish {id}`"
        ),
    ])
}

/// The label a new draft edition gets in language `code`, to be replaced by
/// the editors.
fn draft_label(code: &str, id: &str) -> String {
    match code {
        "es" => format!("Edición {id} (borrador)"),
        _ => format!("{id} edition (draft)"),
    }
}

/// `text` with a block for a new draft edition inserted before the first
/// item of the top-level `versions:` list, indented as that item is; `None`
/// if the list is not a block list.
fn with_new_edition(text: &str, id: &str, languages: &[String], labels: &[String]) -> Option<String> {
    let items = version_items(text)?;
    let first = items.first()?.start;
    let indent = &text[first..][..text[first..].find('-')?];
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut block = format!("{indent}- id: \"{id}\"{eol}{indent}  label:{eol}");
    for (code, label) in languages.iter().zip(labels) {
        block.push_str(&format!("{indent}    {code}: \"{label}\"{eol}"));
    }
    block.push_str(&format!("{indent}  status: draft{eol}"));
    Some(format!("{}{block}{}", &text[..first], &text[first..]))
}

/// Copies the folder `from` into `staging`, a new hidden folder beside the
/// target (the build skips hidden folders), then renames it to `target`.
/// Returns the number of files copied. On failure, the staging folder is
/// removed and `target` is not made.
fn copy_edition(from: &Path, staging: &Path, target: &Path) -> Result<usize, Diagnostics> {
    let cannot = |path: &Path, err: &dyn std::fmt::Display| {
        refuse(Diagnostic::error(
            "io",
            path,
            tr!("cannot copy the edition: {err}", "no se puede copiar la edición: {err}"),
        ))
    };
    std::fs::create_dir(staging).map_err(|err| {
        let mut diags = cannot(staging, &err);
        if err.kind() == std::io::ErrorKind::AlreadyExists {
            diags = refuse(
                Diagnostic::error(
                    "edition",
                    staging,
                    tr!(
                        "a copy left by an interrupted `folio edition new` is in the way",
                        "una copia que dejó un `folio edition new` interrumpido estorba"
                    ),
                )
                .hint(tr!(
                    "remove that folder, then run the command again",
                    "elimine esa carpeta y vuelva a ejecutar la orden"
                )),
            );
        }
        diags
    })?;
    let copied = copy_tree(from, staging)
        .and_then(|files| std::fs::rename(staging, target).map(|()| files).map_err(|err| cannot(target, &err)));
    if copied.is_err() {
        let _ = std::fs::remove_dir_all(staging);
    }
    copied
}

/// Copies the regular files and folders under `from` into the existing
/// folder `to`; anything else (a symbolic link, a FIFO) is refused, as the
/// build refuses it.
fn copy_tree(from: &Path, to: &Path) -> Result<usize, Diagnostics> {
    let mut files = 0;
    for entry in walkdir::WalkDir::new(from).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|err| {
            let path = err.path().unwrap_or(from).to_path_buf();
            refuse(Diagnostic::error(
                "io",
                &path,
                tr!("cannot read the edition: {err}", "no se puede leer la edición: {err}"),
            ))
        })?;
        let dest = to.join(entry.path().strip_prefix(from).unwrap_or(entry.path()));
        let kind = entry.file_type();
        let done = if kind.is_dir() {
            std::fs::create_dir(&dest)
        } else if kind.is_file() {
            files += 1;
            std::fs::copy(entry.path(), &dest).map(drop)
        } else {
            return Err(refuse(
                Diagnostic::error(
                    "edition",
                    entry.path(),
                    tr!(
                        "not a regular file or folder (a symbolic link, FIFO or device)",
                        "no es un archivo ni una carpeta normal (un enlace simbólico, FIFO o dispositivo)"
                    ),
                )
                .hint(tr!(
                    "replace it by a copy of the file, or remove it, then run the command again",
                    "sustitúyalo por una copia del archivo, o elimínelo, y vuelva a ejecutar la orden"
                )),
            ));
        };
        done.map_err(|err| {
            refuse(Diagnostic::error(
                "io",
                &dest,
                tr!("cannot copy the edition: {err}", "no se puede copiar la edición: {err}"),
            ))
        })?;
    }
    Ok(files)
}

/// Makes the draft edition `id` current and the current one archived.
fn publish_draft(root: &Path, id: &str) -> Result<Vec<Text>, Diagnostics> {
    let manifest = Manifest::read(root)?;
    let config = &manifest.config;
    let draft = manifest.edition(id)?;
    if config.version(draft).status != EditionStatus::Draft {
        let status = match config.version(draft).status {
            EditionStatus::Current => tr!("current", "vigente"),
            _ => tr!("archived", "archivada"),
        };
        let (en, es) = (status.en(), status.es());
        return Err(refuse(
            manifest
                .error_at(
                    id,
                    tr!(
                        "edition `{id}` is not a draft (it is {en})",
                        "la edición `{id}` no es un borrador (está {es})"
                    ),
                )
                .hint(tr!(
                    "only a draft edition can be published; `folio edition new ID` starts one",
                    "solo se puede publicar una edición en borrador; `folio edition new ID` inicia una"
                )),
        ));
    }
    let current = &config.version(config.current_version()).id;
    let text = with_status(&manifest.text, id, "current").and_then(|text| with_status(&text, current, "archived"));
    let Some(text) = text else {
        return Err(refuse(
            Diagnostic::error(
                "edition",
                &manifest.path,
                tr!(
                    "cannot find the `status:` of editions `{id}` and `{current}` in folio.yaml",
                    "no se encuentra el `status:` de las ediciones `{id}` y `{current}` en folio.yaml"
                ),
            )
            .hint(tr!(
                "set `status: current` on `{id}` and `status: archived` on `{current}` by hand",
                "ponga a mano `status: current` en `{id}` y `status: archived` en `{current}`"
            )),
        ));
    };
    let mut intended = entries(config);
    for entry in &mut intended {
        if entry.id == id {
            entry.status = EditionStatus::Current;
        } else if entry.id == *current {
            entry.status = EditionStatus::Archived;
        }
    }
    manifest.replace(&text, &intended)?;
    let mut done = vec![tr!(
        "published edition `{id}`: it is now the current edition, and `{current}` is archived",
        "se publicó la edición `{id}`: ahora es la edición vigente, y `{current}` está archivada"
    )];
    let version = config.version(draft);
    let unchanged = config.languages.iter().zip(&version.label).any(|(code, label)| *label == draft_label(code, id));
    if unchanged {
        done.push(tr!(
            "note: its labels in folio.yaml still say it is a draft; give it its real labels",
            "nota: sus etiquetas en folio.yaml aún dicen que es un borrador; póngale sus etiquetas definitivas"
        ));
    }
    Ok(done)
}

/// `text` with the `status:` of edition `id` in the `versions:` list set to
/// `status`; `None` if that edition or its status is not found.
fn with_status(text: &str, id: &str, status: &str) -> Option<String> {
    let item = version_items(text)?.into_iter().find(|item| item_id(&text[item.clone()]) == Some(id))?;
    let value = key_value(&text[item.clone()], "status")?;
    let at = item.start + value.start..item.start + value.end;
    Some(format!("{}{status}{}", &text[..at.start], &text[at.end..]))
}

/// The byte range of each item of the top-level `versions:` block list, in
/// order (an item runs to the next one or to the end of the list); `None`
/// if there is no such list.
fn version_items(text: &str) -> Option<Vec<Range<usize>>> {
    let mut lines = text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line))
    });
    let (_, key) = lines.find(|(_, line)| line.starts_with("versions:"))?;
    let after = key["versions:".len()..].trim();
    if !(after.is_empty() || after.starts_with('#')) {
        return None;
    }
    let mut items: Vec<Range<usize>> = Vec::new();
    let mut indent = None;
    for (start, line) in lines {
        let content = line.trim_start_matches(' ');
        let depth = line.len() - content.len();
        if content.trim().is_empty() || content.starts_with('#') {
            continue;
        }
        let is_item = content.starts_with("- ") || content.trim_end() == "-";
        if is_item && indent.is_none_or(|i| i == depth) {
            indent = Some(depth);
            if let Some(last) = items.last_mut() {
                last.end = start;
            }
            items.push(start..start + line.len());
        } else if indent.is_none_or(|i| depth > i) {
            let last = items.last_mut()?;
            last.end = start + line.len();
        } else {
            break;
        }
    }
    (!items.is_empty()).then_some(items)
}

/// Within one list item, the byte range of the value of its key `key`
/// (quotes included): the first `key:` written at the start of a line, after
/// the item's `- `, or after `{` or `,` in a flow mapping.
fn key_value(item: &str, key: &str) -> Option<Range<usize>> {
    let pattern = format!("{key}:");
    let at = item.match_indices(&pattern).map(|(at, _)| at).find(|&at| {
        let before = item[..at].trim_end_matches(' ');
        before.is_empty() || before.ends_with(['\n', '-', '{', ','])
    })?;
    let start = at + pattern.len();
    let value = &item[start..];
    let skipped = value.len() - value.trim_start_matches(' ').len();
    let value = &value[skipped..];
    let len = match value.chars().next()? {
        quote @ ('"' | '\'') => value[1..].find(quote)? + 2,
        _ => value.find([',', '}', ' ', '#', '\r', '\n']).unwrap_or(value.len()),
    };
    (len > 0).then_some(start + skipped..start + skipped + len)
}

/// The id written in one item of the `versions:` list, without its quotes.
fn item_id(item: &str) -> Option<&str> {
    key_value(item, "id").map(|value| item[value].trim_matches(['"', '\'']))
}

#[cfg(test)]
mod tests {
    use super::{version_items, with_new_edition, with_status};

    const MANIFEST: &str = "# Editions, newest first.\ntitle: {es: M, en: H}\nlanguages: [es, en]\nversions:\n  # the one in force\n  - id: \"2025\"\n    label: {es: Dos, en: Two}\n    status: current # since May\n  - {id: '2011', label: {es: Uno, en: One}, status: archived}\n# end\n";

    // Items run from their `-` to the next item; comments stay where they are.
    #[test]
    fn finds_block_and_flow_items() {
        let items = version_items(MANIFEST).unwrap();
        let texts: Vec<&str> = items.iter().map(|r| &MANIFEST[r.clone()]).collect();
        assert_eq!(texts.len(), 2);
        assert!(texts[0].starts_with("  - id: \"2025\"") && texts[0].ends_with("# since May\n"), "{texts:?}");
        assert!(texts[1].starts_with("  - {id: '2011'") && texts[1].ends_with("archived}\n"), "{texts:?}");
    }

    // The new block goes before the first item, at its indentation.
    #[test]
    fn inserts_before_first_item() {
        let labels = ["Edición 2026 (borrador)".to_string(), "2026 edition (draft)".to_string()];
        let text = with_new_edition(MANIFEST, "2026", &["es".into(), "en".into()], &labels).unwrap();
        let block = "  - id: \"2026\"\n    label:\n      es: \"Edición 2026 (borrador)\"\n      en: \"2026 edition (draft)\"\n    status: draft\n  - id: \"2025\"";
        assert!(text.contains(&format!("  # the one in force\n{block}")), "{text}");
        assert_eq!(text.replace(block, "  - id: \"2025\""), MANIFEST);
    }

    // Only the status values change, in block and flow items alike.
    #[test]
    fn sets_statuses_in_place() {
        let text = with_status(MANIFEST, "2011", "current").unwrap();
        let text = with_status(&text, "2025", "archived").unwrap();
        let expected = MANIFEST
            .replace("status: current # since", "status: archived # since")
            .replace("status: archived}", "status: current}");
        assert_eq!(text, expected);
        assert_eq!(with_status(MANIFEST, "2030", "current"), None);
    }

    // A flow list is not edited.
    #[test]
    fn refuses_flow_lists() {
        assert_eq!(version_items("versions: [{id: a, label: {}, status: current}]\n"), None);
    }
}
