//! The templates a packet is rendered with: embedded defaults, any of which a user folder can
//! override by relative name.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// The default templates, embedded in the binary, by their name relative to `templates/`.
pub const EMBEDDED: [(&str, &str); 9] = [
    ("packet.md", include_str!("../templates/packet.md")),
    ("packet.html", include_str!("../templates/packet.html")),
    ("packet.txt", include_str!("../templates/packet.txt")),
    (
        "partials/activity.md",
        include_str!("../templates/partials/activity.md"),
    ),
    (
        "partials/activity.html",
        include_str!("../templates/partials/activity.html"),
    ),
    (
        "partials/numbers.html",
        include_str!("../templates/partials/numbers.html"),
    ),
    (
        "partials/numbers.md",
        include_str!("../templates/partials/numbers.md"),
    ),
    (
        "partials/style.css",
        include_str!("../templates/partials/style.css"),
    ),
    (
        "partials/summary.md",
        include_str!("../templates/partials/summary.md"),
    ),
];

/// One template's text and, for a user's override, the file it came from.
#[derive(Debug, Clone)]
pub struct Template {
    pub name: String,
    pub path: Option<PathBuf>,
    pub text: String,
}

/// The embedded templates, with every file under `dir` (if given) added or overriding.
pub fn load(dir: Option<&Path>) -> Result<Vec<Template>, Error> {
    let mut templates: Vec<Template> = EMBEDDED
        .iter()
        .map(|(name, text)| Template {
            name: (*name).to_owned(),
            path: None,
            text: (*text).to_owned(),
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
        let bytes = std::fs::read(path).map_err(|source| unreadable(path, source))?;
        let text = String::from_utf8(bytes).map_err(|_| Error::Template {
            name: name.clone(),
            path: Some(path.to_path_buf()),
            message: "the file is not UTF-8 text".into(),
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
