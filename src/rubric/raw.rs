//! A rubric file as written: the raw input types serde reads, with spans kept.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

/// A rubric (career ladder) file as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRubric {
    pub name: String,
    pub description: Option<String>,
    #[serde(default, rename = "level")]
    pub levels: Vec<RawLevel>,
    #[serde(default, rename = "section")]
    pub sections: Vec<RawSection>,
    #[serde(default)]
    pub coverage: RawCoverage,
}

/// How many activities make a section's evidence strong rather than thin.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCoverage {
    #[serde(default = "RawCoverage::default_strong")]
    pub strong: usize,
}

impl RawCoverage {
    fn default_strong() -> usize {
        3
    }
}

impl Default for RawCoverage {
    fn default() -> Self {
        RawCoverage {
            strong: Self::default_strong(),
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: String,
    pub group: Option<String>,
    #[serde(default)]
    pub description: String,
    pub max_chars: Option<usize>,
    pub max_words: Option<usize>,
    /// Markdown per level id; a level left out means the section starts higher up.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub expectations: BTreeMap<Spanned<String>, String>,
}
