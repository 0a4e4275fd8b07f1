//! `promopack build --watch`: build, then build again each time an input is saved.
//!
//! The inputs are the packet files, the files they include (and the globs that include them,
//! so a new file is seen), their rubric files and the `--templates` folder, found again after
//! every build since an edit may change them. Folders are watched, not files, so that an
//! editor that saves by writing a new file and renaming it over the old one is followed.
//! A packet with problems writes nothing, so the last good outputs stay in place.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{EventKind, RecursiveMode, Watcher};

use super::build::{self, BuildArgs};
use super::inputs::packet_files;
use crate::error::Error;
use crate::output;
use crate::packet;
use crate::read::normalize;
use crate::rubric;

/// How long the inputs must stay quiet before a rebuild: one save is often several events
/// (write, rename, change of permissions), and a save of several files is one rebuild.
const QUIET: Duration = Duration::from_millis(150);

type Events = Receiver<notify::Result<notify::Event>>;

/// Builds, then rebuilds whenever an input changes, until interrupted (exit code 130).
pub fn run(args: &BuildArgs) -> Result<i32, Error> {
    if args.output == Path::new("-") {
        return Err(Error::Usage(
            "`--watch` rebuilds files: give an output folder with `-o`, not `-o -`".into(),
        ));
    }
    if args.context.as_deref() == Some(Path::new("-")) {
        return Err(Error::Usage(
            "`--watch` rebuilds files: give `--context` a file, not `-`".into(),
        ));
    }
    // Ctrl-C ends the watch with 130, and removes what a build had staged.
    output::catch_interrupts();
    let (sender, events) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        // The receiver lives as long as the watch.
        let _ = sender.send(event);
    })
    .map_err(|err| watch_error(Path::new("."), err))?;
    let mut stderr = anstream::stderr();
    let mut watched: BTreeMap<PathBuf, RecursiveMode> = BTreeMap::new();
    let mut inputs = Inputs::of(args, None)?;
    update(&mut watcher, &mut watched, &inputs.folders())?;
    let mut first = true;
    loop {
        match build::run(args) {
            Ok(_) => {}
            // What is wrong with the command line does not get better by waiting.
            Err(err @ Error::Usage(_)) if first => return Err(err),
            Err(err) => err.report(&mut stderr),
        }
        first = false;
        if !args.quiet {
            let _ = writeln!(
                stderr,
                "watching {} for changes; Ctrl-C stops",
                inputs.describe()
            );
        }
        let changed = wait(&events, &inputs);
        if !args.quiet {
            let names: Vec<String> = changed.iter().map(|p| shown(p)).collect();
            let _ = writeln!(stderr, "\nchanged: {}", names.join(", "));
        }
        match Inputs::of(args, Some(&inputs)) {
            Ok(found) => inputs = found,
            Err(err) => err.report(&mut stderr),
        }
        if let Err(err) = update(&mut watcher, &mut watched, &inputs.folders()) {
            err.report(&mut stderr);
        }
    }
}

/// What a build reads, as keys (see `key`): a change to any of them means a rebuild.
#[derive(Debug, Default, Clone)]
struct Inputs {
    /// Packets, included files, rubric files.
    files: BTreeSet<PathBuf>,
    /// The globs of `include`, from the packet's folder: a file that starts to match is new.
    patterns: Vec<glob::Pattern>,
    /// Folders watched whole: a packet folder (its `.toml` files only), a templates folder.
    trees: Vec<(PathBuf, Tree)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tree {
    Packets,
    Templates,
}

impl Inputs {
    /// What the build of `args` reads now. A packet that cannot be parsed names no rubric or
    /// include: what the `previous` round found is kept, so that fixing it is seen.
    fn of(args: &BuildArgs, previous: Option<&Inputs>) -> Result<Inputs, Error> {
        let reach = args.reach.reach()?;
        let mut inputs = Inputs::default();
        let mut incomplete = false;
        for path in packet_files(&args.packets, "build")? {
            inputs.files.insert(key(&path));
            let Ok(loaded) = packet::load_reaching(&path, &reach) else {
                incomplete = true;
                continue;
            };
            let Some(raw) = &loaded.raw else {
                incomplete = true;
                continue;
            };
            let dir = key(&path)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            match &loaded.rubric_path {
                Some(rubric) => {
                    inputs.files.insert(key(rubric));
                }
                // A rubric file that is not there yet: its arrival is a change.
                None if rubric::looks_like_path(raw.rubric.get_ref()) => {
                    inputs.files.insert(key(&dir.join(raw.rubric.get_ref())));
                }
                None => {}
            }
            for included in &loaded.includes {
                inputs.files.insert(key(&included.source.path));
            }
            for pattern in &raw.include {
                let text = normalize(&dir.join(pattern.get_ref()));
                if let Ok(glob) = glob::Pattern::new(&text.to_string_lossy()) {
                    inputs.patterns.push(glob);
                }
            }
        }
        for path in &args.packets {
            if path.is_dir() {
                inputs.trees.push((key_of_folder(path), Tree::Packets));
            }
        }
        if let Some(templates) = &args.templates {
            inputs
                .trees
                .push((key_of_folder(templates), Tree::Templates));
        }
        if let (true, Some(previous)) = (incomplete, previous) {
            inputs.files.extend(previous.files.iter().cloned());
            inputs.patterns.extend(previous.patterns.iter().cloned());
        }
        Ok(inputs)
    }

