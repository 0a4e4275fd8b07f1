//! `promopack build`: render a packet and write it.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::inputs::{ReachArgs, packet_files};
use super::period::PeriodArgs;
use super::values::{FormatArg, LayoutArg};
use crate::diagnostic::Diagnostic;
use crate::error::{EXIT_OK, Error};
use crate::output;
use crate::packet::{self, PeriodOverride};
use crate::pipeline::{self, Rendered};
use crate::read::Reach;
use crate::render::pdf::{Browser, Page};
use crate::render::templates;
use crate::render::{Format, Renderer};

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Packet files (TOML), or folders to build every packet under [default: packet.toml]
    #[arg(value_name = "PACKET")]
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

    /// Build, then build again each time the packet, a file it includes, its rubric file or
    /// the templates folder is saved, until Ctrl-C; a packet with problems writes nothing, so
    /// the last good outputs stay
    #[arg(short, long)]
    pub watch: bool,

    #[command(flatten)]
    pub period: PeriodArgs,

    #[command(flatten)]
    pub reach: ReachArgs,
}

/// An output `build` makes: a text format as rendered, or PDF with the browser that prints it.
#[derive(Debug, Clone, Copy)]
enum Output<'a> {
    Text(Format),
    Pdf(&'a Browser),
}

impl Output<'_> {
    fn format(self) -> Format {
        match self {
            Output::Text(format) => format,
            Output::Pdf(_) => Format::Pdf,
        }
    }
}

/// One packet rendered in memory, ready to write.
struct Built<'a> {
    warnings: Vec<Diagnostic>,
    /// The line saying what a slice of the review period left out.
    left_out: Option<String>,
    /// Written to temporary files during the parallel part, put in place at the end.
    files: Vec<output::Staged>,
    /// A packet with a PDF: all its outputs, made once every packet of the batch is checked,
    /// so that a browser is not started for a packet that fails, and nothing is written for
    /// one whose print fails. Its texts wait in memory until then.
    pending: Vec<(Destination, Ready<'a>)>,
    stdout: Option<Contents>,
}

/// Where an output goes.
enum Destination {
    File(PathBuf),
    Stdout,
}

/// One output: text, or the bytes of a PDF, which go to standard output as they are.
enum Contents {
    Text(Arc<String>),
    Bytes(Vec<u8>),
}

impl Contents {
    fn bytes(&self) -> &[u8] {
        match self {
            Contents::Text(text) => text.as_bytes(),
            Contents::Bytes(bytes) => bytes,
        }
    }
}

/// An output ready to make: its text, or its HTML ready to print.
enum Ready<'a> {
    Text(Arc<String>),
    Pdf(Page<'a>),
}

impl<'a> Built<'a> {
    /// The files the packet writes, pending ones too.
    fn paths(&self) -> impl Iterator<Item = &Path> {
        let pending = self
            .pending
            .iter()
            .filter_map(|(destination, _)| match destination {
                Destination::File(path) => Some(path.as_path()),
                Destination::Stdout => None,
            });
        self.files.iter().map(output::Staged::path).chain(pending)
    }

