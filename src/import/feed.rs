//! Drafts from a blog's RSS or Atom feed (or JSON Feed): one blog-post activity per entry.
// Without the `feed` feature, `read` refuses before parsing: the text helpers go unused.
#![cfg_attr(not(feature = "feed"), allow(dead_code))]

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
    if cfg!(not(feature = "feed")) {
        return Err(Error::Usage(crate::error::not_built("feed")));
    }
    let bytes = crate::read::bytes(path)?;
    parse(&bytes).map_err(|err| {
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
    })
}

/// The entries of an RSS, Atom or JSON feed, in the feed's order; what is wrong otherwise.
#[cfg(feature = "feed")]
fn parse(bytes: &[u8]) -> Result<Vec<Entry>, String> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if text.trim_ascii_start().starts_with(b"{") {
        return json::entries(text);
    }
    match rss::Channel::read_from(text) {
        Ok(channel) => Ok(channel.items().iter().map(rss_entry).collect()),
        // Another root element than `<rss>`: an Atom feed, or not a feed.
        Err(rss::Error::InvalidStartTag) => atom_syndication::Feed::read_from(text)
            .map(|feed| feed.entries().iter().map(atom_entry).collect())
            .map_err(|err| match err {
                atom_syndication::Error::InvalidStartTag => {
                    "its first element is neither `<rss>` nor an Atom `<feed>`".to_owned()
                }
                atom_syndication::Error::Eof => ENDS_EARLY.to_owned(),
                atom_syndication::Error::Xml(err) => format!("it is not well-formed XML: {err}"),
                other => other.to_string(),
            }),
        Err(rss::Error::Eof) => Err(ENDS_EARLY.to_owned()),
        Err(rss::Error::Utf8(_)) => Err("it is not UTF-8 text".to_owned()),
        Err(rss::Error::Xml(err)) => Err(format!("it is not well-formed XML: {err}")),
    }
}

/// What a file that stops before its feed does is, in plain words.
#[cfg(feature = "feed")]
const ENDS_EARLY: &str = "it ends before its feed does (or it is not XML)";

/// Built without the `feed` feature: `read` says so before it gets here.
#[cfg(not(feature = "feed"))]
fn parse(_: &[u8]) -> Result<Vec<Entry>, String> {
    Err(crate::error::not_built("feed"))
}

/// The first web link of an entry's candidates, in order.
fn first_web_link<'a>(candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    candidates
        .into_iter()
        .find(|candidate| is_web_link(candidate))
        .map(str::to_owned)
}

/// A day from a feed's time: the UTC day, as feeds date entries in many zones.
#[cfg(feature = "feed")]
fn utc_day(at: chrono::DateTime<chrono::FixedOffset>) -> NaiveDate {
    at.with_timezone(&chrono::Utc).date_naive()
}

/// An RSS item: its title is text, its description HTML, its date RFC 2822 (or close to it:
/// feeds in the wild bend the format, so a lenient parser reads what the strict one cannot),
/// or in RSS 1.0 a Dublin Core `<dc:date>` (ISO 8601).
#[cfg(feature = "feed")]
fn rss_entry(item: &rss::Item) -> Entry {
    let dublin_core = || {
        item.dublin_core_ext()
            .and_then(|dc| dc.dates().first())
            .map(String::as_str)
    };
    let date = item.pub_date().or_else(dublin_core).and_then(|text| {
        let text = text.trim();
        // A weekday is only a check: a long or misspelled one need not lose the date.
        let dated = text.split_once(", ").map_or(text, |(_, rest)| rest);
        chrono::DateTime::parse_from_rfc2822(text)
            .or_else(|_| chrono::DateTime::parse_from_rfc2822(dated))
            .ok()
            .or_else(|| diligent_date_parser::parse_date(text))
    });
    Entry {
        title: item.title().map(collapse).unwrap_or_default(),
        date: date.map(utc_day),
        url: first_web_link(
            item.link()
                .into_iter()
                .chain(item.guid().map(|g| g.value())),
        ),
        summary: shorten(&item.description().map(plain_text).unwrap_or_default()),
    }
}

/// An Atom entry: its alternate link first, then any link, then its id.
#[cfg(feature = "feed")]
fn atom_entry(entry: &atom_syndication::Entry) -> Entry {
    let links = entry.links();
    let alternate = links.iter().filter(|l| l.rel() == "alternate");
    let url = first_web_link(
        alternate
            .chain(links)
            .map(atom_syndication::Link::href)
            .chain(std::iter::once(entry.id())),
    );
    // A missing `<updated>` reads as the Unix epoch: not a date anyone blogged on.
    let updated = Some(*entry.updated()).filter(|at| at.timestamp() != 0);
    Entry {
        title: atom_text(entry.title()),
        date: entry.published().copied().or(updated).map(utc_day),
        url,
        summary: shorten(&entry.summary().map(atom_text).unwrap_or_default()),
    }
}

