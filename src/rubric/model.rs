//! The checked rubric: levels in order, and the sections each level is assessed on.

/// A career ladder: ordered levels and the sections each level is assessed on.
#[derive(Debug, Clone)]
pub struct Rubric {
    pub name: String,
    pub description: String,
    /// Ordered from the lowest level to the highest.
    pub levels: Vec<Level>,
    /// In the order the rubric lists them, which is the order of the packet's chapters.
    pub sections: Vec<Section>,
    /// A section with at least this many activities is `strong`; with fewer but some, `thin`.
    pub strong: usize,
}

#[derive(Debug, Clone)]
pub struct Level {
    pub id: String,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub name: String,
    pub group: Option<String>,
    pub description: String,
    pub max_chars: Option<usize>,
    pub max_words: Option<usize>,
    /// The expectation written for each level, indexed like `Rubric::levels`.
    pub expectations: Vec<Option<String>>,
}

impl Section {
    /// The expectation that applies at `level`: the one written for it, or else the nearest one
    /// written for a lower level. `None` when the section only starts higher up.
    pub fn expectation(&self, level: usize) -> Option<(usize, &str)> {
        (0..=level)
            .rev()
            .find_map(|at| Some((at, self.expectations.get(at)?.as_deref()?)))
    }

    /// The lowest level this section has an expectation for.
    pub fn first_level(&self) -> Option<usize> {
        self.expectations.iter().position(Option::is_some)
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
}
