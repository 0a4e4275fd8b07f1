//! Reading input files: the one place that turns a path into text, and TOML text into a typed
//! value or a diagnostic that says where and what.

use std::path::{Path, PathBuf};

pub mod date;
mod document;

pub(crate) use document::{
    Document, deserialize_all, parse_document, rejected, rejected_with_hint, toml_diagnostic,
    valid_names_hint,
};
pub use document::{parse, parse_all};

use crate::diagnostic::{Code, Source};
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
    /// A folder given where a file belongs: with the packet file in it, when it has one.
    #[error("it is a folder, not a file{}", .0.as_ref().map(|file| format!(": did you mean `{}`?", file.display())).unwrap_or_default())]
    Folder(Option<PathBuf>),
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
    let metadata = std::fs::metadata(path)?;
    if metadata.is_dir() {
        let packet = Some(path.join("packet.toml")).filter(|file| file.is_file());
        return Err(std::io::Error::other(Refused::Folder(packet)));
    }
    regular(&metadata)?;
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
    use super::document::own_code;
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
        assert_eq!(refused(dir.path()), "it is a folder, not a file");
        std::fs::write(dir.path().join("packet.toml"), "").expect("a packet");
        assert_eq!(
            refused(dir.path()),
            format!(
                "it is a folder, not a file: did you mean `{}`?",
                dir.path().join("packet.toml").display()
            )
        );
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
            Some((Code::InvalidNumber, "too large", None))
        );
        assert_eq!(own_code("too large"), None);
    }
}
