//! The commands around the main job: init, templates, rubric, schema, completions, man.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::path::Path;

use crate::common::{promopack, read};
use predicates::prelude::*;

#[test]
fn init_writes_a_packet_that_builds_at_once_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    promopack()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .success();
    let packet = dir.path().join("packet.toml");
    let text = read(&packet);
    assert!(
        text.starts_with("#:schema ./packet.schema.json\n"),
        "{text}"
    );
    assert!(dir.path().join("packet.schema.json").exists());
    promopack()
        .current_dir(dir.path())
        .args(["build", "packet.toml", "-o", "out", "--quiet"])
        .assert()
        .success();
    let written: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written.len(), 2, "{written:?}");
    assert!(
        written.iter().all(|name| name.starts_with("your-name-")),
        "{written:?}"
    );

    std::fs::write(&packet, "my own work").expect("write");
    promopack()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists; use --force"));
    assert_eq!(read(&packet), "my own work");
    promopack()
        .current_dir(dir.path())
        .args(["init", "--force"])
        .assert()
        .success();
    assert_ne!(read(&packet), "my own work");
}

#[test]
fn init_with_each_rubric_builds() {
    let rubric = std::fs::canonicalize("examples/engineer/rubric.toml").expect("rubric");
    for choice in [
        "developer-advocate",
        "software-engineer",
        rubric.to_str().expect("utf-8"),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("case");
        // A rubric file outside the new packet's folder (and repository) is read only when the
        // command line allows it, and `init` says how.
        let reach: Vec<&std::ffi::OsStr> = match rubric.parent() {
            Some(parent) if choice.ends_with(".toml") => {
                vec!["--read-outside".as_ref(), parent.as_os_str()]
            }
            _ => Vec::new(),
        };
        let init = promopack()
            .arg("init")
            .arg(&folder)
            .args(["--rubric", choice])
            .assert()
            .success();
        let said = String::from_utf8_lossy(&init.get_output().stderr).into_owned();
        assert_eq!(said.contains("--read-outside"), !reach.is_empty(), "{said}");
        promopack()
            .arg("build")
            .arg(folder.join("packet.toml"))
            .arg("-o")
            .arg(dir.path().join("out"))
            .arg("--quiet")
            .args(&reach)
            .assert()
            .success();
        // The starter argues every section it has activities for: no `no-claim`, no error.
        promopack()
            .arg("check")
            .arg(folder.join("packet.toml"))
            .args(&reach)
            .assert()
            .success()
            .stdout(predicate::str::contains("no-claim").not())
            .stdout(predicate::str::contains(" 0 errors, "));
    }
    promopack()
        .args(["init", "--rubric", "software-enginer"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean `software-engineer`?",
        ));
}

