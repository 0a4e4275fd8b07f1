//! Review periods: the packet's `[period]`, the command line's override of it, and the one
//! rule every span of days obeys (it does not end before it starts).

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

/// The review period to check against, when the command line overrides the packet's own.
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

    /// The packet's period as overridden: label, first and last day, not yet known to be in
    /// order.
    pub fn apply(&self, period: &RawPeriod) -> (String, NaiveDate, NaiveDate) {
        (
            self.label.clone().unwrap_or_else(|| period.label.clone()),
            self.start.unwrap_or(period.start.0),
            self.end.unwrap_or(period.end.0),
        )
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
