//! `promopack init`: a commented starter packet that builds at once.

use std::path::{Path, PathBuf};

use chrono::Datelike;

use super::tools::write_new_files;
use crate::error::Error;
use crate::packet::placeholder::{
    ACTIVITIES, CASE_SUMMARY, CLAIM_TEXT, GOAL, GROWTH, METRIC, NAME, ROLE, TESTIMONIAL,
};
use crate::rubric::Rubric;
use crate::{read, rubric, schema};

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Folder to write packet.toml into (created if missing)
    #[arg(default_value = ".")]
    pub dir: PathBuf,

    /// The same as DIR
    #[arg(short, long, value_name = "DIR", conflicts_with = "dir")]
    pub output: Option<PathBuf>,

    /// The rubric to argue against: a built-in name or a rubric file
    #[arg(long, default_value = "developer-advocate", value_name = "NAME|PATH")]
    pub rubric: String,

    /// Start the next period from the last one's packet: the same person, rubric and
    /// metrics (baselines set to the latest values), its goals as this period's starting
    /// point, no activities
    #[arg(long, value_name = "LAST/packet.toml", conflicts_with = "rubric")]
    pub from: Option<PathBuf>,

    /// Overwrite packet.toml and packet.schema.json if they exist
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &InitArgs) -> Result<(), Error> {
    let dir = args.output.as_ref().unwrap_or(&args.dir);
    // `init new/packet.toml` would make a folder named `packet.toml`.
    let named_like_a_file = !dir.exists() && dir.extension().is_some_and(|e| e == "toml");
    if dir.is_file() || named_like_a_file {
        let what = if named_like_a_file {
            "named like a file"
        } else {
            "a file"
        };
        // `init my-case/packet.toml` meant the folder that holds it; any other file name, a
        // folder still to name.
        let suggestion = match dir.parent() {
            _ if dir.file_name().is_none_or(|name| name != "packet.toml") => {
                "give the name of a new folder, e.g. `promopack init my-case`".to_owned()
            }
            Some(folder) => {
                let folder = if folder.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    folder
                };
                let force = if args.force || named_like_a_file {
                    ""
                } else {
                    " (with `--force` to replace the packet.toml there)"
                };
                format!("run `promopack init {}`{force}", folder.display())
            }
            None => "give the name of a new folder, e.g. `promopack init my-case`".to_owned(),
        };
        return Err(Error::Usage(format!(
            "`{}` is {what}, and `init` takes the folder to write packet.toml into: {suggestion}",
            dir.display(),
        )));
    }
    if let Some(last) = &args.from {
        return carry_forward(last, dir, args.force);
    }
    let source = rubric::named(&args.rubric)?;
    let checked = rubric::check(&source).map_err(Error::Invalid)?;
    let reference =
        if rubric::looks_like_path(&args.rubric) && !Path::new(&args.rubric).is_absolute() {
            relative_to(Path::new(&args.rubric), dir)?
        } else {
            args.rubric.clone()
        };
    let year = chrono::Local::now().date_naive().year();
    let packet = starter(&checked, &reference, year);
    write_new_files(
        &[
            (dir.join("packet.toml"), packet.as_str()),
            (dir.join("packet.schema.json"), schema::packet().as_str()),
        ],
        args.force,
    )?;
    let packet = dir.join("packet.toml");
    let reach = reach_flag(&packet, &args.rubric);
    let here = dir.as_os_str().is_empty() || dir == Path::new(".");
    if !reach.is_empty() {
        // The folder to let it read is named from here: build from here.
        eprintln!(
            "next: edit {}, then run `promopack build {}{reach}`",
            packet.display(),
            packet.display(),
        );
    } else if here {
        eprintln!(
            "next: edit packet.toml (or log work with `promopack add`), then run `promopack check` and `promopack build`"
        );
    } else {
        eprintln!(
            "next: `cd {}`, edit packet.toml (or log work with `promopack add`), then run `promopack check` and `promopack build`",
            dir.display()
        );
    }
    Ok(())
}

