//! PDF: the packet's HTML printed by a headless Chromium or Chrome found on the machine.
//!
//! `build` finds the browser before it renders or writes anything, so a machine without one
//! fails a `--format pdf` build whole. Printing writes the HTML to a private temporary folder,
//! prints it there with a profile of its own, and reads the PDF back; the bytes then go through
//! `output::stage` like any other format. Page size, page numbers and the running header are
//! the print stylesheet's. The bytes differ from run to run: the browser writes the date in.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::error::{Error, GivenBrowser, PrintError};

/// The names looked for on PATH, in this order, when no browser is given.
pub const BROWSERS: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// The environment variable that names the browser when `--browser` does not.
pub const ENV: &str = "PROMOPACK_BROWSER";

/// How long one packet may take to print before the browser is stopped. The devrel example
/// prints in about a second; this leaves room for a slow machine and a very long packet.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// A headless Chromium or Chrome to print with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Browser {
    path: PathBuf,
}

impl Browser {
    /// The browser `given` names (`--browser`), else the one PROMOPACK_BROWSER names, else the
    /// first of `BROWSERS` on PATH. A name without a folder is looked up on PATH, as a shell
    /// would; a browser that is named and not there is an error, not a reason to look further.
    pub fn find(given: Option<&Path>) -> Result<Self, Error> {
        find_in(
            given,
            std::env::var_os(ENV).as_deref(),
            std::env::var_os("PATH").as_deref(),
        )
    }

    /// The browser's executable.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The browser, headless and cut off from everything but the page it is given: no
    /// sandbox (it cannot start in one as root or in most containers; the page has no
    /// script), no GPU, no background requests, updates, sync or extensions, and a new
    /// profile in `profile`, so nothing of a person's own browser is read or changed.
    pub fn command(&self, profile: &Path) -> Command {
        let mut command = Command::new(&self.path);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
            ])
            .arg(flag("--user-data-dir=", profile))
            .stdin(Stdio::null());
        command
    }

    /// Prints standalone HTML to PDF and returns its bytes.
    pub fn print(&self, html: &str) -> Result<Vec<u8>, Error> {
        self.print_within(html, TIMEOUT)
            .map_err(|source| Error::Print {
                browser: self.path.clone(),
                source,
            })
    }

    fn print_within(&self, html: &str, timeout: Duration) -> Result<Vec<u8>, PrintError> {
        // Made private to its owner by tempfile: no one else reads the packet while it prints.
        let dir = tempfile::Builder::new()
            .prefix(".promopack-pdf-")
            .tempdir()
            .map_err(PrintError::Temp)?;
        let dir_path = std::path::absolute(dir.path()).map_err(PrintError::Temp)?;
        let page = dir_path.join("packet.html");
        let pdf = dir_path.join("out.pdf");
        let log = dir_path.join("browser.log");
        std::fs::write(&page, html).map_err(PrintError::Temp)?;
        let url = url::Url::from_file_path(&page).map_err(|()| {
            PrintError::Temp(std::io::Error::other(format!(
                "`{}` cannot be written as a file URL",
                page.display()
            )))
        })?;
        let out = File::create(&log).map_err(PrintError::Temp)?;
        let err = out.try_clone().map_err(PrintError::Temp)?;

        let mut command = self.command(&dir_path.join("profile"));
        command
            .arg("--no-pdf-header-footer")
            .arg(flag("--print-to-pdf=", &pdf))
            .arg(url.as_str())
            // Written to a file, not a pipe: a browser that says a lot cannot block on it.
            .stdout(out)
            .stderr(err);
        let mut child = command.spawn().map_err(PrintError::Start)?;
        let status = wait(&mut child, timeout).map_err(PrintError::Start)?;
        let said = || {
            std::fs::read(&log)
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_default()
        };
        let Some(status) = status else {
            return Err(PrintError::TimedOut {
                seconds: timeout.as_secs(),
                output: said(),
            });
        };
        if !status.success() {
            return Err(PrintError::Failed {
                status,
                output: said(),
            });
        }
        match std::fs::read(&pdf) {
            Ok(bytes) if bytes.starts_with(b"%PDF-") => Ok(bytes),
            _ => Err(PrintError::NoPdf { output: said() }),
        }
    }
}

