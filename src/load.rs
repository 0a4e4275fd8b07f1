//! Reading packet and rubric files: TOML text to raw input types, with spans kept so that
//! validation can point at the line that holds a problem.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Source};
use crate::error::Error;
use crate::suggest;

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
    /// What you did: one table per activity.
    #[serde(default, rename = "activity")]
    #[schemars(with = "Vec<RawActivity>")]
    pub activities: Vec<Spanned<RawActivity>>,
    /// What the keys of activities' `metrics` mean: name, unit, and how they roll up.
    #[serde(default, rename = "measure")]
    pub measures: BTreeMap<String, RawMeasure>,
    /// Headline metrics agreed with stakeholders.
    #[serde(default, rename = "metric")]
    #[schemars(with = "Vec<RawMetric>")]
    pub metrics: Vec<Spanned<RawMetric>>,
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
    /// The ids of the rubric sections this activity evidences.
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
    /// Numbers, e.g. `{ attendees = 80 }`, or `{ hours = { value = 3, unit = "h" } }`.
    #[serde(default)]
    pub metrics: BTreeMap<String, RawMeasurement>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// What sort of work an activity was.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    JsonSchema,
    clap::ValueEnum,
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

/// One piece of evidence: a bare URL, or a table with a label and privacy flag.
#[derive(Debug, Default)]
pub struct RawEvidence {
    pub url: Option<String>,
    pub label: Option<String>,
    pub private: bool,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct EvidenceTable {
    url: Option<String>,
    label: Option<String>,
    #[serde(default)]
    private: bool,
}

impl<'de> Deserialize<'de> for RawEvidence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EvidenceVisitor;

        impl<'de> Visitor<'de> for EvidenceVisitor {
            type Value = RawEvidence;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a URL string or a table with `url`, `label` and `private`")
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
                let value = sane(value).map_err(E::custom)?;
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
            "description": "A link, or a table with `url`, `label` and `private`.",
            "anyOf": [{ "type": "string", "description": "An https, http or mailto URL" }, table]
        })
    }
}

/// A number that is neither `nan` nor infinite, which TOML allows but no metric can be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Finite(pub f64);

/// The largest magnitude a metric may have: beyond it, sums, changes and chart ranges would
/// lose precision or overflow, and no review metric is that large.
pub const MAX_NUMBER: f64 = 1e15;

/// A metric value, if it is finite and within `MAX_NUMBER`.
fn sane(value: f64) -> Result<f64, String> {
    if !value.is_finite() {
        Err(format!("expected a finite number, found `{value}`"))
    } else if value.abs() > MAX_NUMBER {
        Err(format!(
            "`{value:e}` is too large: numbers must lie within ±10^15"
        ))
    } else {
        Ok(value)
    }
}

impl<'de> Deserialize<'de> for Finite {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        sane(f64::deserialize(deserializer)?)
            .map(Finite)
            .map_err(de::Error::custom)
    }
}

impl JsonSchema for Finite {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number" })
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

/// A rubric (career ladder) file as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRubric {
    pub name: String,
    pub description: Option<String>,
    #[serde(default, rename = "level")]
    pub levels: Vec<RawLevel>,
    #[serde(default, rename = "section")]
    pub sections: Vec<RawSection>,
    #[serde(default)]
    pub coverage: RawCoverage,
}

/// How many activities make a section's evidence strong rather than thin.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCoverage {
    #[serde(default = "RawCoverage::default_strong")]
    pub strong: usize,
}

impl RawCoverage {
    fn default_strong() -> usize {
        3
    }
}

impl Default for RawCoverage {
    fn default() -> Self {
        RawCoverage {
            strong: Self::default_strong(),
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: String,
    pub group: Option<String>,
    #[serde(default)]
    pub description: String,
    pub max_chars: Option<usize>,
    pub max_words: Option<usize>,
    /// Markdown per level id; a level left out means the section starts higher up.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub expectations: BTreeMap<Spanned<String>, String>,
}

/// A calendar date, written either as a bare TOML date (`2026-03-01`) or a quoted
/// `"2026-03-01"` string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub NaiveDate);

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // Editors see a bare TOML date as a date-time value, and a quoted one as a string.
        json_schema!({
            "description": "A date: 2026-03-01, bare or quoted",
            "anyOf": [
                { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
                { "type": "string", "format": "date" }
            ]
        })
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = match toml::Value::deserialize(deserializer)? {
            toml::Value::String(text) => text,
            toml::Value::Datetime(datetime) if datetime.time.is_none() => datetime.to_string(),
            toml::Value::Datetime(datetime) => {
                return Err(de::Error::custom(format!(
                    "expected a date like `2026-03-01`, found the date-time `{datetime}`"
                )));
            }
            other => {
                return Err(de::Error::custom(format!(
                    "expected a date like `2026-03-01`, found {} `{other}`",
                    other.type_str()
                )));
            }
        };
        parse_date(&text).map(Date).ok_or_else(|| {
            de::Error::custom(format!(
                "`{text}` is not a valid date: write it as YYYY-MM-DD, e.g. `2026-03-01`"
            ))
        })
    }
}

/// A date written exactly `YYYY-MM-DD`: chrono alone would also take `2026-3-1`, `+2026-03-01`
/// or surrounding spaces.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    shaped
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
}

