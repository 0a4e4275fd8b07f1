//! Drafts and the draft file they go to: one `[[activity]]` table per draft, appended with
//! every comment and layout of the file kept.

use std::path::{Path, PathBuf};

use toml_edit::{Array, InlineTable, Table, value};

use super::Known;
use crate::diagnostic::Source;
use crate::error::Error;
use crate::packet::model::{Kind, When};
use crate::packet::raw::RawActivityFile;
use crate::read;

/// One activity drafted from a source, for the person to curate.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub title: String,
    pub when: When,
    pub kind: Kind,
    /// Markdown; empty for none.
    pub summary: String,
    pub evidence: Vec<DraftEvidence>,
}

/// Where a draft came from, written as its evidence so a later import can recognise it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftEvidence {
    pub url: Option<String>,
    pub label: Option<String>,
}

impl DraftEvidence {
    pub fn link(url: impl Into<String>) -> Self {
        DraftEvidence {
            url: Some(url.into()),
            label: None,
        }
    }

    pub fn label(label: impl Into<String>) -> Self {
        DraftEvidence {
            url: None,
            label: Some(label.into()),
        }
    }
}

/// The draft file as read, or a new one.
pub struct DraftFile {
    pub path: PathBuf,
    /// None for a file not made yet.
    file: Option<crate::edit::File>,
}

impl DraftFile {
    /// Reads the draft file at `path` if there is one, adding the sources it holds to `known`.
    pub fn open(path: &Path, known: &mut Known) -> Result<Self, Error> {
        if !path.exists() {
            return Ok(DraftFile {
                path: path.to_path_buf(),
                file: None,
            });
        }
        let source: Source = read::read(path)?;
        let file: RawActivityFile = read::parse(&source).map_err(|d| Error::Invalid(vec![d]))?;
        known.add_activities(file.activities.iter().map(|a| a.get_ref()));
        Ok(DraftFile {
            path: path.to_path_buf(),
            file: Some(crate::edit::File::parse(&source)?),
        })
    }

    /// The whole file with `drafts` appended after its last activity, every byte of the file
    /// as it was kept (see `edit::File::with`); a new file starts with a header saying what it
    /// is.
    pub fn with(&self, drafts: &[Draft], sections: &[String]) -> Result<String, Error> {
        let tables = drafts.iter().map(table);
        match &self.file {
            Some(file) => file.with(tables, &self.path),
            None => Ok(format!(
                "{}\n{}",
                header(sections),
                crate::edit::block(tables).trim_start()
            )),
        }
    }
}

/// The comment a new draft file starts with.
fn header(sections: &[String]) -> String {
    let mut text = String::from(
        "# Drafts made by `promopack import`: curate them before they count.\n\
         # Give each one its `sections`, a summary and the impact worth telling, delete what is\n\
         # not worth it, then move the tables into your packet or add this file to its `include`.\n\
         # The evidence of each draft says where it came from (commit ids, feed entry links):\n\
         # importing again skips what is already here or in the packet, so keep it.\n",
    );
    if !sections.is_empty() {
        let ids: Vec<String> = sections.iter().map(|id| format!("\"{id}\"")).collect();
        text.push_str(&wrap_comment(
            "Sections of the packet's rubric: ",
            &ids.join(", "),
        ));
    }
    text
}

/// `prefix` and `list` as comment lines of at most about 96 characters.
fn wrap_comment(prefix: &str, list: &str) -> String {
    let mut text = String::new();
    let mut line = format!("# {prefix}");
    for word in list.split(' ') {
        if line.len() + word.len() > 96 && line.len() > 2 {
            text.push_str(line.trim_end());
            text.push('\n');
            line = String::from("#   ");
        }
        line.push_str(word);
        line.push(' ');
    }
    text.push_str(line.trim_end());
    text.push('\n');
    text
}

/// The `[[activity]]` table of a draft: `sections` is left empty for the person to fill.
pub fn table(draft: &Draft) -> Table {
    let mut table = Table::new();
    table.insert("title", value(draft.title.as_str()));
    match draft.when {
        When::Day(day) => {
            table.insert("date", value(crate::edit::date_value(day)));
        }
        When::Span(start, end) => {
            table.insert("start", value(crate::edit::date_value(start)));
            table.insert("end", value(crate::edit::date_value(end)));
        }
    }
    table.insert("kind", value(draft.kind.id()));
    table.insert("sections", value(Array::new()));
    if !draft.summary.is_empty() {
        table.insert("summary", value(draft.summary.as_str()));
    }
    let mut evidence = Array::new();
    for item in &draft.evidence {
        match (&item.url, &item.label) {
            (Some(url), None) => evidence.push(url.as_str()),
            (url, label) => {
                let mut inline = InlineTable::new();
                if let Some(url) = url {
                    inline.insert("url", url.as_str().into());
                }
                if let Some(label) = label {
                    inline.insert("label", label.as_str().into());
                }
                evidence.push(inline);
            }
        }
    }
    // One item per line: a week of commits is a long list.
    if evidence.len() > 1 {
        for item in evidence.iter_mut() {
            item.decor_mut().set_prefix("\n  ");
        }
        evidence.set_trailing("\n");
        evidence.set_trailing_comma(true);
    }
    table.insert("evidence", value(evidence));
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(text: &str) -> NaiveDate {
        crate::packet::values::parse_date(text).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn a_draft_is_an_activity_with_empty_sections() {
        let draft = Draft {
            title: "Shipped it".into(),
            when: When::Span(day("2026-03-02"), day("2026-03-05")),
            kind: Kind::Project,
            summary: String::new(),
            evidence: vec![
                DraftEvidence::label("commit abc1234"),
                DraftEvidence::link("https://x.example"),
            ],
        };
        assert_eq!(
            crate::edit::block([table(&draft)]),
            "[[activity]]\ntitle = \"Shipped it\"\nstart = 2026-03-02\nend = 2026-03-05\n\
             kind = \"project\"\nsections = []\nevidence = [\n  { label = \"commit abc1234\" },\n  \
             \"https://x.example\",\n]\n"
        );
    }

    #[test]
    fn a_new_draft_file_says_what_it_is_and_lists_the_sections() {
        let text = header(&["writing".into(), "teaching".into()]);
        assert!(
            text.starts_with("# Drafts made by `promopack import`"),
            "{text}"
        );
        assert!(text.ends_with("# Sections of the packet's rubric: \"writing\", \"teaching\"\n"));
        assert!(
            text.lines()
                .all(|line| line.starts_with('#') && line.len() <= 100)
        );
    }
}
