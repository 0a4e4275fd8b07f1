//! From a raw rubric to the checked one, every problem collected.

use std::collections::HashSet;

use toml::Spanned;

use super::items::item_ids;
use super::raw::{RawExpectation, RawItem, RawRubric};
use super::{Group, Item, Level, Origin, Rubric, Section};
use crate::diagnostic::{Code, Diagnostic, Source, suggest};
use crate::read;

/// Parses and checks a rubric file: the rubric, or every error found. Warnings (see
/// `check_all`) do not stop a rubric from being used.
pub fn check(source: &Source) -> Result<Rubric, Vec<Diagnostic>> {
    match check_all(source) {
        (Some(rubric), _) => Ok(rubric),
        (None, problems) => Err(problems.into_iter().filter(Diagnostic::is_error).collect()),
    }
}

/// Parses and checks a rubric file: the rubric when it has no error, and every problem found,
/// warnings included, in file order.
pub fn check_all(source: &Source) -> (Option<Rubric>, Vec<Diagnostic>) {
    // Every syntax error and every unknown key, each left out, so that the checks below still
    // run on the rest: an unknown key hides no unknown level.
    let (raw, mut problems) = read::parse_all::<RawRubric>(source);
    let Some(raw) = raw else {
        return (None, problems);
    };
    problems.extend(super::lint::written(source, &raw));
    let level_spans: Vec<_> = raw.levels.iter().map(|l| l.id.span()).collect();
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
    // A rubric may come with a pull request: its links reach the packet as links.
    let links = raw.levels.iter().filter_map(|l| l.url.as_ref());
    let source_link = raw.source.as_ref().and_then(|s| s.url.as_ref());
    for url in links.chain(source_link) {
        if let Err(why) = crate::link::check_url(url.get_ref()) {
            problems.push(
                source
                    .diagnostic(
                        Code::InvalidUrl,
                        Some(url.span()),
                        format!("the link `{}` {why}", url.get_ref()),
                    )
                    .with_hint(
                        "a rubric's links must be absolute `https://`, `http://` or `mailto:` URLs",
                    ),
            );
        }
    }
    let mut group_ids = HashSet::new();
    for group in &raw.groups {
        check_id(source, &group.id, "group", &mut group_ids, &mut problems);
    }
    let groups: Vec<Group> = raw
        .groups
        .iter()
        .map(|g| Group {
            id: g.id.get_ref().clone(),
            name: g.name.clone(),
            description: text(g.description.as_ref()),
        })
        .collect();

    let level_of =
        |id: &Spanned<String>, what: &str, section: &str, problems: &mut Vec<Diagnostic>| {
            let found = levels.iter().position(|l| *l == id.get_ref());
            if found.is_none() {
                problems.push(
                    source
                        .diagnostic(
                            Code::UnknownLevel,
                            Some(id.span()),
                            format!(
                                "section `{section}` {what} unknown level `{}`",
                                id.get_ref()
                            ),
                        )
                        .with_hint(suggest::hint(id.get_ref(), levels.iter().copied())),
                );
            }
            found
        };

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
        let id = section.id.get_ref().clone();
        let mut expectations = vec![None; levels.len()];
        let mut items = vec![Vec::new(); levels.len()];
        for (level, expectation) in section.expectations {
            let Some(index) = level_of(&level, "has an expectation for", &id, &mut problems) else {
                continue;
            };
            match expectation.into_inner() {
                RawExpectation::Text(text) => expectations[index] = Some(text),
                RawExpectation::Items(list) if list.is_empty() => {
                    problems.push(
                        source
                            .diagnostic(
                                Code::NoExpectations,
                                Some(level.span()),
                                format!("section `{id}` has an empty list of items at `{}`", level.get_ref()),
                            )
                            .with_hint("write the items, or leave the level out to carry the text of the one below"),
                    );
                }
                RawExpectation::Items(list) => {
                    let (text, checked) = item_list(list, source, &mut problems);
                    expectations[index] = Some(text);
                    items[index] = checked;
                }
            }
        }
        if expectations.iter().all(Option::is_none) && !levels.is_empty() {
            problems.push(
                source
                    .diagnostic(
                        Code::NoExpectations,
                        Some(section.id.span()),
                        format!("section `{id}` has no expectation for any level"),
                    )
                    .with_hint("add `[section.expectations]` with text per level id"),
            );
        }
        let from = section
            .from
            .as_ref()
            .and_then(|l| level_of(l, "starts at", &id, &mut problems));
        let until = section
            .until
            .as_ref()
            .and_then(|l| level_of(l, "ends at", &id, &mut problems));
        if let (Some(from), Some(until), Some(span)) = (from, until, section.until.as_ref())
            && until < from
        {
            problems.push(
                source
                    .diagnostic(
                        Code::EndBeforeStart,
                        Some(span.span()),
                        format!(
                            "section `{id}` ends at `{}` before it starts at `{}`",
                            levels[until], levels[from]
                        ),
                    )
                    .with_hint("levels are listed lowest first; swap `from` and `until`"),
            );
        }
        let (group, group_index) = match (&section.group, groups.is_empty()) {
            (None, _) => (None, None),
            // Without `[[group]]` tables, a group is named where it is used, as it always was.
            (Some(name), true) => (Some(name.get_ref().clone()), None),
            (Some(name), false) => {
                let wanted = name.get_ref();
                match groups
                    .iter()
                    .position(|g| &g.id == wanted || &g.name == wanted)
                {
                    Some(at) => (Some(groups[at].name.clone()), Some(at)),
                    None => {
                        problems.push(
                            source
                                .diagnostic(
                                    Code::UnknownGroup,
                                    Some(name.span()),
                                    format!("section `{id}` names unknown group `{wanted}`"),
                                )
                                .with_hint(suggest::hint(
                                    wanted,
                                    groups.iter().map(|g| g.id.as_str()),
                                )),
                        );
                        (None, None)
                    }
                }
            }
        };
        sections.push(Section {
            id,
            name: section.name,
            group,
            group_index,
            info: section.info,
            from,
            until,
            description: text(section.description.as_ref()),
            max_chars: section.max_chars,
            max_words: section.max_words,
            expectations,
            items,
        });
    }
    // Declared groups are shown in their order: sections follow it, in the order written
    // within a group, those without a group last.
    if !groups.is_empty() {
        sections.sort_by_key(|s| s.group_index.unwrap_or(usize::MAX));
    }

    if problems.iter().any(Diagnostic::is_error) {
        sort(&mut problems);
        return (None, problems);
    }
    let rubric = Rubric {
        name: raw.name,
        description: text(raw.description.as_ref()),
        origin: raw.source.map(|s| Origin {
            title: s.title.unwrap_or_default(),
            url: s.url.map(Spanned::into_inner).unwrap_or_default(),
            licence: s.licence.unwrap_or_default(),
            attribution: text(s.attribution.as_ref()),
            notes: text(s.notes.as_ref()),
        }),
        groups,
        levels: raw
            .levels
            .into_iter()
            .map(|level| Level {
                id: level.id.into_inner(),
                name: level.name,
                description: text(level.description.as_ref()),
                grade: level.grade,
                track: level.track,
                summary: level.summary,
                url: level.url.map(Spanned::into_inner),
            })
            .collect(),
        sections,
        strong: raw.coverage.strong.max(1),
        item_strong: raw.coverage.item_strong.max(1),
    };
    problems.extend(super::lint::empty_levels(source, &rubric, &level_spans));
    sort(&mut problems);
    (Some(rubric), problems)
}

