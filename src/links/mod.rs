//! `check --links`: whether every evidence link still answers. The only part of promopack that
//! touches the network, and only when asked.
//!
//! The evidence links of every packet are gathered from what was loaded, with the place each
//! is written (`sites`); the distinct ones are requested in parallel, a few at a time per host
//! (`pool`, `http`), or answered from a small cache of recent results (`cache`); each outcome
//! becomes a diagnostic at every place the link is written.

use std::fmt::Write as _;

#[cfg(feature = "links")]
mod cache;
#[cfg(feature = "links")]
mod http;
#[cfg(feature = "links")]
mod pool;
#[cfg(feature = "links")]
mod run;
#[cfg(feature = "links")]
mod sites;

#[cfg(feature = "links")]
pub use cache::default_path as default_cache_path;
#[cfg(feature = "links")]
pub use run::{Checked, Options, check};
#[cfg(feature = "links")]
pub use sites::{Sites, sites};

use serde::Serialize;

/// What `check --links` did with the distinct links of every packet given: the closing line of
/// the human report and `summary.links` of the JSON one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Links looked at, by a request or in the cache: `ok + dead + unreachable + redirected`.
    pub checked: usize,
    pub ok: usize,
    pub dead: usize,
    pub unreachable: usize,
    pub redirected: usize,
    /// Links not requested: `private + mailto + internal + invalid`.
    pub skipped: usize,
    /// Of the skipped, those marked `private = true`.
    pub private: usize,
    /// Of the skipped, `mailto:` links.
    pub mailto: usize,
    /// Of the skipped, links to hosts that look internal (without `--links-private`).
    pub internal: usize,
    /// Of the skipped, links that are not valid web links (`invalid-url` reports them).
    pub invalid: usize,
    /// Of the checked, those answered from the cache without a request.
    pub cached: usize,
}

impl Summary {
    /// One line for people, e.g. `links: 5 checked (3 ok, 1 dead, 1 redirected), 2 skipped
    /// (2 private), 1 from the cache`.
    pub fn line(&self) -> String {
        let mut line = format!("links: {} checked", self.checked);
        let found = [
            (self.ok, "ok"),
            (self.dead, "dead"),
            (self.unreachable, "unreachable"),
            (self.redirected, "redirected"),
        ];
        push_parts(&mut line, &found);
        let _ = write!(line, ", {} skipped", self.skipped);
        let skipped = [
            (self.private, "private"),
            (self.mailto, "mailto"),
            (self.internal, "internal"),
            (self.invalid, "invalid"),
        ];
        push_parts(&mut line, &skipped);
        let _ = write!(line, ", {} from the cache", self.cached);
        line
    }
}

/// ` (3 ok, 1 dead)`: the parts that are not zero, in brackets; nothing when all are.
fn push_parts(line: &mut String, parts: &[(usize, &str)]) {
    let shown: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    if !shown.is_empty() {
        let _ = write!(line, " ({})", shown.join(", "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_line_names_only_what_happened() {
        let summary = Summary {
            checked: 5,
            ok: 3,
            dead: 1,
            redirected: 1,
            skipped: 2,
            private: 2,
            cached: 1,
            ..Summary::default()
        };
        assert_eq!(
            summary.line(),
            "links: 5 checked (3 ok, 1 dead, 1 redirected), 2 skipped (2 private), 1 from the cache"
        );
        assert_eq!(
            Summary::default().line(),
            "links: 0 checked, 0 skipped, 0 from the cache"
        );
    }
}
