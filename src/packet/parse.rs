//! A packet's TOML text to its raw input types, reporting every shape problem rather than the
//! first.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::raw::{RawCase, RawMeasure, RawPacket, Unread};
use crate::diagnostic::{Code, Diagnostic, Source};
use crate::read::{Document, deserialize_all, parse_document, toml_diagnostic, valid_names_hint};

/// Reads a packet, reporting every problem rather than the first: every syntax error (the
/// rest of the file is still read), and when the whole file does not fit, each part on its
/// own, parts that fit kept and each one that does not with its own diagnostic; an unknown key
/// is left out of its part, which is read again. The packet comes back when its required parts
/// fit, so that validation can still check the activities that did.
pub fn parse_packet(source: &Source) -> (Option<RawPacket>, Vec<Diagnostic>) {
    use toml::de::DeValue;

    let (document, mut problems) = parse_document(source);
    if problems.is_empty() {
        match RawPacket::deserialize(toml::de::Deserializer::from(document.root.clone())) {
            Ok(packet) => return (Some(packet), Vec::new()),
            Err(err) if err.span().is_none() => {
                return (None, vec![toml_diagnostic(source, &err)]);
            }
            Err(_) => {}
        }
    }
    // Something does not fit: read the document again, this time part by part.
    fn one<'i, T: Deserialize<'i>>(
        source: &Source,
        document: &Document<'_>,
        value: &toml::Spanned<DeValue<'i>>,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        deserialize_all(source, document, value.clone(), problems)
    }
    let mut rubric = None;
    let mut person = None;
    let mut period = None;
    let mut activities = Vec::new();
    let mut metrics = Vec::new();
    let mut measures = BTreeMap::new();
    let mut include = Vec::new();
    let mut case = RawCase::default();
    let mut targets = BTreeMap::new();
    let mut claims = Vec::new();
    let mut testimonials = Vec::new();
    let mut growth = Vec::new();
    let mut goals = Vec::new();
    let mut previous_goals = Vec::new();
    let mut short_form = None;
    let mut unread = Unread::default();
    let root = document.root.get_ref();
    for (key, value) in root.iter() {
        let (doc, problems) = (&document, &mut problems);
        match key.get_ref().as_ref() {
            "rubric" => rubric = one(source, doc, value, problems),
            "person" => person = one(source, doc, value, problems),
            "period" => period = one(source, doc, value, problems),
            "include" => include = one(source, doc, value, problems).unwrap_or_default(),
            "case" => case = one(source, doc, value, problems).unwrap_or_default(),
            "targets" => targets = one(source, doc, value, problems).unwrap_or_default(),
            "short_form" => short_form = one(source, doc, value, problems),
            "activity" | "metric" | "measure" | "claim" | "testimonial" | "growth" | "goal"
            | "previous_goal" => {
                let items: Vec<(Option<String>, &toml::Spanned<DeValue<'_>>)> =
                    match value.get_ref() {
                        DeValue::Array(array) if key.get_ref().as_ref() != "measure" => {
                            array.iter().map(|item| (None, item)).collect()
                        }
                        DeValue::Table(table) if key.get_ref().as_ref() == "measure" => table
                            .iter()
                            .map(|(k, v)| (Some(k.get_ref().to_string()), v))
                            .collect(),
                        // Not a table of tables, or not an array: the shape error says which.
                        _ if key.get_ref().as_ref() == "measure" => {
                            one::<BTreeMap<String, RawMeasure>>(source, doc, value, problems);
                            Vec::new()
                        }
                        _ => {
                            one::<Vec<()>>(source, doc, value, problems);
                            Vec::new()
                        }
                    };
                for (name, item) in items {
                    match (key.get_ref().as_ref(), name) {
                        ("activity", _) => match one(source, doc, item, problems) {
                            Some(activity) => activities.push(activity),
                            None => {
                                unread.activity_sections.extend(strings(item, "sections"));
                                let titled =
                                    || strings(item, "title").iter().map(slug::slugify).collect();
                                let id: Vec<String> = strings(item, "id");
                                unread.activity_ids.extend(if id.is_empty() {
                                    titled()
                                } else {
                                    id
                                });
                            }
                        },
                        ("metric", _) => metrics.extend(one(source, doc, item, problems)),
                        ("testimonial", _) => {
                            testimonials.extend(one(source, doc, item, problems));
                        }
                        ("growth", _) => growth.extend(one(source, doc, item, problems)),
                        ("goal", _) => goals.extend(one(source, doc, item, problems)),
                        ("previous_goal", _) => {
                            previous_goals.extend(one(source, doc, item, problems));
                        }
                        ("claim", _) => match one(source, doc, item, problems) {
                            Some(claim) => claims.push(claim),
                            None => unread.claim_sections.extend(strings(item, "section")),
                        },
                        (_, Some(name)) => {
                            if let Some(measure) = one::<RawMeasure>(source, doc, item, problems) {
                                measures.insert(name, measure);
                            }
                        }
                        _ => {}
                    }
                }
            }
            other => {
                let valid = [
                    "rubric",
                    "include",
                    "person",
                    "period",
                    "targets",
                    "case",
                    "claim",
                    "testimonial",
                    "activity",
                    "measure",
                    "metric",
                    "growth",
                    "goal",
                    "previous_goal",
                    "short_form",
                ];
                problems.push(
                    source
                        .diagnostic(
                            Code::UnknownKey,
                            Some(key.span()),
                            format!("unknown key `{other}`"),
                        )
                        .with_hint(valid_names_hint(other, &valid, "keys")),
                );
            }
        }
    }
    for (name, missing) in [
        ("rubric", rubric.is_none()),
        ("person", person.is_none()),
        ("period", period.is_none()),
    ] {
        let diagnostic = source.diagnostic(
            Code::MissingKey,
            Some(0..0),
            format!("missing key `{name}`"),
        );
        if missing
            && !root.iter().any(|(k, _)| k.get_ref().as_ref() == name)
            && !document.explains(&diagnostic)
        {
            problems.push(diagnostic);
        }
    }
    let packet = match (rubric, person, period) {
        (Some(rubric), Some(person), Some(period)) => Some(RawPacket {
            rubric,
            include,
            person,
            period,
            targets,
            case,
            claims,
            testimonials,
            growth,
            goals,
            previous_goals,
            short_form,
            activities,
            measures,
            metrics,
            unread,
        }),
        _ => None,
    };
    (packet, problems)
}

/// The strings under `key` of a table that could not be read as a whole: one string, or
/// each string of a list; nothing for anything else.
fn strings(table: &toml::Spanned<toml::de::DeValue<'_>>, key: &str) -> Vec<String> {
    use toml::de::DeValue;
    let Some(value) = table
        .get_ref()
        .as_table()
        .and_then(|t| t.iter().find(|(k, _)| k.get_ref() == key))
        .map(|(_, v)| v.get_ref())
    else {
        return Vec::new();
    };
    match value {
        DeValue::String(one) => vec![one.to_string()],
        DeValue::Array(list) => list
            .iter()
            .filter_map(|item| item.get_ref().as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::raw::RawMeasurement;

    fn packet_with_activity(activity: &str) -> String {
        format!(
            "rubric = \"r\"\n[person]\nname = \"n\"\nrole = \"r\"\ntarget = \"t\"\n[period]\nlabel = \"p\"\nstart = 2026-01-01\nend = 2026-06-30\n[[activity]]\n{activity}\n"
        )
    }

    /// The whole text read at once, as `read::parse` does, for the first problem.
    fn parse_whole(text: &str) -> Result<RawPacket, Diagnostic> {
        crate::read::parse(&Source::new("p.toml", text))
    }

    #[test]
    fn accepts_bare_and_quoted_dates() {
        let text = packet_with_activity("title = \"t\"\nkind = \"talk\"\ndate = \"2026-03-01\"");
        let packet = parse_whole(&text).expect("parses");
        assert_eq!(packet.period.get_ref().start.0.to_string(), "2026-01-01");
        let date = packet.activities[0].get_ref().date.as_ref().expect("date");
        assert_eq!(date.get_ref().0.to_string(), "2026-03-01");
    }

    #[test]
    fn rejects_dates_not_written_as_yyyy_mm_dd() {
        for date in [
            "2025-1-1",
            " 2025-12-31",
            "-0001-01-01",
            "+262142-12-31",
            "2026/01/01",
        ] {
            let text = packet_with_activity(&format!(
                "title = \"t\"\nkind = \"talk\"\ndate = \"{date}\""
            ));
            let diagnostic = parse_whole(&text).expect_err(date);
            assert_eq!(diagnostic.code, Code::InvalidDate, "{date}");
        }
    }

    #[test]
    fn reads_metric_values_as_numbers_or_tables_with_units() {
        let text = packet_with_activity(
            "title = \"t\"\nkind = \"talk\"\nmetrics = { a = 3, b = 4.5, c = { value = 2, unit = \"h\" } }",
        );
        let packet = parse_whole(&text).expect("parses");
        let metrics = &packet.activities[0].get_ref().metrics;
        assert_eq!(
            metrics["a"],
            RawMeasurement {
                value: 3.0,
                unit: None
            }
        );
        assert_eq!(metrics["b"].value, 4.5);
        assert_eq!(
            metrics["c"],
            RawMeasurement {
                value: 2.0,
                unit: Some("h".into())
            }
        );
    }

    #[test]
    fn rejects_metrics_that_are_not_finite() {
        let text = packet_with_activity("title = \"t\"\nkind = \"talk\"\nmetrics = { a = nan }");
        let diagnostic = parse_whole(&text).expect_err("nan");
        assert!(
            diagnostic.message.contains("finite number"),
            "{}",
            diagnostic.message
        );
    }

    #[test]
    fn rejects_an_impossible_date_with_its_line() {
        let text = packet_with_activity("title = \"t\"\nkind = \"talk\"\ndate = \"2026-02-30\"");
        let diagnostic = parse_whole(&text).expect_err("invalid date");
        assert_eq!(diagnostic.code, Code::InvalidDate);
        assert_eq!(diagnostic.location.map(|l| l.line), Some(13));
    }

    #[test]
    fn suggests_the_closest_key_for_an_unknown_one() {
        let text = packet_with_activity("titel = \"t\"\nkind = \"talk\"");
        let diagnostic = parse_whole(&text).expect_err("unknown key");
        assert_eq!(diagnostic.code, Code::UnknownKey);
        assert_eq!(diagnostic.message, "unknown key `titel`");
        let hint = diagnostic.hint.expect("hint");
        assert!(
            hint.starts_with("did you mean `title`? valid keys: `id`, `title`"),
            "{hint}"
        );
    }

    #[test]
    fn suggests_the_closest_kind() {
        let text = packet_with_activity("title = \"t\"\nkind = \"tlak\"");
        let diagnostic = parse_whole(&text).expect_err("unknown kind");
        assert_eq!(diagnostic.code, Code::UnknownValue);
        assert!(
            diagnostic
                .hint
                .expect("hint")
                .starts_with("did you mean `talk`?")
        );
    }

    #[test]
    fn a_bare_impossible_date_hides_no_other_problem() {
        let text = format!(
            "{}[[activity]]\ntitle = \"u\"\nkind = \"talk\"\nsumary = \"x\"\ndate = 2026-02-30\n",
            packet_with_activity("title = \"t\"\nkind = \"talk\"\ndate = 2026-04-31")
        );
        let (packet, problems) = parse_packet(&Source::new("p.toml", text));
        let mut found: Vec<(Code, usize)> = problems
            .iter()
            .map(|d| (d.code, d.location.as_ref().map_or(0, |l| l.line)))
            .collect();
        found.sort_by_key(|(_, line)| *line);
        assert_eq!(
            found,
            [
                (Code::InvalidDate, 13),
                (Code::UnknownKey, 17),
                (Code::InvalidDate, 18)
            ]
        );
        let packet = packet.expect("the required parts were read");
        assert!(packet.activities.is_empty());
    }

    #[test]
    fn sections_of_an_activity_that_cannot_be_read_are_kept_aside() {
        let text = packet_with_activity("title = \"t\"\nkind = \"tlak\"\nsections = [\"writing\"]");
        let (packet, _) = parse_packet(&Source::new("p.toml", text));
        let packet = packet.expect("the required parts were read");
        assert_eq!(packet.unread.activity_sections, ["writing"]);
    }

    #[test]
    fn reads_evidence_as_string_or_table() {
        let text = packet_with_activity(
            "title = \"t\"\nkind = \"talk\"\nevidence = [\"https://a.example\", { label = \"x\", private = true }]",
        );
        let packet = parse_whole(&text).expect("parses");
        let evidence = &packet.activities[0].get_ref().evidence;
        assert_eq!(
            evidence[0].get_ref().url.as_deref(),
            Some("https://a.example")
        );
        assert!(evidence[1].get_ref().private);
    }

    #[test]
    fn rejects_unknown_keys_in_evidence_tables() {
        let text = packet_with_activity(
            "title = \"t\"\nkind = \"talk\"\nevidence = [{ link = \"https://a.example\" }]",
        );
        let diagnostic = parse_whole(&text).expect_err("unknown key");
        assert_eq!(diagnostic.message, "unknown key `link`");
    }
}
