//! Values from a packet cannot become markup in the Markdown packet nor forge a line of
//! `check`'s output (#15).
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use pulldown_cmark::{Options, Parser, html};

use crate::common::{MINIMAL_PACKET, Test};

/// A URL the URL parser takes, whose `)` would end a Markdown link and start another.
const BRACKETS: &str = "https://example.com/a)[x](javascript:alert(1)";

/// A URL that would close an attribute and open an image wherever it is written as it is.
const QUOTES: &str = "https://example.com/b\"><img src=x onerror=alert(1)>";

/// The Markdown as HTML the way a Markdown viewer that allows raw HTML shows it.
fn viewed(markdown: &str) -> scraper::Html {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    scraper::Html::parse_fragment(&out)
}

/// The address of every link in the viewed Markdown that leads off the page.
fn live_links(markdown: &str) -> Vec<String> {
    let document = viewed(markdown);
    let mut links = Vec::new();
    for element in document
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        let tag = element.value().name();
        assert!(tag != "img", "an image in\n{markdown}");
        for (name, value) in element.value().attrs() {
            assert!(!name.starts_with("on"), "{name}= in\n{markdown}");
            assert!(
                !value.to_ascii_lowercase().trim().starts_with("javascript:"),
                "{name}=\"{value}\" in\n{markdown}"
            );
        }
        if let Some(href) = element.value().attr("href")
            && url::Url::parse(href).is_ok()
        {
            links.push(href.to_owned());
        }
    }
    links
}

#[test]
fn an_evidence_url_with_brackets_stays_one_inert_link_in_the_markdown() {
    let packet = MINIMAL_PACKET.replace(
        "evidence = [\"mailto:oncall@example.com\"]",
        &format!("evidence = [\"mailto:oncall@example.com\", \"{BRACKETS}\", {{ url = \"{BRACKETS}?l\", label = \"Slides\" }}]"),
    );
    assert_ne!(packet, MINIMAL_PACKET);
    let rubric = std::fs::read_to_string("tests/fixtures/minimal/rubric.toml")
        .expect("rubric")
        .replace(
            "name = \"Senior Engineer\"",
            &format!("name = \"Senior Engineer\"\nurl = \"{BRACKETS}#level\""),
        );
    let out = Test::new()
        .packet(&packet)
        .file("rubric.toml", rubric)
        .args(["build", "packet.toml", "--format", "md", "-o", "packet"])
        .args(["--layout", "record"])
        .run();
    let record = out.read("packet/zoe-example-fy26.md");
    let out = Test::new()
        .packet(&packet)
        .file("rubric.toml", out.read("rubric.toml"))
        .args(["build", "packet.toml", "--format", "md", "-o", "packet"])
        .run();
    let packet = out.read("packet/zoe-example-fy26.md");
    let encoded = "https://example.com/a%29%5Bx%5D%28javascript:alert%281%29";
    for markdown in [&record, &packet] {
        let links = live_links(markdown);
        let expected = [
            "https://docs.example.com/style",
            "https://github.com/example/docs/pull/1",
            "mailto:oncall@example.com",
            encoded,
            &format!("{encoded}?l"),
            &format!("{encoded}#level"),
        ];
        for link in &links {
            assert!(expected.contains(&link.as_str()), "{link} in\n{markdown}");
        }
        for link in expected {
            assert!(links.iter().any(|l| l == link), "no {link} in\n{markdown}");
        }
    }
}

#[test]
fn check_refuses_an_evidence_url_that_cannot_be_written_safely() {
    let packet = MINIMAL_PACKET.replace(
        "evidence = [\"mailto:oncall@example.com\"]",
        &format!("evidence = [{}]", toml::Value::String(QUOTES.into())),
    );
    let out = Test::new()
        .packet(&packet)
        .fixture("minimal/rubric.toml", "rubric.toml")
        .args(["check", "packet.toml"])
        .status(1)
        .run();
    assert!(
        out.stdout.contains("error[invalid-url]: evidence `https://example.com/b\"><img src=x onerror=alert(1)>` of activity `taught-the-on-call-course` contains `\"`"),
        "{}",
        out.stdout
    );
}
