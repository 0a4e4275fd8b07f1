//! The numbers in a packet: headline metric movement, rollups of activity metrics, charts.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use crate::common::{promopack, read};

fn context_of(packet: &std::path::Path) -> serde_json::Value {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("context.json");
    promopack()
        .arg("build")
        .arg(packet)
        .args(["--quiet", "--format", "md", "-o"])
        .arg(dir.path())
        .arg("--context")
        .arg(&file)
        .assert()
        .success();
    serde_json::from_str(&read(&file)).expect("context is JSON")
}

fn devrel() -> serde_json::Value {
    context_of(std::path::Path::new("examples/devrel/packet.toml"))
}

fn close(value: &serde_json::Value, expected: f64) -> bool {
    (value.as_f64().expect("number") - expected).abs() < 1e-9
}

fn metric<'a>(context: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    context["metrics"]
        .as_array()
        .expect("metrics")
        .iter()
        .find(|m| m["id"] == id)
        .expect(id)
}

#[test]
fn headline_metrics_move_as_computed_by_hand() {
    let context = devrel();
    // Docs NPS: baseline 12, latest 27, target 30, higher is better.
    let nps = metric(&context, "docs-nps");
    assert!(close(&nps["change"]["value"], 15.0));
    assert_eq!(nps["change"]["display"], "+15");
    assert!(close(&nps["change_percent"]["value"], 125.0));
    assert!(close(&nps["progress"]["value"], 15.0 / 18.0 * 100.0));
    assert_eq!(nps["progress"]["display"], "83%");
    assert_eq!(
        (&nps["improved"], &nps["met"]),
        (&true.into(), &false.into())
    );
    // Time to first API call: baseline 45, latest 17, target 15, lower is better.
    let ttfc = metric(&context, "time-to-first-call");
    assert_eq!(ttfc["better"], "lower");
    assert!(close(&ttfc["change"]["value"], -28.0));
    assert_eq!(ttfc["change"]["display"], "-28");
    assert!(close(
        &ttfc["change_percent"]["value"],
        -28.0 / 45.0 * 100.0
    ));
    assert_eq!(ttfc["change_percent"]["display"], "-62%");
    assert!(close(&ttfc["progress"]["value"], 28.0 / 30.0 * 100.0));
    assert_eq!(
        (&ttfc["improved"], &ttfc["met"]),
        (&true.into(), &false.into())
    );
    // Community members: 420 -> 845 against 800: beyond the target.
    let mau = metric(&context, "community-mau");
    assert!(close(&mau["progress"]["value"], 425.0 / 380.0 * 100.0));
    assert_eq!(mau["met"], true);
    // Training satisfaction: 3.9 -> 4.6, shown without float noise.
    assert_eq!(
        metric(&context, "training-satisfaction")["change"]["display"],
        "+0.7"
    );
}

fn rollup<'a>(groups: &'a serde_json::Value, group: &str, key: &str) -> &'a serde_json::Value {
    let group = groups
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["id"] == group)
        .expect(group);
    group["values"]
        .as_array()
        .expect("values")
        .iter()
        .find(|v| v["id"] == key)
        .expect(key)
}

