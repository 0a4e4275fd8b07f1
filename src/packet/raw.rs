//! A packet file as written: the raw input types serde reads, with spans kept so that
//! validation can point at the line that holds a problem. Domain enums (`Kind`, `Better`,
//! `Aggregate`) belong to the checked model and are only read here.

use std::collections::BTreeMap;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use toml::Spanned;

use super::model::{Aggregate, Better, Kind};
use super::values::{Date, Finite, sane};
use crate::diagnostic::Code;
use crate::read::rejected;

/// A packet file as written, before it is checked against its rubric.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPacket {
    /// A built-in rubric (`developer-advocate`, `software-engineer`) or a path to a rubric file,
    /// relative to this file.
    #[schemars(with = "String")]
    pub rubric: Spanned<String>,
    /// Files of more activities, as paths or globs relative to this file, e.g.
    /// `["activities/*.toml"]`; matches are read in sorted order.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub include: Vec<Spanned<String>>,
    /// The person the packet is about.
    pub person: RawPerson,
    /// The review period.
    #[schemars(with = "RawPeriod")]
    pub period: Spanned<RawPeriod>,
    /// Other target levels for some groups or sections (group or section id -> level id);
    /// every other section has the person's target.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub targets: BTreeMap<Spanned<String>, Spanned<String>>,
    /// The author's argument: a summary of the case, shown right after the cover.
    #[serde(default)]
    pub case: RawCase,
    /// The author's claims: how the work meets a rubric section's expectation, and the
    /// activities that prove it.
    #[serde(default, rename = "claim")]
    #[schemars(with = "Vec<RawClaim>")]
    pub claims: Vec<Spanned<RawClaim>>,
    /// What you did: one table per activity.
    #[serde(default, rename = "activity")]
    #[schemars(with = "Vec<RawActivity>")]
    pub activities: Vec<Spanned<RawActivity>>,
    /// Words from others about the work: a quote, who said it, and what it supports.
    #[serde(default, rename = "testimonial")]
    #[schemars(with = "Vec<RawTestimonial>")]
    pub testimonials: Vec<Spanned<RawTestimonial>>,
    /// Areas to grow in: each with what was done about it this period and what comes next.
    #[serde(default)]
    #[schemars(with = "Vec<RawGrowth>")]
    pub growth: Vec<Spanned<RawGrowth>>,
    /// Goals for the next period, each aimed at a rubric section and level with a signal
    /// that shows it was met.
    #[serde(default, rename = "goal")]
    #[schemars(with = "Vec<RawGoal>")]
    pub goals: Vec<Spanned<RawGoal>>,
    /// The goals the last period set, as this period's starting point (`promopack init
    /// --from` writes them), each with what came of it.
    #[serde(default, rename = "previous_goal")]
    #[schemars(with = "Vec<RawPreviousGoal>")]
    pub previous_goals: Vec<Spanned<RawPreviousGoal>>,
    /// The short self-evaluation review tools ask for (`build --layout short`). Setting it
    /// makes `check` hold the short form to its word budget.
    #[serde(default)]
    #[schemars(with = "RawShortForm")]
    pub short_form: Option<Spanned<RawShortForm>>,
    /// What the keys of activities' `metrics` mean: name, unit, and how they roll up.
    #[serde(default, rename = "measure")]
    pub measures: BTreeMap<String, RawMeasure>,
    /// Headline metrics agreed with stakeholders.
    #[serde(default, rename = "metric")]
    #[schemars(with = "Vec<RawMetric>")]
    pub metrics: Vec<Spanned<RawMetric>>,
    /// Not written: the sections that activities and claims which could not be read name, as
    /// far as can be told. A gap or a missing claim there may be only their error.
    #[serde(skip)]
    #[schemars(skip)]
    pub unread: Unread,
}

/// What the activities and claims that could not be read say about the sections they are on.
#[derive(Debug, Default)]
pub struct Unread {
    /// The `sections` of activities that could not be read.
    pub activity_sections: Vec<String>,
    /// The ids of activities that could not be read (their `id`, else their title's slug):
    /// a claim citing one is not citing an unknown activity.
    pub activity_ids: Vec<String>,
    /// The `section` of claims that could not be read.
    pub claim_sections: Vec<String>,
}

/// The case as a whole, in the author's words.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCase {
    /// Markdown: the argument in a paragraph or two.
    #[serde(default)]
    #[schemars(with = "String", extend("default" = ""))]
    pub summary: Option<Spanned<String>>,
}

