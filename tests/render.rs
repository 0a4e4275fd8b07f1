//! The rendered Markdown of a small fixture, pinned: any change to the packet's layout shows
//! up here as a diff to review.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

mod common;

use common::promopack;

#[test]
fn minimal_packet_markdown() {
    let out = promopack()
        .args([
            "build",
            "tests/fixtures/minimal/packet.toml",
            "-o",
            "-",
            "--format",
            "md",
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!(String::from_utf8(out.stdout).expect("utf-8"));
}

#[test]
fn user_text_cannot_put_script_into_the_html() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        "tests/fixtures/minimal/rubric.toml",
        dir.path().join("rubric.toml"),
    )
    .expect("copy");
    let payload = r#"<script>alert(1)</script><img src=x onerror=alert(2)>"#;
    let packet = format!(
        r#"rubric = "rubric.toml"
[person]
name = "{name}"
role = "r"
target = "senior"
[period]
label = "p"
start = 2026-01-01
end = 2026-06-30
[[activity]]
id = "x"
title = "{name}"
date = 2026-02-01
kind = "talk"
sections = ["writing"]
summary = '''{payload}

[link](javascript:alert(3))'''
impact = '''<a href="javascript:alert(4)" onclick="alert(5)">a</a>'''
tags = ["{name}"]
evidence = [{{ url = "https://e.example/?q=<script>", label = "{name}" }}]
"#,
        name = r#"<script>alert(0)</script>"#,
    );
    std::fs::write(dir.path().join("packet.toml"), packet).expect("write");
    let out = promopack()
        .arg("build")
        .arg(dir.path().join("packet.toml"))
        .args(["-o", "-", "--format", "html"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8(out.stdout).expect("utf-8");
    for bad in ["<script", "javascript:", "onerror", "onclick", "<img"] {
        assert!(!html.contains(bad), "`{bad}` survived:\n{html}");
    }
    assert!(
        html.contains("&lt;script&gt;alert(0)&lt;&#x2F;script&gt;")
            || html.contains("&lt;script&gt;alert(0)&lt;/script&gt;")
    );
}
