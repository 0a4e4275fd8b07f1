//! Problems found in input files, each pointing at a file, line and column.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;

/// How bad a problem is: errors stop a build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A file that was read, kept so that byte offsets can become lines and columns.
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
        let starts = self.line_starts();
        let index = starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let line_start = starts.get(index).copied().unwrap_or(0);
        let column = self.text[line_start..offset].chars().count() + 1;
        (index + 1, column)
    }

    fn line_text(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = starts.get(line).map_or(self.text.len(), |&next| next - 1);
        &self.text[start..end.max(start)]
    }

    /// A problem of `severity` at `span` in this file.
    pub fn diagnostic(
        &self,
        severity: Severity,
        code: &'static str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let location = span.map(|span| {
            let (line, column) = self.line_col(span.start);
            let (end_line, end_column) = self.line_col(span.end);
            let width = if end_line == line && end_column > column {
                end_column - column
            } else {
                1
            };
            let text = self.line_text(line).trim_end_matches('\r');
            Location {
                line,
                column,
                snippet: Some(Snippet::new(text, column, width)),
            }
        });
        Diagnostic {
            severity,
            code,
            file: self.path.clone(),
            location,
            message: message.into(),
            hint: None,
        }
    }

    pub fn error(
        &self,
        code: &'static str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.diagnostic(Severity::Error, code, span, message)
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    snippet: Option<Snippet>,
}

/// The line a problem is on, ready to print with a caret under the problem.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Snippet {
    text: String,
    /// Characters before the caret, as printed.
    offset: usize,
    width: usize,
}

impl Snippet {
    /// Longest stretch of a line to print; longer lines are cut around the problem.
    const WINDOW: usize = 100;

    /// Tabs become four spaces so the caret lines up; a long line is cut to a window around
    /// the problem, marked with `…`.
    fn new(line: &str, column: usize, width: usize) -> Self {
        let mut chars: Vec<char> = Vec::with_capacity(line.len());
        let mut offset = 0;
        for (i, c) in line.chars().enumerate() {
            if i + 1 == column {
                offset = chars.len();
            }
            if c == '\t' {
                chars.extend([' '; 4]);
            } else {
                chars.push(c);
            }
        }
        if column > line.chars().count() {
            offset = chars.len();
        }
        let width = width.clamp(1, Self::WINDOW / 2);
        if chars.len() <= Self::WINDOW {
            return Snippet {
                text: chars.into_iter().collect(),
                offset,
                width,
            };
        }
        let start = offset.saturating_sub(Self::WINDOW / 4);
        let end = (start + Self::WINDOW).min(chars.len());
        let mut text = String::new();
        let mut shown_offset = offset - start;
        if start > 0 {
            text.push('…');
            shown_offset += 1;
        }
        text.extend(&chars[start..end]);
        if end < chars.len() {
            text.push('…');
        }
        Snippet {
            text,
            offset: shown_offset,
            width,
        }
    }
}

/// One problem in one input file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, kebab-case name for the rule, e.g. `unknown-section`.
    pub code: &'static str,
    pub file: PathBuf,
    pub location: Option<Location>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem with a whole file rather than a place in it.
    pub fn in_file(path: &Path, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            file: path.to_path_buf(),
            location: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_optional_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    fn style(self) -> anstyle::Style {
        let colour = match self {
            Severity::Error => anstyle::AnsiColor::Red,
            Severity::Warning => anstyle::AnsiColor::Yellow,
        };
        anstyle::Style::new().bold().fg_color(Some(colour.into()))
    }
}

impl fmt::Display for Diagnostic {
    /// Renders like a compiler message: severity, code, message, the place and the line itself.
    /// The severity carries ANSI colour, which `anstream` strips when colour is not wanted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let style = self.severity.style();
        let severity = self.severity.as_str();
        writeln!(
            f,
            "{style}{severity}[{}]{style:#}: {}",
            self.code, self.message
        )?;
        let file = self.file.display();
        match &self.location {
            None => writeln!(f, "  --> {file}")?,
            Some(location) => {
                writeln!(f, "  --> {file}:{}:{}", location.line, location.column)?;
                if let Some(snippet) = &location.snippet {
                    let number = location.line.to_string();
                    let pad = " ".repeat(number.len());
                    writeln!(f, "{pad} |")?;
                    writeln!(f, "{number} | {}", snippet.text)?;
                    writeln!(
                        f,
                        "{pad} | {}{}",
                        " ".repeat(snippet.offset),
                        "^".repeat(snippet.width)
                    )?;
                }
            }
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = help: {hint}")?;
        }
        Ok(())
    }
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
    }

    #[test]
    fn caret_lines_up_under_a_tab_indented_value() {
        let source = Source::new("p.toml", "[[activity]]\n\tkind = \"tlak\"\n");
        let shown = anstream::adapter::strip_str(&source.error("x", Some(21..27), "m").to_string())
            .to_string();
        assert!(
            shown.contains("2 |     kind = \"tlak\"\n  |            ^^^^^^\n"),
            "{shown}"
        );
        assert!(shown.contains("p.toml:2:9"), "{shown}");
    }

    #[test]
    fn long_lines_are_cut_around_the_problem() {
        let line = format!("a = \"{}\" # {}", "x".repeat(5000), "y".repeat(10));
        let source = Source::new("p.toml", line.clone());
        let at = line.find('#').expect("#");
        let shown =
            anstream::adapter::strip_str(&source.error("x", Some(at..at + 1), "m").to_string())
                .to_string();
        assert!(shown.len() < 400, "{shown}");
        assert!(
            shown.contains("…xxx") && shown.contains("\" # yyy"),
            "{shown}"
        );
        let caret_line = shown
            .lines()
            .find(|l| l.trim_end().ends_with('^'))
            .expect("caret");
        let text_line = shown.lines().find(|l| l.contains('#')).expect("text");
        let caret_at = caret_line.chars().position(|c| c == '^');
        let hash_at = text_line.chars().position(|c| c == '#');
        assert_eq!(caret_at, hash_at);
    }

    #[test]
    fn renders_the_line_with_a_caret_under_the_span() {
        let source = Source::new("p.toml", "x = 1\nsections = [\"comunity\"]\n");
        let diagnostic = source
            .error(
                "unknown-section",
                Some(18..28),
                "unknown section `comunity`",
            )
            .with_hint("did you mean `community`?");
        assert_eq!(
            anstream::adapter::strip_str(&diagnostic.to_string()).to_string(),
            "error[unknown-section]: unknown section `comunity`\n  --> p.toml:2:13\n  |\n2 | sections = [\"comunity\"]\n  |             ^^^^^^^^^^\n  = help: did you mean `community`?\n"
        );
    }
}
