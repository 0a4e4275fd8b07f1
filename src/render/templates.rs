//! The templates a packet is rendered with: embedded defaults, any of which a user folder can
//! override by relative name.

use std::path::{Path, PathBuf};

use include_dir::{Dir, DirEntry, include_dir};

use crate::error::Error;

/// The default templates: the `templates/` folder, embedded in the binary at build time.
static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The embedded templates as (name relative to `templates/`, text), sorted by name.
pub fn embedded() -> Vec<(String, &'static str)> {
    fn walk(dir: &'static Dir<'static>, found: &mut Vec<(String, &'static str)>) {
        for entry in dir.entries() {
            match entry {
                DirEntry::Dir(dir) => walk(dir, found),
                DirEntry::File(file) => {
                    let name = file
                        .path()
                        .components()
                        .map(|part| part.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/");
                    // Only text is embedded: the folder is the crate's own.
                    if let Some(text) = file.contents_utf8() {
                        found.push((name, text));
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(&EMBEDDED, &mut found);
    found.sort();
    found
}

/// One template's text and, for a user's override, the file it came from.
#[derive(Debug, Clone)]
pub struct Template {
    pub name: String,
    pub path: Option<PathBuf>,
    pub text: String,
}

/// The embedded templates, with every file under `dir` (if given) added or overriding.
pub fn load(dir: Option<&Path>) -> Result<Vec<Template>, Error> {
    let mut templates: Vec<Template> = embedded()
        .into_iter()
        .map(|(name, text)| Template {
            name,
            path: None,
            text: text.to_owned(),
        })
        .collect();
    let Some(dir) = dir else {
        return Ok(templates);
    };
    let unreadable = |path: &Path, source: std::io::Error| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(dir).map_err(|source| unreadable(dir, source))?;
    if !meta.is_dir() {
        return Err(Error::Usage(format!(
            "--templates `{}` is not a folder",
            dir.display()
        )));
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|err| {
            let path = err.path().unwrap_or(dir).to_path_buf();
            unreadable(&path, err.into())
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let Ok(relative) = path.strip_prefix(dir) else {
            continue;
        };
        let name = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = crate::read::bytes(path)?;
        let text = String::from_utf8(bytes).map_err(|_| Error::Template {
            name: name.clone(),
            path: Some(path.to_path_buf()),
            message: "the file is not UTF-8 text".into(),
            source: None,
        })?;
        let template = Template {
            name,
            path: Some(path.to_path_buf()),
            text,
        };
        match templates.iter_mut().find(|t| t.name == template.name) {
            Some(existing) => *existing = template,
            None => templates.push(template),
        }
    }
    Ok(templates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_templates_are_the_templates_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut on_disk: Vec<(String, String)> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| {
                let name = entry.path().strip_prefix(&root).map(|p| {
                    p.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/")
                });
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                (name.unwrap_or_default(), text)
            })
            .collect();
        on_disk.sort();
        let embedded: Vec<(String, String)> = embedded()
            .into_iter()
            .map(|(name, text)| (name, text.to_owned()))
            .collect();
        assert_eq!(embedded, on_disk);
        assert!(
            embedded
                .iter()
                .any(|(name, _)| name == "partials/activity.html")
        );
    }
}
