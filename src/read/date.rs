//! Dates as a person writes them: the one reading of `YYYY-MM-DD`, and what to say of text that
//! is not such a date, in words that name what is wrong (a month of 30 days, a year that is not
//! a leap year) and the date that was most likely meant.

use chrono::NaiveDate;

/// A date written exactly `YYYY-MM-DD`: chrono alone would also take `2026-3-1`, `+2026-03-01`
/// or surrounding spaces.
pub fn parse(text: &str) -> Option<NaiveDate> {
    shaped(text)
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
}

/// Whether `text` is ten characters shaped `YYYY-MM-DD`, a real date or not.
fn shaped(text: &str) -> bool {
    text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// Whether `word`, written bare in a TOML file, is a date a person meant: a year of four digits,
/// then a month and a day, between dashes, slashes or dots (`2026/04/09`, `2026-4-9`).
pub fn looks_like(word: &str) -> bool {
    year_month_day(word).is_some()
}

/// The numbers of `YYYY?M?D`, with `?` one of `-`, `/`, `.` used twice, each number of one or
/// two digits after the year.
fn year_month_day(word: &str) -> Option<(i32, u32, u32)> {
    let separator = word.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = word.split(separator).collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let digits = |part: &str, most: usize| {
        (!part.is_empty() && part.len() <= most && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    if year.len() != 4 {
        return None;
    }
    let year = i32::try_from(digits(year, 4)?).ok()?;
    Some((year, digits(month, 2)?, digits(day, 2)?))
}

/// Why `text` is not a date, and what to write instead when that is not said already: for
/// `2026-04-31`, that April 2026 has 30 days; for `2026/04/09`, to write `2026-04-09`.
pub fn problem(text: &str) -> (String, Option<String>) {
    let Some((year, month, day)) = year_month_day(text) else {
        return (format!("`{text}` is not a date"), Some(HINT.to_owned()));
    };
    if !shaped(text) {
        let meant = NaiveDate::from_ymd_opt(year, month, day)
            .map_or_else(|| "2026-04-09".to_owned(), |d| d.to_string());
        return (
            format!("`{text}` is not written YYYY-MM-DD"),
            Some(format!("write dates as YYYY-MM-DD, e.g. `{meant}`")),
        );
    }
    if !(1..=12).contains(&month) {
        return (
            format!("`{text}` is not a date: there is no month {month:02}"),
            Some("months run from 01 to 12, as in YYYY-MM-DD".to_owned()),
        );
    }
    let days = days_in_month(year, month);
    let name = month_name(month);
    let last = format!("the last day of {name} {year} is `{year:04}-{month:02}-{days:02}`");
    if day == 29 && month == 2 {
        return (
            format!("`{text}` is not a date: {year} is not a leap year"),
            Some(format!("February {year} has {days} days: {last}")),
        );
    }
    if day > days {
        return (
            format!("`{text}` is not a date: {name} {year} has {days} days"),
            Some(last),
        );
    }
    if day == 0 {
        return (
            format!("`{text}` is not a date: there is no day 00"),
            Some("days run from 01, as in YYYY-MM-DD".to_owned()),
        );
    }
    (format!("`{text}` is not a date"), Some(HINT.to_owned()))
}

/// How to write a date.
pub const HINT: &str = "write dates as YYYY-MM-DD, e.g. `2026-04-09`";

/// `problem` in one line, for a command-line value.
pub fn explained(text: &str) -> String {
    match problem(text) {
        (message, Some(hint)) => format!("{message}; {hint}"),
        (message, None) => message,
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let first = NaiveDate::from_ymd_opt(year, month, 1);
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    match (first, next) {
        (Some(first), Some(next)) => u32::try_from((next - first).num_days()).unwrap_or(31),
        _ => 31,
    }
}

fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    month
        .checked_sub(1)
        .and_then(|i| NAMES.get(i as usize))
        .copied()
        .unwrap_or("that month")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    fn said(text: &str) -> (String, Option<String>) {
        problem(text)
    }

    #[test]
    fn reads_only_year_month_day() {
        assert_eq!(parse("2026-04-09").map(|d| d.day()), Some(9));
        for bad in [
            "2026-4-9",
            "2026/04/09",
            " 2026-04-09",
            "+2026-04-09",
            "2026-04-31",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_day_past_the_month_says_how_many_days_it_has() {
        assert_eq!(
            said("2026-04-31"),
            (
                "`2026-04-31` is not a date: April 2026 has 30 days".into(),
                Some("the last day of April 2026 is `2026-04-30`".into())
            )
        );
        assert_eq!(
            said("2026-02-29"),
            (
                "`2026-02-29` is not a date: 2026 is not a leap year".into(),
                Some(
                    "February 2026 has 28 days: the last day of February 2026 is `2026-02-28`"
                        .into()
                )
            )
        );
        assert_eq!(
            said("2028-02-30").0,
            "`2028-02-30` is not a date: February 2028 has 29 days"
        );
        assert_eq!(
            said("2026-13-01").0,
            "`2026-13-01` is not a date: there is no month 13"
        );
        assert_eq!(
            said("2026-01-00").0,
            "`2026-01-00` is not a date: there is no day 00"
        );
    }

    #[test]
    fn another_way_of_writing_it_gets_the_date_meant() {
        for written in ["2026/04/09", "2026-4-9", "2026.04.9"] {
            assert_eq!(
                said(written),
                (
                    format!("`{written}` is not written YYYY-MM-DD"),
                    Some("write dates as YYYY-MM-DD, e.g. `2026-04-09`".into())
                )
            );
        }
        assert!(looks_like("2026/04/09"));
        for not in [
            "09/04/2026",
            "2026",
            "2026-04",
            "abcd-01-02",
            "2026-04-09-1",
        ] {
            assert!(!looks_like(not), "{not}");
        }
        assert_eq!(said("9 April 2026").0, "`9 April 2026` is not a date");
    }
}
