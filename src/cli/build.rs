//! `promopack build`: render a packet and write it.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::inputs::packet_files;
use super::period::PeriodArgs;
use super::values::{FormatArg, LayoutArg};
use crate::diagnostic::Diagnostic;
use crate::error::{EXIT_OK, Error};
use crate::output;
use crate::packet::{self, PeriodOverride};
use crate::pipeline::{self, Rendered};
use crate::render::pdf::Browser;
use crate::render::templates;
use crate::render::{Format, Renderer};

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Packet files (TOML), or folders to build every packet under
    #[arg(required = true, value_name = "PACKET")]
    pub packets: Vec<PathBuf>,

    /// Folder to write the packets into, or `-` for standard output (one packet, one format)
    #[arg(short, long, value_name = "OUTDIR", default_value = "out")]
    pub output: PathBuf,

    /// Formats to write, comma-separated
    #[arg(long, value_delimiter = ',', default_value = "md,html")]
    pub format: Vec<FormatArg>,

    /// What the packet shows: the case with each activity in full once in an appendix, the
    /// case alone, or the full record (every activity in full in every section it evidences)
    #[arg(long, value_enum, default_value = "packet")]
    pub layout: LayoutArg,

    /// Chromium or Chrome to print `--format pdf` with: a path, or a name on PATH [default:
    /// PROMOPACK_BROWSER, else the first of chromium, chromium-browser, google-chrome,
    /// google-chrome-stable, chrome on PATH]
    #[arg(long, value_name = "PATH")]
    pub browser: Option<PathBuf>,

    /// Folder of templates that override the built-in ones by relative name
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,

    /// Also write the exact JSON context the templates receive to FILE, or `-` for standard
    /// output (one packet only; see docs/templates.md), to write or debug a template
    #[arg(long, value_name = "FILE")]
    pub context: Option<PathBuf>,

    /// Print nothing but errors
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub period: PeriodArgs,
}

/// One packet rendered in memory, ready to write.
struct Built {
    warnings: Vec<Diagnostic>,
    /// Written to temporary files during the parallel part, put in place at the end.
    files: Vec<output::Staged>,
    stdout: Option<Contents>,
}

/// One output: text, or the bytes of a PDF, which go to standard output as they are.
enum Contents {
    Text(String),
    Bytes(Vec<u8>),
}

/// Builds every packet, in parallel: each is rendered and written to temporary files, and
/// checked against the others' outputs before any is put in place; one that fails does not
/// stop the rest.
/// Returns the worst exit code.
pub fn run(args: &BuildArgs) -> Result<i32, Error> {
    let mut formats: Vec<Format> = args.format.iter().map(|&f| f.into()).collect();
    formats.sort();
    formats.dedup();
    let to_stdout = args.output == Path::new("-");
    if to_stdout && formats.len() != 1 {
        return Err(Error::Usage(
            "`-o -` writes to standard output, which takes one format: add `--format md` or `--format html`".into(),
        ));
    }
    if to_stdout && formats == [Format::Pdf] && std::io::stdout().is_terminal() {
        return Err(Error::Usage(
            "`-o - --format pdf` would write a PDF to the terminal: redirect it (`> packet.pdf`) or give a folder with `-o`".into(),
        ));
    }
    let context_to_stdout = args.context.as_deref() == Some(Path::new("-"));
    if to_stdout && context_to_stdout {
        return Err(Error::Usage(
            "`-o -` and `--context -` cannot both write to standard output".into(),
        ));
    }
    let packets = packet_files(&args.packets)?;
    if packets.len() > 1 && (to_stdout || args.context.is_some()) {
        return Err(Error::Usage(
            "`-o -` and `--context` take one packet; build several into a folder".into(),
        ));
    }
    // Found before anything is rendered: without it, no format of the build is written.
    let browser = formats
        .contains(&Format::Pdf)
        .then(|| Browser::find(args.browser.as_deref()))
        .transpose()?;
    let renderer = Renderer::new(templates::load(args.templates.as_deref())?)?;
    let period = args.period.to_override()?;

    let mut results: Vec<Result<Built, Error>> = packets
        .par_iter()
        .map(|path| build_one(path, args, &formats, &renderer, browser.as_ref(), &period))
        .collect();
    refuse_collisions(&packets, &mut results);

    let mut stderr = anstream::stderr();
    let mut worst = EXIT_OK;
    // What earlier packets of the batch reported: a shared rubric's problems are shown once.
    let mut shown: HashSet<Diagnostic> = HashSet::new();
    let batch = packets.len() > 1;
    for (packet, result) in packets.iter().zip(results) {
        let (reported, outcome) = match result {
            Ok(built) => {
                if !args.quiet {
                    for warning in built.warnings.iter().filter(|w| !shown.contains(*w)) {
                        let _ = writeln!(stderr, "{warning}");
                    }
                }
                let outcome = commit(built.files, built.stdout.as_ref(), args.quiet);
                (built.warnings, outcome)
            }
            Err(err) => (Vec::new(), Err(err)),
        };
        shown.extend(reported);
        if let Err(mut err) = outcome {
            if let (true, Error::Invalid(problems)) = (args.quiet, &mut err) {
                problems.retain(Diagnostic::is_error);
            }
            err.report_for(batch.then_some(packet.as_path()), &shown, &mut stderr);
            if let Error::Invalid(problems) = &err {
                shown.extend(problems.iter().cloned());
            }
            worst = worst.max(err.exit_code());
        }
    }
    if packets.len() > 1 && !args.quiet {
        let _ = writeln!(stderr, "built {} packets, exit code {worst}", packets.len());
    }
    Ok(worst)
}

