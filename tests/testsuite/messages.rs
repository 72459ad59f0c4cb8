//! Messages editors understand, in their language (issue 14, points 3, 4
//! and 9): the same findings in Spanish and English, the language chosen by
//! `--lang`, `FOLIO_LANG` or the locale, YAML errors in plain words at the
//! real line, JSON kept in English, and many warnings of one kind summarized.

use std::path::{Path, PathBuf};

use crate::util::{repo, scratch, write_handbook};

/// Runs `folio args` in `cwd` with only `env` among the variables that
/// choose the language set ([`crate::util::folio_command`] clears them);
/// returns standard output, standard error and the exit code.
fn folio(cwd: &Path, env: &[(&str, &str)], args: &[&str]) -> (String, String, i32) {
    let mut command = crate::util::folio_command();
    command.current_dir(cwd).args(args);
    command.envs(env.iter().copied());
    let output = command.output().unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (text(&output.stdout), text(&output.stderr), output.status.code().unwrap_or(-1))
}

/// `folio [--lang LANG] check` on an error fixture, run from the repository.
fn check_fixture(case: &str, lang: &str) -> (String, i32) {
    let handbook = format!("tests/fixtures/errors/{case}");
    let (stdout, _, code) = folio(&repo(), &[], &["--lang", lang, "check", "--handbook", &handbook]);
    (stdout, code)
}

// The `weigth:` typo is one error, with the suppressed-count note, in both
// languages; the hint suggests the key that was meant.
#[test]
fn a_typo_in_one_key_is_one_error_in_spanish_and_english() {
    let (es, code) = check_fixture("follow-on-typo", "es");
    assert_eq!(code, 1);
    assert_eq!(
        es,
        "\
error[front-matter]: clave desconocida `weigth`; las claves son `id`, `title`, `weight`, `summary`, `slug`, `source_hash`, `glossary`, `terms`
  --> tests/fixtures/errors/follow-on-typo/v1/es/cap/b.md:4:1
  |
4 | weigth: 2
  | ^
  = sugerencia: ¿quiso decir `weight`? corrija la ortografía o elimine la clave

nota: se omitieron 4 diagnósticos derivados; corrija primero los errores de arriba
1 error(es), 0 aviso(s)
"
    );
    let (en, code) = check_fixture("follow-on-typo", "en");
    assert_eq!(code, 1);
    assert_eq!(
        en,
        "\
error[front-matter]: unknown key `weigth`; the keys are `id`, `title`, `weight`, `summary`, `slug`, `source_hash`, `glossary`, `terms`
  --> tests/fixtures/errors/follow-on-typo/v1/es/cap/b.md:4:1
  |
4 | weigth: 2
  | ^
  = hint: did you mean `weight`? correct the spelling or remove the key

note: 4 follow-on diagnostics suppressed; fix the errors above first
1 error(s), 0 warning(s)
"
    );
}

// A rejected chapter page is one error (not also a missing `_index.md` and
// broken links), with the suppressed-count note, in both languages.
#[test]
fn a_rejected_chapter_is_one_error_in_spanish_and_english() {
    let (es, code) = check_fixture("rejected-chapter", "es");
    assert_eq!(code, 1);
    assert_eq!(
        es,
        "\
error[front-matter]: la cabecera no tiene `title`
  --> tests/fixtures/errors/rejected-chapter/v1/es/dos/_index.md:1:1
  |
1 | ---
  | ^
  = sugerencia: añada `title: …` con el título de la sección

nota: se omitieron 4 diagnósticos derivados; corrija primero los errores de arriba
1 error(es), 0 aviso(s)
"
    );
    let (en, _) = check_fixture("rejected-chapter", "en");
    assert_eq!(
        en,
        "\
error[front-matter]: the front matter has no `title`
  --> tests/fixtures/errors/rejected-chapter/v1/es/dos/_index.md:1:1
  |
1 | ---
  | ^
  = hint: add `title: …` with the section's title

note: 4 follow-on diagnostics suppressed; fix the errors above first
1 error(s), 0 warning(s)
"
    );
}

// "Did you mean" for an unknown id and an unknown anchor, in Spanish.
#[test]
fn did_you_mean_an_id_and_an_anchor_in_spanish() {
    let (es, code) = check_fixture("did-you-mean", "es");
    assert_eq!(code, 1);
    let path = "tests/fixtures/errors/did-you-mean/v1/es/cap/_index.md";
    assert!(
        es.contains(&format!("error[broken-link]: no hay ninguna página con id `debat` en v1/es\n  --> {path}:7:7\n")),
        "{es}"
    );
    assert!(es.contains("  = sugerencia: ¿quiso decir `@debate`?\n"), "{es}");
    assert!(
        es.contains(&format!(
            "error[broken-link]: la página `debate` no tiene ningún encabezado con ancla `#elemntos`\n  --> {path}:7:29\n"
        )),
        "{es}"
    );
    assert!(es.contains("  = sugerencia: ¿quiso decir `#elementos`?\n"), "{es}");
    assert!(es.ends_with("2 error(es), 0 aviso(s)\n"), "{es}");
}