    /// The folders to watch, each the nearest one that exists: a folder that does not exist
    /// yet is seen when it is made in its parent.
    fn folders(&self) -> BTreeMap<PathBuf, RecursiveMode> {
        let mut folders = BTreeMap::new();
        let mut add = |folder: &Path, mode: RecursiveMode| {
            let (folder, mode) = match existing(folder) {
                Some(found) if found == folder => (found, mode),
                Some(found) => (found, RecursiveMode::NonRecursive),
                None => return,
            };
            let entry = folders.entry(folder).or_insert(mode);
            if mode == RecursiveMode::Recursive {
                *entry = mode;
            }
        };
        for file in &self.files {
            if let Some(parent) = file.parent() {
                add(parent, RecursiveMode::NonRecursive);
            }
        }
        for pattern in &self.patterns {
            let (prefix, deep) = literal_prefix(Path::new(pattern.as_str()));
            let mode = if deep {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            add(&prefix, mode);
        }
        for (tree, _) in &self.trees {
            add(tree, RecursiveMode::Recursive);
        }
        folders
    }

    /// Whether a change at `path` (a key) changes what a build reads.
    fn concerns(&self, path: &Path) -> bool {
        let temporary = path
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with(".promopack-"));
        if temporary {
            return false;
        }
        let in_tree = self.trees.iter().any(|(tree, kind)| {
            path.starts_with(tree)
                && path != tree
                && (*kind == Tree::Templates || path.extension().is_some_and(|e| e == "toml"))
        });
        // A folder on the way to an input made, removed or renamed.
        let on_the_way = |target: &Path| target.starts_with(path) && target != path;
        self.files.contains(path)
            || self.patterns.iter().any(|p| p.matches_path(path))
            || in_tree
            || self.files.iter().any(|f| on_the_way(f))
            || self.trees.iter().any(|(t, _)| on_the_way(t) || t == path)
    }

    /// `3 files`, `2 files and the folder templates`.
    fn describe(&self) -> String {
        let files = match self.files.len() {
            1 => "1 file".to_owned(),
            n => format!("{n} files"),
        };
        let trees: Vec<String> = self
            .trees
            .iter()
            .map(|(tree, _)| format!("`{}`", shown(tree)))
            .collect();
        match trees.len() {
            0 => files,
            _ => format!("{files} and {}", trees.join(", ")),
        }
    }
}

/// Waits for a change to an input, then for the inputs to stay quiet; returns what changed.
fn wait(events: &Events, inputs: &Inputs) -> BTreeSet<PathBuf> {
    let mut changed = BTreeSet::new();
    loop {
        let event = if changed.is_empty() {
            events.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            events.recv_timeout(QUIET)
        };
        match event {
            Ok(Ok(event)) => {
                // Reading a file is no change, and neither is a change of its times or
                // permissions: a build's first read after a save updates the access time.
                let unchanged = match event.kind {
                    EventKind::Access(kind) => kind != AccessKind::Close(AccessMode::Write),
                    EventKind::Modify(ModifyKind::Metadata(_)) => true,
                    _ => false,
                };
                if unchanged {
                    continue;
                }
                changed.extend(
                    event
                        .paths
                        .iter()
                        .map(|path| key(path))
                        .filter(|path| inputs.concerns(path)),
                );
            }
            // Events were lost (the system's queue overflowed): build again to be sure.
            Ok(Err(_)) => {
                changed.insert(PathBuf::from("(events lost)"));
            }
            Err(RecvTimeoutError::Timeout) => return changed,
            // The watcher lives as long as `run`: cannot happen, but is no reason to spin.
            Err(RecvTimeoutError::Disconnected) => {
                changed.insert(PathBuf::from("(watch ended)"));
                return changed;
            }
        }
    }
}

/// Watches `wanted`, and stops watching what is no longer wanted.
fn update(
    watcher: &mut impl Watcher,
    watched: &mut BTreeMap<PathBuf, RecursiveMode>,
    wanted: &BTreeMap<PathBuf, RecursiveMode>,
) -> Result<(), Error> {
    let stale: Vec<PathBuf> = watched
        .iter()
        .filter(|(folder, mode)| wanted.get(*folder) != Some(mode))
        .map(|(folder, _)| folder.clone())
        .collect();
    for folder in stale {
        watched.remove(&folder);
        // A folder removed since is no longer watched anyway.
        let _ = watcher.unwatch(&folder);
    }
    for (folder, &mode) in wanted {
        if watched.contains_key(folder) {
            continue;
        }
        watcher
            .watch(folder, mode)
            .map_err(|err| watch_error(folder, err))?;
        watched.insert(folder.clone(), mode);
    }
    Ok(())
}

fn watch_error(folder: &Path, err: notify::Error) -> Error {
    let source = match err.kind {
        notify::ErrorKind::Io(source) => source,
        other => std::io::Error::other(format!("cannot watch it for changes: {other:?}")),
    };
    Error::Read {
        path: folder.to_path_buf(),
        source,
    }
}

/// The one name of a path, however it was written: absolute, its folder with links resolved
/// (as the system reports events in it), `a/../b` as `b`. The file itself may not exist.
fn key(path: &Path) -> PathBuf {
    let absolute = normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => match parent.canonicalize() {
            Ok(parent) => parent.join(name),
            Err(_) => absolute,
        },
        _ => absolute,
    }
}

