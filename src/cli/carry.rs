//! `promopack init --from LAST/packet.toml`: the next period's packet, carried forward from the
//! last one. The same person, rubric (its path made relative to the new folder), targets,
//! measures and headline metrics (each with its latest value as the new baseline, and no
//! points); the last period's goals as `[[previous_goal]]`s, the new period's starting point;
//! no activities, testimonials, growth areas or claims. The period is the next one of the same
//! length, its label the old one moved on to name it (`2026-H2` -> `2027-H1`, `FY26` -> `FY27`)
//! or `after LABEL`. A target the new baseline already meets is kept and marked.

use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, Months, NaiveDate};

use super::init::quoted_key;
use crate::error::Error;
use crate::packet::model::{Better, Metric, Packet};
use crate::packet::placeholder::OUTCOME;
use crate::packet::raw::RawMeasure;
use crate::{packet, rubric};

/// The next packet's text, and what the person should be told about it.
pub struct Carried {
    pub text: String,
    pub notes: Vec<String>,
    /// The rubric file as named from here, when the packet names a file.
    pub rubric_file: Option<String>,
    /// Every file the last packet was read from: the packet, its rubric file and its includes,
    /// none of which the new one may be written over.
    pub inputs: Vec<PathBuf>,
}

/// What the model does not keep of the packet as written.
struct Written {
    rubric: String,
    targets: Vec<(String, String)>,
    measures: Vec<(String, RawMeasure)>,
    /// `[short_form]` when the packet sets it, with its `max_words` if any.
    short_form: Option<Option<usize>>,
}

/// The packet after `last`, to be written into `dir`.
pub fn next_packet(last: &Path, dir: &Path) -> Result<Carried, Error> {
    let loaded = packet::load(last)?;
    let written = loaded.raw.as_ref().map(|raw| Written {
        rubric: raw.rubric.get_ref().clone(),
        targets: raw
            .targets
            .iter()
            .map(|(k, v)| (k.get_ref().clone(), v.get_ref().clone()))
            .collect(),
        measures: raw
            .measures
            .iter()
            .map(|(k, m)| (k.clone(), m.clone()))
            .collect(),
        short_form: raw.short_form.as_ref().map(|form| {
            let words = form.get_ref().max_words.as_ref();
            words.map(|words| *words.get_ref())
        }),
    });
    let checked = packet::validate::packet(loaded, &Default::default()).limits_as_warnings();
    let (Some(packet), Some(written)) = (checked.packet, written) else {
        let errors = checked
            .diagnostics
            .into_iter()
            .filter(crate::diagnostic::Diagnostic::is_error)
            .collect();
        return Err(Error::Invalid(errors));
    };
    let mut notes = Vec::new();
    let mut rubric_file = None;
    let reference =
        if rubric::looks_like_path(&written.rubric) && !Path::new(&written.rubric).is_absolute() {
            let folder = last.parent().unwrap_or(Path::new(""));
            let file = folder.join(&written.rubric);
            rubric_file = Some(file.to_string_lossy().into_owned());
            super::init::relative_to(&file, dir)?
        } else {
            written.rubric.clone()
        };
    let (start, end) = next_period(packet.period.start, packet.period.end);
    let old = (packet.period.start, packet.period.end);
    let label = match next_label(&packet.period.label, old, (start, end)) {
        Some(label) => label,
        None => {
            let label = format!("after {}", packet.period.label);
            notes.push(format!(
                "the label `{}` cannot be moved on to name {start} to {end}: the new period is `{label}`; set `[period] label`",
                packet.period.label
            ));
            label
        }
    };
    let met: Vec<&str> = packet
        .metrics
        .iter()
        .filter(|metric| target_met(metric))
        .map(|metric| metric.id.as_str())
        .collect();
    if !met.is_empty() {
        let listed: Vec<String> = met.iter().map(|id| format!("`{id}`")).collect();
        notes.push(format!(
            "the new baseline already meets the target of {}: the target is carried, marked `target already met: set a new one`; agree a new one",
            listed.join(", ")
        ));
    }
    let header = Header {
        last: super::init::relative_to(last, dir)?,
        label: &label,
        days: (start, end),
        met: &met,
    };
    let text = render(&packet, &written, &reference, &header);
    let inputs = [last.to_path_buf()]
        .into_iter()
        .chain(packet.rubric_path.clone())
        .chain(packet.included_paths.iter().cloned())
        .collect();
    Ok(Carried {
        text,
        notes,
        rubric_file,
        inputs,
    })
}

