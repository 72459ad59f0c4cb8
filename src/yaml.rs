//! The one module that names the YAML parser (serde_yaml), so a maintained
//! fork can replace it here alone. Every YAML Folio reads (`folio.yaml`,
//! front matter, the theme's UI strings) goes through [`parse`], which
//! refuses nesting deeper than [`MAX_DEPTH`] before the parser sees it (the
//! parser slows down with the square of the depth) and turns the parser's
//! errors into [`Diagnostic`]s located at the real line of the file, quoting
//! at most one short line of the offending value, and suggesting the key
//! an unknown one was probably meant to be.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{did_you_mean, line_col, Diagnostic};

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
            Diagnostic::error(code, file, format!("the YAML is nested more than {MAX_DEPTH} levels deep"))
                .at(first_line + line, column)
                .with_source_line(text)
                .hint("remove the nested lists or maps: Folio's YAML holds `key: value` lines and short lists"),
        ));
    }
    serde_yaml::from_str(yaml).map_err(|err| Box::new(error(file, text, first_line, &err, code)))
}

/// The parser's error `err` as a diagnostic located in `text`.
fn error(file: &Path, text: &str, first_line: usize, err: &serde_yaml::Error, code: &'static str) -> Diagnostic {
    let diag = Diagnostic::error(code, file, message(err));
    let diag = match err.location() {
        // serde_yaml counts lines from the start of the YAML it was given.
        Some(loc) => diag.at(first_line + loc.line(), loc.column()).with_source_line(text),
        None => diag,
    };
    let hint = match unknown_field(diag.message.en()) {
        Some((field, expected)) => match did_you_mean(field, expected) {
            Some(meant) => format!("did you mean `{meant}`? correct the spelling or remove the key"),
            None => "remove the key or correct its spelling".to_string(),
        },
        None => {
            "check the YAML syntax: `key: value`, and quote values that contain `:` or start with a special character"
                .to_string()
        }
    };
    diag.hint(hint)
}

/// The unknown key a serde message such as "unknown field `weigth`, expected
/// one of `id`, `weight`" names, and the keys it expects.
fn unknown_field(message: &str) -> Option<(&str, impl Iterator<Item = &str>)> {
    let (_, rest) = message.split_once("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    Some((field, expected.split('`').skip(1).step_by(2)))
}

/// serde_yaml appends " at line L column C" to its messages; the location is
/// shown separately, so drop it. Its messages also quote the offending value,
/// which can be a whole file (`invalid type: string "…"`): quoted values are
/// cut to [`QUOTE_LIMIT`] characters of their first line.
fn message(err: &serde_yaml::Error) -> String {
    let text = err.to_string();
    let text = match text.find(" at line ") {
        Some(cut) => &text[..cut],
        None => &text,
    };
    format!("invalid YAML: {}", shorten_quotes(text))
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
    // located at the file's line, with that line shown and the parser's own
    // " at line L column C" dropped from the message.
    #[test]
    fn errors_are_located_in_the_whole_file() {
        let text = "---\na: 1\nb: [x]\n---\nbody\n";
        let err = parse::<Map>(Path::new("p.md"), text, "a: 1\nb: [x]\n", 1, "front-matter").unwrap_err();
        assert_eq!((err.code, err.line), ("front-matter", 3));
        assert_eq!(err.source_line.as_deref(), Some("b: [x]"));
        assert!(
            err.message.en().starts_with("invalid YAML: ") && !err.message.en().contains(" at line "),
            "{}",
            err.message
        );
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
