//! The rules of the author's claims: each names a rubric section and cites activities that
//! are mapped to it.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use super::PacketCheck;
use crate::diagnostic::{Code, Source, suggest};
use crate::packet::model::{Activity, Claim, Testimonial};
use crate::packet::raw::RawClaim;

impl PacketCheck<'_> {
    /// The claims, checked against the rubric's sections and the packet's activities. `ids`
    /// holds every activity id met, `activities` the activities that passed their own checks.
    pub(super) fn claims(
        &mut self,
        raw: Vec<Spanned<RawClaim>>,
        activities: &[Activity],
        ids: &HashMap<String, Range<usize>>,
        (testimonials, testimonial_ids): (&[Testimonial], &[String]),
        main: &Source,
    ) -> Vec<Claim> {
        let index: HashMap<&str, usize> = activities
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let mut claims = Vec::with_capacity(raw.len());
        for claim in raw {
            let claim = claim.into_inner();
            let section_ids = || self.rubric.sections.iter().map(|s| s.id.as_str());
            let wanted = claim.section.get_ref();
            let mut section = section_ids().position(|id| id == wanted);
            if let Some(index) = section
                && self.rubric.sections[index].info
            {
                self.report(
                    main,
                    Code::InfoSection,
                    claim.section.span(),
                    format!(
                        "a claim names section `{wanted}`, which the rubric gives for information only"
                    ),
                    Some("a claim argues a section that is assessed: name another section".into()),
                );
                section = None;
            } else if section.is_none() {
                let meant = self.probable_section(wanted);
                self.unsure_claims.extend(meant);
                let hint = suggest::hint(wanted, section_ids());
                self.report(
                    main,
                    Code::UnknownSection,
                    claim.section.span(),
                    format!("a claim names unknown rubric section `{wanted}`"),
                    Some(hint),
                );
            }
            let mut evidence = Vec::with_capacity(claim.evidence.len());
            for cited in &claim.evidence {
                let id = cited.get_ref();
                let Some(&at) = index.get(id.as_str()) else {
                    if !ids.contains_key(id) {
                        // In a fixed order: the hint lists them when none is close.
                        let mut known: Vec<&str> = ids.keys().map(String::as_str).collect();
                        known.sort_unstable();
                        let hint = suggest::hint(id, known);
                        self.report(
                            main,
                            Code::UnknownActivity,
                            cited.span(),
                            format!("a claim on section `{wanted}` cites unknown activity `{id}`"),
                            Some(hint),
                        );
                    }
                    // An activity with problems of its own has been reported already.
                    continue;
                };
                if let Some(section) = section
                    && !activities[at].sections.contains(&section)
                {
                    self.report(
                        main,
                        Code::ClaimOutsideSection,
                        cited.span(),
                        format!(
                            "a claim on section `{wanted}` cites activity `{id}`, which does not name that section"
                        ),
                        Some(format!(
                            "add `\"{wanted}\"` to the activity's `sections`, or cite it in a claim on a section it names"
                        )),
                    );
                }
                if !evidence.contains(&at) {
                    evidence.push(at);
                }
            }
            let mut backing = Vec::with_capacity(claim.testimonials.len());
            for cited in &claim.testimonials {
                let id = cited.get_ref();
                match testimonials.iter().position(|t| &t.id == id) {
                    Some(at) if !backing.contains(&at) => {
                        let named = &testimonials[at].sections;
                        // Only a testimonial that says which sections it supports can be cited
                        // outside them.
                        if let Some(section) = section
                            && !named.is_empty()
                            && !named.contains(&section)
                        {
                            self.report(
                                main,
                                Code::ClaimOutsideSection,
                                cited.span(),
                                format!(
                                    "a claim on section `{wanted}` cites testimonial `{id}`, whose `sections` do not name it"
                                ),
                                Some(format!(
                                    "add `\"{wanted}\"` to the testimonial's `sections`, or cite it in a claim on a section it names"
                                )),
                            );
                        }
                        backing.push(at);
                    }
                    Some(_) => {}
                    // A testimonial with problems of its own has been reported already.
                    None if testimonial_ids.contains(id) => {}
                    None => {
                        let known = testimonial_ids.iter().map(String::as_str);
                        let hint = if testimonial_ids.is_empty() {
                            "the packet has no `[[testimonial]]`: add one with this `id`".to_owned()
                        } else {
                            suggest::hint(id, known)
                        };
                        self.report(
                            main,
                            Code::UnknownTestimonial,
                            cited.span(),
                            format!(
                                "a claim on section `{wanted}` cites unknown testimonial `{id}`"
                            ),
                            Some(hint),
                        );
                    }
                }
            }
            let mut items = Vec::with_capacity(claim.items.len());
            if let Some(section) = section {
                for item in &claim.items {
                    let who = format!("a claim on section `{wanted}`");
                    if self.known_item(main, section, item.get_ref(), item.span(), &who) {
                        items.push(item.get_ref().clone());
                    }
                }
                claims.push(Claim {
                    section,
                    text: claim.text,
                    evidence,
                    items,
                    testimonials: backing,
                });
            }
        }
        claims
    }
}
