//! How well the packet's evidence covers each section expected at its target level, and each
//! item of the sections whose expectation is a list.

use std::collections::HashSet;

use serde::Serialize;

use crate::packet::model::Packet;

/// `strong`, `thin` or `missing`, by the number of activities behind a section or an item.
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

    /// The status of `activities` activities where `strong` make it strong.
    pub fn of(activities: usize, strong: usize) -> Self {
        match activities {
            0 => Status::Missing,
            n if n >= strong => Status::Strong,
            _ => Status::Thin,
        }
    }
}

/// One row of the coverage report.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The section's index in the rubric.
    #[serde(skip)]
    pub section: usize,
    pub id: String,
    pub name: String,
    pub activities: usize,
    pub evidence: usize,
    /// Per-activity metric values recorded on those activities.
    pub metrics: usize,
    pub status: Status,
    /// The items of the section's expectation at its target, when it is a list; absent for an
    /// expectation written as text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ItemRow>,
    /// How many of `items` some activity evidences; absent without items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items_evidenced: Option<usize>,
}

/// One item of an expectation, with the activities that name it (`SECTION#ITEM`).
#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub id: String,
    pub text: String,
    pub activities: usize,
    pub status: Status,
}

/// A row for every section expected at its target level, in rubric order: information-only
/// sections, and sections that have ended below their target, have none.
pub fn rows(packet: &Packet) -> Vec<Row> {
    let rubric = &packet.rubric;
    rubric
        .sections
        .iter()
        .enumerate()
        .filter(|(index, section)| section.expected_at(packet.section_targets[*index]))
        .map(|(index, section)| {
            let mut row = Row {
                section: index,
                id: section.id.clone(),
                name: section.name.clone(),
                activities: 0,
                evidence: 0,
                metrics: 0,
                status: Status::Missing,
                items: Vec::new(),
                items_evidenced: None,
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
            row.status = Status::of(row.activities, rubric.strong);
            row.items = section
                .items(packet.section_targets[index])
                .iter()
                .map(|item| {
                    let activities = packet
                        .activities
                        .iter()
                        .filter(|a| a.items.iter().any(|(s, id)| *s == index && *id == item.id))
                        .count();
                    ItemRow {
                        id: item.id.clone(),
                        text: item.text.clone(),
                        activities,
                        status: Status::of(activities, rubric.item_strong),
                    }
                })
                .collect();
            if !row.items.is_empty() {
                let evidenced = row.items.iter().filter(|i| i.status != Status::Missing);
                row.items_evidenced = Some(evidenced.count());
            }
            row
        })
        .collect()
}
