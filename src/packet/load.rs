//! The one loading boundary: a packet and everything it pulls in (its rubric, the activity
//! files it includes), read once, with the problems met on the way. Nothing after this stage
//! reads a file.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::parse::parse_packet;
use super::raw::{RawActivity, RawActivityFile, RawPacket};
use crate::diagnostic::{Code, Diagnostic, Source, suggest};
use crate::error::Error;
use crate::read::{self, normalize};
use crate::rubric::{self, BUILTIN, Rubric};

/// A packet as read: its text, its raw parts, its rubric and its included files, and every
/// problem found while reading them. Validation is a pure function of this value.
#[derive(Debug)]
pub struct Loaded {
    /// The packet file.
    pub source: Source,
    /// The packet as written, when its required parts could be read.
    pub raw: Option<RawPacket>,
    /// The checked rubric the packet names, when it could be found and checked.
    pub rubric: Option<Rubric>,
    /// Why the rubric could not be: it cannot be found, or it has problems of its own.
    pub rubric_problems: Vec<Diagnostic>,
    /// The rubric's file; `None` for a built-in rubric.
    pub rubric_path: Option<PathBuf>,
    /// The activity files the packet includes, in the order they are read.
    pub includes: Vec<Included>,
    /// Problems met while reading the packet and its includes: syntax, shape, unreadable files.
    pub problems: Vec<Diagnostic>,
}

/// One activity file a packet includes.
#[derive(Debug)]
pub struct Included {
    pub source: Source,
    pub activities: Vec<Spanned<RawActivity>>,
}

impl Loaded {
    /// Whether every part of the packet and of the files it includes could be read.
    pub fn is_complete(&self) -> bool {
        self.raw.is_some() && !self.problems.iter().any(Diagnostic::is_error)
    }

    /// Every activity as written, the packet's first, then each included file's.
    pub fn activities(&self) -> impl Iterator<Item = &RawActivity> {
        let own = self.raw.iter().flat_map(|raw| &raw.activities);
        let included = self.includes.iter().flat_map(|file| &file.activities);
        own.chain(included).map(Spanned::get_ref)
    }
}

/// Reads the packet at `path` and everything it pulls in. Only a packet file that cannot be
/// read at all is an `Err`; every other problem is in `Loaded::problems`.
pub fn load(path: &Path) -> Result<Loaded, Error> {
    read::read(path).map(load_source)
}

/// Reads what the packet text in `source` pulls in, relative to its path: for a packet that
/// is not on disk yet, such as `add`'s packet with the new activity.
pub fn load_source(source: Source) -> Loaded {
    let (raw, mut problems) = parse_packet(&source);
    let mut loaded = Loaded {
        source,
        raw: None,
        rubric: None,
        rubric_problems: Vec::new(),
        rubric_path: None,
        includes: Vec::new(),
        problems: Vec::new(),
    };
    if let Some(raw) = &raw {
        match find_rubric(&raw.rubric, &loaded.source) {
            Ok((path, rubric_source)) => {
                loaded.rubric_path = path;
                match rubric::check(&rubric_source) {
                    Ok(rubric) => loaded.rubric = Some(rubric),
                    Err(found) => loaded.rubric_problems = found,
                }
            }
            Err(diagnostic) => loaded.rubric_problems.push(diagnostic),
        }
        loaded.includes = read_includes(&raw.include, &loaded.source, &mut problems);
    }
    loaded.raw = raw;
    loaded.problems = problems;
    loaded
}

/// Finds the rubric source a packet names: a built-in, or a file relative to the packet.
fn find_rubric(
    name: &toml::Spanned<String>,
    packet: &Source,
) -> Result<(Option<PathBuf>, Source), Diagnostic> {
    let text = name.get_ref();
    if rubric::looks_like_path(text) {
        let dir = packet.path.parent().unwrap_or(Path::new(""));
        let path = normalize(&dir.join(text));
        return match read::read(&path) {
            Ok(source) => Ok((Some(path), source)),
            Err(err) => Err(packet
                .diagnostic(
                    Code::MissingRubric,
                    Some(name.span()),
                    format!(
                        "cannot read the rubric file `{}`: {}",
                        path.display(),
                        cause(&err)
                    ),
                )
                .with_hint("the path is relative to the packet file")),
        };
    }
    match rubric::builtin_source(text) {
        Some(source) => Ok((None, source)),
        None => {
            let names = BUILTIN.iter().map(|(name, _)| *name);
            let hint = match suggest::closest(text, names.clone()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "built-in rubrics are {}; for a rubric file, give a path ending in `.toml`",
                    suggest::backticked(names)
                ),
            };
            Err(packet
                .diagnostic(
                    Code::UnknownRubric,
                    Some(name.span()),
                    format!("unknown built-in rubric `{text}`"),
                )
                .with_hint(hint))
        }
    }
}

/// Why a file could not be read, without the path the message already names.
fn cause(err: &Error) -> String {
    match err {
        Error::Read { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

/// Reads the activity files a packet includes: every match of every pattern, relative to the
/// packet, in sorted order. Problems go to `problems`, located in the file that has them.
fn read_includes(
    patterns: &[toml::Spanned<String>],
    packet: &Source,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Included> {
    let dir = packet.path.parent().unwrap_or(std::path::Path::new(""));
    let mut included = Vec::new();
    // A file that several patterns match is read once; the packet never includes itself
    // (`include = ["*.toml"]` beside it).
    let mut seen = HashSet::from([normalize(&packet.path)]);
    for pattern in patterns {
        let full = dir.join(pattern.get_ref());
        let matches: Result<Vec<PathBuf>, String> = glob::glob(&full.to_string_lossy())
            .map_err(|err| err.to_string())
            .and_then(|paths| {
                paths
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|err| err.to_string())
            });
        let mut matches = match matches {
            Ok(matches) => matches,
            Err(why) => {
                let message = format!("cannot read the include `{}`: {why}", pattern.get_ref());
                problems.push(packet.diagnostic(Code::BadInclude, Some(pattern.span()), message));
                continue;
            }
        };
        matches.sort();
        if matches.is_empty() {
            let message = format!("the include `{}` matches no file", pattern.get_ref());
            let hint = "paths and globs are relative to the packet file".to_owned();
            problems.push(
                packet
                    .diagnostic(Code::EmptyInclude, Some(pattern.span()), message)
                    .with_hint(hint),
            );
        }
        for path in matches {
            let path = normalize(&path);
            if !seen.insert(path.clone()) {
                continue;
            }
            let source = match read::read(&path) {
                Ok(source) => source,
                Err(Error::Invalid(found)) => {
                    problems.extend(found);
                    continue;
                }
                Err(err) => {
                    let message =
                        format!("cannot read the included file `{}`: {err}", path.display());
                    problems.push(packet.diagnostic(
                        Code::BadInclude,
                        Some(pattern.span()),
                        message,
                    ));
                    continue;
                }
            };
            match read::parse::<RawActivityFile>(&source) {
                Ok(file) => included.push(Included {
                    source,
                    activities: file.activities,
                }),
                Err(diagnostic) => problems.push(diagnostic),
            }
        }
    }
    included
}
