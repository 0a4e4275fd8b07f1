//! Built-in rubrics and how a packet's `rubric = "..."` finds its rubric.

use std::path::{Path, PathBuf};

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, Source};
use crate::load::{self, RawRubric};
use crate::model::{Level, Rubric, Section};
use crate::suggest;

/// The rubrics embedded in the binary, by name.
pub const BUILTIN: [(&str, &str); 2] = [
    (
        "developer-advocate",
        include_str!("rubrics/developer-advocate.toml"),
    ),
    (
        "software-engineer",
        include_str!("rubrics/software-engineer.toml"),
    ),
];

/// The TOML text of a built-in rubric.
pub fn builtin(name: &str) -> Option<&'static str> {
    BUILTIN
        .iter()
        .find(|(builtin, _)| *builtin == name)
        .map(|(_, text)| *text)
}

/// The source of a built-in rubric, or of a rubric file when `name` looks like a path; an
/// unknown built-in name is a usage error that suggests the closest one.
pub fn named(name: &str) -> Result<Source, crate::error::Error> {
    if looks_like_path(name) {
        return load::read(Path::new(name));
    }
    match builtin(name) {
        Some(text) => Ok(Source::new(format!("<built-in rubric {name}>"), text)),
        None => Err(crate::error::Error::Usage(format!(
            "unknown built-in rubric `{name}`: {}",
            suggest::hint(name, BUILTIN.iter().map(|(n, _)| *n))
        ))),
    }
}

/// A rubric as readable text: levels, then sections by group with each level's expectation.
pub fn describe(rubric: &Rubric) -> String {
    let mut text = format!("{}\n", rubric.name);
    if !rubric.description.trim().is_empty() {
        text.push_str(&format!("\n{}\n", rubric.description.trim()));
    }
    text.push_str("\nLevels, lowest first:\n");
    let width = rubric.levels.iter().map(|l| l.id.len()).max().unwrap_or(0);
    for level in &rubric.levels {
        text.push_str(&format!("  {:<width$}  {}\n", level.id, level.name));
    }
    text.push_str("\nSections:\n");
    let mut group = None;
    for section in &rubric.sections {
        if section.group.is_some() && section.group != group {
            text.push_str(&format!(
                "\n  [{}]\n",
                section.group.as_deref().unwrap_or_default()
            ));
            group.clone_from(&section.group);
        }
        let limits: Vec<String> = [
            (section.max_chars, "characters"),
            (section.max_words, "words"),
        ]
        .iter()
        .filter_map(|(limit, unit)| limit.map(|n| format!("at most {n} {unit}")))
        .collect();
        let limits = if limits.is_empty() {
            String::new()
        } else {
            format!(" ({})", limits.join(", "))
        };
        text.push_str(&format!("\n  {}: {}{limits}\n", section.id, section.name));
        for (level, expectation) in rubric.levels.iter().zip(&section.expectations) {
            let Some(expectation) = expectation else {
                continue;
            };
            text.push_str(&format!("    {}:\n", level.id));
            for line in expectation.trim().lines() {
                text.push_str(&format!("      {line}\n"));
            }
        }
    }
    text
}

/// Where a rubric comes from, as named in a packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RubricRef {
    Builtin(&'static str),
    File(PathBuf),
}

/// A rubric reference is a path when it looks like one (ends in `.toml` or has a slash);
/// anything else names a built-in rubric.
pub fn looks_like_path(name: &str) -> bool {
    name.ends_with(".toml") || name.contains('/') || name.contains('\\')
}

/// `a/b/../c` as `a/c`, without touching the file system, so that diagnostics (and GitHub
/// annotations) name the rubric by the path a repository knows it by.
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut parts: Vec<Component> = Vec::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.iter().collect()
}

/// Finds the rubric source a packet names: a built-in, or a file relative to the packet.
pub fn source_for(
    name: &toml::Spanned<String>,
    packet: &Source,
) -> Result<(RubricRef, Source), Diagnostic> {
    let text = name.get_ref();
    if looks_like_path(text) {
        let dir = packet.path.parent().unwrap_or(Path::new(""));
        let path = normalize(&dir.join(text));
        return match load::read(&path) {
            Ok(source) => Ok((RubricRef::File(path), source)),
            Err(err) => Err(packet
                .error(
                    "missing-rubric",
                    Some(name.span()),
                    format!(
                        "cannot read the rubric file `{}`: {}",
                        path.display(),
                        cause(&err)
                    ),
                )
                .with_hint("the path is relative to the packet file")),
        };
    }
    match BUILTIN.iter().find(|(builtin, _)| *builtin == text) {
        Some((builtin, toml)) => Ok((
            RubricRef::Builtin(builtin),
            Source::new(format!("<built-in rubric {builtin}>"), *toml),
        )),
        None => {
            let names = BUILTIN.iter().map(|(name, _)| *name);
            let hint = match suggest::closest(text, names.clone()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "built-in rubrics are {}; for a rubric file, give a path ending in `.toml`",
                    suggest::backticked(names)
                ),
            };
            Err(packet
                .error(
                    "unknown-rubric",
                    Some(name.span()),
                    format!("unknown built-in rubric `{text}`"),
                )
                .with_hint(hint))
        }
    }
}

