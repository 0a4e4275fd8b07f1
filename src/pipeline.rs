//! One loaded packet through the rest of the flow, in memory: validate, build the context,
//! render.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::packet::model::Packet;
use crate::packet::{LeftOut, Loaded, PeriodOverride, validate};
use crate::render::context::Context;
use crate::render::{self, Format, Layout, Renderer};

/// A packet rendered in every asked format, with the warnings found on the way.
pub struct Rendered {
    pub packet: Packet,
    pub context: Context,
    pub outputs: Vec<(Format, Arc<String>)>,
    pub warnings: Vec<Diagnostic>,
    /// What the slice of the review period left out, for the line that says so.
    pub left_out: Option<LeftOut>,
}

/// Checks a packet and renders it; any error stops it before anything is rendered. A section
/// over the rubric's length limit is an error only when `txt`, the text pasted into the review
/// tool's box, is among the formats; otherwise it is a warning, and the packet is rendered. The
/// short form's word budget is checked when it is the layout built, and else, as a warning,
/// only when the packet sets `[short_form]`.
pub fn render(
    loaded: Loaded,
    renderer: &Renderer,
    formats: &[Format],
    layout: Layout,
    period: &PeriodOverride,
) -> Result<Rendered, Error> {
    // The short form's budget binds where the short form is written.
    let budget = if layout == Layout::Short {
        validate::ShortFormBudget::Built
    } else {
        validate::ShortFormBudget::Aside
    };
    let mut checked = validate::packet_for(loaded, period, budget);
    if !formats.contains(&Format::Txt) {
        checked = checked.limits_as_warnings();
    }
    let Some(packet) = checked.packet else {
        return Err(Error::Invalid(checked.diagnostics));
    };
    let context = Context::new(&packet, layout)?;
    let outputs = render::render(&context, renderer, formats)?;
    Ok(Rendered {
        packet,
        context,
        outputs,
        warnings: checked.diagnostics,
        left_out: checked.left_out,
    })
}
