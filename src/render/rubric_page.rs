//! A rubric as a document for people: `promopack rubric show`, in Markdown, HTML or plain text.

use super::markdown::to_safe_html;
use crate::packet::plain::from_markdown;
use crate::rubric::{Item, Level, Rubric, Section};

/// What `rubric show` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShowFormat {
    /// Markdown, the source the other two are made from.
    Md,
    /// The Markdown as a standalone HTML page, through the packet's own safe Markdown function.
    Html,
    /// Plain text for a terminal.
    Txt,
}

/// The rubric as a document: its name, description and source, its levels, then each section
/// in group order with the expectation for each level. With `level` (an index into
/// `rubric.levels`), that level alone: what each section that applies there expects of it.
pub fn describe(rubric: &Rubric, level: Option<usize>, format: ShowFormat) -> String {
    match format {
        ShowFormat::Md => markdown(rubric, level),
        ShowFormat::Html => html(rubric, level),
        ShowFormat::Txt => text(rubric, level),
    }
}

/// The heading a section comes under, when it is not the previous section's: its group's name
/// and introduction; `Other sections` for one without a group after grouped ones, and `None`
/// for those without a group at the start.
fn group_change<'r>(
    rubric: &'r Rubric,
    section: &'r Section,
    last: &mut Option<Option<&'r str>>,
) -> Option<(Option<&'r str>, &'r str)> {
    let group = section.group.as_deref();
    let previous = last.replace(group);
    if previous == Some(group) {
        return None;
    }
    let description = section
        .group_index
        .and_then(|at| rubric.groups.get(at))
        .map_or("", |g| g.description.trim());
    let name = match (group, previous) {
        (Some(name), _) => Some(name),
        (None, None) => None,
        (None, Some(_)) => Some("Other sections"),
    };
    Some((name, description))
}

/// Where the section applies, when that is not from the lowest level up: `Starts at ... and
/// ends at ...`. `label` writes a level.
fn scope(rubric: &Rubric, section: &Section, label: impl Fn(&Level) -> String) -> Option<String> {
    let first = (0..rubric.levels.len()).find(|&at| section.expectation(at).is_some())?;
    let level = |at: usize| rubric.levels.get(at).map(&label);
    let starts = (first > 0).then(|| level(first)).flatten();
    let ends = section.until.and_then(level);
    match (starts, ends) {
        (None, None) => None,
        (Some(starts), None) => Some(format!("Starts at {starts}.")),
        (None, Some(ends)) => Some(format!("Ends at {ends}: not expected at any higher level.")),
        (Some(starts), Some(ends)) => Some(format!(
            "Starts at {starts} and ends at {ends}: not expected at any higher level."
        )),
    }
}

const INFO: &str = "Information only: shown in the packet, never a gap, and no activity names it.";

/// The review tool's limits on the section's text: `at most 2000 characters, 300 words`.
fn limits(section: &Section) -> Option<String> {
    let limits: Vec<String> = [
        (section.max_chars, "characters"),
        (section.max_words, "words"),
    ]
    .iter()
    .filter_map(|(limit, unit)| limit.map(|n| format!("{n} {unit}")))
    .collect();
    (!limits.is_empty()).then(|| format!("at most {}", limits.join(", ")))
}

/// The level's grade and track: `grade P4, individual contributor`.
fn grade_and_track(level: &Level) -> Option<String> {
    let grade = level
        .grade
        .as_deref()
        .map(|g| format!("grade {}", g.trim()));
    let track = level.track.as_deref().map(|t| t.trim().to_owned());
    let parts: Vec<String> = [grade, track]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty() && s != "grade ")
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The levels whose written text is shown in the full view: those inside the section's
/// `from`/`until`, as text outside them is never shown anywhere.
fn written_levels(section: &Section) -> impl Iterator<Item = (usize, &str)> {
    section
        .expectations
        .iter()
        .enumerate()
        .filter(|(at, _)| section.from.is_none_or(|from| *at >= from))
        .filter(|(at, _)| section.until.is_none_or(|until| *at <= until))
        .filter_map(|(at, text)| Some((at, text.as_deref()?)))
}

