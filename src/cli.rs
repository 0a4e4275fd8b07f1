//! The command line: arguments, and what each command does with the library.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::error::Error;
use crate::render::{self, Format, Renderer};
use crate::{load, output, templates, validate};

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
}

pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Build(args) => build(&args),
    }
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
    let packet = validate::packet(&source).map_err(Error::Invalid)?;
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
    let inputs = [args.packet.clone()];
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
    fn command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
