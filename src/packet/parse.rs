//! A packet's TOML text to its raw input types, reporting every shape problem rather than the
//! first.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::raw::{
    RawActivity, RawCase, RawClaim, RawMeasure, RawMetric, RawPacket, RawPeriod, RawPerson,
};
use crate::diagnostic::{Code, Diagnostic, Source};
use crate::read::{toml_diagnostic, valid_names_hint};

/// Reads a packet, reporting every shape problem rather than the first: when the whole file
/// does not fit, each part is read on its own, parts that fit are kept and each one that does
/// not gets its own diagnostic. The packet comes back when its required parts fit, so that
/// validation can still check the activities that did.
pub fn parse_packet(source: &Source) -> (Option<RawPacket>, Vec<Diagnostic>) {
    use toml::de::{DeTable, DeValue, ValueDeserializer};

    let root = match DeTable::parse(&source.text) {
        Ok(root) => root,
        Err(err) => return (None, vec![toml_diagnostic(source, &err)]),
    };
    match RawPacket::deserialize(toml::de::Deserializer::from(root)) {
        Ok(packet) => return (Some(packet), Vec::new()),
        Err(err) if err.span().is_none() => return (None, vec![toml_diagnostic(source, &err)]),
        Err(_) => {}
    }
    // Something does not fit: read the document again, this time part by part.
    let Ok(root) = DeTable::parse(&source.text) else {
        return (None, Vec::new());
    };

    let mut problems = Vec::new();
    fn one<'i>(value: &toml::Spanned<DeValue<'i>>) -> ValueDeserializer<'i> {
        ValueDeserializer::from(value.clone())
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
    let note = |result: Result<(), toml::de::Error>, problems: &mut Vec<Diagnostic>| {
        if let Err(err) = result {
            problems.push(toml_diagnostic(source, &err));
        }
    };
    let root = root.into_inner();
    for (key, value) in root.iter() {
        match key.get_ref().as_ref() {
            "rubric" => note(
                Spanned::<String>::deserialize(one(value)).map(|v| rubric = Some(v)),
                &mut problems,
            ),
            "person" => note(
                RawPerson::deserialize(one(value)).map(|v| person = Some(v)),
                &mut problems,
            ),
            "period" => note(
                Spanned::<RawPeriod>::deserialize(one(value)).map(|v| period = Some(v)),
                &mut problems,
            ),
            "include" => note(
                Vec::<Spanned<String>>::deserialize(one(value)).map(|v| include = v),
                &mut problems,
            ),
            "case" => note(
                RawCase::deserialize(one(value)).map(|v| case = v),
                &mut problems,
            ),
            "targets" => note(
                BTreeMap::<Spanned<String>, Spanned<String>>::deserialize(one(value))
                    .map(|v| targets = v),
                &mut problems,
            ),
            "activity" | "metric" | "measure" | "claim" => {
                let items: Vec<(Option<String>, &toml::Spanned<DeValue<'_>>)> =
                    match value.get_ref() {
                        DeValue::Array(array) if key.get_ref().as_ref() != "measure" => {
                            array.iter().map(|item| (None, item)).collect()
                        }
                        DeValue::Table(table) if key.get_ref().as_ref() == "measure" => table
                            .iter()
                            .map(|(k, v)| (Some(k.get_ref().to_string()), v))
                            .collect(),
                        _ if key.get_ref().as_ref() == "measure" => {
                            let err = BTreeMap::<String, RawMeasure>::deserialize(one(value)).err();
                            note(err.map_or(Ok(()), Err), &mut problems);
                            Vec::new()
                        }
                        _ => {
                            let err = Vec::<()>::deserialize(one(value)).err();
                            note(err.map_or(Ok(()), Err), &mut problems);
                            Vec::new()
                        }
                    };
                for (name, item) in items {
                    let result = match (key.get_ref().as_ref(), name) {
                        ("activity", _) => Spanned::<RawActivity>::deserialize(one(item))
                            .map(|v| activities.push(v)),
                        ("metric", _) => {
                            Spanned::<RawMetric>::deserialize(one(item)).map(|v| metrics.push(v))
                        }
                        ("claim", _) => {
                            Spanned::<RawClaim>::deserialize(one(item)).map(|v| claims.push(v))
                        }
                        (_, Some(name)) => RawMeasure::deserialize(one(item)).map(|v| {
                            measures.insert(name, v);
                        }),
                        _ => Ok(()),
                    };
                    note(result, &mut problems);
                }
            }
            other => {
                let valid = [
                    "rubric", "include", "person", "period", "targets", "case", "claim",
                    "activity", "measure", "metric",
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
        if missing && !root.iter().any(|(k, _)| k.get_ref().as_ref() == name) {
            problems.push(source.diagnostic(
                Code::MissingKey,
                Some(0..0),
                format!("missing key `{name}`"),
            ));
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
            activities,
            measures,
            metrics,
        }),
        _ => None,
    };
    (packet, problems)
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
