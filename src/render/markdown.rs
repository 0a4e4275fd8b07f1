//! The one way user-written Markdown becomes HTML.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, html};

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        // Images would make the packet fetch something when opened.
        .rm_tags(["img"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer"));
    builder
});

/// How deep blocks and inlines may nest; deeper ones keep their text but lose their markup,
/// so that a `>>>>…` line of 50,000 quotes renders at once instead of in minutes.
const MAX_DEPTH: usize = 32;

/// Renders Markdown to HTML that is safe to embed in a packet: no scripts, event handlers,
/// `javascript:`/`data:` links, frames, forms, styles or images survive. Raw HTML in the
/// Markdown is shown as the text it is, and the result still goes through a sanitizer.
///
/// `**Shipped** <script>alert(1)</script>` becomes
/// `<p><strong>Shipped</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>`.
pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut depth = 0usize;
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
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
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    SANITIZER.clean(&unsafe_html).to_string()
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
}
