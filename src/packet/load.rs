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
use crate::read::{self, Confine, Denied, Reach, normalize};
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

/// Reads the packet at `path` and everything it pulls in, within what it may read (the git
/// repository that holds it, else its folder: see `Confine`). Only a packet file that cannot
/// be read at all is an `Err`; every other problem is in `Loaded::problems`.
pub fn load(path: &Path) -> Result<Loaded, Error> {
    load_reaching(path, &Reach::default())
}

/// `load`, letting the packet also read under the folders `reach` names. A packet file that
/// is a link out of where it may read is refused as an include would be.
pub fn load_reaching(path: &Path, reach: &Reach) -> Result<Loaded, Error> {
    let confine = Confine::packet(path, reach);
    let real = match confine.check(path) {
        Ok(real) => real,
        Err(denied) => {
            let message = format!("the packet {}", denied_message(path, &denied, &confine));
            let problem = Diagnostic::in_file(path, Code::OutsidePacket, message)
                .with_hint(denied_hint(&denied));
            return Err(Error::Invalid(vec![problem]));
        }
    };
    read::read_as(&real, path).map(|source| load_confined(source, &confine))
}

/// Reads what the packet text in `source` pulls in, relative to its path and within what it
/// may read: for a packet that is not on disk yet, such as `add`'s packet with the new
/// activity.
pub fn load_source(source: Source) -> Loaded {
    load_source_reaching(source, &Reach::default())
}

/// `load_source`, letting the packet also read under the folders `reach` names.
pub fn load_source_reaching(source: Source, reach: &Reach) -> Loaded {
    let confine = Confine::packet(&source.path, reach);
    load_confined(source, &confine)
}

fn load_confined(source: Source, confine: &Confine) -> Loaded {
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
        match find_rubric(&raw.rubric, &loaded.source, confine) {
            Ok((path, rubric_source)) => {
                loaded.rubric_path = path;
                match rubric::check(&rubric_source) {
                    Ok(rubric) => loaded.rubric = Some(rubric),
                    Err(found) => loaded.rubric_problems = found,
                }
            }
            Err(diagnostic) => loaded.rubric_problems.push(diagnostic),
        }
        loaded.includes = read_includes(&raw.include, &loaded.source, confine, &mut problems);
    }
    loaded.raw = raw;
    loaded.problems = problems;
    loaded
}

/// Finds the rubric source a packet names: a built-in, or a file relative to the packet.
fn find_rubric(
    name: &toml::Spanned<String>,
    packet: &Source,
    confine: &Confine,
) -> Result<(Option<PathBuf>, Source), Diagnostic> {
    let text = name.get_ref();
    if rubric::looks_like_path(text) {
        let dir = packet.path.parent().unwrap_or(Path::new(""));
        let path = normalize(&dir.join(text));
        let real = match confine.check(&path) {
            Ok(real) => real,
            Err(denied) => {
                let message = format!(
                    "the rubric file {}",
                    denied_message(&path, &denied, confine)
                );
                return Err(packet
                    .diagnostic(Code::OutsidePacket, Some(name.span()), message)
                    .with_hint(denied_hint(&denied)));
            }
        };
        return match read::read_as(&real, &path) {
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

/// The rest of a sentence that starts with what `path` is: why the packet may not read it.
fn denied_message(path: &Path, denied: &Denied, confine: &Confine) -> String {
    let (Denied::Outside { real } | Denied::Git { real }) = denied;
    let shown = std::path::absolute(path).map(|p| normalize(&p));
    let leads = if shown.is_ok_and(|shown| shown == *real) {
        String::new()
    } else {
        format!(" (it leads to `{}`)", real.display())
    };
    match denied {
        Denied::Outside { .. } => {
            let home = confine
                .home()
                .map(|home| format!(" (`{}`)", home.display()))
                .unwrap_or_default();
            format!(
                "`{}`{leads} is outside the folder the packet may read{home}, and was not read",
                path.display()
            )
        }
        Denied::Git { .. } => format!(
            "`{}`{leads} is inside a `.git` folder, and was not read",
            path.display()
        ),
    }
}

fn denied_hint(denied: &Denied) -> &'static str {
    match denied {
        Denied::Outside { .. } => {
            "a packet reads only files in the git repository that holds it (else under its own folder); to let it read another folder too, pass `--read-outside FOLDER`"
        }
        Denied::Git { .. } => "a packet never reads git's own files",
    }
}

/// Why a file could not be read, without the path the message already names.
fn cause(err: &Error) -> String {
    err.reason()
}

/// Reads the activity files a packet includes: every match of every pattern, relative to the
/// packet, in sorted order. Problems go to `problems`, located in the file that has them.
fn read_includes(
    patterns: &[toml::Spanned<String>],
    packet: &Source,
    confine: &Confine,
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
            let real = match confine.check(&path) {
                Ok(real) => real,
                Err(denied) => {
                    let message = format!(
                        "the included file {}",
                        denied_message(&path, &denied, confine)
                    );
                    problems.push(
                        packet
                            .diagnostic(Code::OutsidePacket, Some(pattern.span()), message)
                            .with_hint(denied_hint(&denied)),
                    );
                    continue;
                }
            };
            let source = match read::read_as(&real, &path) {
                Ok(source) => source,
                Err(Error::Invalid(found)) => {
                    problems.extend(found);
                    continue;
                }
                Err(err) => {
                    let message = format!(
                        "cannot read the included file `{}`: {}",
                        path.display(),
                        cause(&err)
                    );
                    problems.push(packet.diagnostic(
                        Code::BadInclude,
                        Some(pattern.span()),
                        message,
                    ));
                    continue;
                }
            };
            // Read as far as it goes, as the packet is: one problem hides no other.
            let (file, found) = read::parse_all::<RawActivityFile>(&source);
            problems.extend(found);
            if let Some(file) = file {
                included.push(Included {
                    source,
                    activities: file.activities,
                });
            }
        }
    }
    included
}
