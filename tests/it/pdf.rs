//! `build --format pdf`: the browser is found before anything is written, its bytes reach the
//! file or standard output whole, and the real packet prints short and fits a phone.
//!
//! The tests that print need Chromium or Chrome, found the way `build` finds it
//! (`Browser::find`), and poppler's `pdfinfo` to read the PDF: without them they print a note
//! and pass. `.ci/run` installs both, so CI runs them all.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use promopack::render::pdf::Browser;

use crate::common::{Test, built, html_escape};

const DEVREL: &str = "examples/devrel/packet.toml";
/// The file `build` writes for the devrel example.
const DEVREL_PDF: &str = "out/zoe-example-fy26.pdf";

/// The pages a committee should have to read, at most, for the devrel example: the case,
/// then each activity once.
const MAX_PAGES: usize = 15;

/// The narrowest screen the HTML must fit without scrolling sideways, in CSS pixels.
const PHONE_WIDTH: u32 = 400;

/// The browser `build` would print with, or `None` and a note that the test is skipped; also
/// `None` without `pdfinfo`, which reads what was printed.
fn browser(test: &str) -> Option<Browser> {
    if Command::new("pdfinfo").arg("-v").output().is_err() {
        eprintln!("note: `{test}` skipped, no `pdfinfo` (poppler-utils) to read the PDF");
        return None;
    }
    match Browser::find(None) {
        Ok(browser) => Some(browser),
        Err(err) => {
            eprintln!("note: `{test}` skipped, no browser: {err}");
            None
        }
    }
}

fn devrel() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(DEVREL)
        .display()
        .to_string()
}