#[test]
fn activity_metrics_roll_up_by_their_declared_aggregate() {
    let context = devrel();
    let rollups = &context["rollups"];
    // NPS is declared an average: (71 + 68) / 2 over the two education trainings.
    let nps = rollup(&rollups["by_section"], "education", "nps");
    assert_eq!(nps["aggregate"], "average");
    assert!(close(&nps["value"]["value"], 69.5));
    assert_eq!(
        (nps["count"].as_u64(), nps["unit"].as_str()),
        (Some(2), Some("points"))
    );
    let satisfaction = rollup(&rollups["by_kind"], "training", "satisfaction");
    assert!(close(
        &satisfaction["value"]["value"],
        (4.6 + 4.5 + 4.7) / 3.0
    ));
    // Views are counts, summed: six blog posts.
    let views = rollup(&rollups["by_kind"], "blog-post", "views");
    assert_eq!(
        (views["aggregate"].as_str(), views["count"].as_u64()),
        (Some("sum"), Some(6))
    );
    // Three talks and trainings counted attendees in 2025-Q4.
    let attendees = rollup(&rollups["by_quarter"], "2025-Q4", "attendees");
    assert!(close(&attendees["value"]["value"], 296.0));
    assert_eq!(attendees["count"].as_u64(), Some(3));
    // The Learning Zone series (71) is the only NPS in 2025-Q4: a rollup of one value repeats
    // it and is left out.
    let q4 = rollups["by_quarter"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "2025-Q4")
        .expect("2025-Q4");
    assert!(
        q4["values"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["id"] != "nps"),
        "{q4}"
    );
    let quarters: Vec<&str> = context["quarters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["label"].as_str().unwrap())
        .collect();
    assert_eq!(quarters, ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]);
    let total: u64 = context["quarters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["activities"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 35);
}

#[test]
fn values_in_different_units_are_never_added_together() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        "tests/fixtures/minimal/rubric.toml",
        dir.path().join("rubric.toml"),
    )
    .expect("copy");
    let packet = read(std::path::Path::new("tests/fixtures/minimal/packet.toml"))
        .replace("metrics = { pages = 12, nps = 4.5 }", "metrics = { time = { value = 3, unit = \"h\" }, max_room = 40 }")
        .replace("summary = \"Monthly meetups.\"", "summary = \"Monthly meetups.\"\nmetrics = { time = { value = 90, unit = \"min\" }, max_room = 25 }")
        .replace("sections = [\"teaching\"]", "sections = [\"teaching\", \"writing\"]\nmetrics = { time = { value = 2, unit = \"h\" }, max_room = 10 }")
        + "\n[measure.max_room]\nname = \"largest room\"\naggregate = \"max\"\n";
    std::fs::write(dir.path().join("packet.toml"), packet).expect("write");
    let context = context_of(&dir.path().join("packet.toml"));
    let writing = context["rollups"]["by_section"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "writing")
        .expect("writing");
    let values: Vec<(String, String, f64)> = writing["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["name"].as_str().unwrap().to_owned(),
                v["unit"].as_str().unwrap_or("").to_owned(),
                v["value"]["value"].as_f64().unwrap(),
            )
        })
        .collect();
    // 3 h + 2 h, and never the 90 min: the minutes, a single value, make no row of their own.
    assert_eq!(
        values,
        [
            ("largest room".to_owned(), String::new(), 40.0),
            ("time".to_owned(), "h".to_owned(), 5.0),
        ]
    );
}

#[test]
fn html_draws_one_chart_per_metric_and_the_quarter_and_coverage_charts() {
    let html = crate::common::built("examples/devrel/packet.toml", "html");
    let svgs: Vec<&str> = html
        .split("<svg")
        .skip(1)
        .map(|rest| &rest[..rest.find("</svg>").expect("closed")])
        .collect();
    assert_eq!(
        svgs.len(),
        5 + 2,
        "five headline metrics, quarters, coverage"
    );
    for id in [
        "chart-metric-docs-nps",
        "chart-metric-time-to-first-call",
        "chart-quarters",
        "chart-coverage",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "no {id}");
    }
    for svg in svgs {
        assert!(svg.contains("role=\"img\""));
        let title = svg
            .split("<title")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .expect("title");
        let desc = svg
            .split("<desc")
            .nth(1)
            .and_then(|t| t.split("</desc>").next())
            .expect("desc");
        assert!(
            title.len() > 10 && desc.len() > 40,
            "thin text alternative: {title} / {desc}"
        );
        assert!(!svg.contains("href") && !svg.contains("url(") && !svg.contains("<image"));
    }
    assert!(
        html.contains(
            "Median time to first API call: baseline 45 minutes, 38 minutes on 2025-12-31"
        )
    );
}

#[test]
fn markdown_carries_the_same_numbers_as_tables() {
    let md = crate::common::built("examples/devrel/packet.toml", "md");
    assert!(md.contains("| Median time to first API call (minutes), lower is better | 45 | 17 | 15 | -28 (-62%) | 93% |"), "{md}");
    assert!(md.contains("| 2025-Q4 | 9 |"));
    assert!(md.contains("| Education & Training | 0 | 3 | 2 | 2 |"));
    assert!(md.contains("| NPS | 69.5 points | average of 2 |"));
}