/// `init --from LAST`: the next period's packet in `dir`.
fn carry_forward(last: &Path, dir: &Path, force: bool) -> Result<(), Error> {
    let carried = super::carry::next_packet(last, dir)?;
    let schema = schema::packet();
    let files = [
        (dir.join("packet.toml"), carried.text.as_str()),
        (dir.join("packet.schema.json"), schema.as_str()),
    ];
    // Not even with `--force`: the last period's packet is the record of it.
    for (output, _) in &files {
        if let Some(input) = carried.inputs.iter().find(|input| same_file(output, input)) {
            let what = if same_file(input, last) {
                "the packet `--from` reads"
            } else {
                "a file the packet `--from` reads"
            };
            return Err(Error::Usage(format!(
                "an output would overwrite an input: `{}` is {what}; give `init` a new folder for the next period, e.g. `promopack init next --from {}`",
                output.display(),
                last.display()
            )));
        }
    }
    write_new_files(&files, force)?;
    for note in &carried.notes {
        eprintln!("note: {note}");
    }
    let packet = dir.join("packet.toml");
    let reach = carried
        .rubric_file
        .map(|rubric| reach_flag(&packet, &rubric))
        .unwrap_or_default();
    eprintln!(
        "next: log this period's work in {} (`promopack add`), then run `promopack check {}{reach}`",
        packet.display(),
        packet.display(),
    );
    Ok(())
}

/// Whether `a` and `b` name the same existing file, through links and `..`.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// ` --read-outside FOLDER` when the packet may not read its rubric file by default (outside
/// the git repository that holds it, else outside its folder), so that the next step works.
fn reach_flag(packet: &Path, rubric: &str) -> String {
    if !rubric::looks_like_path(rubric) {
        return String::new();
    }
    let rubric = Path::new(rubric);
    let confine = read::Confine::packet(packet, &read::Reach::default());
    match (confine.check(rubric), rubric.parent()) {
        (Err(_), Some(folder)) if !folder.as_os_str().is_empty() => {
            format!(" --read-outside {}", folder.display())
        }
        (Err(_), _) => " --read-outside .".to_owned(),
        (Ok(_), _) => String::new(),
    }
}

