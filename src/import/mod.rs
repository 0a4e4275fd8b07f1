//! Drafting activities from records a person already has (git history, a blog's feed), into a
//! draft file to curate: never into the packet itself.
//!
//! Every draft carries its source as evidence (commit ids, the feed entry's URL), and an import
//! skips whatever the draft file or the packet already holds as evidence, so importing the same
//! history twice adds nothing. The packet is read through the same load stage as `build`.

mod draft;
pub mod feed;
mod forge;
pub mod git;
mod known;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

pub use draft::{Draft, DraftEvidence, DraftFile};
pub use known::Known;

use crate::error::Error;
use crate::packet::{self, PeriodOverride};
use crate::read::{Reach, normalize};

/// Whether a packet can hold the day: a TOML date has a four-digit year. A draft dated
/// otherwise (a commit's clock set to the year 12110) would make the draft file unreadable,
/// and every later import fail.
fn writable(day: NaiveDate) -> bool {
    use chrono::Datelike as _;
    (0..=9999).contains(&day.year())
}

/// The packet an import works next to: what it already holds, its rubric's sections and its
/// review period.
#[derive(Debug, Default)]
pub struct PacketInfo {
    pub sections: Vec<String>,
    /// The first and last day to import, where bounded.
    pub range: (Option<NaiveDate>, Option<NaiveDate>),
    /// The packet file and the files it includes: drafts never go into any of them.
    files: Vec<PathBuf>,
    /// The packet's `include` globs, as absolute paths: a draft file that does not exist yet
    /// must not be one the packet would include once written either.
    includes: Vec<(String, glob::Pattern)>,
}

impl PacketInfo {
    /// What an import knows without a packet: only the days `over` names.
    pub fn without_packet(over: &PeriodOverride) -> Self {
        PacketInfo {
            range: over.range(None),
            ..PacketInfo::default()
        }
    }

    /// Refuses a draft file that is part of the packet: the packet itself, or a file its
    /// `include` pulls in (or would, once written). Uncurated drafts name no section, and
    /// would count, and fail `check`, as soon as they were written.
    pub fn check_draft_file(&self, out: &Path) -> Result<(), Error> {
        let Some(packet) = self.files.first() else {
            return Ok(());
        };
        let absolute = std::path::absolute(out).map(|p| normalize(&p));
        let options = glob::MatchOptions {
            require_literal_separator: true,
            ..glob::MatchOptions::new()
        };
        let included = absolute.ok().and_then(|out| {
            self.includes
                .iter()
                .find(|(_, pattern)| pattern.matches_path_with(&out, options))
        });
        match included {
            Some((written, _)) => Err(Error::Usage(format!(
                "refusing to write drafts to `{}`: the packet `{}` includes it (`include = [\"{written}\"]`), \
                 so uncurated drafts would count at once; name another draft file with `--out`",
                out.display(),
                packet.display()
            ))),
            // The same file by another name (a link, `..`) is still refused.
            None => crate::output::check_not_input(out, &self.files),
        }
    }
}

/// Reads a packet (and the files it includes) through the load stage, for the sources it
/// already holds, the ids of its rubric's sections and the days to import: `over`'s, else the
/// packet's review period. A part of the packet that cannot be read is an error: what it holds
/// would be drafted again. Problems that do not stop this, such as an activity that names no
/// section or a rubric that cannot be read, are left for `check` to report.
pub fn read_packet(
    path: &Path,
    over: &PeriodOverride,
    reach: &Reach,
    known: &mut Known,
) -> Result<PacketInfo, Error> {
    let loaded = packet::load_reaching(path, reach)?;
    if !loaded.is_complete() {
        return Err(Error::Invalid(loaded.problems));
    }
    known.add_activities(loaded.activities());
    let sections = loaded
        .rubric
        .iter()
        .flat_map(|rubric| &rubric.sections)
        .map(|s| s.id.clone())
        .collect();
    let raw = loaded.raw.as_ref();
    let range = over.range(raw.map(|raw| raw.period.get_ref()));
    let mut files = vec![path.to_path_buf()];
    files.extend(loaded.includes.iter().map(|file| file.source.path.clone()));
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut includes = Vec::new();
    for pattern in raw.iter().flat_map(|raw| &raw.include) {
        let absolute = std::path::absolute(dir.join(pattern.get_ref())).map(|p| normalize(&p));
        if let Ok(Ok(glob)) = absolute.map(|p| glob::Pattern::new(&p.to_string_lossy())) {
            includes.push((pattern.get_ref().clone(), glob));
        }
    }
    Ok(PacketInfo {
        sections,
        range,
        files,
        includes,
    })
}

/// The drafts to add, once those already imported are left out.
#[derive(Debug, Default, PartialEq)]
pub struct Plan {
    pub drafts: Vec<Draft>,
    /// Drafts whose every source was already imported.
    pub skipped: usize,
    /// What was left out for another reason, for the person to know.
    pub warnings: Vec<String>,
}

/// Adds the planned drafts to the draft file (or prints them with `dry_run`); returns what to
/// tell the person: how many drafts were added and skipped. The plan's warnings are the
/// caller's to show first, whether or not the write succeeds.
pub fn write(
    plan: &Plan,
    file: &DraftFile,
    sections: &[String],
    dry_run: bool,
) -> Result<String, Error> {
    let shown = file.path.display();
    let what = |n: usize| if n == 1 { "draft" } else { "drafts" };
    let (added, skipped) = (plan.drafts.len(), plan.skipped);
    if added == 0 {
        // Say so rather than "added 0 to drafts.toml" about a file that may not exist.
        let file_state = if file.path.exists() {
            format!(": {shown} unchanged")
        } else {
            String::new()
        };
        let skipped = if skipped > 0 {
            format!(", skipped {skipped} already imported")
        } else {
            String::new()
        };
        return Ok(format!("nothing new to draft{skipped}{file_state}"));
    }
    if dry_run {
        crate::output::print(&crate::edit::block(plan.drafts.iter().map(draft::table)))?;
        return Ok(format!(
            "would add {added} {} to {shown}, skipped {skipped} already imported",
            what(added)
        ));
    }
    let text = file.with(&plan.drafts, sections)?;
    crate::output::write_atomic(&file.path, text.as_bytes())?;
    Ok(format!(
        "added {added} {} to {shown}, skipped {skipped} already imported",
        what(added)
    ))
}
