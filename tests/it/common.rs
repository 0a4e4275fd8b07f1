//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

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
