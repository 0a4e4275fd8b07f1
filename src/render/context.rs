//! The template context: everything a template can use, as one serializable value.
//!
//! This is an interface: templates written by users depend on these names. Add fields freely;
//! rename or remove one only with a major version. The README's "Template context" lists them.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use super::number::Number;
use crate::error::Error;
use crate::packet::coverage;
use crate::packet::model::{Activity, Kind, Packet, When};
use crate::packet::plain;
use crate::render::figures::{self, Figures};
use crate::rubric::{Level, Section};
use rayon::prelude::*;

/// Activities per parallel task: below this, splitting the work costs more than it saves.
pub const PARALLEL_CHUNK: usize = 512;

#[derive(Debug, Serialize)]
pub struct Context {
    /// The version of promopack that rendered the packet.
    pub version: &'static str,
    pub person: PersonContext,
    pub target: LevelContext,
    pub period: PeriodContext,
    pub rubric: RubricContext,
    pub summary: Summary,
    /// For every section expected at the target level: activities, evidence and metrics behind
    /// it, and a status of `strong`, `thin` or `missing`.
    pub coverage: Vec<coverage::Row>,
    /// Headline metrics, rollups of per-activity metrics, quarters and charts.
    #[serde(flatten)]
    pub figures: Figures,
    /// Every rubric section in rubric order, each with the activities that evidence it.
    pub sections: Vec<SectionContext>,
    /// Sections expected at the target level that no activity evidences.
    pub gaps: Vec<SectionRef>,
    /// Every activity, by start date (then end date, then file order).
    pub timeline: Vec<Arc<ActivityContext>>,
    /// Every evidence item of every activity, in timeline order.
    pub evidence: Vec<EvidenceEntry>,
}

#[derive(Debug, Serialize)]
pub struct PersonContext {
    pub name: String,
    pub role: String,
    pub team: Option<String>,
    pub manager: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelContext {
    pub id: String,
    pub name: String,
    pub description: String,
    /// 1-based position in the ladder, lowest first.
    pub position: usize,
}

#[derive(Debug, Serialize)]
pub struct PeriodContext {
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Debug, Serialize)]
pub struct RubricContext {
    pub name: String,
    pub description: String,
    pub levels: Vec<LevelContext>,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub activities: usize,
    pub evidence: usize,
    /// Sections with an expectation at the target level.
    pub sections_expected: usize,
    /// Of those, the ones at least one activity evidences.
    pub sections_covered: usize,
    pub by_section: Vec<Count>,
    /// Only the kinds that occur, in the fixed order of kinds.
    pub by_kind: Vec<Count>,
}

