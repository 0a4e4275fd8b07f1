//! The rendered Markdown of a small fixture, pinned: any change to the packet's layout shows
//! up here as a diff to review.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

#[test]
fn minimal_packet_markdown() {
    insta::assert_snapshot!(crate::common::built(
        "tests/fixtures/minimal/packet.toml",
        "md"
    ));
}
