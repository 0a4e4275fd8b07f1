//! Every `Examples:` line of every command's `--help` works as written, run by the real binary
//! from a folder where `promopack init` has just run (which also holds a copy of the repo's
//! `examples/`, as the repo root does), or else from one like the repo root, without a
//! `packet.toml`. The lines of one command's examples run one after the other in the same
//! folder, as a person would try them.
#![allow(clippy::expect_used)] // helpers of tests: a failure is a failed test

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::fixture;

fn promopack(dir: &Path, args: &[String]) -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin!("promopack"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("HOME", dir)
        .stdin(Stdio::null());
    command
}

fn help(args: &[&str]) -> String {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin!("promopack"));
    let out = command.args(args).arg("--help").output().expect("runs");
    assert!(out.status.success(), "{args:?} --help");
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The commands a help text lists, `help` aside.
fn commands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|line| *line != "Commands:")
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

/// The example lines of a help text, each with its `\` continuations joined.
fn examples(help: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut joined = String::new();
    for line in help
        .lines()
        .skip_while(|line| *line != "Examples:")
        .skip(1)
        .take_while(|line| line.starts_with(' '))
    {
        let line = line.trim();
        match line.strip_suffix('\\') {
            Some(start) => joined.push_str(start),
            None => {
                joined.push_str(line);
                lines.push(std::mem::take(&mut joined));
            }
        }
    }
    lines
}

/// The words of a shell line, quotes removed, up to a comment; `~` is the home folder.
fn words(line: &str) -> (Vec<String>, String) {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_default().push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                word.get_or_insert_default();
            }
            (None, '#') if word.is_none() => {
                return (words, chars.collect());
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_default().push(c),
        }
    }
    words.extend(word);
    (words, String::new())
}

/// What a shell does with an example line: the `promopack` command, and the file its output
/// is redirected to. `source <(X)` runs X; what a pipe feeds is left out.
fn command(line: &str, home: &Path) -> Option<(Vec<String>, Option<PathBuf>)> {
    let (mut words, comment) = words(line);
    if comment.contains("on a terminal") {
        return None;
    }
    if words.first().is_some_and(|w| w == "source") {
        words.remove(0);
        let first = words.first_mut().expect("source <(...)");
        *first = first.trim_start_matches("<(").to_owned();
        let last = words.last_mut().expect("source <(...)");
        *last = last.trim_end_matches(')').to_owned();
    }
    if let Some(pipe) = words.iter().position(|w| w == "|") {
        words.truncate(pipe);
    }
    let mut to = None;
    if let Some(redirect) = words.iter().position(|w| w == ">") {
        let file = words.get(redirect + 1).expect("a file after `>`");
        to = Some(match file.strip_prefix("~/") {
            Some(rest) => home.join(rest),
            None => home.join(file),
        });
        words.truncate(redirect);
    }
    assert_eq!(
        words.first().map(String::as_str),
        Some("promopack"),
        "{line}"
    );
    words.remove(0);
    Some((words, to))
}

/// Runs one example in `dir`: whether it exited with 0, and what it said.
fn run(line: &str, dir: &Path) -> (bool, String) {
    let Some((args, to)) = command(line, dir) else {
        return (true, String::new());
    };
    if args.iter().any(|a| a == "--watch") {
        return watch(dir, &args);
    }
    let mut command = promopack(dir, &args);
    if let Some(to) = &to {
        std::fs::create_dir_all(to.parent().expect("a folder")).expect("mkdir");
        command.stdout(std::fs::File::create(to).expect("create"));
    }
    let out = command.output().expect("runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

/// A watch never ends: it works when it builds and starts watching.
fn watch(dir: &Path, args: &[String]) -> (bool, String) {
    let mut child = promopack(dir, args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stderr = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let start = Instant::now();
    let out = dir.join("out");
    let built = loop {
        let has_outputs = std::fs::read_dir(&out).is_ok_and(|mut e| e.next().is_some());
        if has_outputs || start.elapsed() > Duration::from_secs(60) {
            break has_outputs;
        }
        if child.try_wait().expect("waits").is_some() {
            break false;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let _ = child.kill();
    let _ = child.wait();
    (built, reader.join().expect("reads"))
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walks");
        let target = to.join(entry.path().strip_prefix(from).expect("under"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A folder like the repo root: its `examples/`, a git repository with a commit by
/// `pat@example.com`, and the feed files the import examples say were saved from a blog.
fn repo_root() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&root.join("examples"), &dir.path().join("examples"));
    for (from, to) in [
        ("feeds/rss.xml", "feed.xml"),
        ("feeds/atom.xml", "atom.xml"),
    ] {
        std::fs::copy(root.join(fixture(from)), dir.path().join(to)).expect("copy");
    }
    let repo = git2::Repository::init(dir.path()).expect("git init");
    let when = git2::Time::new(1_772_452_800, 0); // 2026-03-02
    let pat = git2::Signature::new("Pat", "pat@example.com", &when).expect("signature");
    let tree = repo
        .find_tree(repo.index().expect("index").write_tree().expect("tree"))
        .expect("tree");
    repo.commit(
        Some("HEAD"),
        &pat,
        &pat,
        "Add the webhook guide",
        &tree,
        &[],
    )
    .expect("commit");
    dir
}

/// The repo root after `promopack init`.
fn initialized() -> tempfile::TempDir {
    let dir = repo_root();
    let (ok, said) = run("promopack init", dir.path());
    assert!(ok, "{said}");
    dir
}

#[test]
fn every_help_example_works_as_written() {
    let mut paths: Vec<Vec<String>> = Vec::new();
    let mut queue: Vec<Vec<String>> = vec![Vec::new()];
    while let Some(path) = queue.pop() {
        let args: Vec<&str> = path.iter().map(String::as_str).collect();
        for name in commands(&help(&args)) {
            let mut sub = path.clone();
            sub.push(name);
            queue.push(sub);
        }
        paths.push(path);
    }
    paths.sort();
    let mut failed = Vec::new();
    let mut ran = 0;
    for path in &paths {
        let args: Vec<&str> = path.iter().map(String::as_str).collect();
        let lines = examples(&help(&args));
        if lines.is_empty() {
            continue;
        }
        let here = initialized();
        for line in &lines {
            ran += 1;
            let (ok, said) = run(line, here.path());
            if ok {
                continue;
            }
            let (ok, said_at_root) = run(line, repo_root().path());
            if !ok {
                failed.push(format!(
                    "{line}\n--- after `promopack init`:\n{said}\n--- at the repo root:\n{said_at_root}"
                ));
            }
        }
    }
    assert!(ran > 20, "found only {ran} examples: is the parsing right?");
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

#[test]
fn shell_words_are_read_as_a_shell_would() {
    let (words, comment) = words(r#"promopack add --title "Docs sprint" -o x   # note"#);
    assert_eq!(
        words,
        ["promopack", "add", "--title", "Docs sprint", "-o", "x"]
    );
    assert_eq!(comment.trim(), "note");
    let home = Path::new("/h");
    let (args, to) = command("promopack completions zsh > ~/.zfunc/_p", home).expect("runs");
    assert_eq!(
        (args, to),
        (
            vec!["completions".into(), "zsh".into()],
            Some(home.join(".zfunc/_p"))
        )
    );
    let (args, _) = command("source <(promopack completions bash)", home).expect("runs");
    assert_eq!(args, ["completions", "bash"]);
}
