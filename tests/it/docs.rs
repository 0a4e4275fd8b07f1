//! The README is a short guide that links to the reference in `docs/`; every relative link of
//! the README and `docs/` leads to a file and heading that exist; `docs/cli.md` names every
//! command and flag of the binary.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::path::{Path, PathBuf};

use clap::CommandFactory;

use crate::common::read;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The Markdown pages of `docs/`, sorted.
fn docs_pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .expect("docs/")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    pages.sort();
    pages
}

#[test]
fn the_readme_is_a_short_guide_that_links_every_reference_page() {
    let readme = read(&root().join("README.md"));
    assert!(
        readme.len() <= 12 * 1024,
        "README.md is {} bytes: keep it a guide of at most 12 KB and move reference to docs/",
        readme.len()
    );
    for page in docs_pages() {
        let name = page.file_name().expect("a name").to_string_lossy();
        assert!(
            readme.contains(&format!("](docs/{name}")),
            "README.md does not link docs/{name}"
        );
    }
}

/// Lines outside fenced code blocks.
fn outside_fences(text: &str) -> Vec<&str> {
    let mut fenced = false;
    text.lines()
        .filter(|line| {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
                return false;
            }
            !fenced
        })
        .collect()
}

/// Text outside code blocks and code spans, where Markdown links are links.
fn prose(text: &str) -> String {
    outside_fences(text)
        .iter()
        .map(|line| line.split('`').step_by(2).collect::<Vec<_>>().join(" ") + "\n")
        .collect()
}

/// The targets of inline links `[text](target)`.
fn link_targets(text: &str) -> Vec<String> {
    text.match_indices("](")
        .filter_map(|(at, _)| {
            let rest = &text[at + 2..];
            rest.find(')').map(|end| rest[..end].to_owned())
        })
        .collect()
}

/// The anchors GitHub gives a page's headings: lowercase, punctuation dropped, spaces as `-`,
/// a repeated one numbered.
fn anchors(text: &str) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for line in outside_fences(text) {
        let Some(heading) = line.strip_prefix('#') else {
            continue;
        };
        let heading = heading.trim_start_matches('#');
        if !heading.starts_with(' ') {
            continue;
        }
        let slug: String = heading
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let count = seen
            .iter()
            .filter(|s| **s == slug || s.starts_with(&format!("{slug}-")))
            .count();
        seen.push(if count == 0 {
            slug
        } else {
            format!("{slug}-{count}")
        });
    }
    seen
}

#[test]
fn relative_links_lead_to_files_and_headings_that_exist() {
    let mut pages = vec![root().join("README.md")];
    pages.extend(docs_pages());
    let mut checked = 0;
    for page in &pages {
        let text = read(page);
        for target in link_targets(&prose(&text)) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (file, anchor) = target.split_once('#').unwrap_or((&target, ""));
            let file = if file.is_empty() {
                page.clone()
            } else {
                page.parent().expect("a folder").join(file)
            };
            assert!(
                file.exists(),
                "{}: link `{target}` leads to no file",
                page.display()
            );
            if !anchor.is_empty() {
                let headings = anchors(&read(&file));
                assert!(
                    headings.iter().any(|h| h == anchor),
                    "{}: link `{target}` names no heading of {}; it has {headings:?}",
                    page.display(),
                    file.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} links found");
}

#[test]
fn anchors_are_github_slugs() {
    assert_eq!(
        anchors(
            "# A\n## `promopack check`\n```\n# not a heading\n```\n### Review period\n## Review period\n"
        ),
        ["a", "promopack-check", "review-period", "review-period-1"]
    );
}

/// The part of `docs/cli.md` under the heading that names `` `name` ``, up to the next heading.
fn section<'a>(cli: &'a str, name: &str) -> Option<&'a str> {
    let heading = cli
        .match_indices(&format!("`{name}`\n"))
        .map(|(at, _)| at)
        .find(|&at| {
            let line_start = cli[..at].rfind('\n').map_or(0, |i| i + 1);
            cli[line_start..].starts_with('#')
        })?;
    let rest = &cli[heading..];
    let end = rest.find("\n#").unwrap_or(rest.len());
    Some(&rest[..end])
}

fn every_command(command: &clap::Command, path: &str, found: &mut Vec<(String, Vec<String>)>) {
    let flags = command
        .get_arguments()
        .filter(|arg| !arg.is_hide_set())
        .filter_map(|arg| arg.get_long())
        .filter(|long| !["help", "version"].contains(long))
        .map(|long| format!("--{long}"))
        .collect();
    found.push((path.to_owned(), flags));
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        every_command(sub, &format!("{path} {}", sub.get_name()), found);
    }
}

#[test]
fn the_cli_reference_names_every_command_and_flag() {
    let cli = read(&root().join("docs/cli.md"));
    let mut commands = Vec::new();
    every_command(&promopack::cli::Cli::command(), "promopack", &mut commands);
    assert!(commands.len() > 15, "{commands:?}");
    for (command, flags) in commands.iter().skip(1) {
        let text = section(&cli, command)
            .unwrap_or_else(|| panic!("docs/cli.md has no heading for `{command}`"));
        for flag in flags {
            assert!(
                text.contains(&format!("`{flag}")) || text.contains(&format!(" {flag}")),
                "docs/cli.md does not describe `{command} {flag}`"
            );
        }
    }
}
