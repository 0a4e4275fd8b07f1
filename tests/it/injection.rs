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

/// Fails when a line of `out` starts with a workflow command that came from the data.
fn assert_no_forged_line(stdout: &str, stderr: &str) {
    for line in stdout.lines().chain(stderr.lines()) {
        let line = line.trim_start();
        assert!(
            !line.starts_with("::error file=evil.toml::") && !line.starts_with("::error file=x::"),
            "a forged line:\n{stdout}\n{stderr}"
        );
    }
}

#[test]
fn no_line_of_check_output_starts_with_text_from_the_data() {
    let forged = |id: &str| toml::Value::String(format!("{id}\n::error file=evil.toml::injected"));
    let rubric = std::fs::read_to_string("tests/fixtures/minimal/rubric.toml")
        .expect("rubric")
        .replace(
            "id = \"teaching\"\nname = \"Teaching\"",
            &format!("id = {}\nname = {}", forged("teaching"), forged("Teaching")),
        );
    // Every id the rubric now has, and one activity whose id holds a line break.
    let valid = MINIMAL_PACKET
        .replace("id = \"guild\"", &format!("id = {}", forged("guild")))
        .replace(
            "evidence = [\"guild\"]",
            &format!("evidence = [{}]", forged("guild")),
        )
        .replace(
            "section = \"teaching\"",
            &format!("section = {}", forged("teaching")),
        )
        .replace(
            "sections = [\"teaching\"]",
            &format!("sections = [{}]", forged("teaching")),
        );
    // Names that are not in the rubric, to be echoed in errors and their hints.
    let invalid = valid.replace(
        "sections = [\"community\", \"writing\"]",
        &format!("sections = [\"community\", {}]", forged("writing")),
    );
    assert_ne!(invalid, valid);
    let file = "evil\n::error file=x::named.toml";
    for (packet, status) in [(&valid, 0), (&invalid, 1)] {
        for format in ["human", "github"] {
            let out = Test::new()
                .packet(packet)
                .file("rubric.toml", &rubric)
                .file(file, packet)
                .args(["check", "packet.toml", file, "--format", format])
                .status(status)
                .run();
            if format == "human" {
                assert!(out.stdout.contains("injected"), "{}", out.stdout);
                // The coverage table shows whenever the rubric and the target resolve.
                assert!(
                    out.stdout
                        .contains("coverage of evil\\n::error file=x::named.toml:"),
                    "{}",
                    out.stdout
                );
            }
            assert_no_forged_line(&out.stdout, &out.stderr);
        }
    }
}

#[test]
fn a_rubric_link_that_could_run_script_is_refused() {
    let rubric = std::fs::read_to_string("tests/fixtures/minimal/rubric.toml")
        .expect("rubric")
        .replacen(
            "[[level]]",
            "[source]\nurl = \"javascript:alert(2)\"\n\n[[level]]",
            1,
        );
    let out = Test::minimal()
        .file("rubric.toml", &rubric)
        .args(["build", "packet.toml", "-o", "out"])
        .status(1)
        .run();
    assert!(
        out.stderr.contains(
            "error[invalid-url]: the link `javascript:alert(2)` uses the `javascript:` scheme"
        ),
        "{}",
        out.stderr
    );
}
