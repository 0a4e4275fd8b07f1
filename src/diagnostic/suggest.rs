//! "Did you mean ...?" suggestions for misspelt names.

/// The candidate closest to `name`, if it is close enough to be a likely typo.
///
/// Close enough means an edit distance below 3, or below a third of the name's length for long
/// names, so `comunity` suggests `community` while `x` suggests nothing.
///
/// ```
/// use promopack::diagnostic::suggest::closest;
/// assert_eq!(closest("comunity", ["content", "community"]), Some("community"));
/// assert_eq!(closest("x", ["content", "community"]), None);
/// ```
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(3);
    candidates
        .into_iter()
        .map(|candidate| (strsim::levenshtein(name, candidate), candidate))
        .filter(|(distance, _)| *distance < limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// A hint naming the closest candidate, or else listing the valid ones.
pub fn hint<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str> + Clone) -> String {
    match closest(name, candidates.clone()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("valid: {}", backticked(candidates)),
    }
}

/// `a`, `b`, `c`: a list of names as they appear in messages.
pub fn backticked<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_a_close_name() {
        assert_eq!(
            closest("comunity", ["content", "community"]),
            Some("community")
        );
    }

    #[test]
    fn suggests_nothing_for_an_unrelated_name() {
        assert_eq!(closest("zzz", ["content", "community"]), None);
    }

    #[test]
    fn hint_lists_valid_names_when_none_is_close() {
        assert_eq!(
            hint("zzz", ["a1b2c3", "d4e5f6"]),
            "valid: `a1b2c3`, `d4e5f6`"
        );
    }
}
