//! From a loaded packet to the checked model: a pure function of what the load stage read and
//! the command line's period. Every problem is collected, so that one run reports all of them.
//! The packet is checked against its own `[period]`; a slice the command line asks for is cut
//! from the checked model before the checks that need the whole packet, which are about what
//! is built.
//!
//! The rules live in files of their own: `activity` (dates, sections, evidence of each
//! activity), `claims`, `testimonials` (words from others), `goals` (growth areas and goals),
//! `metrics` (headline metrics), `limits` (what needs the whole packet: coverage gaps and the
//! review tool's length limits), `short` (the short form's word budget), `private` (links
//! that look internal).

mod activity;
mod claims;
mod goals;
mod limits;
mod metrics;
mod placeholder;
pub(crate) mod private;
mod short;
mod testimonials;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use chrono::NaiveDate;
use toml::Spanned;

use super::load::Loaded;
use super::model::{Measure, Packet, Period, Person};
use super::period::{Backwards, Days, PeriodOverride};
use super::raw::{RawActivity, RawPacket};
use super::slice::{self, LeftOut, Slice};
use crate::diagnostic::{Code, Diagnostic, Source, suggest};
use crate::rubric::Rubric;

pub use crate::link::normalize_url;

/// The longest review period promopack accepts: its numbers are broken down by quarter, and
/// a period of centuries would make thousands of them.
const MAX_PERIOD_DAYS: i64 = 3653;

/// The short form's word budget when the packet sets none: the top of the 400 to 700 words
/// review tools ask for.
pub const DEFAULT_SHORT_FORM_WORDS: usize = 700;

/// The outcome of checking one packet: every problem found, and the packet when none of them
/// is an error.
#[derive(Debug)]
pub struct Checked {
    pub packet: Option<Packet>,
    pub diagnostics: Vec<Diagnostic>,
    /// When errors keep `packet` away: the model of what passed its checks (the activities
    /// without errors, the claims that name a section), for the coverage of what loaded. It
    /// is incomplete by nature; never render it.
    pub partial: Option<Packet>,
    /// The checks that could not run or ran on part of the packet, each with why, in words.
    pub notes: Vec<String>,
    /// What the slice of the review period asked for left out; `None` when it left out
    /// nothing or none was asked for. `notes` says it too.
    pub left_out: Option<LeftOut>,
}

impl Checked {
    /// With its `over-limit` errors made warnings, for what writes no review-tool text: a
    /// build without `txt`, and `add` (the log may grow past a text box; the box is filled at
    /// review time). When they were its only errors, the model of what passed its checks is the
    /// whole packet: it is the packet then.
    pub fn limits_as_warnings(mut self) -> Checked {
        self.diagnostics = std::mem::take(&mut self.diagnostics)
            .into_iter()
            .map(|d| {
                if d.code == Code::OverLimit {
                    d.as_warning()
                } else {
                    d
                }
            })
            .collect();
        if self.packet.is_none() && !self.diagnostics.iter().any(Diagnostic::is_error) {
            self.packet = self.partial.take();
        }
        self
    }

    /// Problems found before validation could start: nothing else to say.
    pub fn only(diagnostics: Vec<Diagnostic>) -> Checked {
        Checked {
            packet: None,
            diagnostics,
            partial: None,
            notes: Vec::new(),
            left_out: None,
        }
    }

    /// The model to show coverage of: the packet, or what passed when it has errors.
    pub fn model(&self) -> Option<&Packet> {
        self.packet.as_ref().or(self.partial.as_ref())
    }
}

/// What the checks that need the whole packet are, for the notes that say they were skipped.
const WHOLE_PACKET_CHECKS: &str =
    "the coverage table and the `coverage-gap`, `no-claim` and `over-limit` checks";

/// Where the short form's word budget is checked: only where the short form matters, so that
/// a packet that never uses it is never held to the default budget.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ShortFormBudget {
    /// When the packet sets `[short_form]`: `check`, and the commands that build nothing.
    #[default]
    IfSet,
    /// Always: `build --layout short` writes the short form.
    Built,
    /// When the packet sets `[short_form]`, as a warning: a build of another layout writes no
    /// short form for the budget to cut off.
    Aside,
}

