//! `promopack import git|feed`: drafts from a repository made here and from feed fixtures,
//! written to a draft file that curates into a packet, and never twice.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::path::{Path, PathBuf};

use git2::{Oid, Repository, Signature, Time};
use predicates::prelude::*;

use crate::common::{promopack, read};

const PAT: &str = "pat@example.com";
const SAM: &str = "sam@example.com";

/// Seconds since the epoch of noon UTC on a `YYYY-MM-DD` day.
fn noon(day: &str) -> i64 {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp()
}

struct Repo {
    repo: Repository,
    count: usize,
}

impl Repo {
    /// Makes a commit on `parents` (a new root when empty), authored and committed by `email`
    /// at noon on `day`, without moving any branch.
    fn commit(&mut self, email: &str, day: &str, message: &str, parents: &[Oid]) -> Oid {
        self.count += 1;
        let who = Signature::new(
            email.split('@').next().unwrap(),
            email,
            &Time::new(noon(day), 0),
        )
        .unwrap();
        let blob = self
            .repo
            .blob(format!("change {}\n", self.count).as_bytes())
            .unwrap();
        let mut tree = self.repo.treebuilder(None).unwrap();
        tree.insert("file.txt", blob, 0o100_644).unwrap();
        let tree = self.repo.find_tree(tree.write().unwrap()).unwrap();
        let parents: Vec<git2::Commit> = parents
            .iter()
            .map(|id| self.repo.find_commit(*id).unwrap())
            .collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        self.repo
            .commit(None, &who, &who, message, &tree, &parents)
            .unwrap()
    }

    fn set_head(&self, id: Oid) {
        self.repo
            .reference("refs/heads/main", id, true, "test")
            .unwrap();
        self.repo.set_head("refs/heads/main").unwrap();
    }
}

/// The ids of the history `history` makes, by name.
struct History {
    docs: Oid,
    endpoint: Oid,
    merge_12: Oid,
    signature: Oid,
    squash_15: Oid,
    bump: Oid,
}

/// Two weeks of work in March 2026 by Pat, with Sam's commits and pull request mixed in:
///
/// - week 2026-W10: Pat's `Add webhook endpoint` (Mon 2) and `Document webhook retries` (Fri 6),
///   Sam's refactor, and pull request #12 (Pat's two commits, merged Thu 5);
/// - week 2026-W11: Pat's `Fix signature check` (Tue 10, upper-case email) and `Bump
///   dependencies` (Fri 13), Pat's squash-merged pull request #15 (Wed 11), Sam's pull
///   request #16 (merged Fri 13);
/// - April: one more commit by Pat, outside the first quarter.
fn history(dir: &Path) -> History {
    let mut r = Repo {
        repo: Repository::init(dir).unwrap(),
        count: 0,
    };
    let endpoint = r.commit(PAT, "2026-03-02", "Add webhook endpoint", &[]);
    let refactor = r.commit(SAM, "2026-03-03", "Refactor the router", &[endpoint]);
    let retry = r.commit(PAT, "2026-03-03", "Retry failed deliveries", &[endpoint]);
    let tests = r.commit(PAT, "2026-03-04", "Test retries", &[retry]);
    let merge_12 = r.commit(
        "noreply@github.com",
        "2026-03-05",
        "Merge pull request #12 from pat/retries\n\nRetry failed webhook deliveries\n",
        &[refactor, tests],
    );
    let docs = r.commit(PAT, "2026-03-06", "Document webhook retries", &[merge_12]);
    let signature = r.commit(
        "PAT@Example.com",
        "2026-03-10",
        "Fix signature check",
        &[docs],
    );
    let squash_15 = r.commit(
        PAT,
        "2026-03-11",
        "Add a delivery log (#15)\n\n* log\n* tests\n",
        &[signature],
    );
    let theirs = r.commit(SAM, "2026-03-12", "Add rate limits", &[squash_15]);
    let merge_16 = r.commit(
        "noreply@github.com",
        "2026-03-13",
        "Merge pull request #16 from sam/limits\n\nRate limits\n",
        &[squash_15, theirs],
    );
    let bump = r.commit(PAT, "2026-03-13", "Bump dependencies", &[merge_16]);
    let april = r.commit(PAT, "2026-04-02", "Start the next thing", &[bump]);
    r.set_head(april);
    History {
        docs,
        endpoint,
        merge_12,
        signature,
        squash_15,
        bump,
    }
}

