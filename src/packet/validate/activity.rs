//! The rules of one activity: its id, its dates against the review period, the sections it
//! names and its evidence.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use toml::Spanned;

use super::PacketCheck;
use super::private::internal_host;
use crate::diagnostic::{Code, Source, suggest};
use crate::link::{check_url, normalize_url};
use crate::packet::model::{Activity, Evidence, Measurement, When};
use crate::packet::period::Days;
use crate::packet::raw::{RawActivity, RawEvidence};

impl<'a> PacketCheck<'a> {
    /// Checks one activity of `file`; the checked activity comes back when it has no error.
    pub(super) fn activity(
        &mut self,
        file: &'a Source,
        raw: Spanned<RawActivity>,
        ids: &mut HashMap<String, Range<usize>>,
    ) -> Option<Activity> {
        let span = raw.span();
        let raw = raw.into_inner();
        let errors_before = self.errors;
        let (id, id_span) = match &raw.id {
            Some(id) => (id.get_ref().clone(), id.span()),
            None => (slug::slugify(raw.title.get_ref()), raw.title.span()),
        };
        let name = if id.is_empty() {
            raw.title.get_ref().clone()
        } else {
            id.clone()
        };
        if id.is_empty() {
            let hint = "give the activity an `id` made of letters, digits and hyphens".to_owned();
            self.report(
                file,
                Code::EmptyId,
                id_span.clone(),
                "an activity has no usable id".into(),
                Some(hint),
            );
        } else if ids.contains_key(&id) {
            let hint = if raw.id.is_none() {
                "the id comes from the title; give one of the activities its own `id`"
            } else {
                "activity ids must be unique within a packet"
            };
            self.report(
                file,
                Code::DuplicateId,
                id_span.clone(),
                format!("duplicate activity id `{id}`"),
                Some(hint.to_owned()),
            );
        } else {
            ids.insert(id.clone(), id_span);
        }

        let when = self.when(file, &raw, &name, span.clone());
        if let Some(when) = when {
            self.in_period(file, when, &raw, &name, span);
        }
        let (mentions, items) = self.sections(file, &raw, &name);
        let sections: Vec<usize> = mentions.iter().map(|(index, _)| *index).collect();
        for (index, span) in mentions {
            self.mentions.insert((id.clone(), index), (file, span));
        }

        let shown = |e: &RawEvidence| e.url.is_some() || e.private;
        if !raw.evidence.iter().any(|e| shown(e.get_ref())) {
            let what = if raw.evidence.is_empty() {
                "has no evidence"
            } else {
                "has no linked evidence, and none is marked private"
            };
            self.report(file, Code::NoEvidence,
                raw.title.span(),
                format!("activity `{name}` {what}"),
                Some("add a link, or `{ label = \"...\", private = true }` for evidence that cannot be shared".into()),
            );
        }
        let mut evidence = Vec::with_capacity(raw.evidence.len());
        let mut own_links = HashSet::new();
        for item in raw.evidence {
            let item_span = item.span();
            let item = item.into_inner();
            if item.url.is_none() && item.label.is_none() {
                self.report(file, Code::EmptyEvidence,
                    item_span.clone(),
                    format!("evidence of activity `{name}` has neither `url` nor `label`"),
                    Some("write a URL, or `{ label = \"...\", private = true }` for evidence that cannot be linked".into()),
                );
            }
            let mut repeated_here = false;
            let mut key = None;
            if let Some(url) = &item.url {
                let normal = normalize_url(url);
                key = Some(normal.clone());
                repeated_here = !own_links.insert(normal.clone());
                let first = self.seen_evidence.get(&normal).cloned();
                // Within one activity a repeat is always a slip; across activities the author
                // may say the link is meant for several (`shared = true`).
                let also = match &first {
                    _ if repeated_here => Some("this activity".to_owned()),
                    Some(_) if self.shared_links.contains(&normal) => None,
                    Some(first) if *first == name => Some("this activity".to_owned()),
                    Some(first) => Some(format!("activity `{first}`")),
                    None => None,
                };
                if let Some(also) = also {
                    let mut hint = "links that differ only by a trailing slash, `utm_*` parameters, a fragment or the host's case are the same link".to_owned();
                    if !repeated_here {
                        hint.push_str("; for a link meant to support several activities, write it `{ url = \"...\", shared = true }`");
                    }
                    self.report(
                        file,
                        Code::DuplicateEvidence,
                        item_span.clone(),
                        format!("evidence `{url}` of activity `{name}` is also evidence of {also}"),
                        Some(hint),
                    );
                }
                if first.is_none() {
                    self.seen_evidence.insert(normal, name.clone());
                }
                match check_url(url) {
                    Err(why) => self.report(file, Code::InvalidUrl,
                        item_span,
                        format!("evidence `{url}` of activity `{name}` {why}"),
                        Some("evidence links must be absolute `https://`, `http://` or `mailto:` URLs".into()),
                    ),
                    Ok(()) if !item.private => {
                        if let Some(why) = internal_host(url) {
                            self.report(
                                file,
                                Code::PrivateLink,
                                item_span,
                                format!("evidence `{url}` of activity `{name}` looks like an internal link ({why}): a reader outside the network cannot open it"),
                                Some(format!("if it is, write it `{{ url = \"{url}\", label = \"...\", private = true }}` so that readers know it needs access; else link a public copy")),
                            );
                        }
                    }
                    Ok(()) => {}
                }
            }
            // The same link twice in one activity is one piece of evidence.
            if repeated_here {
                continue;
            }
            evidence.push(Evidence {
                url: item.url,
                key,
                label: item.label,
                private: item.private,
            });
        }

        if self.errors > errors_before {
            // Left out of the model, it may well fill a section it names once it is fixed.
            self.unsure_sections.extend(sections);
            return None;
        }
        Some(Activity {
            id,
            title: raw.title.into_inner(),
            when: when?,
            kind: raw.kind,
            sections,
            items,
            summary: raw.summary,
            impact: raw.impact,
            evidence,
            key_metric: raw
                .metrics
                .keys()
                .enumerate()
                .min_by_key(|(_, key)| key.span().start)
                .map(|(at, _)| at),
            metrics: raw
                .metrics
                .into_iter()
                .map(|(key, m)| {
                    let key = key.into_inner();
                    let unit = m
                        .unit
                        .or_else(|| self.measures.get(&key).and_then(|d| d.unit.clone()));
                    Measurement {
                        key,
                        value: m.value,
                        unit,
                    }
                })
                .collect(),
            tags: raw.tags,
            clipped: None,
        })
    }

