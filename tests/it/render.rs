//! The rendered Markdown of a small fixture, pinned: any change to the packet's layout shows
//! up here as a diff to review.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use crate::common::promopack;

#[test]
fn minimal_packet_markdown() {
    let out = promopack()
        .args([
            "build",
            "tests/fixtures/minimal/packet.toml",
            "-o",
            "-",
            "--format",
            "md",
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!(String::from_utf8(out.stdout).expect("utf-8"));
}
