//! PDF: the packet's HTML printed by a headless Chromium or Chrome found on the machine.
//!
//! `build` finds the browser before it renders or writes anything, so a machine without one
//! fails a `--format pdf` build whole. Printing writes the HTML to a private temporary folder
//! (`Browser::page`), prints it there with a profile of its own, and reads the PDF back
//! (`Page::print`); the bytes then go through `output::stage` like any other format. Page
//! size, page numbers and the running header are the print stylesheet's. The bytes differ
//! from run to run: the browser writes the date in.
//!
//! One browser prints at a time in the whole process, and each is started in a process group
//! of its own, so that a timeout, an error or an interruption stops it with every process it
//! started.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Mutex, MutexGuard, PoisonError};
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
/// Time spent waiting for another print to end is not counted.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// Held while a browser prints: one print at a time in the whole process. Each Chromium takes
/// hundreds of MB in several processes, and a batch builds its packets on every core; the
/// rest of a build runs beside the one print.
static PRINTING: Mutex<()> = Mutex::new(());

/// The process group of the browser printing now, if one is, for `stop_printing`.
static RUNNING: Mutex<Option<u32>> = Mutex::new(None);

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

    /// The browser, headless and cut off from everything but the page it is given: no GPU,
    /// no background requests, updates, sync or extensions, and a new profile in `profile`,
    /// so nothing of a person's own browser is read or changed. Its sandbox is kept, except
    /// as root, where Chromium refuses to start in one (the page has no script).
    pub fn command(&self, profile: &Path) -> Command {
        self.command_as(profile, running_as_root())
    }

    fn command_as(&self, profile: &Path, root: bool) -> Command {
        let mut command = Command::new(&self.path);
        command.arg("--headless");
        if root {
            command.arg("--no-sandbox");
        }
        command
            .args([
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
        self.page(html)?.print()
    }

    /// Writes standalone HTML to a private temporary folder, ready to print: a batch keeps
    /// each packet's page there, not in memory, until every packet is checked.
    pub fn page(&self, html: &str) -> Result<Page<'_>, Error> {
        Page::new(self, html).map_err(|source| self.error(source))
    }

    fn error(&self, source: PrintError) -> Error {
        Error::Print {
            browser: self.path.clone(),
            source,
        }
    }
}

/// A packet's HTML in a private temporary folder of its own, to print with its browser.
#[derive(Debug)]
pub struct Page<'a> {
    browser: &'a Browser,
    /// Removed, with the PDF and the profile, when the page is dropped.
    _dir: tempfile::TempDir,
    /// The folder, absolute.
    path: PathBuf,
}

impl<'a> Page<'a> {
    fn new(browser: &'a Browser, html: &str) -> Result<Self, PrintError> {
        // Made private to its owner by tempfile: no one else reads the packet while it prints.
        let dir = tempfile::Builder::new()
            .prefix(".promopack-pdf-")
            .tempdir()
            .map_err(PrintError::Temp)?;
        let path = std::path::absolute(dir.path()).map_err(PrintError::Temp)?;
        std::fs::write(path.join("packet.html"), html).map_err(PrintError::Temp)?;
        Ok(Self {
            browser,
            _dir: dir,
            path,
        })
    }

    /// Prints the page to PDF and returns its bytes, once no other print is running.
    pub fn print(self) -> Result<Vec<u8>, Error> {
        let browser = self.browser;
        self.print_within(TIMEOUT)
            .map_err(|source| browser.error(source))
    }