/// Prints a packet to standard output, or puts its staged files in place, saying so.
fn commit(files: Vec<output::Staged>, stdout: Option<&Contents>, quiet: bool) -> Result<(), Error> {
    match stdout {
        Some(Contents::Text(text)) => output::print(text)?,
        Some(Contents::Bytes(bytes)) => output::print_bytes(bytes)?,
        None => {}
    }
    for file in files {
        let path = file.path().to_path_buf();
        file.commit()?;
        if !quiet {
            let _ = writeln!(anstream::stderr(), "wrote {}", path.display());
        }
    }
    Ok(())
}

/// Reads, checks and renders one packet, in memory, and prints its PDF when asked.
fn build_one(
    path: &Path,
    args: &BuildArgs,
    formats: &[Format],
    renderer: &Renderer,
    browser: Option<&Browser>,
    period: &PeriodOverride,
) -> Result<Built, Error> {
    let loaded = packet::load(path)?;
    let Rendered {
        packet,
        context,
        outputs: rendered,
        warnings,
    } = pipeline::render(loaded, renderer, formats, args.layout.into(), period)?;

    let inputs: Vec<PathBuf> = [path.to_path_buf()]
        .into_iter()
        .chain(packet.rubric_path.clone())
        .chain(packet.included_paths.iter().cloned())
        .chain(renderer.template_files().map(Path::to_path_buf))
        .collect();
    let stem = output_stem(&packet.person.name, &packet.period.label);
    let mut built = Built {
        warnings,
        files: Vec::new(),
        stdout: None,
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (format, text) in rendered {
        let contents = match (format, browser) {
            (Format::Pdf, Some(browser)) => Contents::Bytes(browser.print(&text)?),
            // `run` finds the browser whenever PDF is asked: not reached.
            (Format::Pdf, None) => return Err(Error::NoBrowser { given: None }),
            _ => Contents::Text(text),
        };
        if args.output == Path::new("-") {
            built.stdout = Some(contents);
        } else {
            let bytes = match contents {
                Contents::Text(text) => text.into_bytes(),
                Contents::Bytes(bytes) => bytes,
            };
            files.push((
                args.output.join(format!("{stem}.{}", format.extension())),
                bytes,
            ));
        }
    }
    if let Some(file) = &args.context {
        let mut json = serde_json::to_string_pretty(&context).map_err(|err| Error::Template {
            name: "(context)".into(),
            path: None,
            message: format!("cannot write the context as JSON: {err}"),
            source: None,
        })?;
        json.push('\n');
        if file == Path::new("-") {
            built.stdout = Some(Contents::Text(json));
        } else {
            files.push((file.clone(), json.into_bytes()));
        }
    }
    for (file, _) in &files {
        output::check_not_input(file, &inputs)?;
    }
    if let Some(context) = &args.context {
        let same = |a: &Path, b: &Path| std::path::absolute(a).ok() == std::path::absolute(b).ok();
        if files.iter().filter(|(file, _)| same(file, context)).count() > 1 {
            return Err(Error::Usage(format!(
                "`--context {}` is where the packet itself is written: give the context file another name",
                context.display()
            )));
        }
    }
    // Writing here, on the worker, keeps a batch from holding every packet's text at once.
    for (file, bytes) in files {
        built.files.push(output::stage(&file, &bytes)?);
    }
    Ok(built)
}

/// Two packets of one person and period would write the same files: the later ones fail
/// instead, so no packet silently replaces another.
fn refuse_collisions(packets: &[PathBuf], results: &mut [Result<Built, Error>]) {
    let mut owners: HashMap<PathBuf, usize> = HashMap::new();
    for (i, result) in results.iter_mut().enumerate() {
        let Ok(built) = result else { continue };
        let clash = built.files.iter().find_map(|file| {
            owners
                .get(file.path())
                .map(|&first| (file.path().to_path_buf(), first))
        });
        match clash {
            Some((file, first)) => {
                // The report names the packet this error belongs to.
                *result = Err(Error::Usage(format!(
                    "its outputs would overwrite `{}`, written for `{}`: give the packets different people or periods, or build them into different folders",
                    file.display(),
                    packets[first].display()
                )));
            }
            None => {
                for file in &built.files {
                    owners.insert(file.path().to_path_buf(), i);
                }
            }
        }
    }
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
