//! A rubric file as written: the raw input types serde reads, with spans kept.

use std::collections::BTreeMap;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

/// A rubric (career ladder) file as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRubric {
    pub name: String,
    #[schemars(with = "Option<String>")]
    pub description: Option<Spanned<String>>,
    /// Where the ladder comes from: shown wherever its text is.
    pub source: Option<RawSource>,
    /// Groups of sections, with an introduction each, in the order they are shown.
    #[serde(default, rename = "group")]
    pub groups: Vec<RawGroup>,
    #[serde(default, rename = "level")]
    pub levels: Vec<RawLevel>,
    #[serde(default, rename = "section")]
    pub sections: Vec<RawSection>,
    #[serde(default)]
    pub coverage: RawCoverage,
}

/// The ladder's origin, licence and attribution, as its licence asks them to be shown.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub title: Option<String>,
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
    pub licence: Option<String>,
    /// Markdown: who made the ladder, under which licence it is used, what was changed.
    #[schemars(with = "Option<String>")]
    pub attribution: Option<Spanned<String>>,
    /// Markdown: what of the original could not be expressed.
    #[schemars(with = "Option<String>")]
    pub notes: Option<Spanned<String>>,
}

/// A group of sections.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: String,
    /// Markdown: the group's introduction.
    #[schemars(with = "Option<String>")]
    pub description: Option<Spanned<String>>,
}

/// How many activities make a section's evidence strong rather than thin.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCoverage {
    #[serde(default = "RawCoverage::default_strong")]
    pub strong: usize,
    /// How many activities make one item of an expectation strong rather than thin.
    #[serde(default = "RawCoverage::default_item_strong")]
    pub item_strong: usize,
}

impl RawCoverage {
    fn default_strong() -> usize {
        3
    }

    fn default_item_strong() -> usize {
        2
    }
}

impl Default for RawCoverage {
    fn default() -> Self {
        RawCoverage {
            strong: Self::default_strong(),
            item_strong: Self::default_item_strong(),
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: String,
    #[schemars(with = "Option<String>")]
    pub description: Option<Spanned<String>>,
    /// A pay grade or band, e.g. `P4`.
    pub grade: Option<String>,
    /// The track the level belongs to, e.g. `individual contributor` or `manager`.
    pub track: Option<String>,
    /// One line: what the level is; the packet's cover shows the target level's.
    pub summary: Option<String>,
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: String,
    /// A `[[group]]` id, or in a rubric without groups, the name of the group.
    #[schemars(with = "Option<String>")]
    pub group: Option<Spanned<String>>,
    // Optional, and empty when left out, as it always was: the schema says so.
    #[serde(default)]
    #[schemars(with = "String", extend("default" = ""))]
    pub description: Option<Spanned<String>>,
    pub max_chars: Option<usize>,
    pub max_words: Option<usize>,
    /// The first level the section applies to; by default the lowest with an expectation.
    #[schemars(with = "Option<String>")]
    pub from: Option<Spanned<String>>,
    /// The last level the section applies to; above it the section is not expected.
    #[schemars(with = "Option<String>")]
    pub until: Option<Spanned<String>>,
    /// Information only: shown in the packet, never a gap, and no activity evidences it.
    #[serde(default)]
    pub info: bool,
    /// Per level id: Markdown, or a list of items; a level left out carries the text of the
    /// nearest lower one.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawExpectation>")]
    pub expectations: BTreeMap<Spanned<String>, Spanned<RawExpectation>>,
}

/// What a level expects in a section: Markdown text, or a list of items.
#[derive(Debug, Clone, PartialEq)]
pub enum RawExpectation {
    Text(String),
    Items(Vec<Spanned<RawItem>>),
}

/// One item of an expectation: its text, with an id of its own or one derived from the text.
#[derive(Debug, Clone, PartialEq)]
pub struct RawItem {
    pub id: Option<Spanned<String>>,
    pub text: String,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ItemTable {
    #[schemars(with = "Option<String>")]
    id: Option<Spanned<String>>,
    text: String,
}

impl<'de> Deserialize<'de> for RawItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;

        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = RawItem;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an item's text, or a table with `id` and `text`")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<RawItem, E> {
                Ok(RawItem {
                    id: None,
                    text: text.to_owned(),
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawItem, A::Error> {
                let table = ItemTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawItem {
                    id: table.id,
                    text: table.text,
                })
            }
        }

        deserializer.deserialize_any(ItemVisitor)
    }
}

impl<'de> Deserialize<'de> for RawExpectation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ExpectationVisitor;

        impl<'de> Visitor<'de> for ExpectationVisitor {
            type Value = RawExpectation;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("Markdown text, or a list of items")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<RawExpectation, E> {
                Ok(RawExpectation::Text(text.to_owned()))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawExpectation, A::Error> {
                Vec::<Spanned<RawItem>>::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(RawExpectation::Items)
            }
        }

        deserializer.deserialize_any(ExpectationVisitor)
    }
}

impl JsonSchema for RawItem {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Item".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let table = generator.subschema_for::<ItemTable>();
        json_schema!({
            "description": "An item's text, or a table with an `id` of its own and `text`.",
            "anyOf": [{ "type": "string" }, table]
        })
    }
}

impl JsonSchema for RawExpectation {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Expectation".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let items = generator.subschema_for::<Vec<RawItem>>();
        json_schema!({
            "description": "Markdown text, or a list of items (bullets) a reviewer checks one by one.",
            "anyOf": [{ "type": "string" }, items]
        })
    }
}
