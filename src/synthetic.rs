//! Synthetic packets of any size, for benchmarks and tests: realistic shape (every field, a
//! mix of kinds, spans, evidence and metrics), deterministic content.

use std::fmt::Write as _;

const SECTIONS: [&str; 8] = [
    "content",
    "speaking",
    "education",
    "documentation",
    "community",
    "open-source",
    "product-feedback",
    "impact",
];
const KINDS: [&str; 9] = [
    "blog-post",
    "talk",
    "training",
    "docs",
    "community",
    "open-source",
    "mentoring",
    "project",
    "other",
];

/// A packet against the built-in `developer-advocate` rubric with `activities` activities
/// spread over one review year, and four headline metrics.
pub fn packet(activities: usize) -> String {
    let mut text = String::with_capacity(activities * 900 + 1024);
    text.push_str(
        "rubric = \"developer-advocate\"\n\n[person]\nname = \"Sam Synthetic\"\nrole = \"Developer Advocate\"\ntarget = \"senior\"\nteam = \"Developer Relations\"\n\n[period]\nlabel = \"FY26\"\nstart = 2025-07-01\nend = 2026-06-30\n\n[measure.nps]\nunit = \"points\"\naggregate = \"average\"\n",
    );
    for i in 0..activities {
        // A cheap, fixed sequence: the same packet every time.
        let n = (i as u64).wrapping_mul(2_654_435_761) % 1_000_003;
        let day = chrono::NaiveDate::from_ymd_opt(2025, 7, 1)
            .and_then(|d| d.checked_add_days(chrono::Days::new(n % 330)))
            .unwrap_or_default();
        let kind = KINDS[(n % 9) as usize];
        let first = SECTIONS[(n % 8) as usize];
        let second = SECTIONS[((n / 8) % 8) as usize];
        let sections = if first == second {
            format!("\"{first}\"")
        } else {
            format!("\"{first}\", \"{second}\"")
        };
        let when = if n.is_multiple_of(5) {
            let end = day
                .checked_add_days(chrono::Days::new(3 + n % 20))
                .unwrap_or(day);
            format!("start = {day}\nend = {end}")
        } else {
            format!("date = {day}")
        };
        let _ = write!(
            text,
            r#"
[[activity]]
id = "activity-{i}"
title = "Activity {i}: a {kind} about topic {n}"
{when}
kind = "{kind}"
sections = [{sections}]
tags = ["synthetic", "batch-{batch}"]
summary = """
Ran the **{kind}** number {i} for the developer community, with a [write-up](https://blog.example.com/post/{i}).

- Prepared the material with two teammates and reviewed it with product.
- Published the recording and the slides the same week.
"""
impact = "Reached {reach} developers; {share}% said they would use the feature."
evidence = [
  "https://blog.example.com/post/{i}",
  {{ url = "https://video.example.com/watch/{i}", label = "Recording" }},
  {{ label = "Feedback survey", private = true }},
]
metrics = {{ attendees = {reach}, nps = {nps} }}
"#,
            batch = i % 10,
            reach = 20 + n % 400,
            share = 40 + n % 60,
            nps = 20 + n % 60,
        );
    }
    for (id, name, baseline, target) in [
        ("docs-nps", "Docs NPS", 12, 30),
        ("mau", "Monthly active members", 400, 800),
        ("contributors", "External contributors", 9, 25),
        ("ttfc", "Time to first call", 45, 15),
    ] {
        let better = if id == "ttfc" { "lower" } else { "higher" };
        let _ = write!(
            text,
            "\n[[metric]]\nid = \"{id}\"\nname = \"{name}\"\nbaseline = {baseline}\ntarget = {target}\nbetter = \"{better}\"\nowner = \"Product manager\"\npoints = [{{ date = 2025-12-31, value = {mid} }}, {{ date = 2026-06-30, value = {end} }}]\n",
            mid = (baseline + target) / 2,
            end = target,
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;
    use crate::packet::{PeriodOverride, load_source, validate};

    #[test]
    fn synthetic_packets_are_valid_and_deterministic() {
        let text = packet(200);
        assert_eq!(text, packet(200));
        let checked = validate::packet(
            load_source(Source::new("synthetic.toml", text)),
            &PeriodOverride::default(),
        );
        let packet = checked.packet.expect("valid");
        assert_eq!(packet.activities.len(), 200);
        assert!(checked.diagnostics.iter().all(|d| !d.is_error()));
    }
}
