//! The README's main path, run as written: every command of the `sh` block after
//! `<!-- main-path -->`, one after the other in a fresh folder, with this build's `promopack`
//! first on the `PATH`.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::read;

/// The commands of the main-path block: comments and blank lines left out, lines continued
/// with a trailing `\` joined.
fn main_path(readme: &str) -> Vec<String> {
    let marker = readme
        .find("<!-- main-path -->")
        .expect("the README marks its main path with <!-- main-path -->");
    let mut lines = readme[marker..].lines().skip(1);
    assert_eq!(
        lines.next().map(str::trim),
        Some("```sh"),
        "a ```sh block follows <!-- main-path -->"
    );
    let mut commands = Vec::new();
    let mut pending = String::new();
    for line in lines.take_while(|line| !line.starts_with("```")) {
        let line = line.trim();
        if let Some(start) = line.strip_suffix('\\') {
            pending.push_str(start);
            continue;
        }
        pending.push_str(line);
        let command = std::mem::take(&mut pending);
        if !command.is_empty() && !command.starts_with('#') {
            commands.push(command);
        }
    }
    commands
}

#[test]
fn the_main_path_runs_as_the_readme_writes_it() {
    let readme = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"));
    let commands = main_path(&readme);
    let words: Vec<&str> = commands
        .iter()
        .filter_map(|c| c.split_whitespace().nth(1))
        .collect();
    for step in ["init", "add", "check", "build"] {
        assert!(
            words.contains(&step),
            "the main path has no `promopack {step}`"
        );
    }

    let binary = Path::new(env!("CARGO_BIN_EXE_promopack"));
    let bin_dir = binary.parent().expect("the binary's folder");
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("a PATH");
    let root = tempfile::tempdir().expect("tempdir");
    let mut dir: PathBuf = root.path().to_path_buf();
    for command in &commands {
        if let Some(target) = command.strip_prefix("cd ") {
            let target = target.split('#').next().unwrap_or_default().trim();
            dir = dir.join(target);
            assert!(dir.is_dir(), "`{command}`: no folder {}", dir.display());
            continue;
        }
        // Only promopack runs here: the block is the tool's path, not a shell script.
        assert!(
            command.starts_with("promopack "),
            "`{command}` is neither `promopack ...` nor `cd ...`"
        );
        let out = Command::new("sh")
            .arg("-c")
            .arg(command)
            .current_dir(&dir)
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .output()
            .expect("sh runs");
        assert!(
            out.status.success(),
            "`{command}` failed with {}:\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    let packet = read(&dir.join("packet.toml"));
    for title in commands.iter().filter_map(|c| c.split("--title \"").nth(1)) {
        let title = title.split('"').next().unwrap_or_default();
        assert!(
            packet.contains(title),
            "`promopack add` did not add `{title}`:\n{packet}"
        );
    }
    let written: Vec<String> = std::fs::read_dir(dir.join("out"))
        .expect("build wrote the out folder")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    for extension in [".md", ".html"] {
        assert!(
            written.iter().any(|name| name.ends_with(extension)),
            "build wrote no {extension} file: {written:?}"
        );
    }
}

#[test]
fn main_path_joins_continued_lines_and_skips_comments() {
    let readme = "intro\n<!-- main-path -->\n```sh\n# a comment\npromopack init x  # there\n\
                  cd x\npromopack add --title \"A b\" \\\n  --kind talk\n```\nafter\n```sh\nnope\n```\n";
    assert_eq!(
        main_path(readme),
        [
            "promopack init x  # there",
            "cd x",
            "promopack add --title \"A b\" --kind talk"
        ]
    );
}
