//! What the benchmarks share: one packet built as `promopack build` does, and the floor.

use std::path::Path;

use promopack::packet::{self, PeriodOverride};
use promopack::render::{Format, Layout, Renderer, templates};
use promopack::{output, pipeline};

/// The allocator of the `promopack` binary, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub fn renderer() -> Renderer {
    Renderer::new(templates::load(None).expect("templates")).expect("renderer")
}

/// One packet from file to files, as `promopack build` does it.
pub fn build_file(path: &Path, out: &Path, renderer: &Renderer) {
    let loaded = packet::load(path).expect("read");
    let rendered = pipeline::render(
        loaded,
        renderer,
        &[Format::Md, Format::Html],
        Layout::default(),
        &PeriodOverride::default(),
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

/// The one template of the floor: every activity's fields, its Markdown as HTML, its evidence.
const FLOOR_TEMPLATE: &str = r#"<h1>{{ person.name }}</h1>
{% for activity in activity %}<article><h2>{{ activity.title }}</h2><p>{{ activity.kind }} {{ activity.sections | join(sep=", ") }}</p>
{{ activity.summary | safe }}{{ activity.impact | safe }}
<ul>{% for e in activity.evidence %}<li>{{ e }}</li>{% endfor %}</ul></article>
{% endfor %}"#;

/// The bare work: TOML to a value, Markdown to HTML, one template over it.
pub fn floor_once(text: &str, tera: &tera::Tera) -> String {
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

pub fn floor_tera() -> tera::Tera {
    let mut tera = tera::Tera::new();
    tera.add_raw_template("floor.html", FLOOR_TEMPLATE)
        .expect("template");
    tera
}
