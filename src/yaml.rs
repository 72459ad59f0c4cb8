//! The one module that names the YAML parser (serde_yaml), so a maintained
//! fork can replace it here alone. Every YAML Folio reads (`folio.yaml`,
//! front matter, the theme's UI strings) goes through [`parse`], which
//! refuses nesting deeper than [`MAX_DEPTH`] before the parser sees it (the
//! parser slows down with the square of the depth) and turns the parser's
//! errors into [`Diagnostic`]s located at the real line of the file (where
//! a quote or bracket left open was opened), quoting at most one short line
//! of the offending value, and suggesting the key an unknown one was
//! probably meant to be. The parser's own words ("mapping values are not
//! allowed in this context") are replaced by plain sentences and a hint, in
//! English and Spanish.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::tr;
use crate::diagnostic::{did_you_mean, line_col, Diagnostic, Text};

/// How deeply YAML may nest lists and maps. Folio's files need a few levels.
pub const MAX_DEPTH: usize = 64;

/// Parses `yaml`, which starts on line `first_line` + 1 of `text` (the whole
/// file at `file`), into a `T`. A problem is a diagnostic with the kind
/// `code`, located in `text`.
pub fn parse<T: DeserializeOwned>(
    file: &Path,
    text: &str,
    yaml: &str,
    first_line: usize,
    code: &'static str,
) -> Result<T, Box<Diagnostic>> {
    if let Some(offset) = too_deep(yaml) {
        let (line, column) = line_col(yaml, offset);
        return Err(Box::new(
            Diagnostic::error(
                code,
                file,
                tr!(
                    "the YAML is nested more than {MAX_DEPTH} levels deep",
                    "el YAML está anidado a más de {MAX_DEPTH} niveles"
                ),
            )
            .at(first_line + line, column)
            .with_source_line(text)
            .hint(tr!(
                "remove the nested lists or maps: Folio's YAML holds `key: value` lines and short lists",
                "elimine las listas o mapas anidados: el YAML de Folio tiene líneas `clave: valor` y listas cortas"
            )),
        ));
    }
    serde_yaml::from_str(yaml).map_err(|err| Box::new(error(file, text, yaml, first_line, &err, code)))
}

/// The parser's error `err` as a diagnostic located in `text`, in plain
/// words ([`plain`]).
fn error(
    file: &Path,
    text: &str,
    yaml: &str,
    first_line: usize,
    err: &serde_yaml::Error,
    code: &'static str,
) -> Diagnostic {
    let full = err.to_string();
    let raw = Raw::read(&full);
    let at_tab = err.location().is_some_and(|loc| yaml[loc.index().min(yaml.len())..].starts_with('\t'));
    let (message, hint) = plain(&raw, at_tab);
    let diag = Diagnostic::error(code, file, message).hint(hint);
    // serde_yaml counts lines from the start of the YAML it was given. For a
    // quote, bracket or key left open, the parser stops further down; the
    // line where it was opened is the one to fix.
    let location = match raw.opened_at {
        Some(opened) if raw.points_back() => Some(opened),
        _ => err.location().map(|loc| (loc.line(), loc.column())),
    };
    match location {
        Some((line, column)) => diag.at(first_line + line, column).with_source_line(text),
        None => diag,
    }
}

/// A serde_yaml message taken apart: "`path`: `problem` at line L column C,
/// while `context` at line L column C".
struct Raw<'a> {
    /// Where in the document the problem is, e.g. `weight` or `versions[0].status`.
    path: Option<&'a str>,
    /// What went wrong, in the parser's words, quoted values shortened.
    problem: String,
    /// Where the construct the parser was reading began (line, column).
    opened_at: Option<(usize, usize)>,
}

