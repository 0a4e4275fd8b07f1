//! The command line: arguments, and what each command does with the library.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use chrono::NaiveDate;

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{EXIT_INVALID, EXIT_IO, EXIT_OK, Error};
use crate::render::{self, Format, Renderer};
use crate::report::{self, CheckFormat, FileReport};
use crate::validate::{Checked, PeriodOverride};
use crate::{coverage, load, output, templates, validate};

/// Turn a TOML log of your work and your company's review rubric into a promotion packet.
#[derive(Debug, Parser)]
#[command(
    name = "promopack",
    version,
    about,
    long_about = None,
    after_help = "Exit codes:\n  0  success\n  1  an input file (packet, rubric, template) has problems; nothing was written\n  2  the command line is wrong, or an output would overwrite an input\n  3  a file or folder could not be read or written"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the promotion packet (Markdown and HTML) from a packet file
    #[command(
        after_help = "Examples:\n  promopack build examples/devrel/packet.toml\n  \
        promopack build packet.toml -o - --format md | less\n  \
        promopack build packet.toml --templates my-templates/"
    )]
    Build(BuildArgs),

    /// Check packets against their rubrics without writing anything: every problem, and how
    /// well each rubric section is covered
    #[command(after_help = "Examples:\n  promopack check packets/*.toml\n  \
        promopack check packet.toml --format github --deny warnings\n  \
        promopack check packet.toml --period 2026-H1")]
    Check(CheckArgs),
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The packet files (TOML)
    #[arg(required = true)]
    pub packets: Vec<PathBuf>,

    /// How to print the problems
    #[arg(long, value_enum, default_value = "human")]
    pub format: CheckFormat,

    /// Treat warnings as problems: exit with 1 when there are any
    #[arg(long, value_name = "warnings", value_parser = ["warnings"])]
    pub deny: Option<String>,

    #[command(flatten)]
    pub period: PeriodArgs,
}

/// Which review period to check against, instead of the one in the packet.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PeriodArgs {
    /// A named review period: a year (`2026`), a half (`2026-H1`) or a quarter (`2026-Q3`)
    #[arg(long, value_parser = parse_period, conflicts_with_all = ["since", "until"])]
    pub period: Option<NamedPeriod>,

    /// First day of the review period (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date)]
    pub since: Option<NaiveDate>,

    /// Last day of the review period (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date)]
    pub until: Option<NaiveDate>,
}

impl PeriodArgs {
    fn to_override(&self) -> Result<PeriodOverride, Error> {
        if let (Some(since), Some(until)) = (self.since, self.until) {
            if until < since {
                return Err(Error::Usage(format!(
                    "`--until {until}` is before `--since {since}`"
                )));
            }
        }
        Ok(self.resolve())
    }

