//! Plain text from Markdown: what a section's evidence looks like once pasted into a review
//! tool's text box, and so what its length limits apply to.

use pulldown_cmark::{Alignment, Event, Parser, Tag, TagEnd};

use crate::packet::model::{Activity, Packet, When};

/// How many list levels indent, two spaces each; deeper ones line up with the last, so that a
/// list nested 50,000 deep stays as long as its words instead of growing with its depth squared.
const MAX_INDENT: usize = 16;

/// Markdown as the plain text a reader sees: markup gone; paragraphs apart by a blank line, but
/// for a list right after the sentence that leads into it; list items on their own lines, numbered or after `- `, two spaces deeper per level; tables
/// as padded columns under a rule of dashes; code blocks verbatim, four spaces in.
pub fn from_markdown(markdown: &str) -> String {
    let mut writer = Writer::default();
    for event in Parser::new_ext(markdown, crate::markdown::OPTIONS) {
        writer.event(event);
    }
    let mut text = writer.out;
    text.truncate(text.trim_end().len());
    text
}

/// Plain text being written, and where in the Markdown's blocks it is.
#[derive(Default)]
struct Writer {
    out: String,
    /// Each open list, innermost last.
    lists: Vec<List>,
    /// The next block continues the current line: it follows a list marker or a footnote label.
    on_marker: bool,
    /// The last block was a paragraph or heading outside any list: a list right after it is
    /// its continuation (`Each session had:`), on the next line rather than after a blank one.
    lead_in: bool,
    in_code: bool,
    /// The table being read: printed once its column widths are known.
    table: Option<Table>,
}

struct List {
    /// The next item's number; `None` when bulleted.
    next: Option<u64>,
    /// Where the current item's text starts, so its further lines line up under it.
    content: usize,
}

struct Table {
    alignments: Vec<Alignment>,
    /// The header row first, then the body rows: each cell's plain text.
    rows: Vec<Vec<String>>,
}

