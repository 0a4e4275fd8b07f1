//! Any bytes as a rubric file: checking it must give an error or a rubric.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promopack::diagnostic::Source;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = promopack::rubric::check(&Source::new("rubric.toml", text));
    }
});
