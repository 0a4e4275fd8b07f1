//! The `promopack` binary on good and bad fixture files: exit codes, messages, and what is
//! (not) written.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use crate::common::{MINIMAL_PACKET, Test, fixture, promopack, read};
use predicates::prelude::*;

const EXIT_INVALID: i32 = 1;
const EXIT_USAGE: i32 = 2;
const EXIT_IO: i32 = 3;

/// `build` of the `Test::minimal()` packet to standard output, with `templates/` overriding.
const MD_WITH_TEMPLATES: [&str; 8] = [
    "build",
    "packet.toml",
    "-o",
    "-",
    "--format",
    "md",
    "--templates",
    "templates",
];

#[test]
fn build_writes_markdown_and_html_named_after_person_and_period() {
    let out = tempfile::tempdir().expect("tempdir");
    promopack()
        .args(["build", "tests/fixtures/minimal/packet.toml", "-o"])
        .arg(out.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("zoe-example-fy26.md"));
    let md = read(&out.path().join("zoe-example-fy26.md"));
    let html = read(&out.path().join("zoe-example-fy26.html"));
    assert!(md.starts_with("# Promotion packet: Zoë Example\n"), "{md}");
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
}

#[test]
fn build_with_one_format_writes_only_that_format() {
    let out = tempfile::tempdir().expect("tempdir");
    promopack()
        .args([
            "build",
            "tests/fixtures/minimal/packet.toml",
            "--format",
            "html",
            "-o",
        ])
        .arg(out.path())
        .assert()
        .success();
    assert!(out.path().join("zoe-example-fy26.html").exists());
    assert!(!out.path().join("zoe-example-fy26.md").exists());
}

#[test]
fn build_to_stdout_prints_the_single_format() {
    promopack()
        .args([
            "build",
            "tests/fixtures/minimal/packet.toml",
            "-o",
            "-",
            "--format",
            "md",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("# Promotion packet: Zoë Example")
                .and(predicate::str::contains("warning[").not()),
        )
        .stderr(predicate::str::contains(
            "warning[coverage-gap]: no activity evidences section `reviews`",
        ));
}

#[test]
fn build_to_stdout_refuses_two_formats() {
    promopack()
        .args(["build", "tests/fixtures/minimal/packet.toml", "-o", "-"])
        .assert()
        .code(EXIT_USAGE)
        .stdout("")
        .stderr(predicate::str::contains("takes one format"));
}

#[test]
fn output_is_byte_identical_across_runs() {
    let run = || {
        promopack()
            .args([
                "build",
                "tests/fixtures/minimal/packet.toml",
                "-o",
                "-",
                "--format",
                "html",
            ])
            .output()
            .expect("runs")
            .stdout
    };
    assert_eq!(run(), run());
}

#[test]
fn unknown_flag_is_a_usage_error() {
    promopack()
        .args([
            "build",
            "tests/fixtures/minimal/packet.toml",
            "--fromat",
            "md",
        ])
        .assert()
        .code(EXIT_USAGE)
        .stderr(predicate::str::contains("--format"));
}

#[test]
fn help_lists_build_and_exits_zero() {
    promopack()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("build"));
}

/// Each bad input: its file, the expected location and the words the report must contain.
const BAD_INPUTS: &[(&str, &str, &[&str])] = &[
    ("syntax-error.toml", ":5:17", &["error[invalid-toml]"]),
    (
        "unknown-key.toml",
        ":17:1",
        &[
            "unknown key `sumary`",
            "did you mean `summary`?",
            "`impact`",
        ],
    ),
    (
        "wrong-type.toml",
        ":16:25",
        &["error[wrong-type]", "expected a number"],
    ),
    (
        "unknown-section.toml",
        ":17:24",
        &[
            "unknown rubric section `comunity`",
            "did you mean `community`?",
            "gave-a-talk",
        ],
    ),
    (
        "unknown-level.toml",
        ":6:10",
        &["unknown target level `senoir`", "did you mean `senior`?"],
    ),
    (
        "unknown-kind.toml",
        ":16:8",
        &["unknown value `tlak`", "did you mean `talk`?"],
    ),
    (
        "missing-rubric.toml",
        ":1:10",
        &["cannot read the rubric file", "missing/rubric.toml"],
    ),
    (
        "unknown-builtin-rubric.toml",
        ":1:10",
        &[
            "unknown built-in rubric",
            "did you mean `developer-advocate`?",
        ],
    ),
    (
        "script-url.toml",
        ":18:13",
        &["error[invalid-url]", "`javascript:` scheme"],
    ),
    (
        "invalid-date.toml",
        ":15:8",
        &[
            "error[invalid-date]",
            "`2026-02-30` is not a date: February 2026 has 28 days",
        ],
    ),
    (
        "duplicate-id.toml",
        ":21:9",
        &["duplicate activity id `gave-a-talk`"],
    ),
];

