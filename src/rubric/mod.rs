//! The rubric stage: a company's career ladder or a built-in one, read as raw input types
//! (`raw`) and checked into the model (`check` -> `model`), and shown to people (`describe`).

mod check;
mod items;
mod lint;
mod model;
pub mod raw;

use std::path::Path;

pub use check::{check, check_all};
pub use model::{Group, Item, Level, Origin, Rubric, Section};

use crate::diagnostic::{Source, suggest};
use crate::read;

/// The rubrics embedded in the binary, by name.
pub const BUILTIN: [(&str, &str); 2] = [
    (
        "developer-advocate",
        include_str!("builtin/developer-advocate.toml"),
    ),
    (
        "software-engineer",
        include_str!("builtin/software-engineer.toml"),
    ),
];

/// The TOML text of a built-in rubric.
pub fn builtin(name: &str) -> Option<&'static str> {
    BUILTIN
        .iter()
        .find(|(builtin, _)| *builtin == name)
        .map(|(_, text)| *text)
}

/// A built-in rubric as a source, named so that diagnostics say which one.
pub fn builtin_source(name: &str) -> Option<Source> {
    builtin(name).map(|text| Source::new(format!("<built-in rubric {name}>"), text))
}

/// The source of a built-in rubric, or of a rubric file when `name` looks like a path; an
/// unknown built-in name is a usage error that suggests the closest one.
pub fn named(name: &str) -> Result<Source, crate::error::Error> {
    if looks_like_path(name) {
        return read::read(Path::new(name));
    }
    match builtin_source(name) {
        Some(source) => Ok(source),
        None => Err(crate::error::Error::Usage(format!(
            "unknown built-in rubric `{name}`: {}",
            suggest::hint(name, BUILTIN.iter().map(|(n, _)| *n))
        ))),
    }
}

/// A rubric reference is a path when it looks like one (ends in `.toml` or has a slash);
/// anything else names a built-in rubric.
pub fn looks_like_path(name: &str) -> bool {
    name.ends_with(".toml") || name.contains('/') || name.contains('\\')
}
