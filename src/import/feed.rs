//! Drafts from a blog's RSS or Atom feed (or JSON Feed): one blog-post activity per entry.

use std::path::Path;

use chrono::NaiveDate;

use super::{Draft, DraftEvidence, Known, Plan};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::Error;
use crate::packet::model::Kind;
use crate::packet::model::When;

/// The longest summary taken from an entry, in characters; a longer one is cut at a word.
const SUMMARY_CHARS: usize = 300;

/// One feed entry as the drafts need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub title: String,
    /// Published, or else updated.
    pub date: Option<NaiveDate>,
    /// The entry's web page, when it has an `http` or `https` one.
    pub url: Option<String>,
    /// Plain text.
    pub summary: String,
}

/// Reads the entries of a feed file; a file that is not a feed is an invalid input, named.
pub fn read(path: &Path) -> Result<Vec<Entry>, Error> {
    let bytes = crate::read::bytes(path)?;
    let feed = feed_rs::parser::parse(bytes.as_slice()).map_err(|err| {
        Error::Invalid(vec![
            Diagnostic::in_file(
                path,
                Code::InvalidFeed,
                format!(
                    "`{}` is not an RSS, Atom or JSON feed: {err}",
                    path.display()
                ),
            )
            .with_hint(
                "export the feed of your blog (often /feed.xml, /rss or /atom.xml) as a file",
            ),
        ])
    })?;
    Ok(feed.entries.into_iter().map(entry).collect())
}

fn entry(entry: feed_rs::model::Entry) -> Entry {
    let links = entry
        .links
        .iter()
        .filter(|l| l.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .chain(entry.links.iter())
        .map(|l| l.href.as_str());
    let url = links
        .chain(std::iter::once(entry.id.as_str()))
        .find(|candidate| is_web_link(candidate))
        .map(str::to_owned);
    let title = entry.title.as_ref().map(text).unwrap_or_default();
    let summary = entry.summary.as_ref().map(text).unwrap_or_default();
    Entry {
        title,
        date: entry.published.or(entry.updated).map(|at| at.date_naive()),
        url,
        summary: shorten(&summary),
    }
}

fn is_web_link(text: &str) -> bool {
    url::Url::parse(text)
        .is_ok_and(|url| ["http", "https"].contains(&url.scheme()) && url.host_str().is_some())
}

fn text(text: &feed_rs::model::Text) -> String {
    if text.content_type.to_string().starts_with("text/plain") {
        collapse(&text.content)
    } else {
        plain_text(&text.content)
    }
}

/// Whitespace runs as single spaces, trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Elements that sit inside a line of text: their tags join what is around them, where any
/// other tag (a paragraph's end, a line break) separates words.
const INLINE: [&str; 26] = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "u", "var",
];

/// HTML as one line of plain text: tags dropped (a block's end becomes a space), the contents
/// of scripts and styles dropped, character references decoded. Each byte is looked at a
/// bounded number of times, so a hostile summary (a megabyte of `<` or `&`) costs little.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut skip_until: Option<&str> = None;
    while let Some(open) = rest.find('<') {
        if skip_until.is_none() {
            out.push_str(&rest[..open]);
        }
        let tag_text = &rest[open..];
        let after = &tag_text[1..];
        // As in HTML, `<` opens a tag only before a letter, `/` or `!`: `a < b` is text.
        if !after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') {
            if skip_until.is_none() {
                out.push('<');
            }
            rest = after;
            continue;
        }
        let close = if tag_text.starts_with("<!--") {
            tag_text.find("-->").map(|i| i + 3)
        } else {
            tag_text.find('>').map(|i| i + 1)
        };
        // A tag or comment left open runs to the end: there is no text after it.
        let Some(close) = close else {
            rest = "";
            break;
        };
        let name: String = tag_text[1..close]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = after.starts_with('/');
        match skip_until {
            Some(end) if closing && name == end => skip_until = None,
            Some(_) => {}
            None if !closing && (name == "script" || name == "style") => {
                skip_until = Some(if name == "script" { "script" } else { "style" });
            }
            None if INLINE.contains(&name.as_str()) => {}
            None => out.push(' '),
        }
        rest = &tag_text[close..];
    }
    if skip_until.is_none() {
        out.push_str(rest);
    }
    collapse(&decode_entities(&out))
}