impl<'a> Raw<'a> {
    fn read(text: &'a str) -> Self {
        let (main, context) = text.split_once(", while ").unwrap_or((text, ""));
        let main = main.find(" at line ").map_or(main, |cut| &main[..cut]);
        let (path, problem) = match main.split_once(": ") {
            Some((path, rest)) if path.chars().all(|c| c.is_alphanumeric() || "_-.[]".contains(c)) => {
                (Some(path), rest)
            }
            _ => (None, main),
        };
        Raw {
            path,
            problem: shorten_quotes(problem),
            opened_at: context.split_once(" at line ").and_then(|(_, at)| mark(at)),
        }
    }

    /// Whether the problem is something left open (a quote, a bracket, a key
    /// without its `:`), best shown where it was opened.
    fn points_back(&self) -> bool {
        ["found unexpected end of stream", "could not find expected ':'", "did not find expected ','"]
            .iter()
            .any(|p| self.problem.starts_with(p))
    }
}

/// "L column C" as numbers.
fn mark(text: &str) -> Option<(usize, usize)> {
    let (line, column) = text.split_once(" column ")?;
    Some((line.trim().parse().ok()?, column.trim().parse().ok()?))
}

/// The message and hint for a parser error, in plain words. `at_tab` tells
/// that the parser stopped at a tab.
fn plain(raw: &Raw<'_>, at_tab: bool) -> (Text, Text) {
    let problem = raw.problem.as_str();
    let key = raw.path.unwrap_or("");
    if let Some((field, expected)) = unknown_name(problem, "unknown field `") {
        let known = expected.clone().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        let message =
            tr!("unknown key `{field}`; the keys are {known}", "clave desconocida `{field}`; las claves son {known}");
        let hint = match did_you_mean(field, expected) {
            Some(meant) => tr!(
                "did you mean `{meant}`? correct the spelling or remove the key",
                "¿quiso decir `{meant}`? corrija la ortografía o elimine la clave"
            ),
            None => tr!("remove the key or correct its spelling", "elimine la clave o corrija su ortografía"),
        };
        return (message, hint);
    }
    if let Some((value, expected)) = unknown_name(problem, "unknown variant `") {
        let known = expected.clone().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        let message = tr!(
            "`{key}` cannot be `{value}`; it is one of {known}",
            "`{key}` no puede ser `{value}`; es uno de {known}"
        );
        let hint = match did_you_mean(value, expected) {
            Some(meant) => tr!("did you mean `{meant}`?", "¿quiso decir `{meant}`?"),
            None => tr!("write one of the values listed", "escriba uno de los valores indicados"),
        };
        return (message, hint);
    }
    if let Some(field) = problem.strip_prefix("missing field `").and_then(|r| r.strip_suffix('`')) {
        let message = tr!("the key `{field}` is missing", "falta la clave `{field}`");
        return (message, tr!("add a line `{field}: …`", "añada una línea `{field}: …`"));
    }
    if let Some(field) = problem.strip_prefix("duplicate field `").and_then(|r| r.strip_suffix('`')) {
        let message = tr!("the key `{field}` is given twice", "la clave `{field}` aparece dos veces");
        return (message, tr!("keep only one of the two lines", "deje solo una de las dos líneas"));
    }
    if let Some(mismatch) = problem.strip_prefix("invalid type: ").or_else(|| problem.strip_prefix("invalid value: ")) {
        if let Some((found, expected)) = mismatch.split_once(", expected ") {
            return wrong_type(key, found, expected);
        }
    }
    let quote_it =
        || tr!("put the whole value in quotes: `key: \"…\"`", "ponga todo el valor entre comillas: `clave: \"…\"`");
    let (message, hint) = match problem {
        _ if at_tab || problem.contains("tab character") => (
            tr!("a tab is used to indent this line; YAML indents with spaces only", "esta línea se sangra con un tabulador; el YAML solo admite espacios"),
            tr!("replace the tab with spaces", "reemplace el tabulador por espacios"),
        ),
        "mapping values are not allowed in this context" => (
            tr!(
                "this `:` cannot be read: a value that contains `: ` needs quotes, and a key cannot be indented under another",
                "este `:` no se puede interpretar: un valor que contiene `: ` necesita comillas, y una clave no puede sangrarse bajo otra"
            ),
            tr!(
                "put the value in quotes (`title: \"Capítulo: uno\"`), or start the key at the beginning of the line",
                "ponga el valor entre comillas (`title: \"Capítulo: uno\"`) o empiece la clave al principio de la línea"
            ),
        ),
        "did not find expected key" => (
            tr!(
                "this line does not continue the `key: value` lines: text after a quoted value, or a different indentation",
                "esta línea no sigue las líneas `clave: valor`: hay texto tras un valor entre comillas o otra sangría"
            ),
            tr!(
                "start each key at the beginning of its line and quote the whole value: `title: '\"A\" and B'`",
                "empiece cada clave al principio de su línea y ponga todo el valor entre comillas: `title: '\"A\" y B'`"
            ),
        ),
        "could not find expected ':'" => (
            tr!("this line is not `key: value`: the `:` is missing", "esta línea no es `clave: valor`: falta el `:`"),
            tr!("add `: ` after the key, or remove the line", "añada `: ` tras la clave o elimine la línea"),
        ),
        "found character that cannot start any token" => (
            tr!(
                "a YAML value cannot start with this character (`@`, the backquote and `%` are reserved)",
                "un valor YAML no puede empezar con este carácter (`@`, la comilla invertida y `%` están reservados)"
            ),
            quote_it(),
        ),
        "found unexpected end of stream" => (
            tr!("this quoted value is never closed", "este valor entre comillas nunca se cierra"),
            tr!(
                "add the closing quote at the end of the value, on the same line",
                "añada la comilla de cierre al final del valor, en la misma línea"
            ),
        ),
        "found unknown escape character" => (
            tr!(
                "a `\\` in a double-quoted value starts an unknown escape",
                "una `\\` en un valor entre comillas dobles inicia un escape desconocido"
            ),
            tr!(
                "write `\\\\` for a backslash, or use single quotes",
                "escriba `\\\\` para una barra invertida o use comillas simples"
            ),
        ),
        "unknown anchor" => (
            tr!("a value starting with `*` names an anchor that does not exist", "un valor que empieza con `*` nombra un ancla que no existe"),
            quote_it(),
        ),
        _ if problem.starts_with("did not find expected ',' or ") => (
            tr!(
                "this list or map in brackets is never closed",
                "esta lista o mapa entre corchetes o llaves nunca se cierra"
            ),
            tr!(
                "close it with `]` or `}}`, or quote the value if the bracket is part of the text",
                "ciérrelo con `]` o `}}`, o ponga el valor entre comillas si el corchete es parte del texto"
            ),
        ),
        _ => (
            tr!("the YAML is not valid: {problem}", "el YAML no es válido: {problem}"),
            tr!(
                "check the YAML syntax: `key: value`, and quote values that contain `:` or start with a special character",
                "revise la sintaxis YAML: `clave: valor`, y ponga entre comillas los valores que contienen `:` o empiezan con un carácter especial"
            ),
        ),
    };
    (message, hint)
}

