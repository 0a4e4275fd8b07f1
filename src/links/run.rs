//! The whole of `check --links`: the distinct links of every packet, the cache, the requests,
//! and a diagnostic at every place a link that does not answer well is written.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use super::Summary;
use super::cache::Cache;
use super::http::{Answer, Client, Outcome};
use super::pool;
use super::sites::{Kind, Site, Sites};
use crate::diagnostic::{Code, Diagnostic};

/// Requests at once, in all.
const OVERALL: usize = 8;
/// Requests at once to one host.
const PER_HOST: usize = 2;

/// How to check links: from the command line.
#[derive(Debug, Clone)]
pub struct Options {
    /// Each request's time to answer.
    pub timeout: Duration,
    /// The cache file; `None` for no cache at all.
    pub cache: Option<PathBuf>,
    /// How long an answer in the cache stays good.
    pub max_age: Duration,
    /// Ask every link again, and keep the answers (`--links=fresh`).
    pub fresh: bool,
    /// Also request links to hosts that look internal (`--links-private`): on the company
    /// network or a VPN they answer.
    pub internal: bool,
}

/// What checking the links of a batch of packets found.
#[derive(Debug)]
pub struct Checked {
    /// The findings of each packet, in the order given.
    pub diagnostics: Vec<Vec<Diagnostic>>,
    pub summary: Summary,
    /// Trouble with the cache, which costs requests but not the check.
    pub warnings: Vec<String>,
}

/// One distinct link: the first place it is written stands for its spelling.
struct Link {
    url: String,
    /// Why it is not requested; `None` when it is.
    skipped: Option<Kind>,
}

/// An outcome, and how many seconds ago the cache had it; `None` when asked now.
#[derive(Debug, Clone)]
struct Found {
    outcome: Outcome,
    age: Option<u64>,
}

/// Timeouts in a row on each host: after so many, its other links are not requested.
#[derive(Default)]
struct Timeouts(Mutex<HashMap<String, usize>>);

/// Links of one host that time out in a row before its other links are given up.
const TIMEOUTS_IN_A_ROW: usize = 3;

impl Timeouts {
    /// What `url` answers, unless its host has timed out too often in a row.
    fn check(&self, client: &Client, url: &str) -> Answer {
        let host = host(url);
        let count = |timeouts: &Self| {
            timeouts
                .0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get(&host)
                .copied()
                .unwrap_or(0)
        };
        if count(self) >= TIMEOUTS_IN_A_ROW {
            return Answer {
                outcome: Outcome::Unreachable {
                    why: format!(
                        "not requested, after {TIMEOUTS_IN_A_ROW} timeouts in a row on `{host}`"
                    ),
                },
                keep: false,
                timed_out: false,
            };
        }
        let answer = client.check(url);
        let mut timeouts = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = timeouts.entry(host).or_default();
        *entry = if answer.timed_out { *entry + 1 } else { 0 };
        answer
    }
}

/// Checks the evidence links of `packets`: each distinct link once, whichever packets give it.
pub fn check(packets: &[&Sites], options: &Options) -> Checked {
    let requested = |kind: Kind| kind == Kind::Web || (kind == Kind::Internal && options.internal);
    let mut links: Vec<Link> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for site in packets.iter().flat_map(|p| &p.sites) {
        let at = *index.entry(&site.key).or_insert_with(|| {
            links.push(Link {
                url: site.url.clone(),
                skipped: Some(site.kind),
            });
            links.len() - 1
        });
        let link = &mut links[at];
        if link.skipped.is_some() && requested(site.kind) {
            *link = Link {
                url: site.url.clone(),
                skipped: None,
            };
        }
    }

    let mut warnings = Vec::new();
    // An age of 0 trusts no answer: the cache is then neither read nor written.
    let cache_path = options.cache.clone().filter(|_| !options.max_age.is_zero());
    let (mut cache, warning) = Cache::open(cache_path, options.max_age);
    warnings.extend(warning);

    let mut summary = Summary::default();
    let mut outcomes: Vec<Option<Found>> = vec![None; links.len()];
    let mut asked = Vec::new();
    for (at, link) in links.iter().enumerate() {
        let key = crate::link::normalize_url(&link.url);
        match link.skipped {
            Some(kind) => count_skipped(&mut summary, kind),
            // `--links=fresh` reads no answer, and still keeps what it finds for the next run.
            None => match cache.get(&key).filter(|_| !options.fresh) {
                Some((outcome, age)) => {
                    summary.cached += 1;
                    outcomes[at] = Some(Found {
                        outcome: outcome.clone(),
                        age: Some(age),
                    });
                }
                None => asked.push((at, key, without_fragment(&link.url))),
            },
        }
    }
    if !asked.is_empty() {
        let client = Client::new(options.timeout, options.internal);
        let timeouts = Timeouts::default();
        let answers = pool::run(
            &asked,
            |(_, _, url)| host(url),
            OVERALL,
            PER_HOST,
            |(_, _, url)| timeouts.check(&client, url),
        );
        for ((at, key, _), answer) in asked.iter().zip(answers) {
            if answer.keep {
                cache.put(key, &answer.outcome);
            }
            outcomes[*at] = Some(Found {
                outcome: answer.outcome,
                age: None,
            });
        }
        if let Err(err) = cache.save() {
            warnings.push(format!("{err}: {}; the answers are not kept", err.reason()));
        }
    }
    for found in outcomes.iter().flatten() {
        match &found.outcome {
            Outcome::Internal { .. } => {
                count_skipped(&mut summary, Kind::Internal);
                continue;
            }
            Outcome::Ok => summary.ok += 1,
            Outcome::Dead { .. } => summary.dead += 1,
            Outcome::Unreachable { .. } => summary.unreachable += 1,
            Outcome::Moved { .. } => summary.redirected += 1,
        }
        summary.checked += 1;
    }

    let diagnostics = packets
        .iter()
        .map(|packet| {
            packet
                .sites
                .iter()
                .filter(|site| requested(site.kind))
                .filter_map(|site| {
                    let found = outcomes[*index.get(site.key.as_str())?].as_ref()?;
                    finding(packet, site, found)
                })
                .collect()
        })
        .collect();
    Checked {
        diagnostics,
        summary,
        warnings,
    }
}

