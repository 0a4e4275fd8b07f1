//! Writing outputs: all or nothing per file, never over an input.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use crate::error::Error;

/// Writes `contents` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees half a file and a failed write leaves the old file as it was. A `path`
/// that is a symbolic link is written through: its target gets the contents, the link stays.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), Error> {
    stage(path, contents)?.commit()
}

/// An output written in full to a temporary file beside its destination, not yet in place:
/// `commit` moves it there; dropping it removes it.
#[derive(Debug)]
pub struct Staged {
    path: PathBuf,
    /// The file the rename replaces: `path`, or the file it links to.
    target: PathBuf,
    temp: Option<tempfile::TempPath>,
}

impl Staged {
    /// Where the output goes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Puts the output in place, in one rename.
    pub fn commit(mut self) -> Result<(), Error> {
        let Some(temp) = self.temp.take() else {
            return Ok(());
        };
        let staged = temp.to_path_buf();
        let persisted = temp.persist(&self.target);
        unregister(&staged);
        persisted.map_err(|err| Error::Write {
            path: self.path.clone(),
            source: err.error,
        })
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            let staged = temp.to_path_buf();
            drop(temp);
            unregister(&staged);
        }
    }
}

/// Temporary files staged and not yet put in place or removed. A batch keeps many at once:
/// if promopack is interrupted (Ctrl-C, `kill`), the handler installed by `stage` removes
/// them, as destructors do not run then.
static STAGED: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

fn staged() -> std::sync::MutexGuard<'static, Option<HashSet<PathBuf>>> {
    // A panic while holding the lock leaves the set as it was: still usable.
    STAGED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn unregister(path: &Path) {
    if let Some(set) = staged().as_mut() {
        set.remove(path);
    }
}

/// Removes every staged file, stops a browser printing a PDF (in a process group of its own,
/// it does not get the terminal's Ctrl-C), and exits with 130, the shell's code for an
/// interrupted command. The locks are held until the exit, so no other thread can stage a
/// file or start a browser after the clean-up.
fn interrupted() {
    let guard = staged();
    let hooks = HOOKS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for hook in hooks.iter() {
        hook();
    }
    for path in guard.iter().flatten() {
        let _ = std::fs::remove_file(path);
    }
    std::process::exit(130);
}

/// What else an interruption must stop before promopack exits (a browser printing a PDF, in
/// a process group of its own, does not get the terminal's Ctrl-C).
static HOOKS: Mutex<Vec<fn()>> = Mutex::new(Vec::new());

/// Adds `hook` to what an interruption runs (call it once per hook), and installs the handler.
pub(crate) fn on_interrupt(hook: fn()) {
    HOOKS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(hook);
    catch_interrupts();
}

/// Installs the handler that cleans up when promopack is interrupted (`interrupted`), once:
/// before the first file is staged or the first browser started.
pub(crate) fn catch_interrupts() {
    static HANDLER: Once = Once::new();
    // Another handler already set (a library user's) is theirs to keep.
    HANDLER.call_once(|| drop(ctrlc::set_handler(interrupted)));
}

/// Writes `contents` to a temporary file in `path`'s folder (created if missing), ready to be
/// put in place by `Staged::commit`.
pub fn stage(path: &Path, contents: &[u8]) -> Result<Staged, Error> {
    catch_interrupts();

    let failed = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if path.is_dir() {
        // Found before any output of the packet is put in place, not halfway through.
        return Err(failed(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "a folder is in the way of the output file",
        )));
    }
    let target = link_target(path);
    let dir = folder(&target);
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".promopack-");
    // A temporary file is private to its owner; the output is not: keep the permissions of
    // the file it replaces, or give a new one the usual read-for-all.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&target).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut file = {
        // Created and registered under the lock, so an interruption either sees it or comes
        // before it exists.
        let mut registry = staged();
        let file = builder.tempfile_in(dir).map_err(failed)?;
        registry
            .get_or_insert_with(HashSet::new)
            .insert(file.path().to_path_buf());
        file
    };
    let written = file.write_all(contents);
    // From here the file is removed when `Staged` is dropped, and forgotten by the registry.
    let staged = Staged {
        path: path.to_path_buf(),
        target,
        temp: Some(file.into_temp_path()),
    };
    written.map_err(failed)?;
    Ok(staged)
}

/// The folder a file is in: `.` for a bare file name.
fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// The file a write to `path` must replace so that a symbolic link stays one: the end of the
/// chain of links that starts at `path` (which need not exist yet), or `path` itself. A rename
/// over the link would replace the link with a file, and the file it pointed to would never
/// get the contents.
fn link_target(path: &Path) -> PathBuf {
    let mut target = path.to_path_buf();
    // As many links as Linux follows before it gives up on a loop; a loop is then written
    // over at its last link, and the error, if any, comes from the write.
    for _ in 0..40 {
        let Ok(link) = std::fs::read_link(&target) else {
            break;
        };
        target = folder(&target).join(link);
    }
    target
}

/// Puts `files` in place together. Meanwhile it holds a lock on each of their folders, so
/// that another promopack putting its own files in one of those folders waits until all of
/// these are in place, and the two sets never mix. `done` hears of each file put in place.
///
/// The lock is on the folder itself where the platform allows (Unix), else on a
/// `.promopack.lock` file in it, which is left there for the next build. Where no lock can be
/// had (a file system without locks), the files are put in place all the same.
pub fn commit_together(files: Vec<Staged>, mut done: impl FnMut(&Path)) -> Result<(), Error> {
    // Always in the same order, so that two builds locking the same folders cannot each wait
    // for the other.
    let mut folders: Vec<PathBuf> = files
        .iter()
        .map(|file| {
            let dir = folder(&file.target);
            std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
        })
        .collect();
    folders.sort();
    folders.dedup();
    let _locks: Vec<std::fs::File> = folders.iter().filter_map(|dir| lock(dir)).collect();
    for file in files {
        let path = file.path.clone();
        file.commit()?;
        done(&path);
    }
    Ok(())
}

/// An exclusive lock on the folder `dir`, held until the file is closed; none when it cannot
/// be had.
fn lock(dir: &Path) -> Option<std::fs::File> {
    #[cfg(unix)]
    let file = std::fs::File::open(dir);
    #[cfg(not(unix))]
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".promopack.lock"));
    let file = file.ok()?;
    file.lock().ok()?;
    Some(file)
}

/// Writes to standard output. A reader that went away (`promopack man | head`) is not an
/// error: there is no one left to tell.
pub fn print(text: &str) -> Result<(), Error> {
    let mut stdout = anstream::stdout();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Write {
            path: "<stdout>".into(),
            source: err,
        }),
        _ => Ok(()),
    }
}

/// Writes bytes to standard output as they are: a PDF is not text, and the escape codes that
/// `print` strips for a pipe would be lost from it.
pub fn print_bytes(bytes: &[u8]) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Write {
            path: "<stdout>".into(),
            source: err,
        }),
        _ => Ok(()),
    }
}

/// Refuses an output path that is one of the inputs.
pub fn check_not_input(output: &Path, inputs: &[PathBuf]) -> Result<(), Error> {
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    let Some(output) = canonical(output) else {
        return Ok(());
    };
    if inputs
        .iter()
        .any(|input| canonical(input).as_ref() == Some(&output))
    {
        return Err(Error::Usage(format!(
            "refusing to write `{}`: it is one of the input files",
            output.display()
        )));
    }
    Ok(())
}