/// The message and hint for a value of the wrong type: `key` should be
/// `expected` (serde's words, e.g. `i64`) but is `found` (e.g. `string "dos"`).
fn wrong_type(key: &str, found: &str, expected: &str) -> (Text, Text) {
    let expected = match expected {
        "i64" | "u64" | "i32" | "u32" | "usize" | "u16" | "u8" | "an integer" => {
            tr!("a whole number", "un número entero")
        }
        "a string" | "a borrowed string" => tr!("a text", "un texto"),
        "a boolean" => tr!("`true` or `false`", "`true` o `false`"),
        e if e.starts_with("a sequence") => tr!("a list", "una lista"),
        e if e.starts_with("struct ") || e.starts_with("a map") => {
            tr!("`key: value` lines", "líneas `clave: valor`")
        }
        e => Text::from(e),
    };
    let found = match found.split_once(' ') {
        Some(("string", value)) => tr!("the text {value}", "el texto {value}"),
        Some(("integer" | "floating", value)) => {
            let value = value.trim_start_matches("point ");
            let value = value.split(" as ").next().unwrap_or(value);
            tr!("the number {value}", "el número {value}")
        }
        Some(("boolean", value)) => Text::from(value),
        _ => match found {
            "sequence" => tr!("a list", "una lista"),
            "map" => tr!("a map of `key: value`", "un mapa de `clave: valor`"),
            "unit value" => tr!("empty", "vacío"),
            other => Text::from(other),
        },
    };
    if key.is_empty() {
        let message =
            tr!("the YAML should be {expected}, but it is {found}", "el YAML debe ser {expected}, pero es {found}");
        let hint = tr!("write one `key: value` per line", "escriba un `clave: valor` por línea");
        return (message, hint);
    }
    let message =
        tr!("`{key}` should be {expected}, but it is {found}", "`{key}` debe ser {expected}, pero es {found}");
    let hint = tr!(
        "correct the value; quote it if it is text starting with `[` or `{{`",
        "corrija el valor; póngalo entre comillas si es un texto que empieza con `[` o `{{`"
    );
    (message, hint)
}

