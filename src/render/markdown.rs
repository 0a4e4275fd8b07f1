//! The one way user-written Markdown becomes HTML.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd, html};

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        // Images would make the packet fetch something when opened.
        .rm_tags(["img"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer"))
        // A table's column alignment, and the box it scrolls in; `only_alignment` keeps no
        // other style.
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .add_allowed_classes("div", [TABLE_SCROLL])
        .attribute_filter(only_alignment);
    builder
});

/// The class of the box each table of user Markdown is wrapped in, so that a wide table
/// scrolls inside it instead of widening the page.
const TABLE_SCROLL: &str = "table-scroll";

/// The `style` values pulldown-cmark writes for a table column's alignment: the only styles
/// that survive, on `th` and `td` only, since any other could load or cover something.
const ALIGNMENTS: [&str; 3] = [
    "text-align: left",
    "text-align: center",
    "text-align: right",
];

/// Keeps a `style` on `th` and `td` only when it is a column alignment; every other attribute
/// reaching this filter has passed the allowlist already.
fn only_alignment<'v>(element: &str, attribute: &str, value: &'v str) -> Option<Cow<'v, str>> {
    match (element, attribute) {
        ("th" | "td", "style") => ALIGNMENTS.contains(&value).then_some(Cow::Borrowed(value)),
        _ => Some(Cow::Borrowed(value)),
    }
}

/// How deep blocks and inlines may nest; deeper ones keep their text but lose their markup,
/// so that a `>>>>…` line of 50,000 quotes renders at once instead of in minutes.
const MAX_DEPTH: usize = 32;

/// Renders Markdown to HTML that is safe to embed in a packet: no scripts, event handlers,
/// `javascript:`/`data:` links, frames, forms, styles or images survive, but for a table
/// column's `text-align`. Raw HTML in the Markdown is shown as the text it is, and the result
/// still goes through a sanitizer. Each table comes wrapped in `<div class="table-scroll">`.
///
/// `**Shipped** <script>alert(1)</script>` becomes
/// `<p><strong>Shipped</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>`.
pub fn to_safe_html(markdown: &str) -> String {
    let mut depth = 0usize;
    let events =
        Parser::new_ext(markdown, crate::markdown::OPTIONS).filter_map(|event| match event {
            Event::Html(html) | Event::InlineHtml(html) => Some(Event::Text(html)),
            Event::Start(_) => {
                depth += 1;
                (depth <= MAX_DEPTH).then_some(event)
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                (depth < MAX_DEPTH).then_some(event)
            }
            other => Some(other),
        });
    // After the depth filter: a table too deep to keep loses its box along with its markup.
    let events = events.flat_map(|event| match event {
        Event::Start(Tag::Table(_)) => {
            let open = format!("<div class=\"{TABLE_SCROLL}\">\n");
            [Some(Event::Html(open.into())), Some(event)]
        }
        Event::End(TagEnd::Table) => [Some(event), Some(Event::Html("</div>\n".into()))],
        other => [Some(other), None],
    });
    let events = short_runs(events.flatten());
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events.into_iter());
    SANITIZER.clean(&unsafe_html).to_string()
}

/// The longest text the sanitizer gets in one piece. Its serializer (html5ever's) looks from
/// each `&`, and from each character between U+0080 and U+00BF, to the end of the text for the
/// next `<` or `>`: one long text of them would take time in the square of its length.
const MAX_RUN: usize = 256;

/// The longest link address or title kept: the serializer would spend the square of its length
/// on an attribute, for the same reason, and no address worth following is that long.
const MAX_ATTRIBUTE: usize = 4096;

/// Keeps the sanitizer's time linear: a long run of text (one text or many in a row, as
/// pulldown-cmark gives each entity on its own) or of inline code goes in short pieces, each
/// a text of its own, between empty comments that the sanitizer drops, so the HTML reads the
/// same; a link whose address is too long is left as its text, and a title too long is left
/// out. Text inside an image is left alone: it becomes the image's `alt`, and images are
/// dropped.
fn short_runs<'a>(events: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut images = 0usize;
    let mut unlinked = false;
    // Bytes of text since the last tag or comment: what the serializer sees as one text.
    let mut run = 0usize;
    for event in events {
        match event {
            Event::Text(text) if images == 0 => push_text(&mut out, text, &mut run),
            Event::SoftBreak if images == 0 => {
                run += 1;
                out.push(event);
            }
            Event::Code(code) if images == 0 && code.len() > MAX_RUN => {
                out.push(Event::Html(CowStr::Borrowed("<code>")));
                run = 0;
                push_text(&mut out, code, &mut run);
                out.push(Event::Html(CowStr::Borrowed("</code>")));
                run = 0;
            }
            Event::Start(Tag::Image { .. }) => {
                images += 1;
                out.push(event);
            }
            Event::End(TagEnd::Image) => {
                images = images.saturating_sub(1);
                run = 0;
                out.push(event);
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.len() > MAX_ATTRIBUTE => {
                unlinked = true;
            }
            Event::End(TagEnd::Link) if unlinked => unlinked = false,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if title.len() > MAX_ATTRIBUTE => {
                run = 0;
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title: CowStr::Borrowed(""),
                    id,
                }));
            }
            other => {
                run = 0;
                out.push(other);
            }
        }
    }
    out
}

