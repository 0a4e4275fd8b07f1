//! `promopack import`: draft activities from git history or a blog feed into a draft file.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::PeriodArgs;
use super::inputs::ReachArgs;
use crate::diagnostic::suggest;
use crate::error::{EXIT_OK, Error};
use crate::import::{self, DraftFile, Known, PacketInfo, feed, git};
use crate::packet::period::Days;

#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// Draft activities from a local git history: one per merged pull request, other commits
    /// by week
    #[command(
        after_help = "Examples:\n  promopack import git --author pat@example.com\n  \
        promopack import git . --author pat@example.com --since 2026-01-01 -o drafts.toml\n  \
        promopack import git --author pat@example.com --packet packet.toml --dry-run"
    )]
    Git(GitArgs),

    /// Draft blog-post activities from a local RSS, Atom or JSON feed file
    #[command(after_help = "Examples:\n  promopack import feed feed.xml\n  \
        promopack import feed atom.xml --packet packet.toml --since 2026-01-01\n  \
        promopack import feed feed.xml --dry-run")]
    Feed(FeedArgs),
}

#[derive(Debug, clap::Args)]
pub struct GitArgs {
    /// The repository, or any folder inside it
    #[arg(default_value = ".")]
    pub repo: PathBuf,

    /// Your commit email: only commits you wrote are drafted (letter case does not matter)
    #[arg(long, value_name = "EMAIL")]
    pub author: String,

    #[command(flatten)]
    pub period: PeriodArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, clap::Args)]
pub struct FeedArgs {
    /// The feed file (RSS, Atom or JSON Feed), saved from your blog
    pub file: PathBuf,

    #[command(flatten)]
    pub period: PeriodArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// Where drafts go, and what they must not repeat.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// The packet the drafts are for: what it (and what it includes) already holds is not
    /// drafted again, and its review period is the default range; `packet.toml` in the current
    /// folder when there is one
    #[arg(long, value_name = "FILE")]
    pub packet: Option<PathBuf>,

    /// The draft file to add to; default: `drafts.toml` next to the packet, or in the current
    /// folder without one
    #[arg(
        short = 'o',
        long = "output",
        visible_alias = "out",
        value_name = "FILE"
    )]
    pub out: Option<PathBuf>,

    /// Print the drafts that would be added, and change nothing
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub reach: ReachArgs,
}

pub fn run(command: &ImportCommand) -> Result<i32, Error> {
    match command {
        ImportCommand::Git(args) => git(args),
        ImportCommand::Feed(args) => feed(args),
    }
    .map(|()| EXIT_OK)
}

/// What every import needs before it drafts: the sources already imported, the draft file,
/// the rubric's sections and the range of days.
struct Setup {
    known: Known,
    file: DraftFile,
    sections: Vec<String>,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
}

fn setup(output: &OutputArgs, period: &PeriodArgs) -> Result<Setup, Error> {
    let over = period.to_override()?;
    let default_packet = Path::new("packet.toml");
    let packet = match &output.packet {
        Some(path) => Some(path.clone()),
        None => default_packet
            .is_file()
            .then(|| default_packet.to_path_buf()),
    };
    let mut known = Known::default();
    let info = match &packet {
        Some(path) => import::read_packet(path, &over, &output.reach.reach()?, &mut known)?,
        None => PacketInfo::without_packet(&over),
    };
    let out = match (&output.out, &packet) {
        (Some(out), _) => out.clone(),
        (None, Some(packet)) => packet.with_file_name("drafts.toml"),
        (None, None) => PathBuf::from("drafts.toml"),
    };
    info.check_draft_file(&out)?;
    let file = DraftFile::open(&out, &mut known)?;
    let (since, until) = info.range;
    Days::bounded(since, until).map_err(|backwards| {
        Error::Usage(format!(
            "the range to import {backwards}: check `--since`, `--until` and the packet's `[period]`"
        ))
    })?;
    Ok(Setup {
        known,
        file,
        sections: info.sections,
        since,
        until,
    })
}

/// Writes the plan, saying on standard error what was left out and then what was done.
fn write(plan: &import::Plan, setup: &Setup, dry_run: bool) -> Result<(), Error> {
    for warning in &plan.warnings {
        eprintln!("warning: {warning}");
    }
    let done = import::write(plan, &setup.file, &setup.sections, dry_run)?;
    eprintln!("{done}");
    Ok(())
}

fn git(args: &GitArgs) -> Result<(), Error> {
    let author = args.author.trim();
    if author.is_empty() {
        return Err(Error::Usage(
            "`--author` is empty: give the email of your commits".into(),
        ));
    }
    let setup = setup(&args.output, &args.period)?;
    let (commits, forge) = git::read(&args.repo)?;
    let query = git::Query {
        author: author.to_owned(),
        since: setup.since,
        until: setup.until,
        forge,
    };
    let mut plan = git::plan(&commits, &query, &setup.known);
    let authors = git::authors(&commits);
    if !authors.iter().any(|a| a.eq_ignore_ascii_case(author)) {
        let hint = match suggest::closest(
            &author.to_ascii_lowercase(),
            authors.iter().map(String::as_str),
        ) {
            Some(best) => format!(": did you mean `{best}`?"),
            None => String::new(),
        };
        plan.warnings.push(format!(
            "no commit in `{}` is by `{author}`{hint}",
            args.repo.display()
        ));
    }
    write(&plan, &setup, args.output.dry_run)
}

fn feed(args: &FeedArgs) -> Result<(), Error> {
    let mut setup = setup(&args.output, &args.period)?;
    let entries = feed::read(&args.file)?;
    let plan = feed::plan(&entries, setup.since, setup.until, &mut setup.known);
    write(&plan, &setup, args.output.dry_run)
}
