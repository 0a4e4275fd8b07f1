//! The short form's word budget: the self-evaluation a review tool takes is cut off past it,
//! so a form over it is an `over-limit`, with the severity of every other length limit.

use std::ops::Range;

use super::PacketCheck;
use crate::diagnostic::{Code, Source};
use crate::packet::model::Packet;
use crate::packet::short::ShortForm;

impl<'a> PacketCheck<'a> {
    /// Reports a short form longer than its budget, at the budget when the packet sets it and
    /// else at the target level, as the other checks of the whole packet do.
    pub(super) fn short_form(
        &mut self,
        packet: &Packet,
        main: &'a Source,
        target_span: Range<usize>,
    ) {
        let form = ShortForm::of(packet);
        let budget = packet.short_form_words;
        if form.words <= budget {
            return;
        }
        let (span, set) = match self.short_form_span.clone() {
            Some(span) => (span, "its `[short_form] max_words`"),
            None => (target_span, "the default budget"),
        };
        self.report(
            main,
            Code::OverLimit,
            span,
            format!(
                "the short form (`--layout short`) is {} words, over {set} of {budget}",
                form.words
            ),
            Some(format!(
                "a review tool cuts it off: shorten the case summary, the impact of the {} activities claims cite first, the growth areas or the goals; or set `[short_form] max_words` to the tool's limit",
                form.accomplishments.len()
            )),
        );
    }
}
