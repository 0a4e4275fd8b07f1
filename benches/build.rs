//! How fast promopack builds packets, next to the floor of the same work done bare.
//!
//! `cargo bench` prints, for synthetic packets of 10 to 100,000 activities:
//! - `build`: the whole build of one packet, Markdown and HTML: compile the templates, read
//!   the file, validate, build the context, render, write both files;
//! - `floor`: the bare cost of the same input: parse the TOML with the `toml` crate, convert
//!   every activity's Markdown with pulldown-cmark and render one Tera template over it;
//! - `batch`: 1,000 packets of 50 activities built in parallel, as `promopack build DIR` does.

#![allow(clippy::expect_used)] // a benchmark that cannot run should stop loudly

use std::path::Path;

use divan::Bencher;
use promopack::diagnostic::Source;
use promopack::render::{Format, Renderer};
use promopack::{output, pipeline, synthetic, templates, validate};
use rayon::prelude::*;

fn main() {
    divan::main();
}

const SIZES: [usize; 4] = [10, 50, 1_000, 10_000];

fn renderer() -> Renderer {
    Renderer::new(templates::load(None).expect("templates")).expect("renderer")
}

/// One packet from file to files, as `promopack build` does it.
fn build_file(path: &Path, out: &Path, renderer: &Renderer) {
    let text = std::fs::read_to_string(path).expect("read");
    let source = Source::new(path, text);
    let rendered = pipeline::render(
        &source,
        renderer,
        &[Format::Md, Format::Html],
        &validate::PeriodOverride::default(),
    )
    .expect("builds");
    for (format, text) in &rendered.outputs {
        output::write_atomic(
            &out.join(format!("packet.{}", format.extension())),
            text.as_bytes(),
        )
        .expect("write");
    }
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn build(bencher: Bencher, activities: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("packet.toml");
    std::fs::write(&path, synthetic::packet(activities)).expect("write");
    bencher.bench_local(|| build_file(&path, dir.path(), &renderer()));
}

const FLOOR_TEMPLATE: &str = r#"<h1>{{ person.name }}</h1>
{% for activity in activity %}<article><h2>{{ activity.title }}</h2><p>{{ activity.kind }} {{ activity.sections | join(sep=", ") }}</p>
{{ activity.summary | safe }}{{ activity.impact | safe }}
<ul>{% for e in activity.evidence %}<li>{{ e }}</li>{% endfor %}</ul></article>
{% endfor %}"#;

/// The bare work: TOML to a value, Markdown to HTML, one template over it.
fn floor_once(text: &str, tera: &tera::Tera) -> String {
    let mut value: toml::Table = toml::from_str(text).expect("TOML");
    if let Some(toml::Value::Array(activities)) = value.get_mut("activity") {
        for activity in activities {
            let Some(table) = activity.as_table_mut() else {
                continue;
            };
            for field in ["summary", "impact"] {
                if let Some(toml::Value::String(markdown)) = table.get_mut(field) {
                    let mut html = String::new();
                    pulldown_cmark::html::push_html(
                        &mut html,
                        pulldown_cmark::Parser::new(markdown),
                    );
                    *markdown = html;
                }
            }
        }
    }
    let context = tera::Context::from_serialize(&value).expect("context");
    tera.render("floor.html", &context).expect("render")
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn floor(bencher: Bencher, activities: usize) {
    let text = synthetic::packet(activities);
    let mut tera = tera::Tera::new();
    tera.add_raw_template("floor.html", FLOOR_TEMPLATE)
        .expect("template");
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
