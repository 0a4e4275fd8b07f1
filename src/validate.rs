//! From raw input to the checked model. Every problem is collected, so that one run reports
//! all of them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::error::Error;
use crate::load::{self, Date, RawActivity, RawActivityFile, RawEvidence, RawPacket};
use crate::model::{
    Activity, Evidence, Measure, Measurement, Metric, Packet, Period, Person, Point, Rubric, When,
};
use crate::rubric;
use crate::suggest;
use crate::{coverage, plain};

/// The longest review period promopack accepts: its numbers are broken down by quarter, and
/// a period of centuries would make thousands of them.
const MAX_PERIOD_DAYS: i64 = 3653;

/// Schemes an evidence link may use: anything else could run script or reach local files.
const URL_SCHEMES: [&str; 3] = ["https", "http", "mailto"];

/// The review period to check against, when the command line overrides the packet's own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodOverride {
    pub label: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

/// The outcome of checking one packet: every problem found, and the packet when none of them
/// is an error.
#[derive(Debug)]
pub struct Checked {
    pub packet: Option<Packet>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    fn failed(diagnostics: Vec<Diagnostic>) -> Self {
        Checked {
            packet: None,
            diagnostics,
        }
    }
}

/// Parses a packet file, finds and checks its rubric, and checks the packet against it.
pub fn packet(source: &Source, period: &PeriodOverride) -> Checked {
    let (raw, shape_problems) = load::parse_packet(source);
    let Some(raw) = raw else {
        return Checked::failed(shape_problems);
    };
    let (rubric_ref, rubric_source) = match rubric::source_for(&raw.rubric, source) {
        Ok(found) => found,
        Err(diagnostic) => return Checked::failed(vec![diagnostic]),
    };
    let rubric = match rubric::check(&rubric_source) {
        Ok(rubric) => rubric,
        Err(diagnostics) => return Checked::failed(diagnostics),
    };
    let mut shape_problems = shape_problems;
    let (sources, included) = read_includes(&raw.include, source, &mut shape_problems);
    let included = sources.iter().zip(included).collect();
    PacketCheck {
        source,
        main: source,
        rubric: &rubric,
        rubric_path: match rubric_ref {
            rubric::RubricRef::File(path) => Some(path),
            rubric::RubricRef::Builtin(_) => None,
        },
        complete: !shape_problems.iter().any(Diagnostic::is_error),
        errors: shape_problems.iter().filter(|d| d.is_error()).count(),
        problems: shape_problems,
        period: (NaiveDate::MIN, NaiveDate::MAX),
        seen_evidence: HashMap::new(),
        mentions: HashMap::new(),
        measures: BTreeMap::new(),
    }
    .run(raw, period, included)
}

/// Reads the activity files a packet includes: every match of every pattern, relative to the
/// packet, in sorted order. Problems go to `problems`, located in the file that has them.
pub(crate) fn read_includes(
    patterns: &[toml::Spanned<String>],
    packet: &Source,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<Source>, Vec<Vec<toml::Spanned<RawActivity>>>) {
    let dir = packet.path.parent().unwrap_or(std::path::Path::new(""));
    let mut sources = Vec::new();
    let mut activities = Vec::new();
    // A file that several patterns match is read once; the packet never includes itself
    // (`include = ["*.toml"]` beside it).
    let mut seen = HashSet::from([rubric::normalize(&packet.path)]);
    for pattern in patterns {
        let full = dir.join(pattern.get_ref());
        let matches: Result<Vec<PathBuf>, String> = glob::glob(&full.to_string_lossy())
            .map_err(|err| err.to_string())
            .and_then(|paths| {
                paths
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|err| err.to_string())
            });
        let mut matches = match matches {
            Ok(matches) => matches,
            Err(why) => {
                let message = format!("cannot read the include `{}`: {why}", pattern.get_ref());
                problems.push(packet.error("bad-include", Some(pattern.span()), message));
                continue;
            }
        };
        matches.sort();
        if matches.is_empty() {
            let message = format!("the include `{}` matches no file", pattern.get_ref());
            let hint = "paths and globs are relative to the packet file".to_owned();
            problems.push(
                packet
                    .diagnostic(
                        Severity::Warning,
                        "empty-include",
                        Some(pattern.span()),
                        message,
                    )
                    .with_hint(hint),
            );
        }
        for path in matches {
            let path = rubric::normalize(&path);
            if !seen.insert(path.clone()) {
                continue;
            }
            let source = match load::read(&path) {
                Ok(source) => source,
                Err(Error::Invalid(found)) => {
                    problems.extend(found);
                    continue;
                }
                Err(err) => {
                    let message =
                        format!("cannot read the included file `{}`: {err}", path.display());
                    problems.push(packet.error("bad-include", Some(pattern.span()), message));
                    continue;
                }
            };
            match load::parse::<RawActivityFile>(&source) {
                Ok(file) => {
                    activities.push(file.activities);
                    sources.push(source);
                }
                Err(diagnostic) => problems.push(diagnostic),
            }
        }
    }
    (sources, activities)
}

