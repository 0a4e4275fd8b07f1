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
        promopack()
            .arg("init")
            .arg(&folder)
            .args(["--rubric", choice])
            .assert()
            .success();
        promopack()
            .arg("build")
            .arg(folder.join("packet.toml"))
            .arg("-o")
            .arg(dir.path().join("out"))
            .arg("--quiet")
            .assert()
            .success();
        // The starter argues every section it has activities for: no `no-claim`, no error.
        promopack()
            .arg("check")
            .arg(folder.join("packet.toml"))
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
                .and(predicate::str::contains("open-source:")),
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

fn schema_validator(kind: &str) -> jsonschema::Validator {
    let out = promopack().args(["schema", kind]).output().expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let committed = read(&Path::new("docs").join(format!("{kind}.schema.json")));
    assert_eq!(
        text, committed,
        "docs/{kind}.schema.json is stale: run `promopack schema {kind} > docs/{kind}.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
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
        let errors: Vec<String> = validator
            .iter_errors(&json_of(file))
            .map(|e| e.to_string())
            .collect();
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
        !packets.is_valid(&misspelt),
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
    ] {
        assert!(dir.path().join(page).exists(), "{page} missing");
    }
}