fn find_in(
    given: Option<&Path>,
    env: Option<&OsStr>,
    path_var: Option<&OsStr>,
) -> Result<Browser, Error> {
    let (program, asked) = match (given, env.filter(|value| !value.is_empty())) {
        (Some(given), _) => (given, GivenBrowser::Flag(given.to_path_buf())),
        (None, Some(env)) => (Path::new(env), GivenBrowser::Env(PathBuf::from(env))),
        (None, None) => {
            return BROWSERS
                .iter()
                .find_map(|name| on_path(OsStr::new(name), path_var))
                .map(|path| Browser { path })
                .ok_or(Error::NoBrowser { given: None });
        }
    };
    let mut components = program.components();
    let bare = matches!(
        (components.next(), components.next()),
        (Some(Component::Normal(_)), None)
    );
    let found = if bare {
        on_path(program.as_os_str(), path_var)
    } else {
        is_executable(program)
            .then(|| std::path::absolute(program).ok())
            .flatten()
    };
    found
        .map(|path| Browser { path })
        .ok_or(Error::NoBrowser { given: Some(asked) })
}

/// The first executable file `name` in the folders of PATH.
fn on_path(name: &OsStr, path_var: Option<&OsStr>) -> Option<PathBuf> {
    std::env::split_paths(path_var?)
        // An empty entry means the current folder to a shell: a browser is not looked for there.
        .filter(|dir| dir.is_absolute())
        .map(|dir| dir.join(name))
        .find(|path| is_executable(path))
}

fn is_executable(path: &Path) -> bool {
    let Ok(metadata) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        metadata.is_file() && metadata.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        metadata.is_file()
    }
}

/// `--name=PATH`, for any path the system allows, UTF-8 or not.
fn flag(name: &str, path: &Path) -> OsString {
    let mut flag = OsString::from(name);
    flag.push(path);
    flag
}

