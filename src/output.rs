//! Writing outputs: all or nothing per file, never over an input.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Writes `contents` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees half a file and a failed write leaves the old file as it was.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), Error> {
    stage(path, contents)?.commit()
}

/// An output written in full to a temporary file beside its destination, not yet in place:
/// `commit` moves it there; dropping it removes it.
#[derive(Debug)]
pub struct Staged {
    path: PathBuf,
    temp: tempfile::TempPath,
}

impl Staged {
    /// Where the output goes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Puts the output in place, in one rename.
    pub fn commit(self) -> Result<(), Error> {
        let Staged { path, temp } = self;
        temp.persist(&path).map_err(|err| Error::Write {
            path,
            source: err.error,
        })
    }
}

/// Writes `contents` to a temporary file in `path`'s folder (created if missing), ready to be
/// put in place by `Staged::commit`.
pub fn stage(path: &Path, contents: &[u8]) -> Result<Staged, Error> {
    let failed = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
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
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut file = builder.tempfile_in(dir).map_err(failed)?;
    file.write_all(contents).map_err(failed)?;
    Ok(Staged {
        path: path.to_path_buf(),
        temp: file.into_temp_path(),
    })
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
