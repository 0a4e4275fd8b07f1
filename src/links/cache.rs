//! Recent answers of links, kept in a small JSON file so that a second run, or CI soon after,
//! does not request the same links again. The only place that reads the time of day.

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
    /// Whether `save` may write the file: it is missing, empty, or a cache of ours. Anything
    /// else (a packet given by mistake, a device, a pipe, a folder, a symbolic link) is left
    /// alone.
    writable: bool,
}

/// Why a cache file is not used.
enum Unusable {
    /// It is not a file of ours: it is neither read further nor written.
    LeftAlone(String),
    /// It is ours but cannot be used (another version): it is written anew.
    Replaced(String),
}

impl Cache {
    /// The fresh entries of the cache at `path` (none when it does not exist yet), and a
    /// warning when it cannot be used: a broken cache costs requests, never the check.
    pub fn open(path: Option<PathBuf>, max_age: Duration) -> (Cache, Option<String>) {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        let mut cache = Cache {
            path,
            entries: BTreeMap::new(),
            now,
            max_age: max_age.as_secs(),
            writable: false,
        };
        let Some(path) = &cache.path else {
            return (cache, None);
        };
        let warning = match read(path) {
            Ok(entries) => {
                cache.entries = entries;
                cache.writable = true;
                None
            }
            Err(Unusable::Replaced(why)) => {
                cache.writable = true;
                Some(format!(
                    "the link cache `{}` {why}: it is ignored, and written anew",
                    path.display()
                ))
            }
            Err(Unusable::LeftAlone(why)) => Some(format!(
                "the link cache `{}` {why}: it is left alone, and the answers are not kept; give \
                 another `--link-cache`",
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

    /// The recent answer of the link `key`, if there is one, and how many seconds ago it was
    /// given.
    pub fn get(&self, key: &str) -> Option<(&Outcome, u64)> {
        self.entries
            .get(key)
            .map(|entry| (&entry.outcome, self.now.saturating_sub(entry.checked)))
    }

    /// Keeps what `key` answered now.
    pub fn put(&mut self, key: &str, outcome: &Outcome) {
        let entry = Entry {
            checked: self.now,
            outcome: outcome.clone(),
        };
        self.entries.insert(key.to_owned(), entry);
    }

    /// Writes the fresh entries back, through a temporary file and a rename; the folder is made
    /// when missing. Nothing is written over a file that is not a cache of ours.
    pub fn save(&self) -> Result<(), Error> {
        let Some(path) = self.path.as_ref().filter(|_| self.writable) else {
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

/// The entries of the cache file: none when it is missing or empty; why not when it is
/// unusable. The file itself is looked at, not what a symbolic link points to: the cache is
/// written by a rename, which would replace the link, and a link may lead anywhere.
fn read(path: &Path) -> Result<BTreeMap<String, Entry>, Unusable> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(err) => {
            let why = crate::error::plain_io(&err, None, false);
            return Err(Unusable::LeftAlone(format!("cannot be read ({why})")));
        }
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Err(Unusable::LeftAlone(
            "is a symbolic link: name the file it points to".to_owned(),
        ));
    }
    if !kind.is_file() {
        return Err(Unusable::LeftAlone(
            "is not a regular file (a folder, a device or a pipe)".to_owned(),
        ));
    }
    if meta.len() == 0 {
        return Ok(BTreeMap::new());
    }
    let bytes = crate::read::bytes(path)
        .map_err(|err| Unusable::LeftAlone(format!("cannot be read ({})", err.reason())))?;
    // The shape first, whatever the version: a file that is not even that is not ours.
    #[derive(Deserialize)]
    struct Shape {
        version: u32,
        #[serde(rename = "links")]
        _links: serde_json::Map<String, serde_json::Value>,
    }
    let shape: Shape = serde_json::from_slice(&bytes)
        .map_err(|err| Unusable::LeftAlone(format!("is not a cache promopack wrote ({err})")))?;
    if shape.version != VERSION {
        return Err(Unusable::Replaced(format!(
            "is of another version ({}, this promopack writes {VERSION})",
            shape.version
        )));
    }
    let file: File = serde_json::from_slice(&bytes).map_err(|err| {
        Unusable::Replaced(format!("holds an entry this promopack cannot read ({err})"))
    })?;
    Ok(file.links)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache_at(dir: &Path) -> PathBuf {
        dir.join("sub").join("links.json")
    }

    #[test]
    fn keeps_answers_and_reads_them_back() {
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
        cache.save().expect("saved");

        let (again, warning) = Cache::open(Some(path), Duration::from_secs(3600));
        assert_eq!(warning, None);
        assert_eq!(
            again.get("https://a.example").map(|a| a.0),
            Some(&Outcome::Ok)
        );
        assert_eq!(again.get("https://c.example").map(|a| a.0), Some(&moved));
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
    fn a_cache_of_another_version_is_written_anew() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("links.json");
        std::fs::write(&path, r#"{"version": 99, "links": {}}"#).expect("written");
        let (cache, warning) = Cache::open(Some(path.clone()), Duration::from_secs(60));
        let warning = warning.expect("a warning");
        assert!(
            warning.contains("is ignored, and written anew"),
            "{warning}"
        );
        cache.save().expect("saved");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(&format!("\"version\": {VERSION}")), "{text}");
    }

    #[test]
    fn a_file_that_is_not_a_cache_is_never_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("packet.toml");
        let packet = "title = \"my case\"\n";
        std::fs::write(&path, packet).expect("written");
        let (mut cache, warning) = Cache::open(Some(path.clone()), Duration::from_secs(60));
        let warning = warning.expect("a warning");
        assert!(warning.contains("is left alone"), "{warning}");
        cache.put("https://a.example", &Outcome::Ok);
        cache.save().expect("nothing to do");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), packet);
    }
}
