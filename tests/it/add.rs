//! `promopack add`: appends one activity, keeps everything else exactly, writes nothing invalid.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use crate::common::{promopack, read};
use predicates::prelude::*;

const COMMENTED: &str = r#"# My packet. Comments here must survive.
rubric = "rubric.toml"   # the company ladder

[person]
name = "Pat"             # me
role = "Engineer"
target = "mid"

[period]
label = "H1"
start = 2026-01-01
end = 2026-06-30

# Work log
[[activity]]
title = "Wrote the guide"   # first one
date = 2026-02-01
kind = "docs"
sections = ["writing"]
evidence = ["https://docs.example.com/guide"]

# Numbers agreed with my manager
[[metric]]
id = "nps"
name = "Docs NPS"
baseline = 10
target = 20
points = [{ date = 2026-03-31, value = 15 }]
"#;

fn packet_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        "tests/fixtures/minimal/rubric.toml",
        dir.path().join("rubric.toml"),
    )
    .expect("copy");
    std::fs::write(dir.path().join("packet.toml"), COMMENTED).expect("write");
    dir
}

const TALK: [&str; 14] = [
    "add",
    "--title",
    "Meetup talk | webhooks",
    "--kind",
    "talk",
    "--date",
    "2026-03-12",
    "--section",
    "writing",
    "--evidence",
    "https://meetup.example.org/e/1",
    "--metric",
    "attendees=80",
    "--tag=external",
];

#[test]
fn add_keeps_every_comment_and_only_adds_the_activity() {
    let dir = packet_dir();
    promopack()
        .current_dir(dir.path())
        .args(TALK)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "added `Meetup talk | webhooks` to packet.toml",
        ));
    let text = read(&dir.path().join("packet.toml"));
    // Every original line is still there, in order; the new lines are exactly the activity.
    let mut original = COMMENTED.lines().peekable();
    let mut added = Vec::new();
    for line in text.lines() {
        if original.peek() == Some(&line) {
            original.next();
        } else {
            added.push(line);
        }
    }
    assert_eq!(
        original.next(),
        None,
        "a line of the original was lost:\n{text}"
    );
    assert_eq!(
        added,
        [
            "[[activity]]",
            "title = \"Meetup talk | webhooks\"",
            "date = 2026-03-12",
            "kind = \"talk\"",
            "sections = [\"writing\"]",
            "evidence = [\"https://meetup.example.org/e/1\"]",
            "metrics = { attendees = 80 }",
            "tags = [\"external\"]",
            "",
        ]
    );
    promopack()
        .current_dir(dir.path())
        .args(["check", "packet.toml"])
        .assert()
        .success();
}

#[test]
fn an_add_that_would_make_the_packet_invalid_writes_nothing() {
    let dir = packet_dir();
    promopack()
        .current_dir(dir.path())
        .args([
            "add",
            "--title",
            "X",
            "--kind",
            "talk",
            "--date",
            "2026-03-12",
            "--section",
            "writng",
        ])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("did you mean `writing`?")
                .and(predicate::str::contains("nothing was written")),
        );
    promopack()
        .current_dir(dir.path())
        .args([
            "add",
            "--title",
            "Y",
            "--kind",
            "talk",
            "--date",
            "2027-03-12",
            "--section",
            "writing",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("outside the review period"));
    assert_eq!(read(&dir.path().join("packet.toml")), COMMENTED);
}

#[test]
fn dry_run_prints_the_block_and_changes_nothing() {
    let dir = packet_dir();
    promopack()
        .current_dir(dir.path())
        .args(TALK)
        .arg("--dry-run")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "[[activity]]\ntitle = \"Meetup talk | webhooks\"\n",
        ));
    assert_eq!(read(&dir.path().join("packet.toml")), COMMENTED);
}

#[test]
fn bad_arguments_are_usage_errors() {
    let dir = packet_dir();
    for args in [
        [
            "add",
            "--title",
            "X",
            "--kind",
            "tlak",
            "--section",
            "writing",
        ],
        [
            "add",
            "--title",
            "X",
            "--kind",
            "talk",
            "--metric",
            "attendees",
        ],
        [
            "add", "--title", "X", "--kind", "talk", "--date", "2026-3-1",
        ],
    ] {
        promopack()
            .current_dir(dir.path())
            .args(args)
            .args(["--section", "writing"])
            .assert()
            .code(2);
    }
    assert_eq!(read(&dir.path().join("packet.toml")), COMMENTED);
}