#[cfg(feature = "feed")]
fn atom_text(text: &atom_syndication::Text) -> String {
    match text.r#type {
        atom_syndication::TextType::Text => collapse(&text.value),
        atom_syndication::TextType::Html | atom_syndication::TextType::Xhtml => {
            plain_text(&text.value)
        }
    }
}

/// JSON Feed (version 1 and 1.1): the few fields a draft needs.
#[cfg(feature = "feed")]
mod json {
    use serde::Deserialize;

    use super::{Entry, collapse, first_web_link, shorten, utc_day};

    #[derive(Deserialize)]
    struct Feed {
        version: String,
        #[serde(default)]
        items: Vec<Item>,
    }

    #[derive(Deserialize)]
    struct Item {
        #[serde(default)]
        id: Option<serde_json::Value>,
        url: Option<String>,
        external_url: Option<String>,
        title: Option<String>,
        summary: Option<String>,
        date_published: Option<String>,
        date_modified: Option<String>,
    }

    pub(super) fn entries(bytes: &[u8]) -> Result<Vec<Entry>, String> {
        let feed: Feed = serde_json::from_slice(bytes).map_err(|err| {
            let (line, column) = (err.line(), err.column());
            if err.is_data() {
                format!(
                    "it is JSON, but not a JSON Feed, which has a `version` and a list of `items` \
                     (line {line}, column {column})"
                )
            } else {
                format!("it is not valid JSON (line {line}, column {column})")
            }
        })?;
        if !feed.version.starts_with("https://jsonfeed.org/version/") {
            return Err(format!(
                "its `version` is `{}`, not a JSON Feed version",
                feed.version
            ));
        }
        Ok(feed.items.into_iter().map(entry).collect())
    }

    fn entry(item: Item) -> Entry {
        let day = |text: &Option<String>| {
            text.as_deref()
                .and_then(|text| chrono::DateTime::parse_from_rfc3339(text).ok())
                .map(utc_day)
        };
        let id = item.id.as_ref().and_then(serde_json::Value::as_str);
        Entry {
            title: item.title.as_deref().map(collapse).unwrap_or_default(),
            date: day(&item.date_published).or_else(|| day(&item.date_modified)),
            url: first_web_link(
                [item.url.as_deref(), item.external_url.as_deref(), id]
                    .into_iter()
                    .flatten(),
            ),
            summary: shorten(&item.summary.as_deref().map(collapse).unwrap_or_default()),
        }
    }
}

fn is_web_link(text: &str) -> bool {
    url::Url::parse(text)
        .is_ok_and(|url| ["http", "https"].contains(&url.scheme()) && url.host_str().is_some())
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

    #[test]
    #[cfg(not(feature = "feed"))]
    fn without_the_feed_feature_a_feed_is_refused_with_the_way_to_get_it() {
        let err = read(Path::new("feed.xml"))
            .map(drop)
            .expect_err("built without feed");
        assert!(
            matches!(&err, Error::Usage(m) if m.contains("`feed` feature")),
            "{err}"
        );
    }

    #[cfg(feature = "feed")]
    fn entries(xml: &str) -> Vec<Entry> {
        parse(xml.as_bytes()).unwrap_or_default()
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
    #[cfg(feature = "feed")]
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
    #[cfg(feature = "feed")]
    fn rss_1_0_items_are_dated_by_dublin_core() {
        let rdf = r#"<?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
                xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel rdf:about="https://b.example/"><title>B</title><link>https://b.example/</link>
            <description>d</description></channel>
            <item rdf:about="https://b.example/1"><title>Post one</title>
            <link>https://b.example/1</link><dc:date>2026-03-10T09:00:00Z</dc:date></item>
            </rdf:RDF>"#;
        let found = entries(rdf);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].date,
            crate::packet::values::parse_date("2026-03-10")
        );
    }

    #[test]
    #[cfg(feature = "feed")]
    fn rss_dates_that_bend_rfc_2822_are_still_read() {
        let item = |date: &str| {
            format!(
                r#"<rss version="2.0"><channel><title>B</title><item><title>T</title>
                <link>https://b.example/1</link><pubDate>{date}</pubDate></item></channel></rss>"#
            )
        };
        let day = crate::packet::values::parse_date("2026-03-10");
        for date in [
            "Tue, 10 Mar 2026 09:00:00 GMT",
            "Tuesday, 10 Mar 2026 09:00:00 +0000",
            "10 Mar 2026 09:00 +0000",
            "2026-03-10T09:00:00Z",
        ] {
            assert_eq!(entries(&item(date))[0].date, day, "{date}");
        }
        assert_eq!(entries(&item("someday"))[0].date, None);
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
