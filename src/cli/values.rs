//! The command line's names for library enums: `clap::ValueEnum` lives here, mapped to the
//! library's own types, so nothing below `cli/` knows clap.

use clap::ValueEnum;

use crate::check::CheckFormat;
use crate::packet::model::Kind;
use crate::render::Format;

/// What sort of work an activity was, as `add --kind` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    BlogPost,
    Talk,
    Training,
    Docs,
    Community,
    OpenSource,
    Mentoring,
    Project,
    Other,
}

impl From<KindArg> for Kind {
    fn from(kind: KindArg) -> Self {
        match kind {
            KindArg::BlogPost => Kind::BlogPost,
            KindArg::Talk => Kind::Talk,
            KindArg::Training => Kind::Training,
            KindArg::Docs => Kind::Docs,
            KindArg::Community => Kind::Community,
            KindArg::OpenSource => Kind::OpenSource,
            KindArg::Mentoring => Kind::Mentoring,
            KindArg::Project => Kind::Project,
            KindArg::Other => Kind::Other,
        }
    }
}

impl From<Kind> for KindArg {
    fn from(kind: Kind) -> Self {
        match kind {
            Kind::BlogPost => KindArg::BlogPost,
            Kind::Talk => KindArg::Talk,
            Kind::Training => KindArg::Training,
            Kind::Docs => KindArg::Docs,
            Kind::Community => KindArg::Community,
            Kind::OpenSource => KindArg::OpenSource,
            Kind::Mentoring => KindArg::Mentoring,
            Kind::Project => KindArg::Project,
            Kind::Other => KindArg::Other,
        }
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
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Md => Format::Md,
            FormatArg::Html => Format::Html,
            FormatArg::Txt => Format::Txt,
        }
    }
}

/// How `check` prints what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormatArg {
    /// Messages and a coverage table for people; colour on a terminal unless NO_COLOR is set
    Human,
    /// One JSON document (see the README for its shape)
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
            assert_eq!(Kind::from(arg), kind);
            assert_eq!(KindArg::from(kind), arg);
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
