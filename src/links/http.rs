//! One link, requested: HEAD, then GET where a server refuses HEAD; redirects followed by hand
//! so that a permanent one is seen; one retry on a failure that may pass.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use ureq::http::{Response, StatusCode};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

use crate::packet::validate::private::internal_host;

/// What a link answered, as the cache keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// It answers (2xx, or a redirect that ends in one, or a non-web address).
    Ok,
    /// It is gone: a 4xx, a host that does not resolve, a refused connection, a redirect loop.
    Dead { why: String },
    /// It could not be reached this time: a timeout, a 5xx, a broken connection, twice.
    Unreachable { why: String },
    /// It answers, at the end of a permanent redirect: the packet should give the new address.
    Moved { status: u16, to: String },
}

impl Outcome {
    /// Whether another run within the cache's time would find the same: a link that could not
    /// be reached may answer a minute later, so it is asked again.
    pub fn lasting(&self) -> bool {
        !matches!(self, Outcome::Unreachable { .. })
    }
}

/// Statuses with which a server says it will not answer HEAD, or answers it wrongly, where a
/// GET is answered: 405 Method Not Allowed and 501 Not Implemented by the book; 400 and 403
/// from servers and firewalls that treat a HEAD as suspect.
const HEAD_REFUSED: [u16; 4] = [400, 403, 405, 501];

/// Redirects followed before the link is called a loop.
const MAX_HOPS: usize = 10;

/// Waited before the one retry, so that a server that was busy has a moment.
const RETRY_AFTER: Duration = Duration::from_millis(500);

/// An HTTP client for checking links: one agent, shared by every thread.
pub struct Client {
    agent: ureq::Agent,
    timeout: Duration,
    /// Whether a redirect to a host that looks internal is followed (`--links-private`).
    internal: bool,
}

impl Client {
    /// A client that gives each request `timeout`, and honours `HTTPS_PROXY`, `HTTP_PROXY`,
    /// `ALL_PROXY` and `NO_PROXY` (ureq reads them).
    pub fn new(timeout: Duration, internal: bool) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(timeout))
            .user_agent(concat!(
                "promopack/",
                env!("CARGO_PKG_VERSION"),
                " (evidence link check)"
            ))
            .build();
        let agent = ureq::Agent::with_parts(config, DefaultConnector::default(), Dns::default());
        Client {
            agent,
            timeout,
            internal,
        }
    }

    /// What `url` answers, asked at most twice.
    pub fn check(&self, url: &str) -> Outcome {
        let first = self.follow(url);
        match first {
            Try::Done(outcome) => outcome,
            Try::Again(_) => {
                std::thread::sleep(RETRY_AFTER);
                match self.follow(url) {
                    Try::Done(outcome) => outcome,
                    Try::Again(why) => Outcome::Unreachable {
                        why: format!("{why}, twice"),
                    },
                }
            }
        }
    }

    /// `url` and the redirects it leads to, until one answers.
    fn follow(&self, url: &str) -> Try {
        let mut at = url.to_owned();
        // The address at the end of the permanent redirects the link starts with.
        let mut moved: Option<(u16, String)> = None;
        let mut permanent_so_far = true;
        for _ in 0..MAX_HOPS {
            let response = match self.request(&at) {
                Ok(response) => response,
                Err(failure) => return failure.after(url, &at),
            };
            let status = response.status();
            if !status.is_redirection() || status == StatusCode::NOT_MODIFIED {
                return answered(status, url, &at, moved);
            }
            let location = response
                .headers()
                .get("location")
                .and_then(|value| value.to_str().ok())
                .and_then(|location| url::Url::parse(&at).ok()?.join(location).ok());
            let Some(next) = location else {
                return Try::Done(Outcome::Dead {
                    why: format!("it answers {} with no valid new address", shown(status)),
                });
            };
            let permanent = matches!(status.as_u16(), 301 | 308);
            permanent_so_far &= permanent;
            if permanent_so_far {
                moved = Some((status.as_u16(), next.to_string()));
            }
            if !matches!(next.scheme(), "http" | "https") {
                // A redirect to a `mailto:` or an app's address: the browser takes it from here.
                return Try::Done(
                    moved.map_or(Outcome::Ok, |(status, to)| Outcome::Moved { status, to }),
                );
            }
            // A public page must not make promopack probe the network it runs in (a CI
            // runner's metadata service, an intranet): for a reader outside, it is dead anyway.
            if !self.internal
                && let Some(why) = internal_host(next.as_str())
            {
                return Try::Done(Outcome::Dead {
                    why: format!(
                        "it redirects to `{next}`, which looks internal ({why}) and was not requested; `--links-private` follows it"
                    ),
                });
            }
            at = next.to_string();
        }
        Try::Done(Outcome::Dead {
            why: format!("it redirects more than {MAX_HOPS} times (a redirect loop)"),
        })
    }

    /// One request: HEAD, and GET when the server refuses HEAD. The body is never read.
    fn request(&self, url: &str) -> Result<Response<ureq::Body>, Failure> {
        let head = self.agent.head(url).call().map_err(|e| self.failure(e))?;
        if !HEAD_REFUSED.contains(&head.status().as_u16()) {
            return Ok(head);
        }
        self.agent.get(url).call().map_err(|e| self.failure(e))
    }

    fn failure(&self, err: ureq::Error) -> Failure {
        use std::io::ErrorKind;
        match err {
            ureq::Error::HostNotFound => Failure::Dead("its host does not resolve".into()),
            ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => {
                Failure::Dead("its server refuses the connection".into())
            }
            ureq::Error::Timeout(_) => Failure::Again(format!(
                "it did not answer within {}",
                seconds(self.timeout)
            )),
            ureq::Error::Io(io) => Failure::Again(format!(
                "the connection failed ({})",
                crate::error::plain_io(&io, None, false)
            )),
            ureq::Error::BadUri(_) | ureq::Error::Http(_) => {
                Failure::Dead("it is not an address a client can request".into())
            }
            other => Failure::Again(format!("the request failed ({other})")),
        }
    }
}

