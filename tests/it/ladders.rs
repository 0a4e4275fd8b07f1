//! The real public ladders under `examples/ladders/`: each checks clean as a rubric, names its
//! source and licence, and its packet checks with no problem the ladder does not mean.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::path::PathBuf;

use crate::common::{promopack, read};

/// Every folder under `examples/ladders/`.
fn ladders() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("examples/ladders")
        .expect("examples/ladders")
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.join("rubric.toml").exists())
        .collect();
    found.sort();
    found
}

#[test]
fn three_ladders_of_different_shapes_ship() {
    assert!(ladders().len() >= 3, "{:?}", ladders());
}

#[test]
fn every_ladder_names_its_source_licence_and_attribution() {
    for ladder in ladders() {
        let rubric: toml::Table = read(&ladder.join("rubric.toml")).parse().expect("TOML");
        let source = rubric["source"].as_table().expect("a [source] table");
        for key in ["title", "url", "licence", "attribution"] {
            let value = source.get(key).and_then(toml::Value::as_str).unwrap_or("");
            assert!(!value.trim().is_empty(), "{}: no `{key}`", ladder.display());
        }
    }
}

#[test]
fn every_ladder_checks_clean_as_a_rubric() {
    for ladder in ladders() {
        let out = promopack()
            .args(["rubric", "check", "--format", "json"])
            .arg(ladder.join("rubric.toml"))
            .output()
            .expect("runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}: {stdout}", ladder.display());
        let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
        assert_eq!(
            report["summary"]["warnings"],
            0,
            "{}: {stdout}",
            ladder.display()
        );
    }
}

#[test]
fn every_ladder_packet_checks_with_no_false_alarm() {
    for ladder in ladders() {
        let out = promopack()
            .args(["check", "--format", "json"])
            .arg(ladder.join("packet.toml"))
            .output()
            .expect("runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}: {stdout}", ladder.display());
        let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
        let codes: Vec<&str> = report["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        assert!(
            !codes.contains(&"coverage-gap") && !codes.contains(&"no-claim"),
            "{}: {codes:?}",
            ladder.display()
        );
    }
}

#[test]
fn every_ladder_packet_is_pinned() {
    for ladder in ladders() {
        let name = ladder.file_name().unwrap().to_string_lossy().into_owned();
        let md = crate::common::built(&ladder.join("packet.toml").to_string_lossy(), "md");
        insta::assert_snapshot!(format!("ladder_{name}_markdown"), md);
    }
}