#[test]
fn each_bad_input_names_file_line_and_fix_and_writes_nothing() {
    for (name, location, words) in BAD_INPUTS {
        let out = tempfile::tempdir().expect("tempdir");
        let earlier = out.path().join("pat-h1.md");
        std::fs::write(&earlier, "yesterday's packet").expect("write");
        let path = fixture("bad").join(name);
        let assert = promopack()
            .arg("build")
            .arg(&path)
            .arg("-o")
            .arg(out.path())
            .assert()
            .code(EXIT_INVALID)
            .stdout("");
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        let at = format!("{}{location}", path.display());
        assert!(stderr.contains(&at), "{name}: no `{at}` in\n{stderr}");
        for word in *words {
            assert!(stderr.contains(word), "{name}: no `{word}` in\n{stderr}");
        }
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert_eq!(
            read(&earlier),
            "yesterday's packet",
            "{name} touched the output"
        );
        let files = std::fs::read_dir(out.path()).expect("read_dir").count();
        assert_eq!(files, 1, "{name} wrote into the output folder");
    }
}

#[test]
fn reports_every_problem_of_a_packet_in_one_run() {
    promopack()
        .args([
            "build",
            "tests/fixtures/bad/several-problems.toml",
            "-o",
            "-",
            "--format",
            "md",
        ])
        .assert()
        .code(EXIT_INVALID)
        .stderr(
            predicate::str::contains("unknown target level `senoir`")
                .and(predicate::str::contains("unknown rubric section `writng`"))
                .and(predicate::str::contains("`data:` scheme"))
                .and(predicate::str::contains(
                    "found 3 errors, nothing was written",
                )),
        );
}

#[test]
fn missing_packet_file_is_an_io_error_naming_the_file() {
    promopack()
        .args(["build", "tests/fixtures/nope.toml"])
        .assert()
        .code(EXIT_IO)
        .stderr(
            predicate::str::contains("cannot read `tests/fixtures/nope.toml`")
                .and(predicate::str::contains("caused by:")),
        );
}

#[test]
fn packet_that_is_not_utf8_is_reported() {
    let out = Test::new()
        .file("packet.toml", b"rubric = \"\xff\"\n")
        .args(["build", "packet.toml"])
        .status(EXIT_INVALID)
        .run();
    assert!(out.stderr.contains("not UTF-8"), "{}", out.stderr);
    assert!(
        out.stderr.contains("--> packet.toml:1:11"),
        "{}",
        out.stderr
    );
}

#[test]
fn missing_templates_folder_is_an_io_error_naming_it() {
    promopack()
        .args([
            "build",
            "tests/fixtures/minimal/packet.toml",
            "--templates",
            "tests/no-such-templates",
        ])
        .assert()
        .code(EXIT_IO)
        .stderr(predicate::str::contains(
            "cannot read `tests/no-such-templates`",
        ));
}

#[test]
fn template_override_replaces_one_template_and_keeps_the_rest() {
    let templates = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(templates.path().join("partials")).expect("mkdir");
    std::fs::write(
        templates.path().join("partials/activity.md"),
        "* {{ activity.title }} [{{ activity.kind }}]\n",
    )
    .expect("write");
    promopack()
        .args([
            "build",
            "tests/fixtures/minimal/packet.toml",
            "-o",
            "-",
            "--format",
            "md",
            "--templates",
        ])
        .arg(templates.path())
        .assert()
        .success()
        .stdout(
            predicate::str::contains("* Wrote the style guide [docs]")
                .and(predicate::str::contains("## Appendix: activities")),
        );
}

