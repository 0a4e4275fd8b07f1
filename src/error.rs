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
/// Exit code: a file or folder could not be read or written.
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

    #[error("{0}")]
    Chart(String),
}

/// Why a git repository could not be read. The library's error is kept whole; only its
/// message is printed, as its kind and class mean nothing to a person.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error(
        "it is not in a git repository: give the folder of one, e.g. `promopack import git ~/src/widgets --author EMAIL`"
    )]
    NotARepository(git2::Error),
    #[error("{}", .0.message())]
    Library(git2::Error),
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
        }
    }
}
