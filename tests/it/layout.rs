//! The packet reads as a case: each activity in full once in the appendix, compact references
//! in the chapters, links that land, and no number that says nothing. The three layouts show the
//! same packet three ways.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::collections::HashSet;

use crate::common::{MINIMAL_PACKET, Test, promopack};

const DEVREL: &str = "examples/devrel/packet.toml";

/// `build PACKET --layout LAYOUT --format FORMAT -o -`, and the context it is built from.
fn built(packet: &str, layout: &str, format: &str) -> (String, serde_json::Value) {
    let dir = tempfile::tempdir().expect("tempdir");
    let context = dir.path().join("context.json");
    let out = promopack()
        .args(["build", packet, "-q", "-o", "-", "--format", format])
        .args(["--layout", layout, "--context"])
        .arg(&context)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let context = crate::common::read(&context);
    (
        text,
        serde_json::from_str(&context).expect("context is JSON"),
    )
}

/// The text a reader sees in an HTML document, with runs of white space made one space,
/// leaving out the author's own words (the case summary, the text of claims), which may quote
/// an activity: the references under a claim are kept.
fn visible_text(html: &str) -> String {
    let document = scraper::Html::parse_document(html);
    let mut words: Vec<&str> = Vec::new();
    for node in document.root_element().descendants() {
        let Some(text) = node.value().as_text() else {
            continue;
        };
        let mut in_body = false;
        let mut authored = false;
        for element in node.ancestors().filter_map(scraper::ElementRef::wrap) {
            let value = element.value();
            if value.name() == "ul"
                && value.has_class("refs", scraper::CaseSensitivity::CaseSensitive)
            {
                break;
            }
            if value.id() == Some("case")
                || value.has_class("claim", scraper::CaseSensitivity::CaseSensitive)
            {
                authored = true;
            }
        }
        for element in node.ancestors().filter_map(scraper::ElementRef::wrap) {
            in_body |= element.value().name() == "body";
        }
        if in_body && !authored {
            words.extend(text.split_whitespace());
        }
    }
    words.join(" ")
}

/// Five words of an activity's summary that only its full entry shows: plain words (no
/// Markdown between them) that are not in its headline, which its references show.
fn summary_phrase(activity: &serde_json::Value) -> Option<String> {
    let summary = activity["summary"].as_str().unwrap();
    let headline = activity["headline"].as_str().unwrap();
    let plain = |w: &&str| {
        w.chars()
            .all(|c| c.is_alphanumeric() || ",.;:-".contains(c))
    };
    summary
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(5)
        .filter(|words| words.iter().all(plain))
        .map(|words| words.join(" "))
        .find(|phrase| !headline.contains(phrase.as_str()))
}

/// For each activity of the devrel example: how many times its summary is shown, and how many
/// times it should be in `layout`.
fn full_entries(layout: &str) -> Vec<(String, usize, usize)> {
    let (html, context) = built(DEVREL, layout, "html");
    let text = visible_text(&html);
    context["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|activity| {
            let id = activity["id"].as_str().unwrap().to_owned();
            let sections = activity["sections"].as_array().unwrap().len();
            let in_full = match layout {
                "packet" => 1,
                "record" => sections,
                _ => 0,
            };
            let (shown, expected) = match summary_phrase(activity) {
                Some(phrase) => (text.matches(&phrase).count(), in_full),
                // A summary of one sentence is the headline too, which each reference shows.
                None => {
                    let headline = activity["headline"].as_str().unwrap();
                    let references = if layout == "record" { 0 } else { sections };
                    (text.matches(headline).count(), in_full + references)
                }
            };
            (id, shown, expected)
        })
        .collect()
}

#[test]
fn the_packet_shows_each_activity_in_full_exactly_once() {
    let entries = full_entries("packet");
    assert_eq!(entries.len(), 35);
    for (id, shown, expected) in entries {
        assert_eq!(shown, expected, "`{id}` is shown {shown} times");
    }
}

#[test]
fn the_record_shows_each_activity_in_full_in_every_section_it_evidences() {
    for (id, shown, expected) in full_entries("record") {
        assert_eq!(shown, expected, "`{id}` is shown {shown} times");
    }
}

