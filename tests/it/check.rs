//! `promopack check`: each rule fires on its fixture with its code and location, stays silent
//! on clean packets, and every output format holds the same findings.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use crate::common::{MINIMAL_PACKET, Test, promopack};
use predicates::prelude::*;

/// Each rule: fixture, severity, code, line:column, words in the message.
const RULES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "outside-period.toml",
        "error",
        "outside-period",
        "22:8",
        "outside the review period",
    ),
    (
        "partly-outside-period.toml",
        "warning",
        "partly-outside-period",
        "22:9",
        "starts before the review period",
    ),
    (
        "duplicate-evidence.toml",
        "warning",
        "duplicate-evidence",
        "25:13",
        "also evidence of activity `gave-a-talk`",
    ),
    (
        "no-evidence.toml",
        "warning",
        "no-evidence",
        "21:9",
        "activity `wrote-a-post` has no evidence",
    ),
    (
        "coverage-gap.toml",
        "warning",
        "coverage-gap",
        "6:10",
        "no activity evidences section `reviews`",
    ),
    (
        "metric-incomplete.toml",
        "warning",
        "metric-incomplete",
        "28:6",
        "has no `target`",
    ),
    (
        "metric-outside-period.toml",
        "warning",
        "metric-outside-period",
        "28:6",
        "2026-09-30 outside the review period",
    ),
    (
        "no-claim.toml",
        "warning",
        "no-claim",
        "6:10",
        "section `teaching` has activities but no claim",
    ),
    (
        "over-limit.toml",
        "error",
        "over-limit",
        "17:13",
        "is 98 characters, over the rubric's limit of 60",
    ),
    (
        "over-limit.toml",
        "error",
        "over-limit",
        "17:24",
        "is 12 words, over the rubric's limit of 5",
    ),
];

#[test]
fn each_rule_fires_on_its_fixture_with_code_and_location() {
    for (file, severity, code, at, words) in RULES {
        let path = format!("tests/fixtures/check/{file}");
        let out = promopack().args(["check", &path]).output().expect("runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains(&format!("{severity}[{code}]: ")),
            "{file}: no {code} in\n{stdout}"
        );
        assert!(
            stdout.contains(&format!("{path}:{at}")),
            "{file}: not at {at}:\n{stdout}"
        );
        assert!(stdout.contains(words), "{file}: no `{words}` in\n{stdout}");
        assert!(
            stdout.contains("= help:") || *code == "metric-outside-period",
            "{file}: no hint"
        );
        let expected = if *severity == "error" { 1 } else { 0 };
        assert_eq!(out.status.code(), Some(expected), "{file}\n{stdout}");
    }
}

