//! A packet split across files with `include`.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use crate::common::promopack;
use predicates::prelude::*;

#[test]
fn included_activities_join_the_packet_in_date_order() {
    let md = crate::common::built("tests/fixtures/include/packet.toml", "md");
    let timeline = &md[md.find("## Appendix: activities").expect("appendix")..];
    let order: Vec<usize> = ["Kept in the packet itself", "January post", "February talk"]
        .iter()
        .map(|title| {
            timeline
                .find(title)
                .unwrap_or_else(|| panic!("{title} missing"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{timeline}");
    assert!(md.contains("3 activities"));
}

#[test]
fn a_problem_in_an_included_file_names_that_file() {
    promopack()
        .args(["check", "tests/fixtures/include-bad/packet.toml"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("tests/fixtures/include-bad/activities/talks.toml:7:13")
                .and(predicate::str::contains("did you mean `teaching`?"))
                .and(predicate::str::contains(
                    "warning[empty-include]: the include `missing/*.toml` matches no file",
                ))
                .and(predicate::str::contains(
                    "tests/fixtures/include-bad/packet.toml:4:33",
                )),
        );
}

#[test]
fn activity_files_in_a_folder_are_not_taken_for_packets() {
    promopack()
        .args(["check", "tests/fixtures/include", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"files\": 1"));
}

#[test]
fn a_file_several_patterns_match_is_read_once_and_the_packet_never_includes_itself() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixture = std::path::Path::new("tests/fixtures/include");
    let packet = std::fs::read_to_string(fixture.join("packet.toml")).expect("read");
    let (before, after) = packet.split_once("include = [").expect("an include line");
    let (_, rest) = after.split_once(']').expect("the end of the include array");
    let rubric = std::fs::canonicalize("tests/fixtures/minimal/rubric.toml").expect("rubric");
    let packet = format!(
        "{before}include = [\"activities/2026-01.toml\", \"activities/*.toml\", \"*.toml\"]{rest}"
    )
    .replace(
        "\"../minimal/rubric.toml\"",
        &format!("{:?}", rubric.display().to_string()),
    );
    std::fs::write(dir.path().join("packet.toml"), packet).expect("write");
    std::fs::create_dir(dir.path().join("activities")).expect("mkdir");
    for name in ["2026-01.toml", "2026-02.toml"] {
        std::fs::copy(
            fixture.join("activities").join(name),
            dir.path().join("activities").join(name),
        )
        .expect("copy");
    }
    promopack()
        .arg("check")
        .arg(dir.path().join("packet.toml"))
        .args(["--read-outside", "tests/fixtures/minimal"])
        .assert()
        .success()
        .stdout(predicate::str::contains("checked 1 file: 0 errors"));
}
