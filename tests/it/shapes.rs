//! Rubrics of every shape, through the real binary: sections that end (`until`) and start
//! (`from`), information-only sections, per-section and per-group `[targets]`, expectations
//! written as items and the coverage of each item, and the errors that go with them. The
//! fixtures are `tests/fixtures/shapes/`: a four-level ladder (junior, mid, senior, staff) and a
//! packet targeting `senior`.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use serde_json::{Value, json};

use crate::common::{Test, promopack};

const RUBRIC: &str = include_str!("../fixtures/shapes/rubric.toml");
const PACKET: &str = include_str!("../fixtures/shapes/packet.toml");

/// The shapes packet, with `target = "senior"` made `target`.
fn at(target: &str) -> String {
    PACKET.replace("target = \"senior\"", &format!("target = \"{target}\""))
}

/// The shapes packet with a `[targets]` table of these lines.
fn with_targets(lines: &str) -> String {
    format!("{PACKET}\n[targets]\n{lines}\n")
}

/// `check --format json` of `packet` against `rubric`, which must exit with `status`.
fn check(packet: &str, rubric: &str, status: i32) -> Value {
    let out = Test::new()
        .packet(packet)
        .file("rubric.toml", rubric)
        .args(["check", "packet.toml", "--format", "json"])
        .status(status)
        .run();
    serde_json::from_str(&out.stdout).expect("check prints JSON")
}

/// The file's first error: warnings such as a coverage gap may come before it.
fn first_error(report: &Value) -> &Value {
    report["files"][0]["diagnostics"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["severity"] == "error"))
        .expect("an error")
}

/// The file's coverage rows.
fn rows(report: &Value) -> &Vec<Value> {
    report["files"][0]["coverage"]
        .as_array()
        .expect("a coverage table")
}

/// The ids of the sections with a coverage row.
fn row_ids(report: &Value) -> Vec<&str> {
    rows(report)
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect()
}

fn row<'a>(report: &'a Value, id: &str) -> &'a Value {
    rows(report)
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row `{id}` in {report:#}"))
}

/// `code: message` for each diagnostic.
fn diagnostics(report: &Value) -> Vec<String> {
    report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| format!("{}: {}", d["code"].as_str().unwrap(), d["message"]))
        .collect()
}

/// The sections the `coverage-gap` warnings name.
fn gaps(report: &Value) -> Vec<String> {
    report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "coverage-gap")
        .flat_map(|d| {
            // One warning lists every section: each name in backticks, its level after `at `.
            let message = d["message"].as_str().unwrap_or_default();
            let pieces: Vec<&str> = message.split('`').collect();
            pieces
                .iter()
                .enumerate()
                .skip(1)
                .step_by(2)
                .filter(|(i, _)| !pieces[i - 1].ends_with("at "))
                .map(|(_, name)| (*name).to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `build -o - --format md` of `packet` against `rubric`.
fn md(packet: &str, rubric: &str) -> String {
    Test::new()
        .packet(packet)
        .file("rubric.toml", rubric)
        .args(["build", "packet.toml", "-q", "-o", "-", "--format", "md"])
        .run()
        .stdout
}

/// The names listed under the Markdown packet's `## Gaps`.
fn md_gaps(md: &str) -> Vec<String> {
    let gaps = md
        .split("\n## Gaps\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no gaps chapter in\n{md}"));
    gaps.split("\n## ")
        .next()
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.strip_prefix("- **")?.strip_suffix("**"))
        .map(str::to_owned)
        .collect()
}

/// The template context of `packet` against `rubric`.
fn context(packet: &str, rubric: &str) -> Value {
    let out = Test::new()
        .packet(packet)
        .file("rubric.toml", rubric)
        .args(["build", "packet.toml", "-q", "--format", "md", "-o", "out"])
        .args(["--context", "-"])
        .run();
    serde_json::from_str(&out.stdout).expect("the context is JSON")
}

fn section<'a>(context: &'a Value, id: &str) -> &'a Value {
    context["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no section `{id}` in the context"))
}