/// What `pdfinfo` says of a PDF: `Pages:`, `Page size:` and the rest, by name.
fn pdfinfo(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("packet.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdfinfo").arg(&file).output().unwrap();
    assert!(out.status.success(), "pdfinfo cannot read the PDF: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The value of one `pdfinfo` field.
fn field(info: &str, name: &str) -> String {
    info.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
        .unwrap_or_else(|| panic!("no `{name}` in {info}"))
        .trim()
        .to_owned()
}

fn pages(pdf: &[u8]) -> usize {
    field(&pdfinfo(pdf), "Pages").parse().unwrap()
}

/// The first page's size in points, rounded: `612 x 792 pts (letter)`.
fn page_size(pdf: &[u8]) -> (i64, i64) {
    let size = field(&pdfinfo(pdf), "Page size");
    let number = |word: &str| word.parse::<f64>().unwrap().round() as i64;
    let words: Vec<&str> = size.split_whitespace().collect();
    assert_eq!(words.get(1), Some(&"x"), "{size}");
    (number(words[0]), number(words[2]))
}

/// The HTML with `extra` just before `</head>`.
fn in_head(html: &str, extra: &str) -> String {
    let at = html.find("</head>").expect("a </head>");
    format!("{}{extra}{}", &html[..at], &html[at..])
}

#[test]
fn devrel_packet_prints_to_a_pdf_of_at_most_15_letter_pages() {
    let Some(_) = browser("devrel_packet_prints_to_a_pdf_of_at_most_15_letter_pages") else {
        return;
    };
    let out = Test::new()
        .args(["build", &devrel(), "--format", "pdf", "-o", "out", "-q"])
        .run();
    let pdf = std::fs::read(out.path(DEVREL_PDF)).expect("the PDF");
    assert!(pdf.starts_with(b"%PDF-"));
    // Without an `@page` size, Chromium prints on its default paper, Letter.
    assert_eq!(page_size(&pdf), (612, 792), "US Letter");
    let count = pages(&pdf);
    assert!(
        count <= MAX_PAGES,
        "TARGET (#13): the devrel packet prints to {count} Letter pages, more than {MAX_PAGES}"
    );
}

#[test]
fn devrel_packet_prints_to_at_most_15_a4_pages() {
    let Some(browser) = browser("devrel_packet_prints_to_at_most_15_a4_pages") else {
        return;
    };
    let html = in_head(&built(DEVREL, "html"), "<style>@page { size: A4 }</style>");
    let pdf = browser.print(&html).unwrap_or_else(|err| panic!("{err:?}"));
    assert_eq!(page_size(&pdf), (595, 842), "A4");
    let count = pages(&pdf);
    assert!(
        count <= MAX_PAGES,
        "TARGET (#13): the devrel packet prints to {count} A4 pages, more than {MAX_PAGES}"
    );
}

/// A page that shows the packet in a frame `PHONE_WIDTH` wide, as a phone would (a headless
/// window cannot be made that narrow: Chromium keeps it at least 500 px wide), and writes the
/// packet's width, and the elements where it reaches past the frame, into itself for
/// `--dump-dom` to show. The frame's document is the packet's own, with its own stylesheet
/// and policy; the script reads it from outside, as a `srcdoc` frame shares its parent's origin.
const MEASURE: &str = r##"<!doctype html>
<html><body style="margin:0">
<iframe id="packet" style="width:LIMITpx;height:3000px;border:0" srcdoc="PACKET"></iframe>
<script>
document.getElementById("packet").addEventListener("load", function () {
  var doc = this.contentDocument, limit = LIMIT;
  var width = doc.documentElement.scrollWidth, wide = [];
  if (width > limit) {
    doc.querySelectorAll("body *").forEach(function (e) {
      var right = e.getBoundingClientRect().right;
      var parent = e.parentElement ? e.parentElement.getBoundingClientRect().right : 0;
      // Only where the overflow starts: not every child of a wide table again.
      if (right > limit + 0.5 && right > parent + 0.5) {
        var name = e.tagName.toLowerCase(), cls = e.getAttribute("class");
        if (e.id) name += "#" + e.id;
        if (cls) name += "." + cls.trim().split(/\s+/).join(".");
        wide.push({ name: name, right: Math.round(right) });
      }
    });
    wide.sort(function (a, b) { return b.right - a.right; });
  }
  var report = document.createElement("pre");
  // The marker is cut in two so that the script's own text does not hold it.
  report.textContent = "MEAS" + "URED: " + width + " " +
    wide.slice(0, 15).map(function (w) { return w.name + " (" + w.right + " px)"; }).join(", ") +
    " :END";
  document.body.appendChild(report);
});
</script>
</body></html>
"##;

/// Runs the command with its standard output in a file, for at most `limit`.
fn output_within(mut command: Command, dir: &Path, limit: Duration) -> String {
    let file = dir.join("stdout");
    let mut child = command
        .stdout(std::fs::File::create(&file).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .expect("the browser runs");
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "the browser failed: {status}");
            return std::fs::read_to_string(&file).unwrap();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the browser did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn devrel_html_fits_a_400_px_screen() {
    let Some(browser) = browser("devrel_html_fits_a_400_px_screen") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = MEASURE
        .replace("LIMIT", &PHONE_WIDTH.to_string())
        .replace("PACKET", &html_escape(&built(DEVREL, "html")));
    let page: PathBuf = dir.path().join("measure.html");
    std::fs::write(&page, html).unwrap();
    let mut command = browser.command(&dir.path().join("profile"));
    command.args([
        "--window-size=800,3200",
        "--hide-scrollbars",
        "--virtual-time-budget=2000",
        "--dump-dom",
        url::Url::from_file_path(&page).unwrap().as_str(),
    ]);
    let dom = output_within(command, dir.path(), Duration::from_secs(120));
    let measured = dom
        .split("MEASURED: ")
        .nth(1)
        .and_then(|rest| rest.split(" :END").next())
        .unwrap_or_else(|| panic!("no measure in the page:\n{dom}"));
    let (width, wide) = measured.split_once(' ').unwrap_or((measured, ""));
    let width: u32 = width.parse().expect("a width");
    assert!(
        width <= PHONE_WIDTH,
        "TARGET (#13): at {PHONE_WIDTH} px the page is {width} px wide; widest: {wide}"
    );
}

#[test]
fn a_pdf_build_writes_a_pdf() {
    let Some(_) = browser("a_pdf_build_writes_a_pdf") else {
        return;
    };
    let out = Test::minimal()
        .args(["build", "packet.toml", "--format", "pdf,md", "-o", "out"])
        .run();
    let written: Vec<_> = std::fs::read_dir(out.path("out"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(written.len(), 2, "{written:?}");
    let pdf_name = written.iter().find(|name| name.ends_with(".pdf")).unwrap();
    let pdf = std::fs::read(out.path("out").join(pdf_name)).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "{:?}", &pdf[..pdf.len().min(20)]);
    assert!(pages(&pdf) >= 1);
    assert!(
        out.stderr.contains(&format!("wrote out/{pdf_name}")),
        "{}",
        out.stderr
    );
}

/// What a build that cannot find its browser must do: fail with exit code 3, say how to get
/// one, and write nothing at all, not even the formats it could have written.
#[track_caller]
fn fails_without_writing(test: Test, extra: &[&str], said: &[&str]) {
    let out = test
        .args([
            "build",
            "packet.toml",
            "--format",
            "md,html,pdf",
            "-o",
            "out",
        ])
        .args(extra)
        .status(3)
        .run();
    for words in said {
        assert!(
            out.stderr.contains(words),
            "no `{words}` in:\n{}",
            out.stderr
        );
    }
    assert!(!out.path("out").exists(), "something was written");
}

#[test]
fn a_missing_browser_given_by_flag_stops_the_build_before_anything_is_written() {
    fails_without_writing(
        Test::minimal(),
        &["--browser", "/nonexistent/chrome"],
        &["cannot find the browser `/nonexistent/chrome` that `--browser` names"],
    );
}

#[test]
fn a_missing_browser_named_by_the_variable_stops_the_build() {
    fails_without_writing(
        Test::minimal().env("PROMOPACK_BROWSER", "/nonexistent/chrome"),
        &[],
        &["`/nonexistent/chrome` that PROMOPACK_BROWSER names"],
    );
}

#[test]
fn no_browser_on_path_stops_the_build_and_says_how_to_install_one() {
    let empty = tempfile::tempdir().unwrap();
    fails_without_writing(
        Test::minimal()
            .env("PATH", empty.path().to_str().unwrap())
            .env("PROMOPACK_BROWSER", ""),
        &[],
        &[
            "none is on PATH",
            "`apt-get install chromium`",
            "`--browser PATH` or PROMOPACK_BROWSER",
        ],
    );
}

/// A stand-in browser: an executable shell script running `script`, in a folder of its own.
#[cfg(unix)]
fn fake_browser(script: &str) -> (tempfile::TempDir, String) {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("browser");
    std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = path.to_str().unwrap().to_owned();
    (dir, path)
}

#[test]
#[cfg(unix)]
fn pdf_to_standard_output_is_the_browsers_bytes_as_they_are() {
    // Escape codes, which the text outputs strip for a pipe, are part of a PDF's bytes.
    let (_dir, browser) = fake_browser(
        r#"for a in "$@"; do case "$a" in --print-to-pdf=*) printf '%%PDF-1.7 \033[31mred\033[0m \303\251\n' > "${a#--print-to-pdf=}";; esac; done"#,
    );
    let out = Test::minimal()
        .args(["build", "packet.toml", "--format", "pdf", "-o", "-", "-q"])
        .args(["--browser", &browser])
        .run();
    assert_eq!(out.stdout, "%PDF-1.7 \u{1b}[31mred\u{1b}[0m \u{e9}\n");
}

#[test]
#[cfg(unix)]
fn a_browser_that_fails_is_reported_and_nothing_is_written() {
    let (_dir, browser) = fake_browser("echo 'cannot open display :0' >&2; exit 1");
    let out = Test::minimal()
        .args([
            "build",
            "packet.toml",
            "--format",
            "md,html,pdf",
            "-o",
            "out",
        ])
        .args(["--browser", &browser])
        .status(3)
        .run();
    assert!(
        out.stderr
            .contains("error: cannot print the packet to PDF with `"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("    cannot open display :0"),
        "{}",
        out.stderr
    );
    assert!(!out.path("out").exists(), "something was written");
}

/// A stand-in browser that prints a PDF and notes each run in `runs`, beside itself.
#[cfg(unix)]
fn counting_browser() -> (tempfile::TempDir, String) {
    fake_browser(
        r#"echo run >> "$(dirname "$0")/runs"
for a in "$@"; do case "$a" in --print-to-pdf=*) printf '%%PDF-1.7\n' > "${a#--print-to-pdf=}";; esac; done"#,
    )
}

/// How many times the counting browser in `dir` ran.
#[cfg(unix)]
fn runs(dir: &tempfile::TempDir) -> usize {
    std::fs::read_to_string(dir.path().join("runs"))
        .map(|runs| runs.lines().count())
        .unwrap_or(0)
}

#[test]
#[cfg(unix)]
fn a_packet_whose_outputs_fail_their_checks_is_not_printed() {
    let (dir, browser) = counting_browser();
    // The context would overwrite the packet itself.
    let out = Test::minimal()
        .args(["build", "packet.toml", "--format", "html,pdf", "-o", "out"])
        .args(["--context", "packet.toml", "--browser", &browser])
        .status(2)
        .run();
    assert!(out.stderr.contains("packet.toml"), "{}", out.stderr);
    assert_eq!(runs(&dir), 0, "the browser ran for a packet that failed");
    assert!(!out.path("out").exists(), "something was written");

    let (dir, browser) = counting_browser();
    Test::minimal()
        .args(["build", "packet.toml", "--format", "html,pdf", "-o", "out"])
        .args(["--browser", &browser])
        .run();
    assert_eq!(runs(&dir), 1, "the counting browser counts");
}

#[test]
#[cfg(unix)]
fn a_packet_that_would_overwrite_another_is_not_printed() {
    let (dir, browser) = counting_browser();
    let rubric = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(crate::common::fixture("minimal/rubric.toml")),
    )
    .unwrap();
    let packet = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(crate::common::fixture("minimal/packet.toml")),
    )
    .unwrap();
    let out = Test::new()
        .file("packets/a/packet.toml", &packet)
        .file("packets/a/rubric.toml", &rubric)
        .file("packets/b/packet.toml", &packet)
        .file("packets/b/rubric.toml", &rubric)
        .args(["build", "packets", "--format", "pdf", "-o", "out"])
        .args(["--browser", &browser])
        .status(2)
        .run();
    assert!(
        out.stderr.contains("its outputs would overwrite"),
        "{}",
        out.stderr
    );
    assert_eq!(runs(&dir), 1, "the second packet was printed too");
    let written: Vec<_> = std::fs::read_dir(out.path("out")).unwrap().collect();
    assert_eq!(written.len(), 1, "{written:?}");
}