#[test]
fn broken_template_names_its_file_and_line() {
    let out = Test::minimal()
        .file(
            "templates/packet.md",
            "# {{ person.name }}\n\n{{ person.nmae }}\n",
        )
        .args(MD_WITH_TEMPLATES)
        .status(EXIT_INVALID)
        .run();
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains("template `packet.md` (templates/packet.md)"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("nmae") && out.stderr.contains(":3:"),
        "{}",
        out.stderr
    );
}

#[test]
fn template_syntax_error_names_its_file() {
    let out = Test::minimal()
        .file("templates/packet.html", "{% for x in %}\n")
        .args(["build", "packet.toml", "--templates", "templates"])
        .status(EXIT_INVALID)
        .run();
    assert!(
        out.stderr.contains("template `packet.html`"),
        "{}",
        out.stderr
    );
}

#[test]
fn refuses_to_write_over_an_input_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let packet_text = read(&fixture("minimal/packet.toml"));
    std::fs::copy(
        fixture("minimal/rubric.toml"),
        dir.path().join("rubric.toml"),
    )
    .expect("copy");
    let packet = dir.path().join("zoe-example-fy26.md");
    std::fs::write(&packet, &packet_text).expect("write");
    promopack()
        .arg("build")
        .arg(&packet)
        .arg("-o")
        .arg(dir.path())
        .assert()
        .code(EXIT_USAGE)
        .stderr(predicate::str::contains("it is one of the input files"));
    assert_eq!(read(&packet), packet_text);
}

#[test]
fn refuses_to_write_over_the_rubric_or_a_template() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rubric_text = read(&fixture("minimal/rubric.toml"));
    let rubric = dir.path().join("zoe-example-fy26.html");
    std::fs::write(&rubric, &rubric_text).expect("write");
    let packet_text = read(&fixture("minimal/packet.toml")).replace(
        "rubric = \"rubric.toml\"",
        "rubric = \"./zoe-example-fy26.html\"",
    );
    std::fs::write(dir.path().join("packet.toml"), packet_text).expect("write");
    promopack()
        .arg("build")
        .arg(dir.path().join("packet.toml"))
        .arg("-o")
        .arg(dir.path())
        .assert()
        .code(EXIT_USAGE)
        .stderr(predicate::str::contains("it is one of the input files"));
    assert_eq!(read(&rubric), rubric_text);

    let template = dir.path().join("zoe-example-fy26.md");
    std::fs::write(&template, "{{ person.name }}").expect("write");
    promopack()
        .args(["build", "tests/fixtures/minimal/packet.toml", "--templates"])
        .arg(dir.path())
        .arg("-o")
        .arg(dir.path())
        .assert()
        .code(EXIT_USAGE);
    assert_eq!(read(&template), "{{ person.name }}");
}

#[test]
fn unknown_include_names_the_template_that_includes_it() {
    let out = Test::minimal()
        .file("templates/packet.md", "{% include \"nope.md\" %}\n")
        .args(MD_WITH_TEMPLATES)
        .status(EXIT_INVALID)
        .run();
    assert!(
        out.stderr.contains("template `packet.md`") && out.stderr.contains("nope.md"),
        "{}",
        out.stderr
    );
}

#[test]
fn markdown_output_escapes_plain_text_that_looks_like_markup() {
    let packet = MINIMAL_PACKET
        .replace(
            "title = \"Wrote the style guide\"",
            // The id the fixture's claim cites stays as it was.
            "id = \"wrote-the-style-guide\"\ntitle = \"Talk | with pipe\"",
        )
        .replace(
            "label = \"Guild notes\"",
            "label = \"[click](javascript:alert(1))\"",
        );
    let md = Test::minimal()
        .packet(&packet)
        .args(["build", "packet.toml", "-o", "-", "--format", "md"])
        .run()
        .stdout;
    let row = md
        .lines()
        .find(|l| l.contains("with pipe") && l.starts_with("| 2025"))
        .expect("timeline row");
    assert_eq!(row.matches(" | ").count(), 3, "{row}");
    assert!(md.contains("\\[click\\](javascript:alert(1))"), "{md}");
    assert!(!md.contains("[click](javascript"), "{md}");
}

