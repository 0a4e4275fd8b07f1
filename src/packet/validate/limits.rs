//! Rules that need the whole checked packet: sections the target level expects that no
//! activity evidences, and sections whose text would not fit the review tool's box.

use std::ops::Range;

use super::PacketCheck;
use crate::diagnostic::{Code, Source};
use crate::packet::model::Packet;
use crate::packet::{coverage, plain};

impl<'a> PacketCheck<'a> {
    /// Checks that need the whole packet: sections without evidence, and sections whose text
    /// would not fit the review tool's box. With errors, `packet` holds the activities without
    /// errors: a section that one with errors names is no gap, and a length over the limit is
    /// over it all the same.
    pub(super) fn whole_packet(
        &mut self,
        packet: &Packet,
        main: &'a Source,
        target_span: Range<usize>,
    ) {
        for row in coverage::rows(packet) {
            let target = &self.rubric.levels[packet.section_targets[row.section]].id;
            let claimed = packet.claims.iter().any(|c| c.section == row.section);
            if row.activities > 0 && !claimed && !self.unsure_claims.contains(&row.section) {
                self.report(
                    main,
                    Code::NoClaim,
                    target_span.clone(),
                    format!(
                        "section `{}` has {} but no claim saying how the work meets the expectation at `{target}`",
                        row.id,
                        plural(row.activities, "activity", "activities")
                    ),
                    Some(format!(
                        "add a `[[claim]]` with `section = \"{}\"`, your words, and the ids of the activities that prove it",
                        row.id
                    )),
                );
            }
            if row.status == coverage::Status::Missing
                && !self.unsure_sections.contains(&row.section)
            {
                self.report(
                    main,
                    Code::CoverageGap,
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
                    .unwrap_or_else(|| (main, target_span.clone()));
                self.report(source, Code::OverLimit,
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
            }
        }
    }
}

/// `1 activity`, `3 activities`.
fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}
