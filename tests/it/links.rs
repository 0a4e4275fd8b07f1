//! `check --links` against a small HTTP/1.1 server on 127.0.0.1 that counts what it is asked:
//! each kind of answer gets its diagnostic at its evidence's line, the cache saves the second
//! request, and without `--links` nothing is asked at all. No request leaves the machine: every
//! link is to 127.0.0.1, and the proxy variables are removed from the child's environment.
#![cfg(feature = "links")]
#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers of tests: a failure is a failed test

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::{JsonSchema, MINIMAL_PACKET};

/// How long `/slow` waits before it answers: well past the timeout the tests give.
const SLOW: Duration = Duration::from_secs(4);
/// The `--link-timeout` of the tests: long enough for a loaded machine to answer on loopback.
const TIMEOUT: &str = "2";

/// A server on 127.0.0.1 that answers by path, and counts each request by method and path.
struct Server {
    port: u16,
    asked: Arc<Mutex<Vec<(String, String)>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port on loopback");
        let port = listener.local_addr().expect("its address").port();
        let asked = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&asked);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let seen = Arc::clone(&seen);
                std::thread::spawn(move || answer(stream, &seen, port));
            }
        });
        Server { port, asked }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// How many requests of any method came for `path`.
    fn count(&self, path: &str) -> usize {
        self.asked
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, p)| p == path)
            .count()
    }

    fn total(&self) -> usize {
        self.asked.lock().unwrap().len()
    }

    fn methods(&self, path: &str) -> Vec<String> {
        self.asked
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, p)| p == path)
            .map(|(m, _)| m.clone())
            .collect()
    }
}

/// Reads one request to the server on `port` and answers it by its path, then closes the connection. A `CONNECT` (a
/// client using this server as its proxy) is answered as a proxy would, and the request sent
/// through it is read and answered as one sent straight here.
fn answer(stream: TcpStream, asked: &Mutex<Vec<(String, String)>>, port: u16) {
    let mut reader = BufReader::new(stream.try_clone().expect("a clone"));
    let mut stream = stream;
    let (method, path) = loop {
        let mut first = String::new();
        if reader.read_line(&mut first).is_err() {
            return;
        }
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        let mut words = first.split_whitespace();
        let method = words.next().unwrap_or_default().to_owned();
        let path = words.next().unwrap_or_default().to_owned();
        if method != "CONNECT" {
            break (method, path);
        }
        asked.lock().unwrap().push((method, path));
        let _ = write!(stream, "HTTP/1.1 200 Connection established\r\n\r\n");
    };
    let earlier = {
        let mut asked = asked.lock().unwrap();
        let earlier = asked.iter().filter(|(_, p)| *p == path).count();
        asked.push((method.clone(), path.clone()));
        earlier
    };
    let (status, extra) = match path.as_str() {
        "/ok" | "/ok/" => ("200 OK", String::new()),
        "/gone" => ("404 Not Found", String::new()),
        "/moved" => ("301 Moved Permanently", "Location: /ok\r\n".to_owned()),
        "/elsewhere" => ("302 Found", "Location: /ok\r\n".to_owned()),
        "/to-inside" => (
            "301 Moved Permanently",
            format!("Location: http://127.0.0.1:{port}/inside\r\n"),
        ),
        "/flaky" if earlier == 0 => ("500 Internal Server Error", String::new()),
        "/flaky" => ("200 OK", String::new()),
        "/down" => ("503 Service Unavailable", String::new()),
        "/slow" => {
            std::thread::sleep(SLOW);
            ("200 OK", String::new())
        }
        "/no-head" if method == "HEAD" => ("405 Method Not Allowed", String::new()),
        "/no-head" => ("200 OK", String::new()),
        _ => ("404 Not Found", String::new()),
    };
    let body = if method == "HEAD" { "" } else { "hello" };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        5
    );
    let _ = stream.flush();
}

/// A port nothing listens on: bound, then let go.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    listener.local_addr().expect("its address").port()
}

