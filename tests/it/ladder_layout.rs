//! How the packet and `check` show the shapes of real ladders: the ladder's source, a group's
//! introduction, an information-only section, a section that ends below its target, per-group
//! and per-section targets, and expectations written as items with the activities that prove
//! each. The fixture `tests/fixtures/ladder` uses every one of them.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use scraper::{ElementRef, Html, Selector};

use crate::common::{built, promopack};

const LADDER: &str = "tests/fixtures/ladder/packet.toml";

fn select<'a>(document: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).expect("selector");
    document.select(&selector).collect()
}

/// The element's text, with runs of white space made one space.
fn text(element: &ElementRef) -> String {
    element
        .text()
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The chapter of section `id` in the HTML packet.
fn chapter<'a>(document: &'a Html, id: &str) -> ElementRef<'a> {
    let found = select(document, &format!("section#section-{id}"));
    assert_eq!(found.len(), 1, "one chapter for `{id}`");
    found[0]
}

fn build_with_layout(layout: &str, format: &str) -> String {
    let out = promopack()
        .args(["build", LADDER, "-q", "-o", "-", "--format", format])
        .args(["--layout", layout])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn html_cover_shows_the_target_level_and_the_ladder() {
    let document = Html::parse_document(&built(LADDER, "html"));
    let cover = text(&select(&document, "header.cover")[0]);
    assert!(
        cover.contains("Runs programmes the community comes back to."),
        "{cover}"
    );
    assert!(cover.contains("P3, individual contributor"), "{cover}");
    let ladder = select(
        &document,
        "header.cover a[href='https://ladders.example.com/advocate']",
    );
    assert_eq!(ladder.len(), 1, "the cover links the ladder's source");
    assert!(cover.contains("(CC BY 4.0)"), "{cover}");
}

#[test]
fn html_credits_the_ladder_at_the_end() {
    let document = Html::parse_document(&built(LADDER, "html"));
    let source = select(&document, "section#ladder-source");
    assert_eq!(source.len(), 1);
    let credit = text(&source[0]);
    assert!(
        credit.contains("Ladder: Example Advocate Ladder (CC BY 4.0)"),
        "{credit}"
    );
    assert!(
        credit.contains("used under CC BY 4.0; shortened"),
        "{credit}"
    );
    // What promopack could not express is for the full record, not the committee's read.
    assert!(!credit.contains("salary bands"), "{credit}");
    let record = build_with_layout("record", "html");
    assert!(record.contains("salary bands"));
}

#[test]
fn html_shows_a_group_introduction_where_the_group_starts() {
    let document = Html::parse_document(&built(LADDER, "html"));
    let intros: Vec<String> = select(&document, "p.group + div.group-intro")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        intros,
        [
            "How the work is made .",
            "Who the work reaches, and how far."
        ]
    );
}

#[test]
fn an_information_section_is_shown_as_information_never_as_a_gap() {
    let html = built(LADDER, "html");
    let document = Html::parse_document(&html);
    let info = chapter(&document, "handbook");
    assert!(
        info.value()
            .has_class("info", scraper::CaseSensitivity::CaseSensitive)
    );
    let shown = text(&info);
    assert!(shown.contains("information only"), "{shown}");
    assert!(shown.contains("Levels build on each other"), "{shown}");
    assert!(!shown.contains("Expected at"), "{shown}");
    assert!(!shown.contains("gap"), "{shown}");
    let coverage = text(&select(&document, "table.coverage")[0]);
    assert!(!coverage.contains("How to read this ladder"), "{coverage}");
    let gaps = text(&select(&document, "#gaps")[0]);
    assert!(!gaps.contains("How to read this ladder"), "{gaps}");
}

#[test]
fn a_section_that_ends_below_its_target_is_no_chapter_and_no_gap() {
    let document = Html::parse_document(&built(LADDER, "html"));
    assert!(select(&document, "section#section-support").is_empty());
    let coverage = text(&select(&document, "table.coverage")[0]);
    assert!(!coverage.contains("Forum support"), "{coverage}");
    let gaps = text(&select(&document, "#gaps")[0]);
    assert!(!gaps.contains("Forum support"), "{gaps}");
    let quiet = text(&select(&document, "p.not-expected")[0]);
    assert!(quiet.contains("Forum support (ends below)"), "{quiet}");
}

