//! Adding `[[activity]]` tables to a TOML file and keeping everything else in it as written:
//! the packet for `add`, the draft file for `import`.

use std::path::Path;

use chrono::NaiveDate;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use crate::diagnostic::{Code, Diagnostic, Source};
use crate::error::Error;
use crate::read;

/// The file as an editable document, comments and layout kept.
pub fn document(source: &Source) -> Result<DocumentMut, Error> {
    source.text.parse().map_err(|_| {
        // The parser that reads packets says where and what, with hints.
        let diagnostic = read::parse::<toml::Table>(source).err();
        Error::Invalid(diagnostic.into_iter().collect())
    })
}

/// Appends `tables` after the last `[[activity]]` of the document at `path`; toml_edit leaves
/// every other line as it was.
pub fn append(
    document: &mut DocumentMut,
    tables: impl IntoIterator<Item = Table>,
    path: &Path,
) -> Result<(), Error> {
    match document.get_mut("activity") {
        Some(Item::ArrayOfTables(activities)) => {
            tables.into_iter().for_each(|t| activities.push(t))
        }
        Some(_) => {
            return Err(Error::Invalid(vec![Diagnostic::in_file(
                path,
                Code::WrongType,
                "`activity` is not an array of `[[activity]]` tables",
            )]));
        }
        None => {
            let mut activities = ArrayOfTables::new();
            tables.into_iter().for_each(|t| activities.push(t));
            document.insert("activity", Item::ArrayOfTables(activities));
        }
    }
    Ok(())
}

/// The tables as a document of their own, for `--dry-run` to print.
pub fn block(tables: impl IntoIterator<Item = Table>) -> String {
    let mut document = DocumentMut::new();
    let mut activities = ArrayOfTables::new();
    tables.into_iter().for_each(|t| activities.push(t));
    document.insert("activity", Item::ArrayOfTables(activities));
    document.to_string()
}

/// A day as a bare TOML date (`date = 2026-03-12`), as a person writes it.
pub fn date_value(date: NaiveDate) -> toml_edit::Value {
    let text = date.to_string();
    // Years past 9999 or before 0 are no TOML date: a string then, which check reports.
    text.parse::<toml_edit::Datetime>()
        .map_or_else(|_| toml_edit::Value::from(text), toml_edit::Value::from)
}
