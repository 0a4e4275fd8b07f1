//! The short form: the self-evaluation a review tool asks for, made from the packet. The case
//! summary, the top accomplishments (the activity each claim cites first, as one action ->
//! outcome sentence), the growth areas and the goals, as plain text to paste into a form. Its
//! words are what the budget (`[short_form] max_words`) is checked against, and what
//! `--layout short` shows.

use super::model::{Activity, Goal, Packet};
use super::plain;
use crate::number::Number;

/// The short form of one packet.
#[derive(Debug, Clone)]
pub struct ShortForm {
    /// The case summary as plain text; empty for none.
    pub summary: String,
    pub accomplishments: Vec<Accomplishment>,
    /// Each growth area as one item: the area, what was done, what comes next. One line, but
    /// for the list items the Markdown has, each on a line of its own.
    pub growth: Vec<String>,
    /// Each goal for the next period as one item: the goal, its signal, what it aims at. One
    /// line, but for the list items the Markdown has.
    pub goals: Vec<String>,
    /// The whole form as plain text, as `--format txt --layout short` writes it.
    pub text: String,
    /// The words of `text`.
    pub words: usize,
}

/// One top accomplishment: an activity a claim cites first.
#[derive(Debug, Clone)]
pub struct Accomplishment {
    /// Index into `Packet::activities`.
    pub activity: usize,
    /// Index into `rubric.sections`: the section of the first claim that cites it.
    pub section: usize,
    /// Action -> outcome: the title, the first sentence of the impact (or else the summary),
    /// and the key metric.
    pub sentence: String,
}

impl ShortForm {
    pub fn of(packet: &Packet) -> ShortForm {
        let mut accomplishments: Vec<Accomplishment> = Vec::new();
        for claim in &packet.claims {
            let Some(&first) = claim.evidence.first() else {
                continue;
            };
            if accomplishments.iter().any(|a| a.activity == first) {
                continue;
            }
            let Some(activity) = packet.activities.get(first) else {
                continue;
            };
            accomplishments.push(Accomplishment {
                activity: first,
                section: claim.section,
                sentence: sentence(packet, activity),
            });
        }
        let growth = packet
            .growth
            .iter()
            .map(|g| {
                let mut line = one_line(&g.area);
                let done = compact(&plain::from_markdown(&g.done));
                if !done.is_empty() {
                    let area = format!("{}:", line.trim_end_matches(['.', ':']));
                    line = then(&area, &done);
                }
                let next = compact(&plain::from_markdown(&g.next));
                if !next.is_empty() {
                    line = then(&then(&sentence_end(&line), "Next:"), &next);
                }
                sentence_end(&line)
            })
            .collect();
        let goals = packet.goals.iter().map(|g| goal_line(packet, g)).collect();
        let mut form = ShortForm {
            summary: plain::from_markdown(&packet.case_summary),
            accomplishments,
            growth,
            goals,
            text: String::new(),
            words: 0,
        };
        form.text = form.render(packet);
        form.words = form.text.split_whitespace().count();
        form
    }

    /// The form as plain text: a heading line, then each part that has something, under its
    /// name, items after `- `.
    fn render(&self, packet: &Packet) -> String {
        let period = &packet.period;
        let mut parts = vec![format!(
            "{}: self-evaluation, {} ({} to {})",
            packet.person.name, period.label, period.start, period.end
        )];
        if !self.summary.is_empty() {
            parts.push(format!("Summary\n\n{}", self.summary));
        }
        let listed = |name: &str, lines: &[&str]| {
            let items: Vec<String> = lines
                .iter()
                .map(|l| format!("- {}", l.replace('\n', "\n  ")))
                .collect();
            format!("{name}\n\n{}", items.join("\n"))
        };
        if !self.accomplishments.is_empty() {
            let lines: Vec<&str> = self
                .accomplishments
                .iter()
                .map(|a| a.sentence.as_str())
                .collect();
            parts.push(listed("Top accomplishments", &lines));
        }
        if !self.growth.is_empty() {
            let lines: Vec<&str> = self.growth.iter().map(String::as_str).collect();
            parts.push(listed("Growth areas", &lines));
        }
        if !self.goals.is_empty() {
            let lines: Vec<&str> = self.goals.iter().map(String::as_str).collect();
            parts.push(listed("Goals for the next period", &lines));
        }
        let mut text = parts.join("\n\n");
        text.push('\n');
        text
    }
}

