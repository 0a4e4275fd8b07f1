//! The `txt` format: user Markdown as plain text a review tool's box can take, and the length
//! the limits check is the length the reader sees.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use crate::common::{MINIMAL_PACKET, Test};

/// The style guide's summary and impact, with a numbered and nested list, a table and code.
const SUMMARY: &str = r#"summary = """
Wrote the **style guide** for the docs:

3. voice
   - tone
   - *naming*
4. samples

| Rule | Pages | Owner |
|------|------:|:-----:|
| Voice | 4 | Docs |
| Samples | 12 | DevRel |
"""
impact = """
Review time halved. The linter runs:

```
vale --config docs.ini
```
"""
"#;

const EXPECTED: &str = "\
Wrote the style guide (2025-09-30)
Wrote the style guide for the docs:
3. voice
  - tone
  - naming
4. samples

Rule     Pages  Owner
-------  -----  ------
Voice        4   Docs
Samples     12  DevRel
Impact:
Review time halved. The linter runs:

    vale --config docs.ini
";

fn packet() -> String {
    // The first activity's summary, not the case's.
    let first = MINIMAL_PACKET.find("[[activity]]").expect("an activity");
    let start = first
        + MINIMAL_PACKET[first..]
            .find("summary = \"\"\"")
            .expect("summary");
    let end = start
        + MINIMAL_PACKET[start..]
            .find("evidence = [\n")
            .expect("evidence");
    format!(
        "{}{SUMMARY}{}",
        &MINIMAL_PACKET[..start],
        &MINIMAL_PACKET[end..]
    )
}

#[test]
fn txt_keeps_numbers_nesting_tables_and_code() {
    let out = Test::minimal()
        .packet(&packet())
        .args(["build", "packet.toml", "-q", "-o", "-", "--format", "txt"])
        .run();
    assert!(out.stdout.contains(EXPECTED), "{}", out.stdout);
}

#[test]
fn the_limit_counts_the_text_the_txt_shows() {
    let out = Test::minimal()
        .packet(&packet())
        .args(["build", "packet.toml", "-q", "-o", "-", "--format", "txt"])
        .run();
    let header = "=== Writing (";
    let start = out.stdout.find(header).expect("writing") + header.len();
    let shown: usize = out.stdout[start..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count");
    let body_start = start + out.stdout[start..].find("===\n\n").expect("header end") + 5;
    let body_end = out.stdout[body_start..]
        .find("\n=== ")
        .map_or(out.stdout.len(), |end| body_start + end);
    let body = out.stdout[body_start..body_end].trim_end();
    assert_eq!(body.chars().count(), shown, "{body}");

    // One character under the text's length, and `check` says it is over by one.
    let limited = packet().replace("rubric = \"rubric.toml\"", "rubric = \"tight.toml\"");
    let rubric = crate::common::read(std::path::Path::new("tests/fixtures/minimal/rubric.toml"))
        .replace("max_chars = 1500", &format!("max_chars = {}", shown - 1));
    let out = Test::minimal()
        .packet(&limited)
        .file("tight.toml", rubric)
        .args(["check", "packet.toml"])
        .status(1)
        .run();
    let over = format!(
        "the text for section `writing` is {shown} characters, over the rubric's limit of {}",
        shown - 1
    );
    assert!(out.stdout.contains(&over), "{}", out.stdout);
}
