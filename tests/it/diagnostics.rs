//! Diagnostics a person reads once: one warning for a finding at one place, in file and line
//! order, `over-limit` as severe as the outputs make it, example text left from `init`, and
//! plain words where the system or serde would speak.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use serde_json::Value;

use crate::common::{Test, fixture};

const EXIT_INVALID: i32 = 1;
const EXIT_USAGE: i32 = 2;
const EXIT_IO: i32 = 3;

/// A fresh `init` packet, with its example text replaced where `replace` says.
fn init(replace: &[(&str, &str)]) -> String {
    let ran = Test::new().args(["init", "case"]).run();
    let mut packet = ran.read("case/packet.toml");
    for (from, to) in replace {
        assert!(packet.contains(from), "{from} not in\n{packet}");
        packet = packet.replace(from, to);
    }
    packet
}

/// `check --format json` of `packet` (the `developer-advocate` rubric): code and message of
/// each diagnostic, in the order given.
fn checked(packet: &str) -> Vec<(String, String)> {
    checked_with(packet, 0)
}

/// `checked` of a packet with errors.
fn checked_with_errors(packet: &str) -> Vec<(String, String)> {
    checked_with(packet, EXIT_INVALID)
}

fn checked_with(packet: &str, status: i32) -> Vec<(String, String)> {
    let ran = Test::new()
        .file("case/packet.toml", packet)
        .args(["check", "case/packet.toml", "--format", "json"])
        .status(status)
        .run();
    let report: Value = serde_json::from_str(&ran.stdout).expect("JSON");
    report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_fresh_packet_gets_one_gap_warning_and_one_placeholder_warning() {
    let ran = Test::new().args(["init", "case"]).run();
    let build = Test::new()
        .file("case/packet.toml", ran.read("case/packet.toml"))
        .args(["build", "case/packet.toml"])
        .run();
    assert_eq!(
        build.stderr.matches("warning[").count(),
        2,
        "{}",
        build.stderr
    );
    assert!(
        build.stderr.contains(
            "warning[coverage-gap]: no activity evidences sections `documentation`, `community`, `open-source`, `product-feedback`, `impact`, expected at `advocate`"
        ),
        "{}",
        build.stderr
    );
    assert!(
        build.stderr.contains(
            "warning[placeholder]: the packet still holds example text from `init`: `person.name` (line 12), `person.role` (line 13)"
        ),
        "{}",
        build.stderr
    );
    // The gap warning is the coverage table's summary, not a copy of it: one line per packet.
    assert_eq!(build.stderr.matches("coverage-gap").count(), 1);
}

#[test]
fn each_example_left_is_listed_until_none_is() {
    let found = checked(&init(&[("name = \"Your Name\"", "name = \"Zoë\"")]));
    let placeholder: Vec<&String> = found
        .iter()
        .filter(|(code, _)| code == "placeholder")
        .map(|(_, message)| message)
        .collect();
    assert_eq!(placeholder.len(), 1, "{found:?}");
    assert!(!placeholder[0].contains("person.name"), "{placeholder:?}");
    assert!(
        placeholder[0].contains("`person.role` (line 13)"),
        "{placeholder:?}"
    );
    assert!(
        placeholder[0].contains("3 example activities"),
        "{placeholder:?}"
    );
    assert!(
        placeholder[0].contains("the metric `example-metric`"),
        "{placeholder:?}"
    );

    // Replace every example: no warning is left.
    let packet = init(&[
        ("name = \"Your Name\"", "name = \"Zoë\""),
        ("role = \"Your current role\"", "role = \"Engineer\""),
    ]);
    let packet = packet
        .replace(
            "Why your work is at the target level",
            "I lead the API docs",
        )
        .replace("Your words: how this work meets", "The posts show")
        .replace(
            "Wrote a blog post on our new API",
            "Wrote the v2 launch post",
        )
        .replace(
            "https://blog.example.com/your-post",
            "https://blog.example.com/v2",
        )
        .replace(
            "Gave an internal talk on testing",
            "Talked on contract tests",
        )
        .replace(
            "https://video.example.com/talk",
            "https://video.example.com/ct",
        )
        .replace("Mentored a new teammate", "Mentored Sam")
        .replace("example-metric", "docs-visits")
        .replace("Example metric", "Docs visits");
    let found = checked(&packet);
    assert!(
        found.iter().all(|(code, _)| code != "placeholder"),
        "{found:?}"
    );
}

#[test]
fn init_and_check_share_one_list_of_placeholders() {
    // Each placeholder alone, the rest replaced, is still found: init writes what check knows.
    let packet = init(&[("name = \"Your Name\"", "name = \"Zoë\"")]);
    assert!(
        checked(&packet)
            .iter()
            .any(|(code, _)| code == "placeholder")
    );
    let ran = Test::new().args(["init", "case"]).run();
    for text in [
        "Your Name",
        "Your current role",
        "example-metric",
        "Mentored a new teammate",
    ] {
        assert!(ran.read("case/packet.toml").contains(text), "{text}");
    }
}

#[test]
fn diagnostics_are_in_file_and_line_order_in_every_format() {
    // Problems in the packet (lines 7, 16, 25, 29), found by different stages.
    for format in ["human", "json", "github", "sarif"] {
        let out = crate::common::promopack()
            .args([
                "check",
                "tests/fixtures/check/shape-and-rules.toml",
                "--format",
                format,
            ])
            .output()
            .expect("runs");
        let out = String::from_utf8_lossy(&out.stdout).into_owned();
        let lines: Vec<usize> = match format {
            "human" => out
                .lines()
                .filter_map(|l| {
                    l.trim()
                        .strip_prefix("--> tests/fixtures/check/shape-and-rules.toml:")
                })
                .filter_map(|at| at.split(':').next()?.parse().ok())
                .collect(),
            "github" => out
                .lines()
                .filter_map(|l| l.split(",line=").nth(1))
                .filter_map(|at| at.split(',').next()?.parse().ok())
                .collect(),
            _ => {
                let value: Value = serde_json::from_str(&out).expect("JSON");
                let mut lines = Vec::new();
                collect_lines(&value, &mut lines);
                lines
            }
        };
        assert!(lines.len() >= 4, "{format}: {lines:?}\n{out}");
        assert!(lines.is_sorted(), "{format}: {lines:?}");
    }
}

/// Every `line` or `startLine` number in a JSON or SARIF report, in document order.
fn collect_lines(value: &Value, lines: &mut Vec<usize>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner.as_u64()) {
                    ("line" | "startLine", Some(line)) => lines.push(line as usize),
                    _ => collect_lines(inner, lines),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|inner| collect_lines(inner, lines)),
        _ => {}
    }
}

