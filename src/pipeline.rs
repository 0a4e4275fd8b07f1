//! One packet through the whole flow, in memory: validate, build the context, render.

use crate::context::Context;
use crate::diagnostic::{Diagnostic, Source};
use crate::error::Error;
use crate::model::Packet;
use crate::render::{self, Format, Renderer};
use crate::validate::{self, PeriodOverride};

/// A packet rendered in every asked format, with the warnings found on the way.
pub struct Rendered {
    pub packet: Packet,
    pub context: Context,
    pub outputs: Vec<(Format, String)>,
    pub warnings: Vec<Diagnostic>,
}

/// Checks a packet and renders it; any error stops it before anything is rendered.
pub fn render(
    source: &Source,
    renderer: &Renderer,
    formats: &[Format],
    period: &PeriodOverride,
) -> Result<Rendered, Error> {
    let checked = validate::packet(source, period);
    let Some(packet) = checked.packet else {
        return Err(Error::Invalid(checked.diagnostics));
    };
    let context = Context::new(&packet)?;
    let outputs = render::render(&context, renderer, formats)?;
    Ok(Rendered {
        packet,
        context,
        outputs,
        warnings: checked.diagnostics,
    })
}