#[test]
fn the_fixture_checks_clean_with_one_gap() {
    let report = check(PACKET, RUBRIC, 0);
    assert_eq!(
        diagnostics(&report),
        [r#"coverage-gap: "no activity evidences section `direction`, expected at `senior`""#],
    );
    assert_eq!(
        row_ids(&report),
        ["coding", "delivery", "direction", "people"]
    );
}

#[test]
fn a_section_that_ends_is_no_gap_and_has_no_row_above_its_last_level() {
    // `learning` ends at `mid`: at `senior` it is neither a row nor a gap.
    let report = check(PACKET, RUBRIC, 0);
    assert!(!row_ids(&report).contains(&"learning"), "{report:#}");
    assert_eq!(gaps(&report), ["direction"]);
    assert_eq!(md_gaps(&md(PACKET, RUBRIC)), ["Direction"]);

    // At `mid` and below it is expected, and a gap when nothing evidences it.
    for level in ["mid", "junior"] {
        let report = check(&at(level), RUBRIC, 0);
        assert_eq!(row(&report, "learning")["status"], "missing", "{level}");
        assert!(gaps(&report).contains(&"learning".to_owned()), "{level}");
        assert!(
            md_gaps(&md(&at(level), RUBRIC)).contains(&"Learning".to_owned()),
            "{level}"
        );
    }
    // The same rubric without `until`: the text carries up, and `senior` expects it.
    let open = RUBRIC.replace("until = \"mid\"\n", "");
    assert!(row_ids(&check(PACKET, &open, 0)).contains(&"learning"));
}

#[test]
fn a_section_that_starts_is_not_expected_below_it() {
    // `direction` starts at `senior`: at `mid` the junior text does not carry up to it.
    let report = check(&at("mid"), RUBRIC, 0);
    assert!(!row_ids(&report).contains(&"direction"), "{report:#}");
    assert!(!gaps(&report).contains(&"direction".to_owned()));
    let context = context(&at("mid"), RUBRIC);
    let direction = section(&context, "direction");
    assert_eq!(direction["expected"], false);
    assert_eq!(direction["expectation"], Value::Null);
    // From `senior` on it is.
    let md = md(PACKET, RUBRIC);
    assert!(
        md.contains("**Expected at Senior Engineer:**\n\nSets the team's technical direction."),
        "{md}"
    );
    // Without `from`, the junior text would carry up to `mid`.
    let open = RUBRIC.replace("from = \"senior\"\n", "");
    assert_eq!(
        row(&check(&at("mid"), &open, 0), "direction")["status"],
        "missing"
    );
}

/// `first_level` is where a section starts: for a section with `from`, that level (or the
/// first written above it), not a lower level whose text the section never shows.
#[test]
fn a_section_that_starts_says_where_it_starts() {
    let context = context(&at("mid"), RUBRIC);
    assert_eq!(
        section(&context, "direction")["first_level"]["id"],
        "senior"
    );
}

#[test]
fn an_information_section_is_never_a_gap_and_has_no_row() {
    for level in ["junior", "mid", "senior", "staff"] {
        let report = check(&at(level), RUBRIC, 0);
        assert!(!row_ids(&report).contains(&"handbook"), "{level}");
        assert!(!gaps(&report).contains(&"handbook".to_owned()), "{level}");
        assert!(
            !md_gaps(&md(&at(level), RUBRIC)).contains(&"Handbook".to_owned()),
            "{level}"
        );
    }
    let context = context(PACKET, RUBRIC);
    let handbook = section(&context, "handbook");
    assert_eq!(handbook["info"], true);
    assert_eq!(handbook["expected"], false);
    assert_eq!(
        handbook["expectation"],
        "Everyone reads the engineering handbook."
    );
}

#[test]
fn naming_an_information_section_is_an_error_for_an_activity_and_a_claim() {
    let packet = PACKET.replace(
        "sections = [\"people\"]",
        "sections = [\"people\", \"handbook\"]",
    ) + "\n[[claim]]\nsection = \"handbook\"\ntext = \"Read it.\"\n";
    let report = check(&packet, RUBRIC, 1);
    let found = diagnostics(&report);
    let info: Vec<&String> = found
        .iter()
        .filter(|d| d.starts_with("info-section: "))
        .collect();
    assert_eq!(info.len(), 2, "{found:#?}");
    assert!(info[0].contains("activity `onboarding`"), "{found:#?}");
    assert!(info[1].contains("a claim"), "{found:#?}");
    // The same with an item of it.
    let packet = PACKET.replace(
        "sections = [\"people\"]",
        "sections = [\"people\", \"handbook#anything\"]",
    );
    assert!(
        diagnostics(&check(&packet, RUBRIC, 1))
            .iter()
            .any(|d| d.starts_with("info-section: ")),
    );
}

#[test]
fn a_group_target_changes_the_expectation_and_the_gaps_of_its_sections() {
    let packet = with_targets("leadership = \"staff\"");
    let report = check(&packet, RUBRIC, 0);
    // `direction` carries its senior text up to staff: still a gap, now at `staff`.
    assert!(
        diagnostics(&report).contains(
            &r#"coverage-gap: "no activity evidences section `direction`, expected at `staff`""#
                .to_owned()
        ),
        "{report:#}"
    );
    let md = md(&packet, RUBRIC);
    assert!(
        md.contains(
            "**Expected at Staff Engineer** (this section's own target):\n\nGrows the next leaders."
        ),
        "{md}"
    );
    assert!(!md.contains("Helps teammates when asked."), "{md}");
    // The craft sections keep the person's target.
    assert!(
        md.contains("**Expected at Senior Engineer:**\n\nDesigns the systems others build on."),
        "{md}"
    );
    let context = context(&packet, RUBRIC);
    assert_eq!(section(&context, "people")["target"]["id"], "staff");
    assert_eq!(section(&context, "coding")["target"]["id"], "senior");
}

#[test]
fn a_section_target_wins_over_its_group_target() {
    // `direction` at `mid` is not expected (it starts at `senior`), whatever its group says.
    let packet = with_targets("leadership = \"staff\"\ndirection = \"mid\"");
    let report = check(&packet, RUBRIC, 0);
    assert!(!row_ids(&report).contains(&"direction"), "{report:#}");
    assert_eq!(gaps(&report), Vec::<String>::new());
    assert_eq!(md_gaps(&md(&packet, RUBRIC)), Vec::<String>::new());
    let context = context(&packet, RUBRIC);
    assert_eq!(section(&context, "direction")["target"]["id"], "mid");
    assert_eq!(section(&context, "people")["target"]["id"], "staff");
}

#[test]
fn a_section_target_changes_which_gaps_apply() {
    // `learning` ended below `senior`; argued at `mid`, it is a gap again.
    let packet = with_targets("learning = \"mid\"");
    let report = check(&packet, RUBRIC, 0);
    assert_eq!(gaps(&report), ["learning", "direction"]);
    assert!(
        diagnostics(&report).contains(
            &r#"coverage-gap: "no activity evidences sections `learning` (expected at `mid`), `direction` (expected at `senior`)""#
                .to_owned()
        ),
        "{report:#}"
    );
    assert_eq!(md_gaps(&md(&packet, RUBRIC)), ["Learning", "Direction"]);
    // And a section argued at a level it ends below is none.
    let packet = at("mid").replacen(
        "[[claim]]",
        "[targets]\nlearning = \"senior\"\n\n[[claim]]",
        1,
    );
    assert!(!gaps(&check(&packet, RUBRIC, 0)).contains(&"learning".to_owned()));
}

#[test]
fn a_target_naming_an_unknown_level_or_section_is_an_error() {
    let report = check(
        &with_targets("leadershp = \"staff\"\npeople = \"stafff\""),
        RUBRIC,
        1,
    );
    let found = diagnostics(&report);
    assert!(
        found
            .iter()
            .any(|d| d.starts_with("unknown-section: ") && d.contains("`leadershp`")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|d| d.starts_with("unknown-level: ") && d.contains("`stafff`")),
        "{found:#?}"
    );
}

#[test]
fn items_are_counted_one_by_one() {
    let report = check(PACKET, RUBRIC, 0);
    let delivery = row(&report, "delivery");
    // Every activity naming the section or one of its items counts for the section.
    assert_eq!(delivery["activities"], 3);
    assert_eq!(delivery["status"], "strong");
    assert_eq!(
        delivery["items"],
        json!([
            { "id": "incidents", "text": "Leads incident reviews", "activities": 2, "status": "strong" },
            { "id": "plans-the-work-of-the-team", "text": "Plans the work of the team for each quarter", "activities": 1, "status": "thin" },
            { "id": "mentoring", "text": "Mentors two engineers", "activities": 0, "status": "missing" },
        ])
    );
    // 2 of 3 items evidenced.
    let items = delivery["items"].as_array().unwrap();
    let evidenced = items.iter().filter(|i| i["status"] != "missing").count();
    assert_eq!((evidenced, items.len()), (2, 3));
    // A section written as text has no items.
    assert_eq!(row(&report, "coding").get("items"), None);
}

#[test]
fn an_activity_naming_only_the_section_counts_for_no_item() {
    // `planning` names `delivery` alone: it counts for the section, and no item has it.
    let context = context(PACKET, RUBRIC);
    let delivery = section(&context, "delivery");
    let proving = |n: usize| -> Vec<&str> {
        delivery["items"][n]["activities"]
            .as_array()
            .expect("activities")
            .iter()
            .map(|a| a["id"].as_str().unwrap())
            .collect()
    };
    assert_eq!(proving(0), ["queue", "outage-review"]);
    assert_eq!(proving(1), ["outage-review"]);
    assert_eq!(proving(2), Vec::<&str>::new());
    let all: Vec<&str> = delivery["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(all, ["queue", "outage-review", "planning"]);
    // Naming the section as well as one of its items is one activity, not two.
    let packet = PACKET.replace(
        "sections = [\"coding\", \"delivery#incidents\"]",
        "sections = [\"coding\", \"delivery\", \"delivery#incidents\"]",
    );
    let report = check(&packet, RUBRIC, 0);
    assert_eq!(row(&report, "delivery")["activities"], 3);
    assert_eq!(row(&report, "delivery")["items"][0]["activities"], 2);
}

#[test]
fn item_strong_sets_how_many_activities_make_an_item_strong() {
    let status = |rubric: &str| -> Vec<String> {
        let report = check(PACKET, rubric, 0);
        row(&report, "delivery")["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["status"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(status(RUBRIC), ["strong", "thin", "missing"]);
    let one = format!("{RUBRIC}\n[coverage]\nitem_strong = 1\n");
    assert_eq!(status(&one), ["strong", "strong", "missing"]);
    let three = format!("{RUBRIC}\n[coverage]\nitem_strong = 3\n");
    assert_eq!(status(&three), ["thin", "thin", "missing"]);
    // The section's own threshold is another key.
    let report = check(PACKET, &three, 0);
    assert_eq!(row(&report, "delivery")["status"], "strong");
}

#[test]
fn items_follow_the_target_level() {
    // At `mid` the items are the mid list, with ids derived from their first six words.
    let report = check(&at("mid"), RUBRIC, 0);
    let ids: Vec<&str> = row(&report, "delivery")["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "ships-features-end-to-end",
            "writes-tests-for-every-change-they"
        ]
    );
}

#[test]
fn an_expectation_written_as_a_list_renders_as_bullets() {
    let md = md(PACKET, RUBRIC);
    assert!(
        md.contains(
            "**Expected at Senior Engineer** (2 of 3 items evidenced):\n\n- ✓ Leads incident reviews: "
        ),
        "{md}"
    );
}

#[test]
fn an_unknown_item_is_an_error_with_a_suggestion() {
    let packet = PACKET.replace(
        "\"delivery#incidents\", \"delivery#plans",
        "\"delivery#incident\", \"delivery#plans",
    );
    let report = check(&packet, RUBRIC, 1);
    let diagnostic = first_error(&report);
    assert_eq!(diagnostic["code"], "unknown-item");
    assert_eq!(
        diagnostic["message"],
        "activity `outage-review` names unknown item `incident` of section `delivery`"
    );
    assert_eq!(diagnostic["hint"], "did you mean `incidents`?");

    // A section written as text has no items to name.
    let packet = PACKET.replace("sections = [\"people\"]", "sections = [\"people#helps\"]");
    let report = check(&packet, RUBRIC, 1);
    let diagnostic = first_error(&report);
    assert_eq!(diagnostic["code"], "unknown-item");
    assert!(
        diagnostic["hint"]
            .as_str()
            .unwrap()
            .contains("has no items"),
        "{diagnostic:#}"
    );

    // A claim's items are checked the same way.
    let packet = PACKET.replace("items = [\"incidents\", ", "items = [\"incidnets\", ");
    let report = check(&packet, RUBRIC, 1);
    let diagnostic = first_error(&report);
    assert_eq!(diagnostic["code"], "unknown-item");
    assert!(
        diagnostic["message"]
            .as_str()
            .unwrap()
            .starts_with("a claim on section `delivery`"),
        "{diagnostic:#}"
    );
    assert_eq!(diagnostic["hint"], "did you mean `incidents`?");
}

#[test]
fn an_item_of_another_level_of_the_section_can_be_named() {
    // The mid items exist in the rubric: naming one at `senior` is no error, and counts for
    // the section but no senior item.
    let packet = PACKET.replace(
        "sections = [\"delivery\"]",
        "sections = [\"delivery#ships-features-end-to-end\"]",
    );
    let report = check(&packet, RUBRIC, 0);
    assert_eq!(row(&report, "delivery")["activities"], 3);
    assert_eq!(row(&report, "delivery")["items"][2]["activities"], 0);
}

#[test]
fn a_section_naming_an_unknown_group_is_an_error() {
    let rubric = RUBRIC.replace(
        "group = \"leadership\"\nfrom",
        "group = \"leadrship\"\nfrom",
    );
    let out = Test::new()
        .packet(PACKET)
        .file("rubric.toml", &rubric)
        .args(["rubric", "check", "rubric.toml"])
        .status(1)
        .run();
    assert!(
        out.stdout
            .contains("error[unknown-group]: section `direction` names unknown group `leadrship`")
            || out.stderr.contains(
                "error[unknown-group]: section `direction` names unknown group `leadrship`"
            ),
        "{}{}",
        out.stdout,
        out.stderr
    );
    let report = check(PACKET, &rubric, 1);
    let found = diagnostics(&report);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].starts_with("unknown-group: "), "{found:#?}");
    // A group may be named by its id or its name.
    let by_name = RUBRIC.replace(
        "group = \"leadership\"\nfrom",
        "group = \"Leadership\"\nfrom",
    );
    check(PACKET, &by_name, 0);
}

#[test]
fn sections_are_shown_in_the_order_of_their_groups() {
    // `coding` is written after `people` here; the packet still shows craft first.
    let (head, people) = RUBRIC
        .split_once("[[section]]\nid = \"people\"")
        .expect("people is the last section");
    let (before, coding_and_rest) = head
        .split_once("[[section]]\nid = \"coding\"")
        .expect("coding");
    let (coding, rest) = coding_and_rest
        .split_once("\n# Ends")
        .expect("the learning section follows coding");
    let moved = format!(
        "{before}\n# Ends{rest}[[section]]\nid = \"people\"{people}\n[[section]]\nid = \"coding\"{coding}\n"
    );
    let context = context(PACKET, &moved);
    let ids: Vec<&str> = context["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "learning",
            "handbook",
            "delivery",
            "coding",
            "direction",
            "people"
        ]
    );
}

