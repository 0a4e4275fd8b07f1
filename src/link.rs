//! Evidence links: which ones a reader can safely follow, and when two are the same link.

/// Schemes an evidence link may use: anything else could run script or reach local files.
const URL_SCHEMES: [&str; 3] = ["https", "http", "mailto"];

/// The form of a URL under which two links count as the same evidence: host in lower case
/// (the URL parser does that), no fragment, no `utm_*` tracking parameters, no trailing slash.
pub fn normalize_url(text: &str) -> String {
    let Ok(mut url) = url::Url::parse(text) else {
        return text.trim().to_owned();
    };
    url.set_fragment(None);
    let path = url.path().trim_end_matches('/').to_owned();
    url.set_path(&path);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(key, _)| !key.starts_with("utm_"))
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    let mut normal = url.to_string();
    while normal.ends_with('/') {
        normal.pop();
    }
    normal
}

/// Accepts only absolute links a reader can safely follow.
pub(crate) fn check_url(text: &str) -> Result<(), String> {
    let url = url::Url::parse(text).map_err(|err| format!("is not an absolute URL ({err})"))?;
    if !URL_SCHEMES.contains(&url.scheme()) {
        return Err(format!("uses the `{}:` scheme", url.scheme()));
    }
    if url.scheme() == "mailto" && !url.path().contains('@') {
        return Err("has no address".into());
    }
    if url.scheme() != "mailto" && url.host_str().is_none_or(str::is_empty) {
        return Err("has no host".into());
    }
    if let Some(c) = text.chars().find(|&c| breaks_a_link(c)) {
        return Err(format!(
            "contains {}, which cannot be written into a link as it is: write it as `{}`",
            describe(c),
            percent_encoded(c)
        ));
    }
    Ok(())
}

/// Characters the URL parser would quietly drop or encode, but that would end or break the
/// link, or the line, where the URL is written as it is: the Markdown packet, a terminal.
fn breaks_a_link(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '`')
}

fn describe(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        '\n' | '\r' => "a line break".into(),
        '\t' => "a tab".into(),
        '`' => "a backtick".into(),
        '"' | '<' | '>' => format!("`{c}`"),
        c if c.is_whitespace() => format!("a space character (U+{:04X})", u32::from(c)),
        c => format!("a control character (U+{:04X})", u32::from(c)),
    }
}

fn percent_encoded(c: char) -> String {
    let mut bytes = [0; 4];
    c.encode_utf8(&mut bytes)
        .bytes()
        .map(|byte| format!("%{byte:02X}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_web_and_mail_links() {
        assert!(check_url("https://example.com/post").is_ok());
        assert!(check_url("http://example.com").is_ok());
        assert!(check_url("mailto:someone@example.com").is_ok());
        assert!(check_url("mailto:").is_err());
    }

    #[test]
    fn rejects_links_that_could_run_script_or_read_files() {
        for url in [
            "javascript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "example.com",
            "ftp://x.example",
        ] {
            assert!(check_url(url).is_err(), "{url} accepted");
        }
    }

    #[test]
    fn rejects_characters_that_would_break_the_link_where_it_is_written() {
        for (url, why) in [
            (
                "https://example.com/b\"><img src=x onerror=alert(1)>",
                "contains `\"`, which cannot be written into a link as it is: write it as `%22`",
            ),
            (
                "https://example.com/a b",
                "contains a space, which cannot be written into a link as it is: write it as `%20`",
            ),
            (
                " https://example.com/",
                "contains a space, which cannot be written into a link as it is: write it as `%20`",
            ),
            (
                "https://exa\nmple.com/",
                "contains a line break, which cannot be written into a link as it is: write it as `%0A`",
            ),
            (
                "https://example.com/\t",
                "contains a tab, which cannot be written into a link as it is: write it as `%09`",
            ),
            (
                "https://example.com/<x>",
                "contains `<`, which cannot be written into a link as it is: write it as `%3C`",
            ),
            (
                "https://example.com/`x`",
                "contains a backtick, which cannot be written into a link as it is: write it as `%60`",
            ),
            (
                "https://example.com/\u{1b}[31m",
                "contains a control character (U+001B), which cannot be written into a link as it is: write it as `%1B`",
            ),
            (
                "https://example.com/\u{a0}",
                "contains a space character (U+00A0), which cannot be written into a link as it is: write it as `%C2%A0`",
            ),
        ] {
            assert_eq!(check_url(url), Err(why.to_owned()), "{url:?}");
        }
    }

    #[test]
    fn accepts_brackets_parentheses_and_apostrophes_real_links_have() {
        for url in [
            "https://en.wikipedia.org/wiki/Promotion_(rank)",
            "https://en.wikipedia.org/wiki/Conway's_Game_of_Life",
            "https://example.com/a)[x](javascript:alert(1)",
            "https://example.com/search?q=a&b=[1]",
            "https://example.com/%22quoted%22",
        ] {
            assert!(check_url(url).is_ok(), "{url} refused");
        }
    }

    #[test]
    fn urls_that_differ_only_in_noise_normalize_alike() {
        let plain = normalize_url("https://blog.example.com/post");
        for noisy in [
            "https://blog.example.com/post/",
            "https://BLOG.Example.com/post",
            "https://blog.example.com/post#intro",
            "https://blog.example.com/post?utm_source=x&utm_medium=y",
        ] {
            assert_eq!(normalize_url(noisy), plain, "{noisy}");
        }
        assert_ne!(normalize_url("https://blog.example.com/post?id=2"), plain);
        assert_eq!(
            normalize_url("https://a.example/x/?id=2"),
            normalize_url("https://a.example/x?id=2")
        );
        assert_ne!(normalize_url("https://blog.example.com/Post"), plain);
    }
}