fn activities(text: &str) -> Vec<toml::Table> {
    let table: toml::Table = toml::from_str(text).expect("the draft file is TOML");
    table["activity"]
        .as_array()
        .expect("[[activity]]")
        .iter()
        .map(|a| a.as_table().expect("table").clone())
        .collect()
}

fn string(table: &toml::Table, key: &str) -> String {
    match &table[key] {
        toml::Value::String(text) => text.clone(),
        toml::Value::Datetime(date) => date.to_string(),
        other => panic!("{key} = {other}"),
    }
}

fn evidence_labels(table: &toml::Table) -> Vec<String> {
    table["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["label"].as_str().unwrap().to_owned())
        .collect()
}

fn commit_label(id: Oid) -> String {
    format!("commit {id}")
}

fn import_git(dir: &Path) -> assert_cmd::assert::Assert {
    promopack()
        .current_dir(dir)
        .args([
            "import", "git", "repo", "--author", PAT, "--period", "2026-Q1",
        ])
        .assert()
}

#[test]
fn import_git_drafts_pull_requests_and_weeks_of_the_authors_commits() {
    let dir = tempfile::tempdir().unwrap();
    let ids = history(&dir.path().join("repo"));
    import_git(dir.path())
        .success()
        .stderr("added 4 drafts to drafts.toml, skipped 0 already imported\n");
    let text = read(&dir.path().join("drafts.toml"));
    assert!(
        text.starts_with("# Drafts made by `promopack import`: curate them before they count."),
        "{text}"
    );
    let drafts = activities(&text);
    let titles: Vec<String> = drafts.iter().map(|d| string(d, "title")).collect();
    assert_eq!(
        titles,
        [
            "2 commits in week 2026-W10: Add webhook endpoint; Document webhook retries",
            "Retry failed webhook deliveries",
            "2 commits in week 2026-W11: Fix signature check; Bump dependencies",
            "Add a delivery log",
        ]
    );
    let (week_10, pr_12, week_11, pr_15) = (&drafts[0], &drafts[1], &drafts[2], &drafts[3]);
    assert_eq!(string(week_10, "start"), "2026-03-02");
    assert_eq!(string(week_10, "end"), "2026-03-06");
    assert_eq!(
        evidence_labels(week_10),
        [commit_label(ids.endpoint), commit_label(ids.docs)]
    );
    assert_eq!(string(pr_12, "date"), "2026-03-05");
    assert_eq!(evidence_labels(pr_12), [commit_label(ids.merge_12)]);
    assert_eq!(
        string(pr_12, "summary"),
        "Pull request #12.\n\n- Retry failed deliveries\n- Test retries"
    );
    assert_eq!(
        (string(week_11, "start"), string(week_11, "end")),
        ("2026-03-10".into(), "2026-03-13".into())
    );
    assert_eq!(
        evidence_labels(week_11),
        [commit_label(ids.signature), commit_label(ids.bump)]
    );
    assert_eq!(string(pr_15, "date"), "2026-03-11");
    assert_eq!(evidence_labels(pr_15), [commit_label(ids.squash_15)]);
    for draft in &drafts {
        assert_eq!(string(draft, "kind"), "project");
        assert_eq!(draft["sections"].as_array().map(Vec::len), Some(0));
    }
    assert!(!text.contains("Sam") && !text.contains("Rate limits") && !text.contains("next thing"));
}

#[test]
fn importing_the_same_history_twice_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    history(&dir.path().join("repo"));
    import_git(dir.path()).success();
    let first = read(&dir.path().join("drafts.toml"));
    import_git(dir.path())
        .success()
        .stderr("nothing new to draft, skipped 4 already imported: drafts.toml unchanged\n");
    assert_eq!(read(&dir.path().join("drafts.toml")), first);
}

#[test]
fn an_author_with_no_commits_gets_a_warning_and_no_draft_file() {
    let dir = tempfile::tempdir().unwrap();
    history(&dir.path().join("repo"));
    promopack()
        .current_dir(dir.path())
        .args(["import", "git", "repo", "--author", "nobody@example.com"])
        .assert()
        .success()
        .stderr(
            "warning: no commit in `repo` is by `nobody@example.com`\n\
             nothing new to draft\n",
        );
    assert!(!dir.path().join("drafts.toml").exists());
}

