//! How fast promopack builds packets, next to the floor of the same work done bare.
//!
//! `cargo bench` prints, for synthetic packets of 10 to 100,000 activities:
//! - `build`: the whole build of one packet, Markdown and HTML: compile the templates, read
//!   the file, validate, build the context, render, write both files;
//! - `floor`: the bare cost of the same input: parse the TOML with the `toml` crate, convert
//!   every activity's Markdown with pulldown-cmark and render one Tera template over it;
//! - `batch`: 1,000 packets of 50 activities built in parallel, as `promopack build DIR` does.

#![allow(clippy::expect_used)] // a benchmark that cannot run should stop loudly

mod common;

use common::{build_file, floor_once, floor_tera, renderer};
use divan::Bencher;
use promopack::synthetic;
use rayon::prelude::*;

fn main() {
    divan::main();
}

const SIZES: [usize; 4] = [10, 50, 1_000, 10_000];

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn build(bencher: Bencher, activities: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("packet.toml");
    std::fs::write(&path, synthetic::packet(activities)).expect("write");
    bencher.bench_local(|| build_file(&path, dir.path(), &renderer()));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn floor(bencher: Bencher, activities: usize) {
    let text = synthetic::packet(activities);
    let tera = floor_tera();
    bencher.bench_local(|| floor_once(&text, &tera));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn batch_1000_packets_of_50(bencher: Bencher) {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = synthetic::packet(50);
    let packets: Vec<_> = (0..1000)
        .map(|i| {
            let folder = dir.path().join(format!("p{i}"));
            std::fs::create_dir(&folder).expect("mkdir");
            let path = folder.join("packet.toml");
            std::fs::write(&path, &text).expect("write");
            path
        })
        .collect();
    bencher.bench_local(|| {
        let renderer = renderer();
        packets
            .par_iter()
            .for_each(|path| build_file(path, path.parent().expect("folder"), &renderer));
    });
}

/// A packet of one activity whose summary is `summary`.
fn packet_with_summary(summary: &str) -> String {
    format!(
        "rubric = \"developer-advocate\"\n[person]\nname = \"Pat\"\nrole = \"Developer Advocate\"\n\
         target = \"senior\"\n[period]\nlabel = \"2026\"\nstart = 2026-01-01\nend = 2026-12-31\n\
         [[activity]]\ntitle = \"Long text\"\nkind = \"talk\"\ndate = 2026-03-01\n\
         sections = [\"speaking\"]\nsummary = '''{summary}'''\n"
    )
}

/// Builds a packet whose one summary is `text`: four times the text should take about four
/// times as long, never the sixteen of a square (the Markdown filter once did, on these).
fn long_text(bencher: Bencher, text: String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("packet.toml");
    std::fs::write(&path, packet_with_summary(&text)).expect("write");
    let renderer = renderer();
    bencher.bench_local(|| build_file(&path, dir.path(), &renderer));
}

const LENGTHS: [usize; 2] = [10_000, 40_000];

#[divan::bench(args = LENGTHS, sample_count = 5, sample_size = 1)]
fn text_of_ampersands(bencher: Bencher, n: usize) {
    long_text(bencher, "&".repeat(n));
}

#[divan::bench(args = LENGTHS, sample_count = 5, sample_size = 1)]
fn text_of_entities(bencher: Bencher, n: usize) {
    long_text(bencher, "&amp;".repeat(n));
}

#[divan::bench(args = LENGTHS, sample_count = 5, sample_size = 1)]
fn text_of_latin_1_signs(bencher: Bencher, n: usize) {
    long_text(bencher, "°".repeat(n));
}

#[divan::bench(args = LENGTHS, sample_count = 5, sample_size = 1)]
fn text_of_one_long_link_address(bencher: Bencher, n: usize) {
    long_text(
        bencher,
        format!("[x](https://e.example/?{})", "&".repeat(n)),
    );
}
