//! Drafting activities from records a person already has (git history, a blog's feed), into a
//! draft file to curate: never into the packet itself.
//!
//! Every draft carries its source as evidence (commit ids, the feed entry's URL), and an import
//! skips whatever the draft file or the packet already holds as evidence, so importing the same
//! history twice adds nothing.

pub mod feed;
mod forge;
pub mod git;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml_edit::{Array, DocumentMut, InlineTable, Table, value};

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::load::{self, Kind, RawActivity, RawActivityFile, RawEvidence};
use crate::model::When;
use crate::validate::normalize_url;

/// One activity drafted from a source, for the person to curate.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub title: String,
    pub when: When,
    pub kind: Kind,
    /// Markdown; empty for none.
    pub summary: String,
    pub evidence: Vec<DraftEvidence>,
}

/// Where a draft came from, written as its evidence so a later import can recognise it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftEvidence {
    pub url: Option<String>,
    pub label: Option<String>,
}

impl DraftEvidence {
    pub fn link(url: impl Into<String>) -> Self {
        DraftEvidence {
            url: Some(url.into()),
            label: None,
        }
    }

    pub fn label(label: impl Into<String>) -> Self {
        DraftEvidence {
            url: None,
            label: Some(label.into()),
        }
    }
}

/// The sources already imported: every commit id and every link found as evidence.
#[derive(Debug, Default)]
pub struct Known {
    /// Runs of 7 to 64 hex digits, lower case: full or abbreviated commit ids.
    hashes: Vec<String>,
    /// Links as `link_key` writes them.
    urls: HashSet<String>,
}

impl Known {
    /// Records the sources that a piece of evidence names.
    pub fn add_evidence(&mut self, url: Option<&str>, label: Option<&str>) {
        for text in url.into_iter().chain(label) {
            self.hashes.extend(hex_runs(text));
        }
        if let Some(url) = url {
            self.urls.insert(link_key(url));
        }
    }

    /// Records every source of a draft, so one import does not draft the same thing twice.
    pub fn add_draft(&mut self, draft: &Draft) {
        for evidence in &draft.evidence {
            self.add_evidence(evidence.url.as_deref(), evidence.label.as_deref());
        }
    }

    /// Which of `ids` (every full, lower-case commit id of a history) are already somewhere:
    /// in full, or abbreviated to at least 7 digits that no other of `ids` starts with. Like
    /// git, an ambiguous abbreviation names no commit: guessing would hide a commit never
    /// drafted.
    pub fn commits<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> HashSet<&'a str> {
        let mut ids: Vec<&str> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        let mut found = HashSet::new();
        for known in &self.hashes {
            let first = ids.partition_point(|id| *id < known.as_str());
            let mut matching = ids[first..]
                .iter()
                .take_while(|id| id.starts_with(known.as_str()));
            if let (Some(id), None) = (matching.next(), matching.next()) {
                found.insert(*id);
            }
        }
        found
    }

    /// Whether the link is already somewhere, up to trailing slashes, tracking parameters and
    /// the like.
    pub fn has_url(&self, url: &str) -> bool {
        self.urls.contains(&link_key(url))
    }

    fn add_activities<'a>(&mut self, activities: impl IntoIterator<Item = &'a RawActivity>) {
        for activity in activities {
            for item in &activity.evidence {
                let RawEvidence { url, label, .. } = item.get_ref();
                self.add_evidence(url.as_deref(), label.as_deref());
            }
        }
    }
}

/// A link as `normalize_url` writes it, `http:` as `https:`: a blog that moved to https
/// serves the same posts, and its feed would otherwise be drafted again in full.
fn link_key(url: &str) -> String {
    let normal = normalize_url(url);
    match normal.strip_prefix("http://") {
        Some(rest) => format!("https://{rest}"),
        None => normal,
    }
}

/// Whether a packet can hold the day: a TOML date has a four-digit year. A draft dated
/// otherwise (a commit's clock set to the year 12110) would make the draft file unreadable,
/// and every later import fail.
fn writable(day: NaiveDate) -> bool {
    use chrono::Datelike as _;
    (0..=9999).contains(&day.year())
}

