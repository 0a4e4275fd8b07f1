//! `promopack check`: every problem of many packets, and their coverage, without writing.

use std::path::PathBuf;

use rayon::prelude::*;

use super::inputs::{ReachArgs, packet_files};
use super::links::LinkArgs;
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

    #[command(flatten)]
    pub links: LinkArgs,
}

/// One packet, checked: its report but for the links, and the links it gives.
struct Packet {
    path: PathBuf,
    checked: Checked,
    coverage: Option<Vec<coverage::Row>>,
    unreadable: bool,
    #[cfg(feature = "links")]
    links: crate::links::Sites,
}

/// Checks every packet, prints the report, and says which exit code it earns.
pub fn run(args: &CheckArgs) -> Result<i32, Error> {
    let period = args.period.to_override()?;
    let reach = args.reach.reach()?;
    let link_options = args.links.options()?;
    // `--links fresh` makes `fresh` a packet: say how it was meant.
    if args.links.links.is_some()
        && let Some(fresh) = args
            .packets
            .iter()
            .find(|path| path.as_os_str() == "fresh" && !path.exists())
    {
        return Err(Error::Usage(format!(
            "there is no packet `{}`: to ask again about links the cache knows, write \
             `--links=fresh`, with `=`",
            fresh.display()
        )));
    }
    let packets = packet_files(&args.packets, "check")?;
    let checked: Vec<Packet> = packets
        .par_iter()
        .map(|path| {
            let mut unreadable = false;
            #[cfg(feature = "links")]
            let mut links = crate::links::Sites::default();
            let checked = match packet::load_reaching(path, &reach) {
                Ok(loaded) => {
                    #[cfg(feature = "links")]
                    if link_options.is_some() {
                        links = crate::links::sites(&loaded);
                    }
                    validate::packet(loaded, &period)
                }
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
            Packet {
                path: path.clone(),
                checked,
                coverage,
                unreadable,
                #[cfg(feature = "links")]
                links,
            }
        })
        .collect();
    let unreadable = checked.iter().any(|packet| packet.unreadable);
    let (mut found, summary) = link_findings(&checked, link_options);
    let reports: Vec<FileReport> = checked
        .into_iter()
        .enumerate()
        .map(|(at, packet)| {
            let mut diagnostics = packet.checked.diagnostics;
            if let Some(more) = found.get_mut(at) {
                diagnostics.append(more);
            }
            FileReport::new(
                packet.path,
                diagnostics,
                packet.coverage,
                packet.checked.notes,
            )
        })
        .collect();
    let report = check::render_with_links(&reports, args.format.into(), summary.as_ref());
    crate::output::print(&report)?;
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

/// What `--links` found in each packet, and the summary; nothing without `--links`. Trouble
/// with the cache is a warning on stderr: it costs requests, not the check.
#[cfg(feature = "links")]
fn link_findings(
    packets: &[Packet],
    options: Option<crate::links::Options>,
) -> (Vec<Vec<Diagnostic>>, Option<crate::links::Summary>) {
    use std::io::Write as _;
    let Some(options) = options else {
        return (Vec::new(), None);
    };
    let sites: Vec<&crate::links::Sites> = packets.iter().map(|p| &p.links).collect();
    let found = crate::links::check(&sites, &options);
    let mut stderr = anstream::stderr();
    for warning in &found.warnings {
        let _ = writeln!(stderr, "warning: {}", crate::diagnostic::printable(warning));
    }
    (found.diagnostics, Some(found.summary))
}

#[cfg(not(feature = "links"))]
fn link_findings(
    _: &[Packet],
    _: Option<std::convert::Infallible>,
) -> (Vec<Vec<Diagnostic>>, Option<crate::links::Summary>) {
    (Vec::new(), None)
}
