//! Hostile and unusual input to the load stage and the commands: symlinks,
//! FIFOs, byte-order marks, version ids and slugs that clash with the output
//! layout, broken pipes, control characters (issue 12).

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use crate::util::{build, folio_in, real_site, repo, scratch, write_handbook};

/// Runs `folio` like [`folio_in`], but kills it and fails the test if it has
/// not finished within a minute (a read of a FIFO would block forever).
fn folio_bounded(cwd: &Path, args: &[&str]) -> Output {
    let logs = scratch("bounded-logs");
    let (out_path, err_path) = (logs.join("stdout"), logs.join("stderr"));
    let mut child = crate::util::folio_command()
        .current_dir(cwd)
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`folio {}` did not finish within a minute", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output { status, stdout: std::fs::read(out_path).unwrap(), stderr: std::fs::read(err_path).unwrap() }
}

/// Standard output and error of a run, together.
fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// Makes a FIFO (named pipe) at `path`.
#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Every `.html` file under `dir`, relative to it.
fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    files.sort();
    files
}

// Issue 12, failure 4: a `folio.yaml` that is a symbolic link is refused like
// any other link, and what it points to is never printed.
#[cfg(unix)]
#[test]
fn symlinked_manifest_is_refused_without_quoting_its_target() {
    let dir = scratch("symlinked-manifest");
    let hb = dir.join("hb");
    write_handbook(&hb, &[]);
    let secret = dir.join("secret.txt");
    std::fs::write(&secret, "TOKEN=FAKE-TOKEN-1234\n-----BEGIN OPENSSH PRIVATE KEY-----\nFAKE-KEY-BODY\n").unwrap();
    std::fs::remove_file(hb.join("folio.yaml")).unwrap();
    std::os::unix::fs::symlink(&secret, hb.join("folio.yaml")).unwrap();
    let output = folio_in(&dir, &["check", "--handbook", "hb"]);
    let all = text(&output);
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(all.contains("error[symlink]: symbolic links are not followed"), "{all}");
    assert!(all.contains("hb/folio.yaml"), "{all}");
    assert!(!all.contains("FAKE"), "the link's target must not be printed:\n{all}");
}