/// In file order, as a packet's problems are.
fn sort(problems: &mut [Diagnostic]) {
    problems.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
}

/// An optional Markdown text as the model keeps it: empty for none.
fn text(value: Option<&Spanned<String>>) -> String {
    value.map(|v| v.get_ref().clone()).unwrap_or_default()
}

/// An expectation written as a list: its Markdown (a bullet per item) and its items, each with
/// its own id or one derived from its text (see `item_ids`). An id written twice in one list,
/// or empty, is an error: the author refers to it.
fn item_list(
    list: Vec<Spanned<RawItem>>,
    source: &Source,
    problems: &mut Vec<Diagnostic>,
) -> (String, Vec<Item>) {
    let ids = item_ids(&list);
    let mut text = String::new();
    let mut written_ids = HashSet::new();
    let mut items: Vec<Item> = Vec::with_capacity(list.len());
    for (item, (id, _)) in list.into_iter().zip(ids) {
        let item = item.into_inner();
        if let Some(written) = &item.id {
            if written.get_ref().trim().is_empty() {
                problems.push(
                    source
                        .diagnostic(
                            Code::EmptyId,
                            Some(written.span()),
                            "an item id must not be empty",
                        )
                        .with_hint("leave `id` out to derive one from the text"),
                );
            } else if !written_ids.insert(written.get_ref().clone()) {
                problems.push(source.diagnostic(
                    Code::DuplicateId,
                    Some(written.span()),
                    format!(
                        "duplicate item id `{}` in one level's list",
                        written.get_ref()
                    ),
                ));
            }
        }
        text.push_str("- ");
        text.push_str(item.text.trim());
        text.push('\n');
        items.push(Item {
            id,
            text: item.text.trim().to_owned(),
        });
    }
    (text, items)
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
    #[test]
    fn a_derived_id_leaves_link_addresses_out() {
        assert_eq!(
            derived_id("Grows the team's [career ladder](https://example.com/ladder) each year"),
            "grows-the-team-s-career-ladder-each"
        );
        assert_eq!(derived_id("Reviews [code"), "reviews-code");
    }

    use super::*;
    use crate::rubric::items::derived_id;

    #[test]
    fn every_builtin_rubric_is_valid() {
        for (name, text) in super::super::BUILTIN {
            let source = Source::new(name, text);
            if let Err(problems) = check(&source) {
                panic!("built-in rubric {name}: {problems:?}");
            }
        }
    }

    const LEVELS: &str = r#"
name = "Shapes"
[[level]]
id = "junior"
name = "Junior"
[[level]]
id = "mid"
name = "Mid"
[[level]]
id = "senior"
name = "Senior"
"#;

    /// `LEVELS` and `rest`, checked: the rubric, or the codes and messages of its errors.
    fn checked(rest: &str) -> Result<Rubric, Vec<(Code, String)>> {
        let source = Source::new("rubric.toml", format!("{LEVELS}{rest}"));
        check(&source).map_err(|found| found.into_iter().map(|d| (d.code, d.message)).collect())
    }

    fn valid(rest: &str) -> Rubric {
        checked(rest).unwrap_or_else(|found| panic!("{found:?}"))
    }

    fn codes(rest: &str) -> Vec<Code> {
        match checked(rest) {
            Ok(_) => Vec::new(),
            Err(found) => found.into_iter().map(|(code, _)| code).collect(),
        }
    }

    #[test]
    fn derives_item_ids_from_the_first_six_words() {
        assert_eq!(
            derived_id("Ships features end to end"),
            "ships-features-end-to-end"
        );
        assert_eq!(
            derived_id("Writes tests for every change they make in the codebase"),
            "writes-tests-for-every-change-they"
        );
        assert_eq!(
            derived_id("  Leads   incident\nreviews "),
            "leads-incident-reviews"
        );
        assert_eq!(
            derived_id("Plans the quarter's work"),
            "plans-the-quarter-s-work"
        );
        assert_eq!(derived_id("Écrit la doc"), "ecrit-la-doc");
        assert_eq!(derived_id("—"), "item");
    }

    #[test]
    fn an_expectation_written_as_a_list_is_bullets_and_items() {
        let rubric = valid(
            r#"
[[section]]
id = "delivery"
name = "Delivery"
[section.expectations]
junior = "Text, as always."
mid = ["Ships features end to end", { id = "tests", text = " Writes tests " }]
"#,
        );
        let section = &rubric.sections[0];
        assert_eq!(section.expectations[0].as_deref(), Some("Text, as always."));
        assert_eq!(
            section.expectations[1].as_deref(),
            Some("- Ships features end to end\n- Writes tests\n")
        );
        assert!(section.items[0].is_empty());
        let ids: Vec<&str> = section.items[1].iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["ships-features-end-to-end", "tests"]);
        assert_eq!(section.items[1][1].text, "Writes tests");
        // The list carries up like text.
        assert_eq!(section.items(2), section.items[1].as_slice());
        assert!(section.items(0).is_empty());
    }

    #[test]
    fn a_repeated_derived_item_id_gets_a_number() {
        let rubric = valid(
            r#"
[[section]]
id = "s"
name = "S"
[section.expectations]
mid = ["Reviews code", "Reviews code", { id = "reviews-code-3", text = "Other" }, "Reviews code"]
"#,
        );
        let ids: Vec<&str> = rubric.sections[0].items[1]
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "reviews-code",
                "reviews-code-2",
                "reviews-code-3",
                "reviews-code-4"
            ]
        );
    }

    /// An id the author wrote is one they refer to: writing it twice is a mistake to report,
    /// not one to rename silently (today the second becomes `x-2`).
    #[test]
    fn a_repeated_explicit_item_id_is_a_duplicate() {
        let found = codes(
            r#"
[[section]]
id = "s"
name = "S"
[section.expectations]
mid = [{ id = "x", text = "One" }, { id = "x", text = "Two" }]
"#,
        );
        assert_eq!(found, [Code::DuplicateId]);
    }

    /// An empty item id (or an empty item) cannot be named by `SECTION#ITEM` sensibly; today
    /// `{ id = "", ... }` is accepted and `"s#"` names it.
    #[test]
    fn an_empty_item_id_is_an_error() {
        let found = codes(
            r#"
[[section]]
id = "s"
name = "S"
[section.expectations]
mid = [{ id = "", text = "One" }]
"#,
        );
        assert_eq!(found, [Code::EmptyId]);
    }

    #[test]
    fn from_and_until_name_levels_in_order() {
        let rubric = valid(
            r#"
[[section]]
id = "s"
name = "S"
from = "mid"
until = "senior"
[section.expectations]
mid = "x"
"#,
        );
        assert_eq!(
            (rubric.sections[0].from, rubric.sections[0].until),
            (Some(1), Some(2))
        );
        let section = |from: &str, until: &str| {
            format!(
                "[[section]]\nid = \"s\"\nname = \"S\"\nfrom = \"{from}\"\nuntil = \"{until}\"\n[section.expectations]\njunior = \"x\"\n"
            )
        };
        assert_eq!(codes(&section("senior", "mid")), [Code::EndBeforeStart]);
        assert_eq!(codes(&section("mdi", "senior")), [Code::UnknownLevel]);
        assert_eq!(codes(&section("mid", "senor")), [Code::UnknownLevel]);
        assert_eq!(codes(&section("mid", "mid")), []);
    }

    #[test]
    fn a_section_names_a_declared_group_by_id_or_name() {
        let groups = r#"
[[group]]
id = "craft"
name = "Engineering Craft"
description = "How the work is done."
[[group]]
id = "people"
name = "People"
"#;
        let section = |id: &str, group: &str| {
            format!(
                "[[section]]\nid = \"{id}\"\nname = \"{id}\"\ngroup = \"{group}\"\n[section.expectations]\njunior = \"x\"\n"
            )
        };
        let rubric = valid(&format!(
            "{groups}{}{}{}",
            section("a", "people"),
            section("b", "Engineering Craft"),
            "[[section]]\nid = \"c\"\nname = \"c\"\n[section.expectations]\njunior = \"x\"\n"
        ));
        // Sections follow the groups' order; those without a group come last.
        let order: Vec<(&str, Option<&str>, Option<usize>)> = rubric
            .sections
            .iter()
            .map(|s| (s.id.as_str(), s.group.as_deref(), s.group_index))
            .collect();
        assert_eq!(
            order,
            [
                ("b", Some("Engineering Craft"), Some(0)),
                ("a", Some("People"), Some(1)),
                ("c", None, None),
            ]
        );
        assert_eq!(rubric.groups[0].description, "How the work is done.");
        let found = checked(&format!("{groups}{}", section("a", "crafts"))).unwrap_err();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Code::UnknownGroup);
        assert_eq!(found[0].1, "section `a` names unknown group `crafts`");
        // Without `[[group]]`, a group is a display name, as it always was.
        let rubric = valid(&section("a", "Anything At All"));
        assert_eq!(rubric.sections[0].group.as_deref(), Some("Anything At All"));
        assert_eq!(rubric.sections[0].group_index, None);
    }

    #[test]
    fn a_repeated_group_id_is_a_duplicate() {
        let found = codes(
            r#"
[[group]]
id = "craft"
name = "Craft"
[[group]]
id = "craft"
name = "Craft again"
[[section]]
id = "s"
name = "S"
[section.expectations]
junior = "x"
"#,
        );
        assert_eq!(found, [Code::DuplicateId]);
    }

    #[test]
    fn item_strong_defaults_to_two_and_is_at_least_one() {
        let section =
            "[[section]]\nid = \"s\"\nname = \"S\"\n[section.expectations]\njunior = \"x\"\n";
        assert_eq!(valid(section).item_strong, 2);
        assert_eq!(valid(section).strong, 3);
        let zero = format!("{section}[coverage]\nitem_strong = 0\n");
        assert_eq!(valid(&zero).item_strong, 1);
        let five = format!("{section}[coverage]\nitem_strong = 5\n");
        assert_eq!((valid(&five).item_strong, valid(&five).strong), (5, 3));
    }

    #[test]
    fn the_source_is_kept_and_strict() {
        let rubric = valid(
            r#"
[source]
title = "The Ladder"
licence = "MIT"
[[section]]
id = "s"
name = "S"
[section.expectations]
junior = "x"
"#,
        );
        let origin = rubric.origin.expect("a source");
        assert_eq!(
            (origin.title.as_str(), origin.licence.as_str()),
            ("The Ladder", "MIT")
        );
        assert_eq!(origin.url, "");
        let found = codes(
            "[source]\ntitel = \"x\"\n[[section]]\nid = \"s\"\nname = \"S\"\n[section.expectations]\njunior = \"x\"\n",
        );
        assert_eq!(found, [Code::UnknownKey]);
    }
}
