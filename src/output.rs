//! Writing outputs: all or nothing per file, never over an input.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Writes `contents` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees half a file and a failed write leaves the old file as it was.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), Error> {
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
    let mut file = tempfile::Builder::new()
        .prefix(".promopack-")
        .tempfile_in(dir)
        .map_err(failed)?;
    file.write_all(contents).map_err(failed)?;
    file.persist(path).map_err(|err| failed(err.error))?;
    Ok(())
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
