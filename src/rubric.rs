//! Built-in rubrics and how a packet's `rubric = "..."` finds its rubric.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Source};
use crate::load;
use crate::suggest;

/// The rubrics embedded in the binary, by name.
pub const BUILTIN: [(&str, &str); 2] = [
    (
        "developer-advocate",
        include_str!("rubrics/developer-advocate.toml"),
    ),
    (
        "software-engineer",
        include_str!("rubrics/software-engineer.toml"),
    ),
];

/// Where a rubric comes from, as named in a packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RubricRef {
    Builtin(&'static str),
    File(PathBuf),
}

/// A rubric reference is a path when it looks like one (ends in `.toml` or has a slash);
/// anything else names a built-in rubric.
pub fn looks_like_path(name: &str) -> bool {
    name.ends_with(".toml") || name.contains('/') || name.contains('\\')
}

/// Finds the rubric source a packet names: a built-in, or a file relative to the packet.
pub fn source_for(
    name: &toml::Spanned<String>,
    packet: &Source,
) -> Result<(RubricRef, Source), Diagnostic> {
    let text = name.get_ref();
    if looks_like_path(text) {
        let dir = packet.path.parent().unwrap_or(Path::new(""));
        let path = dir.join(text);
        return match load::read(&path) {
            Ok(source) => Ok((RubricRef::File(path), source)),
            Err(err) => Err(packet
                .error(
                    "missing-rubric",
                    Some(name.span()),
                    format!(
                        "cannot read the rubric file `{}`: {}",
                        path.display(),
                        cause(&err)
                    ),
                )
                .with_hint("the path is relative to the packet file")),
        };
    }
    match BUILTIN.iter().find(|(builtin, _)| *builtin == text) {
        Some((builtin, toml)) => Ok((
            RubricRef::Builtin(builtin),
            Source::new(format!("<built-in rubric {builtin}>"), *toml),
        )),
        None => {
            let names = BUILTIN.iter().map(|(name, _)| *name);
            let hint = match suggest::closest(text, names.clone()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "built-in rubrics are {}; for a rubric file, give a path ending in `.toml`",
                    suggest::backticked(names)
                ),
            };
            Err(packet
                .error(
                    "unknown-rubric",
                    Some(name.span()),
                    format!("unknown built-in rubric `{text}`"),
                )
                .with_hint(hint))
        }
    }
}

fn cause(err: &crate::error::Error) -> String {
    match err {
        crate::error::Error::Read { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}