/// Waits for the child to end, at most `timeout`; stops it then, and returns `None`.
fn wait(child: &mut Child, timeout: Duration) -> std::io::Result<Option<ExitStatus>> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline {
            // Already gone, or cannot be stopped: either way, nothing is left to wait for.
            let _ = child.kill();
            let _ = child.wait();
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// A folder with an executable script `name` in it, standing in for a browser.
    #[cfg(unix)]
    fn fake(name: &str, script: &str) -> (tempfile::TempDir, PathBuf) {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        (dir, path)
    }

    /// Writes `%PDF-` and its arguments to where `--print-to-pdf=` says.
    #[cfg(unix)]
    const PRINTS: &str = r#"for a in "$@"; do case "$a" in --print-to-pdf=*) printf '%%PDF-1.7 %s\n' "$*" > "${a#--print-to-pdf=}";; esac; done"#;

    #[test]
    #[cfg(unix)]
    fn finds_the_first_known_name_on_path() {
        let (chrome_dir, chrome) = fake("google-chrome", "exit 0");
        let (chromium_dir, chromium) = fake("chromium", "exit 0");
        let path_var = std::env::join_paths([chrome_dir.path(), chromium_dir.path()]).unwrap();
        let found = find_in(None, None, Some(&path_var)).unwrap();
        assert_eq!(found.path(), chromium);
        let only_chrome = std::env::join_paths([chrome_dir.path()]).unwrap();
        assert_eq!(
            find_in(None, None, Some(&only_chrome)).unwrap().path(),
            chrome
        );
    }

    #[test]
    #[cfg(unix)]
    fn the_flag_comes_before_the_variable_and_the_variable_before_path() {
        let (_dir, chromium) = fake("chromium", "exit 0");
        let (_other, mine) = fake("my-chrome", "exit 0");
        let path_var = std::env::join_paths([chromium.parent().unwrap()]).unwrap();
        let env = Some(mine.as_os_str());
        let found = find_in(Some(&mine), Some(OsStr::new("/nope")), Some(&path_var));
        assert_eq!(found.unwrap().path(), mine);
        assert_eq!(find_in(None, env, Some(&path_var)).unwrap().path(), mine);
        // An empty variable is no choice at all.
        let found = find_in(None, Some(OsStr::new("")), Some(&path_var));
        assert_eq!(found.unwrap().path(), chromium);
        // A bare name is looked up on PATH.
        let found = find_in(Some(Path::new("chromium")), None, Some(&path_var));
        assert_eq!(found.unwrap().path(), chromium);
    }

    #[test]
    #[cfg(unix)]
    fn a_named_browser_that_is_missing_is_an_error_and_path_is_not_searched() {
        let (_dir, chromium) = fake("chromium", "exit 0");
        let path_var = std::env::join_paths([chromium.parent().unwrap()]).unwrap();
        let missing = Path::new("/nonexistent/chrome");
        let err = find_in(Some(missing), None, Some(&path_var)).unwrap_err();
        assert!(
            matches!(&err, Error::NoBrowser { given: Some(GivenBrowser::Flag(p)) } if p == missing),
            "{err:?}"
        );
        let err = find_in(None, Some(missing.as_os_str()), Some(&path_var)).unwrap_err();
        assert!(
            matches!(&err, Error::NoBrowser { given: Some(GivenBrowser::Env(p)) } if p == missing),
            "{err:?}"
        );
        assert!(err.to_string().contains("PROMOPACK_BROWSER"), "{err}");
    }

    #[test]
    #[cfg(unix)]
    fn a_file_that_cannot_run_is_not_a_browser() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("chromium");
        std::fs::write(&text, "not a program").unwrap();
        let path_var = std::env::join_paths([dir.path()]).unwrap();
        assert!(find_in(None, None, Some(&path_var)).is_err());
        assert!(find_in(Some(dir.path()), None, None).is_err(), "a folder");
    }

    #[test]
    fn no_browser_on_path_says_how_to_get_one() {
        let empty = tempfile::tempdir().unwrap();
        let path_var = std::env::join_paths([empty.path()]).unwrap();
        let err = find_in(None, None, Some(&path_var)).unwrap_err();
        let message = err.to_string();
        for needed in ["apt-get install chromium", "--browser", "PROMOPACK_BROWSER"] {
            assert!(message.contains(needed), "{message}");
        }
        assert!(find_in(None, None, None).is_err(), "no PATH at all");
    }

    #[test]
    #[cfg(unix)]
    fn prints_through_the_browser_with_the_headless_flags() {
        let (_dir, path) = fake("chromium", PRINTS);
        let pdf = Browser { path }.print("<p>hi</p>").unwrap();
        let text = String::from_utf8(pdf).unwrap();
        assert!(text.starts_with("%PDF-1.7 "), "{text}");
        for flag in ["--headless", "--no-sandbox", "--no-pdf-header-footer"] {
            assert!(text.contains(flag), "{text}");
        }
        assert!(text.contains("--user-data-dir=/"), "{text}");
        assert!(text.trim_end().ends_with("/packet.html"), "{text}");
        assert!(text.contains(" file:///"), "{text}");
    }

    #[test]
    #[cfg(unix)]
    fn a_failing_browser_is_reported_with_what_it_said() {
        let (_dir, path) = fake("chromium", "echo 'cannot open display' >&2; exit 3");
        let err = Browser { path }.print("<p>hi</p>").unwrap_err();
        let Error::Print {
            source: PrintError::Failed { output, .. },
            ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert!(output.contains("cannot open display"), "{output}");
        let mut report = Vec::new();
        err.report(&mut report);
        let report = String::from_utf8(report).unwrap();
        assert!(report.contains("    cannot open display"), "{report}");
    }

    #[test]
    #[cfg(unix)]
    fn a_browser_that_writes_no_pdf_is_an_error() {
        let (_dir, path) = fake("chromium", "echo done");
        let err = Browser { path }.print("<p>hi</p>").unwrap_err();
        assert!(
            matches!(err, Error::Print { source: PrintError::NoPdf { ref output }, .. } if output.contains("done")),
            "{err:?}"
        );
    }

    #[test]
    #[cfg(unix)]
    fn a_browser_that_hangs_is_stopped() {
        let (_dir, path) = fake("chromium", "exec sleep 60");
        let err = Browser { path }
            .print_within("<p>hi</p>", Duration::from_millis(200))
            .unwrap_err();
        assert!(matches!(err, PrintError::TimedOut { .. }), "{err:?}");
    }
}
