//! Every kind of problem promopack reports, with its stable name and its severity.

use serde::Serialize;

use super::Severity;

macro_rules! codes {
    ($($variant:ident => $name:literal, $severity:ident;)*) => {
        /// A diagnostic's rule: a stable kebab-case name (`unknown-section`) that scripts, CI
        /// annotations and the table of codes in docs/checks.md use, and the severity it always has.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the order of the table in docs/checks.md.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The kebab-case name, as printed in `error[name]` and in every check format.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// Errors stop a build; warnings do not; notes are news.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

codes! {
    // Reading files and their TOML shape.
    InvalidToml => "invalid-toml", Error;
    NotUtf8 => "not-utf8", Error;
    Unreadable => "unreadable", Error;
    UnknownKey => "unknown-key", Error;
    UnknownValue => "unknown-value", Error;
    MissingKey => "missing-key", Error;
    WrongType => "wrong-type", Error;
    InvalidDate => "invalid-date", Error;
    InvalidNumber => "invalid-number", Error;
    // What a packet pulls in.
    UnknownRubric => "unknown-rubric", Error;
    MissingRubric => "missing-rubric", Error;
    BadInclude => "bad-include", Error;
    EmptyInclude => "empty-include", Warning;
    OutsidePacket => "outside-packet", Error;
    // The packet against its rubric.
    UnknownLevel => "unknown-level", Error;
    UnknownSection => "unknown-section", Error;
    NoSection => "no-section", Error;
    UnknownActivity => "unknown-activity", Error;
    ClaimOutsideSection => "claim-outside-section", Error;
    NoClaim => "no-claim", Warning;
    InfoSection => "info-section", Error;
    UnknownItem => "unknown-item", Error;
    ItemNotExpected => "item-not-expected", Warning;
    UnknownTestimonial => "unknown-testimonial", Error;
    IncompleteTestimonial => "incomplete-testimonial", Error;
    DuplicateId => "duplicate-id", Error;
    EmptyId => "empty-id", Error;
    MissingDate => "missing-date", Error;
    ConflictingDates => "conflicting-dates", Error;
    EndBeforeStart => "end-before-start", Error;
    PeriodTooLong => "period-too-long", Error;
    OutsidePeriod => "outside-period", Error;
    PartlyOutsidePeriod => "partly-outside-period", Warning;
    EmptyEvidence => "empty-evidence", Error;
    InvalidUrl => "invalid-url", Error;
    DuplicateEvidence => "duplicate-evidence", Warning;
    PrivateLink => "private-link", Warning;
    NoEvidence => "no-evidence", Warning;
    CoverageGap => "coverage-gap", Warning;
    OverLimit => "over-limit", Error;
    UnknownMetric => "unknown-metric", Error;
    MetricIncomplete => "metric-incomplete", Warning;
    MetricOutsidePeriod => "metric-outside-period", Warning;
    Placeholder => "placeholder", Warning;
    // `check --links`: the evidence links, requested.
    DeadLink => "dead-link", Error;
    LinkUnreachable => "link-unreachable", Warning;
    LinkRedirect => "link-redirect", Note;
    // A rubric on its own.
    NoLevels => "no-levels", Error;
    NoSections => "no-sections", Error;
    NoExpectations => "no-expectations", Error;
    UnknownGroup => "unknown-group", Error;
    RelativeLink => "relative-link", Warning;
    EmptyLevel => "empty-level", Warning;
    TextAfterEnd => "text-after-end", Warning;
    DuplicateItem => "duplicate-item", Warning;
    UnstableItemId => "unstable-item-id", Warning;
    // `import feed`.
    InvalidFeed => "invalid-feed", Error;
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code with its severity, in order.
    fn ours() -> Vec<(String, String)> {
        Code::ALL
            .iter()
            .map(|c| (c.name().to_owned(), c.severity().as_str().to_owned()))
            .collect()
    }

    #[test]
    fn the_docs_table_lists_every_code_with_its_severity() {
        let docs = include_str!("../../docs/checks.md");
        let start = docs.find("<!-- codes:start -->").expect("table start");
        let end = docs.find("<!-- codes:end -->").expect("table end");
        let rows: Vec<(String, String)> = docs[start..end]
            .lines()
            .filter_map(|line| {
                let cells: Vec<&str> = line.split('|').map(str::trim).collect();
                let code = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
                Some((code.to_owned(), (*cells.get(2)?).to_owned()))
            })
            .collect();
        assert_eq!(rows, ours());
    }

    #[test]
    fn the_check_output_schema_names_every_code() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../../docs/check-output.schema.json"))
                .expect("valid JSON");
        let names = &schema["$defs"]["diagnostic"]["properties"]["code"]["enum"];
        let listed: Vec<&str> = names
            .as_array()
            .expect("an enum of codes")
            .iter()
            .filter_map(|name| name.as_str())
            .collect();
        let ours: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(listed, ours);
    }

    #[test]
    fn names_are_unique_kebab_case() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        assert!(names.iter().all(|n| {
            !n.is_empty()
                && !n.starts_with('-')
                && n.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        }));
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count, "a name is used twice");
    }
}
