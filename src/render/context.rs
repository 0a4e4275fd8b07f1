//! The template context: everything a template can use, as one serializable value.
//!
//! This is an interface: templates written by users depend on these names. Add fields freely;
//! rename or remove one only with a major version. docs/templates.md lists them.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use super::Layout;
use super::activity::{ActivityContext, ActivityLink, EvidenceEntry, SectionRef, section_ref};
use super::ladder::{ItemContext, LevelContext, RubricContext};
use super::review::{self, GoalContext, GrowthContext, ShortFormContext, TestimonialContext};
use crate::error::Error;
use crate::packet::coverage;
use crate::packet::model::{Activity, Kind, Packet};
use crate::packet::plain;
use crate::render::figures::{self, Figures};

/// Activities per parallel task: below this, splitting the work costs more than it saves.
pub const PARALLEL_CHUNK: usize = 512;

#[derive(Debug, Serialize)]
pub struct Context {
    /// The version of promopack that rendered the packet.
    pub version: &'static str,
    /// What the packet shows: `packet` (the case, then each activity in full once in an
    /// appendix), `case` (the case alone) or `record` (every activity in full in every
    /// section, and every number).
    pub layout: Layout,
    /// The author's argument as a whole.
    pub case: CaseContext,
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
    /// Every distinct link, and every item without one, in timeline order: each once.
    pub evidence: Vec<EvidenceEntry>,
    /// Words from others, in the order written (claims show the ones they cite too).
    pub testimonials: Vec<TestimonialContext>,
    /// Areas to grow in, in the order written.
    pub growth: Vec<GrowthContext>,
    /// Goals for the next period, in the order written.
    pub goals: Vec<GoalContext>,
    /// The goals the last period set (`[[previous_goal]]`), with what came of them.
    pub previous_goals: Vec<GoalContext>,
    /// The short self-evaluation review tools ask for; what `--layout short` shows.
    pub short_form: ShortFormContext,
}

#[derive(Debug, Serialize)]
pub struct CaseContext {
    /// Markdown: the author's summary of the case; empty for none.
    pub summary: String,
}

/// One of the author's claims on a section.
#[derive(Debug, Serialize)]
pub struct ClaimContext {
    /// Markdown: how the work meets the expectation.
    pub text: String,
    /// The activities it cites, strongest first: the timeline's own, shared.
    pub evidence: Vec<Arc<ActivityContext>>,
    /// The items of the section's expectation the claim speaks to, as the author lists them.
    pub items: Vec<ClaimItem>,
    /// The testimonials it cites, as the author lists them.
    pub testimonials: Vec<TestimonialContext>,
}

/// An item a claim speaks to.
#[derive(Debug, Serialize)]
pub struct ClaimItem {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct PersonContext {
    pub name: String,
    pub role: String,
    pub team: Option<String>,
    pub manager: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PeriodContext {
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
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
    /// The author's claims on the section, in the order written.
    pub claims: Vec<ClaimContext>,
    /// The activities mapped to the section that no claim on it cites, in date order.
    pub others: Vec<Arc<ActivityContext>>,
    /// The items of the expectation at the section's target, when it is a list, each with the
    /// activities that name it; empty for an expectation written as text.
    pub items: Vec<ItemContext>,
}

/// Everything about a section but its activities, which templates receive shared rather than
/// copied (see `render::tera_context`).
#[derive(Debug, Serialize)]
pub struct SectionInfo {
    pub id: String,
    pub name: String,
    pub anchor: String,
    pub group: Option<String>,
    /// Markdown: the introduction of the section's group, where the rubric gives one.
    pub group_description: String,
    /// True for the first section of a group, where a template may print the group's heading.
    pub group_starts: bool,
    /// Information only: shown, never a gap, never evidenced.
    pub info: bool,
    /// The level the section is argued at: the person's target, or the one `[targets]` gives.
    pub target: LevelContext,
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

impl Context {
    /// The context of `packet`, to be shown in `layout` (see `Context::layout`).
    pub fn new(packet: &Packet, layout: Layout) -> Result<Self, Error> {
        let rubric = &packet.rubric;
        let level = |index: usize| LevelContext::new(&rubric.levels, index);

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
                packet.section_targets[index],
            )
        };
        let activity = |(a, anchor): (&Activity, &String)| {
            ActivityContext::new(packet, a, anchor, &section_ref)
        };
        // A large packet's charts are drawn alongside its activities.
        let parallel = order.len() >= super::PARALLEL_ACTIVITIES;
        let (figures, (timeline, blocks)) = super::join(
            parallel,
            || figures::figures(packet),
            || {
                let timeline: Vec<Arc<ActivityContext>> =
                    super::map_collect(parallel, PARALLEL_CHUNK, &order, |&i| {
                        Arc::new(activity((&packet.activities[i], &anchors[i])))
                    });
                // An activity's plain-text block is the same in every section it evidences.
                let blocks: Vec<String> =
                    super::map_collect(parallel, PARALLEL_CHUNK, &order, |&i| {
                        plain::activity_block(&packet.activities[i])
                    });
                (timeline, blocks)
            },
        );
        // Activity index in the packet -> its context in the timeline.
        let mut by_index: Vec<Option<&Arc<ActivityContext>>> = vec![None; order.len()];
        for (&i, context) in order.iter().zip(&timeline) {
            by_index[i] = Some(context);
        }
        let testimonials = review::testimonials(packet, &anchors, &section_ref);
        let mut claims: Vec<Vec<ClaimContext>> = Vec::new();
        claims.resize_with(rubric.sections.len(), Vec::new);
        for claim in &packet.claims {
            let section = &rubric.sections[claim.section];
            let items = claim
                .items
                .iter()
                .filter_map(|id| section.items.iter().flatten().find(|i| &i.id == id))
                .map(|i| ClaimItem {
                    id: i.id.clone(),
                    text: i.text.clone(),
                })
                .collect();
            claims[claim.section].push(ClaimContext {
                text: claim.text.clone(),
                items,
                testimonials: claim
                    .testimonials
                    .iter()
                    .filter_map(|&t| testimonials.get(t).cloned())
                    .collect(),
                evidence: claim
                    .evidence
                    .iter()
                    .filter_map(|&i| by_index.get(i).copied().flatten().map(Arc::clone))
                    .collect(),
            });
        }
        let mut per_section: Vec<Vec<Arc<ActivityContext>>> =
            vec![Vec::new(); rubric.sections.len()];
        let mut section_blocks: Vec<Vec<&str>> = vec![Vec::new(); rubric.sections.len()];
        for ((&i, context), block) in order.iter().zip(&timeline).zip(&blocks) {
            for &section in &packet.activities[i].sections {
                per_section[section].push(Arc::clone(context));
                section_blocks[section].push(block);
            }
        }

