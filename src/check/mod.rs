//! `promopack check` output: for people, for scripts (JSON), for GitHub Actions and for
//! code-scanning dashboards (SARIF).

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;
use serde_json::json;

use crate::diagnostic::{Diagnostic, Severity, printable};
use crate::links;
use crate::packet::coverage::{Row, Status};

/// The version of the JSON output's shape; it changes only when a field is removed or renamed.
pub const JSON_VERSION: u32 = 1;

/// What `check` found in one packet file.
#[derive(Debug, Serialize)]
pub struct FileReport {
    pub file: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
    /// Absent when the packet could not be checked far enough to know its coverage.
    pub coverage: Option<Vec<Row>>,
    /// The checks that were skipped or ran on part of the packet, and why (human output).
    #[serde(skip)]
    pub notes: Vec<String>,
}

impl FileReport {
    /// The report of the packet `file`: its problems in file and line order, the packet's own
    /// first (see `diagnostic::sort`), in every format.
    pub fn new(
        file: PathBuf,
        mut diagnostics: Vec<Diagnostic>,
        coverage: Option<Vec<Row>>,
        notes: Vec<String>,
    ) -> Self {
        crate::diagnostic::sort(&mut diagnostics, Some(&file));
        Self {
            file,
            diagnostics,
            coverage,
            notes,
        }
    }
}

/// How `check` prints what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckFormat {
    /// Messages and a coverage table, for people.
    Human,
    /// One JSON document, for scripts.
    Json,
    /// GitHub Actions workflow commands.
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

pub fn count(reports: &[FileReport], severity: Severity) -> usize {
    reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .filter(|d| d.severity() == severity)
        .count()
}

pub fn render(reports: &[FileReport], format: CheckFormat) -> String {
    render_with_links(reports, format, None)
}

/// The report, with what `check --links` did with the links when it ran: a line for people,
/// `summary.links` in JSON, the run's `properties.links` in SARIF.
pub fn render_with_links(
    reports: &[FileReport],
    format: CheckFormat,
    links: Option<&links::Summary>,
) -> String {
    match format {
        CheckFormat::Human => human(reports, links),
        CheckFormat::Json => json(reports, links),
        CheckFormat::Github => github(reports, links),
        CheckFormat::Sarif => sarif(reports, links),
    }
}

/// Each report's diagnostics but those an earlier report already has: packets that share a
/// rubric or an included file share its problems, which are shown once.
fn first_seen(reports: &[FileReport]) -> Vec<Vec<&Diagnostic>> {
    let mut earlier: HashSet<&Diagnostic> = HashSet::new();
    reports
        .iter()
        .map(|r| {
            let shown = r
                .diagnostics
                .iter()
                .filter(|d| !earlier.contains(d))
                .collect();
            earlier.extend(&r.diagnostics);
            shown
        })
        .collect()
}