/// The minimal packet, its public links made one private loopback link, with one activity per
/// link, each on a line of its own; returns the packet and the line of each link's evidence.
fn packet_with(server: &Server, links: &[(&str, String)]) -> (String, HashMap<String, usize>) {
    let public = "\"https://docs.example.com/style\",\n  { url = \"https://github.com/example/docs/pull/1\", label = \"Pull request\" },";
    assert!(MINIMAL_PACKET.contains(public));
    let private = format!(
        "{{ url = \"{}\", label = \"Style guide\", private = true }},",
        server.url("/private")
    );
    let mut text = MINIMAL_PACKET.replace(public, &private);
    let mut lines = HashMap::new();
    for (name, url) in links {
        text.push_str(&format!(
            "\n[[activity]]\nid = \"{name}\"\ntitle = \"Link {name}\"\ndate = 2025-09-01\nkind = \"docs\"\nsections = [\"writing\"]\nevidence = [\n  \"{url}\",\n]\n"
        ));
        let line = text.lines().count() - 1;
        lines.insert((*name).to_owned(), line);
    }
    only_loopback(&text);
    (text, lines)
}

/// A host that never resolves (RFC 2606), for links that go through the proxy on 127.0.0.1.
const PROXIED: &str = "http://promopack.invalid";

/// Fails unless every evidence link of `packet` is to 127.0.0.1, a `mailto:`, or to the host
/// that only the proxy test gives, through a proxy on 127.0.0.1.
fn only_loopback(packet: &str) {
    let value: toml::Value = toml::from_str(packet).expect("TOML");
    let activities = value["activity"].as_array().expect("activities");
    for evidence in activities
        .iter()
        .filter_map(|a| a.get("evidence")?.as_array())
        .flatten()
    {
        let url = evidence
            .as_str()
            .or_else(|| evidence.get("url")?.as_str())
            .unwrap_or("mailto:");
        assert!(
            url.starts_with("http://127.0.0.1:")
                || url.starts_with("mailto:")
                || url.starts_with(&format!("{PROXIED}/")),
            "{url} would leave the machine"
        );
    }
}

/// `promopack check ARGS` in `dir`, with no proxy and the cache in `dir`; stdout and stderr.
fn check(dir: &Path, args: &[&str]) -> (i32, String, String) {
    check_with(dir, args, &[("NO_PROXY", "*")])
}

/// `check`, with these environment variables too.
fn check_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin!("promopack"));
    command
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("HOME", dir)
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env_remove("PROMOPACK_LINK_CACHE")
        .stdin(std::process::Stdio::null());
    for proxy in ["ALL_PROXY", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"] {
        command
            .env_remove(proxy)
            .env_remove(proxy.to_ascii_lowercase());
    }
    command.envs(env.iter().copied());
    let out = command.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

fn folder(packet: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("packet.toml"), packet).expect("packet");
    let rubric = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal/rubric.toml"),
    )
    .expect("rubric");
    std::fs::write(dir.path().join("rubric.toml"), rubric).expect("rubric");
    dir
}

/// The diagnostics of a JSON report as (code, line, message).
fn findings(json: &str) -> Vec<(String, usize, String)> {
    let report: serde_json::Value = serde_json::from_str(json).expect("JSON");
    report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| {
            d["code"]
                .as_str()
                .is_some_and(|c| c.contains("link") && c != "private-link")
        })
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["location"]["line"].as_u64().unwrap() as usize,
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn each_answer_gets_its_diagnostic_at_its_line() {
    let server = Server::start();
    let refused = format!("http://127.0.0.1:{}/x", closed_port());
    let (packet, lines) = packet_with(
        &server,
        &[
            ("ok", server.url("/ok")),
            ("gone", server.url("/gone")),
            ("moved", server.url("/moved")),
            ("elsewhere", server.url("/elsewhere")),
            ("flaky", server.url("/flaky")),
            ("down", server.url("/down")),
            ("slow", server.url("/slow")),
            ("no-head", server.url("/no-head")),
            ("refused", refused.clone()),
        ],
    );
    let dir = folder(&packet);
    let (status, stdout, stderr) = check(
        dir.path(),
        &[
            "--links",
            "--links-private",
            "--link-timeout",
            TIMEOUT,
            "--format",
            "json",
        ],
    );
    assert_eq!(status, 1, "{stdout}\n{stderr}");
    let mut found = findings(&stdout);
    found.sort_by_key(|(_, line, _)| *line);
    let at = |name: &str| lines[name];
    let expected = [
        (
            "dead-link",
            at("gone"),
            "it answers 404 Not Found".to_owned(),
        ),
        (
            "link-redirect",
            at("moved"),
            format!("has moved for good (301) to `{}`", server.url("/ok")),
        ),
        (
            "link-unreachable",
            at("down"),
            "it answers 503 Service Unavailable, twice".to_owned(),
        ),
        (
            "link-unreachable",
            at("slow"),
            format!("it did not answer within {TIMEOUT} s, twice"),
        ),
        (
            "dead-link",
            at("refused"),
            "its server refuses the connection".to_owned(),
        ),
    ];
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for ((code, line, message), (want_code, want_line, want_words)) in found.iter().zip(&expected) {
        assert_eq!(
            (code.as_str(), *line),
            (*want_code, *want_line),
            "{message}"
        );
        assert!(message.contains(want_words.as_str()), "{message}");
    }
    // 500 then 200: one retry; HEAD refused, then GET.
    assert_eq!(server.count("/flaky"), 2);
    assert_eq!(server.methods("/no-head"), ["HEAD", "GET"]);
    // A temporary redirect is followed, and is no finding.
    assert!(server.count("/elsewhere") == 1 && server.count("/ok") >= 1);

    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let summary = &report["summary"]["links"];
    assert_eq!(
        summary,
        &serde_json::json!({
            "checked": 9, "ok": 4, "dead": 2, "unreachable": 2, "redirected": 1,
            "skipped": 2, "private": 1, "mailto": 1, "internal": 0, "invalid": 0,
            "cached": 0,
        }),
        "{summary}"
    );
    assert_eq!(report["summary"]["notes"], 1);
    let schema = JsonSchema::new(
        serde_json::from_str(include_str!("../../docs/check-output.schema.json")).expect("schema"),
    );
    assert_eq!(schema.errors(&report), Vec::<String>::new());
}

