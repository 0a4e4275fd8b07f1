//! Where a packet's evidence links are written: every link of every activity of the packet and
//! of the files it includes, and the source of each testimonial, with the file and the span of
//! the link.

use std::ops::Range;

use crate::diagnostic::Source;
use crate::link::{check_url, normalize_url};
use crate::packet::load::Loaded;
use crate::packet::raw::{RawActivity, RawTestimonial};
use crate::packet::validate::private::internal_host;

/// The evidence links of one packet, as written.
#[derive(Debug, Default)]
pub struct Sites {
    /// The packet file, then each included file that gives a link.
    pub(super) files: Vec<Source>,
    pub(super) sites: Vec<Site>,
}

/// One evidence link at one place.
#[derive(Debug)]
pub(super) struct Site {
    /// Index into `Sites::files`.
    pub file: usize,
    pub span: Range<usize>,
    /// As written.
    pub url: String,
    /// `link::normalize_url` of it: the same link, however it is spelt.
    pub key: String,
    /// What the link is: "evidence" of an activity, "the source" of a testimonial.
    pub what: &'static str,
    /// Whose it is, as the other checks name it: "activity `id`", "testimonial `id`".
    pub owner: String,
    pub kind: Kind,
}

/// Whether a link is requested, and if not, why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A web link on a public host.
    Web,
    /// A web link on a host that looks internal (`private-link`'s rule).
    Internal,
    /// Marked `private = true`: its author knows a reader may not open it.
    Private,
    Mailto,
    /// Not a valid evidence link: `invalid-url` says why.
    Invalid,
}

/// The evidence links of a loaded packet, the packet's own first, then each included file's,
/// each in the order written. Activities that could not be read give none.
pub fn sites(loaded: &Loaded) -> Sites {
    let mut out = Sites::default();
    let own = loaded.raw.iter().flat_map(|raw| &raw.activities);
    out.add(&loaded.source, own.map(|a| a.get_ref()));
    let quoted = loaded.raw.iter().flat_map(|raw| &raw.testimonials);
    out.add_testimonials(&loaded.source, quoted.map(|t| t.get_ref()));
    for included in &loaded.includes {
        out.add(
            &included.source,
            included.activities.iter().map(|a| a.get_ref()),
        );
    }
    out
}

impl Sites {
    fn add<'a>(&mut self, source: &Source, activities: impl Iterator<Item = &'a RawActivity>) {
        let file = self.files.len();
        let before = self.sites.len();
        for activity in activities {
            let name = match &activity.id {
                Some(id) => id.get_ref().clone(),
                None => slug::slugify(activity.title.get_ref()),
            };
            for item in &activity.evidence {
                let Some(url) = &item.get_ref().url else {
                    continue;
                };
                self.sites.push(Site {
                    file,
                    span: item.span(),
                    url: url.clone(),
                    key: normalize_url(url),
                    what: "evidence",
                    owner: format!("activity `{name}`"),
                    kind: kind(url, item.get_ref().private),
                });
            }
        }
        if self.sites.len() > before {
            self.files.push(source.clone());
        }
    }

    /// The `url` of each testimonial: a committee clicks it like evidence.
    fn add_testimonials<'a>(
        &mut self,
        source: &Source,
        testimonials: impl Iterator<Item = &'a RawTestimonial>,
    ) {
        let file = match self.files.iter().position(|f| f.path == source.path) {
            Some(file) => file,
            None => self.files.len(),
        };
        let before = self.sites.len();
        for testimonial in testimonials {
            let Some(url) = &testimonial.url else {
                continue;
            };
            let name = match &testimonial.id {
                Some(id) => id.get_ref().clone(),
                None => slug::slugify(testimonial.name.as_deref().unwrap_or_default()),
            };
            self.sites.push(Site {
                file,
                span: url.span(),
                url: url.get_ref().clone(),
                key: normalize_url(url.get_ref()),
                what: "the source",
                owner: format!("testimonial `{name}`"),
                kind: kind(url.get_ref(), testimonial.private),
            });
        }
        if self.sites.len() > before && file == self.files.len() {
            self.files.push(source.clone());
        }
    }
}

fn kind(url: &str, private: bool) -> Kind {
    if check_url(url).is_err() {
        Kind::Invalid
    } else if private {
        Kind::Private
    } else if url
        .get(..7)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("mailto:"))
    {
        Kind::Mailto
    } else if internal_host(url).is_some() {
        Kind::Internal
    } else {
        Kind::Web
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_links_by_whether_they_are_requested() {
        assert_eq!(kind("https://example.com/talk", false), Kind::Web);
        assert_eq!(kind("https://example.com/talk", true), Kind::Private);
        assert_eq!(kind("MAILTO:someone@example.com", false), Kind::Mailto);
        assert_eq!(kind("http://wiki/page", false), Kind::Internal);
        assert_eq!(kind("http://127.0.0.1:8080/", false), Kind::Internal);
        assert_eq!(kind("javascript:alert(1)", false), Kind::Invalid);
        assert_eq!(kind("javascript:alert(1)", true), Kind::Invalid);
    }
}
