//! The numbers and charts of the template context: headline metrics with their movement,
//! per-activity metrics rolled up by section, kind and quarter, and the SVG charts.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Error;
use crate::number::Number;
use crate::packet::model::{Activity, Aggregate, Better, Kind, Metric, Packet};
use crate::render::charts::{self, Chart};
use crate::render::metrics::{self, Quarter, Rollup};

#[derive(Debug, Serialize)]
pub struct Figures {
    pub metrics: Vec<MetricContext>,
    /// The calendar quarters of the review period, with the activities in each.
    pub quarters: Vec<QuarterContext>,
    pub rollups: Rollups,
    /// Activities per section (every section, in rubric order) and quarter.
    pub coverage_by_quarter: Vec<HeatRow>,
    pub charts: Charts,
}

#[derive(Debug, Serialize)]
pub struct MetricContext {
    pub id: String,
    pub name: String,
    pub unit: Option<String>,
    pub owner: Option<String>,
    pub description: String,
    /// `higher` or `lower`: which way is better.
    pub better: Better,
    pub baseline: Option<Number>,
    pub target: Option<Number>,
    /// The most recent point, if any.
    pub latest: Option<Number>,
    pub points: Vec<PointContext>,
    /// `latest - baseline`, shown with its sign (`+15`).
    pub change: Option<Number>,
    /// The change in percent of the baseline (`+125%`); absent for a zero baseline.
    pub change_percent: Option<Number>,
    /// How far from baseline to target the latest value got (`83%`).
    pub progress: Option<Number>,
    /// Whether the metric moved the better way.
    pub improved: Option<bool>,
    /// Whether the latest value reached the target.
    pub met: Option<bool>,
    /// The line chart against the target, as inline SVG.
    pub chart: String,
}

#[derive(Debug, Serialize)]
pub struct PointContext {
    pub date: NaiveDate,
    pub value: Number,
}

#[derive(Debug, Serialize)]
pub struct QuarterContext {
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub activities: usize,
    /// Kinds that occur in the quarter, in the fixed order of kinds.
    pub by_kind: Vec<KindCount>,
}

#[derive(Debug, Serialize)]
pub struct KindCount {
    pub id: &'static str,
    pub name: &'static str,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct Rollups {
    pub by_section: Vec<RollupGroup>,
    pub by_kind: Vec<RollupGroup>,
    pub by_quarter: Vec<RollupGroup>,
}

/// The rolled-up metrics of one section, kind or quarter.
#[derive(Debug, Serialize)]
pub struct RollupGroup {
    pub id: String,
    pub name: String,
    pub values: Vec<RollupContext>,
}

#[derive(Debug, Serialize)]
pub struct RollupContext {
    /// The metric key, e.g. `attendees`.
    pub id: String,
    pub name: String,
    pub unit: Option<String>,
    /// `sum`, `average` or `max`.
    pub aggregate: Aggregate,
    pub value: Number,
    /// How many activity values it combines.
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct HeatRow {
    pub id: String,
    pub name: String,
    /// One count per quarter, in the order of `quarters`.
    pub counts: Vec<usize>,
}

#[derive(Debug, Serialize)]
pub struct Charts {
    /// Activities per quarter, one bar each, as inline SVG.
    pub quarters: String,
    /// Sections by quarter, as inline SVG.
    pub coverage: String,
}

fn signed(value: f64, suffix: &str) -> Number {
    let shown = Number::from(value).display;
    let sign = if value > 0.0 { "+" } else { "" };
    Number {
        value,
        display: format!("{sign}{shown}{suffix}"),
    }
}

fn percent(value: f64) -> Number {
    Number {
        value,
        display: format!("{}%", Number::from(value.round()).display),
    }
}

fn rollup_context(packet: &Packet, rollup: Rollup) -> RollupContext {
    RollupContext {
        name: packet.measure_name(&rollup.key),
        id: rollup.key,
        unit: rollup.unit,
        aggregate: rollup.aggregate,
        value: Number::from((rollup.value * 100.0).round() / 100.0),
        count: rollup.count,
    }
}

pub fn figures(packet: &Packet) -> Result<Figures, Error> {
    let period = (packet.period.start, packet.period.end);
    let quarters = metrics::quarters(period.0, period.1);
    let quarter_of: Vec<Option<usize>> = packet
        .activities
        .iter()
        .map(|a| metrics::quarter_of(&quarters, a))
        .collect();
    let in_quarter = |q: usize| {
        packet
            .activities
            .iter()
            .zip(&quarter_of)
            .filter(move |(_, at)| **at == Some(q))
            .map(|(a, _)| a)
    };
    let kinds: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|k| packet.activities.iter().any(|a| a.kind == *k))
        .collect();
    let count_kinds = |activities: &mut dyn Iterator<Item = &Activity>| {
        let mut counts = vec![0; kinds.len()];
        for a in activities {
            if let Some(k) = kinds.iter().position(|k| *k == a.kind) {
                counts[k] += 1;
            }
        }
        counts
    };
    let kind_counts: Vec<Vec<usize>> = (0..quarters.len())
        .map(|q| count_kinds(&mut in_quarter(q)))
        .collect();

