//! The rules of growth areas and goals: a goal names a rubric section and level that exist
//! and, if it names one, a headline metric of the packet.

use toml::Spanned;

use super::PacketCheck;
use crate::diagnostic::{Code, Source, suggest};
use crate::packet::model::{Goal, Growth, Metric};
use crate::packet::raw::{RawGoal, RawGrowth, RawPreviousGoal};

impl PacketCheck<'_> {
    /// The growth areas: nothing to check but their shape, which parsing did.
    pub(super) fn growth(raw: Vec<Spanned<RawGrowth>>) -> Vec<Growth> {
        raw.into_iter()
            .map(Spanned::into_inner)
            .map(|g| Growth {
                area: g.area,
                done: g.done,
                next: g.next,
            })
            .collect()
    }

    /// The goals for the next period, checked against the rubric and the packet's metrics.
    pub(super) fn goals(
        &mut self,
        raw: Vec<Spanned<RawGoal>>,
        metrics: &[Metric],
        main: &Source,
    ) -> Vec<Goal> {
        raw.into_iter()
            .filter_map(|goal| {
                let goal = goal.into_inner();
                let parts = GoalParts {
                    section: &goal.section,
                    level: goal.level.as_ref(),
                    metric: goal.metric.as_ref(),
                };
                let (section, level, metric) = self.goal_parts(&parts, metrics, main, "a goal")?;
                Some(Goal {
                    goal: goal.goal,
                    section,
                    level,
                    signal: goal.signal,
                    metric,
                    outcome: String::new(),
                })
            })
            .collect()
    }

    /// The last period's goals, checked as goals are.
    pub(super) fn previous_goals(
        &mut self,
        raw: Vec<Spanned<RawPreviousGoal>>,
        metrics: &[Metric],
        main: &Source,
    ) -> Vec<Goal> {
        raw.into_iter()
            .filter_map(|goal| {
                let goal = goal.into_inner();
                let parts = GoalParts {
                    section: &goal.section,
                    level: goal.level.as_ref(),
                    metric: goal.metric.as_ref(),
                };
                let who = "a goal of the last period";
                let (section, level, metric) = self.goal_parts(&parts, metrics, main, who)?;
                Some(Goal {
                    goal: goal.goal,
                    section,
                    level,
                    signal: goal.signal,
                    metric,
                    outcome: goal.outcome,
                })
            })
            .collect()
    }

    /// A goal's section, level (the section's target when it names none) and metric as
    /// indexes; `None` after reporting any of them unknown.
    fn goal_parts(
        &mut self,
        goal: &GoalParts<'_>,
        metrics: &[Metric],
        main: &Source,
        who: &str,
    ) -> Option<(usize, usize, Option<usize>)> {
        let section = self.named_section(main, goal.section, who);
        let level = match goal.level {
            None => section.and_then(|s| self.targets.get(s).copied()),
            Some(level) => {
                let level_ids = || self.rubric.levels.iter().map(|l| l.id.as_str());
                let found = level_ids().position(|id| id == level.get_ref());
                if found.is_none() {
                    let hint = suggest::hint(level.get_ref(), level_ids());
                    self.report(
                        main,
                        Code::UnknownLevel,
                        level.span(),
                        format!(
                            "{who} names unknown level `{}` of rubric `{}`",
                            level.get_ref(),
                            self.rubric.name
                        ),
                        Some(hint),
                    );
                }
                found
            }
        };
        let metric = match goal.metric {
            None => Some(None),
            Some(metric) => {
                let found = metrics.iter().position(|m| &m.id == metric.get_ref());
                if found.is_none() {
                    let known = || metrics.iter().map(|m| m.id.as_str());
                    let hint = if metrics.is_empty() {
                        "the packet has no headline metric: add a `[[metric]]` with this `id`, or leave `metric` out".to_owned()
                    } else {
                        suggest::hint(metric.get_ref(), known())
                    };
                    self.report(
                        main,
                        Code::UnknownMetric,
                        metric.span(),
                        format!("{who} names unknown headline metric `{}`", metric.get_ref()),
                        Some(hint),
                    );
                }
                found.map(Some)
            }
        };
        Some((section?, level?, metric?))
    }
}

/// What a goal names, whichever table it was written in.
struct GoalParts<'a> {
    section: &'a Spanned<String>,
    level: Option<&'a Spanned<String>>,
    metric: Option<&'a Spanned<String>>,
}
