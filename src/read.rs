//! Reading input files: the one place that turns a path into text, and TOML text into a typed
//! value or a diagnostic that says where and what.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::diagnostic::{Code, Diagnostic, Source, suggest};
use crate::error::Error;

/// The largest input file promopack reads: 64 MiB, far past any packet, rubric or template,
/// so that a device such as `/dev/zero` or a file that keeps growing cannot exhaust memory.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file was not read, although it is there.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// A folder, a device, a pipe or a socket: only regular files are read, so that reading
    /// never blocks on a pipe nor runs forever on a device.
    #[error("it is {0}, not a regular file")]
    NotAFile(&'static str),
    /// A file past `MAX_BYTES`.
    #[error("it is larger than {} MB, the most promopack reads", MAX_BYTES / (1024 * 1024))]
    TooLarge,
}

/// Reads a file's bytes: a regular file of at most `MAX_BYTES`, else a `Refused` cause.
pub fn bytes(path: &Path) -> Result<Vec<u8>, Error> {
    bounded(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

fn bounded(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    // Looked at before opening: opening a pipe for reading blocks until a writer comes.
    regular(&std::fs::metadata(path)?)?;
    let file = std::fs::File::open(path)?;
    // And again on what was opened, in case the path was replaced in between.
    let size = regular(&file.metadata()?)?;
    // A size that grows after the look still stops one byte past the limit.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(std::io::Error::other(Refused::TooLarge));
    }
    Ok(bytes)
}

/// The size of a regular file within `MAX_BYTES`, or why it is refused.
fn regular(metadata: &std::fs::Metadata) -> std::io::Result<u64> {
    let kind = metadata.file_type();
    if !kind.is_file() {
        let what = if kind.is_dir() {
            "a folder"
        } else {
            special_kind(&kind)
        };
        return Err(std::io::Error::other(Refused::NotAFile(what)));
    }
    if metadata.len() > MAX_BYTES {
        return Err(std::io::Error::other(Refused::TooLarge));
    }
    Ok(metadata.len())
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// Whether a TOML file found in a folder is a packet: it has a `[person]` table. Rubrics,
/// templates' data and other TOML files in the same folders are left alone.
pub fn is_packet(file: &Path) -> bool {
    bytes(file)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .is_some_and(|text| {
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
    read_as(path, path)
}

/// Reads `file` as UTF-8 text, named `name` in the source and its problems: a file reached
/// through a link is read at the real path that was checked, and named as the packet names it.
pub fn read_as(file: &Path, name: &Path) -> Result<Source, Error> {
    let path = name;
    let bytes = bounded(file).map_err(|source| Error::Read {
        path: name.to_path_buf(),
        source,
    })?;
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

/// The folders outside its own that the command line lets a packet read (`--read-outside`),
/// each resolved to its real path once.
#[derive(Debug, Clone, Default)]
pub struct Reach {
    folders: Vec<PathBuf>,
}

impl Reach {
    /// The folders given; one that is not a folder is a usage error.
    pub fn new(folders: &[PathBuf]) -> Result<Self, Error> {
        let folders = folders
            .iter()
            .map(|folder| match std::fs::canonicalize(folder) {
                Ok(real) if real.is_dir() => Ok(real),
                _ => Err(Error::Usage(format!(
                    "`--read-outside {}` names no folder",
                    folder.display()
                ))),
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { folders })
    }
}

/// What a packet may read, once every link is resolved: the files under its home (the top
/// folder of the git work tree that holds the packet, else the packet's own folder) and under
/// the folders its `Reach` adds; never a file inside a `.git` folder, where a CI checkout keeps
/// its credentials.
#[derive(Debug, Clone)]
pub struct Confine {
    /// The real path of the packet's home; `None` when its folder does not exist.
    home: Option<PathBuf>,
    folders: Vec<PathBuf>,
}

/// Why a packet may not read a path.
#[derive(Debug)]
pub enum Denied {
    /// It leads outside the packet's home and every folder the command line adds.
    Outside { real: PathBuf },
    /// It leads into a `.git` folder.
    Git { real: PathBuf },
}

impl Confine {
    /// What the packet at `packet` may read.
    pub fn packet(packet: &Path, reach: &Reach) -> Self {
        let dir = match packet.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        // A repository's packets share its rubric and activity files, and a pull request
        // can put a packet anywhere in it: the repository is the unit of trust, not the folder.
        let home = std::fs::canonicalize(dir).ok().map(|dir| {
            dir.ancestors()
                .find(|folder| folder.join(".git").exists())
                .map_or(dir.clone(), Path::to_path_buf)
        });
        Self {
            home,
            folders: reach.folders.clone(),
        }
    }

    /// The folder the packet reads under, as resolved, for messages.
    pub fn home(&self) -> Option<&Path> {
        self.home.as_deref()
    }

    /// The real path of `path` when the packet may read it. Nothing is opened: links are
    /// resolved from the file system's metadata alone. A path that does not exist is judged
    /// by where it would be, so that an error never tells whether a file outside exists.
    pub fn check(&self, path: &Path) -> Result<PathBuf, Denied> {
        let real = real_path(path);
        let within = self
            .home
            .iter()
            .chain(&self.folders)
            .find_map(|root| real.strip_prefix(root).ok());
        match within {
            None => Err(Denied::Outside { real }),
            Some(inside) if inside.components().any(|part| part.as_os_str() == ".git") => {
                Err(Denied::Git { real })
            }
            Some(_) => Ok(real),
        }
    }
}

/// `path` with every link resolved; for a path that does not exist, its nearest existing
/// folder's real path with the rest appended and `..` taken out.
fn real_path(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    for ancestor in absolute.ancestors().skip(1) {
        if let Ok(real) = std::fs::canonicalize(ancestor) {
            let rest = absolute.strip_prefix(ancestor).unwrap_or(Path::new(""));
            return normalize(&real.join(rest));
        }
    }
    normalize(&absolute)
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

    /// A folder tree: `home/` (the packet's repository) with `in/`, a link out and a link in, and
    /// `out/` beside it.
    #[cfg(unix)]
    fn tree() -> (tempfile::TempDir, Confine) {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        // `home/.git` makes `home` a repository's top, wherever the temporary folder is.
        for folder in ["home/in", "home/.git", "out"] {
            std::fs::create_dir_all(root.join(folder)).expect("mkdir");
        }
        for file in ["home/in/a.toml", "home/packet.toml", "out/b.toml"] {
            std::fs::write(root.join(file), "").expect("write");
        }
        std::os::unix::fs::symlink("../out", root.join("home/up")).expect("link");
        std::os::unix::fs::symlink("in", root.join("home/down")).expect("link");
        let confine = Confine::packet(&root.join("home/packet.toml"), &Reach::default());
        (dir, confine)
    }

    #[cfg(unix)]
    #[test]
    fn a_path_is_judged_where_its_links_lead() {
        let (dir, confine) = tree();
        let home = dir.path().join("home");
        assert!(confine.check(&home.join("in/a.toml")).is_ok());
        assert!(confine.check(&home.join("down/a.toml")).is_ok());
        assert!(confine.check(&home.join("down/../in/a.toml")).is_ok());
        assert!(confine.check(&home.join("up/b.toml")).is_err());
        assert!(confine.check(&home.join("../out/b.toml")).is_err());
        assert!(confine.check(&home.join("in/../../out/b.toml")).is_err());
        // Not there: judged by where it would be.
        assert!(confine.check(&home.join("in/new/x.toml")).is_ok());
        assert!(confine.check(&home.join("nope/../../out/x.toml")).is_err());
        assert!(confine.check(&home.join("up/x.toml")).is_err());
        let reach = Reach::new(&[dir.path().join("out")]).expect("a folder");
        let wider = Confine::packet(&home.join("packet.toml"), &reach);
        assert!(wider.check(&home.join("up/b.toml")).is_ok());
    }

    #[cfg(unix)]
    proptest::proptest! {
        /// Whatever path a packet writes, what it may read is inside its folder.
        #[test]
        fn nothing_allowed_is_outside(parts in proptest::collection::vec(
            proptest::sample::select(vec!["in", "up", "down", "..", ".", "a.toml", "b.toml", ".git"]),
            0..6,
        )) {
            let (dir, confine) = tree();
            let home = std::fs::canonicalize(dir.path().join("home")).expect("home");
            let path = parts.iter().fold(dir.path().join("home"), |path, part| path.join(part));
            if let Ok(real) = confine.check(&path) {
                proptest::prop_assert!(real.starts_with(&home), "{} -> {}", path.display(), real.display());
                proptest::prop_assert!(!real.components().any(|c| c.as_os_str() == ".git"));
                if let Ok(canonical) = std::fs::canonicalize(&path) {
                    proptest::prop_assert_eq!(canonical, real);
                }
            }
        }
    }

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let refused = |path: &Path| match bytes(path) {
            Err(Error::Read { source, .. }) => source.to_string(),
            other => panic!("{other:?}"),
        };
        assert_eq!(refused(dir.path()), "it is a folder, not a regular file");
        let big = dir.path().join("big.toml");
        std::fs::File::create(&big)
            .and_then(|file| file.set_len(MAX_BYTES + 1))
            .expect("a sparse file");
        assert_eq!(
            refused(&big),
            "it is larger than 64 MB, the most promopack reads"
        );
        std::fs::File::create(&big)
            .and_then(|file| file.set_len(MAX_BYTES))
            .expect("a sparse file");
        assert_eq!(bytes(&big).map(|b| b.len() as u64).ok(), Some(MAX_BYTES));
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