struct PacketCheck<'a> {
    /// The file being checked now: the packet, or one it includes.
    source: &'a Source,
    /// The packet file itself.
    main: &'a Source,
    /// Whether every part of the file could be read.
    complete: bool,
    rubric: &'a Rubric,
    rubric_path: Option<PathBuf>,
    problems: Vec<Diagnostic>,
    /// The effective review period, first and last day.
    period: (NaiveDate, NaiveDate),
    /// Normalized evidence URL -> the activity that used it first.
    seen_evidence: HashMap<String, String>,
    /// (activity id, section index) -> the file and place where the activity names the section.
    mentions: HashMap<(String, usize), (&'a Source, Range<usize>)>,
    /// The packet's `[measure.KEY]` declarations.
    measures: BTreeMap<String, Measure>,
    /// How many of `problems` are errors.
    errors: usize,
}

type Hint = Option<String>;

impl<'a> PacketCheck<'a> {
    fn error(&mut self, code: &'static str, span: Range<usize>, message: String, hint: Hint) {
        self.push(Severity::Error, code, span, message, hint);
    }

    fn warning(&mut self, code: &'static str, span: Range<usize>, message: String, hint: Hint) {
        self.push(Severity::Warning, code, span, message, hint);
    }

    fn push(
        &mut self,
        severity: Severity,
        code: &'static str,
        span: Range<usize>,
        message: String,
        hint: Hint,
    ) {
        let diagnostic = self.source.diagnostic(severity, code, Some(span), message);
        self.errors += usize::from(severity == Severity::Error);
        self.problems.push(diagnostic.with_optional_hint(hint));
    }

    fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    /// How many errors so far, counted as they are found: a packet with thousands of warnings
    /// must not recount them for every activity.
    fn errors(&self) -> usize {
        self.errors
    }

