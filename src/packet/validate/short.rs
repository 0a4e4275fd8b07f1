//! The short form's word budget: the self-evaluation a review tool takes is cut off past it,
//! so a form over it is an `over-limit`, with the severity of every other length limit. It is
//! checked only where the short form matters: when it is built (`--layout short`), or when the
//! packet sets `[short_form]`; a packet that never uses it is never held to the default budget.

use std::ops::Range;

use super::{PacketCheck, ShortFormBudget};
use crate::diagnostic::{Code, Source};
use crate::packet::model::Packet;
use crate::packet::short::ShortForm;

impl<'a> PacketCheck<'a> {
    /// Reports a short form longer than its budget: at `[short_form] max_words` when the packet
    /// sets it, else at the case summary (the longest part, most likely), else at `fallback`.
    /// A build of another layout only warns: it writes no short form to cut off.
    pub(super) fn short_form(&mut self, packet: &Packet, main: &'a Source, fallback: Range<usize>) {
        let places = &self.short_form;
        let set = places.table.is_some();
        let aside = match places.budget {
            ShortFormBudget::Built => false,
            ShortFormBudget::IfSet if set => false,
            ShortFormBudget::Aside if set => true,
            ShortFormBudget::IfSet | ShortFormBudget::Aside => return,
        };
        let budget = packet.short_form_words;
        // A budget of 0 is an error of its own.
        if budget == 0 {
            return;
        }
        let form = ShortForm::of(packet);
        if form.words <= budget {
            return;
        }
        let cited = match form.accomplishments.len() {
            1 => "the activity a claim cites first".to_owned(),
            n => format!("the {n} activities claims cite first"),
        };
        let shorten = format!(
            "shorten the case summary, the impact of {cited}, the growth areas or the goals"
        );
        let (span, whose, hint) = match (places.max_words.clone(), places.summary.clone()) {
            (Some(at), _) => (
                at,
                "its `[short_form] max_words`",
                format!(
                    "a review tool cuts it off past its limit: {shorten}; or set `max_words` to the tool's limit"
                ),
            ),
            (None, summary) => (
                summary.or(places.table.clone()).unwrap_or(fallback),
                "the default budget",
                format!(
                    "a review tool cuts it off past its limit: {shorten}; or add `[short_form]` with `max_words = N`, the tool's limit"
                ),
            ),
        };
        let message = format!(
            "the short form (`--layout short`) is {} words, over {whose} of {budget}",
            form.words
        );
        if aside {
            let diagnostic = main
                .diagnostic(Code::OverLimit, Some(span), message)
                .with_hint(format!(
                    "{hint}; `build --layout short` writes it, and `check` holds it to the budget"
                ))
                .as_warning();
            self.problems.push(diagnostic);
        } else {
            self.report(main, Code::OverLimit, span, message, Some(hint));
        }
    }
}