fn human(reports: &[FileReport], links: Option<&links::Summary>) -> String {
    let mut out = String::new();
    let shown = first_seen(reports);
    for (report, diagnostics) in reports.iter().zip(&shown) {
        for diagnostic in diagnostics {
            let _ = writeln!(out, "{diagnostic}");
        }
        for note in &report.notes {
            let file = report.file.display().to_string();
            let _ = writeln!(out, "note: {}: {}", printable(&file), printable(note));
        }
        if let Some(rows) = &report.coverage {
            let _ = writeln!(
                out,
                "coverage of {}:",
                printable(&report.file.display().to_string())
            );
            out.push_str(&coverage_table(rows));
            out.push('\n');
        }
    }
    if let Some(links) = links {
        let _ = writeln!(out, "{}", links.line());
    }
    let (errors, warnings, notes) = (
        count(reports, Severity::Error),
        count(reports, Severity::Warning),
        count(reports, Severity::Note),
    );
    let files = reports.len();
    let _ = write!(
        out,
        "checked {files} {}: {errors} {}, {warnings} {}",
        plural(files, "file", "files"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    );
    if notes > 0 {
        let _ = write!(out, ", {notes} {}", plural(notes, "note", "notes"));
    }
    let repeats = errors + warnings + notes - shown.iter().flatten().count();
    if repeats > 0 {
        let _ = write!(
            out,
            " ({repeats} {} of problems in shared files not shown again)",
            plural(repeats, "repeat", "repeats")
        );
    }
    out.push('\n');
    out
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// The coverage table as aligned plain text. An `items` column (evidenced of all) is added
/// only when some section's expectation is a list of items, so other tables stay as they were.
pub fn coverage_table(rows: &[Row]) -> String {
    let names: Vec<_> = rows.iter().map(|r| printable(&r.name)).collect();
    let width = names
        .iter()
        .map(|name| name.chars().count())
        .max()
        .unwrap_or(0)
        .max(7);
    let itemized = rows.iter().any(|r| !r.items.is_empty());
    let items = |row: &Row| {
        if itemized {
            let count = if row.items.is_empty() {
                "-".to_owned()
            } else {
                format!("{}/{}", row.items_evidenced.unwrap_or(0), row.items.len())
            };
            format!("  {count:>5}")
        } else {
            String::new()
        }
    };
    let mut out = format!(
        "  {:<width$}  {:>10}  {:>8}  {:>7}{}  status\n",
        "section",
        "activities",
        "evidence",
        "metrics",
        if itemized { "  items" } else { "" },
    );
    for (row, name) in rows.iter().zip(&names) {
        let _ = writeln!(
            out,
            "  {:<width$}  {:>10}  {:>8}  {:>7}{}  {}",
            name,
            row.activities,
            row.evidence,
            row.metrics,
            items(row),
            row.status.as_str()
        );
    }
    // Each item of an itemized section that no activity names, under the table.
    for row in rows {
        for item in row.items.iter().filter(|i| i.status == Status::Missing) {
            let _ = writeln!(
                out,
                "  missing item: {}#{}  {}",
                printable(&row.id),
                printable(&item.id),
                printable(&item.text)
            );
        }
    }
    out
}

fn json(reports: &[FileReport], links: Option<&links::Summary>) -> String {
    let mut value = json!({
        "version": JSON_VERSION,
        "files": reports,
        "summary": {
            "files": reports.len(),
            "errors": count(reports, Severity::Error),
            "warnings": count(reports, Severity::Warning),
        },
    });
    if let Some(links) = links {
        value["summary"]["notes"] = json!(count(reports, Severity::Note));
        value["summary"]["links"] = json!(links);
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// `::error file=F,line=L,col=C,title=T::message`, escaped as the workflow-command syntax asks.
fn github(reports: &[FileReport], links: Option<&links::Summary>) -> String {
    let mut out = String::new();
    for diagnostic in first_seen(reports).into_iter().flatten() {
        let mut properties = vec![format!(
            "file={}",
            escape_property(&diagnostic.file.display().to_string())
        )];
        if let Some(location) = &diagnostic.location {
            properties.push(format!("line={}", location.line));
            properties.push(format!("col={}", location.column));
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!("promopack {}", diagnostic.code))
        ));
        let mut message = diagnostic.message.clone();
        if let Some(hint) = &diagnostic.hint {
            message.push('\n');
            message.push_str(hint);
        }
        // The runner's word for a note is `notice`.
        let command = match diagnostic.severity() {
            Severity::Note => "notice",
            other => other.as_str(),
        };
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            escape_data(&message)
        );
    }
    // A plain line, which the runner shows in the job's log.
    if let Some(links) = links {
        let _ = writeln!(out, "promopack {}", links.line());
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn sarif(reports: &[FileReport], links: Option<&links::Summary>) -> String {
    let diagnostics: Vec<&Diagnostic> = reports.iter().flat_map(|r| &r.diagnostics).collect();
    let rules: BTreeMap<&str, ()> = diagnostics.iter().map(|d| (d.code.name(), ())).collect();
    let results: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(hint) = &d.hint {
                text.push_str(&format!(" ({hint})"));
            }
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": d.file.display().to_string().replace('\\', "/") },
                }
            });
            if let Some(at) = &d.location {
                location["physicalLocation"]["region"] =
                    json!({ "startLine": at.line, "startColumn": at.column });
            }
            json!({
                "ruleId": d.code,
                "level": d.severity().as_str(),
                "message": { "text": text },
                "locations": [location],
            })
        })
        .collect();
    let mut value = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "promopack",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules.keys().map(|id| json!({ "id": id })).collect::<Vec<_>>(),
                }
            },
            "results": results,
        }],
    });
    if let Some(links) = links {
        value["runs"][0]["properties"] = json!({ "links": links });
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_workflow_command_data_and_properties() {
        assert_eq!(escape_data("100%\nnext"), "100%25%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
