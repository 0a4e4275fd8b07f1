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
        let refused = path.starts_with("refuse.invalid:");
        asked.lock().unwrap().push((method, path));
        if refused {
            let _ = write!(
                stream,
                "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"
            );
            return;
        }
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
        slow if slow.starts_with("/slow") => {
            std::thread::sleep(SLOW);
            ("200 OK", String::new())
        }
        // Each hop answers well within the timeout (1.5 s in the test that uses it, so a
        // loaded machine has 0.8 s to spare), and ten hops take longer than the deadline.
        drip if drip.starts_with("/drip/") => {
            std::thread::sleep(Duration::from_millis(700));
            let next: u32 = drip["/drip/".len()..].parse().unwrap_or(0) + 1;
            ("302 Found", format!("Location: /drip/{next}\r\n"))
        }
        "/bot" => ("403 Forbidden", String::new()),
        "/to-ftp" => (
            "301 Moved Permanently",
            "Location: ftp://files.example.com/talk.pdf\r\n".to_owned(),
        ),
        "/garbage" => {
            let _ = write!(stream, "SPEAK FRIEND\r\n\r\n");
            return;
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
/// A host the proxy on 127.0.0.1 refuses to connect to.
const REFUSED: &str = "http://refuse.invalid";

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
                || url.starts_with(&format!("{PROXIED}/"))
                || url.starts_with(&format!("{REFUSED}/")),
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
    // That answer depends on `--links-private`, so it is not kept: with it, the redirect is
    // followed.
    let (_, stdout, _) = check_with(
        dir.path(),
        &["--links", "--links-private"],
        &[("HTTP_PROXY", proxy.as_str())],
    );
    assert!(stdout.contains("0 from the cache"), "{stdout}");
    assert_eq!(server.count("/inside"), 1);

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
fn a_file_that_is_not_a_cache_is_a_warning_and_is_left_alone() {
    let server = Server::start();
    let (packet, _) = packet_with(&server, &[("ok", server.url("/ok"))]);
    let dir = folder(&packet);
    std::fs::write(dir.path().join("links.json"), "{ not json").expect("written");
    let args = ["--links", "--links-private", "--link-cache", "links.json"];
    let (status, stdout, stderr) = check(dir.path(), &args);
    assert_eq!(status, 0, "{stdout}\n{stderr}");
    assert!(
        stderr.contains("warning: the link cache `links.json` is not a cache promopack wrote")
            && stderr.contains("it is left alone, and the answers are not kept"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
    let (_, again, _) = check(dir.path(), &args);
    assert!(again.contains("0 from the cache"), "{again}");
    assert_eq!(server.count("/ok"), 2);
    let kept = std::fs::read_to_string(dir.path().join("links.json")).expect("read");
    assert_eq!(kept, "{ not json");
}

#[test]
fn the_cache_never_writes_over_a_packet_a_link_a_device_or_a_pipe() {
    use std::os::unix::fs::FileTypeExt as _;
    let server = Server::start();
    let (packet, _) = packet_with(&server, &[("ok", server.url("/ok"))]);
    let dir = folder(&packet);
    std::fs::write(dir.path().join("target.txt"), "mine\n").expect("written");
    std::os::unix::fs::symlink("target.txt", dir.path().join("link.json")).expect("a link");
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    for (cache, why) in [
        ("packet.toml", "is not a cache promopack wrote"),
        ("link.json", "is a symbolic link"),
        ("/dev/null", "is not a regular file"),
        ("pipe", "is not a regular file"),
        (".", "is not a regular file"),
    ] {
        let args = ["--links", "--links-private", "--link-cache", cache];
        let (status, stdout, stderr) = check(dir.path(), &args);
        assert_eq!(status, 0, "{cache}: {stdout}\n{stderr}");
        assert!(stderr.contains(why), "{cache}: {stderr}");
        assert_eq!(stderr.matches("warning:").count(), 1, "{cache}: {stderr}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("packet.toml")).expect("read"),
        packet
    );
    let link = std::fs::symlink_metadata(dir.path().join("link.json")).expect("the link");
    assert!(link.file_type().is_symlink());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("target.txt")).expect("read"),
        "mine\n"
    );
    let null = std::fs::symlink_metadata("/dev/null").expect("/dev/null");
    assert!(null.file_type().is_char_device());
    let pipe = std::fs::symlink_metadata(dir.path().join("pipe")).expect("the pipe");
    assert!(pipe.file_type().is_fifo());
    assert_eq!(server.count("/ok"), 5);
}

#[test]
fn a_max_age_of_zero_turns_the_cache_off() {
    let server = Server::start();
    let (packet, _) = packet_with(&server, &[("ok", server.url("/ok"))]);
    let dir = folder(&packet);
    let args = ["--links", "--links-private", "--link-max-age", "0"];
    for _ in 0..2 {
        let (status, stdout, stderr) = check(dir.path(), &args);
        assert_eq!((status, stderr.as_str()), (0, ""), "{stdout}");
    }
    assert_eq!(server.count("/ok"), 2);
    assert!(!dir.path().join("cache").exists());
}

#[test]
fn failures_on_this_machines_side_are_not_kept() {
    let server = Server::start();
    let refused = format!("http://127.0.0.1:{}/x", closed_port());
    let (packet, _) = packet_with(
        &server,
        &[("refused", refused), ("gone", server.url("/gone"))],
    );
    let dir = folder(&packet);
    let args = ["--links", "--links-private"];
    let (_, first, _) = check(dir.path(), &args);
    assert!(
        first.contains("its server refuses the connection"),
        "{first}"
    );
    let (_, second, _) = check(dir.path(), &args);
    // The 404 is kept; the refused connection is asked again.
    assert!(second.contains(", 1 from the cache"), "{second}");
    assert!(
        second.contains("(answered less than a minute ago; `--links=fresh` asks again)")
            || second.contains(" min ago; `--links=fresh` asks again)"),
        "{second}"
    );
    assert_eq!(server.count("/gone"), 1);
}

#[test]
fn a_proxy_that_fails_is_named_and_the_link_not_blamed() {
    let server = Server::start();
    let (packet, lines) = packet_with(
        &server,
        &[
            ("through", format!("{PROXIED}/ok")),
            ("refused", format!("{REFUSED}/ok")),
        ],
    );
    let dir = folder(&packet);
    let closed = format!("http://127.0.0.1:{}", closed_port());
    let (status, stdout, stderr) = check_with(
        dir.path(),
        &["--links", "--format", "json"],
        &[("HTTP_PROXY", closed.as_str())],
    );
    assert_eq!(status, 0, "{stdout}\n{stderr}");
    let found = findings(&stdout);
    assert_eq!(found.len(), 2, "{found:#?}");
    for (code, _, message) in &found {
        assert_eq!(code, "link-unreachable", "{message}");
        assert!(
            message.contains(&format!(
                "the proxy `{}` refuses the connection; the link itself was not reached",
                closed.trim_start_matches("http://")
            )),
            "{message}"
        );
    }
    // A proxy that answers CONNECT with an error.
    let proxy = server.url("");
    let (status, stdout, _) = check_with(
        dir.path(),
        &["--links", "--format", "json"],
        &[("HTTP_PROXY", proxy.as_str())],
    );
    assert_eq!(status, 0, "{stdout}");
    let found = findings(&stdout);
    assert_eq!(found.len(), 1, "{found:#?}");
    let (code, line, message) = &found[0];
    assert_eq!(
        (code.as_str(), *line),
        ("link-unreachable", lines["refused"])
    );
    assert!(
        message.contains("would not open a connection to it")
            && message.contains("the link itself was not reached"),
        "{message}"
    );
    // The first run's failures were not kept: nothing came from the cache.
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(report["summary"]["links"]["cached"], 0);
}

#[test]
fn a_site_that_refuses_robots_is_for_a_person_to_open() {
    let server = Server::start();
    let (packet, lines) = packet_with(
        &server,
        &[
            ("bot", server.url("/bot")),
            ("ftp", server.url("/to-ftp")),
            ("garbage", server.url("/garbage")),
        ],
    );
    let dir = folder(&packet);
    let (status, stdout, _) = check(
        dir.path(),
        &["--links", "--links-private", "--format", "json"],
    );
    assert_eq!(status, 1, "{stdout}");
    let mut found = findings(&stdout);
    found.sort_by_key(|(_, line, _)| *line);
    let codes: Vec<(&str, usize)> = found.iter().map(|(c, l, _)| (c.as_str(), *l)).collect();
    assert_eq!(
        codes,
        [
            ("link-unreachable", lines["bot"]),
            ("dead-link", lines["ftp"]),
            ("link-unreachable", lines["garbage"]),
        ],
        "{found:#?}"
    );
    assert!(
        found[0].2.contains(
            "the site refused an automated check (403 Forbidden); a person should open it"
        ),
        "{}",
        found[0].2
    );
    assert!(
        found[1]
            .2
            .contains("it redirects out of the web, to `ftp://files.example.com/talk.pdf`"),
        "{}",
        found[1].2
    );
    assert!(!stdout.contains("give the new address"), "{stdout}");
    assert!(found[2].2.contains("not valid HTTP"), "{}", found[2].2);
    assert_eq!(server.methods("/bot"), ["HEAD", "GET"]);
    // A malformed answer is not asked again at once.
    assert_eq!(server.count("/garbage"), 1);
}

#[test]
fn a_link_has_a_deadline_and_a_host_that_keeps_timing_out_is_given_up() {
    let server = Server::start();
    let mut links = vec![("drip", server.url("/drip/0"))];
    let slow: Vec<String> = (1..=6).map(|n| format!("slow{n}")).collect();
    for name in &slow {
        links.push((name.as_str(), server.url(&format!("/{name}"))));
    }
    // Another host: its links are not given up.
    let other = Server::start();
    links.push(("other", other.url("/ok")));
    let (packet, lines) = packet_with(&server, &links);
    let dir = folder(&packet);
    let (status, stdout, stderr) = check(
        dir.path(),
        &[
            "--links",
            "--links-private",
            "--link-timeout",
            "1.5",
            "--format",
            "json",
        ],
    );
    assert_eq!(status, 0, "{stdout}\n{stderr}");
    let found = findings(&stdout);
    let message = |name: &str| {
        found
            .iter()
            .find(|(_, line, _)| *line == lines[name])
            .map(|(code, _, message)| (code.clone(), message.clone()))
            .unwrap_or_default()
    };
    let (code, drip) = message("drip");
    assert_eq!(code, "link-unreachable");
    assert!(
        drip.contains("it was not answered within 4.5 s in all"),
        "{drip}"
    );
    let given_up: Vec<String> = slow
        .iter()
        .map(|name| message(name).1)
        .filter(|m| m.contains("after 3 timeouts in a row on `127.0.0.1:"))
        .collect();
    assert!(!given_up.is_empty(), "{found:#?}");
    let asked = slow.iter().filter(|n| server.count(&format!("/{n}")) > 0);
    assert_eq!(asked.count() + given_up.len(), slow.len(), "{found:#?}");
    assert_eq!(message("other"), Default::default());
}

#[test]
fn links_fresh_with_a_space_says_to_write_an_equals_sign() {
    let server = Server::start();
    let (packet, _) = packet_with(&server, &[("ok", server.url("/ok"))]);
    let dir = folder(&packet);
    let (status, stdout, stderr) = check(dir.path(), &["--links", "fresh"]);
    assert_eq!(status, 2, "{stdout}");
    assert!(stderr.contains("there is no packet `fresh`"), "{stderr}");
    assert!(stderr.contains("`--links=fresh`"), "{stderr}");
    assert_eq!(server.total(), 0);
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

#[test]
fn a_testimonial_s_source_is_checked_like_evidence() {
    let server = Server::start();
    let (mut packet, _) = packet_with(&server, &[("ok", server.url("/ok"))]);
    packet.push_str(&format!(
        "\n[[testimonial]]\nid = \"pm\"\nquote = \"The docs doubled our sign-ups.\"\nname = \"Ada\"\nrole = \"Product manager\"\nurl = \"{}\"\n",
        server.url("/gone/quote")
    ));
    let line = packet.lines().count();
    let dir = folder(&packet);
    let (status, stdout, stderr) = check(
        dir.path(),
        &["--links", "--links-private", "--format", "json"],
    );
    assert_eq!(status, 1, "{stdout}\n{stderr}");
    let found = findings(&stdout);
    assert!(
        found.iter().any(|(code, at, message)| code == "dead-link"
            && *at == line
            && message.starts_with("the source `http://127.0.0.1:")
            && message.contains("of testimonial `pm` is dead")),
        "{found:#?}"
    );
    assert_eq!(
        server.count("/gone/quote"),
        1,
        "HEAD, and no GET after a 404"
    );
}