#[test]
fn exported_templates_once_edited_change_the_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let templates = dir.path().join("templates");
    promopack()
        .args(["templates", "export"])
        .arg(&templates)
        .assert()
        .success();
    let listed = promopack()
        .args(["templates", "list"])
        .output()
        .expect("runs")
        .stdout;
    for name in String::from_utf8(listed).expect("utf-8").lines() {
        assert!(templates.join(name).exists(), "{name} not exported");
    }
    let css = templates.join("partials/style.css");
    std::fs::write(
        &css,
        read(&css).replace("--accent: #2f5fb3;", "--accent: #c0ffee;"),
    )
    .expect("write");
    let md = templates.join("packet.md");
    std::fs::write(
        &md,
        read(&md).replace("# Promotion packet:", "# ACME promotion case:"),
    )
    .expect("write");
    let build = |format: &str| {
        let out = promopack()
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
            .arg(&templates)
            .output()
            .expect("runs");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    assert!(build("html").contains("--accent: #c0ffee;"));
    assert!(build("md").starts_with("# ACME promotion case: Zoë Example\n"));
    promopack()
        .args(["templates", "export"])
        .arg(&templates)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn rubric_commands_list_show_export_and_check() {
    promopack()
        .args(["rubric", "list"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("developer-advocate")
                .and(predicate::str::contains("software-engineer")),
        );
    promopack()
        .args(["rubric", "show", "developer-advocate"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Levels, lowest first:")
                .and(predicate::str::contains("open-source: Open Source")),
        );
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("ladder.toml");
    promopack()
        .args(["rubric", "export", "software-engineer"])
        .arg(&file)
        .assert()
        .success();
    let exported = read(&file);
    assert!(!exported.contains("#:schema"));
    promopack()
        .args(["rubric", "check"])
        .arg(&file)
        .assert()
        .success();
    promopack()
        .args(["rubric", "export", "software-engineer"])
        .arg(&file)
        .assert()
        .code(2);
    promopack()
        .args(["rubric", "check", "tests/fixtures/rubrics/broken.toml"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("error[duplicate-id]: duplicate level id `mid`")
                .and(predicate::str::contains(
                    "tests/fixtures/rubrics/broken.toml:8:6",
                ))
                .and(predicate::str::contains("did you mean `mid`?")),
        );
    promopack()
        .args([
            "rubric",
            "check",
            "tests/fixtures/rubrics/broken.toml",
            "--format",
            "github",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "::error file=tests/fixtures/rubrics/broken.toml,line=8,col=6",
        ));
}

/// TOML as the JSON an editor validates: dates become strings.
fn toml_to_json(value: toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => s.into(),
        toml::Value::Integer(i) => i.into(),
        toml::Value::Float(f) => f.into(),
        toml::Value::Boolean(b) => b.into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(items) => items.into_iter().map(toml_to_json).collect(),
        toml::Value::Table(table) => table
            .into_iter()
            .map(|(k, v)| (k, toml_to_json(v)))
            .collect(),
    }
}

fn schema_validator(kind: &str) -> crate::common::JsonSchema {
    let out = promopack().args(["schema", kind]).output().expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let committed = read(&Path::new("docs").join(format!("{kind}.schema.json")));
    assert_eq!(
        text, committed,
        "docs/{kind}.schema.json is stale: run `promopack schema {kind} > docs/{kind}.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    crate::common::JsonSchema::new(schema)
}

fn json_of(path: &Path) -> serde_json::Value {
    toml_to_json(toml::Value::Table(read(path).parse().expect("TOML")))
}

#[test]
fn schemas_accept_every_example_and_reject_a_misspelt_key() {
    let packets = schema_validator("packet");
    let rubrics = schema_validator("rubric");
    let mut files = vec![];
    for entry in std::fs::read_dir("examples").expect("examples") {
        let dir = entry.expect("entry").path();
        for name in ["packet.toml", "rubric.toml"] {
            if dir.join(name).exists() {
                files.push(dir.join(name));
            }
        }
    }
    files.extend(
        std::fs::read_dir("src/rubric/builtin")
            .expect("rubrics")
            .map(|e| e.expect("entry").path()),
    );
    assert!(files.len() >= 5, "{files:?}");
    for file in &files {
        let validator = if file.ends_with("packet.toml") {
            &packets
        } else {
            &rubrics
        };
        let errors = validator.errors(&json_of(file));
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
        let text = read(file);
        assert!(
            text.starts_with("#:schema "),
            "{} has no schema directive",
            file.display()
        );
    }
    let mut misspelt = json_of(Path::new("examples/devrel/packet.toml"));
    let activity = &mut misspelt["activity"][0];
    let summary = activity["summary"].take();
    activity.as_object_mut().expect("table").remove("summary");
    activity["sumary"] = summary;
    assert!(
        !packets.errors(&misspelt).is_empty(),
        "a misspelt key passed the schema"
    );
}

#[test]
fn bash_completions_load_in_bash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let script = dir.path().join("promopack.bash");
    let out = promopack()
        .args(["completions", "bash"])
        .output()
        .expect("runs");
    std::fs::write(&script, out.stdout).expect("write");
    let loaded = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && complete -p promopack",
            script.display()
        ))
        .output()
        .expect("bash runs");
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    assert!(String::from_utf8_lossy(&loaded.stdout).contains("promopack"));
    for shell in ["zsh", "fish", "powershell"] {
        promopack()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("promopack"));
    }
}

