//! Known XSS payloads through every field that reaches the HTML: none may become live markup.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use crate::common::promopack;
use toml::{Table, Value};

/// Payloads from the usual filter-evasion lists: tags, attributes, URLs, encodings, SVG,
/// Markdown-specific tricks.
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://x.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x]( javascript:alert(1) )",
    "![x](javascript:alert(1))",
    "![x](https://x.example/track.png)",
    "<form action=\"https://x.example\"><input type=submit></form>",
    "<style>body{background:url(https://x.example/x)}</style>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<td style=\"background:url(javascript:alert(1))\">x</td>",
    "<table><tr><th style=\"text-align: right\">x</th></tr></table>",
    "<div class=\"table-scroll\" style=\"position:fixed;inset:0\">x</div>",
    TABLE,
    "<link rel=stylesheet href=https://x.example/x.css>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"https://x.example/\">",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<details open ontoggle=alert(1)>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<scr<script>ipt>alert(1)</script>",
    "javascript:alert(1)",
    "{{ 7*7 }}{% raw %}",
];

/// A Markdown table with aligned columns, so its cells carry the one style that may pass, and
/// raw HTML in a cell that tries to bring another.
const TABLE: &str = "in a table:\n\n| a | b |\n|--:|:-:|\n| <td style=\"background:url(javascript:alert(1))\">x</td> | <span style=\"color:red\">y</span> |\n";

/// The only `style` values the HTML may hold: a table column's alignment.
const ALIGNMENTS: &[&str] = &[
    "text-align: left",
    "text-align: center",
    "text-align: right",
];

fn text(value: &str) -> Value {
    Value::String(value.to_owned())
}

fn table(entries: &[(&str, Value)]) -> Value {
    Value::Table(
        entries
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

/// A rubric and a packet with `payload` in every text field that reaches the HTML.
fn files(payload: &str) -> (String, String) {
    let p = |field: &str| text(&format!("{field} {payload}"));
    let mut rubric = Table::new();
    rubric.insert("name".into(), p("rubric"));
    rubric.insert("description".into(), p("rubric description"));
    rubric.insert(
        "level".into(),
        Value::Array(vec![table(&[
            ("id", text("mid")),
            ("name", p("level")),
            ("description", p("level description")),
        ])]),
    );
    rubric.insert(
        "section".into(),
        Value::Array(vec![
            table(&[
                ("id", text("writing")),
                ("name", p("section")),
                ("group", p("group")),
                ("description", p("section description")),
                ("expectations", table(&[("mid", p("expectation"))])),
            ]),
            table(&[
                ("id", text("gap")),
                ("name", p("gap section")),
                ("expectations", table(&[("mid", p("gap expectation"))])),
            ]),
        ]),
    );

    let mut packet = Table::new();
    packet.insert("rubric".into(), text("rubric.toml"));
    packet.insert(
        "person".into(),
        table(&[
            ("name", p("name")),
            ("role", p("role")),
            ("target", text("mid")),
            ("team", p("team")),
            ("manager", p("manager")),
        ]),
    );
    packet.insert(
        "period".into(),
        table(&[
            ("label", p("period")),
            ("start", text("2026-01-01")),
            ("end", text("2026-06-30")),
        ]),
    );
    let evidence = Value::Array(vec![
        table(&[
            ("url", text("https://e.example/a?q=%3Cscript%3E")),
            ("label", p("evidence")),
        ]),
        table(&[
            ("label", p("private evidence")),
            ("private", Value::Boolean(true)),
        ]),
    ]);
    packet.insert(
        "activity".into(),
        Value::Array(vec![table(&[
            ("id", text("a")),
            ("title", p("title")),
            ("date", text("2026-02-01")),
            ("kind", text("talk")),
            ("sections", Value::Array(vec![text("writing")])),
            ("summary", p("summary")),
            ("impact", p("impact")),
            ("evidence", evidence),
            (
                "metrics",
                table(&[
                    ("views", Value::Integer(3)),
                    (
                        "time",
                        table(&[("value", Value::Integer(2)), ("unit", p("unit"))]),
                    ),
                ]),
            ),
            ("tags", Value::Array(vec![p("tag")])),
        ])]),
    );
    packet.insert(
        "measure".into(),
        table(&[(
            "views",
            table(&[("name", p("measure")), ("unit", p("measure unit"))]),
        )]),
    );
    packet.insert(
        "metric".into(),
        Value::Array(vec![table(&[
            ("id", text("m")),
            ("name", p("metric")),
            ("unit", p("metric unit")),
            ("owner", p("owner")),
            ("description", p("metric description")),
            ("baseline", Value::Integer(1)),
            ("target", Value::Integer(5)),
            (
                "points",
                Value::Array(vec![table(&[
                    ("date", text("2026-03-01")),
                    ("value", Value::Integer(3)),
                ])]),
            ),
        ])]),
    );
    (
        toml::to_string(&rubric).expect("rubric"),
        toml::to_string(&packet).expect("packet"),
    )
}

const DANGEROUS_TAGS: &[&str] = &[
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "img",
    "image",
    "link",
    "base",
    "video",
    "audio",
    "source",
    "track",
    "foreignobject",
    "animate",
    "set",
    "use",
    "math",
    "details",
];
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "srcdoc",
    "background",
];

/// Fails when the HTML has anything that could run, load or submit.
fn assert_inert(html: &str, payload: &str) {
    let document = scraper::Html::parse_document(html);
    let mut styles = 0;
    for element in document
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        let tag = element.value().name().to_ascii_lowercase();
        assert!(
            !DANGEROUS_TAGS.contains(&tag.as_str()),
            "<{tag}> from `{payload}`"
        );
        if tag == "style" {
            styles += 1;
        }
        if tag == "meta" {
            let allowed = ["charset", "name", "content"];
            for (name, _) in element.value().attrs() {
                assert!(allowed.contains(&name), "meta {name} from `{payload}`");
            }
            assert!(element.value().attr("http-equiv").is_none());
        }
        for (name, value) in element.value().attrs() {
            let name = name.to_ascii_lowercase();
            assert!(
                !name.starts_with("on"),
                "{name}= on <{tag}> from `{payload}`"
            );
            if name == "style" {
                assert!(
                    ["th", "td"].contains(&tag.as_str()) && ALIGNMENTS.contains(&value),
                    "style=\"{value}\" on <{tag}> from `{payload}`"
                );
            }
            if URL_ATTRIBUTES.contains(&name.as_str()) {
                let value = value.trim().to_ascii_lowercase();
                let safe = ["https://", "http://", "mailto:", "#"]
                    .iter()
                    .any(|s| value.starts_with(s));
                assert!(safe, "{name}=\"{value}\" on <{tag}> from `{payload}`");
            }
        }
    }
    assert_eq!(styles, 1, "extra <style> from `{payload}`");
}

