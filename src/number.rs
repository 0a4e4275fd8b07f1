//! Numbers as readers see them: `80`, `65,000`, `4.5`.

use serde::Serialize;

/// A number with the text to show for it (`80`, not `80.0`).
#[derive(Debug, Clone, Serialize)]
pub struct Number {
    pub value: f64,
    pub display: String,
}

impl From<f64> for Number {
    /// Whole numbers without a decimal point and with thousands separators (`65,000`), others
    /// with at most two decimals (`4.5`, `0.7` rather than `0.6999999999999997`).
    fn from(value: f64) -> Self {
        let rounded = (value * 100.0).round() / 100.0;
        let display = if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
            group_thousands(&format!("{}", rounded as i64))
        } else if rounded.abs() < 1e15 {
            let text = format!("{rounded:.2}");
            let text = text.trim_end_matches('0').trim_end_matches('.');
            match text.split_once('.') {
                Some((whole, fraction)) => format!("{}.{fraction}", group_thousands(whole)),
                None => group_thousands(text),
            }
        } else {
            format!("{value}")
        };
        Number { value, display }
    }
}

/// `-1234567` as `-1,234,567`.
fn group_thousands(digits: &str) -> String {
    let (sign, digits) = digits.strip_prefix('-').map_or(("", digits), |d| ("-", d));
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_whole_numbers_without_a_decimal_point() {
        assert_eq!(Number::from(80.0).display, "80");
        assert_eq!(Number::from(4.5).display, "4.5");
        assert_eq!(Number::from(-3.0).display, "-3");
        assert_eq!(Number::from(65000.0).display, "65,000");
        assert_eq!(Number::from(-1234567.0).display, "-1,234,567");
        assert_eq!(Number::from(999.0).display, "999");
        assert_eq!(Number::from(0.6999999999999997).display, "0.7");
        assert_eq!(Number::from(1234.5).display, "1,234.5");
    }
}