// ---------------------------------------------------------------- Markdown

/// A Markdown document being written, a block at a time.
#[derive(Default)]
struct Blocks(Vec<String>);

impl Blocks {
    fn push(&mut self, block: impl Into<String>) {
        let block = block.into();
        if !block.trim().is_empty() {
            self.0.push(block.trim_end().to_owned());
        }
    }

    fn finish(self) -> String {
        let mut text = self.0.join("\n\n");
        text.push('\n');
        text
    }
}

fn md_level(level: &Level) -> String {
    format!("{} (`{}`)", level.name, level.id)
}

fn md_items(items: &[Item]) -> String {
    items
        .iter()
        .map(|item| {
            let text = item.text.trim().replace('\n', "\n  ");
            format!("- {text} (`{}`)\n", item.id)
        })
        .collect()
}

/// The expectation at a level in Markdown: its items with their ids, or its text.
fn md_expectation(section: &Section, at: usize, text: &str) -> String {
    match section.items.get(at) {
        Some(items) if !items.is_empty() => md_items(items),
        _ => text.trim().to_owned(),
    }
}

fn md_level_details(out: &mut Blocks, level: &Level) {
    let mut facts: Vec<String> = [("Grade", &level.grade), ("Track", &level.track)]
        .into_iter()
        .filter_map(|(name, value)| {
            let value = value.as_deref()?.trim();
            (!value.is_empty()).then(|| format!("{name}: {value}"))
        })
        .collect();
    if let Some(url) = level.url.as_deref().filter(|u| !u.trim().is_empty()) {
        facts.push(format!("<{}>", url.trim()));
    }
    out.push(facts.join(" · "));
    if let Some(summary) = &level.summary {
        out.push(format!("*{}*", summary.trim()));
    }
    out.push(level.description.trim());
}

fn md_head(out: &mut Blocks, rubric: &Rubric) {
    out.push(format!("# {}", rubric.name));
    out.push(rubric.description.trim());
    if let Some(origin) = &rubric.origin {
        let title = if origin.title.trim().is_empty() {
            origin.url.trim()
        } else {
            origin.title.trim()
        };
        let mut line = match (title.is_empty(), origin.url.trim().is_empty()) {
            (true, _) => String::new(),
            (false, true) => format!("Source: {title}"),
            (false, false) => format!("Source: [{title}]({})", origin.url.trim()),
        };
        if !origin.licence.trim().is_empty() {
            if !line.is_empty() {
                line.push_str(" · ");
            }
            line.push_str(&format!("Licence: {}", origin.licence.trim()));
        }
        out.push(line);
        out.push(origin.attribution.trim());
        if !origin.notes.trim().is_empty() {
            out.push("Notes:");
            out.push(origin.notes.trim());
        }
    }
}

fn markdown(rubric: &Rubric, only: Option<usize>) -> String {
    let mut out = Blocks::default();
    md_head(&mut out, rubric);
    let label = |l: &Level| md_level(l);
    match only.and_then(|at| rubric.levels.get(at).map(|l| (at, l))) {
        Some((at, level)) => {
            out.push(format!("## Level: {}", md_level(level)));
            md_level_details(&mut out, level);
            md_sections(&mut out, rubric, |section, out| {
                let (written, text) = section.expectation(at)?;
                out.push(format!("#### {}", md_level(level)));
                if written != at {
                    out.push(format!(
                        "*Written for {}, carried up.*",
                        md_level(rubric.levels.get(written)?)
                    ));
                }
                out.push(md_expectation(section, written, text));
                Some(())
            });
        }
        None => {
            out.push("## Levels, lowest first");
            for level in &rubric.levels {
                out.push(format!("### {}", md_level(level)));
                md_level_details(&mut out, level);
            }
            md_sections(&mut out, rubric, |section, out| {
                out.push(
                    scope(rubric, section, label)
                        .map(|s| format!("*{s}*"))
                        .unwrap_or_default(),
                );
                for (at, text) in written_levels(section) {
                    out.push(format!("#### {}", md_level(rubric.levels.get(at)?)));
                    out.push(md_expectation(section, at, text));
                }
                Some(())
            });
        }
    }
    out.finish()
}