/// One claim: a rubric section, how the work meets its expectation, and the proof.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawClaim {
    /// The id of the rubric section the claim is about.
    #[schemars(with = "String")]
    pub section: Spanned<String>,
    /// Markdown: how the work meets the section's expectation at the target level.
    pub text: String,
    /// The ids of the activities that prove it, strongest first.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub evidence: Vec<Spanned<String>>,
    /// The ids of the section's expectation items the claim speaks to.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub items: Vec<Spanned<String>>,
    /// The ids of the testimonials that back it, shown with it.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub testimonials: Vec<Spanned<String>>,
}

/// Words from someone else about the work: a letter of support, peer feedback, a quote.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTestimonial {
    /// Unique among testimonials: what claims cite. Defaults to a slug of the name.
    #[schemars(with = "Option<String>")]
    pub id: Option<Spanned<String>>,
    /// Markdown: what they said; required.
    #[serde(default)]
    pub quote: String,
    /// Who said it; required.
    pub name: Option<String>,
    /// Their role, e.g. `Product manager, Payments`; required.
    pub role: Option<String>,
    /// How they know the work, e.g. `worked with me on the docs programme`.
    pub relationship: Option<String>,
    /// When they said it.
    pub date: Option<Date>,
    /// Where the words can be read: a link to the letter, review or post.
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
    /// Said in confidence, or at a link a reader may not be able to open: shown with a
    /// `private` mark.
    #[serde(default)]
    pub private: bool,
    /// The ids of the activities it speaks about.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub activities: Vec<Spanned<String>>,
    /// The ids of the rubric sections it supports.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub sections: Vec<Spanned<String>>,
}

/// An area to grow in, honestly named.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGrowth {
    /// The area, in a few words.
    pub area: String,
    /// Markdown: what was done about it this period.
    #[serde(default)]
    pub done: String,
    /// Markdown: what comes next.
    #[serde(default)]
    pub next: String,
}

/// A goal for the next period, tied to the rubric.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGoal {
    /// Markdown: the goal.
    pub goal: String,
    /// The id of the rubric section it aims at.
    #[schemars(with = "String")]
    pub section: Spanned<String>,
    /// The id of the level whose expectation it aims at; the section's target by default.
    #[schemars(with = "Option<String>")]
    pub level: Option<Spanned<String>>,
    /// Markdown: the measurable signal that shows it was met.
    pub signal: String,
    /// The id of a headline metric (`[[metric]]`) it moves.
    #[schemars(with = "Option<String>")]
    pub metric: Option<Spanned<String>>,
}

/// A goal the last period set: the same keys as a `[[goal]]`, and what came of it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPreviousGoal {
    /// Markdown: the goal.
    pub goal: String,
    /// The id of the rubric section it aimed at.
    #[schemars(with = "String")]
    pub section: Spanned<String>,
    /// The id of the level whose expectation it aimed at; the section's target by default.
    #[schemars(with = "Option<String>")]
    pub level: Option<Spanned<String>>,
    /// Markdown: the measurable signal that shows it was met.
    pub signal: String,
    /// The id of a headline metric (`[[metric]]`) it moves.
    #[schemars(with = "Option<String>")]
    pub metric: Option<Spanned<String>>,
    /// Markdown: what came of it this period; empty until written.
    #[serde(default)]
    pub outcome: String,
}