/// The period after `start..=end`, of the same length: as many calendar months when the
/// period is whole months from any day (so that a year stays a year across a leap day, and
/// 2027-03-15..2028-03-14 is followed by 2028-03-15..2029-03-14), else as many days.
fn next_period(start: NaiveDate, end: NaiveDate) -> (NaiveDate, NaiveDate) {
    let next_start = end.succ_opt().unwrap_or(end);
    if let Some(months) = whole_months(start, end)
        && let Some(next_end) = start
            .checked_add_months(Months::new(2 * months))
            .and_then(|d| d.pred_opt())
    {
        return (next_start, next_end);
    }
    let days = u64::try_from((end - start).num_days()).unwrap_or(0);
    let next_end = next_start
        .checked_add_days(Days::new(days))
        .unwrap_or(next_start);
    (next_start, next_end)
}

/// How many calendar months `start..=end` is, when it is exactly that: the day after `end` is
/// `start` that many months on.
fn whole_months(start: NaiveDate, end: NaiveDate) -> Option<u32> {
    let after = end.succ_opt()?;
    let months = (after.year() - start.year()) * 12 + after.month() as i32 - start.month() as i32;
    let months = u32::try_from(months).ok().filter(|&m| m > 0)?;
    (start.checked_add_months(Months::new(months)) == Some(after)).then_some(months)
}

/// The label of the period after `old` (first and last day), which runs `new`, made from the
/// old label when its meaning can be read from it and matches the dates: a half or a quarter
/// moves on by one (`2026-H2` -> `2027-H1`, `2026-Q1` -> `2026-Q2`) when the period is six or
/// three months; the years of a period of whole years move on by as many (`FY26` -> `FY27`,
/// `FY 26` -> `FY 27`, `2025/26` -> `2026/27`). `None` for any other label.
fn next_label(
    label: &str,
    old: (NaiveDate, NaiveDate),
    new: (NaiveDate, NaiveDate),
) -> Option<String> {
    let months = whole_months(old.0, old.1)?;
    if Some(new.0) != old.0.checked_add_months(Months::new(months)) {
        return None;
    }
    let mut tokens = tokens(label);
    let parts: Vec<(usize, char, u32)> = tokens
        .iter()
        .enumerate()
        .filter_map(|(i, token)| part(token).map(|(kind, n)| (i, kind, n)))
        .collect();
    let years = match (parts.as_slice(), months) {
        ([], m) if m % 12 == 0 => i32::try_from(m / 12).ok()?,
        ([(at, kind @ 'H', n)], 6) | ([(at, kind @ 'Q', n)], 3) => {
            let count = if *kind == 'H' { 2 } else { 4 };
            let letter = tokens[*at].chars().next()?;
            tokens[*at] = format!("{letter}{}", n % count + 1);
            i32::from(*n == count)
        }
        _ => return None,
    };
    let years_at: Vec<(usize, usize)> = (0..tokens.len())
        .filter_map(|i| year_digits(&tokens, i).map(|width| (i, width)))
        .collect();
    // Years to move on that are not written as years (`Q4 26`): the label cannot say the new ones.
    let digits = tokens
        .iter()
        .filter(|t| t.chars().any(|c| c.is_ascii_digit()));
    if years_at.is_empty() && (parts.is_empty() || (years != 0 && digits.count() > 1)) {
        return None;
    }
    for (i, width) in years_at {
        let token = &tokens[i];
        let (prefix, digits) = token.split_at(token.len() - width);
        let year: i32 = digits.parse().ok()?;
        let moved = if width == 4 {
            format!("{}", year + years)
        } else {
            format!("{:02}", (year + years).rem_euclid(100))
        };
        tokens[i] = format!("{prefix}{moved}");
    }
    Some(tokens.concat())
}

