//! From a raw rubric to the checked one, every problem collected.

use std::collections::HashSet;

use super::raw::RawRubric;
use super::{Level, Rubric, Section};
use crate::diagnostic::{Code, Diagnostic, Source, suggest};
use crate::read;

/// Parses and checks a rubric file.
pub fn check(source: &Source) -> Result<Rubric, Vec<Diagnostic>> {
    let raw: RawRubric = read::parse(source).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    let whole = Some(0..0);

    if raw.levels.is_empty() {
        problems.push(
            source
                .diagnostic(Code::NoLevels, whole.clone(), "the rubric has no levels")
                .with_hint("add `[[level]]` tables with `id` and `name`, lowest level first"),
        );
    }
    if raw.sections.is_empty() {
        problems.push(
            source
                .diagnostic(Code::NoSections, whole, "the rubric has no sections")
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
                        .diagnostic(
                            Code::UnknownLevel,
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
                    .diagnostic(
                        Code::NoExpectations,
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
        // In file order, as a packet's problems are.
        problems.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
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
        problems.push(source.diagnostic(
            Code::EmptyId,
            Some(id.span()),
            format!("a {what} id must not be empty"),
        ));
    } else if !seen.insert(text.clone()) {
        problems.push(source.diagnostic(
            Code::DuplicateId,
            Some(id.span()),
            format!("duplicate {what} id `{text}`"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_rubric_is_valid() {
        for (name, text) in super::super::BUILTIN {
            let source = Source::new(name, text);
            if let Err(problems) = check(&source) {
                panic!("built-in rubric {name}: {problems:?}");
            }
        }
    }
}
