//! One run, every problem: a syntax error, a misspelt key, a bad link or a duplicate id hides
//! no other problem of the same file, and the checks that need the whole packet still run on
//! what loaded. And the evidence hygiene rules: internal links, the period's two ends, links
//! meant for several activities.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use crate::common::{Test, promopack};

/// The codes and `line:column` of a `check --format json` run, in order.
fn findings(args: &[&str]) -> Vec<(String, String)> {
    let out = promopack().args(args).output().expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|file| file["diagnostics"].as_array().expect("diagnostics"))
        .map(|d| {
            let at = &d["location"];
            (
                d["code"].as_str().expect("code").to_owned(),
                format!("{}:{}", at["line"], at["column"]),
            )
        })
        .collect()
}

const PACKET: &str = "tests/fixtures/one-run/packet.toml";

#[test]
fn a_packet_with_one_error_of_each_kind_reports_them_all_in_one_run() {
    let found = findings(&["check", PACKET, "--format", "json"]);
    let expected = [
        ("coverage-gap", "7:10"),
        ("over-limit", "18:13"),
        // A bare date that does not exist: a syntax error, and the file is still read.
        ("invalid-date", "24:8"),
        ("unknown-key", "34:1"),
        ("duplicate-id", "38:6"),
        ("invalid-url", "50:13"),
    ];
    let found: Vec<(&str, &str)> = found
        .iter()
        .map(|(code, at)| (code.as_str(), at.as_str()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn with_errors_the_coverage_of_what_loaded_is_shown_and_said_to_be_partial() {
    let out = promopack().args(["check", PACKET]).output().expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("coverage of tests/fixtures/one-run/packet.toml:"),
        "{stdout}"
    );
    assert!(stdout.contains("  Reviews           0"), "{stdout}");
    assert!(
        stdout.contains(
            "note: tests/fixtures/one-run/packet.toml: the coverage table and the `coverage-gap`, `no-claim` and `over-limit` checks count only the 2 activities without errors"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("checked 1 file: 5 errors, 1 warning"),
        "{stdout}"
    );
    // The JSON report has the same coverage.
    let out = promopack()
        .args(["check", PACKET, "--format", "json"])
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rows = report["files"][0]["coverage"].as_array().expect("coverage");
    assert_eq!(rows.len(), 3);
}

#[test]
fn a_check_that_cannot_run_says_so() {
    let packet = include_str!("../fixtures/one-run/packet.toml")
        .replace("target = \"senior\"", "target = \"principal\"");
    let out = Test::new()
        .packet(&packet)
        .fixture("one-run/rubric.toml", "rubric.toml")
        .args(["check", "packet.toml"])
        .status(1)
        .run();
    assert!(
        out.stdout.contains("error[unknown-level]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "note: packet.toml: skipped the coverage table and the `coverage-gap`, `no-claim` and `over-limit` checks: the target level is not in the rubric"
        ),
        "{}",
        out.stdout
    );
    // The problems of the activities are there all the same.
    for code in ["invalid-date", "unknown-key", "duplicate-id", "invalid-url"] {
        assert!(
            out.stdout.contains(&format!("[{code}]")),
            "{code}: {}",
            out.stdout
        );
    }
    assert!(!out.stdout.contains("coverage of"), "{}", out.stdout);

    let out = Test::new()
        .packet(&packet.replace("rubric.toml", "nowhere.toml"))
        .args(["check", "packet.toml"])
        .status(1)
        .run();
    assert!(
        out.stdout.contains("error[missing-rubric]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("note: packet.toml: skipped the checks against the rubric"),
        "{}",
        out.stdout
    );
}

#[test]
fn every_syntax_error_of_a_file_is_reported() {
    let packet = include_str!("../fixtures/one-run/packet.toml")
        .replace("date = 2026-03-01", "date = 2026-02-30")
        .replace("date = 2026-05-02", "date = 2026-13-01");
    let out = Test::new()
        .packet(&packet)
        .fixture("one-run/rubric.toml", "rubric.toml")
        .args(["check", "packet.toml"])
        .status(1)
        .run();
    assert_eq!(
        out.stdout.matches("error[invalid-date]").count(),
        3,
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("[unknown-key]"), "{}", out.stdout);
    assert!(out.stdout.contains("[invalid-url]"), "{}", out.stdout);
}

#[test]
fn an_unknown_key_in_a_rubric_hides_no_unknown_level() {
    let rubric = "name = \"R\"\ncolour = \"blue\"\n[[level]]\nid = \"mid\"\nname = \"Mid\"\n[[section]]\nid = \"s\"\nname = \"S\"\nnmae = \"x\"\n[section.expectations]\nmid = \"Works.\"\nsenoir = \"Leads.\"\n";
    let out = Test::new()
        .file("rubric.toml", rubric)
        .args(["rubric", "check", "rubric.toml"])
        .status(1)
        .run();
    for (code, at) in [
        ("unknown-key", "rubric.toml:2:1"),
        ("unknown-key", "rubric.toml:9:1"),
        ("unknown-level", "rubric.toml:12:1"),
    ] {
        assert!(
            out.stdout.contains(&format!("error[{code}]")) && out.stdout.contains(at),
            "{code} at {at}:\n{}",
            out.stdout
        );
    }
    assert!(out.stdout.contains("3 errors"), "{}", out.stdout);
}

/// The minimal fixture with its first activity's evidence replaced by `evidence`.
fn minimal_with_evidence(evidence: &str) -> String {
    let packet = crate::common::MINIMAL_PACKET;
    let start = packet.find("evidence = [\"mailto:").expect("evidence");
    let end = start + packet[start..].find('\n').expect("line end");
    format!("{}{evidence}{}", &packet[..start], &packet[end..])
}

#[test]
fn intranet_links_are_flagged_unless_marked_private() {
    let out = Test::minimal()
        .packet(&minimal_with_evidence(
            r#"evidence = ["http://wiki/x", "https://docs.acme.internal/a", "http://192.168.1.20/b", "https://example.com/public", { url = "http://git.corp/c", private = true }]"#,
        ))
        .args(["check", "packet.toml"])
        .run();
    assert_eq!(
        out.stdout.matches("warning[private-link]").count(),
        3,
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("looks like an internal link (`wiki` is a single-label host)"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("private = true"), "{}", out.stdout);
    assert!(!out.stdout.contains("git.corp/c` of"), "{}", out.stdout);
}

#[test]
fn the_period_message_says_which_end_an_activity_crosses() {
    let before = promopack()
        .args(["check", "tests/fixtures/check/partly-outside-period.toml"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&before.stdout);
    assert!(
        stdout.contains(
            "activity `wrote-a-post` (2025-12-01 to 2026-01-15) starts before the review period"
        ),
        "{stdout}"
    );
    let packet = include_str!("../fixtures/check/partly-outside-period.toml")
        .replace("start = 2025-12-01", "start = 2026-06-01")
        .replace("end = 2026-01-15", "end = 2026-07-15")
        .replace("../minimal/rubric.toml", "rubric.toml");
    let out = Test::minimal()
        .packet(&packet)
        .args(["check", "packet.toml"])
        .run();
    assert!(
        out.stdout.contains(
            "activity `wrote-a-post` (2026-06-01 to 2026-07-15) ends after the review period"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn a_link_marked_shared_may_support_several_activities_but_not_one_twice() {
    let packet = include_str!("../fixtures/check/duplicate-evidence.toml")
        .replace("../minimal/rubric.toml", "rubric.toml");
    let twice = Test::minimal()
        .packet(&packet)
        .args(["check", "packet.toml"])
        .run();
    assert_eq!(
        twice.stdout.matches("warning[duplicate-evidence]").count(),
        1,
        "{}",
        twice.stdout
    );
    assert!(twice.stdout.contains("shared = true"), "{}", twice.stdout);

    // Marked in either activity, the link is meant for both.
    let url = "\"https://talks.example.com/1\"]";
    assert!(packet.contains(url), "the fixture changed");
    let shared = packet.replace(
        url,
        "{ url = \"https://talks.example.com/1\", shared = true }]",
    );
    let out = Test::minimal()
        .packet(&shared)
        .args(["check", "packet.toml"])
        .run();
    assert!(!out.stdout.contains("duplicate-evidence"), "{}", out.stdout);

    // Twice in one activity stays a warning, shared or not.
    let repeated = shared.replace(
        "shared = true }",
        "shared = true }, \"https://talks.example.com/1/\"",
    );
    let out = Test::minimal()
        .packet(&repeated)
        .args(["check", "packet.toml"])
        .run();
    assert_eq!(
        out.stdout.matches("warning[duplicate-evidence]").count(),
        1,
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("also evidence of this activity"),
        "{}",
        out.stdout
    );
}