#[test]
fn the_case_has_no_appendix_and_links_to_no_activity() {
    let (html, _) = built(DEVREL, "case", "html");
    for (id, shown, expected) in full_entries("case") {
        assert_eq!(shown, expected, "`{id}` is shown {shown} times");
    }
    assert!(!html.contains("href=\"#activity-") && !html.contains("id=\"activity-"));
    assert!(!html.contains("id=\"timeline\"") && !html.contains("id=\"numbers\""));
    let (md, _) = built(DEVREL, "case", "md");
    assert!(
        !md.contains("## Appendix") && !md.contains("## Timeline") && !md.contains("## Numbers"),
        "{md}"
    );
}

#[test]
fn every_link_within_the_page_lands_on_an_element() {
    for layout in ["packet", "case", "record"] {
        let (html, _) = built(DEVREL, layout, "html");
        let document = scraper::Html::parse_document(&html);
        let ids: HashSet<&str> = document
            .select(&scraper::Selector::parse("[id]").unwrap())
            .filter_map(|e| e.value().attr("id"))
            .collect();
        let links: Vec<&str> = document
            .select(&scraper::Selector::parse("a[href^='#']").unwrap())
            .filter_map(|e| e.value().attr("href"))
            .collect();
        assert!(links.len() > 8, "{layout}: {} links", links.len());
        for link in links {
            assert!(ids.contains(&link[1..]), "{layout}: `{link}` lands nowhere");
        }
        let all: Vec<&str> = document
            .select(&scraper::Selector::parse("[id]").unwrap())
            .filter_map(|e| e.value().attr("id"))
            .collect();
        assert_eq!(all.len(), ids.len(), "{layout}: an id is used twice");
    }
}

#[test]
fn no_rollup_shows_a_single_value() {
    let (md, context) = built(DEVREL, "record", "md");
    let mut rows = 0;
    for by in ["by_section", "by_kind", "by_quarter"] {
        for group in context["rollups"][by].as_array().unwrap() {
            for value in group["values"].as_array().unwrap() {
                rows += 1;
                assert!(value["count"].as_u64().unwrap() > 1, "{by}: {value}");
            }
        }
    }
    assert!(rows > 10, "{rows} rollup rows");
    assert!(!md.contains(" of 1 |"), "{md}");
    let (html, _) = built(DEVREL, "packet", "html");
    assert!(html.contains("sum of 2<") && !html.contains(" of 1<"));
}

/// The minimal packet without its case summary and claims.
fn without_case() -> String {
    let start = MINIMAL_PACKET.find("[case]").expect("a case");
    let end = MINIMAL_PACKET.find("[[activity]]").expect("an activity");
    format!("{}{}", &MINIMAL_PACKET[..start], &MINIMAL_PACKET[end..])
}

/// The minimal packet with a claim on `writing` only, citing the style guide.
fn claimed() -> Test {
    Test::minimal().packet(&format!(
        "{}\n[case]\nsummary = \"The *whole* argument.\"\n\n[[claim]]\nsection = \"writing\"\ntext = \"The guide is **the** reference.\"\nevidence = [\"wrote-the-style-guide\"]\n",
        without_case()
    ))
}