/// The longest character reference decoded, in bytes, `&` and `;` included (`&#x10FFFF;` is
/// 10); a longer one is left as text.
const ENTITY_BYTES: usize = 11;

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        // Only a short reference is looked for: searching the whole rest for a `;` after
        // every `&` would take quadratic time.
        let end = after.bytes().take(ENTITY_BYTES).position(|b| b == b';');
        let decoded = end.and_then(|end| {
            let name = &after[1..end];
            let character = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let number =
                        if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                            u32::from_str_radix(hex, 16).ok()
                        } else {
                            name.strip_prefix('#').and_then(|n| n.parse().ok())
                        };
                    number.and_then(char::from_u32)
                }
            };
            character.map(|c| (c, end + 1))
        });
        match decoded {
            Some((character, length)) => {
                out.push(character);
                rest = &after[length..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A summary of at most `SUMMARY_CHARS`, cut at a word with `…` when longer.
fn shorten(text: &str) -> String {
    if text.chars().count() <= SUMMARY_CHARS {
        return text.to_owned();
    }
    let cut: String = text.chars().take(SUMMARY_CHARS).collect();
    let cut = match cut.rfind(' ') {
        // `space` counts bytes; the limit counts characters.
        Some(space) if cut[..space].chars().count() > SUMMARY_CHARS / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// Decides the drafts: one blog post per entry with a date and a link in the range (both ends
/// included), oldest first; entries whose link is already `known` are skipped, and entries
/// without a date or a link are reported, as they cannot be an activity with evidence.
pub fn plan(
    entries: &[Entry],
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
    known: &mut Known,
) -> Plan {
    let mut plan = Plan::default();
    let mut entries: Vec<&Entry> = entries.iter().collect();
    entries.sort_by_key(|e| e.date);
    for entry in entries {
        let name = if entry.title.is_empty() {
            entry.url.clone().unwrap_or_else(|| "(untitled)".into())
        } else {
            entry.title.clone()
        };
        let (Some(date), Some(url)) = (entry.date, &entry.url) else {
            let missing = if entry.date.is_none() {
                "has no published or updated date"
            } else {
                "has no web link to use as evidence"
            };
            plan.warnings
                .push(format!("left out the entry `{name}`: it {missing}"));
            continue;
        };
        if since.is_some_and(|since| date < since) || until.is_some_and(|until| date > until) {
            continue;
        }
        if !super::writable(date) {
            plan.warnings.push(format!(
                "left out the entry `{name}`: it is dated {date}, and a packet date has a four-digit year"
            ));
            continue;
        }
        if known.has_url(url) {
            plan.skipped += 1;
            continue;
        }
        let draft = Draft {
            title: name,
            when: When::Day(date),
            kind: Kind::BlogPost,
            summary: entry.summary.clone(),
            evidence: vec![DraftEvidence::link(url.as_str())],
        };
        // A feed that lists an entry twice gives one draft.
        known.add_draft(&draft);
        plan.drafts.push(draft);
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(xml: &str) -> Vec<Entry> {
        feed_rs::parser::parse(xml.as_bytes())
            .map(|feed| feed.entries.into_iter().map(entry).collect())
            .unwrap_or_default()
    }

    #[test]
    fn html_becomes_one_line_of_plain_text() {
        assert_eq!(
            plain_text(
                "<p>Fast &amp; <b>safe</b>.</p><p>Next&#33; &#x263A;</p><script>x()</script>"
            ),
            "Fast & safe. Next! ☺"
        );
        assert_eq!(plain_text("a < b &unknown; c"), "a < b &unknown; c");
        assert_eq!(plain_text("1 <2 and <i>x</i>"), "1 <2 and x");
        assert_eq!(
            plain_text("line<br>break, <a href=x>link</a>."),
            "line break, link."
        );
        assert_eq!(plain_text("kept <b unclosed"), "kept");
        assert_eq!(plain_text("&#x10FFFF;&#1114111;"), "\u{10FFFF}\u{10FFFF}");
        assert_eq!(
            plain_text("<!-- hidden --> shown <style>p{}</style>"),
            "shown"
        );
    }

    #[test]
    fn hostile_html_is_read_in_one_pass() {
        // Each of these took quadratic time: a search to the end of the text per `<` or `&`.
        for (html, text) in [("<".repeat(200_000), "<"), ("&".repeat(200_000), "&")] {
            assert_eq!(plain_text(&html), text.repeat(200_000));
        }
        assert_eq!(plain_text(&format!("{}x", "<a".repeat(100_000))), "");
    }

    #[test]
    fn long_summaries_are_cut_at_a_word() {
        let long = "word ".repeat(100);
        let short = shorten(long.trim());
        assert!(short.ends_with("word…"), "{short}");
        assert!(short.chars().count() <= SUMMARY_CHARS + 1);
        assert_eq!(shorten("Short."), "Short.");
        // Cut at a word after about 300 characters, not 300 bytes.
        let greek = format!("{} {}", "λ".repeat(100), "λ".repeat(300));
        assert_eq!(shorten(&greek).chars().count(), SUMMARY_CHARS + 1);
    }

    #[test]
    fn reads_title_date_link_and_summary_of_rss_items() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>B</title>
            <item><title>Webhooks &amp; retries</title><link>https://blog.example.com/webhooks</link>
            <description>&lt;p&gt;How we &lt;em&gt;retry&lt;/em&gt;.&lt;/p&gt;</description>
            <pubDate>Tue, 10 Mar 2026 09:00:00 GMT</pubDate></item></channel></rss>"#;
        assert_eq!(
            entries(rss),
            [Entry {
                title: "Webhooks & retries".into(),
                date: crate::packet::values::parse_date("2026-03-10"),
                url: Some("https://blog.example.com/webhooks".into()),
                summary: "How we retry.".into(),
            }]
        );
    }

    #[test]
    fn one_blog_post_per_entry_and_known_links_are_skipped() {
        let entry = |title: &str, date: &str, url: Option<&str>| Entry {
            title: title.into(),
            date: crate::packet::values::parse_date(date),
            url: url.map(str::to_owned),
            summary: String::new(),
        };
        let feed = [
            entry("Second", "2026-03-20", Some("https://b.example/2")),
            entry("First", "2026-03-01", Some("https://b.example/1")),
            entry("Imported", "2026-03-05", Some("https://b.example/3")),
            entry("No link", "2026-03-05", None),
            entry("Too early", "2025-12-31", Some("https://b.example/0")),
        ];
        let mut known = Known::default();
        known.add_evidence(Some("https://b.example/3/"), None);
        let since = crate::packet::values::parse_date("2026-01-01");
        let plan = plan(&feed, since, None, &mut known);
        let titles: Vec<&str> = plan.drafts.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["First", "Second"]);
        assert_eq!(plan.drafts[0].kind, Kind::BlogPost);
        assert_eq!(plan.skipped, 1);
        assert_eq!(
            plan.warnings,
            ["left out the entry `No link`: it has no web link to use as evidence"]
        );
    }
}
