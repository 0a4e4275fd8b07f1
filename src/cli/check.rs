//! `promopack check`: every problem of many packets, and their coverage, without writing.

use std::path::PathBuf;

use rayon::prelude::*;

use super::inputs::{ReachArgs, packet_files};
use super::period::PeriodArgs;
use super::values::CheckFormatArg;
use crate::check::{self, FileReport};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::error::{EXIT_INVALID, EXIT_IO, EXIT_OK, Error};
use crate::packet::{self, Checked, coverage, validate};

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Packet files (TOML), or folders to check every packet under [default: packet.toml]
    #[arg(value_name = "PACKET")]
    pub packets: Vec<PathBuf>,

    /// How to print the problems
    #[arg(long, value_enum, default_value = "human")]
    pub format: CheckFormatArg,

    /// Treat warnings as problems: exit with 1 when there are any
    #[arg(long, value_name = "warnings", value_parser = ["warnings"])]
    pub deny: Option<String>,

    #[command(flatten)]
    pub period: PeriodArgs,

    #[command(flatten)]
    pub reach: ReachArgs,
}

/// Checks every packet, prints the report, and says which exit code it earns.
pub fn run(args: &CheckArgs) -> Result<i32, Error> {
    let period = args.period.to_override()?;
    let reach = args.reach.reach()?;
    let packets = packet_files(&args.packets, "check")?;
    let checked: Vec<(FileReport, bool)> = packets
        .par_iter()
        .map(|path| {
            let mut unreadable = false;
            let checked = match packet::load_reaching(path, &reach) {
                Ok(loaded) => validate::packet(loaded, &period),
                Err(Error::Invalid(diagnostics)) => Checked::only(diagnostics),
                Err(err) => {
                    let message = match &err {
                        Error::Read { .. } => format!("cannot read the file: {}", err.reason()),
                        other => other.to_string(),
                    };
                    unreadable = true;
                    Checked::only(vec![Diagnostic::in_file(path, Code::Unreadable, message)])
                }
            };
            // With errors, the coverage of what passed: the notes say it is partial.
            let coverage = checked.model().map(coverage::rows);
            let report =
                FileReport::new(path.clone(), checked.diagnostics, coverage, checked.notes);
            (report, unreadable)
        })
        .collect();
    let unreadable = checked.iter().any(|(_, unreadable)| *unreadable);
    let reports: Vec<FileReport> = checked.into_iter().map(|(report, _)| report).collect();
    crate::output::print(&check::render(&reports, args.format.into()))?;
    let errors = check::count(&reports, Severity::Error);
    let warnings = check::count(&reports, Severity::Warning);
    Ok(if unreadable {
        EXIT_IO
    } else if errors > 0 || (args.deny.is_some() && warnings > 0) {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}
