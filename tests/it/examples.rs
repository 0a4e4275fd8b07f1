//! Every example builds, and its packet shows everything the example holds.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::path::{Path, PathBuf};

use crate::common::{html_escape, promopack, read};

/// Every `packet.toml` under `examples/`.
fn example_packets() -> Vec<PathBuf> {
    let mut packets: Vec<PathBuf> = std::fs::read_dir("examples")
        .expect("examples folder")
        .filter_map(|entry| Some(entry.ok()?.path().join("packet.toml")))
        .filter(|path| path.exists())
        .collect();
    packets.sort();
    packets
}

fn toml_file(path: &Path) -> toml::Table {
    read(path)
        .parse()
        .unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn strings<'a>(table: &'a toml::Table, array: &str, key: &str) -> Vec<&'a str> {
    table
        .get(array)
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|item| item.get(key)?.as_str())
        .collect()
}

fn evidence_urls(packet: &toml::Table) -> Vec<&str> {
    packet["activity"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|a| {
            a.get("evidence")
                .and_then(toml::Value::as_array)
                .into_iter()
                .flatten()
        })
        .filter_map(|e| e.as_str().or_else(|| e.get("url")?.as_str()))
        .collect()
}

fn rubric_of(packet_path: &Path, packet: &toml::Table) -> toml::Table {
    let name = packet["rubric"].as_str().expect("rubric");
    let builtin = Path::new("src/rubric/builtin").join(format!("{name}.toml"));
    if builtin.exists() {
        toml_file(&builtin)
    } else {
        toml_file(&packet_path.parent().expect("folder").join(name))
    }
}

#[test]
fn the_flagship_examples_exist() {
    let packets = example_packets();
    assert!(packets.contains(&PathBuf::from("examples/devrel/packet.toml")));
    assert!(packets.contains(&PathBuf::from("examples/engineer/packet.toml")));
    assert!(packets.contains(&PathBuf::from("examples/custom-company/packet.toml")));
}

#[test]
fn every_example_builds_and_shows_every_title_section_and_link() {
    for packet_path in example_packets() {
        let out = tempfile::tempdir().expect("tempdir");
        let mut build = promopack();
        build
            .arg("build")
            .arg(&packet_path)
            .arg("-o")
            .arg(out.path())
            .arg("--quiet");
        // An example with its own templates is built with them, as its comment says.
        let templates = packet_path.with_file_name("templates");
        if templates.is_dir() {
            build.arg("--templates").arg(&templates);
        }
        build.assert().success().stderr("");
        let outputs: Vec<PathBuf> = std::fs::read_dir(out.path())
            .expect("read_dir")
            .map(|entry| entry.expect("entry").path())
            .collect();
        let find = |ext: &str| {
            let path = outputs
                .iter()
                .find(|p| p.extension().is_some_and(|e| e == ext));
            read(path.unwrap_or_else(|| panic!("{}: no .{ext} written", packet_path.display())))
        };
        let (md, html) = (find("md"), find("html"));

        let packet = toml_file(&packet_path);
        let rubric = rubric_of(&packet_path, &packet);
        let titles = strings(&packet, "activity", "title");
        let sections = strings(&rubric, "section", "name");
        let urls = evidence_urls(&packet);
        assert!(!titles.is_empty() && !sections.is_empty() && !urls.is_empty());
        for text in titles.iter().chain(&sections).chain(&urls) {
            let at = packet_path.display();
            assert!(
                md.contains(text),
                "{at}: `{text}` missing from the Markdown"
            );
            assert!(
                html.contains(&html_escape(text)),
                "{at}: `{text}` missing from the HTML"
            );
        }
    }
}

#[test]
fn every_example_argues_its_case_section_by_section() {
    for packet_path in example_packets() {
        let at = packet_path.display();
        let packet = toml_file(&packet_path);
        let summary = packet
            .get("case")
            .and_then(|case| case.get("summary")?.as_str())
            .unwrap_or_default();
        assert!(
            summary.split_whitespace().count() >= 100,
            "{at}: no case summary"
        );
        for claim in packet["claim"].as_array().expect("claims") {
            let cited = claim["evidence"].as_array().map_or(0, Vec::len);
            assert!((1..=4).contains(&cited), "{at}: a claim cites {cited}");
        }
        let out = promopack()
            .args(["check", "--format", "json"])
            .arg(&packet_path)
            .output()
            .expect("runs");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        // A gap a packet shows on purpose is fine; a section argued without a claim is not.
        for diagnostic in report["files"][0]["diagnostics"].as_array().expect("list") {
            assert_eq!(diagnostic["code"], "coverage-gap", "{at}: {diagnostic}");
        }
    }
}

#[test]
fn devrel_example_is_a_full_year_of_developer_advocacy() {
    let packet = toml_file(Path::new("examples/devrel/packet.toml"));
    assert_eq!(packet["rubric"].as_str(), Some("developer-advocate"));
    assert!(packet["activity"].as_array().expect("activities").len() >= 25);
    let kinds = strings(&packet, "activity", "kind");
    for kind in [
        "blog-post",
        "docs",
        "talk",
        "training",
        "community",
        "open-source",
    ] {
        assert!(kinds.contains(&kind), "no `{kind}` activity");
    }
    assert!(!strings(&packet, "metric", "owner").is_empty());
}

#[test]
fn html_packet_makes_no_external_request() {
    let html = crate::common::built("examples/devrel/packet.toml", "html");
    for needle in [
        "<script",
        "<link",
        "<img",
        "<iframe",
        "@import",
        "url(",
        " src=",
        "javascript:",
    ] {
        assert!(!html.contains(needle), "the HTML contains `{needle}`");
    }
    assert!(html.contains("<style>") && html.contains("@media print"));
}

/// Every value of `attr="..."` in the HTML.
fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            Some(&rest[..rest.find('"')?])
        })
        .collect()
}

#[test]
fn every_html_anchor_link_resolves_to_exactly_one_element() {
    let packets = [
        ("tests/fixtures/minimal/packet.toml", None),
        ("examples/devrel/packet.toml", None),
        ("examples/engineer/packet.toml", None),
        (
            "examples/custom-company/packet.toml",
            Some("examples/custom-company/templates"),
        ),
    ];
    for (packet, templates) in packets {
        let mut build = promopack();
        build.args(["build", packet, "-o", "-", "--format", "html"]);
        if let Some(templates) = templates {
            build.args(["--templates", templates]);
        }
        let out = build.output().expect("runs");
        let html = String::from_utf8(out.stdout).expect("utf-8");
        let ids = attribute_values(&html, "id");
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{packet}: duplicate ids");
        let links: Vec<&str> = attribute_values(&html, "href")
            .into_iter()
            .filter_map(|h| h.strip_prefix('#'))
            .collect();
        assert!(links.len() > 10, "{packet}: too few internal links");
        for link in links {
            assert!(ids.contains(&link), "{packet}: `#{link}` leads nowhere");
        }
    }
}