#[test]
fn man_page_documents_every_command() {
    promopack()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH promopack 1").and(predicate::str::contains("build")));
    let dir = tempfile::tempdir().expect("tempdir");
    promopack()
        .args(["man", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    for page in [
        "promopack.1",
        "promopack-build.1",
        "promopack-check.1",
        "promopack-init.1",
        "promopack-import-git.1",
        "promopack-rubric-show.1",
        "promopack-templates-export.1",
    ] {
        assert!(dir.path().join(page).exists(), "{page} missing");
    }
}

#[test]
fn every_man_page_a_page_refers_to_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    promopack()
        .args(["man", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    let mut referred = 0;
    for entry in std::fs::read_dir(dir.path()).expect("the folder") {
        let page = entry.expect("an entry").path();
        let text = read(&page);
        // References read `promopack\-import\-git(1)` in roff.
        for (at, _) in text.match_indices("(1)") {
            let start = text[..at]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '\\'))
                .map_or(0, |i| i + 1);
            let name = text[start..at].replace("\\-", "-");
            if !name.starts_with("promopack") {
                continue;
            }
            referred += 1;
            assert!(
                dir.path().join(format!("{name}.1")).exists(),
                "{} refers to {name}(1), which was not written",
                page.display()
            );
        }
    }
    assert!(referred >= 16, "only {referred} references found");
}

#[test]
fn the_man_page_lists_exit_codes_one_per_entry() {
    let out = promopack().arg("man").output().expect("runs");
    let page = String::from_utf8(out.stdout).expect("utf-8");
    let status = page
        .split(".SH \"EXIT STATUS\"\n")
        .nth(1)
        .expect("an EXIT STATUS section");
    let status = status.split("\n.SH").next().unwrap_or(status);
    let codes: Vec<&str> = status
        .lines()
        .filter_map(|line| line.strip_prefix(".B "))
        .collect();
    assert_eq!(codes, ["0", "1", "2", "3", "130"], "{status}");
    assert_eq!(status.matches(".TP").count(), 5, "{status}");
    assert!(!page.contains("promopack\\-help(1)"), "no page for `help`");
}

/// `rubric check FILE --format json`: the exit code, and each problem's code and line.
fn rubric_check(file: &str, extra: &[&str]) -> (Option<i32>, Vec<(String, u64)>) {
    let out = promopack()
        .args(["rubric", "check", file, "--format", "json"])
        .args(extra)
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let found = json["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let code = d["code"].as_str().expect("code").to_owned();
            (code, d["location"]["line"].as_u64().unwrap_or(0))
        })
        .collect();
    (out.status.code(), found)
}

#[test]
fn rubric_check_warns_about_links_levels_text_and_item_ids_with_their_lines() {
    let (code, found) = rubric_check("tests/fixtures/rubrics/warnings.toml", &[]);
    assert_eq!(code, Some(0), "warnings alone pass");
    let expected = [
        ("relative-link", 3),
        ("relative-link", 8),
        ("relative-link", 13),
        ("relative-link", 22),
        ("empty-level", 25),
        ("text-after-end", 35),
        ("relative-link", 43),
        ("text-after-end", 45),
        ("duplicate-item", 48),
        ("unstable-item-id", 49),
        ("relative-link", 50),
        ("duplicate-item", 51),
    ];
    let expected: Vec<(String, u64)> = expected
        .iter()
        .map(|(code, line)| ((*code).to_owned(), *line))
        .collect();
    assert_eq!(found, expected);
    let (code, _) = rubric_check(
        "tests/fixtures/rubrics/warnings.toml",
        &["--deny", "warnings"],
    );
    assert_eq!(code, Some(1), "--deny warnings fails on them");
}