    // A rollup of one value repeats that activity's own number and says nothing more: only
    // values that combine two or more are shown, in every format alike.
    let group =
        |id: String, name: String, activities: &mut dyn Iterator<Item = &Activity>| RollupGroup {
            values: metrics::rollup(packet, activities)
                .into_iter()
                .filter(|r| r.count > 1)
                .map(|r| rollup_context(packet, r))
                .collect(),
            id,
            name,
        };
    let rubric = &packet.rubric;
    let rollups = Rollups {
        by_section: rubric
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut members = packet.activities.iter().filter(|a| a.sections.contains(&i));
                group(s.id.clone(), s.name.clone(), &mut members)
            })
            .filter(|g| !g.values.is_empty())
            .collect(),
        by_kind: kinds
            .iter()
            .map(|k| {
                group(
                    k.id().into(),
                    k.label().into(),
                    &mut packet.activities.iter().filter(|a| a.kind == *k),
                )
            })
            .filter(|g| !g.values.is_empty())
            .collect(),
        by_quarter: quarters
            .iter()
            .enumerate()
            .map(|(q, quarter)| {
                group(
                    quarter.label.clone(),
                    quarter.label.clone(),
                    &mut in_quarter(q),
                )
            })
            .filter(|g| !g.values.is_empty())
            .collect(),
    };

    let coverage_by_quarter: Vec<HeatRow> = rubric
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| HeatRow {
            id: s.id.clone(),
            name: s.name.clone(),
            counts: (0..quarters.len())
                .map(|q| in_quarter(q).filter(|a| a.sections.contains(&i)).count())
                .collect(),
        })
        .collect();

    let labels: Vec<String> = quarters.iter().map(|q| q.label.clone()).collect();
    let totals: Vec<usize> = kind_counts
        .iter()
        .map(|per_kind| per_kind.iter().sum())
        .collect();
    let charts = Charts {
        quarters: charts::quarters(
            &quarters_chart(&quarters, &kinds, &kind_counts),
            &labels,
            &totals,
        )?,
        coverage: charts::coverage(
            &coverage_chart(&coverage_by_quarter, &labels),
            &coverage_by_quarter
                .iter()
                .map(|r| r.name.clone())
                .collect::<Vec<_>>(),
            &labels,
            &coverage_by_quarter
                .iter()
                .map(|r| r.counts.clone())
                .collect::<Vec<_>>(),
        )?,
    };

    Ok(Figures {
        metrics: packet
            .metrics
            .iter()
            .map(|m| metric_context(m, period))
            .collect::<Result<_, _>>()?,
        quarters: quarters
            .iter()
            .zip(&kind_counts)
            .map(|(q, counts)| QuarterContext {
                label: q.label.clone(),
                start: q.start,
                end: q.end,
                activities: counts.iter().sum(),
                by_kind: kinds
                    .iter()
                    .zip(counts)
                    .filter(|(_, n)| **n > 0)
                    .map(|(k, n)| KindCount {
                        id: k.id(),
                        name: k.label(),
                        count: *n,
                    })
                    .collect(),
            })
            .collect(),
        rollups,
        coverage_by_quarter,
        charts,
    })
}

