//! One link, requested: HEAD, then GET where a server refuses HEAD; redirects followed by hand
//! so that a permanent one is seen; one retry on a failure that may pass; all of it within a
//! deadline.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use ureq::http::{Response, StatusCode, Uri};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

use crate::packet::validate::private::{internal_host, private_ip};

/// What a link answered, as the cache keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// It answers (2xx, or a redirect that ends in one).
    Ok,
    /// It is gone: a 4xx, a host that does not resolve, a refused connection, a redirect loop,
    /// a redirect out of the web.
    Dead { why: String },
    /// It could not be reached this time: a timeout, a 5xx, a broken connection, twice; a site
    /// that refuses automated checks; a proxy that fails.
    Unreachable { why: String },
    /// It answers, at the end of a permanent redirect: the packet should give the new address.
    Moved { status: u16, to: String },
    /// Its host name resolves only to internal addresses: skipped like a link to an internal
    /// host (without `--links-private`). Never kept.
    Internal { why: String },
}

/// What one link came to: its outcome, and what the run does with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub outcome: Outcome,
    /// Whether another run within the cache's time would find the same, so it is kept: only
    /// what a server answered, never what failed on this machine's side (its network, its
    /// DNS, its proxy), nor what depends on `--links-private`.
    pub keep: bool,
    /// Whether it ended in a timeout, which counts towards giving up on its host.
    pub timed_out: bool,
}

impl Answer {
    fn kept(outcome: Outcome) -> Answer {
        Answer {
            outcome,
            keep: true,
            timed_out: false,
        }
    }

    fn not_kept(outcome: Outcome) -> Answer {
        Answer {
            outcome,
            keep: false,
            timed_out: false,
        }
    }
}

/// Statuses with which a server says it will not answer HEAD, or answers it wrongly, where a
/// GET is answered: 405 Method Not Allowed and 501 Not Implemented by the book; 400, 403 and
/// 999 from servers and firewalls that treat a HEAD as suspect.
const HEAD_REFUSED: [u16; 5] = [400, 403, 405, 501, 999];

/// Statuses with which a site refuses a client it takes for a robot (999 is LinkedIn's): the
/// page may well be there for a person.
const BOTS_REFUSED: [u16; 3] = [401, 403, 999];

/// Redirects followed before the link is called a loop.
const MAX_HOPS: usize = 10;

/// Waited before the one retry, so that a server that was busy has a moment.
const RETRY_AFTER: Duration = Duration::from_millis(500);

/// The whole of one link (HEAD, GET, every redirect, the retry) ends within this many times
/// the timeout of one request.
pub const DEADLINE_TIMEOUTS: u32 = 3;