/// Reads a file as UTF-8 text.
pub fn read(path: &Path) -> Result<Source, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let lossy = Source::new(path, String::from_utf8_lossy(err.as_bytes()));
        let at = valid;
        Error::Invalid(vec![
            lossy
                .error(
                    "not-utf8",
                    Some(at..at),
                    format!("the file is not UTF-8 text (invalid byte at offset {valid})"),
                )
                .with_hint("save the file as UTF-8"),
        ])
    })?;
    Ok(Source::new(path, text))
}

/// Parses TOML text into `T`, turning a syntax or shape error into a diagnostic.
pub fn parse<T: DeserializeOwned>(source: &Source) -> Result<T, Diagnostic> {
    toml::from_str(&source.text).map_err(|err| toml_diagnostic(source, &err))
}

/// Reads a packet, reporting every shape problem rather than the first: when the whole file
/// does not fit, each part is read on its own, parts that fit are kept and each one that does
/// not gets its own diagnostic. The packet comes back when its required parts fit, so that
/// validation can still check the activities that did.
pub fn parse_packet(source: &Source) -> (Option<RawPacket>, Vec<Diagnostic>) {
    use toml::de::{DeTable, DeValue, ValueDeserializer};

    let root = match DeTable::parse(&source.text) {
        Ok(root) => root,
        Err(err) => return (None, vec![toml_diagnostic(source, &err)]),
    };
    match RawPacket::deserialize(toml::de::Deserializer::from(root)) {
        Ok(packet) => return (Some(packet), Vec::new()),
        Err(err) if err.span().is_none() => return (None, vec![toml_diagnostic(source, &err)]),
        Err(_) => {}
    }
    // Something does not fit: read the document again, this time part by part.
    let Ok(root) = DeTable::parse(&source.text) else {
        return (None, Vec::new());
    };

    let mut problems = Vec::new();
    fn one<'i>(value: &toml::Spanned<DeValue<'i>>) -> ValueDeserializer<'i> {
        ValueDeserializer::from(value.clone())
    }
    let mut rubric = None;
    let mut person = None;
    let mut period = None;
    let mut activities = Vec::new();
    let mut metrics = Vec::new();
    let mut measures = BTreeMap::new();
    let mut include = Vec::new();
    let note = |result: Result<(), toml::de::Error>, problems: &mut Vec<Diagnostic>| {
        if let Err(err) = result {
            problems.push(toml_diagnostic(source, &err));
        }
    };
    let root = root.into_inner();
    for (key, value) in root.iter() {
        match key.get_ref().as_ref() {
            "rubric" => note(
                Spanned::<String>::deserialize(one(value)).map(|v| rubric = Some(v)),
                &mut problems,
            ),
            "person" => note(
                RawPerson::deserialize(one(value)).map(|v| person = Some(v)),
                &mut problems,
            ),
            "period" => note(
                Spanned::<RawPeriod>::deserialize(one(value)).map(|v| period = Some(v)),
                &mut problems,
            ),
            "include" => note(
                Vec::<Spanned<String>>::deserialize(one(value)).map(|v| include = v),
                &mut problems,
            ),
            "activity" | "metric" | "measure" => {
                let items: Vec<(Option<String>, &toml::Spanned<DeValue<'_>>)> =
                    match value.get_ref() {
                        DeValue::Array(array) if key.get_ref().as_ref() != "measure" => {
                            array.iter().map(|item| (None, item)).collect()
                        }
                        DeValue::Table(table) if key.get_ref().as_ref() == "measure" => table
                            .iter()
                            .map(|(k, v)| (Some(k.get_ref().to_string()), v))
                            .collect(),
                        _ if key.get_ref().as_ref() == "measure" => {
                            let err = BTreeMap::<String, RawMeasure>::deserialize(one(value)).err();
                            note(err.map_or(Ok(()), Err), &mut problems);
                            Vec::new()
                        }
                        _ => {
                            let err = Vec::<()>::deserialize(one(value)).err();
                            note(err.map_or(Ok(()), Err), &mut problems);
                            Vec::new()
                        }
                    };
                for (name, item) in items {
                    let result = match (key.get_ref().as_ref(), name) {
                        ("activity", _) => Spanned::<RawActivity>::deserialize(one(item))
                            .map(|v| activities.push(v)),
                        ("metric", _) => {
                            Spanned::<RawMetric>::deserialize(one(item)).map(|v| metrics.push(v))
                        }
                        (_, Some(name)) => RawMeasure::deserialize(one(item)).map(|v| {
                            measures.insert(name, v);
                        }),
                        _ => Ok(()),
                    };
                    note(result, &mut problems);
                }
            }
            other => {
                let valid = [
                    "rubric", "include", "person", "period", "activity", "measure", "metric",
                ];
                problems.push(
                    source
                        .error(
                            "unknown-key",
                            Some(key.span()),
                            format!("unknown key `{other}`"),
                        )
                        .with_hint(valid_names_hint(other, &valid, "keys")),
                );
            }
        }
    }
    for (name, missing) in [
        ("rubric", rubric.is_none()),
        ("person", person.is_none()),
        ("period", period.is_none()),
    ] {
        if missing && !root.iter().any(|(k, _)| k.get_ref().as_ref() == name) {
            problems.push(source.error("missing-key", Some(0..0), format!("missing key `{name}`")));
        }
    }
    let packet = match (rubric, person, period) {
        (Some(rubric), Some(person), Some(period)) => Some(RawPacket {
            rubric,
            include,
            person,
            period,
            activities,
            measures,
            metrics,
        }),
        _ => None,
    };
    (packet, problems)
}