/// The name a serde message such as "unknown field `weigth`, expected one of
/// `id`, `weight`" gives after `prefix`, and the names it expects.
fn unknown_name<'m>(message: &'m str, prefix: &str) -> Option<(&'m str, impl Iterator<Item = &'m str> + Clone)> {
    let rest = message.strip_prefix(prefix)?;
    let (name, expected) = rest.split_once('`')?;
    Some((name, expected.split('`').skip(1).step_by(2)))
}

/// How many characters of a quoted value a message keeps.
const QUOTE_LIMIT: usize = 60;

/// `text` with each `"…"` or `` `…` `` span cut to its first line (serde
/// escapes line breaks as `\n`) and at most [`QUOTE_LIMIT`] characters,
/// marked with `…` where cut.
fn shorten_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(256));
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c != '"' && c != '`' {
            continue;
        }
        let mut quoted = String::new();
        let mut escaped = false;
        let mut closed = false;
        for q in chars.by_ref() {
            if q == c && !escaped {
                closed = true;
                break;
            }
            escaped = c == '"' && q == '\\' && !escaped;
            quoted.push(q);
        }
        let first_line = quoted.split(['\n']).next().unwrap_or_default();
        let first_line = first_line.split("\\n").next().unwrap_or_default();
        let kept: String = first_line.chars().take(QUOTE_LIMIT).collect();
        let kept = kept.strip_suffix('\\').unwrap_or(&kept);
        out.push_str(kept);
        if kept.len() < quoted.len() {
            out.push('…');
        }
        if closed {
            out.push(c);
        }
    }
    out
}

