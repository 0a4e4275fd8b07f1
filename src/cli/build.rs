//! `promopack build`: render a packet and write it.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::period::PeriodArgs;
use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::render::{self, Format, Renderer};
use crate::{load, output, templates, validate};

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

    /// Also write the exact JSON context the templates receive to FILE, or `-` for standard
    /// output (see docs/templates.md), to write or debug a template
    #[arg(long, value_name = "FILE")]
    pub context: Option<PathBuf>,

    /// Print nothing but errors
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub period: PeriodArgs,
}

/// Renders the packet in memory, then writes every output, or nothing when anything fails.
pub fn run(args: &BuildArgs) -> Result<(), Error> {
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let to_stdout = args.output == Path::new("-");
    if to_stdout && formats.len() != 1 {
        return Err(Error::Usage(
            "`-o -` writes to standard output, which takes one format: add `--format md` or `--format html`".into(),
        ));
    }
    let context_to_stdout = args.context.as_deref() == Some(Path::new("-"));
    if to_stdout && context_to_stdout {
        return Err(Error::Usage(
            "`-o -` and `--context -` cannot both write to standard output".into(),
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
    let context = Context::new(&packet)?;
    let rendered = render::render(&context, &renderer, &formats)?;
    let context_json = match &args.context {
        Some(path) => {
            let mut json =
                serde_json::to_string_pretty(&context).map_err(|err| Error::Template {
                    name: "(context)".into(),
                    path: None,
                    message: format!("cannot write the context as JSON: {err}"),
                })?;
            json.push('\n');
            Some((path.clone(), json))
        }
        None => None,
    };

    let inputs: Vec<PathBuf> = [args.packet.clone()]
        .into_iter()
        .chain(packet.rubric_path.clone())
        .chain(renderer.template_files().map(Path::to_path_buf))
        .collect();
    let stem = output_stem(&packet.person.name, &packet.period.label);
    let mut files: Vec<(PathBuf, &str)> = Vec::new();
    if !to_stdout {
        for (format, text) in &rendered {
            let path = args.output.join(format!("{stem}.{}", format.extension()));
            files.push((path, text));
        }
    }
    let mut stdout_text: Option<&str> = rendered
        .first()
        .filter(|_| to_stdout)
        .map(|(_, t)| t.as_str());
    if let Some((path, json)) = &context_json {
        if context_to_stdout {
            stdout_text = Some(json);
        } else {
            files.push((path.clone(), json));
        }
    }
    for (path, _) in &files {
        output::check_not_input(path, &inputs)?;
    }

    if let Some(text) = stdout_text {
        output::print(text)?;
    }
    for (path, text) in &files {
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
}