#[test]
fn the_same_history_gives_byte_identical_drafts_in_any_time_zone() {
    let mut texts = Vec::new();
    for zone in ["Pacific/Kiritimati", "America/Los_Angeles", "UTC"] {
        let dir = tempfile::tempdir().unwrap();
        history(&dir.path().join("repo"));
        for out in ["drafts.toml", "again.toml"] {
            promopack()
                .current_dir(dir.path())
                .env("TZ", zone)
                .args([
                    "import", "git", "repo", "--author", PAT, "--period", "2026-Q1",
                ])
                .args(["--out", out])
                .assert()
                .success();
        }
        let text = read(&dir.path().join("drafts.toml"));
        assert_eq!(read(&dir.path().join("again.toml")), text, "{zone}");
        texts.push(text);
    }
    assert!(texts.iter().all(|text| *text == texts[0]));
}

#[test]
fn a_week_imported_in_part_gets_a_draft_of_only_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let ids = history(&dir.path().join("repo"));
    let since = |since: &str| {
        promopack()
            .current_dir(dir.path())
            .args(["import", "git", "repo", "--author", PAT])
            .args(["--since", since, "--until", "2026-03-31"])
            .assert()
    };
    // From Wednesday of week 10: its Monday commit is left for later.
    since("2026-03-04")
        .success()
        .stderr("added 4 drafts to drafts.toml, skipped 0 already imported\n");
    let first = read(&dir.path().join("drafts.toml"));
    assert!(!first.contains(&ids.endpoint.to_string()), "{first}");
    since("2026-03-01")
        .success()
        .stderr("added 1 draft to drafts.toml, skipped 3 already imported\n");
    let second = read(&dir.path().join("drafts.toml"));
    let added = activities(&second).pop().unwrap();
    assert!(second.starts_with(&first));
    assert_eq!(
        string(&added, "title"),
        "1 commit in week 2026-W10: Add webhook endpoint"
    );
    assert_eq!(evidence_labels(&added), [commit_label(ids.endpoint)]);
    for window in ["2026-03-01", "2026-03-04", "2026-03-10"] {
        since(window)
            .success()
            .stderr(predicate::str::starts_with("nothing new to draft"));
    }
    assert_eq!(read(&dir.path().join("drafts.toml")), second);
}

#[test]
fn a_second_import_appends_only_new_drafts_and_keeps_the_persons_edits() {
    let dir = tempfile::tempdir().unwrap();
    history(&dir.path().join("repo"));
    promopack()
        .current_dir(dir.path())
        .args([
            "import",
            "git",
            "repo",
            "--author",
            PAT,
            "--until",
            "2026-03-08",
        ])
        .assert()
        .success()
        .stderr("added 2 drafts to drafts.toml, skipped 0 already imported\n");
    let drafts = dir.path().join("drafts.toml");
    let curated = read(&drafts).replacen("sections = []", "sections = [\"writing\"] # mine", 1);
    std::fs::write(&drafts, &curated).unwrap();
    import_git(dir.path())
        .success()
        .stderr("added 2 drafts to drafts.toml, skipped 2 already imported\n");
    let text = read(&drafts);
    assert!(text.starts_with(&curated), "{text}");
    assert_eq!(activities(&text).len(), 4);
}

#[test]
fn what_the_packet_already_holds_is_not_drafted_again() {
    let dir = tempfile::tempdir().unwrap();
    let ids = history(&dir.path().join("repo"));
    std::fs::copy(
        "tests/fixtures/minimal/rubric.toml",
        dir.path().join("rubric.toml"),
    )
    .unwrap();
    // The person curated pull request #12 into the packet, with an abbreviated commit id.
    let packet = format!(
        "rubric = \"rubric.toml\"\n[person]\nname = \"Pat\"\nrole = \"Engineer\"\ntarget = \"mid\"\n\
         [period]\nlabel = \"Q1\"\nstart = 2026-01-01\nend = 2026-03-31\n\n\
         [[activity]]\ntitle = \"Webhook retries\"\ndate = 2026-03-05\nkind = \"project\"\n\
         sections = [\"writing\"]\nevidence = [{{ label = \"merged as {}\" }}]\n",
        &ids.merge_12.to_string()[..8]
    );
    std::fs::write(dir.path().join("packet.toml"), packet).unwrap();
    // The packet in the current folder is found, and its period is the range: April is out.
    promopack()
        .current_dir(dir.path())
        .args(["import", "git", "repo", "--author", PAT])
        .assert()
        .success()
        .stderr("added 3 drafts to drafts.toml, skipped 1 already imported\n");
    let text = read(&dir.path().join("drafts.toml"));
    assert!(!text.contains("Retry failed webhook deliveries"), "{text}");
    assert!(
        text.contains("# Sections of the packet's rubric: \"writing\", \"teaching\""),
        "{text}"
    );
}

