//! `promopack init --from LAST/packet.toml`: the next period's packet, carried forward from the
//! last one. The same person, rubric (its path made relative to the new folder), targets,
//! measures and headline metrics (each with its latest value as the new baseline, and no
//! points); the last period's goals as `[[previous_goal]]`s, the new period's starting point;
//! no activities, testimonials, growth areas or claims. The period is the next one of the same
//! length, its label the old one with its years moved on.

use std::path::Path;

use chrono::{Datelike, Days, Months, NaiveDate};

use super::init::quoted_key;
use crate::error::Error;
use crate::packet::model::{Better, Packet};
use crate::packet::raw::RawMeasure;
use crate::{packet, rubric};

/// The next packet's text, and what the person should be told about it.
pub struct Carried {
    pub text: String,
    pub notes: Vec<String>,
    /// The rubric file as named from here, when the packet names a file.
    pub rubric_file: Option<String>,
}

/// What the model does not keep of the packet as written.
struct Written {
    rubric: String,
    targets: Vec<(String, String)>,
    measures: Vec<(String, RawMeasure)>,
    short_form_words: Option<usize>,
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
        short_form_words: raw
            .short_form
            .as_ref()
            .and_then(|form| form.get_ref().max_words.as_ref())
            .map(|words| *words.get_ref()),
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
    let label = match next_label(
        &packet.period.label,
        start.year() - packet.period.start.year(),
    ) {
        Some(label) => label,
        None => {
            let label = format!("after {}", packet.period.label);
            notes.push(format!(
                "the label `{}` has no year to move on: the new period is `{label}`; set `[period] label`",
                packet.period.label
            ));
            label
        }
    };
    let text = render(&packet, &written, &reference, &label, (start, end), last);
    Ok(Carried {
        text,
        notes,
        rubric_file,
    })
}

/// The period after `start..=end`, of the same length: as many whole months when the period
/// is whole months (so that a year stays a year across a leap day), else as many days.
fn next_period(start: NaiveDate, end: NaiveDate) -> (NaiveDate, NaiveDate) {
    let next_start = end.succ_opt().unwrap_or(end);
    let whole_months = start.day() == 1 && end.succ_opt().is_some_and(|d| d.day() == 1);
    if whole_months {
        let months =
            (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32 + 1;
        if let Ok(months) = u32::try_from(months)
            && let Some(next_end) = next_start
                .checked_add_months(Months::new(months))
                .and_then(|d| d.pred_opt())
        {
            return (next_start, next_end);
        }
    }
    let days = u64::try_from((end - start).num_days()).unwrap_or(0);
    let next_end = next_start
        .checked_add_days(Days::new(days))
        .unwrap_or(next_start);
    (next_start, next_end)
}

/// `label` with its years moved on by `years`: four-digit years (`2026` -> `2027`) and a
/// fiscal year's two digits (`FY26` -> `FY27`). `None` when it has none, or `years` is 0.
fn next_label(label: &str, years: i32) -> Option<String> {
    if years == 0 {
        return None;
    }
    let chars: Vec<char> = label.chars().collect();
    let mut out = String::with_capacity(label.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let run_end = (i..chars.len())
            .find(|&j| !chars[j].is_ascii_digit())
            .unwrap_or(chars.len());
        let digits: String = chars[i..run_end].iter().collect();
        let after_fy = i >= 2
            && chars[i - 2..i]
                .iter()
                .collect::<String>()
                .eq_ignore_ascii_case("fy");
        let moved = match (digits.len(), digits.parse::<i32>()) {
            (4, Ok(year)) if (1900..3000).contains(&year) => Some(format!("{}", year + years)),
            (2, Ok(year)) if after_fy => Some(format!("{:02}", (year + years).rem_euclid(100))),
            _ => None,
        };
        changed |= moved.is_some();
        out.push_str(&moved.unwrap_or(digits));
        i = run_end;
    }
    changed.then_some(out)
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

/// The next packet as TOML, commented.
fn render(
    packet: &Packet,
    written: &Written,
    reference: &str,
    label: &str,
    (start, end): (NaiveDate, NaiveDate),
    last: &Path,
) -> String {
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
        last = last.display(),
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
    if let Some(words) = written.short_form_words {
        text.push_str(&format!("\n[short_form]\nmax_words = {words}\n"));
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
        text.push_str("# outcome = \"What came of it.\"\n");
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
    fn labels_move_their_years_on() {
        assert_eq!(next_label("FY26", 1).as_deref(), Some("FY27"));
        assert_eq!(next_label("fy99", 1).as_deref(), Some("fy00"));
        assert_eq!(next_label("2026", 1).as_deref(), Some("2027"));
        assert_eq!(
            next_label("2025/2026 review", 1).as_deref(),
            Some("2026/2027 review")
        );
        assert_eq!(next_label("Q3 26", 1), None);
        assert_eq!(next_label("H1", 1), None);
        assert_eq!(next_label("2026-H1", 0), None);
    }
}
