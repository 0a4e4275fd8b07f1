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
pub(super) fn check_url(text: &str) -> Result<(), String> {
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
    Ok(())
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
