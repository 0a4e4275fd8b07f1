//! How a build's memory grows with the packet: no faster than the number of activities.
//! Counted, not timed: the bytes the library allocates for one packet of 1,000 activities and
//! one of 10,000, in one thread (a thread pool of one, so that the parallel parts are counted
//! too), through the same steps as `promopack build` short of writing the files.

#![allow(clippy::expect_used)] // a failed expectation is a failed test

use promopack::packet::{self, PeriodOverride};
use promopack::pipeline;
use promopack::render::{Format, Layout, Renderer, templates};

/// Bytes allocated in all and at most at once while one synthetic packet is read, checked and
/// rendered as Markdown and HTML.
fn allocated(activities: usize) -> (u64, u64) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("packet.toml");
    std::fs::write(&path, promopack::synthetic::packet(activities)).expect("write");
    let renderer = Renderer::new(templates::load(None).expect("templates")).expect("renderer");
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool");
    let info = pool.install(|| {
        allocation_counter::measure(|| {
            let loaded = packet::load(&path).expect("readable");
            let rendered = pipeline::render(
                loaded,
                &renderer,
                &[Format::Md, Format::Html],
                Layout::default(),
                &PeriodOverride::default(),
            )
            .expect("renders");
            assert!(rendered.outputs.iter().all(|(_, text)| !text.is_empty()));
        })
    });
    (info.bytes_total, info.bytes_max)
}

#[test]
fn memory_grows_no_faster_than_the_activities() {
    let (total_1k, peak_1k) = allocated(1_000);
    let (total_10k, peak_10k) = allocated(10_000);
    // Ten times the activities; a little over ten times the bytes is allowed for what does not
    // grow evenly (a vector's last doubling, longer ids), nothing like a square.
    let ratio = |big: u64, small: u64| big as f64 / small.max(1) as f64;
    let total = ratio(total_10k, total_1k);
    let peak = ratio(peak_10k, peak_1k);
    assert!(
        total <= 11.0,
        "10,000 activities allocated {total:.1}x the bytes of 1,000 ({total_10k} vs {total_1k})"
    );
    assert!(
        peak <= 11.0,
        "10,000 activities held {peak:.1}x the bytes of 1,000 at once ({peak_10k} vs {peak_1k})"
    );
    // Not vacuous: the counter saw the packet's own data.
    assert!(peak_1k > 1_000_000, "{peak_1k}");
}
