//! Reading input files: the one place that turns a path into text, and TOML text into a typed
//! value or a diagnostic that says where and what.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diagnostic::{Code, Diagnostic, Source, suggest};
use crate::error::Error;

/// Reads a file's bytes.
pub fn bytes(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Whether a TOML file found in a folder is a packet: it has a `[person]` table. Rubrics,
/// templates' data and other TOML files in the same folders are left alone.
pub fn is_packet(file: &Path) -> bool {
    std::fs::read_to_string(file).is_ok_and(|text| {
        text.lines().any(|line| {
            let line = line.trim_start();
            line.starts_with("[person]")
                || line.starts_with("person =")
                || line.starts_with("person=")
        })
    })
}

/// Reads a file as UTF-8 text.
pub fn read(path: &Path) -> Result<Source, Error> {
    let bytes = bytes(path)?;
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let lossy = Source::new(path, String::from_utf8_lossy(err.as_bytes()));
        let at = valid;
        Error::Invalid(vec![
            lossy
                .diagnostic(
                    Code::NotUtf8,
                    Some(at..at),
                    format!("the file is not UTF-8 text (invalid byte at offset {valid})"),
                )
                .with_hint("save the file as UTF-8"),
        ])
    })?;
    Ok(Source::new(path, text))
}

/// Parses TOML text into `T`, turning a syntax or shape error into a diagnostic.
pub fn parse<T: DeserializeOwned>(source: &Source) -> Result<T, Diagnostic> {
    toml::from_str(&source.text).map_err(|err| toml_diagnostic(source, &err))
}

/// The code of a TOML error. toml's errors carry a message and a span, no kind: the code is
/// read from what it can be read from without guessing at words. A rejection by one of
/// promopack's own deserializers carries its code (see `rejected`); serde's own shape errors
/// have fixed, documented forms ("unknown field", "missing field", "invalid type"); a syntax
/// error under a date literal is a bad date.
pub(crate) fn toml_diagnostic(source: &Source, err: &toml::de::Error) -> Diagnostic {
    let message = err.message().trim_end_matches('\n');
    let span = err.span();
    if let Some((name, valid)) = unknown_name(message, "unknown field `") {
        return source
            .diagnostic(Code::UnknownKey, span, format!("unknown key `{name}`"))
            .with_hint(valid_names_hint(name, &valid, "keys"));
    }
    if let Some((name, valid)) = unknown_name(message, "unknown variant `") {
        return source
            .diagnostic(Code::UnknownValue, span, format!("unknown value `{name}`"))
            .with_hint(valid_names_hint(name, &valid, "values"));
    }
    let (code, message) = match own_code(message) {
        Some((code, message)) => (code, message.to_owned()),
        None if message.starts_with("missing field") => (
            Code::MissingKey,
            message.replace("missing field", "missing key"),
        ),
        None if message.starts_with("invalid type") => (
            Code::WrongType,
            message.replace("expected f64", "expected a number"),
        ),
        None if span
            .as_ref()
            .is_some_and(|at| is_date_literal(&source.text, at)) =>
        {
            (Code::InvalidDate, message.to_owned())
        }
        None => (Code::InvalidToml, message.to_owned()),
    };
    let hint = (code == Code::InvalidDate)
        .then(|| "write dates as YYYY-MM-DD, e.g. `2026-03-01`".to_owned());
    source
        .diagnostic(code, span, message)
        .with_optional_hint(hint)
}

/// Marks a rejection by one of promopack's own deserializers, so that its code survives
/// toml's message-only errors. serde lets a deserializer fail only with a message
/// (`de::Error::custom`) and toml keeps only that message and the span: the code travels in
/// front of the message, under a character no TOML file can put there, and is read back whole.
const OWN: char = '\u{1}';

/// A deserializer's error of kind `code`: a date that is not a date, a number out of range.
pub(crate) fn rejected<E: serde::de::Error>(code: Code, message: impl std::fmt::Display) -> E {
    E::custom(format_args!("{OWN}{}{OWN}{message}", code.name()))
}

/// The code and message `rejected` put into a toml error's message.
fn own_code(message: &str) -> Option<(Code, &str)> {
    let (name, message) = message.strip_prefix(OWN)?.split_once(OWN)?;
    let code = Code::ALL.iter().copied().find(|code| code.name() == name)?;
    Some((code, message))
}

/// Whether the value at `span` is a bare date literal (`2026-02-30`), as a person writes one:
/// ten characters shaped `YYYY-MM-DD`, not part of a date-time.
fn is_date_literal(text: &str, span: &std::ops::Range<usize>) -> bool {
    let value = text.get(span.start..).unwrap_or_default();
    let word = value
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}' | '#'))
        .next()
        .unwrap_or_default();
    word.len() == 10
        && word.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// Splits serde's "unknown field `x`, expected one of `a`, `b`" into `x` and `[a, b]`.
fn unknown_name<'m>(message: &'m str, prefix: &str) -> Option<(&'m str, Vec<&'m str>)> {
    let rest = message.strip_prefix(prefix)?;
    let (name, rest) = rest.split_once('`')?;
    let valid = rest.split('`').skip(1).step_by(2).collect::<Vec<_>>();
    Some((name, valid))
}

pub(crate) fn valid_names_hint(name: &str, valid: &[&str], what: &str) -> String {
    let list = suggest::backticked(valid.iter().copied());
    match suggest::closest(name, valid.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? valid {what}: {list}"),
        None if valid.is_empty() => format!("no {what} are allowed here"),
        None => format!("valid {what}: {list}"),
    }
}

/// `a/b/../c` as `a/c`, without touching the file system, so that diagnostics (and GitHub
/// annotations) name the rubric by the path a repository knows it by.
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut parts: Vec<Component> = Vec::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(text: &str) -> Code {
        let source = Source::new("p.toml", text);
        parse::<toml::Table>(&source).map_or_else(|d| d.code, |_| Code::InvalidToml)
    }

    #[test]
    fn a_bare_date_that_does_not_exist_is_an_invalid_date() {
        assert_eq!(code_of("a = 2026-02-30\n"), Code::InvalidDate);
        assert_eq!(code_of("a = [2026-13-01]\n"), Code::InvalidDate);
    }

    #[test]
    fn a_bad_time_or_other_syntax_is_invalid_toml() {
        assert_eq!(code_of("a = 2025-09-30T25:00:00\n"), Code::InvalidToml);
        assert_eq!(code_of("a = 2026-\n"), Code::InvalidToml);
        assert_eq!(code_of("a = \n"), Code::InvalidToml);
    }

    #[test]
    fn a_rejection_keeps_its_code_and_message() {
        let err: toml::de::Error = rejected(Code::InvalidNumber, "too large");
        assert_eq!(
            own_code(err.message()),
            Some((Code::InvalidNumber, "too large"))
        );
        assert_eq!(own_code("too large"), None);
    }
}