#[test]
fn without_links_nothing_is_requested() {
    let server = Server::start();
    let (packet, _) = packet_with(
        &server,
        &[("ok", server.url("/ok")), ("gone", server.url("/gone"))],
    );
    let dir = folder(&packet);
    let (status, stdout, stderr) = check(dir.path(), &[]);
    // The links look internal: `private-link` warns, and that is all.
    assert_eq!(status, 0, "{stdout}\n{stderr}");
    assert!(
        !stdout.contains("dead-link") && !stdout.contains("links:"),
        "{stdout}"
    );
    // Nor without `--links-private`: every link here looks internal, so each is skipped.
    let (status, stdout, _) = check(dir.path(), &["--links"]);
    assert_eq!(status, 0, "{stdout}");
    assert!(
        stdout.contains(
            "links: 0 checked, 4 skipped (1 private, 1 mailto, 2 internal), 0 from the cache"
        ),
        "{stdout}"
    );
    assert_eq!(server.total(), 0);
}

#[test]
fn requests_go_through_the_proxy_the_environment_names() {
    let server = Server::start();
    let (packet, _) = packet_with(&server, &[("proxied", format!("{PROXIED}/ok"))]);
    let dir = folder(&packet);
    let proxy = server.url("");
    let (status, stdout, stderr) =
        check_with(dir.path(), &["--links"], &[("HTTP_PROXY", proxy.as_str())]);
    assert_eq!(status, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("links: 1 checked (1 ok)"), "{stdout}");
    assert_eq!(server.methods("promopack.invalid:80"), ["CONNECT"]);
    assert_eq!(server.methods("/ok"), ["HEAD"]);

    // A public page that redirects inside is not followed there.
    let (packet, lines) = packet_with(&server, &[("inside", format!("{PROXIED}/to-inside"))]);
    let dir = folder(&packet);
    let (status, stdout, _) =
        check_with(dir.path(), &["--links"], &[("HTTP_PROXY", proxy.as_str())]);
    assert_eq!(status, 1, "{stdout}");
    assert!(
        stdout.contains(&format!("packet.toml:{}:3", lines["inside"]))
            && stdout.contains("error[dead-link]")
            && stdout.contains(&format!(
                "it redirects to `{}`, which looks internal",
                server.url("/inside")
            )),
        "{stdout}"
    );
    assert_eq!(server.count("/inside"), 0);

    // And not for a host `NO_PROXY` names: the proxy here is a closed port, never reached.
    let (packet, _) = packet_with(&server, &[("direct", server.url("/ok"))]);
    let dir = folder(&packet);
    let closed = format!("http://127.0.0.1:{}", closed_port());
    let (status, stdout, _) = check_with(
        dir.path(),
        &["--links", "--links-private"],
        &[("HTTP_PROXY", closed.as_str()), ("NO_PROXY", "127.0.0.1")],
    );
    assert_eq!(status, 0, "{stdout}");
    assert!(stdout.contains("links: 1 checked (1 ok)"), "{stdout}");
    assert_eq!(server.methods("/ok"), ["HEAD", "HEAD"]);
}