/// Adds `text` to the run of text, with an empty comment wherever the run reaches
/// [`MAX_RUN`] bytes.
fn push_text<'a>(out: &mut Vec<Event<'a>>, text: CowStr<'a>, run: &mut usize) {
    if *run + text.len() <= MAX_RUN {
        *run += text.len();
        out.push(Event::Text(text));
        return;
    }
    let mut rest: &str = &text;
    loop {
        let mut end = rest.len().min(MAX_RUN.saturating_sub(*run));
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (piece, after) = rest.split_at(end);
        if !piece.is_empty() {
            out.push(Event::Text(CowStr::from(piece.to_owned())));
        }
        *run += end;
        rest = after;
        if rest.is_empty() {
            break;
        }
        out.push(Event::Html(CowStr::Borrowed("<!---->")));
        *run = 0;
    }
}

/// Plain text made safe to place in Markdown: characters that would start markup (emphasis,
/// links, tables, HTML, code) are backslash-escaped and line breaks become spaces, so a title
/// with `|` cannot break a table and a label cannot become a link.
pub fn escape_inline(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '\r' => {}
            '\n' => escaped.push(' '),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// The schemes a link in the Markdown packet may keep; evidence is checked to have one of them,
/// and any other (a rubric's `javascript:`) is written so that it cannot work.
const WEB_SCHEMES: [&str; 3] = ["https://", "http://", "mailto:"];

/// A URL made safe to write into Markdown as a link's destination, `[label](…)`, or as an
/// autolink, `<…>`: every character that could end the destination, start markup, split a
/// table cell or break the line (whitespace, control characters, quotes, `<>()[]{}`, a
/// backtick, `\`, `|` and `^`) is percent-encoded, so the URL stays one inert link that goes
/// where it said. A URL without a web scheme also has its `:` and `&` encoded: it becomes a
/// dead relative link, never a `javascript:` one, even through an entity like `&colon;`.
pub fn escape_url(url: &str) -> String {
    let web = WEB_SCHEMES.iter().any(|scheme| {
        url.get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
    });
    let mut escaped = String::with_capacity(url.len() + 8);
    for c in url.chars() {
        let unsafe_here = c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '"' | '\'' | '<' | '>' | '(' | ')' | '[' | ']' | '{' | '}' | '`' | '\\' | '|' | '^'
            )
            || (!web && matches!(c, ':' | '&'));
        if unsafe_here {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                let _ = write!(escaped, "%{byte:02X}");
            }
        } else {
            escaped.push(c);
        }
    }
    escaped
}