        let by_id: std::collections::HashMap<&str, usize> = packet
            .activities
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let mut previous_group = None;
        let sections: Vec<SectionContext> = rubric
            .sections
            .iter()
            .zip(per_section.into_iter().zip(section_blocks))
            .zip(claims)
            .enumerate()
            .map(|(index, ((section, (activities, blocks)), claims))| {
                let target = packet.section_targets[index];
                let expectation = section.expectation(target);
                let items = section
                    .items(target)
                    .iter()
                    .map(|item| {
                        let proving: Vec<Arc<ActivityContext>> = activities
                            .iter()
                            .filter(|a| {
                                packet.activities[by_id[a.id.as_str()]]
                                    .items
                                    .iter()
                                    .any(|(s, id)| *s == index && *id == item.id)
                            })
                            .cloned()
                            .collect();
                        ItemContext {
                            id: item.id.clone(),
                            text: item.text.clone(),
                            status: coverage::Status::of(proving.len(), rubric.item_strong),
                            activities: proving,
                        }
                    })
                    .collect();
                let text = blocks.join("\n\n");
                let group_starts =
                    section.group.is_some() && previous_group != Some(section.group.as_deref());
                previous_group = Some(section.group.as_deref());
                let cited = |a: &Arc<ActivityContext>| {
                    claims
                        .iter()
                        .any(|c| c.evidence.iter().any(|e| Arc::ptr_eq(e, a)))
                };
                let others = activities.iter().filter(|a| !cited(a)).cloned().collect();
                SectionContext {
                    info: SectionInfo {
                        id: section.id.clone(),
                        name: section.name.clone(),
                        anchor: section_anchors[index].clone(),
                        group: section.group.clone(),
                        group_description: section
                            .group_index
                            .map(|g| rubric.groups[g].description.clone())
                            .unwrap_or_default(),
                        group_starts,
                        info: section.info,
                        target: level(target),
                        description: section.description.clone(),
                        expected: section.expected_at(target),
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
                    claims,
                    others,
                    items,
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

        let evidence = evidence_index(&timeline);

        Ok(Context {
            version: env!("CARGO_PKG_VERSION"),
            layout,
            case: CaseContext {
                summary: packet.case_summary.clone(),
            },
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
            rubric: RubricContext::new(rubric),
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
            growth: packet
                .growth
                .iter()
                .map(|g| GrowthContext {
                    area: g.area.clone(),
                    done: g.done.clone(),
                    next: g.next.clone(),
                })
                .collect(),
            goals: review::goals(packet, &packet.goals, &section_ref),
            previous_goals: review::goals(packet, &packet.previous_goals, &section_ref),
            short_form: review::short_form(packet, &anchors, &section_ref),
            testimonials,
        })
    }
}

/// Each distinct link once, with every activity that gives it; items without a link each on
/// their own. In timeline order.
fn evidence_index(timeline: &[Arc<ActivityContext>]) -> Vec<EvidenceEntry> {
    let mut index: Vec<EvidenceEntry> = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for activity in timeline {
        let link = ActivityLink {
            id: activity.id.clone(),
            title: activity.title.clone(),
            anchor: activity.anchor.clone(),
        };
        for item in &activity.evidence {
            let key = item.key.clone();
            if let Some(&at) = key.as_ref().and_then(|key| seen.get(key)) {
                let entry: &mut EvidenceEntry = &mut index[at];
                if !entry.activities.iter().any(|a| a.anchor == link.anchor) {
                    entry.activities.push(link.clone());
                }
                continue;
            }
            if let Some(key) = key {
                seen.insert(key, index.len());
            }
            index.push(EvidenceEntry {
                evidence: item.clone(),
                activity_id: link.id.clone(),
                activity_title: link.title.clone(),
                activity_anchor: link.anchor.clone(),
                activities: vec![link.clone()],
            });
        }
    }
    index
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
