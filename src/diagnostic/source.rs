//! A file that was read, kept so that byte offsets can become lines and columns.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use super::{Code, Diagnostic, Location};

/// A file's path and text: what every diagnostic points into.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
    /// Byte offset of each line's start, made on the first diagnostic: a packet with many
    /// warnings finds each line by binary search instead of a scan from the top.
    line_starts: OnceLock<Vec<usize>>,
}

impl Source {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let (index, line_start) = self.line_of(offset);
        let column = self.text[line_start..offset].chars().count() + 1;
        (index + 1, column)
    }

    /// The 0-based index and the start offset of the line that holds `offset`.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let starts = self.line_starts();
        let index = starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        (index, starts.get(index).copied().unwrap_or(0))
    }

    /// The text of the line that starts at `start`, without its line ending.
    fn line_text(&self, start: usize) -> &str {
        let rest = &self.text[start..];
        let line = rest.split_once('\n').map_or(rest, |(line, _)| line);
        line.trim_end_matches('\r')
    }

    /// A problem of kind `code` at `span` in this file; `None` for the file as a whole.
    pub fn diagnostic(
        &self,
        code: Code,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let location = span.map(|span| {
            let start = floor_char_boundary(&self.text, span.start.min(self.text.len()));
            let (index, line_start) = self.line_of(start);
            let line = self.line_text(line_start);
            let (_, column) = self.line_col(start);
            let from = start - line_start;
            // A span that runs past its line is marked by its first character.
            let end = span.end.saturating_sub(line_start);
            let to = if end > from && end <= line.len() {
                floor_char_boundary(line, end)
            } else {
                line[from.min(line.len())..]
                    .chars()
                    .next()
                    .map_or(from, |c| from + c.len_utf8())
            };
            Location::new(index + 1, column, line, from..to)
        });
        Diagnostic::new(code, self.path.clone(), location, message.into())
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_columns_from_one() {
        let source = Source::new("p.toml", "a = 1\nbb = \"zoë\"\n");
        assert_eq!(source.line_col(0), (1, 1));
        assert_eq!(source.line_col(6), (2, 1));
        assert_eq!(source.line_col(11), (2, 6));
    }

    #[test]
    fn tolerates_offsets_inside_a_character_or_past_the_end() {
        let source = Source::new("p.toml", "é");
        assert_eq!(source.line_col(1), (1, 1));
        assert_eq!(source.line_col(99), (1, 2));
        let diagnostic = source.diagnostic(Code::InvalidToml, Some(1..99), "m");
        assert_eq!(
            diagnostic.location.map(|l| (l.line, l.column)),
            Some((1, 1))
        );
    }
}
