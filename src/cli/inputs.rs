//! Which packet files a command works on: files as given, and every packet under folders.

use std::path::PathBuf;

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

/// The files given, in order, with each folder replaced by the packets under it (sorted, so
/// that a batch always runs and reports in the same order).
pub fn packet_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
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
        files.extend(found);
    }
    Ok(files)
}