/// A packet for the first quarter of 2026 on the minimal rubric, with `extra` after `rubric`.
fn write_packet(dir: &Path, extra: &str) {
    std::fs::copy(
        "tests/fixtures/minimal/rubric.toml",
        dir.join("rubric.toml"),
    )
    .unwrap();
    let packet = format!(
        "rubric = \"rubric.toml\"\n{extra}[person]\nname = \"Pat\"\nrole = \"Engineer\"\n\
         target = \"mid\"\n[period]\nlabel = \"Q1\"\nstart = 2026-01-01\nend = 2026-03-31\n"
    );
    std::fs::write(dir.join("packet.toml"), packet).unwrap();
}

#[test]
fn curated_drafts_check_as_part_of_the_packet() {
    let dir = tempfile::tempdir().unwrap();
    history(&dir.path().join("repo"));
    write_packet(dir.path(), "");
    import_git(dir.path()).success();
    write_packet(dir.path(), "include = [\"drafts.toml\"]\n");
    // Uncurated drafts name no section: check says so, in the draft file.
    promopack()
        .current_dir(dir.path())
        .args(["check", "packet.toml"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("error[no-section]")
                .and(predicate::str::contains("--> drafts.toml:")),
        );
    let drafts = dir.path().join("drafts.toml");
    let curated = read(&drafts).replace("sections = []", "sections = [\"writing\"]");
    std::fs::write(&drafts, &curated).unwrap();
    promopack()
        .current_dir(dir.path())
        .args(["check", "packet.toml"])
        .assert()
        .success();
}

#[test]
fn drafts_never_go_into_a_file_the_packet_includes() {
    let dir = tempfile::tempdir().unwrap();
    history(&dir.path().join("repo"));
    write_packet(
        dir.path(),
        "include = [\"drafts.toml\", \"activities/*.toml\"]\n",
    );
    std::fs::write(dir.path().join("drafts.toml"), "").unwrap();
    // The included draft file exists; `activities/new.toml` does not yet, but would be included.
    for out in [None, Some("activities/new.toml")] {
        let mut command = promopack();
        command
            .current_dir(dir.path())
            .args(["import", "git", "repo", "--author", PAT]);
        command.args(out.map(|out| ["--out", out]).into_iter().flatten());
        let written = out.unwrap_or("drafts.toml");
        command.assert().code(2).stderr(predicate::str::contains(format!(
            "error: refusing to write drafts to `{written}`: the packet `packet.toml` includes it"
        )));
    }
    assert_eq!(read(&dir.path().join("drafts.toml")), "");
    assert!(!dir.path().join("activities").exists());
    import_git(dir.path()).code(2);
    promopack()
        .current_dir(dir.path())
        .args([
            "import",
            "git",
            "repo",
            "--author",
            PAT,
            "--out",
            "activities/sub/x.toml",
        ])
        .assert()
        .success();
}

#[test]
fn a_packet_part_that_cannot_be_read_stops_the_import() {
    let dir = tempfile::tempdir().unwrap();
    history(&dir.path().join("repo"));
    // What the unreadable activity holds as evidence cannot be known, so it would be drafted again.
    write_packet(dir.path(), "include = [\"activities/*.toml\"]\n");
    std::fs::create_dir(dir.path().join("activities")).unwrap();
    std::fs::write(
        dir.path().join("activities/q1.toml"),
        "[[activity]]\ntitle = \"Retries\"\ndate = 2026-03-05\nkind = \"project\"\n\
         sections = [\"writing\"]\nevidence = [{ label = \"commit 0000000\" }]\nowner = \"me\"\n",
    )
    .unwrap();
    import_git(dir.path()).code(1).stderr(
        predicate::str::contains("error[unknown-key]: unknown key `owner`")
            .and(predicate::str::contains("--> activities/q1.toml:7:1"))
            .and(predicate::str::contains("nothing was written")),
    );
    std::fs::remove_dir_all(dir.path().join("activities")).unwrap();
    let packet = read(&dir.path().join("packet.toml"))
        .replace("include = [\"activities/*.toml\"]\n", "")
        + "[[activity]]\ntitle = \"Retries\"\ndate = 2026-13-05\nkind = \"project\"\n";
    std::fs::write(dir.path().join("packet.toml"), packet).unwrap();
    import_git(dir.path())
        .code(1)
        .stderr(predicate::str::contains("--> packet.toml:12:"));
    assert!(!dir.path().join("drafts.toml").exists());
}

#[test]
fn commits_on_github_link_to_their_pages() {
    let dir = tempfile::tempdir().unwrap();
    let ids = history(&dir.path().join("repo"));
    Repository::open(dir.path().join("repo"))
        .unwrap()
        .remote("origin", "git@github.com:acme/widgets.git")
        .unwrap();
    let out = promopack()
        .current_dir(dir.path())
        .args([
            "import",
            "git",
            "repo",
            "--author",
            PAT,
            "--period",
            "2026-Q1",
            "--dry-run",
        ])
        .assert()
        .success()
        .stderr("would add 4 drafts to drafts.toml, skipped 0 already imported\n")
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains(&format!(
            "{{ url = \"https://github.com/acme/widgets/pull/12\", label = \"pull request #12\" }},\n  \
             {{ url = \"https://github.com/acme/widgets/commit/{}\", label = \"commit {}\" }}",
            ids.merge_12,
            &ids.merge_12.to_string()[..10]
        )),
        "{text}"
    );
    assert!(!dir.path().join("drafts.toml").exists(), "--dry-run wrote");
}