/// Each section under its group's heading, written by `body`; a section `body` gives `None`
/// (it does not apply) is left out, and so is a group heading with no section under it.
fn md_sections(
    out: &mut Blocks,
    rubric: &Rubric,
    body: impl Fn(&Section, &mut Blocks) -> Option<()>,
) {
    let mut last = None;
    let mut heading: Option<Blocks> = None;
    for section in &rubric.sections {
        if let Some((group, description)) = group_change(rubric, section, &mut last) {
            let mut blocks = Blocks::default();
            blocks.push(format!("## {}", group.unwrap_or("Sections")));
            blocks.push(description);
            heading = Some(blocks);
        }
        let mut part = Blocks::default();
        part.push(format!("### {} (`{}`)", section.name, section.id));
        part.push(section.description.trim());
        if section.info {
            part.push(format!("*{INFO}*"));
        }
        if let Some(limits) = limits(section) {
            part.push(format!("*Its text: {limits}.*"));
        }
        if body(section, &mut part).is_none() {
            continue;
        }
        if let Some(heading) = heading.take() {
            out.0.extend(heading.0);
        }
        out.0.extend(part.0);
    }
}

// ---------------------------------------------------------------- HTML

fn html(rubric: &Rubric, level: Option<usize>) -> String {
    let body = to_safe_html(&markdown(rubric, level));
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        escape(&rubric.name)
    )
}