/// The over-limit fixture and its rubric in a folder.
fn over_limit() -> Test {
    Test::new()
        .fixture("check/over-limit.toml", "packet.toml")
        .fixture("check/limits-rubric.toml", "limits-rubric.toml")
}

#[test]
fn over_limit_is_an_error_for_txt_and_check_and_a_warning_otherwise() {
    // `check` and a build that writes the text for the review tool: an error, nothing written.
    let ran = over_limit()
        .args(["check", "packet.toml"])
        .status(EXIT_INVALID)
        .run();
    assert!(ran.stdout.contains("error[over-limit]"), "{}", ran.stdout);
    for formats in ["txt", "md,txt"] {
        let ran = over_limit()
            .args(["build", "packet.toml", "--format", formats])
            .status(EXIT_INVALID)
            .run();
        assert!(
            ran.stderr.contains("error[over-limit]"),
            "{formats}: {}",
            ran.stderr
        );
        assert!(!ran.path("out").exists(), "{formats}: wrote something");
    }
    // A build without `txt`: a warning, and the packet is written.
    let ran = over_limit()
        .args(["build", "packet.toml", "--format", "md,html"])
        .run();
    assert!(ran.stderr.contains("warning[over-limit]"), "{}", ran.stderr);
    assert!(!ran.stderr.contains("error[over-limit]"), "{}", ran.stderr);
    assert!(ran.path("out/pat-h1.md").exists(), "{}", ran.stderr);
    // `add` logs the work all the same, and says what it made too long.
    let before = crate::common::read(&fixture("check/over-limit.toml"));
    let ran = over_limit()
        .args(["add", "--title", "One more post", "--kind", "blog-post"])
        .args(["--section", "writing", "--date", "2026-03-01"])
        .run();
    assert!(ran.stderr.contains("warning[over-limit]"), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("added `One more post`"),
        "{}",
        ran.stderr
    );
    let after = ran.read("packet.toml");
    assert!(after.contains("One more post"), "{after}");
    assert!(after.len() > before.len(), "{after}");
}