// The parser's own words ("mapping values are not allowed in this context",
// "did not find expected key", ...) become plain sentences with a hint, at
// the line to fix: for a quote or a key left open, the line where it opens.
#[test]
fn yaml_syntax_errors_are_reworded_at_their_lines() {
    let dir = scratch("yaml-plain");
    write_handbook(
        &dir,
        &[
            ("v1/es/cap/a.md", "---\nid: a\ntitle: Plazos: uno\n---\nT.\n"),
            ("v1/es/cap/b.md", "---\nid: b\ntitle: \"Plazos\nweight: 2\n---\nT.\n"),
            ("v1/es/cap/c.md", "---\nid: c\ntitle: @c\n---\nT.\n"),
            ("v1/es/cap/d.md", "---\nid: d\ntitle: D\nweight: dos\n---\nT.\n"),
            ("v1/es/cap/e.md", "---\nid: e\n\ttitle: E\n---\nT.\n"),
            ("v1/es/cap/f.md", "---\nid: f\ntitle: F\nresumen\nweight: 1\n---\nT.\n"),
            ("v1/es/cap/g.md", "---\nid: g\ntitle: \"G\" y más\n---\nT.\n"),
        ],
    );
    let (en, _, code) = folio(&dir, &[], &["check", "--handbook", "."]);
    assert_eq!(code, 1, "{en}");
    let expected = [
        ("a.md:3:14", "this `:` cannot be read: a value that contains `: ` needs quotes, and a key cannot be indented under another"),
        ("b.md:3:8", "this quoted value is never closed"),
        ("c.md:3:8", "a YAML value cannot start with this character (`@`, the backquote and `%` are reserved)"),
        ("d.md:4:9", "`weight` should be a whole number, but it is the text \"dos\""),
        ("e.md:3:1", "a tab is used to indent this line; YAML indents with spaces only"),
        ("f.md:4:1", "this line is not `key: value`: the `:` is missing"),
        ("g.md:3:12", "this line does not continue the `key: value` lines: text after a quoted value, or a different indentation"),
    ];
    for (at, message) in expected {
        assert!(en.contains(&format!("error[front-matter]: {message}\n  --> ./v1/es/cap/{at}\n")), "{at}:\n{en}");
    }
    assert_eq!(en.matches("error[").count(), expected.len(), "{en}");
    let findings = en.matches("error[").count() + en.matches("warning[").count();
    assert_eq!(en.matches("  = hint: ").count(), findings, "each finding has a hint:\n{en}");
    for raw in ["mapping values", "did not find expected", "cannot start any token", "invalid type", "end of stream"] {
        assert!(!en.contains(raw), "the parser's words `{raw}` are shown:\n{en}");
    }
    let (es, _, _) = folio(&dir, &[], &["--lang", "es", "check", "--handbook", "."]);
    assert!(
        es.contains("error[front-matter]: este valor entre comillas nunca se cierra\n  --> ./v1/es/cap/b.md:3:8\n"),
        "{es}"
    );
    assert!(es.contains("error[front-matter]: `weight` debe ser un número entero, pero es el texto \"dos\"\n"), "{es}");
    assert!(es.contains("  = sugerencia: reemplace el tabulador por espacios\n"), "{es}");
}

// The language: `--lang`, else FOLIO_LANG, else the first set of LC_ALL,
// LC_MESSAGES and LANG; Spanish when it starts with `es`, else English.
#[test]
fn the_language_follows_flag_then_folio_lang_then_locale() {
    /// The flag's arguments, the environment, the language expected.
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case<'_>; 10] = [
        (&[], &[], "en"),
        (&[], &[("LANG", "es_ES.UTF-8")], "es"),
        (&[], &[("LANG", "es_ES.UTF-8"), ("LC_ALL", "en_US.UTF-8")], "en"),
        (&[], &[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "es_MX.UTF-8")], "es"),
        (&[], &[("LANG", "en_US.UTF-8"), ("LC_ALL", ""), ("LC_MESSAGES", "es_AR")], "es"),
        (&[], &[("LANG", "es_ES.UTF-8"), ("FOLIO_LANG", "en")], "en"),
        (&[], &[("LC_ALL", "C"), ("FOLIO_LANG", "es")], "es"),
        (&["--lang", "en"], &[("FOLIO_LANG", "es"), ("LANG", "es_ES")], "en"),
        (&["--lang", "es"], &[("FOLIO_LANG", "en"), ("LC_ALL", "en_US")], "es"),
        (&[], &[("LANG", "fr_FR.UTF-8")], "en"),
    ];
    for (flag, env, lang) in cases {
        let args = [flag, &["check", "--handbook", "tests/fixtures/errors/follow-on-typo"]].concat();
        let (stdout, _, _) = folio(&repo(), env, &args);
        let spanish = stdout.contains("= sugerencia: ¿quiso decir `weight`?");
        let english = stdout.contains("= hint: did you mean `weight`?");
        assert_eq!((spanish, english), (lang == "es", lang == "en"), "{flag:?} {env:?}:\n{stdout}");
    }
}

