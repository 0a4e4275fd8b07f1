//! Review periods: the packet's `[period]`, the command line's slice of it, and the one rule
//! every span of days obeys (it does not end before it starts).

use chrono::NaiveDate;

use super::raw::RawPeriod;

/// A first and a last day, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// A span whose last day comes before its first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("ends on {end} before it starts on {start}")]
pub struct Backwards {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Days {
    /// The days from `start` to `end`, both included, unless `end` comes first.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Self, Backwards> {
        if end < start {
            Err(Backwards { start, end })
        } else {
            Ok(Days { start, end })
        }
    }

    /// Whether the span has open ends: `None` is no bound.
    pub fn bounded(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Result<(), Backwards> {
        match (start, end) {
            (Some(start), Some(end)) => Days::new(start, end).map(drop),
            _ => Ok(()),
        }
    }
}

/// The days to build, when the command line names fewer (or other) days than the packet's own
/// `[period]`: a slice. The packet is still checked against its own period; the slice then
/// decides which of its activities and metric points are shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodOverride {
    label: Option<String>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
}

impl PeriodOverride {
    /// An override of the label, the first day or the last day; the days given must be in
    /// order.
    pub fn new(
        label: Option<String>,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
    ) -> Result<Self, Backwards> {
        Days::bounded(start, end)?;
        Ok(PeriodOverride { label, start, end })
    }

    /// Whether it moves a day of the period, so that a backwards period is its doing.
    pub fn moves_days(&self) -> bool {
        self.start.is_some() || self.end.is_some()
    }

    /// The slice of `period` this override asks for: its label and days, the packet's where it
    /// names none, cut to the packet's period where they overlap it, not yet known to be in
    /// order; `None` when it asks for none.
    pub fn slice(&self, period: &RawPeriod) -> Option<(String, NaiveDate, NaiveDate)> {
        if self.label.is_none() && !self.moves_days() {
            return None;
        }
        let (own_start, own_end) = (period.start.0, period.end.0);
        let mut start = self.start.unwrap_or(own_start);
        let mut end = self.end.unwrap_or(own_end);
        // Days outside the packet's period hold nothing of it: a slice is at most the whole
        // period. One with no day in it stays as asked, for the error that says so.
        if start <= own_end && end >= own_start {
            start = start.max(own_start);
            end = end.min(own_end);
        }
        let same_days = start == period.start.0 && end == period.end.0;
        // Other days under the packet's own label would be written over the whole packet's
        // files: days without a name are named by their days.
        let label = match &self.label {
            Some(label) => label.clone(),
            None if same_days => period.label.clone(),
            None => format!("{start} to {end}"),
        };
        Some((label, start, end))
    }

    /// The range of days to work on, with or without a packet: the override's bounds, else
    /// the packet's period, else open.
    pub fn range(&self, period: Option<&RawPeriod>) -> (Option<NaiveDate>, Option<NaiveDate>) {
        (
            self.start.or(period.map(|p| p.start.0)),
            self.end.or(period.map(|p| p.end.0)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::values::Date;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid")
    }

    fn fy26() -> RawPeriod {
        RawPeriod {
            label: "FY26".into(),
            start: Date(day(2026, 1, 1)),
            end: Date(day(2026, 12, 31)),
        }
    }

    #[test]
    fn no_override_is_no_slice() {
        assert_eq!(PeriodOverride::default().slice(&fy26()), None);
    }

    #[test]
    fn a_named_period_slices_under_its_own_name() {
        let over = PeriodOverride::new(
            Some("2026-Q1".into()),
            Some(day(2026, 1, 1)),
            Some(day(2026, 3, 31)),
        )
        .expect("in order");
        assert_eq!(
            over.slice(&fy26()),
            Some(("2026-Q1".into(), day(2026, 1, 1), day(2026, 3, 31)))
        );
    }

    #[test]
    fn one_day_given_keeps_the_packet_s_other_day_and_is_named_by_its_days() {
        let since = PeriodOverride::new(None, Some(day(2026, 10, 1)), None).expect("open");
        assert_eq!(
            since.slice(&fy26()),
            Some((
                "2026-10-01 to 2026-12-31".into(),
                day(2026, 10, 1),
                day(2026, 12, 31)
            ))
        );
        let until = PeriodOverride::new(None, None, Some(day(2026, 6, 30))).expect("open");
        assert_eq!(
            until.slice(&fy26()).map(|(_, start, end)| (start, end)),
            Some((day(2026, 1, 1), day(2026, 6, 30)))
        );
        // Days beyond the packet's period are cut off: they hold nothing of it.
        let wider = PeriodOverride::new(
            Some("2026-H2".into()),
            Some(day(2026, 7, 1)),
            Some(day(2027, 12, 31)),
        )
        .expect("in order");
        assert_eq!(
            wider.slice(&fy26()),
            Some(("2026-H2".into(), day(2026, 7, 1), day(2026, 12, 31)))
        );
        let before = PeriodOverride::new(None, Some(day(2025, 1, 1)), None).expect("open");
        assert_eq!(
            before.slice(&fy26()),
            Some(("FY26".into(), day(2026, 1, 1), day(2026, 12, 31)))
        );
        // A slice with no day in the period stays as asked: it is an error.
        let outside = PeriodOverride::new(None, Some(day(2027, 1, 1)), Some(day(2027, 3, 31)))
            .expect("in order");
        assert_eq!(
            outside.slice(&fy26()).map(|(_, start, end)| (start, end)),
            Some((day(2027, 1, 1), day(2027, 3, 31)))
        );
        // The packet's own days keep the packet's own name.
        let same = PeriodOverride::new(None, Some(day(2026, 1, 1)), None).expect("open");
        assert_eq!(
            same.slice(&fy26()).map(|(label, ..)| label),
            Some("FY26".into())
        );
    }

    #[test]
    fn the_range_to_import_is_the_override_s_else_the_packet_s() {
        let until = PeriodOverride::new(None, None, Some(day(2026, 6, 30))).expect("open");
        assert_eq!(
            until.range(Some(&fy26())),
            (Some(day(2026, 1, 1)), Some(day(2026, 6, 30)))
        );
        assert_eq!(until.range(None), (None, Some(day(2026, 6, 30))));
    }
}
