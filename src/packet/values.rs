//! Values TOML allows but a packet must restrict: dates written exactly `YYYY-MM-DD`, bare or
//! quoted, and numbers that are finite and of a sane size.

use chrono::NaiveDate;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::Deserializer;

use crate::diagnostic::Code;
use crate::read::{date, rejected, rejected_with_hint};

/// A number that is neither `nan` nor infinite, which TOML allows but no metric can be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Finite(pub f64);

/// The largest magnitude a metric may have: beyond it, sums, changes and chart ranges would
/// lose precision or overflow, and no review metric is that large.
pub const MAX_NUMBER: f64 = 1e15;

/// A metric value, if it is finite and within `MAX_NUMBER`.
pub(crate) fn sane(value: f64) -> Result<f64, String> {
    if !value.is_finite() {
        Err(format!("expected a finite number, found `{value}`"))
    } else if value.abs() > MAX_NUMBER {
        Err(format!(
            "`{value:e}` is too large: numbers must lie within ±10^15"
        ))
    } else {
        Ok(value)
    }
}

impl<'de> Deserialize<'de> for Finite {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        sane(f64::deserialize(deserializer)?)
            .map(Finite)
            .map_err(|why| rejected(Code::InvalidNumber, why))
    }
}

impl JsonSchema for Finite {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number" })
    }
}

/// A calendar date, written either as a bare TOML date (`2026-03-01`) or a quoted
/// `"2026-03-01"` string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub NaiveDate);

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // Editors see a bare TOML date as a date-time value, and a quoted one as a string.
        json_schema!({
            "description": "A date: 2026-03-01, bare or quoted",
            "anyOf": [
                { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
                { "type": "string", "format": "date" }
            ]
        })
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = match toml::Value::deserialize(deserializer)? {
            toml::Value::String(text) => text,
            toml::Value::Datetime(datetime) if datetime.time.is_none() => datetime.to_string(),
            toml::Value::Datetime(datetime) => {
                return Err(rejected_with_hint(
                    Code::InvalidDate,
                    format!("expected a date like `2026-04-09`, found the date-time `{datetime}`"),
                    Some("write the day alone, without a time".to_owned()),
                ));
            }
            other => {
                return Err(rejected_with_hint(
                    Code::InvalidDate,
                    format!(
                        "expected a date like `2026-04-09`, found {} `{other}`",
                        other.type_str()
                    ),
                    Some(date::HINT.to_owned()),
                ));
            }
        };
        parse_date(&text).map(Date).ok_or_else(|| {
            let (message, hint) = date::problem(&text);
            rejected_with_hint(Code::InvalidDate, message, hint)
        })
    }
}

/// A date written exactly `YYYY-MM-DD` (see `read::date`).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    date::parse(text)
}
