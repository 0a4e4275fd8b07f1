//! Property tests: random and mutated packet and rubric files give an error or a result,
//! never a panic, all the way through rendering; and a packet that validates always renders.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use promopack::diagnostic::Source;
use promopack::packet::{PeriodOverride, load_source, validate};
use promopack::render::context::Context;
use promopack::render::{self, Format, Layout, Renderer, templates};
use promopack::rubric;
use proptest::prelude::*;

const PACKET: &str = include_str!("../fixtures/minimal/packet.toml");
const RUBRIC: &str = include_str!("../fixtures/minimal/rubric.toml");

/// Loads, validates and, when that succeeds, renders every format: the whole pipeline.
fn run_packet(text: &str) {
    let source = Source::new("tests/fixtures/minimal/packet.toml", text);
    let checked = validate::packet(load_source(source), &PeriodOverride::default());
    if let Some(packet) = checked.packet {
        // The property: a packet that validates also renders, in every format. A failure
        // here is a bug (validation let through what rendering cannot handle), not an input
        // problem, so it must fail the test rather than be ignored.
        let renderer = Renderer::new(templates::load(None).expect("templates")).expect("renderer");
        let context = Context::new(&packet, Layout::Packet)
            .unwrap_or_else(|err| panic!("a valid packet has no template context: {err:?}"));
        let formats = [Format::Md, Format::Html, Format::Txt];
        let rendered = render::render(&context, &renderer, &formats)
            .unwrap_or_else(|err| panic!("a valid packet does not render: {err:?}"));
        assert_eq!(rendered.len(), formats.len(), "a format is missing");
    } else {
        assert!(
            checked.diagnostics.iter().any(|d| d.is_error()),
            "no packet and no error"
        );
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Insert(usize, String),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    ReplaceByte(usize, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..40usize).prop_map(|(at, len)| Mutation::Delete(at, len)),
        (
            any::<usize>(),
            prop_oneof![
                ".{0,12}",
                Just("\n[[activity]]\n".to_owned()),
                Just("\"".to_owned()),
                Just("= [".to_owned()),
                Just("{ a = nan }".to_owned()),
                Just("9999-12-31".to_owned()),
                Just("0000-01-01".to_owned()),
                Just(">".repeat(200)),
                Just("[".repeat(300)),
            ]
        )
            .prop_map(|(at, text)| Mutation::Insert(at, text)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::ReplaceByte(at, b)),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for m in mutations {
        let n = bytes.len().max(1);
        match m {
            Mutation::Delete(at, len) => {
                let at = at % n;
                let end = (at + len).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            Mutation::Insert(at, text) => {
                let at = at % n;
                bytes.splice(at..at, text.bytes());
            }
            Mutation::ReplaceByte(at, b) => {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    bytes[at] = *b;
                }
            }
            Mutation::DuplicateLine(i) | Mutation::SwapLines(i, _) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let mut lines: Vec<&str> = text.lines().collect();
                if lines.is_empty() {
                    continue;
                }
                let i = i % lines.len();
                if let Mutation::SwapLines(_, j) = m {
                    let j = j % lines.len();
                    lines.swap(i, j);
                } else {
                    lines.insert(i, lines[i]);
                }
                bytes = lines.join("\n").into_bytes();
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_is_an_error_or_a_packet(text in ".{0,400}") {
        run_packet(&text);
    }

    #[test]
    fn mutated_packets_never_panic(mutations in prop::collection::vec(mutation(), 1..6)) {
        run_packet(&apply(PACKET, &mutations));
    }

    #[test]
    fn mutated_rubrics_never_panic(mutations in prop::collection::vec(mutation(), 1..6)) {
        let text = apply(RUBRIC, &mutations);
        let _ = rubric::check(&Source::new("rubric.toml", text));
    }
}

#[test]
fn hostile_shapes_are_errors_or_results() {
    let deep_array = format!("a = {}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_table = format!("{}1{}", "a = { b = ".repeat(2_000), " }".repeat(2_000));
    let long_line = format!("rubric = \"{}\"", "x".repeat(5_000_000));
    let dotted = format!("{} = 1", vec!["k"; 5_000].join("."));
    for text in [
        "",
        "\u{feff}",
        "\0",
        "[[",
        &deep_array,
        &deep_table,
        &long_line,
        &dotted,
    ] {
        run_packet(text);
    }
}

#[test]
fn a_packet_of_tens_of_megabytes_builds() {
    let filler =
        "# a note kept in the packet, long enough to fill a line of the file\n".repeat(400_000);
    let text = format!("{PACKET}\n{filler}");
    assert!(text.len() > 25_000_000);
    let source = Source::new("tests/fixtures/minimal/packet.toml", text);
    let checked = validate::packet(load_source(source), &PeriodOverride::default());
    assert!(checked.packet.is_some(), "{:?}", checked.diagnostics);
}
