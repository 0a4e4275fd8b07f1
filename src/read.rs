//! Reading input files: the one place that turns a path into text, and TOML text into a typed
//! value or a diagnostic that says where and what.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

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

/// A TOML document read as far as it goes: the parser recovers from every syntax error and
/// reads on, so that the rest of the file is still read and checked.
pub(crate) struct Document<'i> {
    pub root: Spanned<DeTable<'i>>,
    /// The lines that hold a syntax error.
    broken: Vec<usize>,
}

impl Document<'_> {
    /// Whether a problem found in the recovered document is only a consequence of its syntax
    /// errors: it is on a line that holds one, or it is a key that reads as missing (its
    /// table may be the broken part), or it has no place to point at.
    pub(crate) fn explains(&self, problem: &Diagnostic) -> bool {
        !self.broken.is_empty()
            && (problem.code == Code::MissingKey
                || problem
                    .location
                    .as_ref()
                    .is_none_or(|at| self.broken.contains(&at.line)))
    }
}

/// Parses TOML text, reporting every syntax error rather than the first.
pub(crate) fn parse_document(source: &Source) -> (Document<'_>, Vec<Diagnostic>) {
    let (root, errors) = DeTable::parse_recoverable(&source.text);
    let problems: Vec<Diagnostic> = errors
        .iter()
        .map(|err| toml_diagnostic(source, err))
        .collect();
    let broken = problems
        .iter()
        .filter_map(|d| d.location.as_ref().map(|at| at.line))
        .collect();
    (Document { root, broken }, problems)
}

/// Parses TOML text into `T`, reporting every problem it can: every syntax error, and every
/// unknown key, each left out and the rest read again, so that a misspelt key hides nothing
/// after it. `T` comes back when nothing but unknown keys stood in its way (the problems then
/// hold errors all the same); another problem stops it there, as serde does.
pub fn parse_all<T: DeserializeOwned>(source: &Source) -> (Option<T>, Vec<Diagnostic>) {
    let (document, mut problems) = parse_document(source);
    let span = document.root.span();
    let root = Spanned::new(span, DeValue::Table(document.root.get_ref().clone()));
    let value = deserialize_all(source, &document, root, &mut problems);
    (value, problems)
}

/// Reads one value of a document as `T`, as `parse_all` reads a whole one. An unknown key is
/// reported and left out, and the rest read again. Any other problem is reported and the entry
/// that holds it left out too, so that the problems after it are found; `T` then does not come
/// back. Problems that are only consequences of a syntax error or of an entry left out are not
/// reported.
pub(crate) fn deserialize_all<'i, T: Deserialize<'i>>(
    source: &Source,
    document: &Document<'_>,
    mut value: Spanned<DeValue<'i>>,
    problems: &mut Vec<Diagnostic>,
) -> Option<T> {
    // The keys left out, and those the unknown ones were most likely meant to be: that one of
    // them is then missing is the same mistake, said once.
    let mut gone: Vec<String> = Vec::new();
    let mut failed = false;
    // Every round leaves an entry out of the value, so the rounds end; a value with more
    // problems than this is reported in part.
    for _ in 0..MAX_PROBLEMS_IN_ONE_VALUE {
        let err = match T::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(read) => return (!failed).then_some(read),
            Err(err) => err,
        };
        let message = err.message();
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(name, _)| name);
        if missing.is_some_and(|name| gone.iter().any(|g| g == name)) {
            return None;
        }
        let diagnostic = toml_diagnostic(source, &err);
        if !document.explains(&diagnostic) {
            problems.push(diagnostic);
        }
        let at = err.span()?;
        if let Some((name, valid)) = unknown_name(message, "unknown field `") {
            gone.extend(suggest::closest(name, valid.iter().copied()).map(str::to_owned));
            if !leave_out_key(&mut value, &at) {
                return None;
            }
            continue;
        }
        failed = true;
        match leave_out_entry(&mut value, &at) {
            Some(key) => gone.push(key),
            None => return None,
        }
    }
    None
}

/// How many problems `deserialize_all` looks for in one value: each is a new read of it.
const MAX_PROBLEMS_IN_ONE_VALUE: usize = 100;

/// Removes the key written at `at` from `value` or a table inside it; whether there was one.
fn leave_out_key(value: &mut Spanned<DeValue<'_>>, at: &std::ops::Range<usize>) -> bool {
    match value.get_mut() {
        DeValue::Table(table) => {
            let key = table
                .iter()
                .find(|(key, _)| key.span() == *at)
                .map(|(key, _)| key.clone());
            match key {
                Some(key) => table.remove(&key).is_some(),
                None => table.iter_mut().any(|(_, inner)| leave_out_key(inner, at)),
            }
        }
        DeValue::Array(items) => items.iter_mut().any(|inner| leave_out_key(inner, at)),
        _ => false,
    }
}

/// Removes the innermost entry inside `value` whose value holds `at`: a key and its value, or
/// an element of an array. The key's name (empty for an element), or `None` when no entry
/// inside holds it.
fn leave_out_entry(
    value: &mut Spanned<DeValue<'_>>,
    at: &std::ops::Range<usize>,
) -> Option<String> {
    let holds = |inner: &Spanned<DeValue<'_>>| {
        let span = inner.span();
        span.start <= at.start && at.end <= span.end
    };
    match value.get_mut() {
        DeValue::Table(table) => {
            let key = table.iter().find(|(_, inner)| holds(inner))?.0.clone();
            if let Some(inner) = table.get_mut(&key)
                && let Some(name) = leave_out_entry(inner, at)
            {
                return Some(name);
            }
            table.remove(&key);
            Some(key.get_ref().to_string())
        }
        DeValue::Array(items) => {
            let index = items.iter().position(holds)?;
            if let Some(name) = items
                .get_mut(index)
                .and_then(|inner| leave_out_entry(inner, at))
            {
                return Some(name);
            }
            let kept = items
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != index)
                .map(|(_, inner)| inner.clone())
                .collect();
            *items = kept;
            Some(String::new())
        }
        _ => None,
    }
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

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // read, never looked at
    struct Shape {
        name: String,
        #[serde(default)]
        items: Vec<Item>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        id: String,
    }

    fn all(text: &str) -> (Option<Shape>, Vec<(Code, usize)>) {
        let (value, problems) = parse_all::<Shape>(&Source::new("s.toml", text));
        let found = problems
            .iter()
            .map(|d| (d.code, d.location.as_ref().map_or(0, |l| l.line)))
            .collect();
        (value, found)
    }

    #[test]
    fn every_unknown_key_is_reported_and_the_rest_still_read() {
        let (value, found) = all("name = \"n\"\ncolour = 1\n[[items]]\nid = \"a\"\nsize = 2\n");
        assert!(value.is_some());
        assert_eq!(found, [(Code::UnknownKey, 2), (Code::UnknownKey, 5)]);
    }

    #[test]
    fn a_misspelt_required_key_is_one_problem() {
        let (value, found) = all("nme = \"n\"\n");
        assert!(value.is_none());
        assert_eq!(found, [(Code::UnknownKey, 1)]);
    }

    #[test]
    fn every_syntax_error_is_reported_and_its_consequences_are_not() {
        let (_, found) = all("name = \"n\"\nwhen = 2026-04-31\nalso = 2026-13-01\nitems = 3\n");
        assert_eq!(
            found,
            [
                (Code::InvalidDate, 2),
                (Code::InvalidDate, 3),
                (Code::WrongType, 4)
            ]
        );
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