#[derive(Debug, Serialize)]
pub struct Count {
    pub id: String,
    pub name: String,
    pub anchor: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct SectionContext {
    #[serde(flatten)]
    pub info: SectionInfo,
    /// The activities mapped to the section, in date order: the timeline's own, shared.
    pub activities: Vec<Arc<ActivityContext>>,
}

/// Everything about a section but its activities, which templates receive shared rather than
/// copied (see `render::tera_context`).
#[derive(Debug, Serialize)]
pub struct SectionInfo {
    pub id: String,
    pub name: String,
    pub anchor: String,
    pub group: Option<String>,
    /// True for the first section of a group, where a template may print the group's heading.
    pub group_starts: bool,
    pub description: String,
    /// Whether the section has an expectation at the target level.
    pub expected: bool,
    /// The expectation at the target level (carried over from a lower level if none is written).
    pub expectation: Option<String>,
    /// The level whose text `expectation` is.
    pub expectation_level: Option<LevelContext>,
    /// The lowest level this section applies to.
    pub first_level: Option<LevelContext>,
    pub max_chars: Option<usize>,
    pub max_words: Option<usize>,
    /// The section's evidence as plain text, ready to paste into a review tool: each
    /// activity's title and date, then its summary and impact, blocks separated by a blank
    /// line. This is the text `max_chars` and `max_words` are checked against.
    pub text: String,
    /// Length of `text` in characters.
    pub chars: usize,
    /// Length of `text` in words.
    pub words: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionRef {
    pub id: String,
    pub name: String,
    pub anchor: String,
    pub expectation: Option<String>,
}

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
    pub evidence: Vec<EvidenceContext>,
    pub metrics: Vec<ActivityMetric>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceContext {
    pub url: Option<String>,
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
}

#[derive(Debug, Serialize)]
pub struct EvidenceEntry {
    #[serde(flatten)]
    pub evidence: EvidenceContext,
    pub activity_id: String,
    pub activity_title: String,
    pub activity_anchor: String,
}

impl Context {
    pub fn new(packet: &Packet) -> Result<Self, Error> {
        let rubric = &packet.rubric;
        let level = |index: usize| level_context(&rubric.levels, index);

        let mut order: Vec<usize> = (0..packet.activities.len()).collect();
        order.sort_by_key(|&i| {
            let when = packet.activities[i].when;
            (when.start(), when.end(), i)
        });
        let anchors = unique_anchors("activity", packet.activities.iter().map(|a| a.id.as_str()));
        let section_anchors =
            unique_anchors("section", rubric.sections.iter().map(|s| s.id.as_str()));
        let section_ref = |index: usize| {
            section_ref(
                &rubric.sections[index],
                &section_anchors[index],
                packet.target,
            )
        };
        let activity = |(a, anchor): (&Activity, &String)| ActivityContext {
            id: a.id.clone(),
            anchor: anchor.clone(),
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
            summary: a.summary.clone(),
            impact: a.impact.clone(),
            evidence: a
                .evidence
                .iter()
                .map(|e| EvidenceContext {
                    url: e.url.clone(),
                    label: e.label.clone(),
                    private: e.private,
                    text: e
                        .label
                        .clone()
                        .or_else(|| e.url.clone())
                        .unwrap_or_default(),
                    host: e.url.as_deref().and_then(link_host),
                })
                .collect(),
            metrics: a
                .metrics
                .iter()
                .map(|m| ActivityMetric {
                    id: m.key.clone(),
                    name: packet.measure_name(&m.key),
                    value: Number::from(m.value),
                    unit: m.unit.clone(),
                })
                .collect(),
            tags: a.tags.clone(),
        };
        // The charts take as long as the activities of a small packet: draw them alongside.
        let (figures, (timeline, blocks)) = rayon::join(
            || figures::figures(packet),
            || {
                let timeline: Vec<Arc<ActivityContext>> = order
                    .par_iter()
                    .with_min_len(PARALLEL_CHUNK)
                    .map(|&i| Arc::new(activity((&packet.activities[i], &anchors[i]))))
                    .collect();
                // An activity's plain-text block is the same in every section it evidences.
                let blocks: Vec<String> = order
                    .par_iter()
                    .with_min_len(PARALLEL_CHUNK)
                    .map(|&i| plain::activity_block(&packet.activities[i]))
                    .collect();
                (timeline, blocks)
            },
        );
        let mut per_section: Vec<Vec<Arc<ActivityContext>>> =
            vec![Vec::new(); rubric.sections.len()];
        let mut section_blocks: Vec<Vec<&str>> = vec![Vec::new(); rubric.sections.len()];
        for ((&i, context), block) in order.iter().zip(&timeline).zip(&blocks) {
            for &section in &packet.activities[i].sections {
                per_section[section].push(Arc::clone(context));
                section_blocks[section].push(block);
            }
        }

        let mut previous_group = None;
        let sections: Vec<SectionContext> = rubric
            .sections
            .iter()
            .zip(per_section.into_iter().zip(section_blocks))
            .enumerate()
            .map(|(index, (section, (activities, blocks)))| {
                let expectation = section.expectation(packet.target);
                let text = blocks.join("\n\n");
                let group_starts =
                    section.group.is_some() && previous_group != Some(section.group.as_deref());
                previous_group = Some(section.group.as_deref());
                SectionContext {
                    info: SectionInfo {
                        id: section.id.clone(),
                        name: section.name.clone(),
                        anchor: section_anchors[index].clone(),
                        group: section.group.clone(),
                        group_starts,
                        description: section.description.clone(),
                        expected: expectation.is_some(),
                        expectation: expectation.map(|(_, text)| text.to_owned()),
                        expectation_level: expectation.map(|(at, _)| level(at)),
                        first_level: section.first_level().map(level),
                        max_chars: section.max_chars,
                        max_words: section.max_words,
                        chars: text.chars().count(),
                        words: text.split_whitespace().count(),
                        text,
                    },
                    activities,
                }
            })
            .collect();

        let gaps = sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.info.expected && s.activities.is_empty())
            .map(|(i, _)| section_ref(i))
            .collect();
        let sections_expected = sections.iter().filter(|s| s.info.expected).count();
        let sections_covered = sections
            .iter()
            .filter(|s| s.info.expected && !s.activities.is_empty())
            .count();