/// A label cut into runs of ASCII letters and digits, and single other characters.
fn tokens(label: &str) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut in_word = false;
    for c in label.chars() {
        let word = c.is_ascii_alphanumeric();
        match tokens.last_mut() {
            Some(last) if word && in_word => last.push(c),
            _ => tokens.push(c.to_string()),
        }
        in_word = word;
    }
    tokens
}

/// A half (`H1`, `H2`) or a quarter (`Q1`..`Q4`), whatever its case.
fn part(token: &str) -> Option<(char, u32)> {
    let mut chars = token.chars();
    let kind = chars.next()?.to_ascii_uppercase();
    let digits = chars.as_str();
    let n = digits.parse::<u32>().ok().filter(|_| digits.len() == 1)?;
    match kind {
        'H' if (1..=2).contains(&n) => Some(('H', n)),
        'Q' if (1..=4).contains(&n) => Some(('Q', n)),
        _ => None,
    }
}

/// How many of the last digits of token `i` are a year: four (`2026`, 1900 to 2999; `FY2026`),
/// or two after `FY` (`FY26`, `FY 26`) or after a four-digit year and a `/` or `-` (`2025/26`).
fn year_digits(tokens: &[String], i: usize) -> Option<usize> {
    let token = &tokens[i];
    let before = |back: usize| {
        i.checked_sub(back)
            .and_then(|j| tokens.get(j))
            .map(String::as_str)
    };
    let fiscal = |t: &str| t.eq_ignore_ascii_case("fy");
    let four = |t: &str| {
        t.len() == 4
            && t.chars().all(|c| c.is_ascii_digit())
            && t.parse::<i32>().is_ok_and(|y| (1900..3000).contains(&y))
    };
    let (prefix, digits) = token.split_at(token.find(|c: char| c.is_ascii_digit())?);
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match (prefix, digits.len()) {
        ("", 4) if four(digits) => Some(4),
        (p, 4) if fiscal(p) && four(digits) => Some(4),
        (p, 2) if fiscal(p) => Some(2),
        ("", 2) => {
            let after_fy = before(1) == Some(" ") && before(2).is_some_and(fiscal);
            let after_year = matches!(before(1), Some("/" | "-")) && before(2).is_some_and(four);
            (after_fy || after_year).then_some(2)
        }
        _ => None,
    }
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// A number as TOML writes it most simply: `27`, `4.6`.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// A metric's latest value (the new baseline) at or beyond its target: the target says nothing
/// about the next period.
fn target_met(metric: &Metric) -> bool {
    let latest = metric.points.last().map(|p| p.value).or(metric.baseline);
    match (latest, metric.target) {
        (Some(latest), Some(target)) => match metric.better {
            Better::Higher => latest >= target,
            Better::Lower => latest <= target,
        },
        _ => false,
    }
}

/// What the new packet says of itself: where it came from, its period, and the metrics whose
/// target the new baseline already meets.
struct Header<'a> {
    /// The last packet, as a path from the new packet's folder.
    last: String,
    label: &'a str,
    days: (NaiveDate, NaiveDate),
    met: &'a [&'a str],
}