#[test]
fn unknown_filter_names_the_template_file() {
    let out = Test::minimal()
        .file(
            "templates/partials/activity.md",
            "a\n{{ activity.title | nosuch }}\n",
        )
        .args(MD_WITH_TEMPLATES)
        .status(EXIT_INVALID)
        .run();
    assert!(
        out.stderr
            .contains("template `partials/activity.md` (templates/partials/activity.md)"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_bad_date_format_fails_even_in_a_branch_never_taken() {
    let out = Test::minimal()
        .file(
            "templates/packet.md",
            "x\n{% if false %}{{ period.start | date(format=\"%Q\") }}{% endif %}\n",
        )
        .args(MD_WITH_TEMPLATES)
        .status(EXIT_INVALID)
        .run();
    assert!(
        out.stderr.contains("template `packet.md`")
            && out
                .stderr
                .contains("line 2: `%Q` is not a valid date format"),
        "{}",
        out.stderr
    );
}

#[test]
fn context_can_go_to_standard_output_but_not_with_the_packet() {
    let out = promopack()
        .args([
            "build",
            "tests/fixtures/minimal/packet.toml",
            "-q",
            "--format",
            "md",
            "--context",
            "-",
            "-o",
        ])
        .arg(tempfile::tempdir().expect("tempdir").path())
        .output()
        .expect("runs");
    assert!(out.status.success());
    let context: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(context["person"]["name"], "Zoë Example");
    promopack()
        .args([
            "build",
            "tests/fixtures/minimal/packet.toml",
            "--format",
            "md",
            "-o",
            "-",
            "--context",
            "-",
        ])
        .assert()
        .code(EXIT_USAGE);
}

#[cfg(unix)]
#[test]
fn outputs_are_readable_by_others_like_any_new_file() {
    use std::os::unix::fs::PermissionsExt;
    let out = tempfile::tempdir().expect("tempdir");
    promopack()
        .args(["build", "tests/fixtures/minimal/packet.toml", "-q", "-o"])
        .arg(out.path())
        .assert()
        .success();
    let mode = std::fs::metadata(out.path().join("zoe-example-fy26.html"))
        .expect("written")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644);
}

#[test]
fn an_output_folder_that_cannot_be_created_is_a_clear_io_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").expect("write");
    promopack()
        .args(["build", "tests/fixtures/minimal/packet.toml", "-q", "-o"])
        .arg(file.join("out"))
        .assert()
        .code(EXIT_IO)
        .stderr(
            predicate::str::contains(format!("cannot write `{}`", file.join("out").display()))
                .and(predicate::str::contains("caused by:")),
        );
    assert_eq!(read(&file), "x");
}

#[test]
fn batch_build_of_files_and_folders_reports_each_and_exits_with_the_worst() {
    let out = tempfile::tempdir().expect("tempdir");
    let assert = promopack()
        .args([
            "build",
            "examples/devrel",
            "examples/engineer",
            "examples/custom-company",
            "tests/fixtures/bad/unknown-key.toml",
            "tests/fixtures/check/clean.toml",
            "-o",
        ])
        .arg(out.path())
        .assert()
        .code(EXIT_INVALID);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("unknown key `sumary`"), "{stderr}");
    assert!(stderr.contains("built 5 packets, exit code 1"), "{stderr}");
    let mut written: Vec<String> = std::fs::read_dir(out.path())
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    // Every good packet was built despite the broken one; rubric.toml files were not taken
    // for packets.
    assert_eq!(
        written,
        [
            "ada-example-2026-h1.html",
            "ada-example-2026-h1.md",
            "noor-example-2026-h1.html",
            "noor-example-2026-h1.md",
            "pat-h1.html",
            "pat-h1.md",
            "zoe-example-fy26.html",
            "zoe-example-fy26.md",
        ]
    );
}

#[test]
fn packets_that_would_write_the_same_files_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["a", "b"] {
        std::fs::create_dir(dir.path().join(name)).expect("mkdir");
        std::fs::copy(
            fixture("minimal/rubric.toml"),
            dir.path().join(name).join("rubric.toml"),
        )
        .expect("copy");
        std::fs::copy(
            fixture("minimal/packet.toml"),
            dir.path().join(name).join("packet.toml"),
        )
        .expect("copy");
    }
    let out = dir.path().join("out");
    promopack()
        .arg("build")
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(EXIT_USAGE)
        .stderr(
            predicate::str::contains("b/packet.toml: its outputs would overwrite")
                .and(predicate::str::contains("zoe-example-fy26")),
        );
    assert_eq!(
        std::fs::read_dir(&out).expect("out").count(),
        2,
        "the first packet is written once"
    );
}