/// `key` of a folder: the folder itself with links resolved, when it exists.
fn key_of_folder(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| key(path))
}

/// The nearest folder at or above `folder` that exists.
fn existing(folder: &Path) -> Option<PathBuf> {
    folder
        .ancestors()
        .find(|ancestor| ancestor.is_dir())
        .map(Path::to_path_buf)
}

/// The folder part of a glob before its first wildcard, and whether the rest spans folders.
fn literal_prefix(pattern: &Path) -> (PathBuf, bool) {
    let wild = |part: &Component| {
        part.as_os_str()
            .to_string_lossy()
            .contains(['*', '?', '[', ']', '{'])
    };
    let parts: Vec<Component> = pattern.components().collect();
    let first_wild = parts.iter().position(wild).unwrap_or(parts.len());
    // The last part is the file name even when it has no wildcard.
    let end = first_wild.min(parts.len().saturating_sub(1));
    let prefix: PathBuf = parts[..end].iter().collect();
    (prefix, parts.len() - end > 1)
}

/// A path as a person reads it: relative to the current folder when under it.
fn shown(path: &Path) -> String {
    let here = std::env::current_dir()
        .ok()
        .and_then(|dir| dir.canonicalize().ok());
    here.and_then(|dir| path.strip_prefix(dir).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_prefix_stops_at_the_first_wildcard() {
        let (prefix, deep) = literal_prefix(Path::new("/a/b/*.toml"));
        assert_eq!((prefix.as_path(), deep), (Path::new("/a/b"), false));
        let (prefix, deep) = literal_prefix(Path::new("/a/**/x.toml"));
        assert_eq!((prefix.as_path(), deep), (Path::new("/a"), true));
        let (prefix, deep) = literal_prefix(Path::new("/a/log.toml"));
        assert_eq!((prefix.as_path(), deep), (Path::new("/a"), false));
    }

    #[test]
    fn concerns_inputs_and_new_files_matching_an_include_not_outputs() {
        let inputs = Inputs {
            files: BTreeSet::from([PathBuf::from("/p/packet.toml")]),
            patterns: vec![glob::Pattern::new("/p/log/*.toml").unwrap()],
            trees: vec![(PathBuf::from("/p/templates"), Tree::Templates)],
        };
        assert!(inputs.concerns(Path::new("/p/packet.toml")));
        assert!(inputs.concerns(Path::new("/p/log/new.toml")));
        assert!(inputs.concerns(Path::new("/p/templates/packet.md")));
        assert!(inputs.concerns(Path::new("/p/templates")));
        assert!(!inputs.concerns(Path::new("/p/out/pat-2026.md")));
        assert!(!inputs.concerns(Path::new("/p/out")));
        assert!(!inputs.concerns(Path::new("/p/.promopack-x1")));
        assert!(!inputs.concerns(Path::new("/p/notes.toml")));
    }
}
