//! Drafts from a local git history: one per merged pull request, the other commits by week.
//!
//! Reading the repository (`read`) is kept apart from deciding the drafts (`plan`), a pure
//! function over plain commit records that the tests feed directly.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
#[cfg(feature = "git")]
use chrono::{FixedOffset, Offset as _};

pub use super::forge::Forge;
use super::{Draft, DraftEvidence, Known, Plan};
use crate::error::Error;
#[cfg(feature = "git")]
use crate::error::GitError;
use crate::packet::model::Kind;
use crate::packet::model::When;

/// The most characters of commit subjects a weekly draft's title lists.
const TITLE_SUBJECTS: usize = 100;

/// A commit as the drafts need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The full commit id, lower-case hex.
    pub id: String,
    pub email: String,
    /// The author's day, in the author's time zone: when the work was done.
    pub authored: NaiveDate,
    /// The author time in seconds, to order commits within a day.
    pub time: i64,
    /// The committer's day: for a merge, the day it was merged.
    pub committed: NaiveDate,
    pub subject: String,
    /// The message after the subject line.
    pub body: String,
    pub parents: usize,
    /// For the merge of a pull request: the ids of the commits it brought in.
    pub merged: Vec<String>,
}

/// What to draft: whose commits, and in which days (both ends included).
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub author: String,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Where commits and pull requests can be linked, when the repository's `origin` says.
    pub forge: Option<Forge>,
}

impl Query {
    fn by_author(&self, commit: &Commit) -> bool {
        commit.email.eq_ignore_ascii_case(self.author.trim())
    }

    fn in_range(&self, day: NaiveDate) -> bool {
        self.since.is_none_or(|since| day >= since) && self.until.is_none_or(|until| day <= until)
    }
}

/// The number and title of the pull request a GitHub merge commit merged: the subject is
/// `Merge pull request #N from OWNER/BRANCH` and the body's first line is the title.
pub fn merged_pull_request(subject: &str, body: &str) -> Option<(u64, String)> {
    let rest = subject.trim().strip_prefix("Merge pull request #")?;
    let (number, from) = rest.split_once(' ')?;
    let number = number.parse().ok()?;
    let from = from.trim();
    let from = from.strip_prefix("from ").unwrap_or(from);
    let title = body
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .map_or_else(|| from.to_owned(), str::to_owned);
    Some((number, title))
}

/// The number and title of a squash-merged pull request: a subject ending in ` (#N)`.
pub fn squashed_pull_request(subject: &str) -> Option<(u64, String)> {
    let rest = subject.trim_end().strip_suffix(')')?;
    let (title, number) = rest.rsplit_once("(#")?;
    let number = number.parse().ok()?;
    let title = title.trim_end();
    (!title.is_empty()).then(|| (number, title.to_owned()))
}

/// The ISO week of a day, as `2026-W11`.
pub fn iso_week(day: NaiveDate) -> String {
    let week = day.iso_week();
    format!("{:04}-W{:02}", week.year(), week.week())
}

