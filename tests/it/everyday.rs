//! The everyday path: `build` and `check` find `packet.toml` by themselves, say so when
//! there is none, and `-o` names every output.

use crate::common::Test;

#[test]
fn build_and_check_use_packet_toml_in_the_current_folder() {
    let out = Test::minimal().args(["build", "-q"]).run();
    assert!(
        out.path("out/zoe-example-fy26.md").is_file(),
        "{}",
        out.stderr
    );
    assert!(out.path("out/zoe-example-fy26.html").is_file());

    let out = Test::minimal().arg("check").run();
    assert!(out.stdout.contains("packet.toml"), "{}", out.stdout);
}

#[test]
fn no_packet_toml_here_is_a_usage_error_that_says_what_to_do() {
    for command in ["build", "check"] {
        let out = Test::new().arg(command).status(2).run();
        assert!(
            out.stderr
                .contains("error: there is no `packet.toml` here: give a packet file"),
            "{command}: {}",
            out.stderr
        );
        assert!(out.stderr.contains("promopack init"), "{}", out.stderr);
        assert!(!out.path("out").exists());
    }
}

#[test]
fn a_folder_without_packets_is_a_usage_error_naming_it() {
    for command in ["build", "check"] {
        let out = Test::new()
            .file("empty/notes.toml", "title = \"not a packet\"\n")
            .args([command, "empty"])
            .status(2)
            .run();
        assert!(
            out.stderr
                .contains("error: no packet files under `empty`: a packet is a `.toml` file"),
            "{command}: {}",
            out.stderr
        );
        assert!(out.stdout.is_empty(), "{}", out.stdout);
    }
    // Beside a folder that has one, too: the batch does not pass over it in silence.
    Test::minimal()
        .file("empty/.keep", "")
        .args(["check", "packet.toml", "empty"])
        .status(2)
        .run();
}

#[test]
fn o_names_the_output_of_every_command_that_writes_files() {
    let out = Test::minimal().args(["build", "-q", "-o", "built"]).run();
    assert!(out.path("built/zoe-example-fy26.md").is_file());

    let out = Test::new().args(["init", "-o", "my-case"]).run();
    assert!(out.path("my-case/packet.toml").is_file(), "{}", out.stderr);
    assert!(out.stderr.contains("next: `cd my-case`"), "{}", out.stderr);

    let out = Test::new()
        .args(["templates", "export", "-o", "mine"])
        .run();
    assert!(out.path("mine/packet.md").is_file(), "{}", out.stderr);
    Test::new()
        .args(["templates", "export", "a", "-o", "b"])
        .status(2)
        .run();
    Test::new().args(["templates", "export"]).status(2).run();

    let out = Test::new()
        .args(["rubric", "export", "software-engineer", "-o", "rubric.toml"])
        .run();
    assert!(out.read("rubric.toml").contains("[[section]]"));

    let out = Test::new().args(["man", "-o", "man"]).run();
    assert!(
        out.path("man/promopack-build.1").is_file(),
        "{}",
        out.stderr
    );

    let feed = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds/rss.xml"),
    )
    .expect("feed");
    for flag in ["-o", "--output", "--out"] {
        let out = Test::new()
            .file("feed.xml", &feed)
            .args(["import", "feed", "feed.xml", flag, "mine.toml"])
            .run();
        assert!(
            out.read("mine.toml").contains("[[activity]]"),
            "{flag}: {}",
            out.stderr
        );
        assert!(!out.path("drafts.toml").exists());
    }
}

#[test]
fn promopack_alone_shows_the_workflow_and_the_commands_as_a_usage_error() {
    let out = Test::new().status(2).run();
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    for line in [
        "promopack init my-case",
        "cd my-case",
        "promopack check ",
        "promopack build --watch",
        "Commands:",
        "  build ",
    ] {
        assert!(out.stderr.contains(line), "{line}: {}", out.stderr);
    }
}

#[test]
fn watch_refuses_standard_output() {
    for args in [&["-o", "-"][..], &["--context", "-"]] {
        let out = Test::minimal()
            .args(["build", "--watch"])
            .args(args)
            .status(2)
            .run();
        assert!(
            out.stderr.contains("error: `--watch` rebuilds files"),
            "{}",
            out.stderr
        );
    }
}