#[test]
fn no_claim_is_asked_of_a_section_without_activities() {
    let out = promopack()
        .args(["check", "tests/fixtures/check/no-claim.toml"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("warning[no-claim]").count(), 1, "{stdout}");
    assert!(
        stdout.contains("no activity evidences section `reviews`"),
        "{stdout}"
    );
}

#[test]
fn clean_packets_and_the_devrel_example_have_no_problems() {
    for path in [
        "tests/fixtures/check/clean.toml",
        "tests/fixtures/include/packet.toml",
        "examples/devrel/packet.toml",
        "examples/custom-company/packet.toml",
    ] {
        promopack()
            .args(["check", path, "--deny", "warnings"])
            .assert()
            .success()
            .stdout(
                predicate::str::contains("0 errors, 0 warnings")
                    .and(predicate::str::contains("warning[").not())
                    .and(predicate::str::contains("coverage of")),
            );
    }
}

#[test]
fn warnings_fail_only_when_denied() {
    let args = ["check", "tests/fixtures/check/no-evidence.toml"];
    promopack().args(args).assert().code(0);
    promopack()
        .args(args)
        .args(["--deny", "warnings"])
        .assert()
        .code(1);
}

#[test]
fn several_files_are_checked_in_one_run_and_a_missing_one_is_an_io_failure() {
    promopack()
        .args([
            "check",
            "tests/fixtures/check/clean.toml",
            "tests/fixtures/bad/several-problems.toml",
            "tests/fixtures/none.toml",
        ])
        .assert()
        .code(3)
        .stdout(
            predicate::str::contains("checked 3 files: 4 errors")
                .and(predicate::str::contains("unknown rubric section `writng`"))
                .and(predicate::str::contains("error[unreadable]"))
                .and(predicate::str::contains(
                    "coverage of tests/fixtures/check/clean.toml",
                )),
        );
}

#[test]
fn period_flags_slice_the_packet_period() {
    promopack()
        .args([
            "check",
            "tests/fixtures/check/clean.toml",
            "--period",
            "2026-Q1",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains(
                "note: tests/fixtures/check/clean.toml: left out 1 of 2 activities outside 2026-Q1 (2026-01-01 to 2026-03-31)",
            )
            .and(predicate::str::contains("outside-period").not()),
        );
    promopack()
        .args([
            "check",
            "tests/fixtures/check/clean.toml",
            "--since",
            "2026-03-01",
            "--until",
            "2026-04-30",
        ])
        .assert()
        .success();
    promopack()
        .args([
            "check",
            "tests/fixtures/check/clean.toml",
            "--period",
            "2026-Q5",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`2026-Q5` is not a period"));
    promopack()
        .args([
            "check",
            "tests/fixtures/check/clean.toml",
            "--since",
            "2026-05-01",
            "--until",
            "2026-01-01",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`--until 2026-01-01` is before `--since 2026-05-01`",
        ));
}

#[test]
fn a_reversed_period_is_one_error_not_a_cascade() {
    let text = crate::common::read(std::path::Path::new("tests/fixtures/check/clean.toml"))
        .replace("../minimal/rubric.toml", "rubric.toml")
        .replace(
            "start = 2026-01-01\nend = 2026-06-30",
            "start = 2026-06-30\nend = 2026-01-01",
        );
    let out = Test::minimal()
        .packet(&text)
        .args(["check", "packet.toml"])
        .status(1)
        .run();
    assert!(
        out.stdout.contains("error[end-before-start]"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("outside-period"), "{}", out.stdout);
    assert!(out.stdout.contains("1 error,"), "{}", out.stdout);
}

#[test]
fn json_output_has_the_documented_shape() {
    let out = promopack()
        .args([
            "check",
            "tests/fixtures/check/over-limit.toml",
            "tests/fixtures/check/clean.toml",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(json["version"], 1);
    assert_eq!(json["summary"]["errors"], 2);
    let first = &json["files"][0];
    assert_eq!(first["file"], "tests/fixtures/check/over-limit.toml");
    // Errors do not hide the coverage of what loaded.
    assert!(first["coverage"].is_array());
    let diagnostic = &first["diagnostics"][0];
    assert_eq!(diagnostic["severity"], "error");
    assert_eq!(diagnostic["code"], "over-limit");
    assert_eq!(diagnostic["location"]["line"], 17);
    assert_eq!(diagnostic["location"]["column"], 13);
    assert!(diagnostic["hint"].is_string());
    let coverage = &json["files"][1]["coverage"][0];
    assert_eq!(coverage["id"], "writing");
    assert_eq!(coverage["activities"], 2);
    assert_eq!(coverage["status"], "thin");
}

#[test]
fn github_output_is_workflow_commands() {
    let out = promopack()
        .args([
            "check",
            "tests/fixtures/check/duplicate-evidence.toml",
            "--format",
            "github",
        ])
        .output()
        .expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let line = lines[0];
    assert!(
        line.starts_with("::warning file=tests/fixtures/check/duplicate-evidence.toml,line=25,col=13,title=promopack duplicate-evidence::"),
        "{line}"
    );
    assert!(line.contains("%0A") && !line.contains('\r'), "{line}");
}

#[test]
fn sarif_output_is_sarif_2_1_0() {
    let out = promopack()
        .args([
            "check",
            "tests/fixtures/check/outside-period.toml",
            "--format",
            "sarif",
        ])
        .output()
        .expect("runs");
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "promopack");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert!(
        rules.iter().any(|rule| rule["id"] == "outside-period"),
        "{rules:?}"
    );
    let results = run["results"].as_array().expect("results");
    let result = results
        .iter()
        .find(|result| result["ruleId"] == "outside-period")
        .expect("the outside-period result");
    assert_eq!(result["ruleId"], "outside-period");
    assert_eq!(result["level"], "error");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "tests/fixtures/check/outside-period.toml"
    );
    assert_eq!(location["region"]["startLine"], 22);
    assert_eq!(location["region"]["startColumn"], 8);
}

#[test]
fn check_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    promopack()
        .current_dir(dir.path())
        .arg("check")
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/devrel/packet.toml"))
        .assert()
        .success();
    assert_eq!(std::fs::read_dir(dir.path()).expect("read_dir").count(), 0);
}

fn check_output(args: &[&str]) -> serde_json::Value {
    let out = promopack().arg("check").args(args).output().expect("runs");
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// Packets that between them raise every kind of finding, and one that cannot be read.
const EVERYTHING: [&str; 5] = [
    "tests/fixtures/check/clean.toml",
    "tests/fixtures/check/over-limit.toml",
    "tests/fixtures/check/duplicate-evidence.toml",
    "tests/fixtures/bad/several-problems.toml",
    "tests/fixtures/none.toml",
];

#[test]
fn json_output_validates_against_the_documented_schema() {
    let schema: serde_json::Value = serde_json::from_str(&crate::common::read(
        std::path::Path::new("docs/check-output.schema.json"),
    ))
    .expect("schema is JSON");
    let validator = crate::common::JsonSchema::new(schema);
    let mut args = EVERYTHING.to_vec();
    args.extend(["--format", "json"]);
    let output = check_output(&args);
    let errors = validator.errors(&output);
    assert!(errors.is_empty(), "{errors:#?}\n{output:#}");
    assert_eq!(output["files"].as_array().map(Vec::len), Some(5));
    // The validator sees a wrong value.
    let mut wrong = output.clone();
    let with_problems = output["files"]
        .as_array()
        .and_then(|files| files.iter().position(|f| f["diagnostics"][0].is_object()))
        .expect("a file with problems");
    wrong["files"][with_problems]["diagnostics"][0]["severity"] = "fatal".into();
    assert!(
        !validator.errors(&wrong).is_empty(),
        "`fatal` passed the schema"
    );
}

#[test]
fn sarif_output_deserializes_as_sarif_2_1_0() {
    let mut args = EVERYTHING.to_vec();
    args.extend(["--format", "sarif"]);
    let output = check_output(&args);
    let sarif: serde_sarif::sarif::Sarif =
        serde_json::from_value(output.clone()).expect("matches the SARIF 2.1.0 types");
    let results = sarif.runs[0].results.as_ref().expect("results");
    assert_eq!(
        results.len(),
        output["runs"][0]["results"].as_array().map_or(0, Vec::len)
    );
    assert!(results.len() >= 6);
}

#[test]
fn colour_only_when_wanted_and_never_with_no_color() {
    let run = |no_color: bool| {
        let mut cmd = promopack();
        cmd.env_remove("NO_COLOR").env("CLICOLOR_FORCE", "1");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        let out = cmd
            .args(["check", "tests/fixtures/check/no-evidence.toml"])
            .output()
            .expect("runs");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    assert!(run(false).contains("\u{1b}["), "no colour when forced");
    assert!(!run(true).contains('\u{1b}'), "colour despite NO_COLOR");
    // Not a terminal, nothing forced: plain text.
    let out = promopack()
        .env_remove("NO_COLOR")
        .args(["check", "tests/fixtures/check/no-evidence.toml"])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
}

#[test]
fn the_rubric_sets_how_many_activities_make_a_section_strong() {
    let rubric = crate::common::read(std::path::Path::new("tests/fixtures/minimal/rubric.toml"));
    let packet = crate::common::read(std::path::Path::new("tests/fixtures/check/clean.toml"))
        .replace("../minimal/rubric.toml", "rubric.toml");
    let out = Test::new()
        .file("rubric.toml", format!("{rubric}\n[coverage]\nstrong = 2\n"))
        .packet(&packet)
        .args(["check", "packet.toml", "--format", "json"])
        .run();
    let output: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let statuses: Vec<(&str, &str)> = output["files"][0]["coverage"]
        .as_array()
        .expect("coverage")
        .iter()
        .map(|row| (row["id"].as_str().unwrap(), row["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("writing", "strong"),
            ("teaching", "thin"),
            ("reviews", "thin")
        ]
    );
}

/// The clean fixture with the post's evidence replaced by `evidence`, and its `writing` row of
/// `check --format json`.
fn clean_with_post_evidence(evidence: &str) -> (String, serde_json::Value) {
    let packet = crate::common::read(std::path::Path::new("tests/fixtures/check/clean.toml"))
        .replace("../minimal/rubric.toml", "rubric.toml")
        .replace(
            "evidence = [\"https://blog.example.com/post\"]",
            &format!("evidence = {evidence}"),
        );
    let out = Test::minimal()
        .packet(&packet)
        .args(["check", "packet.toml", "--format", "json"])
        .run();
    let output: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let writing = output["files"][0]["coverage"][0].clone();
    assert_eq!(writing["id"], "writing");
    (packet, writing)
}

#[test]
fn the_same_link_twice_in_one_activity_is_one_piece_of_evidence() {
    let (_, writing) = clean_with_post_evidence(
        "[\"https://blog.example.com/post\", \"https://blog.example.com/post/\"]",
    );
    // The talk's link and the post's link: two, not three.
    assert_eq!(writing["evidence"], 2, "{writing}");
}

#[test]
fn a_link_two_activities_give_is_one_piece_of_evidence() {
    let (packet, writing) = clean_with_post_evidence("[\"https://talks.example.com/1\"]");
    // The talk and the post give the same link: one piece of evidence, not two.
    assert_eq!(writing["evidence"], 1, "{writing}");
    let md = Test::minimal()
        .packet(&packet)
        .args(["build", "packet.toml", "-q", "-o", "-", "--format", "md"])
        .run()
        .stdout;
    assert!(md.contains("and 1 piece of evidence"), "{md}");
}

#[test]
fn build_takes_the_same_period_flags() {
    promopack()
        .args([
            "build",
            "tests/fixtures/check/clean.toml",
            "-o",
            "-",
            "--format",
            "md",
            "--period",
            "2026-Q1",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Gave a talk")
                .and(predicate::str::contains("Wrote a post").not()),
        )
        .stderr(predicate::str::contains(
            "left out 1 of 2 activities outside 2026-Q1",
        ));
    promopack()
        .args([
            "build",
            "tests/fixtures/check/clean.toml",
            "-o",
            "-",
            "--format",
            "md",
            "--period",
            "2026-h1",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "2026-H1: 2026-01-01 to 2026-06-30",
        ));
}

#[test]
fn a_part_that_cannot_be_read_does_not_hide_the_other_problems() {
    promopack()
        .args(["check", "tests/fixtures/check/shape-and-rules.toml"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("shape-and-rules.toml:16:8")
                .and(predicate::str::contains("`2026-02-30` is not a date"))
                .and(predicate::str::contains("unknown rubric section `writng`"))
                .and(predicate::str::contains(
                    "has no linked evidence, and none is marked private",
                ))
                // The checks that need the whole packet ran on what loaded, and say so.
                .and(predicate::str::contains("coverage-gap"))
                .and(predicate::str::contains("count only the")),
        );
}

#[test]
fn problems_in_a_rubric_name_its_path_without_parent_folders() {
    promopack()
        .args([
            "check",
            "tests/fixtures/check/nested/packet.toml",
            "--format",
            "github",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "::error file=tests/fixtures/rubrics/broken.toml,line=8,col=6",
        ));
}

#[test]
fn check_takes_folders_and_finds_the_packets_in_them() {
    promopack()
        .args(["check", "examples", "--format", "json"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("\"files\": 7")
                .and(predicate::str::contains(
                    "examples/custom-company/packet.toml",
                ))
                .and(predicate::str::contains("rubric.toml\"").not()),
        );
}

#[test]
fn review_findings_stay_fixed() {
    let cases = [
        // A huge but finite baseline used to make the chart never finish.
        (
            MINIMAL_PACKET.replace("baseline = 12", "baseline = -1e308"),
            "error[invalid-number]",
        ),
        // A period of millennia used to make thousands of quarters.
        (
            MINIMAL_PACKET.replace("start = 2025-07-01", "start = 0001-01-01"),
            "error[period-too-long]",
        ),
        // An array where a table of measures belongs used to vanish.
        (
            MINIMAL_PACKET.replace("[person]", "measure = [1, 2]\n\n[person]"),
            "error[wrong-type]",
        ),
    ];
    for (text, expected) in cases {
        let out = Test::minimal()
            .packet(&text)
            .args(["check", "packet.toml"])
            .status(1)
            .run();
        assert!(out.stdout.contains(expected), "{}", out.stdout);
    }
}

/// `check` on a packet with errors and a warning, in each format, pinned whole: a change in
/// what a reader, a script, GitHub or a SARIF dashboard receives shows up as a diff.
fn report(format: &str) -> String {
    let out = promopack()
        .args([
            "check",
            "tests/fixtures/check/shape-and-rules.toml",
            "--format",
            format,
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
    // The tool's version is in the SARIF; a release should not change the snapshot.
    String::from_utf8(out.stdout).expect("utf-8").replace(
        concat!("\"version\": \"", env!("CARGO_PKG_VERSION"), "\""),
        "\"version\": \"[VERSION]\"",
    )
}

#[test]
fn report_human() {
    insta::assert_snapshot!(report("human"));
}

#[test]
fn report_json() {
    insta::assert_snapshot!(report("json"));
}

#[test]
fn report_github() {
    insta::assert_snapshot!(report("github"));
}

#[test]
fn report_sarif() {
    insta::assert_snapshot!(report("sarif"));
}