#[test]
fn dates_say_what_is_wrong_with_them() {
    let cases = [
        (
            "date = 2026/04/09",
            "`2026/04/09` is not written YYYY-MM-DD",
            "e.g. `2026-04-09`",
        ),
        (
            "date = 2026-4-9",
            "`2026-4-9` is not written YYYY-MM-DD",
            "e.g. `2026-04-09`",
        ),
        (
            "date = 2026.04.09",
            "`2026.04.09` is not written YYYY-MM-DD",
            "e.g. `2026-04-09`",
        ),
        (
            "date = \"2026-04-31\"",
            "`2026-04-31` is not a date: April 2026 has 30 days",
            "`2026-04-30`",
        ),
        (
            "date = 2026-04-31",
            "`2026-04-31` is not a date: April 2026 has 30 days",
            "`2026-04-30`",
        ),
        (
            "date = 2026-02-29",
            "`2026-02-29` is not a date: 2026 is not a leap year",
            "February 2026 has 28 days",
        ),
    ];
    for (line, message, hint) in cases {
        let text = crate::common::read(&fixture("minimal/packet.toml"));
        let at = text.find("date = ").expect("a date");
        let end = at + text[at..].find('\n').expect("a line");
        let changed = format!("{}{line}{}", &text[..at], &text[end..]);
        let ran = Test::minimal()
            .packet(&changed)
            .args(["check", "packet.toml"])
            .status(EXIT_INVALID)
            .run();
        assert!(
            ran.stdout
                .contains(&format!("error[invalid-date]: {message}")),
            "{line}:\n{}",
            ran.stdout
        );
        assert!(ran.stdout.contains(hint), "{line}:\n{}", ran.stdout);
        assert!(
            !ran.stdout.contains("invalid-toml"),
            "{line}:\n{}",
            ran.stdout
        );
    }
}

#[test]
fn a_value_of_the_wrong_type_is_said_in_toml_words() {
    let text = crate::common::read(&fixture("minimal/packet.toml"));
    let at = text.find("sections = [").expect("sections");
    let end = at + text[at..].find('\n').expect("a line");
    let changed = format!("{}sections = \"writing\"{}", &text[..at], &text[end..]);
    let ran = Test::minimal()
        .packet(&changed)
        .args(["check", "packet.toml"])
        .status(EXIT_INVALID)
        .run();
    assert!(
        ran.stdout.contains(
            "error[wrong-type]: expected a list in brackets, like `[\"a\", \"b\"]`, found the text \"writing\""
        ),
        "{}",
        ran.stdout
    );
    assert!(!ran.stdout.contains("sequence"), "{}", ran.stdout);
}

#[test]
fn no_message_shows_an_os_error_number() {
    let ran = Test::new().args(["init", "my-case"]).run();
    let packet = ran.read("my-case/packet.toml");
    let case = || Test::new().file("my-case/packet.toml", &packet);

    let add = case()
        .args([
            "add",
            "my-case",
            "--title",
            "T",
            "--kind",
            "talk",
            "--section",
            "content",
        ])
        .status(EXIT_USAGE)
        .run();
    assert!(
        add.stderr.contains(
            "error: `my-case` is a folder, and `add` takes a packet file: did you mean `my-case/packet.toml`?"
        ),
        "{}",
        add.stderr
    );
    // With no packet here, `add` says what `build` and `check` say.
    let add = Test::new()
        .args([
            "add",
            "--title",
            "T",
            "--kind",
            "talk",
            "--section",
            "content",
        ])
        .status(EXIT_USAGE)
        .run();
    assert!(
        add.stderr.contains(
            "error: there is no `packet.toml` here: give a packet file (`promopack add my-case/packet.toml`)"
        ),
        "{}",
        add.stderr
    );

    let init = case()
        .args(["init", "my-case/packet.toml"])
        .status(EXIT_USAGE)
        .run();
    assert!(
        init.stderr.contains(
            "error: `my-case/packet.toml` is a file, and `init` takes the folder to write packet.toml into: run `promopack init my-case`"
        ),
        "{}",
        init.stderr
    );
    let fresh = case()
        .args(["init", "new-case/packet.toml"])
        .status(EXIT_USAGE)
        .run();
    assert!(
        fresh.stderr.contains(
            "error: `new-case/packet.toml` is named like a file, and `init` takes the folder to write packet.toml into: run `promopack init new-case`"
        ),
        "{}",
        fresh.stderr
    );
    assert!(!fresh.path("new-case").exists());

    let missing = case().args(["build", "nothere.toml"]).status(EXIT_IO).run();
    assert!(
        missing
            .stderr
            .contains("caused by: there is no such file: check the path and its spelling"),
        "{}",
        missing.stderr
    );
    let check = case().args(["check", "nothere.toml"]).status(EXIT_IO).run();
    assert!(
        check
            .stdout
            .contains("error[unreadable]: cannot read the file: there is no such file"),
        "{}",
        check.stdout
    );

    let blocked = case()
        .file("afile", "")
        .args(["build", "my-case/packet.toml", "-o", "afile/out"])
        .status(EXIT_IO)
        .run();
    assert!(
        blocked.stderr.contains("a part of the path is a file"),
        "{}",
        blocked.stderr
    );

    let rubric = case()
        .file(
            "p/packet.toml",
            packet.replace(
                "rubric = \"developer-advocate\"",
                "rubric = \"nope/rubric.toml\"",
            ),
        )
        .args(["check", "p/packet.toml"])
        .status(EXIT_INVALID)
        .run();
    assert!(
        rubric
            .stdout
            .contains("cannot read the rubric file `p/nope/rubric.toml`: there is no such file"),
        "{}",
        rubric.stdout
    );
    for out in [
        &add.stderr,
        &init.stderr,
        &missing.stderr,
        &check.stdout,
        &blocked.stderr,
        &rubric.stdout,
    ] {
        assert!(!out.contains("os error"), "{out}");
    }
}