        let mut kinds: BTreeMap<Kind, usize> = BTreeMap::new();
        for a in &packet.activities {
            *kinds.entry(a.kind).or_default() += 1;
        }

        let evidence: Vec<EvidenceEntry> = timeline
            .iter()
            .flat_map(|a| {
                a.evidence.iter().map(|e| EvidenceEntry {
                    evidence: e.clone(),
                    activity_id: a.id.clone(),
                    activity_title: a.title.clone(),
                    activity_anchor: a.anchor.clone(),
                })
            })
            .collect();

        Ok(Context {
            version: env!("CARGO_PKG_VERSION"),
            person: PersonContext {
                name: packet.person.name.clone(),
                role: packet.person.role.clone(),
                team: packet.person.team.clone(),
                manager: packet.person.manager.clone(),
            },
            target: level(packet.target),
            period: PeriodContext {
                label: packet.period.label.clone(),
                start: packet.period.start,
                end: packet.period.end,
            },
            rubric: RubricContext {
                name: rubric.name.clone(),
                description: rubric.description.clone(),
                levels: (0..rubric.levels.len()).map(level).collect(),
            },
            summary: Summary {
                activities: packet.activities.len(),
                evidence: evidence.len(),
                sections_expected,
                sections_covered,
                by_section: sections
                    .iter()
                    .map(|s| Count {
                        id: s.info.id.clone(),
                        name: s.info.name.clone(),
                        anchor: s.info.anchor.clone(),
                        count: s.activities.len(),
                    })
                    .collect(),
                by_kind: kinds
                    .into_iter()
                    .map(|(kind, count)| Count {
                        id: kind.id().to_owned(),
                        name: kind.label().to_owned(),
                        anchor: String::new(),
                        count,
                    })
                    .collect(),
            },
            coverage: coverage::rows(packet),
            figures: figures?,
            sections,
            gaps,
            timeline,
            evidence,
        })
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

fn level_context(levels: &[Level], index: usize) -> LevelContext {
    let level = &levels[index];
    LevelContext {
        id: level.id.clone(),
        name: level.name.clone(),
        description: level.description.clone(),
        position: index + 1,
    }
}

/// `prefix-slug` for each id, with `-2`, `-3`... where two ids make the same slug.
fn unique_anchors<'a>(prefix: &str, ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    ids.map(|id| {
        let base = format!("{prefix}-{}", slug::slugify(id));
        let mut anchor = base.clone();
        let mut n = 1;
        while !seen.insert(anchor.clone()) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
        anchor
    })
    .collect()
}

fn section_ref(section: &Section, anchor: &str, target: usize) -> SectionRef {
    SectionRef {
        id: section.id.clone(),
        name: section.name.clone(),
        anchor: anchor.to_owned(),
        expectation: section.expectation(target).map(|(_, text)| text.to_owned()),
    }
}
