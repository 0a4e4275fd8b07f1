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
        // Each finding is said once for the packet, listing its sections: a fresh packet has
        // several gaps, all at the target level, and the coverage table shows them anyway.
        let mut unclaimed: Vec<(String, String)> = Vec::new();
        let mut gaps: Vec<(String, String)> = Vec::new();
        for row in coverage::rows(packet) {
            let target = self.rubric.levels[packet.section_targets[row.section]]
                .id
                .clone();
            let claimed = packet.claims.iter().any(|c| c.section == row.section);
            if row.activities > 0 && !claimed && !self.unsure_claims.contains(&row.section) {
                unclaimed.push((row.id.clone(), target.clone()));
            }
            if row.status == coverage::Status::Missing
                && !self.unsure_sections.contains(&row.section)
            {
                gaps.push((row.id, target));
            }
        }
        if !unclaimed.is_empty() {
            let (sections, level) = listed(&unclaimed);
            let at = level
                .map(|level| format!(" at `{level}`"))
                .unwrap_or_default();
            let hint = match unclaimed.as_slice() {
                [(id, _)] => format!(
                    "add a `[[claim]]` with `section = \"{id}\"`, your words, and the ids of the activities that prove it"
                ),
                _ => "add a `[[claim]]` for each, with its `section`, your words, and the ids of the activities that prove it".to_owned(),
            };
            self.report(
                main,
                Code::NoClaim,
                target_span.clone(),
                format!(
                    "{sections} {} activities but no claim saying how the work meets the expectation{at}",
                    if unclaimed.len() == 1 { "has" } else { "have" }
                ),
                Some(hint),
            );
        }
        if !gaps.is_empty() {
            let (sections, level) = listed(&gaps);
            let at = level
                .map(|level| format!(", expected at `{level}`"))
                .unwrap_or_default();
            let hint = match gaps.as_slice() {
                [(id, _)] => format!(
                    "add `\"{id}\"` to the `sections` of an activity that shows it"
                ),
                _ => "add a section's id to the `sections` of an activity that shows it; `promopack check` shows the coverage of each section".to_owned(),
            };
            self.report(
                main,
                Code::CoverageGap,
                target_span.clone(),
                format!("no activity evidences {sections}{at}"),
                Some(hint),
            );
        }
        self.short_form(packet, main, target_span.clone());
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

/// Sections with their target levels as a message lists them: ``section `a` `` or
/// ``sections `a`, `b` `` and the level all of them are expected at; when their levels differ,
/// each with its own (``sections `a` (expected at `mid`), `b` (expected at `staff`)``) and none.
fn listed(sections: &[(String, String)]) -> (String, Option<&str>) {
    let one_level = sections.windows(2).all(|pair| pair[0].1 == pair[1].1);
    let names: Vec<String> = sections
        .iter()
        .map(|(id, level)| {
            if one_level {
                format!("`{id}`")
            } else {
                format!("`{id}` (expected at `{level}`)")
            }
        })
        .collect();
    let noun = if sections.len() == 1 {
        "section"
    } else {
        "sections"
    };
    let level = sections
        .first()
        .filter(|_| one_level)
        .map(|(_, level)| level.as_str());
    (format!("{noun} {}", names.join(", ")), level)
}
