//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The real `promopack` binary, run from the crate root so fixture paths read naturally.
pub fn promopack() -> Command {
    let mut cmd = assert_cmd::cargo_bin_cmd!("promopack");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1");
    cmd
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new("tests/fixtures").join(name)
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// Text as Tera's HTML autoescape writes it.
pub fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// `promopack build PACKET -o - --format FORMAT`: the packet as text, or a failed test.
pub fn built(packet: &str, format: &str) -> String {
    let out = promopack()
        .args(["build", packet, "-q", "-o", "-", "--format", format])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The minimal fixture packet, to change a line of for a case.
pub const MINIMAL_PACKET: &str = include_str!("../fixtures/minimal/packet.toml");

/// One run of the real binary in a fresh temporary folder, which is also its working
/// directory, so paths in its output read as the case wrote them (`packet.toml:3:1`):
///
/// ```ignore
/// let out = Test::minimal()
///     .file("templates/packet.md", "{{ nope }}")
///     .args(["build", "packet.toml", "--templates", "templates"])
///     .status(1)
///     .run();
/// assert!(out.stderr.contains("template `packet.md`"), "{}", out.stderr);
/// ```
///
/// The exit code is always checked: 0 unless `status` says otherwise.
pub struct Test {
    dir: TempDir,
    args: Vec<OsString>,
    env: Vec<(OsString, OsString)>,
    status: i32,
}

impl Default for Test {
    fn default() -> Self {
        Self::new()
    }
}

impl Test {
    /// An empty folder.
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("tempdir"),
            args: Vec::new(),
            env: Vec::new(),
            status: 0,
        }
    }

    /// The minimal fixture's `packet.toml` and `rubric.toml`: a packet that builds.
    pub fn minimal() -> Self {
        Self::new()
            .packet(MINIMAL_PACKET)
            .fixture("minimal/rubric.toml", "rubric.toml")
    }

    /// `packet.toml` with this text.
    pub fn packet(self, text: &str) -> Self {
        self.file("packet.toml", text)
    }

    /// A file at `name`, relative to the folder; missing parent folders are made.
    pub fn file(self, name: &str, contents: impl AsRef<[u8]>) -> Self {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, contents).unwrap_or_else(|err| panic!("{name}: {err}"));
        self
    }

    /// A copy of `tests/fixtures/FROM` at `to`.
    pub fn fixture(self, from: &str, to: &str) -> Self {
        let text = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture(from)))
            .unwrap_or_else(|err| panic!("{from}: {err}"));
        self.file(to, text)
    }

    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: Into<OsString>>(mut self, args: I) -> Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// The exit code the run must end with.
    pub fn status(mut self, code: i32) -> Self {
        self.status = code;
        self
    }

    /// Runs `promopack ARGS` in the folder, with `NO_COLOR` set, and checks the exit code.
    #[track_caller]
    pub fn run(self) -> Output {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin!("promopack"))
            .args(&self.args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .envs(self.env)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("runs");
        let output = Output {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
            dir: self.dir,
        };
        assert_eq!(
            output.status, self.status,
            "exit code of promopack {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.args, output.stdout, output.stderr
        );
        output
    }
}

/// What a `Test` run gave, and its folder, to look at what it wrote.
pub struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
    pub dir: TempDir,
}

impl Output {
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn read(&self, name: &str) -> String {
        read(&self.path(name))
    }
}

/// A compiled JSON Schema, to validate promopack's outputs and inputs against the schemas it
/// documents.
pub struct JsonSchema {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl JsonSchema {
    /// Compiles `schema`; panics when it is not a valid JSON Schema.
    pub fn new(schema: serde_json::Value) -> Self {
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler
            .add_resource("file:///schema.json", schema)
            .expect("a schema resource");
        let index = compiler
            .compile("file:///schema.json", &mut schemas)
            .unwrap_or_else(|err| panic!("not a valid JSON Schema: {err:#}"));
        JsonSchema { schemas, index }
    }

    /// Every way `value` breaks the schema, one line each (none when it is valid).
    pub fn errors(&self, value: &serde_json::Value) -> Vec<String> {
        match self.schemas.validate(value, self.index) {
            Ok(()) => Vec::new(),
            Err(err) => format!("{err:#}").lines().map(str::to_owned).collect(),
        }
    }
}
