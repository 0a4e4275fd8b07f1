//! Review-period flags shared by `build` and `check` (and `import`, for the days to draft).

use chrono::NaiveDate;

use crate::error::Error;
use crate::packet::PeriodOverride;

/// Which days to work on: for `build` and `check`, a slice of the packet's review period (the
/// packet is still checked against its own `[period]`); for `import`, the days to draft.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PeriodArgs {
    /// Only the days of a named period: a year (`2026`), a half (`2026-H1`) or a quarter
    /// (`2026-Q3`). `build` and `check` leave out the activities outside it and cut the spans
    /// that cross its edges
    #[arg(long, value_parser = parse_period, conflicts_with_all = ["since", "until"])]
    pub period: Option<NamedPeriod>,

    /// First day to work on (YYYY-MM-DD) [default: the packet's first day]; `build` and
    /// `check` leave out the activities that end before it
    #[arg(long, value_parser = parse_date)]
    pub since: Option<NaiveDate>,

    /// Last day to work on (YYYY-MM-DD) [default: the packet's last day]; `build` and `check`
    /// leave out the activities that begin after it
    #[arg(long, value_parser = parse_date)]
    pub until: Option<NaiveDate>,
}

impl PeriodArgs {
    pub fn to_override(&self) -> Result<PeriodOverride, Error> {
        let over = match &self.period {
            Some(named) => PeriodOverride::new(
                Some(named.label.clone()),
                Some(named.start),
                Some(named.end),
            ),
            None => PeriodOverride::new(None, self.since, self.until),
        };
        over.map_err(|backwards| {
            Error::Usage(format!(
                "`--until {}` is before `--since {}`",
                backwards.end, backwards.start
            ))
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedPeriod {
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    crate::packet::values::parse_date(text).ok_or_else(|| crate::read::date::explained(text))
}

/// `2026`, `2026-H1`/`2026-H2` or `2026-Q1`..`2026-Q4` as the first and last day of that span.
pub fn parse_period(text: &str) -> Result<NamedPeriod, String> {
    let invalid = || format!("`{text}` is not a period: write `2026`, `2026-H1` or `2026-Q3`");
    let upper = text.trim().to_ascii_uppercase();
    let (year, part) = match upper.split_once('-') {
        Some((year, part)) => (year, Some(part)),
        None => (upper.as_str(), None),
    };
    let year: i32 = year.parse().map_err(|_| invalid())?;
    let (first_month, months) = match part {
        None => (1, 12),
        Some("H1") => (1, 6),
        Some("H2") => (7, 6),
        Some(q) if q.len() == 2 && q.starts_with('Q') => match &q[1..] {
            "1" => (1, 3),
            "2" => (4, 3),
            "3" => (7, 3),
            "4" => (10, 3),
            _ => return Err(invalid()),
        },
        Some(_) => return Err(invalid()),
    };
    let start = NaiveDate::from_ymd_opt(year, first_month, 1).ok_or_else(invalid)?;
    let end = start
        .checked_add_months(chrono::Months::new(months))
        .and_then(|next| next.pred_opt())
        .ok_or_else(invalid)?;
    Ok(NamedPeriod {
        label: upper,
        start,
        end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_periods_resolve_to_their_first_and_last_day() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid");
        let cases = [
            ("2026", day(2026, 1, 1), day(2026, 12, 31)),
            ("2026-H1", day(2026, 1, 1), day(2026, 6, 30)),
            ("2026-h2", day(2026, 7, 1), day(2026, 12, 31)),
            ("2026-Q1", day(2026, 1, 1), day(2026, 3, 31)),
            ("2024-Q1", day(2024, 1, 1), day(2024, 3, 31)),
            ("2026-Q3", day(2026, 7, 1), day(2026, 9, 30)),
            ("2026-Q4", day(2026, 10, 1), day(2026, 12, 31)),
        ];
        for (text, start, end) in cases {
            let period = parse_period(text).expect(text);
            assert_eq!((period.start, period.end), (start, end), "{text}");
        }
        for bad in ["26-Q5", "2026-Q5", "2026-H3", "FY26", "", "2026-Q"] {
            assert!(parse_period(bad).is_err(), "{bad} accepted");
        }
    }
}
