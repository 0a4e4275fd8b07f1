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