/// The short self-evaluation review tools ask for.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawShortForm {
    /// The most words it may have, as the review tool's box allows; 700 by default.
    #[schemars(with = "Option<usize>")]
    pub max_words: Option<Spanned<usize>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    pub name: String,
    /// Current role, free text.
    pub role: String,
    /// The id of the rubric level the case argues for.
    #[schemars(with = "String")]
    pub target: Spanned<String>,
    pub team: Option<String>,
    pub manager: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPeriod {
    /// A short name, e.g. `FY26` or `2026-H1`.
    pub label: String,
    pub start: Date,
    pub end: Date,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawActivity {
    /// Unique in the packet; defaults to a slug of the title.
    #[schemars(with = "Option<String>")]
    pub id: Option<Spanned<String>>,
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// The day it happened; or use `start` and `end` for a span.
    #[schemars(with = "Option<Date>")]
    pub date: Option<Spanned<Date>>,
    #[schemars(with = "Option<Date>")]
    pub start: Option<Spanned<Date>>,
    #[schemars(with = "Option<Date>")]
    pub end: Option<Spanned<Date>>,
    pub kind: Kind,
    /// The ids of the rubric sections this activity evidences; `SECTION#ITEM` for one item of
    /// a section's expectation.
    #[schemars(with = "Vec<String>")]
    pub sections: Option<Spanned<Vec<Spanned<String>>>>,
    /// Markdown: what was done.
    #[serde(default)]
    pub summary: String,
    /// Markdown: what changed because of it.
    #[serde(default)]
    pub impact: String,
    /// Links, or `{ label = "...", private = true }` for evidence that cannot be shared.
    #[serde(default)]
    #[schemars(with = "Vec<RawEvidence>")]
    pub evidence: Vec<Spanned<RawEvidence>>,
    /// Numbers, e.g. `{ attendees = 80 }`, or `{ hours = { value = 3, unit = "h" } }`; the
    /// first written is the activity's key metric.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawMeasurement>")]
    pub metrics: BTreeMap<Spanned<String>, RawMeasurement>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// One piece of evidence: a bare URL, or a table with a label and privacy flag.
#[derive(Debug, Default)]
pub struct RawEvidence {
    pub url: Option<String>,
    pub label: Option<String>,
    pub private: bool,
    pub shared: bool,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct EvidenceTable {
    url: Option<String>,
    label: Option<String>,
    /// Evidence a reader may not be able to open (an internal page, a private recording);
    /// shown with a `private` mark.
    #[serde(default)]
    private: bool,
    /// The link is meant to support more than one activity (a project page, a series): no
    /// `duplicate-evidence` warning when another activity gives it too.
    #[serde(default)]
    shared: bool,
}

impl<'de> Deserialize<'de> for RawEvidence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EvidenceVisitor;

        impl<'de> Visitor<'de> for EvidenceVisitor {
            type Value = RawEvidence;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a URL string or a table with `url`, `label`, `private` and `shared`")
            }

            fn visit_str<E: de::Error>(self, url: &str) -> Result<RawEvidence, E> {
                Ok(RawEvidence {
                    url: Some(url.to_owned()),
                    ..RawEvidence::default()
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawEvidence, A::Error> {
                let table = EvidenceTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawEvidence {
                    url: table.url,
                    label: table.label,
                    private: table.private,
                    shared: table.shared,
                })
            }
        }

        deserializer.deserialize_any(EvidenceVisitor)
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMetric {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: String,
    pub unit: Option<String>,
    pub baseline: Option<Finite>,
    pub target: Option<Finite>,
    pub owner: Option<String>,
    pub description: Option<String>,
    /// Whether a higher or a lower value is better; higher by default.
    #[serde(default)]
    pub better: Better,
    #[serde(default)]
    pub points: Vec<RawPoint>,
}

/// What a per-activity metric key means, declared once for the packet.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMeasure {
    /// The name shown to readers; the key with spaces by default.
    pub name: Option<String>,
    /// The unit of values that do not name their own.
    pub unit: Option<String>,
    /// How values combine in rollups: `sum` (default), `average` or `max`.
    #[serde(default)]
    pub aggregate: Aggregate,
}

/// One per-activity metric value: a number, or a table with a value and its unit.
#[derive(Debug, Clone, PartialEq)]
pub struct RawMeasurement {
    pub value: f64,
    pub unit: Option<String>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct MeasurementTable {
    value: Finite,
    unit: Option<String>,
}

impl<'de> Deserialize<'de> for RawMeasurement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MeasurementVisitor;

        impl<'de> Visitor<'de> for MeasurementVisitor {
            type Value = RawMeasurement;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, or a table with `value` and `unit`")
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawMeasurement, E> {
                self.visit_f64(value as f64)
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<RawMeasurement, E> {
                self.visit_f64(value as f64)
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<RawMeasurement, E> {
                let value = sane(value).map_err(|why| rejected(Code::InvalidNumber, why))?;
                Ok(RawMeasurement { value, unit: None })
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawMeasurement, A::Error> {
                let table =
                    MeasurementTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawMeasurement {
                    value: table.value.0,
                    unit: table.unit,
                })
            }
        }

        deserializer.deserialize_any(MeasurementVisitor)
    }
}

impl JsonSchema for RawMeasurement {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Measurement".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let table = generator.subschema_for::<MeasurementTable>();
        json_schema!({
            "description": "A number, or a table with `value` and `unit`.",
            "anyOf": [{ "type": "number" }, table]
        })
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPoint {
    pub date: Date,
    pub value: Finite,
}

impl JsonSchema for RawEvidence {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Evidence".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let table = generator.subschema_for::<EvidenceTable>();
        json_schema!({
            "description": "A link, or a table with `url`, `label`, `private` and `shared`.",
            "anyOf": [{ "type": "string", "description": "An https, http or mailto URL" }, table]
        })
    }
}
/// A file a packet includes: more activities, and nothing else.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawActivityFile {
    #[serde(default, rename = "activity")]
    #[schemars(with = "Vec<RawActivity>")]
    pub activities: Vec<Spanned<RawActivity>>,
}
