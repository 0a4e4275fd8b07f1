//! Adding `[[activity]]` tables to a TOML file and keeping every byte of it: the packet for
//! `add`, the draft file for `import`.
//!
//! toml_edit keeps comments and layout, but writes every line it re-encodes with `\n`, drops a
//! byte order mark and ends the file with a newline. So it only says where the new tables go
//! and what they look like: the file as read is kept byte for byte, and the new lines are
//! spliced in, in the file's line endings.

use std::path::Path;

use chrono::NaiveDate;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use crate::diagnostic::{Code, Diagnostic, Source};
use crate::error::Error;
use crate::read;

/// The byte order mark some editors start a UTF-8 file with.
const BOM: &str = "\u{feff}";

/// A TOML file to add tables to: its text as read, and that text as an editable document.
#[derive(Debug, Clone)]
pub struct File {
    /// Byte order mark and line endings as they were.
    text: String,
    /// Parsed from the text without its byte order mark, with `\n` line endings.
    document: DocumentMut,
}

impl File {
    /// The file read as `source`, or the problems that make it no TOML.
    pub fn parse(source: &Source) -> Result<Self, Error> {
        let document = lf(body(&source.text)).parse().map_err(|_| {
            // The parser that reads packets says where and what, with hints.
            let diagnostic = read::parse::<toml::Table>(source).err();
            Error::Invalid(diagnostic.into_iter().collect())
        })?;
        Ok(File {
            text: source.text.clone(),
            document,
        })
    }

    /// The whole file with `tables` added after its last `[[activity]]` (at its end when it
    /// has none yet): every byte of it as it was, byte order mark included, and the new lines
    /// in its line endings (`\r\n` when most of its lines end so, else `\n`). A file that
    /// ends without a line break still does: the break the new lines need goes before them.
    pub fn with(
        &self,
        tables: impl IntoIterator<Item = Table>,
        path: &Path,
    ) -> Result<String, Error> {
        let before = self.document.to_string();
        let mut document = self.document.clone();
        append(&mut document, tables, path)?;
        let after = document.to_string();

        let bom = if self.text.starts_with(BOM) { BOM } else { "" };
        let body = body(&self.text);
        let eol = line_ending(body);
        let Some((line, lines)) = inserted(&lf(body), &before, &after) else {
            // toml_edit wrote the rest of the file otherwise than it was: its text is the best
            // there is, in the file's line endings.
            return Ok(format!("{bom}{}", after.replace('\n', eol)));
        };
        if self.document.get("activity").is_none() {
            // The lines as they are, without the blank lines around them that the place
            // toml_edit chose gave.
            let lines = format!("{}\n", lines.trim_matches('\n')).replace('\n', eol);
            return Ok(format!("{bom}{}", at_the_end(body, &lines, eol)));
        }
        let lines = lines.replace('\n', eol);
        Ok(match line_start(body, line) {
            Some(at) => format!("{bom}{}{lines}{}", &body[..at], &body[at..]),
            None => {
                let lines = lines.strip_suffix(eol).unwrap_or(&lines);
                format!("{bom}{body}{eol}{lines}")
            }
        })
    }
}

/// `body` with the first activities, `lines`, after everything it holds (toml_edit would put
/// them before the comments that end the file), a blank line between.
fn at_the_end(body: &str, lines: &str, eol: &str) -> String {
    if body.is_empty() {
        return lines.to_owned();
    }
    if !body.ends_with('\n') {
        let lines = lines.strip_suffix(eol).unwrap_or(lines);
        return format!("{body}{eol}{eol}{lines}");
    }
    let blank = body.ends_with("\n\n") || body.ends_with("\n\r\n") || body.trim().is_empty();
    let gap = if blank { "" } else { eol };
    format!("{body}{gap}{lines}")
}

/// The text without its byte order mark.
fn body(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

/// The text with `\n` line endings.
fn lf(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// The line ending most lines of `text` have: `\r\n` or `\n` (on a tie, or with no line).
fn line_ending(text: &str) -> &'static str {
    let crlf = text.matches("\r\n").count();
    let lf = text.matches('\n').count() - crlf;
    if crlf > lf { "\r\n" } else { "\n" }
}

/// Where line `line` (from 0) of `text` starts; none past the end of a text that does not
/// end with a line break.
fn line_start(text: &str, line: usize) -> Option<usize> {
    if line == 0 {
        return Some(0);
    }
    text.match_indices('\n').nth(line - 1).map(|(at, _)| at + 1)
}

/// The lines toml_edit added to `before` to make `after`, and the line of `before` they go
/// before, when `before` is the file as it was (`text`, `\n` line endings; toml_edit adds a
/// final line break to a file without one) and `after` is `before` with whole lines added in
/// one place. None otherwise.
fn inserted<'a>(text: &str, before: &str, after: &'a str) -> Option<(usize, &'a str)> {
    let unchanged =
        before == text || (!text.ends_with('\n') && before.strip_suffix('\n') == Some(text));
    if !unchanged {
        return None;
    }
    let added = after.len().checked_sub(before.len())?;
    if added == 0 {
        return (before == after).then_some((0, ""));
    }
    let same = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    // The start of the line where the two part: lines added as a whole go there (or, when
    // they begin as the lines after them do, a little later, which gives the same text).
    let at = before.as_bytes()[..same]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |newline| newline + 1);
    let lines = after.get(at..at + added)?;
    let whole = lines.ends_with('\n') && after.get(at + added..) == Some(&before[at..]);
    whole.then(|| (before[..at].matches('\n').count(), lines))
}