/// A rubric without any of the new keys checks exactly as it did before them: the minimal
/// fixture's report, pinned from the binary before ladders had shapes.
#[test]
fn a_rubric_without_new_keys_checks_as_before() {
    let out = promopack()
        .args([
            "check",
            "tests/fixtures/minimal/packet.toml",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let row = |id: &str, name: &str, activities: u32, evidence: u32, metrics: u32, status: &str| {
        json!({ "id": id, "name": name, "activities": activities, "evidence": evidence,
                "metrics": metrics, "status": status })
    };
    assert_eq!(
        report,
        json!({
            "files": [{
                "coverage": [
                    row("writing", "Writing", 2, 3, 2, "thin"),
                    row("teaching", "Teaching", 1, 1, 0, "thin"),
                    row("community", "Community", 1, 1, 0, "thin"),
                    row("reviews", "Code Review", 0, 0, 0, "missing"),
                ],
                "diagnostics": [{
                    "code": "coverage-gap",
                    "file": "tests/fixtures/minimal/packet.toml",
                    "hint": "add `\"reviews\"` to the `sections` of an activity that shows it",
                    "location": { "column": 10, "line": 7 },
                    "message": "no activity evidences section `reviews`, expected at `senior`",
                    "severity": "warning",
                }],
                "file": "tests/fixtures/minimal/packet.toml",
            }],
            "summary": { "errors": 0, "files": 1, "warnings": 1 },
            "version": 1,
        })
    );
}

#[test]
fn the_rubric_and_its_levels_carry_their_metadata_into_the_context() {
    let context = context(PACKET, RUBRIC);
    assert_eq!(context["rubric"]["source"]["licence"], "CC BY 4.0");
    assert_eq!(
        context["rubric"]["source"]["url"],
        "https://ladder.example.com/shapes"
    );
    let groups: Vec<&str> = context["rubric"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["craft", "leadership"]);
    assert_eq!(context["target"]["grade"], "P3");
    assert_eq!(context["target"]["summary"], "Owns a system end to end.");
    assert_eq!(context["target"]["track"], "individual contributor");
    let coding = section(&context, "coding");
    assert_eq!(coding["group"], "Craft");
    assert_eq!(coding["group_description"], "How the work itself is done.");
}

#[test]
fn init_with_items_lists_item_ids_and_builds_at_once() {
    let out = Test::new()
        .fixture("shapes/rubric.toml", "ladder/rubric.toml")
        .args(["init", "case", "--rubric", "ladder/rubric.toml"])
        .run();
    // Outside a git repository, the packet reads only its own folder: `init` says what
    // lets it read the rubric beside it.
    assert!(
        out.stderr.contains("--read-outside ladder`"),
        "{}",
        out.stderr
    );
    let packet = out.read("case/packet.toml");
    // The starter's target is the second level, `mid`: its items are listed.
    assert!(
        packet.contains("delivery#ships-features-end-to-end"),
        "{packet}"
    );
    assert!(
        packet.contains("delivery#writes-tests-for-every-change-they"),
        "{packet}"
    );
    assert!(packet.contains("# [targets]"), "{packet}");
    // No example activity names the information-only section, which would be an error.
    let check = Test::new()
        .fixture("shapes/rubric.toml", "ladder/rubric.toml")
        .file("case/packet.toml", &packet)
        .args(["check", "case/packet.toml", "--format", "json"])
        .args(["--read-outside", "ladder"])
        .run();
    let report: Value = serde_json::from_str(&check.stdout).expect("JSON");
    assert_eq!(report["summary"]["errors"], 0, "{report:#}");
    let found = diagnostics(&report);
    // A fresh packet: one warning for its gaps, one for the example text left to replace.
    let codes: Vec<&str> = found.iter().filter_map(|d| d.split(':').next()).collect();
    assert_eq!(codes, ["placeholder", "coverage-gap"], "{found:#?}");
    Test::new()
        .fixture("shapes/rubric.toml", "ladder/rubric.toml")
        .file("case/packet.toml", &packet)
        .args(["build", "case/packet.toml", "-q", "-o", "out"])
        .args(["--read-outside", "ladder"])
        .run();
}

#[test]
fn init_without_items_still_mentions_targets_and_the_item_form() {
    let out = Test::new().args(["init", "case"]).run();
    let packet = out.read("case/packet.toml");
    assert!(packet.contains("# [targets]"), "{packet}");
    assert!(packet.contains("SECTION#ITEM"), "{packet}");
    // The commented table is valid TOML once uncommented.
    let uncommented = packet.replace("# [targets]", "[targets]");
    assert!(uncommented.parse::<toml::Table>().is_ok());
}

#[test]
fn an_item_of_another_level_is_a_warning_and_counts_for_no_item() {
    // `ships-features-end-to-end` is a `mid` item; the packet argues `delivery` at `senior`.
    let packet = PACKET.replace(
        "sections = [\"coding\", \"delivery#incidents\"]",
        "sections = [\"coding\", \"delivery#incidents\", \"delivery#ships-features-end-to-end\"]",
    );
    assert_ne!(packet, PACKET);
    let report = check(&packet, RUBRIC, 0);
    let found = diagnostics(&report);
    assert!(
        found.iter().any(|d| d.starts_with("item-not-expected: ")
            && d.contains("`ships-features-end-to-end`")
            && d.contains("not expected at `senior`")),
        "{found:?}"
    );
    let delivery = row(&report, "delivery");
    assert_eq!(delivery["items_evidenced"], 2, "{delivery:#}");
}

#[test]
fn a_section_id_with_a_hash_is_still_a_section() {
    let rubric = RUBRIC.replace("id = \"delivery\"", "id = \"delivery#2\"");
    // The section alone, and the section's items after the last `#`.
    let packet = PACKET.replace("\"delivery", "\"delivery#2");
    assert_ne!(packet, PACKET);
    let report = check(&packet, &rubric, 0);
    assert!(
        !diagnostics(&report)
            .iter()
            .any(|d| d.starts_with("unknown-")),
        "{report:#}"
    );
    assert_eq!(
        row(&report, "delivery#2")["items_evidenced"],
        2,
        "{report:#}"
    );
}