/// The next packet as TOML, commented.
fn render(packet: &Packet, written: &Written, reference: &str, header: &Header<'_>) -> String {
    let (label, (start, end)) = (header.label, header.days);
    let rubric = &packet.rubric;
    let person = &packet.person;
    let mut text = format!(
        r#"#:schema ./packet.schema.json
# My promotion packet for {label}, carried forward from {last} ({old}) by `promopack init --from`:
# the same person, rubric and headline metrics (each with last period's latest value as its
# baseline), and last period's goals as [[previous_goal]]s. Log this period's work as it happens.
# Every key is described in promopack's docs/packet-format.md.

rubric = {rubric}

[person]
name = {name}
role = {role}
target = {target}
"#,
        last = header.last,
        old = packet.period.label,
        rubric = quoted(reference),
        name = quoted(&person.name),
        role = quoted(&person.role),
        target = quoted(&rubric.levels[packet.target].id),
    );
    for (key, value) in [("team", &person.team), ("manager", &person.manager)] {
        if let Some(value) = value {
            text.push_str(&format!("{key} = {}\n", quoted(value)));
        }
    }
    text.push_str(&format!(
        "\n[period]\nlabel = {}\nstart = {start}\nend = {end}\n",
        quoted(label)
    ));
    if !written.targets.is_empty() {
        text.push_str("\n[targets]\n");
        for (name, level) in &written.targets {
            text.push_str(&format!("{} = {}\n", quoted_key(name), quoted(level)));
        }
    }
    if let Some(words) = written.short_form {
        text.push_str("\n[short_form]\n");
        if let Some(words) = words {
            text.push_str(&format!("max_words = {words}\n"));
        }
    }
    text.push_str(
        "\n# The case, the claims and the activities of this period: see docs/packet-format.md.\n# [case]\n# summary = \"\"\"\n# ...\n# \"\"\"\n",
    );
    if !packet.previous_goals.is_empty() || !packet.goals.is_empty() {
        text.push_str(&format!(
            "\n# The goals {} set for this period: the starting point. Write what came of each in `outcome`.\n",
            packet.period.label
        ));
    }
    for goal in &packet.goals {
        text.push_str(&format!(
            "\n[[previous_goal]]\ngoal = {}\nsection = {}\nlevel = {}\nsignal = {}\n",
            quoted(goal.goal.trim()),
            quoted(&rubric.sections[goal.section].id),
            quoted(&rubric.levels[goal.level].id),
            quoted(goal.signal.trim()),
        ));
        if let Some(metric) = goal.metric.and_then(|m| packet.metrics.get(m)) {
            text.push_str(&format!("metric = {}\n", quoted(&metric.id)));
        }
        text.push_str(&format!("# outcome = {}\n", quoted(OUTCOME)));
    }
    for (key, measure) in &written.measures {
        text.push_str(&format!("\n[measure.{}]\n", quoted_key(key)));
        if let Some(name) = &measure.name {
            text.push_str(&format!("name = {}\n", quoted(name)));
        }
        if let Some(unit) = &measure.unit {
            text.push_str(&format!("unit = {}\n", quoted(unit)));
        }
        let aggregate = match measure.aggregate {
            crate::packet::model::Aggregate::Sum => None,
            crate::packet::model::Aggregate::Average => Some("average"),
            crate::packet::model::Aggregate::Max => Some("max"),
        };
        if let Some(aggregate) = aggregate {
            text.push_str(&format!("aggregate = \"{aggregate}\"\n"));
        }
    }
    if !packet.metrics.is_empty() {
        text.push_str(&format!(
            "\n# Headline metrics: the baseline is {}'s latest value; agree this period's targets again.\n",
            packet.period.label
        ));
    }
    for metric in &packet.metrics {
        text.push_str(&format!(
            "\n[[metric]]\nid = {}\nname = {}\n",
            quoted(&metric.id),
            quoted(&metric.name)
        ));
        if let Some(unit) = &metric.unit {
            text.push_str(&format!("unit = {}\n", quoted(unit)));
        }
        if metric.better == Better::Lower {
            text.push_str("better = \"lower\"\n");
        }
        let latest = metric.points.last().map(|p| p.value).or(metric.baseline);
        if let Some(baseline) = latest {
            text.push_str(&format!("baseline = {}\n", number(baseline)));
        }
        if let Some(target) = metric.target {
            if header.met.contains(&metric.id.as_str()) {
                text.push_str("# target already met: set a new one\n");
            }
            text.push_str(&format!("target = {}\n", number(target)));
        }
        if let Some(owner) = &metric.owner {
            text.push_str(&format!("owner = {}\n", quoted(owner)));
        }
        if !metric.description.is_empty() {
            text.push_str(&format!("description = {}\n", quoted(&metric.description)));
        }
        text.push_str("points = []\n");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_year_is_followed_by_a_year_across_a_leap_day() {
        assert_eq!(
            next_period(day(2024, 1, 1), day(2024, 12, 31)),
            (day(2025, 1, 1), day(2025, 12, 31))
        );
        assert_eq!(
            next_period(day(2025, 7, 1), day(2026, 6, 30)),
            (day(2026, 7, 1), day(2027, 6, 30))
        );
        assert_eq!(
            next_period(day(2026, 1, 1), day(2026, 6, 30)),
            (day(2026, 7, 1), day(2026, 12, 31))
        );
    }

    #[test]
    fn a_period_of_days_is_followed_by_as_many_days() {
        assert_eq!(
            next_period(day(2026, 1, 5), day(2026, 1, 18)),
            (day(2026, 1, 19), day(2026, 2, 1))
        );
    }

    #[test]
    fn whole_months_from_any_day_stay_whole_months_across_a_leap_day() {
        assert_eq!(
            next_period(day(2027, 3, 15), day(2028, 3, 14)),
            (day(2028, 3, 15), day(2029, 3, 14))
        );
        assert_eq!(
            next_period(day(2028, 2, 10), day(2028, 5, 9)),
            (day(2028, 5, 10), day(2028, 8, 9))
        );
    }

    /// The label after `label`, for a period from `start` to `end` (year, month, day).
    fn after(label: &str, start: (i32, u32, u32), end: (i32, u32, u32)) -> Option<String> {
        let old = (day(start.0, start.1, start.2), day(end.0, end.1, end.2));
        next_label(label, old, next_period(old.0, old.1))
    }

    #[test]
    fn halves_and_quarters_move_on_by_one_and_their_year_with_them() {
        let half = |label: &str, h: u32| {
            let (start, end) = if h == 1 { (1, 6) } else { (7, 12) };
            after(
                label,
                (2026, start, 1),
                (2026, end, if h == 1 { 30 } else { 31 }),
            )
        };
        assert_eq!(half("2026-H2", 2).as_deref(), Some("2027-H1"));
        assert_eq!(half("2026-H1", 1).as_deref(), Some("2026-H2"));
        assert_eq!(half("H2 FY26", 2).as_deref(), Some("H1 FY27"));
        assert_eq!(half("h1", 1).as_deref(), Some("h2"));
        let q4 = after("2026-Q4", (2026, 10, 1), (2026, 12, 31));
        assert_eq!(q4.as_deref(), Some("2027-Q1"));
        let q1 = after("2026-Q1", (2026, 1, 1), (2026, 3, 31));
        assert_eq!(q1.as_deref(), Some("2026-Q2"));
        // A year not written as one cannot be moved on.
        assert_eq!(after("Q4 26", (2026, 10, 1), (2026, 12, 31)), None);
        // A half that is not six months is not what the label says.
        assert_eq!(after("2026-H1", (2026, 1, 1), (2026, 12, 31)), None);
    }

    #[test]
    fn the_years_of_a_period_of_whole_years_move_on() {
        let year = |label: &str| after(label, (2025, 7, 1), (2026, 6, 30));
        assert_eq!(year("FY26").as_deref(), Some("FY27"));
        assert_eq!(year("FY 26").as_deref(), Some("FY 27"));
        assert_eq!(year("fy99").as_deref(), Some("fy00"));
        assert_eq!(year("2025/26").as_deref(), Some("2026/27"));
        assert_eq!(
            year("2025/2026 review").as_deref(),
            Some("2026/2027 review")
        );
        let calendar = after("2026", (2026, 1, 1), (2026, 12, 31));
        assert_eq!(calendar.as_deref(), Some("2027"));
        let two = after("2025-2026", (2025, 1, 1), (2026, 12, 31));
        assert_eq!(two.as_deref(), Some("2027-2028"));
        let mid_month = after("2027", (2027, 3, 15), (2028, 3, 14));
        assert_eq!(mid_month.as_deref(), Some("2028"));
    }

    #[test]
    fn a_label_whose_meaning_does_not_match_the_dates_is_not_moved_on() {
        // Six months are no year: `Spring 2026` is followed by autumn.
        assert_eq!(after("Spring 2026", (2026, 1, 1), (2026, 6, 30)), None);
        assert_eq!(after("H2", (2025, 7, 1), (2026, 6, 30)), None);
        assert_eq!(after("Growth year", (2025, 7, 1), (2026, 6, 30)), None);
        // A period of days is no calendar period.
        assert_eq!(after("2026", (2026, 1, 5), (2026, 1, 18)), None);
    }
}
