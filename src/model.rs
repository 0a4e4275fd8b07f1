//! The checked model: what renderers see once every input has been validated.

use std::path::PathBuf;

use chrono::NaiveDate;

use std::collections::BTreeMap;

pub use crate::load::{Aggregate, Better, Kind};

/// A career ladder: ordered levels and the sections each level is assessed on.
#[derive(Debug, Clone)]
pub struct Rubric {
    pub name: String,
    pub description: String,
    /// Ordered from the lowest level to the highest.
    pub levels: Vec<Level>,
    /// In the order the rubric lists them, which is the order of the packet's chapters.
    pub sections: Vec<Section>,
    /// A section with at least this many activities is `strong`; with fewer but some, `thin`.
    pub strong: usize,
}

#[derive(Debug, Clone)]
pub struct Level {
    pub id: String,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub name: String,
    pub group: Option<String>,
    pub description: String,
    pub max_chars: Option<usize>,
    pub max_words: Option<usize>,
    /// The expectation written for each level, indexed like `Rubric::levels`.
    pub expectations: Vec<Option<String>>,
}

impl Section {
    /// The expectation that applies at `level`: the one written for it, or else the nearest one
    /// written for a lower level. `None` when the section only starts higher up.
    pub fn expectation(&self, level: usize) -> Option<(usize, &str)> {
        (0..=level)
            .rev()
            .find_map(|at| Some((at, self.expectations.get(at)?.as_deref()?)))
    }

    /// The lowest level this section has an expectation for.
    pub fn first_level(&self) -> Option<usize> {
        self.expectations.iter().position(Option::is_some)
    }
}

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
    pub period: Period,
    pub activities: Vec<Activity>,
    pub metrics: Vec<Metric>,
    /// What each per-activity metric key means; keys no `[measure]` declares get defaults.
    pub measures: BTreeMap<String, Measure>,
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
    pub summary: String,
    pub impact: String,
    pub evidence: Vec<Evidence>,
    pub metrics: Vec<Measurement>,
    pub tags: Vec<String>,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn section(expectations: [Option<&str>; 4]) -> Section {
        Section {
            id: "s".into(),
            name: "S".into(),
            group: None,
            description: String::new(),
            max_chars: None,
            max_words: None,
            expectations: expectations.map(|e| e.map(str::to_owned)).to_vec(),
        }
    }

    #[test]
    fn expectation_carries_over_from_the_nearest_lower_level() {
        let section = section([Some("one"), None, Some("three"), None]);
        assert_eq!(section.expectation(1), Some((0, "one")));
        assert_eq!(section.expectation(3), Some((2, "three")));
    }

    #[test]
    fn section_that_starts_higher_up_has_no_expectation_below() {
        let section = section([None, None, Some("three"), None]);
        assert_eq!(section.expectation(1), None);
        assert_eq!(section.first_level(), Some(2));
    }
}
