//! Any bytes as a packet file: load, validate and render must give an error or a result.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promopack::diagnostic::Source;
use promopack::packet::{PeriodOverride, load_source, validate};
use promopack::render::context::Context;
use promopack::render::{self, Format, Layout, Renderer, templates};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A path whose folder holds a rubric, so that `rubric = "rubric.toml"` resolves.
    let source = Source::new("../tests/fixtures/minimal/packet.toml", text);
    let checked = validate::packet(load_source(source), &PeriodOverride::default());
    if let Some(packet) = checked.packet {
        let Ok(templates) = templates::load(None) else { return };
        let Ok(renderer) = Renderer::new(templates) else { return };
        if let Ok(context) = Context::new(&packet, Layout::Packet) {
            let _ = render::render(&context, &renderer, &[Format::Md, Format::Html, Format::Txt]);
        }
    }
});
