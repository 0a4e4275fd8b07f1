use std::error::Error as _;
use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;
use promopack::cli::{self, Cli};
use promopack::error::{EXIT_OK, EXIT_USAGE, Error};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // --help and --version are not errors.
            let code = if err.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_OK
            };
            let _ = err.print();
            return exit(code);
        }
    };
    match cli::run(cli) {
        Ok(code) => exit(code),
        Err(err) => {
            report(&err);
            exit(err.exit_code())
        }
    }
}

fn report(err: &Error) {
    let mut stderr = anstream::stderr();
    if let Error::Invalid(problems) = err {
        for problem in problems {
            let _ = writeln!(stderr, "{problem}");
        }
    }
    let _ = writeln!(stderr, "error: {err}");
    let mut cause = err.source();
    while let Some(inner) = cause {
        let _ = writeln!(stderr, "  caused by: {inner}");
        cause = inner.source();
    }
}

fn exit(code: i32) -> ExitCode {
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
