//! The rubric as templates see it: its levels, groups, origin, and the items of an
//! expectation with the activities that prove each.

use std::sync::Arc;

use serde::Serialize;

use super::activity::ActivityContext;
use crate::packet::coverage::Status;
use crate::rubric::{Level, Rubric};

#[derive(Debug, Clone, Serialize)]
pub struct LevelContext {
    pub id: String,
    pub name: String,
    pub description: String,
    /// 1-based position in the ladder, lowest first.
    pub position: usize,
    pub grade: Option<String>,
    pub track: Option<String>,
    /// One line: what the level is.
    pub summary: Option<String>,
    pub url: Option<String>,
}

impl LevelContext {
    pub fn new(levels: &[Level], index: usize) -> Self {
        let level = &levels[index];
        LevelContext {
            id: level.id.clone(),
            name: level.name.clone(),
            description: level.description.clone(),
            position: index + 1,
            grade: level.grade.clone(),
            track: level.track.clone(),
            summary: level.summary.clone(),
            url: level.url.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RubricContext {
    pub name: String,
    pub description: String,
    pub levels: Vec<LevelContext>,
    /// The groups the rubric declares, in order, each with its introduction.
    pub groups: Vec<GroupContext>,
    /// Where the ladder comes from, its licence and attribution; `null` when not given.
    pub source: Option<OriginContext>,
}

impl RubricContext {
    pub fn new(rubric: &Rubric) -> Self {
        RubricContext {
            name: rubric.name.clone(),
            description: rubric.description.clone(),
            levels: (0..rubric.levels.len())
                .map(|i| LevelContext::new(&rubric.levels, i))
                .collect(),
            groups: rubric
                .groups
                .iter()
                .map(|g| GroupContext {
                    id: g.id.clone(),
                    name: g.name.clone(),
                    description: g.description.clone(),
                })
                .collect(),
            source: rubric.origin.as_ref().map(|o| OriginContext {
                title: o.title.clone(),
                url: o.url.clone(),
                licence: o.licence.clone(),
                attribution: o.attribution.clone(),
                notes: o.notes.clone(),
            }),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupContext {
    pub id: String,
    pub name: String,
    /// Markdown.
    pub description: String,
}

#[derive(Debug, Serialize)]
pub struct OriginContext {
    pub title: String,
    pub url: String,
    pub licence: String,
    /// Markdown.
    pub attribution: String,
    /// Markdown: what of the original the rubric could not express.
    pub notes: String,
}

/// One item of a section's expectation at its target, with the activities that name it.
#[derive(Debug, Serialize)]
pub struct ItemContext {
    pub id: String,
    pub text: String,
    /// `strong`, `thin` or `missing`, by the number of activities naming the item.
    pub status: Status,
    /// The activities that name the item (`SECTION#ITEM`): the timeline's own, shared.
    pub activities: Vec<Arc<ActivityContext>>,
}
