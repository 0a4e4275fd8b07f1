//! Plain text from Markdown: what a section's evidence looks like once pasted into a review
//! tool's text box, and so what its length limits apply to.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::packet::model::{Activity, Packet, When};

/// Markdown as the plain text a reader sees: markup gone, list items on their own lines.
pub fn from_markdown(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Start(Tag::Item) => text.push_str("- "),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::CodeBlock,
            ) => {
                text.push('\n');
            }
            _ => {}
        }
    }
    text.trim_end().to_owned()
}

/// The activities mapped to a section, in the order the packet shows them: by start date,
/// then end date, then file order.
pub fn section_activities(packet: &Packet, section: usize) -> Vec<&Activity> {
    let mut activities: Vec<&Activity> = packet
        .activities
        .iter()
        .filter(|a| a.sections.contains(&section))
        .collect();
    activities.sort_by_key(|a| (a.when.start(), a.when.end()));
    activities
}

/// One block of text per activity, as it would be pasted into a review tool.
pub fn section_blocks(activities: &[&Activity]) -> Vec<String> {
    activities.iter().map(|a| activity_block(a)).collect()
}

/// An activity as plain text: the title and date, then the summary and the impact.
pub fn activity_block(activity: &Activity) -> String {
    let date = match activity.when {
        When::Day(day) => day.to_string(),
        When::Span(start, end) => format!("{start} – {end}"),
    };
    let mut block = format!("{} ({date})", activity.title);
    let summary = from_markdown(&activity.summary);
    if !summary.is_empty() {
        block.push('\n');
        block.push_str(&summary);
    }
    let impact = from_markdown(&activity.impact);
    if !impact.is_empty() {
        block.push_str(if impact.contains('\n') {
            "\nImpact:\n"
        } else {
            "\nImpact: "
        });
        block.push_str(&impact);
    }
    block
}

#[derive(Debug, Clone, Copy)]
pub enum Measure {
    Chars,
    Words,
}

/// For each `k`, the length of the first `k + 1` blocks joined by blank lines, as the section's
/// text would be: the last entry is the whole section's length.
pub fn running_length(blocks: &[String], measure: Measure) -> Vec<usize> {
    let mut total = 0;
    blocks
        .iter()
        .enumerate()
        .map(|(i, block)| {
            total += match measure {
                Measure::Chars => block.chars().count() + if i > 0 { 2 } else { 0 },
                Measure::Words => block.split_whitespace().count(),
            };
            total
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_length_counts_the_blank_lines_between_blocks() {
        let blocks = vec!["ab".to_owned(), "c d".to_owned()];
        assert_eq!(running_length(&blocks, Measure::Chars), [2, 7]);
        assert_eq!(running_length(&blocks, Measure::Words), [1, 3]);
        assert_eq!(blocks.join("\n\n").chars().count(), 7);
    }

    #[test]
    fn drops_markup_and_keeps_list_items_on_lines() {
        assert_eq!(
            from_markdown("Shipped **v2**, see [the post](https://e.example).\n\n- one\n- `two`"),
            "Shipped v2, see the post.\n- one\n- two"
        );
    }
}