/// The byte offset in `yaml` where its nesting first goes deeper than
/// [`MAX_DEPTH`], if it does, read in one pass: block levels by indentation
/// and `- `/`? ` indicators, flow levels by brackets outside quotes and
/// comments.
fn too_deep(yaml: &str) -> Option<usize> {
    // The indentation of each open block level.
    let mut block: Vec<usize> = Vec::new();
    let mut flow = 0;
    let mut line_start = 0;
    for line in yaml.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let rest = content.trim_start_matches(' ');
        if flow == 0 && !rest.is_empty() && !rest.starts_with('#') {
            let mut column = content.len() - rest.len();
            while block.last().is_some_and(|&open| open >= column) {
                block.pop();
            }
            block.push(column);
            let mut rest = rest;
            while let Some(after) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("? ")) {
                let next = after.trim_start_matches(' ');
                column += rest.len() - next.len();
                block.push(column);
                if block.len() > MAX_DEPTH {
                    return Some(start + column);
                }
                rest = next;
            }
            if block.len() > MAX_DEPTH {
                return Some(start + column);
            }
        }
        let mut quote = None;
        let mut escaped = false;
        let mut previous = ' ';
        for (i, c) in content.char_indices() {
            match quote {
                Some(_) if escaped => escaped = false,
                Some('"') if c == '\\' => escaped = true,
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    '\'' | '"' if matches!(previous, ' ' | '[' | '{' | ',' | ':' | '-' | '?') => quote = Some(c),
                    '#' if previous == ' ' => break,
                    '[' | '{' => {
                        flow += 1;
                        if block.len() + flow > MAX_DEPTH {
                            return Some(start + i);
                        }
                    }
                    ']' | '}' => flow = usize::saturating_sub(flow, 1),
                    _ => {}
                },
            }
            previous = c;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::{parse, shorten_quotes};

    type Map = BTreeMap<String, String>;

    // Quoted values keep their first line, at most 60 characters; short ones are left alone.
    #[test]
    fn quotes_are_shortened_to_one_short_line() {
        assert_eq!(
            shorten_quotes("unknown field `langs`, expected `title`"),
            "unknown field `langs`, expected `title`"
        );
        assert_eq!(
            shorten_quotes(r#"invalid type: string "TOKEN=x\nKEY", expected"#),
            r#"invalid type: string "TOKEN=x…", expected"#
        );
        let long = format!("string \"{}\"", "a".repeat(100));
        assert_eq!(shorten_quotes(&long), format!("string \"{}…\"", "a".repeat(60)));
        assert_eq!(shorten_quotes(r#"string "say \"hi\"""#), r#"string "say \"hi\"""#);
    }

    // An error in YAML that starts on line 2 of its file (after `---`) is
    // located at the file's line, with that line shown and the parser's
    // message in plain words, without its own " at line L column C".
    #[test]
    fn errors_are_located_in_the_whole_file() {
        let text = "---\na: 1\nb: [x]\n---\nbody\n";
        let err = parse::<Map>(Path::new("p.md"), text, "a: 1\nb: [x]\n", 1, "front-matter").unwrap_err();
        assert_eq!((err.code, err.line), ("front-matter", 3));
        assert_eq!(err.source_line.as_deref(), Some("b: [x]"));
        assert_eq!(err.message.en(), "`b` should be a text, but it is a list");
        assert_eq!(parse::<Map>(Path::new("p.md"), text, "a: x\n", 1, "front-matter").unwrap()["a"], "x");
    }

    // A whole-file value quoted back by the parser is cut to one short line.
    #[test]
    fn a_long_quoted_value_is_truncated() {
        let text = format!("{} and on\nsecond line\n", "word ".repeat(40));
        let err = parse::<Map>(Path::new("folio.yaml"), &text, &text, 0, "config").unwrap_err();
        assert!(err.message.en().contains("…") && !err.message.en().contains("second"), "{}", err.message);
        assert!(err.message.en().len() < 150, "{}", err.message);
    }

    // Nesting past the limit is refused, at the file line where it is passed;
    // at the limit, the parser decides.
    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        // `k:` is one level, so its 64th bracket is the 65th level.
        let deep = format!("k: {}{}\n", "[".repeat(64), "]".repeat(64));
        let text = format!("# a comment\n{deep}");
        let err = parse::<serde_yaml::Value>(Path::new("folio.yaml"), &text, &text, 0, "config").unwrap_err();
        assert_eq!((err.line, err.column), (2, "k: ".len() + 64));
        assert!(err.message.en().contains("nested more than 64 levels deep"), "{}", err.message);
        let at_limit = format!("k: {}{}\n", "[".repeat(63), "]".repeat(63));
        assert!(parse::<serde_yaml::Value>(Path::new("folio.yaml"), &at_limit, &at_limit, 0, "config").is_ok());
    }
}
