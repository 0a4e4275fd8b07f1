//! `promopack check`: every problem of many packets, and their coverage, without writing.

use std::path::PathBuf;

use rayon::prelude::*;

use super::inputs::packet_files;
use super::period::PeriodArgs;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{EXIT_INVALID, EXIT_IO, EXIT_OK, Error};
use crate::report::{self, CheckFormat, FileReport};
use crate::validate::Checked;
use crate::{coverage, load, validate};

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Packet files (TOML), or folders to check every packet under
    #[arg(required = true, value_name = "PACKET")]
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

/// Checks every packet, prints the report, and says which exit code it earns.
pub fn run(args: &CheckArgs) -> Result<i32, Error> {
    let period = args.period.to_override()?;
    let packets = packet_files(&args.packets)?;
    let reports: Vec<FileReport> = packets
        .par_iter()
        .map(|path| {
            let checked = match load::read(path) {
                Ok(source) => validate::packet(&source, &period),
                Err(Error::Invalid(diagnostics)) => Checked {
                    packet: None,
                    diagnostics,
                },
                Err(err) => {
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
    crate::output::print(&report::render(&reports, args.format))?;
    let errors = report::count(&reports, Severity::Error);
    let warnings = report::count(&reports, Severity::Warning);
    let unreadable = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.code == "unreadable");
    Ok(if unreadable {
        EXIT_IO
    } else if errors > 0 || (args.deny.is_some() && warnings > 0) {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}
