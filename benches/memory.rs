//! Peak memory of one build next to the floor's, for the README's memory figures.
//!
//! `cargo bench --bench memory` builds synthetic packets of 1,000 and 10,000 activities, and the
//! floor of each, every one in a process of its own, and prints each process's peak resident
//! memory (Linux's `VmHWM`) beside the size of the packet file.

#![allow(clippy::expect_used)] // a benchmark that cannot run should stop loudly

mod common;

use std::process::Command;

use common::{build_file, floor_once, floor_tera, renderer};
use promopack::synthetic;

const SIZES: [usize; 2] = [1_000, 10_000];

fn main() {
    let mut args = std::env::args().skip(1);
    match (args.next().as_deref(), args.next()) {
        (Some("--child"), Some(job)) => child(&job, &args.next().expect("size")),
        // `cargo bench` passes `--bench`; anything else is the same request.
        _ => parent(),
    }
}

fn parent() {
    let me = std::env::current_exe().expect("own path");
    println!("activities   input      build peak       floor peak");
    for size in SIZES {
        let input = synthetic::packet(size).len();
        let peak = |job: &str| -> usize {
            let out = Command::new(&me)
                .args(["--child", job, &size.to_string()])
                .output()
                .expect("runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout)
                .trim()
                .parse()
                .expect("a number of bytes")
        };
        let (build, floor) = (peak("build"), peak("floor"));
        let mb = |bytes: usize| bytes as f64 / 1e6;
        let times = |bytes: usize| bytes as f64 / input as f64;
        println!(
            "{size:>10}   {:>5.1} MB   {:>6.1} MB ({:>4.1}×)   {:>6.1} MB ({:>4.1}×)",
            mb(input),
            mb(build),
            times(build),
            mb(floor),
            times(floor)
        );
    }
}

/// Runs one job and prints the process's peak resident memory in bytes.
fn child(job: &str, size: &str) {
    let size: usize = size.parse().expect("size");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("packet.toml");
    std::fs::write(&path, synthetic::packet(size)).expect("write");
    match job {
        "build" => build_file(&path, dir.path(), &renderer()),
        "floor" => {
            let text = std::fs::read_to_string(&path).expect("read");
            let html = floor_once(&text, &floor_tera());
            std::fs::write(dir.path().join("floor.html"), html).expect("write");
        }
        other => panic!("unknown job `{other}`"),
    }
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
    let kib: usize = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM");
    println!("{}", kib * 1024);
}