/// `10 s`, `0.5 s`.
fn seconds(duration: Duration) -> String {
    format!("{} s", duration.as_secs_f64())
}

/// A request that got no answer.
enum Failure {
    /// Asking again will not help.
    Dead(String),
    /// It may pass.
    Again(String),
}

impl Failure {
    /// The outcome for the link `url`, whose request to `at` (the link or a redirect) failed.
    fn after(self, url: &str, at: &str) -> Try {
        match self {
            Failure::Dead(why) => Try::Done(Outcome::Dead {
                why: where_(why, url, at),
            }),
            Failure::Again(why) => Try::Again(where_(why, url, at)),
        }
    }
}

/// `why`, and where, when it is not the link itself but an address it redirects to.
fn where_(why: String, url: &str, at: &str) -> String {
    if at == url {
        why
    } else {
        format!("{why} (at `{at}`, where it redirects)")
    }
}

/// One round of a link's requests: an outcome, or a failure worth one more try.
enum Try {
    Done(Outcome),
    Again(String),
}

/// The outcome of an answer with `status` (no redirect) from `at`, reached from `url`.
fn answered(status: StatusCode, url: &str, at: &str, moved: Option<(u16, String)>) -> Try {
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        return Try::Done(moved.map_or(Outcome::Ok, |(status, to)| Outcome::Moved { status, to }));
    }
    let why = where_(format!("it answers {}", shown(status)), url, at);
    // 429 Too Many Requests and every 5xx may pass; any other 4xx is the link's own.
    if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
        Try::Again(why)
    } else {
        Try::Done(Outcome::Dead { why })
    }
}

/// `404 Not Found`, or the number alone for a status without a standard name.
fn shown(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

/// The system's resolver, with every failure to resolve reported as `HostNotFound`: the system
/// says it in an `io::Error` of no particular kind, which cannot be told from others later.
#[derive(Debug, Default)]
struct Dns(DefaultResolver);

impl Resolver for Dns {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        match self.0.resolve(uri, config, timeout) {
            Err(ureq::Error::Io(_)) => Err(ureq::Error::HostNotFound),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(code: u16, moved: Option<(u16, String)>) -> Result<Outcome, String> {
        let status = StatusCode::from_u16(code).expect("a status");
        match answered(status, "https://a.example/x", "https://a.example/x", moved) {
            Try::Done(outcome) => Ok(outcome),
            Try::Again(why) => Err(why),
        }
    }

    #[test]
    fn a_client_error_is_dead_and_a_server_error_is_tried_again() {
        assert_eq!(outcome(200, None), Ok(Outcome::Ok));
        assert_eq!(
            outcome(410, None),
            Ok(Outcome::Dead {
                why: "it answers 410 Gone".into()
            })
        );
        assert_eq!(
            outcome(503, None),
            Err("it answers 503 Service Unavailable".into())
        );
        assert_eq!(
            outcome(429, None),
            Err("it answers 429 Too Many Requests".into())
        );
        let to = "https://b.example/x".to_owned();
        assert_eq!(
            outcome(204, Some((308, to.clone()))),
            Ok(Outcome::Moved { status: 308, to })
        );
    }

    #[test]
    fn what_went_wrong_at_a_redirect_says_where() {
        assert_eq!(
            where_("it answers 404 Not Found".into(), "a", "a"),
            "it answers 404 Not Found"
        );
        assert_eq!(
            where_("it answers 404 Not Found".into(), "a", "b"),
            "it answers 404 Not Found (at `b`, where it redirects)"
        );
    }
}
