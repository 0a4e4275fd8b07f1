//! The rules of testimonials: each is attributed (a name and a role) and has words, its id is
//! unique, its link is safe, and the activities and sections it supports exist. Claims cite
//! them by id.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use super::PacketCheck;
use super::private::internal_host;
use crate::diagnostic::{Code, Source, suggest};
use crate::link::check_url;
use crate::packet::model::{Activity, Testimonial};
use crate::packet::raw::RawTestimonial;

impl PacketCheck<'_> {
    /// The testimonials, checked against the packet's activities (`ids` holds every activity
    /// id met, `activities` those that passed their own checks) and the rubric's sections.
    /// One with an error is left out; its id is still known, so that a claim citing it is not
    /// told it cites an unknown one.
    pub(super) fn testimonials(
        &mut self,
        raw: Vec<Spanned<RawTestimonial>>,
        activities: &[Activity],
        ids: &HashMap<String, Range<usize>>,
        main: &Source,
    ) -> (Vec<Testimonial>, Vec<String>) {
        let index: HashMap<&str, usize> = activities
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let mut checked = Vec::with_capacity(raw.len());
        let mut seen: Vec<String> = Vec::with_capacity(raw.len());
        for (n, testimonial) in raw.into_iter().enumerate() {
            let span = testimonial.span();
            let raw = testimonial.into_inner();
            let errors_before = self.errors;
            let name = raw.name.as_deref().map(str::trim).unwrap_or_default();
            let (id, id_span) = match &raw.id {
                Some(id) => (id.get_ref().clone(), id.span()),
                None if name.is_empty() => (format!("testimonial-{}", n + 1), span.clone()),
                None => (slug::slugify(name), span.clone()),
            };
            let who = if name.is_empty() {
                format!("testimonial `{id}`")
            } else {
                format!("the testimonial of {name}")
            };
            let missing: Vec<&str> = [
                ("`name`", name.is_empty()),
                (
                    "`role`",
                    raw.role.as_deref().is_none_or(|r| r.trim().is_empty()),
                ),
                ("`quote`", raw.quote.trim().is_empty()),
            ]
            .into_iter()
            .filter_map(|(key, missing)| missing.then_some(key))
            .collect();
            if !missing.is_empty() {
                self.report(
                    main,
                    Code::IncompleteTestimonial,
                    span.clone(),
                    format!("{who} has no {}", missing.join(" or ")),
                    Some(format!(
                        "add {}: a committee weighs words it can attribute, so a testimonial gives the quote, who said it (`name`) and their `role`",
                        missing.join(" and ")
                    )),
                );
            }
            if id.is_empty() {
                self.report(
                    main,
                    Code::EmptyId,
                    id_span,
                    format!("{who} has no usable id"),
                    Some("give it an `id` made of letters, digits and hyphens".into()),
                );
            } else if seen.contains(&id) {
                let hint = if raw.id.is_none() {
                    "the id comes from the name; give one of the testimonials its own `id`"
                } else {
                    "testimonial ids must be unique within a packet"
                };
                self.report(
                    main,
                    Code::DuplicateId,
                    id_span,
                    format!("duplicate testimonial id `{id}`"),
                    Some(hint.into()),
                );
            } else {
                seen.push(id.clone());
            }
            if let Some(url) = &raw.url {
                let (at, url) = (url.span(), url.get_ref());
                match check_url(url) {
                    Err(why) => self.report(
                        main,
                        Code::InvalidUrl,
                        at,
                        format!("the link `{url}` of {who} {why}"),
                        Some(
                            "links must be absolute `https://`, `http://` or `mailto:` URLs".into(),
                        ),
                    ),
                    Ok(()) if !raw.private => {
                        if let Some(why) = internal_host(url) {
                            self.report(
                                main,
                                Code::PrivateLink,
                                at,
                                format!("the link `{url}` of {who} looks like an internal link ({why}): a reader outside the network cannot open it"),
                                Some("if it is, add `private = true` so that readers know it needs access; else link a public copy".into()),
                            );
                        }
                    }
                    Ok(()) => {}
                }
            }
            let mut supported = Vec::with_capacity(raw.activities.len());
            for cited in &raw.activities {
                let activity = cited.get_ref();
                match index.get(activity.as_str()) {
                    Some(&at) if !supported.contains(&at) => supported.push(at),
                    Some(_) => {}
                    // An activity with problems of its own has been reported already.
                    None if ids.contains_key(activity) => {}
                    None => {
                        let mut known: Vec<&str> = ids.keys().map(String::as_str).collect();
                        known.sort_unstable();
                        let hint = suggest::hint(activity, known);
                        self.report(
                            main,
                            Code::UnknownActivity,
                            cited.span(),
                            format!("{who} names unknown activity `{activity}`"),
                            Some(hint),
                        );
                    }
                }
            }
            let mut sections = Vec::with_capacity(raw.sections.len());
            for named in &raw.sections {
                if let Some(section) = self.named_section(main, named, &who)
                    && !sections.contains(&section)
                {
                    sections.push(section);
                }
            }
            if self.errors > errors_before {
                continue;
            }
            checked.push(Testimonial {
                id,
                quote: raw.quote,
                name: name.to_owned(),
                role: raw.role.unwrap_or_default().trim().to_owned(),
                relationship: raw.relationship.filter(|r| !r.trim().is_empty()),
                date: raw.date.map(|d| d.0),
                url: raw.url.map(Spanned::into_inner),
                private: raw.private,
                activities: supported,
                sections,
            });
        }
        (checked, seen)
    }

    /// The index of the assessed rubric section `named` names, or `None` after reporting an
    /// unknown or information-only section that `who` names.
    pub(super) fn named_section(
        &mut self,
        main: &Source,
        named: &Spanned<String>,
        who: &str,
    ) -> Option<usize> {
        let wanted = named.get_ref();
        let section_ids = || self.rubric.sections.iter().map(|s| s.id.as_str());
        match section_ids().position(|id| id == wanted) {
            Some(index) if self.rubric.sections[index].info => {
                self.report(
                    main,
                    Code::InfoSection,
                    named.span(),
                    format!(
                        "{who} names section `{wanted}`, which the rubric gives for information only"
                    ),
                    Some("name a section that is assessed".into()),
                );
                None
            }
            Some(index) => Some(index),
            None => {
                let hint = suggest::hint(wanted, section_ids());
                self.report(
                    main,
                    Code::UnknownSection,
                    named.span(),
                    format!("{who} names unknown rubric section `{wanted}`"),
                    Some(hint),
                );
                None
            }
        }
    }
}