fn cause(err: &crate::error::Error) -> String {
    match err {
        crate::error::Error::Read { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

/// The checked rubric a packet names, found the way `validate::packet` finds it; for commands
/// that need its sections before the packet itself is complete (`add` asking, `import`).
pub fn of_packet(raw: &load::RawPacket, packet: &Source) -> Result<Rubric, Vec<Diagnostic>> {
    let (_, source) = source_for(&raw.rubric, packet).map_err(|d| vec![d])?;
    check(&source)
}

/// Parses and checks a rubric file.
pub fn check(source: &Source) -> Result<Rubric, Vec<Diagnostic>> {
    let raw: RawRubric = load::parse(source).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    let whole = Some(0..0);

    if raw.levels.is_empty() {
        problems.push(
            source
                .error("no-levels", whole.clone(), "the rubric has no levels")
                .with_hint("add `[[level]]` tables with `id` and `name`, lowest level first"),
        );
    }
    if raw.sections.is_empty() {
        problems.push(
            source
                .error("no-sections", whole, "the rubric has no sections")
                .with_hint(
                    "add `[[section]]` tables with `id`, `name` and `[section.expectations]`",
                ),
        );
    }

    let mut level_ids = HashSet::new();
    for level in &raw.levels {
        check_id(source, &level.id, "level", &mut level_ids, &mut problems);
    }
    let levels: Vec<&str> = raw.levels.iter().map(|l| l.id.get_ref().as_str()).collect();

    let mut section_ids = HashSet::new();
    let mut sections = Vec::with_capacity(raw.sections.len());
    for section in raw.sections {
        check_id(
            source,
            &section.id,
            "section",
            &mut section_ids,
            &mut problems,
        );
        let mut expectations = vec![None; levels.len()];
        for (level, text) in section.expectations {
            match levels.iter().position(|id| *id == level.get_ref()) {
                Some(index) => expectations[index] = Some(text),
                None => problems.push(
                    source
                        .error(
                            "unknown-level",
                            Some(level.span()),
                            format!(
                                "section `{}` has an expectation for unknown level `{}`",
                                section.id.get_ref(),
                                level.get_ref()
                            ),
                        )
                        .with_hint(suggest::hint(level.get_ref(), levels.iter().copied())),
                ),
            }
        }
        if expectations.iter().all(Option::is_none) && !levels.is_empty() {
            problems.push(
                source
                    .error(
                        "no-expectations",
                        Some(section.id.span()),
                        format!(
                            "section `{}` has no expectation for any level",
                            section.id.get_ref()
                        ),
                    )
                    .with_hint("add `[section.expectations]` with text per level id"),
            );
        }
        sections.push(Section {
            id: section.id.into_inner(),
            name: section.name,
            group: section.group,
            description: section.description,
            max_chars: section.max_chars,
            max_words: section.max_words,
            expectations,
        });
    }

    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Rubric {
        name: raw.name,
        description: raw.description.unwrap_or_default(),
        levels: raw
            .levels
            .into_iter()
            .map(|level| Level {
                id: level.id.into_inner(),
                name: level.name,
                description: level.description.unwrap_or_default(),
            })
            .collect(),
        sections,
        strong: raw.coverage.strong.max(1),
    })
}

fn check_id(
    source: &Source,
    id: &toml::Spanned<String>,
    what: &str,
    seen: &mut HashSet<String>,
    problems: &mut Vec<Diagnostic>,
) {
    let text = id.get_ref();
    if text.trim().is_empty() {
        problems.push(source.error(
            "empty-id",
            Some(id.span()),
            format!("a {what} id must not be empty"),
        ));
    } else if !seen.insert(text.clone()) {
        problems.push(source.error(
            "duplicate-id",
            Some(id.span()),
            format!("duplicate {what} id `{text}`"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_parent_folders_away() {
        assert_eq!(
            normalize(Path::new("pk/../ladder/./r.toml")),
            PathBuf::from("ladder/r.toml")
        );
        assert_eq!(
            normalize(Path::new("../r.toml")),
            PathBuf::from("../r.toml")
        );
    }

    #[test]
    fn every_builtin_rubric_is_valid() {
        for (name, text) in BUILTIN {
            let source = Source::new(name, text);
            if let Err(problems) = check(&source) {
                panic!("built-in rubric {name}: {problems:?}");
            }
        }
    }
}