/// Two packets in a folder of their own each, sharing `rubric.toml` one level up, which has
/// one unknown key.
fn packets_sharing_a_broken_rubric() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let rubric = read(&fixture("minimal/rubric.toml")).replacen("name = ", "nme = ", 1);
    std::fs::write(dir.path().join("rubric.toml"), rubric).expect("write");
    let packet = read(&fixture("minimal/packet.toml"));
    let rubric_line = packet
        .lines()
        .find(|line| line.starts_with("rubric = "))
        .expect("the fixture names its rubric");
    for name in ["a", "b"] {
        std::fs::create_dir(dir.path().join(name)).expect("mkdir");
        let own = packet
            .replace(rubric_line, "rubric = \"../rubric.toml\"")
            .replace("Zoë Example", name);
        std::fs::write(dir.path().join(name).join("packet.toml"), own).expect("write");
    }
    dir
}

#[test]
fn a_problem_in_a_shared_rubric_is_shown_once_for_a_batch() {
    let dir = packets_sharing_a_broken_rubric();
    let out = promopack()
        .current_dir(dir.path())
        .args(["check", "a", "b", "--read-outside", "."])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(stdout.matches("unknown key `nme`").count(), 1, "{stdout}");
    assert!(
        stdout.ends_with(
            "checked 2 files: 2 errors, 0 warnings (1 repeat of problems in shared files not shown again)\n"
        ),
        "{stdout}"
    );

    let out = promopack()
        .current_dir(dir.path())
        .args(["build", "a", "b", "-o", "out", "--read-outside", "."])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(stderr.matches("unknown key `nme`").count(), 1, "{stderr}");
    for packet in ["a", "b"] {
        assert!(
            stderr.contains(&format!(
                "error: {packet}/packet.toml: found 1 error, nothing was written"
            )),
            "{stderr}"
        );
    }
    assert!(!dir.path().join("out").exists());
}

#[cfg(unix)]
#[test]
fn an_interrupted_batch_leaves_no_temporary_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = promopack::synthetic::packet(50);
    for i in 0..150 {
        let folder = dir.path().join(format!("p{i}"));
        std::fs::create_dir(&folder).expect("mkdir");
        let own = text.replacen("Sam Synthetic", &format!("Sam Synthetic {i}"), 1);
        std::fs::write(folder.join("packet.toml"), own).expect("write");
    }
    let out = dir.path().join("out");
    let temporary = || -> usize {
        std::fs::read_dir(&out).map_or(0, |entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with(".promopack-"))
                .count()
        })
    };
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("promopack"))
        .args(["build", "-q", "-o"])
        .arg(&out)
        .arg(dir.path())
        .spawn()
        .expect("starts");
    // Interrupt once outputs are staged but not yet in place.
    while temporary() == 0 {
        assert!(
            child.try_wait().expect("waits").is_none(),
            "the batch ended before any output was staged: make it larger"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child.wait().expect("waits");
    assert_eq!(status.code(), Some(130), "{status:?}");
    assert_eq!(temporary(), 0, "staged files were left behind");
    assert_eq!(
        std::fs::read_dir(&out).expect("out").count(),
        0,
        "nothing is put in place before the whole batch is rendered"
    );
}

#[test]
fn the_context_cannot_take_the_place_of_the_packet() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    promopack()
        .args(["build", "tests/fixtures/minimal/packet.toml", "-o"])
        .arg(&out)
        .arg("--context")
        .arg(out.join("zoe-example-fy26.md"))
        .assert()
        .code(EXIT_USAGE)
        .stderr(predicate::str::contains(
            "is where the packet itself is written: give the context file another name",
        ));
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn a_folder_in_the_way_of_an_output_fails_the_packet_before_any_output_is_in_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("zoe-example-fy26.html")).expect("mkdir");
    promopack()
        .args(["build", "tests/fixtures/minimal/packet.toml", "-o"])
        .arg(&out)
        .assert()
        .code(EXIT_IO)
        .stderr(predicate::str::contains(
            "a folder is in the way of the output file",
        ));
    let left: Vec<_> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(
        left,
        ["zoe-example-fy26.html"],
        "no Markdown, no temporary file"
    );
}