#[test]
fn import_git_outside_a_repository_says_so() {
    let dir = tempfile::tempdir().unwrap();
    promopack()
        .current_dir(dir.path())
        .args(["import", "git", "--author", PAT])
        .assert()
        .code(3)
        .stderr(
            "error: cannot read `.`\n  caused by: it is not in a git repository: give the folder \
             of one, e.g. `promopack import git ~/src/widgets --author EMAIL`\n",
        );
}

fn feed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/feeds")
        .join(name)
}

fn import_feed(dir: &Path, name: &str) -> assert_cmd::assert::Assert {
    promopack()
        .current_dir(dir)
        .args(["import", "feed"])
        .arg(feed(name))
        .assert()
}

#[test]
fn import_feed_drafts_one_blog_post_per_rss_item() {
    let dir = tempfile::tempdir().unwrap();
    import_feed(dir.path(), "rss.xml")
        .success()
        .stderr("added 3 drafts to drafts.toml, skipped 0 already imported\n");
    let text = read(&dir.path().join("drafts.toml"));
    assert!(text.ends_with("]\n"), "{text}");
    let drafts = activities(&text);
    let seen: Vec<(String, String, String)> = drafts
        .iter()
        .map(|d| {
            let evidence = d["evidence"][0].as_str().unwrap().to_owned();
            (string(d, "title"), string(d, "date"), evidence)
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "Our docs now build in CI".into(),
                "2026-01-19".into(),
                "https://blog.example.com/2026/01/docs-in-ci/".into()
            ),
            (
                "Five SDK design mistakes & how we fixed them".into(),
                "2026-02-17".into(),
                "https://blog.example.com/2026/02/sdk-mistakes/?utm_source=rss".into()
            ),
            (
                "Webhooks that survive outages".into(),
                "2026-03-12".into(),
                "https://blog.example.com/2026/03/webhooks-that-survive-outages/".into()
            ),
        ]
    );
    assert_eq!(
        string(&drafts[1], "summary"),
        "Lessons from rewriting our Python SDK. Second paragraph."
    );
    assert!(!drafts[0].contains_key("summary"));
    for draft in &drafts {
        assert_eq!(string(draft, "kind"), "blog-post");
    }
    import_feed(dir.path(), "rss.xml")
        .success()
        .stderr("nothing new to draft, skipped 3 already imported: drafts.toml unchanged\n");
    assert_eq!(read(&dir.path().join("drafts.toml")), text);
}

#[test]
fn import_feed_drafts_one_blog_post_per_atom_entry() {
    let dir = tempfile::tempdir().unwrap();
    import_feed(dir.path(), "atom.xml")
        .success()
        .stderr("added 2 drafts to drafts.toml, skipped 0 already imported\n");
    let text = read(&dir.path().join("drafts.toml"));
    let drafts = activities(&text);
    let seen: Vec<(String, String, String, String)> = drafts
        .iter()
        .map(|d| {
            let evidence = d["evidence"][0].as_str().unwrap().to_owned();
            (
                string(d, "title"),
                string(d, "date"),
                evidence,
                string(d, "summary"),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "Error messages people act on".into(),
                "2026-02-20".into(),
                "https://pat.example.org/posts/errors".into(),
                "Say what is wrong, where, and what would be right.".into()
            ),
            (
                "Profiling a Rust CLI on two cores".into(),
                "2026-04-01".into(),
                "https://pat.example.org/posts/profiling".into(),
                "Where the time goes when a template engine meets a large TOML file.".into()
            ),
        ]
    );
    import_feed(dir.path(), "atom.xml")
        .success()
        .stderr("nothing new to draft, skipped 2 already imported: drafts.toml unchanged\n");
    assert_eq!(read(&dir.path().join("drafts.toml")), text);
}