impl Writer {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.text(&t);
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak if self.table.is_none() => {
                self.end_line();
                self.indent(self.content());
            }
            Event::HardBreak => self.text(" "),
            Event::FootnoteReference(label) => self.text(&format!("[{label}]")),
            Event::TaskListMarker(done) => {
                self.out.push_str(if done { "[x] " } else { "[ ] " });
            }
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            // Markup, not words; a rule already stands between two blocks.
            Event::Html(_) | Event::InlineHtml(_) | Event::Rule => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } => self.start_block(),
            Tag::List(next) => {
                if self.lead_in && self.lists.is_empty() {
                    self.lead_in = false;
                    self.end_line();
                } else {
                    self.separate();
                }
                self.lists.push(List { next, content: 0 });
            }
            Tag::Item => {
                self.end_line();
                let depth = self.lists.len().saturating_sub(1).min(MAX_INDENT);
                let Some(list) = self.lists.last_mut() else {
                    return;
                };
                let marker = match &mut list.next {
                    Some(number) => {
                        let marker = format!("{number}. ");
                        *number = number.saturating_add(1);
                        marker
                    }
                    None => "- ".to_owned(),
                };
                list.content = 2 * depth + marker.len();
                self.indent(2 * depth);
                self.out.push_str(&marker);
                self.on_marker = true;
            }
            Tag::CodeBlock(_) => {
                self.separate();
                self.in_code = true;
            }
            Tag::Table(alignments) => {
                self.table = Some(Table {
                    alignments,
                    rows: Vec::new(),
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(table) = &mut self.table {
                    table.rows.push(Vec::new());
                }
            }
            Tag::TableCell => {
                if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(String::new());
                }
            }
            Tag::FootnoteDefinition(label) => {
                self.start_own_block();
                self.out.push_str(&format!("[{label}]: "));
                self.on_marker = true;
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => {
                self.end_line();
                self.lead_in = self.lists.is_empty();
            }
            TagEnd::List(_) => {
                self.lists.pop();
                self.end_line();
            }
            TagEnd::Item | TagEnd::FootnoteDefinition => {
                self.on_marker = false;
                self.end_line();
            }
            TagEnd::CodeBlock => {
                self.in_code = false;
                self.end_line();
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.start_own_block();
                    self.write_table(&table);
                }
            }
            _ => {}
        }
    }

    /// Words of the current block: into the table cell being read, else onto the line.
    fn text(&mut self, text: &str) {
        if let Some(table) = &mut self.table {
            if let Some(cell) = table.rows.last_mut().and_then(|r| r.last_mut()) {
                cell.push_str(text);
            }
            return;
        }
        if !self.in_code {
            self.on_marker = false;
            self.out.push_str(text);
            return;
        }
        for line in text.split_inclusive('\n') {
            if self.at_line_start() && line != "\n" {
                self.indent(self.content() + 4);
            }
            self.out.push_str(line);
        }
    }

    /// A paragraph or heading: after the list marker it follows, else on a line of its own.
    fn start_block(&mut self) {
        if !std::mem::take(&mut self.on_marker) {
            self.start_own_block();
        }
    }

    /// A block on a line of its own, indented to its list item's text.
    fn start_own_block(&mut self) {
        self.separate();
        self.indent(self.content());
    }

    /// Ends the line before a block of its own; outside lists, leaves a blank line too.
    fn separate(&mut self) {
        self.on_marker = false;
        self.lead_in = false;
        self.end_line();
        if self.lists.is_empty() && !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// How far the lines of the current block are indented: to the text of its list item.
    fn content(&self) -> usize {
        self.lists.last().map_or(0, |list| list.content)
    }

    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n')
    }

    /// Ends the current line, if it has anything but indentation.
    fn end_line(&mut self) {
        self.out
            .truncate(self.out.trim_end_matches([' ', '\t']).len());
        if !self.at_line_start() {
            self.out.push('\n');
        }
    }

    fn indent(&mut self, spaces: usize) {
        self.out.extend(std::iter::repeat_n(' ', spaces));
    }

    /// The rows with each cell padded to its column's width and aligned as the Markdown says,
    /// two spaces between columns, and a rule of dashes under the header. A column is at most
    /// `MAX_COLUMN` wide: a longer cell runs past it, so that one long cell cannot pad every
    /// other row of its table.
    fn write_table(&mut self, table: &Table) {
        const MAX_COLUMN: usize = 40;
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        // Three dashes at least, so that the rule under a narrow column is not read as a bullet.
        let mut widths = vec![3; columns];
        for row in &table.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.trim().chars().count().min(MAX_COLUMN));
            }
        }
        let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
        for (i, row) in table.rows.iter().enumerate() {
            if i > 0 {
                self.indent(self.content());
            }
            let cells = (0..columns).map(|c| {
                let cell = row.get(c).map_or("", |cell| cell.trim());
                let alignment = table.alignments.get(c).copied().unwrap_or(Alignment::None);
                pad(cell, widths[c], alignment)
            });
            self.out.push_str(&cells.collect::<Vec<_>>().join("  "));
            self.end_line();
            if i == 0 {
                self.indent(self.content());
                self.out.push_str(&rule.join("  "));
                self.end_line();
            }
        }
    }
}

