//! Recent answers of links, kept in a small JSON file so that a second run, or CI soon after,
//! does not request the same links again. The only place that reads the clock.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::http::Outcome;
use crate::error::Error;

/// The shape of the file; another version is read as no cache, and written anew.
const VERSION: u32 = 1;

/// `$XDG_CACHE_HOME/promopack/links.json`, else `~/.cache/promopack/links.json`; `None` when
/// neither variable names a folder.
pub fn default_path() -> Option<PathBuf> {
    let absolute = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|path| path.is_absolute())
    };
    let base = absolute("XDG_CACHE_HOME").or_else(|| absolute("HOME").map(|h| h.join(".cache")))?;
    Some(base.join("promopack").join("links.json"))
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    /// By the link's normal form (`link::normalize_url`).
    links: BTreeMap<String, Entry>,
}

// No `deny_unknown_fields`: serde cannot have it with `flatten`; the outcome's tag still
// refuses what is not an entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// When it was requested, in seconds since 1970 (UTC).
    checked: u64,
    #[serde(flatten)]
    outcome: Outcome,
}

/// The answers of the cache file that are younger than the maximum age, and those found now.
#[derive(Debug)]
pub struct Cache {
    path: Option<PathBuf>,
    entries: BTreeMap<String, Entry>,
    now: u64,
    max_age: u64,
}

impl Cache {
    /// The fresh entries of the cache at `path` (none when it does not exist yet), and a
    /// warning when it cannot be read: a broken cache costs requests, never the check.
    pub fn open(path: Option<PathBuf>, max_age: Duration) -> (Cache, Option<String>) {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        let mut cache = Cache {
            path,
            entries: BTreeMap::new(),
            now,
            max_age: max_age.as_secs(),
        };
        let Some(path) = &cache.path else {
            return (cache, None);
        };
        let warning = match read(path) {
            Ok(Some(entries)) => {
                cache.entries = entries;
                None
            }
            Ok(None) => None,
            Err(why) => Some(format!(
                "the link cache `{}` {why}: it is ignored, and written anew",
                path.display()
            )),
        };
        let (now, max_age) = (cache.now, cache.max_age);
        // An entry from the future (a clock set back) is not trusted.
        cache
            .entries
            .retain(|_, entry| entry.checked <= now && now - entry.checked < max_age);
        (cache, warning)
    }

    /// The recent answer of the link `key`, if there is one.
    pub fn get(&self, key: &str) -> Option<&Outcome> {
        self.entries.get(key).map(|entry| &entry.outcome)
    }

    /// Keeps what `key` answered now, if it is an answer worth keeping.
    pub fn put(&mut self, key: &str, outcome: &Outcome) {
        if outcome.lasting() {
            let entry = Entry {
                checked: self.now,
                outcome: outcome.clone(),
            };
            self.entries.insert(key.to_owned(), entry);
        }
    }

    /// Writes the fresh entries back, through a temporary file and a rename; the folder is made
    /// when missing.
    pub fn save(&self) -> Result<(), Error> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|source| Error::Write {
                path: folder.to_path_buf(),
                source,
            })?;
        }
        let file = File {
            version: VERSION,
            links: self.entries.clone(),
        };
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        crate::output::write_atomic(path, text.as_bytes())
    }
}

/// The entries of the cache file; `None` when there is none yet; why not when it is unusable.
fn read(path: &Path) -> Result<Option<BTreeMap<String, Entry>>, String> {
    let bytes = match crate::read::bytes(path) {
        Ok(bytes) => bytes,
        Err(Error::Read { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Ok(None);
        }
        Err(err) => return Err(format!("cannot be read ({})", err.reason())),
    };
    let file: File = serde_json::from_slice(&bytes)
        .map_err(|err| format!("is not a cache promopack wrote ({err})"))?;
    if file.version != VERSION {
        return Err(format!(
            "is of another version ({}, this promopack writes {VERSION})",
            file.version
        ));
    }
    Ok(Some(file.links))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache_at(dir: &Path) -> PathBuf {
        dir.join("sub").join("links.json")
    }

    #[test]
    fn keeps_lasting_answers_and_reads_them_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = cache_at(dir.path());
        let (mut cache, warning) = Cache::open(Some(path.clone()), Duration::from_secs(3600));
        assert_eq!(warning, None);
        cache.put("https://a.example", &Outcome::Ok);
        let moved = Outcome::Moved {
            status: 301,
            to: "https://b.example/".into(),
        };
        cache.put("https://c.example", &moved);
        let down = Outcome::Unreachable { why: "x".into() };
        cache.put("https://d.example", &down);
        cache.save().expect("saved");

        let (again, warning) = Cache::open(Some(path), Duration::from_secs(3600));
        assert_eq!(warning, None);
        assert_eq!(again.get("https://a.example"), Some(&Outcome::Ok));
        assert_eq!(again.get("https://c.example"), Some(&moved));
        assert_eq!(again.get("https://d.example"), None);
    }

    #[test]
    fn a_max_age_of_zero_keeps_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = cache_at(dir.path());
        let (mut cache, _) = Cache::open(Some(path.clone()), Duration::from_secs(3600));
        cache.put("https://a.example", &Outcome::Ok);
        cache.save().expect("saved");
        let (again, _) = Cache::open(Some(path), Duration::ZERO);
        assert_eq!(again.get("https://a.example"), None);
    }

    #[test]
    fn a_broken_cache_is_a_warning() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("links.json");
        for text in ["{ not json", r#"{"version": 99, "links": {}}"#] {
            std::fs::write(&path, text).expect("written");
            let (cache, warning) = Cache::open(Some(path.clone()), Duration::from_secs(60));
            assert!(cache.entries.is_empty());
            let warning = warning.expect("a warning");
            assert!(
                warning.contains("is ignored, and written anew"),
                "{warning}"
            );
        }
    }
}
