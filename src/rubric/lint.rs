//! Warnings about a rubric that works but does not read as its author meant: links that lead
//! nowhere, levels no section says anything about, text no one will see, and item ids that
//! repeat or may change. `rubric check` shows them; a packet's `check` does not.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};
use toml::Spanned;

use super::Rubric;
use super::items::{derived_id, item_ids};
use super::raw::{RawExpectation, RawRubric};
use crate::diagnostic::{Code, Diagnostic, Source};

/// The warnings the rubric's text and items earn as written: relative links, text for a level
/// outside a section's `from`/`until`, repeated item ids and ids that are not slugs.
pub(super) fn written(source: &Source, raw: &RawRubric) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    // Every Markdown text of the rubric: where it is written, and what to call it.
    let mut texts: Texts = Vec::new();
    add(&mut texts, raw.description.as_ref(), || {
        "the rubric's description".into()
    });
    if let Some(origin) = &raw.source {
        add(&mut texts, origin.attribution.as_ref(), || {
            "the source's attribution".into()
        });
        add(&mut texts, origin.notes.as_ref(), || {
            "the source's notes".into()
        });
    }
    for group in &raw.groups {
        add(&mut texts, group.description.as_ref(), || {
            format!("group `{}`'s description", group.id.get_ref())
        });
    }
    for level in &raw.levels {
        add(&mut texts, level.description.as_ref(), || {
            format!("level `{}`'s description", level.id.get_ref())
        });
    }

    let levels: Vec<&str> = raw.levels.iter().map(|l| l.id.get_ref().as_str()).collect();
    let index = |id: &Spanned<String>| levels.iter().position(|l| *l == id.get_ref());
    for section in &raw.sections {
        let id = section.id.get_ref();
        add(&mut texts, section.description.as_ref(), || {
            format!("section `{id}`'s description")
        });
        let from = section.from.as_ref().and_then(index);
        let until = section.until.as_ref().and_then(index);
        for (level, expectation) in &section.expectations {
            let name = level.get_ref();
            let outside = index(level).and_then(|at| match (from, until) {
                (_, Some(until)) if at > until => Some(("above its last", until, "raise", "until")),
                (Some(from), _) if at < from => Some(("below its first", from, "lower", "from")),
                _ => None,
            });
            if let Some((where_, bound, fix, key)) = outside {
                warnings.push(
                    source
                        .diagnostic(
                            Code::TextAfterEnd,
                            Some(level.span()),
                            format!(
                                "section `{id}` has text for `{name}`, {where_} level `{}`: it is never shown",
                                levels[bound]
                            ),
                        )
                        .with_hint(format!("remove the text, or {fix} the section's `{key}`")),
                );
            }
            let list = match expectation.get_ref() {
                RawExpectation::Text(text) => {
                    let place = format!("section `{id}`'s expectation for `{name}`");
                    texts.push((expectation.span(), text, place));
                    continue;
                }
                RawExpectation::Items(list) => list,
            };
            for (item, (item_id, renamed)) in list.iter().zip(item_ids(list)) {
                let own = item.get_ref().id.as_ref();
                let at = own.map_or_else(|| item.span(), Spanned::span);
                if let Some(own) = own.filter(|own| !is_slug(own.get_ref())) {
                    warnings.push(
                        source
                            .diagnostic(
                                Code::UnstableItemId,
                                Some(at.clone()),
                                format!(
                                    "item id `{}` of section `{id}` is not a kebab-case slug",
                                    own.get_ref()
                                ),
                            )
                            .with_hint(format!(
                                "activities cite it as `{id}#ITEM`: use lowercase letters, digits and `-`, e.g. `{}`",
                                slug_or_item(own.get_ref())
                            )),
                    );
                }
                // An id written twice is an error of its own (`check`): warn of derived ones.
                if renamed && own.is_none() {
                    let base = own.map_or_else(
                        || derived_id(&item.get_ref().text),
                        |own| own.get_ref().clone(),
                    );
                    warnings.push(
                        source
                            .diagnostic(
                                Code::DuplicateItem,
                                Some(at),
                                format!(
                                    "section `{id}` has item `{base}` twice at `{name}`: this one becomes `{item_id}`"
                                ),
                            )
                            .with_hint(
                                "give the item an id of its own: `{ id = \"...\", text = \"...\" }`",
                            ),
                    );
                }
                let place = format!("item `{item_id}` of section `{id}` at `{name}`");
                texts.push((item.span(), &item.get_ref().text, place));
            }
        }
    }

    for (span, text, place) in texts {
        for url in relative_links(text) {
            let at = source
                .text
                .get(span.clone())
                .and_then(|written| written.find(url.as_str()).filter(|_| !url.is_empty()))
                .map_or(span.clone(), |at| {
                    span.start + at..span.start + at + url.len()
                });
            warnings.push(
                source
                    .diagnostic(
                        Code::RelativeLink,
                        Some(at),
                        format!("{place} links to `{url}`, a relative address: the link is dead in every output"),
                    )
                    .with_hint("write the whole address, with `https://` and the host"),
            );
        }
    }
    warnings
}