// Issue 12, failure 4: a YAML error quotes at most a short part of one line
// of the file, in folio.yaml and in front matter alike.
#[test]
fn yaml_errors_quote_one_short_line_at_most() {
    let dir = scratch("yaml-quotes");
    write_handbook(
        &dir,
        &[
            ("v1/es/cap/a.md", "---\n|\n  first line of a block\n  FM-SECRET-SECOND-LINE\n---\nTexto.\n"),
            ("v1/es/cap/b.md", "---\nid: b\ntitle: B\n---\nTexto.\n"),
        ],
    );
    let output = folio_in(&dir, &["check", "--handbook", "."]);
    let all = text(&output);
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(
        all.contains(r#"the YAML should be `key: value` lines, but it is the text "first line of a block…""#),
        "{all}"
    );
    assert!(!all.contains("FM-SECRET"), "{all}");

    let long = "this first line is not YAML but a long sentence that goes on and on and on";
    std::fs::write(dir.join("folio.yaml"), format!("{long}\nCONFIG-SECRET-SECOND-LINE\n")).unwrap();
    let output = folio_in(&dir, &["check", "--handbook", "."]);
    let all = text(&output);
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(
        all.contains(
            r#"the YAML should be `key: value` lines, but it is the text "this first line is not YAML but a long sentence that goes on…""#
        ),
        "{all}"
    );
    assert!(!all.contains("CONFIG-SECRET"), "{all}");
}

// Issue 12, failure 5: a placeholder for a missing translation never takes the
// output file of a real page, nor of another placeholder; no page is lost.
#[test]
fn placeholders_never_share_a_file_with_another_page() {
    let dir = scratch("placeholder-slugs");
    let page = |id: &str, title: &str, extra: &str| format!("---\nid: {id}\ntitle: {title}\n{extra}---\nTexto.\n");
    let files = [
        ("v1/es/cap/a.md", page("a", "A", "")),
        ("v1/es/cap/b.md", page("b", "B", "")),
        ("v1/es/cap/c.md", page("c", "C", "")),
        ("v1/es/cap/consentimiento.md", page("consentimiento", "Consentimiento", "")),
        ("v1/es/cap/x.md", page("x", "Equis", "weight: 1\n")),
        ("v1/es/cap/x-es.md", page("x-es", "Equis bis", "weight: 2\n")),
        ("v1/en/cap/_index.md", page("cap", "Chapter", "")),
        // Real English pages on the names the placeholders would have taken.
        ("v1/en/cap/a.md", page("a", "English A", "slug: consentimiento\n")),
        ("v1/en/cap/b.md", page("b", "English B", "slug: consentimiento-es\n")),
        ("v1/en/cap/c.md", page("c", "English C", "slug: x\n")),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    write_handbook(&dir, &files);
    let site = build(&dir, "placeholder-slugs-site");
    let (es, en) = (html_files(&site.join("v1/es")), html_files(&site.join("v1/en")));
    assert_eq!(en.len(), es.len(), "every page has its own file in each language:\nes: {es:?}\nen: {en:?}");
    let title_of = |file: &str| crate::util::region(&crate::util::read(&site, file), "<h1", "</h1>").to_string();
    assert!(title_of("v1/en/consentimiento.html").contains("English A"));
    assert!(title_of("v1/en/consentimiento-es.html").contains("English B"));
    assert!(title_of("v1/en/x.html").contains("English C"));
    // The placeholders' names, chosen the same way on every build.
    assert!(title_of("v1/en/consentimiento-es-2.html").contains("Consentimiento"));
    assert!(title_of("v1/en/x-es.html").contains("Equis"));
    assert!(title_of("v1/en/x-es-es.html").contains("Equis bis"));
}

// Issue 12, failure 10: a FIFO named like a page is reported, never read, in
// `check` and `build`.
#[cfg(unix)]
#[test]
fn fifo_page_is_reported_not_read() {
    let dir = scratch("fifo-page");
    write_handbook(&dir, &[]);
    mkfifo(&dir.join("v1/es/cap/x.md"));
    let output = folio_bounded(&dir, &["check", "--handbook", "."]);
    let all = text(&output);
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(all.contains("error[not-a-file]: not a regular file"), "{all}");
    assert!(all.contains("v1/es/cap/x.md"), "{all}");
    let output = folio_bounded(&dir, &["build", "--handbook", ".", "--out", "../fifo-page-site"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("not a regular file"), "{}", text(&output));
}

// Issue 12, failure 10: a `folio.yaml` that is a FIFO is reported, never read.
#[cfg(unix)]
#[test]
fn fifo_manifest_is_reported_not_read() {
    let dir = scratch("fifo-manifest");
    write_handbook(&dir, &[]);
    std::fs::remove_file(dir.join("folio.yaml")).unwrap();
    mkfifo(&dir.join("folio.yaml"));
    let output = folio_bounded(&dir, &["check", "--handbook", "."]);
    let all = text(&output);
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(all.contains("not a regular file"), "{all}");
    assert!(all.contains("folio.yaml"), "{all}");
}

// Issue 12, failure 10: `folio verify` reports a FIFO in the site, in place of
// a built file or as an extra one, without opening it.
#[cfg(unix)]
#[test]
fn verify_reports_a_fifo_without_opening_it() {
    let dir = scratch("fifo-verify");
    write_handbook(&dir, &[]);
    let site = build(&dir, "fifo-verify-site");
    std::fs::remove_file(site.join("index.html")).unwrap();
    mkfifo(&site.join("index.html"));
    mkfifo(&site.join("v1/extra"));
    let output = folio_bounded(&site, &["verify", "."]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(stdout.contains("modified: index.html\n"), "{stdout}");
    assert!(stdout.contains("extra: v1/extra\n"), "{stdout}");
}

// `folio verify` says what it can and cannot detect.
#[test]
fn verify_says_it_detects_accidents_not_tampering() {
    let output = folio_in(real_site(), &["verify", "."]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", text(&output));
    assert!(stdout.contains("accidental changes"), "{stdout}");
    assert!(stdout.contains("not deliberate tampering"), "{stdout}");
}

/// Runs `folio` with its output into a pipe that is closed after reading
/// `lines` lines (0: before it writes anything, as `| true` does); returns
/// the exit status and what it wrote to standard error.
fn closed_pipe(cwd: &Path, args: &[&str], lines: usize) -> (ExitStatus, String) {
    let mut child = crate::util::folio_command()
        .current_dir(cwd)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    for _ in 0..lines {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).unwrap() > 0, "`folio {}` printed too little", args.join(" "));
    }
    drop(reader);
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    (child.wait().unwrap(), stderr)
}

// Issue 12, failure 13: when the reader of the output goes away (`| head -1`),
// the commands stop quietly with success instead of panicking.
#[test]
fn closed_output_pipe_ends_the_command_quietly() {
    let site = real_site().to_str().unwrap().to_string();
    let runs: [(&[&str], usize); 4] = [
        (&["diff", "2011", "2025", "--handbook", "handbook", "--format", "html"], 1),
        (&["diff", "2011", "2025", "--handbook", "handbook"], 0),
        (&["search", "trata", "--site", &site], 0),
        (&["check", "--handbook", "handbook"], 0),
    ];
    for (args, lines) in runs {
        let (status, stderr) = closed_pipe(&repo(), args, lines);
        assert_eq!(status.code(), Some(0), "`folio {}`: {status}\n{stderr}", args.join(" "));
        assert!(stderr.is_empty(), "`folio {}` wrote:\n{stderr}", args.join(" "));
    }
}

// Issue 12, failure 14: `folio translated` refuses a page reached through
// `..` or a symbolic link that leads outside the handbook, and leaves the
// file there untouched; a page inside is still recorded.
#[cfg(unix)]
#[test]
fn translated_never_writes_outside_the_handbook() {
    let dir = scratch("translated-outside");
    write_handbook(
        &dir.join("hb"),
        &[
            ("v1/es/cap/a.md", "---\nid: a\ntitle: A\n---\nTexto.\n"),
            ("v1/en/cap/_index.md", "---\nid: cap\ntitle: Chapter\n---\nText.\n"),
            ("v1/en/cap/b.md", "---\nid: a\ntitle: A in English\n---\nText.\n"),
        ],
    );
    let decoy = dir.join("decoy.md");
    let decoy_text = "---\nid: a\ntitle: Not part of the handbook\n---\nMine.\n";
    std::fs::write(&decoy, decoy_text).unwrap();
    std::os::unix::fs::symlink(&decoy, dir.join("hb/v1/en/cap/a.md")).unwrap();
    for page in ["hb/v1/en/../../../decoy.md", "hb/v1/en/cap/a.md"] {
        let output = folio_in(&dir, &["translated", "--handbook", "hb", page]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{page}: {}", text(&output));
        assert!(stderr.contains(page), "the error names {page}:\n{stderr}");
        assert_eq!(std::fs::read_to_string(&decoy).unwrap(), decoy_text, "{page} changed the decoy");
    }
    let output = folio_in(&dir, &["translated", "--handbook", "hb", "hb/v1/en/cap/b.md"]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(std::fs::read_to_string(dir.join("hb/v1/en/cap/b.md")).unwrap().contains("source_hash: "));
}

/// A terminal escape sequence that clears the screen and sets the window title.
const ESCAPES: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}";

/// A character that makes a terminal show what follows right to left.
const REVERSE: &str = "\u{202e}";

// Issue 12, failure 17: characters that act on the terminal reach it
// escaped, in `check`'s source lines, `diff --section` and `search`. (The
// load stage removes control characters from page text and refuses them in
// titles, so `diff` and `search` are tried with a bidirectional override,
// which pages may hold.)
#[test]
fn control_characters_are_escaped_on_the_terminal() {
    let dir = scratch("terminal-escapes");
    let folio_yaml = "title: {es: Manual, en: Handbook}\nlanguages: [es, en]\nversions:\n  - id: v2\n    label: {es: Dos, en: Two}\n    status: current\n  - id: v1\n    label: {es: Uno, en: One}\n    status: archived\n";
    let cover = "---\nid: portada\ntitle: Portada\n---\nTexto.\n";
    let chapter = "---\nid: cap\ntitle: Capítulo\n---\nTexto.\n";
    let page = |body: &str| format!("---\nid: p\ntitle: \"Página {REVERSE}roja\"\n---\n{body}\n");
    write_handbook(
        &dir,
        &[
            ("folio.yaml", folio_yaml),
            ("v1/es/_index.md", cover),
            ("v1/es/cap/_index.md", chapter),
            ("v1/es/cap/p.md", &page("Texto de siempre.")),
            ("v2/es/_index.md", cover),
            ("v2/es/cap/_index.md", chapter),
            ("v2/es/cap/p.md", &page(&format!("Texto nuevo {REVERSE}al revés con palabra."))),
        ],
    );
    let diff = folio_in(&dir, &["diff", "v1", "v2", "--handbook", ".", "--section", "p"]);
    let search_site = build(&dir, "terminal-escapes-site");
    let search = folio_in(&dir, &["search", "palabra", "--site", search_site.to_str().unwrap()]);
    std::fs::write(dir.join("v2/es/cap/p.md"), page(&format!("Ver [otra](no-existe) {ESCAPES}."))).unwrap();
    let check = folio_in(&dir, &["check", "--handbook", "."]);
    for (command, output, shown) in [
        ("diff", diff, r"\u{202e}al revés"),
        ("check", check, r"\u{1b}[2J\u{1b}]0;pwned\u{7}"),
        ("search", search, r"Página \u{202e}roja"),
    ] {
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(!stdout.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{command} printed raw escapes:\n{stdout:?}");
        assert!(stdout.contains(shown), "{command} shows {shown}:\n{stdout}");
    }
}