fn quarters_chart(quarters: &[Quarter], kinds: &[Kind], counts: &[Vec<usize>]) -> Chart {
    let parts: Vec<String> = quarters
        .iter()
        .zip(counts)
        .map(|(q, per_kind)| {
            let detail: Vec<String> = kinds
                .iter()
                .zip(per_kind)
                .filter(|(_, n)| **n > 0)
                .map(|(k, n)| format!("{n} {}", k.label().to_lowercase()))
                .collect();
            let total: usize = per_kind.iter().sum();
            if detail.is_empty() {
                format!("{}: no activities", q.label)
            } else {
                format!("{}: {total} ({})", q.label, detail.join(", "))
            }
        })
        .collect();
    Chart {
        id: "chart-quarters".into(),
        title: "Activities per quarter".into(),
        description: format!("Activities per quarter, by kind. {}.", parts.join("; ")),
    }
}

fn coverage_chart(rows: &[HeatRow], quarters: &[String]) -> Chart {
    let parts: Vec<String> = rows
        .iter()
        .map(|row| {
            let cells: Vec<String> = quarters
                .iter()
                .zip(&row.counts)
                .map(|(q, n)| format!("{q} {n}"))
                .collect();
            format!("{}: {}", row.name, cells.join(", "))
        })
        .collect();
    Chart {
        id: "chart-coverage".into(),
        title: "Rubric sections by quarter".into(),
        description: format!(
            "Activities per rubric section and quarter. {}.",
            parts.join("; ")
        ),
    }
}

fn metric_context(metric: &Metric, period: (NaiveDate, NaiveDate)) -> Result<MetricContext, Error> {
    let movement = metrics::movement(metric);
    let unit = metric
        .unit
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let shown = |v: Option<f64>| {
        v.map_or_else(
            || "none".to_owned(),
            |v| format!("{}{unit}", Number::from(v).display),
        )
    };
    let mut description = format!("{}: baseline {}", metric.name, shown(metric.baseline));
    for p in &metric.points {
        description.push_str(&format!(", {} on {}", shown(Some(p.value)), p.date));
    }
    description.push_str(&format!("; target {}", shown(metric.target)));
    if metric.better == Better::Lower {
        description.push_str(", lower is better");
    }
    description.push('.');
    let chart = Chart {
        id: format!("chart-metric-{}", slug::slugify(&metric.id)),
        title: metric.name.clone(),
        description,
    };
    let points: Vec<(NaiveDate, f64)> = metric.points.iter().map(|p| (p.date, p.value)).collect();
    Ok(MetricContext {
        id: metric.id.clone(),
        name: metric.name.clone(),
        unit: metric.unit.clone(),
        owner: metric.owner.clone(),
        description: metric.description.clone(),
        better: metric.better,
        baseline: metric.baseline.map(Number::from),
        target: metric.target.map(Number::from),
        latest: movement.latest.map(Number::from),
        points: metric
            .points
            .iter()
            .map(|p| PointContext {
                date: p.date,
                value: Number::from(p.value),
            })
            .collect(),
        change: movement.change.map(|c| signed(c, "")),
        change_percent: movement.change_percent.map(|c| Number {
            value: c,
            display: signed(c.round(), "%").display,
        }),
        progress: movement.progress.map(percent),
        improved: movement.improved,
        met: movement.met,
        chart: charts::metric(&chart, period, metric.baseline, metric.target, &points)?,
    })
}
