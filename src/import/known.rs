//! What is already imported: every commit id and link that a packet, its includes or the
//! draft file hold as evidence, so that importing twice adds nothing.

use std::collections::HashSet;

use super::Draft;
use crate::packet::raw::{RawActivity, RawEvidence};
use crate::packet::validate::normalize_url;

/// The sources already imported: every commit id and every link found as evidence.
#[derive(Debug, Default)]
pub struct Known {
    /// Runs of 7 to 64 hex digits, lower case: full or abbreviated commit ids.
    hashes: Vec<String>,
    /// Links as `link_key` writes them.
    urls: HashSet<String>,
}

impl Known {
    /// Records the sources that a piece of evidence names.
    pub fn add_evidence(&mut self, url: Option<&str>, label: Option<&str>) {
        for text in url.into_iter().chain(label) {
            self.hashes.extend(hex_runs(text));
        }
        if let Some(url) = url {
            self.urls.insert(link_key(url));
        }
    }

    /// Records every source of a draft, so one import does not draft the same thing twice.
    pub fn add_draft(&mut self, draft: &Draft) {
        for evidence in &draft.evidence {
            self.add_evidence(evidence.url.as_deref(), evidence.label.as_deref());
        }
    }

    /// Which of `ids` (every full, lower-case commit id of a history) are already somewhere:
    /// in full, or abbreviated to at least 7 digits that no other of `ids` starts with. Like
    /// git, an ambiguous abbreviation names no commit: guessing would hide a commit never
    /// drafted.
    pub fn commits<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> HashSet<&'a str> {
        let mut ids: Vec<&str> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        let mut found = HashSet::new();
        for known in &self.hashes {
            let first = ids.partition_point(|id| *id < known.as_str());
            let mut matching = ids[first..]
                .iter()
                .take_while(|id| id.starts_with(known.as_str()));
            if let (Some(id), None) = (matching.next(), matching.next()) {
                found.insert(*id);
            }
        }
        found
    }

    /// Whether the link is already somewhere, up to trailing slashes, tracking parameters and
    /// the like.
    pub fn has_url(&self, url: &str) -> bool {
        self.urls.contains(&link_key(url))
    }

    pub(super) fn add_activities<'a>(
        &mut self,
        activities: impl IntoIterator<Item = &'a RawActivity>,
    ) {
        for activity in activities {
            for item in &activity.evidence {
                let RawEvidence { url, label, .. } = item.get_ref();
                self.add_evidence(url.as_deref(), label.as_deref());
            }
        }
    }
}

/// A link as `normalize_url` writes it, `http:` as `https:`: a blog that moved to https
/// serves the same posts, and its feed would otherwise be drafted again in full.
fn link_key(url: &str) -> String {
    let normal = normalize_url(url);
    match normal.strip_prefix("http://") {
        Some(rest) => format!("https://{rest}"),
        None => normal,
    }
}

/// The maximal runs of hex digits in `text` that could be commit ids: 7 to 64 digits, not part
/// of a longer word.
fn hex_runs(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| {
            (7..=64).contains(&word.len()) && word.chars().all(|c| c.is_ascii_hexdigit())
        })
        .map(str::to_ascii_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = "0123456789abcdef0123456789abcdef01234567";
    const SHORT: &str = "fedcba9876543210fedcba9876543210fedcba98";
    const OTHER: &str = "1123456789abcdef0123456789abcdef01234567";

    #[test]
    fn known_commits_match_in_full_or_abbreviated_in_any_evidence() {
        let mut known = Known::default();
        known.add_evidence(
            None,
            Some("commit 0123456789ABCDEF0123456789abcdef01234567"),
        );
        known.add_evidence(Some("https://github.com/o/r/commit/fedcba9"), None);
        let found = known.commits([FULL, SHORT, OTHER]);
        assert_eq!(found, HashSet::from([FULL, SHORT]));
    }

    #[test]
    fn an_ambiguous_abbreviation_names_no_commit() {
        let mut known = Known::default();
        known.add_evidence(None, Some("merged as 0123456"));
        let twin = "0123456fffffffffffffffffffffffffffffffff";
        assert_eq!(known.commits([FULL, twin, OTHER]), HashSet::new());
        assert_eq!(known.commits([FULL, OTHER]), HashSet::from([FULL]));
    }

    #[test]
    fn short_hex_words_are_not_commit_ids() {
        let mut known = Known::default();
        known.add_evidence(None, Some("a facade, 2026, beef and cafe"));
        let ids = [
            "facade00000000000000000000000000000000000",
            "2026000000000000000000000000000000000000",
        ];
        assert_eq!(known.commits(ids), HashSet::new());
    }

    #[test]
    fn known_links_match_up_to_noise() {
        let mut known = Known::default();
        known.add_evidence(Some("https://Blog.example.com/post/?utm_source=feed"), None);
        assert!(known.has_url("https://blog.example.com/post"));
        assert!(known.has_url("http://blog.example.com/post#comments"));
        assert!(!known.has_url("https://blog.example.com/other"));
    }
}