    /// An activity must fall in the review period; one that only overlaps it is suspicious.
    fn in_period(
        &mut self,
        file: &Source,
        when: When,
        raw: &RawActivity,
        name: &str,
        span: Range<usize>,
    ) {
        let (first, last) = self.period;
        let at = raw
            .date
            .as_ref()
            .or(raw.start.as_ref())
            .map_or(span, |d| d.span());
        let hint = Some(format!(
            "the review period is {first} to {last}; check the date or the period"
        ));
        if when.end() < first || when.start() > last {
            self.report(
                file,
                Code::OutsidePeriod,
                at,
                format!(
                    "activity `{name}` ({}) is outside the review period",
                    describe(when)
                ),
                hint,
            );
        } else if when.start() < first || when.end() > last {
            let how = match (when.start() < first, when.end() > last) {
                (true, true) => "starts before and ends after",
                (true, false) => "starts before",
                _ => "ends after",
            };
            self.report(
                file,
                Code::PartlyOutsidePeriod,
                at,
                format!(
                    "activity `{name}` ({}) {how} the review period",
                    describe(when)
                ),
                hint,
            );
        }
    }

    fn when(
        &mut self,
        file: &Source,
        raw: &RawActivity,
        name: &str,
        span: Range<usize>,
    ) -> Option<When> {
        let date = raw.date.as_ref();
        let (start, end) = (raw.start.as_ref(), raw.end.as_ref());
        match (date, start, end) {
            (Some(date), None, None) => Some(When::Day(date.get_ref().0)),
            (None, Some(start), Some(end)) => match Days::new(start.get_ref().0, end.get_ref().0) {
                Ok(days) => Some(When::Span(days.start, days.end)),
                Err(backwards) => {
                    self.report(
                        file,
                        Code::EndBeforeStart,
                        end.span(),
                        format!("activity `{name}` {backwards}"),
                        Some("swap `start` and `end`".into()),
                    );
                    None
                }
            },
            (Some(date), _, _) => {
                self.report(
                    file,
                    Code::ConflictingDates,
                    date.span(),
                    format!("activity `{name}` has both `date` and `start`/`end`"),
                    Some("use `date` for one day, or `start` and `end` for a span".into()),
                );
                None
            }
            (None, Some(only), None) | (None, None, Some(only)) => {
                let missing = if raw.start.is_some() { "end" } else { "start" };
                self.report(
                    file,
                    Code::MissingDate,
                    only.span(),
                    format!("activity `{name}` has no `{missing}`"),
                    Some("a span needs both `start` and `end`; use `date` for one day".into()),
                );
                None
            }
            (None, None, None) => {
                self.report(
                    file,
                    Code::MissingDate,
                    span,
                    format!("activity `{name}` has no date"),
                    Some("add `date = YYYY-MM-DD`, or `start` and `end` for a span".into()),
                );
                None
            }
        }
    }