    fn run(
        mut self,
        raw: RawPacket,
        over: &PeriodOverride,
        included: Vec<(&'a Source, Vec<toml::Spanned<RawActivity>>)>,
    ) -> Checked {
        let period_span = raw.period.span();
        let mut period = raw.period.into_inner();
        if let Some(label) = &over.label {
            period.label.clone_from(label);
        }
        period.start = over.start.map_or(period.start, Date);
        period.end = over.end.map_or(period.end, Date);
        self.period = (period.start.0, period.end.0);
        self.measures = raw
            .measures
            .iter()
            .map(|(key, m)| {
                let measure = Measure {
                    name: m.name.clone(),
                    unit: m.unit.clone(),
                    aggregate: m.aggregate,
                };
                (key.clone(), measure)
            })
            .collect();
        if period.end < period.start {
            let overridden = over.start.is_some() || over.end.is_some();
            let hint = if overridden {
                "the period comes from `--period`, `--since` or `--until` together with the packet's `[period]`; check those"
            } else {
                "swap `start` and `end`"
            };
            self.error(
                "end-before-start",
                period_span,
                format!(
                    "the review period ends on {} before it starts on {}",
                    period.end.0, period.start.0
                ),
                Some(hint.into()),
            );
            // Nothing can be inside a period that does not exist: skip the checks against it.
            self.period = (NaiveDate::MIN, NaiveDate::MAX);
        } else if (period.end.0 - period.start.0).num_days() > MAX_PERIOD_DAYS {
            self.error(
                "period-too-long",
                period_span.clone(),
                format!(
                    "the review period runs from {} to {}, more than ten years",
                    period.start.0, period.end.0
                ),
                Some(
                    "a review period is a year or a half, sometimes a few years; check the dates"
                        .into(),
                ),
            );
        }

        let level_ids = || self.rubric.levels.iter().map(|l| l.id.as_str());
        let target = level_ids().position(|id| id == raw.person.target.get_ref());
        if target.is_none() {
            let name = raw.person.target.get_ref();
            let hint = suggest::hint(name, level_ids());
            self.error(
                "unknown-level",
                raw.person.target.span(),
                format!(
                    "unknown target level `{name}` in rubric `{}`",
                    self.rubric.name
                ),
                Some(hint),
            );
        }

        let mut ids = HashMap::new();
        let mut activities = Vec::with_capacity(raw.activities.len());
        let included_paths: Vec<PathBuf> = included
            .iter()
            .map(|(source, _)| source.path.clone())
            .collect();
        let files = std::iter::once((self.main, raw.activities)).chain(included);
        for (source, raw_activities) in files {
            self.source = source;
            for activity in raw_activities {
                let span = activity.span();
                if let Some(activity) = self.activity(activity.into_inner(), span, &mut ids) {
                    activities.push(activity);
                }
            }
        }
        self.source = self.main;

        let mut metric_ids = HashSet::new();
        let mut metrics = Vec::with_capacity(raw.metrics.len());
        for metric in raw.metrics {
            let metric = metric.into_inner();
            if !metric_ids.insert(metric.id.get_ref().clone()) {
                let message = format!("duplicate metric id `{}`", metric.id.get_ref());
                self.error("duplicate-id", metric.id.span(), message, None);
            }
            let id = metric.id.get_ref();
            let missing: Vec<&str> = [("baseline", metric.baseline), ("target", metric.target)]
                .iter()
                .filter(|(_, value)| value.is_none())
                .map(|(key, _)| *key)
                .collect();
            if !missing.is_empty() {
                self.warning(
                    "metric-incomplete",
                    metric.id.span(),
                    format!("headline metric `{id}` has no `{}`", missing.join("` or `")),
                    Some(
                        "a reviewer needs the baseline and the agreed target to judge a number"
                            .into(),
                    ),
                );
            }
            let (first, last) = self.period;
            for point in &metric.points {
                if point.date.0 < first || point.date.0 > last {
                    self.warning(
                        "metric-outside-period",
                        metric.id.span(),
                        format!(
                            "headline metric `{id}` has a point on {} outside the review period {first} to {last}",
                            point.date.0
                        ),
                        None,
                    );
                }
            }
            let mut points: Vec<Point> = metric
                .points
                .into_iter()
                .map(|p| Point {
                    date: p.date.0,
                    value: p.value.0,
                })
                .collect();
            points.sort_by_key(|p| p.date);
            metrics.push(Metric {
                id: metric.id.into_inner(),
                name: metric.name,
                unit: metric.unit,
                baseline: metric.baseline.map(|n| n.0),
                target: metric.target.map(|n| n.0),
                owner: metric.owner,
                description: metric.description.unwrap_or_default(),
                better: metric.better,
                points,
            });
        }

        let packet = match target {
            Some(target) if !self.has_errors() => Packet {
                path: self.source.path.clone(),
                rubric_path: self.rubric_path.clone(),
                included_paths,
                rubric: self.rubric.clone(),
                person: Person {
                    name: raw.person.name,
                    role: raw.person.role,
                    team: raw.person.team,
                    manager: raw.person.manager,
                },
                target,
                period: Period {
                    label: period.label,
                    start: period.start.0,
                    end: period.end.0,
                },
                activities,
                metrics,
                measures: self.measures.clone(),
            },
            _ => return Checked::failed(self.problems),
        };
        // Coverage needs every activity: with some unreadable, it would only add noise.
        if self.complete {
            self.coverage(&packet, raw.person.target.span());
        }
        // Shape problems were found before the rest: report all in file order.
        let main = self.main.path.clone();
        self.problems.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.file != main,
                    d.file.clone(),
                    d.location.as_ref().map(|l| (l.line, l.column)),
                )
            };
            key(a).cmp(&key(b))
        });
        Checked {
            packet: (!self.has_errors()).then_some(packet),
            diagnostics: self.problems,
        }
    }

    /// Checks that need the whole packet: sections without evidence, and sections whose text
    /// would not fit the review tool's box.
    fn coverage(&mut self, packet: &Packet, target_span: Range<usize>) {
        let target = &self.rubric.levels[packet.target].id;
        for row in coverage::rows(packet) {
            if row.status == coverage::Status::Missing {
                self.warning(
                    "coverage-gap",
                    target_span.clone(),
                    format!(
                        "no activity evidences section `{}`, expected at `{target}`",
                        row.id
                    ),
                    Some(format!(
                        "add `\"{}\"` to the `sections` of an activity that shows it",
                        row.id
                    )),
                );
            }
        }
        for (index, section) in self.rubric.sections.iter().enumerate() {
            if section.max_chars.is_none() && section.max_words.is_none() {
                continue;
            }
            let activities = plain::section_activities(packet, index);
            let blocks = plain::section_blocks(&activities);
            let limits = [
                (section.max_chars, "characters", plain::Measure::Chars),
                (section.max_words, "words", plain::Measure::Words),
            ];
            for (limit, unit, measure) in limits {
                let Some(limit) = limit else { continue };
                let running = plain::running_length(&blocks, measure);
                let actual = running.last().copied().unwrap_or(0);
                if actual <= limit {
                    continue;
                }
                // Point at the activity whose text crosses the limit: the first one to trim.
                let crossing = running.iter().position(|&n| n > limit).unwrap_or(0);
                let activity = activities[crossing];
                let (source, span) = self
                    .mentions
                    .get(&(activity.id.clone(), index))
                    .cloned()
                    .unwrap_or_else(|| (self.main, target_span.clone()));
                self.source = source;
                self.error(
                    "over-limit",
                    span,
                    format!(
                        "the text for section `{}` is {actual} {unit}, over the rubric's limit of {limit}",
                        section.id
                    ),
                    Some(format!(
                        "it would be cut off when pasted; it crosses the limit at activity `{}`, {} of {}: shorten the summaries and impact, or map fewer activities to the section",
                        activity.id,
                        crossing + 1,
                        activities.len()
                    )),
                );
                self.source = self.main;
            }
        }
    }

    fn activity(
        &mut self,
        raw: RawActivity,
        span: Range<usize>,
        ids: &mut HashMap<String, Range<usize>>,
    ) -> Option<Activity> {
        let errors_before = self.errors();
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
            self.error(
                "empty-id",
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
            self.error(
                "duplicate-id",
                id_span.clone(),
                format!("duplicate activity id `{id}`"),
                Some(hint.to_owned()),
            );
        } else {
            ids.insert(id.clone(), id_span);
        }

        let when = self.when(&raw, &name, span.clone());
        if let Some(when) = when {
            self.in_period(when, &raw, &name, span);
        }
        let mentions = self.sections(&raw, &name);
        let sections = mentions.iter().map(|(index, _)| *index).collect();
        for (index, span) in mentions {
            self.mentions
                .insert((id.clone(), index), (self.source, span));
        }

        let shown = |e: &RawEvidence| e.url.is_some() || e.private;
        if !raw.evidence.iter().any(|e| shown(e.get_ref())) {
            let what = if raw.evidence.is_empty() {
                "has no evidence"
            } else {
                "has no linked evidence, and none is marked private"
            };
            self.warning(
                "no-evidence",
                raw.title.span(),
                format!("activity `{name}` {what}"),
                Some("add a link, or `{ label = \"...\", private = true }` for evidence that cannot be shared".into()),
            );
        }
        let mut evidence = Vec::with_capacity(raw.evidence.len());
        for item in raw.evidence {
            let item_span = item.span();
            let item = item.into_inner();
            if item.url.is_none() && item.label.is_none() {
                self.error(
                    "empty-evidence",
                    item_span.clone(),
                    format!("evidence of activity `{name}` has neither `url` nor `label`"),
                    Some("write a URL, or `{ label = \"...\", private = true }` for evidence that cannot be linked".into()),
                );
            }
            if let Some(url) = &item.url {
                let normal = normalize_url(url);
                if let Some(first) = self.seen_evidence.get(&normal) {
                    let also = if *first == name {
                        "this activity".to_owned()
                    } else {
                        format!("activity `{first}`")
                    };
                    self.warning(
                        "duplicate-evidence",
                        item_span.clone(),
                        format!("evidence `{url}` of activity `{name}` is also evidence of {also}"),
                        Some("links that differ only by a trailing slash, `utm_*` parameters, a fragment or the host's case are the same link".into()),
                    );
                } else {
                    self.seen_evidence.insert(normal, name.clone());
                }
                if let Err(why) = check_url(url) {
                    self.error(
                        "invalid-url",
                        item_span,
                        format!("evidence `{url}` of activity `{name}` {why}"),
                        Some("evidence links must be absolute `https://`, `http://` or `mailto:` URLs".into()),
                    );
                }
            }
            evidence.push(Evidence {
                url: item.url,
                label: item.label,
                private: item.private,
            });
        }

        if self.errors() > errors_before {
            return None;
        }
        Some(Activity {
            id,
            title: raw.title.into_inner(),
            when: when?,
            kind: raw.kind,
            sections,
            summary: raw.summary,
            impact: raw.impact,
            evidence,
            metrics: raw
                .metrics
                .into_iter()
                .map(|(key, m)| {
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
        })
    }

    /// An activity must fall in the review period; one that only overlaps it is suspicious.
    fn in_period(&mut self, when: When, raw: &RawActivity, name: &str, span: Range<usize>) {
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
            self.error(
                "outside-period",
                at,
                format!(
                    "activity `{name}` ({}) is outside the review period",
                    describe(when)
                ),
                hint,
            );
        } else if when.start() < first || when.end() > last {
            self.warning(
                "partly-outside-period",
                at,
                format!(
                    "activity `{name}` ({}) runs past the review period",
                    describe(when)
                ),
                hint,
            );
        }
    }

    fn when(&mut self, raw: &RawActivity, name: &str, span: Range<usize>) -> Option<When> {
        let date = raw.date.as_ref();
        let (start, end) = (raw.start.as_ref(), raw.end.as_ref());
        match (date, start, end) {
            (Some(date), None, None) => Some(When::Day(date.get_ref().0)),
            (None, Some(start), Some(end)) if end.get_ref() < start.get_ref() => {
                self.error(
                    "end-before-start",
                    end.span(),
                    format!(
                        "activity `{name}` ends on {} before it starts on {}",
                        end.get_ref().0,
                        start.get_ref().0
                    ),
                    Some("swap `start` and `end`".into()),
                );
                None
            }
            (None, Some(start), Some(end)) => Some(When::Span(start.get_ref().0, end.get_ref().0)),
            (Some(date), _, _) => {
                self.error(
                    "conflicting-dates",
                    date.span(),
                    format!("activity `{name}` has both `date` and `start`/`end`"),
                    Some("use `date` for one day, or `start` and `end` for a span".into()),
                );
                None
            }
            (None, Some(only), None) | (None, None, Some(only)) => {
                let missing = if raw.start.is_some() { "end" } else { "start" };
                self.error(
                    "missing-date",
                    only.span(),
                    format!("activity `{name}` has no `{missing}`"),
                    Some("a span needs both `start` and `end`; use `date` for one day".into()),
                );
                None
            }
            (None, None, None) => {
                self.error(
                    "missing-date",
                    span,
                    format!("activity `{name}` has no date"),
                    Some("add `date = YYYY-MM-DD`, or `start` and `end` for a span".into()),
                );
                None
            }
        }
    }

    /// The rubric sections an activity names, with where it names them.
    fn sections(&mut self, raw: &RawActivity, name: &str) -> Vec<(usize, Range<usize>)> {
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
            self.error(
                "no-section",
                span,
                format!("activity `{name}` names no rubric section"),
                Some(hint),
            );
            return Vec::new();
        };
        let mut found: Vec<(usize, Range<usize>)> = Vec::new();
        for section in listed.get_ref() {
            match ids().position(|id| id == section.get_ref()) {
                Some(index) if !found.iter().any(|(i, _)| *i == index) => {
                    found.push((index, section.span()));
                }
                Some(_) => {}
                None => {
                    let hint = suggest::hint(section.get_ref(), ids());
                    self.error(
                        "unknown-section",
                        section.span(),
                        format!(
                            "activity `{name}` names unknown rubric section `{}`",
                            section.get_ref()
                        ),
                        Some(hint),
                    );
                }
            }
        }
        found
    }
}