/// `rubric` as a path relative to `dir`, as the packet in `dir` will name it.
pub(super) fn relative_to(rubric: &Path, dir: &Path) -> Result<String, Error> {
    let absolute = |p: &Path| {
        std::path::absolute(p).map_err(|source| Error::Read {
            path: p.to_path_buf(),
            source,
        })
    };
    let (rubric, dir) = (absolute(rubric)?, absolute(dir)?);
    let relative = pathdiff::diff_paths(&rubric, &dir).unwrap_or(rubric);
    let text = relative.to_string_lossy().replace('\\', "/");
    // A bare file name would read as a built-in rubric's name.
    Ok(if text.contains('/') || text.ends_with(".toml") {
        text
    } else {
        format!("./{text}")
    })
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The ids of the starter's example activities, in the order they appear.
const EXAMPLE_IDS: [&str; 3] = [ACTIVITIES[0].0, ACTIVITIES[1].0, ACTIVITIES[2].0];

/// The starter's `[[claim]]`s: one per section its example activities name, citing them, so a
/// fresh packet argues every section it has evidence for and `check` finds no `no-claim`.
fn example_claims(sections: &[&str]) -> String {
    let mut claimed: Vec<(&str, Vec<&str>)> = Vec::new();
    for (&section, id) in sections.iter().zip(EXAMPLE_IDS) {
        match claimed.iter_mut().find(|(s, _)| *s == section) {
            Some((_, ids)) => ids.push(id),
            None => claimed.push((section, vec![id])),
        }
    }
    claimed
        .iter()
        .map(|(section, ids)| {
            let evidence: Vec<String> = ids.iter().map(|id| quoted(id)).collect();
            format!(
                r#"[[claim]]
section = {section}
text = """
{text}"""
evidence = [{evidence}]
"#,
                section = quoted(section),
                text = CLAIM_TEXT,
                evidence = evidence.join(", "),
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// How many item ids the starter's comments list at most.
const LISTED_ITEMS: usize = 6;

/// A commented-out `[targets]` table, with an example from this rubric: its last group (or
/// section) argued at its highest level.
fn targets_comment(rubric: &Rubric) -> String {
    let name = rubric
        .groups
        .last()
        .map(|g| g.id.as_str())
        .or_else(|| {
            rubric
                .sections
                .iter()
                .rfind(|s| !s.info)
                .map(|s| s.id.as_str())
        })
        .unwrap_or("section-id");
    let level = rubric.levels.last().map_or("level-id", |l| l.id.as_str());
    let groups: Vec<&str> = rubric.groups.iter().map(|g| g.id.as_str()).collect();
    let groups = if groups.is_empty() {
        String::new()
    } else {
        format!("\n# Groups of this rubric: {}", groups.join(", "))
    };
    format!(
        r#"# Optional: another target level for some groups or sections (a group or section id = a level id,
# the section's own target winning over its group's); every other section is argued at `target`.{groups}
# [targets]
# {name} = {level}
"#,
        name = quoted_key(name),
        level = quoted(level),
    )
}

/// The comment on `SECTION#ITEM`: with a few item ids of the target level when the rubric
/// writes some of its expectations there as lists.
fn items_comment(rubric: &Rubric, target: usize) -> String {
    let items: Vec<String> = rubric
        .sections
        .iter()
        .filter(|s| s.expected_at(target))
        .flat_map(|s| {
            s.items(target)
                .iter()
                .map(move |i| format!("{}#{}", s.id, i.id))
        })
        .collect();
    let mut text = String::from(
        "# Where a section's expectation is a list of items, `\"SECTION#ITEM\"` names one item of it.",
    );
    if !items.is_empty() {
        let more = if items.len() > LISTED_ITEMS {
            ", ..."
        } else {
            ""
        };
        let shown: Vec<&str> = items
            .iter()
            .take(LISTED_ITEMS)
            .map(String::as_str)
            .collect();
        text.push_str(&format!(
            "\n# Items at the target level: {}{more}",
            shown.join(", ")
        ));
    }
    text
}

/// `key` as a TOML key: bare when it can be.
pub(super) fn quoted_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare { key.to_owned() } else { quoted(key) }
}

/// The starter packet: every key explained, a case summary, three example activities on
/// sections the target level is assessed on with a claim for each of those sections, and a
/// headline metric.
pub fn starter(rubric: &Rubric, reference: &str, year: i32) -> String {
    let target = rubric.levels.len().min(2).saturating_sub(1);
    let level = &rubric.levels[target];
    // No activity may name an information-only section, so the examples never do.
    let assessed = || rubric.sections.iter().filter(|s| !s.info);
    let mut expected: Vec<&str> = assessed()
        .filter(|s| s.expected_at(target))
        .map(|s| s.id.as_str())
        .collect();
    if expected.is_empty() {
        expected = assessed().map(|s| s.id.as_str()).collect();
    }
    if expected.is_empty() {
        expected = rubric.sections.iter().map(|s| s.id.as_str()).collect();
    }
    let used: Vec<&str> = (0..EXAMPLE_IDS.len())
        .map(|n| expected[n % expected.len()])
        .collect();
    let section = |n: usize| quoted(used[n]);
    let levels: Vec<&str> = rubric.levels.iter().map(|l| l.id.as_str()).collect();
    let sections: Vec<&str> = assessed().map(|s| s.id.as_str()).collect();
    format!(
        r#"#:schema ./packet.schema.json
# My promotion packet, kept with promopack. Log work as it happens; build the packet at review time:
#   promopack check     # every problem, and how well each rubric section is covered
#   promopack build     # writes out/<name>-<period>.md and .html
# Every key is described in promopack's docs/packet-format.md. Replace the examples (case,
# claims, activities, metric) with your own.

# A built-in rubric (`promopack rubric list`) or a path to your company's rubric file.
rubric = {rubric}

[person]
name = {name}
role = {role}
# The level the case argues for. Levels of this rubric: {levels}
target = {target}
# team = "Your team"
# manager = "Your manager"

[period]
label = "{year}"
start = {year}-01-01
end = {year}-12-31

{targets}
# The case: the argument a committee reads first, in Markdown. The packet opens with it.
[case]
summary = """
{case_summary}"""

# One [[claim]] per rubric section you have evidence for: `section` is the section's id, `text`
# says in your words how the work meets what the section expects at the target level
# (`promopack rubric show <rubric>` prints it), and `evidence` lists the ids of the activities that prove
# it, strongest first. Each cited activity must name that section in its `sections`. Where the
# section's expectation is a list of items, `items = ["ITEM", ...]` names the ones the claim meets.
{claims}
# One [[activity]] per piece of work. `sections` are ids of the rubric's sections:
# {sections}
{items}
# `kind` is one of: blog-post, talk, training, docs, community, open-source, mentoring, project, other.
# `id` is what claims cite; without it, the id is a slug of the title.

[[activity]]
id = "{id0}"
title = {title0}
date = {year}-02-10                 # or `start = ...` and `end = ...` for work that spans time
kind = "blog-post"
sections = [{s0}]
summary = """
What you did, in Markdown.
"""
impact = """
What changed because of it: numbers, quotes, decisions.
"""
evidence = [{url0}]
metrics = {{ views = 1200 }}
tags = ["external"]

[[activity]]
id = "{id1}"
title = {title1}
date = {year}-03-15
kind = "talk"
sections = [{s1}]
summary = "A 30-minute talk for the engineering all-hands."
evidence = [
  {{ url = {url1}, label = "Recording" }},
  {{ label = "Feedback form results", private = true }},  # evidence that cannot be linked
]
metrics = {{ attendees = 80 }}

[[activity]]
id = "{id2}"
title = {title2}
start = {year}-01-15
end = {year}-04-30
kind = "mentoring"
sections = [{s2}]
summary = "Weekly pairing and reviews during onboarding."
evidence = [{{ label = "Onboarding plan", private = true }}]

# Headline metrics agreed with your manager or product manager.
[[metric]]
id = {metric_id}
name = {metric_name}
unit = "points"
baseline = 10
target = 30
owner = "Who agreed it"
points = [{{ date = {year}-06-30, value = 18 }}]

# Words from others (optional): a quote a committee can attribute, tied to the activities and
# sections it supports. A claim cites it with `testimonials = ["ID"]`; `private = true` marks
# words said in confidence.
# [[testimonial]]
# id = "pm-quote"
# quote = {t_quote}
# name = {t_name}
# role = {t_role}
# relationship = {t_relationship}
# date = {year}-06-01
# activities = ["{id0}"]
# sections = [{s0}]

# Growth areas (optional): an honest area to grow in, what you did about it, and what comes next.
# [[growth]]
# area = {g_area}
# done = {g_done}
# next = {g_next}

# Goals for the next period (optional): a rubric section and level each aims at (the section's
# target by default), the signal that shows it was met, and a headline metric it moves.
# [[goal]]
# goal = {goal}
# section = {s0}
# level = {next_level}
# signal = {signal}
# metric = {metric_id}

# The short form (`promopack build --layout short`), the self-evaluation a review tool asks
# for, must fit in its budget: 700 words unless set here.
# [short_form]
# max_words = 700
"#,
        rubric = quoted(reference),
        levels = levels.join(", "),
        target = quoted(&level.id),
        sections = sections.join(", "),
        s0 = section(0),
        s1 = section(1),
        s2 = section(2),
        claims = example_claims(&used),
        targets = targets_comment(rubric),
        items = items_comment(rubric, target),
        id0 = EXAMPLE_IDS[0],
        name = quoted(NAME),
        role = quoted(ROLE),
        case_summary = CASE_SUMMARY,
        title0 = quoted(ACTIVITIES[0].1),
        title1 = quoted(ACTIVITIES[1].1),
        title2 = quoted(ACTIVITIES[2].1),
        url0 = quoted(ACTIVITIES[0].2.unwrap_or_default()),
        url1 = quoted(ACTIVITIES[1].2.unwrap_or_default()),
        metric_id = quoted(METRIC.0),
        metric_name = quoted(METRIC.1),
        id1 = EXAMPLE_IDS[1],
        id2 = EXAMPLE_IDS[2],
        next_level =
            quoted(&rubric.levels[(target + 1).min(rubric.levels.len().saturating_sub(1))].id),
        t_quote = quoted(TESTIMONIAL[0]),
        t_name = quoted(TESTIMONIAL[1]),
        t_role = quoted(TESTIMONIAL[2]),
        t_relationship = quoted(TESTIMONIAL[3]),
        g_area = quoted(GROWTH[0]),
        g_done = quoted(GROWTH[1]),
        g_next = quoted(GROWTH[2]),
        goal = quoted(GOAL[0]),
        signal = quoted(GOAL[1]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_claims_cite_every_example_activity_once_per_section() {
        let claims = example_claims(&["writing", "teaching", "writing"]);
        let parsed: toml::Table = claims.parse().expect("claims are TOML");
        let claims = parsed["claim"].as_array().expect("an array of claims");
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(claims[0]["section"].as_str(), Some("writing"));
        let cited = |n: usize| -> Vec<&str> {
            claims[n]["evidence"]
                .as_array()
                .expect("evidence")
                .iter()
                .filter_map(toml::Value::as_str)
                .collect()
        };
        assert_eq!(cited(0), ["api-blog-post", "mentoring-newcomer"]);
        assert_eq!(cited(1), ["testing-talk"]);
    }
}
