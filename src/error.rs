//! The errors promopack reports, and the exit code each one maps to.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// Exit code: the command did what was asked.
pub const EXIT_OK: i32 = 0;
/// Exit code: an input file (packet, rubric, template) has problems; nothing was written.
pub const EXIT_INVALID: i32 = 1;
/// Exit code: the command line itself is wrong.
pub const EXIT_USAGE: i32 = 2;
/// Exit code: a file or folder could not be read or written, or the browser that prints PDF
/// is missing or failed.
pub const EXIT_IO: i32 = 3;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in the input files, all reported together.
    #[error("{}", plural(.0.iter().filter(|d| d.is_error()).count()))]
    Invalid(Vec<Diagnostic>),

    #[error("cannot read `{}`", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write `{}`", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("template `{name}`{}: {message}", .path.as_ref().map(|p| format!(" ({})", p.display())).unwrap_or_default())]
    Template {
        name: String,
        path: Option<PathBuf>,
        message: String,
        /// What Tera says caused it, kept as Tera's own error.
        #[source]
        source: Option<TemplateCause>,
    },

    #[error("cannot read `{}`", .path.display())]
    Git {
        path: PathBuf,
        #[source]
        source: GitError,
    },

    #[error("{0}")]
    Usage(String),

    /// `--format pdf`, and no browser to print with: found before anything is written.
    #[error("{}", no_browser(.given.as_ref(), .looked_for))]
    NoBrowser {
        /// The browser asked for, when one was and is not there; `None` when PATH has none.
        given: Option<GivenBrowser>,
        /// The names looked for on PATH.
        looked_for: &'static [&'static str],
    },

    /// The browser could not print a packet to PDF.
    #[error("cannot print the packet to PDF with `{}`", .browser.display())]
    Print {
        browser: PathBuf,
        #[source]
        source: PrintError,
    },

    #[error("{0}")]
    Chart(String),
}

/// Why a git repository could not be read. The library's error is kept whole; only its
/// message is printed, as its kind and class mean nothing to a person.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[cfg(feature = "git")]
    #[error(
        "it is not in a git repository: give the folder of one, e.g. `promopack import git ~/src/widgets --author EMAIL`"
    )]
    NotARepository(git2::Error),
    #[cfg(feature = "git")]
    #[error("{}", .0.message())]
    Library(git2::Error),
}

/// What a command needs that this build of promopack left out, and how to get it.
pub fn not_built(feature: &str) -> String {
    format!(
        "this promopack was built without its `{feature}` feature: reinstall it with the default features (`cargo install --locked --path .`) or with `--features {feature}`"
    )
}

/// A browser asked for by name that is not there, and who asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GivenBrowser {
    /// `--browser PATH`
    Flag(PathBuf),
    /// The `PROMOPACK_BROWSER` environment variable
    Env(PathBuf),
}

fn no_browser(given: Option<&GivenBrowser>, looked_for: &[&str]) -> String {
    match given {
        Some(GivenBrowser::Flag(path)) => format!(
            "cannot find the browser `{}` that `--browser` names: give the path of Chromium or Chrome, or a name on PATH (e.g. `--browser chromium`)",
            path.display()
        ),
        Some(GivenBrowser::Env(path)) => format!(
            "cannot find the browser `{}` that PROMOPACK_BROWSER names: set it to the path of Chromium or Chrome, or unset it to look on PATH",
            path.display()
        ),
        None => format!(
            "`--format pdf` prints with Chromium or Chrome, and none is on PATH (looked for {}): install one (`apt-get install chromium`), or point `--browser PATH` or PROMOPACK_BROWSER at Chrome",
            looked_for
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Why a browser could not print a packet; what it said is shown when it failed.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("cannot prepare a private temporary folder to print in")]
    Temp(#[source] std::io::Error),
    #[error("cannot run it")]
    Start(#[source] std::io::Error),
    #[error("it did not finish within {seconds} s and was stopped{}", said(.output))]
    TimedOut { seconds: u64, output: String },
    #[error("it failed ({status}){}", said(.output))]
    Failed {
        status: std::process::ExitStatus,
        output: String,
    },
    #[error("it wrote no PDF{}", said(.output))]
    NoPdf { output: String },
}

/// What a program printed, indented under the error: its last lines, where the cause is.
fn said(output: &str) -> String {
    const LINES: usize = 40;
    let lines: Vec<&str> = output.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        return String::new();
    }
    let skipped = lines.len().saturating_sub(LINES);
    let mut text = String::from("; it said:");
    if skipped > 0 {
        text.push_str(&format!("\n    ({skipped} earlier lines left out)"));
    }
    for line in &lines[skipped..] {
        text.push_str("\n    ");
        text.push_str(line);
    }
    text
}

/// The causes of a Tera error, whose own text is a template error's `message`: shows the first
/// cause, and hands on the rest, so that the report prints each one once.
#[derive(Debug)]
pub struct TemplateCause(tera::Error);

impl TemplateCause {
    /// The causes of `err`, if it has any.
    pub fn of(err: tera::Error) -> Option<Self> {
        use std::error::Error as _;
        err.source().is_some().then_some(TemplateCause(err))
    }
}

impl std::fmt::Display for TemplateCause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::error::Error as _;
        match self.0.source() {
            Some(cause) => write!(f, "{cause}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for TemplateCause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()?.source()
    }
}

fn plural(count: usize) -> String {
    if count == 1 {
        "found 1 error, nothing was written".to_owned()
    } else {
        format!("found {count} errors, nothing was written")
    }
}

impl Error {
    /// Prints the error for a person: each problem, the error, then its whole chain of causes.
    pub fn report(&self, out: &mut impl std::io::Write) {
        self.report_for(None, &HashSet::new(), out);
    }

    /// Reports the failure of one packet of a batch: names the packet, and leaves out the
    /// problems earlier packets reported (those of a rubric or a file they share).
    pub fn report_for(
        &self,
        packet: Option<&Path>,
        shown: &HashSet<Diagnostic>,
        out: &mut impl std::io::Write,
    ) {
        use std::error::Error as _;
        if let Error::Invalid(problems) = self {
            for problem in problems.iter().filter(|p| !shown.contains(*p)) {
                let _ = writeln!(out, "{problem}");
            }
        }
        let _ = match packet {
            Some(packet) => writeln!(out, "error: {}: {self}", packet.display()),
            None => writeln!(out, "error: {self}"),
        };
        let mut cause = self.source();
        while let Some(inner) = cause {
            let _ = writeln!(out, "  caused by: {inner}");
            cause = inner.source();
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) | Error::Template { .. } => EXIT_INVALID,
            Error::Usage(_) => EXIT_USAGE,
            // A chart that cannot be drawn is promopack's fault, not the input's.
            Error::Chart(_) => EXIT_IO,
            Error::Read { .. } | Error::Write { .. } | Error::Git { .. } => EXIT_IO,
            // What the machine lacks or what failed on it, like a file that cannot be read.
            Error::NoBrowser { .. } | Error::Print { .. } => EXIT_IO,
        }
    }
}
