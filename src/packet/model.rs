//! The checked model: what renderers see once every input has been validated.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::rubric::Rubric;

/// A validated packet together with the rubric it argues against.
#[derive(Debug, Clone)]
pub struct Packet {
    pub path: PathBuf,
    /// The rubric's file, or `None` for a built-in rubric.
    pub rubric_path: Option<PathBuf>,
    /// The activity files the packet includes.
    pub included_paths: Vec<PathBuf>,
    pub rubric: Rubric,
    pub person: Person,
    /// Index of the target level in `rubric.levels`.
    pub target: usize,
    /// Each section's target level, indexed like `rubric.sections`: the person's target unless
    /// `[targets]` names another for the section or its group.
    pub section_targets: Vec<usize>,
    pub period: Period,
    /// Markdown: the author's summary of the case; empty for none.
    pub case_summary: String,
    /// The author's claims, in the order written.
    pub claims: Vec<Claim>,
    pub activities: Vec<Activity>,
    pub metrics: Vec<Metric>,
    /// What each per-activity metric key means; keys no `[measure]` declares get defaults.
    pub measures: BTreeMap<String, Measure>,
    /// Words from others, in the order written.
    pub testimonials: Vec<Testimonial>,
    /// Areas to grow in, in the order written.
    pub growth: Vec<Growth>,
    /// Goals for the next period, in the order written.
    pub goals: Vec<Goal>,
    /// The goals the last period set, in the order written.
    pub previous_goals: Vec<Goal>,
    /// The most words the short form may have.
    pub short_form_words: usize,
}

impl Packet {
    /// A per-activity metric key as readers see it: its `[measure]` name, or the key with
    /// spaces (`prs merged`).
    pub fn measure_name(&self, key: &str) -> String {
        self.measures
            .get(key)
            .and_then(|m| m.name.clone())
            .unwrap_or_else(|| key.replace('_', " "))
    }
}

/// One of the author's claims: how the work meets a section's expectation, and the proof.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Index into `rubric.sections`.
    pub section: usize,
    /// Markdown.
    pub text: String,
    /// Indexes into `Packet::activities`, strongest first, as the author cites them.
    pub evidence: Vec<usize>,
    /// The ids of the section's items the claim speaks to.
    pub items: Vec<String>,
    /// Indexes into `Packet::testimonials`, as the author cites them.
    pub testimonials: Vec<usize>,
}

/// Words from someone else about the work.
#[derive(Debug, Clone)]
pub struct Testimonial {
    pub id: String,
    /// Markdown.
    pub quote: String,
    pub name: String,
    pub role: String,
    pub relationship: Option<String>,
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
    pub private: bool,
    /// Indexes into `Packet::activities`.
    pub activities: Vec<usize>,
    /// Indexes into `rubric.sections`.
    pub sections: Vec<usize>,
}

/// An area to grow in.
#[derive(Debug, Clone)]
pub struct Growth {
    pub area: String,
    /// Markdown: what was done about it this period.
    pub done: String,
    /// Markdown: what comes next.
    pub next: String,
}

/// A goal, for the next period or set by the last one.
#[derive(Debug, Clone)]
pub struct Goal {
    /// Markdown.
    pub goal: String,
    /// Index into `rubric.sections`.
    pub section: usize,
    /// Index into `rubric.levels`.
    pub level: usize,
    /// Markdown: the signal that shows it was met.
    pub signal: String,
    /// Index into `Packet::metrics`.
    pub metric: Option<usize>,
    /// Markdown: what came of it; empty for a goal of the next period.
    pub outcome: String,
}

