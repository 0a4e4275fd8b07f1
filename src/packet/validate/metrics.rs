//! The rules of headline metrics: unique ids, a baseline and a target to judge them by, and
//! points inside the review period.

use std::collections::HashSet;

use toml::Spanned;

use super::PacketCheck;
use crate::diagnostic::{Code, Source};
use crate::packet::model::{Metric, Point};
use crate::packet::raw::RawMetric;

impl PacketCheck<'_> {
    /// The headline metrics, checked, each one's points in date order.
    pub(super) fn metrics(&mut self, raw: Vec<Spanned<RawMetric>>, main: &Source) -> Vec<Metric> {
        let mut metric_ids = HashSet::new();
        let mut metrics = Vec::with_capacity(raw.len());
        for metric in raw {
            let metric = metric.into_inner();
            if !metric_ids.insert(metric.id.get_ref().clone()) {
                let message = format!("duplicate metric id `{}`", metric.id.get_ref());
                self.report(main, Code::DuplicateId, metric.id.span(), message, None);
            }
            let id = metric.id.get_ref();
            let missing: Vec<&str> = [("baseline", metric.baseline), ("target", metric.target)]
                .iter()
                .filter(|(_, value)| value.is_none())
                .map(|(key, _)| *key)
                .collect();
            if !missing.is_empty() {
                self.report(
                    main,
                    Code::MetricIncomplete,
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
                    self.report(main, Code::MetricOutsidePeriod,
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
        metrics
    }
}