    fn resolve(&self) -> PeriodOverride {
        match &self.period {
            Some(named) => PeriodOverride {
                label: Some(named.label.clone()),
                start: Some(named.start),
                end: Some(named.end),
            },
            None => PeriodOverride {
                label: None,
                start: self.since,
                end: self.until,
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedPeriod {
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date: write it as YYYY-MM-DD"))
}

/// `2026`, `2026-H1`/`2026-H2` or `2026-Q1`..`2026-Q4` as the first and last day of that span.
pub fn parse_period(text: &str) -> Result<NamedPeriod, String> {
    let invalid = || format!("`{text}` is not a period: write `2026`, `2026-H1` or `2026-Q3`");
    let upper = text.trim().to_ascii_uppercase();
    let (year, part) = match upper.split_once('-') {
        Some((year, part)) => (year, Some(part)),
        None => (upper.as_str(), None),
    };
    let year: i32 = year.parse().map_err(|_| invalid())?;
    let (first_month, months) = match part {
        None => (1, 12),
        Some("H1") => (1, 6),
        Some("H2") => (7, 6),
        Some(q) if q.len() == 2 && q.starts_with('Q') => match &q[1..] {
            "1" => (1, 3),
            "2" => (4, 3),
            "3" => (7, 3),
            "4" => (10, 3),
            _ => return Err(invalid()),
        },
        Some(_) => return Err(invalid()),
    };
    let start = NaiveDate::from_ymd_opt(year, first_month, 1).ok_or_else(invalid)?;
    let end = start
        .checked_add_months(chrono::Months::new(months))
        .and_then(|next| next.pred_opt())
        .ok_or_else(invalid)?;
    Ok(NamedPeriod {
        label: upper,
        start,
        end,
    })
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The packet file (TOML)
    pub packet: PathBuf,

    /// Folder to write the packet into, or `-` for standard output (one format only)
    #[arg(short, long, value_name = "OUTDIR", default_value = "out")]
    pub output: PathBuf,

    /// Formats to write, comma-separated
    #[arg(long, value_delimiter = ',', default_value = "md,html")]
    pub format: Vec<Format>,

    /// Folder of templates that override the built-in ones by relative name
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,

    /// Print nothing but errors
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub period: PeriodArgs,
}

/// Runs a command; `Ok` holds the exit code of a command that ran to the end.
pub fn run(cli: Cli) -> Result<i32, Error> {
    match cli.command {
        Command::Build(args) => build(&args).map(|()| EXIT_OK),
        Command::Check(args) => check(&args),
    }
}

fn check(args: &CheckArgs) -> Result<i32, Error> {
    let period = args.period.to_override()?;
    let mut unreadable = false;
    let reports: Vec<FileReport> = args
        .packets
        .iter()
        .map(|path| {
            let checked = match load::read(path) {
                Ok(source) => validate::packet(&source, &period),
                Err(Error::Invalid(diagnostics)) => Checked {
                    packet: None,
                    diagnostics,
                },
                Err(err) => {
                    unreadable = true;
                    let message = match &err {
                        Error::Read { source, .. } => format!("cannot read the file: {source}"),
                        other => other.to_string(),
                    };
                    Checked {
                        packet: None,
                        diagnostics: vec![Diagnostic::in_file(path, "unreadable", message)],
                    }
                }
            };
            FileReport {
                file: path.clone(),
                coverage: checked.packet.as_ref().map(coverage::rows),
                diagnostics: checked.diagnostics,
            }
        })
        .collect();
    let text = report::render(&reports, args.format);
    let mut stdout = anstream::stdout();
    stdout
        .write_all(text.as_bytes())
        .map_err(|source| Error::Write {
            path: "<stdout>".into(),
            source,
        })?;
    let errors = report::count(&reports, Severity::Error);
    let warnings = report::count(&reports, Severity::Warning);
    Ok(if unreadable {
        EXIT_IO
    } else if errors > 0 || (args.deny.is_some() && warnings > 0) {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}

fn build(args: &BuildArgs) -> Result<(), Error> {
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let to_stdout = args.output == Path::new("-");
    if to_stdout && formats.len() != 1 {
        return Err(Error::Usage(
            "`-o -` writes to standard output, which takes one format: add `--format md` or `--format html`".into(),
        ));
    }

    let renderer = Renderer::new(templates::load(args.templates.as_deref())?)?;
    let source = load::read(&args.packet)?;
    let checked = validate::packet(&source, &args.period.to_override()?);
    let Some(packet) = checked.packet else {
        let mut problems = checked.diagnostics;
        if args.quiet {
            problems.retain(Diagnostic::is_error);
        }
        return Err(Error::Invalid(problems));
    };
    if !args.quiet {
        let mut stderr = anstream::stderr();
        for warning in &checked.diagnostics {
            let _ = writeln!(stderr, "{warning}");
        }
    }
    let rendered = render::render(&packet, &renderer, &formats)?;

    if to_stdout {
        let mut stdout = std::io::stdout().lock();
        for (_, text) in &rendered {
            stdout
                .write_all(text.as_bytes())
                .map_err(|source| Error::Write {
                    path: "<stdout>".into(),
                    source,
                })?;
        }
        return Ok(());
    }

    let stem = output_stem(&packet.person.name, &packet.period.label);
    let inputs: Vec<PathBuf> = [args.packet.clone()]
        .into_iter()
        .chain(packet.rubric_path.clone())
        .chain(renderer.template_files().map(Path::to_path_buf))
        .collect();
    let targets: Vec<(PathBuf, &String)> = rendered
        .iter()
        .map(|(format, text)| {
            (
                args.output.join(format!("{stem}.{}", format.extension())),
                text,
            )
        })
        .collect();
    for (path, _) in &targets {
        output::check_not_input(path, &inputs)?;
    }
    for (path, text) in &targets {
        output::write_atomic(path, text.as_bytes())?;
        if !args.quiet {
            eprintln!("wrote {}", path.display());
        }
    }
    Ok(())
}

/// `zoe-example-fy26`: the person and the period, so packets of a team never collide.
pub fn output_stem(person: &str, period: &str) -> String {
    let parts: Vec<String> = [person, period]
        .iter()
        .map(slug::slugify)
        .filter(|part| !part.is_empty())
        .collect();
    if parts.is_empty() {
        "packet".to_owned()
    } else {
        parts.join("-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_stem_joins_person_and_period_as_a_slug() {
        assert_eq!(output_stem("Zoë Example", "FY26"), "zoe-example-fy26");
        assert_eq!(output_stem("", "!!"), "packet");
    }

    #[test]
    fn named_periods_resolve_to_their_first_and_last_day() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid");
        let cases = [
            ("2026", day(2026, 1, 1), day(2026, 12, 31)),
            ("2026-H1", day(2026, 1, 1), day(2026, 6, 30)),
            ("2026-h2", day(2026, 7, 1), day(2026, 12, 31)),
            ("2026-Q1", day(2026, 1, 1), day(2026, 3, 31)),
            ("2024-Q1", day(2024, 1, 1), day(2024, 3, 31)),
            ("2026-Q3", day(2026, 7, 1), day(2026, 9, 30)),
            ("2026-Q4", day(2026, 10, 1), day(2026, 12, 31)),
        ];
        for (text, start, end) in cases {
            let period = parse_period(text).expect(text);
            assert_eq!((period.start, period.end), (start, end), "{text}");
        }
        for bad in ["26-Q5", "2026-Q5", "2026-H3", "FY26", "", "2026-Q"] {
            assert!(parse_period(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