#[test]
fn html_marks_each_item_with_the_activities_that_prove_it() {
    let document = Html::parse_document(&built(LADDER, "html"));
    let content = chapter(&document, "content");
    let heading = text(&select(&document, "#section-content .expectation h3")[0]);
    assert!(heading.contains("2 of 3 items evidenced"), "{heading}");
    let items: Vec<ElementRef> = content
        .select(&Selector::parse("ul.items > li").unwrap())
        .collect();
    assert_eq!(items.len(), 3);
    let links = |item: &ElementRef| -> Vec<String> {
        item.select(&Selector::parse(".item-refs a").unwrap())
            .map(|a| a.value().attr("href").unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        links(&items[0]),
        ["#activity-tutorial-series", "#activity-getting-started"]
    );
    assert_eq!(links(&items[1]), ["#activity-conference-talk"]);
    assert!(links(&items[2]).is_empty());
    assert!(text(&items[0]).contains('✓'));
    let missing = text(&items[2]);
    assert!(
        missing.contains('✗') && missing.contains("missing"),
        "{missing}"
    );
    assert!(
        items[2]
            .value()
            .has_class("missing", scraper::CaseSensitivity::CaseSensitive)
    );
    // Every link lands on an activity's full entry in the appendix.
    for href in links(&items[0]).iter().chain(&links(&items[1])) {
        let id = href.trim_start_matches('#');
        assert_eq!(select(&document, &format!("[id='{id}']")).len(), 1, "{id}");
    }
}

#[test]
fn a_section_with_its_own_target_says_so() {
    let document = Html::parse_document(&built(LADDER, "html"));
    for id in ["docs", "community", "strategy"] {
        let heading = text(&select(&document, &format!("#section-{id} .expectation h3"))[0]);
        assert!(
            heading.contains("Expected at Staff Advocate")
                && heading.contains("this section's own target"),
            "{id}: {heading}"
        );
    }
    let content = text(&select(&document, "#section-content .expectation h3")[0]);
    assert!(!content.contains("own target"), "{content}");
    let coverage = text(&select(&document, "table.coverage")[0]);
    assert!(
        coverage.contains("Coverage at each section's target"),
        "{coverage}"
    );
    // The gap is the one section expected at its own target with no work.
    let gaps: Vec<String> = select(&document, "ul.gaps a").iter().map(text).collect();
    assert_eq!(gaps, ["Strategy"]);
}

#[test]
fn markdown_shows_every_shape() {
    let md = built(LADDER, "md");
    for expected in [
        "| **The level** | Runs programmes the community comes back to. |",
        "(`a2`, P3, individual contributor)",
        "| **Ladder** | [Example Advocate Ladder](https://ladders.example.com/advocate) (CC BY 4.0)",
        "*Craft*\n\nHow the work is **made**.",
        "## How to read this ladder (information only)\n\nLevels build on each other",
        "**Expected at Senior Advocate** (2 of 3 items evidenced):",
        "- ✓ Publishes a tutorial every month: [Monthly tutorial series](#activity-tutorial-series), [Getting started guide](#activity-getting-started)",
        "- ✗ Reviews other advocates' content: **missing**",
        "**Expected at Staff Advocate** (this section's own target; 1 of 2 items evidenced):",
        "**Expected at Staff Advocate** (this section's own target):",
        "| Content | Senior Advocate | 1 | 3 | 3 | 0 | 2/3 | strong |",
        "Sections expected at their targets with no evidence in this packet:\n\n- **Strategy**",
        "## About the ladder\n\nLadder: [Example Advocate Ladder](https://ladders.example.com/advocate) (CC BY 4.0).",
    ] {
        assert!(md.contains(expected), "no {expected:?} in\n{md}");
    }
    assert!(!md.contains("## Forum support"), "{md}");
    assert!(!md.contains("| How to read this ladder |"), "{md}");
}

#[test]
fn the_case_layout_names_the_proving_activities_without_links() {
    let md = build_with_layout("case", "md");
    assert!(
        md.contains("- ◐ Gives **talks** at developer conferences: Talk at DevConf\n"),
        "{md}"
    );
    let html = build_with_layout("case", "html");
    let document = Html::parse_document(&html);
    assert!(select(&document, ".item-refs a").is_empty());
    assert!(text(&select(&document, "#section-content ul.items")[0]).contains("Talk at DevConf"));
}

#[test]
fn html_adds_the_ladder_styles_only_for_a_ladder_that_needs_them() {
    assert!(built(LADDER, "html").contains(".items-count"));
    assert!(!built("tests/fixtures/minimal/packet.toml", "html").contains(".items-count"));
}

#[test]
fn check_shows_items_evidenced_per_section() {
    let out = promopack().args(["check", LADDER]).output().expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let table: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("coverage of"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(
        table,
        [
            "  section        activities  evidence  metrics  items  status",
            "  Content                 3         3        0    2/3  strong",
            "  Documentation           1         1        0      -  thin",
            "  Community               1         1        0    1/2  thin",
            "  Strategy                0         0        0      -  missing",
            "  missing item: content#reviews-other-advocates-content  Reviews other advocates' content",
            "  missing item: community#champions  Grows a champions programme",
        ],
        "{stdout}"
    );
}

#[test]
fn check_json_lists_each_item_and_matches_the_schema() {
    let out = promopack()
        .args(["check", LADDER, "--format", "json"])
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rows = json["files"][0]["coverage"].as_array().expect("coverage");
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["content", "docs", "community", "strategy"]);
    let items = rows[0]["items"].as_array().expect("items");
    let summary: Vec<(&str, u64, &str)> = items
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap(),
                i["activities"].as_u64().unwrap(),
                i["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("publishes-a-tutorial-every-month", 2, "strong"),
            ("talks", 1, "thin"),
            ("reviews-other-advocates-content", 0, "missing"),
        ]
    );
    assert!(rows[1].get("items").is_none(), "{}", rows[1]);
    let schema: serde_json::Value = serde_json::from_str(&crate::common::read(
        std::path::Path::new("docs/check-output.schema.json"),
    ))
    .expect("schema is JSON");
    let errors = crate::common::JsonSchema::new(schema).errors(&json);
    assert!(errors.is_empty(), "{errors:#?}");
}
