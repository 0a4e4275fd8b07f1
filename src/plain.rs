//! Plain text from Markdown: what a section's evidence looks like once pasted into a review
//! tool's text box, and so what its length limits apply to.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::model::Activity;

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

/// The text of one section as it would be pasted: each activity's title and date, then its
/// summary and impact, blocks separated by a blank line.
pub fn section_text(activities: &[&Activity]) -> String {
    let blocks: Vec<String> = activities
        .iter()
        .map(|activity| {
            let mut block = format!("{} ({})", activity.title, activity.when.start());
            for part in [&activity.summary, &activity.impact] {
                let part = from_markdown(part);
                if !part.is_empty() {
                    block.push('\n');
                    block.push_str(&part);
                }
            }
            block
        })
        .collect();
    blocks.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_markup_and_keeps_list_items_on_lines() {
        assert_eq!(
            from_markdown("Shipped **v2**, see [the post](https://e.example).\n\n- one\n- `two`"),
            "Shipped v2, see the post.\n- one\n- two"
        );
    }
}
