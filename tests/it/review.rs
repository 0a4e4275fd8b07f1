//! The rest of a self-review (#18): words from others shown with the claims that cite them,
//! growth areas and goals, the short form within its word budget, and the next period's
//! packet carried forward with `init --from`.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use crate::common::{MINIMAL_PACKET, Test, built, promopack};

const DEVREL: &str = "examples/devrel/packet.toml";

/// The text of the Markdown chapter headed `## NAME`, up to the next `## ` heading.
fn chapter<'a>(markdown: &'a str, name: &str) -> &'a str {
    let heading = format!("\n## {name}\n");
    let start = markdown
        .find(&heading)
        .unwrap_or_else(|| panic!("no chapter {name}"));
    let body = &markdown[start + heading.len()..];
    &body[..body.find("\n## ").unwrap_or(body.len())]
}

#[test]
fn a_testimonial_is_shown_with_the_claim_that_cites_it_and_in_its_own_part() {
    let md = built(DEVREL, "md");
    let documentation = chapter(&md, "Documentation");
    let quote = documentation
        .find("> — Dana Okafor, Product manager, API Onboarding")
        .expect("the testimonial the documentation claim cites");
    // After the claim's cited work, before the section's other work.
    let cited = documentation
        .find("(#activity-docs-migration)")
        .expect("the claim's first reference");
    let others = documentation
        .find("**Other work in this section**")
        .unwrap();
    assert!(cited < quote && quote < others, "{documentation}");
    // Only the claims that cite a testimonial show it.
    assert!(!chapter(&md, "Speaking").contains("> — "), "{md}");
    let own = chapter(&md, "What others say");
    for name in ["Dana Okafor", "Mateo Lindqvist", "Ines Carvalho"] {
        assert!(own.contains(name), "{own}");
    }
    // Private words are marked as private evidence is.
    assert!(
        own.contains("one of the six facilitators I trained (private)"),
        "{own}"
    );
    let html = built(DEVREL, "html");
    assert!(
        html.contains(r#"<section id="testimonials""#),
        "no part of its own"
    );
    assert!(html.contains(r##"<a href="#testimonials">What others say</a>"##));
}

#[test]
fn growth_areas_and_goals_follow_the_gaps() {
    let md = built(DEVREL, "md");
    let at = |heading: &str| {
        md.find(&format!("\n## {heading}\n"))
            .unwrap_or_else(|| panic!("no {heading}"))
    };
    assert!(at("Gaps") < at("Growth areas"));
    assert!(at("Growth areas") < at("Goals for the next period"));
    let goals = chapter(&md, "Goals for the next period");
    assert!(
        goals.contains("_Aims at Measurable Impact, at Staff Developer Advocate (Technical Lead, Developer Relations); moves Docs NPS._"),
        "{goals}"
    );
}

/// Growth areas and goals whose Markdown holds lists, and a goal with no final period.
const LISTS: &str = r#"
[[growth]]
area = "Saying no"
done = """
Did two things:

- moved office hours to a rotation
- wrote the playbook
"""
next = "- agree an intake process"

[[goal]]
goal = "Run the guild without me"
section = "community"
signal = """
- two sessions run by others
- a second organiser
"""

[[previous_goal]]
goal = "Write the style guide"
section = "writing"
signal = "Published"
outcome = """
Done:

- published in March
- adopted by two teams
"""
"#;

/// `build` of the minimal packet with `LISTS`, in `format` and `layout`, to stdout.
fn with_lists(format: &str, layout: &str) -> String {
    Test::minimal()
        .packet(&format!("{MINIMAL_PACKET}{LISTS}"))
        .args([
            "build", "-q", "-o", "-", "--format", format, "--layout", layout,
        ])
        .run()
        .stdout
}

#[test]
fn lists_in_growth_areas_and_goals_stay_lists() {
    let md = with_lists("md", "packet");
    for block in [
        "_Done this period:_ Did two things:\n\n- moved office hours to a rotation\n- wrote the playbook\n",
        "_Next:_\n\n- agree an intake process\n",
        // The goal ends its own paragraph: no "me Signal:".
        "**Goal 1.** Run the guild without me\n\n_Signal:_\n\n- two sessions run by others\n- a second organiser\n",
        "_Aims at Writing, at Senior Engineer._\n\n_Outcome:_ Done:\n\n- published in March\n",
    ] {
        assert!(md.contains(block), "{block}\nin:\n{md}");
    }
    let html = with_lists("html", "packet");
    assert!(
        html.contains(
            "<span class=\"label\">Signal:</span> <ul>\n<li>two sessions run by others</li>"
        ),
        "{html}"
    );
    // As plain text, each list item on a line of its own under its item.
    let txt = with_lists("txt", "short");
    for item in [
        "- Saying no: Did two things:\n  - moved office hours to a rotation\n  - wrote the playbook\n  Next:\n  - agree an intake process\n",
        "- Run the guild without me. Signal:\n  - two sessions run by others\n  - a second organiser\n  Aims at Community, at Senior Engineer.\n",
    ] {
        assert!(txt.contains(item), "{item}\nin:\n{txt}");
    }
    let md = with_lists("md", "short");
    assert!(
        md.contains("- Run the guild without me. Signal:\n  - two sessions run by others\n  - a second organiser\n\n  Aims at Community, at Senior Engineer.\n"),
        "{md}"
    );
}

/// `build PACKET --layout short --format FORMAT -o -` and its context's `short_form`.
fn short(packet: &str, format: &str) -> (String, serde_json::Value) {
    let dir = tempfile::tempdir().expect("tempdir");
    let context = dir.path().join("context.json");
    let out = promopack()
        .args([
            "build", packet, "-q", "-o", "-", "--layout", "short", "--format", format,
        ])
        .arg("--context")
        .arg(&context)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let context: serde_json::Value =
        serde_json::from_str(&crate::common::read(&context)).expect("JSON");
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        context["short_form"].clone(),
    )
}

#[test]
fn the_devrel_short_form_fits_its_budget_and_pastes_as_plain_text() {
    let (text, form) = short(DEVREL, "txt");
    let words = text.split_whitespace().count();
    assert_eq!(form["words"], words, "the budget counts what is written");
    assert_eq!(form["max_words"], 700);
    assert!((300..=700).contains(&words), "{words} words:\n{text}");
    // Plain text: no Markdown or HTML to clean up in a form.
    for markup in ["**", "](", "<", "#", "`"] {
        assert!(!text.contains(markup), "`{markup}` in:\n{text}");
    }
    let parts: Vec<&str> = text
        .lines()
        .filter(|l| {
            [
                "Summary",
                "Top accomplishments",
                "Growth areas",
                "Goals for the next period",
            ]
            .contains(l)
        })
        .collect();
    assert_eq!(
        parts,
        [
            "Summary",
            "Top accomplishments",
            "Growth areas",
            "Goals for the next period"
        ]
    );
    // The activity each claim cites first, once each, in the order of the claims.
    let titles: Vec<&str> = form["accomplishments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "blog-friction-logs",
            "conference-talk-docs",
            "learning-zone-series",
            "docs-migration",
            "api-office-hours",
            "webhook-signature-maintainer",
            "per-environment-keys",
            "fy26-metrics-review",
        ]
    );
    assert!(
        text.contains("- Ran the \"Learning Zone\" workshop series — Average session NPS was 71, against 38 for our previous lecture-style trainings (attendees: 142 people)."),
        "{text}"
    );
}

#[test]
fn the_short_form_renders_in_markdown_and_html_too() {
    let (md, _) = short(DEVREL, "md");
    assert!(md.starts_with("# Self-evaluation: Zoë Example\n"), "{md}");
    assert!(md.contains("\n## Top accomplishments\n"), "{md}");
    assert!(!md.contains("Appendix"), "{md}");
    let (html, _) = short(DEVREL, "html");
    assert!(html.contains("<h2>Growth areas</h2>"), "{html}");
    assert!(!html.contains("id=\"evidence-index\""), "{html}");
}

/// The minimal packet with a short-form budget of `words`.
fn minimal_with_budget(words: usize) -> Test {
    Test::minimal().packet(&format!(
        "{MINIMAL_PACKET}\n[short_form]\nmax_words = {words}\n"
    ))
}

#[test]
fn a_short_form_over_the_budget_it_sets_is_over_limit_where_it_is_set() {
    let out = minimal_with_budget(20)
        .args(["check", "packet.toml"])
        .status(1)
        .run();
    assert!(
        out.stdout
            .contains("error[over-limit]: the short form (`--layout short`) is")
            && out
                .stdout
                .contains("over its `[short_form] max_words` of 20"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("max_words = 20\n") && out.stdout.contains("^^"),
        "points at the budget: {}",
        out.stdout
    );
    // The short form is what a review tool's box takes: built as text, it must fit.
    minimal_with_budget(20)
        .args(["build", "--layout", "short", "--format", "txt", "-o", "out"])
        .status(1)
        .run();
    let out = minimal_with_budget(20)
        .args(["build", "--layout", "short", "--format", "md", "-o", "out"])
        .run();
    assert!(out.stderr.contains("warning[over-limit]"), "{}", out.stderr);
    // The full packet, even as text, is not the short form: said, never blocked.
    let out = minimal_with_budget(20)
        .args(["build", "--format", "txt", "-o", "out"])
        .run();
    assert!(out.stderr.contains("warning[over-limit]"), "{}", out.stderr);
    // Within its budget, nothing to say.
    let out = minimal_with_budget(2000)
        .args(["check", "packet.toml"])
        .run();
    assert!(!out.stdout.contains("over-limit"), "{}", out.stdout);
}

/// The minimal packet with a case summary of about `words` words, and `more` after it.
fn minimal_with_long_summary(words: usize, more: &str) -> Test {
    let summary = "Shipped it well. ".repeat(words / 3);
    Test::minimal().packet(&format!(
        "{}{more}",
        MINIMAL_PACKET.replace(
            "Zoë writes docs **others copy** and runs a guild.",
            &summary
        )
    ))
}

#[test]
fn the_default_budget_binds_only_the_short_form_built() {
    // A packet that never sets `[short_form]` checks clean and builds as text, however long
    // its short form would be.
    let out = minimal_with_long_summary(900, "")
        .args(["check", "packet.toml"])
        .run();
    assert!(!out.stdout.contains("over-limit"), "{}", out.stdout);
    let out = minimal_with_long_summary(900, "")
        .args(["build", "--format", "txt", "-o", "out"])
        .run();
    assert!(!out.stderr.contains("over-limit"), "{}", out.stderr);
    // Built, the short form is held to the default budget, at the summary, with the key that
    // sets another.
    let out = minimal_with_long_summary(900, "")
        .args(["build", "--layout", "short", "--format", "txt", "-o", "out"])
        .status(1)
        .run();
    assert!(
        out.stderr.contains("over the default budget of 700")
            && out.stderr.contains("packet.toml:16:11")
            && out
                .stderr
                .contains("or add `[short_form]` with `max_words = N`"),
        "{}",
        out.stderr
    );
    // An empty `[short_form]` says the packet uses it: `check` holds it to the default.
    let out = minimal_with_long_summary(900, "\n[short_form]\n")
        .args(["check", "packet.toml"])
        .status(1)
        .run();
    assert!(
        out.stdout.contains("over the default budget of 700"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_budget_of_no_words_is_an_error() {
    let out = minimal_with_budget(0)
        .args(["check", "packet.toml"])
        .status(1)
        .run();
    assert!(
        out.stdout.contains(
            "error[invalid-number]: the short form's `max_words` is 0: it is the most words the review tool's box takes, a positive number"
        ),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("over-limit"), "{}", out.stdout);
}

#[test]
fn init_from_the_last_packet_starts_the_next_period_and_checks_without_errors() {
    let out = Test::new()
        .fixture("../../examples/devrel/packet.toml", "fy26/packet.toml")
        .args(["init", "--from", "fy26/packet.toml", "fy27"])
        .run();
    let next = out.read("fy27/packet.toml");
    let value: toml::Table = next.parse().expect("TOML");
    assert_eq!(value["rubric"].as_str(), Some("developer-advocate"));
    assert_eq!(value["person"]["name"].as_str(), Some("Zoë Example"));
    let period = &value["period"];
    assert_eq!(period["label"].as_str(), Some("FY27"));
    assert_eq!(period["start"].to_string(), "2026-07-01");
    assert_eq!(period["end"].to_string(), "2027-06-30");
    assert!(!value.contains_key("activity") && !value.contains_key("claim"));
    assert!(!value.contains_key("testimonial") && !value.contains_key("goal"));
    // Each metric starts from the last period's latest value, with no points.
    let metrics = value["metric"].as_array().unwrap();
    let baseline = |id: &str| {
        let metric = metrics
            .iter()
            .find(|m| m["id"].as_str() == Some(id))
            .unwrap();
        assert_eq!(metric["points"].as_array().map(Vec::len), Some(0));
        metric["baseline"].to_string()
    };
    assert_eq!(baseline("docs-nps"), "27");
    assert_eq!(baseline("time-to-first-call"), "17");
    assert_eq!(baseline("training-satisfaction"), "4.6");
    // The last period's goals are this one's starting point.
    let previous = value["previous_goal"].as_array().unwrap();
    assert_eq!(previous.len(), 2);
    assert_eq!(previous[1]["metric"].as_str(), Some("docs-nps"));
    assert_eq!(previous[1]["level"].as_str(), Some("staff"));

    let checked = promopack()
        .current_dir(out.dir.path())
        .args(["check", "fy27/packet.toml"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&checked.stdout);
    assert!(checked.status.success(), "{stdout}");
    assert!(stdout.contains("checked 1 file: 0 errors"), "{stdout}");
    // It builds, and shows the goals it starts from.
    let md = promopack()
        .current_dir(out.dir.path())
        .args([
            "build",
            "fy27/packet.toml",
            "-q",
            "-o",
            "-",
            "--format",
            "md",
        ])
        .output()
        .expect("runs");
    assert!(
        md.status.success(),
        "{}",
        String::from_utf8_lossy(&md.stderr)
    );
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(chapter(&md, "Goals from the last period").contains("Reach a Docs NPS of 30."));
}

#[test]
fn init_from_makes_a_rubric_file_s_path_relative_to_the_new_folder() {
    let out = Test::minimal()
        .packet(&MINIMAL_PACKET.replace("label = \"FY26\"", "label = \"H2\""))
        .args(["init", "--from", "packet.toml", "next/half"])
        .run();
    let next: toml::Table = out.read("next/half/packet.toml").parse().expect("TOML");
    assert_eq!(next["rubric"].as_str(), Some("../../rubric.toml"));
    // `H2` has no year to move on: said, and named so.
    assert!(
        out.stderr
            .contains("note: the label `H2` cannot be moved on to name 2026-07-01 to 2027-06-30: the new period is `after H2`"),
        "{}",
        out.stderr
    );
    assert_eq!(next["period"]["label"].as_str(), Some("after H2"));
    // The rubric is outside the new packet's folder: the next step says how to let it read it.
    assert!(out.stderr.contains("--read-outside ."), "{}", out.stderr);
    promopack()
        .current_dir(out.dir.path())
        .args(["check", "next/half/packet.toml", "--read-outside", "."])
        .assert()
        .success();
}

#[test]
fn init_from_never_writes_over_the_packet_it_reads_or_its_includes() {
    for force in [true, false] {
        let mut args = vec!["init", ".", "--from", "packet.toml"];
        args.extend(force.then_some("--force"));
        let out = Test::minimal().args(args).status(2).run();
        assert!(
            out.stderr.contains(
                "an output would overwrite an input: `./packet.toml` is the packet `--from` reads"
            ),
            "{}",
            out.stderr
        );
        assert!(!out.stderr.contains("use --force"), "{}", out.stderr);
        assert_eq!(out.read("packet.toml"), MINIMAL_PACKET, "written over");
        assert!(!out.path("packet.schema.json").exists());
    }
    let more = "[[activity]]\nid = \"more\"\ntitle = \"More\"\ndate = 2026-01-10\nkind = \"docs\"\nsections = [\"writing\"]\nevidence = [\"https://e.example.com/more\"]\n";
    let out = Test::minimal()
        .packet(&MINIMAL_PACKET.replace(
            "rubric = \"rubric.toml\"",
            "rubric = \"rubric.toml\"\ninclude = [\"more/packet.toml\"]",
        ))
        .file("more/packet.toml", more)
        .args(["init", "more", "--from", "packet.toml", "--force"])
        .status(2)
        .run();
    assert!(
        out.stderr
            .contains("`more/packet.toml` is a file the packet `--from` reads"),
        "{}",
        out.stderr
    );
    assert_eq!(out.read("more/packet.toml"), more);
}

#[test]
fn init_from_names_the_next_half_and_marks_a_target_already_met() {
    let out = Test::minimal()
        .packet(
            &MINIMAL_PACKET
                .replace("label = \"FY26\"", "label = \"2025-H2\"")
                .replace("end = \"2026-06-30\"", "end = 2025-12-31")
                .replace("target = 30", "target = 25"),
        )
        .args(["init", "next", "--from", "packet.toml"])
        .run();
    let text = out.read("next/packet.toml");
    let next: toml::Table = text.parse().expect("TOML");
    let period = &next["period"];
    assert_eq!(period["label"].as_str(), Some("2026-H1"));
    assert_eq!(period["start"].to_string(), "2026-01-01");
    assert_eq!(period["end"].to_string(), "2026-06-30");
    // The baseline, 27, is past the target of 25: carried, and marked.
    assert!(
        text.contains("baseline = 27\n# target already met: set a new one\ntarget = 25\n"),
        "{text}"
    );
    assert!(
        out.stderr
            .contains("note: the new baseline already meets the target of `docs-nps`"),
        "{}",
        out.stderr
    );
    // Where it came from, as a path from the new packet's folder.
    assert!(
        text.contains("carried forward from ../packet.toml (2025-H2)"),
        "{text}"
    );
}

#[test]
fn init_from_a_packet_with_errors_says_them_and_writes_nothing() {
    let out = Test::minimal()
        .packet(&MINIMAL_PACKET.replace("target = \"", "target = \"x"))
        .args(["init", "--from", "packet.toml", "next"])
        .status(1)
        .run();
    assert!(out.stderr.contains("unknown-level"), "{}", out.stderr);
    assert!(!out.path("next/packet.toml").exists());
}

#[test]
fn init_writes_commented_examples_that_check_once_uncommented() {
    let out = Test::new().args(["init"]).run();
    let starter = out.read("packet.toml");
    for table in ["[[testimonial]]", "[[growth]]", "[[goal]]", "[short_form]"] {
        assert!(starter.contains(&format!("\n# {table}\n")), "{table}");
    }
    // Uncommented, the examples are valid: keys the format has, sections, levels and the
    // metric the starter has.
    let mut uncommented = String::new();
    let mut open = false;
    for line in starter.lines() {
        if let Some(table) = line.strip_prefix("# [")
            && ["[testimonial]]", "[growth]]", "[goal]]", "short_form]"].contains(&table)
        {
            open = true;
        }
        match line.strip_prefix("# ") {
            Some(code) if open => uncommented.push_str(code),
            _ => {
                open = false;
                uncommented.push_str(line);
            }
        }
        uncommented.push('\n');
    }
    let out = Test::new()
        .packet(&uncommented)
        .args(["check", "packet.toml"])
        .run();
    assert!(
        out.stdout.contains(" 0 errors"),
        "{}\n{uncommented}",
        out.stdout
    );
    // Left as they are, they are example text like the rest.
    let placeholder = out
        .stdout
        .lines()
        .find(|l| l.starts_with("warning[placeholder]"))
        .unwrap_or_default();
    for example in [
        "an example testimonial (line ",
        "an example growth area (line ",
        "an example goal (line ",
    ] {
        assert!(placeholder.contains(example), "{example}: {}", out.stdout);
    }
}

#[test]
fn an_outcome_init_from_wrote_is_example_text_until_written() {
    let out = Test::new()
        .fixture("../../examples/devrel/packet.toml", "fy26/packet.toml")
        .args(["init", "--from", "fy26/packet.toml", "fy27"])
        .run();
    let next = out
        .read("fy27/packet.toml")
        .replace("# outcome = ", "outcome = ");
    let out = Test::new()
        .packet(&next)
        .args(["check", "packet.toml"])
        .run();
    assert!(
        out.stdout
            .contains("2 example outcomes of last period's goals (lines "),
        "{}",
        out.stdout
    );
}