const STYLE: &str = "body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 48rem; padding: 0 1rem; color: #1d1d1f; }
h1, h2, h3, h4 { line-height: 1.25; }
h2 { border-bottom: 1px solid #ddd; padding-bottom: .25rem; margin-top: 2.5rem; }
code { font-size: .9em; color: #555; }
.table-scroll { overflow-x: auto; }
";

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

// ---------------------------------------------------------------- plain text

/// Lines of plain text, each Markdown text made plain and indented under its heading.
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn line(&mut self, indent: usize, text: &str) {
        for line in text.lines() {
            if line.trim().is_empty() {
                self.0.push('\n');
            } else {
                self.0.push_str(&format!("{:indent$}{line}\n", ""));
            }
        }
    }

    fn blank(&mut self) {
        if !self.0.is_empty() && !self.0.ends_with("\n\n") {
            self.0.push('\n');
        }
    }

    fn markdown(&mut self, indent: usize, markdown: &str) {
        self.line(indent, &from_markdown(markdown));
    }
}

fn txt_items(out: &mut Lines, indent: usize, items: &[Item]) {
    for item in items {
        let text = from_markdown(&item.text).replace('\n', "\n  ");
        out.line(indent, &format!("- {text} ({})", item.id));
    }
}

fn txt_expectation(out: &mut Lines, indent: usize, section: &Section, at: usize, text: &str) {
    match section.items.get(at) {
        Some(items) if !items.is_empty() => txt_items(out, indent, items),
        _ => out.markdown(indent, text),
    }
}

/// The level's details under its name, lined up at `indent`.
fn txt_level_details(out: &mut Lines, indent: usize, level: &Level) {
    if let Some(summary) = &level.summary {
        out.line(indent, summary.trim());
    }
    if let Some(url) = level.url.as_deref().filter(|u| !u.trim().is_empty()) {
        out.line(indent, url.trim());
    }
    if !level.description.trim().is_empty() {
        out.markdown(indent, &level.description);
    }
}

fn txt_level_name(level: &Level) -> String {
    match grade_and_track(level) {
        Some(facts) => format!("{} ({facts})", level.name),
        None => level.name.clone(),
    }
}

fn text(rubric: &Rubric, only: Option<usize>) -> String {
    let mut out = Lines::default();
    out.line(0, &rubric.name);
    if !rubric.description.trim().is_empty() {
        out.blank();
        out.markdown(0, &rubric.description);
    }
    if let Some(origin) = &rubric.origin {
        out.blank();
        let title = [origin.title.trim(), origin.url.trim()]
            .into_iter()
            .find(|t| !t.is_empty());
        out.line(0, &format!("Source: {}", title.unwrap_or("(untitled)")));
        if !origin.title.trim().is_empty() && !origin.url.trim().is_empty() {
            out.line(2, origin.url.trim());
        }
        if !origin.licence.trim().is_empty() {
            out.line(2, &format!("Licence: {}", origin.licence.trim()));
        }
        out.markdown(2, &origin.attribution);
        if !origin.notes.trim().is_empty() {
            out.blank();
            out.line(2, "Notes:");
            out.markdown(4, &origin.notes);
        }
    }
    let label = |l: &Level| format!("{} ({})", l.id, l.name);
    match only.and_then(|at| rubric.levels.get(at).map(|l| (at, l))) {
        Some((at, level)) => {
            out.blank();
            out.line(0, &format!("Level {}: {}", level.id, txt_level_name(level)));
            txt_level_details(&mut out, 2, level);
            out.blank();
            out.line(0, &format!("Sections at {}:", level.id));
            txt_sections(&mut out, rubric, |section, out| {
                let (written, text) = section.expectation(at)?;
                if written == at {
                    out.line(4, &format!("{}:", level.id));
                } else {
                    let from = &rubric.levels.get(written)?.id;
                    out.line(
                        4,
                        &format!("{} (written for {from}, carried up):", level.id),
                    );
                }
                txt_expectation(out, 6, section, written, text);
                Some(())
            });
        }
        None => {
            out.blank();
            out.line(0, "Levels, lowest first:");
            let width = rubric.levels.iter().map(|l| l.id.len()).max().unwrap_or(0);
            for level in &rubric.levels {
                out.line(
                    2,
                    &format!("{:<width$}  {}", level.id, txt_level_name(level)),
                );
                txt_level_details(&mut out, width + 4, level);
            }
            out.blank();
            out.line(0, "Sections:");
            txt_sections(&mut out, rubric, |section, out| {
                if let Some(scope) = scope(rubric, section, label) {
                    out.line(4, &scope);
                }
                for (at, text) in written_levels(section) {
                    out.line(4, &format!("{}:", rubric.levels.get(at)?.id));
                    txt_expectation(out, 6, section, at, text);
                }
                Some(())
            });
        }
    }
    out.0
}

/// Each section under its group's name, written by `body`; see `md_sections`.
fn txt_sections(
    out: &mut Lines,
    rubric: &Rubric,
    body: impl Fn(&Section, &mut Lines) -> Option<()>,
) {
    let mut last = None;
    let mut heading: Option<Lines> = None;
    for section in &rubric.sections {
        if let Some((Some(group), description)) = group_change(rubric, section, &mut last) {
            let mut lines = Lines::default();
            lines.line(2, &format!("[{group}]"));
            if !description.is_empty() {
                lines.markdown(4, description);
            }
            heading = Some(lines);
        }
        let mut part = Lines::default();
        let limits = limits(section)
            .map(|l| format!(" ({l})"))
            .unwrap_or_default();
        part.line(2, &format!("{}: {}{limits}", section.id, section.name));
        if !section.description.trim().is_empty() {
            part.markdown(4, &section.description);
        }
        if section.info {
            part.line(4, INFO);
        }
        if body(section, &mut part).is_none() {
            continue;
        }
        if let Some(heading) = heading.take() {
            out.blank();
            out.0.push_str(&heading.0);
        }
        out.blank();
        out.0.push_str(&part.0);
    }
}
