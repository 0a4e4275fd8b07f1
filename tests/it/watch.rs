//! `build --watch`: the real binary, watching a packet in a temporary folder while the test
//! edits it. Every wait is bounded and polls; nothing is timed.
#![allow(clippy::expect_used)] // helpers of tests: a failure is a failed test

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::{MINIMAL_PACKET, fixture};

/// How long any one step may take before the test fails: long, for a loaded machine.
const PATIENCE: Duration = Duration::from_secs(60);

/// A `promopack build --watch` running, its standard error collected as it comes; killed
/// when dropped, so that a failed test leaves no watcher behind.
struct Watching {
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Watching {
    fn start(dir: &Path, args: &[&str]) -> Self {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("promopack"))
            .args(["build", "--watch"])
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().expect("piped");
        let collected = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buffer = [0; 4096];
            while let Ok(n) = pipe.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                let text = String::from_utf8_lossy(&buffer[..n]).into_owned();
                collected.lock().expect("lock").push_str(&text);
            }
        });
        Self { child, stderr }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().expect("lock").clone()
    }

    /// Polls until `done` holds, or fails the test with what the watcher said.
    #[track_caller]
    fn until(&mut self, what: &str, mut done: impl FnMut(&str) -> bool) {
        let start = Instant::now();
        loop {
            if done(&self.stderr()) {
                return;
            }
            if let Some(status) = self.child.try_wait().expect("waits") {
                panic!(
                    "the watch ended ({status}) before {what}:\n{}",
                    self.stderr()
                );
            }
            assert!(
                start.elapsed() < PATIENCE,
                "waited too long for {what}:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

/// A folder with the minimal packet and its rubric.
fn minimal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("packet.toml"), MINIMAL_PACKET).expect("write");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture("minimal/rubric.toml")),
        dir.path().join("rubric.toml"),
    )
    .expect("copy");
    dir
}

/// The one Markdown output of the build, once it is there.
fn markdown(out: &Path) -> Option<PathBuf> {
    std::fs::read_dir(out)
        .ok()?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|e| e == "md"))
}

#[test]
fn rebuilds_on_a_change_and_keeps_the_last_good_output_when_the_packet_breaks() {
    let dir = minimal();
    let packet = dir.path().join("packet.toml");
    let out = dir.path().join("out");
    let mut watching = Watching::start(dir.path(), &["--format", "md"]);

    watching.until("the first build", |_| markdown(&out).is_some());
    let output = markdown(&out).expect("written");
    assert!(
        !read(&output)
            .unwrap_or_default()
            .contains("Watched and rebuilt"),
        "the change below must be new to the output"
    );

    let changed = MINIMAL_PACKET.replacen("runs a guild", "Watched and rebuilt", 1);
    assert_ne!(changed, MINIMAL_PACKET);
    std::fs::write(&packet, &changed).expect("write");
    watching.until("the rebuilt output", |_| {
        read(&output).is_some_and(|text| text.contains("Watched and rebuilt"))
    });
    let good = std::fs::read(&output).expect("read");

    // An editor that saves through a new file renamed over the old one is followed too.
    let broken = format!("{changed}\nthis line = = is not TOML\n");
    let staged = dir.path().join(".packet.toml.swp");
    std::fs::write(&staged, broken).expect("write");
    std::fs::rename(&staged, &packet).expect("rename");
    watching.until("the problem to be reported", |stderr| {
        stderr.contains("packet.toml:") && stderr.contains("nothing was written")
    });
    assert_eq!(
        std::fs::read(&output).expect("read"),
        good,
        "the last good output stays when the packet breaks"
    );

    // Fixed again: built again, so the watch outlived the broken packet.
    std::fs::write(&packet, MINIMAL_PACKET).expect("write");
    watching.until("the output of the fixed packet", |_| {
        read(&output).is_some_and(|text| !text.contains("Watched and rebuilt"))
    });
}

#[test]
fn rebuilds_when_an_included_file_or_a_template_changes() {
    let dir = minimal();
    let packet = MINIMAL_PACKET.replacen("[person]", "include = [\"log/*.toml\"]\n\n[person]", 1);
    assert_ne!(
        packet, MINIMAL_PACKET,
        "the minimal packet has a [person] table"
    );
    std::fs::write(dir.path().join("packet.toml"), packet).expect("write");
    std::fs::create_dir(dir.path().join("log")).expect("mkdir");
    std::fs::create_dir(dir.path().join("templates")).expect("mkdir");
    let out = dir.path().join("out");
    let mut watching = Watching::start(dir.path(), &["--format", "md", "--templates", "templates"]);
    watching.until("the first build", |stderr| {
        markdown(&out).is_some() && stderr.contains("watching")
    });
    let output = markdown(&out).expect("written");

    std::fs::write(
        dir.path().join("templates/packet.md"),
        "Template from the watched folder\n",
    )
    .expect("write");
    watching.until("the output of the new template", |_| {
        read(&output).is_some_and(|text| text.contains("Template from the watched folder"))
    });

    // A file that the include's glob starts to match.
    std::fs::write(dir.path().join("log/new.toml"), "this = = is not TOML\n").expect("write");
    watching.until("the new included file to be read", |stderr| {
        stderr.contains("new.toml")
    });
}

#[cfg(unix)]
#[test]
fn ctrl_c_ends_the_watch_with_130() {
    let dir = minimal();
    let mut watching = Watching::start(dir.path(), &["--format", "md"]);
    watching.until("the watch to start", |stderr| stderr.contains("watching"));
    let sent = Command::new("kill")
        .args(["-INT", &watching.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = watching.child.try_wait().expect("waits") {
            break status;
        }
        assert!(start.elapsed() < PATIENCE, "the watch did not end");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(130), "{}", watching.stderr());
}
