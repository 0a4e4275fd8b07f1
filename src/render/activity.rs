//! One activity as templates see it, and the compact reference a claim makes to it.

use serde::Serialize;

use chrono::NaiveDate;

use crate::number::Number;
use crate::packet::model::{Activity, Kind, Packet, When};
use crate::packet::plain;
use crate::rubric::Section;

#[derive(Debug, Clone, Serialize)]
pub struct ActivityContext {
    pub id: String,
    /// Unique in the document; the HTML gives it to the activity's first appearance.
    pub anchor: String,
    /// The id of the first section, in rubric order, the activity appears in.
    pub home: String,
    pub title: String,
    pub kind: Kind,
    pub kind_label: &'static str,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// `2025-09-30`, or `2025-09-01 – 2025-12-31` for a span.
    pub date: String,
    pub sections: Vec<SectionRef>,
    /// Markdown, as written.
    pub summary: String,
    /// Markdown, as written.
    pub impact: String,
    /// The first sentence of the impact (or else of the summary) as plain text: the line a
    /// reference to the activity shows.
    pub headline: String,
    pub evidence: Vec<EvidenceContext>,
    pub metrics: Vec<ActivityMetric>,
    /// The metric written first in the activity's `metrics` (which are sorted by key), for a
    /// compact reference.
    pub key_metric: Option<ActivityMetric>,
    /// The first evidence item with a link that is not private, for a compact reference.
    pub link: Option<EvidenceContext>,
    pub tags: Vec<String>,
    /// When a slice of the review period (`--period`, `--since`, `--until`) cut the
    /// activity's span to the period shown: what was cut; absent for an activity shown whole.
    pub clipped: Option<ClippedContext>,
}

/// How a slice of the review period cut an activity's span; `start` and `end` of the activity
/// are the days inside the period shown.
#[derive(Debug, Clone, Serialize)]
pub struct ClippedContext {
    /// The activity began before the period shown.
    pub before: bool,
    /// The activity goes on after the period shown.
    pub after: bool,
    /// The first and last day as written in the packet.
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// `began before this period`, `continues after this period`, or both, for readers.
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceContext {
    pub url: Option<String>,
    /// The link in the form two links are the same by; not for templates.
    #[serde(skip)]
    pub key: Option<String>,
    pub label: Option<String>,
    pub private: bool,
    /// The label, or else the URL: what a reader sees.
    pub text: String,
    /// Where the link goes (`blog.example.com`, or the address of a `mailto:` link), to show
    /// beside a label.
    pub host: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActivityMetric {
    /// The key as written, e.g. `prs_merged`.
    pub id: String,
    /// The key for readers: its `[measure]` name, or the key with spaces (`prs merged`).
    pub name: String,
    pub value: Number,
    pub unit: Option<String>,
    /// What follows the value on the page: ` people`, `%` (no space), or nothing.
    pub suffix: String,
}

/// One link of the evidence index: each distinct link once, with every activity it proves.
#[derive(Debug, Serialize)]
pub struct EvidenceEntry {
    #[serde(flatten)]
    pub evidence: EvidenceContext,
    /// The first activity that gives it.
    pub activity_id: String,
    pub activity_title: String,
    pub activity_anchor: String,
    /// Every activity that gives it, in timeline order.
    pub activities: Vec<ActivityLink>,
}

/// An activity as a link target.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityLink {
    pub id: String,
    pub title: String,
    pub anchor: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionRef {
    pub id: String,
    pub name: String,
    pub anchor: String,
    pub expectation: Option<String>,
}

/// A section as a link target, with its expectation at `target`.
pub fn section_ref(section: &Section, anchor: &str, target: usize) -> SectionRef {
    SectionRef {
        id: section.id.clone(),
        name: section.name.clone(),
        anchor: anchor.to_owned(),
        expectation: section.expectation(target).map(|(_, text)| text.to_owned()),
    }
}

impl ActivityContext {
    /// The context of activity `a`, whose anchor is `anchor`; `section_ref` names a section
    /// by its index.
    pub fn new(
        packet: &Packet,
        a: &Activity,
        anchor: &str,
        section_ref: &dyn Fn(usize) -> SectionRef,
    ) -> Self {
        let rubric = &packet.rubric;
        let evidence: Vec<EvidenceContext> = a
            .evidence
            .iter()
            .map(|e| EvidenceContext {
                url: e.url.clone(),
                key: e.key.clone(),
                label: e.label.clone(),
                private: e.private,
                text: e
                    .label
                    .clone()
                    .or_else(|| e.url.clone())
                    .unwrap_or_default(),
                host: e.url.as_deref().and_then(link_host),
            })
            .collect();
        let metrics: Vec<ActivityMetric> = a
            .metrics
            .iter()
            .map(|m| ActivityMetric {
                id: m.key.clone(),
                name: packet.measure_name(&m.key),
                value: Number::from(m.value),
                suffix: match m.unit.as_deref() {
                    None | Some("") => String::new(),
                    Some("%") => "%".to_owned(),
                    Some(unit) => format!(" {unit}"),
                },
                unit: m.unit.clone(),
            })
            .collect();
        ActivityContext {
            id: a.id.clone(),
            anchor: anchor.to_owned(),
            home: a
                .sections
                .iter()
                .min()
                .map(|&s| rubric.sections[s].id.clone())
                .unwrap_or_default(),
            title: a.title.clone(),
            kind: a.kind,
            kind_label: a.kind.label(),
            start: a.when.start(),
            end: a.when.end(),
            date: match a.when {
                When::Day(day) => day.to_string(),
                When::Span(start, end) => format!("{start} – {end}"),
            },
            sections: a.sections.iter().map(|&s| section_ref(s)).collect(),
            headline: plain::headline(if a.impact.trim().is_empty() {
                &a.summary
            } else {
                &a.impact
            }),
            summary: a.summary.clone(),
            impact: a.impact.clone(),
            key_metric: a.key_metric.and_then(|at| metrics.get(at)).cloned(),
            link: evidence
                .iter()
                .find(|e| e.url.is_some() && !e.private)
                .cloned(),
            evidence,
            metrics,
            tags: a.tags.clone(),
            clipped: a.clipped.zip(a.clip_note()).map(|(written, note)| {
                let (before, after) = a.clipped_ends();
                ClippedContext {
                    before,
                    after,
                    start: written.start(),
                    end: written.end(),
                    note: note.to_owned(),
                }
            }),
        }
    }
}

/// The host of a web link, or the address of a mail link.
fn link_host(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    match url.host_str() {
        Some(host) => Some(host.trim_start_matches("www.").to_owned()),
        None if url.scheme() == "mailto" => Some(url.path().to_owned()),
        None => None,
    }
}
