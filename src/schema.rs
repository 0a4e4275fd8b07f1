//! JSON Schemas of the packet and rubric files, generated from the types that parse them, so
//! an editor's completion and the parser can never disagree.

use schemars::generate::SchemaSettings;

use crate::packet::raw::RawPacket;
use crate::rubric::raw::RawRubric;

fn generate<T: schemars::JsonSchema>(title: &str) -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON Schema of a packet file.
pub fn packet() -> String {
    generate::<RawPacket>("promopack packet")
}

/// The JSON Schema of a rubric file.
pub fn rubric() -> String {
    generate::<RawRubric>("promopack rubric")
}