/// Checks a loaded packet against its rubric and its own review period, and cuts from it the
/// slice of that period `over` asks for. The short form's budget is checked when the packet
/// sets one.
pub fn packet(loaded: Loaded, over: &PeriodOverride) -> Checked {
    packet_for(loaded, over, ShortFormBudget::IfSet)
}

/// Checks a loaded packet as [`packet`] does, with the short form's budget checked as `budget`
/// says: what a build of one layout needs.
pub fn packet_for(loaded: Loaded, over: &PeriodOverride, budget: ShortFormBudget) -> Checked {
    let Loaded {
        source,
        raw,
        rubric,
        rubric_problems,
        rubric_path,
        includes,
        mut problems,
    } = loaded;
    let rubric_found = rubric_problems.is_empty();
    problems.extend(rubric_problems);
    let complete = !problems.iter().any(Diagnostic::is_error);
    let (Some(raw), Some(rubric)) = (raw, rubric) else {
        let why = if rubric_found {
            "the packet's `rubric`, `person` or `period` could not be read"
        } else {
            "the rubric could not be read or has errors"
        };
        let mut checked = Checked::only(in_file_order(problems, &source));
        checked.notes.push(format!(
            "skipped the checks against the rubric (activities, claims, metrics) and {WHOLE_PACKET_CHECKS}: {why}"
        ));
        return checked;
    };
    let mut check = PacketCheck {
        rubric: &rubric,
        errors: problems.iter().filter(|d| d.is_error()).count(),
        problems,
        period: (NaiveDate::MIN, NaiveDate::MAX),
        seen_evidence: HashMap::new(),
        shared_links: HashSet::new(),
        unsure_sections: HashSet::new(),
        unsure_claims: HashSet::new(),
        mentions: HashMap::new(),
        measures: BTreeMap::new(),
        targets: Vec::new(),
        slice: None,
        short_form: ShortFormPlaces {
            budget,
            ..ShortFormPlaces::default()
        },
    };
    let (files, lists): (Vec<Source>, Vec<_>) = includes
        .into_iter()
        .map(|file| (file.source, file.activities))
        .unzip();
    let target_span = raw.person.target.span();
    let written = raw.activities.len() + lists.iter().map(Vec::len).sum::<usize>();
    let inputs = Inputs {
        main: &source,
        rubric_path,
        included: files.iter().zip(lists).collect(),
    };
    let mut notes = Vec::new();
    check.problems.extend(placeholder::left(&raw, &source));
    let packet = check.run(raw, over, inputs);
    // Counted before the slice: what the slice leaves out is not missing through errors.
    let all_checked = complete
        && packet
            .as_ref()
            .is_some_and(|packet| packet.activities.len() == written);
    let (packet, left_out) = match (packet, check.slice.take()) {
        (Some(packet), Some(slice)) => {
            let (packet, left_out) = slice::cut(packet, slice);
            (Some(packet), left_out)
        }
        (packet, _) => (packet, None),
    };
    notes.extend(left_out.as_ref().map(LeftOut::to_string));
    match &packet {
        // With errors too: what loaded still has gaps and lengths worth knowing in this run.
        Some(packet) => check.whole_packet(packet, &source, target_span),
        None => notes.push(format!(
            "skipped {WHOLE_PACKET_CHECKS}: the target level is not in the rubric"
        )),
    }
    if let Some(packet) = &packet
        && !all_checked
    {
        let counted = packet.activities.len();
        notes.push(format!(
            "{WHOLE_PACKET_CHECKS} count only the {counted} {} without errors: fix the errors for the whole picture",
            if counted == 1 { "activity" } else { "activities" }
        ));
    }
    let (packet, partial) = match packet {
        Some(packet) if check.errors == 0 => (Some(packet), None),
        partial => (None, partial),
    };
    Checked {
        packet,
        diagnostics: in_file_order(check.problems, &source),
        partial,
        notes,
        left_out,
    }
}

