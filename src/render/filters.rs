//! The template filters promopack adds to Tera's own.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use chrono::format::{Item, StrftimeItems};
use tera::{Kwargs, State, Tera, Value};

use super::markdown;
use crate::packet::plain;

thread_local! {
    /// Markdown already turned into safe HTML during the current render on this thread.
    static MARKDOWN_CACHE: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// Forgets the Markdown of the previous render, so a batch does not hold every packet's text.
pub fn clear_markdown_cache() {
    MARKDOWN_CACHE.with_borrow_mut(HashMap::clear);
}

/// Registers every promopack filter on `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_filter("markdown", |text: &str, _: Kwargs, _: &State| {
        // An activity is shown in every section it evidences: sanitize its text once.
        MARKDOWN_CACHE.with_borrow_mut(|cache| {
            if let Some(html) = cache.get(text) {
                return Value::safe_string(html);
            }
            let html = markdown::to_safe_html(text);
            let value = Value::safe_string(&html);
            cache.insert(text.to_owned(), html);
            value
        })
    });
    tera.register_filter("md", |text: &str, _: Kwargs, _: &State| {
        markdown::escape_inline(text)
    });
    tera.register_filter("md_url", |text: &str, _: Kwargs, _: &State| {
        markdown::escape_url(text)
    });
    tera.register_filter("md_code", |text: &str, _: Kwargs, _: &State| {
        markdown::code_inline(text)
    });
    tera.register_filter("plain", |text: &str, _: Kwargs, _: &State| {
        plain::from_markdown(text)
    });
    tera.register_filter("date", |text: &str, kwargs: Kwargs, _: &State| {
        let format = kwargs.must_get::<&str>("format")?;
        format_date(text, format).map_err(tera::Error::message)
    });
    tera.register_filter("css_string", |text: &str, _: Kwargs, _: &State| {
        Value::safe_string(&css_string(text))
    });
    tera.register_filter("blockquote", |text: &str, _: Kwargs, _: &State| {
        blockquote(text)
    });
    tera.register_filter("labelled", |text: &str, kwargs: Kwargs, _: &State| {
        let label = kwargs.must_get::<&str>("label")?;
        Ok::<_, tera::Error>(labelled(text, label))
    });
    tera.register_filter("md_item", |text: &str, _: Kwargs, _: &State| md_item(text));
    tera.register_filter("words", |text: &str, kwargs: Kwargs, _: &State| {
        let count = kwargs.must_get::<usize>("count")?;
        Ok::<_, tera::Error>(first_words(text, count))
    });
}

