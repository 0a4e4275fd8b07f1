//! The targets of docs/performance.md, each beside its measured figure and the floor.
//!
//! `cargo bench --bench targets` runs whole processes, as a user does, and prints medians:
//! - `promopack build` of one synthetic packet of 50 and of 10,000 activities (Markdown and
//!   HTML), and the floor of each in a process of its own (parse the TOML with the `toml`
//!   crate, convert its Markdown with pulldown-cmark, render one Tera template, write it);
//! - `promopack build DIR` of 1,000 packets of 50 activities.
//!
//! Each process is started by a copy of this benchmark that waits for it and reports its
//! wall time, its CPU time (user and system) and its peak resident memory: what `getrusage`
//! says of its one child.

#![allow(clippy::expect_used)] // a benchmark that cannot run should stop loudly

// The in-process build of `common` is `benches/build.rs`'s; this one runs the binary.
#[allow(dead_code)]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{floor_once, floor_tera};
use promopack::synthetic;

const PROMOPACK: &str = env!("CARGO_BIN_EXE_promopack");

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--measure") => measure(&args[1..]),
        Some("--floor") => floor(Path::new(&args[1]), Path::new(&args[2])),
        // `cargo bench` passes `--bench`; anything else is the same request.
        _ => parent(),
    }
}

/// One process's figures.
#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    cpu: Duration,
    /// Peak resident memory, in bytes.
    peak: u64,
}

/// Runs `program args` `times` times, each from a process of its own that measures it, and
/// returns the median of each figure.
fn median_of(times: usize, program: &str, args: &[&str]) -> Run {
    let me = std::env::current_exe().expect("own path");
    let mut runs: Vec<Run> = (0..times)
        .map(|_| {
            let out = Command::new(&me)
                .arg("--measure")
                .arg(program)
                .args(args)
                .output()
                .expect("runs");
            assert!(
                out.status.success(),
                "{program} {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let text = String::from_utf8_lossy(&out.stdout);
            let numbers: Vec<u64> = text
                .split_whitespace()
                .map(|n| n.parse().expect("a number"))
                .collect();
            Run {
                wall: Duration::from_nanos(numbers[0]),
                cpu: Duration::from_nanos(numbers[1]),
                peak: numbers[2],
            }
        })
        .collect();
    let middle = runs.len() / 2;
    let mut median = |key: fn(&Run) -> u128| {
        runs.sort_by_key(key);
        runs[middle]
    };
    Run {
        wall: median(|r| r.wall.as_nanos()).wall,
        cpu: median(|r| r.cpu.as_nanos()).cpu,
        peak: median(|r| u128::from(r.peak)).peak,
    }
}

fn parent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let packet = |name: &str, activities: usize| -> PathBuf {
        let folder = dir.path().join(name);
        std::fs::create_dir_all(&folder).expect("mkdir");
        let path = folder.join("packet.toml");
        std::fs::write(&path, synthetic::packet(activities)).expect("write");
        path
    };
    let build = |path: &Path, times: usize| {
        let out = path.with_file_name("out");
        median_of(
            times,
            PROMOPACK,
            &[
                "build",
                "-q",
                "-o",
                out.to_str().expect("UTF-8"),
                path.to_str().expect("UTF-8"),
            ],
        )
    };
    let floor = |path: &Path, times: usize| {
        let me = std::env::current_exe().expect("own path");
        let out = path.with_file_name("floor.html");
        median_of(
            times,
            me.to_str().expect("UTF-8"),
            &[
                "--floor",
                path.to_str().expect("UTF-8"),
                out.to_str().expect("UTF-8"),
            ],
        )
    };

    println!(
        "{:<32} {:>34} {:>24} {:>14}  met",
        "whole processes, medians", "promopack", "floor", "target"
    );
    let small = packet("small", 50);
    let (built, bare) = (build(&small, 21), floor(&small, 21));
    row(
        "50 activities: wall time",
        &time(built.wall, built.cpu),
        &time(bare.wall, bare.cpu),
        "< 10 ms",
        built.wall < Duration::from_millis(10),
    );
    row(
        "50 activities: peak memory",
        &mb(built.peak),
        &mb(bare.peak),
        "< 16 MB",
        built.peak < 16_000_000,
    );

    let large = packet("large", 10_000);
    let (built, bare) = (build(&large, 5), floor(&large, 5));
    let times = built.wall.as_secs_f64() / bare.wall.as_secs_f64();
    row(
        "10,000 activities: wall time",
        &format!("{} ({times:.1}x)", time(built.wall, built.cpu)),
        &time(bare.wall, bare.cpu),
        "<= 2x floor",
        times <= 2.0,
    );
    let times = built.peak as f64 / bare.peak as f64;
    row(
        "10,000 activities: peak memory",
        &format!("{} ({times:.1}x)", mb(built.peak)),
        &mb(bare.peak),
        "<= 1.5x floor",
        times <= 1.5,
    );

    let batch = dir.path().join("batch");
    let text = synthetic::packet(50);
    for i in 0..1000 {
        let folder = batch.join(format!("p{i}"));
        std::fs::create_dir_all(&folder).expect("mkdir");
        // Each packet its own person, so the outputs do not collide.
        let own = text.replacen("Sam Synthetic", &format!("Sam Synthetic {i}"), 1);
        std::fs::write(folder.join("packet.toml"), own).expect("write");
    }
    let out = dir.path().join("batch-out");
    let built = median_of(
        3,
        PROMOPACK,
        &[
            "build",
            "-q",
            "-o",
            out.to_str().expect("UTF-8"),
            batch.to_str().expect("UTF-8"),
        ],
    );
    row(
        "1,000 packets of 50: wall time",
        &format!("{} {}", time(built.wall, built.cpu), mb(built.peak)),
        "",
        "< 2 s",
        built.wall < Duration::from_secs(2),
    );
}