fn toml_diagnostic(source: &Source, err: &toml::de::Error) -> Diagnostic {
    let message = err.message().trim_end_matches('\n');
    let span = err.span();
    if let Some((name, valid)) = unknown_name(message, "unknown field `") {
        return source
            .error("unknown-key", span, format!("unknown key `{name}`"))
            .with_hint(valid_names_hint(name, &valid, "keys"));
    }
    if let Some((name, valid)) = unknown_name(message, "unknown variant `") {
        return source
            .error("unknown-value", span, format!("unknown value `{name}`"))
            .with_hint(valid_names_hint(name, &valid, "values"));
    }
    let code = if message.starts_with("missing field") {
        "missing-key"
    } else if message.starts_with("invalid type") {
        "wrong-type"
    } else if message.contains("date") {
        "invalid-date"
    } else if message.contains("finite number") || message.contains("too large") {
        "invalid-number"
    } else {
        "invalid-toml"
    };
    let message = message
        .replace("missing field", "missing key")
        .replace("expected f64", "expected a number");
    let hint =
        (code == "invalid-date").then(|| "write dates as YYYY-MM-DD, e.g. `2026-03-01`".to_owned());
    source.error(code, span, message).with_optional_hint(hint)
}

/// Splits serde's "unknown field `x`, expected one of `a`, `b`" into `x` and `[a, b]`.
fn unknown_name<'m>(message: &'m str, prefix: &str) -> Option<(&'m str, Vec<&'m str>)> {
    let rest = message.strip_prefix(prefix)?;
    let (name, rest) = rest.split_once('`')?;
    let valid = rest.split('`').skip(1).step_by(2).collect::<Vec<_>>();
    Some((name, valid))
}