/// Markdown as a Markdown block quote: every line after `> `, blank lines as `>`.
pub fn blockquote(text: &str) -> String {
    text.trim()
        .lines()
        .map(|line| {
            if line.trim().is_empty() {
                ">".to_owned()
            } else {
                format!("> {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` as the inside of a double-quoted CSS string, safe inside a `<style>` element: every
/// character that could end the string, the rule or the element is written as a CSS escape,
/// and other control characters are dropped.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '"' | '\'' | '<' | '>' | '&' | '\n' | '\r' | '\u{c}' => {
                let _ = write!(out, "\\{:X} ", u32::from(c));
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Formats a `YYYY-MM-DD` date with a chrono format string, which is checked before use:
/// chrono would otherwise panic on a bad one.
pub fn format_date(text: &str, format: &str) -> Result<String, String> {
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date like `2026-03-01`"))?;
    try_format(date, format)
}

/// Formats a date, or says why the format cannot be used: an unknown specifier, or one that
/// needs a time or a time zone (`%H`, `%z`), which a date does not have. chrono itself would
/// panic on either.
fn try_format(date: NaiveDate, format: &str) -> Result<String, String> {
    let invalid = || {
        format!(
            "`{format}` is not a valid date format: use chrono's strftime date specifiers, e.g. `%d %B %Y`"
        )
    };
    let items: Vec<Item> = StrftimeItems::new(format).collect();
    if items.iter().any(|item| matches!(item, Item::Error)) {
        return Err(invalid());
    }
    let mut text = String::new();
    write!(text, "{}", date.format_with_items(items.into_iter())).map_err(|_| invalid())?;
    Ok(text)
}

/// Checks every literal `date(format="...")` in a template before anything is rendered, so a
/// bad format fails the build even in a branch this packet never takes. Returns the 1-based
/// line and the problem.
pub fn check_date_formats(template: &str) -> Result<(), (usize, String)> {
    for (at, _) in template.match_indices("date(format=") {
        let rest = template[at + "date(format=".len()..].trim_start();
        let Some(quote) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))
        else {
            continue;
        };
        let Some(format) = rest[1..].split(quote).next() else {
            continue;
        };
        let sample = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        if try_format(sample, format).is_err() {
            let line = template[..at].matches('\n').count() + 1;
            return Err((
                line,
                format!(
                    "`{format}` is not a valid date format: use chrono's strftime specifiers, e.g. `%d %B %Y`"
                ),
            ));
        }
    }
    Ok(())
}

/// Markdown `text` after a Markdown `label` (`_Signal:_`): on the label's line when the text
/// starts with a paragraph, else after it as a block of its own, so that a list or a heading
/// the text starts with stays one.
pub fn labelled(text: &str, label: &str) -> String {
    let text = text.trim();
    let first = pulldown_cmark::Parser::new_ext(text, crate::markdown::OPTIONS).next();
    match first {
        None => label.to_owned(),
        Some(pulldown_cmark::Event::Start(pulldown_cmark::Tag::Paragraph)) => {
            format!("{label} {text}")
        }
        Some(_) => format!("{label}\n\n{text}"),
    }
}

/// Plain text of a few lines (the short form's growth areas and goals) as the inside of a
/// Markdown list item after its `- `: each line's words escaped, a line that is a list item
/// (`- `, `1. `) kept as one, nested under the item, and any other line after it a paragraph
/// of the item again.
pub fn md_item(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut after_list = false;
    for (n, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let trimmed = line.trim_start();
        let marker = list_marker(trimmed);
        if n > 0 {
            out.push_str(match (marker.is_some(), after_list) {
                (false, true) => "\n\n  ",
                _ => "\n  ",
            });
        }
        match marker {
            Some(marker) if n > 0 => {
                out.push_str(&line[..line.len() - trimmed.len()]);
                out.push_str(marker);
                out.push_str(&markdown::escape_inline(&trimmed[marker.len()..]));
            }
            _ => out.push_str(&markdown::escape_inline(trimmed)),
        }
        after_list = marker.is_some();
    }
    out
}

/// The list marker `line` starts with: `- ` or a number and `. `.
fn list_marker(line: &str) -> Option<&str> {
    if line.starts_with("- ") {
        return Some(&line[..2]);
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (digits > 0 && line[digits..].starts_with(". ")).then(|| &line[..digits + 2])
}

/// The first `count` words of `text`, with `…` when some were cut.
pub fn first_words(text: &str, count: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= count {
        return words.join(" ");
    }
    format!("{}…", words[..count].join(" "))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_css_string_cannot_end_its_string_rule_or_element() {
        assert_eq!(
            css_string("Zoë \"</style>\\\n\u{c}x\u{0}"),
            "Zoë \\22 \\3C /style\\3E \\5C \\A \\C x"
        );
    }

    use super::*;

    #[test]
    fn blockquote_quotes_every_line_and_keeps_paragraphs() {
        assert_eq!(
            blockquote("one\ntwo\n\nthree\n"),
            "> one\n> two\n>\n> three"
        );
    }

    #[test]
    fn formats_dates_with_a_chrono_format() {
        assert_eq!(
            format_date("2026-03-01", "%d %B %Y").as_deref(),
            Ok("01 March 2026")
        );
        assert_eq!(
            format_date("2026-03-01", "%b %Y").as_deref(),
            Ok("Mar 2026")
        );
    }

    #[test]
    fn rejects_a_bad_format_instead_of_panicking() {
        let err = format_date("2026-03-01", "%Q %Y").expect_err("bad format");
        assert!(err.contains("`%Q %Y` is not a valid date format"), "{err}");
        assert!(format_date("March", "%Y").is_err());
        assert!(format_date("2026-03-01", "%H:%M").is_err());
        assert!(check_date_formats("{{ d | date(format=\"%H:%M\") }}").is_err());
    }

    #[test]
    fn finds_bad_date_formats_in_template_text() {
        assert_eq!(
            check_date_formats("{{ d | date(format=\"%B %Y\") }}"),
            Ok(())
        );
        let err = check_date_formats("a\n{% if false %}{{ d | date(format='%Q') }}{% endif %}");
        assert_eq!(err.map_err(|(line, _)| line), Err(2));
    }

    #[test]
    fn a_label_leads_a_paragraph_and_stands_before_a_list() {
        assert_eq!(labelled(" Ship it.\n", "_Signal:_"), "_Signal:_ Ship it.");
        assert_eq!(
            labelled("- one\n- two", "_Signal:_"),
            "_Signal:_\n\n- one\n- two"
        );
        assert_eq!(labelled("", "_Signal:_"), "_Signal:_");
    }

    #[test]
    fn a_list_item_keeps_the_lists_in_it_and_the_lines_after_them_apart() {
        assert_eq!(
            md_item("Area: did *these*:\n- one\n  - deeper\n2. two\nNext: more."),
            "Area: did \\*these\\*:\n  - one\n    - deeper\n  2. two\n\n  Next: more."
        );
    }

    #[test]
    fn cuts_text_to_a_number_of_words() {
        assert_eq!(first_words("one two  three", 2), "one two…");
        assert_eq!(first_words("one two", 5), "one two");
    }
}
