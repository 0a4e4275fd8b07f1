//! The command line's names for library enums: `clap::ValueEnum` lives here, mapped to the
//! library's own types, so nothing below `cli/` knows clap.

use std::sync::LazyLock;

use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::check::CheckFormat;
use crate::packet::model::Kind;
use crate::render::ShowFormat;
use crate::render::{Format, Layout};

/// What sort of work an activity was, as `add --kind` takes it: the kinds and their names are
/// the packet format's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindArg(pub Kind);

static KINDS: LazyLock<Vec<KindArg>> = LazyLock::new(|| Kind::ALL.map(KindArg).to_vec());

impl ValueEnum for KindArg {
    fn value_variants<'a>() -> &'a [Self] {
        &KINDS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.id()))
    }
}

/// An output format of `build --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Markdown, to read or paste from
    Md,
    /// One standalone HTML file, printable to PDF
    Html,
    /// Plain text, one block per rubric section, to paste into a review tool
    Txt,
    /// The HTML printed to PDF by a headless Chromium or Chrome (see `--browser`)
    Pdf,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Md => Format::Md,
            FormatArg::Html => Format::Html,
            FormatArg::Txt => Format::Txt,
            FormatArg::Pdf => Format::Pdf,
        }
    }
}

/// What `build --layout` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// The case (summary, overview, a chapter per rubric section with the claims), then every
    /// activity in full once in an appendix
    Packet,
    /// The case alone, without the appendix
    Case,
    /// The full record: every activity in full in every section it evidences, every number
    Record,
    /// The short self-evaluation a review tool asks for: case summary, top accomplishments,
    /// growth areas and goals, within a word budget
    Short,
}

impl From<LayoutArg> for Layout {
    fn from(layout: LayoutArg) -> Self {
        match layout {
            LayoutArg::Packet => Layout::Packet,
            LayoutArg::Case => Layout::Case,
            LayoutArg::Record => Layout::Record,
            LayoutArg::Short => Layout::Short,
        }
    }
}

/// What `rubric show` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormatArg {
    /// Markdown
    Md,
    /// A standalone HTML page
    Html,
    /// Plain text
    Txt,
}

impl From<ShowFormatArg> for ShowFormat {
    fn from(format: ShowFormatArg) -> Self {
        match format {
            ShowFormatArg::Md => ShowFormat::Md,
            ShowFormatArg::Html => ShowFormat::Html,
            ShowFormatArg::Txt => ShowFormat::Txt,
        }
    }
}

/// How `check` prints what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormatArg {
    /// Messages for people (for packets, with a coverage table); colour on a terminal unless
    /// NO_COLOR is set
    Human,
    /// One JSON document (see docs/checks.md for its shape)
    Json,
    /// GitHub Actions workflow commands, shown on the lines of a pull request
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards
    Sarif,
}

impl From<CheckFormatArg> for CheckFormat {
    fn from(format: CheckFormatArg) -> Self {
        match format {
            CheckFormatArg::Human => CheckFormat::Human,
            CheckFormatArg::Json => CheckFormat::Json,
            CheckFormatArg::Github => CheckFormat::Github,
            CheckFormatArg::Sarif => CheckFormat::Sarif,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_packet_name_on_the_command_line() {
        for kind in Kind::ALL {
            let arg = KindArg::from_str(kind.id(), false).unwrap_or_else(|why| panic!("{why}"));
            assert_eq!(arg.0, kind);
        }
        assert_eq!(KindArg::value_variants().len(), Kind::ALL.len());
    }

    #[test]
    fn every_format_has_its_extension_on_the_command_line() {
        for arg in FormatArg::value_variants() {
            let format = Format::from(*arg);
            let name = arg.to_possible_value().map(|v| v.get_name().to_owned());
            assert_eq!(name.as_deref(), Some(format.extension()));
        }
    }
}