#[test]
fn rubric_check_reports_errors_and_warnings_together() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("rubric.toml");
    let text = read(Path::new("tests/fixtures/rubrics/warnings.toml")).replace(
        "until = \"two\"\n[section.expectations]\none",
        "until = \"tow\"\n[section.expectations]\none",
    );
    std::fs::write(&file, text).expect("write");
    let (code, found) = rubric_check(file.to_str().expect("utf-8"), &[]);
    assert_eq!(code, Some(1));
    assert!(
        found.contains(&("unknown-level".to_owned(), 32)),
        "{found:?}"
    );
    assert!(
        found.contains(&("relative-link".to_owned(), 3)),
        "{found:?}"
    );
}

#[test]
fn the_builtin_and_example_rubrics_and_a_full_ladder_earn_no_warning() {
    let mut files: Vec<String> = std::fs::read_dir("src/rubric/builtin")
        .expect("rubrics")
        .map(|e| e.expect("entry").path().display().to_string())
        .collect();
    files.extend([
        "examples/engineer/rubric.toml".to_owned(),
        "examples/custom-company/rubric.toml".to_owned(),
        "tests/fixtures/rubrics/ladder.toml".to_owned(),
    ]);
    for file in &files {
        let (code, found) = rubric_check(file, &["--deny", "warnings"]);
        assert_eq!((code, found), (Some(0), vec![]), "{file}");
    }
}

#[test]
fn a_packet_check_does_not_repeat_its_rubric_warnings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rubric = std::fs::canonicalize("tests/fixtures/rubrics/warnings.toml").expect("rubric");
    let packet = dir.path().join("packet.toml");
    std::fs::write(
        &packet,
        format!(
            "rubric = {:?}\n[person]\nname = \"A\"\ntarget = \"one\"\n\
             [period]\nstart = 2025-01-01\nend = 2025-12-31\n",
            rubric.display().to_string()
        ),
    )
    .expect("write");
    promopack().arg("check").arg(&packet).assert().stdout(
        predicate::str::contains("relative-link")
            .or(predicate::str::contains("empty-level"))
            .not(),
    );
}

#[test]
fn rubric_show_writes_markdown_html_and_text_of_every_part() {
    let show = |args: &[&str]| {
        let out = promopack()
            .args(["rubric", "show", "tests/fixtures/rubrics/ladder.toml"])
            .args(args)
            .output()
            .expect("runs");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let md = show(&["--format", "md"]);
    for part in [
        "# Acme Developer Relations Ladder\n",
        "Source: [Acme Developer Relations job family](https://example.com/handbook/devrel) · Licence: CC BY-SA 4.0",
        "Grade: P4 · Track: individual contributor · <https://example.com/handbook/devrel#senior>",
        "## Reach\n\nWho hears from us, and how.",
        "- Keeps demos running (`demos`)",
        "*Information only",
        "*Ends at Senior Developer Advocate (`senior`)",
    ] {
        assert!(md.contains(part), "no {part:?} in\n{md}");
    }
    // Groups in their declared order, not the file's.
    let reach = md.find("## Reach").expect("reach");
    let team = md.find("## Team").expect("team");
    assert!(reach < team);
    let html = show(&["--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("<title>Acme Developer Relations Ladder</title>"));
    assert!(
        html.contains("<li>Keeps demos running (<code>demos</code>)</li>"),
        "{html}"
    );
    let txt = show(&[]);
    assert!(
        txt.contains("      - Keeps demos running (demos)\n"),
        "{txt}"
    );
    assert!(!txt.contains('`') && !txt.contains("**"), "{txt}");
}

#[test]
fn rubric_show_of_one_level_carries_text_up_and_leaves_out_what_does_not_apply() {
    let out = promopack()
        .args([
            "rubric",
            "show",
            "tests/fixtures/rubrics/ladder.toml",
            "--level",
            "lead",
        ])
        .output()
        .expect("runs");
    let txt = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        txt.contains("lead (written for senior, carried up):\n      Plans a content series"),
        "{txt}"
    );
    assert!(
        !txt.contains("events: Events"),
        "events ends at senior\n{txt}"
    );
    assert!(txt.contains("team-size: Team size"), "{txt}");
    promopack()
        .args(["rubric", "show", "developer-advocate", "--level", "senoir"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `senior`?"));
}
