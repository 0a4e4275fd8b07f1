//! The template interface: the context templates receive, the filters, the txt format.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{promopack, read};
use predicates::prelude::*;

fn context_of(packet: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("context.json");
    promopack()
        .args(["build", packet, "--quiet", "--format", "md", "-o"])
        .arg(dir.path())
        .arg("--context")
        .arg(&file)
        .assert()
        .success();
    serde_json::from_str(&read(&file)).expect("context is JSON")
}

/// The "Context" section of the template reference.
fn documented_context() -> String {
    let docs = read(Path::new("docs/templates.md"));
    let start = docs.find("## Context").expect("section");
    let end = docs[start..]
        .find("\n## Filters")
        .map_or(docs.len(), |e| start + e);
    docs[start..end].to_owned()
}

fn keys(value: &serde_json::Value) -> BTreeSet<String> {
    value.as_object().expect("object").keys().cloned().collect()
}

#[test]
fn context_json_matches_the_documented_reference() {
    let context = context_of("tests/fixtures/minimal/packet.toml");
    let docs = documented_context();
    let top: BTreeSet<String> = docs
        .lines()
        .take_while(|line| !line.starts_with("A section has"))
        .filter_map(|line| {
            line.strip_prefix("| `")?
                .split('`')
                .next()
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(
        keys(&context),
        top,
        "top-level variables differ from docs/templates.md"
    );
    let activity = &context["sections"][0]["activities"][0];
    let nested = [
        &context["case"],
        &context["sections"][0],
        &context["sections"][0]["claims"][0],
        activity,
        &activity["key_metric"],
        &activity["link"],
        &context["summary"],
        &context["metrics"][0],
        &context["coverage"][0],
        &context["evidence"][0],
        &context["evidence"][0]["activities"][0],
    ];
    for object in nested {
        for key in keys(object) {
            assert!(
                docs.contains(&format!("`{key}`")),
                "`{key}` is not documented"
            );
        }
    }
}

fn build_with_template(name: &str, text: &str) -> assert_cmd::assert::Assert {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join(name), text).expect("write");
    let format = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .expect("extension");
    promopack()
        .args([
            "build",
            "tests/fixtures/minimal/packet.toml",
            "-q",
            "-o",
            "-",
            "--format",
            format,
            "--templates",
        ])
        .arg(dir.path())
        .assert()
}

#[test]
fn date_filter_formats_with_chrono_and_rejects_a_bad_format() {
    build_with_template("packet.md", "{{ period.start | date(format=\"%B %Y\") }}\n")
        .success()
        .stdout("July 2025\n");
    build_with_template(
        "packet.md",
        "line one\n{{ period.start | date(format=\"%Q\") }}\n",
    )
    .code(1)
    .stderr(
        predicate::str::contains("template `packet.md`")
            .and(predicate::str::contains("`%Q` is not a valid date format"))
            .and(predicate::str::contains("line 2")),
    );
}

#[test]
fn text_filters_cut_words_and_strip_markdown() {
    build_with_template(
        "packet.md",
        "{% for s in sections %}{% for a in s.activities %}{{ a.summary | plain | words(count=4) }}|{% endfor %}{% endfor %}\n",
    )
    .success()
    .stdout(predicate::str::starts_with("Wrote the style guide…|"));
}

#[test]
fn txt_format_is_one_block_per_section_with_the_measured_text() {
    let txt = crate::common::built("tests/fixtures/minimal/packet.toml", "txt");
    assert!(txt.contains("=== Writing ("), "{txt}");
    assert!(txt.contains("Wrote the style guide (2025-09-30)\nWrote the style guide for the docs.\n- one page\n- published\nImpact: Review time halved."), "{txt}");
    assert!(
        !txt.contains("**") && !txt.contains("]("),
        "markup left in {txt}"
    );
    assert!(
        txt.contains("=== Not yet evidenced ===\n\n- Code Review\n"),
        "{txt}"
    );
}

#[test]
fn txt_blocks_fit_every_limit_of_the_custom_company_form() {
    let rubric: toml::Table = read(Path::new("examples/custom-company/rubric.toml"))
        .parse()
        .expect("TOML");
    let txt = crate::common::built("examples/custom-company/packet.toml", "txt");
    let mut checked = 0;
    for section in rubric["section"].as_array().expect("sections") {
        let name = section["name"].as_str().expect("name");
        let header = format!("=== {name} (");
        let Some(start) = txt.find(&header) else {
            continue;
        };
        let body_start = start + txt[start..].find("===\n\n").expect("header end") + 5;
        let body_end = txt[body_start..]
            .find("\n=== ")
            .map_or(txt.len(), |end| body_start + end);
        let body = txt[body_start..body_end].trim_end();
        assert!(!body.is_empty(), "{name}: empty block");
        if let Some(limit) = section.get("max_chars").and_then(toml::Value::as_integer) {
            let chars = body.chars().count();
            assert!(
                chars as i64 <= limit,
                "{name}: {chars} characters over {limit}"
            );
            assert!(
                txt[start..body_start].contains(&format!("({chars} of {limit} characters")),
                "{name}: header does not say {chars}"
            );
        }
        if let Some(limit) = section.get("max_words").and_then(toml::Value::as_integer) {
            let words = body.split_whitespace().count();
            assert!(words as i64 <= limit, "{name}: {words} words over {limit}");
        }
        checked += 1;
    }
    assert_eq!(
        checked,
        rubric["section"].as_array().map_or(0, Vec::len),
        "a section has no block"
    );
}
