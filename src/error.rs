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

/// Why reading or writing `path` failed, in plain words that say what is wrong and what to do:
/// never an OS error number. promopack's own causes (a folder where a file was expected, a
/// file too large) are already words, and are kept.
pub fn plain_io(err: &std::io::Error, path: Option<&Path>, writing: bool) -> String {
    use std::io::ErrorKind as Kind;
    if err.raw_os_error().is_none()
        && let Some(inner) = err.get_ref()
    {
        // A library's error that wraps the system's (walking a folder): the system's, in words.
        return match inner
            .source()
            .and_then(|cause| cause.downcast_ref::<std::io::Error>())
        {
            Some(cause) => plain_io(cause, path, writing),
            None => inner.to_string(),
        };
    }
    let shown = |path: &Path| format!("`{}`", path.display());
    match (err.kind(), writing) {
        (Kind::NotFound, false) => {
            "there is no such file: check the path and its spelling".to_owned()
        }
        (Kind::NotFound, true) => "its folder does not exist".to_owned(),
        (Kind::PermissionDenied, false) => {
            "permission denied: promopack may not read it; check its permissions".to_owned()
        }
        (Kind::PermissionDenied, true) => {
            "permission denied: promopack may not write there; write somewhere else or change the folder's permissions".to_owned()
        }
        (Kind::AlreadyExists, _) => format!(
            "{} already exists as a file where a folder is needed: promopack does not overwrite it; pick another folder or remove the file",
            path.map_or_else(|| "it".to_owned(), shown)
        ),
        (Kind::IsADirectory, false) => "it is a folder, not a file".to_owned(),
        (Kind::IsADirectory, true) => {
            "it is a folder: promopack writes a file there and never replaces a folder; remove it or write somewhere else".to_owned()
        }
        (Kind::NotADirectory, _) => {
            "a part of the path is a file, where a folder is needed: check the path".to_owned()
        }
        (Kind::StorageFull, _) => "the disk is full: free some space and run it again".to_owned(),
        (Kind::QuotaExceeded, _) => {
            "the disk quota is used up: free some space and run it again".to_owned()
        }
        (Kind::ReadOnlyFilesystem, _) => {
            "the file system is read-only: write somewhere else".to_owned()
        }
        (Kind::InvalidFilename, _) => {
            "the name is not a valid file name here (too long, or a character the system refuses)".to_owned()
        }
        _ => without_os_number(&err.to_string()),
    }
}

/// The system's description of an error without its ` (os error N)`, first letter lowercase.
fn without_os_number(text: &str) -> String {
    let text = match text.rfind(" (os error ") {
        Some(at) if text.ends_with(')') => &text[..at],
        _ => text,
    };
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
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
            let mut problems: Vec<&Diagnostic> =
                problems.iter().filter(|p| !shown.contains(*p)).collect();
            // The packet's problems come first: those of the file the first problem is in when
            // no packet is named, which is the packet's for every problem a check finds.
            let first = packet.or_else(|| problems.first().map(|p| p.file.as_path()));
            let first = first.map(Path::to_path_buf);
            problems.sort_by(|a, b| crate::diagnostic::order(a, b, first.as_deref()));
            for problem in problems {
                let _ = writeln!(out, "{problem}");
            }
        }
        let _ = match packet {
            Some(packet) => writeln!(out, "error: {}: {self}", packet.display()),
            None => writeln!(out, "error: {self}"),
        };
        let (path, writing) = match self {
            Error::Read { path, .. } | Error::Git { path, .. } => (Some(path.as_path()), false),
            Error::Write { path, .. } => (Some(path.as_path()), true),
            _ => (None, false),
        };
        let mut cause = self.source();
        while let Some(inner) = cause {
            let _ = match inner.downcast_ref::<std::io::Error>() {
                Some(io) => writeln!(out, "  caused by: {}", plain_io(io, path, writing)),
                None => writeln!(out, "  caused by: {inner}"),
            };
            cause = match inner.downcast_ref::<std::io::Error>() {
                // Its own words, or those of what it wraps, are what `plain_io` said.
                Some(_) => None,
                None => inner.source(),
            };
        }
    }

    /// Why a file could not be read or written, in plain words and without the path, for a
    /// message that names the file itself; any other error's own message.
    pub fn reason(&self) -> String {
        match self {
            Error::Read { path, source } => plain_io(source, Some(path), false),
            Error::Write { path, source } => plain_io(source, Some(path), true),
            other => other.to_string(),
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