    /// The rubric sections an activity names, with where it names them.
    fn sections(
        &mut self,
        file: &Source,
        raw: &RawActivity,
        name: &str,
    ) -> (Mentions, Vec<(usize, String)>) {
        let ids = || self.rubric.sections.iter().map(|s| s.id.as_str());
        let listed = raw.sections.as_ref().filter(|s| !s.get_ref().is_empty());
        let Some(listed) = listed else {
            let hint = format!(
                "add `sections = [...]` with ids from: {}",
                suggest::backticked(ids())
            );
            let span = raw
                .sections
                .as_ref()
                .map_or_else(|| raw.title.span(), |s| s.span());
            self.report(
                file,
                Code::NoSection,
                span,
                format!("activity `{name}` names no rubric section"),
                Some(hint),
            );
            return (Vec::new(), Vec::new());
        };
        let mut found: Vec<(usize, Range<usize>)> = Vec::new();
        let mut items: Vec<(usize, String)> = Vec::new();
        for section in listed.get_ref() {
            // A whole section id first: an old rubric's id may hold a `#`.
            let whole = section.get_ref().as_str();
            let (wanted, item) = match whole.rsplit_once('#') {
                Some((wanted, item)) if !ids().any(|id| id == whole) => (wanted, Some(item)),
                _ => (whole, None),
            };
            match ids().position(|id| id == wanted) {
                Some(index) if self.rubric.sections[index].info => {
                    self.report(
                        file,
                        Code::InfoSection,
                        section.span(),
                        format!(
                            "activity `{name}` names section `{wanted}`, which the rubric gives for information only"
                        ),
                        Some("no activity evidences an information-only section: name another section".into()),
                    );
                }
                Some(index) => {
                    let who = format!("activity `{name}`");
                    if let Some(item) = item
                        && self.known_item(file, index, item, section.span(), &who)
                    {
                        items.push((index, item.to_owned()));
                    }
                    if !found.iter().any(|(i, _)| *i == index) {
                        found.push((index, section.span()));
                    }
                }
                None => {
                    let meant = self.probable_section(wanted);
                    self.unsure_sections.extend(meant);
                    let hint = suggest::hint(wanted, ids());
                    self.report(
                        file,
                        Code::UnknownSection,
                        section.span(),
                        format!("activity `{name}` names unknown rubric section `{wanted}`"),
                        Some(hint),
                    );
                }
            }
        }
        (found, items)
    }

    /// Whether section `index` has an item `item` at some level; reports it when not.
    pub(super) fn known_item(
        &mut self,
        file: &Source,
        index: usize,
        item: &str,
        span: Range<usize>,
        who: &str,
    ) -> bool {
        let section = &self.rubric.sections[index];
        let all = || section.items.iter().flatten().map(|i| i.id.as_str());
        if all().any(|id| id == item) {
            let Some(&target) = self.targets.get(index) else {
                return true;
            };
            let here = section.items(target);
            if here.iter().any(|i| i.id == item) {
                return true;
            }
            let level = &self.rubric.levels[target].id;
            let hint = if here.is_empty() {
                format!("section `{}` has no items at `{level}`", section.id)
            } else {
                format!(
                    "items at `{level}`: {}",
                    suggest::backticked(here.iter().map(|i| i.id.as_str()))
                )
            };
            let message = format!(
                "{who} names item `{item}` of section `{}`, which is not expected at `{level}`: it counts for no item",
                section.id
            );
            self.report(file, Code::ItemNotExpected, span, message, Some(hint));
            return false;
        }
        let hint = if all().next().is_none() {
            format!(
                "section `{}` has no items: its expectations are text, so name the section alone",
                section.id
            )
        } else {
            suggest::hint(item, all())
        };
        let message = format!(
            "{who} names unknown item `{item}` of section `{}`",
            section.id
        );
        self.report(file, Code::UnknownItem, span, message, Some(hint));
        false
    }
}

/// The sections an activity names, each with where it names it.
type Mentions = Vec<(usize, Range<usize>)>;

fn describe(when: When) -> String {
    match when {
        When::Day(day) => day.to_string(),
        When::Span(start, end) => format!("{start} to {end}"),
    }
}