/// An activity as one action -> outcome sentence: `Wrote the quickstart — time to first call
/// fell to 12 minutes (views: 12,000).`
pub fn sentence(packet: &Packet, activity: &Activity) -> String {
    let outcome = plain::headline(if activity.impact.trim().is_empty() {
        &activity.summary
    } else {
        &activity.impact
    });
    let mut line = activity.title.trim().trim_end_matches('.').to_owned();
    let outcome = outcome.trim();
    if !outcome.is_empty() {
        line.push_str(" — ");
        line.push_str(outcome.trim_end_matches('.'));
    }
    if let Some(metric) = activity.key_metric() {
        let suffix = match metric.unit.as_deref() {
            None | Some("") => String::new(),
            Some("%") => "%".to_owned(),
            Some(unit) => format!(" {unit}"),
        };
        line.push_str(&format!(
            " ({}: {}{suffix})",
            packet.measure_name(&metric.key),
            Number::from(metric.value).display
        ));
    }
    sentence_end(&line)
}

/// A goal as one item: `Run the docs survey each quarter. Signal: 4 surveys published. Aims
/// at Technical content, at Senior; moves Docs NPS.`
fn goal_line(packet: &Packet, goal: &Goal) -> String {
    let rubric = &packet.rubric;
    let mut line = sentence_end(&compact(&plain::from_markdown(&goal.goal)));
    let signal = compact(&plain::from_markdown(&goal.signal));
    if !signal.is_empty() {
        line = then(&then(&line, "Signal:"), &sentence_end(&signal));
    }
    let section = rubric.sections.get(goal.section).map(|s| s.name.as_str());
    let level = rubric.levels.get(goal.level).map(|l| l.name.as_str());
    if let (Some(section), Some(level)) = (section, level) {
        let mut aims = format!("Aims at {section}, at {level}");
        match goal.metric.and_then(|m| packet.metrics.get(m)) {
            Some(metric) => aims = format!("{aims}; moves {}.", metric.name),
            None => aims = sentence_end(&aims),
        }
        line = then(&line, &aims);
    }
    line
}

/// Plain text on as few lines as it reads on: the lines of its paragraphs joined by a space,
/// each list item on a line of its own (as `plain` writes it: `- ` or `1. `, indented two
/// spaces a level), and the text after a list on a line of its own again.
fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut after_item = false;
    for line in text.lines() {
        let words = one_line(line);
        if words.is_empty() {
            continue;
        }
        let item = is_item(line.trim_start());
        let indented = line.starts_with(' ');
        if out.is_empty() {
            out.push_str(if item { line.trim_end() } else { &words });
        } else if item {
            out.push('\n');
            out.push_str(line.trim_end());
        } else if after_item && !indented {
            out.push('\n');
            out.push_str(&words);
        } else {
            // A paragraph's next line, the next paragraph, or more of a list item's text.
            out.push(' ');
            out.push_str(&words);
        }
        after_item = item || (after_item && indented);
    }
    out
}

/// `first` and then `more`: on the same line, unless `first` ends with a list item or `more`
/// starts with one.
fn then(first: &str, more: &str) -> String {
    let last = first.lines().last().unwrap_or_default();
    if is_item(last.trim_start()) || is_item(more) {
        format!("{first}\n{more}")
    } else {
        format!("{first} {more}")
    }
}

/// Whether `line` starts with a list item's marker as `plain` writes it: `- `, or a number and
/// `. `.
fn is_item(line: &str) -> bool {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    line.starts_with("- ") || (digits > 0 && line[digits..].starts_with(". "))
}

/// Text on one line: every run of white space one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` ending as a sentence does: with a period unless it ends with one already, or with a
/// list item.
fn sentence_end(text: &str) -> String {
    let text = text.trim_end();
    let last = text.lines().last().unwrap_or_default().trim_start();
    if text.is_empty() || text.ends_with(['.', '!', '?', '…', ':']) || is_item(last) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_ends_once() {
        assert_eq!(sentence_end("Shipped it"), "Shipped it.");
        assert_eq!(sentence_end("Shipped it!"), "Shipped it!");
        assert_eq!(sentence_end(""), "");
    }

    #[test]
    fn list_items_keep_their_lines_and_paragraphs_do_not() {
        let text = plain::from_markdown("Ran:\n\n- one\n- two\n\nThen\nmore.\n\nAnd this.");
        assert_eq!(compact(&text), "Ran:\n- one\n- two\nThen more. And this.");
        assert_eq!(then("Ran:\n- one", "Next:"), "Ran:\n- one\nNext:");
        assert_eq!(then("Did it.", "Next:"), "Did it. Next:");
        assert_eq!(sentence_end("Ran:\n- one"), "Ran:\n- one");
    }

    #[test]
    fn one_line_joins_lines_and_runs_of_space() {
        assert_eq!(one_line(" a\n\n b   c "), "a b c");
    }
}