/// An HTTP client for checking links: one agent, shared by every thread.
pub struct Client {
    agent: ureq::Agent,
    timeout: Duration,
    /// Whether a link to, or a redirect to, a host that looks or resolves internal is
    /// requested (`--links-private`).
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
        let dns = Dns {
            system: DefaultResolver::default(),
            internal,
        };
        let agent = ureq::Agent::with_parts(config, DefaultConnector::default(), dns);
        Client {
            agent,
            timeout,
            internal,
        }
    }

    /// What `url` answers, asked at most twice, within the deadline.
    pub fn check(&self, url: &str) -> Answer {
        let deadline = Instant::now() + self.timeout * DEADLINE_TIMEOUTS;
        let (why, _) = match self.follow(url, deadline) {
            Try::Done(answer) => return answer,
            Try::Again { why, timed_out } => (why, timed_out),
        };
        let left = deadline.saturating_duration_since(Instant::now());
        if left <= RETRY_AFTER {
            return self.past_deadline();
        }
        std::thread::sleep(RETRY_AFTER);
        match self.follow(url, deadline) {
            Try::Done(answer) => answer,
            Try::Again {
                why: again,
                timed_out,
            } => Answer {
                outcome: Outcome::Unreachable {
                    why: if again == why {
                        format!("{why}, twice")
                    } else {
                        format!("{why}, then {again}")
                    },
                },
                keep: false,
                timed_out,
            },
        }
    }

    fn past_deadline(&self) -> Answer {
        Answer {
            outcome: Outcome::Unreachable {
                why: format!(
                    "it was not answered within {} in all (every request, redirect and the retry)",
                    seconds(self.timeout * DEADLINE_TIMEOUTS)
                ),
            },
            keep: false,
            timed_out: true,
        }
    }

    /// `url` and the redirects it leads to, until one answers.
    fn follow(&self, url: &str, deadline: Instant) -> Try {
        let mut at = url.to_owned();
        // The address at the end of the permanent redirects the link starts with.
        let mut moved: Option<(u16, String)> = None;
        let mut permanent_so_far = true;
        for _ in 0..MAX_HOPS {
            let response = match self.request(&at, deadline) {
                Ok(response) => response,
                Err(Failure::Deadline) => return Try::Done(self.past_deadline()),
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
                return Try::Done(Answer::kept(Outcome::Dead {
                    why: format!("it answers {} with no valid new address", shown(status)),
                }));
            };
            if !matches!(next.scheme(), "http" | "https") {
                // A reader's browser may not follow it, and there is no page to give instead.
                return Try::Done(Answer::kept(Outcome::Dead {
                    why: format!(
                        "it redirects out of the web, to `{next}` ({}), which a reader's browser may not open",
                        shown(status)
                    ),
                }));
            }
            let permanent = matches!(status.as_u16(), 301 | 308);
            permanent_so_far &= permanent;
            if permanent_so_far {
                moved = Some((status.as_u16(), next.to_string()));
            }
            // A public page must not make promopack probe the network it runs in (a CI
            // runner's metadata service, an intranet): for a reader outside, it is dead anyway.
            // Not kept: with `--links-private` it is followed.
            if !self.internal
                && let Some(why) = internal_host(next.as_str())
            {
                return Try::Done(Answer::not_kept(Outcome::Dead {
                    why: format!(
                        "it redirects to `{next}`, which looks internal ({why}) and was not requested; `--links-private` follows it"
                    ),
                }));
            }
            at = next.to_string();
        }
        Try::Done(Answer::kept(Outcome::Dead {
            why: format!("it redirects more than {MAX_HOPS} times (a redirect loop)"),
        }))
    }

    /// One request: HEAD, and GET when the server refuses HEAD. The body is never read. Each
    /// request gets the timeout, or what is left before the deadline.
    fn request(&self, url: &str, deadline: Instant) -> Result<Response<ureq::Body>, Failure> {
        let head = self.call(self.agent.head(url), url, deadline)?;
        if !HEAD_REFUSED.contains(&head.status().as_u16()) {
            return Ok(head);
        }
        self.call(self.agent.get(url), url, deadline)
    }

    fn call(
        &self,
        request: ureq::RequestBuilder<ureq::typestate::WithoutBody>,
        url: &str,
        deadline: Instant,
    ) -> Result<Response<ureq::Body>, Failure> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Failure::Deadline);
        }
        let cut = left < self.timeout;
        let timeout = self.timeout.min(left);
        request
            .config()
            .timeout_global(Some(timeout))
            .build()
            .call()
            .map_err(|err| match err {
                ureq::Error::Timeout(_) if cut => Failure::Deadline,
                err => self.failure(err, url),
            })
    }

    /// The proxy the request to `url` goes through, as `host:port`, if any.
    fn proxy(&self, url: &str) -> Option<String> {
        let uri: Uri = url.parse().ok()?;
        let proxy = self.agent.config().proxy()?;
        (!proxy.is_no_proxy(&uri)).then(|| format!("{}:{}", proxy.host(), proxy.port()))
    }

    fn failure(&self, err: ureq::Error, url: &str) -> Failure {
        use std::io::ErrorKind;
        // Through a proxy, the only connection this machine makes is to the proxy: what fails
        // to resolve or to connect is the proxy, not the link.
        if let Some(proxy) = self.proxy(url) {
            let why = match &err {
                ureq::Error::HostNotFound => Some("does not resolve".to_owned()),
                ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => {
                    Some("refuses the connection".to_owned())
                }
                ureq::Error::ConnectProxyFailed(said) => Some(format!(
                    "would not open a connection to it (it said: {said})"
                )),
                _ => None,
            };
            if let Some(why) = why {
                return Failure::Unreachable(format!(
                    "the proxy `{proxy}` {why}; the link itself was not reached"
                ));
            }
        }
        match err {
            ureq::Error::HostNotFound => Failure::Dead("its host does not resolve".into()),
            ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => {
                Failure::Dead("its server refuses the connection".into())
            }
            ureq::Error::Io(io) if internal_addresses(&io).is_some() => {
                let why = internal_addresses(&io).map(str::to_owned).unwrap_or_default();
                Failure::Internal(why)
            }
            ureq::Error::Timeout(_) => Failure::Again {
                why: format!("it did not answer within {}", seconds(self.timeout)),
                timed_out: true,
            },
            ureq::Error::Io(io) => Failure::Again {
                why: format!(
                    "the connection failed ({})",
                    crate::error::plain_io(&io, None, false)
                ),
                timed_out: false,
            },
            ureq::Error::BadUri(_) | ureq::Error::Http(_) => {
                Failure::Dead("it is not an address a client can request".into())
            }
            ureq::Error::Protocol(_) | ureq::Error::LargeResponseHeader(..) => {
                Failure::Unreachable(
                    "its server sent an answer that is not valid HTTP (or whose headers are too long to read)"
                        .into(),
                )
            }
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => {
                Failure::Unreachable(
                    "its secure connection (TLS) could not be set up: a certificate that has expired or names another host, or an old protocol"
                        .into(),
                )
            }
            ureq::Error::ConnectProxyFailed(said) => {
                Failure::Unreachable(format!("the proxy would not open a connection to it (it said: {said})"))
            }
            _ => Failure::Again {
                why: "the request failed".into(),
                timed_out: false,
            },
        }
    }
}