fn valid_names_hint(name: &str, valid: &[&str], what: &str) -> String {
    let list = suggest::backticked(valid.iter().copied());
    match suggest::closest(name, valid.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? valid {what}: {list}"),
        None if valid.is_empty() => format!("no {what} are allowed here"),
        None => format!("valid {what}: {list}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packet_with_activity(activity: &str) -> String {
        format!(
            "rubric = \"r\"\n[person]\nname = \"n\"\nrole = \"r\"\ntarget = \"t\"\n[period]\nlabel = \"p\"\nstart = 2026-01-01\nend = 2026-06-30\n[[activity]]\n{activity}\n"
        )
    }

    fn parse_packet(text: &str) -> Result<RawPacket, Diagnostic> {
        parse(&Source::new("p.toml", text))
    }

    #[test]
    fn accepts_bare_and_quoted_dates() {
        let text = packet_with_activity("title = \"t\"\nkind = \"talk\"\ndate = \"2026-03-01\"");
        let packet = parse_packet(&text).expect("parses");
        assert_eq!(packet.period.get_ref().start.0.to_string(), "2026-01-01");
        let date = packet.activities[0].get_ref().date.as_ref().expect("date");
        assert_eq!(date.get_ref().0.to_string(), "2026-03-01");
    }

    #[test]
    fn rejects_dates_not_written_as_yyyy_mm_dd() {
        for date in [
            "2025-1-1",
            " 2025-12-31",
            "-0001-01-01",
            "+262142-12-31",
            "2026/01/01",
        ] {
            let text = packet_with_activity(&format!(
                "title = \"t\"\nkind = \"talk\"\ndate = \"{date}\""
            ));
            let diagnostic = parse_packet(&text).expect_err(date);
            assert_eq!(diagnostic.code, "invalid-date", "{date}");
        }
    }

    #[test]
    fn reads_metric_values_as_numbers_or_tables_with_units() {
        let text = packet_with_activity(
            "title = \"t\"\nkind = \"talk\"\nmetrics = { a = 3, b = 4.5, c = { value = 2, unit = \"h\" } }",
        );
        let packet = parse_packet(&text).expect("parses");
        let metrics = &packet.activities[0].get_ref().metrics;
        assert_eq!(
            metrics["a"],
            RawMeasurement {
                value: 3.0,
                unit: None
            }
        );
        assert_eq!(metrics["b"].value, 4.5);
        assert_eq!(
            metrics["c"],
            RawMeasurement {
                value: 2.0,
                unit: Some("h".into())
            }
        );
    }

    #[test]
    fn rejects_metrics_that_are_not_finite() {
        let text = packet_with_activity("title = \"t\"\nkind = \"talk\"\nmetrics = { a = nan }");
        let diagnostic = parse_packet(&text).expect_err("nan");
        assert!(
            diagnostic.message.contains("finite number"),
            "{}",
            diagnostic.message
        );
    }

    #[test]
    fn rejects_an_impossible_date_with_its_line() {
        let text = packet_with_activity("title = \"t\"\nkind = \"talk\"\ndate = \"2026-02-30\"");
        let diagnostic = parse_packet(&text).expect_err("invalid date");
        assert_eq!(diagnostic.code, "invalid-date");
        assert_eq!(diagnostic.location.map(|l| l.line), Some(13));
    }

    #[test]
    fn suggests_the_closest_key_for_an_unknown_one() {
        let text = packet_with_activity("titel = \"t\"\nkind = \"talk\"");
        let diagnostic = parse_packet(&text).expect_err("unknown key");
        assert_eq!(diagnostic.code, "unknown-key");
        assert_eq!(diagnostic.message, "unknown key `titel`");
        let hint = diagnostic.hint.expect("hint");
        assert!(
            hint.starts_with("did you mean `title`? valid keys: `id`, `title`"),
            "{hint}"
        );
    }

    #[test]
    fn suggests_the_closest_kind() {
        let text = packet_with_activity("title = \"t\"\nkind = \"tlak\"");
        let diagnostic = parse_packet(&text).expect_err("unknown kind");
        assert_eq!(diagnostic.code, "unknown-value");
        assert!(
            diagnostic
                .hint
                .expect("hint")
                .starts_with("did you mean `talk`?")
        );
    }

    #[test]
    fn reads_evidence_as_string_or_table() {
        let text = packet_with_activity(
            "title = \"t\"\nkind = \"talk\"\nevidence = [\"https://a.example\", { label = \"x\", private = true }]",
        );
        let packet = parse_packet(&text).expect("parses");
        let evidence = &packet.activities[0].get_ref().evidence;
        assert_eq!(
            evidence[0].get_ref().url.as_deref(),
            Some("https://a.example")
        );
        assert!(evidence[1].get_ref().private);
    }

    #[test]
    fn rejects_unknown_keys_in_evidence_tables() {
        let text = packet_with_activity(
            "title = \"t\"\nkind = \"talk\"\nevidence = [{ link = \"https://a.example\" }]",
        );
        let diagnostic = parse_packet(&text).expect_err("unknown key");
        assert_eq!(diagnostic.message, "unknown key `link`");
    }
}