#[test]
fn add_without_a_terminal_names_the_missing_flags_and_writes_nothing() {
    let dir = packet_dir();
    promopack()
        .current_dir(dir.path())
        .args(["add", "--kind", "talk"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: missing `--title` and `--section`: give them on the command line, or run `promopack add` on a terminal to be asked",
        ));
    promopack()
        .current_dir(dir.path())
        .args(["add", "--title", "X", "--section", "writing", "--dry-run"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("error: missing `--kind`: give it"));
    assert_eq!(read(&dir.path().join("packet.toml")), COMMENTED);
}

/// On a terminal, `add` asks for the title, offers the kinds and the rubric's sections.
#[cfg(unix)]
#[test]
fn add_on_a_terminal_asks_for_what_is_missing() {
    let dir = packet_dir();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_promopack"));
    command
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .args(["add", "--date", "2026-03-12", "--dry-run"]);
    let mut session =
        rexpect::session::spawn_command(command, Some(20_000)).expect("spawns on a pty");
    session.exp_string("Title").expect("asks for the title");
    session.send_line("Pairing on the parser").expect("types");
    // Keys are sent once the whole menu is drawn and the prompt reads keys.
    session.exp_string("Other").expect("offers the kinds");
    // The kinds are in `Kind` order: blog-post, then talk (`j` moves down).
    session.send("j\r").expect("picks talk");
    session.flush().expect("sends");
    session
        .exp_string("reviews (")
        .expect("offers the rubric's sections");
    // Pick the first section (writing) and the second (teaching).
    session.send(" j \r").expect("picks");
    session.flush().expect("sends");
    let rest = session.exp_eof().expect("ends");
    assert!(rest.contains("title = \"Pairing on the parser\""), "{rest}");
    assert!(rest.contains("kind = \"talk\""), "{rest}");
    assert!(
        rest.contains("sections = [\"writing\", \"teaching\"]"),
        "{rest}"
    );
    assert_eq!(read(&dir.path().join("packet.toml")), COMMENTED);
}

/// The lines `add` adds with `TALK`, after the last activity's last line.
const TALK_TABLE: &str = "\n[[activity]]\ntitle = \"Meetup talk | webhooks\"\ndate = 2026-03-12\n\
kind = \"talk\"\nsections = [\"writing\"]\nevidence = [\"https://meetup.example.org/e/1\"]\n\
metrics = { attendees = 80 }\ntags = [\"external\"]\n";

/// The last line of the last activity in `COMMENTED`.
const LAST_LINE: &str = "evidence = [\"https://docs.example.com/guide\"]";

/// `original` with `TALK_TABLE` after its last activity, in the line ending `eol`.
fn with_talk(original: &str, eol: &str) -> String {
    let line = original.find(LAST_LINE).unwrap() + LAST_LINE.len();
    let at = line + original[line..].find('\n').unwrap() + 1;
    [
        &original[..at],
        &TALK_TABLE.replace('\n', eol),
        &original[at..],
    ]
    .concat()
}

/// Runs `add` with `TALK` on a packet of exactly this text, and returns the text after, read
/// as bytes (`String` only to show a difference readably).
fn add_to(original: &str) -> String {
    let dir = packet_dir();
    let packet = dir.path().join("packet.toml");
    std::fs::write(&packet, original).unwrap();
    promopack()
        .current_dir(dir.path())
        .args(TALK)
        .assert()
        .success();
    // What was written reads as a valid packet, with the new activity.
    promopack()
        .current_dir(dir.path())
        .args(["check", "packet.toml"])
        .assert()
        .success();
    String::from_utf8(std::fs::read(&packet).unwrap()).unwrap()
}

#[test]
fn add_keeps_crlf_line_endings_and_writes_the_new_lines_so() {
    assert_eq!(add_to(COMMENTED), with_talk(COMMENTED, "\n"));
    let crlf = COMMENTED.replace('\n', "\r\n");
    assert_eq!(add_to(&crlf), with_talk(&crlf, "\r\n"));
}

#[test]
fn add_keeps_a_byte_order_mark() {
    let bom = format!("\u{feff}{COMMENTED}");
    assert_eq!(add_to(&bom), with_talk(&bom, "\n"));
}

#[test]
fn a_file_without_a_final_line_break_keeps_none() {
    let open_end = COMMENTED.trim_end();
    assert_eq!(add_to(open_end), with_talk(open_end, "\n"));
    // When the last activity ends the file, the line break the new table needs comes first.
    let crlf = COMMENTED.replace('\n', "\r\n");
    let ends_with_activity = &crlf[..crlf.find(LAST_LINE).unwrap() + LAST_LINE.len()];
    let added = TALK_TABLE.trim_end().replace('\n', "\r\n");
    assert_eq!(
        add_to(ends_with_activity),
        format!("{ends_with_activity}\r\n{added}")
    );
}

#[test]
fn add_keeps_mixed_line_endings_and_follows_the_most_common() {
    // Every third line ends with `\n`, the others with `\r\n`.
    let mixed: String = COMMENTED
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, line)| match i % 3 {
            0 => line.to_owned(),
            _ => line.replace('\n', "\r\n"),
        })
        .collect();
    assert_eq!(add_to(&mixed), with_talk(&mixed, "\r\n"));
}

/// A packet that is a symbolic link gets the activity in the file it links to; the link stays.
#[cfg(unix)]
#[test]
fn add_writes_through_a_symbolic_link_and_keeps_it() {
    let dir = packet_dir();
    std::fs::create_dir(dir.path().join("real")).unwrap();
    std::fs::rename(
        dir.path().join("packet.toml"),
        dir.path().join("real/packet.toml"),
    )
    .unwrap();
    std::os::unix::fs::symlink("real/packet.toml", dir.path().join("packet.toml")).unwrap();
    // A rubric beside the link and beside the file it names: found either way.
    std::fs::copy(
        dir.path().join("rubric.toml"),
        dir.path().join("real/rubric.toml"),
    )
    .unwrap();
    promopack()
        .current_dir(dir.path())
        .args(TALK)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_link(dir.path().join("packet.toml")).unwrap(),
        std::path::Path::new("real/packet.toml")
    );
    assert_eq!(
        read(&dir.path().join("real/packet.toml")),
        with_talk(COMMENTED, "\n")
    );
    let left: Vec<_> = std::fs::read_dir(dir.path().join("real"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 2, "a temporary file was left: {left:?}");
}