#[test]
fn a_feed_that_cannot_be_read_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    import_feed(dir.path(), "broken.xml").code(1).stderr(
        predicate::str::contains("error[invalid-feed]: `")
            .and(predicate::str::contains(
                "broken.xml` is not an RSS, Atom or JSON feed",
            ))
            .and(predicate::str::contains("nothing was written")),
    );
    assert!(!dir.path().join("drafts.toml").exists());
}

#[test]
fn drafts_never_go_into_the_packet() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "tests/fixtures/minimal/packet.toml",
        dir.path().join("packet.toml"),
    )
    .unwrap();
    std::fs::copy(
        "tests/fixtures/minimal/rubric.toml",
        dir.path().join("rubric.toml"),
    )
    .unwrap();
    let before = read(&dir.path().join("packet.toml"));
    promopack()
        .current_dir(dir.path())
        .args(["import", "feed", "--out", "packet.toml"])
        .arg(feed("rss.xml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("it is one of the input files"));
    assert_eq!(read(&dir.path().join("packet.toml")), before);
}

/// Imports `rss.xml` into a draft file of exactly `original`, and returns what it holds after.
fn import_into(dir: &Path, original: &str) -> String {
    std::fs::write(dir.join("drafts.toml"), original).unwrap();
    import_feed(dir, "rss.xml")
        .success()
        .stderr("added 3 drafts to drafts.toml, skipped 0 already imported\n");
    String::from_utf8(std::fs::read(dir.join("drafts.toml")).unwrap()).unwrap()
}

#[test]
fn import_keeps_the_draft_files_crlf_line_endings() {
    let lf = import_into(tempfile::tempdir().unwrap().path(), "# My drafts\n");
    assert!(lf.starts_with("# My drafts\n\n[[activity]]\n"), "{lf}");
    assert!(!lf.contains('\r'));
    let crlf = import_into(tempfile::tempdir().unwrap().path(), "# My drafts\r\n");
    assert_eq!(crlf, lf.replace('\n', "\r\n"));
}

/// A draft file that is a symbolic link gets the drafts in the file it links to; the link
/// stays.
#[cfg(unix)]
#[test]
fn import_writes_through_a_symbolic_link_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let lf = import_into(dir.path(), "# My drafts\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("real")).unwrap();
    std::fs::write(dir.path().join("real/drafts.toml"), "# My drafts\n").unwrap();
    std::os::unix::fs::symlink("real/drafts.toml", dir.path().join("drafts.toml")).unwrap();
    import_feed(dir.path(), "rss.xml")
        .success()
        .stderr("added 3 drafts to drafts.toml, skipped 0 already imported\n");
    assert_eq!(
        std::fs::read_link(dir.path().join("drafts.toml")).unwrap(),
        Path::new("real/drafts.toml")
    );
    assert_eq!(read(&dir.path().join("real/drafts.toml")), lf);
    assert_eq!(
        std::fs::read_dir(dir.path().join("real")).unwrap().count(),
        1
    );
}

#[test]
fn import_feed_reads_a_json_feed_with_its_external_links_and_utc_days() {
    let dir = tempfile::tempdir().unwrap();
    import_feed(dir.path(), "feed.json").success().stderr(
        predicate::str::contains("left out the entry `No link anywhere`")
            .and(predicate::str::contains("added 2 drafts to drafts.toml")),
    );
    let text = read(&dir.path().join("drafts.toml"));
    let seen: Vec<(String, String, String)> = activities(&text)
        .iter()
        .map(|d| {
            let evidence = d["evidence"][0].as_str().unwrap().to_owned();
            (string(d, "title"), string(d, "date"), evidence)
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "A guest post on webhooks".into(),
                "2026-03-09".into(),
                "https://partner.example.com/guest/webhooks".into()
            ),
            (
                // 23:30 at UTC-2 is the next day in UTC, as for RSS and Atom.
                "SDK errors that say what to do".into(),
                "2026-05-05".into(),
                "https://sam.example.net/posts/sdk-errors".into()
            ),
        ]
    );
}