/// What a per-activity metric key means, and how its values roll up.
#[derive(Debug, Clone, Default)]
pub struct Measure {
    pub name: Option<String>,
    pub unit: Option<String>,
    pub aggregate: Aggregate,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub role: String,
    pub team: Option<String>,
    pub manager: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Period {
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct Activity {
    pub id: String,
    pub title: String,
    pub when: When,
    pub kind: Kind,
    /// Indexes into `rubric.sections`, in the order the activity lists them.
    pub sections: Vec<usize>,
    /// The expectation items the activity names (`SECTION#ITEM`): section index and item id.
    pub items: Vec<(usize, String)>,
    pub summary: String,
    pub impact: String,
    pub evidence: Vec<Evidence>,
    /// Sorted by key.
    pub metrics: Vec<Measurement>,
    /// Index into `metrics`: the one written first, which a compact reference shows.
    pub key_metric: Option<usize>,
    pub tags: Vec<String>,
    /// The days as written, when a slice of the review period cut them to `when`; `None` when
    /// the activity lies wholly in the period shown.
    pub clipped: Option<When>,
}

impl Activity {
    /// The metric written first: what a compact reference and the short form show.
    pub fn key_metric(&self) -> Option<&Measurement> {
        self.key_metric.and_then(|at| self.metrics.get(at))
    }

    /// Whether the activity began before the period shown and whether it goes on after it:
    /// what a slice cut off its span.
    pub fn clipped_ends(&self) -> (bool, bool) {
        self.clipped.map_or((false, false), |written| {
            (
                written.start() < self.when.start(),
                written.end() > self.when.end(),
            )
        })
    }

    /// What a reader is told of a span a slice cut: `began before this period`, `continues
    /// after this period`, or both; `None` for an activity shown whole.
    pub fn clip_note(&self) -> Option<&'static str> {
        match self.clipped_ends() {
            (true, true) => Some("began before and continues after this period"),
            (true, false) => Some("began before this period"),
            (false, true) => Some("continues after this period"),
            (false, false) => None,
        }
    }
}

/// One per-activity metric value.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// The key as written, e.g. `prs_merged`.
    pub key: String,
    pub value: f64,
    /// The value's own unit, or else its measure's.
    pub unit: Option<String>,
}

/// When an activity happened: one day, or a span of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Day(NaiveDate),
    Span(NaiveDate, NaiveDate),
}

impl When {
    pub fn start(self) -> NaiveDate {
        match self {
            When::Day(day) | When::Span(day, _) => day,
        }
    }

    pub fn end(self) -> NaiveDate {
        match self {
            When::Day(day) | When::Span(_, day) => day,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Evidence {
    /// An absolute `http`, `https` or `mailto` URL; `None` for evidence that cannot be linked.
    pub url: Option<String>,
    /// The URL in the form under which two links are the same evidence (see
    /// `validate::normalize_url`), made once here for every count and index of distinct links.
    pub key: Option<String>,
    pub label: Option<String>,
    pub private: bool,
}

/// A headline metric agreed with stakeholders.
#[derive(Debug, Clone)]
pub struct Metric {
    pub id: String,
    pub name: String,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub owner: Option<String>,
    pub description: String,
    pub better: Better,
    /// Sorted by date.
    pub points: Vec<Point>,
}

#[derive(Debug, Clone, Copy)]
pub struct Point {
    pub date: NaiveDate,
    pub value: f64,
}

/// What sort of work an activity was.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    BlogPost,
    Talk,
    Training,
    Docs,
    Community,
    OpenSource,
    Mentoring,
    Project,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::BlogPost,
        Kind::Talk,
        Kind::Training,
        Kind::Docs,
        Kind::Community,
        Kind::OpenSource,
        Kind::Mentoring,
        Kind::Project,
        Kind::Other,
    ];

    /// The id used in packet files, e.g. `blog-post`.
    pub fn id(self) -> &'static str {
        match self {
            Kind::BlogPost => "blog-post",
            Kind::Talk => "talk",
            Kind::Training => "training",
            Kind::Docs => "docs",
            Kind::Community => "community",
            Kind::OpenSource => "open-source",
            Kind::Mentoring => "mentoring",
            Kind::Project => "project",
            Kind::Other => "other",
        }
    }

    /// The name shown to readers, e.g. `Blog post`.
    pub fn label(self) -> &'static str {
        match self {
            Kind::BlogPost => "Blog post",
            Kind::Talk => "Talk",
            Kind::Training => "Training",
            Kind::Docs => "Documentation",
            Kind::Community => "Community",
            Kind::OpenSource => "Open source",
            Kind::Mentoring => "Mentoring",
            Kind::Project => "Project",
            Kind::Other => "Other",
        }
    }
}

/// Which way a headline metric should move.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    #[default]
    Higher,
    Lower,
}

/// How the values of one per-activity metric combine across activities.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Aggregate {
    /// Counts: attendees, views, pull requests.
    #[default]
    Sum,
    /// Scores that must not be summed, such as NPS.
    Average,
    /// Peaks, such as the largest audience.
    Max,
}
