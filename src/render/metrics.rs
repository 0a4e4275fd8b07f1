//! The numbers behind a case: headline metrics against their baseline and target, per-activity
//! metrics rolled up by section, kind and quarter, and the quarters of a review period.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};

use crate::packet::model::{Activity, Aggregate, Better, Metric, Packet};

/// How a headline metric moved.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Movement {
    pub latest: Option<f64>,
    /// `latest - baseline`.
    pub change: Option<f64>,
    /// `change` as a percentage of the baseline; absent when the baseline is zero.
    pub change_percent: Option<f64>,
    /// How far from baseline to target the latest value got, in percent (100 = on target;
    /// above 100 = beyond it); absent without a baseline and a target that differ.
    pub progress: Option<f64>,
    /// Whether the metric moved the better way.
    pub improved: Option<bool>,
    /// Whether the latest value reached the target, counting `better`.
    pub met: Option<bool>,
}

pub fn movement(metric: &Metric) -> Movement {
    let latest = metric.points.last().map(|p| p.value);
    let change = latest.zip(metric.baseline).map(|(l, b)| l - b);
    let change_percent = change
        .zip(metric.baseline)
        .filter(|(_, b)| *b != 0.0)
        .map(|(c, b)| c / b.abs() * 100.0);
    let progress = match (latest, metric.baseline, metric.target) {
        (Some(l), Some(b), Some(t)) if t != b => Some((l - b) / (t - b) * 100.0),
        _ => None,
    };
    let sign = match metric.better {
        Better::Higher => 1.0,
        Better::Lower => -1.0,
    };
    Movement {
        latest,
        change,
        change_percent,
        progress,
        improved: change.map(|c| c * sign > 0.0),
        met: latest
            .zip(metric.target)
            .map(|(l, t)| (l - t) * sign >= 0.0),
    }
}

/// One per-activity metric rolled up over some activities: values of one key and one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Rollup {
    pub key: String,
    pub unit: Option<String>,
    pub aggregate: Aggregate,
    pub value: f64,
    /// How many values went into it.
    pub count: usize,
}

/// Rolls up the metrics of `activities`, one result per key and unit (values in different
/// units are never combined), sorted by key then unit.
pub fn rollup<'a>(
    packet: &Packet,
    activities: impl IntoIterator<Item = &'a Activity>,
) -> Vec<Rollup> {
    let mut groups: BTreeMap<(&str, Option<&str>), Vec<f64>> = BTreeMap::new();
    for activity in activities {
        for m in &activity.metrics {
            groups
                .entry((&m.key, m.unit.as_deref()))
                .or_default()
                .push(m.value);
        }
    }
    groups
        .into_iter()
        .map(|((key, unit), values)| {
            let aggregate = packet
                .measures
                .get(key)
                .map(|m| m.aggregate)
                .unwrap_or_default();
            let value = match aggregate {
                Aggregate::Sum => values.iter().sum(),
                Aggregate::Average => values.iter().sum::<f64>() / values.len() as f64,
                Aggregate::Max => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            };
            Rollup {
                key: key.to_owned(),
                unit: unit.map(str::to_owned),
                aggregate,
                value,
                count: values.len(),
            }
        })
        .collect()
}

/// A calendar quarter within the review period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quarter {
    /// `2026-Q1`.
    pub label: String,
    /// First and last day of the quarter that lie in the period.
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The calendar quarters a period touches, clipped to the period. A period of many years
/// gives many quarters; one that is empty gives none.
pub fn quarters(start: NaiveDate, end: NaiveDate) -> Vec<Quarter> {
    let mut quarters = Vec::new();
    if end < start {
        return quarters;
    }
    let first_month = (start.month0() / 3) * 3 + 1;
    let Some(mut from) = NaiveDate::from_ymd_opt(start.year(), first_month, 1) else {
        return quarters;
    };
    while from <= end {
        let Some(next) = from.checked_add_months(Months::new(3)) else {
            break;
        };
        let last = next.pred_opt().unwrap_or(next);
        quarters.push(Quarter {
            label: format!("{}-Q{}", from.year(), from.month0() / 3 + 1),
            start: from.max(start),
            end: last.min(end),
        });
        from = next;
    }
    quarters
}

/// The index of the quarter an activity counts in: the one its start falls in, or the
/// first or last quarter for work that began before or ends after the period.
pub fn quarter_of(quarters: &[Quarter], activity: &Activity) -> Option<usize> {
    let day = activity.when.start();
    quarters
        .iter()
        .position(|q| day <= q.end)
        .or_else(|| quarters.len().checked_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::model::Point;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid")
    }

    fn metric(baseline: f64, target: f64, latest: f64, better: Better) -> Metric {
        Metric {
            id: "m".into(),
            name: "M".into(),
            unit: None,
            baseline: Some(baseline),
            target: Some(target),
            owner: None,
            description: String::new(),
            better,
            points: vec![Point {
                date: day(2026, 1, 1),
                value: latest,
            }],
        }
    }

    #[test]
    fn higher_is_better_progress_and_change() {
        let m = movement(&metric(12.0, 30.0, 27.0, Better::Higher));
        assert_eq!(m.change, Some(15.0));
        assert_eq!(m.change_percent, Some(125.0));
        assert!((m.progress.expect("progress") - 83.333_333).abs() < 1e-4);
        assert_eq!((m.improved, m.met), (Some(true), Some(false)));
    }

    #[test]
    fn lower_is_better_counts_a_fall_as_progress() {
        let m = movement(&metric(45.0, 15.0, 17.0, Better::Lower));
        assert_eq!(m.change, Some(-28.0));
        assert!((m.change_percent.expect("pct") + 62.222_222).abs() < 1e-4);
        assert!((m.progress.expect("progress") - 93.333_333).abs() < 1e-4);
        assert_eq!((m.improved, m.met), (Some(true), Some(false)));
        assert_eq!(
            movement(&metric(45.0, 15.0, 14.0, Better::Lower)).met,
            Some(true)
        );
    }

    #[test]
    fn no_percentages_from_a_zero_baseline_or_an_equal_target() {
        let m = movement(&metric(0.0, 0.0, 5.0, Better::Higher));
        assert_eq!((m.change_percent, m.progress), (None, None));
    }

    #[test]
    fn quarters_of_a_fiscal_year_and_of_a_partial_period() {
        let labels = |q: Vec<Quarter>| q.into_iter().map(|q| q.label).collect::<Vec<_>>();
        assert_eq!(
            labels(quarters(day(2025, 7, 1), day(2026, 6, 30))),
            ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]
        );
        let partial = quarters(day(2026, 2, 15), day(2026, 4, 10));
        assert_eq!(partial[0].start, day(2026, 2, 15));
        assert_eq!(partial[1].end, day(2026, 4, 10));
        assert!(quarters(day(2026, 5, 1), day(2026, 4, 1)).is_empty());
    }
}