/// The maximal runs of hex digits in `text` that could be commit ids: 7 to 64 digits, not part
/// of a longer word.
fn hex_runs(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| {
            (7..=64).contains(&word.len()) && word.chars().all(|c| c.is_ascii_hexdigit())
        })
        .map(str::to_ascii_lowercase)
        .collect()
}

/// The packet an import works next to: what it already holds, its rubric's sections and its
/// review period.
#[derive(Debug, Default)]
pub struct PacketInfo {
    pub sections: Vec<String>,
    pub period: Option<(NaiveDate, NaiveDate)>,
    /// The packet file and the files it includes: drafts never go into any of them.
    files: Vec<PathBuf>,
    /// The packet's `include` globs, as absolute paths: a draft file that does not exist yet
    /// must not be one the packet would include once written either.
    includes: Vec<(String, glob::Pattern)>,
}

impl PacketInfo {
    /// Refuses a draft file that is part of the packet: the packet itself, or a file its
    /// `include` pulls in (or would, once written). Uncurated drafts name no section, and
    /// would count, and fail `check`, as soon as they were written.
    pub fn check_draft_file(&self, out: &Path) -> Result<(), Error> {
        let Some(packet) = self.files.first() else {
            return Ok(());
        };
        let absolute = std::path::absolute(out).map(|p| crate::rubric::normalize(&p));
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

/// Reads a packet (and the files it includes) for the sources it already holds, the ids of its
/// rubric's sections and its review period. A part of the packet that cannot be read is an
/// error: what it holds would be drafted again. Problems that do not stop this, such as an
/// activity that names no section, are left for `check` to report.
pub fn read_packet(path: &Path, known: &mut Known) -> Result<PacketInfo, Error> {
    let source = load::read(path)?;
    let (raw, mut problems) = load::parse_packet(&source);
    let (_, included) = match &raw {
        Some(raw) => crate::validate::read_includes(&raw.include, &source, &mut problems),
        None => Default::default(),
    };
    let (Some(raw), false) = (raw, problems.iter().any(Diagnostic::is_error)) else {
        return Err(Error::Invalid(problems));
    };
    known.add_activities(raw.activities.iter().map(|a| a.get_ref()));
    for file in &included {
        known.add_activities(file.iter().map(|a| a.get_ref()));
    }
    let sections = crate::rubric::of_packet(&raw, &source)
        .map(|rubric| rubric.sections.into_iter().map(|s| s.id).collect())
        .unwrap_or_default();
    let period = raw.period.get_ref();
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut files = vec![path.to_path_buf()];
    let mut includes = Vec::new();
    for pattern in &raw.include {
        let full = dir.join(pattern.get_ref());
        files.extend(
            glob::glob(&full.to_string_lossy())
                .into_iter()
                .flatten()
                .flatten(),
        );
        let absolute = std::path::absolute(&full).map(|p| crate::rubric::normalize(&p));
        if let Ok(Ok(glob)) = absolute.map(|p| glob::Pattern::new(&p.to_string_lossy())) {
            includes.push((pattern.get_ref().clone(), glob));
        }
    }
    Ok(PacketInfo {
        sections,
        period: Some((period.start.0, period.end.0)),
        files,
        includes,
    })
}

/// The draft file as read, or a new one.
pub struct DraftFile {
    pub path: PathBuf,
    document: DocumentMut,
    exists: bool,
}

impl DraftFile {
    /// Reads the draft file at `path` if there is one, adding the sources it holds to `known`.
    pub fn open(path: &Path, known: &mut Known) -> Result<Self, Error> {
        if !path.exists() {
            return Ok(DraftFile {
                path: path.to_path_buf(),
                document: DocumentMut::new(),
                exists: false,
            });
        }
        let source = load::read(path)?;
        let file: RawActivityFile = load::parse(&source).map_err(|d| Error::Invalid(vec![d]))?;
        known.add_activities(file.activities.iter().map(|a| a.get_ref()));
        let document = crate::edit::document(&source)?;
        Ok(DraftFile {
            path: path.to_path_buf(),
            document,
            exists: true,
        })
    }

    /// The whole file with `drafts` appended after its last activity, every comment and layout
    /// of the file as it was kept; a new file starts with a header saying what it is.
    pub fn with(&self, drafts: &[Draft], sections: &[String]) -> Result<String, Error> {
        let mut document = self.document.clone();
        crate::edit::append(&mut document, drafts.iter().map(table), &self.path)?;
        let mut text = document.to_string();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        if self.exists {
            Ok(text)
        } else {
            Ok(format!("{}\n{}", header(sections), text.trim_start()))
        }
    }
}

/// The comment a new draft file starts with.
fn header(sections: &[String]) -> String {
    let mut text = String::from(
        "# Drafts made by `promopack import`: curate them before they count.\n\
         # Give each one its `sections`, a summary and the impact worth telling, delete what is\n\
         # not worth it, then move the tables into your packet or add this file to its `include`.\n\
         # The evidence of each draft says where it came from (commit ids, feed entry links):\n\
         # importing again skips what is already here or in the packet, so keep it.\n",
    );
    if !sections.is_empty() {
        let ids: Vec<String> = sections.iter().map(|id| format!("\"{id}\"")).collect();
        text.push_str(&wrap_comment(
            "Sections of the packet's rubric: ",
            &ids.join(", "),
        ));
    }
    text
}

/// `prefix` and `list` as comment lines of at most about 96 characters.
fn wrap_comment(prefix: &str, list: &str) -> String {
    let mut text = String::new();
    let mut line = format!("# {prefix}");
    for word in list.split(' ') {
        if line.len() + word.len() > 96 && line.len() > 2 {
            text.push_str(line.trim_end());
            text.push('\n');
            line = String::from("#   ");
        }
        line.push_str(word);
        line.push(' ');
    }
    text.push_str(line.trim_end());
    text.push('\n');
    text
}

/// The `[[activity]]` table of a draft: `sections` is left empty for the person to fill.
pub fn table(draft: &Draft) -> Table {
    let mut table = Table::new();
    table.insert("title", value(draft.title.as_str()));
    match draft.when {
        When::Day(day) => {
            table.insert("date", value(crate::edit::date_value(day)));
        }
        When::Span(start, end) => {
            table.insert("start", value(crate::edit::date_value(start)));
            table.insert("end", value(crate::edit::date_value(end)));
        }
    }
    table.insert("kind", value(draft.kind.id()));
    table.insert("sections", value(Array::new()));
    if !draft.summary.is_empty() {
        table.insert("summary", value(draft.summary.as_str()));
    }
    let mut evidence = Array::new();
    for item in &draft.evidence {
        match (&item.url, &item.label) {
            (Some(url), None) => evidence.push(url.as_str()),
            (url, label) => {
                let mut inline = InlineTable::new();
                if let Some(url) = url {
                    inline.insert("url", url.as_str().into());
                }
                if let Some(label) = label {
                    inline.insert("label", label.as_str().into());
                }
                evidence.push(inline);
            }
        }
    }
    // One item per line: a week of commits is a long list.
    if evidence.len() > 1 {
        for item in evidence.iter_mut() {
            item.decor_mut().set_prefix("\n  ");
        }
        evidence.set_trailing("\n");
        evidence.set_trailing_comma(true);
    }
    table.insert("evidence", value(evidence));
    table
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

/// Adds the planned drafts to the draft file (or prints them with `dry_run`), and says on
/// standard error how many were added and how many skipped.
pub fn write(
    plan: &Plan,
    file: &DraftFile,
    sections: &[String],
    dry_run: bool,
) -> Result<(), Error> {
    let shown = file.path.display();
    let what = |n: usize| if n == 1 { "draft" } else { "drafts" };
    let (added, skipped) = (plan.drafts.len(), plan.skipped);
    for warning in &plan.warnings {
        eprintln!("warning: {warning}");
    }
    if added == 0 {
        // Say so rather than "added 0 to drafts.toml" about a file that may not exist.
        let file_state = if file.path.exists() {
            format!(": {shown} unchanged")
        } else {
            String::new()
        };
        eprintln!("nothing new to draft, skipped {skipped} already imported{file_state}");
        return Ok(());
    }
    if dry_run {
        crate::output::print(&crate::edit::block(plan.drafts.iter().map(table)))?;
        eprintln!(
            "would add {added} {} to {shown}, skipped {skipped} already imported",
            what(added)
        );
        return Ok(());
    }
    let text = file.with(&plan.drafts, sections)?;
    crate::output::write_atomic(&file.path, text.as_bytes())?;
    eprintln!(
        "added {added} {} to {shown}, skipped {skipped} already imported",
        what(added)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        load::parse_date(text).unwrap_or(NaiveDate::MIN)
    }

    const FULL: &str = "0123456789abcdef0123456789abcdef01234567";
    const SHORT: &str = "fedcba9876543210fedcba9876543210fedcba98";
    const OTHER: &str = "1123456789abcdef0123456789abcdef01234567";

    #[test]
    fn known_commits_match_in_full_or_abbreviated_in_any_evidence() {
        let mut known = Known::default();
        known.add_evidence(
            None,
            Some("commit 0123456789ABCDEF0123456789abcdef01234567"),
        );
        known.add_evidence(Some("https://github.com/o/r/commit/fedcba9"), None);
        let found = known.commits([FULL, SHORT, OTHER]);
        assert_eq!(found, HashSet::from([FULL, SHORT]));
    }

    #[test]
    fn an_ambiguous_abbreviation_names_no_commit() {
        let mut known = Known::default();
        known.add_evidence(None, Some("merged as 0123456"));
        let twin = "0123456fffffffffffffffffffffffffffffffff";
        assert_eq!(known.commits([FULL, twin, OTHER]), HashSet::new());
        assert_eq!(known.commits([FULL, OTHER]), HashSet::from([FULL]));
    }

    #[test]
    fn short_hex_words_are_not_commit_ids() {
        let mut known = Known::default();
        known.add_evidence(None, Some("a facade, 2026, beef and cafe"));
        let ids = [
            "facade00000000000000000000000000000000000",
            "2026000000000000000000000000000000000000",
        ];
        assert_eq!(known.commits(ids), HashSet::new());
    }

    #[test]
    fn known_links_match_up_to_noise() {
        let mut known = Known::default();
        known.add_evidence(Some("https://Blog.example.com/post/?utm_source=feed"), None);
        assert!(known.has_url("https://blog.example.com/post"));
        assert!(known.has_url("http://blog.example.com/post#comments"));
        assert!(!known.has_url("https://blog.example.com/other"));
    }

    #[test]
    fn a_draft_is_an_activity_with_empty_sections() {
        let draft = Draft {
            title: "Shipped it".into(),
            when: When::Span(day("2026-03-02"), day("2026-03-05")),
            kind: Kind::Project,
            summary: String::new(),
            evidence: vec![
                DraftEvidence::label("commit abc1234"),
                DraftEvidence::link("https://x.example"),
            ],
        };
        assert_eq!(
            crate::edit::block([table(&draft)]),
            "[[activity]]\ntitle = \"Shipped it\"\nstart = 2026-03-02\nend = 2026-03-05\n\
             kind = \"project\"\nsections = []\nevidence = [\n  { label = \"commit abc1234\" },\n  \
             \"https://x.example\",\n]\n"
        );
    }

    #[test]
    fn a_new_draft_file_says_what_it_is_and_lists_the_sections() {
        let text = header(&["writing".into(), "teaching".into()]);
        assert!(
            text.starts_with("# Drafts made by `promopack import`"),
            "{text}"
        );
        assert!(text.ends_with("# Sections of the packet's rubric: \"writing\", \"teaching\"\n"));
        assert!(
            text.lines()
                .all(|line| line.starts_with('#') && line.len() <= 100)
        );
    }
}