/// Decides the drafts: one per pull request merged in the range that holds a commit by the
/// author (or, when its commits are unknown, that the author merged), and the author's other
/// commits in the range grouped by ISO week. Merge commits of anything but a pull request are
/// left out. Sources already `known` are skipped: a pull request whose merge commit or web
/// page is known, and from a week only its known commits.
pub fn plan(commits: &[Commit], query: &Query, known: &Known) -> Plan {
    let by_id: HashMap<&str, &Commit> = commits.iter().map(|c| (c.id.as_str(), c)).collect();
    let imported = known.commits(commits.iter().map(|c| c.id.as_str()));
    // A pull request curated down to its link, or to its merge commit, is imported.
    let imported_pull_request = |merge: &Commit, number: u64| {
        imported.contains(merge.id.as_str())
            || (query.forge.as_ref()).is_some_and(|forge| known.has_url(&forge.pull_url(number)))
    };
    let mut in_pull_requests: HashSet<&str> = HashSet::new();
    let mut drafts: Vec<Draft> = Vec::new();
    let mut skipped = 0;
    let mut warnings = Vec::new();

    for commit in commits.iter().filter(|c| c.parents > 1) {
        let Some((number, title)) = merged_pull_request(&commit.subject, &commit.body) else {
            continue;
        };
        in_pull_requests.extend(commit.merged.iter().map(String::as_str));
        let members: Vec<&Commit> = commit
            .merged
            .iter()
            .filter_map(|id| by_id.get(id.as_str()).copied())
            .collect();
        let ours = if members.is_empty() {
            query.by_author(commit)
        } else {
            members.iter().any(|c| query.by_author(c))
        };
        if !ours
            || !query.in_range(commit.committed)
            || !dated(commit, commit.committed, &mut warnings)
        {
            continue;
        }
        if imported_pull_request(commit, number) {
            skipped += 1;
            continue;
        }
        drafts.push(pull_request(commit, number, title, &members, query));
    }

    let mut weeks: BTreeMap<String, Vec<&Commit>> = BTreeMap::new();
    for commit in commits {
        if commit.parents > 1 || in_pull_requests.contains(commit.id.as_str()) {
            continue;
        }
        if !query.by_author(commit) {
            continue;
        }
        if let Some((number, title)) = squashed_pull_request(&commit.subject) {
            if !query.in_range(commit.committed) || !dated(commit, commit.committed, &mut warnings)
            {
                continue;
            }
            if imported_pull_request(commit, number) {
                skipped += 1;
            } else {
                drafts.push(pull_request(commit, number, title, &[], query));
            }
            continue;
        }
        if query.in_range(commit.authored) && dated(commit, commit.authored, &mut warnings) {
            weeks
                .entry(iso_week(commit.authored))
                .or_default()
                .push(commit);
        }
    }
    for (week, mut commits) in weeks {
        commits.retain(|c| !imported.contains(c.id.as_str()));
        if commits.is_empty() {
            skipped += 1;
            continue;
        }
        // The id settles commits made in the same second, whatever order the walk gave.
        commits.sort_by(|a, b| (a.time, &a.id).cmp(&(b.time, &b.id)));
        drafts.push(weekly(&week, &commits, query));
    }
    drafts.sort_by(|a, b| (a.when.start(), &a.title).cmp(&(b.when.start(), &b.title)));
    Plan {
        drafts,
        skipped,
        warnings,
    }
}

/// Whether `day`, the commit's, can date a draft; a warning says why not.
fn dated(commit: &Commit, day: NaiveDate, warnings: &mut Vec<String>) -> bool {
    let writable = super::writable(day);
    if !writable {
        warnings.push(format!(
            "left out commit {}: it is dated {day}, and a packet date has a four-digit year",
            commit.id
        ));
    }
    writable
}

fn commit_evidence(commit: &Commit, query: &Query) -> DraftEvidence {
    match &query.forge {
        Some(forge) => DraftEvidence {
            url: Some(forge.commit_url(&commit.id)),
            label: Some(format!("commit {}", short(&commit.id))),
        },
        None => DraftEvidence::label(format!("commit {}", commit.id)),
    }
}

fn short(id: &str) -> &str {
    id.get(..10).unwrap_or(id)
}

fn pull_request(
    merge: &Commit,
    number: u64,
    title: String,
    members: &[&Commit],
    query: &Query,
) -> Draft {
    let mut evidence = Vec::new();
    if let Some(forge) = &query.forge {
        evidence.push(DraftEvidence {
            url: Some(forge.pull_url(number)),
            label: Some(format!("pull request #{number}")),
        });
    }
    evidence.push(commit_evidence(merge, query));
    let mut members = members.to_vec();
    members.sort_by_key(|c| c.time);
    let mut summary = format!("Pull request #{number}.");
    if !members.is_empty() {
        summary.push_str("\n\n");
        summary.push_str(&bullets(&members));
    }
    Draft {
        title,
        when: When::Day(merge.committed),
        kind: Kind::Project,
        summary,
        evidence,
    }
}

fn bullets(commits: &[&Commit]) -> String {
    let lines: Vec<String> = commits.iter().map(|c| format!("- {}", c.subject)).collect();
    lines.join("\n")
}

fn weekly(week: &str, commits: &[&Commit], query: &Query) -> Draft {
    let count = commits.len();
    let mut title = format!(
        "{count} {} in week {week}: ",
        if count == 1 { "commit" } else { "commits" }
    );
    let mut listed = 0;
    let mut subjects = String::new();
    for commit in commits {
        let subject = commit.subject.trim();
        let separator = if listed == 0 { "" } else { "; " };
        if listed > 0 && subjects.len() + separator.len() + subject.len() > TITLE_SUBJECTS {
            break;
        }
        subjects.push_str(separator);
        subjects.push_str(subject);
        listed += 1;
    }
    title.push_str(&subjects);
    if listed < count {
        title.push_str("; …");
    }
    // Days are in each author's time zone, so the earliest commit need not have the first day.
    let first = commits
        .iter()
        .map(|c| c.authored)
        .min()
        .unwrap_or(NaiveDate::MIN);
    let last = commits.iter().map(|c| c.authored).max().unwrap_or(first);
    Draft {
        title,
        when: if first == last {
            When::Day(first)
        } else {
            When::Span(first, last)
        },
        kind: Kind::Project,
        summary: bullets(commits),
        evidence: commits.iter().map(|c| commit_evidence(c, query)).collect(),
    }
}