/// Problems in the order a person fixes them: the packet's first, then each other file's,
/// each by line and column.
fn in_file_order(mut problems: Vec<Diagnostic>, main: &Source) -> Vec<Diagnostic> {
    crate::diagnostic::sort(&mut problems, Some(&main.path));
    problems
}

/// The state of one check: the rubric, what has been seen so far and the problems found.
struct PacketCheck<'a> {
    rubric: &'a Rubric,
    problems: Vec<Diagnostic>,
    /// How many of `problems` are errors, counted as they are found: a packet with thousands
    /// of warnings must not recount them for every activity.
    errors: usize,
    /// The effective review period, first and last day.
    period: (NaiveDate, NaiveDate),
    /// Normalized evidence URL -> the activity that used it first.
    seen_evidence: HashMap<String, String>,
    /// Normalized evidence URLs some activity marks `shared = true`: meant for several.
    shared_links: HashSet<String>,
    /// Sections named by activities that have errors: no gap is reported there.
    unsure_sections: HashSet<usize>,
    /// Sections named by claims that have errors: no missing claim is reported there.
    unsure_claims: HashSet<usize>,
    /// (activity id, section index) -> the file and place where the activity names the section.
    mentions: HashMap<(String, usize), (&'a Source, Range<usize>)>,
    /// The packet's `[measure.KEY]` declarations.
    measures: BTreeMap<String, Measure>,
    /// Each section's target level, once known.
    targets: Vec<usize>,
    /// The slice of the review period to build, when the command line asks for one whose
    /// days are in order.
    slice: Option<Slice>,
    /// Where the short form's budget is checked, and the places a problem with it points at.
    short_form: ShortFormPlaces,
}

/// Where the short form's word budget is checked, and where the packet sets what it counts.
#[derive(Debug, Default)]
struct ShortFormPlaces {
    budget: ShortFormBudget,
    /// The `[short_form]` table, when the packet sets one.
    table: Option<Range<usize>>,
    /// Its `max_words`, when set.
    max_words: Option<Range<usize>>,
    /// The case's `summary`, when written.
    summary: Option<Range<usize>>,
}

type Hint = Option<String>;

/// The files a check reads its activities from, and where the rubric came from.
struct Inputs<'a> {
    main: &'a Source,
    rubric_path: Option<std::path::PathBuf>,
    included: Vec<(&'a Source, Vec<toml::Spanned<RawActivity>>)>,
}

impl<'a> PacketCheck<'a> {
    /// Records a problem of kind `code` at `span` of `file`.
    fn report(
        &mut self,
        file: &Source,
        code: Code,
        span: Range<usize>,
        message: String,
        hint: Hint,
    ) {
        let diagnostic = file.diagnostic(code, Some(span), message);
        self.errors += usize::from(diagnostic.is_error());
        self.problems.push(diagnostic.with_optional_hint(hint));
    }

