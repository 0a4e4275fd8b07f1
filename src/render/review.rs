//! The parts of a self-review beyond the claims, as templates see them: words from others,
//! growth areas, goals (the next period's and the last one's), and the short form.

use chrono::NaiveDate;
use serde::Serialize;

use super::activity::{ActivityLink, SectionRef};
use super::ladder::LevelContext;
use crate::packet::model::{Goal, Packet, Testimonial};
use crate::packet::short::ShortForm;

/// Words from someone else about the work.
#[derive(Debug, Clone, Serialize)]
pub struct TestimonialContext {
    pub id: String,
    /// Unique in the document; the HTML gives it to the testimonial in "What others say".
    pub anchor: String,
    /// Markdown: what they said.
    pub quote: String,
    pub name: String,
    pub role: String,
    /// How they know the work.
    pub relationship: Option<String>,
    pub date: Option<NaiveDate>,
    /// Where the words can be read.
    pub url: Option<String>,
    /// Said in confidence, or at a link a reader may not open: shown with a `private` mark.
    pub private: bool,
    /// `Name, Role`: who said it, in one line.
    pub attribution: String,
    /// The activities it speaks about, as link targets.
    pub activities: Vec<ActivityLink>,
    /// The sections it supports.
    pub sections: Vec<SectionRef>,
}

/// An area to grow in.
#[derive(Debug, Serialize)]
pub struct GrowthContext {
    pub area: String,
    /// Markdown: what was done about it this period.
    pub done: String,
    /// Markdown: what comes next.
    pub next: String,
}

/// A goal: of the next period, or set by the last one.
#[derive(Debug, Serialize)]
pub struct GoalContext {
    /// Markdown: the goal.
    pub goal: String,
    /// The section it aims at.
    pub section: SectionRef,
    /// The level whose expectation it aims at.
    pub level: LevelContext,
    /// Markdown: the signal that shows it was met.
    pub signal: String,
    /// The headline metric it moves: its id and name.
    pub metric: Option<GoalMetric>,
    /// Markdown: what came of it (a goal of the last period); empty for none.
    pub outcome: String,
}

#[derive(Debug, Serialize)]
pub struct GoalMetric {
    pub id: String,
    pub name: String,
}

/// The short self-evaluation review tools ask for (`--layout short`).
#[derive(Debug, Serialize)]
pub struct ShortFormContext {
    /// The most words it may have (`[short_form] max_words`, 700 by default).
    pub max_words: usize,
    /// The words of `text`.
    pub words: usize,
    /// The whole form as plain text, ready to paste: what `words` counts and `txt` writes.
    pub text: String,
    /// The top accomplishments: the activity each claim cites first, once each, in the
    /// order of the claims.
    pub accomplishments: Vec<AccomplishmentContext>,
    /// Each growth area in one line of plain text.
    pub growth: Vec<String>,
    /// Each goal for the next period in one line of plain text.
    pub goals: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct AccomplishmentContext {
    /// The activity's id, title and anchor.
    #[serde(flatten)]
    pub activity: ActivityLink,
    /// The section of the first claim that cites it.
    pub section: SectionRef,
    /// Plain text, action -> outcome: the title, the first sentence of the impact (or else the
    /// summary) and the key metric.
    pub sentence: String,
}

/// The testimonials of `packet`, in the order written; `activity_anchors` and `section_ref`
/// name what they link to.
pub fn testimonials(
    packet: &Packet,
    activity_anchors: &[String],
    section_ref: &dyn Fn(usize) -> SectionRef,
) -> Vec<TestimonialContext> {
    let mut seen = std::collections::HashSet::new();
    packet
        .testimonials
        .iter()
        .map(|t| testimonial(packet, t, activity_anchors, section_ref, &mut seen))
        .collect()
}

fn testimonial(
    packet: &Packet,
    t: &Testimonial,
    activity_anchors: &[String],
    section_ref: &dyn Fn(usize) -> SectionRef,
    seen: &mut std::collections::HashSet<String>,
) -> TestimonialContext {
    let base = format!("testimonial-{}", slug::slugify(&t.id));
    let mut anchor = base.clone();
    let mut n = 1;
    while !seen.insert(anchor.clone()) {
        n += 1;
        anchor = format!("{base}-{n}");
    }
    TestimonialContext {
        id: t.id.clone(),
        anchor,
        quote: t.quote.clone(),
        name: t.name.clone(),
        role: t.role.clone(),
        relationship: t.relationship.clone(),
        date: t.date,
        url: t.url.clone(),
        private: t.private,
        attribution: format!("{}, {}", t.name, t.role),
        activities: t
            .activities
            .iter()
            .filter_map(|&i| {
                let a = packet.activities.get(i)?;
                Some(ActivityLink {
                    id: a.id.clone(),
                    title: a.title.clone(),
                    anchor: activity_anchors.get(i)?.clone(),
                })
            })
            .collect(),
        sections: t.sections.iter().map(|&s| section_ref(s)).collect(),
    }
}

/// Goals as templates see them.
pub fn goals(
    packet: &Packet,
    goals: &[Goal],
    section_ref: &dyn Fn(usize) -> SectionRef,
) -> Vec<GoalContext> {
    goals
        .iter()
        .map(|g| GoalContext {
            goal: g.goal.clone(),
            section: section_ref(g.section),
            level: LevelContext::new(&packet.rubric.levels, g.level),
            signal: g.signal.clone(),
            metric: g
                .metric
                .and_then(|m| packet.metrics.get(m))
                .map(|m| GoalMetric {
                    id: m.id.clone(),
                    name: m.name.clone(),
                }),
            outcome: g.outcome.clone(),
        })
        .collect()
}

/// The short form of `packet`, its accomplishments linked to their activities.
pub fn short_form(
    packet: &Packet,
    activity_anchors: &[String],
    section_ref: &dyn Fn(usize) -> SectionRef,
) -> ShortFormContext {
    let form = ShortForm::of(packet);
    ShortFormContext {
        max_words: packet.short_form_words,
        words: form.words,
        accomplishments: form
            .accomplishments
            .iter()
            .filter_map(|a| {
                let activity = packet.activities.get(a.activity)?;
                Some(AccomplishmentContext {
                    activity: ActivityLink {
                        id: activity.id.clone(),
                        title: activity.title.clone(),
                        anchor: activity_anchors.get(a.activity)?.clone(),
                    },
                    section: section_ref(a.section),
                    sentence: a.sentence.clone(),
                })
            })
            .collect(),
        growth: form.growth,
        goals: form.goals,
        text: form.text,
    }
}