    fn print_within(self, timeout: Duration) -> Result<Vec<u8>, PrintError> {
        let page = self.path.join("packet.html");
        let pdf = self.path.join("out.pdf");
        let log = self.path.join("browser.log");
        let url = url::Url::from_file_path(&page).map_err(|()| {
            PrintError::Temp(std::io::Error::other(format!(
                "`{}` cannot be written as a file URL",
                page.display()
            )))
        })?;
        let out = File::create(&log).map_err(PrintError::Temp)?;
        let err = out.try_clone().map_err(PrintError::Temp)?;

        let mut command = self.browser.command(&self.path.join("profile"));
        command
            .arg("--no-pdf-header-footer")
            .arg(flag("--print-to-pdf=", &pdf))
            .arg(url.as_str())
            // Written to a file, not a pipe: a browser that says a lot cannot block on it.
            .stdout(out)
            .stderr(err);
        // Declared first, so released last: after the browser is stopped and waited for.
        let _printing = PRINTING.lock().unwrap_or_else(PoisonError::into_inner);
        // Dropped before the page, whose folder holds the browser's profile: stopped first.
        let mut running = Running::start(&mut command).map_err(PrintError::Start)?;
        let status = running.wait(timeout).map_err(PrintError::Start)?;
        let said = || {
            std::fs::read(&log)
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_default()
        };
        let Some(status) = status else {
            running.stop();
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

/// Stops the browser printing now, with every process it started, if one is; for
/// promopack's interrupt handler, as a browser in a process group of its own does not get the
/// terminal's Ctrl-C. The guard returned keeps another browser from starting: hold it until
/// the process exits.
pub fn stop_printing() -> MutexGuard<'static, Option<u32>> {
    let running = RUNNING.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(group) = *running {
        stop_group(group);
    }
    running
}

/// Stops the browser printing now, for an interrupted promopack about to exit, and keeps
/// another one from starting until it has.
fn stop_for_exit() {
    std::mem::forget(stop_printing());
}

/// Whether promopack runs as root, where Chromium will not start in its sandbox. On Linux
/// `/proc/self` belongs to the process's effective user; elsewhere the sandbox is kept.
fn running_as_root() -> bool {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/self").is_ok_and(|metadata| metadata.uid() == 0)
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
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
                .ok_or(Error::NoBrowser {
                    given: None,
                    looked_for: BROWSERS,
                });
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
    found.map(|path| Browser { path }).ok_or(Error::NoBrowser {
        given: Some(asked),
        looked_for: BROWSERS,
    })
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

/// A browser started in a process group of its own, so that it can be stopped whole:
/// Chromium starts zygote, renderer and GPU processes of its own, which stopping the browser
/// alone would leave running, on a profile about to be removed. Unless it exited well, it is
/// stopped when dropped, on every path out of printing.
struct Running {
    child: Child,
    ended_well: bool,
}

impl Running {
    fn start(command: &mut Command) -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            command.process_group(0);
        }
        // Before the browser starts: an interruption from here on stops it.
        static HOOK: std::sync::Once = std::sync::Once::new();
        HOOK.call_once(|| crate::output::on_interrupt(stop_for_exit));
        let mut running = RUNNING.lock().unwrap_or_else(PoisonError::into_inner);
        let child = command.spawn()?;
        *running = Some(child.id());
        Ok(Self {
            child,
            ended_well: false,
        })
    }

    /// Waits for the browser to end, at most `timeout`; `None` when it did not.
    fn wait(&mut self, timeout: Duration) -> std::io::Result<Option<ExitStatus>> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait()? {
                self.ended_well = status.success();
                return Ok(Some(status));
            }
            if Instant::now() >= deadline {
                return Ok(None);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops the browser's process group and waits for the browser itself.
    fn stop(&mut self) {
        let mut running = RUNNING.lock().unwrap_or_else(PoisonError::into_inner);
        if running.take().is_some() && !self.ended_well {
            // The group bears the browser's process id, held while the browser is not waited
            // for, or while any process it started lives on.
            if !stop_group(self.child.id()) {
                // Already gone, or cannot be stopped: either way, nothing more can be done.
                let _ = self.child.kill();
            }
            let _ = self.child.wait();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Sends SIGKILL to a process group, through `kill(1)`: the crate has no unsafe code to call
/// `kill(2)` with. False when it could not: no `kill`, or no process left in the group.
#[cfg(unix)]
fn stop_group(group: u32) -> bool {
    Command::new("kill")
        .args(["-s", "KILL", "--", &format!("-{group}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Without process groups, the browser alone is stopped (`Child::kill`).
#[cfg(not(unix))]
fn stop_group(_group: u32) -> bool {
    false
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
            matches!(&err, Error::NoBrowser { given: Some(GivenBrowser::Flag(p)), .. } if p == missing),
            "{err:?}"
        );
        let err = find_in(None, Some(missing.as_os_str()), Some(&path_var)).unwrap_err();
        assert!(
            matches!(&err, Error::NoBrowser { given: Some(GivenBrowser::Env(p)), .. } if p == missing),
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
        for flag in ["--headless", "--no-pdf-header-footer"] {
            assert!(text.contains(flag), "{text}");
        }
        assert_eq!(text.contains("--no-sandbox"), running_as_root(), "{text}");
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
        let browser = Browser { path };
        let err = browser
            .page("<p>hi</p>")
            .unwrap()
            .print_within(Duration::from_millis(200))
            .unwrap_err();
        assert!(matches!(err, PrintError::TimedOut { .. }), "{err:?}");
    }

    /// Whether the process is gone: ended, or a zombie no one has waited for yet.
    #[cfg(target_os = "linux")]
    fn gone(pid: &str) -> bool {
        match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            Err(_) => true,
            // `pid (name) state ...`: the name may hold spaces, not `)`.
            Ok(stat) => stat
                .rsplit_once(") ")
                .is_some_and(|(_, rest)| rest.starts_with('Z')),
        }
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_browser_that_hangs_is_stopped_with_every_process_it_started() {
        let pids = tempfile::tempdir().unwrap();
        let pid_file = pids.path().join("helper");
        // A helper of its own, as Chromium's renderers and GPU process are, then a hang.
        let script = format!(
            "sleep 60 &\necho $! > '{}.tmp'\nmv '{0}.tmp' '{0}'\nexec sleep 60",
            pid_file.display()
        );
        let (_dir, path) = fake("chromium", &script);
        let browser = Browser { path };
        let err = browser
            .page("<p>hi</p>")
            .unwrap()
            .print_within(Duration::from_secs(2))
            .unwrap_err();
        assert!(matches!(err, PrintError::TimedOut { .. }), "{err:?}");
        let helper = std::fs::read_to_string(&pid_file).expect("the helper started");
        let helper = helper.trim();
        // SIGKILL is delivered at once but not waited for: give the helper time to end.
        for _ in 0..250 {
            if gone(helper) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = Command::new("kill").args(["-9", helper]).status();
        panic!("the browser's helper process {helper} was left running");
    }

    #[test]
    fn the_sandbox_is_left_only_as_root() {
        let browser = Browser {
            path: PathBuf::from("chromium"),
        };
        let args = |root| -> Vec<String> {
            browser
                .command_as(Path::new("/tmp/profile"), root)
                .get_args()
                .map(|arg| arg.to_string_lossy().into_owned())
                .collect()
        };
        assert!(args(true).contains(&"--no-sandbox".to_owned()));
        assert!(!args(false).contains(&"--no-sandbox".to_owned()));
        assert!(args(false).contains(&"--headless".to_owned()));
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn root_is_the_effective_user_id_0() {
        let id = Command::new("id").arg("-u").output().unwrap();
        let root = String::from_utf8(id.stdout).unwrap().trim() == "0";
        assert_eq!(running_as_root(), root);
    }

    #[test]
    #[cfg(unix)]
    fn one_browser_prints_at_a_time() {
        let marks = tempfile::tempdir().unwrap();
        let busy = marks.path().join("busy");
        let log = marks.path().join("log");
        // `mkdir` fails when the folder is there: when another print is running.
        let script = format!(
            "mkdir '{busy}' 2>/dev/null || echo overlap >> '{log}'\nsleep 0.3\nrmdir '{busy}'\necho printed >> '{log}'\n{PRINTS}",
            busy = busy.display(),
            log = log.display(),
        );
        let (_dir, path) = fake("chromium", &script);
        let browser = Browser { path };
        std::thread::scope(|scope| {
            let prints: Vec<_> = (0..3)
                .map(|_| scope.spawn(|| browser.print("<p>hi</p>")))
                .collect();
            for print in prints {
                print.join().unwrap().unwrap();
            }
        });
        let log = std::fs::read_to_string(&log).unwrap();
        assert_eq!(log, "printed\nprinted\nprinted\n");
    }
}