    /// Checks the packet's own parts and every activity; the model comes back when its target
    /// level exists (the caller drops it if any error was found).
    fn run(&mut self, raw: RawPacket, over: &PeriodOverride, inputs: Inputs<'a>) -> Option<Packet> {
        let main = inputs.main;
        let period = self.period(&raw, over, main);
        self.measures = raw
            .measures
            .iter()
            .map(|(key, m)| {
                let measure = Measure {
                    name: m.name.clone(),
                    unit: m.unit.clone(),
                    aggregate: m.aggregate,
                };
                (key.clone(), measure)
            })
            .collect();

        let level_ids = || self.rubric.levels.iter().map(|l| l.id.as_str());
        let target = level_ids().position(|id| id == raw.person.target.get_ref());
        if target.is_none() {
            let name = raw.person.target.get_ref();
            let hint = suggest::hint(name, level_ids());
            let message = format!(
                "unknown target level `{name}` in rubric `{}`",
                self.rubric.name
            );
            self.report(
                main,
                Code::UnknownLevel,
                raw.person.target.span(),
                message,
                Some(hint),
            );
        }

        let section_targets = target.map(|target| self.section_targets(&raw, target, main));
        self.targets = section_targets.clone().unwrap_or_default();

        let mut ids = HashMap::new();
        let mut activities = Vec::with_capacity(raw.activities.len());
        let included_paths = inputs
            .included
            .iter()
            .map(|(f, _)| f.path.clone())
            .collect();
        // Before any activity is checked: a link marked shared in any of them is shared in all.
        let own = raw.activities.iter().map(Spanned::get_ref);
        let others = inputs.included.iter().flat_map(|(_, list)| list);
        self.shared_links = own
            .chain(others.map(Spanned::get_ref))
            .flat_map(|activity| &activity.evidence)
            .map(Spanned::get_ref)
            .filter(|item| item.shared)
            .filter_map(|item| item.url.as_deref().map(normalize_url))
            .collect();
        for named in &raw.unread.activity_sections {
            let unsure = self.probable_section(named);
            self.unsure_sections.extend(unsure);
        }
        for named in &raw.unread.claim_sections {
            let unsure = self.probable_section(named);
            self.unsure_claims.extend(unsure);
        }
        let own = raw.activities.into_iter().map(|a| (main, a));
        let others = inputs
            .included
            .into_iter()
            .flat_map(|(file, list)| list.into_iter().map(move |a| (file, a)));
        for (file, activity) in own.chain(others) {
            if let Some(activity) = self.activity(file, activity, &mut ids) {
                activities.push(activity);
            }
        }
        let metrics = self.metrics(raw.metrics, main);
        // An activity that could not be read was reported with its own problem: a claim that
        // cites it is not citing an unknown activity too.
        for id in raw.unread.activity_ids {
            ids.entry(id).or_insert(0..0);
        }
        let (testimonials, testimonial_ids) =
            self.testimonials(raw.testimonials, &activities, &ids, main);
        let claims = self.claims(
            raw.claims,
            &activities,
            &ids,
            (&testimonials, &testimonial_ids),
            main,
        );
        let goals = self.goals(raw.goals, &metrics, main);
        let previous_goals = self.previous_goals(raw.previous_goals, &metrics, main);
        let max_words = raw
            .short_form
            .as_ref()
            .and_then(|form| form.get_ref().max_words.clone());
        if let Some(words) = &max_words
            && *words.get_ref() == 0
        {
            self.report(
                main,
                Code::InvalidNumber,
                words.span(),
                "the short form's `max_words` is 0: it is the most words the review tool's box takes, a positive number".into(),
                Some(format!("set it to the review tool's limit, or leave it out for {DEFAULT_SHORT_FORM_WORDS}")),
            );
        }
        self.short_form.table = raw.short_form.as_ref().map(Spanned::span);
        self.short_form.max_words = max_words.as_ref().map(Spanned::span);
        self.short_form.summary = raw.case.summary.as_ref().map(Spanned::span);

        Some(Packet {
            path: main.path.clone(),
            rubric_path: inputs.rubric_path,
            included_paths,
            rubric: self.rubric.clone(),
            person: Person {
                name: raw.person.name,
                role: raw.person.role,
                team: raw.person.team,
                manager: raw.person.manager,
            },
            target: target?,
            section_targets: section_targets?,
            period,
            case_summary: raw
                .case
                .summary
                .map(Spanned::into_inner)
                .unwrap_or_default(),
            claims,
            activities,
            metrics,
            measures: self.measures.clone(),
            testimonials,
            growth: Self::growth(raw.growth),
            goals,
            previous_goals,
            short_form_words: max_words.map_or(DEFAULT_SHORT_FORM_WORDS, Spanned::into_inner),
        })
    }

    /// The section a name most likely means, as written (`SECTION` or `SECTION#ITEM`) or
    /// misspelt: where an activity or a claim with errors would count once fixed.
    fn probable_section(&self, named: &str) -> Option<usize> {
        let ids = || self.rubric.sections.iter().map(|s| s.id.as_str());
        let wanted = named.split_once('#').map_or(named, |(section, _)| section);
        ids()
            .position(|id| id == named || id == wanted)
            .or_else(|| {
                let best = suggest::closest(wanted, ids())?;
                ids().position(|id| id == best)
            })
    }