// JSON is for tools: the codes, and the messages, stay English whatever the language.
#[test]
fn json_keeps_english_codes_and_messages() {
    let handbook = "tests/fixtures/errors/did-you-mean";
    let (stdout, _, code) =
        folio(&repo(), &[("LANG", "es_ES.UTF-8")], &["check", "--format", "json", "--handbook", handbook]);
    assert_eq!(code, 1);
    let findings: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let fields = |key: &str| -> Vec<String> {
        findings.as_array().unwrap().iter().map(|f| f[key].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(fields("code"), ["broken-link", "broken-link"]);
    assert_eq!(
        fields("message"),
        ["no page with id `debat` in v1/es", "page `debate` has no heading with anchor `#elemntos`"]
    );
    assert_eq!(fields("hint"), ["did you mean `@debate`?", "did you mean `#elementos`?"]);
}

/// A handbook whose `es` chapter has 20 sections; `en` translates the first
/// 8 without recording their source (9 unrecorded, with the chapter page),
/// and not the other 12 (missing). `broken` sections link to a missing page.
/// The handbook is `hb` in a fresh folder, to be built into `../site`.
fn many_warnings(name: &str, broken: usize) -> PathBuf {
    let dir = scratch(name).join("hb");
    let mut files = vec![("v1/en/cap/_index.md".to_string(), "---\nid: cap\ntitle: Chapter\n---\nText.\n".to_string())];
    for n in 1..=20 {
        let link = if n <= broken { " [roto](@no-existe)" } else { "" };
        files.push((format!("v1/es/cap/s{n:02}.md"), format!("---\nid: s{n:02}\ntitle: S{n}\n---\nTexto{link}.\n")));
        if n <= 8 {
            files.push((format!("v1/en/cap/s{n:02}.md"), format!("---\nid: s{n:02}\ntitle: S{n}\n---\nText.\n")));
        }
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    write_handbook(&dir, &files);
    dir
}

// `build` prints the first 5 warnings of each kind, then one line per kind
// with how many more there are and that `folio check` lists them; `check`
// prints them all.
#[test]
fn many_warnings_of_one_kind_are_summarized_in_build() {
    let dir = many_warnings("many-warnings", 0);
    let (_, stderr, code) = folio(&dir, &[], &["build", "--handbook", ".", "--out", "../site"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr.matches("warning[missing-translation]").count(), 5, "{stderr}");
    assert_eq!(stderr.matches("warning[unrecorded-translation]").count(), 5, "{stderr}");
    assert_eq!(stderr.matches("warning[outdated-translation]").count(), 1, "{stderr}");
    assert!(
        stderr.contains(
            "note: 7 more `missing-translation` warnings not shown; `folio check` lists them all\n\
             note: 4 more `unrecorded-translation` warnings not shown; `folio check` lists them all\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("with 22 warning(s)"), "{stderr}");

    let (stdout, _, _) = folio(&dir, &[], &["check", "--handbook", "."]);
    assert_eq!(stdout.matches("warning[missing-translation]").count(), 12, "{stdout}");
    assert_eq!(stdout.matches("warning[unrecorded-translation]").count(), 9, "{stdout}");
    assert!(!stdout.contains("not shown"), "{stdout}");
    assert!(stdout.ends_with("0 error(s), 22 warning(s)\n"), "{stdout}");

    let (_, stderr, _) = folio(&dir, &[], &["--lang", "es", "build", "--handbook", ".", "--out", "../site"]);
    assert!(
        stderr.contains("nota: 7 avisos `missing-translation` más no se muestran; `folio check` los muestra todos\n"),
        "{stderr}"
    );
}

// Errors are never summarized: a build that fails shows every one of them.
#[test]
fn errors_are_never_summarized() {
    let dir = many_warnings("many-errors-shown", 9);
    let (_, stderr, code) = folio(&dir, &[], &["build", "--handbook", ".", "--out", "../site"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr.matches("error[broken-link]").count(), 9, "{stderr}");
    assert_eq!(stderr.matches("warning[missing-translation]").count(), 5, "{stderr}");
    assert!(stderr.contains("error: the build failed with 9 error(s);"), "{stderr}");
}
