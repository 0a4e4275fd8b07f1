//! Example text that `promopack init` wrote and the packet still holds (`placeholder`): said
//! once for the packet, listing each place, so that a fresh packet gets one warning.

use std::ops::Range;

use crate::diagnostic::{Code, Diagnostic, Source};
use toml::Spanned;

use crate::packet::placeholder::{
    self, ACTIVITIES, CASE_SUMMARY, CLAIM_TEXT, GOAL, GROWTH, METRIC, NAME, OUTCOME, ROLE,
    TESTIMONIAL,
};
use crate::packet::raw::RawPacket;

/// The warning for the example text left in the packet `raw`, read from `main`; `None` when
/// none is left.
pub(super) fn left(raw: &RawPacket, main: &Source) -> Option<Diagnostic> {
    // Each placeholder left: what it is, and where each of its texts starts.
    let mut found: Vec<(String, Vec<Range<usize>>)> = Vec::new();
    let mut person = |what: &str, value: &str, text: &str| {
        if placeholder::is(value, text) {
            found.push((what.to_owned(), written(main, text).into_iter().collect()));
        }
    };
    person("`person.name`", &raw.person.name, NAME);
    person("`person.role`", &raw.person.role, ROLE);
    if let Some(summary) = &raw.case.summary {
        person("the case `summary`", summary.get_ref(), CASE_SUMMARY);
    }
    let claims: Vec<Range<usize>> = raw
        .claims
        .iter()
        .filter(|claim| placeholder::is(&claim.get_ref().text, CLAIM_TEXT))
        .map(|claim| claim.get_ref().section.span())
        .collect();
    group(&mut found, "claim", "claims", &claims);
    let activities: Vec<Range<usize>> = raw
        .activities
        .iter()
        .filter(|activity| {
            let activity = activity.get_ref();
            ACTIVITIES.iter().any(|(_, title, url)| {
                placeholder::is(activity.title.get_ref(), title)
                    || url.is_some_and(|url| {
                        activity
                            .evidence
                            .iter()
                            .any(|e| e.get_ref().url.as_deref() == Some(url))
                    })
            })
        })
        .map(|activity| activity.get_ref().title.span())
        .collect();
    group(&mut found, "activity", "activities", &activities);
    for metric in &raw.metrics {
        let (id, name) = METRIC;
        if metric.get_ref().id.get_ref() == id || placeholder::is(&metric.get_ref().name, name) {
            let at = metric.get_ref().id.span();
            found.push((format!("the metric `{id}`"), vec![at]));
        }
    }
    let examples = |values: &[&str], texts: &[&str]| {
        values
            .iter()
            .zip(texts)
            .any(|(value, text)| placeholder::is(value, text))
    };
    let testimonials: Vec<Range<usize>> = raw
        .testimonials
        .iter()
        .filter(|t| {
            let t = t.get_ref();
            let role = t.role.as_deref().unwrap_or_default();
            let name = t.name.as_deref().unwrap_or_default();
            let relationship = t.relationship.as_deref().unwrap_or_default();
            examples(&[&t.quote, name, role, relationship], &TESTIMONIAL)
        })
        .map(Spanned::span)
        .collect();
    group(&mut found, "testimonial", "testimonials", &testimonials);
    let growth: Vec<Range<usize>> = raw
        .growth
        .iter()
        .filter(|g| {
            let g = g.get_ref();
            examples(&[&g.area, &g.done, &g.next], &GROWTH)
        })
        .map(Spanned::span)
        .collect();
    group(&mut found, "growth area", "growth areas", &growth);
    let goals: Vec<Range<usize>> = raw
        .goals
        .iter()
        .filter(|g| examples(&[&g.get_ref().goal, &g.get_ref().signal], &GOAL))
        .map(Spanned::span)
        .collect();
    group(&mut found, "goal", "goals", &goals);
    let outcomes: Vec<Range<usize>> = raw
        .previous_goals
        .iter()
        .filter(|g| placeholder::is(&g.get_ref().outcome, OUTCOME))
        .map(Spanned::span)
        .collect();
    group(
        &mut found,
        "outcome of a last period's goal",
        "outcomes of last period's goals",
        &outcomes,
    );
    let first = found
        .iter()
        .flat_map(|(_, at)| at)
        .min_by_key(|at| at.start)
        .cloned();
    let listed: Vec<String> = found
        .iter()
        .map(|(what, at)| {
            let lines: Vec<String> = at
                .iter()
                .map(|at| main.line_col(at.start).0.to_string())
                .collect();
            match lines.as_slice() {
                [] => what.clone(),
                [line] => format!("{what} (line {line})"),
                _ => format!("{what} (lines {})", lines.join(", ")),
            }
        })
        .collect();
    let (last, rest) = listed.split_last()?;
    let list = if rest.is_empty() {
        last.clone()
    } else {
        format!("{} and {last}", rest.join(", "))
    };
    Some(
        main.diagnostic(
            Code::Placeholder,
            first,
            format!("the packet still holds example text from `init`: {list}"),
        )
        .with_hint("replace each with your own words and work, or delete it"),
    )
}

/// Several placeholders of one kind as one entry: `2 claims (lines 40, 47)`.
fn group(found: &mut Vec<(String, Vec<Range<usize>>)>, one: &str, many: &str, at: &[Range<usize>]) {
    match at {
        [] => {}
        [_] => found.push((format!("an example {one}"), at.to_vec())),
        _ => found.push((format!("{} example {many}", at.len()), at.to_vec())),
    }
}

/// Where `text` (its first line) is written in the file, if it is.
fn written(main: &Source, text: &str) -> Option<Range<usize>> {
    let line = text.lines().next().filter(|line| !line.is_empty())?;
    let at = main.text.find(line)?;
    Some(at..at + line.len())
}
