//! A slice of a checked packet: the part of it that falls in fewer days than its review
//! period, as `--period`, `--since` and `--until` ask. It is cut after the packet is checked
//! against its own period, so a packet that is wrong stays wrong whatever slice is built.

use std::fmt;

use super::model::{Packet, Period, When};
use super::period::Days;

/// The days to show, and what to call them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slice {
    pub label: String,
    pub days: Days,
}

/// What a slice left out of a packet, for the one line that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub slice: Slice,
    /// Activities left out, and how many the packet had.
    pub activities: (usize, usize),
    /// Claims left with no evidence in the slice, and how many the packet had.
    pub claims: (usize, usize),
    /// Points of headline metrics left out, and how many the packet had.
    pub points: (usize, usize),
}

impl fmt::Display for LeftOut {
    /// `left out 9 of 14 activities and 1 of 4 claims outside 2026-Q1 (2026-01-01 to
    /// 2026-03-31)`: only the counts that are not zero.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = [
            (self.activities, "activity", "activities"),
            (self.claims, "claim", "claims"),
            (self.points, "metric point", "metric points"),
        ]
        .into_iter()
        .filter(|((left, _), ..)| *left > 0)
        .map(|((left, of), one, many)| {
            format!("{left} of {of} {}", if of == 1 { one } else { many })
        })
        .collect();
        let counts = match parts.as_slice() {
            [] => "nothing".to_owned(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        };
        let Slice { label, days } = &self.slice;
        let range = format!("{} to {}", days.start, days.end);
        write!(f, "left out {counts} outside {label}")?;
        if *label != range {
            write!(f, " ({range})")?;
        }
        Ok(())
    }
}

/// The part of `packet` in `slice`: the activities that touch its days, each span cut to them
/// and marked; the claims' evidence among those, and the claims that keep some; the metric
/// points in its days. The period shown becomes the slice. What it left out comes back too,
/// `None` when it left out nothing.
pub fn cut(mut packet: Packet, slice: Slice) -> (Packet, Option<LeftOut>) {
    let Days { start, end } = slice.days;
    let activity_count = packet.activities.len();
    let mut kept = Vec::with_capacity(activity_count);
    // Each activity's index in the slice, by its index in the packet.
    let mut moved = Vec::with_capacity(activity_count);
    for mut activity in std::mem::take(&mut packet.activities) {
        let written = activity.when;
        if written.end() < start || written.start() > end {
            moved.push(None);
            continue;
        }
        let (first, last) = (written.start().max(start), written.end().min(end));
        if (first, last) != (written.start(), written.end()) {
            activity.when = if first == last {
                When::Day(first)
            } else {
                When::Span(first, last)
            };
            activity.clipped = Some(written);
        }
        moved.push(Some(kept.len()));
        kept.push(activity);
    }
    let activities_left = activity_count - kept.len();
    packet.activities = kept;

    let claim_count = packet.claims.len();
    packet.claims.retain_mut(|claim| {
        let cited = !claim.evidence.is_empty();
        claim.evidence = claim
            .evidence
            .iter()
            .filter_map(|&at| moved.get(at).copied().flatten())
            .collect();
        // A claim that cites nothing says so on its own; one whose proof all lies outside the
        // slice argues about other days.
        !cited || !claim.evidence.is_empty()
    });
    let claims_left = claim_count - packet.claims.len();
    // Words from others stay: they speak of the work as a whole, and a claim may cite them.
    for testimonial in &mut packet.testimonials {
        testimonial.activities = testimonial
            .activities
            .iter()
            .filter_map(|&at| moved.get(at).copied().flatten())
            .collect();
    }

    let mut point_count = 0;
    let mut points_kept = 0;
    for metric in &mut packet.metrics {
        point_count += metric.points.len();
        metric.points.retain(|p| p.date >= start && p.date <= end);
        points_kept += metric.points.len();
    }
    let points_left = point_count - points_kept;

    packet.period = Period {
        label: slice.label.clone(),
        start,
        end,
    };
    let left_out = (activities_left + claims_left + points_left > 0).then_some(LeftOut {
        slice,
        activities: (activities_left, activity_count),
        claims: (claims_left, claim_count),
        points: (points_left, point_count),
    });
    (packet, left_out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).expect("valid")
    }

    fn q1() -> Slice {
        Slice {
            label: "2026-Q1".into(),
            days: Days::new(day(1, 1), day(3, 31)).expect("in order"),
        }
    }

    fn left_out(activities: (usize, usize), claims: (usize, usize)) -> LeftOut {
        LeftOut {
            slice: q1(),
            activities,
            claims,
            points: (0, 3),
        }
    }

    #[test]
    fn the_line_counts_only_what_was_left_out() {
        assert_eq!(
            left_out((9, 14), (0, 2)).to_string(),
            "left out 9 of 14 activities outside 2026-Q1 (2026-01-01 to 2026-03-31)"
        );
        assert_eq!(
            LeftOut {
                points: (2, 3),
                ..left_out((1, 1), (1, 4))
            }
            .to_string(),
            "left out 1 of 1 activity, 1 of 4 claims and 2 of 3 metric points outside 2026-Q1 (2026-01-01 to 2026-03-31)"
        );
    }

    #[test]
    fn a_slice_named_by_its_days_is_not_named_twice() {
        let mut out = left_out((1, 2), (0, 0));
        out.slice.label = "2026-01-01 to 2026-03-31".into();
        assert_eq!(
            out.to_string(),
            "left out 1 of 2 activities outside 2026-01-01 to 2026-03-31"
        );
    }
}
