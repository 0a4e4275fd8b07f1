//! `promopack add`: log an activity as it happens, keeping the packet file as it was written.

use std::io::Write as _;
use std::path::PathBuf;

use chrono::NaiveDate;
use toml_edit::{Array, InlineTable, Table, value};

use super::ask;
use super::inputs::ReachArgs;
use super::values::KindArg;
use crate::diagnostic::{Code, Diagnostic, Source};
use crate::error::Error;
use crate::packet::model::Kind;
use crate::packet::{self, PeriodOverride, validate};
use crate::{edit, output, read};

#[derive(Debug, Clone, clap::Args)]
pub struct AddArgs {
    /// The packet file to add to
    #[arg(default_value = "packet.toml")]
    pub packet: PathBuf,

    /// What you did, in one line (asked for on a terminal when left out)
    #[arg(long)]
    pub title: Option<String>,

    /// What sort of work it was (asked for on a terminal when left out)
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,

    /// The day it happened (YYYY-MM-DD); today when neither it nor --start is given
    #[arg(long, value_parser = parse_date, conflicts_with_all = ["start", "end"])]
    pub date: Option<NaiveDate>,

    /// First day of work that spans time
    #[arg(long, value_parser = parse_date, requires = "end")]
    pub start: Option<NaiveDate>,

    /// Last day of work that spans time
    #[arg(long, value_parser = parse_date, requires = "start")]
    pub end: Option<NaiveDate>,

    /// A rubric section the activity evidences (repeat for several; asked for on a terminal
    /// when left out)
    #[arg(long = "section", value_name = "ID")]
    pub sections: Vec<String>,

    /// A link to evidence (repeat for several)
    #[arg(long, value_name = "URL")]
    pub evidence: Vec<String>,

    /// A number, as KEY=VALUE (repeat for several), e.g. `attendees=80`
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_metric)]
    pub metric: Vec<(String, f64)>,

    /// A tag (repeat for several)
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,

    /// Markdown: what was done
    #[arg(long)]
    pub summary: Option<String>,

    /// Markdown: what changed because of it
    #[arg(long)]
    pub impact: Option<String>,

    /// The activity's id; a slug of the title when left out
    #[arg(long)]
    pub id: Option<String>,

    /// Print the activity that would be added, and change nothing
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub reach: ReachArgs,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    packet::values::parse_date(text).ok_or_else(|| crate::read::date::explained(text))
}

fn parse_metric(text: &str) -> Result<(String, f64), String> {
    let invalid = || format!("`{text}` is not a metric: write KEY=VALUE, e.g. `attendees=80`");
    let (key, number) = text.split_once('=').ok_or_else(invalid)?;
    let number: f64 = number.trim().parse().map_err(|_| invalid())?;
    let key = key.trim();
    if key.is_empty() || !number.is_finite() {
        return Err(invalid());
    }
    Ok((key.to_owned(), number))
}

/// The `[[activity]]` table the arguments describe, once every required field is there.
fn activity(args: &AddArgs, title: &str, kind: Kind, today: NaiveDate) -> Table {
    let mut table = Table::new();
    if let Some(id) = &args.id {
        table.insert("id", value(id.as_str()));
    }
    table.insert("title", value(title));
    match (args.start, args.end) {
        (Some(start), Some(end)) => {
            table.insert("start", value(edit::date_value(start)));
            table.insert("end", value(edit::date_value(end)));
        }
        _ => {
            table.insert("date", value(edit::date_value(args.date.unwrap_or(today))));
        }
    }
    table.insert("kind", value(kind.id()));
    table.insert(
        "sections",
        value(args.sections.iter().map(String::as_str).collect::<Array>()),
    );
    if let Some(summary) = &args.summary {
        table.insert("summary", value(summary.as_str()));
    }
    if let Some(impact) = &args.impact {
        table.insert("impact", value(impact.as_str()));
    }
    if !args.evidence.is_empty() {
        table.insert(
            "evidence",
            value(args.evidence.iter().map(String::as_str).collect::<Array>()),
        );
    }
    if !args.metric.is_empty() {
        let mut metrics = InlineTable::new();
        for (key, number) in &args.metric {
            let number = if number.fract() == 0.0 && number.abs() < 9e15 {
                toml_edit::Value::from(*number as i64)
            } else {
                toml_edit::Value::from(*number)
            };
            metrics.insert(key, number);
        }
        table.insert("metrics", value(metrics));
    }
    if !args.tag.is_empty() {
        table.insert(
            "tags",
            value(args.tag.iter().map(String::as_str).collect::<Array>()),
        );
    }
    table
}