fn count_skipped(summary: &mut Summary, kind: Kind) {
    summary.skipped += 1;
    match kind {
        Kind::Private => summary.private += 1,
        Kind::Mailto => summary.mailto += 1,
        Kind::Internal => summary.internal += 1,
        Kind::Invalid => summary.invalid += 1,
        Kind::Web => {}
    }
}

/// The link as a client sends it: a fragment is the browser's, never the server's.
fn without_fragment(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            parsed.set_fragment(None);
            parsed.to_string()
        }
        Err(_) => url.to_owned(),
    }
}

/// The host and port a link's connection goes to, for the limit per host.
fn host(url: &str) -> String {
    url::Url::parse(url).map_or_else(
        |_| url.to_owned(),
        |parsed| {
            let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
            match parsed.port_or_known_default() {
                Some(port) => format!("{host}:{port}"),
                None => host,
            }
        },
    )
}

/// The diagnostic of what a link came to, at the place `site` writes it; `None` when it
/// answers, or was skipped.
fn finding(packet: &Sites, site: &Site, found: &Found) -> Option<Diagnostic> {
    let source = packet.files.get(site.file)?;
    let (url, what, owner) = (&site.url, site.what, &site.owner);
    let at = Some(site.span.clone());
    let cached = found.age.map_or_else(String::new, |age| {
        format!(" ({}; `--links=fresh` asks again)", answered_ago(age))
    });
    let diagnostic = match &found.outcome {
        Outcome::Ok | Outcome::Internal { .. } => return None,
        Outcome::Dead { why } => source
            .diagnostic(
                Code::DeadLink,
                at,
                format!("{what} `{url}` of {owner} is dead: {why}{cached}"),
            )
            .with_hint("link a copy that still answers (the page's new address, an archived copy), or remove it"),
        Outcome::Unreachable { why } => source
            .diagnostic(
                Code::LinkUnreachable,
                at,
                format!("{what} `{url}` of {owner} could not be reached: {why}{cached}"),
            )
            .with_hint("it may be down for a while: open it in a browser, or check again later with `--links=fresh`"),
        Outcome::Moved { status, to } => source
            .diagnostic(
                Code::LinkRedirect,
                at,
                format!("{what} `{url}` of {owner} has moved for good ({status}) to `{to}`{cached}"),
            )
            .with_hint(format!("give the new address in the packet: `{to}`")),
    };
    Some(diagnostic)
}

/// `answered 12 min ago`, for an answer from the cache `seconds` old.
fn answered_ago(seconds: u64) -> String {
    match seconds {
        0..60 => "answered less than a minute ago".to_owned(),
        60..7200 => format!("answered {} min ago", seconds / 60),
        7200..172_800 => format!("answered {} h ago", seconds / 3600),
        _ => format!("answered {} days ago", seconds / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_of_a_link_includes_its_port() {
        assert_eq!(host("https://Example.com/a"), "example.com:443");
        assert_eq!(host("http://127.0.0.1:8080/a"), "127.0.0.1:8080");
    }

    #[test]
    fn the_age_of_a_cached_answer_is_in_words() {
        assert_eq!(answered_ago(5), "answered less than a minute ago");
        assert_eq!(answered_ago(12 * 60 + 5), "answered 12 min ago");
        assert_eq!(answered_ago(3 * 3600), "answered 3 h ago");
        assert_eq!(answered_ago(3 * 86_400), "answered 3 days ago");
    }

    #[test]
    fn a_fragment_is_not_sent() {
        assert_eq!(
            without_fragment("https://example.com/post#intro"),
            "https://example.com/post"
        );
    }
}
