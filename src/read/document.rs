//! TOML text to typed values, or diagnostics that say where and what: every syntax error is
//! recovered from and every problem reported, so that one mistake hides no other.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::date;
use crate::diagnostic::{Code, Diagnostic, Source, suggest};

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
    let date = span.as_ref().and_then(|at| date_word(&source.text, at));
    let (code, message, hint) = match own_code(message) {
        Some((code, message, hint)) => (code, message.to_owned(), hint.map(str::to_owned)),
        None if message.starts_with("missing field") => (
            Code::MissingKey,
            message.replace("missing field", "missing key"),
            None,
        ),
        None if message.starts_with("invalid type") || message.starts_with("invalid value") => {
            (Code::WrongType, plain_type_error(message), None)
        }
        // toml's words for a value of a list of names (an activity's `kind`) that is not text.
        None if message == "wanted string or table" => (
            Code::WrongType,
            "expected one of its values as text in quotes, like `\"talk\"`".to_owned(),
            None,
        ),
        // A syntax error under what a person meant as a date: a day the month does not have,
        // or a date written another way, which TOML then reads as a bad number or bare word.
        None if let Some(date) = date => {
            let (message, hint) = date::problem(date);
            (Code::InvalidDate, message, hint)
        }
        None => (Code::InvalidToml, message.to_owned(), None),
    };
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

/// `rejected`, with the hint that goes with the message, if any.
pub(crate) fn rejected_with_hint<E: serde::de::Error>(
    code: Code,
    message: impl std::fmt::Display,
    hint: Option<String>,
) -> E {
    match hint {
        Some(hint) => E::custom(format_args!(
            "{OWN}{}{OWN}{message}{OWN}{hint}",
            code.name()
        )),
        None => rejected(code, message),
    }
}

/// The code, message and hint `rejected` put into a toml error's message.
pub(super) fn own_code(message: &str) -> Option<(Code, &str, Option<&str>)> {
    let (name, message) = message.strip_prefix(OWN)?.split_once(OWN)?;
    let code = Code::ALL.iter().copied().find(|code| code.name() == name)?;
    let (message, hint) = match message.split_once(OWN) {
        Some((message, hint)) => (message, Some(hint)),
        None => (message, None),
    };
    Some((code, message, hint))
}

/// The bare value at `span` when it is what a person meant as a date: `2026-02-30`, a date
/// TOML has no such day for, or `2026/04/09`, a date written another way; never part of a
/// date-time.
fn date_word<'t>(text: &'t str, span: &std::ops::Range<usize>) -> Option<&'t str> {
    // toml may point inside the word (`2026.04.09` is a bad float at its second dot): the
    // word starts after the space, `=`, `[`, `{` or `,` before the span.
    let before = text.get(..span.start).unwrap_or_default();
    let start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '=' | '[' | '{' | ','))
        .map_or(0, |at| at + 1);
    let value = text.get(start..).unwrap_or_default();
    let word = value
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}' | '#'))
        .next()
        .unwrap_or_default();
    date::looks_like(word).then_some(word)
}

/// serde's "invalid type: string \"x\", expected a sequence" in plain words: what was expected,
/// as a TOML value written, and what was found.
fn plain_type_error(message: &str) -> String {
    let rest = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
        .unwrap_or(message);
    let Some((found, expected)) = rest.rsplit_once(", expected ") else {
        return message.to_owned();
    };
    format!(
        "expected {}, found {}",
        expected_words(expected),
        found_words(found)
    )
}

/// What serde says a type expects, as a person writes it in TOML.
fn expected_words(expected: &str) -> String {
    match expected {
        "a sequence" => "a list in brackets, like `[\"a\", \"b\"]`".to_owned(),
        "a map" => "a table: a `[name]` header with keys under it, or `{ key = value }`".to_owned(),
        "a string" | "a borrowed string" | "a character" => {
            "text in quotes, like `\"text\"`".to_owned()
        }
        "a boolean" => "`true` or `false`".to_owned(),
        "f64" | "f32" => "a number".to_owned(),
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number, 0 or more".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_owned(),
        other if other.starts_with("struct ") => {
            "a table: a `[name]` header with keys under it, or `{ key = value }`".to_owned()
        }
        other => other.to_owned(),
    }
}

/// What serde says it found (`serde::de::Unexpected`), in the words of TOML.
fn found_words(found: &str) -> String {
    match found {
        "sequence" => "a list".to_owned(),
        "map" => "a table".to_owned(),
        "unit" | "unit value" | "Option value" => "nothing".to_owned(),
        other => {
            for (serde, toml) in [
                ("string ", "the text "),
                ("integer ", "the number "),
                ("floating point ", "the number "),
                ("boolean ", ""),
            ] {
                if let Some(value) = other.strip_prefix(serde) {
                    return format!("{toml}{value}");
                }
            }
            other.to_owned()
        }
    }
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
