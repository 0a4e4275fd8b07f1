//! The CLI as a user meets it, pinned whole: each `tests/cmd/*.toml` names the arguments and
//! exit code, and the `.stdout` / `.stderr` files beside it hold the exact output (an empty
//! file pins an empty stream). Regenerate with `TRYCMD=overwrite cargo test cases`, then read
//! the diff: it is the change in behaviour.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

/// A new fixture under `tests/fixtures/bad/` gets its pinned `check` case too.
#[test]
fn every_bad_fixture_has_a_check_case() {
    let fixtures = std::fs::read_dir("tests/fixtures/bad").unwrap_or_else(|err| panic!("{err}"));
    let mut missing = Vec::new();
    for entry in fixtures {
        let path = entry.unwrap_or_else(|err| panic!("{err}")).path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if !std::path::Path::new(&format!("tests/cmd/check-bad-{stem}.toml")).exists() {
            missing.push(path.display().to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "no tests/cmd/check-bad-*.toml case for {missing:?}"
    );
}
