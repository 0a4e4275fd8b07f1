//! Where a repository lives on the web, so drafts can link to its commits and pull requests.

/// A hosting site whose web pages for commits and pull requests have a known address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forge {
    /// `https://github.com/OWNER/REPO`
    base: String,
    github: bool,
}

impl Forge {
    /// The web address of a repository whose remote is `remote` (`https://`, `ssh://` or
    /// `git@host:` form), for github.com and gitlab.com; `None` for anything else.
    #[cfg_attr(not(feature = "git"), allow(dead_code))]
    pub fn from_remote(remote: &str) -> Option<Forge> {
        let remote = remote.trim();
        let rest = remote
            .strip_prefix("https://")
            .or_else(|| remote.strip_prefix("ssh://"))
            .or_else(|| remote.strip_prefix("git@"))?;
        let rest = rest.strip_prefix("git@").unwrap_or(rest);
        let (host, path) = rest.split_once([':', '/'])?;
        let github = match host.to_ascii_lowercase().as_str() {
            "github.com" => true,
            "gitlab.com" => false,
            _ => return None,
        };
        let path = path.trim_end_matches('/').trim_end_matches(".git");
        let safe = |part: &str| {
            !part.is_empty()
                && part != ".."
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        };
        let parts: Vec<&str> = path.split('/').collect();
        if parts.len() < 2 || !parts.iter().all(|p| safe(p)) {
            return None;
        }
        let host = if github { "github.com" } else { "gitlab.com" };
        Some(Forge {
            base: format!("https://{host}/{}", parts.join("/")),
            github,
        })
    }

    pub fn commit_url(&self, id: &str) -> String {
        if self.github {
            format!("{}/commit/{id}", self.base)
        } else {
            format!("{}/-/commit/{id}", self.base)
        }
    }

    pub fn pull_url(&self, number: u64) -> String {
        if self.github {
            format!("{}/pull/{number}", self.base)
        } else {
            format!("{}/-/merge_requests/{number}", self.base)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_commits_and_pull_requests_on_github_and_gitlab() {
        for remote in [
            "git@github.com:acme/widgets.git",
            "https://github.com/acme/widgets",
            "ssh://git@github.com/acme/widgets.git",
        ] {
            let forge = Forge::from_remote(remote);
            assert_eq!(
                forge.as_ref().map(|f| f.commit_url("abc")),
                Some("https://github.com/acme/widgets/commit/abc".into()),
                "{remote}"
            );
            assert_eq!(
                forge.map(|f| f.pull_url(3)),
                Some("https://github.com/acme/widgets/pull/3".into())
            );
        }
        let gitlab = Forge::from_remote("https://gitlab.com/group/sub/proj.git");
        assert_eq!(
            gitlab.map(|f| f.commit_url("abc")),
            Some("https://gitlab.com/group/sub/proj/-/commit/abc".into())
        );
        for other in [
            "https://git.example.com/a/b",
            "/srv/git/repo.git",
            "https://github.com/acme",
            "https://github.com/acme/<script>",
        ] {
            assert_eq!(Forge::from_remote(other), None, "{other}");
        }
    }
}
