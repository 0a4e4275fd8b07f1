//! Every build format of three packets, pinned whole: a small fixture that touches each part of
//! the layout, and the devrel and engineer examples as real packets; and the Markdown and HTML
//! of a fixture that uses every shape of a real ladder. Any change to what a packet looks like
//! shows up here as a diff to review; accept it with `INSTA_UPDATE=always cargo test render`
//! and read the `.snap` files before committing them.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

const MINIMAL: &str = "tests/fixtures/minimal/packet.toml";
const DEVREL: &str = "examples/devrel/packet.toml";

/// The packet as `build -o - --format FORMAT` prints it, with the version of promopack that
/// the HTML names replaced, so that a release does not change every snapshot.
fn built(packet: &str, format: &str) -> String {
    crate::common::built(packet, format).replace(
        concat!("promopack ", env!("CARGO_PKG_VERSION")),
        "promopack [VERSION]",
    )
}

#[test]
fn minimal_packet_markdown() {
    insta::assert_snapshot!(built(MINIMAL, "md"));
}

#[test]
fn minimal_packet_html() {
    insta::assert_snapshot!(built(MINIMAL, "html"));
}

#[test]
fn minimal_packet_text() {
    insta::assert_snapshot!(built(MINIMAL, "txt"));
}

#[test]
fn devrel_packet_markdown() {
    insta::assert_snapshot!(built(DEVREL, "md"));
}

#[test]
fn devrel_packet_html() {
    insta::assert_snapshot!(built(DEVREL, "html"));
}

#[test]
fn devrel_packet_text() {
    insta::assert_snapshot!(built(DEVREL, "txt"));
}

const ENGINEER: &str = "examples/engineer/packet.toml";

#[test]
fn engineer_packet_markdown() {
    insta::assert_snapshot!(built(ENGINEER, "md"));
}

#[test]
fn engineer_packet_html() {
    insta::assert_snapshot!(built(ENGINEER, "html"));
}

#[test]
fn engineer_packet_text() {
    insta::assert_snapshot!(built(ENGINEER, "txt"));
}

const LADDER: &str = "tests/fixtures/ladder/packet.toml";

#[test]
fn ladder_packet_markdown() {
    insta::assert_snapshot!(built(LADDER, "md"));
}

#[test]
fn ladder_packet_html() {
    insta::assert_snapshot!(built(LADDER, "html"));
}