/// Appends `tables` after the last `[[activity]]` of `document` (the file at `path`);
/// toml_edit leaves every other line as it was.
fn append(
    document: &mut DocumentMut,
    tables: impl IntoIterator<Item = Table>,
    path: &Path,
) -> Result<(), Error> {
    match document.get_mut("activity") {
        Some(Item::ArrayOfTables(activities)) => {
            tables.into_iter().for_each(|t| activities.push(t))
        }
        Some(_) => {
            return Err(Error::Invalid(vec![Diagnostic::in_file(
                path,
                Code::WrongType,
                "`activity` is not an array of `[[activity]]` tables",
            )]));
        }
        None => {
            let mut activities = ArrayOfTables::new();
            tables.into_iter().for_each(|t| activities.push(t));
            document.insert("activity", Item::ArrayOfTables(activities));
        }
    }
    Ok(())
}

/// The tables as a document of their own, for `--dry-run` to print.
pub fn block(tables: impl IntoIterator<Item = Table>) -> String {
    let mut document = DocumentMut::new();
    let mut activities = ArrayOfTables::new();
    tables.into_iter().for_each(|t| activities.push(t));
    document.insert("activity", Item::ArrayOfTables(activities));
    document.to_string()
}

/// A day as a bare TOML date (`date = 2026-03-12`), as a person writes it.
pub fn date_value(date: NaiveDate) -> toml_edit::Value {
    let text = date.to_string();
    // Years past 9999 or before 0 are no TOML date: a string then, which check reports.
    text.parse::<toml_edit::Datetime>()
        .map_or_else(|_| toml_edit::Value::from(text), toml_edit::Value::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn added(text: &str) -> String {
        let file = File::parse(&Source::new("p.toml", text)).unwrap_or_else(|err| panic!("{err}"));
        let mut table = Table::new();
        table.insert("title", toml_edit::value("New"));
        file.with([table], Path::new("p.toml"))
            .unwrap_or_else(|err| panic!("{err}"))
    }

    #[test]
    fn the_new_table_goes_after_the_last_activity_in_the_files_line_endings() {
        let lf = "a = 1\n\n[[activity]]\ntitle = \"Old\"\n\n# Numbers\n[[metric]]\nid = \"x\"\n";
        let new = "\n[[activity]]\ntitle = \"New\"\n";
        let at = lf.find("\n\n# Numbers").unwrap_or(0) + 1;
        let expected = format!("{}{new}{}", &lf[..at], &lf[at..]);
        assert_eq!(added(lf), expected);
        assert_eq!(
            added(&lf.replace('\n', "\r\n")),
            expected.replace('\n', "\r\n")
        );
        assert_eq!(
            added(&format!("\u{feff}{lf}")),
            format!("\u{feff}{expected}")
        );
        // Without a final line break, in the middle and at the end.
        assert_eq!(added(lf.trim_end()), expected.trim_end());
        assert_eq!(
            added("[[activity]]\r\ntitle = \"Old\""),
            "[[activity]]\r\ntitle = \"Old\"\r\n\r\n[[activity]]\r\ntitle = \"New\""
        );
    }

    #[test]
    fn mixed_line_endings_stay_and_the_new_lines_take_the_most_common() {
        let mixed = "# one\r\n# two\r\na = 1\n[[activity]]\r\ntitle = \"Old\"\n";
        assert_eq!(
            added(mixed),
            format!("{mixed}\r\n[[activity]]\r\ntitle = \"New\"\r\n")
        );
        let mostly_lf = "# one\n# two\na = 1\r\n";
        assert_eq!(
            added(mostly_lf),
            format!("{mostly_lf}\n[[activity]]\ntitle = \"New\"\n")
        );
    }

    #[test]
    fn comments_and_blank_lines_at_the_end_stay_after_the_new_table() {
        let text = "[[activity]]\r\ntitle = \"Old\"\r\n\r\n# the end";
        assert_eq!(
            added(text),
            "[[activity]]\r\ntitle = \"Old\"\r\n\r\n[[activity]]\r\ntitle = \"New\"\r\n\r\n# the end"
        );
        assert_eq!(added(""), "[[activity]]\ntitle = \"New\"\n");
    }

    #[test]
    fn the_first_activity_goes_after_everything_the_file_holds() {
        let new = "[[activity]]\ntitle = \"New\"\n";
        assert_eq!(added("# Drafts\n"), format!("# Drafts\n\n{new}"));
        assert_eq!(
            added("# Drafts\r\n\r\n"),
            format!("# Drafts\r\n\r\n{}", new.replace('\n', "\r\n"))
        );
        assert_eq!(added("# Drafts"), format!("# Drafts\n\n{}", new.trim_end()));
        assert_eq!(
            added("[person]\nname = \"Pat\"\n\n# the end\n"),
            format!("[person]\nname = \"Pat\"\n\n# the end\n\n{new}")
        );
    }

    #[test]
    fn a_multi_line_string_keeps_its_line_endings() {
        let text = "summary = \"\"\"\r\none\r\ntwo\r\n\"\"\"\r\n";
        assert!(added(text).starts_with(text));
    }
}
