//! Which packet files a command works on: files as given, and every packet under folders.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::read::{self, Reach};

/// The folders outside its own that a packet may read, for every command that loads packets.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ReachArgs {
    /// Also let packets read rubric and include files under FOLDER (by default a packet reads
    /// only in the git repository that holds it, else under its own folder); may be repeated
    #[arg(long = "read-outside", value_name = "FOLDER")]
    pub folders: Vec<PathBuf>,
}

impl ReachArgs {
    pub fn reach(&self) -> Result<Reach, Error> {
        Reach::new(&self.folders)
    }
}

/// The packet a command works on when it is given none.
pub const DEFAULT_PACKET: &str = "packet.toml";

/// The files given, in order, with each folder replaced by the packets under it (sorted, so
/// that a batch always runs and reports in the same order); `packet.toml` in the current
/// folder when none is given. A folder that holds no packet is a usage error, not an empty
/// batch that passes in silence.
pub fn packet_files(paths: &[PathBuf], command: &str) -> Result<Vec<PathBuf>, Error> {
    if paths.is_empty() {
        let default = PathBuf::from(DEFAULT_PACKET);
        if !default.exists() {
            return Err(no_packet_here(command));
        }
        return Ok(vec![default]);
    }
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let mut found = Vec::new();
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            let entry = entry.map_err(|err| Error::Read {
                path: err.path().unwrap_or(path).to_path_buf(),
                source: err.into(),
            })?;
            let file = entry.path();
            if entry.file_type().is_file()
                && file.extension().is_some_and(|e| e == "toml")
                && read::is_packet(file)
            {
                found.push(file.to_path_buf());
            }
        }
        if found.is_empty() {
            return Err(Error::Usage(format!(
                "no packet files under `{}`: a packet is a `.toml` file with a `[person]` table; \
                 give the packet file itself, or start one there with `promopack init {}`",
                path.display(),
                path.display()
            )));
        }
        files.extend(found);
    }
    Ok(files)
}

/// No `packet.toml` in the current folder, for `command`, which would have used it.
fn no_packet_here(command: &str) -> Error {
    Error::Usage(format!(
        "there is no `{DEFAULT_PACKET}` here: give a packet file (`promopack {command} \
         my-case/packet.toml`), `cd` into the packet's folder, or start one with `promopack init`"
    ))
}

/// The one packet file a command edits: usage errors for the default `packet.toml` missing
/// here, and for a folder given where the file is meant.
pub fn packet_file(path: &Path, command: &str) -> Result<(), Error> {
    if path == Path::new(DEFAULT_PACKET) && !path.exists() {
        return Err(no_packet_here(command));
    }
    if path.is_dir() {
        let inside = path.join(DEFAULT_PACKET);
        let hint = if inside.is_file() {
            format!("did you mean `{}`?", inside.display())
        } else {
            format!(
                "it holds no `{DEFAULT_PACKET}`; start one there with `promopack init {}`",
                path.display()
            )
        };
        return Err(Error::Usage(format!(
            "`{}` is a folder, and `{command}` takes a packet file: {hint}",
            path.display()
        )));
    }
    Ok(())
}