/// Plain text as inline code in Markdown when it can be (`` `senior` ``), else as escaped
/// text: a backtick, a `|` or a line break in it would end the code, split a table or start
/// a line.
pub fn code_inline(text: &str) -> String {
    if !text.is_empty()
        && !text
            .chars()
            .any(|c| c == '`' || c == '|' || c.is_control() || c.is_whitespace() && c != ' ')
        && text.trim() == text
    {
        format!("`{text}`")
    } else {
        escape_inline(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_in_plain_text() {
        assert_eq!(escape_inline("Talk | with pipe"), "Talk \\| with pipe");
        assert_eq!(
            escape_inline("[click](javascript:alert(1))"),
            "\\[click\\](javascript:alert(1))"
        );
        assert_eq!(escape_inline("two\nlines"), "two lines");
        assert_eq!(escape_inline("Zoë Example, R&D"), "Zoë Example, R&D");
    }

    /// Each element of `html` with its `style`, in document order.
    fn styles(html: &str) -> Vec<(String, Option<String>)> {
        let document = scraper::Html::parse_fragment(html);
        document
            .root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
            .filter(|e| e.value().name() != "html")
            .map(|e| {
                let style = e.value().attr("style").map(str::to_owned);
                (e.value().name().to_owned(), style)
            })
            .collect()
    }

    #[test]
    fn keeps_table_column_alignment_in_a_scroll_box() {
        assert_eq!(
            to_safe_html("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |"),
            "<div class=\"table-scroll\">\n\
             <table><thead><tr><th style=\"text-align: left\">a</th><th style=\"text-align: center\">b</th>\
             <th style=\"text-align: right\">c</th><th>d</th></tr></thead><tbody>\n\
             <tr><td style=\"text-align: left\">1</td><td style=\"text-align: center\">2</td>\
             <td style=\"text-align: right\">3</td><td>4</td></tr>\n\
             </tbody></table>\n\
             </div>\n"
        );
    }

    #[test]
    fn wraps_every_table_in_a_scroll_box() {
        let html = to_safe_html("| a |\n|---|\n| 1 |\n\n- item\n\n  | b |\n  |---|\n  | 2 |\n");
        assert_eq!(
            html.matches("<div class=\"table-scroll\">\n<table>")
                .count(),
            2
        );
        assert_eq!(html.matches("</table>\n</div>").count(), 2);
    }

    #[test]
    fn a_table_too_deep_loses_its_box_with_its_markup() {
        let quotes = ">".repeat(MAX_DEPTH + 2);
        let html = to_safe_html(&format!("{quotes}| a |\n{quotes}|---|\n{quotes}| 1 |"));
        assert!(!html.contains("<div") && !html.contains("<table"), "{html}");
        assert_eq!(html.matches("<blockquote>").count(), MAX_DEPTH);
    }

    #[test]
    fn keeps_no_style_but_a_table_alignment() {
        let html = SANITIZER
            .clean(
                "<table><tr>\
                 <td style=\"background:url(javascript:alert(1))\">a</td>\
                 <td style=\"text-align: right; background: red\">b</td>\
                 <th style=\"text-align:right\">c</th>\
                 <td style=\"text-align: right\">d</td>\
                 <th style=\"text-align: center\">e</th>\
                 </tr></table>\
                 <p style=\"text-align: right\">f</p>\
                 <div style=\"text-align: left\" class=\"table-scroll evil\">g</div>\
                 <span class=\"table-scroll\" style=\"color: red\">h</span>",
            )
            .to_string();
        let right = Some("text-align: right".to_owned());
        let center = Some("text-align: center".to_owned());
        let kept: Vec<_> = styles(&html)
            .into_iter()
            .filter(|(_, style)| style.is_some())
            .collect();
        assert_eq!(
            kept,
            [("td".to_owned(), right), ("th".to_owned(), center)],
            "{html}"
        );
        assert!(
            html.contains("<div class=\"table-scroll\">g</div>"),
            "{html}"
        );
        assert!(html.contains("<span>h</span>"), "{html}");
    }

    #[test]
    fn shows_html_in_a_table_cell_as_text() {
        let html = to_safe_html("| a |\n|--:|\n| <td style=\"color: red\"> |");
        assert!(
            html.contains("<td style=\"text-align: right\">&lt;td style=\"color: red\"&gt;</td>"),
            "{html}"
        );
    }

    #[test]
    fn keeps_code_blocks_in_pre_and_code() {
        assert_eq!(
            to_safe_html("```rust\nfn main() { <b> }\n```\n\n    indented\n"),
            "<pre><code>fn main() { &lt;b&gt; }\n</code></pre>\n<pre><code>indented\n</code></pre>\n"
        );
    }

    #[test]
    fn renders_lists_and_emphasis() {
        assert_eq!(
            to_safe_html("- **one**\n- two"),
            "<ul>\n<li><strong>one</strong></li>\n<li>two</li>\n</ul>\n"
        );
    }

    #[test]
    fn shows_raw_html_as_the_text_it_is() {
        assert_eq!(
            to_safe_html("**Shipped** <script>alert(1)</script>"),
            "<p><strong>Shipped</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
        );
    }

    #[test]
    fn strips_scripts_handlers_and_script_links() {
        let html = to_safe_html(
            "<script>alert(1)</script>\n\n<a href=\"javascript:alert(2)\" onclick=\"x()\">a</a> [b](javascript:alert(3)) <iframe src=\"https://e.example\"></iframe> ![i](https://e.example/i.png) [c](data:text/html,x)",
        );
        let document = scraper::Html::parse_fragment(&html);
        for element in document
            .root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
        {
            let tag = element.value().name();
            assert!(
                ["html", "p", "a"].contains(&tag),
                "<{tag}> survived in {html}"
            );
            for (name, value) in element.value().attrs() {
                assert!(!name.starts_with("on"), "{name} survived in {html}");
                assert!(
                    !value.contains("javascript:") && !value.contains("data:"),
                    "{value} survived"
                );
            }
        }
    }

    #[test]
    fn shows_raw_html_as_text() {
        assert_eq!(
            to_safe_html("<b>bold</b>"),
            "<p>&lt;b&gt;bold&lt;/b&gt;</p>\n"
        );
    }

    #[test]
    fn deep_nesting_keeps_its_text_and_loses_its_depth() {
        let html = to_safe_html(&format!("{}deep", ">".repeat(50_000)));
        assert_eq!(html.matches("<blockquote>").count(), MAX_DEPTH);
        assert!(html.contains("deep"));
    }

    #[test]
    fn keeps_web_links_and_marks_them_noopener() {
        assert_eq!(
            to_safe_html("[post](https://blog.example.com/a)"),
            "<p><a href=\"https://blog.example.com/a\" rel=\"noopener noreferrer\">post</a></p>\n"
        );
    }

    #[test]
    fn long_runs_of_text_read_the_same_in_pieces() {
        for markdown in [
            "&".repeat(3 * MAX_RUN + 7),
            "&amp;".repeat(MAX_RUN),
            "é°".repeat(MAX_RUN),
            format!("{}\n&", "a".repeat(MAX_RUN)),
            format!("`{}`", "a&".repeat(MAX_RUN)),
            format!("```\n{}\n```", "<&>\n".repeat(MAX_RUN)),
            format!("| a |\n|---|\n| {} |", "x&".repeat(MAX_RUN)),
        ] {
            let html = to_safe_html(&markdown);
            let mut whole = String::new();
            html::push_html(
                &mut whole,
                Parser::new_ext(&markdown, crate::markdown::OPTIONS),
            );
            let whole = SANITIZER.clean(&whole).to_string();
            assert_eq!(
                html.replace("<div class=\"table-scroll\">\n", "")
                    .replace("</div>\n", ""),
                whole
            );
            assert!(!html.contains("<!--"), "{html}");
        }
    }

    #[test]
    fn a_link_too_long_to_sanitize_is_left_as_its_text() {
        let address = format!("https://e.example/?{}", "&".repeat(MAX_ATTRIBUTE));
        let html = to_safe_html(&format!(
            "[post]({address}) and [ok](https://e.example/ \"{}\")",
            "t".repeat(MAX_ATTRIBUTE + 1)
        ));
        assert_eq!(
            html,
            "<p>post and <a href=\"https://e.example/\" rel=\"noopener noreferrer\">ok</a></p>\n"
        );
    }

    #[test]
    fn a_url_in_markdown_stays_one_link_that_goes_where_it_said() {
        assert_eq!(
            escape_url("https://example.com/a)[x](javascript:alert(1)"),
            "https://example.com/a%29%5Bx%5D%28javascript:alert%281%29"
        );
        assert_eq!(
            escape_url("https://example.com/b\"><img src=x onerror=alert(1)>"),
            "https://example.com/b%22%3E%3Cimg%20src=x%20onerror=alert%281%29%3E"
        );
        assert_eq!(
            escape_url("https://e.example/a b|c`d\\e'f\ng\u{a0}"),
            "https://e.example/a%20b%7Cc%60d%5Ce%27f%0Ag%C2%A0"
        );
        assert_eq!(
            escape_url("https://e.example/?q=1&r=%20#x"),
            "https://e.example/?q=1&r=%20#x"
        );
        assert_eq!(escape_url("MAILTO:a@e.example"), "MAILTO:a@e.example");
    }

    #[test]
    fn a_url_without_a_web_scheme_becomes_a_dead_link() {
        assert_eq!(
            escape_url("javascript:alert(1)"),
            "javascript%3Aalert%281%29"
        );
        assert_eq!(
            escape_url("javascript&colon;alert(1)"),
            "javascript%26colon;alert%281%29"
        );
        assert_eq!(escape_url(" https://e.example"), "%20https%3A//e.example");
    }

    #[test]
    fn an_id_is_inline_code_when_it_can_be() {
        assert_eq!(code_inline("senior"), "`senior`");
        assert_eq!(code_inline("staff engineer"), "`staff engineer`");
        assert_eq!(code_inline("a|b"), "a\\|b");
        assert_eq!(code_inline("a`b"), "a\\`b");
        assert_eq!(code_inline("a\n# b"), "a \\# b");
        assert_eq!(code_inline(" x"), " x");
    }

    #[test]
    fn an_escaped_url_is_one_inert_link_where_raw_html_is_allowed() {
        for url in [
            "https://example.com/a)[x](javascript:alert(1)",
            "https://example.com/b\"><img src=x onerror=alert(1)>",
            "https://example.com/c> <img src=x onerror=alert(1)",
            "javascript:alert(1)",
        ] {
            let url = escape_url(url);
            let markdown = format!("| a |\n|---|\n| [label]({url}) <{url}> |\n");
            let mut html = String::new();
            html::push_html(
                &mut html,
                Parser::new_ext(&markdown, crate::markdown::OPTIONS),
            );
            assert!(
                !html.contains("<img") && !html.contains("href=\"javascript:"),
                "{html}"
            );
            assert_eq!(html.matches("<td>").count(), 1, "{html}");
            let links = html.matches("<a href=").count();
            assert_eq!(
                links,
                if url.starts_with("https") { 2 } else { 1 },
                "{html}"
            );
        }
    }
}