/// `10 s`, `0.5 s`.
fn seconds(duration: Duration) -> String {
    format!("{} s", duration.as_secs_f64())
}

/// A request that got no answer.
enum Failure {
    /// Asking again will not help; not an answer of the server, so not kept.
    Dead(String),
    /// It may pass.
    Again { why: String, timed_out: bool },
    /// Asking again at once will not help, and another run may fare better: not kept.
    Unreachable(String),
    /// The link's host resolves only to internal addresses.
    Internal(String),
    /// The link's time is up.
    Deadline,
}

impl Failure {
    /// The outcome for the link `url`, whose request to `at` (the link or a redirect) failed.
    fn after(self, url: &str, at: &str) -> Try {
        match self {
            Failure::Dead(why) => Try::Done(Answer::not_kept(Outcome::Dead {
                why: where_(why, url, at),
            })),
            Failure::Again { why, timed_out } => Try::Again {
                why: where_(why, url, at),
                timed_out,
            },
            Failure::Unreachable(why) => Try::Done(Answer::not_kept(Outcome::Unreachable {
                why: where_(why, url, at),
            })),
            // The link itself is skipped as internal; a public link that redirects to such a
            // host is dead, as one that redirects to an internal name.
            Failure::Internal(why) if at == url => {
                Try::Done(Answer::not_kept(Outcome::Internal { why }))
            }
            Failure::Internal(why) => Try::Done(Answer::not_kept(Outcome::Dead {
                why: format!(
                    "it redirects to `{at}`, whose host {why} and was not requested; `--links-private` follows it"
                ),
            })),
            // `follow` says it with the deadline's length.
            Failure::Deadline => Try::Again {
                why: "its time was up".into(),
                timed_out: true,
            },
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

/// One round of a link's requests: an answer, or a failure worth one more try.
enum Try {
    Done(Answer),
    Again { why: String, timed_out: bool },
}

/// The outcome of an answer with `status` (no redirect) from `at`, reached from `url`.
fn answered(status: StatusCode, url: &str, at: &str, moved: Option<(u16, String)>) -> Try {
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        let outcome = moved.map_or(Outcome::Ok, |(status, to)| Outcome::Moved { status, to });
        return Try::Done(Answer::kept(outcome));
    }
    if BOTS_REFUSED.contains(&status.as_u16()) {
        return Try::Done(Answer::not_kept(Outcome::Unreachable {
            why: where_(
                format!(
                    "the site refused an automated check ({}); a person should open it to be sure it is there",
                    shown(status)
                ),
                url,
                at,
            ),
        }));
    }
    let why = where_(format!("it answers {}", shown(status)), url, at);
    // 429 Too Many Requests and every 5xx may pass; any other 4xx is the link's own.
    if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
        Try::Again {
            why,
            timed_out: false,
        }
    } else {
        Try::Done(Answer::kept(Outcome::Dead { why }))
    }
}

/// `404 Not Found`, or the number alone for a status without a standard name.
fn shown(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

/// Why a host was not connected to: it resolves only to internal addresses. Carried in an
/// `io::Error` through ureq, and found again by its type.
#[derive(Debug)]
struct InternalAddresses(String);

impl std::fmt::Display for InternalAddresses {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InternalAddresses {}

fn internal_addresses(io: &std::io::Error) -> Option<&str> {
    io.get_ref()?
        .downcast_ref::<InternalAddresses>()
        .map(|found| found.0.as_str())
}

/// The system's resolver, with every failure to resolve reported as `HostNotFound` (the system
/// says it in an `io::Error` of no particular kind, which cannot be told from others later),
/// and, without `--links-private`, without the internal addresses a name resolves to: a
/// public name that points at loopback, a metadata service or the intranet is not connected
/// to. The proxy's own name is resolved as it is: a proxy on the company network is the point.
#[derive(Debug)]
struct Dns {
    system: DefaultResolver,
    internal: bool,
}

impl Resolver for Dns {
    fn resolve(
        &self,
        uri: &Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let found = match self.system.resolve(uri, config, timeout) {
            Err(ureq::Error::Io(_)) => return Err(ureq::Error::HostNotFound),
            other => other?,
        };
        let is_proxy = config
            .proxy()
            .is_some_and(|proxy| uri.host() == Some(proxy.host()));
        if self.internal || is_proxy {
            return Ok(found);
        }
        let mut public = self.empty();
        let mut inside: Option<IpAddr> = None;
        for addr in found.iter() {
            if private_ip(addr.ip()) {
                inside.get_or_insert(addr.ip());
            } else {
                public.push(SocketAddr::clone(addr));
            }
        }
        match inside {
            Some(ip) if public.is_empty() => Err(ureq::Error::Io(std::io::Error::other(
                InternalAddresses(format!(
                    "`{}` resolves to an internal address (`{ip}`)",
                    uri.host().unwrap_or_default()
                )),
            ))),
            _ => Ok(public),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(code: u16, moved: Option<(u16, String)>) -> Result<Outcome, String> {
        let status = StatusCode::from_u16(code).expect("a status");
        match answered(status, "https://a.example/x", "https://a.example/x", moved) {
            Try::Done(answer) => Ok(answer.outcome),
            Try::Again { why, .. } => Err(why),
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
    fn a_site_that_refuses_robots_is_unreachable_not_dead() {
        for code in [401, 403, 999] {
            let Ok(Outcome::Unreachable { why }) = outcome(code, None) else {
                panic!("{code} is not unreachable");
            };
            assert!(why.contains("refused an automated check"), "{why}");
        }
    }

    #[test]
    fn a_name_that_resolves_inside_is_not_connected_to() {
        let uri: Uri = "http://localhost:9/".parse().expect("a URI");
        let config = ureq::Agent::config_builder().build();
        let timeout = NextTimeout::default();
        let outside = Dns {
            system: DefaultResolver::default(),
            internal: false,
        };
        let Err(ureq::Error::Io(io)) = outside.resolve(&uri, &config, timeout) else {
            panic!("localhost was resolved");
        };
        let why = internal_addresses(&io).expect("an internal address");
        assert!(
            why.starts_with("`localhost` resolves to an internal address"),
            "{why}"
        );
        let inside = Dns {
            system: DefaultResolver::default(),
            internal: true,
        };
        let found = inside.resolve(&uri, &config, timeout).expect("resolved");
        assert!(
            found.iter().all(|addr| addr.ip().is_loopback()),
            "{found:?}"
        );
        assert!(!found.is_empty());

        // Requested, the link is skipped as internal, and not kept.
        let client = Client::new(Duration::from_secs(5), false);
        let answer = client.check("http://localhost:9/");
        assert!(
            matches!(&answer.outcome, Outcome::Internal { why } if why.contains("`localhost`")),
            "{answer:?}"
        );
        assert!(!answer.keep);
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
