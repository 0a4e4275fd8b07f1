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
    /// Each growth area in one line: the area, what was done, what comes next.
    pub growth: Vec<String>,
    /// Each goal for the next period in one line: the goal, its signal, what it aims at.
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
                let done = one_line(&plain::from_markdown(&g.done));
                if !done.is_empty() {
                    line = format!("{}: {}", line.trim_end_matches(['.', ':']), done);
                }
                let next = one_line(&plain::from_markdown(&g.next));
                if !next.is_empty() {
                    line = format!("{} Next: {}", sentence_end(&line), next);
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
            let items: Vec<String> = lines.iter().map(|l| format!("- {l}")).collect();
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
    if let Some(metric) = activity.metrics.first() {
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

/// A goal in one line: `Run the docs survey each quarter. Signal: 4 surveys published. Aims
/// at Technical content (Senior); moves Docs NPS.`
fn goal_line(packet: &Packet, goal: &Goal) -> String {
    let rubric = &packet.rubric;
    let mut line = sentence_end(&one_line(&plain::from_markdown(&goal.goal)));
    let signal = one_line(&plain::from_markdown(&goal.signal));
    if !signal.is_empty() {
        line = format!("{line} Signal: {}", sentence_end(&signal));
    }
    let section = rubric.sections.get(goal.section).map(|s| s.name.as_str());
    let level = rubric.levels.get(goal.level).map(|l| l.name.as_str());
    if let (Some(section), Some(level)) = (section, level) {
        line = format!("{line} Aims at {section} ({level})");
        match goal.metric.and_then(|m| packet.metrics.get(m)) {
            Some(metric) => line = format!("{line}; moves {}.", metric.name),
            None => line.push('.'),
        }
    }
    line
}

/// Text on one line: every run of white space one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` ending as a sentence does: with a period unless it ends with one already.
fn sentence_end(text: &str) -> String {
    let text = text.trim_end();
    if text.is_empty() || text.ends_with(['.', '!', '?', '…', ':']) {
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
    fn one_line_joins_lines_and_runs_of_space() {
        assert_eq!(one_line(" a\n\n b   c "), "a b c");
    }
}