#[test]
fn private_links_are_never_requested() {
    let server = Server::start();
    let (packet, _) = packet_with(&server, &[("ok", server.url("/ok"))]);
    let dir = folder(&packet);
    let (status, stdout, _) = check(dir.path(), &["--links", "--links-private"]);
    assert_eq!(status, 0, "{stdout}");
    assert_eq!(server.count("/private"), 0);
    assert_eq!(server.count("/ok"), 1);
}

#[test]
fn the_cache_saves_a_second_request_and_fresh_asks_again() {
    let server = Server::start();
    let (packet, lines) = packet_with(
        &server,
        &[
            ("ok", server.url("/ok")),
            ("gone", server.url("/gone")),
            ("moved", server.url("/moved")),
        ],
    );
    let dir = folder(&packet);
    let args = ["--links", "--links-private", "--link-timeout", TIMEOUT];
    let (status, first, _) = check(dir.path(), &args);
    assert_eq!(status, 1, "{first}");
    let asked = server.total();
    assert!(asked >= 3, "{asked}");
    assert!(dir.path().join("cache/promopack/links.json").is_file());

    let (status, second, _) = check(dir.path(), &args);
    assert_eq!(status, 1, "{second}");
    assert_eq!(server.total(), asked, "the second run asked again");
    // The same findings, at the same lines, from the cache.
    let gone = format!("packet.toml:{}:", lines["gone"]);
    let moved = format!("packet.toml:{}:", lines["moved"]);
    for report in [&first, &second] {
        assert!(
            report.contains(&gone) && report.contains(&moved),
            "{report}"
        );
        assert!(report.contains("note[link-redirect]"), "{report}");
    }
    assert!(
        second.contains("links: 3 checked (1 ok, 1 dead, 1 redirected), 2 skipped (1 private, 1 mailto), 3 from the cache"),
        "{second}"
    );

    let fresh = [
        "--links=fresh",
        "--links-private",
        "--link-timeout",
        TIMEOUT,
    ];
    let (_, third, _) = check(dir.path(), &fresh);
    assert!(server.total() > asked, "--links=fresh used the cache");
    assert!(third.contains(", 0 from the cache"), "{third}");
}

#[test]
fn a_broken_cache_is_a_warning_and_is_written_anew() {
    let server = Server::start();
    let (packet, _) = packet_with(&server, &[("ok", server.url("/ok"))]);
    let dir = folder(&packet);
    std::fs::write(dir.path().join("links.json"), "{ not json").expect("written");
    let args = ["--links", "--links-private", "--link-cache", "links.json"];
    let (status, stdout, stderr) = check(dir.path(), &args);
    assert_eq!(status, 0, "{stdout}\n{stderr}");
    assert!(
        stderr.contains("warning: the link cache `links.json` is not a cache promopack wrote"),
        "{stderr}"
    );
    let (_, again, stderr) = check(dir.path(), &args);
    assert_eq!(stderr, "");
    assert!(again.contains("1 from the cache"), "{again}");
    assert_eq!(server.count("/ok"), 1);
}

#[test]
fn every_format_shows_the_findings() {
    let server = Server::start();
    let (packet, lines) = packet_with(
        &server,
        &[
            ("gone", server.url("/gone")),
            ("moved", server.url("/moved")),
        ],
    );
    let dir = folder(&packet);
    let run = |format: &str| {
        let (status, stdout, stderr) = check(
            dir.path(),
            &["--links", "--links-private", "--format", format],
        );
        assert_eq!(status, 1, "{stdout}\n{stderr}");
        stdout
    };
    let github = run("github");
    let (gone, moved) = (lines["gone"], lines["moved"]);
    assert!(
        github.contains(&format!(
            "::error file=packet.toml,line={gone},col=3,title=promopack dead-link::"
        )),
        "{github}"
    );
    assert!(
        github.contains(&format!(
            "::notice file=packet.toml,line={moved},col=3,title=promopack link-redirect::"
        )),
        "{github}"
    );
    assert!(github.contains("promopack links: 2 checked"), "{github}");

    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).expect("JSON");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let level = |rule: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == rule)
            .map(|r| r["level"].clone())
    };
    assert_eq!(level("dead-link"), Some("error".into()));
    assert_eq!(level("link-redirect"), Some("note".into()));
    assert_eq!(sarif["runs"][0]["properties"]["links"]["dead"], 1);

    let human = run("human");
    assert!(human.contains("error[dead-link]"), "{human}");
    assert!(
        human.contains("checked 1 file: 1 error, 3 warnings, 1 note"),
        "{human}"
    );
}