#[cfg(feature = "git")]
fn git_error(path: &Path, source: GitError) -> Error {
    Error::Git {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(feature = "git")]
fn day(time: git2::Time) -> NaiveDate {
    let offset = (time.offset_minutes().checked_mul(60))
        .and_then(FixedOffset::east_opt)
        .unwrap_or_else(|| chrono::Utc.fix());
    chrono::DateTime::from_timestamp(time.seconds(), 0)
        .map_or(NaiveDate::MIN, |at| at.with_timezone(&offset).date_naive())
}

/// Built without the `git` feature: no repository can be read.
#[cfg(not(feature = "git"))]
pub fn read(_: &Path) -> Result<(Vec<Commit>, Option<Forge>), Error> {
    Err(Error::Usage(crate::error::not_built("git")))
}

/// Every commit reachable from the repository's `HEAD` (the repository that holds `path`),
/// and where its `origin` remote lives on the web, when that is github.com or gitlab.com.
#[cfg(feature = "git")]
pub fn read(path: &Path) -> Result<(Vec<Commit>, Option<Forge>), Error> {
    let failed = |err: git2::Error| git_error(path, GitError::Library(err));
    std::fs::metadata(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let repo = git2::Repository::discover(path).map_err(|err| match err.code() {
        git2::ErrorCode::NotFound => git_error(path, GitError::NotARepository(err)),
        _ => failed(err),
    })?;
    let forge = repo
        .find_remote("origin")
        .ok()
        .and_then(|remote| remote.url().ok().and_then(Forge::from_remote));
    let mut walk = repo.revwalk().map_err(failed)?;
    match walk.push_head() {
        Ok(()) => {}
        // A repository without commits has nothing to draft.
        Err(err) if err.code() == git2::ErrorCode::UnbornBranch => return Ok((Vec::new(), forge)),
        Err(err) => return Err(failed(err)),
    }
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)
        .map_err(failed)?;
    let mut commits = Vec::new();
    for oid in walk {
        let commit = repo.find_commit(oid.map_err(failed)?).map_err(failed)?;
        let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
        let (subject, body) = message.split_once('\n').unwrap_or((message.as_str(), ""));
        let (subject, body) = (subject.trim().to_owned(), body.trim().to_owned());
        let mut merged = Vec::new();
        if commit.parent_count() > 1 && merged_pull_request(&subject, &body).is_some() {
            // The pull request's commits: reachable from the merged branch, not from the base.
            let mut branch = repo.revwalk().map_err(failed)?;
            branch
                .push(commit.parent_id(1).map_err(failed)?)
                .map_err(failed)?;
            branch
                .hide(commit.parent_id(0).map_err(failed)?)
                .map_err(failed)?;
            for id in branch {
                merged.push(id.map_err(failed)?.to_string());
            }
        }
        let author = commit.author();
        commits.push(Commit {
            id: commit.id().to_string(),
            email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
            authored: day(author.when()),
            time: author.when().seconds(),
            committed: day(commit.committer().when()),
            subject,
            body,
            parents: commit.parent_count(),
            merged,
        });
    }
    Ok((commits, forge))
}

/// The author emails of `commits`, for a hint when none matches.
pub fn authors(commits: &[Commit]) -> Vec<String> {
    let mut emails: Vec<String> = commits
        .iter()
        .map(|c| c.email.to_ascii_lowercase())
        .collect();
    emails.sort();
    emails.dedup();
    emails
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(not(feature = "git"))]
    fn without_the_git_feature_a_repository_is_refused_with_the_way_to_get_it() {
        let err = read(Path::new("."))
            .map(drop)
            .expect_err("built without git");
        assert!(
            matches!(&err, Error::Usage(m) if m.contains("`git` feature")),
            "{err}"
        );
    }

    fn date(text: &str) -> NaiveDate {
        crate::packet::values::parse_date(text).unwrap_or(NaiveDate::MIN)
    }

    fn commit(id: char, email: &str, day: &str, subject: &str) -> Commit {
        let day = date(day);
        Commit {
            id: id.to_string().repeat(40),
            email: email.into(),
            authored: day,
            time: day
                .and_hms_opt(12, 0, 0)
                .map_or(0, |t| t.and_utc().timestamp()),
            committed: day,
            subject: subject.into(),
            body: String::new(),
            parents: 1,
            merged: Vec::new(),
        }
    }

    fn merge(id: char, day: &str, number: u64, title: &str, merged: &[char]) -> Commit {
        Commit {
            parents: 2,
            body: format!("{title}\n\nLonger description."),
            merged: merged.iter().map(|c| c.to_string().repeat(40)).collect(),
            ..commit(
                id,
                "github@example.com",
                day,
                &format!("Merge pull request #{number} from pat/topic"),
            )
        }
    }

    fn query() -> Query {
        Query {
            author: "Pat@Example.com".into(),
            ..Query::default()
        }
    }

    #[test]
    fn reads_github_merge_and_squash_subjects() {
        assert_eq!(
            merged_pull_request(
                "Merge pull request #12 from pat/retry",
                "Retry webhooks\n\nbody"
            ),
            Some((12, "Retry webhooks".into()))
        );
        assert_eq!(
            merged_pull_request("Merge pull request #3 from pat/x", ""),
            Some((3, "pat/x".into()))
        );
        assert_eq!(merged_pull_request("Merge branch 'main'", ""), None);
        assert_eq!(
            squashed_pull_request("Add retries to webhooks (#42)"),
            Some((42, "Add retries to webhooks".into()))
        );
        assert_eq!(squashed_pull_request("Fix (#x)"), None);
        assert_eq!(squashed_pull_request("(#4)"), None);
        assert_eq!(squashed_pull_request("Bump version"), None);
    }

    #[test]
    fn weeks_are_iso_weeks() {
        assert_eq!(iso_week(date("2026-03-09")), "2026-W11");
        assert_eq!(iso_week(date("2026-03-15")), "2026-W11");
        assert_eq!(iso_week(date("2027-01-01")), "2026-W53");
    }

    #[test]
    fn groups_plain_commits_by_week_and_ignores_other_authors() {
        let commits = [
            commit('a', "pat@example.com", "2026-03-09", "Start the parser"),
            commit('b', "sam@example.com", "2026-03-10", "Someone else's work"),
            commit('c', "PAT@example.com", "2026-03-11", "Finish the parser"),
            commit('d', "pat@example.com", "2026-03-16", "Next week"),
        ];
        let plan = plan(&commits, &query(), &Known::default());
        let titles: Vec<&str> = plan.drafts.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "2 commits in week 2026-W11: Start the parser; Finish the parser",
                "1 commit in week 2026-W12: Next week"
            ]
        );
        assert_eq!(
            plan.drafts[0].when,
            When::Span(date("2026-03-09"), date("2026-03-11"))
        );
        assert_eq!(plan.drafts[1].when, When::Day(date("2026-03-16")));
        assert_eq!(
            plan.drafts[0].summary,
            "- Start the parser\n- Finish the parser"
        );
        assert_eq!(
            plan.drafts[0].evidence,
            [
                DraftEvidence::label(format!("commit {}", "a".repeat(40))),
                DraftEvidence::label(format!("commit {}", "c".repeat(40))),
            ]
        );
    }

    #[test]
    fn a_merged_pull_request_is_one_draft_and_its_commits_are_not_counted_again() {
        let commits = [
            merge('9', "2026-03-12", 7, "Retry failed webhooks", &['a', 'b']),
            commit('a', "pat@example.com", "2026-03-10", "Add retry"),
            commit('b', "pat@example.com", "2026-03-11", "Test retry"),
            commit('c', "pat@example.com", "2026-03-11", "Unrelated fix"),
            merge('8', "2026-03-12", 8, "Someone else's pull request", &['7']),
            commit('7', "sam@example.com", "2026-03-10", "Their change"),
        ];
        let plan = plan(&commits, &query(), &Known::default());
        let titles: Vec<&str> = plan.drafts.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "1 commit in week 2026-W11: Unrelated fix",
                "Retry failed webhooks"
            ]
        );
        let pr = &plan.drafts[1];
        assert_eq!(pr.when, When::Day(date("2026-03-12")));
        assert_eq!(pr.summary, "Pull request #7.\n\n- Add retry\n- Test retry");
        assert_eq!(
            pr.evidence,
            [DraftEvidence::label(format!("commit {}", "9".repeat(40)))]
        );
    }

    #[test]
    fn a_squash_merged_pull_request_is_its_own_draft() {
        let commits = [commit(
            'a',
            "pat@example.com",
            "2026-03-10",
            "Add retries (#42)",
        )];
        let plan = plan(&commits, &query(), &Known::default());
        assert_eq!(plan.drafts.len(), 1);
        assert_eq!(plan.drafts[0].title, "Add retries");
        assert_eq!(plan.drafts[0].summary, "Pull request #42.");
    }

    #[test]
    fn keeps_only_the_range_both_ends_included() {
        let commits = [
            commit('a', "pat@example.com", "2026-02-28", "Before"),
            commit('b', "pat@example.com", "2026-03-01", "First day"),
            commit('c', "pat@example.com", "2026-03-31", "Last day"),
            commit('d', "pat@example.com", "2026-04-01", "After"),
        ];
        let query = Query {
            since: Some(date("2026-03-01")),
            until: Some(date("2026-03-31")),
            ..query()
        };
        let plan = plan(&commits, &query, &Known::default());
        let all: String = plan.drafts.iter().map(|d| d.summary.clone()).collect();
        assert!(
            all.contains("First day") && all.contains("Last day"),
            "{all}"
        );
        assert!(!all.contains("Before") && !all.contains("After"), "{all}");
    }

    #[test]
    fn skips_what_is_known_and_drafts_only_the_new_commits_of_a_week() {
        let commits = [
            merge('9', "2026-03-12", 7, "Retry failed webhooks", &['a']),
            commit('a', "pat@example.com", "2026-03-10", "Add retry"),
            commit('b', "pat@example.com", "2026-03-09", "Old"),
            commit('c', "pat@example.com", "2026-03-13", "New"),
            commit('d', "pat@example.com", "2026-03-17", "Known week"),
        ];
        let mut known = Known::default();
        known.add_evidence(None, Some(&format!("commit {}", "9".repeat(40))));
        known.add_evidence(None, Some(&format!("commit {}", "b".repeat(40))));
        known.add_evidence(None, Some(&"d".repeat(12)));
        let plan = plan(&commits, &query(), &known);
        let titles: Vec<&str> = plan.drafts.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["1 commit in week 2026-W11: New"]);
        assert_eq!(plan.skipped, 2);
    }

    #[test]
    fn a_pull_request_known_by_its_link_alone_is_skipped() {
        let commits = [
            merge('9', "2026-03-12", 7, "Retry failed webhooks", &['a']),
            commit('a', "pat@example.com", "2026-03-10", "Add retry"),
            commit('c', "pat@example.com", "2026-03-13", "Squashed (#8)"),
        ];
        let query = Query {
            forge: Forge::from_remote("https://github.com/acme/widgets"),
            ..query()
        };
        let mut known = Known::default();
        known.add_evidence(Some("https://github.com/acme/widgets/pull/7/"), None);
        known.add_evidence(Some("https://github.com/acme/widgets/pull/8"), None);
        let plan = plan(&commits, &query, &known);
        assert_eq!(plan.drafts, []);
        assert_eq!(plan.skipped, 2);
    }

    #[test]
    fn a_week_spans_its_commits_days_whatever_their_time_zones() {
        // `East` was made first, but far east it was already the next day.
        let mut east = commit('a', "pat@example.com", "2026-03-11", "East");
        let mut west = commit('b', "pat@example.com", "2026-03-10", "West");
        east.time = 1000;
        west.time = 2000;
        let plan = plan(&[west, east], &query(), &Known::default());
        assert_eq!(
            plan.drafts[0].when,
            When::Span(date("2026-03-10"), date("2026-03-11"))
        );
        assert_eq!(plan.drafts[0].summary, "- East\n- West");
    }

    #[test]
    fn commits_dated_past_year_9999_are_left_out_with_a_warning() {
        let commits = [
            commit('a', "pat@example.com", "2026-03-10", "Now"),
            Commit {
                authored: NaiveDate::MAX,
                committed: NaiveDate::MAX,
                ..commit('b', "pat@example.com", "2026-03-10", "Far future (#3)")
            },
            Commit {
                authored: NaiveDate::MIN,
                ..commit('c', "pat@example.com", "2026-03-10", "Far past")
            },
        ];
        let plan = plan(&commits, &query(), &Known::default());
        let titles: Vec<&str> = plan.drafts.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["1 commit in week 2026-W11: Now"]);
        assert_eq!(plan.warnings.len(), 2, "{:?}", plan.warnings);
        assert!(plan.warnings[0].starts_with(&format!("left out commit {}", "b".repeat(40))));
    }

    #[test]
    fn a_long_week_lists_the_first_subjects_in_its_title() {
        let subject = "A subject of about forty characters long";
        let commits: Vec<Commit> = ['a', 'b', 'c', 'd']
            .iter()
            .map(|&id| commit(id, "pat@example.com", "2026-03-10", subject))
            .collect();
        let plan = plan(&commits, &query(), &Known::default());
        assert_eq!(
            plan.drafts[0].title,
            format!("4 commits in week 2026-W11: {subject}; {subject}; …")
        );
    }
}