    /// Makes the outputs: prints the PDF first, so that nothing is written when it fails,
    /// then stages each file in order, or keeps it for standard output.
    fn make(&mut self, outputs: Vec<(Destination, Ready<'a>)>) -> Result<(), Error> {
        let made = outputs
            .into_iter()
            .map(|(destination, ready)| {
                let contents = match ready {
                    Ready::Text(text) => Contents::Text(text),
                    Ready::Pdf(page) => Contents::Bytes(page.print()?),
                };
                Ok((destination, contents))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        for (destination, contents) in made {
            match destination {
                Destination::File(path) => {
                    self.files.push(output::stage(&path, contents.bytes())?);
                }
                Destination::Stdout => self.stdout = Some(contents),
            }
        }
        Ok(())
    }
}

/// Builds every packet, in parallel: each is rendered and written to temporary files, and
/// checked against the others' outputs before any is put in place; one that fails does not
/// stop the rest. PDFs are printed last, one at a time, for the packets that passed every
/// check: a browser is slow and large, and is not started for a packet that fails.
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
    let packets = packet_files(&args.packets, "build")?;
    if packets.len() > 1 && to_stdout {
        return Err(Error::Usage(format!(
            "`-o -` writes one packet to standard output, and {} were given: build several into a folder with `-o FOLDER`",
            packets.len()
        )));
    }
    if packets.len() > 1 && args.context.is_some() {
        return Err(Error::Usage(format!(
            "`--context` writes the context of one packet, and {} were given: give one packet, or leave `--context` out",
            packets.len()
        )));
    }
    // Found before anything is rendered: without it, no format of the build is written.
    let browser = formats
        .contains(&Format::Pdf)
        .then(|| Browser::find(args.browser.as_deref()))
        .transpose()?;
    // PDF sorts last, so the outputs keep the order of `formats`.
    let outputs: Vec<Output> = formats
        .iter()
        .filter(|&&format| format != Format::Pdf)
        .map(|&format| Output::Text(format))
        .chain(browser.as_ref().map(Output::Pdf))
        .collect();
    let renderer = Renderer::new(templates::load(args.templates.as_deref())?)?;
    let period = args.period.to_override()?;
    let reach = args.reach.reach()?;

    // Packets side by side; one packet on this thread, where it decides for itself.
    let build = |path: &PathBuf| build_one(path, args, &outputs, &renderer, &period, &reach);
    let mut results: Vec<Result<Built, Error>> = if packets.len() > 1 {
        packets.par_iter().map(build).collect()
    } else {
        packets.iter().map(build).collect()
    };
    refuse_collisions(&packets, &mut results);
    // One after the other: `Page::print` lets one browser run at a time anyway.
    for result in &mut results {
        if let Ok(built) = result {
            let pending = std::mem::take(&mut built.pending);
            if let Err(err) = built.make(pending) {
                *result = Err(err);
            }
        }
    }

    let mut stderr = anstream::stderr();
    let mut worst = EXIT_OK;
    // What earlier packets of the batch reported: a shared rubric's problems are shown once.
    let mut shown: HashSet<Diagnostic> = HashSet::new();
    let batch = packets.len() > 1;
    for (packet, result) in packets.iter().zip(results) {
        let (reported, outcome) = match result {
            Ok(built) => {
                if !args.quiet {
                    if let Some(line) = &built.left_out {
                        let _ = if batch {
                            writeln!(stderr, "{}: {line}", packet.display())
                        } else {
                            writeln!(stderr, "{line}")
                        };
                    }
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

/// Prints a packet to standard output, or puts its staged files in place together, saying so:
/// another build writing the same files at the same time waits, so the files left are one
/// build's set, never a mix.
fn commit(files: Vec<output::Staged>, stdout: Option<&Contents>, quiet: bool) -> Result<(), Error> {
    match stdout {
        Some(Contents::Text(text)) => output::print(text.as_str())?,
        Some(Contents::Bytes(bytes)) => output::print_bytes(bytes)?,
        None => {}
    }
    output::commit_together(files, |path| {
        if !quiet {
            let _ = writeln!(anstream::stderr(), "wrote {}", path.display());
        }
    })
}

/// Reads, checks and renders one packet, in memory, and stages its outputs; with a PDF, they
/// are left pending, its HTML ready to print, for `run` to make.
fn build_one<'a>(
    path: &Path,
    args: &BuildArgs,
    outputs: &[Output<'a>],
    renderer: &Renderer,
    period: &PeriodOverride,
    reach: &Reach,
) -> Result<Built<'a>, Error> {
    let loaded = packet::load_reaching(path, reach)?;
    let formats: Vec<Format> = outputs.iter().map(|output| output.format()).collect();
    let Rendered {
        packet,
        context,
        outputs: rendered,
        warnings,
        left_out,
    } = pipeline::render(loaded, renderer, &formats, args.layout.into(), period)?;

    let inputs: Vec<PathBuf> = [path.to_path_buf()]
        .into_iter()
        .chain(packet.rubric_path.clone())
        .chain(packet.included_paths.iter().cloned())
        .chain(renderer.template_files().map(Path::to_path_buf))
        .collect();
    let stem = output_stem(&packet.person.name, &packet.period.label);
    let mut built = Built {
        warnings,
        left_out: left_out.map(|left_out| left_out.to_string()),
        files: Vec::new(),
        pending: Vec::new(),
        stdout: None,
    };
    // What the packet writes, made only once every check below has passed.
    let mut files: Vec<(Destination, Ready)> = Vec::new();
    // `render` keeps the order of the formats it is given.
    for (&output, (format, text)) in outputs.iter().zip(rendered) {
        debug_assert_eq!(output.format(), format);
        let destination = if args.output == Path::new("-") {
            Destination::Stdout
        } else {
            Destination::File(args.output.join(format!("{stem}.{}", format.extension())))
        };
        let ready = match output {
            Output::Text(_) => Ready::Text(text),
            // Written to a temporary folder, not printed: the HTML need not wait in memory.
            Output::Pdf(browser) => Ready::Pdf(browser.page(&text)?),
        };
        files.push((destination, ready));
    }
    if let Some(file) = &args.context {
        let mut json = serde_json::to_string_pretty(&context).map_err(|err| Error::Template {
            name: "(context)".into(),
            path: None,
            message: format!("cannot write the context as JSON: {err}"),
            source: None,
        })?;
        json.push('\n');
        let destination = if file == Path::new("-") {
            Destination::Stdout
        } else {
            Destination::File(file.clone())
        };
        files.push((destination, Ready::Text(Arc::new(json))));
    }
    let paths = || {
        files
            .iter()
            .filter_map(|(destination, ..)| match destination {
                Destination::File(path) => Some(path.as_path()),
                Destination::Stdout => None,
            })
    };
    for file in paths() {
        output::check_not_input(file, &inputs)?;
    }
    if let Some(context) = &args.context {
        let same = |a: &Path, b: &Path| std::path::absolute(a).ok() == std::path::absolute(b).ok();
        if paths().filter(|file| same(file, context)).count() > 1 {
            return Err(Error::Usage(format!(
                "`--context {}` is where the packet itself is written: give the context file another name",
                context.display()
            )));
        }
    }
    if files
        .iter()
        .any(|(_, ready)| matches!(ready, Ready::Pdf(_)))
    {
        built.pending = files;
    } else {
        // Writing here, on the worker, keeps a batch from holding every packet's text at once.
        built.make(files)?;
    }
    Ok(built)
}

/// Two packets of one person and period would write the same files: the later ones fail
/// instead, so no packet silently replaces another.
fn refuse_collisions(packets: &[PathBuf], results: &mut [Result<Built<'_>, Error>]) {
    let mut owners: HashMap<PathBuf, usize> = HashMap::new();
    for (i, result) in results.iter_mut().enumerate() {
        let Ok(built) = result else { continue };
        let clash = built
            .paths()
            .find_map(|file| owners.get(file).map(|&first| (file.to_path_buf(), first)));
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
                for file in built.paths() {
                    owners.insert(file.to_path_buf(), i);
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