/// `text` padded with spaces to `width` characters, on the side the alignment leaves open.
fn pad(text: &str, width: usize, alignment: Alignment) -> String {
    let room = width.saturating_sub(text.chars().count());
    let (left, right) = match alignment {
        Alignment::Right => (room, 0),
        Alignment::Center => (room / 2, room - room / 2),
        Alignment::None | Alignment::Left => (0, room),
    };
    format!("{}{text}{}", " ".repeat(left), " ".repeat(right))
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
    let mut block = match activity.clip_note() {
        Some(note) => format!("{} ({date}; {note})", activity.title),
        None => format!("{} ({date})", activity.title),
    };
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

/// The first sentence of a Markdown text as plain text, for a one-line reference; at most
/// about 160 characters, cut at a word.
pub fn headline(markdown: &str) -> String {
    const MAX: usize = 160;
    let text = from_markdown(markdown);
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .trim();
    // A list item's marker is layout, not words.
    let unnumbered = first.trim_start_matches(|c: char| c.is_ascii_digit());
    let first = match unnumbered.strip_prefix(". ") {
        Some(rest) if unnumbered.len() < first.len() => rest,
        _ => first.trim_start_matches(['-', '*', '•']).trim_start(),
    };
    let sentence = first
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '!' | '?') && first[i + c.len_utf8()..].starts_with(' '))
        .map_or(first, |(i, c)| &first[..i + c.len_utf8()]);
    if sentence.chars().count() <= MAX {
        return sentence.to_owned();
    }
    let cut: String = sentence.chars().take(MAX).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
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
    #[test]
    fn one_long_cell_does_not_pad_every_row() {
        let long = "x".repeat(5000);
        let rows: String = (0..200).map(|i| format!("| {i} | b |\n")).collect();
        let text = from_markdown(&format!("| a | b |\n|---|---|\n| {long} | b |\n{rows}"));
        assert!(text.len() < long.len() + 200 * 60, "{} bytes", text.len());
        assert!(text.contains(&long));
    }

    use super::*;

    #[test]
    fn a_headline_is_the_first_sentence_as_plain_text() {
        assert_eq!(
            headline("**Doubled** the [members](https://x.example). Then more.\n\nNext"),
            "Doubled the members."
        );
        assert_eq!(headline("- one item\n- two"), "one item");
        let long = "word ".repeat(60);
        let cut = headline(&long);
        assert!(cut.ends_with('…') && cut.chars().count() <= 161, "{cut}");
    }

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

    #[test]
    fn separates_paragraphs_with_a_blank_line() {
        assert_eq!(
            from_markdown(
                "One,\nstill one.  \nA break.\n\n# Two\n\n- item\n\nThree.\n\n---\n\nFour."
            ),
            "One, still one.\nA break.\n\nTwo\n- item\n\nThree.\n\nFour."
        );
        // Only a sentence leads into a list; a table or code block stands apart.
        assert_eq!(
            from_markdown("    code\n\n- item\n\n> quote\n\n1. one"),
            "    code\n\n- item\n\nquote\n1. one"
        );
    }

    #[test]
    fn numbers_ordered_lists_from_their_start() {
        assert_eq!(from_markdown("1. a\n1. b\n1. c"), "1. a\n2. b\n3. c");
        assert_eq!(from_markdown("7. seven\n8. eight"), "7. seven\n8. eight");
        assert_eq!(from_markdown("0. zero\n5. one"), "0. zero\n1. one");
    }

    #[test]
    fn indents_nested_items_on_their_own_lines() {
        assert_eq!(
            from_markdown("- a\n  - b\n    1. c\n    2. d\n  - e\n- f"),
            "- a\n  - b\n    1. c\n    2. d\n  - e\n- f"
        );
        // A loose list: the item's further blocks line up under its text.
        assert_eq!(
            from_markdown("1. a\n\n   more\n\n   > quoted\n2. b\n   - c"),
            "1. a\n   more\n   quoted\n2. b\n  - c"
        );
        assert_eq!(
            from_markdown("- [x] done\n- [ ] open"),
            "- [x] done\n- [ ] open"
        );
    }

    #[test]
    fn indents_a_deep_list_no_further_than_its_cap() {
        let text = from_markdown(&format!("{}deep", "- ".repeat(5_000)));
        assert!(text.ends_with("- deep"), "{}", &text[text.len() - 80..]);
        assert_eq!(text.lines().count(), 5_000);
        let widest = text.lines().map(str::len).max().unwrap_or(0);
        assert_eq!(widest, 2 * MAX_INDENT + "- deep".len());
    }

    #[test]
    fn lays_tables_out_in_padded_columns() {
        let markdown = "Per quarter:\n\n| Quarter | Talks | Where |\n|---|--:|:-:|\n| Q1 | 3 | Berlin |\n| Q2 **new** | 12 | Oslo |\n\nAfter.";
        assert_eq!(
            from_markdown(markdown),
            "Per quarter:\n\n\
             Quarter  Talks  Where\n\
             -------  -----  ------\n\
             Q1           3  Berlin\n\
             Q2 new      12   Oslo\n\
             \n\
             After."
        );
    }

    #[test]
    fn indents_a_table_in_a_list_item_and_pads_narrow_columns() {
        assert_eq!(
            from_markdown("- rows:\n\n  | a | b |\n  |---|---|\n  | 1 |\n- next"),
            "- rows:\n  a    b\n  ---  ---\n  1\n- next"
        );
    }

    #[test]
    fn keeps_code_blocks_verbatim_and_indented() {
        assert_eq!(
            from_markdown("Run:\n\n```rust\nfn main() {\n    go(**x**);\n\n}\n```\nDone."),
            "Run:\n\n    fn main() {\n        go(**x**);\n\n    }\n\nDone."
        );
        assert_eq!(
            from_markdown("- step:\n\n      make\n- next"),
            "- step:\n      make\n- next"
        );
    }

    #[test]
    fn keeps_footnotes_as_labels() {
        assert_eq!(
            from_markdown("Cut costs[^1].\n\n[^1]: Per the finance report."),
            "Cut costs[1].\n\n[1]: Per the finance report."
        );
    }
}