pub fn run(args: &AddArgs) -> Result<(), Error> {
    let reach = args.reach.reach()?;
    super::inputs::packet_file(&args.packet, "add")?;
    let source = read::read(&args.packet)?;
    let file = edit::File::parse(&source)?;
    let args = &complete(args, &source)?;
    let kind = args.kind.map(|k| k.0);
    let (Some(title), Some(kind)) = (args.title.as_deref(), kind) else {
        return Err(ask::missing_error(&ask::missing(
            args.title.as_deref(),
            kind,
            &args.sections,
        )));
    };
    let today = chrono::Local::now().date_naive();
    let table = activity(args, title, kind, today);

    let block = edit::block([table.clone()]);
    // Every byte of the file stays as written: only the new table is added, after the last
    // activity, in the file's line endings.
    let text = file.with([table], &args.packet)?;

    // The packet with the new activity must be valid before it is written.
    let loaded = packet::load_source_reaching(Source::new(&args.packet, text.as_str()), &reach);
    let checked = validate::packet(loaded, &PeriodOverride::default()).limits_as_warnings();
    if checked.packet.is_none() {
        // Only what stops it: the warnings are the packet's own business, for `check`. The
        // lines are those of the packet with the activity added, as the file would be.
        let mut errors = checked.diagnostics;
        errors.retain(Diagnostic::is_error);
        return Err(Error::Invalid(errors));
    }
    if args.dry_run {
        return output::print(&block);
    }
    output::write_atomic(&args.packet, text.as_bytes())?;
    let mut stderr = anstream::stderr();
    // What the new activity makes too long for the review tool's text box, to trim in time.
    for limit in checked
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::OverLimit)
    {
        let _ = writeln!(stderr, "{limit}");
    }
    let _ = writeln!(stderr, "added `{title}` to {}", args.packet.display());
    Ok(())
}

/// The arguments with the required fields that were left out asked for on the terminal, or a
/// usage error naming them when no one can be asked.
fn complete(args: &AddArgs, packet: &Source) -> Result<AddArgs, Error> {
    let missing = ask::missing(
        args.title.as_deref(),
        args.kind.map(|k| k.0),
        &args.sections,
    );
    if missing.is_empty() {
        return Ok(args.clone());
    }
    if !ask::can_ask() {
        return Err(ask::missing_error(&missing));
    }
    // The questions offer the rubric's sections: the packet must name one that can be read.
    let loaded = packet::load_source_reaching(packet.clone(), &args.reach.reach()?);
    let Some(rubric) = loaded.rubric else {
        let mut problems = loaded.problems;
        problems.extend(loaded.rubric_problems);
        return Err(Error::Invalid(problems));
    };
    let answers = ask::ask(&ask::questions(&missing, &rubric))?;
    let mut args = args.clone();
    args.title = args
        .title
        .filter(|t| !t.trim().is_empty())
        .or(answers.title);
    args.kind = args.kind.or(answers.kind.map(KindArg));
    if args.sections.is_empty() {
        args.sections = answers.sections;
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_are_key_equals_number() {
        assert_eq!(parse_metric("attendees=80"), Ok(("attendees".into(), 80.0)));
        assert_eq!(parse_metric("nps = 4.5"), Ok(("nps".into(), 4.5)));
        for bad in ["attendees", "=3", "a=b", "a=nan"] {
            assert!(parse_metric(bad).is_err(), "{bad}");
        }
    }
}