fn row(what: &str, measured: &str, floor: &str, target: &str, met: bool) {
    let met = if met { "yes" } else { "NO" };
    println!("{what:<32} {measured:>34} {floor:>24} {target:>14}  {met}");
}

/// Wall time, then CPU time in brackets.
fn time(wall: Duration, cpu: Duration) -> String {
    let show = |d: Duration| {
        if d < Duration::from_secs(1) {
            format!("{:.1} ms", d.as_secs_f64() * 1e3)
        } else {
            format!("{:.2} s", d.as_secs_f64())
        }
    };
    format!("{} (cpu {})", show(wall), show(cpu))
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

#[cfg(not(unix))]
fn measure(_: &[String]) {
    panic!("the targets benchmark reads `getrusage`, which only Unix has");
}

/// Runs a command and prints its wall time and CPU time in nanoseconds and its peak resident
/// memory in bytes. This process has no other child, so what `getrusage` says of its
/// children is this one's.
#[cfg(unix)]
fn measure(command: &[String]) {
    use nix::sys::resource::{UsageWho, getrusage};
    let start = Instant::now();
    let status = Command::new(&command[0])
        .args(&command[1..])
        .status()
        .expect("starts");
    let wall = start.elapsed();
    assert!(status.success(), "{command:?} failed");
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).expect("getrusage");
    let nanos =
        |t: nix::sys::time::TimeVal| t.tv_sec() as u64 * 1_000_000_000 + t.tv_usec() as u64 * 1_000;
    let cpu = nanos(usage.user_time()) + nanos(usage.system_time());
    // Linux gives the peak in KiB.
    let peak = usage.max_rss() as u64 * 1024;
    println!("{} {cpu} {peak}", wall.as_nanos());
}

/// The floor as a process of its own: read the packet, the bare work, write the HTML.
fn floor(packet: &Path, out: &Path) {
    let text = std::fs::read_to_string(packet).expect("read");
    let html = floor_once(&text, &floor_tera());
    std::fs::write(out, html).expect("write");
}
