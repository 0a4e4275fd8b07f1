//! The checked rubric: levels in order, and the sections each level is assessed on.

/// A career ladder: ordered levels and the sections each level is assessed on.
#[derive(Debug, Clone)]
pub struct Rubric {
    pub name: String,
    pub description: String,
    /// Where the ladder comes from; shown wherever its text is.
    pub origin: Option<Origin>,
    /// The groups the rubric declares, in their order; sections are in the same order.
    pub groups: Vec<Group>,
    /// Ordered from the lowest level to the highest.
    pub levels: Vec<Level>,
    /// In the order the rubric lists them, which is the order of the packet's chapters.
    pub sections: Vec<Section>,
    /// A section with at least this many activities is `strong`; with fewer but some, `thin`.
    pub strong: usize,
    /// The same for one item of an expectation.
    pub item_strong: usize,
}

/// The ladder's origin, licence and attribution; empty strings for what is not given.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub title: String,
    pub url: String,
    pub licence: String,
    /// Markdown.
    pub attribution: String,
    /// Markdown: what of the original could not be expressed.
    pub notes: String,
}

/// A group of sections with its introduction.
#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub name: String,
    /// Markdown; empty for none.
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct Level {
    pub id: String,
    pub name: String,
    pub description: String,
    pub grade: Option<String>,
    pub track: Option<String>,
    pub summary: Option<String>,
    pub url: Option<String>,
}

/// One item of an expectation: what a reviewer checks, with an id activities can name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub name: String,
    /// The name of the section's group.
    pub group: Option<String>,
    /// The section's group in `Rubric::groups`, when the rubric declares groups.
    pub group_index: Option<usize>,
    /// Information only: shown, never a gap, never evidenced.
    pub info: bool,
    /// The first and last levels the section applies to, when the rubric says.
    pub from: Option<usize>,
    pub until: Option<usize>,
    pub description: String,
    pub max_chars: Option<usize>,
    pub max_words: Option<usize>,
    /// The expectation written for each level, indexed like `Rubric::levels`: Markdown, and a
    /// bullet per item for an expectation written as a list.
    pub expectations: Vec<Option<String>>,
    /// The items of each level's expectation, when it is written as a list; empty otherwise.
    pub items: Vec<Vec<Item>>,
}

impl Section {
    /// The expectation that applies at `level`: the one written for it, or else the nearest one
    /// written for a lower level, from the section's first level on. `None` when the section
    /// starts higher up or has ended below.
    pub fn expectation(&self, level: usize) -> Option<(usize, &str)> {
        let at = self.written_for(level)?;
        Some((at, self.expectations.get(at)?.as_deref()?))
    }

    /// The items of the expectation at `level`, if it is written as a list.
    pub fn items(&self, level: usize) -> &[Item] {
        self.written_for(level)
            .and_then(|at| self.items.get(at))
            .map_or(&[], Vec::as_slice)
    }

    /// The level whose written expectation applies at `level`.
    fn written_for(&self, level: usize) -> Option<usize> {
        if self.until.is_some_and(|until| level > until) {
            return None;
        }
        let from = self.from.unwrap_or(0);
        (from..=level)
            .rev()
            .find(|&at| self.expectations.get(at).is_some_and(Option::is_some))
    }

    /// Whether the section counts for `level`: it applies there and is not information only.
    pub fn expected_at(&self, level: usize) -> bool {
        !self.info && self.expectation(level).is_some()
    }

    /// The lowest level this section has an expectation for.
    pub fn first_level(&self) -> Option<usize> {
        (self.from.unwrap_or(0)..self.expectations.len())
            .find(|&at| self.expectations[at].is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(expectations: [Option<&str>; 4]) -> Section {
        Section {
            id: "s".into(),
            name: "S".into(),
            group: None,
            group_index: None,
            info: false,
            from: None,
            until: None,
            items: vec![Vec::new(); 4],
            description: String::new(),
            max_chars: None,
            max_words: None,
            expectations: expectations.map(|e| e.map(str::to_owned)).to_vec(),
        }
    }

    #[test]
    fn expectation_carries_over_from_the_nearest_lower_level() {
        let section = section([Some("one"), None, Some("three"), None]);
        assert_eq!(section.expectation(1), Some((0, "one")));
        assert_eq!(section.expectation(3), Some((2, "three")));
    }

    #[test]
    fn section_that_starts_higher_up_has_no_expectation_below() {
        let section = section([None, None, Some("three"), None]);
        assert_eq!(section.expectation(1), None);
        assert_eq!(section.first_level(), Some(2));
    }

    #[test]
    fn a_section_that_ends_expects_nothing_above_its_last_level() {
        let mut section = section([Some("one"), None, None, None]);
        section.until = Some(1);
        assert_eq!(section.expectation(1), Some((0, "one")));
        assert_eq!(section.expectation(2), None);
        assert!(!section.expected_at(3));
    }

    #[test]
    fn a_section_that_starts_late_carries_nothing_from_below() {
        let mut section = section([Some("one"), None, Some("three"), None]);
        section.from = Some(1);
        assert_eq!(section.expectation(1), None);
        assert_eq!(section.expectation(3), Some((2, "three")));
    }

    #[test]
    fn an_information_section_is_never_expected() {
        let mut section = section([Some("one"), None, None, None]);
        section.info = true;
        assert_eq!(section.expectation(2), Some((0, "one")));
        assert!(!section.expected_at(2));
    }
}