#[test]
fn no_known_xss_payload_survives_in_any_field() {
    for payload in PAYLOADS {
        let dir = tempfile::tempdir().expect("tempdir");
        let (rubric, packet) = files(payload);
        std::fs::write(dir.path().join("rubric.toml"), rubric).expect("write");
        std::fs::write(dir.path().join("packet.toml"), packet).expect("write");
        let out = promopack()
            .arg("build")
            .arg(dir.path().join("packet.toml"))
            .args(["-q", "-o", "-", "--format", "html"])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "`{payload}`: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let html = String::from_utf8(out.stdout).expect("utf-8");
        assert_inert(&html, payload);
        // The payload's words are shown, not dropped: every field still says what it holds.
        for field in [
            "name",
            "title",
            "summary",
            "impact",
            "tag",
            "evidence",
            "metric",
            "section",
            "expectation",
        ] {
            assert!(
                html.contains(&format!("{field} ")),
                "`{field}` vanished with `{payload}`"
            );
        }
    }
}

#[test]
fn the_checker_catches_live_markup() {
    let bad = [
        "<html><head><style></style></head><body><script>x</script></body></html>",
        "<html><head><style></style></head><body><a href=\"javascript:x\">a</a></body></html>",
        "<html><head><style></style></head><body><p onclick=\"x\">a</p></body></html>",
        "<html><head><style></style><style></style></head><body></body></html>",
        "<html><head><style></style></head><body><p style=\"text-align: right\">a</p></body></html>",
        "<html><head><style></style></head><body><table><tr><td style=\"color: red\">a</td></tr></table></body></html>",
    ];
    for html in bad {
        let caught = std::panic::catch_unwind(|| assert_inert(html, "test"));
        assert!(caught.is_err(), "not caught: {html}");
    }
}

#[test]
fn markdown_tables_keep_their_alignment_in_a_scroll_box() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (rubric, packet) = files(TABLE);
    std::fs::write(dir.path().join("rubric.toml"), rubric).expect("write");
    std::fs::write(dir.path().join("packet.toml"), packet).expect("write");
    let out = promopack()
        .arg("build")
        .arg(dir.path().join("packet.toml"))
        .args(["-q", "-o", "-", "--format", "html"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8(out.stdout).expect("utf-8");
    let document = scraper::Html::parse_document(&html);
    let cells =
        scraper::Selector::parse("article.activity .table-scroll > table td").expect("selector");
    let styles: Vec<_> = document
        .select(&cells)
        .map(|td| td.value().attr("style").unwrap_or_default())
        .collect();
    // The summary and the impact each hold the table.
    assert!(styles.len() >= 4, "{styles:?}");
    for pair in styles.chunks(2) {
        assert_eq!(pair, ["text-align: right", "text-align: center"]);
    }
    let first = document.select(&cells).next().expect("a cell");
    assert!(
        first.text().collect::<String>().contains("<td style="),
        "the raw HTML in the cell is shown as text"
    );
}
