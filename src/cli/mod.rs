//! The command line: arguments, and what each command does with the library.

mod add;
mod ask;
mod build;
mod carry;
mod check;
mod import;
mod init;
mod inputs;
mod links;
mod period;
mod tools;
mod values;
mod watch;

use clap::{Parser, Subcommand};

pub use build::{BuildArgs, output_stem};
pub use check::CheckArgs;
pub use period::{NamedPeriod, PeriodArgs, parse_period};

use crate::error::{EXIT_OK, Error};

/// The everyday path, shown by `promopack --help` and by `promopack` alone.
const WORKFLOW: &str = "\
Workflow:
  promopack init my-case        start a packet: my-case/packet.toml, commented, builds at once
  cd my-case
  promopack add --title ...     log an activity (or edit packet.toml: every key is explained)
  promopack check               every problem, and how well each rubric section is covered
  promopack build               write out/*.md and out/*.html
  promopack build --watch       build again on every save; Ctrl-C stops
  promopack check --format github --deny warnings   in CI, to annotate a pull request
Run `promopack COMMAND --help` for a command's options and examples.

Exit codes:
    0  success
    1  an input file (packet, rubric, template) has problems; nothing was written
    2  the command line is wrong, no packet is where one is expected, or an output is an input
    3  a file or folder could not be read or written, or `--format pdf` found no browser
  130  interrupted; outputs staged so far were removed";

/// Turn a TOML log of your work and your company's review rubric into a promotion packet.
#[derive(Debug, Parser)]
#[command(
    name = "promopack",
    version,
    about,
    long_about = None,
    arg_required_else_help = true,
    after_help = WORKFLOW,
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the promotion packet from packet files: Markdown and HTML by default, or text and PDF
    #[command(after_help = "Examples:\n  \
        promopack build                              # packet.toml here, into out/\n  \
        promopack build --watch                      # and again on every save, until Ctrl-C\n  \
        promopack build examples/ -o packets/        # every packet under a folder\n  \
        promopack build -o - --format md | less\n  \
        promopack build examples/devrel/packet.toml --period 2026-Q1   # only that quarter\n  \
        promopack build --layout short --format txt -o -   # the self-evaluation, to paste\n  \
        promopack build --templates examples/custom-company/templates")]
    Build(BuildArgs),

    /// Check packets against their rubrics without writing anything: every problem, and how
    /// well each rubric section is covered
    #[command(after_help = "Examples:\n  \
        promopack check                              # packet.toml here\n  \
        promopack check examples/ --format github    # every packet under a folder, for CI\n  \
        promopack check examples/devrel/packet.toml --deny warnings\n  \
        promopack check examples/devrel/packet.toml --period 2026-H1   # only the first half")]
    Check(CheckArgs),

    /// Log an activity: append it to a packet, keeping the file's comments and layout
    #[command(after_help = "Examples:\n  \
        promopack add --title \"Meetup talk on webhooks\" --kind talk --section speaking \\\n      \
        --evidence https://meetup.example.org/e/1 --metric attendees=80 --tag external\n  \
        promopack add examples/devrel/packet.toml --title \"API reference sprint\" --kind docs \\\n      \
        --start 2026-03-02 --end 2026-03-06 --section documentation --dry-run\n  \
        promopack add --evidence https://blog.example.com/post   # on a terminal: asks for the rest")]
    Add(add::AddArgs),

    /// Draft activities from git history or a blog feed into a draft file, to curate
    #[command(subcommand)]
    Import(import::ImportCommand),

    /// Start a packet: write a commented packet.toml that builds at once, or the next
    /// period's from the last one's
    #[command(after_help = "Examples:\n  promopack init\n  \
        promopack init my-case --rubric software-engineer\n  \
        promopack init other-case --rubric examples/engineer/rubric.toml\n  \
        promopack init next-year --from examples/devrel/packet.toml   # the next period")]
    Init(init::InitArgs),

    /// List or export the built-in templates, to customize the packet's look
    #[command(subcommand)]
    Templates(tools::TemplatesCommand),

    /// List, show, export the built-in rubrics, or check a company rubric
    #[command(subcommand)]
    Rubric(tools::RubricCommand),

    /// Print the JSON Schema of packet or rubric files, for editor completion and checks
    #[command(
        after_help = "Examples:\n  promopack schema packet > packet.schema.json\n  \
        promopack schema rubric > rubric.schema.json"
    )]
    Schema {
        /// Which file's schema to print
        #[arg(value_enum)]
        kind: tools::SchemaKind,
    },

    /// Print a shell completion script
    #[command(after_help = "Examples:\n  source <(promopack completions bash)\n  \
        promopack completions zsh > ~/.zfunc/_promopack\n  \
        promopack completions fish > ~/.config/fish/completions/promopack.fish")]
    Completions {
        /// The shell to complete in
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the man page, or write one page per command into a folder
    #[command(after_help = "Examples:\n  promopack man | man -l -\n  promopack man -o man/")]
    Man {
        /// Write promopack.1 and a page for every command and subcommand (promopack-import-git.1)
        /// into DIR instead of printing
        #[arg(short = 'o', long, visible_alias = "output", value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
    },
}

/// Runs a command; `Ok` holds the exit code of a command that ran to the end.
pub fn run(cli: Cli) -> Result<i32, Error> {
    match cli.command {
        Command::Build(args) if args.watch => watch::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Init(args) => init::run(&args).map(|()| EXIT_OK),
        Command::Add(args) => add::run(&args).map(|()| EXIT_OK),
        Command::Import(command) => import::run(&command),
        Command::Templates(command) => tools::templates(&command),
        Command::Rubric(command) => tools::rubric(&command),
        Command::Schema { kind } => tools::schema(kind),
        Command::Completions { shell } => tools::completions(shell),
        Command::Man { dir } => tools::man(dir.as_deref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
