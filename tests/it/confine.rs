//! A packet reads only what it owns: its rubric and includes resolve inside the git repository
//! that holds it (else its own folder) once links are resolved, only regular files are read, up
//! to 64 MB, and nothing of a file it may not read is ever printed.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{MINIMAL_PACKET, fixture, read};

/// Long enough for a slow machine, short enough that a hang fails the test rather than CI.
const DEADLINE: Duration = Duration::from_secs(30);

/// Text that must never reach the output: it is only in files the packet may not read.
const SECRET: &str = "hunter2-never-printed";

/// A folder with the minimal packet in `pk/` (a repository's top), its rubric beside it, and
/// `include` set.
struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new(include: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let case = Self { dir };
        let list = include
            .iter()
            .map(|p| format!("{p:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        let packet = MINIMAL_PACKET.replacen(
            "rubric = \"rubric.toml\"\n",
            &format!("rubric = \"rubric.toml\"\ninclude = [{list}]\n"),
            1,
        );
        case.file("pk/packet.toml", &packet);
        // A repository's top, so that the case holds wherever the temporary folder is.
        std::fs::create_dir_all(case.path("pk/.git")).expect("mkdir");
        case.file(
            "pk/rubric.toml",
            &read(&Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture("minimal/rubric.toml"))),
        );
        // A file outside the packet's folder, and not TOML: a snippet of it would print it.
        case.file("outside.toml", &format!("token = {SECRET} ]\n"));
        case
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn file(&self, name: &str, text: &str) {
        let path = self.path(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn rubric(&self, name: &str) {
        let packet = read(&self.path("pk/packet.toml"));
        let packet = packet.replacen("rubric = \"rubric.toml\"", &format!("rubric = {name:?}"), 1);
        self.file("pk/packet.toml", &packet);
    }

    fn activity(&self, name: &str, title: &str) {
        let text = format!(
            "[[activity]]\ntitle = {title:?}\ndate = 2026-01-20\nkind = \"blog-post\"\n\
             sections = [\"writing\"]\nevidence = [\"https://e.example/{}\"]\n",
            title.len()
        );
        self.file(name, &text);
    }

    /// `promopack ARGS` in the case's folder, which must end within the deadline.
    fn run(&self, args: &[&str]) -> Ran {
        run_within(self.dir.path(), args, &[])
    }
}

struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Ran {
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Runs the binary with a deadline: a run that blocks is killed, and the test fails.
fn run_within(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Ran {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("promopack"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = pipe.read_to_end(&mut text);
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("promopack {args:?} did not finish within {DEADLINE:?}: it blocked");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Ran {
        code: status.code(),
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    }
}

#[track_caller]
fn refused(ran: &Ran, code: &str, what: &str) {
    assert_eq!(ran.code, Some(1), "{}", ran.all());
    let all = ran.all();
    assert!(
        all.contains(&format!("error[{code}]")) || all.contains(&format!("promopack {code}::")),
        "{all}"
    );
    assert!(ran.all().contains(what), "{}", ran.all());
    assert!(!ran.all().contains(SECRET), "{}", ran.all());
}

#[cfg(target_os = "linux")]
#[test]
fn an_include_of_the_process_environment_is_refused_and_none_of_it_printed() {
    let case = Case::new(&["/proc/self/environ"]);
    let env = [("PROMOPACK_TEST_SECRET", SECRET)];
    for args in [
        &["check", "pk/packet.toml"][..],
        &["check", "pk/packet.toml", "--format", "github"],
        &["build", "pk/packet.toml", "--quiet", "-o", "out"],
    ] {
        let ran = run_within(case.dir.path(), args, &env);
        refused(&ran, "outside-packet", "`/proc/self/environ`");
        assert!(
            !ran.all().contains("PROMOPACK_TEST_SECRET"),
            "{}",
            ran.all()
        );
    }
    assert!(!case.path("out").exists());
}

#[test]
fn an_include_up_and_out_of_the_folder_is_refused() {
    let case = Case::new(&["../outside.toml"]);
    let ran = case.run(&["check", "pk/packet.toml"]);
    refused(&ran, "outside-packet", "the included file `outside.toml`");
    assert!(ran.all().contains("--read-outside"), "{}", ran.all());
}

#[cfg(unix)]
#[test]
fn an_include_through_a_link_out_of_the_folder_is_refused() {
    let case = Case::new(&["link.toml"]);
    std::os::unix::fs::symlink("../outside.toml", case.path("pk/link.toml")).expect("link");
    let ran = case.run(&["check", "pk/packet.toml"]);
    refused(&ran, "outside-packet", "`pk/link.toml` (it leads to `");
}

#[cfg(unix)]
#[test]
fn a_parent_folder_and_a_link_that_stay_inside_are_read() {
    let case = Case::new(&["activities/../more/a.toml", "link.toml"]);
    case.activity("pk/more/a.toml", "Read through a parent folder");
    case.activity("pk/more/b.toml", "Read through a link");
    std::fs::create_dir_all(case.path("pk/activities")).expect("mkdir");
    std::os::unix::fs::symlink("more/b.toml", case.path("pk/link.toml")).expect("link");
    let ran = case.run(&["build", "pk/packet.toml", "-q", "-o", "-", "--format", "md"]);
    assert_eq!(ran.code, Some(0), "{}", ran.all());
    assert!(ran.stdout.contains("Read through a parent folder"));
    assert!(ran.stdout.contains("Read through a link"));
}

#[test]
fn read_outside_lets_a_packet_read_the_folder_it_names() {
    let case = Case::new(&["../shared/*.toml"]);
    case.activity("shared/a.toml", "Shared between packets");
    let ran = case.run(&["check", "pk/packet.toml"]);
    refused(&ran, "outside-packet", "`shared/a.toml`");
    let ran = case.run(&["check", "pk/packet.toml", "--read-outside", "shared"]);
    assert_eq!(ran.code, Some(0), "{}", ran.all());
    // Only the folder named: the file beside it stays out.
    let case = Case::new(&["../shared/*.toml", "../outside.toml"]);
    case.activity("shared/a.toml", "Shared between packets");
    let ran = case.run(&["check", "pk/packet.toml", "--read-outside", "shared"]);
    refused(&ran, "outside-packet", "`outside.toml`");
    let ran = case.run(&["check", "pk/packet.toml", "--read-outside", "nowhere"]);
    assert_eq!(ran.code, Some(2), "{}", ran.all());
    assert!(
        ran.stderr
            .contains("`--read-outside nowhere` names no folder")
    );
}

#[test]
fn a_rubric_outside_the_folder_is_refused_and_none_of_it_printed() {
    let case = Case::new(&[]);
    case.rubric("../outside.toml");
    let ran = case.run(&["check", "pk/packet.toml"]);
    refused(&ran, "outside-packet", "the rubric file `outside.toml`");
    let ran = case.run(&["build", "pk/packet.toml", "--quiet", "-o", "out"]);
    refused(&ran, "outside-packet", "the rubric file `outside.toml`");
    // A file that is not there is refused the same way: no error tells whether it exists.
    case.rubric("../../../etc/not-there/rubric.toml");
    let ran = case.run(&["check", "pk/packet.toml"]);
    refused(&ran, "outside-packet", "the rubric file");
}

#[cfg(unix)]
#[test]
fn a_rubric_through_a_link_out_of_the_folder_is_refused() {
    let case = Case::new(&[]);
    std::os::unix::fs::symlink("../outside.toml", case.path("pk/company.toml")).expect("link");
    case.rubric("company.toml");
    let ran = case.run(&["check", "pk/packet.toml"]);
    refused(&ran, "outside-packet", "`pk/company.toml` (it leads to `");
}

#[cfg(unix)]
#[test]
fn a_packet_that_links_out_of_its_folder_is_refused() {
    let case = Case::new(&[]);
    std::os::unix::fs::symlink("../outside.toml", case.path("pk/evil.toml")).expect("link");
    let ran = case.run(&["check", "pk/evil.toml"]);
    refused(&ran, "outside-packet", "the packet `pk/evil.toml`");
}

#[test]
fn a_packet_in_a_repository_reads_the_whole_repository_but_not_git_itself() {
    let case = Case::new(&[]);
    // `repo/` is a git work tree: a shared rubric at its top is the packet's to read.
    case.file(
        "repo/.git/config",
        &format!("[core]\nsecret = {SECRET} ]\n"),
    );
    case.file(
        "repo/rubric.toml",
        &read(&Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture("minimal/rubric.toml"))),
    );
    let packet = MINIMAL_PACKET.replacen("rubric.toml", "../../rubric.toml", 1);
    case.file("repo/packets/a/packet.toml", &packet);
    let ran = case.run(&["check", "repo/packets/a/packet.toml"]);
    assert_eq!(ran.code, Some(0), "{}", ran.all());
    let included = packet.replacen(
        "\n[person]",
        "include = [\"../../.git/config\"]\n\n[person]",
        1,
    );
    case.file("repo/packets/a/packet.toml", &included);
    let ran = case.run(&["check", "repo/packets/a/packet.toml"]);
    refused(&ran, "outside-packet", "is inside a `.git` folder");
}

#[cfg(unix)]
fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|status| status.success())
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_at_once_rather_than_waited_on() {
    let case = Case::new(&["pipe.toml"]);
    if !mkfifo(&case.path("pk/pipe.toml")) {
        eprintln!("skipped: no mkfifo");
        return;
    }
    let ran = case.run(&["check", "pk/packet.toml"]);
    refused(
        &ran,
        "bad-include",
        "it is a named pipe, not a regular file",
    );
    let case = Case::new(&[]);
    assert!(mkfifo(&case.path("pk/pipe.toml")));
    case.rubric("pipe.toml");
    let ran = case.run(&["build", "pk/packet.toml", "-q", "-o", "out"]);
    refused(
        &ran,
        "missing-rubric",
        "it is a named pipe, not a regular file",
    );
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_even_where_the_command_line_lets_the_packet_read() {
    let case = Case::new(&[]);
    case.rubric("/dev/zero");
    let ran = case.run(&["check", "pk/packet.toml"]);
    refused(&ran, "outside-packet", "`/dev/zero`");
    let ran = case.run(&["check", "pk/packet.toml", "--read-outside", "/dev"]);
    refused(&ran, "missing-rubric", "it is a device, not a regular file");
}

#[test]
fn a_folder_is_not_an_activity_file() {
    let case = Case::new(&["activities"]);
    std::fs::create_dir_all(case.path("pk/activities")).expect("mkdir");
    let ran = case.run(&["check", "pk/packet.toml"]);
    refused(&ran, "bad-include", "it is a folder, not a file");
}

#[test]
fn a_file_past_64_mb_is_refused() {
    let case = Case::new(&["big.toml"]);
    let big = std::fs::File::create(case.path("pk/big.toml")).expect("create");
    // Sparse: 65 MB long, next to nothing on disk.
    big.set_len(65 * 1024 * 1024).expect("set_len");
    let ran = case.run(&["check", "pk/packet.toml"]);
    refused(&ran, "bad-include", "it is larger than 64 MB");
    let case = Case::new(&[]);
    std::fs::rename(case.path("pk/rubric.toml"), case.path("pk/company.toml")).expect("rename");
    let big = std::fs::OpenOptions::new()
        .append(true)
        .open(case.path("pk/company.toml"))
        .expect("open");
    big.set_len(65 * 1024 * 1024).expect("set_len");
    case.rubric("company.toml");
    let ran = case.run(&["check", "pk/packet.toml"]);
    refused(&ran, "missing-rubric", "it is larger than 64 MB");
}