#[test]
fn a_claim_is_followed_by_compact_references_to_the_work_it_cites() {
    let out = claimed()
        .args(["build", "packet.toml", "-q", "-o", "-", "--format", "html"])
        .run();
    let html = out.stdout;
    let summary = html
        .find("<p>The <em>whole</em> argument.</p>")
        .expect("case summary");
    let overview = html.find("id=\"overview\"").expect("overview");
    assert!(summary < overview, "the summary comes before the overview");
    let chapter = &html[html.find("id=\"section-writing\"").expect("chapter")..];
    let chapter = &chapter[..chapter.find("</section>").unwrap()];
    let claim = chapter
        .find("<strong>the</strong> reference")
        .expect("claim");
    let reference = chapter
        .find("<a class=\"ref-title\" href=\"#activity-wrote-the-style-guide\">Wrote the style guide</a>")
        .expect("reference to the cited activity");
    let others = chapter.find("Other work in this section").expect("others");
    let guild = chapter
        .find("href=\"#activity-guild\"")
        .expect("guild, not cited");
    assert!(
        claim < reference && reference < others && others < guild,
        "{chapter}"
    );
    // The reference: date, key metric (the one written first, though `nps` sorts before it;
    // no unit here), headline, first public link.
    assert!(
        chapter.contains("2025-09-30</time> · pages <strong>12</strong> · "),
        "{chapter}"
    );
    assert!(chapter.contains("<span class=\"ref-line\">Review time halved.</span>"));
    assert!(chapter.contains("href=\"https://docs.example.com/style\""));

    let md = claimed()
        .args(["build", "packet.toml", "-q", "-o", "-", "--format", "md"])
        .run()
        .stdout;
    assert!(
        md.contains("## The case\n\nThe *whole* argument.\n"),
        "{md}"
    );
    assert!(
        md.contains("The guide is **the** reference.\n\n- [**Wrote the style guide**](#activity-wrote-the-style-guide) (2025-09-30; pages 12): Review time halved. <https://docs.example.com/style>\n"),
        "{md}"
    );
}

#[test]
fn a_section_without_claims_lists_its_work_and_a_gap_says_so() {
    let html = Test::minimal()
        .packet(&without_case())
        .args(["build", "packet.toml", "-q", "-o", "-", "--format", "html"])
        .run()
        .stdout;
    let chapter = &html[html.find("id=\"section-teaching\"").expect("chapter")..];
    let chapter = &chapter[..chapter.find("</section>").unwrap()];
    assert!(chapter.contains("Work in this section"), "{chapter}");
    assert!(chapter.contains("href=\"#activity-taught-the-on-call-course\""));
    let gap = &html[html.find("id=\"section-reviews\"").expect("gap chapter")..];
    assert!(gap[..gap.find("</section>").unwrap()].contains("this section is a gap"));
    // A section not expected and without work gets a line, not a chapter.
    assert!(!html.contains("id=\"section-strategy\""));
    assert!(html.contains("and no work shown: Strategy"), "{html}");
}

#[test]
fn an_unlabeled_link_is_printed_once_in_the_evidence_index() {
    let html = Test::minimal()
        .args(["build", "packet.toml", "-q", "-o", "-", "--format", "html"])
        .run()
        .stdout;
    let document = scraper::Html::parse_document(&html);
    let items = scraper::Selector::parse("ol.evidence-index > li").unwrap();
    let texts: Vec<String> = document
        .select(&items)
        .map(|li| li.text().collect())
        .collect();
    let style = texts
        .iter()
        .find(|t| t.contains("https://docs.example.com/style"))
        .expect("indexed");
    assert_eq!(
        style.matches("docs.example.com/style").count(),
        1,
        "{style}"
    );
}

#[test]
fn the_running_header_is_a_safe_css_string() {
    let packet = MINIMAL_PACKET.replace("name = \"Zoë Example\"", "name = 'Zoë \"Q\" \\ </style>'");
    let html = Test::minimal()
        .packet(&packet)
        .args(["build", "packet.toml", "-q", "-o", "-", "--format", "html"])
        .run()
        .stdout;
    assert!(
        html.contains(r#"@top-left { content: "Zoë \22 Q\22  \5C  \3C /style\3E  · FY26"; }"#),
        "{html}"
    );
    assert_eq!(html.matches("</style>").count(), 1);
}

#[test]
fn print_keeps_links_as_links_and_prints_no_address_twice() {
    let (html, _) = built(DEVREL, "packet", "html");
    let css = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    assert!(
        !css.contains("attr(href)"),
        "an address printed after its link"
    );
    assert!(!css.contains("break-all"), "words broken anywhere");
    assert!(css.contains("counter(page)") && css.contains("@top-left"));
    // A page break only before the appendix.
    assert_eq!(css.matches("break-before: page").count(), 1, "{css}");
    assert!(css.contains(".appendix { break-before: page; }"));
}
