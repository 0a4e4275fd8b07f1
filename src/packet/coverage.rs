//! How well the packet's evidence covers each section expected at the target level.

use std::collections::HashSet;

use serde::Serialize;

use crate::packet::model::Packet;

/// `strong`, `thin` or `missing`, by the number of activities behind a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Strong,
    Thin,
    Missing,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Strong => "strong",
            Status::Thin => "thin",
            Status::Missing => "missing",
        }
    }
}

/// One row of the coverage report.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub activities: usize,
    pub evidence: usize,
    /// Per-activity metric values recorded on those activities.
    pub metrics: usize,
    pub status: Status,
}

/// A row for every section with an expectation at the target level, in rubric order.
pub fn rows(packet: &Packet) -> Vec<Row> {
    let rubric = &packet.rubric;
    rubric
        .sections
        .iter()
        .enumerate()
        .filter(|(_, section)| section.expectation(packet.target).is_some())
        .map(|(index, section)| {
            let mut row = Row {
                id: section.id.clone(),
                name: section.name.clone(),
                activities: 0,
                evidence: 0,
                metrics: 0,
                status: Status::Missing,
            };
            // A link that several activities give is one piece of evidence.
            let mut links = HashSet::new();
            for activity in packet
                .activities
                .iter()
                .filter(|a| a.sections.contains(&index))
            {
                row.activities += 1;
                row.evidence += activity
                    .evidence
                    .iter()
                    .filter(|e| e.key.as_ref().is_none_or(|key| links.insert(key)))
                    .count();
                row.metrics += activity.metrics.len();
            }
            row.status = match row.activities {
                0 => Status::Missing,
                n if n >= rubric.strong => Status::Strong,
                _ => Status::Thin,
            };
            row
        })
        .collect()
}
