//! `--period`, `--since` and `--until` narrower than the packet's period: build and check the
//! activities in the slice, leave out the rest and say how many, and check the packet against
//! its own period all the same.

use crate::common::{Test, promopack};

const YEAR: &str = "tests/fixtures/slice/year.toml";

/// The year-long fixture in a fresh folder, with its rubric next to it.
fn year() -> Test {
    let text = crate::common::read(std::path::Path::new(YEAR))
        .replace("../minimal/rubric.toml", "rubric.toml");
    Test::new()
        .packet(&text)
        .fixture("minimal/rubric.toml", "rubric.toml")
}

#[test]
fn a_quarter_of_a_year_long_packet_builds_only_that_quarter_and_says_what_it_left_out() {
    let out = year()
        .args(["build", "packet.toml", "--period", "2026-Q1", "-o", "out"])
        .run();
    assert!(
        out.stderr.starts_with(
            "left out 2 of 5 activities, 1 of 4 claims and 2 of 4 metric points outside 2026-Q1 (2026-01-01 to 2026-03-31)\n"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("wrote out/pat-2026-q1.md"),
        "{}",
        out.stderr
    );
    // Its own files: the whole year's are not written over.
    assert!(!out.path("out/pat-fy26.md").exists());
    let md = out.read("out/pat-2026-q1.md");
    for kept in [
        "Wrote the winter post",
        "Gave the March talk",
        "Ran the review guild",
    ] {
        assert!(md.contains(kept), "{kept} missing:\n{md}");
    }
    for left in [
        "Wrote the summer series",
        "Ran the autumn workshop",
        "summer",
        "autumn",
        "2026-06-30",
        "2026-09-30",
    ] {
        assert!(!md.contains(left), "{left} shown:\n{md}");
    }
    assert!(
        md.contains("| **Review period** | 2026-Q1: 2026-01-01 to 2026-03-31 |"),
        "{md}"
    );
    assert!(md.contains("3 activities and 3 pieces of evidence"), "{md}");
    // The metric keeps its points in the quarter, and its baseline and target.
    assert!(
        md.contains(
            "| baseline | 100 |\n| 2026-01-31 | 150 |\n| 2026-03-31 | 210 |\n| target | 400 |"
        ),
        "{md}"
    );
}

#[test]
fn a_span_crossing_the_slice_is_cut_to_it_and_marked_in_every_format() {
    let out = year()
        .args([
            "build",
            "packet.toml",
            "--period",
            "2026-Q1",
            "-q",
            "--format",
            "md,html,txt",
            "--context",
            "context.json",
            "-o",
            "out",
        ])
        .run();
    let md = out.read("out/pat-2026-q1.md");
    assert!(
        md.contains("_2026-03-01 – 2026-03-31 (continues after this period) · Community"),
        "{md}"
    );
    let html = out.read("out/pat-2026-q1.html");
    assert!(
        html.contains("2026-03-01 – 2026-03-31</time> <span class=\"clipped\">(continues after this period)</span>"),
        "{html}"
    );
    let txt = out.read("out/pat-2026-q1.txt");
    assert!(
        txt.contains("Ran the review guild (2026-03-01 – 2026-03-31; continues after this period)"),
        "{txt}"
    );
    let context: serde_json::Value = serde_json::from_str(&out.read("context.json")).expect("JSON");
    let timeline = context["timeline"].as_array().expect("a timeline");
    let guild = timeline
        .iter()
        .find(|a| a["id"] == "guild")
        .expect("the guild");
    assert_eq!(guild["end"], "2026-03-31");
    assert_eq!(
        guild["clipped"],
        serde_json::json!({
            "before": false,
            "after": true,
            "start": "2026-03-01",
            "end": "2026-05-31",
            "note": "continues after this period",
        })
    );
    let talk = timeline
        .iter()
        .find(|a| a["id"] == "q1-talk")
        .expect("the talk");
    assert_eq!(talk["clipped"], serde_json::Value::Null);
    assert_eq!(context["period"]["label"], "2026-Q1");
}

#[test]
fn since_and_until_slice_from_and_to_the_packet_s_own_ends() {
    // `--since` alone runs to the packet's last day; the slice is named by its days.
    let out = year()
        .args(["build", "packet.toml", "--since", "2026-04-01", "-o", "out"])
        .run();
    assert!(
        out.stderr.starts_with(
            "left out 2 of 5 activities and 2 of 4 metric points outside 2026-04-01 to 2026-12-31\n"
        ),
        "{}",
        out.stderr
    );
    let md = out.read("out/pat-2026-04-01-to-2026-12-31.md");
    assert!(
        md.contains("_2026-04-01 – 2026-05-31 (began before this period) · Community"),
        "{md}"
    );
    assert!(!md.contains("Gave the March talk"), "{md}");
    assert!(md.contains("Ran the autumn workshop"), "{md}");

    let out = year()
        .args(["build", "packet.toml", "--until", "2026-02-28", "-o", "out"])
        .run();
    assert!(
        out.stderr.starts_with("left out 4 of 5 activities"),
        "{}",
        out.stderr
    );
    let md = out.read("out/pat-2026-01-01-to-2026-02-28.md");
    assert!(md.contains("Wrote the winter post"), "{md}");
    assert!(!md.contains("Ran the review guild"), "{md}");
}

#[test]
fn a_slice_that_leaves_nothing_out_says_nothing() {
    let out = year()
        .args(["build", "packet.toml", "--period", "2026", "-o", "out"])
        .run();
    assert!(!out.stderr.contains("left out"), "{}", out.stderr);
    // Named by the flag all the same.
    assert!(out.path("out/pat-2026.md").exists(), "{}", out.stderr);
}

#[test]
fn quiet_leaves_out_the_line() {
    let out = year()
        .args([
            "build",
            "packet.toml",
            "--period",
            "2026-Q1",
            "-q",
            "-o",
            "out",
        ])
        .run();
    assert_eq!(out.stderr, "");
}

#[test]
fn check_notes_what_the_slice_left_out_and_warns_about_the_slice() {
    let out = year()
        .args(["check", "packet.toml", "--period", "2026-Q3"])
        .run();
    assert!(
        out.stdout.contains(
            "note: packet.toml: left out 4 of 5 activities, 2 of 4 claims and 3 of 4 metric points outside 2026-Q3 (2026-07-01 to 2026-09-30)"
        ),
        "{}",
        out.stdout
    );
    // Only the summer post is in Q3: the sections it does not evidence are gaps of the slice.
    assert!(
        out.stdout.contains(
            "warning[coverage-gap]: no activity evidences sections `teaching`, `reviews`"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("checked 1 file: 0 errors, 1 warning"),
        "{}",
        out.stdout
    );
    // The whole packet has none of them.
    let out = year().args(["check", "packet.toml"]).run();
    assert!(!out.stdout.contains("note:"), "{}", out.stdout);
    assert!(
        out.stdout.contains("checked 1 file: 0 errors, 0 warnings"),
        "{}",
        out.stdout
    );
}

#[test]
fn the_packet_is_still_checked_against_its_own_period() {
    // The post dated 2025-12-31 is outside the packet's H1: a slice that holds it does not
    // make it right.
    for args in [
        ["--period", "2025-Q4"].as_slice(),
        ["--since", "2025-12-01"].as_slice(),
    ] {
        promopack()
            .args([
                "build",
                "tests/fixtures/check/outside-period.toml",
                "-o",
                "-",
            ])
            .args(["--format", "md"])
            .args(args)
            .assert()
            .code(1)
            .stderr(predicates::str::contains(
                "activity `wrote-a-post` (2025-12-31) is outside the review period",
            ));
    }
}

#[test]
fn a_slice_that_ends_before_it_starts_is_an_error_that_names_the_flags() {
    let out = year()
        .args(["check", "packet.toml", "--since", "2027-01-01"])
        .status(1)
        .run();
    assert!(
        out.stdout.contains(
            "error[end-before-start]: the period to build ends on 2026-12-31 before it starts on 2027-01-01"
        ),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("`--since`"), "{}", out.stdout);
}

#[test]
fn a_batch_names_the_packet_each_line_is_about() {
    let text = crate::common::read(std::path::Path::new(YEAR))
        .replace("../minimal/rubric.toml", "rubric.toml");
    let out = Test::new()
        .file("pat/packet.toml", &text)
        .file("sam/packet.toml", text.replace("\"Pat\"", "\"Sam\""))
        .fixture("minimal/rubric.toml", "pat/rubric.toml")
        .fixture("minimal/rubric.toml", "sam/rubric.toml")
        .args(["build", "pat", "sam", "--period", "2026-Q1", "-o", "out"])
        .run();
    for who in ["pat", "sam"] {
        let line = format!("{who}/packet.toml: left out 2 of 5 activities");
        assert!(out.stderr.contains(&line), "{line}:\n{}", out.stderr);
        assert!(out.path(&format!("out/{who}-2026-q1.md")).exists());
    }
}

#[test]
fn a_slice_with_no_day_in_the_packet_s_period_is_an_error_not_an_empty_packet() {
    let out = year()
        .args(["build", "packet.toml", "--period", "2025", "-o", "out"])
        .status(1)
        .run();
    assert!(
        out.stderr.contains(
            "error[outside-period]: the period to build, `2025` (2025-01-01 to 2025-12-31), has no day in the packet's review period `FY26`"
        ),
        "{}",
        out.stderr
    );
    assert!(!out.path("out").exists());
}