    /// Each section's target level: the one `[targets]` gives the section, else its group's,
    /// else the person's `target`.
    fn section_targets(&mut self, raw: &RawPacket, target: usize, main: &Source) -> Vec<usize> {
        let rubric = self.rubric;
        let mut by_section = vec![None; rubric.sections.len()];
        let mut by_group = vec![None; rubric.groups.len()];
        let level_ids = || rubric.levels.iter().map(|l| l.id.as_str());
        for (id, level) in &raw.targets {
            let Some(at) = level_ids().position(|l| l == level.get_ref()) else {
                let hint = suggest::hint(level.get_ref(), level_ids());
                let message = format!(
                    "`{}` has unknown target level `{}`",
                    id.get_ref(),
                    level.get_ref()
                );
                self.report(main, Code::UnknownLevel, level.span(), message, Some(hint));
                continue;
            };
            let section = rubric.sections.iter().position(|s| &s.id == id.get_ref());
            let group = rubric.groups.iter().position(|g| &g.id == id.get_ref());
            match (section, group) {
                (Some(section), _) => by_section[section] = Some(at),
                (None, Some(group)) => by_group[group] = Some(at),
                (None, None) => {
                    let names = rubric
                        .sections
                        .iter()
                        .map(|s| s.id.as_str())
                        .chain(rubric.groups.iter().map(|g| g.id.as_str()));
                    let hint = suggest::hint(id.get_ref(), names);
                    let message = format!(
                        "`[targets]` names `{}`, which is neither a section nor a group of the rubric",
                        id.get_ref()
                    );
                    self.report(main, Code::UnknownSection, id.span(), message, Some(hint));
                }
            }
        }
        rubric
            .sections
            .iter()
            .zip(by_section)
            .map(|(section, own)| {
                own.or_else(|| section.group_index.and_then(|g| by_group[g]))
                    .unwrap_or(target)
            })
            .collect()
    }

    /// The packet's own review period, checked: in order, and not absurdly long; and the
    /// slice of it `over` asks for, checked the same way.
    fn period(&mut self, raw: &RawPacket, over: &PeriodOverride, main: &Source) -> Period {
        let span = raw.period.span();
        let own = raw.period.get_ref();
        let (start, end) = (own.start.0, own.end.0);
        let days = self.checked_days(start, end, span.clone(), main, None);
        if let Some(days) = days {
            self.period = (days.start, days.end);
            // A slice of a period that does not exist is no slice.
            if let Some((label, start, end)) = over.slice(own) {
                self.slice = self
                    .checked_days(start, end, span.clone(), main, Some(&label))
                    .map(|slice| Slice { label, days: slice });
            }
            // A slice with no day in the packet's period would build an empty packet: a
            // mistyped year, most likely.
            if let Some(slice) = &self.slice
                && (slice.days.end < days.start || slice.days.start > days.end)
            {
                let shown = if slice.label == format!("{} to {}", slice.days.start, slice.days.end)
                {
                    format!("{} to {}", slice.days.start, slice.days.end)
                } else {
                    format!(
                        "`{}` ({} to {})",
                        slice.label, slice.days.start, slice.days.end
                    )
                };
                self.report(
                    main,
                    Code::OutsidePeriod,
                    span,
                    format!(
                        "the period to build, {shown}, has no day in the packet's review period `{}` ({} to {})",
                        own.label, days.start, days.end
                    ),
                    Some("`--period`, `--since` and `--until` choose days inside the packet's period: check the year".into()),
                );
                self.slice = None;
            }
        }
        Period {
            label: own.label.clone(),
            start,
            end,
        }
    }