#[test]
fn one_packet_options_name_only_what_was_given() {
    let packet = crate::common::read(&fixture("minimal/packet.toml"));
    let two = || {
        Test::minimal()
            .file("other/packet.toml", &packet)
            .fixture("minimal/rubric.toml", "other/rubric.toml")
    };
    let context = two()
        .args([
            "build",
            "packet.toml",
            "other/packet.toml",
            "--context",
            "c.json",
        ])
        .status(EXIT_USAGE)
        .run();
    assert!(
        context
            .stderr
            .contains("`--context` writes the context of one packet, and 2 were given"),
        "{}",
        context.stderr
    );
    assert!(!context.stderr.contains("-o -"), "{}", context.stderr);
    let stdout = two()
        .args([
            "build",
            "packet.toml",
            "other/packet.toml",
            "-o",
            "-",
            "--format",
            "md",
        ])
        .status(EXIT_USAGE)
        .run();
    assert!(
        stdout
            .stderr
            .contains("`-o -` writes one packet to standard output, and 2 were given"),
        "{}",
        stdout.stderr
    );
    assert!(!stdout.stderr.contains("--context"), "{}", stdout.stderr);
}

#[test]
fn a_claim_citing_an_activity_with_its_own_error_gets_no_second_error() {
    // The cited activity cannot be read (a date that does not exist): that is its one error.
    let packet = init(&[("date = 2026-02-10", "date = 2026-02-30")]);
    let found = checked_with_errors(&packet);
    let codes: Vec<&str> = found.iter().map(|(code, _)| code.as_str()).collect();
    assert!(codes.contains(&"invalid-date"), "{found:?}");
    assert!(!codes.contains(&"unknown-activity"), "{found:?}");
    // An activity that is cited but written nowhere is still unknown.
    let packet = init(&[(
        "evidence = [\"api-blog-post\"]",
        "evidence = [\"api-blog-pots\"]",
    )]);
    let found = checked_with_errors(&packet);
    assert!(
        found
            .iter()
            .any(|(code, m)| code == "unknown-activity" && m.contains("api-blog-pots")),
        "{found:?}"
    );
}

#[test]
fn a_file_or_folder_in_the_wrong_place_gets_plain_advice() {
    let init = Test::new()
        .file("notes.txt", "x")
        .args(["init", "notes.txt"])
        .status(EXIT_USAGE)
        .run();
    assert!(
        init.stderr.contains(
            "`notes.txt` is a file, and `init` takes the folder to write packet.toml into: give the name of a new folder"
        ),
        "{}",
        init.stderr
    );
    for force in [false, true] {
        let mut export = Test::new().file("dd/keep.txt", "x").args([
            "rubric",
            "export",
            "software-engineer",
            "dd",
        ]);
        if force {
            export = export.args(["--force"]);
        }
        let export = export.status(EXIT_USAGE).run();
        assert!(
            export
                .stderr
                .contains("`dd` is a folder, not a file to write"),
            "{}",
            export.stderr
        );
    }
}

#[cfg(feature = "feed")]
#[test]
fn a_feed_that_is_not_one_is_said_in_plain_words() {
    for (text, words) in [
        (
            r#"{"version":"https://jsonfeed.org/version/1.1","items":null}"#,
            "it is JSON, but not a JSON Feed, which has a `version` and a list of `items`",
        ),
        ("{ not json", "it is not valid JSON (line 1, column 3)"),
        (
            "just some text",
            "it ends before its feed does (or it is not XML)",
        ),
    ] {
        let ran = Test::new()
            .file("feed.json", text)
            .args(["import", "feed", "feed.json"])
            .status(EXIT_INVALID)
            .run();
        assert!(ran.stderr.contains(words), "{text}: {}", ran.stderr);
        assert!(
            !ran.stderr.contains("expected a sequence"),
            "{}",
            ran.stderr
        );
    }
}