/// Markdown texts of a rubric: where each is written, the text, and what to call it.
type Texts<'r> = Vec<(Range<usize>, &'r str, String)>;

fn add<'r>(texts: &mut Texts<'r>, text: Option<&'r Spanned<String>>, place: impl Fn() -> String) {
    if let Some(text) = text {
        texts.push((text.span(), text.get_ref(), place()));
    }
}

/// A warning for each level that no section gives any text: no expectation written for it,
/// and none carried up into it from a lower level. The lowest level may be such a starting
/// point (an entry level, a points framework's milestone 0) and is left alone. `spans` are the
/// levels' ids, in order.
pub(super) fn empty_levels(
    source: &Source,
    rubric: &Rubric,
    spans: &[Range<usize>],
) -> Vec<Diagnostic> {
    if rubric.sections.is_empty() {
        return Vec::new();
    }
    rubric
        .levels
        .iter()
        .zip(spans)
        .enumerate()
        .filter(|(at, _)| *at > 0 && rubric.sections.iter().all(|s| s.expectation(*at).is_none()))
        .map(|(_, (level, span))| {
            source
                .diagnostic(
                    Code::EmptyLevel,
                    Some(span.clone()),
                    format!("no section has any text for level `{}`", level.id),
                )
                .with_hint(
                    "write an expectation for it, or let one carry up to it from a lower level (no `until` below it)",
                )
        })
        .collect()
}

/// The destinations of the Markdown's links that have no scheme (`/handbook/x`, `../x`,
/// `page.html`, `#part`): the sanitizer drops them, as they lead nowhere from a packet file.
fn relative_links(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, crate::markdown::OPTIONS)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.into_string()),
            _ => None,
        })
        .filter(|url| {
            matches!(
                url::Url::parse(url),
                Err(url::ParseError::RelativeUrlWithoutBase)
            )
        })
        .collect()
}

/// Whether an item id is a kebab-case slug, stable to cite as `SECTION#ITEM`.
fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn slug_or_item(id: &str) -> String {
    let slug = slug::slugify(id);
    if slug.is_empty() { "item".into() } else { slug }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_without_a_scheme() {
        let text = "[a](/handbook/x) [b](../x) [c](page.html) [d](#part) \
                    [e](https://example.com) [f](mailto:a@example.com) <https://example.org>";
        assert_eq!(
            relative_links(text),
            ["/handbook/x", "../x", "page.html", "#part"]
        );
    }

    #[test]
    fn slugs_are_lowercase_digits_and_dashes() {
        assert!(is_slug("analyst-reports-2"));
        assert!(!is_slug("Analyst reports"));
        assert!(!is_slug("analyst_reports"));
        assert!(!is_slug(""));
    }
}
