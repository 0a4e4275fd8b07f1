//! Problems found in input files, each pointing at a file, line and column, and drawn the way
//! rustc draws them (with `annotate-snippets`).

mod code;
mod source;
pub mod suggest;

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;

pub use code::Code;
pub use source::Source;

/// How bad a problem is: errors stop a build, warnings do not, and a note is only news (an
/// evidence link that moved), which `--deny warnings` does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    /// The line's text and the problem's byte range in it, to draw under the message.
    #[serde(skip)]
    snippet: (String, Range<usize>),
}

impl Location {
    fn new(line: usize, column: usize, text: &str, span: Range<usize>) -> Self {
        Location {
            line,
            column,
            snippet: (text.to_owned(), span),
        }
    }
}

/// One problem in one input file; its severity is its code's, unless the command that reports
/// it lowers it (`over-limit` is a warning for a build that writes no `txt`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub code: Code,
    severity: Severity,
    pub file: PathBuf,
    pub location: Option<Location>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    fn new(code: Code, file: PathBuf, location: Option<Location>, message: String) -> Self {
        Self {
            code,
            severity: code.severity(),
            file,
            location,
            message,
            hint: None,
        }
    }

    /// A problem with a whole file rather than a place in it.
    pub fn in_file(path: &Path, code: Code, message: impl Into<String>) -> Self {
        Self::new(code, path.to_path_buf(), None, message.into())
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_optional_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// The same problem as a warning: for a command where it does no harm, such as a section
    /// over the review tool's limit in a build that writes no text for that tool.
    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn severity(&self) -> Severity {
        self.severity
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

impl Serialize for Diagnostic {
    /// The fields of `check --format json`, in its documented order.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut out = serializer.serialize_struct("Diagnostic", 6)?;
        out.serialize_field("severity", &self.severity())?;
        out.serialize_field("code", &self.code)?;
        out.serialize_field("file", &self.file)?;
        out.serialize_field("location", &self.location)?;
        out.serialize_field("message", &self.message)?;
        out.serialize_field("hint", &self.hint)?;
        out.end()
    }
}

/// Puts problems in the order a person reads and fixes them: the file `first` (a packet) before
/// the others, the others by path, and in each file the problems with the whole file first,
/// then by line and column. The sort is stable: problems at one place keep the order found.
pub fn sort(problems: &mut [Diagnostic], first: Option<&Path>) {
    problems.sort_by(|a, b| order(a, b, first));
}

/// The order of `sort`.
pub fn order(a: &Diagnostic, b: &Diagnostic, first: Option<&Path>) -> std::cmp::Ordering {
    let key = |d: &Diagnostic| {
        let at = d.location.as_ref().map(|l| (l.line, l.column));
        (Some(d.file.as_path()) != first, at)
    };
    let (a_other, a_at) = key(a);
    let (b_other, b_at) = key(b);
    (a_other, &a.file, a_at).cmp(&(b_other, &b.file, b_at))
}

/// `text` with every control character, and the Unicode line and paragraph separators, written
/// as a Rust escape (`\n`, `\u{1b}`): a value from a file shown to a person can then never
/// break the line it is on, start a line of its own (a forged `::error` for a CI runner) or
/// send a terminal an escape sequence.
pub fn printable(text: &str) -> Cow<'_, str> {
    let breaks = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    if !text.chars().any(breaks) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if breaks(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

impl fmt::Display for Diagnostic {
    /// Renders like a compiler message: severity, code, message, the place and the line itself,
    /// then the hint. The severity carries ANSI colour, which `anstream` strips when colour is
    /// not wanted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity() {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        // The file name, message and hint hold values from the files; the source line is
        // shown with its control characters replaced by annotate-snippets itself.
        let file = printable(&self.file.display().to_string()).into_owned();
        let message = printable(&self.message);
        let title = level.primary_title(message.as_ref()).id(self.code.name());
        let mut group = match &self.location {
            Some(Location {
                snippet: (text, span),
                line,
                ..
            }) => Group::with_title(title).element(
                Snippet::source(text.as_str())
                    .line_start(*line)
                    .path(file.as_str())
                    .annotation(AnnotationKind::Primary.span(span.clone())),
            ),
            None => Group::with_title(title).element(Origin::path(file.as_str())),
        };
        let hint = self.hint.as_deref().map(printable);
        if let Some(hint) = &hint {
            group = group.element(Level::HELP.message(hint.as_ref()));
        }
        writeln!(f, "{}", Renderer::styled().render(&[group]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(diagnostic: &Diagnostic) -> String {
        anstream::adapter::strip_str(&diagnostic.to_string()).to_string()
    }

    #[test]
    fn renders_the_line_with_a_caret_under_the_span() {
        let source = Source::new("p.toml", "x = 1\nsections = [\"comunity\"]\n");
        let diagnostic = source
            .diagnostic(
                Code::UnknownSection,
                Some(18..28),
                "unknown section `comunity`",
            )
            .with_hint("did you mean `community`?");
        assert_eq!(
            shown(&diagnostic),
            "error[unknown-section]: unknown section `comunity`\n --> p.toml:2:13\n  |\n2 | sections = [\"comunity\"]\n  |             ^^^^^^^^^^\n  |\n  = help: did you mean `community`?\n"
        );
    }

    #[test]
    fn caret_lines_up_under_a_tab_indented_value() {
        let source = Source::new("p.toml", "[[activity]]\n\tkind = \"tlak\"\n");
        let shown = shown(&source.diagnostic(Code::UnknownValue, Some(21..27), "m"));
        assert!(shown.contains("p.toml:2:9"), "{shown}");
        let caret = shown.lines().find(|l| l.ends_with('^')).expect("caret");
        let text = shown.lines().find(|l| l.contains("tlak")).expect("text");
        assert_eq!(caret.find('^'), text.find('"'), "{shown}");
    }

    #[test]
    fn long_lines_are_cut_around_the_problem() {
        let line = format!("a = \"{}\" # {}", "x".repeat(5000), "y".repeat(10));
        let source = Source::new("p.toml", line.clone());
        let at = line.find('#').expect("#");
        let shown = shown(&source.diagnostic(Code::InvalidToml, Some(at..at + 1), "m"));
        assert!(shown.len() < 600, "{shown}");
        let caret = shown
            .lines()
            .find(|l| l.trim_end().ends_with('^'))
            .expect("caret");
        let text = shown.lines().find(|l| l.contains('#')).expect("text");
        assert_eq!(
            caret.chars().position(|c| c == '^'),
            text.chars().position(|c| c == '#'),
            "{shown}"
        );
    }

    #[test]
    fn a_problem_with_a_whole_file_names_the_file() {
        let diagnostic = Diagnostic::in_file(Path::new("p.toml"), Code::Unreadable, "gone");
        assert_eq!(shown(&diagnostic), "error[unreadable]: gone\n--> p.toml\n");
    }

    #[test]
    fn no_value_can_start_a_line_of_its_own() {
        let forged = "x\n::error file=evil.toml::injected\r\u{1b}[2K\u{2028}";
        let source = Source::new(format!("p{forged}.toml"), "a = 1\n");
        let diagnostic = source
            .diagnostic(
                Code::UnknownSection,
                Some(0..1),
                format!("section `{forged}`"),
            )
            .with_hint(format!("did you mean `{forged}`?"));
        let text = shown(&diagnostic);
        assert_eq!(text.lines().count(), 7, "{text}");
        assert!(
            text.contains("section `x\\n::error file=evil.toml::injected\\r\\u{1b}[2K\\u{2028}`"),
            "{text}"
        );
        assert!(text.contains("--> px\\n::error"), "{text}");
        assert!(!text.contains('\u{1b}'), "{text}");
    }

    #[test]
    fn severity_comes_from_the_code() {
        let source = Source::new("p.toml", "x");
        assert!(source.diagnostic(Code::OverLimit, None, "m").is_error());
        assert!(!source.diagnostic(Code::CoverageGap, None, "m").is_error());
    }
}