fn describe(when: When) -> String {
    match when {
        When::Day(day) => day.to_string(),
        When::Span(start, end) => format!("{start} to {end}"),
    }
}

/// The form of a URL under which two links count as the same evidence: host in lower case
/// (the URL parser does that), no fragment, no `utm_*` tracking parameters, no trailing slash.
pub fn normalize_url(text: &str) -> String {
    let Ok(mut url) = url::Url::parse(text) else {
        return text.trim().to_owned();
    };
    url.set_fragment(None);
    let path = url.path().trim_end_matches('/').to_owned();
    url.set_path(&path);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(key, _)| !key.starts_with("utm_"))
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    let mut normal = url.to_string();
    while normal.ends_with('/') {
        normal.pop();
    }
    normal
}

/// Accepts only absolute links a reader can safely follow.
fn check_url(text: &str) -> Result<(), String> {
    let url = url::Url::parse(text).map_err(|err| format!("is not an absolute URL ({err})"))?;
    if !URL_SCHEMES.contains(&url.scheme()) {
        return Err(format!("uses the `{}:` scheme", url.scheme()));
    }
    if url.scheme() == "mailto" && !url.path().contains('@') {
        return Err("has no address".into());
    }
    if url.scheme() != "mailto" && url.host_str().is_none_or(str::is_empty) {
        return Err("has no host".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_web_and_mail_links() {
        assert!(check_url("https://example.com/post").is_ok());
        assert!(check_url("http://example.com").is_ok());
        assert!(check_url("mailto:someone@example.com").is_ok());
        assert!(check_url("mailto:").is_err());
    }

    #[test]
    fn rejects_links_that_could_run_script_or_read_files() {
        for url in [
            "javascript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "example.com",
            "ftp://x.example",
        ] {
            assert!(check_url(url).is_err(), "{url} accepted");
        }
    }

    #[test]
    fn urls_that_differ_only_in_noise_normalize_alike() {
        let plain = normalize_url("https://blog.example.com/post");
        for noisy in [
            "https://blog.example.com/post/",
            "https://BLOG.Example.com/post",
            "https://blog.example.com/post#intro",
            "https://blog.example.com/post?utm_source=x&utm_medium=y",
        ] {
            assert_eq!(normalize_url(noisy), plain, "{noisy}");
        }
        assert_ne!(normalize_url("https://blog.example.com/post?id=2"), plain);
        assert_eq!(
            normalize_url("https://a.example/x/?id=2"),
            normalize_url("https://a.example/x?id=2")
        );
        assert_ne!(normalize_url("https://blog.example.com/Post"), plain);
    }
}