    /// The days from `start` to `end`, unless they are backwards or run for more than ten
    /// years, which are errors at `span`; `slice` names the slice they are, `None` for the
    /// packet's own period.
    fn checked_days(
        &mut self,
        start: NaiveDate,
        end: NaiveDate,
        span: Range<usize>,
        main: &Source,
        slice: Option<&str>,
    ) -> Option<Days> {
        const FROM_FLAGS: &str = "the days come from `--period`, `--since` or `--until` together with the packet's `[period]`; check those";
        let what = match slice {
            // A slice named by its days would say them twice.
            Some(label) if label == format!("{start} to {end}") => "the period to build".to_owned(),
            Some(label) => format!("the period `{label}` to build"),
            None => "the review period".to_owned(),
        };
        let days = Days::new(start, end).map_err(|backwards: Backwards| {
            let hint = if slice.is_some() {
                FROM_FLAGS
            } else {
                "swap `start` and `end`"
            };
            self.report(
                main,
                Code::EndBeforeStart,
                span.clone(),
                format!("{what} {backwards}"),
                Some(hint.into()),
            );
        });
        // Nothing can be inside a period that does not exist: the checks against it are skipped.
        let days = days.ok()?;
        if (end - start).num_days() > MAX_PERIOD_DAYS {
            let hint = if slice.is_some() {
                FROM_FLAGS
            } else {
                "a review period is a year or a half, sometimes a few years; check the dates"
            };
            self.report(
                main,
                Code::PeriodTooLong,
                span,
                format!("{what} runs from {start} to {end}, more than ten years"),
                Some(hint.into()),
            );
            // Checked all the same: only the quarters shown would be too many.
            return slice.is_none().then_some(days);
        }
        Some(days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::parse::parse_packet;

    const RUBRIC: &str = r#"
name = "Shapes"
[[group]]
id = "craft"
name = "Craft"
[[group]]
id = "leadership"
name = "Leadership"
[[level]]
id = "mid"
name = "Mid"
[[level]]
id = "senior"
name = "Senior"
[[level]]
id = "staff"
name = "Staff"
[[section]]
id = "coding"
name = "Coding"
group = "craft"
[section.expectations]
mid = "Writes code."
[[section]]
id = "delivery"
name = "Delivery"
group = "craft"
[section.expectations]
mid = ["Ships features", { id = "incidents", text = "Leads incident reviews" }]
[[section]]
id = "direction"
name = "Direction"
group = "leadership"
[section.expectations]
senior = "Sets direction."
[[section]]
id = "people"
name = "People"
group = "leadership"
[section.expectations]
mid = "Helps."
[[section]]
id = "handbook"
name = "Handbook"
info = true
[section.expectations]
mid = "Read it."
"#;

    /// `rest` (tables after `[period]`) checked against `RUBRIC` at target `senior`.
    fn checked(rest: &str) -> Checked {
        sliced(rest, &PeriodOverride::default())
    }

    /// `rest` checked as `checked` does, and cut to the slice `over` asks for.
    fn sliced(rest: &str, over: &PeriodOverride) -> Checked {
        let source = Source::new(
            "packet.toml",
            format!(
                "rubric = \"rubric.toml\"\n[person]\nname = \"P\"\nrole = \"R\"\ntarget = \"senior\"\n[period]\nlabel = \"x\"\nstart = 2026-01-01\nend = 2026-12-31\n{rest}"
            ),
        );
        let (raw, problems) = parse_packet(&source);
        let rubric = crate::rubric::check(&Source::new("rubric.toml", RUBRIC))
            .unwrap_or_else(|found| panic!("{found:?}"));
        let loaded = Loaded {
            source,
            raw,
            rubric: Some(rubric),
            rubric_problems: Vec::new(),
            rubric_path: None,
            includes: Vec::new(),
            problems,
        };
        packet(loaded, over)
    }

    fn packet_of(rest: &str) -> Packet {
        let checked = checked(rest);
        checked
            .packet
            .unwrap_or_else(|| panic!("{:?}", checked.diagnostics))
    }

    fn errors(rest: &str) -> Vec<(Code, String)> {
        checked(rest)
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .map(|d| (d.code, d.message))
            .collect()
    }

    const ACTIVITY: &str = "[[activity]]\nid = \"a\"\ntitle = \"A\"\ndate = 2026-02-01\nkind = \"other\"\nevidence = [\"https://e.example.com\"]\n";

    /// The rubric's section ids, in the order `Packet::section_targets` is indexed by.
    fn targets_by_id(packet: &Packet) -> Vec<(&str, &str)> {
        packet
            .rubric
            .sections
            .iter()
            .zip(&packet.section_targets)
            .map(|(s, &t)| (s.id.as_str(), packet.rubric.levels[t].id.as_str()))
            .collect()
    }

    #[test]
    fn every_section_is_argued_at_the_person_target_by_default() {
        let packet = packet_of("");
        assert!(
            targets_by_id(&packet).iter().all(|(_, t)| *t == "senior"),
            "{:?}",
            targets_by_id(&packet)
        );
    }

    #[test]
    fn a_section_target_wins_over_its_group_and_its_group_over_the_person() {
        let packet = packet_of("[targets]\nleadership = \"staff\"\ndirection = \"mid\"\n");
        assert_eq!(
            targets_by_id(&packet),
            [
                ("coding", "senior"),
                ("delivery", "senior"),
                ("direction", "mid"),
                ("people", "staff"),
                ("handbook", "senior"),
            ]
        );
        // The order of the keys does not matter.
        let packet = packet_of("[targets]\ndirection = \"mid\"\nleadership = \"staff\"\n");
        assert_eq!(targets_by_id(&packet)[2], ("direction", "mid"));
    }

    #[test]
    fn a_target_for_an_unknown_name_or_level_is_an_error() {
        let found = errors("[targets]\nleadershp = \"staff\"\ncoding = \"principal\"\n");
        let codes: Vec<Code> = found.iter().map(|(code, _)| *code).collect();
        assert_eq!(
            codes,
            [Code::UnknownSection, Code::UnknownLevel],
            "{found:?}"
        );
    }

    #[test]
    fn an_activity_names_items_and_counts_for_their_section_once() {
        let packet = packet_of(&format!(
            "{ACTIVITY}sections = [\"delivery#incidents\", \"delivery\", \"delivery#ships-features\"]\n"
        ));
        let activity = &packet.activities[0];
        assert_eq!(activity.sections, [1]);
        assert_eq!(
            activity.items,
            [
                (1, "incidents".to_owned()),
                (1, "ships-features".to_owned())
            ]
        );
    }

    #[test]
    fn an_activity_naming_a_section_alone_names_no_item() {
        let packet = packet_of(&format!("{ACTIVITY}sections = [\"delivery\"]\n"));
        assert_eq!(packet.activities[0].sections, [1]);
        assert!(packet.activities[0].items.is_empty());
    }

    #[test]
    fn an_unknown_or_empty_item_is_an_error() {
        for named in ["delivery#incident", "delivery#", "coding#anything"] {
            let found = errors(&format!("{ACTIVITY}sections = [\"{named}\"]\n"));
            let codes: Vec<Code> = found.iter().map(|(code, _)| *code).collect();
            assert_eq!(codes, [Code::UnknownItem], "{named}: {found:?}");
        }
        // `#ITEM` without a section names the section ``.
        let found = errors(&format!("{ACTIVITY}sections = [\"#incidents\"]\n"));
        assert_eq!(found[0].0, Code::UnknownSection, "{found:?}");
    }

    #[test]
    fn an_information_section_cannot_be_named_alone_or_by_item() {
        for named in ["handbook", "handbook#read-it"] {
            let found = errors(&format!("{ACTIVITY}sections = [\"coding\", \"{named}\"]\n"));
            let codes: Vec<Code> = found.iter().map(|(code, _)| *code).collect();
            assert_eq!(codes, [Code::InfoSection], "{named}: {found:?}");
        }
        let found = errors("[[claim]]\nsection = \"handbook\"\ntext = \"x\"\n");
        let codes: Vec<Code> = found.iter().map(|(code, _)| *code).collect();
        assert_eq!(codes, [Code::InfoSection], "{found:?}");
    }

    #[test]
    fn a_claim_keeps_the_items_it_speaks_to() {
        let claim = "[[claim]]\nsection = \"delivery\"\ntext = \"x\"\nevidence = [\"a\"]\n";
        let packet = packet_of(&format!(
            "{claim}items = [\"incidents\"]\n{ACTIVITY}sections = [\"delivery\"]\n"
        ));
        assert_eq!(packet.claims[0].items, ["incidents"]);
        let found = errors(&format!(
            "{claim}items = [\"incidnts\"]\n{ACTIVITY}sections = [\"delivery\"]\n"
        ));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Code::UnknownItem);
        assert_eq!(
            found[0].1,
            "a claim on section `delivery` names unknown item `incidnts` of section `delivery`"
        );
    }

    #[test]
    fn a_testimonial_s_id_is_a_slug_of_its_name_and_unique() {
        let quote = |name: &str| {
            format!("[[testimonial]]\nquote = \"Good.\"\nname = \"{name}\"\nrole = \"PM\"\n")
        };
        let packet = packet_of(&format!(
            "[[claim]]\nsection = \"coding\"\ntext = \"x\"\ntestimonials = [\"dana-okafor\"]\n{}",
            quote("Dana Okafor")
        ));
        assert_eq!(packet.testimonials[0].id, "dana-okafor");
        assert_eq!(packet.claims[0].testimonials, [0]);
        let found = errors(&format!(
            "{}{}",
            quote("Dana Okafor"),
            quote("Dana  Okafor")
        ));
        let codes: Vec<Code> = found.iter().map(|(code, _)| *code).collect();
        assert_eq!(codes, [Code::DuplicateId], "{found:?}");
    }

    #[test]
    fn a_testimonial_without_words_or_attribution_is_incomplete() {
        let found = errors("[[testimonial]]\nquote = \" \"\nname = \"Dana\"\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Code::IncompleteTestimonial);
        assert_eq!(
            found[0].1,
            "the testimonial of Dana has no `role` or `quote`"
        );
    }

    #[test]
    fn a_goal_aims_at_its_section_s_target_unless_it_names_a_level() {
        let goal = "[[goal]]\ngoal = \"g\"\nsignal = \"s\"\n";
        let packet = packet_of(&format!(
            "[targets]\ndirection = \"staff\"\n{goal}section = \"direction\"\n{goal}section = \"coding\"\nlevel = \"mid\"\n"
        ));
        let levels: Vec<&str> = packet
            .goals
            .iter()
            .map(|g| packet.rubric.levels[g.level].id.as_str())
            .collect();
        assert_eq!(levels, ["staff", "mid"]);
        let found = errors(&format!("{goal}section = \"handbook\"\n"));
        assert_eq!(found[0].0, Code::InfoSection, "{found:?}");
    }

    #[test]
    fn a_slice_keeps_each_claim_s_evidence_in_it_by_its_new_place() {
        let activity = |id: &str, date: &str| {
            format!(
                "[[activity]]\nid = \"{id}\"\ntitle = \"{id}\"\ndate = {date}\nkind = \"other\"\nsections = [\"coding\"]\nevidence = [\"https://e.example.com/{id}\"]\n"
            )
        };
        let rest = format!(
            "[[claim]]\nsection = \"coding\"\ntext = \"all\"\nevidence = [\"late\", \"early\", \"later\"]\n\
             [[claim]]\nsection = \"coding\"\ntext = \"late only\"\nevidence = [\"late\"]\n\
             [[claim]]\nsection = \"coding\"\ntext = \"none cited\"\n\
             {}{}{}",
            activity("early", "2026-01-10"),
            activity("late", "2026-11-10"),
            activity("later", "2026-03-10"),
        );
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).expect("valid");
        let over = PeriodOverride::new(Some("Q1".into()), Some(day(1, 1)), Some(day(3, 31)))
            .expect("in order");
        let checked = sliced(&rest, &over);
        let packet = checked
            .packet
            .unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
        let ids: Vec<&str> = packet.activities.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["early", "later"]);
        let claims: Vec<(&str, Vec<&str>)> = packet
            .claims
            .iter()
            .map(|c| {
                let cited = c.evidence.iter().map(|&at| ids[at]).collect();
                (c.text.as_str(), cited)
            })
            .collect();
        assert_eq!(
            claims,
            [("all", vec!["early", "later"]), ("none cited", vec![])]
        );
        let left_out = checked.left_out.expect("something left out");
        assert_eq!((left_out.activities, left_out.claims), ((1, 3), (1, 3)));
        assert_eq!(checked.notes, [left_out.to_string()]);
        assert_eq!(
            (
                packet.period.label.as_str(),
                packet.period.start,
                packet.period.end
            ),
            ("Q1", day(1, 1), day(3, 31))
        );
    }
}
